//! Mail: store operations queue notices in their own transaction (`store::outbox`); the
//! background [`sender`] turns them into messages ([`expand`], [`compose`], [`wording`]),
//! adds reminders, and delivers through a [`transport`] with [`retry`]s.

mod compose;
mod expand;
mod reminders;
mod renew;
mod retry;
pub mod sender;
pub mod transport;
mod wording;

pub mod sign_in;

use crate::domain::Approval;
use crate::state::AppState;

pub use crate::state::MailSignal;
pub use expand::{MailEnv, decision_code};
pub use renew::{FRESH_LINKS_PER_DAY, request_fresh_link};
pub use retry::after_failure;

/// A decision was recorded: its notice to the requesting staff member was queued in the
/// same transaction; this only wakes the sender.
pub fn decision_recorded(state: &AppState, _approval: &Approval) {
    state.mail.wake();
}
