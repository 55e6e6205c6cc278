//! Client requests for staff (SPEC 11): list a client's, read one with its whole thread,
//! reply (publicly or internally), move its status along.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use axum::response::Response;

use super::paging::{PageParams, PageQuery};
use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::{ClientRequest, RequestReply};
use crate::error::ApiResult;
use crate::ops::requests::{NewReply, RequestPatch};
use crate::state::AppState;
use crate::store::requests::RequestThread;

/// A client's requests, a page at a time, in id order.
#[utoipa::path(get, path = "/clients/{id}/requests", tag = "requests", params(("id" = String, Path, description = "client id"), PageParams),
    responses((status = 200, description = "A page of requests", body = Vec<ClientRequest>, headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn list_for_client(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
    q: PageQuery,
) -> ApiResult<Response> {
    let page = q.page.clone();
    Ok(q.respond(
        state
            .op(move |s| s.client_requests_page(&client_id, &page))
            .await?,
    ))
}

/// A request with its whole thread, internal replies included.
#[utoipa::path(get, path = "/requests/{id}", tag = "requests", params(("id" = String, Path, description = "request id")),
    responses((status = 200, description = "The request and its replies", body = RequestThread)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<RequestThread>> {
    Ok(Json(state.op(move |s| s.request_thread(&id)).await?))
}

/// Reply to a request (`internal` replies never reach the client).
#[utoipa::path(post, path = "/requests/{id}/replies", tag = "requests", params(("id" = String, Path, description = "request id")),
    request_body = NewReply,
    responses((status = 201, description = "The reply", body = RequestReply)))]
pub async fn reply(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(new): ApiJson<NewReply>,
) -> ApiResult<(StatusCode, Json<RequestReply>)> {
    let actor = auth.actor();
    let r = state.op(move |s| s.staff_reply(&actor, &id, new)).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// Move a request along: `open`, `in_progress`, `waiting_on_client`, `done`.
#[utoipa::path(patch, path = "/requests/{id}", tag = "requests", params(("id" = String, Path, description = "request id")),
    request_body = RequestPatch,
    responses((status = 200, description = "The request", body = ClientRequest)))]
pub async fn update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<RequestPatch>,
) -> ApiResult<Json<ClientRequest>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.set_request_status(&actor, &id, &patch))
            .await?,
    ))
}
