//! Console pages for webhooks: the endpoints with the register form, a new endpoint's
//! secret (shown once), and one endpoint's delivery log with "send again".

use maud::{Markup, html};

use super::{Chrome, csrf_field, page};
use crate::domain::webhooks::{DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent};
use crate::views::components::{Badge, Crumb, Moment, Tone};

/// What the register form shows again after a refusal.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub url: String,
    pub events: Vec<String>,
    pub error: Option<String>,
}

fn crumbs(here: Crumb) -> [Crumb; 3] {
    [
        Crumb::link("Dashboard", "/staff"),
        Crumb::link("Webhooks", "/staff/webhooks"),
        here,
    ]
}

fn status_badge(s: DeliveryStatus) -> Badge {
    match s {
        DeliveryStatus::Queued => Badge {
            label: "Queued",
            key: "",
            tone: Tone::Info,
        },
        DeliveryStatus::Delivered => Badge {
            label: "Delivered",
            key: "",
            tone: Tone::Success,
        },
        DeliveryStatus::Failed => Badge {
            label: "Failed",
            key: "",
            tone: Tone::Danger,
        },
    }
}

/// A long error cut to what a table cell can show.
fn short(error: &str) -> String {
    const MAX: usize = 160;
    if error.chars().count() <= MAX {
        error.to_owned()
    } else {
        format!("{}…", error.chars().take(MAX).collect::<String>())
    }
}

fn events_text(events: &[WebhookEvent]) -> String {
    events
        .iter()
        .map(|e| e.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `GET /staff/webhooks`.
#[must_use]
pub fn list(chrome: &Chrome, hooks: &[WebhookEndpoint], draft: &Draft) -> Markup {
    page(
        chrome,
        "Webhooks",
        &[Crumb::link("Dashboard", "/staff"), Crumb::here("Webhooks")],
        html! {
            h1 { "Webhooks" }
            p.lead {
                "Tell your own systems what clients do: each event is posted as JSON to the "
                "addresses below, signed the Standard Webhooks way (" code { "webhook-signature" }
                "), and retried for a day if the receiver is down."
            }
            section.card aria-labelledby="hooks-h" {
                h2 #hooks-h { "Endpoints (" (hooks.len()) ")" }
                @if hooks.is_empty() {
                    p { "No endpoint yet: register one below." }
                } @else {
                    div.table-wrap {
                        table {
                            thead { tr {
                                th scope="col" { "Address and events" }
                                th scope="col" { "Registered" }
                            } }
                            tbody {
                                @for h in hooks {
                                    tr {
                                        td {
                                            a href=(format!("/staff/webhooks/{}", h.id)) { (h.url) }
                                            div.item-meta { (events_text(&h.events)) }
                                        }
                                        td data-label="Registered" { (Moment { at: h.created_at, seconds: false }) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="new-h" {
                h2 #new-h { "Register an endpoint" }
                @if let Some(e) = &draft.error {
                    div.alert.alert-error role="alert" { p { (e) } }
                }
                form method="post" action="/staff/webhooks" {
                    (csrf_field(&chrome.csrf))
                    div.field {
                        label for="f-hook-url" { "Address (https://…)" }
                        input #f-hook-url type="url" name="url" value=(draft.url) required maxlength="2000" autocomplete="off";
                    }
                    fieldset.field {
                        legend { "Events" }
                        @for e in WebhookEvent::ALL {
                            @let id = format!("f-ev-{}", e.name().replace('.', "-"));
                            div.field.check {
                                input id=(id) type="checkbox" name=(format!("ev_{}", e.name())) value="on" checked[draft.events.iter().any(|x| x == e.name())];
                                label for=(id) { code { (e.name()) } }
                            }
                        }
                    }
                    div.field {
                        label for="f-hook-secret" { "Secret (optional: leave empty to have one made)" }
                        input #f-hook-secret type="text" name="secret" maxlength="200" autocomplete="off" spellcheck="false" placeholder="whsec_…";
                    }
                    button.button type="submit" { "Register" }
                }
            }
        },
    )
}

/// `POST /staff/webhooks`: the new endpoint and its secret, shown this once.
#[must_use]
pub fn created(chrome: &Chrome, e: &WebhookEndpoint) -> Markup {
    page(
        chrome,
        "Webhook registered",
        &crumbs(Crumb::here("Registered")),
        html! {
            h1 { "Webhook registered" }
            section.card {
                p.lead { "Copy the signing secret now: it is shown only this once." }
                p { "Events for " strong { (e.url) } ": " (events_text(&e.events)) "." }
                p.shown-once { code.hash { (e.secret) } }
                p { "Check each delivery's " code { "webhook-signature" } " with it: " code { "v1," } " followed by the base64 HMAC-SHA256, keyed with the base64-decoded part after " code { "whsec_" } ", of " code { "webhook-id.webhook-timestamp.body" } "." }
                p { a href=(format!("/staff/webhooks/{}", e.id)) { "See its deliveries" } }
            }
        },
    )
}

/// `GET /staff/webhooks/{id}`: one endpoint and its delivery log, newest first.
#[must_use]
pub fn endpoint(chrome: &Chrome, e: &WebhookEndpoint, deliveries: &[WebhookDelivery]) -> Markup {
    let base = format!("/staff/webhooks/{}", e.id);
    page(
        chrome,
        &e.url,
        &crumbs(Crumb::here(e.url.clone())),
        html! {
            div.page-head {
                h1 { "Webhook" }
                p.lead { code { (e.url) } }
                p.meta {
                    "Events: " (events_text(&e.events)) " · registered " (Moment { at: e.created_at, seconds: false })
                    @if let Some(at) = e.deleted_at { " · deleted " (Moment { at, seconds: false }) }
                }
            }
            section.card aria-labelledby="deliveries-h" {
                h2 #deliveries-h { "Deliveries (" (deliveries.len()) ")" }
                @if deliveries.is_empty() {
                    p { "Nothing was sent yet." }
                } @else {
                    div.table-wrap {
                        table {
                            thead { tr {
                                th scope="col" { "Event" }
                                th scope="col" { "Status" }
                            } }
                            tbody {
                                @for d in deliveries {
                                    tr {
                                        td {
                                            code { (d.event.name()) }
                                            div.item-meta { (Moment { at: d.queued_at, seconds: true }) }
                                            div.item-meta { code { (d.event_id) } }
                                        }
                                        td data-label="Status" {
                                            (status_badge(d.status))
                                            div.item-meta {
                                                (d.attempts) @if d.attempts == 1 { " attempt" } @else { " attempts" }
                                                @if let Some(code) = d.response_status { " · HTTP " (code) }
                                            }
                                            @if let Some(err) = &d.last_error {
                                                // The whole error is in the API's delivery log.
                                                div.item-meta { (short(err)) }
                                            }
                                            @if e.deleted_at.is_none() {
                                                form method="post" action=(format!("{base}/deliveries/{}/retry", d.id)) {
                                                    (csrf_field(&chrome.csrf))
                                                    button.button.button-secondary type="submit" { "Send again" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if e.deleted_at.is_none() {
                section.card aria-labelledby="delete-h" {
                    h2 #delete-h { "Delete" }
                    p { "No more events go to this address; what is still queued is given up. The log above stays." }
                    form method="post" action=(format!("{base}/delete")) {
                        (csrf_field(&chrome.csrf))
                        button.button type="submit" { "Delete this webhook" }
                    }
                }
            }
            p { a href="/staff/webhooks" { "Back to webhooks" } }
        },
    )
}
