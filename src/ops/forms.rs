//! Forms (SPEC 11): staff put questions on a project, contacts who may comment answer them
//! through a link (one response each, replaced on resubmission) until staff close the form.
//! Link verdicts come from `domain::access`: the form's project must be in scope (404),
//! answering needs the comment right (403), then a closed form is 409, then the answers.

use serde::{Deserialize, Serialize};

use super::link_activity;
use crate::domain::access::{Access, Action, Subject};
use crate::domain::activity::ActivityKind;
use crate::domain::forms::{AnswerErrors, check_new_form, read_answers};
use crate::domain::{Client, FormResponse, IntakeForm, Project, Question, new_id};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::outbox::note_activity;
use crate::store::requests::{
    create_form_in, form_responses, forms_of_project, save_form_response_in, set_form_closed_in,
};
use crate::store::{Actor, ReadRecords as _};

use super::OpResult;
use super::portal::LiveLink;

/// The refusal of an answer to a closed form.
pub const FORM_CLOSED: &str = "This form is closed and takes no more answers.";

/// `POST /projects/{id}/forms`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewForm {
    pub title: String,
    pub questions: Vec<Question>,
}

/// `PATCH /forms/{id}`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FormPatch {
    pub closed: bool,
}

/// `GET /forms/{id}/responses`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FormResponses {
    pub form: IntakeForm,
    pub responses: Vec<FormResponse>,
}

/// A form as a link sees it, with this contact's last answers if any.
#[derive(Debug, Clone)]
pub struct PortalForm {
    pub form: IntakeForm,
    pub project: Project,
    pub mine: Option<FormResponse>,
}

impl AppState {
    /// Put a form on a project (staff).
    ///
    /// # Errors
    /// `NotFound` project, `Invalid` form.
    pub fn create_form(
        &self,
        actor: &Actor,
        project_id: &str,
        new: NewForm,
    ) -> OpResult<IntakeForm> {
        let (title, questions) = check_new_form(&new.title, new.questions)?;
        Ok(self.store.write(actor, self.clock.now(), |tx| {
            let p: Project = tx.get(project_id)?;
            create_form_in(tx, &p.client_id, &p.id, title, questions)
        })?)
    }

    /// Close (or reopen) a form (staff).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn patch_form(
        &self,
        actor: &Actor,
        form_id: &str,
        patch: &FormPatch,
    ) -> OpResult<IntakeForm> {
        Ok(self.store.write(actor, self.clock.now(), |tx| {
            set_form_closed_in(tx, form_id, patch.closed)
        })?)
    }

    /// A project's forms, oldest first (staff).
    ///
    /// # Errors
    /// `NotFound` for the project.
    pub fn project_forms(&self, project_id: &str) -> OpResult<Vec<IntakeForm>> {
        Ok(self.store.read(|rx| {
            let _: Project = rx.get(project_id)?;
            forms_of_project(rx, project_id)
        })?)
    }

    /// A form with every response (staff).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn form_responses(&self, form_id: &str) -> OpResult<FormResponses> {
        Ok(self.store.read(|rx| {
            Ok(FormResponses {
                form: rx.get(form_id)?,
                responses: form_responses(rx, form_id)?,
            })
        })?)
    }

    /// Every form on a client's projects, with its project's name (staff).
    ///
    /// # Errors
    /// `NotFound` for an unknown client.
    pub fn client_forms(&self, client_id: &str) -> OpResult<Vec<(IntakeForm, String)>> {
        Ok(self.store.read(|rx| {
            rx.get::<Client>(client_id)?;
            let projects: Vec<Project> = rx.child_records("client", client_id, "projects")?;
            let mut out = Vec::new();
            for p in projects {
                out.extend(
                    forms_of_project(rx, &p.id)?
                        .into_iter()
                        .map(|f| (f, p.name.clone())),
                );
            }
            Ok(out)
        })?)
    }

    /// The open forms of the projects this link sees, with each project's name.
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_forms(&self, link: &LiveLink) -> OpResult<Vec<(IntakeForm, String)>> {
        let access = link.access();
        let projects = self.portal_request_projects(link)?;
        Ok(self.store.read(|rx| {
            let mut out = Vec::new();
            for p in projects {
                if access.check(&Subject::project(&p), Action::View).is_ok() {
                    out.extend(
                        forms_of_project(rx, &p.id)?
                            .into_iter()
                            .filter(|f| !f.closed)
                            .map(|f| (f, p.name.clone())),
                    );
                }
            }
            Ok(out)
        })?)
    }

    /// A form through a link: its project must be in scope (else 404).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn portal_form(&self, link: &LiveLink, form_id: &str) -> OpResult<PortalForm> {
        let (form, project, responses) = self.store.read(|rx| {
            let f: IntakeForm = rx.get(form_id)?;
            let p: Project = rx.get(&f.project_id)?;
            let r = form_responses(rx, form_id)?;
            Ok((f, p, r))
        })?;
        link.access()
            .check(&Subject::project(&project), Action::View)
            .map_err(|_| AppError::NotFound("form"))?;
        let mine = responses
            .into_iter()
            .find(|r| r.contact_id == link.contact.id);
        Ok(PortalForm {
            form,
            project,
            mine,
        })
    }

    /// Answer a form through a link. In one write: the link stands, the form's project is
    /// in scope (404), the link may comment (403), the form is open (409), then the
    /// answers (each refused one gets its message: `Ok(Err(..))`, shown as 422).
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict`, the front end's refusal.
    pub fn answer_form(
        &self,
        link: &LiveLink,
        form_id: &str,
        request: OpResult<Vec<(String, String)>>,
    ) -> OpResult<Result<FormResponse, AnswerErrors>> {
        let leeway = self.settings.leeway_seconds;
        let grant = link.grant.clone();
        let actor = Actor::Link {
            grant_id: grant.grant_id.clone(),
        };
        let contact = link.contact.clone();
        self.store.write(&actor, self.clock.now(), |tx| {
            let client: Client = tx.get(&grant.client_id)?;
            let Some(access) = Access::of(&grant, &client, tx.now, leeway) else {
                return Ok(Err(AppError::NotFound("page")));
            };
            let Some(form) = tx.find::<IntakeForm>(form_id)? else {
                return Ok(Err(AppError::NotFound("form")));
            };
            let p: Project = tx.get(&form.project_id)?;
            if let Err(denied) = access.check(&Subject::project(&p), Action::Comment) {
                return Ok(Err(denied.into()));
            }
            // The answers show on this project's pages and the client's, nowhere else.
            tx.pages_only_under(&[&p.client_id, &p.id]);
            if form.closed {
                return Ok(Err(AppError::Conflict(FORM_CLOSED.into())));
            }
            let fields = match request {
                Ok(f) => f,
                Err(refused) => return Ok(Err(refused)),
            };
            let answers = match read_answers(&form.questions, &fields) {
                Ok(a) => a,
                Err(errors) => return Ok(Ok(Err(errors))),
            };
            let response = FormResponse {
                id: new_id(),
                form_id: form.id.clone(),
                contact_id: contact.id.clone(),
                contact_name: contact.name.clone(),
                contact_email: contact.email.clone(),
                grant_id: grant.grant_id.clone(),
                answers,
                at: tx.now,
            };
            let saved = save_form_response_in(tx, &form, response)?;
            note_activity(
                tx,
                &client.id,
                link_activity(
                    link,
                    ActivityKind::FormAnswered,
                    (&form.id, &form.title),
                    format!("/staff/forms/{}", form.id),
                    None,
                ),
            )?;
            Ok(Ok(Ok(saved)))
        })?
    }
}
