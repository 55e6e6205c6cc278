//! The audit page: recent events and a "verify" button.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use maud::Markup;

use super::{Checked, Console, ConsoleResult, CsrfOnly, OrPage as _, Sorting};
use crate::app::AppState;
use crate::sort::{Sort, sort_rows};
use crate::store::{ChainReport, audit};
use crate::views::console::audit::{AUDIT_TABLE, AuditView, audit as page};

/// Events shown on the page.
const SHOWN: u64 = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/audit", get(show))
        .route("/staff/audit/verify", post(verify))
}

async fn load(
    state: &AppState,
    report: Option<ChainReport>,
    sort: Sort,
) -> ConsoleResult<AuditView> {
    let mut v = state
        .db(move |s| {
            s.read(|rx| {
                let total = audit::last_seq(rx)?;
                let mut events = audit::list(rx, total.saturating_sub(SHOWN), 5000)?;
                events.reverse();
                Ok(AuditView {
                    events,
                    total,
                    report,
                    sort,
                })
            })
        })
        .await
        .or_page(state)?;
    sort_rows(&mut v.events, sort, |col, a, b| match col {
        "when" => a.at.cmp(&b.at),
        "who" => a.actor.cmp(&b.actor),
        "what" => a.kind.cmp(&b.kind),
        _ => a.seq.cmp(&b.seq),
    });
    Ok(v)
}

pub async fn show(
    State(state): State<AppState>,
    console: Console,
    sorting: Sorting,
) -> ConsoleResult<Markup> {
    let sort = AUDIT_TABLE.sort_for(sorting.requested(&state, &[AUDIT_TABLE])?);
    let v = load(&state, None, sort).await?;
    Ok(page(&console.chrome(&state), &v))
}

/// Verifying changes nothing, but it is a POST: a button, not a link a crawler follows
/// into a full-chain recomputation.
pub async fn verify(
    State(state): State<AppState>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Markup> {
    let report = state.db(|s| s.read(audit::verify)).await.or_page(&state)?;
    let v = load(&state, Some(report), AUDIT_TABLE.default).await?;
    Ok(page(&console.chrome(&state), &v))
}
