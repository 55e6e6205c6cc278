//! `GET /p/{token}/requests/{id}`: one request with its public thread and a reply form.
//! Internal replies never reach this page (the model is built without them, and the
//! renderer skips any that slipped in).

use maud::{Markup, html};

use crate::domain::validate::MAX_TEXT;
use crate::domain::{Author, ClientRequest, RequestReply};
use crate::views::components::{Crumb, Text};
use crate::views::layout::page;

use super::requests::request_badge;
use super::{PageContext, overview_crumb};

/// One request as the client sees it.
#[derive(Debug, Clone)]
pub struct RequestPage {
    pub request: ClientRequest,
    pub replies: Vec<RequestReply>,
    /// The project it is about, by name.
    pub project_name: Option<String>,
    /// The reply form's nonce, for links that may reply.
    pub reply_nonce: Option<String>,
}

#[must_use]
pub fn request(ctx: &PageContext, rp: &RequestPage) -> Markup {
    let r = &rp.request;
    let body = html! {
        h1 { (r.subject) }
        p.meta {
            (ctx.badge(request_badge(r.status)))
            @if let Some(name) = &rp.project_name { span { (name) } }
        }
        ol.comments {
            li.comment {
                p.byline {
                    strong { (r.opened_by.display_name()) }
                    " · " (ctx.moment(r.created_at, false))
                }
                (Text(&r.body))
            }
            @for reply in rp.replies.iter().filter(|x| !x.internal) {
                li.comment {
                    p.byline {
                        strong { (reply.author.display_name()) }
                        @if matches!(reply.author, Author::Staff { .. }) { " " span.tag { (ctx.t("team")) } }
                        " · " (ctx.moment(reply.at, false))
                    }
                    (Text(&reply.body))
                }
            }
        }
        @if let Some(nonce) = &rp.reply_nonce {
            section.block aria-labelledby="reply" {
                h2 id="reply" { (ctx.t("reply")) }
                form method="post" action=(ctx.href(&["requests", &r.id, "replies"])) {
                    input type="hidden" name="nonce" value=(nonce);
                    div.field {
                        label for="reply-body" { (ctx.t("your-reply")) }
                        textarea id="reply-body" name="body" rows="4" required maxlength=(MAX_TEXT) {}
                    }
                    button.button type="submit" { (ctx.t("send-reply")) }
                }
            }
        }
    };
    page(
        ctx,
        &r.subject,
        &[
            overview_crumb(ctx),
            Crumb::link(ctx.t("requests"), ctx.href(&["requests"])),
            Crumb::here(r.subject.clone()),
        ],
        body,
    )
}
