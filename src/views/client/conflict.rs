//! 409: a request that no longer fits the record.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::views::layout::bare_page;

/// 409: the request conflicts with the record as it is now.
#[must_use]
pub fn conflict(branding: &Branding, message: &str) -> Markup {
    bare_page(
        branding,
        "That conflicts with the record",
        html! {
            h1 { "That no longer fits the record" }
            p.lead { (message) }
            p { "Please go back and reload the page to see how things stand now." }
        },
    )
}
