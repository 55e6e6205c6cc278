//! The wake-up call for the mail sender.

use std::sync::Arc;

use tokio::sync::Notify;

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
