//! `/webhooks` (SPEC 14): register, list, delete, read an endpoint's deliveries, send
//! one again. The secret is in the 201 answer only.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use time::OffsetDateTime;

use super::paging::{PageParams, PageQuery};
use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::webhooks::{DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent};
use crate::error::ApiResult;
use crate::ops::webhooks::RegisterWebhook;
use crate::state::AppState;

/// An endpoint as listed: never its secret.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookView {
    id: String,
    url: String,
    events: Vec<WebhookEvent>,
    created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    deleted_at: Option<OffsetDateTime>,
}

impl From<WebhookEndpoint> for WebhookView {
    fn from(e: WebhookEndpoint) -> Self {
        Self {
            id: e.id,
            url: e.url,
            events: e.events,
            created_by: e.created_by,
            created_at: e.created_at,
            deleted_at: e.deleted_at,
        }
    }
}

/// The 201 answer: the endpoint and its secret, shown this once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    endpoint: WebhookView,
    secret: String,
}

/// One delivery of the log.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryView {
    id: String,
    /// The `webhook-id` header.
    event_id: String,
    event: WebhookEvent,
    status: DeliveryStatus,
    attempts: u32,
    last_error: Option<String>,
    response_status: Option<u16>,
    #[serde(with = "time::serde::rfc3339")]
    queued_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    next_attempt_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    delivered_at: Option<OffsetDateTime>,
    /// The body sent, as JSON.
    #[schema(value_type = Object)]
    payload: serde_json::Value,
}

impl From<WebhookDelivery> for DeliveryView {
    fn from(d: WebhookDelivery) -> Self {
        Self {
            payload: serde_json::from_str(&d.body).unwrap_or(serde_json::Value::Null),
            id: d.id,
            event_id: d.event_id,
            event: d.event,
            status: d.status,
            attempts: d.attempts,
            last_error: d.last_error,
            response_status: d.response_status,
            queued_at: d.queued_at,
            next_attempt_at: d.next_attempt_at,
            delivered_at: d.delivered_at,
        }
    }
}

/// Register an endpoint; its secret (made when not given) is in this answer only.
#[utoipa::path(post, path = "/webhooks", tag = "webhooks", request_body = RegisterWebhook,
    responses((status = 201, description = "The endpoint and its secret", body = CreatedWebhook)))]
pub async fn create(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiJson(req): ApiJson<RegisterWebhook>,
) -> ApiResult<(StatusCode, Json<CreatedWebhook>)> {
    let actor = auth.actor();
    let e = state.op(move |s| s.register_webhook(&actor, req)).await?;
    let secret = e.secret.clone();
    Ok((
        StatusCode::CREATED,
        Json(CreatedWebhook {
            endpoint: e.into(),
            secret,
        }),
    ))
}

/// The registered endpoints, a page at a time (never their secrets).
#[utoipa::path(get, path = "/webhooks", tag = "webhooks", params(PageParams),
    responses((status = 200, description = "A page of endpoints", body = Vec<WebhookView>, headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    q: PageQuery,
) -> ApiResult<Response> {
    let page = q.page.clone();
    let endpoints = state.op(move |s| s.webhooks_page(&page)).await?;
    Ok(q.respond(endpoints.map(WebhookView::from)))
}

/// Delete an endpoint; what was queued for it is given up, its log stays readable.
#[utoipa::path(delete, path = "/webhooks/{id}", tag = "webhooks",
    params(("id" = String, Path, description = "endpoint id")),
    responses((status = 200, description = "The deleted endpoint", body = WebhookView)))]
pub async fn delete(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<WebhookView>> {
    let actor = auth.actor();
    let e = state.op(move |s| s.delete_webhook(&actor, &id)).await?;
    Ok(Json(e.into()))
}

/// An endpoint's delivery log, newest first, a page at a time.
#[utoipa::path(get, path = "/webhooks/{id}/deliveries", tag = "webhooks",
    params(("id" = String, Path, description = "endpoint id"), PageParams),
    responses((status = 200, description = "A page of deliveries", body = Vec<DeliveryView>, headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn deliveries(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    q: PageQuery,
) -> ApiResult<Response> {
    let page = q.page.clone();
    let deliveries = state.op(move |s| s.webhook_deliveries(&id, &page)).await?;
    Ok(q.respond(deliveries.map(DeliveryView::from)))
}

/// Send a delivery again now: same `webhook-id` and body, a fresh signature.
#[utoipa::path(post, path = "/webhooks/{id}/deliveries/{delivery_id}/retry", tag = "webhooks",
    params(("id" = String, Path, description = "endpoint id"), ("delivery_id" = String, Path, description = "delivery id")),
    responses((status = 200, description = "The delivery, queued again", body = DeliveryView)))]
pub async fn retry(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath((id, delivery_id)): ApiPath<(String, String)>,
) -> ApiResult<Json<DeliveryView>> {
    let actor = auth.actor();
    let d = state
        .op(move |s| s.redeliver_webhook(&actor, &id, &delivery_id))
        .await?;
    Ok(Json(d.into()))
}
