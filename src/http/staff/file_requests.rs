//! File requests (SPEC 11): staff ask a project's client for files and read what came.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use axum::response::Response;

use super::paging::{PageParams, PageQuery};
use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::FileRequest;
use crate::error::ApiResult;
use crate::ops::file_requests::NewFileRequest;
use crate::state::AppState;

/// `POST /projects/{id}/file_requests`: 201 with the request.
#[utoipa::path(post, path = "/projects/{id}/file_requests", tag = "file_requests",
    params(("id" = String, Path, description = "project id")), request_body = NewFileRequest,
    responses((status = 201, description = "The file request", body = FileRequest)))]
pub async fn create(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewFileRequest>,
) -> ApiResult<(StatusCode, Json<FileRequest>)> {
    let actor = auth.actor();
    let r = state
        .op(move |s| s.create_file_request(&actor, &project_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// `GET /file_requests/{id}`: the request with its uploads.
#[utoipa::path(get, path = "/file_requests/{id}", tag = "file_requests",
    params(("id" = String, Path, description = "file request id")),
    responses((status = 200, description = "The file request and its uploads", body = FileRequest)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FileRequest>> {
    Ok(Json(state.op(move |s| s.file_request(&id)).await?))
}

/// `GET /projects/{id}/file_requests`: a project's requests, a page at a time, in id
/// order.
#[utoipa::path(get, path = "/projects/{id}/file_requests", tag = "file_requests",
    params(("id" = String, Path, description = "project id"), PageParams),
    responses((status = 200, description = "A page of file requests", body = Vec<FileRequest>,
        headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    q: PageQuery,
) -> ApiResult<Response> {
    let page = q.page.clone();
    Ok(q.respond(
        state
            .op(move |s| s.project_file_requests_page(&project_id, &page))
            .await?,
    ))
}
