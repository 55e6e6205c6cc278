//! The writer thread: writes queued from async code, run in batches by one thread.
//!
//! [`Store::write`](super::Store::write) runs on the caller's (blocking pool) thread, so a
//! burst of 64 client decisions means 64 threads taking turns on one lock and sleeping
//! until their batch is durable. [`Store::write_queued`](super::Store::write_queued)
//! instead hands the closure to this one thread, which takes every write queued so far,
//! runs them one after another in one batch of the group commit (so they share its
//! transaction and fsync with any `Store::write` callers of the moment), and answers each
//! caller after the commit. While a commit's fsync runs, the next writes queue up: under
//! load each fsync covers all that arrived meanwhile, with no thread per waiting request.
//!
//! Each closure is rolled back alone through its [`Tx`] undo log when it fails or panics,
//! exactly as in `Store::write`.

use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::sync::{Arc, Weak};

use time::OffsetDateTime;

use super::group::GroupCommit;
use super::kv::Backend;
use super::page_scope::PageChange;
use super::{Actor, StoreError, StoreResult, Tx};

/// Writes run in one batch at most (the rest wait for the next).
const MAX_BATCH: usize = 1024;

/// Hands the commit's outcome to the caller.
type Deliver = Box<dyn FnOnce(Result<(), String>) + Send>;

/// Runs a queued closure in a `Tx`.
type Run = Box<dyn FnOnce(&mut Tx<'_>) -> (Deliver, StoreResult<()>) + Send>;

/// A queued write: runs its closure in a `Tx`, returns how to answer the caller and
/// whether its changes (if it failed) were taken back.
pub(super) struct Job {
    actor: Actor,
    now: OffsetDateTime,
    run: Run,
}

impl Job {
    /// Wrap `f`; its result arrives on the returned receiver once the batch is settled.
    pub(super) fn new<T, F>(
        actor: Actor,
        now: OffsetDateTime,
        f: F,
    ) -> (Self, tokio::sync::oneshot::Receiver<StoreResult<T>>)
    where
        T: Send + 'static,
        F: FnOnce(&mut Tx<'_>) -> StoreResult<T> + Send + 'static,
    {
        let (answer, receiver) = tokio::sync::oneshot::channel();
        let run = Box::new(move |tx: &mut Tx<'_>| {
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(tx)));
            let rolled_back = match &out {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(_)) | Err(_) => {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tx.roll_back()))
                        .unwrap_or_else(|_| Err(StoreError::Batch("rollback panicked".into())))
                }
            };
            let deliver: Deliver = Box::new(move |committed: Result<(), String>| {
                let result = match out {
                    Ok(Ok(v)) => committed.map(|()| v).map_err(StoreError::Batch),
                    // Refused: nothing of it was kept, whatever became of the batch.
                    Ok(Err(e)) => Err(e),
                    Err(_) => Err(StoreError::Batch("the write failed unexpectedly".into())),
                };
                // The caller may have gone away (a dropped request): nothing to tell.
                let _ = answer.send(result);
            });
            (deliver, rolled_back)
        });
        (Self { actor, now, run }, receiver)
    }
}

/// The queue into the writer thread. The thread holds the database only weakly, so that
/// dropping the last `Store` closes it (and its file lock) at once.
#[derive(Debug)]
pub(super) struct Writer {
    queue: Sender<Job>,
}

impl Writer {
    /// Start the thread.
    ///
    /// # Errors
    /// When the thread cannot be spawned.
    pub(super) fn start(db: &Arc<Backend>, group: &Arc<GroupCommit>) -> std::io::Result<Self> {
        let (queue, jobs) = std::sync::mpsc::channel();
        let (db, group) = (Arc::downgrade(db), group.clone());
        std::thread::Builder::new()
            .name("porthole-writer".into())
            .spawn(move || run(&jobs, &db, &group))?;
        Ok(Self { queue })
    }

    /// Queue a job; gives it back if the thread is gone.
    pub(super) fn send(&self, job: Job) -> Result<(), Job> {
        self.queue.send(job).map_err(|e| e.0)
    }
}

fn run(jobs: &Receiver<Job>, db: &Weak<Backend>, group: &GroupCommit) {
    // Ends when every `Store` (and so the sender) is gone.
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let Some(db) = db.upgrade() else {
            // The store closed with writes still queued: they are refused, not lost.
            return;
        };
        run_batch(batch, &db, group);
    }
}

fn run_batch(batch: Vec<Job>, db: &Backend, group: &GroupCommit) {
    let mut turn = group.join();
    let txn = match turn.batch(|| db.begin_write()) {
        Ok(txn) => txn,
        Err(e) => {
            // Dropped unrun: each caller hears that its write was not stored.
            drop(batch);
            tracing::error!(error = %e, "could not open a write transaction");
            return;
        }
    };
    let mut answers = Vec::with_capacity(batch.len());
    let mut broken = None;
    let mut changed_access = false;
    let mut changed_pages = PageChange::Nothing;
    let mut rest = batch.into_iter();
    for job in rest.by_ref() {
        let mut tx = Tx::new(txn, &job.actor, job.now);
        let (deliver, rolled_back) = (job.run)(&mut tx);
        changed_access |= tx.changed_access();
        changed_pages.merge(tx.changed_pages());
        answers.push(deliver);
        if let Err(e) = rolled_back {
            broken = Some(e.to_string());
            break;
        }
    }
    // Writes after a failed rollback never ran; dropping them tells their callers so.
    drop(rest);
    if changed_access {
        turn.access_changed();
    }
    turn.pages_changed(changed_pages);
    if let Some(why) = &broken {
        turn.abandon(why);
    }
    let committed = turn.finish(|txn, access| txn.commit(access).map_err(|e| e.to_string()));
    for deliver in answers {
        deliver(committed.clone());
    }
}
