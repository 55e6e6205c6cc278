//! 409 when a decision names a version that is no longer the current one.

use maud::{Markup, html};

use crate::views::layout::page;

use super::approval::{ApprovalPage, approval_crumbs};
use super::{PageContext, approval_href, version_details};

/// The 409 page for a decision on a version that is no longer current.
#[must_use]
pub fn conflict_stale(ctx: &PageContext, ap: &ApprovalPage) -> Markup {
    let a = &ap.approval;
    let file = ap.file.as_ref().filter(|f| f.client_visible);
    let version = ap.current_version();
    let body = html! {
        div.page-head {
            h1 { (ctx.t("newer-version-uploaded")) }
            p.lead {
                (ctx.t("your-decision-on")) " " strong { (a.title) } " " (ctx.t("stale-explained"))
            }
        }
        @match (file, version) {
            (Some(f), Some(v)) => {
                section.card.deliverable aria-labelledby="new-version" {
                    h2 id="new-version" { (ctx.ta("new-version-of", &[("n", crate::i18n::n(v.n as usize)), ("name", crate::i18n::s(f.name.clone()))])) }
                    (version_details(ctx, f, v, true))
                }
            }
            _ => {}
        }
        p.actions {
            a.button href=(approval_href(ctx, &a.id)) {
                @if let Some(v) = version { (ctx.ta("review-version", &[("n", crate::i18n::n(v.n as usize))])) } @else { (ctx.t("back-to-approval")) }
            }
        }
    };
    page(
        ctx,
        &ctx.t("newer-version-uploaded"),
        &approval_crumbs(ctx, ap, &a.title),
        body,
    )
}
