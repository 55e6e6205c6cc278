//! Client links: issue (the URL is shown once), list, revoke, cut off.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::{Client, LinkGrant};
use crate::error::ApiResult;
use crate::ops::{IssueLink, IssuedLink};
use crate::state::AppState;

pub async fn issue(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
    ApiJson(req): ApiJson<IssueLink>,
) -> ApiResult<(StatusCode, Json<IssuedLink>)> {
    let actor = auth.actor();
    let link = state
        .op(move |s| s.issue_link(&actor, &client_id, &req))
        .await?;
    Ok((StatusCode::CREATED, Json(link)))
}

pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
) -> ApiResult<Json<Vec<LinkGrant>>> {
    Ok(Json(state.op(move |s| s.client_links(&client_id)).await?))
}

pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(grant_id): ApiPath<String>,
) -> ApiResult<Json<LinkGrant>> {
    Ok(Json(state.op(move |s| s.link(&grant_id)).await?))
}

pub async fn revoke(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(grant_id): ApiPath<String>,
) -> ApiResult<Json<LinkGrant>> {
    let actor = auth.actor();
    Ok(Json(
        state.op(move |s| s.revoke_link(&actor, &grant_id)).await?,
    ))
}

pub async fn cutoff(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
) -> ApiResult<Json<Client>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.cut_off_links(&actor, &client_id))
            .await?,
    ))
}
