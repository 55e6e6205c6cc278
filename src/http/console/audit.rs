//! The audit page: the chain's newest events, filtered and sorted, and a "verify" button.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;
use time::Date;

use super::{
    Checked, Console, ConsoleError, ConsoleResult, CsrfOnly, OrPage as _, PageQuery, Sorting,
};
use crate::domain::audit_filter::AuditFilter;
use crate::sort::{Sort, sort_rows};
use crate::state::AppState;
use crate::store::ChainReport;
use crate::views::console::audit::{AUDIT_TABLE, AuditView, audit as page};

/// Events shown on the page.
const SHOWN: usize = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/audit", get(show))
        .route("/staff/audit/verify", post(verify))
}

/// The filter form's fields as they arrive (`sort`/`dir` are read by [`Sorting`]).
#[derive(Debug, Default, Deserialize)]
pub struct FilterQuery {
    kind: Option<String>,
    actor: Option<String>,
    subject: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// Longest filter text accepted.
const MAX_FILTER: usize = 200;

impl FilterQuery {
    fn parse(self, state: &AppState) -> ConsoleResult<AuditFilter> {
        let bad = |msg: &str| ConsoleError::new(state, StatusCode::BAD_REQUEST, msg);
        let text = |v: Option<String>| -> ConsoleResult<Option<String>> {
            match v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
                Some(s) if s.chars().count() > MAX_FILTER => {
                    Err(bad("A filter is longer than 200 characters."))
                }
                other => Ok(other),
            }
        };
        let day = |v: Option<String>, name: &str| -> ConsoleResult<Option<Date>> {
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            text(v)?
                .map(|d| Date::parse(&d, fmt))
                .transpose()
                .map_err(|_| bad(&format!("\"{name}\" must be a date such as 2026-11-30.")))
        };
        Ok(AuditFilter {
            kind: text(self.kind)?,
            actor: text(self.actor)?,
            subject: text(self.subject)?,
            from: day(self.from, "From")?,
            to: day(self.to, "To")?,
        })
    }
}

async fn load(
    state: &AppState,
    report: Option<ChainReport>,
    sort: Sort,
    filter: AuditFilter,
) -> ConsoleResult<AuditView> {
    let shown_filter = filter.clone();
    let recent = state
        .op(move |s| s.recent_audit(&shown_filter, SHOWN))
        .await
        .or_page(state)?;
    let mut v = AuditView {
        events: recent.events,
        total: recent.total,
        report,
        sort,
        filter,
        actor_names: recent.actor_names,
    };
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
    PageQuery(query): PageQuery<FilterQuery>,
) -> ConsoleResult<Markup> {
    let sort = AUDIT_TABLE.sort_for(sorting.requested(&state, &[AUDIT_TABLE])?);
    let filter = query.parse(&state)?;
    let v = load(&state, None, sort, filter).await?;
    Ok(page(&console.chrome(&state), &v))
}

/// Verifying changes nothing, but it is a POST: a button, not a link a crawler follows
/// into a full-chain recomputation.
pub async fn verify(
    State(state): State<AppState>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Markup> {
    let report = state
        .op(AppState::verify_audit_chain)
        .await
        .or_page(&state)?;
    let v = load(
        &state,
        Some(report),
        AUDIT_TABLE.default,
        AuditFilter::default(),
    )
    .await?;
    Ok(page(&console.chrome(&state), &v))
}
