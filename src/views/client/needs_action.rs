//! The overview's "Needs your action": file requests nothing was sent for yet and the
//! client's requests waiting on an answer, in one section, with the way to the requests
//! page either way.

use maud::{Markup, html};
use time::Date;

use super::file_request::{FileRequestItem, file_request_item};
use super::requests::waiting_request_item;
use super::{PageContext, counted};
use crate::domain::ClientRequest;
use crate::views::components::Empty;

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
        section.card.question.attention[n > 0] aria-labelledby="needs-action" {
            h2 id="needs-action" { (counted("Needs your action", n)) }
            @if n == 0 {
                (Empty("Nothing is waiting on you."))
            } @else {
                ul.items {
                    @for i in &open { (file_request_item(ctx, i, today, false)) }
                    @for r in waiting { (waiting_request_item(ctx, r)) }
                }
            }
            p {
                a href=(ctx.href(&["requests"])) { "Your requests" }
                @if ctx.rights.invite {
                    " · " a href=(ctx.href(&["invite"])) { "Invite a colleague" }
                }
            }
        }
    }
}
