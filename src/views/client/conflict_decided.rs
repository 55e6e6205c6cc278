//! 409 when a decision comes for an approval that is already decided or was withdrawn.

use maud::{Markup, html};

use crate::domain::ApprovalStatus;
use crate::views::layout::page;

use super::approval::{ApprovalPage, approval_crumbs, approval_summary};
use super::{PageContext, approval_href};

/// The 409 page for a second decision on an approval that is already decided (or was
/// withdrawn).
#[must_use]
pub fn conflict_decided(ctx: &PageContext, ap: &ApprovalPage) -> Markup {
    let a = &ap.approval;
    let withdrawn = a.status == ApprovalStatus::Withdrawn;
    let title = if withdrawn {
        "This approval was withdrawn"
    } else {
        "This approval was already decided"
    };
    let body = html! {
        div.page-head {
            h1 { (title) }
            p.lead { "Your submission on " strong { (a.title) } " was not recorded." }
        }
        div.card {
            p { (approval_summary(a)) }
            @if !withdrawn {
                p.muted {
                    "If this decision is not what you meant, please reply to the email you "
                    "received from " (ctx.branding.name) "."
                }
            }
        }
        p.actions {
            a.button href=(approval_href(ctx, &a.id)) {
                @if withdrawn { "Back to the approval" } @else { "See the recorded decision" }
            }
        }
    };
    page(ctx, title, &approval_crumbs(ctx, ap, &a.title), body)
}
