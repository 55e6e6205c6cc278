//! The audit chain as staff read it (a page of events, the newest that match a filter,
//! a full verification) and the approval figures derived from the records.

use super::OpResult;
use crate::domain::AuditEvent;
use crate::domain::audit_filter::AuditFilter;
use crate::state::AppState;
use crate::store::{ApprovalMetrics, ChainReport, audit};

/// Events in one page of the listing when none is asked for...
const DEFAULT_PAGE: usize = 500;
/// ...and at most.
const MAX_PAGE: usize = 5000;

/// The newest events a filter lets through, and how long the chain is.
#[derive(Debug, Clone)]
pub struct RecentAudit {
    /// Newest first.
    pub events: Vec<AuditEvent>,
    /// The sequence number of the last event in the chain.
    pub total: u64,
}

impl AppState {
    /// Events with `seq > after`, oldest first: `limit` of them (default 500, at most
    /// 5000).
    ///
    /// # Errors
    /// A database failure or an event that does not decode.
    pub fn audit_events(&self, after: u64, limit: Option<usize>) -> OpResult<Vec<AuditEvent>> {
        let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        Ok(self.store.read(|rx| audit::list(rx, after, limit))?)
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
