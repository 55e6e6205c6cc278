//! `GET /verify` and `POST /verify` (SPEC 14): public, no token, rate limited with the
//! client pages. A receipt's record number and hash come as a GET form (checking changes
//! nothing); a file comes as a multipart POST and is hashed as it streams in, never kept.

use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse as _, Response};
use axum::routing::{MethodRouter, get};
use serde::Deserialize;
use sha2::{Digest as _, Sha256};

use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::views::client::VerifyPage;

pub fn route(state: &AppState) -> MethodRouter<AppState> {
    get(page).merge(crate::http::upload::route(state, file))
}

#[derive(Debug, Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    seq: Option<String>,
    #[serde(default)]
    hash: Option<String>,
}

fn render(state: &AppState, loc: &Locale, status: StatusCode, v: &VerifyPage) -> Response {
    (
        status,
        crate::views::verify(&state.settings.branding, loc, v),
    )
        .into_response()
}

/// The page with the refusal `message` (a bundle message id) above the forms.
fn refused(
    state: &AppState,
    loc: &Locale,
    status: StatusCode,
    message: &str,
    v: VerifyPage,
) -> Response {
    let v = VerifyPage {
        error: Some(loc.t(message)),
        ..v
    };
    render(state, loc, status, &v)
}

pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<VerifyQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let loc = super::visitor_locale(&state.settings, Some(&headers));
    let Ok(Query(q)) = q else {
        return refused(
            &state,
            &loc,
            StatusCode::BAD_REQUEST,
            "verify-malformed",
            VerifyPage::default(),
        );
    };
    let seq = q.seq.unwrap_or_default().trim().to_owned();
    let hash = q.hash.unwrap_or_default().trim().to_owned();
    let form = VerifyPage {
        seq: seq.chars().take(19).collect(),
        hash: hash.chars().take(64).collect(),
        ..VerifyPage::default()
    };
    if seq.is_empty() && hash.is_empty() {
        return render(&state, &loc, StatusCode::OK, &form);
    }
    let Some(n) = seq.parse::<u64>().ok().filter(|n| *n > 0) else {
        return refused(
            &state,
            &loc,
            StatusCode::UNPROCESSABLE_ENTITY,
            "verify-bad-seq",
            form,
        );
    };
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return refused(
            &state,
            &loc,
            StatusCode::UNPROCESSABLE_ENTITY,
            "verify-bad-hash",
            form,
        );
    }
    match state.op(move |s| s.verify_receipt(n, &hash)).await {
        Ok(verdict) => render(
            &state,
            &loc,
            StatusCode::OK,
            &VerifyPage {
                answer: Some(verdict),
                ..form
            },
        ),
        Err(e) => failed(&state, &loc, &e),
    }
}

fn failed(state: &AppState, loc: &Locale, e: &AppError) -> Response {
    tracing::error!(request = %crate::http::access_log::current(), error = %e, "verify failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        crate::views::server_error(&state.settings.branding, loc),
    )
        .into_response()
}

/// The SHA-256 of the form's `file` field, hashed as it streams (nothing kept); `None`
/// when the form has no such field.
async fn sha256_of_file_field(
    multipart: &mut Multipart,
) -> Result<Option<String>, axum::extract::multipart::MultipartError> {
    let mut digest = None;
    while let Some(mut field) = multipart.next_field().await? {
        if field.name() != Some("file") {
            continue;
        }
        let mut hasher = Sha256::new();
        while let Some(chunk) = field.chunk().await? {
            hasher.update(&chunk);
        }
        digest = Some(hex::encode(hasher.finalize()));
    }
    Ok(digest)
}

pub async fn file(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let loc = super::visitor_locale(&state.settings, Some(&headers));
    let Ok(mut multipart) = multipart else {
        return refused(
            &state,
            &loc,
            StatusCode::BAD_REQUEST,
            "verify-choose-file",
            VerifyPage::default(),
        );
    };
    let digest = match sha256_of_file_field(&mut multipart).await {
        Ok(d) => d,
        Err(e) => {
            let (status, message) = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                (StatusCode::PAYLOAD_TOO_LARGE, "verify-file-too-large")
            } else {
                (StatusCode::BAD_REQUEST, "verify-upload-cut")
            };
            return refused(&state, &loc, status, message, VerifyPage::default());
        }
    };
    let Some(sha256) = digest else {
        return refused(
            &state,
            &loc,
            StatusCode::UNPROCESSABLE_ENTITY,
            "verify-choose-file",
            VerifyPage::default(),
        );
    };
    match state.op(move |s| s.verify_file(&sha256)).await {
        Ok(verdict) => render(
            &state,
            &loc,
            StatusCode::OK,
            &VerifyPage {
                answer: Some(verdict),
                ..VerifyPage::default()
            },
        ),
        Err(e) => failed(&state, &loc, &e),
    }
}
