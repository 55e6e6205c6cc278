//! A client contact invites a colleague (SPEC 10): where the client allows it, a
//! contributor or approver adds a `viewer` contact who gets a link of their own.

use crate::domain::access::{Access, Action, Subject};
use crate::domain::mail::Notice;
use crate::domain::{Capability, Client, Contact, ContactRole, ProjectAccess};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{
    Actor, ContactInput, NewGrant, ReadRecords as _, add_contact_in, issue_grant, outbox,
};

use super::OpResult;
use super::portal::{LiveLink, expired_form};

/// Label the invite form's nonce is bound to.
pub const INVITE_NONCE_SUBJECT: &str = "invite";

/// What the invite form carries: its nonce, the colleague's name and address.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub nonce: String,
    pub name: String,
    pub email: String,
}

impl AppState {
    /// Invite a colleague through `link`. In one write: the link still stands, the client
    /// allows inviting and the link may (else 403), then the form (`request`, its nonce);
    /// the colleague becomes a `viewer` who sees no more than the inviter's link does, gets
    /// a link of their own by mail, and `contact.invited` names the inviter. The nonce is
    /// single-use: a replay answers the contact invited the first time.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, the front end's refusal, `BadRequest` for an expired form,
    /// `Invalid` fields, `Conflict` for an address already on file.
    pub fn invite_colleague(
        &self,
        link: &LiveLink,
        request: OpResult<Invitation>,
    ) -> OpResult<Contact> {
        let nonce_ok = request.as_ref().is_ok_and(|r| {
            self.keyring()
                .verify_nonce(&r.nonce, &link.grant.grant_id, INVITE_NONCE_SUBJECT)
        });
        let (grant, leeway) = (link.grant.clone(), self.settings.leeway_seconds);
        let (ttl, key_id) = (self.settings.default_ttl, self.keyring().current_id());
        let actor = Actor::Link {
            grant_id: grant.grant_id.clone(),
        };
        let invited = self.store.write(&actor, self.clock.now(), |tx| {
            let client: Client = tx.get(&grant.client_id)?;
            let Some(access) = Access::of(&grant, &client, tx.now, leeway) else {
                return Ok(Err(AppError::NotFound("page")));
            };
            if let Err(denied) = access.check(&Subject::portal(&client), Action::Invite) {
                return Ok(Err(denied.into()));
            }
            let inviter = access.contact.clone();
            let r = match request {
                Ok(r) => r,
                Err(refused) => return Ok(Err(refused)),
            };
            if !nonce_ok {
                return Ok(Err(expired_form()));
            }
            let nonce_key = format!("invite_nonce:{}", r.nonce);
            if let Some(id) = tx.lookup(&nonce_key)?
                && let Some(c) = client.contact_by_id(&id)
            {
                return Ok(Ok(c.clone()));
            }
            // The colleague sees what the inviting link sees, never more.
            let projects = match &grant.project_id {
                Some(p) => ProjectAccess::Only(vec![p.clone()]),
                None => inviter.projects.clone(),
            };
            let input = ContactInput {
                id: None,
                name: r.name,
                email: r.email,
                role: Some(ContactRole::Viewer),
                projects: Some(projects),
                language: inviter.language.clone(),
            };
            let (_, contact) = add_contact_in(tx, &client.id, &input, Some(&inviter))?;
            let fresh = issue_grant(
                tx,
                &NewGrant {
                    client_id: client.id.clone(),
                    project_id: grant.project_id.clone(),
                    email: contact.email.clone(),
                    ttl,
                    key_id,
                    send: true,
                    can: Capability::all(),
                },
            )?;
            outbox::queue_notice(
                tx,
                Notice::LinkInvitation {
                    grant_id: fresh.grant_id.clone(),
                },
            )?;
            tx.set_lookup(&nonce_key, &contact.id)?;
            Ok(Ok(contact))
        })??;
        self.mail.wake();
        Ok(invited)
    }
}
