//! Pages for links that do not (or no longer) open a portal, and for refused requests.
//! They take only the deployment's [`Branding`]: no client data, nothing echoed from the
//! request.

use maud::{Markup, html};

use crate::config::Branding;

use super::layout::bare_page;

/// 404 for anything that is not a genuine link (malformed, forged, unknown key) or a
/// record outside the link's reach. Deliberately the same for every cause.
#[must_use]
pub fn not_found(branding: &Branding) -> Markup {
    bare_page(
        branding,
        "This link is not valid",
        html! {
            h1 { "This link is not valid" }
            p.lead { "We could not find a page at this address." }
            p {
                "If you opened it from an email, check that the whole link was copied. "
                "If it still does not work, ask your contact at " (branding.name)
                " to send you a new one."
            }
        },
    )
}

/// 410 for a genuine link that expired, was revoked or was cut off, with a button that
/// asks for a fresh link (`POST renew_action`, the caller's `/p/{token}/renew`).
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

/// 410 for a genuine link to a client whose portal was switched off. No button.
#[must_use]
pub fn portal_closed(branding: &Branding, contact_hint: Option<&str>) -> Markup {
    bare_page(
        branding,
        "This portal is closed",
        html! {
            h1 { "This portal is closed" }
            p.lead { (branding.name) " has closed this client portal, so its pages are no longer available." }
            p {
                "For files, decisions or questions, please contact "
                @if let Some(hint) = contact_hint.map(str::trim).filter(|h| !h.is_empty()) {
                    strong { (hint) }
                } @else {
                    "your usual contact at " (branding.name)
                }
                "."
            }
        },
    )
}

/// The neutral answer to `POST /p/{token}/renew`, the same whether or not a mail went out.
#[must_use]
pub fn renew_sent(branding: &Branding) -> Markup {
    bare_page(
        branding,
        "Check your inbox",
        html! {
            h1 { "Check your inbox" }
            p.lead {
                "If this link belongs to an address on file, a fresh link is on its way. "
                "Check your inbox."
            }
            p {
                "It can take a few minutes to arrive; please also look in your spam folder. "
                "The old link stays switched off."
            }
        },
    )
}

/// 429: too many requests from this address.
#[must_use]
pub fn rate_limited(branding: &Branding) -> Markup {
    bare_page(
        branding,
        "Too many requests",
        html! {
            h1 { "Too many requests" }
            p.lead { "This page was asked for too often in a short time." }
            p { "Please wait a minute, then try again." }
        },
    )
}

/// 400 with a message for a person (escaped; never include request data the caller did
/// not mean to show).
#[must_use]
pub fn bad_request(branding: &Branding, message: &str) -> Markup {
    bare_page(
        branding,
        "Request not understood",
        html! {
            h1 { "We could not use that request" }
            p.lead { (message) }
            p { "Please go back, check what you entered and try again." }
        },
    )
}

/// 403 for a link that may look but not do this (decide, download, comment, upload), or a
/// form sent from another site. `back` leads to the page the person came from.
#[must_use]
pub fn not_allowed(branding: &Branding, message: &str, back: Option<&str>) -> Markup {
    bare_page(
        branding,
        "Not allowed with this link",
        html! {
            h1 { "Not allowed with this link" }
            p.lead { (message) }
            p {
                "If you should be able to do this, ask your contact at " (branding.name)
                " for a link that allows it."
            }
            @if let Some(back) = back { p { a.button href=(back) { "Back to the page" } } }
        },
    )
}

/// 409: the request conflicts with the record as it is now.
#[must_use]
pub fn conflict(branding: &Branding, message: &str) -> Markup {
    bare_page(
        branding,
        "That conflicts with the record",
        html! {
            h1 { "That no longer fits the record" }
            p.lead { (message) }
            p { "Please go back and reload the page to see how things stand now." }
        },
    )
}

/// 500: something failed on our side; nothing is said about what.
#[must_use]
pub fn server_error(branding: &Branding) -> Markup {
    bare_page(
        branding,
        "Something went wrong",
        html! {
            h1 { "Something went wrong on our side" }
            p.lead { "Nothing you did caused this. Please try again in a few minutes." }
            p { "If it keeps happening, let your contact at " (branding.name) " know." }
        },
    )
}
