use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::StaffAuth;
use crate::domain::AuditEvent;
use crate::error::{ApiResult, AppError};
use crate::state::AppState;
use crate::store::{ApprovalMetrics, ChainReport, audit};

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
    let limit = q.limit.unwrap_or(500).clamp(1, 5000);
    Ok(Json(
        state
            .db(move |s| s.read(|rx| audit::list(rx, q.after, limit)))
            .await?,
    ))
}

pub async fn verify(
    State(state): State<AppState>,
    _auth: StaffAuth,
) -> ApiResult<Json<ChainReport>> {
    Ok(Json(state.db(|s| s.read(audit::verify)).await?))
}

pub async fn approval_metrics(
    State(state): State<AppState>,
    _auth: StaffAuth,
) -> ApiResult<Json<ApprovalMetrics>> {
    Ok(Json(state.db(|s| s.approval_metrics()).await?))
}
