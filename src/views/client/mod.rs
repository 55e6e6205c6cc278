//! The client pages (`/p/{token}/...`), one file per page, each with its view model
//! and its render function; the refusal pages (404, 410, 429, 400, 500) take only the
//! deployment's branding. This file holds what several pages share: the [`PageContext`],
//! the links between pages, and the comment and file-version pieces.

mod approval;
mod bad_request;
mod confirmation;
mod conflict;
mod conflict_decided;
mod conflict_stale;
mod file_request;
mod form;
mod invite;
mod link_gone;
mod list;
mod list_row;
mod needs_action;
mod not_allowed;
mod not_found;
mod overview;
mod portal_closed;
mod preview;
mod project;
mod rate_limited;
mod renew_sent;
mod reports;
mod request;
mod requests;
mod server_error;
mod verify;

pub use approval::{ApprovalPage, DecisionForm, DecisionValues, approval};
pub use bad_request::bad_request;
pub use conflict::conflict;
pub use conflict_decided::conflict_decided;
pub use conflict_stale::conflict_stale;
pub use file_request::{FileRequestItem, file_request};
pub use form::{FormPage, form};
pub use invite::{InvitePage, invite};
pub use link_gone::link_gone;
pub use list::{ListSummary, ListView, cell_text, list, lists_section, stage_badge};
pub use list_row::{RowView, list_row};
pub use not_allowed::not_allowed;
pub use not_found::not_found;
pub use overview::{
    COMPLETED_AT_LEAST, COMPLETED_RECENT_DAYS, MilestoneItem, NEXT_PER_PROJECT, NextGroup,
    Overview, ProjectSummary, overview,
};
pub use portal_closed::portal_closed;
pub use preview::Previews;
pub use project::{
    ACTIVITY_LIMIT, ActivityItem, ActivityKind, ActivityLink, MilestoneView, ProjectPage, project,
};
pub use rate_limited::rate_limited;
pub use renew_sent::renew_sent;
pub use reports::{ReportsPage, reports};
pub use request::{RequestPage, request};
pub use requests::{NewRequestForm, RequestValues, RequestsPage, request_badge, requests};
pub use server_error::server_error;
pub use verify::{VerifyPage, verify, verify_url};

use maud::{Markup, html};

use crate::config::Branding;
use crate::domain::access::Rights;
use crate::domain::validate::MAX_TEXT;
use crate::domain::{Author, Comment, FileRecord, FileVersion, Sections};

use super::components::{Badge, Crumb, DayIn, DayOfIn, DueIn, MomentIn, Sha, Text};
use super::format::{self, anchor};
use crate::i18n::{Arg, Locale, n, s};

/// Who is looking and how the deployment looks: everything the layout needs.
#[derive(Debug, Clone)]
pub struct PageContext {
    pub branding: Branding,
    /// `/p/{token}`: every link in a client page starts with it.
    pub base: String,
    /// The reader's language (`<html lang>`) and the client's time zone.
    pub loc: Locale,
    pub client_name: String,
    /// The contact the link was issued to.
    pub contact_name: String,
    /// Sections switched off are not rendered at all.
    pub sections: Sections,
    /// What this link may do: no button for what it may not.
    pub rights: Rights,
    /// The grant's stylesheet mark (see `Keyring::view_marker`): the page links
    /// `app.css?v=<hash>&seen=<mark>`, the same cacheable stylesheet.
    pub view_marker: Option<String>,
}

impl PageContext {
    /// `base` + percent-encoded segments: `ctx.href(&["projects", id])`.
    #[must_use]
    pub fn href(&self, segments: &[&str]) -> String {
        format::href(&self.base, segments)
    }

    /// The message `id` in the reader's language.
    #[must_use]
    pub fn t(&self, id: &str) -> String {
        self.loc.t(id)
    }

    /// The message `id` with arguments.
    #[must_use]
    pub fn ta(&self, id: &str, args: &[(&'static str, Arg)]) -> String {
        self.loc.ta(id, args)
    }

    /// A calendar day.
    #[must_use]
    pub fn day(&self, d: time::Date) -> DayIn<'_> {
        DayIn(&self.loc, d)
    }

    /// The day of an instant in the client's zone.
    #[must_use]
    pub fn day_of(&self, at: time::OffsetDateTime) -> DayOfIn<'_> {
        DayOfIn(&self.loc, at)
    }

    /// An instant in the client's zone, the zone named.
    #[must_use]
    pub fn moment(&self, at: time::OffsetDateTime, seconds: bool) -> MomentIn<'_> {
        MomentIn {
            loc: &self.loc,
            at,
            seconds,
        }
    }

    /// "Due 3 Dec 2026", flagged when past.
    #[must_use]
    pub fn due(&self, on: time::Date, today: time::Date) -> DueIn<'_> {
        DueIn {
            loc: &self.loc,
            on,
            today,
        }
    }

    /// A status badge in the reader's language.
    #[must_use]
    pub fn badge(&self, b: impl Into<Badge>) -> Markup {
        b.into().in_locale(&self.loc)
    }

    /// A file size in the reader's locale.
    #[must_use]
    pub fn size(&self, bytes: u64) -> String {
        self.loc.size(bytes)
    }
}

/// The hidden fields of a comment form (`POST {base}/comments`).
#[derive(Debug, Clone)]
pub struct CommentForm {
    /// Single-use form nonce, as for decisions.
    pub nonce: String,
}

pub(super) fn overview_crumb(ctx: &PageContext) -> Crumb {
    Crumb::link(ctx.t("overview"), ctx.base.clone())
}

pub(super) fn project_href(ctx: &PageContext, project_id: &str) -> String {
    ctx.href(&["projects", project_id])
}

pub(super) fn approval_href(ctx: &PageContext, approval_id: &str) -> String {
    ctx.href(&["approvals", approval_id])
}

pub(super) fn download_href(ctx: &PageContext, file_id: &str, n: u32) -> String {
    ctx.href(&["files", file_id, &n.to_string()])
}

/// A heading with the count in it: "Needs your decision (2)".
pub(super) fn counted(label: &str, n: usize) -> String {
    format!("{label} ({n})")
}

pub(super) fn comment_list(ctx: &PageContext, comments: &[Comment]) -> Markup {
    html! {
        ol.comments {
            @for c in comments {
                li.comment {
                    p.byline {
                        strong { (c.author.display_name()) }
                        @if matches!(c.author, Author::Staff { .. }) { " " span.tag { (ctx.t("team")) } }
                        " · " (ctx.moment(c.at, false))
                    }
                    (Text(&c.body))
                }
            }
        }
    }
}

/// A collapsed comment form (`<details>` needs no script). Posts `nonce`,
/// `milestone_id` or `approval_id`, and `body` to `{base}/comments`.
pub(super) fn comment_form(
    ctx: &PageContext,
    form: &CommentForm,
    target_field: &str,
    target_id: &str,
) -> Markup {
    let field_id = anchor("comment-body", target_id);
    html! {
        details.comment-box {
            summary { (ctx.t("add-comment")) }
            form method="post" action=(ctx.href(&["comments"])) {
                input type="hidden" name="nonce" value=(form.nonce);
                input type="hidden" name=(target_field) value=(target_id);
                div.field {
                    label for=(field_id) { (ctx.t("your-comment")) }
                    textarea id=(field_id) name="body" rows="3" required maxlength=(MAX_TEXT) {}
                }
                button.button.button-secondary type="submit" { (ctx.t("post-comment")) }
            }
        }
    }
}

pub(super) fn version_details(
    ctx: &PageContext,
    f: &FileRecord,
    v: &FileVersion,
    latest: bool,
) -> Markup {
    html! {
        div.version-head {
            strong { (ctx.ta("version-n", &[("n", n(v.n as usize))])) }
            @if latest { " " span.badge.badge-info { (ctx.t("latest")) } }
        }
        p.meta {
            span { (ctx.size(v.size)) }
            span { (ctx.t("uploaded")) " " (ctx.day_of(v.uploaded_at)) }
            // Client uploads keep `link:<grant_id>`, which means nothing to a reader.
            @if v.uploaded_by.starts_with("link:") {
                span { (ctx.t("sent-by-your-team")) }
            } @else {
                span { (ctx.ta("uploaded-by", &[("name", s(v.uploaded_by.clone()))])) }
            }
        }
        @if let Some(note) = v.note.as_deref().filter(|n| !n.trim().is_empty()) {
            div.note { (Text(note)) }
        }
        p.hash-line { span.hash-label { "SHA-256 " } (Sha(&v.sha256)) }
        @if ctx.sections.files && ctx.rights.download {
            a.button.button-secondary.download href=(download_href(ctx, &f.id, v.n)) {
                (ctx.t("download"))
                span.visually-hidden { " " (ctx.ta("file-version", &[("name", s(f.name.clone())), ("n", n(v.n as usize))])) }
                " (" (ctx.size(v.size)) ")"
            }
        }
    }
}
