//! 404: not a genuine link, or a record outside the link's reach.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::views::layout::bare_page;

/// 404 for anything that is not a genuine link (malformed, forged, unknown key) or a
/// record outside the link's reach. Deliberately the same for every cause.
#[must_use]
pub fn not_found(branding: &Branding) -> Markup {
    bare_page(
        branding,
        "This link is not valid",
        html! {
            h1 { "This link is not valid" }
            p.lead { "We could not find a page at this address." }
            p {
                "If you opened it from an email, check that the whole link was copied. "
                "If it still does not work, ask your contact at " (branding.name)
                " to send you a new one."
            }
        },
    )
}
