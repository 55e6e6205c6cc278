//! 409: a request that no longer fits the record.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::i18n::Locale;
use crate::views::layout::bare_page;

/// 409: the request conflicts with the record as it is now.
#[must_use]
pub fn conflict(branding: &Branding, loc: &Locale, message: &str) -> Markup {
    bare_page(
        branding,
        loc,
        &loc.t("conflict-title"),
        html! {
            h1 { (loc.t("conflict-heading")) }
            p.lead { (message) }
            p { (loc.t("conflict-next")) }
        },
    )
}
