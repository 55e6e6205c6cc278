//! 410: a genuine link to a client whose portal was switched off.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::i18n::{Locale, s};
use crate::views::layout::bare_page;

/// 410 for a genuine link to a client whose portal was switched off. No button.
#[must_use]
pub fn portal_closed(branding: &Branding, loc: &Locale, contact_hint: Option<&str>) -> Markup {
    bare_page(
        branding,
        loc,
        &loc.t("portal-closed-title"),
        html! {
            h1 { (loc.t("portal-closed-title")) }
            p.lead { (loc.ta("portal-closed-lead", &[("brand", s(branding.name.clone()))])) }
            p {
                @if let Some(hint) = contact_hint.map(str::trim).filter(|h| !h.is_empty()) {
                    (loc.t("portal-closed-contact")) " " strong { (hint) } "."
                } @else {
                    (loc.ta("portal-closed-usual", &[("brand", s(branding.name.clone()))]))
                }
            }
        },
    )
}
