//! A project: milestones (add, status, due date), updates (public or internal), files
//! and new versions (the API's streamed upload), approvals with their evidence,
//! comments and internal notes.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;
use time::Date;

use super::{Checked, Console, ConsoleError, ConsoleResult, CsrfOnly, OrPage as _};
use crate::domain::{Author, CommentTarget, MilestoneStatus};
use crate::error::AppError;
use crate::http::staff::files::{receive_upload, upload_body_limit};
use crate::state::AppState;
use crate::store::{MilestonePatch, NewApproval, NewMilestone};
use crate::views::console::projects::{ProjectView, project};

has_csrf!(
    MilestoneForm,
    UpdateForm,
    ApprovalForm,
    NoteForm,
    CommentForm
);

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/staff/projects/{id}", get(show))
        .route("/staff/projects/{id}/milestones", post(add_milestone))
        .route(
            "/staff/projects/{id}/files",
            post(upload).layer(DefaultBodyLimit::max(upload_body_limit(state))),
        )
        .route("/staff/projects/{id}/approvals", post(request_approval))
        .route("/staff/projects/{id}/notes", post(add_note))
        .route("/staff/projects/{id}/comments", post(add_comment))
        .route("/staff/milestones/{id}", post(update_milestone))
        .route("/staff/milestones/{id}/updates", post(post_update))
        .route("/staff/approvals/{id}/withdraw", post(withdraw))
}

fn to_project(id: &str) -> Response {
    Redirect::to(&format!("/staff/projects/{id}")).into_response()
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn parse_date(state: &AppState, s: Option<String>) -> ConsoleResult<Option<Date>> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    non_empty(s)
        .map(|d| Date::parse(&d, fmt))
        .transpose()
        .map_err(|_| {
            ConsoleError::from_app(
                state,
                AppError::invalid("due_on", "must be a date such as 2026-11-30"),
            )
        })
}

fn parse_status(state: &AppState, s: Option<String>) -> ConsoleResult<Option<MilestoneStatus>> {
    match non_empty(s).as_deref() {
        None => Ok(None),
        Some("planned") => Ok(Some(MilestoneStatus::Planned)),
        Some("in_progress") => Ok(Some(MilestoneStatus::InProgress)),
        Some("done") => Ok(Some(MilestoneStatus::Done)),
        Some("blocked") => Ok(Some(MilestoneStatus::Blocked)),
        Some(_) => Err(ConsoleError::from_app(
            state,
            AppError::invalid("status", "must be planned, in_progress, done or blocked"),
        )),
    }
}

pub async fn show(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> ConsoleResult<Markup> {
    let today = state.clock.now().date();
    let v = state
        .db(move |s| {
            let detail = s.project_detail(&id)?;
            let client = s.client(&detail.project.client_id)?;
            Ok(ProjectView {
                client,
                detail,
                today,
            })
        })
        .await
        .or_page(&state)?;
    Ok(project(&console.chrome(&state), &v))
}

#[derive(Debug, Deserialize)]
pub struct MilestoneForm {
    #[serde(default)]
    csrf: String,
    title: Option<String>,
    status: Option<String>,
    due_on: Option<String>,
}

pub async fn add_milestone(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<MilestoneForm>,
) -> ConsoleResult<Response> {
    let new = NewMilestone {
        title: f.title.unwrap_or_default(),
        description: None,
        status: parse_status(&state, f.status)?,
        due_on: parse_date(&state, f.due_on)?,
    };
    let (actor, now, pid) = (console.actor(), state.clock.now(), id.clone());
    state
        .db(move |s| s.create_milestone(&actor, now, &pid, new))
        .await
        .or_page(&state)?;
    Ok(to_project(&id))
}

pub async fn update_milestone(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<MilestoneForm>,
) -> ConsoleResult<Response> {
    let patch = MilestonePatch {
        title: non_empty(f.title),
        status: parse_status(&state, f.status)?,
        // An emptied date field clears the due date.
        due_on: Some(parse_date(&state, f.due_on)?),
        ..MilestonePatch::default()
    };
    let (actor, now) = (console.actor(), state.clock.now());
    let m = state
        .db(move |s| s.patch_milestone(&actor, now, &id, patch))
        .await
        .or_page(&state)?;
    Ok(to_project(&m.project_id))
}

#[derive(Debug, Deserialize)]
pub struct UpdateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
    internal: Option<String>,
}

pub async fn post_update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<UpdateForm>,
) -> ConsoleResult<Response> {
    let internal = f.internal.is_some_and(|v| v == "on" || v == "true");
    let (actor, now) = (console.actor(), state.clock.now());
    let u = state
        .db(move |s| s.add_update(&actor, now, &id, &f.body, internal))
        .await
        .or_page(&state)?;
    Ok(to_project(&u.project_id))
}

pub async fn upload(
    State(state): State<AppState>,
    console: Console,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Multipart,
) -> ConsoleResult<Response> {
    if !crate::http::client::origin_allowed(&state, &headers) {
        return Err(ConsoleError::forbidden(&state));
    }
    // Refuse early for an unknown project, before reading a large body.
    let pid = id.clone();
    state
        .db(move |s| s.project_detail(&pid).map(|_| ()))
        .await
        .or_page(&state)?;
    let guard = |token: &str| console.csrf_ok(&state, token);
    let new = receive_upload(&state, form, Some(&guard))
        .await
        .map_err(|e| match e {
            AppError::Forbidden(_) => ConsoleError::forbidden(&state),
            other => ConsoleError::from_app(&state, other),
        })?;
    let (actor, now, pid) = (console.actor(), state.clock.now(), id.clone());
    state
        .db(move |s| s.add_file_version(&actor, now, &pid, new))
        .await
        .or_page(&state)?;
    Ok(to_project(&id))
}

#[derive(Debug, Deserialize)]
pub struct ApprovalForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    description: Option<String>,
    file_id: Option<String>,
    due_on: Option<String>,
}

pub async fn request_approval(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<ApprovalForm>,
) -> ConsoleResult<Response> {
    let new = NewApproval {
        title: f.title,
        description: non_empty(f.description),
        file_id: non_empty(f.file_id),
        milestone_id: None,
        due_on: parse_date(&state, f.due_on)?,
    };
    let (actor, now, pid) = (console.actor(), state.clock.now(), id.clone());
    state
        .db(move |s| s.create_approval(&actor, now, &pid, new))
        .await
        .or_page(&state)?;
    Ok(to_project(&id))
}

pub async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let (actor, now) = (console.actor(), state.clock.now());
    let a = state
        .db(move |s| s.withdraw_approval(&actor, now, &id))
        .await
        .or_page(&state)?;
    Ok(to_project(&a.project_id))
}

#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
}

pub async fn add_note(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<NoteForm>,
) -> ConsoleResult<Response> {
    let author = Author::Staff {
        id: console.staff.id.clone(),
        name: console.staff.name.clone(),
    };
    let (actor, now, pid) = (console.actor(), state.clock.now(), id.clone());
    state
        .db(move |s| s.add_note(&actor, now, &pid, author, &f.body))
        .await
        .or_page(&state)?;
    Ok(to_project(&id))
}

#[derive(Debug, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
    milestone_id: Option<String>,
    approval_id: Option<String>,
}

/// A comment on a milestone or an approval: unlike a note, the client sees it wherever
/// the client sees its milestone or approval.
pub async fn add_comment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<CommentForm>,
) -> ConsoleResult<Response> {
    let (target, anchor) = match (non_empty(f.milestone_id), non_empty(f.approval_id)) {
        (Some(m), None) => (
            CommentTarget::Milestone(m.clone()),
            format!("milestone-{m}"),
        ),
        (None, Some(a)) => (CommentTarget::Approval(a.clone()), format!("approval-{a}")),
        _ => {
            return Err(ConsoleError::from_app(
                &state,
                AppError::invalid(
                    "milestone_id",
                    "give exactly one of milestone_id or approval_id",
                ),
            ));
        }
    };
    let author = Author::Staff {
        id: console.staff.id.clone(),
        name: console.staff.name.clone(),
    };
    let (actor, now, pid) = (console.actor(), state.clock.now(), id.clone());
    state
        .db(move |s| s.add_comment(&actor, now, &pid, target, author, &f.body))
        .await
        .or_page(&state)?;
    Ok(Redirect::to(&format!("/staff/projects/{id}#{anchor}")).into_response())
}
