//! What needs staff attention, gathered for the console's front page: approvals waiting
//! on clients, links never opened, mail that failed, and this month's figures beside
//! last month's.

use time::OffsetDateTime;

use super::OpResult;
use crate::domain::mail::{MailStatus, OutboxMessage};
use crate::domain::{Approval, ApprovalStatus, LinkGrant};
use crate::state::AppState;
use crate::store::{ClientMonths, LinkState, Months, WhichMonth, link_state};

/// An approval with the names of its client and project.
#[derive(Debug, Clone)]
pub struct ApprovalInContext {
    pub approval: Approval,
    pub client_name: String,
    pub project_name: String,
}

/// A link nobody opened yet, with its client and where it stands.
#[derive(Debug, Clone)]
pub struct UnopenedLink {
    pub grant: LinkGrant,
    pub client_name: String,
    pub state: LinkState,
}

/// One client's updates (from its monthly figures) and links sent and opened
/// (`[this month, last month]`, by the month the link was sent).
#[derive(Debug, Clone)]
pub struct LinkFigures {
    pub months: ClientMonths,
    pub sent: [u64; 2],
    pub opened: [u64; 2],
}

/// The dashboard's data, read at one moment.
#[derive(Debug, Clone)]
pub struct DashboardData {
    /// Oldest first.
    pub pending: Vec<ApprovalInContext>,
    /// Oldest first.
    pub changes_requested: Vec<ApprovalInContext>,
    /// Oldest first.
    pub unopened: Vec<UnopenedLink>,
    /// Newest first.
    pub mail_failures: Vec<OutboxMessage>,
    /// Per client, by name.
    pub figures: Vec<ClientMonths>,
    pub overall: ClientMonths,
    /// Per client that has figures.
    pub activity: Vec<LinkFigures>,
    pub activity_total: LinkFigures,
    pub months: Months,
    /// The moment it was read at.
    pub now: OffsetDateTime,
}

impl AppState {
    /// Gather the dashboard: every pending and changes-requested approval, every unopened
    /// link (views counted but not yet flushed count as opened), the newest
    /// `mail_failures_shown` failed messages, and the monthly figures.
    ///
    /// # Errors
    /// A database failure.
    pub fn dashboard(&self, mail_failures_shown: usize) -> OpResult<DashboardData> {
        let s = &self.store;
        let now = self.clock.now();
        let months = Months::around(now);
        let leeway = self.settings.leeway_seconds;
        let mut pending = Vec::new();
        let mut changes_requested = Vec::new();
        let mut unopened = Vec::new();
        let metrics = s.monthly_metrics(now)?;
        let mut activity = Vec::new();
        for client in s.clients()? {
            let months_of = metrics.clients.iter().find(|f| f.client_id == client.id);
            for p in s.client_projects(&client.id)? {
                for a in s.project_detail(&p.id)?.approvals {
                    let row = |a| ApprovalInContext {
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
            self.link_views.overlay(&mut grants);
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
                    let state = link_state(&g, &client, now, leeway);
                    unopened.push(UnopenedLink {
                        grant: g,
                        client_name: client.name.clone(),
                        state,
                    });
                }
            }
            if let Some(m) = months_of {
                activity.push(LinkFigures {
                    months: m.clone(),
                    sent,
                    opened,
                });
            }
        }
        let activity_total = LinkFigures {
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
        Ok(DashboardData {
            pending,
            changes_requested,
            unopened,
            mail_failures: s.outbox_messages(Some(MailStatus::Failed), mail_failures_shown)?,
            figures: metrics.clients,
            overall: metrics.overall,
            activity,
            activity_total,
            months,
            now,
        })
    }
}
