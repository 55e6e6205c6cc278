//! The few key-value operations every backend offers, and their redb form.
//!
//! Everything above this module (records, indexes, children, the audit chain) is written
//! once against [`KvRead`] and [`KvWrite`]; [`ReadTxn`] and [`WriteTxn`] pick the backend:
//! an embedded redb file, or PostgreSQL (see [`super::pg`]). Keys sort as bytes in both,
//! so a range read returns the same rows in the same order whichever holds them.

use std::ops::Bound;

use redb::{
    MultimapTableDefinition, ReadableDatabase as _, ReadableMultimapTable as _, ReadableTable as _,
    ReadableTableMetadata as _, TableDefinition,
};

use super::pg::{PgBackend, PgRead, PgWrite};
use super::tables::{IndexTable, RecordTable};
use super::{StoreError, StoreResult};

/// One named table and the shape of its values: bytes (records) or text (indexes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Space {
    pub name: &'static str,
    pub text: bool,
}

impl From<RecordTable> for Space {
    fn from(t: RecordTable) -> Self {
        Self {
            name: t.name(),
            text: false,
        }
    }
}

impl From<IndexTable> for Space {
    fn from(t: IndexTable) -> Self {
        Self {
            name: t.name(),
            text: true,
        }
    }
}

/// Visits rows of a scan; returns `Ok(false)` to stop early.
pub type Visit<'f> = dyn FnMut(&str, &[u8]) -> StoreResult<bool> + 'f;
/// Visits audit events of a scan; returns `Ok(false)` to stop early.
pub type VisitEvent<'f> = dyn FnMut(u64, &[u8]) -> StoreResult<bool> + 'f;

/// Reads, the same for a snapshot and for a write in progress (which sees its own changes).
pub trait KvRead {
    /// The value under `key`, if any.
    fn get(&self, space: Space, key: &str) -> StoreResult<Option<Vec<u8>>>;
    /// Rows with keys between `lo` and `hi` in key order (`rev`: newest key first).
    fn scan(
        &self,
        space: Space,
        lo: Bound<&str>,
        hi: Bound<&str>,
        rev: bool,
        f: &mut Visit<'_>,
    ) -> StoreResult<()>;
    /// How many rows the table holds.
    fn count(&self, space: Space) -> StoreResult<u64>;
    /// The members of one set of the children multimap, in order.
    fn members(&self, key: &str) -> StoreResult<Vec<String>>;
    /// Every `(set, member)` of the children multimap (copies).
    fn each_member(&self, f: &mut dyn FnMut(&str, &str) -> StoreResult<()>) -> StoreResult<()>;
    /// Audit event `seq`, encoded.
    fn event(&self, seq: u64) -> StoreResult<Option<Vec<u8>>>;
    /// The newest audit event.
    fn last_event(&self) -> StoreResult<Option<(u64, Vec<u8>)>>;
    /// Audit events with `seq > after`, oldest first, or (`rev`) every event newest first.
    fn events(&self, after: u64, rev: bool, f: &mut VisitEvent<'_>) -> StoreResult<()>;
}

/// Changes, inside a write transaction.
pub trait KvWrite: KvRead {
    /// Set `key`; returns what it held.
    fn insert(&self, space: Space, key: &str, value: &[u8]) -> StoreResult<Option<Vec<u8>>>;
    /// Remove `key`; returns what it held.
    fn delete(&self, space: Space, key: &str) -> StoreResult<Option<Vec<u8>>>;
    /// Add `member` to set `key`; returns whether it was there already.
    fn add_member(&self, key: &str, member: &str) -> StoreResult<bool>;
    fn remove_member(&self, key: &str, member: &str) -> StoreResult<()>;
    fn put_event(&self, seq: u64, bytes: &[u8]) -> StoreResult<()>;
    fn delete_event(&self, seq: u64) -> StoreResult<()>;
}

// ------------------------------------------------------------------ the backends

/// Where the records live.
pub enum Backend {
    Redb(redb::Database),
    Pg(PgBackend),
}

impl Backend {
    pub fn begin_write(&self) -> StoreResult<WriteTxn> {
        match self {
            Self::Redb(db) => Ok(WriteTxn::Redb(db.begin_write()?)),
            Self::Pg(pg) => Ok(WriteTxn::Pg(pg.begin_write()?)),
        }
    }

    pub fn begin_read(&self) -> StoreResult<ReadTxn> {
        match self {
            Self::Redb(db) => Ok(ReadTxn::Redb(db.begin_read()?)),
            Self::Pg(pg) => Ok(ReadTxn::Pg(pg.begin_read()?)),
        }
    }

    /// The PostgreSQL backend, when that is the one in use.
    pub fn postgres(&self) -> Option<&PgBackend> {
        match self {
            Self::Pg(pg) => Some(pg),
            Self::Redb(_) => None,
        }
    }
}

/// A read snapshot of either backend.
#[allow(clippy::large_enum_variant)]
pub enum ReadTxn {
    Redb(redb::ReadTransaction),
    Pg(PgRead),
}

/// A write transaction of either backend. One lives at a time (group commit), so the
/// size difference of the variants costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum WriteTxn {
    Redb(redb::WriteTransaction),
    Pg(PgWrite),
}

impl WriteTxn {
    /// Make the transaction durable; `access_changed` tells other processes that a client
    /// or a link grant changed (their grant caches go stale).
    pub fn commit(self, access_changed: bool) -> StoreResult<()> {
        match self {
            Self::Redb(txn) => Ok(txn.commit()?),
            Self::Pg(txn) => txn.commit(access_changed),
        }
    }
}

const CHILDREN: MultimapTableDefinition<'static, &'static str, &'static str> =
    MultimapTableDefinition::new("children");
const AUDIT: TableDefinition<'static, u64, &'static [u8]> = TableDefinition::new("audit");

fn bytes_table(name: &'static str) -> TableDefinition<'static, &'static str, &'static [u8]> {
    TableDefinition::new(name)
}

fn text_table(name: &'static str) -> TableDefinition<'static, &'static str, &'static str> {
    TableDefinition::new(name)
}

fn text(value: &[u8]) -> StoreResult<&str> {
    std::str::from_utf8(value).map_err(|_| StoreError::Batch("an index value is not UTF-8".into()))
}

/// The same redb reads for a write transaction and a read snapshot: both open tables
/// alike for reading.
macro_rules! impl_redb_read {
    ($t:ty) => {
        impl KvRead for $t {
            fn get(&self, space: Space, key: &str) -> StoreResult<Option<Vec<u8>>> {
                Ok(if space.text {
                    self.open_table(text_table(space.name))?
                        .get(key)?
                        .map(|g| g.value().as_bytes().to_vec())
                } else {
                    self.open_table(bytes_table(space.name))?
                        .get(key)?
                        .map(|g| g.value().to_vec())
                })
            }

            fn scan(
                &self,
                space: Space,
                lo: Bound<&str>,
                hi: Bound<&str>,
                rev: bool,
                f: &mut Visit<'_>,
            ) -> StoreResult<()> {
                if space.text {
                    let t = self.open_table(text_table(space.name))?;
                    let rows = t.range::<&str>((lo, hi))?;
                    let mut go = |row: Result<
                        (redb::AccessGuard<'_, &str>, redb::AccessGuard<'_, &str>),
                        redb::StorageError,
                    >| {
                        let (k, v) = row?;
                        f(k.value(), v.value().as_bytes())
                    };
                    if rev {
                        for row in rows.rev() {
                            if !go(row)? {
                                break;
                            }
                        }
                    } else {
                        for row in rows {
                            if !go(row)? {
                                break;
                            }
                        }
                    }
                } else {
                    let t = self.open_table(bytes_table(space.name))?;
                    let rows = t.range::<&str>((lo, hi))?;
                    let mut go = |row: Result<
                        (redb::AccessGuard<'_, &str>, redb::AccessGuard<'_, &[u8]>),
                        redb::StorageError,
                    >| {
                        let (k, v) = row?;
                        f(k.value(), v.value())
                    };
                    if rev {
                        for row in rows.rev() {
                            if !go(row)? {
                                break;
                            }
                        }
                    } else {
                        for row in rows {
                            if !go(row)? {
                                break;
                            }
                        }
                    }
                }
                Ok(())
            }

            fn count(&self, space: Space) -> StoreResult<u64> {
                Ok(if space.text {
                    self.open_table(text_table(space.name))?.len()?
                } else {
                    self.open_table(bytes_table(space.name))?.len()?
                })
            }

            fn members(&self, key: &str) -> StoreResult<Vec<String>> {
                self.open_multimap_table(CHILDREN)?
                    .get(key)?
                    .map(|v| Ok(v?.value().to_owned()))
                    .collect()
            }

            fn each_member(
                &self,
                f: &mut dyn FnMut(&str, &str) -> StoreResult<()>,
            ) -> StoreResult<()> {
                let t = self.open_multimap_table(CHILDREN)?;
                for row in t.iter()? {
                    let (k, values) = row?;
                    for v in values {
                        f(k.value(), v?.value())?;
                    }
                }
                Ok(())
            }

            fn event(&self, seq: u64) -> StoreResult<Option<Vec<u8>>> {
                Ok(self
                    .open_table(AUDIT)?
                    .get(seq)?
                    .map(|g| g.value().to_vec()))
            }

            fn last_event(&self) -> StoreResult<Option<(u64, Vec<u8>)>> {
                Ok(self
                    .open_table(AUDIT)?
                    .last()?
                    .map(|(k, v)| (k.value(), v.value().to_vec())))
            }

            fn events(&self, after: u64, rev: bool, f: &mut VisitEvent<'_>) -> StoreResult<()> {
                let t = self.open_table(AUDIT)?;
                if rev {
                    for row in t.iter()?.rev() {
                        let (k, v) = row?;
                        if !f(k.value(), v.value())? {
                            break;
                        }
                    }
                } else {
                    for row in t.range(after.saturating_add(1)..)? {
                        let (k, v) = row?;
                        if !f(k.value(), v.value())? {
                            break;
                        }
                    }
                }
                Ok(())
            }
        }
    };
}

impl_redb_read!(redb::ReadTransaction);
impl_redb_read!(redb::WriteTransaction);

impl KvWrite for redb::WriteTransaction {
    fn insert(&self, space: Space, key: &str, value: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        Ok(if space.text {
            self.open_table(text_table(space.name))?
                .insert(key, text(value)?)?
                .map(|g| g.value().as_bytes().to_vec())
        } else {
            self.open_table(bytes_table(space.name))?
                .insert(key, value)?
                .map(|g| g.value().to_vec())
        })
    }

    fn delete(&self, space: Space, key: &str) -> StoreResult<Option<Vec<u8>>> {
        Ok(if space.text {
            self.open_table(text_table(space.name))?
                .remove(key)?
                .map(|g| g.value().as_bytes().to_vec())
        } else {
            self.open_table(bytes_table(space.name))?
                .remove(key)?
                .map(|g| g.value().to_vec())
        })
    }

    fn add_member(&self, key: &str, member: &str) -> StoreResult<bool> {
        Ok(self.open_multimap_table(CHILDREN)?.insert(key, member)?)
    }

    fn remove_member(&self, key: &str, member: &str) -> StoreResult<()> {
        self.open_multimap_table(CHILDREN)?.remove(key, member)?;
        Ok(())
    }

    fn put_event(&self, seq: u64, bytes: &[u8]) -> StoreResult<()> {
        self.open_table(AUDIT)?.insert(seq, bytes)?;
        Ok(())
    }

    fn delete_event(&self, seq: u64) -> StoreResult<()> {
        self.open_table(AUDIT)?.remove(seq)?;
        Ok(())
    }
}

/// Dispatch a read to the backend in use.
macro_rules! dispatch_read {
    ($t:ty) => {
        impl KvRead for $t {
            fn get(&self, space: Space, key: &str) -> StoreResult<Option<Vec<u8>>> {
                match self {
                    Self::Redb(t) => t.get(space, key),
                    Self::Pg(t) => t.get(space, key),
                }
            }
            fn scan(
                &self,
                space: Space,
                lo: Bound<&str>,
                hi: Bound<&str>,
                rev: bool,
                f: &mut Visit<'_>,
            ) -> StoreResult<()> {
                match self {
                    Self::Redb(t) => t.scan(space, lo, hi, rev, f),
                    Self::Pg(t) => t.scan(space, lo, hi, rev, f),
                }
            }
            fn count(&self, space: Space) -> StoreResult<u64> {
                match self {
                    Self::Redb(t) => t.count(space),
                    Self::Pg(t) => t.count(space),
                }
            }
            fn members(&self, key: &str) -> StoreResult<Vec<String>> {
                match self {
                    Self::Redb(t) => t.members(key),
                    Self::Pg(t) => t.members(key),
                }
            }
            fn each_member(
                &self,
                f: &mut dyn FnMut(&str, &str) -> StoreResult<()>,
            ) -> StoreResult<()> {
                match self {
                    Self::Redb(t) => t.each_member(f),
                    Self::Pg(t) => t.each_member(f),
                }
            }
            fn event(&self, seq: u64) -> StoreResult<Option<Vec<u8>>> {
                match self {
                    Self::Redb(t) => t.event(seq),
                    Self::Pg(t) => t.event(seq),
                }
            }
            fn last_event(&self) -> StoreResult<Option<(u64, Vec<u8>)>> {
                match self {
                    Self::Redb(t) => t.last_event(),
                    Self::Pg(t) => t.last_event(),
                }
            }
            fn events(&self, after: u64, rev: bool, f: &mut VisitEvent<'_>) -> StoreResult<()> {
                match self {
                    Self::Redb(t) => t.events(after, rev, f),
                    Self::Pg(t) => t.events(after, rev, f),
                }
            }
        }
    };
}

dispatch_read!(ReadTxn);
dispatch_read!(WriteTxn);

impl KvWrite for WriteTxn {
    fn insert(&self, space: Space, key: &str, value: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        match self {
            Self::Redb(t) => t.insert(space, key, value),
            Self::Pg(t) => t.insert(space, key, value),
        }
    }
    fn delete(&self, space: Space, key: &str) -> StoreResult<Option<Vec<u8>>> {
        match self {
            Self::Redb(t) => t.delete(space, key),
            Self::Pg(t) => t.delete(space, key),
        }
    }
    fn add_member(&self, key: &str, member: &str) -> StoreResult<bool> {
        match self {
            Self::Redb(t) => t.add_member(key, member),
            Self::Pg(t) => t.add_member(key, member),
        }
    }
    fn remove_member(&self, key: &str, member: &str) -> StoreResult<()> {
        match self {
            Self::Redb(t) => t.remove_member(key, member),
            Self::Pg(t) => t.remove_member(key, member),
        }
    }
    fn put_event(&self, seq: u64, bytes: &[u8]) -> StoreResult<()> {
        match self {
            Self::Redb(t) => t.put_event(seq, bytes),
            Self::Pg(t) => t.put_event(seq, bytes),
        }
    }
    fn delete_event(&self, seq: u64) -> StoreResult<()> {
        match self {
            Self::Redb(t) => t.delete_event(seq),
            Self::Pg(t) => t.delete_event(seq),
        }
    }
}

/// Create every redb table so that readers never meet a missing one.
pub fn create_redb_tables(
    txn: &redb::WriteTransaction,
    spaces: impl IntoIterator<Item = Space>,
) -> StoreResult<()> {
    for s in spaces {
        if s.text {
            txn.open_table(text_table(s.name))?;
        } else {
            txn.open_table(bytes_table(s.name))?;
        }
    }
    txn.open_multimap_table(CHILDREN)?;
    txn.open_table(AUDIT)?;
    Ok(())
}

/// Open (or create) the embedded database.
pub fn open_redb(path: &std::path::Path, cache_bytes: usize) -> StoreResult<Backend> {
    Ok(Backend::Redb(
        redb::Database::builder()
            .set_cache_size(cache_bytes)
            .create(path)?,
    ))
}

/// An embedded database in memory (unit tests).
pub fn redb_in_memory() -> StoreResult<Backend> {
    Ok(Backend::Redb(
        redb::Database::builder().create_with_backend(redb::backends::InMemoryBackend::new())?,
    ))
}
