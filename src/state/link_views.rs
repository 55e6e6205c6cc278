//! Link view counters, kept in memory and written in batches: a page view must never cost
//! a durable write (mail scanners and reloads would turn reads into write load).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use time::OffsetDateTime;

use crate::store::{Store, StoreResult, ViewBatch};

/// Views seen since the last flush.
#[derive(Debug, Clone, Default)]
pub struct LinkViews {
    pending: Arc<Mutex<HashMap<String, (u64, OffsetDateTime)>>>,
}

impl LinkViews {
    /// Count one view of a grant.
    pub fn record(&self, grant_id: &str, at: OffsetDateTime) {
        let mut map = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = map.entry(grant_id.to_owned()).or_insert((0, at));
        entry.0 += 1;
        entry.1 = entry.1.max(at);
    }

    /// Add the views counted but not yet written to copies of `grants`, so pages show
    /// what a flush would store (a link opened a second ago is not "never opened").
    pub fn overlay(&self, grants: &mut [crate::domain::LinkGrant]) {
        let map = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        for g in grants {
            if let Some((views, at)) = map.get(&g.grant_id) {
                g.views += views;
                g.last_seen_at = Some(g.last_seen_at.map_or(*at, |l| l.max(*at)));
            }
        }
    }

    /// Take everything counted so far.
    #[must_use]
    pub fn drain(&self) -> Vec<ViewBatch> {
        let mut map = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        map.drain()
            .map(|(grant_id, (views, last_seen_at))| ViewBatch {
                grant_id,
                views,
                last_seen_at,
            })
            .collect()
    }

    /// Write what was counted in one transaction; on failure the counts go back.
    ///
    /// # Errors
    /// A database failure.
    pub fn flush(&self, store: &Store) -> StoreResult<usize> {
        let batch = self.drain();
        if let Err(e) = store.record_views(&batch) {
            for b in &batch {
                for _ in 0..b.views {
                    self.record(&b.grant_id, b.last_seen_at);
                }
            }
            return Err(e);
        }
        Ok(batch.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accumulate_per_grant() {
        let v = LinkViews::default();
        let t = OffsetDateTime::UNIX_EPOCH;
        v.record("a", t);
        v.record("a", t + time::Duration::seconds(5));
        v.record("b", t);
        let mut batch = v.drain();
        batch.sort_by(|x, y| x.grant_id.cmp(&y.grant_id));
        assert_eq!(batch.len(), 2);
        assert_eq!(batch[0].views, 2);
        assert_eq!(batch[0].last_seen_at, t + time::Duration::seconds(5));
        assert!(v.drain().is_empty());
    }
}
