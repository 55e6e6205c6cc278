//! `GET /outbox` and `POST /outbox/{id}/retry`: what the sender did, without bodies (they
//! are the client's business, and links are never shown again).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::IntoParams;

use super::paging::{PageParams, PageQuery, query_value};
use super::{ApiPath, StaffAuth};
use crate::domain::mail::{MailKind, MailStatus, OutboxMessage};
use crate::error::{ApiResult, AppError};
use crate::state::AppState;

/// The outbox listing's filter.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // read from the raw query string; this type only documents it
pub struct OutboxFilter {
    /// Only messages in this state.
    status: Option<MailStatus>,
}

/// One message as staff see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OutboxEntry {
    id: String,
    kind: MailKind,
    to: String,
    subject: String,
    status: MailStatus,
    attempts: u32,
    last_error: Option<String>,
    message_id: String,
    #[serde(with = "time::serde::rfc3339")]
    queued_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    next_attempt_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    sent_at: Option<OffsetDateTime>,
}

impl From<OutboxMessage> for OutboxEntry {
    fn from(m: OutboxMessage) -> Self {
        Self {
            id: m.id,
            kind: m.kind,
            to: m.to,
            subject: m.subject,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
            message_id: m.message_id,
            queued_at: m.queued_at,
            next_attempt_at: m.next_attempt_at,
            sent_at: m.sent_at,
        }
    }
}

/// What the sender did, newest first, a page at a time (bodies are never shown).
#[utoipa::path(get, path = "/outbox", tag = "outbox", params(OutboxFilter, PageParams),
    responses((status = 200, description = "A page of messages", body = Vec<OutboxEntry>, headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    q: PageQuery,
) -> ApiResult<Response> {
    let status = match query_value(&q.pairs(), "status") {
        None => None,
        Some(s) => Some(
            serde_json::from_value::<MailStatus>(serde_json::Value::String(s.to_owned()))
                .map_err(|_| AppError::invalid("status", "must be queued, sent or failed"))?,
        ),
    };
    let page = q.page.clone();
    let messages = state.op(move |s| s.outbox_page(status, &page)).await?;
    Ok(q.respond(messages.map(OutboxEntry::from)))
}

/// Queue a failed message again now.
#[utoipa::path(post, path = "/outbox/{id}/retry", tag = "outbox",
    params(("id" = String, Path, description = "message id")),
    responses((status = 200, description = "The message, queued again", body = OutboxEntry)))]
pub async fn retry(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<OutboxEntry>> {
    let actor = auth.actor();
    let m = state.op(move |s| s.send_again(&actor, &id)).await?;
    Ok(Json(m.into()))
}
