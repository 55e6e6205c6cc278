//! `GET /staff/clients/{id}/requests`: a client's requests with their status, and
//! `GET /staff/requests/{id}`: one request's whole thread (internal replies marked), a reply
//! form (public or internal) and a status select.

use maud::{Markup, html};

use super::{Chrome, csrf_field, page};
use crate::domain::validate::MAX_TEXT;
use crate::domain::{Author, Client, ClientRequest, IntakeForm, RequestStatus};
use crate::store::requests::RequestThread;
use crate::views::client::request_badge;
use crate::views::components::{Crumb, Empty, Moment, Text};

const STATUSES: [(RequestStatus, &str); 4] = [
    (RequestStatus::Open, "open"),
    (RequestStatus::InProgress, "in_progress"),
    (RequestStatus::WaitingOnClient, "waiting_on_client"),
    (RequestStatus::Done, "done"),
];

fn staff_label(s: RequestStatus) -> &'static str {
    match s {
        RequestStatus::WaitingOnClient => "Waiting on the client",
        other => other.label(),
    }
}

fn client_crumbs(client: &Client) -> Vec<Crumb> {
    vec![
        Crumb::link("Dashboard", "/staff"),
        Crumb::link("Clients", "/staff/clients"),
        Crumb::link(client.name.clone(), format!("/staff/clients/{}", client.id)),
    ]
}

/// The list of a client's requests.
#[must_use]
pub fn requests(
    chrome: &Chrome,
    client: &Client,
    requests: &[ClientRequest],
    forms: &[(IntakeForm, String)],
) -> Markup {
    let mut crumbs = client_crumbs(client);
    crumbs.push(Crumb::here("Requests"));
    let body = html! {
        h1 { "Requests from " (client.name) }
        @if requests.is_empty() {
            (Empty("This client has not opened a request yet."))
        } @else {
            ul.card-list {
                @for r in requests {
                    li.item {
                        a href=(format!("/staff/requests/{}", r.id)) { strong { (r.subject) } }
                        p.meta {
                            (request_badge(r.status))
                            span { "Opened " (Moment { at: r.created_at, seconds: false }) " by " (r.opened_by.display_name()) }
                            span { "Last change " (Moment { at: r.updated_at, seconds: false }) }
                        }
                    }
                }
            }
        }
    };
    let body = html! {
        (body)
        section.card aria-labelledby="forms-h" {
            h2 #forms-h { "Forms" }
            @if forms.is_empty() {
                (Empty("No forms yet. Create one with POST /api/v1/projects/{id}/forms."))
            } @else {
                ul.items {
                    @for (f, project) in forms {
                        li {
                            a href=(format!("/staff/forms/{}", f.id)) { (f.title) }
                            " · " (project)
                            @if f.closed { " · closed" }
                        }
                    }
                }
            }
        }
    };
    page(
        chrome,
        &format!("Requests · {}", client.name),
        &crumbs,
        body,
    )
}

/// One request with its thread and the staff forms.
#[must_use]
pub fn request(chrome: &Chrome, client: &Client, t: &RequestThread) -> Markup {
    let r = &t.request;
    let mut crumbs = client_crumbs(client);
    crumbs.push(Crumb::link(
        "Requests",
        format!("/staff/clients/{}/requests", client.id),
    ));
    crumbs.push(Crumb::here(r.subject.clone()));
    let body = html! {
        h1 { (r.subject) }
        p.meta { (request_badge(r.status)) }
        ol.comments {
            li.comment {
                p.byline {
                    strong { (r.opened_by.display_name()) }
                    " · " (Moment { at: r.created_at, seconds: false })
                }
                (Text(&r.body))
            }
            @for reply in &t.replies {
                li.comment {
                    p.byline {
                        strong { (reply.author.display_name()) }
                        @if matches!(reply.author, Author::Staff { .. }) { " " span.tag { "Team" } }
                        @if reply.internal { " " span.badge.badge-warning { "Internal" } }
                        " · " (Moment { at: reply.at, seconds: false })
                    }
                    (Text(&reply.body))
                }
            }
        }
        section.card aria-labelledby="reply" {
            h2 id="reply" { "Reply" }
            form method="post" action=(format!("/staff/requests/{}/replies", r.id)) {
                (csrf_field(&chrome.csrf))
                div.field {
                    label for="reply-body" { "Reply" }
                    textarea id="reply-body" name="body" rows="4" required maxlength=(MAX_TEXT) {}
                }
                div.field.check {
                    input id="reply-internal" type="checkbox" name="internal" value="on";
                    label for="reply-internal" { "Internal: staff only, never shown to the client" }
                }
                button.button type="submit" { "Post reply" }
            }
        }
        section.card aria-labelledby="status" {
            h2 id="status" { "Status" }
            form method="post" action=(format!("/staff/requests/{}/status", r.id)) {
                (csrf_field(&chrome.csrf))
                div.field {
                    label for="request-status" { "Status" }
                    select id="request-status" name="status" {
                        @for (s, value) in STATUSES {
                            option value=(value) selected[r.status == s] { (staff_label(s)) }
                        }
                    }
                }
                button.button.button-secondary type="submit" { "Set status" }
            }
        }
    };
    page(chrome, &r.subject, &crumbs, body)
}
