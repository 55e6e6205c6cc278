//! File uploads (multipart, streamed to the blob store, never buffered whole) and file
//! visibility.

use axum::Json;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::routing::{MethodRouter, post};
use serde::{Deserialize, Serialize};

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::{FileRecord, FileVersion};
use crate::error::{ApiResult, AppError};
use crate::state::AppState;
use crate::store::NewFileVersion;

/// Multipart framing and the small text fields on top of the file itself.
const MULTIPART_OVERHEAD: u64 = 1024 * 1024;
/// Longest text field accepted in an upload form.
const MAX_FIELD: usize = 20_000;

/// Request body limit of an upload: the file limit plus the form around it.
#[must_use]
pub fn upload_body_limit(state: &AppState) -> usize {
    usize::try_from(
        state
            .settings
            .max_upload_bytes
            .saturating_add(MULTIPART_OVERHEAD),
    )
    .unwrap_or(usize::MAX)
}

pub fn upload_route(state: &AppState) -> MethodRouter<AppState> {
    post(upload).layer(DefaultBodyLimit::max(upload_body_limit(state)))
}

#[derive(Debug, Serialize)]
pub struct Uploaded {
    #[serde(flatten)]
    file: FileRecord,
    version: FileVersion,
}

fn multipart_error(e: &MultipartError, limit: u64) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge(limit)
    } else {
        AppError::BadRequest(format!("malformed multipart body: {}", e.body_text()))
    }
}

async fn text_field(mut field: Field<'_>, limit: u64) -> ApiResult<String> {
    let mut buf = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| multipart_error(&e, limit))?
    {
        buf.extend_from_slice(&chunk);
        if buf.len() > MAX_FIELD {
            return Err(AppError::invalid("multipart", "a text field is too long"));
        }
    }
    String::from_utf8(buf).map_err(|_| AppError::invalid("multipart", "text fields must be UTF-8"))
}

/// A check of a form's `csrf` field (the console's uploads); it must come before `file`.
pub type CsrfGuard<'a> = &'a (dyn Fn(&str) -> bool + Send + Sync);

/// Read an upload form (`file`, `name?`, `milestone_id?`, `note?`, and `csrf` when
/// `guard` is given), streaming the file into the blob store, never buffering it whole.
/// The caller checks that the project exists first and records the version after.
///
/// # Errors
/// 400 for a malformed body, 413 over the limit, 422 for missing or unknown fields,
/// 403 when `guard` refuses the token or the file comes before it.
pub async fn receive_upload(
    state: &AppState,
    mut form: Multipart,
    guard: Option<CsrfGuard<'_>>,
) -> ApiResult<NewFileVersion> {
    let limit = state.settings.max_upload_bytes;
    let (mut name, mut milestone_id, mut note) = (None, None, None);
    let mut blob = None;
    let mut upload_name = None;
    let mut guard_passed = guard.is_none();
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| multipart_error(&e, limit))?
    {
        match field.name().unwrap_or_default() {
            "file" => {
                if !guard_passed {
                    return Err(AppError::Forbidden(
                        "the form's csrf token is missing or wrong".into(),
                    ));
                }
                if blob.is_some() {
                    return Err(AppError::invalid("file", "send one file per upload"));
                }
                upload_name = field.file_name().map(str::to_owned);
                let mut writer = state
                    .store
                    .blobs()
                    .writer()
                    .await
                    .map_err(AppError::internal)?;
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|e| multipart_error(&e, limit))?
                {
                    if writer.size() + chunk.len() as u64 > limit {
                        return Err(AppError::PayloadTooLarge(limit));
                    }
                    writer.write(&chunk).await.map_err(AppError::internal)?;
                }
                blob = Some(writer.finish().await.map_err(AppError::internal)?);
            }
            "csrf" if guard.is_some() => {
                let token = text_field(field, limit).await?;
                guard_passed = guard.is_some_and(|g| g(&token));
                if !guard_passed {
                    return Err(AppError::Forbidden(
                        "the form's csrf token is missing or wrong".into(),
                    ));
                }
            }
            "name" => name = Some(text_field(field, limit).await?),
            "milestone_id" => {
                milestone_id =
                    Some(text_field(field, limit).await?).filter(|s| !s.trim().is_empty())
            }
            "note" => note = Some(text_field(field, limit).await?),
            other => {
                return Err(AppError::invalid(
                    "multipart",
                    format!("unknown field {other:?}; expected file, name, milestone_id, note"),
                ));
            }
        }
    }
    if !guard_passed {
        return Err(AppError::Forbidden(
            "the form's csrf token is missing or wrong".into(),
        ));
    }
    let blob = blob.ok_or_else(|| AppError::invalid("file", "is required"))?;
    let name = name
        .filter(|n| !n.trim().is_empty())
        .or(upload_name)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| {
            AppError::invalid("name", "is required (or send a filename with the file)")
        })?;
    let content_type = mime_guess::from_path(&name)
        .first_or_octet_stream()
        .essence_str()
        .to_owned();
    Ok(NewFileVersion {
        name,
        milestone_id,
        note,
        content_type,
        blob,
    })
}

pub async fn upload(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<Uploaded>)> {
    // Refuse early for an unknown project, before reading a large body.
    let pid = project_id.clone();
    state
        .db(move |s| s.project_detail(&pid).map(|_| ()))
        .await?;
    let new = receive_upload(&state, form, None).await?;
    let (actor, now) = (auth.actor(), state.clock.now());
    let (file, version) = state
        .db(move |s| s.add_file_version(&actor, now, &project_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(Uploaded { file, version })))
}

pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FileRecord>> {
    Ok(Json(state.db(move |s| s.file(&id)).await?))
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
    let (actor, now) = (auth.actor(), state.clock.now());
    Ok(Json(
        state
            .db(move |s| s.set_file_visibility(&actor, now, &id, patch.client_visible))
            .await?,
    ))
}
