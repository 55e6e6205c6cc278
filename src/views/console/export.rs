//! Console page: download one client's record or everything as a `.zip`.

use maud::{Markup, html};

use super::{Chrome, csrf_field, page as shell};
use crate::domain::Client;
use crate::views::components::{Crumb, Empty};

/// `GET /staff/export`.
#[must_use]
pub fn page(chrome: &Chrome, clients: &[Client]) -> Markup {
    shell(
        chrome,
        "Export",
        &[Crumb::link("Dashboard", "/staff"), Crumb::here("Export")],
        html! {
            h1 { "Export" }
            p.lead {
                "A .zip of the record as JSON, every file version's bytes under its SHA-256, "
                "the audit events and a README on how to check decisions against the audit chain "
                "without porthole."
            }
            section.card aria-labelledby="all-h" {
                h2 #all-h { "Everything" }
                p { "Every client and the whole audit chain, from its first event." }
                form method="post" action="/staff/export/all" {
                    (csrf_field(&chrome.csrf))
                    button.button type="submit" { "Download everything (.zip)" }
                }
            }
            section.card aria-labelledby="one-h" {
                h2 #one-h { "One client" }
                @if clients.is_empty() {
                    (Empty("No clients yet."))
                } @else {
                    ul.items {
                        @for c in clients {
                            li.item.inline-form {
                                span.item-title { (c.name) }
                                form method="post" action=(format!("/staff/clients/{}/export", c.id)) {
                                    (csrf_field(&chrome.csrf))
                                    button.button.button-secondary type="submit" {
                                        "Download" span.visually-hidden { " " (c.name) } " (.zip)"
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
