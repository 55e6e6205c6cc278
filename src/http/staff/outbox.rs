//! `GET /outbox` and `POST /outbox/{id}/retry`: what the sender did, without bodies (they
//! are the client's business, and links are never shown again).

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::StaffAuth;
use crate::domain::mail::{MailKind, MailStatus, OutboxMessage};
use crate::error::{ApiResult, AppError};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct OutboxQuery {
    #[serde(default)]
    status: Option<MailStatus>,
    #[serde(default)]
    limit: Option<usize>,
}

/// One message as staff see it.
#[derive(Debug, Serialize)]
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

pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    q: Result<Query<OutboxQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Vec<OutboxEntry>>> {
    let Query(q) = q.map_err(AppError::from)?;
    let messages = state
        .op(move |s| s.outbox_messages(q.status, q.limit))
        .await?;
    Ok(Json(messages.into_iter().map(OutboxEntry::from).collect()))
}

pub async fn retry(
    State(state): State<AppState>,
    auth: StaffAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<OutboxEntry>> {
    let actor = auth.actor();
    let m = state.op(move |s| s.send_again(&actor, &id)).await?;
    Ok(Json(m.into()))
}
