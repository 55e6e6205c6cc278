use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::Approval;
use crate::error::ApiResult;
use crate::ops::ApprovalDetail;
use crate::state::AppState;
use crate::store::NewApproval;

/// Ask the client to approve a file version (or a description).
#[utoipa::path(post, path = "/projects/{id}/approvals", tag = "approvals", params(("id" = String, Path, description = "project id")),
    request_body = NewApproval,
    responses((status = 201, description = "The approval", body = Approval)))]
pub async fn create(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewApproval>,
) -> ApiResult<(StatusCode, Json<Approval>)> {
    let actor = auth.actor();
    let a = state
        .op(move |s| s.request_approval(&actor, &project_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// An approval with its decisions, their evidence, and where each approver stands.
#[utoipa::path(get, path = "/approvals/{id}", tag = "approvals", params(("id" = String, Path, description = "approval id")),
    responses((status = 200, description = "The approval", body = ApprovalDetail)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ApprovalDetail>> {
    Ok(Json(state.op(move |s| s.approval_detail(&id)).await?))
}

/// Withdraw an approval.
#[utoipa::path(delete, path = "/approvals/{id}", tag = "approvals", params(("id" = String, Path, description = "approval id")),
    responses((status = 200, description = "The withdrawn approval", body = Approval)))]
pub async fn withdraw(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Approval>> {
    let actor = auth.actor();
    Ok(Json(
        state.op(move |s| s.withdraw_approval(&actor, &id)).await?,
    ))
}
