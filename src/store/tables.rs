//! Table definitions and their codec. Records are stored as JSON under their id; one
//! multimap indexes children by parent, so every list is a key lookup, never a scan.

use redb::{
    Database, MultimapTableDefinition, ReadTransaction, ReadableMultimapTable as _,
    ReadableTable as _, ReadableTableMetadata as _, TableDefinition, WriteTransaction,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{StoreError, StoreResult};
use crate::domain::mail::{OutboxMessage, PendingNotice, ReminderState, RenewalLog};
use crate::domain::{
    Approval, AuditEvent, Client, Comment, DecisionCode, FileRecord, FileRequest, LinkGrant,
    Milestone, MilestoneUpdate, Note, Project, Staff, StaffSession, StaffSignIn,
};

pub type RecordTable = TableDefinition<'static, &'static str, &'static [u8]>;

pub const STAFF: RecordTable = TableDefinition::new("staff");
pub const CLIENTS: RecordTable = TableDefinition::new("clients");
pub const PROJECTS: RecordTable = TableDefinition::new("projects");
pub const MILESTONES: RecordTable = TableDefinition::new("milestones");
pub const UPDATES: RecordTable = TableDefinition::new("milestone_updates");
pub const FILES: RecordTable = TableDefinition::new("files");
pub const APPROVALS: RecordTable = TableDefinition::new("approvals");
pub const COMMENTS: RecordTable = TableDefinition::new("comments");
pub const NOTES: RecordTable = TableDefinition::new("notes");
pub const GRANTS: RecordTable = TableDefinition::new("link_grants");
pub const STAFF_SIGN_INS: RecordTable = TableDefinition::new("staff_sign_ins");
pub const STAFF_SESSIONS: RecordTable = TableDefinition::new("staff_sessions");
pub const OUTBOX: RecordTable = TableDefinition::new("outbox");
pub const MAIL_NOTICES: RecordTable = TableDefinition::new("mail_notices");
pub const MAIL_REMINDERS: RecordTable = TableDefinition::new("mail_reminders");
pub const MAIL_RENEWALS: RecordTable = TableDefinition::new("mail_renewals");
pub const FILE_REQUESTS: RecordTable = TableDefinition::new("file_requests");
pub const DECISION_CODES: RecordTable = TableDefinition::new("decision_codes");

/// Unique lookups: `"<kind>:<value>"` -> id (staff token hash, staff email).
/// A table of string keys to string values (lookups, indexes).
pub type IndexTable = TableDefinition<'static, &'static str, &'static str>;

pub const LOOKUP: IndexTable = TableDefinition::new("lookup");
/// Queued messages by due time: `"<next attempt, unix seconds as hex>:<id>"` -> id.
pub const OUTBOX_DUE: IndexTable = TableDefinition::new("outbox_due");
/// Queued webhook deliveries by due time, keyed like [`OUTBOX_DUE`].
pub const WEBHOOK_DUE: IndexTable = TableDefinition::new("webhook_due");
/// Activity items waiting for their owner's digest: `<staff id>/<sortable id>` -> the item
/// (JSON), one row each.
pub const ACTIVITY_ITEMS: IndexTable = TableDefinition::new("activity_items");
/// What makes an item of an open activity batch a repeat: `<staff id>/<repeat key>` -> "".
pub const ACTIVITY_SEEN: IndexTable = TableDefinition::new("activity_seen");
/// Children by parent in key order, for paging by key range: `"<parent kind>:<parent
/// id>:<child kind>/<child id>"` -> child id. Kept beside [`CHILDREN`] by `Tx::link_child`.
pub const CHILD_KEYS: IndexTable = TableDefinition::new("child_keys");
/// Children by parent: `"<parent kind>:<parent id>:<child kind>"` -> child ids.
pub const CHILDREN: MultimapTableDefinition<'static, &'static str, &'static str> =
    MultimapTableDefinition::new("children");
/// The audit chain: seq -> event JSON (hash included).
pub const AUDIT: TableDefinition<'static, u64, &'static [u8]> = TableDefinition::new("audit");
/// Small settings of the store itself.
pub const META: TableDefinition<'static, &'static str, &'static [u8]> =
    TableDefinition::new("meta");

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

/// Create every table so that readers never meet a missing one.
pub fn create_all(txn: &WriteTransaction) -> StoreResult<()> {
    for t in RECORD_TABLES
        .into_iter()
        .chain(super::requests::TABLES)
        .chain(super::webhooks::TABLES)
        .chain(super::lists::TABLES)
    {
        txn.open_table(t)?;
    }
    for t in super::lists::INDEXES {
        txn.open_table(t)?;
    }
    txn.open_table(LOOKUP)?;
    txn.open_table(OUTBOX_DUE)?;
    txn.open_table(WEBHOOK_DUE)?;
    txn.open_table(ACTIVITY_ITEMS)?;
    txn.open_table(ACTIVITY_SEEN)?;
    txn.open_table(CHILD_KEYS)?;
    txn.open_multimap_table(CHILDREN)?;
    txn.open_table(AUDIT)?;
    txn.open_table(META)?;
    Ok(())
}

/// Copy every table of a snapshot into a fresh database; returns the number of entries.
pub fn copy_all(snapshot: &ReadTransaction, dest: &Database) -> StoreResult<u64> {
    let txn = dest.begin_write()?;
    create_all(&txn)?;
    let mut n = 0;
    for def in RECORD_TABLES
        .into_iter()
        .chain(super::requests::TABLES)
        .chain(super::webhooks::TABLES)
        .chain(super::lists::TABLES)
        .chain([META])
    {
        let src = snapshot.open_table(def)?;
        let mut dst = txn.open_table(def)?;
        for row in src.iter()? {
            let (k, v) = row?;
            dst.insert(k.value(), v.value())?;
            n += 1;
        }
    }
    for def in [
        LOOKUP,
        OUTBOX_DUE,
        WEBHOOK_DUE,
        CHILD_KEYS,
        ACTIVITY_ITEMS,
        ACTIVITY_SEEN,
    ]
    .into_iter()
    .chain(super::lists::INDEXES)
    {
        let src = snapshot.open_table(def)?;
        let mut dst = txn.open_table(def)?;
        for row in src.iter()? {
            let (k, v) = row?;
            dst.insert(k.value(), v.value())?;
            n += 1;
        }
    }
    {
        let src = snapshot.open_table(AUDIT)?;
        let mut dst = txn.open_table(AUDIT)?;
        for row in src.iter()? {
            let (k, v) = row?;
            dst.insert(k.value(), v.value())?;
            n += 1;
        }
    }
    {
        let src = snapshot.open_multimap_table(CHILDREN)?;
        let mut dst = txn.open_multimap_table(CHILDREN)?;
        for row in src.iter()? {
            let (k, values) = row?;
            for v in values {
                dst.insert(k.value(), v?.value())?;
                n += 1;
            }
        }
    }
    txn.commit()?;
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

/// Fill [`CHILD_KEYS`] from [`CHILDREN`] once, for a database written before it existed.
/// Returns how many keys were added.
pub fn backfill_child_keys(txn: &WriteTransaction) -> StoreResult<u64> {
    let mut keys = txn.open_table(CHILD_KEYS)?;
    if !keys.is_empty()? {
        return Ok(0);
    }
    let children = txn.open_multimap_table(CHILDREN)?;
    let mut n = 0;
    for row in children.iter()? {
        let (list, values) = row?;
        for v in values {
            let child = v?;
            keys.insert(
                child_key(list.value(), child.value()).as_str(),
                child.value(),
            )?;
            n += 1;
        }
    }
    Ok(n)
}
