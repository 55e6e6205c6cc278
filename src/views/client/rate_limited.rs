//! 429: too many requests from one address.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::i18n::Locale;
use crate::views::layout::bare_page;

/// 429: too many requests from this address.
#[must_use]
pub fn rate_limited(branding: &Branding, loc: &Locale) -> Markup {
    bare_page(
        branding,
        loc,
        &loc.t("rate-limited-title"),
        html! {
            h1 { (loc.t("rate-limited-title")) }
            p.lead { (loc.t("rate-limited-lead")) }
            p { (loc.t("rate-limited-next")) }
        },
    )
}
