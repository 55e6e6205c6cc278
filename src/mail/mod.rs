//! Mail: the outbox and its transports. (Being built: see the mail issue.)

pub mod sign_in;

use crate::app::AppState;
use crate::domain::{Approval, Client, LinkGrant};
use crate::store::{Store, StoreResult};

/// A fresh-link request from a dead link's 410 page. Returns whether a link was queued.
/// Refused (Ok(false)) when the grant's contact was since removed from the client.
///
/// # Errors
/// `NotFound` for an unknown grant.
pub fn request_fresh_link(_state: &AppState, store: &Store, grant_id: &str) -> StoreResult<bool> {
    let (grant, client): (LinkGrant, Client) = store.grant_with_client(grant_id)?;
    // Nothing is sent until the outbox lands; the page stays neutral either way.
    let _still_a_contact = client.contact(&grant.contact.email).is_some();
    Ok(false)
}

/// Tell the staff member who requested an approval that it was decided.
pub fn decision_recorded(_state: &AppState, _approval: &Approval) {}
