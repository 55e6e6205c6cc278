use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::{Comment, Milestone, MilestoneUpdate, Note, Project};
use crate::error::ApiResult;
use crate::ops::projects::{NewComment, NewNote, NewUpdate};
use crate::state::AppState;
use crate::store::{MilestonePatch, NewMilestone, NewProject, ProjectDetail, ProjectPatch};

pub async fn create(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewProject>,
) -> ApiResult<(StatusCode, Json<Project>)> {
    let actor = auth.actor();
    let p = state
        .op(move |s| s.create_project(&actor, &client_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(p)))
}

pub async fn list_for_client(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
) -> ApiResult<Json<Vec<Project>>> {
    Ok(Json(
        state.op(move |s| s.projects_of_client(&client_id)).await?,
    ))
}

pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ProjectDetail>> {
    Ok(Json(state.op(move |s| s.project_detail(&id)).await?))
}

pub async fn update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<ProjectPatch>,
) -> ApiResult<Json<Project>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.patch_project(&actor, &id, patch))
            .await?,
    ))
}

pub async fn create_milestone(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewMilestone>,
) -> ApiResult<(StatusCode, Json<Milestone>)> {
    let actor = auth.actor();
    let m = state
        .op(move |s| s.create_milestone(&actor, &project_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(m)))
}

pub async fn update_milestone(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<MilestonePatch>,
) -> ApiResult<Json<Milestone>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.patch_milestone(&actor, &id, patch))
            .await?,
    ))
}

pub async fn add_update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(milestone_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewUpdate>,
) -> ApiResult<(StatusCode, Json<MilestoneUpdate>)> {
    let actor = auth.actor();
    let u = state
        .op(move |s| s.post_milestone_update(&actor, &milestone_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(u)))
}

pub async fn add_note(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewNote>,
) -> ApiResult<(StatusCode, Json<Note>)> {
    let actor = auth.actor();
    let n = state
        .op(move |s| s.add_staff_note(&actor, &project_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(n)))
}

pub async fn add_comment(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewComment>,
) -> ApiResult<(StatusCode, Json<Comment>)> {
    let actor = auth.actor();
    let c = state
        .op(move |s| s.add_staff_comment(&actor, &project_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(c)))
}
