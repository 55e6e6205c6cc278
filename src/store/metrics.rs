//! Approval figures for staff: how many wait, how many were decided, how long decisions take.

use serde::Serialize;

use time::{Date, Month, OffsetDateTime, Time};

use super::tx::ReadRecords as _;
use super::{Store, StoreResult};
use crate::domain::{Approval, ApprovalStatus, Client, Decision, MilestoneUpdate};

/// Figures for one client (or, in `overall`, for all).
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ClientApprovalMetrics {
    pub client_id: String,
    pub client_name: String,
    pub pending: u64,
    pub decided: u64,
    /// Seconds from request (or re-open) to decision.
    pub median_seconds_to_decision: Option<i64>,
    pub p90_seconds_to_decision: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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

/// Seconds from the round's request to a decision (never negative).
fn wait_seconds(d: &Decision) -> i64 {
    (d.at - d.requested_at).whole_seconds().max(0)
}

/// How many decisions, and the median and p90 of their waits.
fn wait_figures(waits: &[i64]) -> (u64, Option<i64>, Option<i64>) {
    let mut sorted = waits.to_vec();
    sorted.sort_unstable();
    (
        sorted.len() as u64,
        percentile(&sorted, 50),
        percentile(&sorted, 90),
    )
}

/// All-time counts of one client (or all), gathered one approval at a time so that a
/// large table is never held in memory at once.
#[derive(Default)]
struct AllTime {
    pending: u64,
    /// Seconds from request to decision, one per decision.
    waits: Vec<i64>,
}

impl AllTime {
    fn add(&mut self, a: &Approval) {
        self.pending += u64::from(a.status == ApprovalStatus::Pending);
        self.waits.extend(a.decisions.iter().map(wait_seconds));
    }

    fn merge(&mut self, other: &Self) {
        self.pending += other.pending;
        self.waits.extend_from_slice(&other.waits);
    }

    fn figures(&self, client_id: &str, client_name: &str) -> ClientApprovalMetrics {
        let (decided, median, p90) = wait_figures(&self.waits);
        ClientApprovalMetrics {
            client_id: client_id.to_owned(),
            client_name: client_name.to_owned(),
            pending: self.pending,
            decided,
            median_seconds_to_decision: median,
            p90_seconds_to_decision: p90,
        }
    }
}

/// Calendar months in UTC around a moment: `[last, this)` is last month, `[this, next)`
/// the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Months {
    pub last: OffsetDateTime,
    pub this: OffsetDateTime,
    pub next: OffsetDateTime,
}

fn month_start(year: i32, month: Month) -> OffsetDateTime {
    // Day 1 exists in every month of every year `time` can represent.
    Date::from_calendar_date(year, month, 1)
        .unwrap_or(Date::MIN)
        .with_time(Time::MIDNIGHT)
        .assume_utc()
}

impl Months {
    /// The months around `now` (taken in UTC).
    #[must_use]
    pub fn around(now: OffsetDateTime) -> Self {
        let now = now.to_offset(time::UtcOffset::UTC);
        let (y, m) = (now.year(), now.month());
        let (ly, lm) = if m == Month::January {
            (y - 1, Month::December)
        } else {
            (y, m.previous())
        };
        let (ny, nm) = if m == Month::December {
            (y + 1, Month::January)
        } else {
            (y, m.next())
        };
        Self {
            last: month_start(ly, lm),
            this: month_start(y, m),
            next: month_start(ny, nm),
        }
    }

    /// Which month `at` falls in.
    #[must_use]
    pub fn which(&self, at: OffsetDateTime) -> Option<WhichMonth> {
        if at >= self.this && at < self.next {
            Some(WhichMonth::This)
        } else if at >= self.last && at < self.this {
            Some(WhichMonth::Last)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhichMonth {
    This,
    Last,
}

/// What happened in one month.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MonthFigures {
    pub decided: u64,
    pub median_seconds_to_decision: Option<i64>,
    pub p90_seconds_to_decision: Option<i64>,
    pub public_updates: u64,
    pub internal_updates: u64,
}

/// This month beside last month for one client (or all, in `overall`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClientMonths {
    pub client_id: String,
    pub client_name: String,
    pub pending: u64,
    pub this_month: MonthFigures,
    pub last_month: MonthFigures,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthlyMetrics {
    pub overall: ClientMonths,
    pub clients: Vec<ClientMonths>,
}

/// Decision waits (seconds) and update flags of one client, each with its month.
#[derive(Default)]
struct Tally {
    pending: u64,
    waits: [Vec<i64>; 2],
    updates: [(u64, u64); 2],
}

impl Tally {
    fn slot(m: WhichMonth) -> usize {
        match m {
            WhichMonth::This => 0,
            WhichMonth::Last => 1,
        }
    }

    fn add_approval(&mut self, months: &Months, a: &Approval) {
        self.pending += u64::from(a.status == ApprovalStatus::Pending);
        for d in &a.decisions {
            if let Some(m) = months.which(d.at) {
                self.waits[Self::slot(m)].push(wait_seconds(d));
            }
        }
    }

    fn add_update(&mut self, months: &Months, u: &MilestoneUpdate) {
        if let Some(m) = months.which(u.at) {
            let (public, internal) = &mut self.updates[Self::slot(m)];
            if u.internal {
                *internal += 1;
            } else {
                *public += 1;
            }
        }
    }

    fn merge(&mut self, other: &Self) {
        self.pending += other.pending;
        for i in 0..2 {
            self.waits[i].extend_from_slice(&other.waits[i]);
            self.updates[i].0 += other.updates[i].0;
            self.updates[i].1 += other.updates[i].1;
        }
    }

    fn month(&self, i: usize) -> MonthFigures {
        let (decided, median, p90) = wait_figures(&self.waits[i]);
        MonthFigures {
            decided,
            median_seconds_to_decision: median,
            p90_seconds_to_decision: p90,
            public_updates: self.updates[i].0,
            internal_updates: self.updates[i].1,
        }
    }

    fn figures(&self, client_id: &str, client_name: &str) -> ClientMonths {
        ClientMonths {
            client_id: client_id.to_owned(),
            client_name: client_name.to_owned(),
            pending: self.pending,
            this_month: self.month(0),
            last_month: self.month(1),
        }
    }
}

impl Store {
    /// Decisions (count, median and p90 time to decision) and updates posted, this
    /// month beside last month, per client and overall; months in UTC around `now`.
    ///
    /// # Errors
    /// A database failure.
    pub fn monthly_metrics(&self, now: OffsetDateTime) -> StoreResult<MonthlyMetrics> {
        let months = Months::around(now);
        self.read(|rx| {
            let mut clients: Vec<Client> = rx.all()?;
            clients.sort_by_key(|c| c.name.to_lowercase());
            let mut all = Tally::default();
            let mut per_client = Vec::new();
            for c in &clients {
                let mut tally = Tally::default();
                for p in rx.children("client", &c.id, "projects")? {
                    // One record at a time: a project may hold many thousands.
                    for id in rx.children("project", &p, "approvals")? {
                        tally.add_approval(&months, &rx.get::<Approval>(&id)?);
                    }
                    for id in rx.children("project", &p, "updates")? {
                        tally.add_update(&months, &rx.get::<MilestoneUpdate>(&id)?);
                    }
                }
                all.merge(&tally);
                per_client.push(tally.figures(&c.id, &c.name));
            }
            Ok(MonthlyMetrics {
                overall: all.figures("", "All clients"),
                clients: per_client,
            })
        })
    }

    /// Pending and decided approvals with median and p90 time to decision, per client.
    ///
    /// # Errors
    /// A database failure.
    pub fn approval_metrics(&self) -> StoreResult<ApprovalMetrics> {
        self.read(|rx| {
            let mut clients: Vec<Client> = rx.all()?;
            clients.sort_by(|a, b| a.name.cmp(&b.name));
            let mut all = AllTime::default();
            let mut per_client = Vec::new();
            for c in &clients {
                let mut tally = AllTime::default();
                for p in rx.children("client", &c.id, "projects")? {
                    // One record at a time: a project may hold many thousands.
                    for id in rx.children("project", &p, "approvals")? {
                        tally.add(&rx.get::<Approval>(&id)?);
                    }
                }
                per_client.push(tally.figures(&c.id, &c.name));
                all.merge(&tally);
            }
            Ok(ApprovalMetrics {
                overall: all.figures("", "all clients"),
                clients: per_client,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Months, WhichMonth, percentile};
    use time::macros::datetime;

    #[test]
    fn months_are_calendar_months_in_utc() {
        let m = Months::around(datetime!(2026-01-15 10:00 UTC));
        assert_eq!(m.last, datetime!(2025-12-01 0:00 UTC));
        assert_eq!(m.this, datetime!(2026-01-01 0:00 UTC));
        assert_eq!(m.next, datetime!(2026-02-01 0:00 UTC));
        // Late on the 31st in New York is already the 1st in UTC.
        let m = Months::around(datetime!(2026-10-31 22:30 -4));
        assert_eq!(m.this, datetime!(2026-11-01 0:00 UTC));
        let m = Months::around(datetime!(2026-12-31 23:59 UTC));
        assert_eq!(m.next, datetime!(2027-01-01 0:00 UTC));
        assert_eq!(
            m.which(datetime!(2026-12-01 0:00 UTC)),
            Some(WhichMonth::This)
        );
        assert_eq!(
            m.which(datetime!(2026-11-30 23:59:59 UTC)),
            Some(WhichMonth::Last)
        );
        assert_eq!(m.which(datetime!(2026-10-31 12:00 UTC)), None);
        assert_eq!(m.which(datetime!(2027-01-01 0:00 UTC)), None);
    }

    #[test]
    fn nearest_rank() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 50), None);
    }
}
