//! 403: a link that may look but not do what was asked, or a form from another site.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::i18n::{Locale, s};
use crate::views::layout::bare_page;

/// 403 for a link that may look but not do this (decide, download, comment, upload), or a
/// form sent from another site. `back` leads to the page the person came from.
#[must_use]
pub fn not_allowed(branding: &Branding, loc: &Locale, message: &str, back: Option<&str>) -> Markup {
    bare_page(
        branding,
        loc,
        &loc.t("not-allowed-title"),
        html! {
                    h1 { (loc.t("not-allowed-title")) }
                    p.lead { (message) }
                    p {
        (loc.ta("not-allowed-next", &[("brand", s(branding.name.clone()))]))
                    }
                    @if let Some(back) = back { p { a.button href=(back) { (loc.t("back-to-page")) } } }
                },
    )
}
