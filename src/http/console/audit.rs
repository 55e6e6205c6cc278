//! The audit page: recent events and a "verify" button.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::Markup;
use serde::Deserialize;

use super::{Console, ConsoleResult, OrPage as _};
use crate::app::AppState;
use crate::store::{ChainReport, audit};
use crate::views::console::audit::{AuditView, audit as page};

/// Events shown on the page.
const SHOWN: u64 = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/audit", get(show))
        .route("/staff/audit/verify", post(verify))
}

async fn load(state: &AppState, report: Option<ChainReport>) -> ConsoleResult<AuditView> {
    state
        .db(move |s| {
            s.read(|rx| {
                let total = audit::last_seq(rx)?;
                let mut events = audit::list(rx, total.saturating_sub(SHOWN), 5000)?;
                events.reverse();
                Ok(AuditView {
                    events,
                    total,
                    report,
                })
            })
        })
        .await
        .or_page(state)
}

pub async fn show(State(state): State<AppState>, console: Console) -> ConsoleResult<Markup> {
    let v = load(&state, None).await?;
    Ok(page(&console.chrome(&state), &v))
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// Verifying changes nothing, but it is a POST: a button, not a link a crawler follows
/// into a full-chain recomputation.
pub async fn verify(
    State(state): State<AppState>,
    console: Console,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> ConsoleResult<Markup> {
    console.check(&state, &headers, &f.csrf)?;
    let report = state.db(|s| s.read(audit::verify)).await.or_page(&state)?;
    let v = load(&state, Some(report)).await?;
    Ok(page(&console.chrome(&state), &v))
}
