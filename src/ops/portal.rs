//! What a client link does (SPEC 6 and 10): read what its pages show, download, comment,
//! decide, ask for a fresh link. Every verdict comes from `domain::access`; nothing here
//! decides access on its own, and nothing is looked at before the policy answered.

use crate::store::blobs::BlobRef;
use std::sync::Arc;

use crate::domain::access::{Access, Action, Denied, Subject};
use crate::domain::approval::{
    ApproverState, CODE_TRIES, CODE_TTL, CodeVerdict, DecisionError, DecisionInput, approvers,
    check_code, code_hash, decision_of, may_send_code,
};
use crate::domain::{
    Approval, ApprovalStatus, Author, Client, Comment, CommentTarget, Contact, Decision,
    DecisionCode, FileRecord, FileVersion, LinkGrant, Milestone, Project, validate,
};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{
    Actor, DecisionEvidence, DecisionResult, ProjectDetail, ReadRecords as _, StoreError,
    add_comment_in, record_decision_in,
};

use super::OpResult;

/// Label the comment-form nonce is bound to (decision nonces bind to the approval id).
pub const COMMENT_NONCE_SUBJECT: &str = "comments";

/// A verified, live client link: the grant, its client and its contact as on file when
/// the request came in (the token was checked before anything else).
#[derive(Debug, Clone)]
pub struct LiveLink {
    pub grant: Arc<LinkGrant>,
    pub client: Arc<Client>,
    pub contact: Contact,
}

impl LiveLink {
    /// The access policy's view of this link.
    #[must_use]
    pub fn access(&self) -> Access<'_> {
        Access {
            grant: &self.grant,
            client: &self.client,
            contact: &self.contact,
        }
    }

    fn actor(&self) -> Actor {
        Actor::Link {
            grant_id: self.grant.grant_id.clone(),
        }
    }
}

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotFound => Self::NotFound("page"),
            Denied::Forbidden(_) => Self::Forbidden(format!("{d}.")),
        }
    }
}

/// Everything the approval page shows.
#[derive(Debug, Clone)]
pub struct ApprovalView {
    pub approval: Approval,
    pub project: Project,
    /// The deliverable, when it is a file the link may see.
    pub file: Option<FileRecord>,
    pub comments: Vec<Comment>,
    /// Who decides and where each stands this round.
    pub approvers: Vec<ApproverState>,
    /// Whether this link may decide on it (role, `can`, and being one of its approvers).
    pub may_decide: bool,
    /// This contact's decision in the current round, if they made one.
    pub own_decision: Option<Decision>,
}

/// One project as this link may see it: sections switched off, hidden files, internal
/// updates, internal notes and approvals withdrawn before anyone decided are left out.
fn visible_part(access: &Access<'_>, mut d: ProjectDetail) -> ProjectDetail {
    let p = d.project.clone();
    let sees = |s: Subject<'_>| access.check(&s, Action::View).is_ok();
    if !sees(Subject::milestone(&p)) {
        d.milestones.clear();
        d.updates.clear();
    }
    d.updates.retain(|u| !u.internal);
    d.files.retain(|f| sees(Subject::file(&p, f)));
    d.approvals.retain(|a| sees(Subject::approval(&p, a)));
    let approvals: Vec<String> = d.approvals.iter().map(|a| a.id.clone()).collect();
    let milestones_shown = sees(Subject::milestone(&p));
    d.comments.retain(|c| match &c.target {
        CommentTarget::Milestone(_) => milestones_shown,
        CommentTarget::Approval(id) => approvals.contains(id),
    });
    d.notes.clear();
    d
}

impl AppState {
    /// The grant a verified token names, with its client (the last step of SPEC 5's
    /// verification; whether the link stands is the policy's to say).
    ///
    /// # Errors
    /// `NotFound` for an unknown grant.
    pub fn link_grant(&self, grant_id: &str) -> OpResult<(LinkGrant, Client)> {
        Ok(self.store.grant_with_client(grant_id)?)
    }

    /// The projects this link sees, each as the link may see it (the overview).
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_projects(&self, link: &LiveLink) -> OpResult<Vec<ProjectDetail>> {
        let access = link.access();
        // A project-scoped link reads its one project only.
        let snapshot = self
            .store
            .portal_snapshot(&link.client.id, link.grant.project_id.as_deref())?;
        Ok(snapshot
            .projects
            .into_iter()
            .filter(|d| {
                access
                    .check(&Subject::project(&d.project), Action::View)
                    .is_ok()
            })
            .map(|d| visible_part(&access, d))
            .collect())
    }

    /// The projects this link sees, as bare records without what they hold (soonest
    /// created first): for pages that only name them, so that a project with thousands of
    /// approvals is not read to list its name.
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_project_records(
        &self,
        link: &LiveLink,
        only: Option<&str>,
    ) -> OpResult<Vec<Project>> {
        let access = link.access();
        let client_id = link.client.id.clone();
        let scope = link.grant.project_id.clone();
        let mut projects: Vec<Project> = self.store.read(|rx| {
            let ids = rx.portal_project_ids(&client_id, scope.as_deref())?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids
                .iter()
                .filter(|id| only.is_none_or(|o| o == id.as_str()))
            {
                if let Some(p) = rx.find::<Project>(id)? {
                    out.push(p);
                }
            }
            Ok(out)
        })?;
        projects.retain(|p| {
            p.client_id == link.client.id
                && access.check(&Subject::project(p), Action::View).is_ok()
        });
        projects.sort_by_key(|p| p.created_at);
        Ok(projects)
    }

    /// One project as this link may see it.
    ///
    /// # Errors
    /// `NotFound` outside the link (or no such project).
    pub fn portal_project(&self, link: &LiveLink, project_id: &str) -> OpResult<ProjectDetail> {
        let access = link.access();
        let d = self.store.project_detail(project_id)?;
        access.check(&Subject::project(&d.project), Action::View)?;
        Ok(visible_part(&access, d))
    }

    /// The approval page's records.
    ///
    /// # Errors
    /// `NotFound` outside the link.
    pub fn portal_approval(&self, link: &LiveLink, approval_id: &str) -> OpResult<ApprovalView> {
        let access = link.access();
        let (approval, project, file, mut comments) = self.store.read(|rx| {
            let a: Approval = rx.get(approval_id)?;
            let p: Project = crate::store::lists::approval_project(rx, &a)?;
            let file: Option<FileRecord> = match &a.file_id {
                Some(f) => rx.find(f)?,
                None => None,
            };
            let comments: Vec<Comment> = rx
                .child_records::<Comment>("project", &p.id, "comments")?
                .into_iter()
                .filter(|c| c.target == CommentTarget::Approval(a.id.clone()))
                .collect();
            Ok((a, p, file, comments))
        })?;
        access.check(&Subject::approval(&project, &approval), Action::View)?;
        let may_decide = access
            .check(&Subject::approval(&project, &approval), Action::Decide)
            .is_ok();
        let own_decision = decision_of(&approval, &link.contact).cloned();
        comments.sort_by_key(|c| c.at);
        let file = file.filter(|f| {
            access
                .check(&Subject::file(&project, f), Action::View)
                .is_ok()
        });
        Ok(ApprovalView {
            approvers: approvers(&approval, &link.client),
            approval,
            project,
            file,
            comments,
            may_decide,
            own_decision,
        })
    }

    /// A file version to download, and its bytes in the blob store.
    ///
    /// # Errors
    /// `NotFound` outside the link (or no such version or bytes); `Forbidden` when the
    /// link may view but not download.
    pub fn portal_download(
        &self,
        link: &LiveLink,
        file_id: &str,
        n: u32,
    ) -> OpResult<(FileRecord, FileVersion, BlobRef)> {
        let file = self.file_for_link(link, file_id, Action::Download)?;
        let (version, blob) = self.stored_version(&file, n)?;
        Ok((file, version, blob))
    }

    /// A file as `link` may `action` on it: `NotFound` outside its scope, `Forbidden`
    /// without the right (the access policy decides both).
    ///
    /// # Errors
    /// As said, and a database failure.
    pub(super) fn file_for_link(
        &self,
        link: &LiveLink,
        file_id: &str,
        action: Action,
    ) -> OpResult<FileRecord> {
        let (file, project) = self.store.read(|rx| {
            let f: FileRecord = rx.get(file_id)?;
            let p: Project = rx.get(&f.project_id)?;
            Ok((f, p))
        })?;
        link.access()
            .check(&Subject::file(&project, &file), action)?;
        Ok(file)
    }

    /// Record a decision made through a link. Inside one queued write, in this order: the
    /// link still stands (its client read afresh), the approval is in scope (else 404),
    /// the link may decide (else 403); only then is `request` (what the front end made of
    /// the form: its own refusal, or the parsed input) looked at, then the nonce, then
    /// the approval rules; the decision, its evidence and its audit event commit together.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, the front end's refusal, `BadRequest` for an expired form,
    /// `Decision` for what the approval rules refuse.
    pub async fn decide(
        &self,
        link: &LiveLink,
        approval_id: String,
        request: OpResult<(DecisionInput, DecisionEvidence)>,
        code: String,
    ) -> OpResult<DecisionResult> {
        let nonce_ok = request.as_ref().is_ok_and(|(input, _)| {
            self.keyring()
                .verify_nonce(&input.nonce, &link.grant.grant_id, &approval_id)
        });
        let grant = link.grant.clone();
        let leeway = self.settings.leeway_seconds;
        let outcome = self
            .store
            .write_queued(link.actor(), self.clock.now(), move |tx| {
                let client: Client = tx.get(&grant.client_id)?;
                let Some(access) = Access::of(&grant, &client, tx.now, leeway) else {
                    return Ok(Err(AppError::NotFound("page")));
                };
                let Some(a) = tx.find::<Approval>(&approval_id)? else {
                    return Ok(Err(AppError::NotFound("approval")));
                };
                let p: Project = crate::store::lists::approval_project(tx, &a)?;
                if let Err(denied) = access.check(&Subject::approval(&p, &a), Action::Decide) {
                    return Ok(Err(denied.into()));
                }
                let (input, mut evidence) = match request {
                    Ok(r) => r,
                    Err(refused) => return Ok(Err(refused)),
                };
                if !nonce_ok {
                    return Ok(Err(expired_form()));
                }
                // The client asks for a mailed code: checked before the decision (a replay
                // of a recorded one needs none); a wrong try costs one of its tries.
                let contact_id = access.contact.id.clone();
                let replay = a.decisions.iter().any(|d| d.nonce == input.nonce);
                if client.verify_decisions && !replay {
                    let stored: Option<DecisionCode> = tx.find(&contact_id)?;
                    match check_code(stored.as_ref(), &a.id, &code, tx.now) {
                        CodeVerdict::Verified(email) => evidence.verified_email = Some(email),
                        CodeVerdict::Missing => {
                            return Ok(Err(AppError::Decision(DecisionError::CodeRequired)));
                        }
                        CodeVerdict::Wrong => {
                            if let Some(mut s) = stored {
                                s.tries_left = s.tries_left.saturating_sub(1);
                                tx.put(&s)?;
                            }
                            return Ok(Err(AppError::Decision(DecisionError::CodeWrong)));
                        }
                    }
                }
                match record_decision_in(tx, &grant, a, &p, &input, &evidence) {
                    Ok(r) => {
                        if evidence.verified_email.is_some()
                            && matches!(r, DecisionResult::Recorded(_))
                        {
                            // Single use.
                            tx.remove::<DecisionCode>(&contact_id)?;
                        }
                        Ok(Ok(r))
                    }
                    Err(StoreError::Decision(e)) => Ok(Err(AppError::Decision(e))),
                    Err(e) => Err(e),
                }
            })
            .await??;
        if let DecisionResult::Recorded(a) = &outcome {
            self.mail.wake();
            self.webhooks.wake();
            if let Some(d) = a.decisions.last() {
                let label = match d.decision {
                    crate::domain::DecisionKind::Approve => "approve",
                    crate::domain::DecisionKind::RequestChanges => "request_changes",
                };
                metrics::counter!("porthole_decisions_total", "decision" => label).increment(1);
            }
        }
        Ok(outcome)
    }

    /// Mail a fresh decision code to this link's contact, at their address on file, for
    /// an approval of a client that asks for codes. Scope (404) and the right to decide
    /// (403) come first, as for the decision itself; then at most
    /// [`crate::domain::approval::CODES_PER_HOUR`] codes an hour per contact (429). Only a hash of the code is
    /// kept; the send is audited without it. Returns the address.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `BadRequest` when the client asks for no codes, `Conflict`
    /// when nothing is pending, `RateLimited`.
    pub fn request_decision_code(&self, link: &LiveLink, approval_id: &str) -> OpResult<String> {
        let leeway = self.settings.leeway_seconds;
        let grant = link.grant.clone();
        let env = crate::mail::MailEnv::of(self);
        let digits: u32 = rand::random::<u32>() % 1_000_000;
        let code = format!("{digits:06}");
        let sent = self.store.write(&link.actor(), self.clock.now(), |tx| {
            let client: Client = tx.get(&grant.client_id)?;
            let Some(access) = Access::of(&grant, &client, tx.now, leeway) else {
                return Ok(Err(AppError::NotFound("page")));
            };
            let Some(a) = tx.find::<Approval>(approval_id)? else {
                return Ok(Err(AppError::NotFound("approval")));
            };
            let p: Project = crate::store::lists::approval_project(tx, &a)?;
            if let Err(denied) = access.check(&Subject::approval(&p, &a), Action::Decide) {
                return Ok(Err(denied.into()));
            }
            if !client.verify_decisions {
                return Ok(Err(AppError::BadRequest(
                    "No code is needed to decide here.".into(),
                )));
            }
            if a.status != ApprovalStatus::Pending {
                return Ok(Err(AppError::Conflict(
                    "This approval is not waiting for a decision.".into(),
                )));
            }
            let contact = access.contact.clone();
            let previous: Option<DecisionCode> = tx.find(&contact.id)?;
            let mut sent_at = previous.map(|c| c.sent_at).unwrap_or_default();
            if !may_send_code(&sent_at, tx.now) {
                return Ok(Err(AppError::RateLimited));
            }
            let hour_ago = (tx.now - time::Duration::HOUR).unix_timestamp();
            sent_at.retain(|t| *t > hour_ago);
            sent_at.push(tx.now.unix_timestamp());
            tx.put(&DecisionCode {
                id: contact.id.clone(),
                approval_id: a.id.clone(),
                code_sha256: code_hash(&contact.id, &a.id, &code),
                email: contact.email.clone(),
                expires_at: tx.now + CODE_TTL,
                tries_left: CODE_TRIES,
                sent_at,
            })?;
            tx.audit(
                "approval.code_sent",
                &[&client.id, &p.id, &a.id],
                serde_json::json!({"contact_id": contact.id, "email": contact.email}),
            )?;
            crate::mail::decision_code(tx, &env, &client, &contact, &a.title, &code)?;
            Ok(Ok(contact.email))
        })??;
        self.mail.wake();
        Ok(sent)
    }

    /// Comment through a link on a milestone or approval. Scope (404), then the right to
    /// comment (403), then `request` and the nonce, which is single-use: a replay answers
    /// the first comment and stores nothing.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, the front end's refusal, `BadRequest` for an expired form,
    /// `Invalid` body.
    pub fn comment(
        &self,
        link: &LiveLink,
        target: CommentTarget,
        request: OpResult<(String, String)>,
    ) -> OpResult<Comment> {
        let nonce_ok = request.as_ref().is_ok_and(|(nonce, _)| {
            self.keyring()
                .verify_nonce(nonce, &link.grant.grant_id, COMMENT_NONCE_SUBJECT)
        });
        let leeway = self.settings.leeway_seconds;
        let grant = link.grant.clone();
        let author = Author::Link {
            grant_id: grant.grant_id.clone(),
            name: link.contact.name.clone(),
            email: link.contact.email.clone(),
        };
        let done = self.store.write(&link.actor(), self.clock.now(), |tx| {
            let client: Client = tx.get(&grant.client_id)?;
            let Some(access) = Access::of(&grant, &client, tx.now, leeway) else {
                return Ok(Err(AppError::NotFound("page")));
            };
            let project = match &target {
                CommentTarget::Milestone(id) => {
                    tx.find::<Milestone>(id)?.map(|m| (m.project_id, None))
                }
                CommentTarget::Approval(id) => tx
                    .find::<Approval>(id)?
                    .map(|a| (a.project_id.clone(), Some(a))),
            };
            let Some((project_id, approval)) = project else {
                return Ok(Err(AppError::NotFound("comment target")));
            };
            let p: Project = tx.get(&project_id)?;
            let subject = match &approval {
                Some(a) => Subject::approval(&p, a),
                None => Subject::milestone(&p),
            };
            if let Err(denied) = access.check(&subject, Action::Comment) {
                return Ok(Err(denied.into()));
            }
            let (nonce, body) = match request {
                Ok(r) => r,
                Err(refused) => return Ok(Err(refused)),
            };
            if !nonce_ok {
                return Ok(Err(expired_form()));
            }
            let body = match validate::text("body", &body) {
                Ok(b) if !b.is_empty() => b,
                Ok(_) => return Ok(Err(AppError::invalid("body", "please write a comment"))),
                Err(e) => return Ok(Err(e.into())),
            };
            add_comment_in(tx, &p, target, author, body, Some(&nonce)).map(|(c, _)| Ok(c))
        })??;
        Ok(done)
    }

    /// A fresh link for a dead link's contact, if the policy renews it (see
    /// `mail::request_fresh_link`). Whether one was queued is not for the asker to know.
    ///
    /// # Errors
    /// `NotFound` for an unknown grant, or a database failure.
    pub fn request_fresh_link(&self, grant_id: &str) -> OpResult<bool> {
        Ok(crate::mail::request_fresh_link(self, grant_id)?)
    }
}

pub(super) fn expired_form() -> AppError {
    AppError::BadRequest(super::EXPIRED_FORM.into())
}
