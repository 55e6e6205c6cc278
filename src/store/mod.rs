//! The record: one redb database (`data_dir/porthole.redb`) plus content-addressed blobs.
//!
//! The store is synchronous; the HTTP layer calls it through `spawn_blocking` and never sees
//! a redb type. Every state change runs inside [`Store::write`], which hands the closure a
//! [`Tx`]: the closure changes records and appends audit events, and both commit together
//! or not at all.

mod approvals;
pub mod audit;
pub mod blobs;
mod clients;
mod export;
mod files;
mod grants;
mod group;
mod kv;
pub mod lists;
mod metrics;
pub mod outbox;
pub mod owner_only;
mod page_scope;
pub mod pg;
pub mod previews;
mod projects;
pub mod reminder_candidates;
pub mod requests;
mod sessions;
mod staff;
mod tables;
mod tx;
pub mod webhooks;
mod writer;

use std::path::Path;
use std::sync::Arc;

use kv::Backend;

pub use approvals::{DecisionEvidence, DecisionResult, NewApproval, record_decision_in};
pub use audit::ChainReport;
pub use blobs::{BlobStore, StoredBlob};
pub use clients::{
    ClientPatch, ContactInput, ContactPatch, MAX_CONTACTS, NewClient, add_contact_in,
};
pub use export::{AllRecords, ClientRecord, FormRecord};
pub use files::{NewFileVersion, add_file_version_in, valid_file_name};
pub use grants::{LinkState, NewGrant, ViewBatch, issue_grant, link_state};
pub use metrics::{
    ApprovalMetrics, ClientApprovalMetrics, ClientMonths, MonthFigures, MonthlyMetrics, Months,
    WhichMonth,
};
pub use projects::{
    MilestonePatch, NewMilestone, NewProject, PortalSnapshot, ProjectDetail, ProjectPatch,
    add_comment_in,
};
pub use sessions::{SessionLimits, SignInRefusal, StaffSignInLookup};
pub use staff::{NewStaff, token_digest};
pub use tx::{Actor, ReadRecords, Rx, Tx};
pub use webhooks::{Attempt, NewWebhook, queue_event};

/// What can go wrong in the store, in terms the HTTP layer maps to status codes.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record (or not visible to the caller): 404.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request conflicts with the record's state: 409.
    #[error("{0}")]
    Conflict(String),
    /// A field is wrong in a way only the store can tell (e.g. a contact not on the client): 422.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] redb::Error),
    /// PostgreSQL failed or could not be reached.
    #[error("postgresql: {0}")]
    Postgres(String),
    /// A stored record did not decode: the file was damaged or written by another version.
    #[error("stored record {table}/{key} is unreadable: {source}")]
    Corrupt {
        table: &'static str,
        key: String,
        #[source]
        source: serde_json::Error,
    },
    /// A client decision the approval rules refuse: 409 or 422.
    #[error("{0}")]
    Decision(crate::domain::approval::DecisionError),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The group commit this write was part of failed; nothing of it was stored.
    #[error("the write could not be committed: {0}")]
    Batch(String),
}

impl StoreError {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl From<crate::domain::validate::FieldError> for StoreError {
    fn from(e: crate::domain::validate::FieldError) -> Self {
        Self::Invalid {
            field: e.field,
            message: e.message,
        }
    }
}

macro_rules! redb_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                Self::Db(e.into())
            }
        }
    )*};
}
redb_errors!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::SetDurabilityError
);

pub type StoreResult<T> = Result<T, StoreError>;

/// Memory redb may use to cache database pages. Its default (1 GiB) lets one scan of a
/// large table (the reminder scan reads every approval) keep the whole table resident for
/// good; the OS page cache holds the file anyway, so a miss here costs a copy, not a seek.
const CACHE_BYTES: usize = 2 * 1024 * 1024;

/// Handle to the record. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Arc<Backend>,
    blobs: BlobStore,
    group: Arc<group::GroupCommit>,
    writer: Arc<writer::Writer>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("blobs", &self.blobs)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Open (or create) the store under `data_dir`.
    ///
    /// # Errors
    /// `DatabaseAlreadyOpen` (inside [`StoreError::Db`]) when another process holds it.
    pub fn open(data_dir: &Path) -> StoreResult<Self> {
        Self::open_with_blobs(data_dir, BlobStore::new(data_dir.join("blobs"))?)
    }

    /// [`Store::open`] with the blob store given (`storage.blob_store`).
    ///
    /// # Errors
    /// As [`Store::open`].
    pub fn open_with_blobs(data_dir: &Path, blobs: BlobStore) -> StoreResult<Self> {
        owner_only::create_dir_all(data_dir)?;
        let path = data_dir.join("porthole.redb");
        owner_only::touch(&path)?;
        let db = kv::open_redb(&path, CACHE_BYTES)?;
        let store = Self::assemble(db, blobs)?;
        store.ensure_tables()?;
        store.assign_contact_ids(time::OffsetDateTime::now_utc())?;
        Ok(store)
    }

    /// A store whose database lives in memory (unit tests); blobs still go to `blob_dir`.
    ///
    /// # Errors
    /// When the blob directory cannot be created.
    pub fn in_memory(blob_dir: &Path) -> StoreResult<Self> {
        let store = Self::assemble(kv::redb_in_memory()?, BlobStore::new(blob_dir.to_owned())?)?;
        store.ensure_tables()?;
        Ok(store)
    }

    /// Open the store in PostgreSQL at `url` (its schema migrated first); the outbox's
    /// files and previews stay under `data_dir`, blobs wherever `blobs` keeps them.
    ///
    /// # Errors
    /// When the database cannot be reached or migrated, or the blob directory created.
    pub fn open_postgres(data_dir: &Path, url: &str, blobs: BlobStore) -> StoreResult<Self> {
        owner_only::create_dir_all(data_dir)?;
        let group = Arc::<group::GroupCommit>::default();
        let db = pg::PgBackend::connect(url, &group)?;
        let store = Self::assemble_with(Backend::Pg(db), blobs, group)?;
        store.ensure_tables()?;
        store.assign_contact_ids(time::OffsetDateTime::now_utc())?;
        Ok(store)
    }

    fn assemble(db: Backend, blobs: BlobStore) -> StoreResult<Self> {
        Self::assemble_with(db, blobs, Arc::default())
    }

    fn assemble_with(
        db: Backend,
        blobs: BlobStore,
        group: Arc<group::GroupCommit>,
    ) -> StoreResult<Self> {
        let db = Arc::new(db);
        let writer = Arc::new(writer::Writer::start(&db, &group)?);
        Ok(Self {
            db,
            blobs,
            group,
            writer,
        })
    }

    /// Whether the database at `data_dir` already holds records (used to refuse a missing key).
    #[must_use]
    pub fn data_present(data_dir: &Path) -> bool {
        data_dir.join("porthole.redb").exists()
    }

    fn ensure_tables(&self) -> StoreResult<()> {
        let txn = self.db.begin_write()?;
        if let kv::WriteTxn::Redb(t) = &txn {
            kv::create_redb_tables(t, tables::all_spaces())?;
        }
        tables::backfill_child_keys(&txn)?;
        reminder_candidates::backfill(&txn)?;
        txn.commit(false)
    }

    /// The PostgreSQL backend, when the store lives there.
    #[must_use]
    pub fn postgres(&self) -> Option<&pg::PgBackend> {
        self.db.postgres()
    }

    /// The blob store beside the database.
    #[must_use]
    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    /// Run `f` in a write transaction and return once its changes are durable. Records
    /// changed and audit events appended inside commit together; an error from `f` takes
    /// back everything `f` did and nothing else.
    ///
    /// Concurrent calls share one transaction and one fsync (group commit, see [`group`]):
    /// `f` runs on the caller's thread, after the closures queued before it, and may see
    /// their changes; every caller in the batch is answered after the batch's commit.
    ///
    /// # Errors
    /// Whatever `f` returns, or a database failure (then nothing of the batch is stored).
    pub fn write<T>(
        &self,
        actor: &Actor,
        now: time::OffsetDateTime,
        f: impl FnOnce(&mut Tx<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let mut turn = self.group.join();
        let txn = turn.batch(|| self.db.begin_write())?;
        let (out, rolled_back, changed_access, changed_pages) = {
            let mut tx = Tx::new(txn, actor, now);
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut tx)));
            let rolled_back = match &out {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(_)) | Err(_) => {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tx.roll_back()))
                        .unwrap_or_else(|_| Err(StoreError::Batch("rollback panicked".into())))
                }
            };
            (out, rolled_back, tx.changed_access(), tx.changed_pages())
        };
        if changed_access {
            turn.access_changed();
        }
        turn.pages_changed(changed_pages);
        if let Err(e) = rolled_back {
            turn.abandon(&e.to_string());
        }
        let committed = turn.finish(|txn, access| txn.commit(access).map_err(|e| e.to_string()));
        match out {
            // The batch is settled; the panic goes on in the caller that caused it.
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(out) => {
                committed.map_err(StoreError::Batch)?;
                out
            }
        }
    }

    /// [`Store::write`] for async callers: `f` runs on the store's writer thread, batched
    /// with every write queued meanwhile (see [`writer`]), and the result arrives once the
    /// batch is durable. No thread waits per caller.
    ///
    /// # Errors
    /// Whatever `f` returns, or a database failure (then nothing of the batch is stored).
    pub async fn write_queued<T, F>(
        &self,
        actor: Actor,
        now: time::OffsetDateTime,
        f: F,
    ) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Tx<'_>) -> StoreResult<T> + Send + 'static,
    {
        let (job, answer) = writer::Job::new(actor, now, f);
        if self.writer.send(job).is_err() {
            return Err(StoreError::Batch("the writer thread has stopped".into()));
        }
        answer
            .await
            .unwrap_or_else(|_| Err(StoreError::Batch("the write was not run".into())))
    }

    /// A number that grows with every committed write that changed what a client page may
    /// show (mail and webhook bookkeeping and view counts do not): anything derived from
    /// the record (a rendered page) and stamped with the generation read *before* the read
    /// snapshot was opened is current as long as the generation has not moved.
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.group.generation()
    }

    /// Commits that changed what pages of the record `id` (a client or a project) show,
    /// by writes that named the records they changed (see [`Tx::pages_only_under`]). A
    /// page of that record is current while this and [`Store::generation`] stand still.
    #[must_use]
    pub fn scope_generation(&self, id: &str) -> u64 {
        self.group.scope_generation(id)
    }

    /// Like [`Store::generation`], moved on only by writes that changed a client or a link
    /// grant: what a cached grant and its client are stamped with.
    #[must_use]
    pub fn access_generation(&self) -> u64 {
        self.group.access_generation()
    }

    /// Run `f` against a consistent read snapshot.
    ///
    /// # Errors
    /// Whatever `f` returns, or a database failure.
    pub fn read<T>(&self, f: impl FnOnce(&Rx) -> StoreResult<T>) -> StoreResult<T> {
        let txn = self.db.begin_read()?;
        f(&Rx::new(txn))
    }

    /// Write a consistent copy of the database and the blobs it references into `out`
    /// (which must not exist or be empty). The copy opens as a normal data dir.
    ///
    /// # Errors
    /// When `out` is not empty or cannot be written.
    pub fn backup(&self, out: &Path) -> StoreResult<BackupReport> {
        if out.exists() && std::fs::read_dir(out)?.next().is_some() {
            return Err(StoreError::invalid(
                "--out",
                format!("{} is not empty", out.display()),
            ));
        }
        owner_only::create_dir_all(out)?;
        // A read snapshot pins every record; copying them into a fresh database gives a
        // consistent, compact copy without stopping writers.
        let snapshot = self.db.begin_read()?;
        let path = out.join("porthole.redb");
        owner_only::touch(&path)?;
        let copy = kv::open_redb(&path, CACHE_BYTES)?;
        let txn = copy.begin_write()?;
        if let kv::WriteTxn::Redb(t) = &txn {
            kv::create_redb_tables(t, tables::all_spaces())?;
        }
        let records = tables::copy_all(&snapshot, &txn)?;
        txn.commit(false)?;
        drop(copy);
        let blob_count = self
            .blobs
            .copy_referenced(&Rx::new(snapshot), &out.join("blobs"))?;
        Ok(BackupReport {
            records,
            blobs: blob_count,
        })
    }
}

impl Store {
    /// Copy every record, index and audit event of this store into `dest` in one
    /// transaction of `dest` (moving a data dir between backends). Returns the number of
    /// entries copied. `dest` should hold nothing yet: rows with the same keys are replaced.
    ///
    /// # Errors
    /// When either side fails; then nothing of the copy is kept in `dest`.
    pub fn copy_into(&self, dest: &Self) -> StoreResult<u64> {
        let snapshot = self.db.begin_read()?;
        let txn = dest.db.begin_write()?;
        let n = tables::copy_all(&snapshot, &txn)?;
        txn.commit(true)?;
        Ok(n)
    }
}

/// What a backup copied.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct BackupReport {
    pub records: u64,
    pub blobs: u64,
}

/// A small on-disk store in a temp dir, for unit tests.
#[cfg(test)]
pub(crate) fn test_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::in_memory(&dir.path().join("blobs")).expect("store");
    (store, dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Project;
    use crate::store::ContactInput;
    use serde_json::json;

    /// A client "Acme" with one contact, Cleo.
    fn acme(store: &Store, now: time::OffsetDateTime) -> crate::domain::Client {
        store
            .create_client(
                &Actor::System,
                now,
                NewClient {
                    name: "Acme".into(),
                    contacts: vec![ContactInput::new("Cleo", "cleo@acme.test")],
                    language: None,
                    timezone: None,
                },
            )
            .expect("client")
    }

    fn events(store: &Store) -> ChainReport {
        store.read(audit::verify).expect("verify")
    }

    #[tokio::test]
    async fn only_writes_to_clients_and_grants_move_the_access_generation() {
        let (store, _dir) = test_store();
        let now = time::OffsetDateTime::now_utc();
        let (start, access) = (store.generation(), store.access_generation());
        store
            .write(&Actor::System, now, |tx| tx.set_lookup("test:a", "x"))
            .expect("write");
        store
            .write_queued(Actor::System, now, |tx| tx.set_lookup("test:b", "x"))
            .await
            .expect("queued write");
        assert_eq!(store.generation(), start + 2);
        assert_eq!(
            store.access_generation(),
            access,
            "no client or grant changed"
        );
        let client = acme(&store, now);
        assert_eq!(store.access_generation(), access + 1);
        let refused: StoreResult<()> = store
            .write_queued(Actor::System, now, move |tx| {
                let mut c: crate::domain::Client = tx.get(&client.id)?;
                c.name = "Renamed".into();
                tx.put(&c)?;
                Err(StoreError::Conflict("refused".into()))
            })
            .await;
        assert!(refused.is_err());
        // Taken back: nothing changed, so cached grants stay current.
        assert_eq!(store.access_generation(), access + 1);
    }

    #[tokio::test]
    async fn bookkeeping_and_view_counts_leave_cached_pages_current() {
        let (store, _dir) = test_store();
        let now = time::OffsetDateTime::now_utc();
        let client = acme(&store, now);
        let (start, access) = (store.generation(), store.access_generation());
        store
            .write(&Actor::System, now, |tx| {
                tx.index_set(tables::OUTBOX_DUE, "0:x", "x")
            })
            .expect("bookkeeping write");
        let id = client.id.clone();
        store
            .write_queued(Actor::System, now, move |tx| {
                tx.only_counts();
                let c: crate::domain::Client = tx.get(&id)?;
                tx.put(&c)
            })
            .await
            .expect("counting write");
        assert_eq!(store.generation(), start, "no page shows either");
        assert_eq!(store.access_generation(), access);
        store
            .write(&Actor::System, now, |tx| {
                tx.index_set(tables::OUTBOX_DUE, "1:x", "x")?;
                tx.set_lookup("test:c", "x")
            })
            .expect("mixed write");
        assert_eq!(store.generation(), start + 1, "a lookup may show");
    }

    #[tokio::test]
    async fn a_write_that_names_its_records_leaves_other_pages_current() {
        let (store, _dir) = test_store();
        let now = time::OffsetDateTime::now_utc();
        let (client, project, other) = ("client-a", "project-a", "project-b");
        assert_eq!(
            [client, project, other].map(page_scope::stripe).len(),
            [client, project, other]
                .map(page_scope::stripe)
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len(),
            "the test needs three stripes"
        );
        let start = store.generation();
        let scoped = |key: &'static str| {
            move |tx: &mut Tx<'_>| {
                tx.pages_only_under(&["client-a", "project-a"]);
                tx.set_lookup(key, "x")
            }
        };
        store
            .write_queued(Actor::System, now, scoped("test:a"))
            .await
            .expect("scoped write");
        store
            .write(&Actor::System, now, scoped("test:b"))
            .expect("scoped write");
        assert_eq!(store.generation(), start, "no other record's page is stale");
        assert_eq!(store.scope_generation(client), 2);
        assert_eq!(store.scope_generation(project), 2);
        assert_eq!(store.scope_generation(other), 0);
        let refused: StoreResult<()> = store
            .write_queued(Actor::System, now, |tx| {
                tx.pages_only_under(&["project-b"]);
                tx.set_lookup("test:c", "x")?;
                Err(StoreError::Conflict("refused".into()))
            })
            .await;
        assert!(refused.is_err());
        assert_eq!(
            store.scope_generation(other),
            0,
            "taken back: nothing changed"
        );
        store
            .write(&Actor::System, now, |tx| tx.set_lookup("test:d", "x"))
            .expect("unscoped write");
        assert_eq!(store.generation(), start + 1, "a write naming nothing");
    }

    #[test]
    fn concurrent_writes_share_batches_and_a_failing_one_spoils_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("store");
        let now = time::OffsetDateTime::now_utc();
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let store = store.clone();
                std::thread::spawn(move || {
                    let mut ok = 0;
                    for i in 0..25 {
                        let r = store.write(&Actor::System, now, |tx| {
                            tx.audit("test.write", &[], json!({"t": t, "i": i}))?;
                            tx.set_lookup(&format!("test:{t}:{i}"), "x")?;
                            if i % 5 == 0 {
                                return Err(StoreError::Conflict("refused".into()));
                            }
                            Ok(())
                        });
                        ok += usize::from(r.is_ok());
                    }
                    ok
                })
            })
            .collect();
        let ok: usize = threads.into_iter().map(|t| t.join().expect("writer")).sum();
        assert_eq!(ok, 8 * 20);
        drop(store);

        let store = Store::open(dir.path()).expect("reopen");
        let report = events(&store);
        assert!(report.ok, "{report:?}");
        assert_eq!(report.events, 160, "refused writes left no event behind");
        let kept = store
            .read(|rx| Ok((rx.lookup("test:3:1")?, rx.lookup("test:3:5")?)))
            .expect("lookups");
        assert_eq!(kept, (Some("x".to_owned()), None));
    }

    #[tokio::test]
    async fn queued_writes_batch_and_a_failing_or_panicking_one_spoils_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("store");
        let now = time::OffsetDateTime::now_utc();
        let writes = (0..200).map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .write_queued(Actor::System, now, move |tx| {
                        tx.audit("test.queued", &[], json!({"i": i}))?;
                        tx.set_lookup(&format!("test:q:{i}"), "x")?;
                        match i % 10 {
                            0 => Err(StoreError::Conflict("refused".into())),
                            7 => panic!("a bug in a queued write"),
                            _ => Ok(i),
                        }
                    })
                    .await
            })
        });
        let mut ok = 0;
        for w in writes.collect::<Vec<_>>() {
            ok += usize::from(w.await.expect("task").is_ok());
        }
        assert_eq!(ok, 160);
        // A blocking writer at the same time shares the batches.
        store
            .write(&Actor::System, now, |tx| {
                tx.audit("test.sync", &[], json!({}))
            })
            .expect("sync write");
        drop(store);

        let store = Store::open(dir.path()).expect("reopen at once: the writer let go");
        let report = events(&store);
        assert!(report.ok, "{report:?}");
        assert_eq!(report.events, 161);
        let kept = store
            .read(|rx| {
                Ok((
                    rx.lookup("test:q:1")?,
                    rx.lookup("test:q:10")?,
                    rx.lookup("test:q:7")?,
                ))
            })
            .expect("lookups");
        assert_eq!(kept, (Some("x".to_owned()), None, None));
    }

    #[test]
    fn a_failing_write_takes_back_exactly_its_own_changes() {
        let (store, _dir) = test_store();
        let now = time::OffsetDateTime::now_utc();
        let client = acme(&store, now);
        let project = store
            .create_project(
                &Actor::System,
                now,
                &client.id,
                NewProject {
                    name: "Site".into(),
                    summary: None,
                    status: None,
                    next_step: None,
                },
            )
            .expect("project");
        let before = events(&store).events;
        let r: StoreResult<()> = store.write(&Actor::System, now, |tx| {
            let mut p: Project = tx.get(&project.id)?;
            p.name = "Renamed".into();
            tx.put(&p)?;
            tx.put(&p)?;
            let mut fresh = p.clone();
            fresh.id = "fresh-project".into();
            tx.put(&fresh)?;
            tx.link_child("client", &client.id, "projects", &fresh.id)?;
            tx.link_child("client", &client.id, "projects", &project.id)?;
            tx.set_lookup("test:key", "value")?;
            tx.audit("test.one", &[], json!({}))?;
            tx.audit("test.two", &[], json!({}))?;
            Err(StoreError::Conflict("no".into()))
        });
        assert!(matches!(r, Err(StoreError::Conflict(_))));
        let (p, fresh, children, lookup) = store
            .read(|rx| {
                Ok((
                    rx.get::<Project>(&project.id)?,
                    rx.find::<Project>("fresh-project")?,
                    rx.children("client", &client.id, "projects")?,
                    rx.lookup("test:key")?,
                ))
            })
            .expect("read");
        assert_eq!(p.name, "Site");
        assert!(fresh.is_none());
        assert_eq!(children, vec![project.id.clone()]);
        assert!(lookup.is_none());
        let after = events(&store);
        assert!(after.ok);
        assert_eq!(after.events, before);
        // The chain goes on from where it was.
        store
            .write(&Actor::System, now, |tx| {
                tx.audit("test.after", &[], json!({}))
            })
            .expect("write after");
        assert_eq!(events(&store).events, before + 1);
    }

    #[test]
    fn a_panicking_write_is_rolled_back_and_the_store_goes_on() {
        let (store, _dir) = test_store();
        let now = time::OffsetDateTime::now_utc();
        let s = store.clone();
        let panicked = std::thread::spawn(move || {
            s.write(&Actor::System, now, |tx| -> StoreResult<()> {
                tx.set_lookup("test:panic", "x")?;
                tx.audit("test.panic", &[], json!({}))?;
                panic!("a bug in a write closure");
            })
        })
        .join();
        assert!(panicked.is_err());
        store
            .write(&Actor::System, now, |tx| {
                tx.audit("test.ok", &[], json!({}))
            })
            .expect("write after a panic");
        assert_eq!(
            store.read(|rx| rx.lookup("test:panic")).expect("read"),
            None
        );
        let report = events(&store);
        assert!(report.ok);
        assert_eq!(report.events, 1);
    }
}
