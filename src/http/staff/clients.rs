//! `/clients` and their contacts: extract, call one ops method, answer JSON.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::{Client, Contact};
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::{ClientPatch, ContactInput, ContactPatch, NewClient};

pub async fn create(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiJson(new): ApiJson<NewClient>,
) -> ApiResult<(StatusCode, Json<Client>)> {
    let actor = auth.actor();
    let c = state.op(move |s| s.create_client(&actor, new)).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

pub async fn list(State(state): State<AppState>, _auth: StaffAuth) -> ApiResult<Json<Vec<Client>>> {
    Ok(Json(state.op(|s| s.clients()).await?))
}

pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Client>> {
    Ok(Json(state.op(move |s| s.client(&id)).await?))
}

pub async fn update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<ClientPatch>,
) -> ApiResult<Json<Client>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.patch_client(&actor, &id, patch))
            .await?,
    ))
}

pub async fn add_contact(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> ApiResult<(StatusCode, Json<Contact>)> {
    let actor = auth.actor();
    let c = state
        .op(move |s| s.add_contact(&actor, &client_id, &input))
        .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

pub async fn update_contact(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath((client_id, contact_id)): ApiPath<(String, String)>,
    ApiJson(patch): ApiJson<ContactPatch>,
) -> ApiResult<Json<Contact>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.update_contact(&actor, &client_id, &contact_id, &patch))
            .await?,
    ))
}

pub async fn remove_contact(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath((client_id, contact_id)): ApiPath<(String, String)>,
) -> ApiResult<Json<Contact>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.remove_contact(&actor, &client_id, &contact_id))
            .await?,
    ))
}
