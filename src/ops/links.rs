//! Client links: issue one for a contact (staff API, console, CLI), sign its token.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::domain::{ids, validate};
use crate::links::Purpose;
use crate::state::AppState;
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
}
