//! 410: a genuine link to a client whose portal was switched off.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::views::layout::bare_page;

/// 410 for a genuine link to a client whose portal was switched off. No button.
#[must_use]
pub fn portal_closed(branding: &Branding, contact_hint: Option<&str>) -> Markup {
    bare_page(
        branding,
        "This portal is closed",
        html! {
            h1 { "This portal is closed" }
            p.lead { (branding.name) " has closed this client portal, so its pages are no longer available." }
            p {
                "For files, decisions or questions, please contact "
                @if let Some(hint) = contact_hint.map(str::trim).filter(|h| !h.is_empty()) {
                    strong { (hint) }
                } @else {
                    "your usual contact at " (branding.name)
                }
                "."
            }
        },
    )
}
