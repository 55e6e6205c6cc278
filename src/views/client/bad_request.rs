//! 400: a request the pages cannot use, with a message for a person.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::views::layout::bare_page;

/// 400 with a message for a person (escaped; never include request data the caller did
/// not mean to show).
#[must_use]
pub fn bad_request(branding: &Branding, message: &str) -> Markup {
    bare_page(
        branding,
        "Request not understood",
        html! {
            h1 { "We could not use that request" }
            p.lead { (message) }
            p { "Please go back, check what you entered and try again." }
        },
    )
}
