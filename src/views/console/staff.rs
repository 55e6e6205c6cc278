//! Console pages (owner only): staff members and their live sessions; one staff member's
//! page with sign-out everywhere, a new API token and removal; the new token, shown once.

use maud::{Markup, html};

use super::{Chrome, csrf_field, page, sort_th};
use crate::domain::Role;
use crate::ops::{IssuedToken, StaffMember, StaffRow};
use crate::sort::{Sort, Table};
use crate::views::components::{Badge, Crumb, DayOf, Moment, Tone};

/// Sortable columns of the staff table.
pub const STAFF_TABLE: Table = Table {
    columns: &["name", "sessions"],
    default: Sort::asc("name"),
};

fn member_href(m: &StaffMember) -> String {
    format!("/staff/staff/{}", m.id)
}

fn crumbs(m: &StaffMember) -> [Crumb; 3] {
    [
        Crumb::link("Dashboard", "/staff"),
        Crumb::link("Staff", "/staff/staff"),
        Crumb::here(m.name.clone()),
    ]
}

fn role_label(m: &StaffMember) -> &'static str {
    match m.role {
        Role::Owner => "Owner",
        Role::Staff => "Staff",
    }
}

/// "Active" or "Removed": the text says it, the colour repeats it.
fn state_badge(m: &StaffMember) -> Badge {
    if m.is_active() {
        Badge {
            label: "Active",
            key: "",
            tone: Tone::Success,
        }
    } else {
        Badge {
            label: "Removed",
            key: "",
            tone: Tone::Danger,
        }
    }
}

/// `GET /staff/staff`: every staff member with their live session counts, sorted by
/// `sort`; removed ones stay listed, marked as removed. What an owner can do about one
/// is on their own page (two columns also fit a phone).
#[must_use]
pub fn list(chrome: &Chrome, rows: &[StaffRow], me: &str, sort: Sort) -> Markup {
    let removed = rows.iter().filter(|r| !r.member.is_active()).count();
    page(
        chrome,
        "Staff",
        &[Crumb::link("Dashboard", "/staff"), Crumb::here("Staff")],
        html! {
            h1 { "Staff" }
            p.lead { "Open a staff member to sign them out everywhere, give them a new API token, or remove them. Removed staff stay listed: their record is kept for the audit." }
            section.card aria-labelledby="staff-h" {
                h2 #staff-h {
                    "Staff members (" (rows.len() - removed)
                    @if removed > 0 { ", " (removed) " removed" }
                    ")"
                }
                div.table-wrap {
                    table {
                        thead { tr {
                            (sort_th("Staff member", "name", sort, "staff-h"))
                            (sort_th("Live sessions", "sessions", sort, "staff-h"))
                        } }
                        tbody {
                            @for r in rows {
                                @let s = &r.member;
                                tr {
                                    td {
                                        a href=(member_href(s)) { (s.name) } @if s.id == me { " (you)" }
                                        // Long addresses wrap inside the cell, so the table fits a phone.
                                        div.item-meta { (s.email) }
                                        div.item-meta {
                                            @if let Some(at) = s.removed_at {
                                                (state_badge(s)) " on " (DayOf(at))
                                            } @else {
                                                (role_label(s)) " since " (DayOf(s.created_at))
                                            }
                                        }
                                    }
                                    td data-label="Live sessions" { (r.live_sessions) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `GET /staff/staff/{id}`: one staff member and what an owner can do about them.
/// `confirm_missing`: a removal was posted without its confirmation (shown as an error).
#[must_use]
pub fn member(chrome: &Chrome, row: &StaffRow, me: &str, confirm_missing: bool) -> Markup {
    let s = &row.member;
    let base = member_href(s);
    let you = s.id == me;
    page(
        chrome,
        &s.name,
        &crumbs(s),
        html! {
            div.page-head {
                h1 { (s.name) @if you { " (you)" } }
                p.meta { (state_badge(s)) " " (role_label(s)) " · " (s.email) }
            }
            section.card aria-labelledby="about-h" {
                h2 #about-h { "Record" }
                dl.receipt-list {
                    dt { "Email" } dd { (s.email) }
                    dt { "Role" } dd { (role_label(s)) }
                    dt { "Added" } dd { (Moment { at: s.created_at, seconds: false }) }
                    @if let Some(at) = s.removed_at {
                        dt { "Removed" } dd { (Moment { at, seconds: false }) }
                    }
                    dt { "Live sessions" } dd { (row.live_sessions) }
                }
            }
            @if s.is_active() {
                section.card aria-labelledby="sessions-h" {
                    h2 #sessions-h { "Console sessions" }
                    p { "Ends every console session " (s.name) " has; they can sign in again by mail. Their API token keeps working." }
                    form method="post" action=(format!("{base}/revoke-sessions")) {
                        (csrf_field(&chrome.csrf))
                        button.button.button-secondary type="submit" { "Sign out everywhere" }
                    }
                }
                section.card aria-labelledby="token-h" {
                    h2 #token-h { "API token" }
                    p { "A new token replaces the current one: the current token stops working at once, so anything that uses it (scripts, integrations) needs the new one. The new token is shown once, on the next page." }
                    form method="post" action=(format!("{base}/token")) {
                        (csrf_field(&chrome.csrf))
                        button.button.button-secondary type="submit" { "Issue a new API token" }
                    }
                }
                section.card aria-labelledby="remove-h" {
                    h2 #remove-h { "Remove from staff" }
                    p { "Removing " (s.name) " ends their access at once: their API token stops working, every console session ends and sign-in links for them stop working. Their record and everything they did stay in the audit chain." }
                    @if you { p { strong { "This is you: you will be signed out." } } }
                    form method="post" action=(format!("{base}/remove")) {
                        (csrf_field(&chrome.csrf))
                        @if confirm_missing {
                            div.alert.alert-error role="alert" {
                                p { "Tick the box to confirm the removal." }
                            }
                        }
                        div.field.check {
                            input #f-remove-confirm type="checkbox" name="confirm" value="on" required;
                            label for="f-remove-confirm" { "I understand that " (s.name) " loses all access now" }
                        }
                        button.button type="submit" { "Remove " (s.name) }
                    }
                }
            } @else {
                section.card aria-labelledby="removed-h" {
                    h2 #removed-h { "Removed" }
                    p { (s.name) " no longer has access: their API token, console sessions and sign-in links stopped working when they were removed. The record stays for the audit." }
                }
            }
            p.standalone { a href="/staff/staff" { "Back to staff" } }
        },
    )
}

/// `POST /staff/staff/{id}/token`: the new token, shown this once.
#[must_use]
pub fn token_issued(chrome: &Chrome, issued: &IssuedToken) -> Markup {
    let s = &issued.member;
    page(
        chrome,
        "New API token",
        &crumbs(s),
        html! {
            h1 { "New API token" }
            section.card {
                p.lead { "Copy the token now: it is shown only this once and is never stored." }
                p { "For " strong { (s.name) } " <" (s.email) ">." }
                p.shown-once { code.hash { (issued.token) } }
                p { "The previous token stopped working at once: give this one to whatever used it (send it as " code { "Authorization: Bearer <token>" } ")." }
                p { a href=(member_href(s)) { "Back to " (s.name) } }
            }
        },
    )
}
