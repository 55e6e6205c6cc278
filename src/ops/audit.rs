//! The audit chain as staff read it (a page of events, the newest that match a filter,
//! a full verification) and the approval figures derived from the records.

use std::collections::HashMap;

use super::OpResult;
use crate::domain::audit_filter::AuditFilter;
use crate::domain::paging::Page;
use crate::domain::{AuditEvent, Client, LinkGrant, Staff};
use crate::state::AppState;
use crate::store::{ApprovalMetrics, ChainReport, audit};
use crate::store::{ReadRecords as _, Rx};

/// The newest events a filter lets through, and how long the chain is.
#[derive(Debug, Clone)]
pub struct RecentAudit {
    /// Newest first.
    pub events: Vec<AuditEvent>,
    /// The sequence number of the last event in the chain.
    pub total: u64,
    /// Who each event's actor is, in words: `staff:<id>` -> the staff member's name,
    /// `link:<grant id>` -> the contact's name and client. Actors no longer on file keep
    /// their raw form.
    pub actor_names: HashMap<String, String>,
}

impl AppState {
    /// One page of events with `seq > after`, oldest first; the page's `next` is the
    /// last event's seq when more follow.
    ///
    /// # Errors
    /// A database failure or an event that does not decode.
    pub fn audit_events(&self, after: u64, limit: usize) -> OpResult<Page<AuditEvent>> {
        let events = self
            .store
            .read(|rx| audit::list(rx, after, limit.saturating_add(1)))?;
        let keyed = events.into_iter().map(|e| (e.seq.to_string(), e)).collect();
        Ok(Page::from_read(keyed, limit))
    }

    /// The newest `limit` events that `filter` lets through, with the chain's length.
    ///
    /// # Errors
    /// A database failure or an event that does not decode.
    pub fn recent_audit(&self, filter: &AuditFilter, limit: usize) -> OpResult<RecentAudit> {
        Ok(self.store.read(|rx| {
            let events = audit::newest_matching(rx, filter, limit)?;
            let mut actor_names = HashMap::new();
            for e in &events {
                if actor_names.contains_key(&e.actor) {
                    continue;
                }
                if let Some(name) = actor_name(rx, &e.actor)? {
                    actor_names.insert(e.actor.clone(), name);
                }
            }
            Ok(RecentAudit {
                total: audit::last_seq(rx)?,
                events,
                actor_names,
            })
        })?)
    }

    /// Recompute the whole chain.
    ///
    /// # Errors
    /// A database failure.
    pub fn verify_audit_chain(&self) -> OpResult<ChainReport> {
        Ok(self.store.read(audit::verify)?)
    }

    /// Pending and decided approvals with median and p90 time to decision, per client.
    ///
    /// # Errors
    /// A database failure.
    pub fn approval_metrics(&self) -> OpResult<ApprovalMetrics> {
        Ok(self.store.approval_metrics()?)
    }
}

/// An actor in words, when its record is still on file.
fn actor_name(rx: &Rx, actor: &str) -> crate::store::StoreResult<Option<String>> {
    if actor == "system" {
        return Ok(Some("porthole (automatic)".into()));
    }
    if let Some(id) = actor.strip_prefix("staff:") {
        return Ok(rx.find::<Staff>(id)?.map(|s| format!("{} (staff)", s.name)));
    }
    if let Some(id) = actor.strip_prefix("link:") {
        let Some(g) = rx.find::<LinkGrant>(id)? else {
            return Ok(None);
        };
        let client = rx.find::<Client>(&g.client_id)?;
        return Ok(Some(match client {
            Some(c) => format!("{} ({}, by link)", g.contact.name, c.name),
            None => format!("{} (by link)", g.contact.name),
        }));
    }
    Ok(None)
}
