//! The overview's "Needs your action": file requests nothing was sent for yet and the
//! client's requests waiting on an answer, in one section shown only when something
//! waits; and the links to the requests page (and the invite page) under the heading.

use maud::{Markup, html};
use time::Date;

use super::file_request::{FileRequestItem, file_request_item};
use super::requests::waiting_request_item;
use super::{PageContext, counted};
use crate::domain::ClientRequest;

#[must_use]
pub(super) fn needs_action_section(
    ctx: &PageContext,
    files: &[FileRequestItem],
    waiting: &[ClientRequest],
    today: Date,
) -> Markup {
    let open: Vec<&FileRequestItem> = files.iter().filter(|i| i.open()).collect();
    let n = open.len() + waiting.len();
    html! {
        @if n > 0 {
            section.card.question.attention aria-labelledby="needs-action" {
                h2 id="needs-action" { (counted(&ctx.t("needs-your-action"), n)) }
                ul.items {
                    @for i in &open { (file_request_item(ctx, i, today, false)) }
                    @for r in waiting { (waiting_request_item(ctx, r)) }
                }
            }
        }
    }
}

/// The ways from the overview to what the client sends back: their requests, and (where
/// the client allows it) inviting a colleague.
#[must_use]
pub(super) fn page_links(ctx: &PageContext) -> Markup {
    html! {
        p.page-links {
            a href=(ctx.href(&["requests"])) { (ctx.t("your-requests")) }
            @if ctx.rights.invite {
                " · " a href=(ctx.href(&["invite"])) { (ctx.t("invite-a-colleague")) }
            }
            " · " a href=(ctx.href(&["export.zip"])) download { (ctx.t("export-everything")) }
        }
    }
}
