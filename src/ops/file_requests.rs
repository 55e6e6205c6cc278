//! File requests (SPEC 11): staff ask a project's client for files; a link that may
//! upload sends them. Every verdict on a link comes from `domain::access` (scope, then the
//! right to upload) before anything the request carries is read; what the bytes are is
//! judged by `domain::file_requests` from their content.

use crate::domain::activity::ActivityKind;
use serde::Deserialize;
use serde_json::json;
use time::Date;

use super::{LiveLink, OpResult};
use crate::domain::access::{Access, Action, Subject};
use crate::domain::date_format::iso_date;
use crate::domain::file_requests::{Sniffed, accept_patterns, judge};
use crate::domain::mail::Notice;
use crate::domain::paging::{Page, PageRequest};
use crate::domain::webhooks::{WebhookEvent, rfc3339};
use crate::domain::{
    Client, FileRecord, FileRequest, FileRequestUpload, Milestone, Project, UploadContact, new_id,
    validate,
};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::outbox;
use crate::store::{
    Actor, NewFileVersion, ReadRecords as _, StoreError, StoredBlob, Tx, add_file_version_in,
    valid_file_name,
};

/// `POST /projects/{id}/file_requests`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFileRequest {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub milestone_id: Option<String>,
    #[serde(default)]
    pub accept: Vec<String>,
    #[serde(default)]
    pub max_bytes: Option<u64>,
    #[serde(default, with = "iso_date::option")]
    pub due_on: Option<Date>,
}

/// A file request with the project it belongs to (client pages).
#[derive(Debug, Clone)]
pub struct FileRequestView {
    pub request: FileRequest,
    pub project: Project,
}

/// A file sent to a file request: its bytes (already stored), what they sniffed as, and
/// the name the sender gave.
#[derive(Debug, Clone)]
pub struct RequestUpload {
    pub blob: StoredBlob,
    pub sniffed: Sniffed,
    pub file_name: Option<String>,
}

/// Upload names are tried with " (2)", " (3)"... up to this before giving up.
const MAX_RENAMES: u32 = 100;

/// The name an upload is filed under. A name already used in the project by a file that
/// did not come through this request (a staff deliverable, another request's upload)
/// gets a number, so a client never adds a version to a file they were not asked for;
/// the same name again on the same request is the next version of that upload.
fn upload_name(tx: &Tx<'_>, p: &Project, r: &FileRequest, name: &str) -> OpResult<String> {
    let own = |f: &FileRecord| r.uploads.iter().any(|u| u.file_id == f.id);
    let taken = |candidate: &str| -> Result<bool, StoreError> {
        let file = tx
            .children("project", &p.id, "files")?
            .iter()
            .map(|id| tx.get::<FileRecord>(id))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .find(|f| f.name.to_lowercase() == candidate.to_lowercase());
        Ok(file.is_some_and(|f| !own(&f)))
    };
    if !taken(name)? {
        return Ok(name.to_owned());
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    for n in 2..=MAX_RENAMES {
        let candidate = format!("{stem} ({n}){ext}");
        if !taken(&candidate)? {
            return Ok(candidate);
        }
    }
    Err(AppError::Conflict(
        "Too many files of this name; please rename the file and send it again.".into(),
    ))
}

/// What request `r` makes of an upload called `file_name` whose bytes sniffed as
/// `sniffed`: the name to file it under and the content type to keep, or the refusal
/// (422 for a bad name, 415 for bytes not asked for). Asked before the bytes are kept,
/// and again in the write that records them.
///
/// # Errors
/// `Invalid`, `UnsupportedMediaType`.
pub fn refuse_upload(
    r: &FileRequest,
    file_name: Option<&str>,
    sniffed: &Sniffed,
) -> OpResult<(String, &'static str)> {
    let name = valid_file_name(file_name.unwrap_or_default())
        .map_err(|e| AppError::invalid("file name", e.message))?;
    let content_type = judge(&r.accept, sniffed).map_err(AppError::UnsupportedMediaType)?;
    Ok((name, content_type))
}

impl AppState {
    /// Ask a project's client for files.
    ///
    /// # Errors
    /// `NotFound` for the project; `Invalid` for a bad title, description, pattern, size
    /// or a milestone of another project.
    pub fn create_file_request(
        &self,
        actor: &Actor,
        project_id: &str,
        new: NewFileRequest,
    ) -> OpResult<FileRequest> {
        let title = validate::line("title", &new.title)?;
        let description = validate::text("description", new.description.as_deref().unwrap_or(""))?;
        let accept = accept_patterns(&new.accept)?;
        let max = self.settings.max_upload_bytes;
        let max_bytes = new.max_bytes.unwrap_or(max);
        if !(1..=max).contains(&max_bytes) {
            return Err(AppError::invalid(
                "max_bytes",
                format!("must be from 1 to {max} (the upload limit)"),
            ));
        }
        let milestone_id = new.milestone_id.filter(|m| !m.trim().is_empty());
        Ok(self.store.write(actor, self.clock.now(), |tx| {
            let p: Project = tx.get(project_id)?;
            if let Some(mid) = &milestone_id {
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
            let r = FileRequest {
                id: new_id(),
                project_id: p.id.clone(),
                milestone_id: milestone_id.clone(),
                title,
                description,
                accept,
                max_bytes,
                due_on: new.due_on,
                requested_by: tx.actor.id(),
                created_at: tx.now,
                uploads: Vec::new(),
            };
            tx.put(&r)?;
            tx.link_child("project", &p.id, "file_requests", &r.id)?;
            tx.audit(
                "file_request.created",
                &[&p.client_id, &p.id, &r.id],
                json!({"title": r.title, "accept": r.accept, "max_bytes": r.max_bytes}),
            )?;
            Ok(r)
        })?)
    }

    /// One file request with its uploads (staff).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn file_request(&self, id: &str) -> OpResult<FileRequest> {
        Ok(self.store.read(|rx| rx.get(id))?)
    }

    /// A project's file requests, oldest first (staff).
    ///
    /// # Errors
    /// `NotFound` for the project.
    pub fn project_file_requests(&self, project_id: &str) -> OpResult<Vec<FileRequest>> {
        let mut all: Vec<FileRequest> = self.store.read(|rx| {
            let _: Project = rx.get(project_id)?;
            rx.child_records("project", project_id, "file_requests")
        })?;
        all.sort_by_key(|r| r.created_at);
        Ok(all)
    }

    /// One page of a project's file requests in id order (staff API).
    ///
    /// # Errors
    /// `NotFound` for the project.
    pub fn project_file_requests_page(
        &self,
        project_id: &str,
        page: &PageRequest,
    ) -> OpResult<Page<FileRequest>> {
        Ok(self.store.read(|rx| {
            let _: Project = rx.get(project_id)?;
            rx.child_page("project", project_id, "file_requests", page)
        })?)
    }

    /// The file requests of every project this link sees (or of `only` among them), where
    /// it sees them, soonest due first.
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_file_requests(
        &self,
        link: &LiveLink,
        only: Option<&str>,
    ) -> OpResult<Vec<FileRequestView>> {
        let access = link.access();
        let projects = self.portal_project_records(link, only)?;
        let mut out = Vec::new();
        for project in projects {
            let requests: Vec<FileRequest> = self
                .store
                .read(|rx| rx.child_records("project", &project.id, "file_requests"))?;
            for r in requests {
                if access
                    .check(&Subject::file_request(&project, &r), Action::View)
                    .is_ok()
                {
                    out.push(FileRequestView {
                        request: r,
                        project: project.clone(),
                    });
                }
            }
        }
        out.sort_by_key(|v| {
            (
                v.request.due_on.is_none(),
                v.request.due_on,
                v.request.created_at,
            )
        });
        Ok(out)
    }

    /// One file request as a link sees it.
    ///
    /// # Errors
    /// `NotFound` outside the link (or no such request).
    pub fn portal_file_request(&self, link: &LiveLink, id: &str) -> OpResult<FileRequestView> {
        let (request, project) = self.store.read(|rx| {
            let r: FileRequest = rx.get(id)?;
            let p: Project = rx.get(&r.project_id)?;
            Ok((r, p))
        })?;
        link.access()
            .check(&Subject::file_request(&project, &request), Action::View)?;
        Ok(FileRequestView { request, project })
    }

    /// Whether this link may upload to this request, asked before its body is read: scope
    /// (404), then the right to upload (403). Answers the request (for its `max_bytes`).
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`.
    pub fn check_request_upload(&self, link: &LiveLink, id: &str) -> OpResult<FileRequest> {
        let (request, project) = self.store.read(|rx| {
            let r: FileRequest = rx.get(id)?;
            let p: Project = rx.get(&r.project_id)?;
            Ok((r, p))
        })?;
        link.access()
            .check(&Subject::file_request(&project, &request), Action::Upload)?;
        Ok(request)
    }

    /// Record a client's upload to a file request. In one write, in this order: the link
    /// still stands (its client read afresh), the request is in scope (404), the link may
    /// upload (403); then the file name (422), then the bytes (415 when they are not what
    /// was asked for); then the file version (`uploaded_by: link:<grant_id>`), the
    /// request's upload list and the audit event commit together.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Invalid`, `UnsupportedMediaType`, `PayloadTooLarge`.
    pub fn record_request_upload(
        &self,
        link: &LiveLink,
        id: &str,
        upload: RequestUpload,
    ) -> OpResult<FileRequest> {
        let grant = link.grant.clone();
        let leeway = self.settings.leeway_seconds;
        let actor = link_actor(link);
        let uploaded_by = actor.audit_name();
        let done = self.store.write(&actor, self.clock.now(), |tx| {
            let client: Client = tx.get(&grant.client_id)?;
            let Some(access) = Access::of(&grant, &client, tx.now, leeway) else {
                return Ok(Err(AppError::NotFound("page")));
            };
            let Some(mut r) = tx.find::<FileRequest>(id)? else {
                return Ok(Err(AppError::NotFound("file request")));
            };
            let p: Project = tx.get(&r.project_id)?;
            if let Err(denied) = access.check(&Subject::file_request(&p, &r), Action::Upload) {
                return Ok(Err(denied.into()));
            }
            // The file, its version (and any approval it re-opens) and the request all
            // belong to this project: other projects' pages stay as they are.
            tx.pages_only_under(&[&p.client_id, &p.id]);
            if upload.blob.size > r.max_bytes {
                return Ok(Err(AppError::PayloadTooLarge(r.max_bytes)));
            }
            let (name, content_type) =
                match refuse_upload(&r, upload.file_name.as_deref(), &upload.sniffed) {
                    Ok(judged) => judged,
                    Err(e) => return Ok(Err(e)),
                };
            let name = match upload_name(tx, &p, &r, &name) {
                Ok(n) => n,
                Err(e) => return Ok(Err(e)),
            };
            let new = NewFileVersion {
                name: name.clone(),
                milestone_id: r.milestone_id.clone(),
                note: Some(format!(
                    "Sent for the file request \u{201c}{}\u{201d}",
                    r.title
                )),
                content_type: content_type.to_owned(),
                blob: upload.blob.clone(),
            };
            let note = new.note.clone();
            let (file, version) = add_file_version_in(tx, &p, &new, &name, note, &uploaded_by)?;
            r.uploads.push(FileRequestUpload {
                file_id: file.id.clone(),
                name: file.name.clone(),
                n: version.n,
                sha256: version.sha256.clone(),
                size: version.size,
                content_type: version.content_type.clone(),
                uploaded_by: uploaded_by.clone(),
                contact: UploadContact {
                    id: access.contact.id.clone(),
                    name: access.contact.name.clone(),
                    email: access.contact.email.clone(),
                },
                at: tx.now,
            });
            tx.put(&r)?;
            tx.audit(
                "file_request.uploaded",
                &[&p.client_id, &p.id, &r.id, &file.id],
                json!({
                    "file_id": file.id, "n": version.n, "sha256": version.sha256,
                    "size": version.size, "content_type": version.content_type,
                    "contact": access.contact.email,
                }),
            )?;
            crate::store::queue_event(tx, WebhookEvent::FileUploadedByClient, || {
                json!({
                    "file_request": {"id": r.id, "title": r.title},
                    "file": {"id": file.id, "name": file.name, "version": version.n, "sha256": version.sha256,
                             "size": version.size, "content_type": version.content_type},
                    "project": {"id": p.id, "name": p.name},
                    "client_id": p.client_id,
                    "contact": {"id": access.contact.id, "name": access.contact.name, "email": access.contact.email},
                    "uploaded_at": rfc3339(tx.now),
                })
            })?;
            outbox::note_activity(
                tx,
                &p.client_id,
                crate::ops::link_activity(
                    link,
                    ActivityKind::Uploaded,
                    (&r.id, &r.title),
                    format!("/staff/projects/{}#file-request-{}", r.project_id, r.id),
                    Some(format!("{} (version {})", file.name, version.n)),
                ),
            )?;
            outbox::queue_notice(
                tx,
                Notice::FileReceived {
                    request_id: r.id.clone(),
                    file_id: file.id.clone(),
                    n: version.n,
                },
            )?;
            Ok(Ok(r))
        })??;
        // Its notice was queued in the same transaction: send it now.
        self.mail.wake();
        self.webhooks.wake();
        if let Some(u) = done.uploads.last() {
            self.previews.enqueue(&u.sha256);
        }
        Ok(done)
    }
}

fn link_actor(link: &LiveLink) -> Actor {
    Actor::Link {
        grant_id: link.grant.grant_id.clone(),
    }
}
