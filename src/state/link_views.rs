//! Link view counters, kept in memory and written in batches: a page view must never cost
//! a durable write (mail scanners and reloads would turn reads into write load).
//!
//! The same path carries what the client owner's activity digest needs from GETs: which
//! views fetched the page's stylesheet (a person with a browser, not a mail scanner; see
//! `domain::activity::opened_at`) and which file versions were downloaded. Nothing here
//! changes a record: the periodic flush does, like the view counters.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use time::OffsetDateTime;

use crate::store::{Store, StoreResult, ViewBatch};

/// Markers remembered for stylesheet fetches; past this the oldest are forgotten at once
/// (a browser asks for the stylesheet right after the page).
const MAX_MARKERS: usize = 65_536;

/// Views seen since the last flush.
#[derive(Debug, Clone, Default)]
pub struct LinkViews {
    pending: Arc<Mutex<HashMap<String, ViewBatch>>>,
    /// Stylesheet marker (an opaque per-grant id, never the token) → grant id, for the
    /// pages served since the markers were last forgotten.
    markers: Arc<Mutex<HashMap<String, String>>>,
}

fn entry<'a>(
    map: &'a mut HashMap<String, ViewBatch>,
    grant_id: &str,
    at: OffsetDateTime,
) -> &'a mut ViewBatch {
    map.entry(grant_id.to_owned()).or_insert_with(|| ViewBatch {
        grant_id: grant_id.to_owned(),
        views: 0,
        last_seen_at: at,
        styled_at: None,
        downloads: Vec::new(),
    })
}

impl LinkViews {
    /// Count one view of a grant.
    pub fn record(&self, grant_id: &str, at: OffsetDateTime) {
        let mut map = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let e = entry(&mut map, grant_id, at);
        e.views += 1;
        e.last_seen_at = e.last_seen_at.max(at);
    }

    /// Remember that pages of `grant_id` link the stylesheet with `marker`.
    pub fn expect_stylesheet(&self, marker: &str, grant_id: &str) {
        let mut m = self.markers.lock().unwrap_or_else(PoisonError::into_inner);
        if m.get(marker).is_some_and(|g| g == grant_id) {
            return;
        }
        if m.len() >= MAX_MARKERS {
            m.clear();
        }
        m.insert(marker.to_owned(), grant_id.to_owned());
    }

    /// The stylesheet was fetched with `marker`: the view was a person's. An unknown
    /// marker is ignored.
    pub fn stylesheet_fetched(&self, marker: &str, at: OffsetDateTime) {
        let grant_id = {
            let m = self.markers.lock().unwrap_or_else(PoisonError::into_inner);
            match m.get(marker) {
                Some(g) => g.clone(),
                None => return,
            }
        };
        let mut map = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let e = entry(&mut map, &grant_id, at);
        e.styled_at = Some(e.styled_at.map_or(at, |s| s.min(at)));
    }

    /// A file version was downloaded through the grant (listed once per batch).
    pub fn download(&self, grant_id: &str, file_id: &str, n: u32, at: OffsetDateTime) {
        let mut map = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let e = entry(&mut map, grant_id, at);
        if !e.downloads.iter().any(|(f, v, _)| f == file_id && *v == n) {
            e.downloads.push((file_id.to_owned(), n, at));
        }
    }

    /// Add the views counted but not yet written to copies of `grants`, so pages show
    /// what a flush would store (a link opened a second ago is not "never opened").
    pub fn overlay(&self, grants: &mut [crate::domain::LinkGrant]) {
        let map = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        for g in grants {
            if let Some(b) = map.get(&g.grant_id).filter(|b| b.views > 0) {
                g.views += b.views;
                g.last_seen_at = Some(
                    g.last_seen_at
                        .map_or(b.last_seen_at, |l| l.max(b.last_seen_at)),
                );
            }
        }
    }

    /// Take everything counted so far.
    #[must_use]
    pub fn drain(&self) -> Vec<ViewBatch> {
        let mut map = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        map.drain().map(|(_, b)| b).collect()
    }

    /// Write what was counted in one transaction; on failure the counts go back.
    ///
    /// # Errors
    /// A database failure.
    pub fn flush(&self, store: &Store) -> StoreResult<usize> {
        let batch = self.drain();
        if let Err(e) = store.record_views(&batch) {
            let mut map = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
            for b in batch {
                let e = entry(&mut map, &b.grant_id, b.last_seen_at);
                e.views += b.views;
                e.last_seen_at = e.last_seen_at.max(b.last_seen_at);
                e.styled_at = match (e.styled_at, b.styled_at) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
                for d in b.downloads {
                    if !e.downloads.iter().any(|(f, v, _)| *f == d.0 && *v == d.1) {
                        e.downloads.push(d);
                    }
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

    #[test]
    fn a_stylesheet_fetch_marks_the_grant_of_its_marker_only() {
        let v = LinkViews::default();
        let t = OffsetDateTime::UNIX_EPOCH;
        v.expect_stylesheet("m1", "a");
        v.record("a", t);
        v.stylesheet_fetched("m1", t);
        v.stylesheet_fetched("unknown", t);
        v.download("a", "f", 1, t);
        v.download("a", "f", 1, t);
        let batch = v.drain();
        assert_eq!(batch.len(), 1);
        assert_eq!(batch[0].styled_at, Some(t));
        assert_eq!(batch[0].downloads.len(), 1);
    }
}
