//! 429: too many requests from one address.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::views::layout::bare_page;

/// 429: too many requests from this address.
#[must_use]
pub fn rate_limited(branding: &Branding) -> Markup {
    bare_page(
        branding,
        "Too many requests",
        html! {
            h1 { "Too many requests" }
            p.lead { "This page was asked for too often in a short time." }
            p { "Please wait a minute, then try again." }
        },
    )
}
