//! Approvals: requested by staff on a file version (or on nothing but a description),
//! decided by a link holder with evidence, withdrawn by staff.

use crate::domain::activity::{ActivityItem, ActivityKind};
use serde::Deserialize;
use serde_json::json;
use time::{Date, OffsetDateTime};

use super::tx::ReadRecords as _;

use super::{Actor, Store, StoreError, StoreResult, Tx, outbox, webhooks};
use crate::domain::approval::{DecisionInput, DecisionOutcome, evaluate, resolve_approvers};
use crate::domain::mail::Notice;
use crate::domain::records::date_format::iso_date;
use crate::domain::webhooks::{WebhookEvent, rfc3339};
use crate::domain::{
    Approval, ApprovalRule, ApprovalStatus, Client, Decision, FileRecord, LinkGrant, Milestone,
    Project, new_id, validate,
};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApproval {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub file_id: Option<String>,
    #[serde(default)]
    pub milestone_id: Option<String>,
    #[serde(default, with = "iso_date::option")]
    pub due_on: Option<Date>,
    /// Contact ids of the client who decide; default: every approver-role contact who
    /// sees the project.
    #[serde(default)]
    pub approvers: Option<Vec<String>>,
    #[serde(default)]
    pub rule: ApprovalRule,
}

/// Request facts recorded with a decision.
#[derive(Debug, Clone)]
pub struct DecisionEvidence {
    pub client_ip: String,
    pub user_agent: String,
    /// The address a mailed code was verified to, when the client asks for one.
    pub verified_email: Option<String>,
}

/// What happened to a submitted decision.
#[derive(Debug, Clone)]
pub enum DecisionResult {
    Recorded(Approval),
    /// Same nonce as a recorded decision: nothing new was written.
    Replay(Approval),
}

impl Store {
    /// # Errors
    /// `NotFound` for the project; `Invalid` for a file or milestone of another project.
    pub fn create_approval(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        project_id: &str,
        new: NewApproval,
    ) -> StoreResult<Approval> {
        let title = validate::line("title", &new.title)?;
        let description = validate::text("description", new.description.as_deref().unwrap_or(""))?;
        self.write(actor, now, |tx| {
            let p: Project = tx.get(project_id)?;
            let client: Client = tx.get(&p.client_id)?;
            let approver_ids =
                resolve_approvers(&client, &p.id, new.approvers.as_deref(), new.rule)
                    .map_err(|(field, msg)| StoreError::invalid(field, msg))?;
            let file = match &new.file_id {
                Some(fid) => {
                    let f: FileRecord = tx.find(fid)?.ok_or_else(|| StoreError::invalid("file_id", "no such file"))?;
                    if f.project_id != p.id {
                        return Err(StoreError::invalid("file_id", "belongs to another project"));
                    }
                    Some(f)
                }
                None => None,
            };
            if let Some(mid) = &new.milestone_id {
                let m: Milestone = tx.find(mid)?.ok_or_else(|| StoreError::invalid("milestone_id", "no such milestone"))?;
                if m.project_id != p.id {
                    return Err(StoreError::invalid("milestone_id", "belongs to another project"));
                }
            }
            let current = file.as_ref().and_then(FileRecord::current);
            let a = Approval {
                id: new_id(),
                project_id: p.id.clone(),
                milestone_id: new.milestone_id.clone(),
                file_id: file.as_ref().map(|f| f.id.clone()),
                title,
                description,
                due_on: new.due_on,
                status: ApprovalStatus::Pending,
                target_version: current.map(|v| v.n),
                target_sha256: current.map(|v| v.sha256.clone()),
                requested_by: actor.id(),
                created_at: tx.now,
                opened_at: tx.now,
                decisions: Vec::new(),
                approver_ids,
                rule: new.rule,
                round: 0,
            row: None,
            };
            tx.put(&a)?;
            super::reminder_candidates::note(tx, &a)?;
            tx.link_child("project", &p.id, "approvals", &a.id)?;
            if let Some(f) = &file {
                tx.link_child("file", &f.id, "approvals", &a.id)?;
            }
            tx.audit(
                "approval.requested",
                &[&p.client_id, &p.id, &a.id],
                json!({"title": a.title, "file_id": a.file_id, "version": a.target_version, "sha256": a.target_sha256, "due_on": a.due_on.map(|d| d.to_string()), "approvers": a.approver_ids, "rule": a.rule}),
            )?;
            outbox::queue_notice(
                tx,
                Notice::ApprovalRequested {
                    approval_id: a.id.clone(),
                    reopened: false,
                },
            )?;
            queue_approval_requested(tx, &a, &p, false)?;
            Ok(a)
        })
    }

    /// Withdraw a pending or decided approval; its history stays.
    ///
    /// # Errors
    /// `NotFound`, or `Conflict` when already withdrawn.
    pub fn withdraw_approval(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<Approval> {
        self.write(actor, now, |tx| {
            let mut a: Approval = tx.get(id)?;
            if a.status == ApprovalStatus::Withdrawn {
                return Err(StoreError::Conflict(
                    "this approval is already withdrawn".into(),
                ));
            }
            let p: Project = crate::store::lists::approval_project(tx, &a)?;
            a.status = ApprovalStatus::Withdrawn;
            tx.put(&a)?;
            tx.audit(
                "approval.withdrawn",
                &[&p.client_id, &p.id, &a.id],
                json!({}),
            )?;
            Ok(a)
        })
    }

    /// # Errors
    /// `NotFound`.
    pub fn approval(&self, id: &str) -> StoreResult<Approval> {
        self.read(|rx| rx.get(id))
    }

    /// Record a link holder's decision with its evidence and audit event, in one
    /// transaction. The caller has asked the access policy already (client routes go
    /// through `ops`, which asks it inside the same transaction).
    ///
    /// # Errors
    /// `NotFound` for the approval; `Decision` for a refused decision (stale version,
    /// already decided, missing fields).
    pub fn record_decision(
        &self,
        now: OffsetDateTime,
        grant: &LinkGrant,
        approval_id: &str,
        input: &DecisionInput,
        evidence: &DecisionEvidence,
    ) -> StoreResult<DecisionResult> {
        let actor = Actor::Link {
            grant_id: grant.grant_id.clone(),
        };
        self.write(&actor, now, |tx| {
            let a: Approval = tx.get(approval_id)?;
            let p: Project = crate::store::lists::approval_project(tx, &a)?;
            record_decision_in(tx, grant, a, &p, input, evidence)
        })
    }
}

/// Record a decision inside `tx` on an approval the caller found the grant may decide.
///
/// # Errors
/// `Decision` for a refused decision; `Invalid` typed name.
pub fn record_decision_in(
    tx: &mut Tx<'_>,
    grant: &LinkGrant,
    mut a: Approval,
    p: &Project,
    input: &DecisionInput,
    evidence: &DecisionEvidence,
) -> StoreResult<DecisionResult> {
    let status = match evaluate(&a, &grant.contact, input).map_err(StoreError::Decision)? {
        DecisionOutcome::Replay => return Ok(DecisionResult::Replay(a)),
        DecisionOutcome::Record(status) => status,
    };
    let comment = input
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let typed_name = validate::line("name", &input.typed_name)?;
    let details = json!({
        "decision": input.decision,
        "comment": comment,
        "typed_name": typed_name,
        "grant_id": grant.grant_id,
        "contact_email": grant.contact.email,
        "client_ip": evidence.client_ip,
        "user_agent": evidence.user_agent,
        "file_id": a.file_id,
        "version": a.target_version,
        "sha256": a.target_sha256,
        "nonce": input.nonce,
        "contact_id": grant.contact.id,
        "verified_email": evidence.verified_email,
    });
    // A decision shows on its client's and its project's pages only (and on no page of
    // another project: each reads only its own approvals).
    tx.pages_only_under(&[&p.client_id, &p.id]);
    let event = tx.audit("approval.decided", &[&p.client_id, &p.id, &a.id], details)?;
    // `/verify` finds the decisions made on a file by its SHA-256.
    if let Some(sha) = &a.target_sha256 {
        tx.link_child(
            "sha256",
            sha,
            "decisions",
            &super::audit::seq_key(event.seq),
        )?;
    }
    a.decisions.push(Decision {
        decision: input.decision,
        comment,
        typed_name,
        grant_id: grant.grant_id.clone(),
        contact_email: grant.contact.email.clone(),
        client_ip: evidence.client_ip.clone(),
        user_agent: evidence.user_agent.clone(),
        at: event.at,
        file_id: a.file_id.clone(),
        version: a.target_version,
        sha256: a.target_sha256.clone(),
        nonce: input.nonce.clone(),
        requested_at: a.opened_at,
        audit_seq: event.seq,
        audit_hash: event.hash,
        contact_id: grant.contact.id.clone(),
        round: a.round,
        verified_email: evidence.verified_email.clone(),
    });
    a.status = status;
    tx.put(&a)?;
    if let Some(d) = a.decisions.last() {
        webhooks::queue_event(tx, WebhookEvent::ApprovalDecided, || {
            json!({
                "approval": {"id": a.id, "title": a.title, "status": a.status},
                "project": {"id": p.id, "name": p.name},
                "client_id": p.client_id,
                "decision": d.decision,
                "comment": d.comment,
                "approver": {"contact_id": d.contact_id, "name": d.typed_name, "email": d.contact_email},
                "file": a.file_id.as_ref().map(|id| json!({"id": id, "version": d.version, "sha256": d.sha256})),
                "decided_at": rfc3339(d.at),
                "audit": {"seq": d.audit_seq, "hash": d.audit_hash},
            })
        })?;
    }
    if let (Some(r), ApprovalStatus::Approved, Some(d)) = (&a.row, a.status, a.decisions.last()) {
        queue_row_approved(tx, &a, r, d)?;
    }
    outbox::note_activity(
        tx,
        &p.client_id,
        ActivityItem {
            kind: ActivityKind::Decided,
            at: tx.now,
            client_id: String::new(),
            client: String::new(),
            contact: grant.contact.name.clone(),
            grant_id: grant.grant_id.clone(),
            record_id: a.id.clone(),
            record: a.title.clone(),
            console_path: format!("/staff/projects/{}#approval-{}", p.id, a.id),
            detail: Some(
                match input.decision {
                    crate::domain::DecisionKind::Approve => "approved",
                    crate::domain::DecisionKind::RequestChanges => "changes requested",
                }
                .to_owned(),
            ),
        },
    )?;
    outbox::queue_notice(
        tx,
        Notice::DecisionRecorded {
            approval_id: a.id.clone(),
            audit_seq: event.seq,
        },
    )?;
    Ok(DecisionResult::Recorded(a))
}

/// Queue `approval.requested` for an approval just requested or re-opened (`reopened`)
/// by a new file version, in the transaction that did it.
///
/// # Errors
/// A database failure.
pub fn queue_approval_requested(
    tx: &Tx<'_>,
    a: &Approval,
    p: &Project,
    reopened: bool,
) -> StoreResult<usize> {
    webhooks::queue_event(tx, WebhookEvent::ApprovalRequested, || {
        json!({
            "approval": {"id": a.id, "title": a.title, "description": a.description, "status": a.status,
                         "due_on": a.due_on.map(|d| d.to_string()), "approvers": a.approver_ids, "rule": a.rule},
            "project": {"id": p.id, "name": p.name},
            "client_id": p.client_id,
            "file": a.file_id.as_ref().map(|id| json!({"id": id, "version": a.target_version, "sha256": a.target_sha256})),
            "reopened": reopened,
            "requested_at": rfc3339(a.opened_at),
        })
    })
}

/// Queue `list.row_approved` for a row approval just approved: the row's client-visible
/// values only, in the decision's transaction.
fn queue_row_approved(
    tx: &Tx<'_>,
    a: &Approval,
    r: &crate::domain::RowRef,
    d: &Decision,
) -> StoreResult<usize> {
    let def = tx.find::<crate::domain::lists::ListDef>(&r.list)?;
    let row = tx.find::<crate::domain::lists::ListRow>(&r.row_id)?;
    let visible = match (&def, &row) {
        (Some(def), Some(row)) => crate::domain::lists::visible_values(def, &row.values),
        _ => std::collections::BTreeMap::new(),
    };
    webhooks::queue_event(tx, WebhookEvent::ListRowApproved, || {
        json!({
            "approval": {"id": a.id, "title": a.title, "status": a.status},
            "list": r.list,
            "row": {"external_id": r.external_id, "values": visible, "sha256": d.sha256},
            "client_id": r.client_id,
            "approver": {"contact_id": d.contact_id, "name": d.typed_name, "email": d.contact_email},
            "decided_at": rfc3339(d.at),
            "audit": {"seq": d.audit_seq, "hash": d.audit_hash},
        })
    })
}
