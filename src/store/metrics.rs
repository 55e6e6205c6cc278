//! Approval figures for staff: how many wait, how many were decided, how long decisions take.

use serde::Serialize;

use super::tx::ReadRecords as _;
use super::{Store, StoreResult};
use crate::domain::{Approval, ApprovalStatus, Client, Project};

/// Figures for one client (or, in `overall`, for all).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClientApprovalMetrics {
    pub client_id: String,
    pub client_name: String,
    pub pending: u64,
    pub decided: u64,
    /// Seconds from request (or re-open) to decision.
    pub median_seconds_to_decision: Option<i64>,
    pub p90_seconds_to_decision: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApprovalMetrics {
    pub overall: ClientApprovalMetrics,
    pub clients: Vec<ClientApprovalMetrics>,
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

fn figures(client_id: &str, client_name: &str, approvals: &[Approval]) -> ClientApprovalMetrics {
    let pending = approvals
        .iter()
        .filter(|a| a.status == ApprovalStatus::Pending)
        .count() as u64;
    let mut waits: Vec<i64> = approvals
        .iter()
        .flat_map(|a| a.decisions.iter())
        .map(|d| (d.at - d.requested_at).whole_seconds().max(0))
        .collect();
    waits.sort_unstable();
    ClientApprovalMetrics {
        client_id: client_id.to_owned(),
        client_name: client_name.to_owned(),
        pending,
        decided: waits.len() as u64,
        median_seconds_to_decision: percentile(&waits, 50),
        p90_seconds_to_decision: percentile(&waits, 90),
    }
}

impl Store {
    /// Pending and decided approvals with median and p90 time to decision, per client.
    ///
    /// # Errors
    /// A database failure.
    pub fn approval_metrics(&self) -> StoreResult<ApprovalMetrics> {
        self.read(|rx| {
            let mut clients: Vec<Client> = rx.all()?;
            clients.sort_by(|a, b| a.name.cmp(&b.name));
            let mut all = Vec::new();
            let mut per_client = Vec::new();
            for c in &clients {
                let mut approvals = Vec::new();
                for p in rx.child_records::<Project>("client", &c.id, "projects")? {
                    approvals.extend(rx.child_records::<Approval>(
                        "project",
                        &p.id,
                        "approvals",
                    )?);
                }
                per_client.push(figures(&c.id, &c.name, &approvals));
                all.extend(approvals);
            }
            Ok(ApprovalMetrics {
                overall: figures("", "all clients", &all),
                clients: per_client,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 50), None);
    }
}
