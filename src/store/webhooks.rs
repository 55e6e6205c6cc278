//! Webhooks, store side: endpoints, and deliveries queued in the transaction of the
//! change they report (like the mail outbox), with a due-time index for the sender.
//! Delivery bookkeeping (attempts, answers) is not in the audit chain, like mail's;
//! registering, deleting and re-sending are.

use serde_json::json;
use time::OffsetDateTime;

use super::outbox::{AttemptEnd, AttemptFields, DeliveryOutcome, sortable_id};
use std::ops::Bound;

use super::tables::{Record, RecordTable, WEBHOOK_DUE};
use super::tx::{ReadRecords, Tx};
use super::{Actor, Store, StoreError, StoreResult};
use crate::domain::new_id;
use crate::domain::paging::{Page, PageRequest};
use crate::domain::webhooks::{
    DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent, body,
};

pub const WEBHOOKS: RecordTable = RecordTable::new("webhooks");
pub const WEBHOOK_DELIVERIES: RecordTable = RecordTable::new("webhook_deliveries");

/// The tables of this module, created and copied with the others.
pub const TABLES: [RecordTable; 2] = [WEBHOOKS, WEBHOOK_DELIVERIES];

impl Record for WebhookEndpoint {
    const TABLE: RecordTable = WEBHOOKS;
    const KIND: &'static str = "webhook";
    fn id(&self) -> &str {
        &self.id
    }
}

impl Record for WebhookDelivery {
    const TABLE: RecordTable = WEBHOOK_DELIVERIES;
    const KIND: &'static str = "webhook delivery";
    fn id(&self) -> &str {
        &self.id
    }
}

/// Every endpoint ever registered hangs under this parent (deleted ones are marked).
const ALL: (&str, &str, &str) = ("webhooks", "all", "endpoints");

fn due_key(at: OffsetDateTime, id: &str) -> String {
    format!(
        "{:016x}:{id}",
        u64::try_from(at.unix_timestamp()).unwrap_or(0)
    )
}

fn endpoints_in(rx: &impl ReadRecords) -> StoreResult<Vec<WebhookEndpoint>> {
    let (kind, id, child) = ALL;
    rx.child_records(kind, id, child)
}

/// Queue `event` for every endpoint that wants it, inside the transaction of the change
/// it reports. `data` is built only when someone listens.
///
/// # Errors
/// A database failure.
pub fn queue_event(
    tx: &Tx<'_>,
    event: WebhookEvent,
    data: impl FnOnce() -> serde_json::Value,
) -> StoreResult<usize> {
    let listening: Vec<WebhookEndpoint> = endpoints_in(tx)?
        .into_iter()
        .filter(|e| e.wants(event))
        .collect();
    if listening.is_empty() {
        return Ok(0);
    }
    let event_id = format!("msg_{}", new_id());
    let body = body(event, tx.now, data());
    for endpoint in &listening {
        let d = WebhookDelivery {
            id: sortable_id(tx.now),
            endpoint_id: endpoint.id.clone(),
            event_id: event_id.clone(),
            event,
            body: body.clone(),
            status: DeliveryStatus::Queued,
            attempts: 0,
            queued_at: tx.now,
            next_attempt_at: tx.now,
            failing_since: None,
            last_error: None,
            response_status: None,
            delivered_at: None,
        };
        tx.put(&d)?;
        tx.link_child("webhook", &endpoint.id, "deliveries", &d.id)?;
        tx.index_set(WEBHOOK_DUE, &due_key(d.next_attempt_at, &d.id), &d.id)?;
    }
    Ok(listening.len())
}

/// Replace a stored delivery, moving its entry in the due index.
fn replace(tx: &Tx<'_>, old: &WebhookDelivery, new: &WebhookDelivery) -> StoreResult<()> {
    tx.index_remove(WEBHOOK_DUE, &due_key(old.next_attempt_at, &old.id))?;
    tx.put(new)?;
    if new.status == DeliveryStatus::Queued {
        tx.index_set(WEBHOOK_DUE, &due_key(new.next_attempt_at, &new.id), &new.id)?;
    }
    Ok(())
}

/// How one attempt ended: the retry rules' verdict and the receiver's status code.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub outcome: DeliveryOutcome,
    pub response_status: Option<u16>,
}

/// A new endpoint, validated by the caller.
#[derive(Debug, Clone)]
pub struct NewWebhook {
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub secret: String,
}

impl Store {
    /// Register an endpoint (`webhook.created`; the secret is not audited).
    ///
    /// # Errors
    /// A database failure.
    pub fn create_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        new: NewWebhook,
    ) -> StoreResult<WebhookEndpoint> {
        self.write(actor, now, |tx| {
            let e = WebhookEndpoint {
                id: new_id(),
                url: new.url,
                events: new.events,
                secret: new.secret,
                created_by: actor.id(),
                created_at: tx.now,
                deleted_at: None,
            };
            tx.put(&e)?;
            let (kind, id, child) = ALL;
            tx.link_child(kind, id, child, &e.id)?;
            tx.audit(
                "webhook.created",
                &[&e.id],
                json!({"url": e.url, "events": e.events}),
            )?;
            Ok(e)
        })
    }

    /// Endpoints not deleted, oldest first.
    ///
    /// # Errors
    /// A database failure.
    pub fn webhooks(&self) -> StoreResult<Vec<WebhookEndpoint>> {
        let mut all = self.read(endpoints_in)?;
        all.retain(|e| e.deleted_at.is_none());
        all.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(all)
    }

    /// A page of the endpoints in id order, deleted ones left out (a page may so hold
    /// fewer than `limit`; the cursor still continues where it read up to).
    ///
    /// # Errors
    /// A database failure.
    pub fn webhooks_page(&self, page: &PageRequest) -> StoreResult<Page<WebhookEndpoint>> {
        let mut read = self.read(|rx| rx.page::<WebhookEndpoint>(page))?;
        read.items.retain(|e| e.deleted_at.is_none());
        Ok(read)
    }

    /// One endpoint, deleted or not.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn webhook(&self, id: &str) -> StoreResult<WebhookEndpoint> {
        self.read(|rx| rx.get(id))
    }

    /// Delete an endpoint: no more deliveries, queued ones are given up, its log stays
    /// (`webhook.deleted`).
    ///
    /// # Errors
    /// `NotFound`, also for one deleted already.
    pub fn delete_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<WebhookEndpoint> {
        self.write(actor, now, |tx| {
            let mut e: WebhookEndpoint = tx.get(id)?;
            if e.deleted_at.is_some() {
                return Err(StoreError::NotFound("webhook"));
            }
            e.deleted_at = Some(tx.now);
            tx.put(&e)?;
            for d in tx.child_records::<WebhookDelivery>("webhook", id, "deliveries")? {
                if d.status == DeliveryStatus::Queued {
                    let mut given_up = d.clone();
                    given_up.status = DeliveryStatus::Failed;
                    given_up.last_error = Some("the endpoint was deleted".into());
                    replace(tx, &d, &given_up)?;
                }
            }
            tx.audit("webhook.deleted", &[&e.id], json!({"url": e.url}))?;
            Ok(e)
        })
    }

    /// An endpoint's deliveries, newest first, at most `limit`.
    ///
    /// # Errors
    /// `NotFound` for the endpoint.
    pub fn webhook_deliveries(
        &self,
        endpoint_id: &str,
        page: &PageRequest,
    ) -> StoreResult<Page<WebhookDelivery>> {
        self.read(|rx| {
            rx.get::<WebhookEndpoint>(endpoint_id)?;
            // Delivery ids sort by time, so key order is the order they were queued.
            rx.child_page_newest_first("webhook", endpoint_id, "deliveries", page)
        })
    }

    /// Claim up to `limit` queued deliveries due at `now`, with their endpoints, for this
    /// sender alone (as [`Store::claim_due_messages`] claims mail).
    ///
    /// # Errors
    /// A database failure.
    pub fn claim_due_webhook_deliveries(
        &self,
        now: OffsetDateTime,
        limit: usize,
    ) -> StoreResult<Vec<(WebhookDelivery, WebhookEndpoint)>> {
        self.write(&Actor::System, now, |tx| {
            let mut out = Vec::new();
            for (_, id) in tx.index_before(WEBHOOK_DUE, &super::outbox::due_end(now), limit)? {
                let Some(d) = tx.find::<WebhookDelivery>(&id)? else {
                    continue;
                };
                if d.status != DeliveryStatus::Queued {
                    continue;
                }
                let Some(endpoint) = tx.find::<WebhookEndpoint>(&d.endpoint_id)? else {
                    continue;
                };
                let mut claimed = d.clone();
                claimed.next_attempt_at = now + super::outbox::CLAIM;
                replace(tx, &d, &claimed)?;
                out.push((d, endpoint));
            }
            Ok(out)
        })
    }

    /// Queued deliveries due at `now`, earliest first, with their endpoints.
    ///
    /// # Errors
    /// A database failure.
    pub fn due_webhook_deliveries(
        &self,
        now: OffsetDateTime,
        limit: usize,
    ) -> StoreResult<Vec<(WebhookDelivery, WebhookEndpoint)>> {
        self.read(|rx| {
            let end = format!(
                "{:016x}",
                u64::try_from(now.unix_timestamp())
                    .unwrap_or(0)
                    .saturating_add(1)
            );
            let mut out = Vec::new();
            for (_, id) in
                rx.index_range(WEBHOOK_DUE, Bound::Unbounded, Bound::Excluded(&end), limit)?
            {
                let Some(d) = rx.find::<WebhookDelivery>(&id)? else {
                    continue;
                };
                if d.status != DeliveryStatus::Queued {
                    continue;
                }
                let endpoint: WebhookEndpoint = rx.get(&d.endpoint_id)?;
                out.push((d, endpoint));
            }
            Ok(out)
        })
    }

    /// Deliveries waiting to go out (the queue depth).
    ///
    /// # Errors
    /// A database failure.
    pub fn webhook_queue_depth(&self) -> StoreResult<u64> {
        self.read(|rx| rx.count(WEBHOOK_DUE))
    }

    /// Record how attempts ended, in one transaction.
    ///
    /// # Errors
    /// A database failure.
    pub fn record_webhook_attempts(
        &self,
        now: OffsetDateTime,
        attempts: &[(String, Attempt)],
    ) -> StoreResult<()> {
        if attempts.is_empty() {
            return Ok(());
        }
        self.write(&Actor::System, now, |tx| {
            for (id, attempt) in attempts {
                let Some(old) = tx.find::<WebhookDelivery>(id)? else {
                    continue;
                };
                if old.status != DeliveryStatus::Queued {
                    continue;
                }
                let mut d = old.clone();
                d.response_status = attempt.response_status;
                let end = AttemptFields {
                    attempts: &mut d.attempts,
                    next_attempt_at: &mut d.next_attempt_at,
                    failing_since: &mut d.failing_since,
                    last_error: &mut d.last_error,
                }
                .record(&attempt.outcome, tx.now);
                match end {
                    AttemptEnd::Sent => {
                        d.status = DeliveryStatus::Delivered;
                        d.delivered_at = Some(tx.now);
                    }
                    AttemptEnd::Retrying => {}
                    AttemptEnd::GivenUp => d.status = DeliveryStatus::Failed,
                }
                replace(tx, &old, &d)?;
            }
            Ok(())
        })
    }

    /// Send a delivery again now, with a fresh retry window (`webhook.redelivered`).
    ///
    /// # Errors
    /// `NotFound` for the endpoint or a delivery not of it; `Conflict` for a deleted
    /// endpoint.
    pub fn redeliver_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        endpoint_id: &str,
        delivery_id: &str,
    ) -> StoreResult<WebhookDelivery> {
        self.write(actor, now, |tx| {
            let e: WebhookEndpoint = tx.get(endpoint_id)?;
            let old: WebhookDelivery = tx.get(delivery_id)?;
            if old.endpoint_id != e.id {
                return Err(StoreError::NotFound("webhook delivery"));
            }
            if e.deleted_at.is_some() {
                return Err(StoreError::Conflict(
                    "this webhook was deleted: register it again to receive events".into(),
                ));
            }
            let mut d = old.clone();
            d.status = DeliveryStatus::Queued;
            d.next_attempt_at = tx.now;
            d.failing_since = None;
            replace(tx, &old, &d)?;
            tx.audit(
                "webhook.redelivered",
                &[&e.id, &d.id],
                json!({"event": d.event, "event_id": d.event_id}),
            )?;
            Ok(d)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_store;

    fn endpoint(store: &Store, now: OffsetDateTime, events: Vec<WebhookEvent>) -> WebhookEndpoint {
        store
            .create_webhook(
                &Actor::System,
                now,
                NewWebhook {
                    url: "https://hooks.example/x".into(),
                    events,
                    secret: crate::domain::webhooks::new_secret(),
                },
            )
            .unwrap()
    }

    #[test]
    fn events_fan_out_to_endpoints_that_want_them() {
        let (store, _d) = test_store();
        let now = OffsetDateTime::now_utc();
        let a = endpoint(&store, now, vec![WebhookEvent::ApprovalDecided]);
        let b = endpoint(&store, now, vec![WebhookEvent::FormSubmitted]);
        let queued = store
            .write(&Actor::System, now, |tx| {
                queue_event(tx, WebhookEvent::ApprovalDecided, || json!({"x": 1}))
            })
            .unwrap();
        assert_eq!(queued, 1);
        assert_eq!(
            store
                .webhook_deliveries(&a.id, &PageRequest::default())
                .unwrap()
                .items
                .len(),
            1
        );
        assert!(
            store
                .webhook_deliveries(&b.id, &PageRequest::default())
                .unwrap()
                .items
                .is_empty()
        );
        let due = store.due_webhook_deliveries(now, 10).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(store.webhook_queue_depth().unwrap(), 1);
        let id = due[0].0.id.clone();

        let later = now + time::Duration::seconds(30);
        let retry = Attempt {
            outcome: DeliveryOutcome::Retry(later, "HTTP 500".into()),
            response_status: Some(500),
        };
        store
            .record_webhook_attempts(now, &[(id.clone(), retry)])
            .unwrap();
        assert!(store.due_webhook_deliveries(now, 10).unwrap().is_empty());
        let sent = Attempt {
            outcome: DeliveryOutcome::Sent,
            response_status: Some(204),
        };
        store.record_webhook_attempts(later, &[(id, sent)]).unwrap();
        let d = &store
            .webhook_deliveries(&a.id, &PageRequest::default())
            .unwrap()
            .items[0];
        assert_eq!(
            (d.status, d.attempts, d.response_status),
            (DeliveryStatus::Delivered, 2, Some(204))
        );
        assert_eq!(store.webhook_queue_depth().unwrap(), 0);

        let again = store
            .redeliver_webhook(&Actor::System, later, &a.id, &d.id)
            .unwrap();
        assert_eq!(again.status, DeliveryStatus::Queued);
        assert!(matches!(
            store.redeliver_webhook(&Actor::System, later, &b.id, &d.id),
            Err(StoreError::NotFound(_))
        ));
        store.delete_webhook(&Actor::System, later, &a.id).unwrap();
        assert!(store.due_webhook_deliveries(later, 10).unwrap().is_empty());
        assert_eq!(store.webhooks().unwrap().len(), 1);
        let none = store
            .write(&Actor::System, later, |tx| {
                queue_event(tx, WebhookEvent::ApprovalDecided, || json!({}))
            })
            .unwrap();
        assert_eq!(none, 0, "a deleted endpoint gets nothing");
    }
}
