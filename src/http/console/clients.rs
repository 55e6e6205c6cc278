//! Clients: list, create, one client's settings, contacts, projects and links.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;

use std::collections::HashMap;

use super::dashboard::link_state_label;
use super::{Checked, Console, ConsoleResult, CsrfOnly, OrPage as _, Sorting};
use crate::domain::{ContactRole, ProjectAccess, SectionsPatch};
use crate::ops::IssueLink;
use crate::sort::{sort_rows, text_cmp};
use crate::state::AppState;
use crate::store::{ClientPatch, ContactInput, ContactPatch, NewClient, NewProject};
use crate::views::console::clients as view;

has_csrf!(
    NewClientForm,
    SettingsForm,
    ContactForm,
    ProjectForm,
    IssueForm
);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/clients", get(list).post(create))
        .route("/staff/clients/{id}", get(show).post(update))
        .route("/staff/clients/{id}/contacts", post(add_contact))
        .route(
            "/staff/clients/{id}/contacts/{contact_id}",
            post(update_contact),
        )
        .route(
            "/staff/clients/{id}/contacts/{contact_id}/remove",
            post(remove_contact),
        )
        .route("/staff/clients/{id}/projects", post(create_project))
        .route("/staff/clients/{id}/links", post(issue_link))
        .route("/staff/clients/{id}/cutoff", post(cutoff))
        .route("/staff/links/{grant_id}/revoke", post(revoke_link))
}

fn back_to(client_id: &str) -> Response {
    Redirect::to(&format!("/staff/clients/{client_id}")).into_response()
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn on(v: Option<&String>) -> bool {
    v.is_some_and(|v| v == "on" || v == "true")
}

pub async fn list(
    State(state): State<AppState>,
    console: Console,
    sorting: Sorting,
) -> ConsoleResult<Markup> {
    let sort = view::CLIENT_TABLE.sort_for(sorting.requested(&state, &[view::CLIENT_TABLE])?);
    // By name first: the stable default under every other order.
    let mut clients = state.op(|s| s.clients()).await.or_page(&state)?;
    sort_rows(&mut clients, sort, |col, a, b| match col {
        "contacts" => a.contacts.len().cmp(&b.contacts.len()),
        "language" => text_cmp(
            a.language.as_deref().unwrap_or(""),
            b.language.as_deref().unwrap_or(""),
        ),
        "portal" => a.portal_enabled.cmp(&b.portal_enabled),
        _ => text_cmp(&a.name, &b.name),
    });
    Ok(view::list(&console.chrome(&state), &clients, sort))
}

#[derive(Debug, Deserialize)]
pub struct NewClientForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    contact_name: Option<String>,
    contact_email: Option<String>,
    language: Option<String>,
    timezone: Option<String>,
}

pub async fn create(
    State(state): State<AppState>,
    Checked { console, form: f }: Checked<NewClientForm>,
) -> ConsoleResult<Response> {
    let contacts = match (non_empty(f.contact_name), non_empty(f.contact_email)) {
        (Some(name), Some(email)) => vec![ContactInput::new(&name, &email)],
        (None, Some(email)) => vec![ContactInput::new(&email, &email)],
        _ => Vec::new(),
    };
    let new = NewClient {
        name: f.name,
        contacts,
        language: non_empty(f.language),
        timezone: non_empty(f.timezone),
    };
    let actor = console.actor();
    let c = state
        .op(move |s| s.create_client(&actor, new))
        .await
        .or_page(&state)?;
    Ok(back_to(&c.id))
}

pub async fn show(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    sorting: Sorting,
) -> ConsoleResult<Markup> {
    let link_sort = view::LINK_TABLE.sort_for(sorting.requested(&state, &[view::LINK_TABLE])?);
    let (o, lists) = state
        .op(move |s| Ok((s.client_overview(&id)?, s.client_lists(&id)?)))
        .await
        .or_page(&state)?;
    let mut v = view::ClientView {
        client: o.client,
        projects: o.projects,
        links: o
            .links
            .into_iter()
            .map(|(g, st)| (g, link_state_label(st)))
            .collect(),
        link_sort,
        now: state.clock.now(),
        staff: o
            .staff
            .into_iter()
            .map(|s| (s.id, s.name, s.email))
            .collect(),
        lists,
    };
    sort_rows(&mut v.links, link_sort, |col, (a, sa), (b, sb)| match col {
        "contact" => text_cmp(&a.contact.name, &b.contact.name)
            .then_with(|| text_cmp(&a.contact.email, &b.contact.email)),
        "expires" => a.expires_at.cmp(&b.expires_at),
        "views" => a.views.cmp(&b.views),
        "state" => sa.cmp(sb),
        _ => a.issued_at.cmp(&b.issued_at),
    });
    Ok(view::show(&console.chrome(&state), &v))
}

#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    csrf: String,
    name: Option<String>,
    language: Option<String>,
    timezone: Option<String>,
    portal_enabled: Option<String>,
    verify_decisions: Option<String>,
    clients_may_invite: Option<String>,
    owner_staff_id: Option<String>,
    activity_alerts: Option<String>,
    milestones: Option<String>,
    files: Option<String>,
    approvals: Option<String>,
    activity: Option<String>,
}

pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<SettingsForm>,
) -> ConsoleResult<Response> {
    // Unchecked boxes are absent from a form: every toggle is sent as on or off.
    let patch = ClientPatch {
        name: non_empty(f.name),
        language: non_empty(f.language),
        timezone: non_empty(f.timezone),
        portal_enabled: Some(on(f.portal_enabled.as_ref())),
        sections: Some(SectionsPatch {
            milestones: Some(on(f.milestones.as_ref())),
            files: Some(on(f.files.as_ref())),
            approvals: Some(on(f.approvals.as_ref())),
            activity: Some(on(f.activity.as_ref())),
            lists: std::collections::BTreeMap::new(),
        }),
        contacts: None,
        verify_decisions: Some(on(f.verify_decisions.as_ref())),
        clients_may_invite: Some(on(f.clients_may_invite.as_ref())),
        owner_staff_id: non_empty(f.owner_staff_id),
        activity_alerts: Some(on(f.activity_alerts.as_ref())),
    };
    let (actor, cid) = (console.actor(), id.clone());
    state
        .op(move |s| s.patch_client(&actor, &cid, patch))
        .await
        .or_page(&state)?;
    Ok(back_to(&id))
}

/// A contact's name, address, role and projects (`all_projects`, or one `project_<id>`
/// checkbox per project).
#[derive(Debug, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    role: Option<ContactRole>,
    all_projects: Option<String>,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

impl ContactForm {
    fn projects(&self) -> ProjectAccess {
        if on(self.all_projects.as_ref()) {
            return ProjectAccess::All;
        }
        let mut ids: Vec<String> = self
            .rest
            .iter()
            .filter(|(_, v)| on(Some(v)))
            .filter_map(|(k, _)| k.strip_prefix("project_").map(str::to_owned))
            .collect();
        ids.sort();
        ProjectAccess::Only(ids)
    }
}

pub async fn add_contact(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<ContactForm>,
) -> ConsoleResult<Response> {
    let input = ContactInput {
        id: None,
        projects: Some(f.projects()),
        name: f.name,
        email: f.email,
        role: f.role,
        language: None,
    };
    let (actor, cid) = (console.actor(), id.clone());
    state
        .op(move |s| s.add_contact(&actor, &cid, &input))
        .await
        .or_page(&state)?;
    Ok(back_to(&id))
}

pub async fn update_contact(
    State(state): State<AppState>,
    Path((id, contact_id)): Path<(String, String)>,
    Checked { console, form: f }: Checked<ContactForm>,
) -> ConsoleResult<Response> {
    let patch = ContactPatch {
        projects: Some(f.projects()),
        name: non_empty(Some(f.name)),
        email: non_empty(Some(f.email)),
        role: f.role,
        language: None,
    };
    let (actor, cid) = (console.actor(), id.clone());
    state
        .op(move |s| s.update_contact(&actor, &cid, &contact_id, &patch))
        .await
        .or_page(&state)?;
    Ok(back_to(&id))
}

pub async fn remove_contact(
    State(state): State<AppState>,
    Path((id, contact_id)): Path<(String, String)>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let (actor, cid) = (console.actor(), id.clone());
    state
        .op(move |s| s.remove_contact(&actor, &cid, &contact_id))
        .await
        .or_page(&state)?;
    Ok(back_to(&id))
}

#[derive(Debug, Deserialize)]
pub struct ProjectForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    summary: Option<String>,
}

pub async fn create_project(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<ProjectForm>,
) -> ConsoleResult<Response> {
    let new = NewProject {
        name: f.name,
        summary: non_empty(f.summary),
        status: None,
        next_step: None,
    };
    let actor = console.actor();
    let p = state
        .op(move |s| s.create_project(&actor, &id, new))
        .await
        .or_page(&state)?;
    Ok(Redirect::to(&format!("/staff/projects/{}", p.id)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    project_id: Option<String>,
    ttl: Option<String>,
    send: Option<String>,
}

pub async fn issue_link(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<IssueForm>,
) -> ConsoleResult<Markup> {
    let mailed = on(f.send.as_ref());
    let req = IssueLink {
        email: f.email,
        ttl: non_empty(f.ttl),
        project_id: non_empty(f.project_id),
        send: Some(mailed),
        can: None,
    };
    let actor = console.actor();
    let (client, link) = state
        .op(move |s| {
            let link = s.issue_link(&actor, &id, &req)?;
            Ok((s.client(&id)?, link))
        })
        .await
        .or_page(&state)?;
    Ok(view::issued(
        &console.chrome(&state),
        &client,
        &link,
        mailed,
    ))
}

pub async fn cutoff(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let (actor, cid) = (console.actor(), id.clone());
    state
        .op(move |s| s.cut_off_links(&actor, &cid))
        .await
        .or_page(&state)?;
    Ok(back_to(&id))
}

pub async fn revoke_link(
    State(state): State<AppState>,
    Path(grant_id): Path<String>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let actor = console.actor();
    let g = state
        .op(move |s| s.revoke_link(&actor, &grant_id))
        .await
        .or_page(&state)?;
    Ok(back_to(&g.client_id))
}
