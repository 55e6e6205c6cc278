//! Operations shared by the staff API, the admin socket and the CLI, so that every path
//! runs the same code against the same store functions.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::app::AppState;
use crate::domain::{ids, validate};
use crate::links::Purpose;
use crate::store::{Actor, NewGrant, StoreError, StoreResult};

/// A request to issue a client link.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueLink {
    pub email: String,
    #[serde(default)]
    pub ttl: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub send: Option<bool>,
}

/// A link as shown once to whoever issued it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IssuedLink {
    pub grant_id: String,
    pub client_id: String,
    pub email: String,
    pub url: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

impl AppState {
    /// Record a single-use sign-in for staff member `staff_id` and sign its link
    /// (`Purpose::StaffSignIn`, valid for `ttl`). The URL is a secret: mail it or show it,
    /// never store or log it.
    ///
    /// # Errors
    /// The store's error (unknown staff member, database).
    pub fn issue_staff_sign_in(
        &self,
        staff_id: &str,
        ttl: time::Duration,
    ) -> StoreResult<(crate::domain::Staff, String)> {
        let (staff, link) = self
            .store
            .create_staff_sign_in(self.clock.now(), staff_id, ttl)?;
        let grant = ids::id_bytes(&link.id)
            .ok_or_else(|| StoreError::Conflict("sign-in id malformed".into()))?;
        let token = self.keyring().sign(
            Purpose::StaffSignIn,
            grant,
            link.issued_at.unix_timestamp(),
            link.expires_at.unix_timestamp(),
        );
        let url = format!("{}/staff/signin/{token}", self.settings.public_url);
        Ok((staff, url))
    }

    /// Issue a client link: record the grant, sign the token, build the URL.
    ///
    /// # Errors
    /// Invalid ttl or email, unknown client or project.
    pub fn issue_link(
        &self,
        actor: &Actor,
        client_id: &str,
        req: &IssueLink,
    ) -> StoreResult<IssuedLink> {
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
            },
        )?;
        if send {
            self.mail.wake();
        }
        let grant_bytes = ids::id_bytes(&grant.grant_id)
            .ok_or_else(|| StoreError::Conflict("grant id malformed".into()))?;
        let token = self.keyring().sign(
            Purpose::ClientPortal,
            grant_bytes,
            grant.issued_at.unix_timestamp(),
            grant.expires_at.unix_timestamp(),
        );
        Ok(IssuedLink {
            url: format!("{}/p/{token}", self.settings.public_url),
            grant_id: grant.grant_id,
            client_id: grant.client_id,
            email: grant.contact.email,
            expires_at: grant.expires_at,
        })
    }

    /// Make a new signing key current; earlier keys keep verifying.
    ///
    /// # Errors
    /// When the key directory cannot be written.
    pub fn rotate_key(&self, actor: &Actor) -> StoreResult<u32> {
        let id = crate::keys::rotate(&self.settings.data_dir)
            .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
        let fresh = crate::keys::load_or_create(&self.settings.data_dir, true)
            .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
        *self
            .keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = fresh;
        self.store.write(actor, self.clock.now(), |tx| {
            tx.audit("key.rotated", &[], serde_json::json!({"key_id": id}))
        })?;
        Ok(id)
    }
}
