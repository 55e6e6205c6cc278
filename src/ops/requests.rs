//! Requests, the client's own tickets (SPEC 11): opened and answered through a link, read,
//! answered (publicly or internally) and moved along by staff. Every link verdict comes from
//! `domain::access`: scope first (404), then the right to comment (403), and only then is
//! what the form carried looked at.

use serde::Deserialize;

use super::link_activity;
use crate::domain::access::{Access, Action, Subject};
use crate::domain::activity::ActivityKind;
use crate::domain::paging::{Page, PageRequest};
use crate::domain::{
    Author, Client, ClientRequest, Project, RequestReply, RequestStatus, validate,
};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::outbox::note_activity;
use crate::store::requests::{
    RequestThread, add_reply_in, open_request_in, request_thread, requests_of_client,
    set_request_status_in,
};
use crate::store::{Actor, ReadRecords as _};

use super::OpResult;
use super::portal::LiveLink;

/// Label the new-request form's nonce is bound to (reply nonces bind to the request id).
pub const REQUEST_NONCE_SUBJECT: &str = "requests";

/// What the new-request form carries.
#[derive(Debug, Clone, Default)]
pub struct NewClientRequest {
    pub nonce: String,
    pub subject: String,
    pub body: String,
    /// Empty: about no project in particular.
    pub project_id: String,
}

/// `POST /requests/{id}/replies`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReply {
    pub body: String,
    #[serde(default)]
    pub internal: bool,
}

/// `PATCH /requests/{id}`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestPatch {
    pub status: String,
}

/// What the policy judges of a request: its client, and its project when it names one.
fn subject_of(r: &ClientRequest) -> Subject<'_> {
    Subject::client_request(r)
}

fn link_author(link: &LiveLink) -> Author {
    Author::Link {
        grant_id: link.grant.grant_id.clone(),
        name: link.contact.name.clone(),
        email: link.contact.email.clone(),
    }
}

fn link_actor(link: &LiveLink) -> Actor {
    Actor::Link {
        grant_id: link.grant.grant_id.clone(),
    }
}

fn expired_form() -> AppError {
    AppError::BadRequest(super::EXPIRED_FORM.into())
}

fn staff_author(actor: &Actor) -> Author {
    Author::Staff {
        id: actor.id(),
        name: actor.display_name(),
    }
}

fn required_text(field: &'static str, value: &str, what: &str) -> OpResult<String> {
    match validate::text(field, value) {
        Ok(b) if !b.is_empty() => Ok(b),
        Ok(_) => Err(AppError::invalid(field, format!("please write {what}"))),
        Err(e) => Err(e.into()),
    }
}

/// Parse a status as the API spells it.
///
/// # Errors
/// `Invalid` for anything else.
pub fn parse_status(s: &str) -> OpResult<RequestStatus> {
    match s {
        "open" => Ok(RequestStatus::Open),
        "in_progress" => Ok(RequestStatus::InProgress),
        "waiting_on_client" => Ok(RequestStatus::WaitingOnClient),
        "done" => Ok(RequestStatus::Done),
        _ => Err(AppError::invalid(
            "status",
            "must be open, in_progress, waiting_on_client or done",
        )),
    }
}

/// A request as a link may see it: internal replies left out.
fn for_client(mut t: RequestThread) -> RequestThread {
    t.replies.retain(|r| !r.internal);
    t
}

impl AppState {
    /// This client's requests that the link sees (those about a project only when the
    /// link and its contact see that project), newest first.
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_requests(&self, link: &LiveLink) -> OpResult<Vec<ClientRequest>> {
        let access = link.access();
        access.check(&Subject::portal(&link.client), Action::View)?;
        let all = self
            .store
            .read(|rx| requests_of_client(rx, &link.client.id))?;
        Ok(all
            .into_iter()
            .filter(|r| access.check(&subject_of(r), Action::View).is_ok())
            .collect())
    }

    /// This link's requests waiting on the client (the overview's "needs your action").
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_requests_waiting(&self, link: &LiveLink) -> OpResult<Vec<ClientRequest>> {
        let mut all = self.portal_requests(link)?;
        all.retain(|r| r.status == RequestStatus::WaitingOnClient);
        Ok(all)
    }

    /// One request and its public replies.
    ///
    /// # Errors
    /// `NotFound` outside the link (another client's, or of a project it does not see).
    pub fn portal_request(&self, link: &LiveLink, request_id: &str) -> OpResult<RequestThread> {
        let t = self.store.read(|rx| request_thread(rx, request_id))?;
        link.access()
            .check(&subject_of(&t.request), Action::View)
            .map_err(|_| AppError::NotFound("request"))?;
        Ok(for_client(t))
    }

    /// The projects a link may file a request about (for the form's select).
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_request_projects(&self, link: &LiveLink) -> OpResult<Vec<Project>> {
        let access = link.access();
        let projects: Vec<Project> = self
            .store
            .read(|rx| rx.child_records("client", &link.client.id, "projects"))?;
        Ok(projects
            .into_iter()
            .filter(|p| access.check(&Subject::project(p), Action::View).is_ok())
            .collect())
    }

    /// Open a request through a link. In one write: the link still stands, the project it
    /// names (if any) is in scope (404), the link may comment (403); then the form: nonce
    /// (single-use: a replay answers the first request and stores nothing), subject (one
    /// line) and body.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, the front end's refusal, `BadRequest` for an expired form,
    /// `Invalid` subject or body.
    pub fn open_request(
        &self,
        link: &LiveLink,
        request: OpResult<NewClientRequest>,
    ) -> OpResult<ClientRequest> {
        let project_id = request
            .as_ref()
            .ok()
            .map(|r| r.project_id.trim().to_owned())
            .filter(|p| !p.is_empty());
        let nonce_ok = request.as_ref().is_ok_and(|r| {
            self.keyring()
                .verify_nonce(&r.nonce, &link.grant.grant_id, REQUEST_NONCE_SUBJECT)
        });
        let leeway = self.settings.leeway_seconds;
        let grant = link.grant.clone();
        let author = link_author(link);
        self.store
            .write(&link_actor(link), self.clock.now(), |tx| {
                let client: Client = tx.get(&grant.client_id)?;
                let Some(access) = Access::of(&grant, &client, tx.now, leeway) else {
                    return Ok(Err(AppError::NotFound("page")));
                };
                let project = match &project_id {
                    Some(id) => match tx.find::<Project>(id)? {
                        Some(p) => Some(p),
                        None => return Ok(Err(AppError::NotFound("project"))),
                    },
                    None => None,
                };
                let subject = project
                    .as_ref()
                    .map_or_else(|| Subject::portal(&client), Subject::project);
                if let Err(denied) = access.check(&subject, Action::Comment) {
                    return Ok(Err(denied.into()));
                }
                let new = match request {
                    Ok(r) => r,
                    Err(refused) => return Ok(Err(refused)),
                };
                if !nonce_ok {
                    return Ok(Err(expired_form()));
                }
                let checked = validate::line("subject", &new.subject)
                    .map_err(AppError::from)
                    .and_then(|s| Ok((s, required_text("body", &new.body, "what you need")?)));
                let (subject, body) = match checked {
                    Ok(v) => v,
                    Err(e) => return Ok(Err(e)),
                };
                // A request shows on its client's pages and, when it names one, on its
                // project's (a project page lists only its own requests).
                tx.pages_only_under(&[&client.id]);
                if let Some(p) = &project_id {
                    tx.pages_only_under(&[p]);
                }
                let (r, replay) = open_request_in(
                    tx, &client.id, project_id, subject, body, author, &new.nonce,
                )?;
                if !replay {
                    note_activity(
                        tx,
                        &client.id,
                        link_activity(
                            link,
                            ActivityKind::RequestOpened,
                            (&r.id, &r.subject),
                            format!("/staff/requests/{}", r.id),
                            None,
                        ),
                    )?;
                }
                Ok(Ok(r))
            })?
    }

    /// Reply to a request through a link: scope (404), the right to comment (403), then
    /// the nonce (single-use) and the body.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, the front end's refusal, `BadRequest` for an expired form,
    /// `Invalid` body.
    pub fn reply_to_request(
        &self,
        link: &LiveLink,
        request_id: &str,
        request: OpResult<(String, String)>,
    ) -> OpResult<RequestReply> {
        let nonce_ok = request.as_ref().is_ok_and(|(nonce, _)| {
            self.keyring()
                .verify_nonce(nonce, &link.grant.grant_id, request_id)
        });
        let leeway = self.settings.leeway_seconds;
        let grant = link.grant.clone();
        let author = link_author(link);
        self.store
            .write(&link_actor(link), self.clock.now(), |tx| {
                let client: Client = tx.get(&grant.client_id)?;
                let Some(access) = Access::of(&grant, &client, tx.now, leeway) else {
                    return Ok(Err(AppError::NotFound("page")));
                };
                let Some(r) = tx.find::<ClientRequest>(request_id)? else {
                    return Ok(Err(AppError::NotFound("request")));
                };
                if let Err(denied) = access.check(&subject_of(&r), Action::Comment) {
                    return Ok(Err(denied.into()));
                }
                let (nonce, body) = match request {
                    Ok(v) => v,
                    Err(refused) => return Ok(Err(refused)),
                };
                if !nonce_ok {
                    return Ok(Err(expired_form()));
                }
                let body = match required_text("body", &body, "a reply") {
                    Ok(b) => b,
                    Err(e) => return Ok(Err(e)),
                };
                // As for opening it: the client's pages and the request's project's.
                tx.pages_only_under(&[&client.id]);
                if let Some(p) = &r.project_id {
                    tx.pages_only_under(&[p]);
                }
                let (id, subject) = (r.id.clone(), r.subject.clone());
                let (reply, replay) = add_reply_in(tx, r, author, body, false, Some(&nonce))?;
                if !replay {
                    note_activity(
                        tx,
                        &client.id,
                        link_activity(
                            link,
                            ActivityKind::Replied,
                            (&id, &subject),
                            format!("/staff/requests/{id}"),
                            None,
                        ),
                    )?;
                }
                Ok(Ok(reply))
            })?
    }

    /// Every request of a client, newest first (staff).
    ///
    /// # Errors
    /// `NotFound` for an unknown client.
    pub fn client_requests(&self, client_id: &str) -> OpResult<Vec<ClientRequest>> {
        Ok(self.store.read(|rx| {
            rx.get::<Client>(client_id)?;
            requests_of_client(rx, client_id)
        })?)
    }

    /// One page of a client's requests in id order (staff API).
    ///
    /// # Errors
    /// `NotFound` for an unknown client.
    pub fn client_requests_page(
        &self,
        client_id: &str,
        page: &PageRequest,
    ) -> OpResult<Page<ClientRequest>> {
        Ok(self.store.read(|rx| {
            rx.get::<Client>(client_id)?;
            rx.child_page("client", client_id, "requests", page)
        })?)
    }

    /// A request with its whole thread, internal replies included (staff).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn request_thread(&self, request_id: &str) -> OpResult<RequestThread> {
        Ok(self.store.read(|rx| request_thread(rx, request_id))?)
    }

    /// A staff reply, public or internal.
    ///
    /// # Errors
    /// `NotFound`, `Invalid` body.
    pub fn staff_reply(
        &self,
        actor: &Actor,
        request_id: &str,
        new: NewReply,
    ) -> OpResult<RequestReply> {
        let body = required_text("body", &new.body, "a reply")?;
        let author = staff_author(actor);
        Ok(self.store.write(actor, self.clock.now(), |tx| {
            let r: ClientRequest = tx.get(request_id)?;
            add_reply_in(tx, r, author, body, new.internal, None).map(|(reply, _)| reply)
        })?)
    }

    /// Move a request along (staff).
    ///
    /// # Errors
    /// `NotFound`, `Invalid` status.
    pub fn set_request_status(
        &self,
        actor: &Actor,
        request_id: &str,
        patch: &RequestPatch,
    ) -> OpResult<ClientRequest> {
        let status = parse_status(&patch.status)?;
        Ok(self.store.write(actor, self.clock.now(), |tx| {
            set_request_status_in(tx, request_id, status)
        })?)
    }
}
