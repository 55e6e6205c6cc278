//! Export from the console: one client or everything as a `.zip` download. The archive
//! is written to an unnamed temp file under the data dir, then streamed from it; the
//! file vanishes when the download ends (or fails).

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use maud::Markup;
use tokio_util::io::ReaderStream;

use super::{Checked, Console, ConsoleError, ConsoleResult, CsrfOnly, OrPage as _};
use crate::error::AppError;
use crate::export::Scope;
use crate::state::AppState;
use crate::views::console::export as view;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/export", get(page))
        .route("/staff/export/all", post(export_all))
        .route("/staff/clients/{id}/export", post(export_client))
}

pub async fn page(State(state): State<AppState>, console: Console) -> ConsoleResult<Markup> {
    let clients = state.op(AppState::export_choices).await.or_page(&state)?;
    Ok(view::page(&console.chrome(&state), &clients))
}

/// A button, not a link: an export reads the whole record, so it is not something a
/// prefetcher should start.
pub async fn export_all(
    State(state): State<AppState>,
    // Only the check matters: a signed-in staff member, from this site.
    _: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    download(&state, Scope::All).await
}

pub async fn export_client(
    State(state): State<AppState>,
    Path(id): Path<String>,
    // Only the check matters: a signed-in staff member, from this site.
    _: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    download(&state, Scope::Client(id)).await
}

async fn download(state: &AppState, scope: Scope) -> ConsoleResult<Response> {
    let archive = state
        .op(move |s| s.export_archive(scope))
        .await
        .or_page(state)?;
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/zip")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", archive.file_name),
        )
        .header(header::CONTENT_LENGTH, archive.len)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from_stream(ReaderStream::with_capacity(
            tokio::fs::File::from_std(archive.file),
            64 * 1024,
        )))
        .map_err(|e| ConsoleError::from_app(state, AppError::internal(e)))
}
