//! The neutral answer to a request for a fresh link.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::i18n::Locale;
use crate::views::layout::bare_page;

/// The neutral answer to `POST /p/{token}/renew`, the same whether or not a mail went out.
#[must_use]
pub fn renew_sent(branding: &Branding, loc: &Locale) -> Markup {
    bare_page(
        branding,
        loc,
        &loc.t("renew-sent-title"),
        html! {
            h1 { (loc.t("renew-sent-title")) }
            p.lead { (loc.t("renew-sent-lead")) }
            p { (loc.t("renew-sent-next")) }
        },
    )
}
