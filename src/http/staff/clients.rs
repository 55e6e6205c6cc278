use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::Client;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::{ClientPatch, NewClient};

pub async fn create(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiJson(new): ApiJson<NewClient>,
) -> ApiResult<(StatusCode, Json<Client>)> {
    let (actor, now) = (auth.actor(), state.clock.now());
    let c = state.db(move |s| s.create_client(&actor, now, new)).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

pub async fn list(State(state): State<AppState>, _auth: StaffAuth) -> ApiResult<Json<Vec<Client>>> {
    Ok(Json(state.db(|s| s.clients()).await?))
}

pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Client>> {
    Ok(Json(state.db(move |s| s.client(&id)).await?))
}

pub async fn update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<ClientPatch>,
) -> ApiResult<Json<Client>> {
    let (actor, now) = (auth.actor(), state.clock.now());
    Ok(Json(
        state
            .db(move |s| s.patch_client(&actor, now, &id, patch))
            .await?,
    ))
}
