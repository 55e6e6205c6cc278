//! The dashboard: what waits on clients, what came back, links never opened, figures.

use maud::{Markup, html};
use time::Date;

use super::{Chrome, csrf_field, page, sort_th};
use crate::domain::mail::OutboxMessage;
use crate::domain::{Approval, LinkGrant};
use crate::sort::{Sort, Table};
use crate::store::{ClientMonths, Months};
use crate::views::components::{Badge, Crumb, Day, DayOf, Due, Empty, Moment};

/// Approval figures, this month beside last month.
pub const FIGURES_TABLE: Table = Table {
    columns: &[
        "client",
        "pending",
        "decided",
        "decided_last",
        "median",
        "median_last",
        "p90",
        "p90_last",
    ],
    default: Sort::asc("client"),
};

/// Updates posted and links opened, this month beside last month.
pub const ACTIVITY_TABLE: Table = Table {
    columns: &[
        "activity_client",
        "public",
        "public_last",
        "internal",
        "internal_last",
        "opened",
        "opened_last",
    ],
    default: Sort::asc("activity_client"),
};

/// Links sent but never opened.
pub const UNOPENED_TABLE: Table = Table {
    columns: &["contact", "link_client", "sent", "expires"],
    default: Sort::asc("sent"),
};

/// Mail that could not be delivered.
pub const MAIL_TABLE: Table = Table {
    columns: &["to", "subject", "queued", "attempts"],
    default: Sort::desc("queued"),
};

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

/// One client's updates (from its monthly figures) and links sent/opened
/// (`[this month, last month]`, by the month the link was sent).
#[derive(Debug, Clone)]
pub struct LinkActivity {
    pub months: ClientMonths,
    pub sent: [u64; 2],
    pub opened: [u64; 2],
}

/// Rows a dashboard list shows at most; its heading gives the whole count.
pub const LIST_SHOWN: usize = 50;

/// " (12)", or " (50 oldest of 1,204)" when the list was cut.
fn count(shown: usize, total: usize, which: &str) -> String {
    if shown < total {
        format!(" ({shown} {which} of {total})")
    } else {
        format!(" ({total})")
    }
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    /// Oldest first, at most [`LIST_SHOWN`] of `totals.0`.
    pub pending: Vec<ApprovalRow>,
    /// Oldest first, at most [`LIST_SHOWN`] of `totals.1`.
    pub changes_requested: Vec<ApprovalRow>,
    /// Sorted for their table, at most [`LIST_SHOWN`] of `totals.2`.
    pub unopened: Vec<LinkRow>,
    /// How many there are of pending, changes requested and unopened links in all.
    pub totals: (usize, usize, usize),
    pub mail_failures: Vec<OutboxMessage>,
    pub figures: Vec<ClientMonths>,
    pub overall: ClientMonths,
    pub activity: Vec<LinkActivity>,
    pub activity_total: LinkActivity,
    pub months: Months,
    /// The sort asked for (each table falls back to its default).
    pub sort: Option<Sort>,
    pub today: Date,
}

/// "November 2026".
fn month_name(m: &Months, this: bool) -> String {
    let at = if this { m.this } else { m.last };
    format!("{} {}", at.month(), at.year())
}

/// "Nov", for column headers (the section text names the months in full).
fn month_short(m: &Months, this: bool) -> String {
    let at = if this { m.this } else { m.last };
    at.month().to_string().chars().take(3).collect()
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

fn unopened_table(d: &Dashboard) -> Markup {
    let sort = UNOPENED_TABLE.sort_for(d.sort);
    let th = |label: &str, col: &str| sort_th(label, col, sort, "unopened-h");
    html! {
        div.table-wrap {
            table.wide {
                thead { tr {
                    (th("Contact", "contact")) (th("Client", "link_client"))
                    (th("Sent", "sent")) (th("Expires", "expires"))
                    th scope="col" { "How" }
                    th scope="col" { "State" }
                } }
                tbody {
                    @for l in &d.unopened {
                        tr {
                            td {
                                a href=(format!("/staff/clients/{}", l.grant.client_id)) { (l.grant.contact.name) }
                                br; span.muted { (l.grant.contact.email) }
                            }
                            td data-label="Client" { (l.client_name) }
                            td data-label="Sent" { (DayOf(l.grant.issued_at)) }
                            td data-label="Expires" { (Day(l.grant.expires_at.date())) }
                            // Mails to clients carry a link of their own, issued by the system.
                            td data-label="How" { @if l.grant.issued_by == "system" { "In a notification mail" } @else { "Issued by staff" } }
                            td data-label="State" { (l.state) }
                        }
                    }
                }
            }
        }
    }
}

fn mail_table(chrome: &Chrome, d: &Dashboard) -> Markup {
    let sort = MAIL_TABLE.sort_for(d.sort);
    let th = |label: &str, col: &str| sort_th(label, col, sort, "mail-h");
    html! {
        div.table-wrap {
            table.wide {
                thead { tr {
                    (th("To", "to")) (th("Subject", "subject")) (th("Queued", "queued"))
                    (th("Attempts", "attempts"))
                    th scope="col" { "Last error" }
                    th scope="col" { span.visually-hidden { "Action" } }
                } }
                tbody {
                    @for m in &d.mail_failures {
                        tr id=(format!("mail-{}", m.id)) {
                            td { (m.to_name) br; span.muted { (m.to) } }
                            td data-label="Subject" { (m.subject) }
                            td data-label="Queued" { (Moment { at: m.queued_at, seconds: false }) }
                            td data-label="Attempts" { (m.attempts) }
                            td data-label="Last error" { (m.last_error.as_deref().unwrap_or("—")) }
                            td {
                                form method="post" action=(format!("/staff/mail/{}/retry", m.id)) {
                                    (csrf_field(&chrome.csrf))
                                    button.button.button-secondary type="submit" { "Send again" span.visually-hidden { " to " (m.to) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn figures_row(m: &ClientMonths, head: Markup, months: &MonthNames) -> Markup {
    let (t, l) = (&m.this_month, &m.last_month);
    let (now, before) = (&months.now, &months.before);
    html! {
        tr {
            (head)
            td data-label="Pending" { (m.pending) }
            td data-label=(format!("Decided {now}")) { (t.decided) }
            td data-label=(format!("Decided {before}")) { (l.decided) }
            td data-label=(format!("Median {now}")) { (coarse(t.median_seconds_to_decision)) }
            td data-label=(format!("Median {before}")) { (coarse(l.median_seconds_to_decision)) }
            td data-label=(format!("p90 {now}")) { (coarse(t.p90_seconds_to_decision)) }
            td data-label=(format!("p90 {before}")) { (coarse(l.p90_seconds_to_decision)) }
        }
    }
}

/// This month's and last month's short names, for the figures' column labels.
struct MonthNames {
    now: String,
    before: String,
}

impl MonthNames {
    fn of(m: &Months) -> Self {
        Self {
            now: month_short(m, true),
            before: month_short(m, false),
        }
    }
}

fn figures_table(d: &Dashboard) -> Markup {
    let sort = FIGURES_TABLE.sort_for(d.sort);
    let th = |label: &str, col: &str| sort_th(label, col, sort, "figures-h");
    let months = MonthNames::of(&d.months);
    let (now, before) = (&months.now, &months.before);
    html! {
        div.table-wrap {
            table.wide {
                thead { tr {
                    (th("Client", "client")) (th("Pending", "pending"))
                    (th(&format!("Decided {now}"), "decided")) (th(&format!("Decided {before}"), "decided_last"))
                    (th(&format!("Median {now}"), "median")) (th(&format!("Median {before}"), "median_last"))
                    (th(&format!("p90 {now}"), "p90")) (th(&format!("p90 {before}"), "p90_last"))
                } }
                tbody {
                    @for m in &d.figures {
                        (figures_row(m, html! { td { a href=(format!("/staff/clients/{}", m.client_id)) { (m.client_name) } } }, &months))
                    }
                }
                tfoot {
                    (figures_row(&d.overall, html! { th scope="row" { "All clients" } }, &months))
                }
            }
        }
    }
}

fn activity_row(a: &LinkActivity, head: Markup, months: &MonthNames) -> Markup {
    let (t, l) = (&a.months.this_month, &a.months.last_month);
    let (now, before) = (&months.now, &months.before);
    html! {
        tr {
            (head)
            td data-label=(format!("Public updates {now}")) { (t.public_updates) }
            td data-label=(format!("Public updates {before}")) { (l.public_updates) }
            td data-label=(format!("Internal updates {now}")) { (t.internal_updates) }
            td data-label=(format!("Internal updates {before}")) { (l.internal_updates) }
            td data-label=(format!("Links opened {now}")) { (a.opened[0]) " of " (a.sent[0]) }
            td data-label=(format!("Links opened {before}")) { (a.opened[1]) " of " (a.sent[1]) }
        }
    }
}

fn activity_table(d: &Dashboard) -> Markup {
    let sort = ACTIVITY_TABLE.sort_for(d.sort);
    let th = |label: &str, col: &str| sort_th(label, col, sort, "activity-h");
    let months = MonthNames::of(&d.months);
    let (now, before) = (&months.now, &months.before);
    html! {
        div.table-wrap {
            table.wide {
                thead { tr {
                    (th("Client", "activity_client"))
                    (th(&format!("Public updates {now}"), "public")) (th(&format!("Public updates {before}"), "public_last"))
                    (th(&format!("Internal updates {now}"), "internal")) (th(&format!("Internal updates {before}"), "internal_last"))
                    (th(&format!("Links opened {now}"), "opened")) (th(&format!("Links opened {before}"), "opened_last"))
                } }
                tbody {
                    @for a in &d.activity {
                        (activity_row(a, html! { td { a href=(format!("/staff/clients/{}", a.months.client_id)) { (a.months.client_name) } } }, &months))
                    }
                }
                tfoot {
                    (activity_row(&d.activity_total, html! { th scope="row" { "All clients" } }, &months))
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
                h2 #pending-h { "Waiting for a client decision" (count(d.pending.len(), d.totals.0, "oldest")) }
                (approval_list(&d.pending, d.today, "No approvals are pending."))
            }
            section.card aria-labelledby="changes-h" {
                h2 #changes-h { "Changes requested" (count(d.changes_requested.len(), d.totals.1, "oldest")) }
                (approval_list(&d.changes_requested, d.today, "No client asked for changes."))
            }
            section.card aria-labelledby="unopened-h" {
                h2 #unopened-h { "Links sent but never opened" (count(d.unopened.len(), d.totals.2, "shown")) }
                @if d.unopened.is_empty() {
                    (Empty("Every link sent has been opened."))
                } @else {
                    (unopened_table(d))
                }
            }
            section.card aria-labelledby="mail-h" {
                h2 #mail-h { "Mail failures (" (d.mail_failures.len()) ")" }
                @if d.mail_failures.is_empty() {
                    (Empty("No mail has failed."))
                } @else {
                    p { "These messages could not be delivered within the retry window. Fix the address or the mail server, then send again." }
                    (mail_table(chrome, d))
                }
            }
            section.card aria-labelledby="figures-h" {
                h2 #figures-h { "Approval figures" }
                p.muted { "Decisions in " (month_name(&d.months, true)) " (this month) beside " (month_name(&d.months, false)) " (calendar months, UTC). Median and p90 (90th percentile): time from request to decision." }
                (figures_table(d))
            }
            section.card aria-labelledby="activity-h" {
                h2 #activity-h { "Updates and links" }
                p.muted { "Updates posted, and links opened of those sent in the month: " (month_name(&d.months, true)) " beside " (month_name(&d.months, false)) "." }
                (activity_table(d))
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
