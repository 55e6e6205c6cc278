//! 404: not a genuine link, or a record outside the link's reach.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::i18n::{Locale, s};
use crate::views::layout::bare_page;

/// 404 for anything that is not a genuine link (malformed, forged, unknown key) or a
/// record outside the link's reach. Deliberately the same for every cause.
#[must_use]
pub fn not_found(branding: &Branding, loc: &Locale) -> Markup {
    bare_page(
        branding,
        loc,
        &loc.t("not-found-title"),
        html! {
                    h1 { (loc.t("not-found-title")) }
                    p.lead { (loc.t("not-found-lead")) }
                    p {
        (loc.ta("not-found-next", &[("brand", s(branding.name.clone()))]))
                    }
                },
    )
}
