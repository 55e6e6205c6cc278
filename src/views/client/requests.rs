//! `GET /p/{token}/requests`: this client's requests, and the form to open one (shown
//! again with messages and the typed values when it was refused).

use maud::{Markup, html};

use crate::domain::validate::{MAX_LINE, MAX_TEXT};
use crate::domain::{ClientRequest, IntakeForm, Project, RequestStatus};
use crate::i18n::s;
use crate::views::components::{Badge, Crumb, Empty, Tone};
use crate::views::layout::page;

use super::{PageContext, counted, overview_crumb};

/// A request's status as a pill.
#[must_use]
pub fn request_badge(s: RequestStatus) -> Badge {
    let tone = match s {
        RequestStatus::Open => Tone::Info,
        RequestStatus::InProgress => Tone::Neutral,
        RequestStatus::WaitingOnClient => Tone::Warning,
        RequestStatus::Done => Tone::Success,
    };
    Badge {
        label: s.label(),
        key: match s {
            RequestStatus::Open => "request-open",
            RequestStatus::InProgress => "status-in-progress",
            RequestStatus::WaitingOnClient => "request-waiting-on-you",
            RequestStatus::Done => "status-done",
        },
        tone,
    }
}

/// What was typed into the new-request form, kept when it is shown again.
#[derive(Debug, Clone, Default)]
pub struct RequestValues {
    pub subject: String,
    pub body: String,
    pub project_id: String,
}

/// The new-request form, for links that may open requests.
#[derive(Debug, Clone, Default)]
pub struct NewRequestForm {
    pub nonce: String,
    /// The projects a request may be about.
    pub projects: Vec<Project>,
    pub errors: Vec<String>,
    pub values: RequestValues,
}

/// The requests page.
#[derive(Debug, Clone)]
pub struct RequestsPage {
    pub requests: Vec<ClientRequest>,
    /// Project names, to say what a request is about.
    pub projects: Vec<Project>,
    pub form: Option<NewRequestForm>,
    /// Open forms of the projects the link sees, with the project's name.
    pub forms: Vec<(IntakeForm, String)>,
}

#[must_use]
pub fn requests(ctx: &PageContext, rp: &RequestsPage) -> Markup {
    let project_name = |id: &str| {
        rp.projects
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
    };
    let body = html! {
        h1 { (ctx.t("your-requests")) }
        p.lead { (ctx.ta("requests-lead", &[("brand", s(ctx.branding.name.clone()))])) }
        @if let Some(form) = &rp.form {
            @if !form.errors.is_empty() {
                div.alert.alert-error role="alert" aria-labelledby="error-title" {
                    h2 id="error-title" { (ctx.t("request-not-sent")) }
                    ul { @for e in &form.errors { li { (e) } } }
                }
            }
        }
        section.block aria-labelledby="list" {
            h2 id="list" { (counted(&ctx.t("requests"), rp.requests.len())) }
            @if rp.requests.is_empty() {
                (Empty(&ctx.t("no-requests-yet")))
            } @else {
                ul.card-list {
                    @for r in &rp.requests {
                        li.item {
                            a href=(ctx.href(&["requests", &r.id])) { strong { (r.subject) } }
                            p.meta {
                                (ctx.badge(request_badge(r.status)))
                                @if let Some(name) = r.project_id.as_deref().and_then(project_name) {
                                    span { (name) }
                                }
                                span { (ctx.ta("opened-on-by", &[("date", s(ctx.loc.date(ctx.loc.day_of(r.created_at)))), ("name", s(r.opened_by.display_name().to_owned()))])) }
                            }
                        }
                    }
                }
            }
        }
        @if !rp.forms.is_empty() {
            section.block aria-labelledby="forms" {
                h2 id="forms" { (counted(&ctx.t("forms-to-fill-in"), rp.forms.len())) }
                ul.card-list {
                    @for (f, project) in &rp.forms {
                        li.item {
                            a href=(ctx.href(&["forms", &f.id])) { strong { (f.title) } }
                            p.meta { span { (project) } }
                        }
                    }
                }
            }
        }
        @if let Some(form) = &rp.form {
            (new_request_form(ctx, form))
        }
    };
    page(
        ctx,
        &ctx.t("requests"),
        &[overview_crumb(ctx), Crumb::here(ctx.t("requests"))],
        body,
    )
}

fn new_request_form(ctx: &PageContext, form: &NewRequestForm) -> Markup {
    let v = &form.values;
    html! {
        section.block.card aria-labelledby="new-request" {
            h2 id="new-request" { (ctx.t("open-a-request")) }
            form method="post" action=(ctx.href(&["requests"])) {
                input type="hidden" name="nonce" value=(form.nonce);
                div.field {
                    label for="request-subject" { (ctx.t("subject")) }
                    input id="request-subject" type="text" name="subject" required
                        maxlength=(MAX_LINE) value=(v.subject);
                }
                @if !form.projects.is_empty() {
                    div.field {
                        label for="request-project" { (ctx.t("about")) }
                        select id="request-project" name="project_id" {
                            option value="" selected[v.project_id.is_empty()] { (ctx.t("nothing-in-particular")) }
                            @for p in &form.projects {
                                option value=(p.id) selected[v.project_id == p.id] { (p.name) }
                            }
                        }
                    }
                }
                div.field {
                    label for="request-body" { (ctx.t("what-do-you-need")) }
                    textarea id="request-body" name="body" rows="5" required maxlength=(MAX_TEXT) { (v.body) }
                }
                button.button type="submit" { (ctx.t("send-request")) }
            }
        }
    }
}

/// One request waiting on the client, as a list item of "Needs your action".
pub(super) fn waiting_request_item(ctx: &PageContext, r: &ClientRequest) -> Markup {
    html! {
        li {
            a.item href=(ctx.href(&["requests", &r.id])) {
                span.item-title { (r.subject) }
                span.item-meta { (ctx.t("waiting-on-your-answer")) }
                span.item-action { (ctx.t("read-and-reply")) }
            }
        }
    }
}
