//! File uploads (multipart, streamed to the blob store, never buffered whole; see
//! `http::upload`) and file visibility.

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use serde::Deserialize;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::FileRecord;
use crate::error::ApiResult;
use crate::ops::files::Uploaded;
use crate::state::AppState;

/// Upload a file; the same name again adds its next version.
#[utoipa::path(post, path = "/projects/{id}/files", tag = "files", params(("id" = String, Path, description = "project id")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, description = "The file and the version just added", body = Uploaded)))]
pub async fn upload(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<Uploaded>)> {
    let uploaded =
        crate::http::upload::receive(&state, auth.actor(), project_id, form, None).await?;
    Ok((StatusCode::CREATED, Json(uploaded)))
}

/// A file with its versions.
#[utoipa::path(get, path = "/files/{id}", tag = "files", params(("id" = String, Path, description = "file id")),
    responses((status = 200, description = "The file", body = FileRecord)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FileRecord>> {
    Ok(Json(state.op(move |s| s.file_record(&id)).await?))
}

/// The multipart form of an upload (documentation; the handler streams it).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file's bytes.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The name to file it under; default: the sent file's name.
    name: Option<String>,
    milestone_id: Option<String>,
    /// A note on this version.
    note: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FilePatch {
    client_visible: bool,
}

/// Show a file to the client or hide it.
#[utoipa::path(patch, path = "/files/{id}", tag = "files", params(("id" = String, Path, description = "file id")),
    request_body = FilePatch,
    responses((status = 200, description = "The file", body = FileRecord)))]
pub async fn update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<FilePatch>,
) -> ApiResult<Json<FileRecord>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.set_file_visibility(&actor, &id, patch.client_visible))
            .await?,
    ))
}
