//! "Needs your decision" and "Needs your action": what waits on the person behind the
//! link, first on every client page (SPEC 13). One component, fed by one read
//! (`AppState::portal_to_do`): approvals they may decide, file requests nothing was sent
//! for, requests waiting on their answer, forms they have not answered.

use maud::{Markup, html};
use time::Date;

use super::file_request::{FileRequestItem, file_request_item};
use super::requests::waiting_request_item;
use super::{PageContext, approval_href, counted};
use crate::i18n::n as num;
use crate::ops::to_do::ToDo;
use crate::views::components::Empty;

/// Decisions listed at most; the rest are counted (each is on its project's page). A
/// contact with thousands waiting must not get a page of thousands of links.
pub(super) const SHOWN_DECISIONS: usize = 20;

/// How a page shows what waits.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ToDoShown {
    /// Show "Needs your decision" even when nothing waits (the overview answers it).
    pub always: bool,
    /// Put each file request's upload form right in the list (the project page).
    pub upload_forms: bool,
}

/// The two cards, each only when something waits (unless `shown.always`).
#[must_use]
pub(super) fn to_do_section(
    ctx: &PageContext,
    todo: &ToDo,
    today: Date,
    shown: ToDoShown,
) -> Markup {
    let n = todo.decisions.len();
    let actions = todo.actions();
    html! {
        @if ctx.sections.approvals && (n > 0 || shown.always) {
            section.card.question.to-do.attention[n > 0] aria-labelledby="needs-decision" {
                h2 id="needs-decision" { (counted(&ctx.t("needs-your-decision"), n)) }
                @if n == 0 {
                    (Empty(&ctx.t("needs-decision-empty")))
                } @else {
                    ul.items {
                        @for d in todo.decisions.iter().take(SHOWN_DECISIONS) {
                            li {
                                a.item href=(approval_href(ctx, &d.approval.id)) {
                                    span.item-title { (d.approval.title) }
                                    span.item-meta {
                                        (d.place)
                                        @if let Some(f) = &d.file_name { " · " (f) }
                                    }
                                    span.item-meta {
                                        @if let Some(due) = d.approval.due_on {
                                            (ctx.due(due, today))
                                        } @else {
                                            (ctx.t("no-due-date"))
                                        }
                                    }
                                    span.item-action { (ctx.t("review-and-decide")) }
                                }
                            }
                        }
                    }
                    @if n > SHOWN_DECISIONS {
                        p.muted { (ctx.ta("needs-decision-more", &[("count", num(n - SHOWN_DECISIONS))])) }
                    }
                }
            }
        }
        @if actions > 0 {
            section.card.question.to-do.attention aria-labelledby="needs-action" {
                h2 id="needs-action" { (counted(&ctx.t("needs-your-action"), actions)) }
                ul.items {
                    @for v in &todo.file_requests {
                        (file_request_item(ctx, &FileRequestItem { request: v.request.clone(), project: v.project.clone() }, today, shown.upload_forms))
                    }
                    @for r in &todo.requests { (waiting_request_item(ctx, r)) }
                    @for (f, project) in &todo.forms {
                        li {
                            a.item href=(ctx.href(&["forms", &f.id])) {
                                span.item-title { (f.title) }
                                span.item-meta { (project) }
                                span.item-action { (ctx.t("fill-in-the-form")) }
                            }
                        }
                    }
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
