//! The audit chain as staff read it (a page of events, the newest that match a filter,
//! a full verification) and the approval figures derived from the records.

use super::OpResult;
use crate::domain::AuditEvent;
use crate::domain::audit_filter::AuditFilter;
use crate::domain::paging::Page;
use crate::state::AppState;
use crate::store::{ApprovalMetrics, ChainReport, audit};

/// The newest events a filter lets through, and how long the chain is.
#[derive(Debug, Clone)]
pub struct RecentAudit {
    /// Newest first.
    pub events: Vec<AuditEvent>,
    /// The sequence number of the last event in the chain.
    pub total: u64,
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
            Ok(RecentAudit {
                total: audit::last_seq(rx)?,
                events: audit::newest_matching(rx, filter, limit)?,
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
