use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::{Author, Comment, CommentTarget, Milestone, MilestoneUpdate, Note, Project};
use crate::error::{ApiResult, AppError};
use crate::state::AppState;
use crate::store::{MilestonePatch, NewMilestone, NewProject, ProjectDetail, ProjectPatch};

pub async fn create(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewProject>,
) -> ApiResult<(StatusCode, Json<Project>)> {
    let (actor, now) = (auth.actor(), state.clock.now());
    let p = state
        .db(move |s| s.create_project(&actor, now, &client_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(p)))
}

pub async fn list_for_client(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
) -> ApiResult<Json<Vec<Project>>> {
    Ok(Json(
        state.db(move |s| s.client_projects(&client_id)).await?,
    ))
}

pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ProjectDetail>> {
    Ok(Json(state.db(move |s| s.project_detail(&id)).await?))
}

pub async fn update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<ProjectPatch>,
) -> ApiResult<Json<Project>> {
    let (actor, now) = (auth.actor(), state.clock.now());
    Ok(Json(
        state
            .db(move |s| s.patch_project(&actor, now, &id, patch))
            .await?,
    ))
}

pub async fn create_milestone(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewMilestone>,
) -> ApiResult<(StatusCode, Json<Milestone>)> {
    let (actor, now) = (auth.actor(), state.clock.now());
    let m = state
        .db(move |s| s.create_milestone(&actor, now, &project_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(m)))
}

pub async fn update_milestone(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<MilestonePatch>,
) -> ApiResult<Json<Milestone>> {
    let (actor, now) = (auth.actor(), state.clock.now());
    Ok(Json(
        state
            .db(move |s| s.patch_milestone(&actor, now, &id, patch))
            .await?,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUpdate {
    body: String,
    #[serde(default)]
    internal: bool,
}

pub async fn add_update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(milestone_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewUpdate>,
) -> ApiResult<(StatusCode, Json<MilestoneUpdate>)> {
    let (actor, now) = (auth.actor(), state.clock.now());
    let u = state
        .db(move |s| s.add_update(&actor, now, &milestone_id, &new.body, new.internal))
        .await?;
    Ok((StatusCode::CREATED, Json(u)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    body: String,
}

pub async fn add_note(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewNote>,
) -> ApiResult<(StatusCode, Json<Note>)> {
    let (actor, now) = (auth.actor(), state.clock.now());
    let author = Author::Staff {
        id: auth.0.id.clone(),
        name: auth.0.name.clone(),
    };
    let n = state
        .db(move |s| s.add_note(&actor, now, &project_id, author, &new.body))
        .await?;
    Ok((StatusCode::CREATED, Json(n)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    body: String,
    #[serde(default)]
    milestone_id: Option<String>,
    #[serde(default)]
    approval_id: Option<String>,
}

pub async fn add_comment(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewComment>,
) -> ApiResult<(StatusCode, Json<Comment>)> {
    let target = match (new.milestone_id, new.approval_id) {
        (Some(m), None) => CommentTarget::Milestone(m),
        (None, Some(a)) => CommentTarget::Approval(a),
        _ => {
            return Err(AppError::invalid(
                "milestone_id",
                "give exactly one of milestone_id or approval_id",
            ));
        }
    };
    let (actor, now) = (auth.actor(), state.clock.now());
    let author = Author::Staff {
        id: auth.0.id.clone(),
        name: auth.0.name.clone(),
    };
    let c = state
        .db(move |s| s.add_comment(&actor, now, &project_id, target, author, &new.body))
        .await?;
    Ok((StatusCode::CREATED, Json(c)))
}
