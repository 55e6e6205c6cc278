//! 500: something failed on our side.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::i18n::{Locale, s};
use crate::views::layout::bare_page;

/// 500: something failed on our side; nothing is said about what.
#[must_use]
pub fn server_error(branding: &Branding, loc: &Locale) -> Markup {
    bare_page(
        branding,
        loc,
        &loc.t("server-error-title"),
        html! {
            h1 { (loc.t("server-error-heading")) }
            p.lead { (loc.t("server-error-lead")) }
            p { (loc.ta("server-error-next", &[("brand", s(branding.name.clone()))])) }
        },
    )
}
