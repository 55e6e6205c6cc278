//! A project: milestones (add, status, due date), updates (public or internal), files
//! and new versions (the API's streamed upload), approvals with their evidence,
//! comments and internal notes.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;
use time::Date;

use super::{Checked, Console, ConsoleError, ConsoleResult, CsrfOnly, OrPage as _};
use crate::domain::{ApprovalRule, CommentTarget, MilestoneStatus};
use crate::error::AppError;
use crate::http::upload;
use crate::ops::projects::{NewComment, NewNote, NewUpdate};
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
            upload::route(state, upload_file),
        )
        .route("/staff/projects/{id}/approvals", post(request_approval))
        .route("/staff/projects/{id}/notes", post(add_note))
        .route("/staff/projects/{id}/comments", post(add_comment))
        .route("/staff/milestones/{id}", post(update_milestone))
        .route("/staff/milestones/{id}/updates", post(post_update))
        .route("/staff/approvals/{id}/withdraw", post(withdraw))
        .route("/staff/files/{id}/{n}", get(download))
}

/// `GET /staff/files/{id}/{n}`: a version's bytes, sent like a client download
/// (attachment, never an active type inline, ETag and Range).
async fn download(
    State(state): State<AppState>,
    _console: Console,
    headers: HeaderMap,
    Path((id, n)): Path<(String, String)>,
) -> ConsoleResult<Response> {
    let n = n
        .parse::<u32>()
        .map_err(|_| ConsoleError::from_app(&state, AppError::NotFound("file version")))?;
    let (file, version, blob) = state
        .op(move |s| s.staff_download(&id, n))
        .await
        .or_page(&state)?;
    crate::http::client::send_download(&blob, &file.name, &version, &headers)
        .await
        .map_err(|e| ConsoleError::from_app(&state, AppError::internal(e)))
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
    let (p, file_requests, forms) = state
        .op(move |s| {
            Ok((
                s.project_with_client(&id)?,
                s.project_file_requests(&id)?,
                s.project_forms(&id)?,
            ))
        })
        .await
        .or_page(&state)?;
    let v = ProjectView {
        client: p.client,
        detail: p.detail,
        today,
        file_requests,
        forms,
    };
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
    let (actor, pid) = (console.actor(), id.clone());
    state
        .op(move |s| s.create_milestone(&actor, &pid, new))
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
    let actor = console.actor();
    let m = state
        .op(move |s| s.patch_milestone(&actor, &id, patch))
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
    let new = NewUpdate {
        body: f.body,
        internal: f.internal.is_some_and(|v| v == "on" || v == "true"),
    };
    let actor = console.actor();
    let u = state
        .op(move |s| s.post_milestone_update(&actor, &id, new))
        .await
        .or_page(&state)?;
    Ok(to_project(&u.project_id))
}

pub async fn upload_file(
    State(state): State<AppState>,
    console: Console,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Multipart,
) -> ConsoleResult<Response> {
    if !crate::http::client::origin_allowed(&state, &headers) {
        return Err(ConsoleError::forbidden(&state));
    }
    let guard = |token: &str| console.csrf_ok(&state, token);
    upload::receive(&state, console.actor(), id.clone(), form, Some(&guard))
        .await
        .map_err(|e| match e {
            AppError::Forbidden(_) => ConsoleError::forbidden(&state),
            other => ConsoleError::from_app(&state, other),
        })?;
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
    /// `any`, `all` or `at_least` (with `at_least_n`).
    rule: Option<String>,
    at_least_n: Option<String>,
    /// `approver_<contact id>` = `on` for each contact ticked (a form cannot repeat a key
    /// into a list here).
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

impl ApprovalForm {
    /// The ticked contacts, or `None` (the default: every approver who sees the project).
    fn approvers(&self) -> Option<Vec<String>> {
        let mut ids: Vec<String> = self
            .rest
            .iter()
            .filter(|(_, v)| v.as_str() == "on")
            .filter_map(|(k, _)| k.strip_prefix("approver_"))
            .map(str::to_owned)
            .collect();
        ids.sort();
        (!ids.is_empty()).then_some(ids)
    }

    fn rule(&self) -> Result<ApprovalRule, AppError> {
        match non_empty(self.rule.clone()).as_deref() {
            None | Some("any") => Ok(ApprovalRule::Any),
            Some("all") => Ok(ApprovalRule::All),
            Some("at_least") => non_empty(self.at_least_n.clone())
                .and_then(|n| n.trim().parse::<u32>().ok())
                .filter(|n| *n >= 1)
                .map(ApprovalRule::AtLeast)
                .ok_or_else(|| {
                    AppError::invalid(
                        "rule",
                        "\"at least\" needs a whole number of approvers, 1 or more",
                    )
                }),
            Some(_) => Err(AppError::invalid(
                "rule",
                "must be any, all or at least a number",
            )),
        }
    }
}

pub async fn request_approval(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<ApprovalForm>,
) -> ConsoleResult<Response> {
    let rule = f.rule().map_err(|e| ConsoleError::from_app(&state, e))?;
    let new = NewApproval {
        approvers: f.approvers(),
        rule,
        title: f.title,
        description: non_empty(f.description),
        file_id: non_empty(f.file_id),
        milestone_id: None,
        due_on: parse_date(&state, f.due_on)?,
    };
    let (actor, pid) = (console.actor(), id.clone());
    state
        .op(move |s| s.request_approval(&actor, &pid, new))
        .await
        .or_page(&state)?;
    Ok(to_project(&id))
}

pub async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let actor = console.actor();
    let a = state
        .op(move |s| s.withdraw_approval(&actor, &id))
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
    let (actor, pid) = (console.actor(), id.clone());
    state
        .op(move |s| s.add_staff_note(&actor, &pid, NewNote { body: f.body }))
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
    let new = NewComment {
        body: f.body,
        milestone_id: non_empty(f.milestone_id),
        approval_id: non_empty(f.approval_id),
    };
    let (actor, pid) = (console.actor(), id.clone());
    let c = state
        .op(move |s| s.add_staff_comment(&actor, &pid, new))
        .await
        .or_page(&state)?;
    let anchor = match &c.target {
        CommentTarget::Milestone(m) => format!("milestone-{m}"),
        CommentTarget::Approval(a) => format!("approval-{a}"),
    };
    Ok(Redirect::to(&format!("/staff/projects/{id}#{anchor}")).into_response())
}
