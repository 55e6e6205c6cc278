//! One client's whole record, read in one snapshot (the input of `porthole export`).

use crate::store::ReadRecords as _;
use std::collections::HashSet;

use serde::Serialize;

use super::projects::{ProjectDetail, load_project};
use super::requests::{
    RequestThread, form_responses, forms_of_project, request_thread, requests_of_client,
};
use super::{Rx, Store, StoreResult, audit};
use crate::domain::approval::{ApproverState, approvers};
use crate::domain::{AuditEvent, Client, FileRequest, FormResponse, IntakeForm, LinkGrant};

/// A form with every response to it.
#[derive(Debug, Clone, Serialize)]
pub struct FormRecord {
    #[serde(flatten)]
    pub form: IntakeForm,
    pub responses: Vec<FormResponse>,
}

/// Every record of one client and the audit events about them.
#[derive(Debug, Clone, Serialize)]
pub struct ClientRecord {
    pub client: Client,
    /// Each project with its milestones, updates (internal ones included), files with
    /// versions, approvals with decisions and evidence, comments and notes.
    pub projects: Vec<ProjectDetail>,
    pub link_grants: Vec<LinkGrant>,
    /// The client's requests, each with its whole thread (`internal: true` marks the
    /// replies clients never saw), oldest first.
    pub requests: Vec<RequestThread>,
    /// Forms of its projects with their responses, oldest first.
    pub forms: Vec<FormRecord>,
    /// File requests of its projects, each with what was uploaded for it.
    pub file_requests: Vec<FileRequest>,
    /// Per approval id: its approvers (contacts as on file now) and each one's decision
    /// in the current round.
    pub approvers: std::collections::BTreeMap<String, Vec<ApproverState>>,
    /// Events whose subjects include any id above, oldest first.
    #[serde(skip)]
    pub events: Vec<AuditEvent>,
}

impl ClientRecord {
    /// Ids of every record in this export.
    #[must_use]
    pub fn record_ids(&self) -> HashSet<String> {
        let mut ids = HashSet::from([self.client.id.clone()]);
        for d in &self.projects {
            ids.insert(d.project.id.clone());
            ids.extend(d.milestones.iter().map(|m| m.id.clone()));
            ids.extend(d.updates.iter().map(|u| u.id.clone()));
            ids.extend(d.files.iter().map(|f| f.id.clone()));
            ids.extend(d.approvals.iter().map(|a| a.id.clone()));
            ids.extend(d.comments.iter().map(|c| c.id.clone()));
            ids.extend(d.notes.iter().map(|n| n.id.clone()));
        }
        ids.extend(self.link_grants.iter().map(|g| g.grant_id.clone()));
        for t in &self.requests {
            ids.insert(t.request.id.clone());
            ids.extend(t.replies.iter().map(|r| r.id.clone()));
        }
        for f in &self.forms {
            ids.insert(f.form.id.clone());
            ids.extend(f.responses.iter().map(|r| r.id.clone()));
        }
        ids.extend(self.file_requests.iter().map(|r| r.id.clone()));
        ids
    }
}

/// Every client's record and the whole audit chain, from one snapshot.
#[derive(Debug, Clone)]
pub struct AllRecords {
    /// By creation time.
    pub clients: Vec<ClientRecord>,
    /// Every event, oldest first.
    pub events: Vec<AuditEvent>,
}

/// One client's records (events left empty).
fn record_in(rx: &Rx, client_id: &str) -> StoreResult<ClientRecord> {
    let client: Client = rx.get(client_id)?;
    let mut projects = Vec::new();
    for id in rx.children("client", client_id, "projects")? {
        projects.push(load_project(rx, &id)?);
    }
    projects.sort_by_key(|p| p.project.created_at);
    let mut link_grants: Vec<LinkGrant> = rx.child_records("client", client_id, "grants")?;
    link_grants.sort_by_key(|g| g.issued_at);
    let mut requests = Vec::new();
    for r in requests_of_client(rx, client_id)?.into_iter().rev() {
        requests.push(request_thread(rx, &r.id)?);
    }
    let mut forms = Vec::new();
    let mut file_requests: Vec<FileRequest> = Vec::new();
    let mut by_approval = std::collections::BTreeMap::new();
    for d in &projects {
        for form in forms_of_project(rx, &d.project.id)? {
            let responses = form_responses(rx, &form.id)?;
            forms.push(FormRecord { form, responses });
        }
        file_requests.extend(rx.child_records::<FileRequest>(
            "project",
            &d.project.id,
            "file_requests",
        )?);
        for a in &d.approvals {
            by_approval.insert(a.id.clone(), approvers(a, &client));
        }
    }
    forms.sort_by_key(|f| f.form.created_at);
    file_requests.sort_by_key(|r| r.created_at);
    Ok(ClientRecord {
        client,
        projects,
        link_grants,
        requests,
        forms,
        file_requests,
        approvers: by_approval,
        events: Vec::new(),
    })
}

impl Store {
    /// One client's whole record and its audit events, from one consistent snapshot.
    ///
    /// # Errors
    /// `NotFound` for the client, or a database failure.
    pub fn client_record(&self, client_id: &str) -> StoreResult<ClientRecord> {
        self.read(|rx| {
            let mut record = record_in(rx, client_id)?;
            record.events = audit::about(rx, &record.record_ids())?;
            Ok(record)
        })
    }

    /// Every client's record and the whole audit chain, from one consistent snapshot
    /// (the records' own `events` stay empty: the chain is kept once).
    ///
    /// # Errors
    /// A database failure.
    pub fn all_records(&self) -> StoreResult<AllRecords> {
        self.read(|rx| {
            let mut ids: Vec<Client> = rx.all()?;
            ids.sort_by_key(|c| c.created_at);
            let clients = ids
                .iter()
                .map(|c| record_in(rx, &c.id))
                .collect::<StoreResult<Vec<_>>>()?;
            let events = audit::list(rx, 0, usize::MAX)?;
            Ok(AllRecords { clients, events })
        })
    }
}
