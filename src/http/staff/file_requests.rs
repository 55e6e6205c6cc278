//! File requests (SPEC 11): staff ask a project's client for files and read what came.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::FileRequest;
use crate::error::ApiResult;
use crate::ops::file_requests::NewFileRequest;
use crate::state::AppState;

/// `POST /projects/{id}/file_requests`: 201 with the request.
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
pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FileRequest>> {
    Ok(Json(state.op(move |s| s.file_request(&id)).await?))
}

/// `GET /projects/{id}/file_requests`: a project's requests, oldest first.
pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
) -> ApiResult<Json<Vec<FileRequest>>> {
    Ok(Json(
        state
            .op(move |s| s.project_file_requests(&project_id))
            .await?,
    ))
}
