//! Transaction wrappers: typed record access for the store's operations, and the audit
//! append that every write must make in the same transaction.
//!
//! Several [`Store::write`](super::Store::write) closures share one redb transaction (group
//! commit), so each [`Tx`] keeps an undo log: every change it makes records how to take it
//! back, and a closure that fails is rolled back alone. A new mutating method on `Tx` must
//! push its [`Undo`] too, or a failing closure would leave that change in its neighbours'
//! commit.

use std::cell::RefCell;
use std::ops::Bound;

use time::OffsetDateTime;

use super::audit;
use super::kv::{KvRead, KvWrite, ReadTxn, Space, WriteTxn};
use super::page_scope::{self, PageChange};
use super::tables::{
    self, CHILD_KEYS, IndexTable, LOOKUP, Record, RecordTable, child_key, children_key,
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
    /// A key of a table (record or index) held `old` (None: it did not exist).
    Row {
        space: Space,
        key: String,
        old: Option<Vec<u8>>,
    },
    /// `child` was added under `key`.
    Child { key: String, child: String },
    /// Audit event `seq` was appended.
    Event { seq: u64 },
}

/// A write in progress: one closure's view of the (possibly shared) transaction.
pub struct Tx<'a> {
    txn: &'a WriteTxn,
    pub actor: &'a Actor,
    pub now: OffsetDateTime,
    undo: RefCell<Vec<Undo>>,
    /// Set by a write that only counts (link views): see [`Tx::only_counts`].
    only_counts: std::cell::Cell<bool>,
    /// Stripes of the records every page-visible change lies under, once declared (see
    /// [`Tx::pages_only_under`]).
    page_scope: RefCell<Option<Vec<usize>>>,
}

/// Tables no client page shows and no access rule reads: mail, webhook and reminder
/// bookkeeping, staff sessions. A write that touches only these leaves cached pages alone.
const BOOKKEEPING: [RecordTable; 8] = [
    tables::OUTBOX,
    tables::MAIL_NOTICES,
    tables::MAIL_REMINDERS,
    tables::MAIL_RENEWALS,
    tables::STAFF_SIGN_INS,
    tables::STAFF_SESSIONS,
    tables::META,
    super::webhooks::WEBHOOK_DELIVERIES,
];
const BOOKKEEPING_INDEXES: [IndexTable; 5] = [
    tables::OUTBOX_DUE,
    tables::WEBHOOK_DUE,
    tables::ACTIVITY_ITEMS,
    tables::ACTIVITY_SEEN,
    tables::REMINDER_CANDIDATES,
];

impl<'a> Tx<'a> {
    pub(super) fn new(txn: &'a WriteTxn, actor: &'a Actor, now: OffsetDateTime) -> Self {
        Self {
            txn,
            actor,
            now,
            undo: RefCell::new(Vec::new()),
            only_counts: std::cell::Cell::new(false),
            page_scope: RefCell::new(None),
        }
    }

    /// This write only moves counters that no client page shows and no access rule reads
    /// (how often and when a link was opened): it leaves cached pages and grants alone,
    /// so that counting views under load does not make every page render again.
    pub fn only_counts(&self) {
        self.only_counts.set(true);
    }

    /// Everything this write changed that a client page may show lies under these records
    /// (a client and one of its projects): only pages of those records go stale when it
    /// commits (see [`page_scope`](super::page_scope)). Without it, every cached page
    /// does. Say it only where it holds for every change the write makes; saying it twice
    /// widens the scope.
    pub fn pages_only_under(&self, ids: &[&str]) {
        let mut scope = self.page_scope.borrow_mut();
        let stripes = scope.get_or_insert_with(Vec::new);
        stripes.extend(ids.iter().map(|id| page_scope::stripe(id)));
    }

    /// What of the client pages this `Tx` changed (so which cached pages go stale).
    pub(super) fn changed_pages(&self) -> PageChange {
        if self.only_counts.get() {
            return PageChange::Nothing;
        }
        let changed = self.undo.borrow().iter().any(|u| match u {
            Undo::Row { space, .. } => {
                !BOOKKEEPING.iter().any(|t| t.name() == space.name)
                    && !BOOKKEEPING_INDEXES.iter().any(|t| t.name() == space.name)
            }
            Undo::Child { .. } | Undo::Event { .. } => true,
        });
        match &*self.page_scope.borrow() {
            _ if !changed => PageChange::Nothing,
            Some(stripes) => PageChange::within(stripes.clone()),
            None => PageChange::Everywhere,
        }
    }

    /// The bare transaction, for tests that tamper with stored bytes. Production writes go
    /// through the methods below, which record how to undo them.
    #[cfg(test)]
    pub(super) fn raw(&self) -> &WriteTxn {
        self.txn
    }

    /// Whether this `Tx` changed a client or a link grant (what the grant cache holds).
    pub(super) fn changed_access(&self) -> bool {
        !self.only_counts.get()
            && self.undo.borrow().iter().any(|u| {
                matches!(u, Undo::Row { space, .. }
                if space.name == tables::CLIENTS.name() || space.name == tables::GRANTS.name())
            })
    }

    /// Take back every change this `Tx` made, newest first, leaving the transaction as it
    /// was before the closure ran.
    pub(super) fn roll_back(&self) -> StoreResult<()> {
        let undo = std::mem::take(&mut *self.undo.borrow_mut());
        for step in undo.into_iter().rev() {
            match step {
                Undo::Row { space, key, old } => {
                    match old {
                        Some(bytes) => self.txn.insert(space, &key, &bytes)?,
                        None => self.txn.delete(space, &key)?,
                    };
                }
                Undo::Child { key, child } => self.txn.remove_member(&key, &child)?,
                Undo::Event { seq } => self.txn.delete_event(seq)?,
            }
        }
        Ok(())
    }

    /// Set `key` of a table, remembering what it held.
    fn set_row(&self, space: Space, key: &str, value: &[u8]) -> StoreResult<()> {
        let old = self.txn.insert(space, key, value)?;
        self.undo.borrow_mut().push(Undo::Row {
            space,
            key: key.to_owned(),
            old,
        });
        Ok(())
    }

    /// Remove `key` of a table (absent: nothing to do), remembering what it held.
    fn remove_row(&self, space: Space, key: &str) -> StoreResult<()> {
        let old = self.txn.delete(space, key)?;
        if old.is_some() {
            self.undo.borrow_mut().push(Undo::Row {
                space,
                key: key.to_owned(),
                old,
            });
        }
        Ok(())
    }

    /// Insert or replace a record.
    pub fn put<T: Record>(&self, record: &T) -> StoreResult<()> {
        self.set_row(T::TABLE.into(), record.id(), &tables::encode(record))
    }

    /// Add `child_id` under its parent's list.
    pub fn link_child(
        &self,
        parent_kind: &str,
        parent_id: &str,
        child_kind: &str,
        child_id: &str,
    ) -> StoreResult<()> {
        let key = children_key(parent_kind, parent_id, child_kind);
        let existed = self.txn.add_member(&key, child_id)?;
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
        self.remove_row(T::TABLE.into(), id)
    }

    pub fn set_lookup(&self, key: &str, id: &str) -> StoreResult<()> {
        self.index_set(LOOKUP, key, id)
    }

    /// Set `key` in an index table.
    pub fn index_set(&self, table: IndexTable, key: &str, value: &str) -> StoreResult<()> {
        self.set_row(table.into(), key, value.as_bytes())
    }

    /// Remove `key` from an index table (absent: nothing to do).
    pub fn index_remove(&self, table: IndexTable, key: &str) -> StoreResult<()> {
        self.remove_row(table.into(), key)
    }

    /// The value of `key` in an index table, if set.
    pub fn index_get(&self, table: IndexTable, key: &str) -> StoreResult<Option<String>> {
        index_value(self.txn.get(table.into(), key)?)
    }

    /// Remove every key of an index table that starts with `prefix`; returns the removed
    /// entries in key order.
    pub fn index_take_prefix(
        &self,
        table: IndexTable,
        prefix: &str,
    ) -> StoreResult<Vec<(String, String)>> {
        let mut taken = Vec::new();
        self.txn.scan(
            table.into(),
            Bound::Included(prefix),
            Bound::Unbounded,
            false,
            &mut |k, v| {
                if !k.starts_with(prefix) {
                    return Ok(false);
                }
                taken.push((k.to_owned(), String::from_utf8_lossy(v).into_owned()));
                Ok(true)
            },
        )?;
        for (key, _) in &taken {
            self.index_remove(table, key)?;
        }
        Ok(taken)
    }

    /// Up to `limit` entries of an index table with keys below `end`, in key order.
    pub fn index_before(
        &self,
        table: IndexTable,
        end: &str,
        limit: usize,
    ) -> StoreResult<Vec<(String, String)>> {
        index_rows(
            self.txn,
            table,
            Bound::Unbounded,
            Bound::Excluded(end),
            limit,
        )
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

/// An index value as text (they are only ever written from `&str`).
fn index_value(v: Option<Vec<u8>>) -> StoreResult<Option<String>> {
    Ok(v.map(|b| String::from_utf8_lossy(&b).into_owned()))
}

/// Up to `limit` entries of an index table between two bounds, in key order.
fn index_rows(
    kv: &impl KvRead,
    table: IndexTable,
    lo: Bound<&str>,
    hi: Bound<&str>,
    limit: usize,
) -> StoreResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    if limit == 0 {
        return Ok(out);
    }
    kv.scan(table.into(), lo, hi, false, &mut |k, v| {
        out.push((k.to_owned(), String::from_utf8_lossy(v).into_owned()));
        Ok(out.len() < limit)
    })?;
    Ok(out)
}

/// A read snapshot.
pub struct Rx {
    txn: ReadTxn,
}

impl Rx {
    pub(super) fn new(txn: ReadTxn) -> Self {
        Self { txn }
    }

    pub(super) fn raw(&self) -> &ReadTxn {
        &self.txn
    }

    /// Visit every record of a kind in key order without holding them all: for scans
    /// over tables that grow with the business (approvals), where `all` would allocate
    /// the whole table at once.
    ///
    /// # Errors
    /// When the database fails, a record does not decode, or `f` fails.
    pub fn each<T: Record>(&self, mut f: impl FnMut(T) -> StoreResult<()>) -> StoreResult<()> {
        self.txn.scan(
            T::TABLE.into(),
            Bound::Unbounded,
            Bound::Unbounded,
            false,
            &mut |k, v| {
                f(tables::decode(T::KIND, k, v)?)?;
                Ok(true)
            },
        )
    }

    /// Up to `limit` entries of an index table between two bounds, in key order.
    ///
    /// # Errors
    /// When the database fails.
    pub fn index_range(
        &self,
        table: IndexTable,
        lo: Bound<&str>,
        hi: Bound<&str>,
        limit: usize,
    ) -> StoreResult<Vec<(String, String)>> {
        index_rows(&self.txn, table, lo, hi, limit)
    }

    /// How many entries a table holds.
    ///
    /// # Errors
    /// When the database fails.
    pub fn count(&self, space: impl Into<Space>) -> StoreResult<u64> {
        self.txn.count(space.into())
    }

    /// Records of a kind newest key first, keeping those `keep` accepts, at most `limit`.
    ///
    /// # Errors
    /// When the database fails or a record does not decode.
    pub fn newest<T: Record>(
        &self,
        limit: usize,
        keep: impl Fn(&T) -> bool,
    ) -> StoreResult<Vec<T>> {
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        self.txn.scan(
            T::TABLE.into(),
            Bound::Unbounded,
            Bound::Unbounded,
            true,
            &mut |k, v| {
                let record: T = tables::decode(T::KIND, k, v)?;
                if keep(&record) {
                    out.push(record);
                }
                Ok(out.len() < limit)
            },
        )?;
        Ok(out)
    }

    /// One page of the records of a kind in key (id) order: a range read from the key
    /// after `req.after`, `req.limit + 1` rows at most, whatever the table's size.
    ///
    /// # Errors
    /// When the database fails or a record does not decode.
    pub fn page<T: Record>(&self, req: &PageRequest) -> StoreResult<Page<T>> {
        let start = req
            .after
            .as_deref()
            .map_or(Bound::Unbounded, Bound::Excluded);
        let mut read = Vec::with_capacity(req.limit + 1);
        self.txn.scan(
            T::TABLE.into(),
            start,
            Bound::Unbounded,
            false,
            &mut |k, v| {
                read.push((k.to_owned(), tables::decode(T::KIND, k, v)?));
                Ok(read.len() <= req.limit)
            },
        )?;
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
        let end = req
            .after
            .as_deref()
            .map_or(Bound::Unbounded, Bound::Excluded);
        let mut read = Vec::with_capacity(req.limit + 1);
        self.txn
            .scan(T::TABLE.into(), Bound::Unbounded, end, true, &mut |k, v| {
                let record: T = tables::decode(T::KIND, k, v)?;
                if keep(&record) {
                    read.push((k.to_owned(), record));
                }
                Ok(read.len() <= req.limit)
            })?;
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
        self.children_read(start, Bound::Excluded(end.as_str()), false, req.limit)
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
        self.children_read(
            Bound::Included(first.as_str()),
            Bound::Excluded(end.as_str()),
            true,
            req.limit,
        )
    }

    /// The records behind up to `limit + 1` rows of [`CHILD_KEYS`], as a page.
    fn children_read<T: Record>(
        &self,
        lo: Bound<&str>,
        hi: Bound<&str>,
        rev: bool,
        limit: usize,
    ) -> StoreResult<Page<T>> {
        let mut ids = Vec::with_capacity(limit + 1);
        self.txn
            .scan(CHILD_KEYS.into(), lo, hi, rev, &mut |_, id| {
                ids.push(String::from_utf8_lossy(id).into_owned());
                Ok(ids.len() <= limit)
            })?;
        let mut read = Vec::with_capacity(ids.len());
        for id in ids {
            let record = self.find::<T>(&id)?.ok_or(StoreError::NotFound(T::KIND))?;
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

/// The same reads for a write transaction in progress and a read snapshot: both hold
/// their backend's transaction in `txn`.
macro_rules! read_records_through_txn {
    ($($t:ty),+) => {$(
        impl ReadRecords for $t {
            fn find<T: Record>(&self, id: &str) -> StoreResult<Option<T>> {
                self.txn
                    .get(T::TABLE.into(), id)?
                    .map(|bytes| tables::decode(T::KIND, id, &bytes))
                    .transpose()
            }

            fn children(
                &self,
                parent_kind: &str,
                parent_id: &str,
                child_kind: &str,
            ) -> StoreResult<Vec<String>> {
                self.txn
                    .members(&children_key(parent_kind, parent_id, child_kind))
            }

            fn lookup(&self, key: &str) -> StoreResult<Option<String>> {
                index_value(self.txn.get(LOOKUP.into(), key)?)
            }
        }
    )+};
}

read_records_through_txn!(Tx<'_>, Rx);
