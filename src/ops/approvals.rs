//! Approvals as staff handle them: request one, withdraw it, read it with its decisions,
//! and the receipt that checks each decision's evidence against the audit chain.

use serde::Serialize;

use super::OpResult;
use crate::domain::approval::{ApproverState, approvers};
use crate::domain::evidence::mismatched_fields;
use crate::domain::{Approval, Client, Decision, FileRecord, Project};
use crate::state::AppState;
use crate::store::{Actor, ChainReport, NewApproval, ReadRecords as _, audit};

/// An approval and where each of its approvers stands (`GET /approvals/{id}`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApprovalDetail {
    #[serde(flatten)]
    pub approval: Approval,
    pub approvers: Vec<ApproverState>,
}

/// One decision and what the audit chain says about it.
#[derive(Debug, Clone)]
pub struct CheckedDecision {
    pub decision: Decision,
    /// Evidence fields the decision's audit event disagrees with; `None` when there is no
    /// event with the decision's sequence number.
    pub mismatched: Option<Vec<&'static str>>,
}

/// Every decision on an approval with its evidence checked, read in one snapshot.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub client: Client,
    pub project: Project,
    pub approval: Approval,
    pub file: Option<FileRecord>,
    pub decisions: Vec<CheckedDecision>,
    pub chain: ChainReport,
}

impl AppState {
    /// Ask the client to approve a file version (or a description). The approval-request
    /// notice is queued in the same transaction; the sender picks it up at its next
    /// poll (within a second).
    ///
    /// # Errors
    /// `NotFound` for the project; `Invalid` for a bad title, or a file or milestone of
    /// another project.
    pub fn request_approval(
        &self,
        actor: &Actor,
        project_id: &str,
        new: NewApproval,
    ) -> OpResult<Approval> {
        let a = self
            .store
            .create_approval(actor, self.clock.now(), project_id, new)?;
        // Its request mail was queued in the same transaction: send it now, not at the
        // sender's next look.
        self.mail.wake();
        Ok(a)
    }

    /// An approval with its status, target version and decisions.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn approval(&self, id: &str) -> OpResult<Approval> {
        Ok(self.store.approval(id)?)
    }

    /// An approval with its approvers, as on file now, and each one's decision in the
    /// current round.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn approval_detail(&self, id: &str) -> OpResult<ApprovalDetail> {
        Ok(self.store.read(|rx| {
            let approval: Approval = rx.get(id)?;
            let project: Project = crate::store::lists::approval_project(rx, &approval)?;
            let client: Client = rx.get(&project.client_id)?;
            Ok(ApprovalDetail {
                approvers: approvers(&approval, &client),
                approval,
            })
        })?)
    }

    /// Withdraw a pending or decided approval; its history stays.
    ///
    /// # Errors
    /// `NotFound`, or `Conflict` when already withdrawn.
    pub fn withdraw_approval(&self, actor: &Actor, id: &str) -> OpResult<Approval> {
        Ok(self.store.withdraw_approval(actor, self.clock.now(), id)?)
    }

    /// The receipt of an approval: each decision checked against the audit event it
    /// names, and the whole chain verified.
    ///
    /// # Errors
    /// `NotFound` for the approval (or its project or client).
    pub fn approval_receipt(&self, id: &str) -> OpResult<Receipt> {
        Ok(self.store.read(|rx| {
            let approval: Approval = rx.get(id)?;
            let project: Project = crate::store::lists::approval_project(rx, &approval)?;
            let client: Client = rx.get(&project.client_id)?;
            let file = match &approval.file_id {
                Some(f) => rx.find::<FileRecord>(f)?,
                None => None,
            };
            let mut decisions = Vec::with_capacity(approval.decisions.len());
            for d in &approval.decisions {
                let event = audit::list(rx, d.audit_seq.saturating_sub(1), 1)?
                    .into_iter()
                    .find(|e| e.seq == d.audit_seq);
                decisions.push(CheckedDecision {
                    mismatched: event.map(|e| mismatched_fields(d, &e)),
                    decision: d.clone(),
                });
            }
            Ok(Receipt {
                chain: audit::verify(rx)?,
                client,
                project,
                approval,
                file,
                decisions,
            })
        })?)
    }
}
