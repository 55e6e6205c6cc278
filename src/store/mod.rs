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
mod metrics;
pub mod outbox;
mod projects;
mod sessions;
mod staff;
mod tables;
mod tx;

use std::path::Path;
use std::sync::Arc;

use redb::{Database, ReadableDatabase};

pub use approvals::{DecisionEvidence, DecisionResult, NewApproval};
pub use audit::ChainReport;
pub use blobs::{BlobStore, StoredBlob};
pub use clients::{ClientPatch, NewClient};
pub use export::ClientRecord;
pub use files::{NewFileVersion, valid_file_name};
pub use grants::{LinkState, NewGrant, ViewBatch, issue_grant, link_state};
pub use metrics::{ApprovalMetrics, ClientApprovalMetrics};
pub use projects::{
    MilestonePatch, NewMilestone, NewProject, PortalSnapshot, ProjectDetail, ProjectPatch,
};
pub use sessions::{SessionLimits, SignInRefusal, StaffSignInLookup};
pub use staff::{NewStaff, token_digest};
pub use tx::{Actor, ReadRecords, Rx, Tx};

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

/// Handle to the record. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Arc<Database>,
    blobs: BlobStore,
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
        std::fs::create_dir_all(data_dir)?;
        let db = Database::create(data_dir.join("porthole.redb"))?;
        let store = Self {
            db: Arc::new(db),
            blobs: BlobStore::new(data_dir.join("blobs"))?,
        };
        store.ensure_tables()?;
        Ok(store)
    }

    /// A store whose database lives in memory (unit tests); blobs still go to `blob_dir`.
    ///
    /// # Errors
    /// When the blob directory cannot be created.
    pub fn in_memory(blob_dir: &Path) -> StoreResult<Self> {
        let db = Database::builder().create_with_backend(redb::backends::InMemoryBackend::new())?;
        let store = Self {
            db: Arc::new(db),
            blobs: BlobStore::new(blob_dir.to_owned())?,
        };
        store.ensure_tables()?;
        Ok(store)
    }

    /// Whether the database at `data_dir` already holds records (used to refuse a missing key).
    #[must_use]
    pub fn data_present(data_dir: &Path) -> bool {
        data_dir.join("porthole.redb").exists()
    }

    fn ensure_tables(&self) -> StoreResult<()> {
        let txn = self.db.begin_write()?;
        tables::create_all(&txn)?;
        txn.commit()?;
        Ok(())
    }

    /// The blob store beside the database.
    #[must_use]
    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    /// Run `f` in one durable write transaction. Records changed and audit events appended
    /// inside commit together; an error from `f` aborts everything.
    ///
    /// # Errors
    /// Whatever `f` returns, or a database failure.
    pub fn write<T>(
        &self,
        actor: &Actor,
        now: time::OffsetDateTime,
        f: impl FnOnce(&mut Tx<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let txn = self.db.begin_write()?;
        let out = {
            let mut tx = Tx::new(&txn, actor, now);
            f(&mut tx)?
        };
        txn.commit()?;
        Ok(out)
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
        std::fs::create_dir_all(out)?;
        // A read snapshot pins every record; copying them into a fresh database gives a
        // consistent, compact copy without stopping writers.
        let snapshot = self.db.begin_read()?;
        let copy = Database::create(out.join("porthole.redb"))?;
        let records = tables::copy_all(&snapshot, &copy)?;
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
