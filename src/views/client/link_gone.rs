//! 410: a genuine link that expired, was revoked or was cut off.
//! Like every refusal page it takes only the deployment's branding: no client data,
//! nothing echoed from the request.

use maud::{Markup, html};

use crate::config::Branding;
use crate::views::layout::bare_page;

/// 410 for a genuine link that expired, was revoked or was cut off, with a button that
/// asks for a fresh link (`POST renew_action`, the caller's `/p/{token}/renew`).
#[must_use]
pub fn link_gone(branding: &Branding, renew_action: &str) -> Markup {
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
