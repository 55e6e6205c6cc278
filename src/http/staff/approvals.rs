use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::Approval;
use crate::error::ApiResult;
use crate::ops::ApprovalDetail;
use crate::state::AppState;
use crate::store::NewApproval;

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

pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ApprovalDetail>> {
    Ok(Json(state.op(move |s| s.approval_detail(&id)).await?))
}

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
