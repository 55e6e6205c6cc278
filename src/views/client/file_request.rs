//! `GET /p/{token}/file_requests/{id}`: one file request, what was sent for it, and the
//! upload form (plain multipart, no script) for a link that may upload. The list of
//! requests under "Needs your action" on the overview and the project page lives here
//! too.

use maud::{Markup, html};
use time::Date;

use crate::domain::{FileRequest, Project};
use crate::i18n::{n, s};
use crate::views::components::{Crumb, Text};
use crate::views::format::anchor;
use crate::views::layout::page;

use super::{PageContext, counted, download_href, overview_crumb, project_href};

/// A file request with its project, for lists and its own page.
#[derive(Debug, Clone)]
pub struct FileRequestItem {
    pub request: FileRequest,
    pub project: Project,
}

impl FileRequestItem {
    /// Nothing was sent for it yet: it waits for the client.
    #[must_use]
    pub fn open(&self) -> bool {
        self.request.uploads.is_empty()
    }
}

pub(super) fn file_request_href(ctx: &PageContext, id: &str) -> String {
    ctx.href(&["file_requests", id])
}

/// What the request takes, in words.
fn accepted(ctx: &PageContext, r: &FileRequest) -> String {
    let kinds = if r.accept.is_empty() {
        ctx.t("any-kind-of-file")
    } else {
        r.accept.join(", ")
    };
    ctx.ta(
        "accepted-up-to",
        &[("kinds", s(kinds)), ("size", s(ctx.size(r.max_bytes)))],
    )
}

/// The upload form: `POST {base}/file_requests/{id}`, one `file` field.
pub(super) fn upload_form(ctx: &PageContext, r: &FileRequest) -> Markup {
    let field_id = anchor("upload-file", &r.id);
    html! {
        form.upload-form method="post" action=(file_request_href(ctx, &r.id)) enctype="multipart/form-data" {
            div.field {
                label for=(field_id) { (ctx.t("choose-a-file")) }
                input type="file" id=(field_id) name="file" required accept=(r.accept.join(","));
                p.hint { (ctx.t("accepted")) " " (accepted(ctx, r)) "." }
            }
            button.button type="submit" { (ctx.t("send-file")) }
        }
    }
}

/// One open file request as a list item: its page, and its form when `with_forms` and the
/// link may upload.
pub(super) fn file_request_item(
    ctx: &PageContext,
    i: &FileRequestItem,
    today: Date,
    with_forms: bool,
) -> Markup {
    let r = &i.request;
    html! {
        li {
            a.item href=(file_request_href(ctx, &r.id)) {
                span.item-title { (r.title) }
                span.item-meta { (i.project.name) " · " (accepted(ctx, r)) }
                span.item-meta {
                    @if let Some(due) = r.due_on {
                        (ctx.due(due, today))
                    } @else {
                        (ctx.t("no-due-date"))
                    }
                }
                span.item-action { (ctx.t("send-files")) }
            }
            @if with_forms && ctx.sections.files && ctx.rights.upload {
                (upload_form(ctx, r))
            }
        }
    }
}

/// Requests something was already sent for, each linking to its page (where more can be
/// sent): for the project page.
pub(super) fn answered_section(ctx: &PageContext, items: &[FileRequestItem]) -> Markup {
    let answered: Vec<&FileRequestItem> = items.iter().filter(|i| !i.open()).collect();
    html! {
        @if !answered.is_empty() && ctx.sections.files {
            section.block aria-labelledby="file-requests" {
                h2 id="file-requests" { (counted(&ctx.t("files-we-asked-for"), answered.len())) }
                ul.items.compact {
                    @for i in &answered {
                        @let r = &i.request;
                        li {
                            a href=(file_request_href(ctx, &r.id)) { (r.title) }
                            " · " (ctx.ta("files-sent", &[("n", n(r.uploads.len()))]))
                        }
                    }
                }
            }
        }
    }
}

/// The request page.
#[must_use]
pub fn file_request(ctx: &PageContext, item: &FileRequestItem, today: Date) -> Markup {
    let r = &item.request;
    let body = html! {
        div.page-head {
            h1 { (r.title) }
            p.meta {
                span { (ctx.t("project-label")) " " a href=(project_href(ctx, &item.project.id)) { (item.project.name) } }
                @if let Some(due) = r.due_on {
                    @if item.open() { (ctx.due(due, today)) } @else { span { (ctx.t("was-due")) " " (ctx.day(due)) } }
                }
                span { (ctx.t("asked")) " " (ctx.day_of(r.created_at)) }
            }
        }
        @if !r.description.trim().is_empty() {
            div.lead { (Text(&r.description)) }
        }
        section.block aria-labelledby="sent" {
            h2 id="sent" { (counted(&ctx.t("sent-so-far"), r.uploads.len())) }
            @if r.uploads.is_empty() {
                p.empty { (ctx.t("nothing-sent-yet")) }
            } @else {
                ul.items.compact {
                    @for u in &r.uploads {
                        li {
                            strong { (u.name) } " " (ctx.ta("version-in-brackets", &[("n", n(u.n as usize))]))
                            p.meta {
                                span { (ctx.size(u.size)) }
                                span { (ctx.ta("sent-on-by", &[("date", s(ctx.loc.date(ctx.loc.day_of(u.at)))), ("name", s(u.contact.name.clone()))])) }
                            }
                            @if ctx.rights.download {
                                a.button.button-secondary.download href=(download_href(ctx, &u.file_id, u.n)) {
                                    (ctx.t("download"))
                                    span.visually-hidden { " " (ctx.ta("file-version", &[("name", s(u.name.clone())), ("n", n(u.n as usize))])) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if ctx.rights.upload {
            section.block aria-labelledby="send" {
                h2 id="send" { (ctx.t("send-a-file")) }
                (upload_form(ctx, r))
            }
        } @else {
            p.note { (ctx.t("view-only-file-request")) }
        }
    };
    page(
        ctx,
        &r.title,
        &[
            overview_crumb(ctx),
            Crumb::link(
                item.project.name.clone(),
                project_href(ctx, &item.project.id),
            ),
            Crumb::here(r.title.clone()),
        ],
        body,
    )
}
