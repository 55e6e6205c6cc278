//! Turning `/p/{token}` into a live grant, in the order of SPEC 5: everything about the
//! token is checked before the store is touched, and only a genuine token reaches it.

use crate::i18n::Locale;
use std::sync::Arc;

use time::OffsetDateTime;

use crate::domain::access::{GoneReason, Standing, standing};
use crate::domain::{Client, LinkGrant, ids};
use crate::links::{Purpose, TokenError};
use crate::ops::LiveLink;
use crate::state::AppState;

/// A verified, live link and the base of its URLs.
#[derive(Debug, Clone)]
pub struct LinkContext {
    pub link: LiveLink,
    /// `/p/{token}`: the base every client URL is built on.
    pub base: String,
    /// The contact's language and the client's time zone.
    pub loc: Locale,
}

impl std::ops::Deref for LinkContext {
    type Target = LiveLink;

    fn deref(&self) -> &LiveLink {
        &self.link
    }
}

/// Why a link does not open the portal.
#[derive(Debug)]
pub enum LinkRefusal {
    /// Malformed, forged, unknown key or unknown grant: the generic 404.
    NotFound,
    /// Genuine but dead: 410; with the fresh-link form only when the reason is renewable.
    /// Shown in the language of the contact the link was issued to.
    Gone(GoneReason, Locale),
    /// Genuine, but the client's portal is switched off: 410 without a form.
    Closed(Arc<Client>, Locale),
    /// The store failed.
    Internal(String),
}

/// Verify `token` and load its grant.
pub async fn resolve(
    state: &AppState,
    token: &str,
    accept_language: Option<&str>,
) -> Result<LinkContext, LinkRefusal> {
    let now: OffsetDateTime = state.clock.now();
    let verified = state.keyring().verify(
        token,
        Purpose::ClientPortal,
        now.unix_timestamp(),
        state.settings.leeway_seconds,
    );
    let claims = match verified {
        Ok(c) | Err(TokenError::Expired(c)) => c,
        Err(TokenError::Malformed | TokenError::Forged) => return Err(LinkRefusal::NotFound),
    };
    let (grant, client) = grant_with_client(state, ids::id_from_bytes(claims.grant_id)).await?;
    // The token and its grant must agree on the lifetime that was signed.
    if grant.expires_at.unix_timestamp() != claims.expires_at
        || grant.issued_at.unix_timestamp() != claims.issued_at
    {
        return Err(LinkRefusal::NotFound);
    }
    let contact = client
        .contact_by_id(&grant.contact.id)
        .unwrap_or(&grant.contact);
    let loc = reader_locale(state, &client, contact, accept_language);
    let contact = match standing(&grant, &client, now, state.settings.leeway_seconds) {
        Standing::Live(contact) => contact.clone(),
        Standing::Gone(reason) => return Err(LinkRefusal::Gone(reason, loc)),
        Standing::Closed => return Err(LinkRefusal::Closed(client, loc)),
    };
    Ok(LinkContext {
        loc,
        base: format!("/p/{token}"),
        link: LiveLink {
            grant,
            client,
            contact,
        },
    })
}

/// How `contact` of `client` reads: their language (else the client's, else the browser's)
/// and the client's time zone (else the deployment's).
#[must_use]
pub fn reader_locale(
    state: &AppState,
    client: &Client,
    contact: &crate::domain::Contact,
    accept_language: Option<&str>,
) -> Locale {
    let lang = crate::i18n::reader_lang(
        contact.language.as_deref(),
        client.language.as_deref(),
        accept_language,
    );
    let zone = crate::i18n::client_zone(
        client.timezone.as_deref(),
        &state.settings.branding.timezone,
    );
    Locale::new(lang, zone).marked(state.settings.pseudo_locale)
}

/// The grant and its client, from the cache while no write happened since they were read.
/// Only the record is cached: whether the link is live is decided afresh on each request.
async fn grant_with_client(
    state: &AppState,
    grant_id: String,
) -> Result<(Arc<LinkGrant>, Arc<Client>), LinkRefusal> {
    // Noted before the read, so a write committed meanwhile makes the entry stale. Only
    // writes to clients and grants count: a burst of decisions leaves the entries current.
    let generation = state.store.access_generation();
    if let Some(hit) = state.pages.grant(&grant_id, generation) {
        return Ok((hit.grant.clone(), hit.client.clone()));
    }
    let loaded = state.op(move |s| s.link_grant(&grant_id)).await;
    let (grant, client) = match loaded {
        Ok(pair) => pair,
        Err(crate::error::AppError::NotFound(_)) => return Err(LinkRefusal::NotFound),
        Err(e) => return Err(LinkRefusal::Internal(e.to_string())),
    };
    let kept = state
        .pages
        .keep_grant(Arc::new(grant), Arc::new(client), generation);
    Ok((kept.grant.clone(), kept.client.clone()))
}

/// Handlers take a `LinkContext` argument: the token in the path is verified and its grant
/// loaded before the handler runs; a dead or bad link answers with its refusal page.
impl axum::extract::FromRequestParts<AppState> for LinkContext {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // The captures as matched (percent-decoded), without a map built per request.
        let Ok(params) = axum::extract::RawPathParams::from_request_parts(parts, state).await
        else {
            return Err(super::generic_not_found(
                &state.settings,
                Some(&parts.headers),
            ));
        };
        let token = params
            .iter()
            .find_map(|(name, value)| (name == "token").then_some(value))
            .unwrap_or_default();
        let accept = parts
            .headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        resolve(state, token, accept)
            .await
            .map_err(|r| super::refusal_page(state, token, r))
    }
}
