//! Table definitions and their codec. Records are stored as JSON under their id; one
//! multimap indexes children by parent, so every list is a key lookup, never a scan.

use serde::Serialize;
use serde::de::DeserializeOwned;

use std::ops::Bound;

use super::kv::{KvRead, KvWrite, Space};
use super::{StoreError, StoreResult};
use crate::domain::mail::{OutboxMessage, PendingNotice, ReminderState, RenewalLog};
use crate::domain::{
    Approval, AuditEvent, Client, Comment, DecisionCode, FileRecord, FileRequest, LinkGrant,
    Milestone, MilestoneUpdate, Note, Project, Staff, StaffSession, StaffSignIn,
};

/// A table's type: its name, and (by the type) the shape of its values.
macro_rules! named_table {
    ($(#[$doc:meta])* $t:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $t(&'static str);

        impl $t {
            #[must_use]
            pub const fn new(name: &'static str) -> Self {
                Self(name)
            }

            #[must_use]
            pub const fn name(self) -> &'static str {
                self.0
            }
        }
    };
}

named_table!(
    /// A table of records: id -> JSON bytes.
    RecordTable
);

pub const STAFF: RecordTable = RecordTable::new("staff");
pub const CLIENTS: RecordTable = RecordTable::new("clients");
pub const PROJECTS: RecordTable = RecordTable::new("projects");
pub const MILESTONES: RecordTable = RecordTable::new("milestones");
pub const UPDATES: RecordTable = RecordTable::new("milestone_updates");
pub const FILES: RecordTable = RecordTable::new("files");
pub const APPROVALS: RecordTable = RecordTable::new("approvals");
pub const COMMENTS: RecordTable = RecordTable::new("comments");
pub const NOTES: RecordTable = RecordTable::new("notes");
pub const GRANTS: RecordTable = RecordTable::new("link_grants");
pub const STAFF_SIGN_INS: RecordTable = RecordTable::new("staff_sign_ins");
pub const STAFF_SESSIONS: RecordTable = RecordTable::new("staff_sessions");
pub const OUTBOX: RecordTable = RecordTable::new("outbox");
pub const MAIL_NOTICES: RecordTable = RecordTable::new("mail_notices");
pub const MAIL_REMINDERS: RecordTable = RecordTable::new("mail_reminders");
pub const MAIL_RENEWALS: RecordTable = RecordTable::new("mail_renewals");
pub const FILE_REQUESTS: RecordTable = RecordTable::new("file_requests");
pub const DECISION_CODES: RecordTable = RecordTable::new("decision_codes");

named_table!(
    /// A table of string keys to string values (lookups, indexes).
    IndexTable
);

/// Unique lookups: `"<kind>:<value>"` -> id (staff token hash, staff email).
pub const LOOKUP: IndexTable = IndexTable::new("lookup");
/// Queued messages by due time: `"<next attempt, unix seconds as hex>:<id>"` -> id.
pub const OUTBOX_DUE: IndexTable = IndexTable::new("outbox_due");
/// Queued webhook deliveries by due time, keyed like [`OUTBOX_DUE`].
pub const WEBHOOK_DUE: IndexTable = IndexTable::new("webhook_due");
/// Activity items waiting for their owner's digest: `<staff id>/<sortable id>` -> the item
/// (JSON), one row each.
pub const ACTIVITY_ITEMS: IndexTable = IndexTable::new("activity_items");
/// What makes an item of an open activity batch a repeat: `<staff id>/<repeat key>` -> "".
pub const ACTIVITY_SEEN: IndexTable = IndexTable::new("activity_seen");
/// Children by parent in key order, for paging by key range: `"<parent kind>:<parent
/// id>:<child kind>/<child id>"` -> child id. Kept beside the children multimap by `Tx::link_child`.
pub const CHILD_KEYS: IndexTable = IndexTable::new("child_keys");
// Children by parent (`"<parent kind>:<parent id>:<child kind>"` -> child ids) and the
// audit chain (seq -> event JSON, hash included) have shapes of their own: see `kv`.
/// Pending approvals a reminder may still be due for, by when they were (re)opened:
/// `"<opened_at, unix seconds, 12 digits>/<approval id>"` -> approval id. Added when an
/// approval is requested or re-opened; an entry whose approval has moved on is dropped
/// when the reminder scan reaches it, so the scan reads only what has waited long enough.
pub const REMINDER_CANDIDATES: IndexTable = IndexTable::new("reminder_candidates");
/// Small settings of the store itself.
pub const META: RecordTable = RecordTable::new("meta");

const RECORD_TABLES: [RecordTable; 18] = [
    STAFF,
    CLIENTS,
    PROJECTS,
    MILESTONES,
    UPDATES,
    FILES,
    APPROVALS,
    COMMENTS,
    NOTES,
    GRANTS,
    STAFF_SIGN_INS,
    STAFF_SESSIONS,
    OUTBOX,
    MAIL_NOTICES,
    MAIL_REMINDERS,
    MAIL_RENEWALS,
    FILE_REQUESTS,
    DECISION_CODES,
];

/// A record kept in its own table under its id.
pub trait Record: Serialize + DeserializeOwned {
    const TABLE: RecordTable;
    /// Singular name used in "not found" messages.
    const KIND: &'static str;
    fn id(&self) -> &str;
}

macro_rules! record {
    ($t:ty, $table:expr, $kind:literal, $id:ident) => {
        impl Record for $t {
            const TABLE: RecordTable = $table;
            const KIND: &'static str = $kind;
            fn id(&self) -> &str {
                &self.$id
            }
        }
    };
}
record!(Staff, STAFF, "staff member", id);
record!(Client, CLIENTS, "client", id);
record!(Project, PROJECTS, "project", id);
record!(Milestone, MILESTONES, "milestone", id);
record!(MilestoneUpdate, UPDATES, "update", id);
record!(FileRecord, FILES, "file", id);
record!(Approval, APPROVALS, "approval", id);
record!(Comment, COMMENTS, "comment", id);
record!(Note, NOTES, "note", id);
record!(LinkGrant, GRANTS, "link", grant_id);
record!(StaffSignIn, STAFF_SIGN_INS, "sign-in link", id);
record!(StaffSession, STAFF_SESSIONS, "session", id);
record!(OutboxMessage, OUTBOX, "message", id);
record!(PendingNotice, MAIL_NOTICES, "mail notice", id);
record!(ReminderState, MAIL_REMINDERS, "reminder", id);
record!(RenewalLog, MAIL_RENEWALS, "renewal log", id);
record!(FileRequest, FILE_REQUESTS, "file request", id);
record!(DecisionCode, DECISION_CODES, "decision code", id);

pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising our own plain structs cannot fail (no maps with non-string keys).
    serde_json::to_vec(value).unwrap_or_default()
}

pub fn decode<T: DeserializeOwned>(table: &'static str, key: &str, bytes: &[u8]) -> StoreResult<T> {
    serde_json::from_slice(bytes).map_err(|source| StoreError::Corrupt {
        table,
        key: key.to_owned(),
        source,
    })
}

pub fn decode_event(seq: u64, bytes: &[u8]) -> StoreResult<AuditEvent> {
    decode("audit", &seq.to_string(), bytes)
}

/// Every table with string keys, records and indexes alike (the children multimap and
/// the audit chain aside).
pub fn all_spaces() -> impl Iterator<Item = Space> {
    RECORD_TABLES
        .into_iter()
        .chain(super::requests::TABLES)
        .chain(super::webhooks::TABLES)
        .chain(super::lists::TABLES)
        .chain([META])
        .map(Space::from)
        .chain(
            [
                LOOKUP,
                OUTBOX_DUE,
                WEBHOOK_DUE,
                CHILD_KEYS,
                ACTIVITY_ITEMS,
                ACTIVITY_SEEN,
                REMINDER_CANDIDATES,
            ]
            .into_iter()
            .chain(super::lists::INDEXES)
            .map(Space::from),
        )
}

/// Copy every row of every table from `src` into `dst` (backups, moving between
/// backends); returns the number of entries copied.
///
/// # Errors
/// When either side fails.
pub fn copy_all(src: &impl KvRead, dst: &impl KvWrite) -> StoreResult<u64> {
    let mut n = 0;
    for space in all_spaces() {
        src.scan(
            space,
            Bound::Unbounded,
            Bound::Unbounded,
            false,
            &mut |k, v| {
                dst.insert(space, k, v)?;
                n += 1;
                Ok(true)
            },
        )?;
    }
    src.events(0, false, &mut |seq, v| {
        dst.put_event(seq, v)?;
        n += 1;
        Ok(true)
    })?;
    src.each_member(&mut |k, m| {
        dst.add_member(k, m)?;
        n += 1;
        Ok(())
    })?;
    Ok(n)
}

/// Key of a children list.
pub fn children_key(parent_kind: &str, parent_id: &str, child_kind: &str) -> String {
    format!("{parent_kind}:{parent_id}:{child_kind}")
}

/// Key of one child in [`CHILD_KEYS`]: its list's key, `/`, its id. Ids hold no `/`, so a
/// list's children are exactly the keys from `<list>/` up to `<list>0` (`0` follows `/`).
pub fn child_key(list: &str, child_id: &str) -> String {
    format!("{list}/{child_id}")
}

/// Fill [`CHILD_KEYS`] from the children multimap once, for a database written before it
/// existed. Returns how many keys were added.
///
/// # Errors
/// When the database fails.
pub fn backfill_child_keys(txn: &impl KvWrite) -> StoreResult<u64> {
    let keys = Space::from(CHILD_KEYS);
    if txn.count(keys)? > 0 {
        return Ok(0);
    }
    let mut pairs = Vec::new();
    txn.each_member(&mut |list, child| {
        pairs.push((child_key(list, child), child.to_owned()));
        Ok(())
    })?;
    for (key, child) in &pairs {
        txn.insert(keys, key, child.as_bytes())?;
    }
    Ok(pairs.len() as u64)
}
