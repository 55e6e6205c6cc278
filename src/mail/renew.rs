//! Fresh links asked for from a dead link's page: mailed only to the contact address on
//! the grant, never shown, at most [`FRESH_LINKS_PER_DAY`] per grant, and never for a
//! revoked link, a contact since removed or a client whose portal is off (the access
//! policy's `may_renew`). The old link stays dead.

use crate::store::ReadRecords as _;
use serde_json::json;

use super::expand::{MailEnv, fresh_link};
use crate::domain::access::may_renew;
use crate::domain::mail::RenewalLog;
use crate::domain::{Client, LinkGrant};
use crate::state::AppState;
use crate::store::{Actor, StoreResult};

/// Fresh links one grant may ask for within 24 hours.
pub const FRESH_LINKS_PER_DAY: usize = 3;

/// Handle a fresh-link request for `grant_id` (whose token the caller verified). Returns
/// whether a link was queued; every refusal is silent.
///
/// # Errors
/// `NotFound` for an unknown grant, or a database failure.
pub fn request_fresh_link(state: &AppState, grant_id: &str) -> StoreResult<bool> {
    let env = MailEnv::of(state);
    let leeway = state.settings.leeway_seconds;
    let actor = Actor::Link {
        grant_id: grant_id.to_owned(),
    };
    let queued = state.store.write(&actor, state.clock.now(), |tx| {
        let grant: LinkGrant = tx.get(grant_id)?;
        let client: Client = tx.get(&grant.client_id)?;
        // Only cut-off or expired links of contacts still on file renew; revoked links
        // and removed contacts are final (SPEC 10).
        if !may_renew(&grant, &client, tx.now, leeway) {
            return Ok(false);
        }
        let mut log = tx.find::<RenewalLog>(grant_id)?.unwrap_or(RenewalLog {
            id: grant_id.to_owned(),
            sent_at: Vec::new(),
        });
        let day_ago = tx.now.unix_timestamp() - 86_400;
        log.sent_at.retain(|t| *t > day_ago);
        if log.sent_at.len() >= FRESH_LINKS_PER_DAY {
            return Ok(false);
        }
        let fresh = fresh_link(tx, &env, &grant, &client)?;
        log.sent_at.push(tx.now.unix_timestamp());
        tx.put(&log)?;
        tx.audit(
            "link.renewed",
            &[&client.id, &grant.grant_id, &fresh.grant_id],
            json!({"email": fresh.contact.email, "fresh_grant_id": fresh.grant_id}),
        )?;
        Ok(true)
    })?;
    if queued {
        state.mail.wake();
    }
    Ok(queued)
}
