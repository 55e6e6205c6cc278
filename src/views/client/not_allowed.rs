//! 403: a link that may look but not do what was asked, or a form from another site.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::views::layout::bare_page;

/// 403 for a link that may look but not do this (decide, download, comment, upload), or a
/// form sent from another site. `back` leads to the page the person came from.
#[must_use]
pub fn not_allowed(branding: &Branding, message: &str, back: Option<&str>) -> Markup {
    bare_page(
        branding,
        "Not allowed with this link",
        html! {
            h1 { "Not allowed with this link" }
            p.lead { (message) }
            p {
                "If you should be able to do this, ask your contact at " (branding.name)
                " for a link that allows it."
            }
            @if let Some(back) = back { p { a.button href=(back) { "Back to the page" } } }
        },
    )
}
