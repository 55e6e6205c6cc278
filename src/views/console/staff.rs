//! Console page (owner only): staff members, their live sessions, sign-out everywhere.

use maud::{Markup, html};

use super::{Chrome, csrf_field, page, sort_th};
use crate::domain::{Role, Staff};
use crate::sort::{Sort, Table};
use crate::views::components::{Crumb, DayOf};

/// Sortable columns of the staff table.
pub const STAFF_TABLE: Table = Table {
    columns: &["name", "sessions"],
    default: Sort::asc("name"),
};

/// `GET /staff/staff`: `staff` with their live session counts, sorted by `sort`.
#[must_use]
pub fn list(chrome: &Chrome, staff: &[(Staff, usize)], me: &str, sort: Sort) -> Markup {
    page(
        chrome,
        "Staff",
        &[Crumb::link("Dashboard", "/staff"), Crumb::here("Staff")],
        html! {
            h1 { "Staff" }
            p.lead { "Signing someone out everywhere ends every console session they have; they can sign in again by mail. Their API token is not affected." }
            section.card aria-labelledby="staff-h" {
                h2 #staff-h { "Staff members (" (staff.len()) ")" }
                div.table-wrap {
                    table {
                        thead { tr {
                            (sort_th("Staff member", "name", sort, "staff-h"))
                            (sort_th("Live sessions", "sessions", sort, "staff-h"))
                            th scope="col" { span.visually-hidden { "Action" } }
                        } }
                        tbody {
                            @for (s, live) in staff {
                                tr {
                                    td {
                                        (s.name) @if s.id == me { " (you)" } br;
                                        span.muted { (s.email) } br;
                                        span.muted { @if s.role == Role::Owner { "Owner" } @else { "Staff" } " since " (DayOf(s.created_at)) }
                                    }
                                    td { (live) }
                                    td {
                                        form method="post" action=(format!("/staff/staff/{}/revoke-sessions", s.id)) {
                                            (csrf_field(&chrome.csrf))
                                            button.button.button-secondary type="submit" {
                                                "Sign out everywhere" span.visually-hidden { ": " (s.name) }
                                            }
                                        }
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
