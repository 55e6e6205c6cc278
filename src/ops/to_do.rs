//! What waits on the person behind a link (SPEC 13: "needs your decision / your action"
//! first on every client page): the approvals they may decide and have not yet, the file
//! requests nothing was sent for, the requests waiting on their answer and the open forms
//! they have not answered. One read feeds the one view component on every page.

use std::collections::HashSet;

use crate::domain::access::{Action, Subject};
use crate::domain::approval::decision_of;
use crate::domain::{Approval, ApprovalStatus, ClientRequest, IntakeForm};
use crate::store::requests::{form_responses, forms_of_project};

use super::OpResult;
use super::file_requests::FileRequestView;
use super::lists::row_project;
use super::portal::LiveLink;
use crate::state::AppState;

/// Which page asks: the overview (everything), one project's page, or one list's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToDoScope<'a> {
    All,
    Project(&'a str),
    List(&'a str),
}

/// One approval waiting for this person's decision.
#[derive(Debug, Clone)]
pub struct DecisionToDo {
    pub approval: Approval,
    /// The project's name, or the list's for a row of no project.
    pub place: String,
    /// The project's id (empty for a row of no project).
    pub project_id: String,
    /// The deliverable's name, when it is a file the link sees.
    pub file_name: Option<String>,
}

/// Everything waiting on the person, each list soonest due first.
#[derive(Debug, Clone, Default)]
pub struct ToDo {
    pub decisions: Vec<DecisionToDo>,
    /// File requests nothing was sent for yet, where the link may upload.
    pub file_requests: Vec<FileRequestView>,
    pub requests: Vec<ClientRequest>,
    /// Open forms this contact has not answered, with the project's name.
    pub forms: Vec<(IntakeForm, String)>,
}

impl ToDo {
    /// Items besides decisions ("needs your action").
    #[must_use]
    pub fn actions(&self) -> usize {
        self.file_requests.len() + self.requests.len() + self.forms.len()
    }
}

impl AppState {
    /// What waits on this link's person, on the page `scope` names.
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_to_do(&self, link: &LiveLink, scope: ToDoScope<'_>) -> OpResult<ToDo> {
        let access = link.access();
        let in_project = |pid: &str| match scope {
            ToDoScope::All => true,
            ToDoScope::Project(p) => p == pid,
            ToDoScope::List(_) => false,
        };
        let waits_on_me = |a: &Approval, allowed: bool| {
            a.status == ApprovalStatus::Pending
                && allowed
                && decision_of(a, &link.contact).is_none()
        };
        // A project's page reads that project alone: another project with thousands of
        // approvals must not weigh on it.
        let projects = match scope {
            ToDoScope::Project(p) => vec![self.portal_project(link, p)?],
            ToDoScope::All | ToDoScope::List(_) => self.portal_projects(link)?,
        };
        let mut out = ToDo::default();
        let mut seen = HashSet::new();
        for d in &projects {
            for a in &d.approvals {
                let on_page = match (scope, &a.row) {
                    (ToDoScope::List(slug), Some(r)) => r.list == slug,
                    _ => in_project(&d.project.id),
                };
                let may = access
                    .check(&Subject::approval(&d.project, a), Action::Decide)
                    .is_ok();
                if on_page && waits_on_me(a, may) && seen.insert(a.id.clone()) {
                    let file_name = a
                        .file_id
                        .as_deref()
                        .and_then(|id| d.files.iter().find(|f| f.id == id))
                        .map(|f| f.name.clone());
                    out.decisions.push(DecisionToDo {
                        approval: a.clone(),
                        place: d.project.name.clone(),
                        project_id: d.project.id.clone(),
                        file_name,
                    });
                }
            }
        }
        // Rows of no project: named by their list.
        if !matches!(scope, ToDoScope::Project(_)) {
            let lists = self.portal_list_counts(link)?;
            for a in self.portal_row_approvals(link)? {
                let Some(row) = a.row.clone() else { continue };
                let on_page = match scope {
                    ToDoScope::List(slug) => row.list == slug,
                    _ => a.project_id.is_empty(),
                };
                let may = access
                    .check(&Subject::approval(&row_project(&a), &a), Action::Decide)
                    .is_ok();
                if on_page && waits_on_me(&a, may) && seen.insert(a.id.clone()) {
                    let place = lists
                        .iter()
                        .find(|c| c.def.slug == row.list)
                        .map_or(row.list, |c| c.def.name.clone());
                    out.decisions.push(DecisionToDo {
                        approval: a,
                        place,
                        project_id: String::new(),
                        file_name: None,
                    });
                }
            }
        }
        out.decisions.sort_by_key(|d| {
            let a = &d.approval;
            (a.due_on.is_none(), a.due_on, a.opened_at)
        });
        if matches!(scope, ToDoScope::List(_)) {
            return Ok(out);
        }
        let only = match scope {
            ToDoScope::Project(p) => Some(p),
            _ => None,
        };
        out.file_requests = self
            .portal_file_requests(link, only)?
            .into_iter()
            .filter(|v| v.request.uploads.is_empty())
            .filter(|v| {
                access
                    .check(
                        &Subject::file_request(&v.project, &v.request),
                        Action::Upload,
                    )
                    .is_ok()
            })
            .collect();
        out.requests = self
            .portal_requests_waiting(link)?
            .into_iter()
            .filter(|r| only.is_none() || r.project_id.as_deref() == only)
            .collect();
        let contact = link.contact.id.clone();
        out.forms = self.store.read(|rx| {
            let mut forms = Vec::new();
            for d in projects.iter().filter(|d| in_project(&d.project.id)) {
                if access
                    .check(&Subject::project(&d.project), Action::Comment)
                    .is_err()
                {
                    continue;
                }
                for f in forms_of_project(rx, &d.project.id)? {
                    let answered = form_responses(rx, &f.id)?
                        .iter()
                        .any(|r| r.contact_id == contact);
                    if !f.closed && !answered {
                        forms.push((f, d.project.name.clone()));
                    }
                }
            }
            Ok(forms)
        })?;
        Ok(out)
    }
}
