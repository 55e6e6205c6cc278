//! `GET /staff`: pending approvals (oldest first), changes requested, unopened links,
//! mail failures (with a retry button) and this month's figures beside last month's.

use std::cmp::Ordering;

use axum::extract::{Path, State};
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::{Router, routing::post};
use maud::Markup;

use super::{Checked, Console, ConsoleResult, CsrfOnly, OrPage as _, Sorting};
use crate::domain::ApprovalStatus;
use crate::domain::mail::MailStatus;
use crate::sort::{sort_rows, text_cmp};
use crate::state::AppState;
use crate::store::{ClientMonths, LinkState, Months, WhichMonth, link_state};
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
    let now = state.clock.now();
    let months = Months::around(now);
    let leeway = state.settings.leeway_seconds;
    let views = state.link_views.clone();
    let mut data = state
        .db(move |s| {
            let mut pending = Vec::new();
            let mut changes_requested = Vec::new();
            let mut unopened = Vec::new();
            let metrics = s.monthly_metrics(now)?;
            let mut activity = Vec::new();
            for client in s.clients()? {
                let months_of = metrics.clients.iter().find(|f| f.client_id == client.id);
                for p in s.client_projects(&client.id)? {
                    for a in s.project_detail(&p.id)?.approvals {
                        let row = |a| ApprovalRow {
                            approval: a,
                            client_name: client.name.clone(),
                            project_name: p.name.clone(),
                        };
                        match a.status {
                            ApprovalStatus::Pending => pending.push(row(a)),
                            ApprovalStatus::ChangesRequested => changes_requested.push(row(a)),
                            ApprovalStatus::Approved | ApprovalStatus::Withdrawn => {}
                        }
                    }
                }
                let mut grants = s.client_grants(&client.id)?;
                // Views counted in memory but not yet flushed count as opened.
                views.overlay(&mut grants);
                let mut sent = [0, 0];
                let mut opened = [0, 0];
                for g in grants {
                    let slot = match months.which(g.issued_at) {
                        Some(WhichMonth::This) => Some(0),
                        Some(WhichMonth::Last) => Some(1),
                        None => None,
                    };
                    if let Some(i) = slot {
                        sent[i] += 1;
                        opened[i] += u64::from(g.views > 0);
                    }
                    if g.views == 0 {
                        let st = link_state(&g, &client, now, leeway);
                        unopened.push(LinkRow {
                            grant: g,
                            client_name: client.name.clone(),
                            state: link_state_label(st),
                        });
                    }
                }
                if let Some(m) = months_of {
                    activity.push(LinkActivity {
                        months: m.clone(),
                        sent,
                        opened,
                    });
                }
            }
            let totals = LinkActivity {
                months: metrics.overall.clone(),
                sent: activity
                    .iter()
                    .fold([0, 0], |t, a| [t[0] + a.sent[0], t[1] + a.sent[1]]),
                opened: activity
                    .iter()
                    .fold([0, 0], |t, a| [t[0] + a.opened[0], t[1] + a.opened[1]]),
            };
            pending.sort_by_key(|r| r.approval.opened_at);
            changes_requested.sort_by_key(|r| r.approval.opened_at);
            unopened.sort_by_key(|l| l.grant.issued_at);
            let counts = (pending.len(), changes_requested.len(), unopened.len());
            pending.truncate(LIST_SHOWN);
            changes_requested.truncate(LIST_SHOWN);
            Ok(Dashboard {
                totals: counts,
                pending,
                changes_requested,
                unopened,
                mail_failures: s.outbox_messages(Some(MailStatus::Failed), MAIL_SHOWN)?,
                figures: metrics.clients,
                overall: metrics.overall,
                activity,
                activity_total: totals,
                months,
                sort: asked,
                today: now.date(),
            })
        })
        .await
        .or_page(&state)?;
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
    let (actor, now) = (console.actor(), state.clock.now());
    state
        .db(move |s| s.retry_message(&actor, now, &id))
        .await
        .or_page(&state)?;
    state.mail.wake();
    Ok(Redirect::to("/staff#mail-h").into_response())
}
