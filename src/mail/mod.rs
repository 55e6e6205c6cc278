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

use std::sync::Arc;

use tokio::sync::Notify;

pub mod sign_in;

use crate::app::AppState;
use crate::domain::Approval;

pub use renew::{FRESH_LINKS_PER_DAY, request_fresh_link};

/// Wakes the sender when something was queued. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct MailSignal(Arc<Notify>);

impl MailSignal {
    /// Ask the sender to look at the outbox now.
    pub fn wake(&self) {
        self.0.notify_one();
    }

    /// Resolves at the next `wake` (or at once if one came since the last wait).
    pub async fn notified(&self) {
        self.0.notified().await;
    }
}

/// A decision was recorded: its notice to the requesting staff member was queued in the
/// same transaction; this only wakes the sender.
pub fn decision_recorded(state: &AppState, _approval: &Approval) {
    state.mail.wake();
}
