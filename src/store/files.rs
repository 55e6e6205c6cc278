//! Files and their versions. The bytes are already durable in the blob store when a
//! version is recorded here; a new version re-opens the file's approvals on that version.

use serde_json::json;
use time::OffsetDateTime;

use super::blobs::StoredBlob;
use super::tx::ReadRecords as _;
use super::{Actor, Store, StoreError, StoreResult, Tx, outbox};
use crate::domain::mail::Notice;
use crate::domain::{
    Approval, ApprovalStatus, FileRecord, FileVersion, Milestone, Project, new_id, validate,
};

/// A version to record; `name` picks the file (same name in a project = next version).
#[derive(Debug, Clone)]
pub struct NewFileVersion {
    pub name: String,
    pub milestone_id: Option<String>,
    pub note: Option<String>,
    pub content_type: String,
    pub blob: StoredBlob,
}

fn name_key(project_id: &str, name: &str) -> String {
    format!("file_name:{project_id}:{}", name.to_lowercase())
}

/// A file name safe to show and to offer as a download name: one line, no path.
///
/// # Errors
/// When the name is empty, too long, or holds path separators or control characters.
pub fn valid_file_name(name: &str) -> Result<String, validate::FieldError> {
    let n = validate::line("name", name)?;
    if n.contains(['/', '\\']) || n == "." || n == ".." {
        return Err(validate::FieldError::new(
            "name",
            "must be a file name, not a path",
        ));
    }
    Ok(n)
}

/// Record a new version of the file called `name` (already checked with
/// [`valid_file_name`]) in project `p` inside a write in progress, creating the file on
/// first upload, and re-open that file's approvals on it. `uploaded_by` is kept on the
/// version as is.
///
/// # Errors
/// `Invalid` for a milestone of another project or none, or a database failure.
pub fn add_file_version_in(
    tx: &Tx<'_>,
    p: &Project,
    new: &NewFileVersion,
    name: &str,
    note: Option<String>,
    uploaded_by: &str,
) -> StoreResult<(FileRecord, FileVersion)> {
    if let Some(mid) = &new.milestone_id {
        let m: Milestone = tx
            .find(mid)?
            .ok_or_else(|| StoreError::invalid("milestone_id", "no such milestone"))?;
        if m.project_id != p.id {
            return Err(StoreError::invalid(
                "milestone_id",
                "belongs to another project",
            ));
        }
    }
    let existing = match tx.lookup(&name_key(&p.id, name))? {
        Some(id) => Some(tx.get::<FileRecord>(&id)?),
        None => None,
    };
    let created = existing.is_none();
    let mut file = existing.unwrap_or_else(|| FileRecord {
        id: new_id(),
        project_id: p.id.clone(),
        milestone_id: new.milestone_id.clone(),
        name: name.to_owned(),
        client_visible: true,
        versions: Vec::new(),
        created_at: tx.now,
    });
    let n = file.versions.last().map_or(1, |v| v.n + 1);
    let version = FileVersion {
        n,
        sha256: new.blob.sha256.clone(),
        size: new.blob.size,
        content_type: new.content_type.clone(),
        uploaded_by: uploaded_by.to_owned(),
        uploaded_at: tx.now,
        note,
    };
    file.versions.push(version.clone());
    if new.milestone_id.is_some() {
        file.milestone_id.clone_from(&new.milestone_id);
    }
    tx.put(&file)?;
    if created {
        tx.link_child("project", &p.id, "files", &file.id)?;
        tx.set_lookup(&name_key(&p.id, name), &file.id)?;
    }
    tx.audit(
            "file.version_added",
            &[&p.client_id, &p.id, &file.id],
            json!({"name": file.name, "n": n, "sha256": version.sha256, "size": version.size, "content_type": version.content_type}),
        )?;
    for approval_id in tx.children("file", &file.id, "approvals")? {
        let mut a: Approval = tx.get(&approval_id)?;
        if a.status == ApprovalStatus::Withdrawn {
            continue;
        }
        a.status = ApprovalStatus::Pending;
        a.target_version = Some(n);
        a.target_sha256 = Some(version.sha256.clone());
        a.opened_at = tx.now;
        // A new version opens a new round: everyone decides again.
        a.round = a.round.saturating_add(1);
        tx.put(&a)?;
        super::reminder_candidates::note(tx, &a)?;
        tx.audit(
            "approval.reopened",
            &[&p.client_id, &p.id, &a.id, &file.id],
            json!({"version": n, "sha256": version.sha256}),
        )?;
        outbox::queue_notice(
            tx,
            Notice::ApprovalRequested {
                approval_id: a.id.clone(),
                reopened: true,
            },
        )?;
        super::approvals::queue_approval_requested(tx, &a, p, true)?;
    }
    Ok((file, version))
}

impl Store {
    /// Record a new version of the file called `new.name` in the project (creating the file
    /// on first upload) and re-open that file's approvals on it.
    ///
    /// # Errors
    /// `NotFound` for the project or milestone, or an invalid name.
    pub fn add_file_version(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        project_id: &str,
        new: NewFileVersion,
    ) -> StoreResult<(FileRecord, FileVersion)> {
        let name = valid_file_name(&new.name)?;
        let note = new
            .note
            .as_deref()
            .map(|n| validate::text("note", n))
            .transpose()?
            .filter(|n| !n.is_empty());
        let uploaded_by = actor.display_name();
        self.write(actor, now, |tx| {
            let p: Project = tx.get(project_id)?;
            add_file_version_in(tx, &p, &new, &name, note, &uploaded_by)
        })
    }

    /// Show or hide a file on client pages.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn set_file_visibility(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        file_id: &str,
        visible: bool,
    ) -> StoreResult<FileRecord> {
        self.write(actor, now, |tx| {
            let mut f: FileRecord = tx.get(file_id)?;
            let p: Project = tx.get(&f.project_id)?;
            f.client_visible = visible;
            tx.put(&f)?;
            tx.audit(
                "file.visibility_changed",
                &[&p.client_id, &p.id, &f.id],
                json!({"client_visible": visible}),
            )?;
            Ok(f)
        })
    }

    /// # Errors
    /// `NotFound`.
    pub fn file(&self, id: &str) -> StoreResult<FileRecord> {
        self.read(|rx| rx.get(id))
    }
}
