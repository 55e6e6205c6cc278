use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use axum::response::Response;

use super::paging::{PageParams, PageQuery};
use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::{Comment, Milestone, MilestoneUpdate, Note, Project};
use crate::error::ApiResult;
use crate::ops::projects::{NewComment, NewNote, NewUpdate};
use crate::state::AppState;
use crate::store::{MilestonePatch, NewMilestone, NewProject, ProjectDetail, ProjectPatch};

/// Start a project for a client.
#[utoipa::path(post, path = "/clients/{id}/projects", tag = "projects", params(("id" = String, Path, description = "client id")),
    request_body = NewProject,
    responses((status = 201, description = "The project", body = Project)))]
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

/// A client's projects, a page at a time, in id order.
#[utoipa::path(get, path = "/clients/{id}/projects", tag = "projects", params(("id" = String, Path, description = "client id"), PageParams),
    responses((status = 200, description = "A page of projects", body = Vec<Project>, headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn list_for_client(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
    q: PageQuery,
) -> ApiResult<Response> {
    let page = q.page.clone();
    Ok(q.respond(
        state
            .op(move |s| s.projects_of_client(&client_id, &page))
            .await?,
    ))
}

/// A project with its milestones, updates, files, approvals, comments and notes.
#[utoipa::path(get, path = "/projects/{id}", tag = "projects", params(("id" = String, Path, description = "project id")),
    responses((status = 200, description = "The project", body = ProjectDetail)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ProjectDetail>> {
    Ok(Json(state.op(move |s| s.project_detail(&id)).await?))
}

#[utoipa::path(patch, path = "/projects/{id}", tag = "projects", params(("id" = String, Path, description = "project id")),
    request_body = ProjectPatch,
    responses((status = 200, description = "The project as changed", body = Project)))]
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

#[utoipa::path(post, path = "/projects/{id}/milestones", tag = "projects", params(("id" = String, Path, description = "project id")),
    request_body = NewMilestone,
    responses((status = 201, description = "The milestone", body = Milestone)))]
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

#[utoipa::path(patch, path = "/milestones/{id}", tag = "projects", params(("id" = String, Path, description = "milestone id")),
    request_body = MilestonePatch,
    responses((status = 200, description = "The milestone as changed", body = Milestone)))]
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

/// Post a milestone update (public, or internal for staff only).
#[utoipa::path(post, path = "/milestones/{id}/updates", tag = "projects", params(("id" = String, Path, description = "milestone id")),
    request_body = NewUpdate,
    responses((status = 201, description = "The update", body = MilestoneUpdate)))]
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

/// An internal note (staff only).
#[utoipa::path(post, path = "/projects/{id}/notes", tag = "projects", params(("id" = String, Path, description = "project id")),
    request_body = NewNote,
    responses((status = 201, description = "The note", body = Note)))]
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

/// A staff comment on a milestone or approval (clients see it).
#[utoipa::path(post, path = "/projects/{id}/comments", tag = "projects", params(("id" = String, Path, description = "project id")),
    request_body = NewComment,
    responses((status = 201, description = "The comment", body = Comment)))]
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
