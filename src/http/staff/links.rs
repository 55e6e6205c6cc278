use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::{ApiJson, StaffAuth};
use crate::app::AppState;
use crate::domain::{Client, LinkGrant};
use crate::error::ApiResult;
use crate::ops::{IssueLink, IssuedLink};

pub async fn issue(
    State(state): State<AppState>,
    auth: StaffAuth,
    Path(client_id): Path<String>,
    ApiJson(req): ApiJson<IssueLink>,
) -> ApiResult<(StatusCode, Json<IssuedLink>)> {
    let actor = auth.actor();
    let st = state.clone();
    let link = state
        .db(move |_| st.issue_link(&actor, &client_id, &req))
        .await?;
    Ok((StatusCode::CREATED, Json(link)))
}

pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    Path(client_id): Path<String>,
) -> ApiResult<Json<Vec<LinkGrant>>> {
    Ok(Json(state.db(move |s| s.client_grants(&client_id)).await?))
}

pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    Path(grant_id): Path<String>,
) -> ApiResult<Json<LinkGrant>> {
    Ok(Json(state.db(move |s| s.grant(&grant_id)).await?))
}

pub async fn revoke(
    State(state): State<AppState>,
    auth: StaffAuth,
    Path(grant_id): Path<String>,
) -> ApiResult<Json<LinkGrant>> {
    let (actor, now) = (auth.actor(), state.clock.now());
    Ok(Json(
        state
            .db(move |s| s.revoke_grant(&actor, now, &grant_id))
            .await?,
    ))
}

pub async fn cutoff(
    State(state): State<AppState>,
    auth: StaffAuth,
    Path(client_id): Path<String>,
) -> ApiResult<Json<Client>> {
    let (actor, now) = (auth.actor(), state.clock.now());
    Ok(Json(
        state
            .db(move |s| s.cutoff_client_links(&actor, now, &client_id))
            .await?,
    ))
}
