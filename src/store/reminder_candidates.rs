//! Which pending approvals the reminder scan looks at: those a reminder may still come due
//! for, keyed by when they were (re)opened, so that a scan reads only what has waited long
//! enough instead of every approval ever requested.

use std::ops::Bound;

use time::OffsetDateTime;

use super::kv::{KvWrite, Space};
use super::tables::{self, APPROVALS, META, REMINDER_CANDIDATES};
use super::{Store, StoreResult, Tx};
use crate::domain::{Approval, ApprovalStatus};

/// Set in [`META`] once every pending approval stored before this index has its entry.
const FILLED: &str = "reminder_candidates_filled";

/// The key of `a`: when it was (re)opened, then its id. A re-open gives a new key; the
/// old one is then stale and dropped when the scan reaches it.
#[must_use]
pub fn key_of(a: &Approval) -> String {
    format!("{:012}/{}", a.opened_at.unix_timestamp().max(0), a.id)
}

/// Note `a`, just requested or re-opened, as one a reminder may come due for.
///
/// # Errors
/// A database failure.
pub fn note(tx: &Tx<'_>, a: &Approval) -> StoreResult<()> {
    tx.index_set(REMINDER_CANDIDATES, &key_of(a), &a.id)
}

/// Add the entries of a store written before the index existed, once.
///
/// # Errors
/// A database failure or an approval that does not decode.
pub(super) fn backfill(txn: &impl KvWrite) -> StoreResult<u64> {
    if txn.get(META.into(), FILLED)?.is_some() {
        return Ok(0);
    }
    let mut keys = Vec::new();
    txn.scan(
        APPROVALS.into(),
        Bound::Unbounded,
        Bound::Unbounded,
        false,
        &mut |k, v| {
            let a: Approval = tables::decode("approvals", k, v)?;
            if a.status == ApprovalStatus::Pending {
                keys.push((key_of(&a), a.id));
            }
            Ok(true)
        },
    )?;
    let index = Space::from(REMINDER_CANDIDATES);
    for (key, id) in &keys {
        txn.insert(index, key, id.as_bytes())?;
    }
    txn.insert(META.into(), FILLED, b"1")?;
    Ok(keys.len() as u64)
}

impl Store {
    /// Candidates (key, approval id) opened at or before `opened_by`, oldest first.
    ///
    /// # Errors
    /// A database failure.
    pub fn reminder_candidates(
        &self,
        opened_by: OffsetDateTime,
    ) -> StoreResult<Vec<(String, String)>> {
        let end = format!(
            "{:012}",
            opened_by.unix_timestamp().max(0).saturating_add(1)
        );
        self.read(|rx| {
            rx.index_range(
                REMINDER_CANDIDATES,
                Bound::Unbounded,
                Bound::Excluded(&end),
                usize::MAX,
            )
        })
    }
}

/// Drop a candidate the scan found no reminder can come for any more.
///
/// # Errors
/// A database failure.
pub fn drop(tx: &Tx<'_>, key: &str) -> StoreResult<()> {
    tx.index_remove(REMINDER_CANDIDATES, key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ApprovalRule;
    use crate::store::Actor;
    use time::macros::datetime;

    fn approval(id: &str, status: ApprovalStatus, opened_at: OffsetDateTime) -> Approval {
        Approval {
            id: id.into(),
            project_id: "p".into(),
            milestone_id: None,
            file_id: None,
            title: "Homepage".into(),
            description: String::new(),
            due_on: None,
            status,
            target_version: None,
            target_sha256: None,
            requested_by: "s".into(),
            created_at: opened_at,
            opened_at,
            decisions: Vec::new(),
            approver_ids: Vec::new(),
            rule: ApprovalRule::Any,
            round: 0,
            row: None,
        }
    }

    #[test]
    fn a_store_from_before_the_index_gets_its_pending_approvals_once() {
        let (store, _dir) = crate::store::test_store();
        let t0 = datetime!(2026-03-02 09:00 UTC);
        store
            .write(&Actor::System, t0, |tx| {
                // As a store written before the index: records only, and no mark.
                tx.put(&approval("a1", ApprovalStatus::Pending, t0))?;
                tx.put(&approval("a2", ApprovalStatus::Approved, t0))?;
                tx.put(&approval(
                    "a3",
                    ApprovalStatus::Pending,
                    t0 + time::Duration::DAY,
                ))?;
                tx.raw().delete(META.into(), FILLED)?;
                Ok(())
            })
            .expect("old store");
        assert!(
            store
                .reminder_candidates(t0 + time::Duration::DAY)
                .expect("read")
                .is_empty()
        );
        let txn = store.db.begin_write().expect("txn");
        assert_eq!(backfill(&txn).expect("backfill"), 2);
        assert_eq!(backfill(&txn).expect("again"), 0, "once");
        txn.commit(false).expect("commit");
        let ids = |by| -> Vec<String> {
            store
                .reminder_candidates(by)
                .expect("read")
                .into_iter()
                .map(|(_, id)| id)
                .collect()
        };
        assert_eq!(ids(t0), ["a1"], "opened by then, oldest first");
        assert_eq!(ids(t0 + time::Duration::DAY), ["a1", "a3"]);
    }
}
