//! Projects and what sits under them: milestones, milestone updates, staff comments and
//! internal notes, and the project read models staff see (API and console alike).

use serde::Deserialize;

use super::OpResult;
use crate::domain::paging::{Page, PageRequest};
use crate::domain::{
    Author, Client, Comment, CommentTarget, Milestone, MilestoneUpdate, Note, Project,
};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{
    Actor, MilestonePatch, NewMilestone, NewProject, ProjectDetail, ProjectPatch, ReadRecords as _,
};

/// A milestone update as staff post it; an internal one stays off client pages and mail.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUpdate {
    pub body: String,
    #[serde(default)]
    pub internal: bool,
}

/// An internal note: staff only, never on a client page.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    pub body: String,
}

/// A staff comment on exactly one milestone or approval of a project.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    pub body: String,
    #[serde(default)]
    pub milestone_id: Option<String>,
    #[serde(default)]
    pub approval_id: Option<String>,
}

/// A project with everything under it and the client it belongs to.
#[derive(Debug, Clone)]
pub struct ProjectWithClient {
    pub client: Client,
    pub detail: ProjectDetail,
}

/// Notes and comments written by staff carry the staff member as their author.
fn staff_author(actor: &Actor) -> OpResult<Author> {
    match actor {
        Actor::Staff { id, name } => Ok(Author::Staff {
            id: id.clone(),
            name: name.clone(),
        }),
        Actor::Link { .. } | Actor::System => Err(AppError::Forbidden(
            "only a staff member writes staff notes and comments".into(),
        )),
    }
}

impl AppState {
    /// Create a project under a client.
    ///
    /// # Errors
    /// `NotFound` for the client, or invalid fields.
    pub fn create_project(
        &self,
        actor: &Actor,
        client_id: &str,
        new: NewProject,
    ) -> OpResult<Project> {
        Ok(self
            .store
            .create_project(actor, self.clock.now(), client_id, new)?)
    }

    /// One page of a client's projects in id order.
    ///
    /// # Errors
    /// `NotFound` for the client.
    pub fn projects_of_client(
        &self,
        client_id: &str,
        page: &PageRequest,
    ) -> OpResult<Page<Project>> {
        Ok(self.store.read(|rx| {
            rx.get::<Client>(client_id)?;
            rx.child_page("client", client_id, "projects", page)
        })?)
    }

    /// A project with its milestones, updates, files, approvals, comments and notes.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn project_detail(&self, id: &str) -> OpResult<ProjectDetail> {
        Ok(self.store.project_detail(id)?)
    }

    /// A project with everything under it, and its client (the console's project page).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn project_with_client(&self, id: &str) -> OpResult<ProjectWithClient> {
        let detail = self.store.project_detail(id)?;
        let client = self.store.client(&detail.project.client_id)?;
        Ok(ProjectWithClient { client, detail })
    }

    /// Change a project's name, summary, status or next step.
    ///
    /// # Errors
    /// `NotFound`, or invalid fields.
    pub fn patch_project(&self, actor: &Actor, id: &str, patch: ProjectPatch) -> OpResult<Project> {
        Ok(self
            .store
            .patch_project(actor, self.clock.now(), id, patch)?)
    }

    /// Add a milestone to a project.
    ///
    /// # Errors
    /// `NotFound` for the project, or invalid fields.
    pub fn create_milestone(
        &self,
        actor: &Actor,
        project_id: &str,
        new: NewMilestone,
    ) -> OpResult<Milestone> {
        Ok(self
            .store
            .create_milestone(actor, self.clock.now(), project_id, new)?)
    }

    /// Change a milestone's title, description, status, due date or position.
    ///
    /// # Errors
    /// `NotFound`, or invalid fields.
    pub fn patch_milestone(
        &self,
        actor: &Actor,
        id: &str,
        patch: MilestonePatch,
    ) -> OpResult<Milestone> {
        Ok(self
            .store
            .patch_milestone(actor, self.clock.now(), id, patch)?)
    }

    /// Post an update on a milestone. A public one queues the clients' update mail,
    /// which the sender sends once the batch window has passed.
    ///
    /// # Errors
    /// `NotFound` for the milestone, or an empty body.
    pub fn post_milestone_update(
        &self,
        actor: &Actor,
        milestone_id: &str,
        new: NewUpdate,
    ) -> OpResult<MilestoneUpdate> {
        Ok(self.store.add_update(
            actor,
            self.clock.now(),
            milestone_id,
            &new.body,
            new.internal,
        )?)
    }

    /// Write an internal note on a project, authored by the staff member acting.
    ///
    /// # Errors
    /// `NotFound` for the project, an empty body, or `Forbidden` for an actor that is
    /// not a staff member.
    pub fn add_staff_note(&self, actor: &Actor, project_id: &str, new: NewNote) -> OpResult<Note> {
        let author = staff_author(actor)?;
        Ok(self
            .store
            .add_note(actor, self.clock.now(), project_id, author, &new.body)?)
    }

    /// Comment on one milestone or one approval of a project, as the staff member acting;
    /// the client sees it wherever the client sees that milestone or approval.
    ///
    /// # Errors
    /// `Invalid` unless exactly one of `milestone_id` and `approval_id` is given;
    /// `NotFound` when the target is not in the project; an empty body; `Forbidden` for
    /// an actor that is not a staff member.
    pub fn add_staff_comment(
        &self,
        actor: &Actor,
        project_id: &str,
        new: NewComment,
    ) -> OpResult<Comment> {
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
        let author = staff_author(actor)?;
        Ok(self.store.add_comment(
            actor,
            self.clock.now(),
            project_id,
            target,
            author,
            &new.body,
        )?)
    }
}
