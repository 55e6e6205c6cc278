use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::response::Response;
use utoipa::IntoParams;

use super::StaffAuth;
use super::paging::{limit_of, query_pairs, query_value, respond};
use crate::domain::AuditEvent;
use crate::error::{ApiResult, AppError};
use crate::state::AppState;
use crate::store::{ApprovalMetrics, ChainReport};

/// The audit listing's query: its cursor is the last seq seen (SPEC 7 `after=seq`).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // read from the raw query string; this type only documents it
pub struct AuditParams {
    /// Events after this sequence number (default 0: from the first).
    #[param(minimum = 0)]
    after: Option<u64>,
    /// Most events in the page: 1 to 1000, default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// The audit chain from `after` on, oldest first, a page at a time.
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditParams),
    responses((status = 200, description = "A page of events", body = Vec<AuditEvent>, headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    OriginalUri(uri): OriginalUri,
) -> ApiResult<Response> {
    let pairs = query_pairs(&uri);
    let limit = limit_of(&pairs)?;
    let after = match query_value(&pairs, "after") {
        None => 0,
        Some(a) => a
            .parse::<u64>()
            .map_err(|_| AppError::invalid("after", "must be an event sequence number"))?,
    };
    let page = state.op(move |s| s.audit_events(after, limit)).await?;
    Ok(respond(&uri, limit, page.items, page.next.as_deref()))
}

/// Recompute the whole chain.
#[utoipa::path(get, path = "/audit/verify", tag = "audit",
    responses((status = 200, description = "Whether the chain holds, and where it breaks", body = ChainReport)))]
pub async fn verify(
    State(state): State<AppState>,
    _auth: StaffAuth,
) -> ApiResult<Json<ChainReport>> {
    Ok(Json(state.op(AppState::verify_audit_chain).await?))
}

/// Pending and decided approvals with median and p90 time to decision, per client.
#[utoipa::path(get, path = "/metrics/approvals", tag = "audit",
    responses((status = 200, description = "Approval figures", body = ApprovalMetrics)))]
pub async fn approval_metrics(
    State(state): State<AppState>,
    _auth: StaffAuth,
) -> ApiResult<Json<ApprovalMetrics>> {
    Ok(Json(state.op(AppState::approval_metrics).await?))
}
