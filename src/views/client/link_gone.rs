//! 410: a genuine link that no longer opens the portal. Expired or cut off: with a
//! button that asks for a fresh link; revoked, or its contact removed: final, no button.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::i18n::{Locale, s};
use crate::views::layout::bare_page;

/// 410 for a genuine dead link; `renew_action` (the caller's `/p/{token}/renew`) when a
/// fresh link may be asked for, `None` when the link is gone for good.
#[must_use]
pub fn link_gone(branding: &Branding, loc: &Locale, renew_action: Option<&str>) -> Markup {
    let Some(renew_action) = renew_action else {
        return link_withdrawn(branding, loc);
    };
    bare_page(
        branding,
        loc,
        &loc.t("link-expired-title"),
        html! {
            h1 { (loc.t("link-expired-heading")) }
            p.lead {
                (loc.t("link-expired-why"))
            }
            form.card.renew method="post" action=(renew_action) {
                p {
                    (loc.t("link-expired-renew"))
                }
                button.button type="submit" { (loc.t("send-fresh-link")) }
            }
        },
    )
}

/// 410 for a link that was revoked, or whose contact was removed: final, no fresh link.
fn link_withdrawn(branding: &Branding, loc: &Locale) -> Markup {
    bare_page(
        branding,
        loc,
        &loc.t("link-withdrawn-title"),
        html! {
                    h1 { (loc.t("link-withdrawn-title")) }
                    p.lead {
        (loc.ta("link-withdrawn-why", &[("brand", s(branding.name.clone()))]))
                    }
                    p { (loc.ta("link-withdrawn-next", &[("brand", s(branding.name.clone()))])) }
                },
    )
}
