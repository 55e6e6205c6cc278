//! Client requests for staff (SPEC 11): list a client's, read one with its whole thread,
//! reply (publicly or internally), move its status along.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::{ClientRequest, RequestReply};
use crate::error::ApiResult;
use crate::ops::requests::{NewReply, RequestPatch};
use crate::state::AppState;
use crate::store::requests::RequestThread;

pub async fn list_for_client(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
) -> ApiResult<Json<Vec<ClientRequest>>> {
    Ok(Json(
        state.op(move |s| s.client_requests(&client_id)).await?,
    ))
}

pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<RequestThread>> {
    Ok(Json(state.op(move |s| s.request_thread(&id)).await?))
}

pub async fn reply(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(new): ApiJson<NewReply>,
) -> ApiResult<(StatusCode, Json<RequestReply>)> {
    let actor = auth.actor();
    let r = state.op(move |s| s.staff_reply(&actor, &id, new)).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

pub async fn update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<RequestPatch>,
) -> ApiResult<Json<ClientRequest>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.set_request_status(&actor, &id, &patch))
            .await?,
    ))
}
