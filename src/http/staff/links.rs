//! Client links: issue (the URL is shown once), list, revoke, cut off.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use axum::response::Response;

use super::paging::{PageParams, PageQuery};
use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::{Client, LinkGrant};
use crate::error::ApiResult;
use crate::ops::{IssueLink, IssuedLink};
use crate::state::AppState;

/// Issue a link to a contact; its URL holds the token and is shown this once.
#[utoipa::path(post, path = "/clients/{id}/links", tag = "links", params(("id" = String, Path, description = "client id")),
    request_body = IssueLink,
    responses((status = 201, description = "The link", body = IssuedLink)))]
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

/// A client's links, a page at a time, in grant id order.
#[utoipa::path(get, path = "/clients/{id}/links", tag = "links", params(("id" = String, Path, description = "client id"), PageParams),
    responses((status = 200, description = "A page of links", body = Vec<LinkGrant>,
        headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
    q: PageQuery,
) -> ApiResult<Response> {
    let page = q.page.clone();
    Ok(q.respond(state.op(move |s| s.client_links(&client_id, &page)).await?))
}

/// One link (never its token).
#[utoipa::path(get, path = "/links/{grant_id}", tag = "links",
    params(("grant_id" = String, Path, description = "grant id")),
    responses((status = 200, description = "The link", body = LinkGrant)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(grant_id): ApiPath<String>,
) -> ApiResult<Json<LinkGrant>> {
    Ok(Json(state.op(move |s| s.link(&grant_id)).await?))
}

/// Revoke a link, for good.
#[utoipa::path(delete, path = "/links/{grant_id}", tag = "links",
    params(("grant_id" = String, Path, description = "grant id")),
    responses((status = 200, description = "The revoked link", body = LinkGrant)))]
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

/// End every link of a client issued before now.
#[utoipa::path(post, path = "/clients/{id}/links/cutoff", tag = "links", params(("id" = String, Path, description = "client id")),
    responses((status = 200, description = "The client with its cut-off time", body = Client)))]
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
