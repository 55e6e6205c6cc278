//! The neutral answer to a request for a fresh link.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::views::layout::bare_page;

/// The neutral answer to `POST /p/{token}/renew`, the same whether or not a mail went out.
#[must_use]
pub fn renew_sent(branding: &Branding) -> Markup {
    bare_page(
        branding,
        "Check your inbox",
        html! {
            h1 { "Check your inbox" }
            p.lead {
                "If this link belongs to an address on file, a fresh link is on its way. "
                "Check your inbox."
            }
            p {
                "It can take a few minutes to arrive; please also look in your spam folder. "
                "The old link stays switched off."
            }
        },
    )
}
