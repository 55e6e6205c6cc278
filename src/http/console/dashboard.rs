//! `GET /staff`: pending approvals (oldest first), changes requested, unopened links and
//! approval figures.

use axum::extract::State;
use maud::Markup;

use super::{Console, ConsoleResult, OrPage as _};
use crate::app::AppState;
use crate::domain::ApprovalStatus;
use crate::store::{LinkState, link_state};
use crate::views::console::dashboard::{ApprovalRow, Dashboard, LinkRow, dashboard};

/// A label for a link's state, as staff read it.
#[must_use]
pub fn link_state_label(s: LinkState) -> &'static str {
    match s {
        LinkState::Live => "live",
        LinkState::Expired => "expired",
        LinkState::Revoked => "revoked",
        LinkState::CutOff => "cut off",
        LinkState::PortalClosed => "portal closed",
    }
}

pub async fn show(State(state): State<AppState>, console: Console) -> ConsoleResult<Markup> {
    let now = state.clock.now();
    let leeway = state.settings.leeway_seconds;
    let data = state
        .db(move |s| {
            let mut pending = Vec::new();
            let mut changes_requested = Vec::new();
            let mut unopened = Vec::new();
            for client in s.clients()? {
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
                for g in s.client_grants(&client.id)? {
                    if g.views == 0 {
                        let st = link_state(&g, &client, now, leeway);
                        unopened.push(LinkRow {
                            grant: g,
                            client_name: client.name.clone(),
                            state: link_state_label(st),
                        });
                    }
                }
            }
            pending.sort_by_key(|r| r.approval.opened_at);
            changes_requested.sort_by_key(|r| r.approval.opened_at);
            unopened.sort_by_key(|l| l.grant.issued_at);
            Ok(Dashboard {
                pending,
                changes_requested,
                unopened,
                metrics: s.approval_metrics()?,
                today: now.date(),
            })
        })
        .await
        .or_page(&state)?;
    Ok(dashboard(&console.chrome(&state), &data))
}
