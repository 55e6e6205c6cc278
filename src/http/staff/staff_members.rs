//! Staff members (owner only): list them, remove one, give one a new API token.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use super::{ApiPath, StaffAuth};
use crate::error::ApiResult;
use crate::ops::StaffMember;
use crate::state::AppState;

/// `POST /staff/{id}/token`: the new token, shown this once.
#[derive(Debug, Serialize)]
pub struct NewToken {
    pub token: String,
    pub staff_id: String,
}

pub async fn list(
    State(state): State<AppState>,
    auth: StaffAuth,
) -> ApiResult<Json<Vec<StaffMember>>> {
    let actor = auth.actor();
    Ok(Json(state.op(move |s| s.list_staff(&actor)).await?))
}

pub async fn remove(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<StaffMember>> {
    let actor = auth.actor();
    let removed = state.op(move |s| s.remove_staff(&actor, &id)).await?;
    Ok(Json(removed.member))
}

pub async fn rotate_token(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<(StatusCode, Json<NewToken>)> {
    let actor = auth.actor();
    let issued = state.op(move |s| s.rotate_staff_token(&actor, &id)).await?;
    Ok((
        StatusCode::CREATED,
        Json(NewToken {
            token: issued.token,
            staff_id: issued.member.id,
        }),
    ))
}
