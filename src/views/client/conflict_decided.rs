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
        ctx.t("approval-withdrawn")
    } else {
        ctx.t("approval-already-decided")
    };
    let body = html! {
        div.page-head {
            h1 { (title) }
            p.lead { (ctx.t("submission-on")) " " strong { (a.title) } " " (ctx.t("was-not-recorded")) }
        }
        div.card {
            p { (approval_summary(ctx, a)) }
            @if !withdrawn {
                p.muted {
                    (ctx.ta("not-what-you-meant", &[("brand", crate::i18n::s(ctx.branding.name.clone()))]))
                }
            }
        }
        p.actions {
            a.button href=(approval_href(ctx, &a.id)) {
                @if withdrawn { (ctx.t("back-to-approval")) } @else { (ctx.t("see-recorded-decision")) }
            }
        }
    };
    page(ctx, &title, &approval_crumbs(ctx, ap, &a.title), body)
}
