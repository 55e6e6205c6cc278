//! `GET /staff`: pending approvals (oldest first), changes requested, unopened links,
//! mail failures (with a retry button) and this month's figures beside last month's.

use std::cmp::Ordering;

use axum::extract::{Path, State};
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::{Router, routing::post};
use maud::Markup;

use super::{Checked, Console, ConsoleResult, CsrfOnly, OrPage as _, Sorting};
use crate::ops::dashboard::{ApprovalInContext, LinkFigures};
use crate::sort::{sort_rows, text_cmp};
use crate::state::AppState;
use crate::store::{ClientMonths, LinkState};
use crate::views::console::dashboard::{
    ACTIVITY_TABLE, ApprovalRow, Dashboard, FIGURES_TABLE, LIST_SHOWN, LinkActivity, LinkRow,
    MAIL_TABLE, UNOPENED_TABLE, dashboard,
};

/// Failed messages shown (newest first); the API lists all of them.
const MAIL_SHOWN: usize = 100;

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/mail/{id}/retry", post(retry_mail))
}

/// A label for a link's state, as staff read it.
#[must_use]
pub fn link_state_label(s: LinkState) -> &'static str {
    match s {
        LinkState::Live => "live",
        LinkState::Expired => "expired",
        LinkState::Revoked => "revoked",
        LinkState::ContactRemoved => "contact removed",
        LinkState::CutOff => "cut off",
        LinkState::PortalClosed => "portal closed",
    }
}

fn by_option(a: Option<i64>, b: Option<i64>) -> Ordering {
    // "No decision" sorts after every figure, whichever way the column goes up.
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn figures_cmp(col: &str, a: &ClientMonths, b: &ClientMonths) -> Ordering {
    let (at, al, bt, bl) = (&a.this_month, &a.last_month, &b.this_month, &b.last_month);
    match col {
        "pending" => a.pending.cmp(&b.pending),
        "decided" => at.decided.cmp(&bt.decided),
        "decided_last" => al.decided.cmp(&bl.decided),
        "median" => by_option(at.median_seconds_to_decision, bt.median_seconds_to_decision),
        "median_last" => by_option(al.median_seconds_to_decision, bl.median_seconds_to_decision),
        "p90" => by_option(at.p90_seconds_to_decision, bt.p90_seconds_to_decision),
        "p90_last" => by_option(al.p90_seconds_to_decision, bl.p90_seconds_to_decision),
        _ => text_cmp(&a.client_name, &b.client_name),
    }
}

fn activity_cmp(col: &str, a: &LinkActivity, b: &LinkActivity) -> Ordering {
    let (am, bm) = (&a.months, &b.months);
    match col {
        "public" => am
            .this_month
            .public_updates
            .cmp(&bm.this_month.public_updates),
        "public_last" => am
            .last_month
            .public_updates
            .cmp(&bm.last_month.public_updates),
        "internal" => am
            .this_month
            .internal_updates
            .cmp(&bm.this_month.internal_updates),
        "internal_last" => am
            .last_month
            .internal_updates
            .cmp(&bm.last_month.internal_updates),
        "opened" => a.opened[0].cmp(&b.opened[0]),
        "opened_last" => a.opened[1].cmp(&b.opened[1]),
        _ => text_cmp(&am.client_name, &bm.client_name),
    }
}

pub async fn show(
    State(state): State<AppState>,
    console: Console,
    sorting: Sorting,
) -> ConsoleResult<Markup> {
    let tables = [FIGURES_TABLE, ACTIVITY_TABLE, UNOPENED_TABLE, MAIL_TABLE];
    let asked = sorting.requested(&state, &tables)?;
    let d = state
        .op(|s| s.dashboard(MAIL_SHOWN))
        .await
        .or_page(&state)?;
    let approval_row = |r: ApprovalInContext| ApprovalRow {
        approval: r.approval,
        client_name: r.client_name,
        project_name: r.project_name,
    };
    let activity = |a: LinkFigures| LinkActivity {
        months: a.months,
        sent: a.sent,
        opened: a.opened,
    };
    let mut data = Dashboard {
        totals: (d.pending.len(), d.changes_requested.len(), d.unopened.len()),
        pending: d
            .pending
            .into_iter()
            .take(LIST_SHOWN)
            .map(approval_row)
            .collect(),
        changes_requested: d
            .changes_requested
            .into_iter()
            .take(LIST_SHOWN)
            .map(approval_row)
            .collect(),
        unopened: d
            .unopened
            .into_iter()
            .map(|l| LinkRow {
                grant: l.grant,
                client_name: l.client_name,
                state: link_state_label(l.state),
            })
            .collect(),
        mail_failures: d.mail_failures,
        figures: d.figures,
        overall: d.overall,
        activity: d.activity.into_iter().map(activity).collect(),
        activity_total: activity(d.activity_total),
        months: d.months,
        sort: asked,
        today: d.now.date(),
    };
    sort_rows(
        &mut data.figures,
        FIGURES_TABLE.sort_for(asked),
        figures_cmp,
    );
    sort_rows(
        &mut data.activity,
        ACTIVITY_TABLE.sort_for(asked),
        activity_cmp,
    );
    sort_rows(
        &mut data.unopened,
        UNOPENED_TABLE.sort_for(asked),
        |col, a, b| match col {
            "contact" => text_cmp(&a.grant.contact.name, &b.grant.contact.name),
            "link_client" => text_cmp(&a.client_name, &b.client_name),
            "expires" => a.grant.expires_at.cmp(&b.grant.expires_at),
            _ => a.grant.issued_at.cmp(&b.grant.issued_at),
        },
    );
    // Cut after sorting, so that a sort by any column is over every unopened link.
    data.unopened.truncate(LIST_SHOWN);
    sort_rows(
        &mut data.mail_failures,
        MAIL_TABLE.sort_for(asked),
        |col, a, b| match col {
            "to" => text_cmp(&a.to, &b.to),
            "subject" => text_cmp(&a.subject, &b.subject),
            "attempts" => a.attempts.cmp(&b.attempts),
            _ => a.queued_at.cmp(&b.queued_at),
        },
    );
    Ok(dashboard(&console.chrome(&state), &data))
}

/// Send a failed message again now (the mail sender is woken at once).
pub async fn retry_mail(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let actor = console.actor();
    state
        .op(move |s| s.send_again(&actor, &id))
        .await
        .or_page(&state)?;
    Ok(Redirect::to("/staff#mail-h").into_response())
}
