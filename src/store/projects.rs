//! Projects, milestones, milestone updates, comments and internal notes, and the read
//! models that gather a project (staff) or a whole portal (client) in one snapshot.

use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, OffsetDateTime};

use super::tx::ReadRecords as _;
use super::{Actor, Rx, Store, StoreError, StoreResult, Tx, outbox};
use crate::domain::mail::Notice;
use crate::domain::records::date_format::iso_date;
use crate::domain::{
    Approval, Author, Client, Comment, CommentTarget, FileRecord, Milestone, MilestoneStatus,
    MilestoneUpdate, Note, Project, ProjectStatus, new_id, validate,
};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProject {
    pub name: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub status: Option<ProjectStatus>,
    #[serde(default)]
    pub next_step: Option<String>,
}

/// Partial update of a project.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectPatch {
    pub name: Option<String>,
    pub summary: Option<String>,
    pub status: Option<ProjectStatus>,
    pub next_step: Option<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMilestone {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub status: Option<MilestoneStatus>,
    #[serde(default, with = "iso_date::option")]
    pub due_on: Option<Date>,
}

/// Partial update of a milestone. `due_on: null` clears the date.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestonePatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<MilestoneStatus>,
    #[serde(default, deserialize_with = "double_option_date")]
    pub due_on: Option<Option<Date>>,
    pub position: Option<u32>,
}

fn double_option_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<Date>>, D::Error> {
    #[derive(Deserialize)]
    struct W(#[serde(with = "iso_date::option")] Option<Date>);
    W::deserialize(d).map(|W(v)| Some(v))
}

/// A project with everything under it, as staff see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProjectDetail {
    #[serde(flatten)]
    pub project: Project,
    pub milestones: Vec<Milestone>,
    pub updates: Vec<MilestoneUpdate>,
    pub files: Vec<FileRecord>,
    pub approvals: Vec<Approval>,
    pub comments: Vec<Comment>,
    pub notes: Vec<Note>,
}

/// What one client link may see, read in one snapshot.
#[derive(Debug, Clone)]
pub struct PortalSnapshot {
    pub client: Client,
    pub projects: Vec<ProjectDetail>,
}

pub(super) fn load_project(rx: &Rx, id: &str) -> StoreResult<ProjectDetail> {
    let project: Project = rx.get(id)?;
    let mut milestones: Vec<Milestone> = rx.child_records("project", id, "milestones")?;
    milestones.sort_by_key(|m| (m.position, m.created_at));
    let mut updates: Vec<MilestoneUpdate> = rx.child_records("project", id, "updates")?;
    updates.sort_by_key(|u| u.at);
    let mut files: Vec<FileRecord> = rx.child_records("project", id, "files")?;
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let mut approvals: Vec<Approval> = rx.child_records("project", id, "approvals")?;
    approvals.sort_by_key(|a| a.created_at);
    let mut comments: Vec<Comment> = rx.child_records("project", id, "comments")?;
    comments.sort_by_key(|c| c.at);
    let mut notes: Vec<Note> = rx.child_records("project", id, "notes")?;
    notes.sort_by_key(|n| n.at);
    Ok(ProjectDetail {
        project,
        milestones,
        updates,
        files,
        approvals,
        comments,
        notes,
    })
}

fn milestone_status_changed(m: &mut Milestone, status: MilestoneStatus, now: OffsetDateTime) {
    if status == MilestoneStatus::Done && m.status != MilestoneStatus::Done {
        m.completed_at = Some(now);
    } else if status != MilestoneStatus::Done {
        m.completed_at = None;
    }
    m.status = status;
}

impl Store {
    /// # Errors
    /// `NotFound` for the client, or invalid fields.
    pub fn create_project(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        client_id: &str,
        new: NewProject,
    ) -> StoreResult<Project> {
        let name = validate::line("name", &new.name)?;
        let summary = validate::text("summary", new.summary.as_deref().unwrap_or(""))?;
        let next_step = new
            .next_step
            .as_deref()
            .map(|s| validate::text("next_step", s))
            .transpose()?
            .filter(|s| !s.is_empty());
        self.write(actor, now, |tx| {
            tx.get::<Client>(client_id)?;
            let p = Project {
                id: new_id(),
                client_id: client_id.to_owned(),
                name,
                summary,
                status: new.status.unwrap_or(ProjectStatus::Active),
                next_step,
                created_at: tx.now,
            };
            tx.put(&p)?;
            tx.link_child("client", client_id, "projects", &p.id)?;
            tx.audit(
                "project.created",
                &[client_id, &p.id],
                json!({"name": p.name}),
            )?;
            Ok(p)
        })
    }

    /// # Errors
    /// `NotFound` or invalid fields.
    pub fn patch_project(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        patch: ProjectPatch,
    ) -> StoreResult<Project> {
        let name = patch
            .name
            .as_deref()
            .map(|n| validate::line("name", n))
            .transpose()?;
        let summary = patch
            .summary
            .as_deref()
            .map(|s| validate::text("summary", s))
            .transpose()?;
        let next_step = patch
            .next_step
            .as_deref()
            .map(|s| validate::text("next_step", s))
            .transpose()?;
        self.write(actor, now, |tx| {
            let mut p: Project = tx.get(id)?;
            if let Some(v) = name {
                p.name = v;
            }
            if let Some(v) = summary {
                p.summary = v;
            }
            if let Some(v) = patch.status {
                p.status = v;
            }
            if let Some(v) = next_step {
                p.next_step = (!v.is_empty()).then_some(v);
            }
            tx.put(&p)?;
            tx.audit(
                "project.updated",
                &[&p.client_id, &p.id],
                json!({"name": p.name, "status": p.status, "next_step": p.next_step}),
            )?;
            Ok(p)
        })
    }

    /// A project with everything under it.
    ///
    /// # Errors
    /// `NotFound` or a database failure.
    pub fn project_detail(&self, id: &str) -> StoreResult<ProjectDetail> {
        self.read(|rx| load_project(rx, id))
    }

    /// The client and its projects (all, or just `scope`), in one snapshot.
    ///
    /// # Errors
    /// `NotFound` or a database failure.
    pub fn portal_snapshot(
        &self,
        client_id: &str,
        scope: Option<&str>,
    ) -> StoreResult<PortalSnapshot> {
        self.read(|rx| {
            let client: Client = rx.get(client_id)?;
            let ids = rx.portal_project_ids(client_id, scope)?;
            let mut projects = Vec::with_capacity(ids.len());
            for id in ids {
                let d = load_project(rx, &id)?;
                if d.project.client_id == client_id {
                    projects.push(d);
                }
            }
            projects.sort_by_key(|p| p.project.created_at);
            Ok(PortalSnapshot { client, projects })
        })
    }

    /// # Errors
    /// `NotFound` for the project, or invalid fields.
    pub fn create_milestone(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        project_id: &str,
        new: NewMilestone,
    ) -> StoreResult<Milestone> {
        let title = validate::line("title", &new.title)?;
        let description = validate::text("description", new.description.as_deref().unwrap_or(""))?;
        self.write(actor, now, |tx| {
            let p: Project = tx.get(project_id)?;
            let position = u32::try_from(tx.children("project", project_id, "milestones")?.len())
                .unwrap_or(u32::MAX);
            let mut m = Milestone {
                id: new_id(),
                project_id: project_id.to_owned(),
                title,
                description,
                status: MilestoneStatus::Planned,
                due_on: new.due_on,
                completed_at: None,
                position: position.saturating_add(1),
                created_at: tx.now,
            };
            milestone_status_changed(
                &mut m,
                new.status.unwrap_or(MilestoneStatus::Planned),
                tx.now,
            );
            tx.put(&m)?;
            tx.link_child("project", project_id, "milestones", &m.id)?;
            tx.audit(
                "milestone.created",
                &[&p.client_id, project_id, &m.id],
                json!({"title": m.title, "status": m.status}),
            )?;
            Ok(m)
        })
    }

    /// # Errors
    /// `NotFound` or invalid fields.
    pub fn patch_milestone(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        patch: MilestonePatch,
    ) -> StoreResult<Milestone> {
        let title = patch
            .title
            .as_deref()
            .map(|t| validate::line("title", t))
            .transpose()?;
        let description = patch
            .description
            .as_deref()
            .map(|d| validate::text("description", d))
            .transpose()?;
        self.write(actor, now, |tx| {
            let mut m: Milestone = tx.get(id)?;
            let p: Project = tx.get(&m.project_id)?;
            if let Some(v) = title {
                m.title = v;
            }
            if let Some(v) = description {
                m.description = v;
            }
            if let Some(v) = patch.status {
                milestone_status_changed(&mut m, v, tx.now);
            }
            if let Some(v) = patch.due_on {
                m.due_on = v;
            }
            if let Some(v) = patch.position {
                m.position = v;
            }
            tx.put(&m)?;
            tx.audit(
                "milestone.updated",
                &[&p.client_id, &p.id, &m.id],
                json!({"title": m.title, "status": m.status, "due_on": m.due_on.map(|d| d.to_string()), "position": m.position}),
            )?;
            Ok(m)
        })
    }

    /// Post an update on a milestone (internal ones are staff-only).
    ///
    /// # Errors
    /// `NotFound` or an empty body.
    pub fn add_update(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        milestone_id: &str,
        body: &str,
        internal: bool,
    ) -> StoreResult<MilestoneUpdate> {
        let body = validate::text("body", body)?;
        if body.is_empty() {
            return Err(StoreError::invalid("body", "is required"));
        }
        self.write(actor, now, |tx| {
            let m: Milestone = tx.get(milestone_id)?;
            let p: Project = tx.get(&m.project_id)?;
            let u = MilestoneUpdate {
                id: new_id(),
                milestone_id: m.id.clone(),
                project_id: p.id.clone(),
                body,
                author: actor.display_name(),
                author_id: actor.id(),
                at: tx.now,
                internal,
            };
            tx.put(&u)?;
            tx.link_child("project", &p.id, "updates", &u.id)?;
            tx.audit(
                "milestone.update_posted",
                &[&p.client_id, &p.id, &m.id, &u.id],
                json!({"internal": internal, "body": u.body}),
            )?;
            if !internal {
                outbox::queue_notice(
                    tx,
                    Notice::MilestoneUpdates {
                        client_id: p.client_id.clone(),
                        update_ids: vec![u.id.clone()],
                    },
                )?;
            }
            Ok(u)
        })
    }

    /// Comment on a milestone or approval of `project_id`.
    ///
    /// # Errors
    /// `NotFound` when the target is not in that project, or an empty body.
    pub fn add_comment(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        project_id: &str,
        target: CommentTarget,
        author: Author,
        body: &str,
    ) -> StoreResult<Comment> {
        let body = validate::text("body", body)?;
        if body.is_empty() {
            return Err(StoreError::invalid("body", "is required"));
        }
        self.write(actor, now, |tx| {
            let p: Project = tx.get(project_id)?;
            add_comment_in(tx, &p, target, author, body, None).map(|(c, _)| c)
        })
    }

    /// Add an internal note to a project.
    ///
    /// # Errors
    /// `NotFound` or an empty body.
    pub fn add_note(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        project_id: &str,
        author: Author,
        body: &str,
    ) -> StoreResult<Note> {
        let body = validate::text("body", body)?;
        if body.is_empty() {
            return Err(StoreError::invalid("body", "is required"));
        }
        self.write(actor, now, |tx| {
            let p: Project = tx.get(project_id)?;
            let n = Note {
                id: new_id(),
                project_id: p.id.clone(),
                body,
                author,
                at: tx.now,
            };
            tx.put(&n)?;
            tx.link_child("project", &p.id, "notes", &n.id)?;
            tx.audit(
                "note.added",
                &[&p.client_id, &p.id, &n.id],
                json!({"body": n.body}),
            )?;
            Ok(n)
        })
    }
}

/// Add a comment inside `tx`. A comment form's `nonce` is single-use: a second comment
/// with the same nonce stores nothing and answers the first (`true`: a replay).
///
/// # Errors
/// `NotFound` when the target is not in project `p`.
pub fn add_comment_in(
    tx: &mut Tx<'_>,
    p: &Project,
    target: CommentTarget,
    author: Author,
    body: String,
    nonce: Option<&str>,
) -> StoreResult<(Comment, bool)> {
    let nonce_key = nonce.map(|n| format!("comment_nonce:{n}"));
    if let Some(key) = &nonce_key
        && let Some(id) = tx.lookup(key)?
    {
        return Ok((tx.get(&id)?, true));
    }
    let target_project = match &target {
        CommentTarget::Milestone(id) => tx.get::<Milestone>(id)?.project_id,
        CommentTarget::Approval(id) => tx.get::<Approval>(id)?.project_id,
    };
    if target_project != p.id {
        return Err(StoreError::NotFound("comment target"));
    }
    let c = Comment {
        id: new_id(),
        project_id: p.id.clone(),
        target,
        author,
        body,
        at: tx.now,
    };
    // Shown on its project's pages and its client's, nowhere else.
    tx.pages_only_under(&[&p.client_id, &p.id]);
    tx.put(&c)?;
    tx.link_child("project", &p.id, "comments", &c.id)?;
    if let Some(key) = &nonce_key {
        tx.set_lookup(key, &c.id)?;
    }
    tx.audit(
        "comment.added",
        &[&p.client_id, &p.id, &c.id],
        json!({"target": c.target, "author": c.author, "body": c.body}),
    )?;
    Ok((c, false))
}

impl Rx {
    /// The ids of the projects a portal of `client_id` lists: the one project a link is
    /// scoped to, or all of the client's. Callers still check each project's `client_id`
    /// (a scoped id could name another client's project) and sort by `created_at`.
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_project_ids(
        &self,
        client_id: &str,
        scope: Option<&str>,
    ) -> StoreResult<Vec<String>> {
        match scope {
            Some(p) => Ok(vec![p.to_owned()]),
            None => self.children("client", client_id, "projects"),
        }
    }
}
