//! Console page (owner only): staff members, their live sessions, sign-out everywhere.

use maud::{Markup, html};

use super::{Chrome, csrf_field, page};
use crate::domain::{Role, Staff};
use crate::views::components::{Crumb, DayOf};

/// `GET /staff/staff`: `staff` with their live session counts.
#[must_use]
pub fn list(chrome: &Chrome, staff: &[(Staff, usize)], me: &str) -> Markup {
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
                            th scope="col" { "Staff member" }
                            th scope="col" { "Live sessions" }
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
