//! What clients send back (SPEC 11): requests (a client's own tickets, with their reply
//! threads) and forms (questions on a project, with one response per contact). The
//! tables live here with their records; the rules (who may, what is valid) are the
//! caller's (`ops`), the store only keeps the record and its audit event together.

use serde_json::json;

use super::tables::{Record, RecordTable};
use super::tx::{ReadRecords, Tx};
use super::webhooks::queue_event;
use super::{StoreError, StoreResult};
use crate::domain::webhooks::{WebhookEvent, rfc3339};
use crate::domain::{
    Author, ClientRequest, FormResponse, IntakeForm, Question, RequestReply, RequestStatus, new_id,
};

pub const REQUESTS: RecordTable = RecordTable::new("client_requests");
pub const REQUEST_REPLIES: RecordTable = RecordTable::new("request_replies");
pub const FORMS: RecordTable = RecordTable::new("forms");
pub const FORM_RESPONSES: RecordTable = RecordTable::new("form_responses");

/// The tables of this module, created and copied with the others.
pub const TABLES: [RecordTable; 4] = [REQUESTS, REQUEST_REPLIES, FORMS, FORM_RESPONSES];

impl Record for ClientRequest {
    const TABLE: RecordTable = REQUESTS;
    const KIND: &'static str = "request";
    fn id(&self) -> &str {
        &self.id
    }
}

impl Record for RequestReply {
    const TABLE: RecordTable = REQUEST_REPLIES;
    const KIND: &'static str = "reply";
    fn id(&self) -> &str {
        &self.id
    }
}

impl Record for IntakeForm {
    const TABLE: RecordTable = FORMS;
    const KIND: &'static str = "form";
    fn id(&self) -> &str {
        &self.id
    }
}

impl Record for FormResponse {
    const TABLE: RecordTable = FORM_RESPONSES;
    const KIND: &'static str = "form response";
    fn id(&self) -> &str {
        &self.id
    }
}

/// A request with its thread, oldest reply first (internal replies included: the caller
/// leaves them out for clients).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RequestThread {
    #[serde(flatten)]
    pub request: ClientRequest,
    pub replies: Vec<RequestReply>,
}

/// Every request of a client, newest first.
///
/// # Errors
/// A database failure.
pub fn requests_of_client(
    rx: &impl ReadRecords,
    client_id: &str,
) -> StoreResult<Vec<ClientRequest>> {
    let mut all: Vec<ClientRequest> = rx.child_records("client", client_id, "requests")?;
    all.sort_by_key(|r| std::cmp::Reverse(r.created_at));
    Ok(all)
}

/// A request and its whole thread.
///
/// # Errors
/// `NotFound`, or a database failure.
pub fn request_thread(rx: &impl ReadRecords, request_id: &str) -> StoreResult<RequestThread> {
    let request: ClientRequest = rx.get(request_id)?;
    let mut replies: Vec<RequestReply> = rx.child_records("request", request_id, "replies")?;
    replies.sort_by_key(|r| r.at);
    Ok(RequestThread { request, replies })
}

/// Open a request inside `tx`. A form's `nonce` is single-use: the same nonce again stores
/// nothing and answers the first request (`true`: a replay).
///
/// # Errors
/// A database failure.
pub fn open_request_in(
    tx: &Tx<'_>,
    client_id: &str,
    project_id: Option<String>,
    subject: String,
    body: String,
    opened_by: Author,
    nonce: &str,
) -> StoreResult<(ClientRequest, bool)> {
    let nonce_key = format!("request_nonce:{nonce}");
    if let Some(id) = tx.lookup(&nonce_key)? {
        return Ok((tx.get(&id)?, true));
    }
    let r = ClientRequest {
        id: new_id(),
        client_id: client_id.to_owned(),
        project_id,
        subject,
        body,
        status: RequestStatus::Open,
        opened_by,
        created_at: tx.now,
        updated_at: tx.now,
    };
    tx.put(&r)?;
    tx.link_child("client", client_id, "requests", &r.id)?;
    tx.set_lookup(&nonce_key, &r.id)?;
    tx.audit(
        "request.opened",
        &[client_id, &r.id],
        json!({"project_id": r.project_id, "subject": r.subject, "body": r.body, "by": r.opened_by}),
    )?;
    if matches!(r.opened_by, Author::Link { .. }) {
        queue_event(tx, WebhookEvent::RequestCreated, || {
            json!({
                "request": {"id": r.id, "subject": r.subject, "body": r.body, "status": r.status,
                            "project_id": r.project_id, "created_at": rfc3339(r.created_at)},
                "client_id": r.client_id,
                "by": r.opened_by,
            })
        })?;
    }
    Ok((r, false))
}

/// Add a reply to request `r` inside `tx`; `nonce` (client forms) is single-use like
/// [`open_request_in`]'s. Replies by a link move a request waiting on the client back to
/// `open`.
///
/// # Errors
/// A database failure.
pub fn add_reply_in(
    tx: &Tx<'_>,
    mut r: ClientRequest,
    author: Author,
    body: String,
    internal: bool,
    nonce: Option<&str>,
) -> StoreResult<(RequestReply, bool)> {
    let nonce_key = nonce.map(|n| format!("reply_nonce:{n}"));
    if let Some(key) = &nonce_key
        && let Some(id) = tx.lookup(key)?
    {
        return Ok((tx.get(&id)?, true));
    }
    let reply = RequestReply {
        id: new_id(),
        request_id: r.id.clone(),
        author,
        body,
        internal,
        at: tx.now,
    };
    tx.put(&reply)?;
    tx.link_child("request", &r.id, "replies", &reply.id)?;
    if let Some(key) = &nonce_key {
        tx.set_lookup(key, &reply.id)?;
    }
    let from_client = matches!(reply.author, Author::Link { .. });
    let reopened = from_client && r.status == RequestStatus::WaitingOnClient;
    if reopened {
        r.status = RequestStatus::Open;
    }
    r.updated_at = tx.now;
    tx.put(&r)?;
    tx.audit(
        "request.replied",
        &[&r.client_id, &r.id, &reply.id],
        json!({"by": reply.author, "internal": reply.internal, "body": reply.body, "reopened": reopened}),
    )?;
    // What clients say reaches the agency's systems; staff replies come from them.
    if from_client && !reply.internal {
        queue_event(tx, WebhookEvent::RequestReplied, || {
            json!({
                "request": {"id": r.id, "subject": r.subject, "status": r.status, "project_id": r.project_id},
                "reply": {"id": reply.id, "body": reply.body, "at": rfc3339(reply.at)},
                "client_id": r.client_id,
                "by": reply.author,
            })
        })?;
    }
    Ok((reply, false))
}

/// Set a request's status inside `tx` (no event when it does not change).
///
/// # Errors
/// `NotFound`, or a database failure.
pub fn set_request_status_in(
    tx: &Tx<'_>,
    request_id: &str,
    status: RequestStatus,
) -> StoreResult<ClientRequest> {
    let mut r: ClientRequest = tx.get(request_id)?;
    if r.status == status {
        return Ok(r);
    }
    let from = r.status;
    r.status = status;
    r.updated_at = tx.now;
    tx.put(&r)?;
    tx.audit(
        "request.status_changed",
        &[&r.client_id, &r.id],
        json!({"from": from, "to": status}),
    )?;
    Ok(r)
}

/// Create a form on a project (client `client_id`) inside `tx`.
///
/// # Errors
/// A database failure.
pub fn create_form_in(
    tx: &Tx<'_>,
    client_id: &str,
    project_id: &str,
    title: String,
    questions: Vec<Question>,
) -> StoreResult<IntakeForm> {
    let f = IntakeForm {
        id: new_id(),
        project_id: project_id.to_owned(),
        client_id: client_id.to_owned(),
        title,
        questions,
        closed: false,
        created_at: tx.now,
    };
    tx.put(&f)?;
    tx.link_child("project", project_id, "forms", &f.id)?;
    tx.audit(
        "form.created",
        &[client_id, project_id, &f.id],
        json!({"title": f.title, "questions": f.questions}),
    )?;
    Ok(f)
}

/// Open or close a form inside `tx` (no event when it does not change).
///
/// # Errors
/// `NotFound`, or a database failure.
pub fn set_form_closed_in(tx: &Tx<'_>, form_id: &str, closed: bool) -> StoreResult<IntakeForm> {
    let mut f: IntakeForm = tx.get(form_id)?;
    if f.closed != closed {
        f.closed = closed;
        tx.put(&f)?;
        tx.audit(
            if closed {
                "form.closed"
            } else {
                "form.reopened"
            },
            &[&f.client_id, &f.project_id, &f.id],
            json!({}),
        )?;
    }
    Ok(f)
}

/// Store a contact's answers to an open form inside `tx`, replacing their earlier ones.
///
/// # Errors
/// `Conflict` when the form is closed, or a database failure.
pub fn save_form_response_in(
    tx: &Tx<'_>,
    form: &IntakeForm,
    mut response: FormResponse,
) -> StoreResult<FormResponse> {
    if form.closed {
        return Err(StoreError::Conflict(
            "This form is closed and takes no more answers.".into(),
        ));
    }
    let key = format!("form_response:{}:{}", form.id, response.contact_id);
    let replaced = tx.lookup(&key)?;
    if let Some(id) = &replaced {
        response.id.clone_from(id);
    } else {
        tx.link_child("form", &form.id, "responses", &response.id)?;
        tx.set_lookup(&key, &response.id)?;
    }
    response.at = tx.now;
    tx.put(&response)?;
    tx.audit(
        "form.answered",
        &[&form.client_id, &form.project_id, &form.id, &response.id],
        json!({"contact_id": response.contact_id, "answers": response.answers, "replaced": replaced.is_some()}),
    )?;
    queue_event(tx, WebhookEvent::FormSubmitted, || {
        json!({
            "form": {"id": form.id, "title": form.title},
            "response": {"id": response.id, "contact_id": response.contact_id, "answers": response.answers,
                         "at": rfc3339(response.at), "replaced": replaced.is_some()},
            "project_id": form.project_id,
            "client_id": form.client_id,
        })
    })?;
    Ok(response)
}

/// Every response to a form, oldest first.
///
/// # Errors
/// A database failure.
pub fn form_responses(rx: &impl ReadRecords, form_id: &str) -> StoreResult<Vec<FormResponse>> {
    let mut all: Vec<FormResponse> = rx.child_records("form", form_id, "responses")?;
    all.sort_by_key(|r| r.at);
    Ok(all)
}

/// The forms of a project, oldest first.
///
/// # Errors
/// A database failure.
pub fn forms_of_project(rx: &impl ReadRecords, project_id: &str) -> StoreResult<Vec<IntakeForm>> {
    let mut all: Vec<IntakeForm> = rx.child_records("project", project_id, "forms")?;
    all.sort_by_key(|f| f.created_at);
    Ok(all)
}
