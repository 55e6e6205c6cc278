//! Console page: the audit chain, newest events first, and its verification.

use maud::{Markup, html};

use super::{Chrome, csrf_field, page, sort_th};
use crate::domain::AuditEvent;
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
}

#[must_use]
pub fn audit(chrome: &Chrome, v: &AuditView) -> Markup {
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
                        p role="status" { (Badge { label: "Intact", tone: Tone::Success }) " Recomputed " (r.events) " events: every hash matches and links to the one before." }
                    } @else {
                        p role="alert" { (Badge { label: "Broken", tone: Tone::Danger }) " The chain breaks at event " strong { (r.first_broken.unwrap_or(0)) } " (" (r.events) " events before it verify)." }
                    }
                }
                form method="post" action="/staff/audit/verify" {
                    (csrf_field(&chrome.csrf))
                    p { "Recompute the hash of every event, in order." }
                    button.button type="submit" { "Verify the chain" }
                }
            }
            section.card aria-labelledby="events-h" {
                h2 #events-h { "Latest events (" (v.events.len()) " of " (v.total) ")" }
                @if v.events.is_empty() { (Empty("No events yet.")) } @else {
                    div.table-wrap {
                        table.wide {
                            thead { tr {
                                (sort_th("#", "seq", v.sort, "events-h"))
                                (sort_th("When", "when", v.sort, "events-h"))
                                (sort_th("Who", "who", v.sort, "events-h"))
                                (sort_th("What", "what", v.sort, "events-h"))
                                th scope="col" { "Hash" }
                            } }
                            tbody {
                                @for e in &v.events {
                                    tr {
                                        td { (e.seq) }
                                        td { (Moment { at: e.at, seconds: true }) }
                                        td { (e.actor) }
                                        td { (e.kind) }
                                        td { code.hash { (e.hash.get(..16).unwrap_or(&e.hash)) "…" } }
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
