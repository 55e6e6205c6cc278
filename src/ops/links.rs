//! Client links: issue one for a contact (staff API, console, CLI), sign its token.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::domain::paging::{Page, PageRequest};
use crate::domain::{Capability, Client, LinkGrant, ids, validate};
use crate::error::AppError;
use crate::links::{Keyring, Purpose};
use crate::state::AppState;
use crate::store::{Actor, NewGrant, ReadRecords as _};

use super::OpResult;

/// A request to issue a client link.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueLink {
    pub email: String,
    #[serde(default)]
    pub ttl: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub send: Option<bool>,
    /// Narrows the link below its contact's role; default: everything the role allows.
    #[serde(default)]
    pub can: Option<Vec<Capability>>,
}

/// A link as shown once to whoever issued it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IssuedLink {
    pub grant_id: String,
    pub client_id: String,
    pub email: String,
    pub url: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub contact_id: String,
    pub project_id: Option<String>,
    pub can: Vec<Capability>,
}

/// Why a grant's link cannot be written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkUrlError {
    #[error("link: malformed grant id")]
    MalformedGrant,
    #[error("link: its signing key was removed")]
    KeyRemoved,
}

/// The URL of a client link: its token signed from the grant with the grant's own key,
/// under `public_url`. The one place a client link is made, for staff, the CLI and every
/// mail.
///
/// # Errors
/// A damaged grant id, or a signing key no longer in the ring.
pub fn client_link_url(
    keys: &Keyring,
    public_url: &str,
    grant: &LinkGrant,
) -> Result<String, LinkUrlError> {
    let grant_bytes = ids::id_bytes(&grant.grant_id).ok_or(LinkUrlError::MalformedGrant)?;
    let token = keys
        .sign_with(
            grant.key_id,
            Purpose::ClientPortal,
            grant_bytes,
            grant.issued_at.unix_timestamp(),
            grant.expires_at.unix_timestamp(),
        )
        .ok_or(LinkUrlError::KeyRemoved)?;
    Ok(format!("{public_url}/p/{token}"))
}

impl AppState {
    /// Issue a client link: record the grant (and queue its invitation), sign the token,
    /// build the URL.
    ///
    /// # Errors
    /// Invalid ttl, email or project; unknown client.
    pub fn issue_link(
        &self,
        actor: &Actor,
        client_id: &str,
        req: &IssueLink,
    ) -> OpResult<IssuedLink> {
        let ttl = match req.ttl.as_deref() {
            Some(t) => validate::ttl(t, self.settings.max_ttl)?,
            None => self.settings.default_ttl,
        };
        let email = validate::email("email", &req.email)?;
        let key_id = self.keyring().current_id();
        let send = req.send.unwrap_or(true);
        let grant = self.store.create_grant(
            actor,
            self.clock.now(),
            NewGrant {
                client_id: client_id.to_owned(),
                project_id: req.project_id.clone(),
                email,
                ttl,
                key_id,
                send,
                can: req.can.clone().unwrap_or_else(Capability::all),
            },
        )?;
        if send {
            self.mail.wake();
        }
        Ok(IssuedLink {
            url: client_link_url(&self.keyring(), &self.settings.public_url, &grant)
                .map_err(AppError::internal)?,
            grant_id: grant.grant_id,
            client_id: grant.client_id,
            email: grant.contact.email,
            expires_at: grant.expires_at,
            contact_id: grant.contact.id,
            project_id: grant.project_id,
            can: grant.can,
        })
    }

    /// One page of a client's links in grant id order.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn client_links(&self, client_id: &str, page: &PageRequest) -> OpResult<Page<LinkGrant>> {
        Ok(self.store.read(|rx| {
            rx.get::<Client>(client_id)?;
            rx.child_page("client", client_id, "grants", page)
        })?)
    }

    /// # Errors
    /// `NotFound`.
    pub fn link(&self, grant_id: &str) -> OpResult<LinkGrant> {
        Ok(self.store.grant(grant_id)?)
    }

    /// Revoke one link, for good (its 410 page offers no fresh link).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn revoke_link(&self, actor: &Actor, grant_id: &str) -> OpResult<LinkGrant> {
        Ok(self.store.revoke_grant(actor, self.clock.now(), grant_id)?)
    }

    /// End every link of a client issued before now (contacts on file may ask for fresh
    /// ones).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn cut_off_links(&self, actor: &Actor, client_id: &str) -> OpResult<Client> {
        Ok(self
            .store
            .cutoff_client_links(actor, self.clock.now(), client_id)?)
    }
}
