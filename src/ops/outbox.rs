//! The outbox as staff see it: what the sender did, and "send again" for a failed
//! message.

use super::OpResult;
use crate::domain::mail::{MailStatus, OutboxMessage};
use crate::domain::paging::{Page, PageRequest};
use crate::state::AppState;
use crate::store::Actor;

/// Messages in one listing when none is asked for...
const DEFAULT_PAGE: usize = 100;
/// ...and at most.
const MAX_PAGE: usize = 1000;

impl AppState {
    /// Messages, newest first, optionally only those with `status`: `limit` of them
    /// (default 100, at most 1000).
    ///
    /// # Errors
    /// A database failure.
    pub fn outbox_messages(
        &self,
        status: Option<MailStatus>,
        limit: Option<usize>,
    ) -> OpResult<Vec<OutboxMessage>> {
        let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        Ok(self.store.outbox_messages(status, limit)?)
    }

    /// One page of messages, newest first, optionally only those with `status` (staff
    /// API).
    ///
    /// # Errors
    /// A database failure.
    pub fn outbox_page(
        &self,
        status: Option<MailStatus>,
        page: &PageRequest,
    ) -> OpResult<Page<OutboxMessage>> {
        Ok(self.store.read(|rx| {
            rx.page_newest_first(page, |m: &OutboxMessage| {
                status.is_none_or(|s| s == m.status)
            })
        })?)
    }

    /// Send a failed message again now, with a fresh retry window; the sender is woken.
    ///
    /// # Errors
    /// `NotFound`, or `Conflict` unless the message failed.
    pub fn send_again(&self, actor: &Actor, id: &str) -> OpResult<OutboxMessage> {
        let message = self.store.retry_message(actor, self.clock.now(), id)?;
        self.mail.wake();
        Ok(message)
    }
}
