//! `GET /p/{token}/files/{file_id}/{n}/preview/{page}`: a rendered page of a version,
//! shown inline as an image that can do nothing else (sandboxed, never sniffed); 404
//! outside the link and while the preview is not ready.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};

use super::error::client_error;
use super::link::LinkContext;
use crate::error::AppError;
use crate::state::AppState;

/// Kept by the browser a little while: a preview never changes, but the link that shows
/// it may be revoked.
const CACHE: &str = "private, max-age=300";
const CSP: &str = "sandbox; default-src 'none'";

pub async fn preview(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: LinkContext,
    Path((_token, file_id, n, page)): Path<(String, String, String, String)>,
) -> Response {
    let (Ok(n), Ok(page)) = (n.parse::<u32>(), page.parse::<u32>()) else {
        return super::generic_not_found(&state.settings, Some(&headers));
    };
    if !crate::domain::ids::looks_like_id(&file_id) {
        return super::generic_not_found(&state.settings, Some(&headers));
    }
    let link = ctx.link.clone();
    let found = state
        .op(move |s| s.portal_preview(&link, &file_id, n, page))
        .await;
    let path = match found {
        Ok(path) => path,
        Err(e) => return client_error(&state, e, None, &ctx.loc),
    };
    // The file name is `<page>.png` in a directory named by the version's SHA-256.
    let etag = path
        .parent()
        .and_then(|d| d.file_name())
        .map(|sha| format!("\"{}-{page}\"", sha.to_string_lossy()))
        .unwrap_or_default();
    let fixed = [
        (header::CONTENT_TYPE, "image/png"),
        (header::CONTENT_DISPOSITION, "inline"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::CACHE_CONTROL, CACHE),
    ];
    let etag_value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    if !etag.is_empty() && crate::http::negotiate::none_match(&headers, &[&etag]) {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        r.headers_mut().insert(header::ETAG, etag_value);
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE));
        return r;
    }
    match tokio::fs::read(&path).await {
        Ok(bytes) => {
            let mut r = (fixed, bytes).into_response();
            r.headers_mut().insert(header::ETAG, etag_value);
            r
        }
        Err(e) => client_error(&state, AppError::internal(e), None, &ctx.loc),
    }
}
