//! `GET /staff/approvals/{id}/receipt`: every decision on an approval with its evidence,
//! checked against the audit event it names and the whole chain, ready to print.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use maud::Markup;

use super::{Console, ConsoleResult, OrPage as _};
use crate::state::AppState;
use crate::views::console::receipt::receipt;

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/approvals/{id}/receipt", get(show))
}

async fn show(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> ConsoleResult<Markup> {
    let v = state
        .op(move |s| s.approval_receipt(&id))
        .await
        .or_page(&state)?;
    Ok(receipt(&console.chrome(&state), &v))
}
