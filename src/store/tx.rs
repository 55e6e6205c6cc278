//! Transaction wrappers: typed record access for the store's operations, and the audit
//! append that every write must make in the same transaction.
//!
//! Several [`Store::write`](super::Store::write) closures share one redb transaction (group
//! commit), so each [`Tx`] keeps an undo log: every change it makes records how to take it
//! back, and a closure that fails is rolled back alone. A new mutating method on `Tx` must
//! push its [`Undo`] too, or a failing closure would leave that change in its neighbours'
//! commit.

use std::cell::RefCell;

use redb::{
    AccessGuard, ReadTransaction, ReadableMultimapTable, ReadableTable, StorageError,
    WriteTransaction,
};
use time::OffsetDateTime;

use super::audit;
use std::ops::Bound;

use super::tables::{
    self, AUDIT, CHILD_KEYS, CHILDREN, IndexTable, LOOKUP, Record, RecordTable, child_key,
    children_key,
};
use super::{StoreError, StoreResult};
use crate::domain::AuditEvent;
use crate::domain::paging::{Page, PageRequest};

/// Who causes a change; written into the audit chain as `staff:<id>`, `link:<grant_id>`, `system`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Staff { id: String, name: String },
    Link { grant_id: String },
    System,
}

impl Actor {
    /// The audit chain's actor string.
    #[must_use]
    pub fn audit_name(&self) -> String {
        match self {
            Self::Staff { id, .. } => format!("staff:{id}"),
            Self::Link { grant_id } => format!("link:{grant_id}"),
            Self::System => "system".to_owned(),
        }
    }

    /// A display name for records that keep one (update author, uploader).
    #[must_use]
    pub fn display_name(&self) -> String {
        match self {
            Self::Staff { name, .. } => name.clone(),
            Self::Link { grant_id } => format!("link {grant_id}"),
            Self::System => "porthole".to_owned(),
        }
    }

    /// The id kept on records (`issued_by`, `requested_by`, `uploaded_by`).
    #[must_use]
    pub fn id(&self) -> String {
        match self {
            Self::Staff { id, .. } => id.clone(),
            Self::Link { grant_id } => grant_id.clone(),
            Self::System => "system".to_owned(),
        }
    }
}

/// How to take back one change made through a [`Tx`].
enum Undo {
    /// A record key held `old` (None: it did not exist).
    Record {
        table: RecordTable,
        key: String,
        old: Option<Vec<u8>>,
    },
    /// An index key (lookup, outbox due times) held `old` (None: it did not exist).
    Index {
        table: IndexTable,
        key: String,
        old: Option<String>,
    },
    /// `child` was added under `key`.
    Child { key: String, child: String },
    /// Audit event `seq` was appended.
    Event { seq: u64 },
}

/// A write in progress: one closure's view of the (possibly shared) transaction.
pub struct Tx<'a> {
    txn: &'a WriteTransaction,
    pub actor: &'a Actor,
    pub now: OffsetDateTime,
    undo: RefCell<Vec<Undo>>,
}

impl<'a> Tx<'a> {
    pub(super) fn new(txn: &'a WriteTransaction, actor: &'a Actor, now: OffsetDateTime) -> Self {
        Self {
            txn,
            actor,
            now,
            undo: RefCell::new(Vec::new()),
        }
    }

    /// The bare transaction, for tests that tamper with stored bytes. Production writes go
    /// through the methods below, which record how to undo them.
    #[cfg(test)]
    pub(super) fn raw(&self) -> &WriteTransaction {
        self.txn
    }

    /// Whether this `Tx` changed a client or a link grant (what the grant cache holds).
    pub(super) fn changed_access(&self) -> bool {
        use redb::TableHandle as _;
        self.undo.borrow().iter().any(|u| {
            matches!(u, Undo::Record { table, .. }
                if table.name() == tables::CLIENTS.name() || table.name() == tables::GRANTS.name())
        })
    }

    /// Take back every change this `Tx` made, newest first, leaving the transaction as it
    /// was before the closure ran.
    pub(super) fn roll_back(&self) -> StoreResult<()> {
        let undo = std::mem::take(&mut *self.undo.borrow_mut());
        for step in undo.into_iter().rev() {
            match step {
                Undo::Record { table, key, old } => {
                    let mut t = self.txn.open_table(table)?;
                    match old {
                        Some(bytes) => t.insert(key.as_str(), bytes.as_slice())?,
                        None => t.remove(key.as_str())?,
                    };
                }
                Undo::Index { table, key, old } => {
                    let mut t = self.txn.open_table(table)?;
                    match old {
                        Some(id) => t.insert(key.as_str(), id.as_str())?,
                        None => t.remove(key.as_str())?,
                    };
                }
                Undo::Child { key, child } => {
                    let mut t = self.txn.open_multimap_table(CHILDREN)?;
                    t.remove(key.as_str(), child.as_str())?;
                }
                Undo::Event { seq } => {
                    let mut t = self.txn.open_table(AUDIT)?;
                    t.remove(seq)?;
                }
            }
        }
        Ok(())
    }

    /// Insert or replace a record.
    pub fn put<T: Record>(&self, record: &T) -> StoreResult<()> {
        let mut t = self.txn.open_table(T::TABLE)?;
        let old = t
            .insert(record.id(), tables::encode(record).as_slice())?
            .map(|g| g.value().to_vec());
        self.undo.borrow_mut().push(Undo::Record {
            table: T::TABLE,
            key: record.id().to_owned(),
            old,
        });
        Ok(())
    }

    /// Add `child_id` under its parent's list.
    pub fn link_child(
        &self,
        parent_kind: &str,
        parent_id: &str,
        child_kind: &str,
        child_id: &str,
    ) -> StoreResult<()> {
        let mut t = self.txn.open_multimap_table(CHILDREN)?;
        let key = children_key(parent_kind, parent_id, child_kind);
        let existed = t.insert(key.as_str(), child_id)?;
        if !existed {
            self.undo.borrow_mut().push(Undo::Child {
                key: key.clone(),
                child: child_id.to_owned(),
            });
            self.index_set(CHILD_KEYS, &child_key(&key, child_id), child_id)?;
        }
        Ok(())
    }

    /// Remove a record (absent: nothing to do).
    pub fn remove<T: Record>(&self, id: &str) -> StoreResult<()> {
        let mut t = self.txn.open_table(T::TABLE)?;
        let old = t.remove(id)?.map(|g| g.value().to_vec());
        if old.is_some() {
            self.undo.borrow_mut().push(Undo::Record {
                table: T::TABLE,
                key: id.to_owned(),
                old,
            });
        }
        Ok(())
    }

    pub fn set_lookup(&self, key: &str, id: &str) -> StoreResult<()> {
        self.index_set(LOOKUP, key, id)
    }

    /// Set `key` in an index table.
    pub fn index_set(&self, table: IndexTable, key: &str, value: &str) -> StoreResult<()> {
        let mut t = self.txn.open_table(table)?;
        let old = t.insert(key, value)?.map(|g| g.value().to_owned());
        self.undo.borrow_mut().push(Undo::Index {
            table,
            key: key.to_owned(),
            old,
        });
        Ok(())
    }

    /// Remove `key` from an index table (absent: nothing to do).
    pub fn index_remove(&self, table: IndexTable, key: &str) -> StoreResult<()> {
        let mut t = self.txn.open_table(table)?;
        let old = t.remove(key)?.map(|g| g.value().to_owned());
        if old.is_some() {
            self.undo.borrow_mut().push(Undo::Index {
                table,
                key: key.to_owned(),
                old,
            });
        }
        Ok(())
    }

    /// The value of `key` in an index table, if set.
    pub fn index_get(&self, table: IndexTable, key: &str) -> StoreResult<Option<String>> {
        lookup_in(&self.txn.open_table(table)?, key)
    }

    /// Remove every key of an index table that starts with `prefix`; returns the removed
    /// entries in key order.
    pub fn index_take_prefix(
        &self,
        table: IndexTable,
        prefix: &str,
    ) -> StoreResult<Vec<(String, String)>> {
        let taken = {
            let t = self.txn.open_table(table)?;
            let mut taken = Vec::new();
            for row in t.range(prefix..)? {
                let (k, v) = row?;
                if !k.value().starts_with(prefix) {
                    break;
                }
                taken.push((k.value().to_owned(), v.value().to_owned()));
            }
            taken
        };
        for (key, _) in &taken {
            self.index_remove(table, key)?;
        }
        Ok(taken)
    }

    /// Append one event to the audit chain, in this transaction. Returns the event (with its
    /// seq and hash) so that evidence can quote them.
    pub fn audit(
        &self,
        kind: &str,
        subjects: &[&str],
        details: serde_json::Value,
    ) -> StoreResult<AuditEvent> {
        let event = audit::append(self.txn, self.actor, self.now, kind, subjects, details)?;
        self.undo.borrow_mut().push(Undo::Event { seq: event.seq });
        Ok(event)
    }
}

/// A read snapshot.
pub struct Rx {
    txn: ReadTransaction,
}

impl Rx {
    pub(super) fn new(txn: ReadTransaction) -> Self {
        Self { txn }
    }

    pub(super) fn raw(&self) -> &ReadTransaction {
        &self.txn
    }

    /// Visit every record of a kind in key order without holding them all: for scans
    /// over tables that grow with the business (approvals), where `all` would allocate
    /// the whole table at once.
    ///
    /// # Errors
    /// When the database fails, a record does not decode, or `f` fails.
    pub fn each<T: Record>(&self, mut f: impl FnMut(T) -> StoreResult<()>) -> StoreResult<()> {
        let t = self.txn.open_table(T::TABLE)?;
        for row in t.iter()? {
            let (k, v) = row?;
            f(tables::decode(T::KIND, k.value(), v.value())?)?;
        }
        Ok(())
    }

    /// One page of the records of a kind in key (id) order: a range read from the key
    /// after `req.after`, `req.limit + 1` rows at most, whatever the table's size.
    ///
    /// # Errors
    /// When the database fails or a record does not decode.
    pub fn page<T: Record>(&self, req: &PageRequest) -> StoreResult<Page<T>> {
        let t = self.txn.open_table(T::TABLE)?;
        let start = req
            .after
            .as_deref()
            .map_or(Bound::Unbounded, Bound::Excluded);
        let mut read = Vec::with_capacity(req.limit + 1);
        for row in t
            .range::<&str>((start, Bound::Unbounded))?
            .take(req.limit + 1)
        {
            let (k, v) = row?;
            read.push((
                k.value().to_owned(),
                tables::decode(T::KIND, k.value(), v.value())?,
            ));
        }
        Ok(Page::from_read(read, req.limit))
    }

    /// One page of the records of a kind whose keys sort by time, newest first, keeping
    /// those `keep` accepts (a filter reads past the rows it skips).
    ///
    /// # Errors
    /// When the database fails or a record does not decode.
    pub fn page_newest_first<T: Record>(
        &self,
        req: &PageRequest,
        keep: impl Fn(&T) -> bool,
    ) -> StoreResult<Page<T>> {
        let t = self.txn.open_table(T::TABLE)?;
        let end = req
            .after
            .as_deref()
            .map_or(Bound::Unbounded, Bound::Excluded);
        let mut read = Vec::with_capacity(req.limit + 1);
        for row in t.range::<&str>((Bound::Unbounded, end))?.rev() {
            if read.len() > req.limit {
                break;
            }
            let (k, v) = row?;
            let record: T = tables::decode(T::KIND, k.value(), v.value())?;
            if keep(&record) {
                read.push((k.value().to_owned(), record));
            }
        }
        Ok(Page::from_read(read, req.limit))
    }

    /// One page of a parent's children in id order, read by key range from
    /// [`CHILD_KEYS`]: its cost does not grow with the number of children.
    ///
    /// # Errors
    /// When the database fails or a record is missing or does not decode.
    pub fn child_page<T: Record>(
        &self,
        parent_kind: &str,
        parent_id: &str,
        child_kind: &str,
        req: &PageRequest,
    ) -> StoreResult<Page<T>> {
        let list = children_key(parent_kind, parent_id, child_kind);
        let first = child_key(&list, "");
        let after = req.after.as_deref().map(|a| child_key(&list, a));
        let end = format!("{list}0");
        let start = after
            .as_deref()
            .map_or(Bound::Included(first.as_str()), Bound::Excluded);
        let keys = self.txn.open_table(CHILD_KEYS)?;
        let ids = keys.range::<&str>((start, Bound::Excluded(end.as_str())))?;
        self.children_read(ids, req.limit)
    }

    /// [`Self::child_page`] newest first, for children whose ids sort by time (logs).
    ///
    /// # Errors
    /// When the database fails or a record is missing or does not decode.
    pub fn child_page_newest_first<T: Record>(
        &self,
        parent_kind: &str,
        parent_id: &str,
        child_kind: &str,
        req: &PageRequest,
    ) -> StoreResult<Page<T>> {
        let list = children_key(parent_kind, parent_id, child_kind);
        let first = child_key(&list, "");
        // Before the cursor's key, or else before the first key past this list.
        let end = req
            .after
            .as_deref()
            .map_or_else(|| format!("{list}0"), |a| child_key(&list, a));
        let keys = self.txn.open_table(CHILD_KEYS)?;
        let ids = keys
            .range::<&str>((
                Bound::Included(first.as_str()),
                Bound::Excluded(end.as_str()),
            ))?
            .rev();
        self.children_read(ids, req.limit)
    }

    /// The records behind up to `limit + 1` rows of [`CHILD_KEYS`], as a page.
    fn children_read<'a, T: Record>(
        &self,
        rows: impl Iterator<
            Item = Result<
                (AccessGuard<'a, &'static str>, AccessGuard<'a, &'static str>),
                StorageError,
            >,
        >,
        limit: usize,
    ) -> StoreResult<Page<T>> {
        let records = self.txn.open_table(T::TABLE)?;
        let mut read = Vec::with_capacity(limit + 1);
        for row in rows.take(limit + 1) {
            let (_, id) = row?;
            let id = id.value().to_owned();
            let record = find_in::<T>(&records, &id)?.ok_or(StoreError::NotFound(T::KIND))?;
            read.push((id, record));
        }
        Ok(Page::from_read(read, limit))
    }

    /// Every record of one type (small tables only: staff, clients).
    pub fn all<T: Record>(&self) -> StoreResult<Vec<T>> {
        let mut out = Vec::new();
        self.each(|r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }
}

/// Record reads, the same for a write transaction in progress and a read snapshot.
pub trait ReadRecords {
    /// A record by id, or None.
    fn find<T: Record>(&self, id: &str) -> StoreResult<Option<T>>;

    /// Child ids of a parent.
    fn children(
        &self,
        parent_kind: &str,
        parent_id: &str,
        child_kind: &str,
    ) -> StoreResult<Vec<String>>;

    /// A unique lookup (`"<kind>:<value>"` -> id).
    fn lookup(&self, key: &str) -> StoreResult<Option<String>>;

    /// A record by id, or `NotFound`.
    fn get<T: Record>(&self, id: &str) -> StoreResult<T> {
        self.find(id)?.ok_or(StoreError::NotFound(T::KIND))
    }

    /// Children decoded as records.
    fn child_records<T: Record>(
        &self,
        parent_kind: &str,
        parent_id: &str,
        child_kind: &str,
    ) -> StoreResult<Vec<T>> {
        self.children(parent_kind, parent_id, child_kind)?
            .iter()
            .map(|id| self.get(id))
            .collect()
    }
}

fn find_in<T: Record>(
    t: &impl ReadableTable<&'static str, &'static [u8]>,
    id: &str,
) -> StoreResult<Option<T>> {
    t.get(id)?
        .map(|g| tables::decode(T::KIND, id, g.value()))
        .transpose()
}

fn children_in(
    t: &impl ReadableMultimapTable<&'static str, &'static str>,
    parent_kind: &str,
    parent_id: &str,
    child_kind: &str,
) -> StoreResult<Vec<String>> {
    t.get(children_key(parent_kind, parent_id, child_kind).as_str())?
        .map(|v| Ok(v?.value().to_owned()))
        .collect()
}

fn lookup_in(
    t: &impl ReadableTable<&'static str, &'static str>,
    key: &str,
) -> StoreResult<Option<String>> {
    Ok(t.get(key)?.map(|g| g.value().to_owned()))
}

/// The same reads for a write transaction in progress and a read snapshot: both hold
/// their redb transaction in `txn`, whose tables open alike for reading.
macro_rules! read_records_through_txn {
    ($($t:ty),+) => {$(
        impl ReadRecords for $t {
            fn find<T: Record>(&self, id: &str) -> StoreResult<Option<T>> {
                find_in(&self.txn.open_table(T::TABLE)?, id)
            }

            fn children(
                &self,
                parent_kind: &str,
                parent_id: &str,
                child_kind: &str,
            ) -> StoreResult<Vec<String>> {
                children_in(
                    &self.txn.open_multimap_table(CHILDREN)?,
                    parent_kind,
                    parent_id,
                    child_kind,
                )
            }

            fn lookup(&self, key: &str) -> StoreResult<Option<String>> {
                lookup_in(&self.txn.open_table(LOOKUP)?, key)
            }
        }
    )+};
}

read_records_through_txn!(Tx<'_>, Rx);
