//! Which cached client pages a committed write makes stale.
//!
//! A write that changes what a client page may show used to move one store-wide
//! generation, so a single decision made every cached page of every client render again.
//! A write may instead say that everything it changed lies under some records (a client
//! and one of its projects: [`Tx::pages_only_under`](super::Tx::pages_only_under)); its
//! commit then moves only the generations of those records' stripes. A page is stamped
//! with the store-wide generation plus the generation of the record it shows (its
//! project, or its client for pages that show the whole client), so it goes stale when
//! either moves. Records share a stripe by hash: two records on one stripe only cost each
//! other an extra render, never a stale page.

use std::sync::atomic::{AtomicU64, Ordering};

/// Stripes of per-record generations: 8 KiB, and a collision between two busy records is
/// one in a thousand.
const STRIPES: usize = 1024;
/// A batch that touched more stripes than this moves the store-wide generation instead.
const MAX_STRIPES_PER_BATCH: usize = 64;

/// What a write, or a batch of writes, changed of what client pages show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) enum PageChange {
    /// Nothing a page shows (bookkeeping, view counts) or nothing at all.
    #[default]
    Nothing,
    /// Only what pages of records on these stripes show.
    Within(Vec<usize>),
    /// Anything: every cached page is stale.
    Everywhere,
}

impl PageChange {
    /// A change within these stripes (repeats dropped), or everywhere when they are too
    /// many to track.
    pub(super) fn within(mut stripes: Vec<usize>) -> Self {
        stripes.sort_unstable();
        stripes.dedup();
        if stripes.len() > MAX_STRIPES_PER_BATCH {
            Self::Everywhere
        } else {
            Self::Within(stripes)
        }
    }

    /// What `self` and `other` changed together.
    pub(super) fn merge(&mut self, other: Self) {
        match (&mut *self, other) {
            (_, Self::Nothing) | (Self::Everywhere, _) => {}
            (Self::Nothing, other) => *self = other,
            (_, Self::Everywhere) => *self = Self::Everywhere,
            (Self::Within(mine), Self::Within(theirs)) => {
                mine.extend(theirs);
                *self = Self::within(std::mem::take(mine));
            }
        }
    }
}

/// The stripe of a record id.
pub(super) fn stripe(id: &str) -> usize {
    // FNV-1a: ids are random already, this only has to spread them and stay stable.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    usize::try_from(hash % STRIPES as u64).unwrap_or(0)
}

/// The per-stripe generations. Each only grows.
pub(super) struct ScopeGenerations(Box<[AtomicU64]>);

impl Default for ScopeGenerations {
    fn default() -> Self {
        Self((0..STRIPES).map(|_| AtomicU64::new(0)).collect())
    }
}

impl ScopeGenerations {
    /// Commits so far that changed what pages of `id` (or of a record sharing its
    /// stripe) show.
    pub(super) fn of(&self, id: &str) -> u64 {
        self.0[stripe(id)].load(Ordering::Acquire)
    }

    /// A batch that changed these stripes committed.
    pub(super) fn moved(&self, stripes: &[usize]) {
        for &s in stripes {
            if let Some(g) = self.0.get(s) {
                g.fetch_add(1, Ordering::AcqRel);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_the_widest_change() {
        let mut c = PageChange::Nothing;
        c.merge(PageChange::Within(vec![1, 2]));
        c.merge(PageChange::Within(vec![2, 3]));
        assert_eq!(c, PageChange::Within(vec![1, 2, 3]));
        c.merge(PageChange::Nothing);
        assert_eq!(c, PageChange::Within(vec![1, 2, 3]));
        c.merge(PageChange::Everywhere);
        assert_eq!(c, PageChange::Everywhere);
        c.merge(PageChange::Within(vec![4]));
        assert_eq!(c, PageChange::Everywhere);
    }

    #[test]
    fn too_many_stripes_become_everywhere() {
        let mut c = PageChange::Nothing;
        for s in 0..=MAX_STRIPES_PER_BATCH {
            c.merge(PageChange::Within(vec![s]));
        }
        assert_eq!(c, PageChange::Everywhere);
    }

    #[test]
    fn a_stripe_moves_alone() {
        let g = ScopeGenerations::default();
        let (a, b) = ("client-a-id-0000000000", "project-b-id-000000000");
        assert_ne!(stripe(a), stripe(b), "the test needs two stripes");
        g.moved(&[stripe(a)]);
        assert_eq!((g.of(a), g.of(b)), (1, 0));
        assert!(stripe(a) < STRIPES && stripe(b) < STRIPES);
    }
}
