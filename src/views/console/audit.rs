//! Console page: the audit chain, newest events first, and its verification.

use maud::{Markup, html};

use super::{Chrome, csrf_field, page, sort_th_keeping};
use crate::domain::AuditEvent;
use crate::domain::audit_filter::AuditFilter;
use crate::sort::{Sort, Table};
use crate::store::ChainReport;
use crate::views::components::{Badge, Crumb, Empty, Moment, Tone};

/// Sortable columns of the event table.
pub const AUDIT_TABLE: Table = Table {
    columns: &["seq", "when", "who", "what"],
    default: Sort::desc("seq"),
};

#[derive(Debug, Clone)]
pub struct AuditView {
    /// The latest events, sorted by `sort`.
    pub events: Vec<AuditEvent>,
    pub sort: Sort,
    pub total: u64,
    /// Present after the "verify" button was pressed.
    pub report: Option<ChainReport>,
    pub filter: AuditFilter,
    /// Actors in words (see `ops::audit::RecentAudit`).
    pub actor_names: std::collections::HashMap<String, String>,
}

/// What a query value may hold unescaped: ids (base64url) read as they are.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.');

/// The filter as `&name=value...`, for sort links that must keep it.
fn kept_query(filter: &AuditFilter) -> String {
    filter
        .pairs()
        .iter()
        .map(|(k, v)| {
            format!(
                "&{k}={}",
                percent_encoding::utf8_percent_encode(v, QUERY_VALUE)
            )
        })
        .collect()
}

fn text_filter(id: &str, label: &str, value: Option<&str>, hint: &str) -> Markup {
    html! {
        div.field {
            label for=(format!("flt-{id}")) { (label) }
            input id=(format!("flt-{id}")) type="text" name=(id) value=(value.unwrap_or_default()) placeholder=(hint) maxlength="200";
        }
    }
}

fn filter_form(f: &AuditFilter) -> Markup {
    let day = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    html! {
        form.filters method="get" action="/staff/audit" {
            (text_filter("kind", "What", f.kind.as_deref(), "approval.decided, or approval."))
            (text_filter("actor", "Who", f.actor.as_deref(), "a name, link: or system"))
            (text_filter("subject", "Record id", f.subject.as_deref(), "client, project, approval or link id"))
            div.field { label for="flt-from" { "From (UTC day)" } input #flt-from type="date" name="from" value=(day(f.from)); }
            div.field { label for="flt-to" { "To (UTC day)" } input #flt-to type="date" name="to" value=(day(f.to)); }
            button.button type="submit" { "Filter" }
            @if !f.is_empty() { " " a href="/staff/audit" { "Clear filters" } }
        }
    }
}

#[must_use]
pub fn audit(chrome: &Chrome, v: &AuditView) -> Markup {
    let keep = kept_query(&v.filter);
    page(
        chrome,
        "Audit",
        &[Crumb::link("Dashboard", "/staff"), Crumb::here("Audit")],
        html! {
            h1 { "Audit chain" }
            section.card aria-labelledby="verify-h" {
                h2 #verify-h { "Verify" }
                @if let Some(r) = &v.report {
                    @if r.ok {
                        p role="status" { (Badge { label: "Intact", key: "", tone: Tone::Success }) " Recomputed " (r.events) " events: every hash matches and links to the one before." }
                    } @else {
                        p role="alert" { (Badge { label: "Broken", key: "", tone: Tone::Danger }) " The chain breaks at event " strong { (r.first_broken.unwrap_or(0)) } " (" (r.events) " events before it verify)." }
                    }
                }
                form method="post" action="/staff/audit/verify" {
                    (csrf_field(&chrome.csrf))
                    p { "Recompute the hash of every event, in order." }
                    button.button type="submit" { "Verify the chain" }
                }
            }
            section.card aria-labelledby="events-h" {
                h2 #events-h {
                    @if v.filter.is_empty() { "Latest events (" (v.events.len()) " of " (v.total) ")" }
                    @else { "Matching events (" (v.events.len()) ", newest first, of " (v.total) ")" }
                }
                (filter_form(&v.filter))
                @if v.events.is_empty() {
                    @if v.filter.is_empty() { (Empty("No events yet.")) } @else { (Empty("No event matches these filters.")) }
                } @else {
                    div.table-wrap {
                        table.wide {
                            thead { tr {
                                (sort_th_keeping("#", "seq", v.sort, "events-h", &keep))
                                (sort_th_keeping("When", "when", v.sort, "events-h", &keep))
                                (sort_th_keeping("Who", "who", v.sort, "events-h", &keep))
                                (sort_th_keeping("What", "what", v.sort, "events-h", &keep))
                                th scope="col" { "Records" }
                                th scope="col" { "Hash" }
                            } }
                            tbody {
                                @for e in &v.events {
                                    tr {
                                        td { (e.seq) }
                                        td data-label="When" { (Moment { at: e.at, seconds: true }) }
                                        td data-label="Who" {
                                            @match v.actor_names.get(&e.actor) {
                                                Some(name) => { (name) div.item-meta { code { (e.actor) } } }
                                                None => { code { (e.actor) } }
                                            }
                                        }
                                        td data-label="What" { (e.kind) }
                                        td.ids data-label="Records" {
                                            @for id in &e.subjects {
                                                a href=(format!("/staff/audit?subject={}", percent_encoding::utf8_percent_encode(id, QUERY_VALUE))) { code { (id) } } " "
                                            }
                                        }
                                        td data-label="Hash" { code.hash { (e.hash.get(..16).unwrap_or(&e.hash)) "…" } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
