//! Webhooks as staff manage them (API and console alike): register an endpoint (its URL
//! checked against the private-address rule, its secret made or checked), list, delete,
//! read an endpoint's delivery log, and send a delivery again.

use serde::Deserialize;

use super::OpResult;
use crate::domain::paging::{Page, PageRequest};
use crate::domain::webhooks::{
    WebhookDelivery, WebhookEndpoint, WebhookEvent, new_secret, parse_url, secret_key,
};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{Actor, NewWebhook};

/// `POST /webhooks`: what staff send.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterWebhook {
    /// Where events are POSTed (http or https; no private address unless allowed).
    pub url: String,
    /// Event names, e.g. `approval.decided`.
    pub events: Vec<String>,
    /// `whsec_` + base64; made when absent.
    #[serde(default)]
    pub secret: Option<String>,
}

fn events_of(names: &[String]) -> OpResult<Vec<WebhookEvent>> {
    if names.is_empty() {
        return Err(AppError::invalid("events", "name at least one event"));
    }
    let mut out = Vec::new();
    for name in names {
        let e = WebhookEvent::parse(name.trim()).ok_or_else(|| {
            let known: Vec<&str> = WebhookEvent::ALL.iter().map(|e| e.name()).collect();
            AppError::invalid(
                "events",
                format!("{name:?} is not an event; known: {}", known.join(", ")),
            )
        })?;
        if !out.contains(&e) {
            out.push(e);
        }
    }
    Ok(out)
}

impl AppState {
    /// Register an endpoint. Unless `webhooks.allow_private`, a URL whose address (or any
    /// address its name resolves to now) is loopback, private, link-local or otherwise
    /// not public is refused (the sender checks again at every delivery).
    ///
    /// # Errors
    /// `Invalid` url, events or secret.
    pub fn register_webhook(
        &self,
        actor: &Actor,
        req: RegisterWebhook,
    ) -> OpResult<WebhookEndpoint> {
        let url = parse_url(&req.url).map_err(|m| AppError::invalid("url", m))?;
        let events = events_of(&req.events)?;
        let secret = match req.secret.map(|s| s.trim().to_owned()) {
            Some(s) if !s.is_empty() => {
                secret_key(&s).map_err(|m| AppError::invalid("secret", m))?;
                s
            }
            _ => new_secret(),
        };
        if !self.settings.webhooks.allow_private {
            crate::webhooks::check_target(&url).map_err(|m| AppError::invalid("url", m))?;
        }
        let new = NewWebhook {
            url: url.to_string(),
            events,
            secret,
        };
        Ok(self.store.create_webhook(actor, self.clock.now(), new)?)
    }

    /// Endpoints not deleted, oldest first.
    ///
    /// # Errors
    /// A database failure.
    pub fn webhooks(&self) -> OpResult<Vec<WebhookEndpoint>> {
        Ok(self.store.webhooks()?)
    }

    /// A page of the registered endpoints (`GET /webhooks`).
    ///
    /// # Errors
    /// A database failure.
    pub fn webhooks_page(&self, page: &PageRequest) -> OpResult<Page<WebhookEndpoint>> {
        Ok(self.store.webhooks_page(page)?)
    }

    /// One endpoint (deleted ones too: their log stays readable).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn webhook(&self, id: &str) -> OpResult<WebhookEndpoint> {
        Ok(self.store.webhook(id)?)
    }

    /// Delete an endpoint; what was queued for it is given up.
    ///
    /// # Errors
    /// `NotFound`, also when deleted already.
    pub fn delete_webhook(&self, actor: &Actor, id: &str) -> OpResult<WebhookEndpoint> {
        Ok(self.store.delete_webhook(actor, self.clock.now(), id)?)
    }

    /// A page of an endpoint's deliveries, newest first.
    ///
    /// # Errors
    /// `NotFound` for the endpoint.
    pub fn webhook_deliveries(
        &self,
        id: &str,
        page: &PageRequest,
    ) -> OpResult<Page<WebhookDelivery>> {
        Ok(self.store.webhook_deliveries(id, page)?)
    }

    /// Send a delivery again now (same `webhook-id` and body, a fresh signature and retry
    /// window); the sender is woken.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` for a deleted endpoint.
    pub fn redeliver_webhook(
        &self,
        actor: &Actor,
        id: &str,
        delivery_id: &str,
    ) -> OpResult<WebhookDelivery> {
        let d = self
            .store
            .redeliver_webhook(actor, self.clock.now(), id, delivery_id)?;
        self.webhooks.wake();
        Ok(d)
    }
}
