//! Staff console pages (`/staff`): the same shell, stylesheet and components as the
//! client pages, with staff navigation. Pure: handlers gather data, these render it.

pub mod audit;
pub mod clients;
pub mod dashboard;
pub mod delivery;
pub mod export;
pub mod file_requests;
pub mod form_responses;
pub mod list_row;
pub mod list_row_new;
pub mod lists;
pub mod projects;
pub mod receipt;
pub mod requests;
pub mod sign_in;
pub mod staff;
pub mod webhooks;

use maud::{DOCTYPE, Markup, html};

use crate::config::Branding;
use crate::sort::{Dir, Sort, header};

use super::components::Crumb;
use super::layout::{brand_mark, head};

/// What every signed-in page shows around its content.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub branding: Branding,
    pub staff_name: String,
    /// The owner sees the staff page.
    pub is_owner: bool,
    /// CSRF token for this session's forms.
    pub csrf: String,
    /// `server.public_url`, for addresses printed in full (a receipt's `/verify` link).
    pub public_url: String,
}

/// The hidden CSRF field every state-changing form carries.
#[must_use]
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A sortable column header: a plain link to `?sort=<col>&dir=..#<anchor>` (the anchor
/// brings the reader back to the table), `aria-sort` on the column the table is sorted by.
#[must_use]
pub fn sort_th(label: &str, col: &str, current: Sort, anchor: &str) -> Markup {
    sort_th_keeping(label, col, current, anchor, "")
}

/// [`sort_th`] on a page whose other query parameters (filters) must survive a re-sort:
/// `keep` is already encoded, `&name=value...`.
#[must_use]
pub fn sort_th_keeping(label: &str, col: &str, current: Sort, anchor: &str, keep: &str) -> Markup {
    let h = header(col, current);
    let arrow = match (h.aria_sort, current.dir) {
        (None, _) => "",
        (Some(_), Dir::Asc) => "\u{a0}▲",
        (Some(_), Dir::Desc) => "\u{a0}▼",
    };
    html! {
        th scope="col" aria-sort=[h.aria_sort] {
            a.sort-link href=(format!("{}{keep}#{anchor}", h.href)) {
                (label) span aria-hidden="true" { (arrow) }
            }
        }
    }
}

fn crumbs_nav(crumbs: &[Crumb]) -> Markup {
    html! {
        @if !crumbs.is_empty() {
            nav.crumbs aria-label="Breadcrumb" {
                ol.wrap {
                    @for c in crumbs {
                        li {
                            @if let Some(h) = &c.href {
                                a href=(h) { (c.label) }
                            } @else {
                                span aria-current="page" { (c.label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A signed-in console page.
#[must_use]
pub fn page(chrome: &Chrome, title: &str, crumbs: &[Crumb], body: Markup) -> Markup {
    let full_title = format!("{title} · Staff · {}", chrome.branding.name);
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(&full_title, &chrome.branding))
            body.console {
                a.skip-link href="#main" { "Skip to content" }
                header.site-header {
                    div.wrap.site-header-inner {
                        a.brand href="/staff" { (brand_mark(&chrome.branding)) }
                        div.who {
                            p.client-name { "Staff console" }
                            p.signed-in { "Signed in as " strong { (chrome.staff_name) } }
                        }
                    }
                    nav.wrap.console-nav aria-label="Console" {
                        a href="/staff" { "Dashboard" }
                        a href="/staff/clients" { "Clients" }
                        a href="/staff/audit" { "Audit" }
                        a href="/staff/export" { "Export" }
                        a href="/staff/webhooks" { "Webhooks" }
                        @if chrome.is_owner { a href="/staff/staff" { "Staff" } }
                        form method="post" action="/staff/logout" {
                            (csrf_field(&chrome.csrf))
                            button.button.button-secondary type="submit" { "Sign out" }
                        }
                    }
                }
                (crumbs_nav(crumbs))
                main #main .wrap tabindex="-1" { (body) }
                footer.site-footer {
                    div.wrap {
                        p.footer-brand { (chrome.branding.name) }
                        p.privacy { "Staff only. Every change made here is recorded in the audit chain." }
                    }
                }
            }
        }
    }
}

/// A page shown without a session (sign-in, errors).
#[must_use]
pub fn signed_out_page(branding: &Branding, title: &str, body: Markup) -> Markup {
    let full_title = format!("{title} · Staff · {}", branding.name);
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(&full_title, branding))
            body.bare.console {
                a.skip-link href="#main" { "Skip to content" }
                header.site-header {
                    div.wrap.site-header-inner {
                        span.brand { (brand_mark(branding)) }
                        div.who { p.client-name { "Staff console" } }
                    }
                }
                main #main .wrap.narrow tabindex="-1" { (body) }
                footer.site-footer {
                    div.wrap {
                        p.footer-brand { (branding.name) }
                        p.privacy { "Staff only. Sign-in links are sent to staff addresses and work once." }
                    }
                }
            }
        }
    }
}

/// An error inside the console (kept in the signed-out shell: it may have no session).
#[must_use]
pub fn error_page(branding: &Branding, title: &str, message: &str) -> Markup {
    signed_out_page(
        branding,
        title,
        html! {
            h1 { (title) }
            p.lead { (message) }
            p { a href="/staff" { "Back to the dashboard" } }
        },
    )
}
