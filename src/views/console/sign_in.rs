//! Passwordless sign-in: ask for an email, tell the person to check their mail, confirm
//! the link with a button (mail scanners fetch links; only the POST signs in).

use maud::{Markup, html};

use super::{csrf_field, signed_out_page};
use crate::config::Branding;

/// `GET /staff/login`.
#[must_use]
pub fn login(branding: &Branding, csrf: &str) -> Markup {
    signed_out_page(
        branding,
        "Sign in",
        html! {
            h1 { "Sign in to the staff console" }
            p.lead { "Enter your staff email address. We will mail you a link that signs you in." }
            form.card method="post" action="/staff/login" {
                (csrf_field(csrf))
                div.field {
                    label for="email" { "Email address" }
                    input #email type="email" name="email" required autocomplete="email" inputmode="email";
                }
                button.button type="submit" { "Email me a sign-in link" }
            }
        },
    )
}

/// After `POST /staff/login`, the same whether or not the address is known.
#[must_use]
pub fn link_sent(branding: &Branding) -> Markup {
    signed_out_page(
        branding,
        "Check your mail",
        html! {
            h1 { "Check your mail" }
            p.lead {
                "If that address belongs to a staff member, a sign-in link is on its way. "
                "It works once, for 15 minutes."
            }
            p { a href="/staff/login" { "Start again" } }
        },
    )
}

/// After too many sign-in requests (429): nothing here depends on the address.
#[must_use]
pub fn too_many(branding: &Branding, minutes: u64) -> Markup {
    signed_out_page(
        branding,
        "Please wait",
        html! {
            h1 { "Please wait a little" }
            p.lead {
                "There were too many sign-in requests from here or for this address. "
                "Try again in " (minutes) @if minutes == 1 { " minute." } @else { " minutes." }
            }
            p {
                "If that address belongs to a staff member, a sign-in link sent earlier "
                "still works for 15 minutes after it was sent."
            }
            p { a href="/staff/login" { "Back to sign-in" } }
        },
    )
}

/// `GET /staff/signin/{token}`: a button, so that fetching the link signs nobody in.
#[must_use]
pub fn confirm(branding: &Branding, csrf: &str, action: &str) -> Markup {
    signed_out_page(
        branding,
        "Confirm sign-in",
        html! {
            h1 { "Sign in to the staff console" }
            form.card method="post" action=(action) {
                (csrf_field(csrf))
                p { "Press the button to finish signing in on this device." }
                button.button type="submit" { "Sign in" }
            }
        },
    )
}

/// A sign-in link that was used, expired, or never existed.
#[must_use]
pub fn link_dead(branding: &Branding, why: &str) -> Markup {
    signed_out_page(
        branding,
        "Sign-in link not usable",
        html! {
            h1 { "This sign-in link cannot be used" }
            p.lead { (why) }
            p { a.button href="/staff/login" { "Request a new link" } }
        },
    )
}
