//! 500: something failed on our side.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::views::layout::bare_page;

/// 500: something failed on our side; nothing is said about what.
#[must_use]
pub fn server_error(branding: &Branding) -> Markup {
    bare_page(
        branding,
        "Something went wrong",
        html! {
            h1 { "Something went wrong on our side" }
            p.lead { "Nothing you did caused this. Please try again in a few minutes." }
            p { "If it keeps happening, let your contact at " (branding.name) " know." }
        },
    )
}
