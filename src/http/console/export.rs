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
use crate::domain::ids::looks_like_id;
use crate::error::AppError;
use crate::export::{Scope, export_to_temp};
use crate::state::AppState;
use crate::views::console::export as view;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/export", get(page))
        .route("/staff/export/all", post(export_all))
        .route("/staff/clients/{id}/export", post(export_client))
}

pub async fn page(State(state): State<AppState>, console: Console) -> ConsoleResult<Markup> {
    let clients = state.db(|s| s.clients()).await.or_page(&state)?;
    Ok(view::page(&console.chrome(&state), &clients))
}

/// A button, not a link: an export reads the whole record, so it is not something a
/// prefetcher should start.
pub async fn export_all(
    State(state): State<AppState>,
    // Only the check matters: a signed-in staff member, from this site.
    _: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let date = state.clock.now().date();
    download(&state, Scope::All, &format!("porthole-all-{date}.zip")).await
}

pub async fn export_client(
    State(state): State<AppState>,
    Path(id): Path<String>,
    // Only the check matters: a signed-in staff member, from this site.
    _: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    // The id goes into a header: only well-formed ids get that far.
    if !looks_like_id(&id) {
        return Err(ConsoleError::from_app(&state, AppError::NotFound("client")));
    }
    let date = state.clock.now().date();
    let name = format!("porthole-client-{id}-{date}.zip");
    download(&state, Scope::Client(id), &name).await
}

async fn download(state: &AppState, scope: Scope, file_name: &str) -> ConsoleResult<Response> {
    let dir = state.settings.data_dir.join("tmp");
    let (file, _) = state
        .db(move |s| export_to_temp(s, &scope, &dir))
        .await
        .or_page(state)?;
    let internal = |e: std::io::Error| ConsoleError::from_app(state, AppError::internal(e));
    let len = file.metadata().map_err(internal)?.len();
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/zip")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        )
        .header(header::CONTENT_LENGTH, len)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from_stream(ReaderStream::with_capacity(
            tokio::fs::File::from_std(file),
            64 * 1024,
        )))
        .map_err(|e| internal(std::io::Error::other(e)))
}
