//! File uploads (multipart, streamed to the blob store, never buffered whole; see
//! `http::upload`) and file visibility.

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::routing::MethodRouter;
use serde::Deserialize;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::FileRecord;
use crate::error::ApiResult;
use crate::ops::files::Uploaded;
use crate::state::AppState;

pub fn upload_route(state: &AppState) -> MethodRouter<AppState> {
    crate::http::upload::route(state, upload)
}

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

pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FileRecord>> {
    Ok(Json(state.op(move |s| s.file_record(&id)).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePatch {
    client_visible: bool,
}

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
