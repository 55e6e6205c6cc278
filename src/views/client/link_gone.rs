//! 410: a genuine link that no longer opens the portal. Expired or cut off: with a
//! button that asks for a fresh link; revoked, or its contact removed: final, no button.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::views::layout::bare_page;

/// 410 for a genuine dead link; `renew_action` (the caller's `/p/{token}/renew`) when a
/// fresh link may be asked for, `None` when the link is gone for good.
#[must_use]
pub fn link_gone(branding: &Branding, renew_action: Option<&str>) -> Markup {
    let Some(renew_action) = renew_action else {
        return link_withdrawn(branding);
    };
    bare_page(
        branding,
        "This link has expired",
        html! {
            h1 { "This link has expired or was replaced" }
            p.lead {
                "Private links to your project pages only work for a limited time, and a "
                "link stops working when a newer one is sent. This keeps your project "
                "safe if an old email is forwarded or found."
            }
            form.card.renew method="post" action=(renew_action) {
                p {
                    "We can email a fresh link to the address this link was sent to. "
                    "For your security, the address is not shown here."
                }
                button.button type="submit" { "Send me a fresh link" }
            }
        },
    )
}

/// 410 for a link that was revoked, or whose contact was removed: final, no fresh link.
fn link_withdrawn(branding: &Branding) -> Markup {
    bare_page(
        branding,
        "This link no longer works",
        html! {
            h1 { "This link no longer works" }
            p.lead {
                (branding.name) " has withdrawn this link, so it cannot open the project pages "
                "any more and no fresh link can be sent for it."
            }
            p { "If you think you should still have access, please contact your usual contact at " (branding.name) "." }
        },
    )
}
