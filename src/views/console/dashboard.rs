//! The dashboard: what waits on clients, what came back, links never opened, figures.

use maud::{Markup, html};
use time::Date;

use super::{Chrome, csrf_field, page};
use crate::domain::{Approval, LinkGrant};
use crate::store::ApprovalMetrics;
use crate::views::components::{Badge, Crumb, Day, DayOf, Due, Empty};

/// An approval with where it belongs.
#[derive(Debug, Clone)]
pub struct ApprovalRow {
    pub approval: Approval,
    pub client_name: String,
    pub project_name: String,
}

/// A link with its client.
#[derive(Debug, Clone)]
pub struct LinkRow {
    pub grant: LinkGrant,
    pub client_name: String,
    pub state: &'static str,
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    /// Oldest first.
    pub pending: Vec<ApprovalRow>,
    pub changes_requested: Vec<ApprovalRow>,
    pub unopened: Vec<LinkRow>,
    pub metrics: ApprovalMetrics,
    pub today: Date,
}

/// "3 h", "2 d": a duration in seconds, coarsely.
#[must_use]
pub fn coarse(seconds: Option<i64>) -> String {
    match seconds {
        None => "—".into(),
        Some(s) if s < 3600 => format!("{} min", s / 60),
        Some(s) if s < 86_400 => format!("{} h", s / 3600),
        Some(s) => format!("{} d", s / 86_400),
    }
}

fn approval_list(rows: &[ApprovalRow], today: Date, empty: &str) -> Markup {
    html! {
        @if rows.is_empty() {
            (Empty(empty))
        } @else {
            ul.items {
                @for r in rows {
                    li.item {
                        a.item-title href=(format!("/staff/projects/{}#approval-{}", r.approval.project_id, r.approval.id)) {
                            (r.approval.title)
                        }
                        p.item-meta {
                            (r.client_name) " · " (r.project_name) " · "
                            (Badge::from(r.approval.status)) " · since " (DayOf(r.approval.opened_at))
                            @if let Some(d) = r.approval.due_on { " · " (Due { on: d, today }) }
                        }
                    }
                }
            }
        }
    }
}

#[must_use]
pub fn dashboard(chrome: &Chrome, d: &Dashboard) -> Markup {
    page(
        chrome,
        "Dashboard",
        &[Crumb::here("Dashboard")],
        html! {
            h1 { "Dashboard" }
            section.card aria-labelledby="pending-h" {
                h2 #pending-h { "Waiting for a client decision (" (d.pending.len()) ")" }
                (approval_list(&d.pending, d.today, "No approvals are pending."))
            }
            section.card aria-labelledby="changes-h" {
                h2 #changes-h { "Changes requested (" (d.changes_requested.len()) ")" }
                (approval_list(&d.changes_requested, d.today, "No client asked for changes."))
            }
            section.card aria-labelledby="unopened-h" {
                h2 #unopened-h { "Links sent but never opened (" (d.unopened.len()) ")" }
                @if d.unopened.is_empty() {
                    (Empty("Every link sent has been opened."))
                } @else {
                    ul.items {
                        @for l in &d.unopened {
                            li.item {
                                a.item-title href=(format!("/staff/clients/{}", l.grant.client_id)) {
                                    (l.grant.contact.name) " <" (l.grant.contact.email) ">"
                                }
                                p.item-meta {
                                    (l.client_name) " · sent " (DayOf(l.grant.issued_at))
                                    " · expires " (Day(l.grant.expires_at.date())) " · " (l.state)
                                }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="figures-h" {
                h2 #figures-h { "Approval figures" }
                div.table-wrap {
                    table {
                        thead { tr { th scope="col" { "Client" } th scope="col" { "Pending" } th scope="col" { "Decided" } th scope="col" { "Median to decision" } th scope="col" { "90th percentile" } } }
                        tbody {
                            @for m in &d.metrics.clients {
                                tr {
                                    td { a href=(format!("/staff/clients/{}", m.client_id)) { (m.client_name) } }
                                    td { (m.pending) } td { (m.decided) }
                                    td { (coarse(m.median_seconds_to_decision)) }
                                    td { (coarse(m.p90_seconds_to_decision)) }
                                }
                            }
                            tr {
                                th scope="row" { "All clients" }
                                td { (d.metrics.overall.pending) } td { (d.metrics.overall.decided) }
                                td { (coarse(d.metrics.overall.median_seconds_to_decision)) }
                                td { (coarse(d.metrics.overall.p90_seconds_to_decision)) }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="sessions-h" {
                h2 #sessions-h { "Your sessions" }
                p { "Lost a device? End every session of yours, here and elsewhere." }
                form method="post" action="/staff/sessions/revoke" {
                    (csrf_field(&chrome.csrf))
                    button.button.button-secondary type="submit" { "Sign out everywhere" }
                }
            }
        },
    )
}
