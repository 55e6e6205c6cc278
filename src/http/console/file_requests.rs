//! Console: ask a project's client for files (SPEC 11), through the same operation as
//! the API.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::post;
use serde::Deserialize;
use time::Date;

use super::{Checked, ConsoleError, ConsoleResult, OrPage as _};
use crate::error::AppError;
use crate::ops::file_requests::NewFileRequest;
use crate::state::AppState;

has_csrf!(FileRequestForm);

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/projects/{id}/file_requests", post(create))
}

#[derive(Debug, Deserialize)]
pub struct FileRequestForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    description: Option<String>,
    /// Comma-separated MIME patterns.
    accept: Option<String>,
    /// Largest file in MiB; empty: the server's limit.
    max_mib: Option<String>,
    due_on: Option<String>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn refused(state: &AppState, field: &str, message: &str) -> ConsoleError {
    ConsoleError::from_app(state, AppError::invalid(field, message))
}

pub async fn create(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<FileRequestForm>,
) -> ConsoleResult<Response> {
    let max_bytes = non_empty(f.max_mib)
        .map(|m| {
            m.parse::<u64>()
                .map(|m| m.saturating_mul(1024 * 1024))
                .map_err(|_| refused(&state, "max_mib", "must be a whole number of MiB"))
        })
        .transpose()?;
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let due_on = non_empty(f.due_on)
        .map(|d| Date::parse(&d, fmt))
        .transpose()
        .map_err(|_| refused(&state, "due_on", "must be a date such as 2026-11-30"))?;
    let accept = f
        .accept
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    let new = NewFileRequest {
        title: f.title,
        description: non_empty(f.description),
        milestone_id: None,
        accept,
        max_bytes,
        due_on,
    };
    let (actor, pid) = (console.actor(), id.clone());
    state
        .op(move |s| s.create_file_request(&actor, &pid, new))
        .await
        .or_page(&state)?;
    Ok(Redirect::to(&format!("/staff/projects/{id}#file-requests-h")).into_response())
}
