//! Group commit: many writers, one transaction, one fsync.
//!
//! [`Store::write`](super::Store::write) callers queue for one open redb write transaction,
//! the *batch*. Each runs its closure in it on its own thread, one after another (so a
//! closure borrows what it likes and need not be `Send`). The first member becomes the
//! batch's leader: it lets the others in until nobody has joined for [`QUIET`] (or the batch
//! is full or [`MAX_AGE`] old), then commits durably. Everyone in the batch is answered after
//! that commit, with the commit's error if it failed. While a commit's fsync runs, the next
//! callers queue up, so under load each fsync covers many writes; a lone write waits
//! [`QUIET`] at most.
//!
//! A closure that fails is rolled back alone through its [`Tx`](super::Tx) undo log, so the
//! others' changes and audit events stay as they were. If a rollback itself fails, the batch
//! is abandoned and every member gets an error: nothing half-done is ever committed.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread::Thread;
use std::time::{Duration, Instant};

use super::kv::WriteTxn;
use super::page_scope::{PageChange, ScopeGenerations};

/// The leader commits once nobody has joined the batch for this long...
pub(super) const QUIET: Duration = Duration::from_micros(100);
/// ...or the batch holds this many closures...
pub(super) const MAX_MEMBERS: usize = 512;
/// ...or has been open this long, even with writers still queued.
pub(super) const MAX_AGE: Duration = Duration::from_millis(2);

/// The queue, the open batch and the commit count.
#[derive(Default)]
pub(super) struct GroupCommit {
    slot: Mutex<Slot>,
    /// The leader sleeps on this (never signalled) to let others take the slot meanwhile.
    gathering: Condvar,
    /// Callers waiting for the slot: while any are, the batch stays open for them.
    queued: AtomicUsize,
    /// Batches committed so far that changed what a client page may show: the store's
    /// change generation, which cached pages are stamped with.
    generation: AtomicU64,
    /// Batches committed so far that changed a client or a link grant: what the grant
    /// cache is stamped with, so that a burst of decisions does not empty it.
    access_generation: AtomicU64,
    /// Batches committed so far that changed what pages of some records show, by stripe
    /// (see [`page_scope`](super::page_scope)).
    scopes: ScopeGenerations,
}

impl std::fmt::Debug for GroupCommit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit")
            .field("generation", &self.generation())
            .finish_non_exhaustive()
    }
}

/// The open batch, if any. Whoever holds the lock is the one closure running.
#[derive(Default)]
pub(super) struct Slot {
    txn: Option<WriteTxn>,
    outcome: Arc<Outcome>,
    members: usize,
    opened: Option<Instant>,
    /// A member is gathering the batch and will commit it.
    led: bool,
    /// A member changed a client or a link grant.
    access_changed: bool,
    /// What the members changed of what client pages show.
    pages: PageChange,
}

/// How a batch ended: `Ok` once committed, `Err(message)` if the commit failed or the batch
/// was abandoned. Members park until it is set; each is woken once, by name.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    result: OnceLock<Result<(), String>>,
    waiting: Mutex<Vec<Thread>>,
}

impl Outcome {
    fn finish(&self, result: Result<(), String>) {
        // Only the first end counts (an abandoned batch is never committed afterwards).
        let _ = self.result.set(result);
        let waiting =
            std::mem::take(&mut *self.waiting.lock().unwrap_or_else(PoisonError::into_inner));
        for t in waiting {
            t.unpark();
        }
    }

    /// Block until the batch ended.
    pub(super) fn wait(&self) -> Result<(), String> {
        // Registered before looking, so a `finish` in between still wakes us.
        self.waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(std::thread::current());
        loop {
            if let Some(result) = self.result.get() {
                return result.clone();
            }
            std::thread::park();
        }
    }
}

impl GroupCommit {
    /// Batches committed so far that changed what a client page may show. Bumped after
    /// such a commit, so a reader that notes it before opening a snapshot sees at least
    /// those commits.
    pub(super) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Batches committed so far that changed a client or a link grant (see
    /// [`Turn::access_changed`]).
    pub(super) fn access_generation(&self) -> u64 {
        self.access_generation.load(Ordering::Acquire)
    }

    /// Batches committed so far that changed what pages of the record `id` show and
    /// said so (see [`Tx::pages_only_under`](super::Tx::pages_only_under)).
    pub(super) fn scope_generation(&self, id: &str) -> u64 {
        self.scopes.of(id)
    }

    /// Another process committed a write (PostgreSQL): what this one derived from the
    /// record may be stale.
    pub(super) fn changed_elsewhere(&self, access_changed: bool) {
        if access_changed {
            self.access_generation.fetch_add(1, Ordering::AcqRel);
        }
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Wait for the slot: the right to run one closure in the open batch.
    pub(super) fn join(&self) -> Turn<'_> {
        self.queued.fetch_add(1, Ordering::AcqRel);
        // Closures run under this lock but their panics are caught: the state stays whole.
        let slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
        self.queued.fetch_sub(1, Ordering::AcqRel);
        Turn {
            group: self,
            slot,
            outcome: None,
        }
    }
}

/// One caller's hold on the slot.
pub(super) struct Turn<'a> {
    group: &'a GroupCommit,
    slot: MutexGuard<'a, Slot>,
    /// Set once this caller is a member of the open batch.
    outcome: Option<Arc<Outcome>>,
}

impl Turn<'_> {
    /// The open batch's transaction, opening one with `begin` when there is none, and this
    /// caller counted as its member.
    pub(super) fn batch<E>(
        &mut self,
        begin: impl FnOnce() -> Result<WriteTxn, E>,
    ) -> Result<&WriteTxn, E> {
        let slot = &mut *self.slot;
        let txn = match slot.txn.take() {
            Some(txn) => txn,
            None => {
                let txn = begin()?;
                slot.outcome = Arc::default();
                slot.members = 0;
                slot.opened = Some(Instant::now());
                slot.led = false;
                slot.access_changed = false;
                slot.pages = PageChange::Nothing;
                txn
            }
        };
        slot.members += 1;
        self.outcome = Some(slot.outcome.clone());
        Ok(slot.txn.insert(txn))
    }

    /// This caller's closure changed a client or a link grant: the batch moves the access
    /// generation on when it commits.
    pub(super) fn access_changed(&mut self) {
        self.slot.access_changed = true;
    }

    /// What this caller's closure changed of what client pages show: the batch moves
    /// the change generation (or those of the records it named) on when it commits.
    pub(super) fn pages_changed(&mut self, change: PageChange) {
        self.slot.pages.merge(change);
    }

    /// The closure's changes could not be taken back: drop the whole batch.
    pub(super) fn abandon(&mut self, why: &str) {
        if let Some(txn) = self.slot.txn.take() {
            drop(txn);
            self.slot.outcome.finish(Err(format!(
                "a write in the same batch could not be rolled back: {why}"
            )));
        }
    }

    /// Leave the slot and wait for the batch to end; the batch's first member to get here
    /// gathers the rest and commits (`commit` makes the transaction durable).
    pub(super) fn finish(
        self,
        commit: impl FnOnce(WriteTxn, bool) -> Result<(), String>,
    ) -> Result<(), String> {
        let Turn {
            group,
            mut slot,
            outcome,
        } = self;
        let Some(outcome) = outcome else {
            // Never joined a batch (opening one failed): nothing to wait for.
            return Ok(());
        };
        if slot.led || slot.txn.is_none() {
            // Someone else commits this batch (or it was abandoned).
            drop(slot);
            return outcome.wait();
        }
        slot.led = true;
        loop {
            let seen = slot.members;
            let full = slot.members >= MAX_MEMBERS;
            let old = slot.opened.is_none_or(|t| t.elapsed() >= MAX_AGE);
            if full || old || slot.txn.is_none() {
                break;
            }
            // Others take the slot and run their closures while the leader waits.
            slot = group
                .gathering
                .wait_timeout(slot, QUIET)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
            if slot.members == seen && group.queued.load(Ordering::Acquire) == 0 {
                break;
            }
        }
        let txn = slot.txn.take();
        let members = slot.members;
        let access_changed = std::mem::take(&mut slot.access_changed);
        let pages = std::mem::take(&mut slot.pages);
        slot.led = false;
        slot.opened = None;
        drop(slot);
        if let Some(txn) = txn {
            let result = commit(txn, access_changed);
            if result.is_ok() {
                if access_changed {
                    group.access_generation.fetch_add(1, Ordering::AcqRel);
                }
                // A changed client or grant may show on any of its pages.
                match pages {
                    PageChange::Nothing if !access_changed => {}
                    PageChange::Within(stripes) if !access_changed => group.scopes.moved(&stripes),
                    _ => {
                        group.generation.fetch_add(1, Ordering::AcqRel);
                    }
                }
                #[allow(clippy::cast_precision_loss)] // batch sizes are small
                metrics::histogram!("porthole_commit_batch_size").record(members as f64);
            }
            outcome.finish(result);
        }
        outcome.wait()
    }
}
