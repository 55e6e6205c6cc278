//! The outbox, store side: notices queued in the transaction of the change that causes
//! them, messages with a due-time index, and the counters behind reminders and fresh
//! links. Delivery bookkeeping (attempts, sent) is not in the audit chain, like link views.

use crate::store::ReadRecords as _;
use serde_json::json;
use std::ops::Bound;
use time::OffsetDateTime;

use super::tables::{ACTIVITY_ITEMS, ACTIVITY_SEEN, OUTBOX_DUE, decode, encode};
use super::{Actor, Store, StoreError, StoreResult, Tx};
use crate::domain::activity::ActivityItem;
use crate::domain::mail::{MailKind, MailStatus, Notice, OutboxMessage, PendingNotice};
use crate::domain::{Client, LinkGrant, new_id};

/// An id that sorts by time: `<micros since the epoch, hex>-<random>`.
#[must_use]
pub fn sortable_id(now: OffsetDateTime) -> String {
    let micros = u64::try_from(now.unix_timestamp_nanos() / 1000).unwrap_or(0);
    let random: String = new_id().chars().take(10).collect();
    format!("{micros:014x}-{random}")
}

fn due_key(at: OffsetDateTime, id: &str) -> String {
    format!(
        "{:016x}:{id}",
        u64::try_from(at.unix_timestamp()).unwrap_or(0)
    )
}

/// Queue a notice in `tx`. Milestone updates join the client's open batch, which keeps the
/// time of its first update.
///
/// # Errors
/// A database failure.
pub fn queue_notice(tx: &Tx, notice: Notice) -> StoreResult<()> {
    let pending = match notice {
        Notice::MilestoneUpdates {
            client_id,
            update_ids,
        } => {
            let id = format!("digest:{client_id}");
            match tx.find::<PendingNotice>(&id)? {
                Some(mut open) => {
                    if let Notice::MilestoneUpdates {
                        update_ids: ids, ..
                    } = &mut open.notice
                    {
                        ids.extend(update_ids);
                    }
                    open
                }
                None => PendingNotice {
                    id,
                    at: tx.now,
                    notice: Notice::MilestoneUpdates {
                        client_id,
                        update_ids,
                    },
                },
            }
        }
        other => PendingNotice {
            id: sortable_id(tx.now),
            at: tx.now,
            notice: other,
        },
    };
    tx.put(&pending)
}

/// Queue what a client's contact did for the staff member who owns the client, in `tx`
/// (the transaction of the change itself). Nothing when the client has no owner or its
/// alerts are muted. Items join the owner's open batch (`activity:<staff id>`), which keeps
/// the time of its first item; a repeat of an item already in the batch (a second download
/// of the same version) is not listed twice.
///
/// Each item is a row of its own in [`ACTIVITY_ITEMS`], so that a burst of decisions adds
/// one small row per decision instead of rewriting one ever-growing batch record.
///
/// # Errors
/// A database failure.
pub fn queue_activity(tx: &Tx, client: &Client, item: ActivityItem) -> StoreResult<()> {
    let Some(staff_id) = client
        .owner_staff_id
        .as_ref()
        .filter(|_| client.activity_alerts)
    else {
        return Ok(());
    };
    if let Some(repeat) = item.repeat_key() {
        let seen = format!("{staff_id}/{repeat}");
        if tx.index_get(ACTIVITY_SEEN, &seen)?.is_some() {
            return Ok(());
        }
        tx.index_set(ACTIVITY_SEEN, &seen, "")?;
    }
    let id = format!("activity:{staff_id}");
    if tx.find::<PendingNotice>(&id)?.is_none() {
        tx.put(&PendingNotice {
            id,
            at: tx.now,
            notice: Notice::Activity {
                staff_id: staff_id.clone(),
                items: Vec::new(),
            },
        })?;
    }
    let key = format!("{staff_id}/{}", sortable_id(tx.now));
    tx.index_set(
        ACTIVITY_ITEMS,
        &key,
        &String::from_utf8_lossy(&encode(&item)),
    )
}

/// Take the items of `staff_id`'s open activity batch out of the store, oldest first
/// (the batch is being turned into its digest, in `tx`).
///
/// # Errors
/// A database failure, or an item that does not decode.
pub fn take_activity(tx: &Tx, staff_id: &str) -> StoreResult<Vec<ActivityItem>> {
    tx.index_take_prefix(ACTIVITY_SEEN, &format!("{staff_id}/"))?;
    tx.index_take_prefix(ACTIVITY_ITEMS, &format!("{staff_id}/"))?
        .into_iter()
        .map(|(key, json)| decode("activity item", &key, json.as_bytes()))
        .collect()
}

/// [`queue_activity`] for the client with id `client_id`, filling in the item's client.
///
/// # Errors
/// A database failure, or `NotFound` for the client.
pub fn note_activity(tx: &Tx, client_id: &str, mut item: ActivityItem) -> StoreResult<()> {
    let client: Client = tx.get(client_id)?;
    item.client_id.clone_from(&client.id);
    item.client.clone_from(&client.name);
    item.at = tx.now;
    queue_activity(tx, &client, item)
}

/// Drop a notice once it has become messages (or turned out to need none).
///
/// # Errors
/// A database failure.
pub fn remove_notice(tx: &Tx, id: &str) -> StoreResult<()> {
    tx.remove::<PendingNotice>(id)
}

/// Put a message in the outbox, due at its `next_attempt_at`.
///
/// # Errors
/// A database failure.
pub fn enqueue(tx: &Tx, message: &OutboxMessage) -> StoreResult<()> {
    tx.put(message)?;
    if message.status == MailStatus::Queued {
        tx.index_set(
            OUTBOX_DUE,
            &due_key(message.next_attempt_at, &message.id),
            &message.id,
        )?;
    }
    Ok(())
}

/// Replace a stored message, moving its entry in the due index.
/// How long a claimed message or webhook delivery is left to its sender before another
/// may claim it (see [`Store::claim_due_messages`]).
pub(super) const CLAIM: time::Duration = time::Duration::minutes(2);

/// The first due-index key past `now`.
pub(super) fn due_end(now: OffsetDateTime) -> String {
    format!(
        "{:016x}",
        u64::try_from(now.unix_timestamp())
            .unwrap_or(0)
            .saturating_add(1)
    )
}

fn replace(tx: &Tx, old: &OutboxMessage, new: &OutboxMessage) -> StoreResult<()> {
    tx.index_remove(OUTBOX_DUE, &due_key(old.next_attempt_at, &old.id))?;
    enqueue(tx, new)
}

/// How one delivery attempt ended, as decided by the sender's retry rules.
#[derive(Debug, Clone)]
pub enum DeliveryOutcome {
    Sent,
    /// Try again at this time.
    Retry(OffsetDateTime, String),
    /// Give up.
    Failed(String),
}

/// The retry bookkeeping a queued mail and a queued webhook delivery share.
pub(super) struct AttemptFields<'a> {
    pub attempts: &'a mut u32,
    pub next_attempt_at: &'a mut OffsetDateTime,
    pub failing_since: &'a mut Option<OffsetDateTime>,
    pub last_error: &'a mut Option<String>,
}

/// Where an attempt left the thing sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AttemptEnd {
    Sent,
    Retrying,
    GivenUp,
}

impl AttemptFields<'_> {
    /// Count one attempt that ended in `outcome` at `now`; the caller sets its own status.
    pub(super) fn record(self, outcome: &DeliveryOutcome, now: OffsetDateTime) -> AttemptEnd {
        *self.attempts = self.attempts.saturating_add(1);
        match outcome {
            DeliveryOutcome::Sent => {
                *self.last_error = None;
                AttemptEnd::Sent
            }
            DeliveryOutcome::Retry(at, error) => {
                *self.next_attempt_at = *at;
                *self.failing_since = self.failing_since.or(Some(now));
                *self.last_error = Some(error.clone());
                AttemptEnd::Retrying
            }
            DeliveryOutcome::Failed(error) => {
                *self.failing_since = self.failing_since.or(Some(now));
                *self.last_error = Some(error.clone());
                AttemptEnd::GivenUp
            }
        }
    }
}

impl Store {
    /// Every queued notice (few: they become messages within seconds, batches within
    /// `mail.batch_window`).
    ///
    /// # Errors
    /// A database failure.
    pub fn pending_notices(&self) -> StoreResult<Vec<PendingNotice>> {
        self.read(|rx| rx.all())
    }

    /// Claim up to `limit` queued messages due at `now`, earliest first, for this sender
    /// alone: each is put off by [`CLAIM`] in the same write, so another process's sender
    /// (or the next round of this one) does not take it too. Its delivery is recorded by
    /// [`Store::record_deliveries`]; a sender that dies first leaves it to be claimed again
    /// once the claim runs out (the one case a message may go out twice).
    ///
    /// # Errors
    /// A database failure.
    pub fn claim_due_messages(
        &self,
        now: OffsetDateTime,
        limit: usize,
    ) -> StoreResult<Vec<OutboxMessage>> {
        self.write(&Actor::System, now, |tx| {
            let mut out = Vec::new();
            for (_, id) in tx.index_before(OUTBOX_DUE, &due_end(now), limit)? {
                let Some(m) = tx.find::<OutboxMessage>(&id)? else {
                    continue;
                };
                if m.status != MailStatus::Queued {
                    continue;
                }
                let mut claimed = m.clone();
                claimed.next_attempt_at = now + CLAIM;
                replace(tx, &m, &claimed)?;
                out.push(m);
            }
            Ok(out)
        })
    }

    /// Queued messages due at `now`, earliest first.
    ///
    /// # Errors
    /// A database failure.
    pub fn due_messages(
        &self,
        now: OffsetDateTime,
        limit: usize,
    ) -> StoreResult<Vec<OutboxMessage>> {
        self.read(|rx| {
            let end = format!(
                "{:016x}",
                u64::try_from(now.unix_timestamp())
                    .unwrap_or(0)
                    .saturating_add(1)
            );
            let mut out = Vec::new();
            for (_, id) in
                rx.index_range(OUTBOX_DUE, Bound::Unbounded, Bound::Excluded(&end), limit)?
            {
                // The index moves with the message in one transaction; the status check
                // is a second guard against sending anything twice.
                let found = rx.find::<OutboxMessage>(&id)?;
                out.extend(found.filter(|m| m.status == MailStatus::Queued));
            }
            Ok(out)
        })
    }

    /// Messages waiting to be sent (the queue depth).
    ///
    /// # Errors
    /// A database failure.
    pub fn mail_queue_depth(&self) -> StoreResult<u64> {
        self.read(|rx| rx.count(OUTBOX_DUE))
    }

    /// Record how delivery attempts ended, in one transaction.
    ///
    /// # Errors
    /// A database failure.
    pub fn record_deliveries(
        &self,
        now: OffsetDateTime,
        outcomes: &[(String, DeliveryOutcome)],
    ) -> StoreResult<()> {
        if outcomes.is_empty() {
            return Ok(());
        }
        self.write(&Actor::System, now, |tx| {
            for (id, outcome) in outcomes {
                let Some(old) = tx.find::<OutboxMessage>(id)? else {
                    continue;
                };
                if old.status != MailStatus::Queued {
                    continue;
                }
                let mut m = old.clone();
                let end = AttemptFields {
                    attempts: &mut m.attempts,
                    next_attempt_at: &mut m.next_attempt_at,
                    failing_since: &mut m.failing_since,
                    last_error: &mut m.last_error,
                }
                .record(outcome, tx.now);
                match end {
                    AttemptEnd::Sent => {
                        m.status = MailStatus::Sent;
                        m.sent_at = Some(tx.now);
                        // Mail scanners fetch a link right after its mail arrives: the
                        // grant remembers when, to tell their fetch from an open.
                        if let Some(link) = &m.link
                            && let Some(mut g) = tx.find::<LinkGrant>(&link.grant_id)?
                        {
                            g.mailed_at = Some(tx.now);
                            tx.put(&g)?;
                        }
                    }
                    AttemptEnd::Retrying => {}
                    AttemptEnd::GivenUp => m.status = MailStatus::Failed,
                }
                // A decision code is kept only as a hash: its mail's words go once it is
                // delivered or given up.
                if m.kind == MailKind::DecisionCode && m.status != MailStatus::Queued {
                    "(a decision code: removed once delivered)".clone_into(&mut m.text);
                    m.html = String::new();
                }
                replace(tx, &old, &m)?;
            }
            Ok(())
        })
    }

    /// Messages, newest first, optionally only those with `status`.
    ///
    /// # Errors
    /// A database failure.
    pub fn outbox_messages(
        &self,
        status: Option<MailStatus>,
        limit: usize,
    ) -> StoreResult<Vec<OutboxMessage>> {
        self.read(|rx| rx.newest::<OutboxMessage>(limit, |m| status.is_none_or(|s| s == m.status)))
    }

    /// Send a failed message again now, with a fresh retry window.
    ///
    /// # Errors
    /// `NotFound`, or `Conflict` unless the message failed.
    pub fn retry_message(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<OutboxMessage> {
        self.write(actor, now, |tx| {
            let old: OutboxMessage = tx.get(id)?;
            if old.status != MailStatus::Failed {
                return Err(StoreError::Conflict(
                    "only a failed message can be retried".into(),
                ));
            }
            let mut m = old.clone();
            m.status = MailStatus::Queued;
            m.next_attempt_at = tx.now;
            m.failing_since = None;
            replace(tx, &old, &m)?;
            tx.audit(
                "mail.retried",
                &[&m.id],
                json!({"kind": m.kind, "to": m.to}),
            )?;
            Ok(m)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::activity::ActivityKind;
    use crate::domain::mail::MailKind;
    use crate::store::test_store;

    fn message(now: OffsetDateTime) -> OutboxMessage {
        OutboxMessage {
            id: sortable_id(now),
            kind: MailKind::LinkInvitation,
            to: "cleo@acme.test".into(),
            to_name: "Cleo".into(),
            subject: "Hello".into(),
            text: "text".into(),
            html: "<p>html</p>".into(),
            message_id: "<x@acme.test>".into(),
            link: None,
            status: MailStatus::Queued,
            attempts: 0,
            queued_at: now,
            next_attempt_at: now,
            failing_since: None,
            last_error: None,
            sent_at: None,
        }
    }

    #[test]
    fn a_failing_write_leaves_no_message_due_and_keeps_its_notice() {
        let (store, _d) = test_store();
        let now = OffsetDateTime::now_utc();
        let m = message(now);
        let notice = PendingNotice {
            id: sortable_id(now),
            at: now,
            notice: Notice::DecisionRecorded {
                approval_id: "a1".into(),
                audit_seq: 1,
            },
        };
        store
            .write(&Actor::System, now, |tx| tx.put(&notice))
            .unwrap();
        let r: StoreResult<()> = store.write(&Actor::System, now, |tx| {
            enqueue(tx, &m)?;
            remove_notice(tx, &notice.id)?;
            Err(StoreError::Conflict("no".into()))
        });
        assert!(r.is_err());
        assert!(store.due_messages(now, 10).unwrap().is_empty());
        assert_eq!(store.pending_notices().unwrap().len(), 1);
    }

    #[test]
    fn due_index_follows_the_message() {
        let (store, _d) = test_store();
        let now = OffsetDateTime::now_utc();
        let m = message(now);
        store
            .write(&Actor::System, now, |tx| enqueue(tx, &m))
            .unwrap();
        assert_eq!(store.due_messages(now, 10).unwrap().len(), 1);
        let later = now + time::Duration::seconds(30);
        store
            .record_deliveries(
                now,
                &[(m.id.clone(), DeliveryOutcome::Retry(later, "down".into()))],
            )
            .unwrap();
        assert!(store.due_messages(now, 10).unwrap().is_empty());
        let due = store.due_messages(later, 10).unwrap();
        assert_eq!(due[0].attempts, 1);
        assert_eq!(due[0].failing_since, Some(now));
        store
            .record_deliveries(
                later,
                &[(m.id.clone(), DeliveryOutcome::Failed("no".into()))],
            )
            .unwrap();
        assert!(store.due_messages(later, 10).unwrap().is_empty());
        let r = store.retry_message(&Actor::System, later, &m.id).unwrap();
        assert_eq!((r.status, r.failing_since), (MailStatus::Queued, None));
        assert!(matches!(
            store.retry_message(&Actor::System, later, &m.id),
            Err(StoreError::Conflict(_))
        ));
        store
            .record_deliveries(later, &[(m.id.clone(), DeliveryOutcome::Sent)])
            .unwrap();
        assert!(store.due_messages(later, 10).unwrap().is_empty());
        let listed = store.outbox_messages(Some(MailStatus::Sent), 10).unwrap();
        assert_eq!(listed[0].attempts, 3);
    }

    #[test]
    fn update_notices_batch_per_client() {
        let (store, _d) = test_store();
        let now = OffsetDateTime::now_utc();
        for u in ["u1", "u2"] {
            store
                .write(&Actor::System, now, |tx| {
                    queue_notice(
                        tx,
                        Notice::MilestoneUpdates {
                            client_id: "c".into(),
                            update_ids: vec![u.into()],
                        },
                    )
                })
                .unwrap();
        }
        let pending = store.pending_notices().unwrap();
        assert_eq!(pending.len(), 1);
        assert!(matches!(
            &pending[0].notice,
            Notice::MilestoneUpdates { update_ids, .. } if update_ids.len() == 2
        ));
    }
    fn owned_client() -> Client {
        serde_json::from_value(json!({
            "id": "c1", "name": "Acme", "contacts": [], "portal_enabled": true,
            "sections": {}, "links_cutoff_at": null,
            "created_at": "2026-12-01T10:00:00Z", "owner_staff_id": "s1",
        }))
        .unwrap()
    }

    fn item(kind: ActivityKind, record: &str, at: OffsetDateTime) -> ActivityItem {
        ActivityItem {
            kind,
            at,
            client_id: "c1".into(),
            client: "Acme".into(),
            contact: "Cleo".into(),
            grant_id: "g1".into(),
            record_id: record.into(),
            record: record.into(),
            console_path: "/staff".into(),
            detail: None,
        }
    }

    #[test]
    fn activity_items_are_rows_of_their_own_and_repeats_are_listed_once() {
        let (store, _d) = test_store();
        let start = OffsetDateTime::now_utc();
        let client = owned_client();
        let items = [
            item(ActivityKind::Decided, "a1", start),
            item(
                ActivityKind::Downloaded,
                "f1",
                start + time::Duration::seconds(1),
            ),
            // A second download of the same file in the batch: not listed again.
            item(
                ActivityKind::Downloaded,
                "f1",
                start + time::Duration::seconds(2),
            ),
            item(
                ActivityKind::Decided,
                "a2",
                start + time::Duration::seconds(3),
            ),
        ];
        for it in items {
            store
                .write(&Actor::System, it.at, |tx| {
                    queue_activity(tx, &client, it.clone())
                })
                .unwrap();
        }
        // One open batch that keeps the time of its first item, and no items inline.
        let pending = store.pending_notices().unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].id, "activity:s1");
        assert_eq!(pending[0].at, start);
        assert!(matches!(&pending[0].notice, Notice::Activity { items, .. } if items.is_empty()));
        let taken = store
            .write(&Actor::System, start, |tx| take_activity(tx, "s1"))
            .unwrap();
        let records: Vec<_> = taken.iter().map(|i| i.record_id.as_str()).collect();
        assert_eq!(records, ["a1", "f1", "a2"], "oldest first, the repeat once");
        // Taken means gone: the next batch starts empty and may list the download again.
        let again = store
            .write(&Actor::System, start, |tx| {
                queue_activity(tx, &client, item(ActivityKind::Downloaded, "f1", start))?;
                take_activity(tx, "s1")
            })
            .unwrap();
        assert_eq!(again.len(), 1);
    }
}
