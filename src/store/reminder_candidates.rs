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
