//! 400: a request the pages cannot use, with a message for a person.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::i18n::Locale;
use crate::views::layout::bare_page;

/// 400 with a message for a person (escaped; never include request data the caller did
/// not mean to show).
#[must_use]
pub fn bad_request(branding: &Branding, loc: &Locale, message: &str) -> Markup {
    bare_page(
        branding,
        loc,
        &loc.t("bad-request-title"),
        html! {
            h1 { (loc.t("bad-request-heading")) }
            p.lead { (message) }
            p { (loc.t("bad-request-next")) }
        },
    )
}
