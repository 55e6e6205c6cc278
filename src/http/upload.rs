//! The upload form both staff front ends accept (`file`, `name?`, `milestone_id?`,
//! `note?`, and the console's `csrf`): its body limit, and one reader that streams the
//! file into an upload sink (never buffering it whole) and hands the rest to
//! [`AppState::add_file_version`].

use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::routing::{MethodRouter, post};

use crate::domain::file_requests::Sniffed;
use crate::error::AppError;
use crate::ops::OpResult;
use crate::ops::file_requests::RequestUpload;
use crate::ops::files::{Upload, UploadSink, Uploaded};
use crate::state::AppState;
use crate::store::{Actor, StoredBlob};

/// Multipart framing and the small text fields on top of the file itself.
const MULTIPART_OVERHEAD: u64 = 1024 * 1024;
/// Longest text field accepted in an upload form.
const MAX_FIELD: usize = 20_000;

/// Request body limit of an upload: the file limit plus the form around it.
#[must_use]
pub fn body_limit(state: &AppState) -> usize {
    usize::try_from(
        state
            .settings
            .max_upload_bytes
            .saturating_add(MULTIPART_OVERHEAD),
    )
    .unwrap_or(usize::MAX)
}

/// A `POST` route for an upload handler, with the upload's body limit.
pub fn route<H, T>(state: &AppState, handler: H) -> MethodRouter<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    post(handler).layer(body_limit_layer(state))
}

/// The body limit of an upload route, as a layer.
pub fn body_limit_layer(state: &AppState) -> DefaultBodyLimit {
    DefaultBodyLimit::max(body_limit(state))
}

/// A check of a form's `csrf` field (the console's uploads); it must come before `file`.
pub type CsrfGuard<'a> = &'a (dyn Fn(&str) -> bool + Send + Sync);

fn csrf_refused() -> AppError {
    AppError::Forbidden("the form's csrf token is missing or wrong".into())
}

fn multipart_error(e: &MultipartError, limit: u64) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge(limit)
    } else {
        AppError::BadRequest(format!("malformed multipart body: {}", e.body_text()))
    }
}

async fn text_field(mut field: Field<'_>, limit: u64) -> OpResult<String> {
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

/// Upload a file (or its next version) to a project: refuse an unknown project before
/// reading the body, read the form (checking `csrf` with `guard` when given), then
/// record the version.
///
/// # Errors
/// 404 for the project; 400 for a malformed body, 413 over the limit, 422 for missing
/// or unknown fields; 403 when `guard` refuses the token or the file comes before it.
pub async fn receive(
    state: &AppState,
    actor: Actor,
    project_id: String,
    form: Multipart,
    guard: Option<CsrfGuard<'_>>,
) -> OpResult<Uploaded> {
    let pid = project_id.clone();
    state.op(move |s| s.check_upload_target(&pid)).await?;
    let upload = read_form(state, form, guard).await?;
    state
        .op(move |s| s.add_file_version(&actor, &project_id, upload))
        .await
}

/// Stream a file field into `sink` and make it durable, with what it sniffed as (when
/// the sink sniffs).
async fn stream_file(
    field: &mut Field<'_>,
    mut sink: UploadSink,
) -> OpResult<(StoredBlob, Option<Sniffed>)> {
    stream_chunks(field, &mut sink).await?;
    sink.finish_sniffed().await
}

/// Feed a file field's chunks to `sink`.
async fn stream_chunks(field: &mut Field<'_>, sink: &mut UploadSink) -> OpResult<()> {
    let limit = sink.limit();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| multipart_error(&e, limit))?
    {
        sink.write(&chunk).await?;
    }
    Ok(())
}

/// Read a client's upload form for a file request (one field, `file`), streaming the
/// file into a sniffing sink that refuses to grow past `max_bytes`. Call it only once
/// the link was found to be allowed to upload there. `refuse` (the request's own
/// judgement of the name and of what the bytes sniffed as) is asked before the bytes
/// are kept, so a refused upload leaves nothing on disk.
///
/// # Errors
/// 400 for a malformed body, 413 past `max_bytes`, 422 without a file or with other
/// fields, and whatever `refuse` says.
pub async fn receive_for_request(
    state: &AppState,
    mut form: Multipart,
    max_bytes: u64,
    refuse: impl Fn(Option<&str>, &Sniffed) -> OpResult<()>,
) -> OpResult<RequestUpload> {
    let mut received = None;
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| multipart_error(&e, max_bytes))?
    {
        if field.name() != Some("file") {
            return Err(AppError::invalid(
                "multipart",
                "the form takes one field, file",
            ));
        }
        if received.is_some() {
            return Err(AppError::invalid("file", "send one file per upload"));
        }
        let file_name = field.file_name().map(str::to_owned);
        let mut sink = state.upload_sink().await?.limited_to(max_bytes).sniffing();
        stream_chunks(&mut field, &mut sink).await?;
        let sniffed = sink.sniffed().unwrap_or(Sniffed::Unknown);
        // Refused: dropping the sink removes its temp file.
        refuse(file_name.as_deref(), &sniffed)?;
        received = Some(RequestUpload {
            blob: sink.finish().await?,
            sniffed,
            file_name,
        });
    }
    received.ok_or_else(|| AppError::invalid("file", "please choose a file to send"))
}

async fn read_form(
    state: &AppState,
    mut form: Multipart,
    guard: Option<CsrfGuard<'_>>,
) -> OpResult<Upload> {
    let limit = state.settings.max_upload_bytes;
    let mut upload = Upload::default();
    let mut guard_passed = guard.is_none();
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| multipart_error(&e, limit))?
    {
        match field.name().unwrap_or_default() {
            "file" => {
                if !guard_passed {
                    return Err(csrf_refused());
                }
                if upload.blob.is_some() {
                    return Err(AppError::invalid("file", "send one file per upload"));
                }
                upload.file_name = field.file_name().map(str::to_owned);
                let sink = state.upload_sink().await?;
                upload.blob = Some(stream_file(&mut field, sink).await?.0);
            }
            "csrf" if guard.is_some() => {
                let token = text_field(field, limit).await?;
                guard_passed = guard.is_some_and(|g| g(&token));
                if !guard_passed {
                    return Err(csrf_refused());
                }
            }
            "name" => upload.name = Some(text_field(field, limit).await?),
            "milestone_id" => upload.milestone_id = Some(text_field(field, limit).await?),
            "note" => upload.note = Some(text_field(field, limit).await?),
            other => {
                return Err(AppError::invalid(
                    "multipart",
                    format!("unknown field {other:?}; expected file, name, milestone_id, note"),
                ));
            }
        }
    }
    if !guard_passed {
        return Err(csrf_refused());
    }
    Ok(upload)
}

/// Longest signature data URL accepted (a PNG of up to 1 MiB, base64).
const MAX_SIGNATURE_FIELD: usize = crate::domain::pod::MAX_SIGNATURE_BYTES / 3 * 4 + 64;

/// A whole file field in memory, refused past `limit` bytes.
async fn bytes_field(field: &mut Field<'_>, limit: u64) -> OpResult<Vec<u8>> {
    let mut buf = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| multipart_error(&e, limit))?
    {
        if (buf.len() + chunk.len()) as u64 > limit {
            return Err(AppError::PayloadTooLarge(limit));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// Read the console's proof-of-delivery form: `csrf` (first), `photos` (any number of
/// files, each within the upload limit; an empty part is no photo), `keep_location`,
/// `signature` (the canvas's PNG data URL) and `signed_by`.
///
/// # Errors
/// 400 for a malformed body, 413 past the limit, 422 for unknown fields or a
/// signature that is no PNG data URL, 403 when `guard` refuses the token.
pub async fn receive_delivery(
    state: &AppState,
    mut form: Multipart,
    guard: CsrfGuard<'_>,
) -> OpResult<crate::ops::delivery::Delivery> {
    let limit = state.settings.max_upload_bytes;
    let mut d = crate::ops::delivery::Delivery::default();
    let mut guard_passed = false;
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| multipart_error(&e, limit))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name != "csrf" && !guard_passed {
            return Err(csrf_refused());
        }
        match name.as_str() {
            "csrf" => {
                let token = text_field(field, limit).await?;
                guard_passed = guard(&token);
                if !guard_passed {
                    return Err(csrf_refused());
                }
            }
            "photos" => {
                let bytes = bytes_field(&mut field, limit).await?;
                if !bytes.is_empty() {
                    d.photos.push(bytes);
                }
            }
            "keep_location" => {
                let v = text_field(field, limit).await?;
                d.keep_location = v == "on" || v == "true";
            }
            "signature" => {
                let bytes = bytes_field(&mut field, MAX_SIGNATURE_FIELD as u64).await?;
                let url = String::from_utf8(bytes)
                    .map_err(|_| AppError::invalid("signature", "must be a PNG data URL"))?;
                if !url.trim().is_empty() {
                    d.signature = Some(
                        crate::domain::pod::signature_data_url(&url)
                            .map_err(|e| AppError::invalid(e.field, e.message))?,
                    );
                }
            }
            "signed_by" => {
                let v = text_field(field, limit).await?;
                d.signed_by = Some(v).filter(|v| !v.trim().is_empty());
            }
            other => {
                return Err(AppError::invalid(
                    "multipart",
                    format!(
                        "unknown field {other:?}; expected photos, keep_location, signature, signed_by"
                    ),
                ));
            }
        }
    }
    if !guard_passed {
        return Err(csrf_refused());
    }
    Ok(d)
}
