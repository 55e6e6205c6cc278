//! Staff members (owner only): list them, remove one, give one a new API token.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use axum::response::Response;

use super::paging::{PageParams, PageQuery};
use super::{ApiPath, StaffAuth};
use crate::error::ApiResult;
use crate::ops::StaffMember;
use crate::state::AppState;

/// `POST /staff/{id}/token`: the new token, shown this once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NewToken {
    pub token: String,
    pub staff_id: String,
}

/// Staff members, removed ones included, a page at a time in id order (owner only).
#[utoipa::path(get, path = "/staff", tag = "staff", params(PageParams),
    responses((status = 200, description = "A page of staff members", body = Vec<StaffMember>, headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn list(
    State(state): State<AppState>,
    auth: StaffAuth,
    q: PageQuery,
) -> ApiResult<Response> {
    let actor = auth.actor();
    let page = q.page.clone();
    Ok(q.respond(state.op(move |s| s.list_staff(&actor, &page)).await?))
}

/// Remove a staff member: their token and sessions stop working at once (owner only).
#[utoipa::path(delete, path = "/staff/{id}", tag = "staff",
    params(("id" = String, Path, description = "staff member id")),
    responses((status = 200, description = "The removed staff member", body = StaffMember)))]
pub async fn remove(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<StaffMember>> {
    let actor = auth.actor();
    let removed = state.op(move |s| s.remove_staff(&actor, &id)).await?;
    Ok(Json(removed.member))
}

/// A new API token for a staff member, shown this once; the old one stops working
/// (owner only).
#[utoipa::path(post, path = "/staff/{id}/token", tag = "staff",
    params(("id" = String, Path, description = "staff member id")),
    responses((status = 201, description = "The new token", body = NewToken)))]
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
