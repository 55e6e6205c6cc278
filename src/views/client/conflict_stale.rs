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
            h1 { "A newer version was uploaded" }
            p.lead {
                "Your decision on " strong { (a.title) } " was not recorded: while you had the "
                "page open, a newer version was uploaded. Please look at it before deciding."
            }
        }
        @match (file, version) {
            (Some(f), Some(v)) => {
                section.card.deliverable aria-labelledby="new-version" {
                    h2 id="new-version" { "New: version " (v.n) " of " (f.name) }
                    (version_details(ctx, f, v, true))
                }
            }
            _ => {}
        }
        p.actions {
            a.button href=(approval_href(ctx, &a.id)) {
                @if let Some(v) = version { "Review version " (v.n) } @else { "Back to the approval" }
            }
        }
    };
    page(
        ctx,
        "A newer version was uploaded",
        &approval_crumbs(ctx, ap, &a.title),
        body,
    )
}
