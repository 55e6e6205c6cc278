use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::StaffAuth;
use crate::domain::AuditEvent;
use crate::error::{ApiResult, AppError};
use crate::state::AppState;
use crate::store::{ApprovalMetrics, ChainReport};

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    after: u64,
    #[serde(default)]
    limit: Option<usize>,
}

pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    q: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Vec<AuditEvent>>> {
    let Query(q) = q.map_err(AppError::from)?;
    Ok(Json(
        state.op(move |s| s.audit_events(q.after, q.limit)).await?,
    ))
}

pub async fn verify(
    State(state): State<AppState>,
    _auth: StaffAuth,
) -> ApiResult<Json<ChainReport>> {
    Ok(Json(state.op(AppState::verify_audit_chain).await?))
}

pub async fn approval_metrics(
    State(state): State<AppState>,
    _auth: StaffAuth,
) -> ApiResult<Json<ApprovalMetrics>> {
    Ok(Json(state.op(AppState::approval_metrics).await?))
}
