//! Record lists, store side (SPEC 12): list definitions under their slug, rows under a
//! random id, found by `<slug>/<external_id>` and read per client by key range from
//! `<slug>/<client_id>/<external_id>`. Every write appends its audit event in the same
//! transaction; the event carries hashes of the values, never the values themselves, so
//! an internal column cannot reach an export through the audit chain.

use std::collections::BTreeMap;
use std::ops::Bound;

use serde_json::{Value, json};
use time::{Date, OffsetDateTime};

use super::tables::{IndexTable, LOOKUP, Record, RecordTable};
use super::tx::{ReadRecords, Rx, Tx};
use super::{Actor, Store, StoreError, StoreResult, outbox};
use crate::domain::lists::{ListDef, ListRow, visible_sha256};
use crate::domain::mail::Notice;
use crate::domain::paging::{Page, PageRequest};
use crate::domain::{
    Approval, ApprovalRule, ApprovalStatus, Client, FileRecord, Project, ProjectStatus, RowRef,
    new_id, validate,
};

pub const LISTS: RecordTable = RecordTable::new("lists");
pub const LIST_ROWS: RecordTable = RecordTable::new("list_rows");
/// A client's rows of a list in external-id order: `<slug>/<client_id>/<external_id>` -> row id.
pub const CLIENT_ROWS: IndexTable = IndexTable::new("list_client_rows");

/// The record tables of this module, created and copied with the others.
pub const TABLES: [RecordTable; 2] = [LISTS, LIST_ROWS];
/// Its index tables.
pub const INDEXES: [IndexTable; 1] = [CLIENT_ROWS];

impl Record for ListDef {
    const TABLE: RecordTable = LISTS;
    const KIND: &'static str = "list";
    fn id(&self) -> &str {
        &self.slug
    }
}

impl Record for ListRow {
    const TABLE: RecordTable = LIST_ROWS;
    const KIND: &'static str = "row";
    fn id(&self) -> &str {
        &self.id
    }
}

fn row_lookup(slug: &str, external_id: &str) -> String {
    format!("list_row:{slug}/{external_id}")
}

fn client_key(slug: &str, client_id: &str, external_id: &str) -> String {
    format!("{slug}/{client_id}/{external_id}")
}

/// A row to write, its values checked against the list already.
#[derive(Debug, Clone)]
pub struct RowPut {
    pub external_id: String,
    pub client_id: String,
    pub project_id: Option<String>,
    pub values: BTreeMap<String, Value>,
}

/// What a write did to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowChange {
    Created,
    Replaced,
    /// The same values again: nothing written, no event.
    Unchanged,
}

/// The current version's SHA-256 of each file a row names.
fn file_sha(rx: &impl ReadRecords, id: &str) -> Option<String> {
    rx.find::<FileRecord>(id)
        .ok()
        .flatten()
        .and_then(|f| f.current().map(|v| v.sha256.clone()))
}

/// The row's client-visible SHA-256 as stored now (its files' current versions).
///
/// # Errors
/// None in practice; kept fallible for the store's reads.
pub fn current_visible_sha(
    rx: &impl ReadRecords,
    def: &ListDef,
    row: &ListRow,
) -> StoreResult<String> {
    Ok(visible_sha256(def, &row.external_id, &row.values, &|id| {
        file_sha(rx, id)
    }))
}

/// Files a row names must be files of the row's client.
fn check_files(tx: &Tx<'_>, def: &ListDef, put: &RowPut) -> StoreResult<()> {
    for col in def.columns.iter().filter(|c| c.kind.holds_files()) {
        let Some(v) = put.values.get(&col.key) else {
            continue;
        };
        let ids: Vec<&str> = match v {
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            Value::String(s) => vec![s.as_str()],
            _ => vec![],
        };
        for id in ids {
            let owner = match tx.find::<FileRecord>(id)? {
                Some(f) => tx.find::<Project>(&f.project_id)?.map(|p| p.client_id),
                None => None,
            };
            if owner.as_deref() != Some(put.client_id.as_str()) {
                return Err(StoreError::Invalid {
                    field: "values",
                    message: format!("{}: {id} is not a file of this client", col.key),
                });
            }
        }
    }
    Ok(())
}

/// Write one row inside `tx` (create, replace, or nothing when unchanged). A pending
/// approval on the row whose client-visible form changed is re-opened on the new form,
/// so a decision form made before answers 409.
///
/// # Errors
/// `Invalid` client, project or file; a database failure.
pub fn put_row_in(tx: &Tx<'_>, def: &ListDef, put: RowPut) -> StoreResult<(ListRow, RowChange)> {
    if tx.find::<Client>(&put.client_id)?.is_none() {
        return Err(StoreError::invalid("client_id", "no such client"));
    }
    if let Some(pid) = &put.project_id {
        let p = tx.find::<Project>(pid)?;
        if p.is_none_or(|p| p.client_id != put.client_id) {
            return Err(StoreError::invalid(
                "project_id",
                "is not a project of this client",
            ));
        }
    }
    check_files(tx, def, &put)?;
    let sha = visible_sha256(def, &put.external_id, &put.values, &|id| file_sha(tx, id));
    let existing: Option<ListRow> = match tx.lookup(&row_lookup(&def.slug, &put.external_id))? {
        Some(id) => tx.find(&id)?,
        None => None,
    };
    let (row, change) = match existing {
        Some(old)
            if old.client_id == put.client_id
                && old.project_id == put.project_id
                && old.values == put.values
                && old.visible_sha256 == sha =>
        {
            return Ok((old, RowChange::Unchanged));
        }
        Some(old) => {
            if old.client_id != put.client_id {
                tx.index_remove(
                    CLIENT_ROWS,
                    &client_key(&def.slug, &old.client_id, &old.external_id),
                )?;
            }
            let row = ListRow {
                client_id: put.client_id,
                project_id: put.project_id,
                values: put.values,
                visible_sha256: sha,
                updated_at: tx.now,
                ..old.clone()
            };
            if old.visible_sha256 != row.visible_sha256 {
                reopen_row_approvals(tx, &row)?;
            }
            (row, RowChange::Replaced)
        }
        None => {
            let row = ListRow {
                id: new_id(),
                list: def.slug.clone(),
                external_id: put.external_id,
                client_id: put.client_id,
                project_id: put.project_id,
                values: put.values,
                visible_sha256: sha,
                created_at: tx.now,
                updated_at: tx.now,
            };
            tx.set_lookup(&row_lookup(&def.slug, &row.external_id), &row.id)?;
            (row, RowChange::Created)
        }
    };
    tx.put(&row)?;
    tx.index_set(
        CLIENT_ROWS,
        &client_key(&def.slug, &row.client_id, &row.external_id),
        &row.id,
    )?;
    tx.audit(
        "list.row_put",
        &[&row.client_id, &row.id],
        json!({
            "list": def.slug, "external_id": row.external_id, "project_id": row.project_id,
            "created": change == RowChange::Created,
            "values_sha256": crate::domain::lists::values_sha256(&row.values),
            "visible_sha256": row.visible_sha256,
        }),
    )?;
    Ok((row, change))
}

/// Re-open the pending approvals of a row on its new client-visible form.
fn reopen_row_approvals(tx: &Tx<'_>, row: &ListRow) -> StoreResult<()> {
    for id in tx.children("listrow", &row.id, "approvals")? {
        let Some(mut a) = tx.find::<Approval>(&id)? else {
            continue;
        };
        if a.status != ApprovalStatus::Pending {
            continue;
        }
        a.target_sha256 = Some(row.visible_sha256.clone());
        a.round += 1;
        a.opened_at = tx.now;
        tx.put(&a)?;
        super::reminder_candidates::note(tx, &a)?;
        tx.audit(
            "approval.reopened",
            &[&row.client_id, &a.id],
            json!({"row_id": row.id, "sha256": a.target_sha256, "round": a.round}),
        )?;
    }
    Ok(())
}

/// A row by list and external id.
///
/// # Errors
/// `NotFound`.
pub fn row_in(rx: &impl ReadRecords, slug: &str, external_id: &str) -> StoreResult<ListRow> {
    let id = rx
        .lookup(&row_lookup(slug, external_id))?
        .ok_or(StoreError::NotFound("row"))?;
    rx.get(&id)
}

/// Every row of one client in a list, in external-id order, read by key range.
///
/// # Errors
/// A database failure.
pub fn client_rows(rx: &Rx, slug: &str, client_id: &str) -> StoreResult<Vec<ListRow>> {
    client_rows_after(rx, slug, client_id, None, usize::MAX, &|_| true)
}

/// Up to `limit` rows of one client in a list that `keep` accepts, in external-id order
/// after `after`: a key range read that stops once it has enough, whatever the list's size.
///
/// # Errors
/// A database failure.
pub fn client_rows_after(
    rx: &Rx,
    slug: &str,
    client_id: &str,
    after: Option<&str>,
    limit: usize,
    keep: &dyn Fn(&ListRow) -> bool,
) -> StoreResult<Vec<ListRow>> {
    let first = format!("{slug}/{client_id}/");
    let from = after.map(|a| client_key(slug, client_id, a));
    let end = format!("{slug}/{client_id}0");
    let start = from
        .as_deref()
        .map_or(Bound::Included(first.as_str()), Bound::Excluded);
    // Rows `keep` turns down are read past, a chunk of keys at a time.
    let mut out = Vec::new();
    let mut cursor = start.map(str::to_owned);
    while out.len() < limit {
        let lo = match &cursor {
            Bound::Included(k) => Bound::Included(k.as_str()),
            Bound::Excluded(k) => Bound::Excluded(k.as_str()),
            Bound::Unbounded => Bound::Unbounded,
        };
        let keys = rx.index_range(
            CLIENT_ROWS,
            lo,
            Bound::Excluded(end.as_str()),
            limit.max(16),
        )?;
        let Some((last, _)) = keys.last() else {
            break;
        };
        cursor = Bound::Excluded(last.clone());
        for (_, id) in &keys {
            if let Some(row) = rx.find::<ListRow>(id)?
                && keep(&row)
            {
                out.push(row);
                if out.len() >= limit {
                    break;
                }
            }
        }
    }
    Ok(out)
}

/// For a row approval, the project it stands under: the row's, or for a row of no
/// project a stand-in (empty id) carrying the row's client and the list's name, which the
/// access policy reads as client-wide.
///
/// # Errors
/// `NotFound` for a missing project or row.
pub fn approval_project(rx: &impl ReadRecords, a: &Approval) -> StoreResult<Project> {
    match &a.row {
        Some(r) if a.project_id.is_empty() => {
            let name = rx
                .find::<ListDef>(&r.list)?
                .map_or_else(|| r.list.clone(), |d| d.name);
            Ok(Project {
                id: String::new(),
                client_id: r.client_id.clone(),
                name,
                summary: String::new(),
                status: ProjectStatus::Active,
                next_step: None,
                created_at: a.created_at,
            })
        }
        _ => rx.get(&a.project_id),
    }
}

/// `POST /lists/{slug}/rows/{external_id}/approvals`.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRowApproval {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(
        default,
        with = "crate::domain::records::date_format::iso_date::option"
    )]
    pub due_on: Option<Date>,
}

/// One photo of a proof of delivery, its bytes stored already.
#[derive(Debug, Clone)]
pub struct DeliveryPhoto {
    pub blob: super::StoredBlob,
    /// Kept on the file version (e.g. the position the photo keeps), for staff.
    pub note: Option<String>,
    /// Whether the photo keeps its GPS position.
    pub located: bool,
}

/// A proof of delivery to record on a row: new photos (appended to its photos column),
/// a drawn signature (its signature column) and the recipient's typed name (its
/// `signed_by` text column).
#[derive(Debug, Clone, Default)]
pub struct DeliveryWrite {
    pub photos: Vec<DeliveryPhoto>,
    pub signature: Option<super::StoredBlob>,
    pub signed_by: Option<String>,
}

/// The text column a typed recipient's name goes to.
pub const SIGNED_BY: &str = "signed_by";

impl Store {
    /// Define a list (`list.created`).
    ///
    /// # Errors
    /// `Conflict` when the slug is taken.
    pub fn create_list(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        def: ListDef,
    ) -> StoreResult<ListDef> {
        self.write(actor, now, |tx| {
            if tx.find::<ListDef>(&def.slug)?.is_some() {
                return Err(StoreError::Conflict(format!(
                    "a list with slug {} exists already",
                    def.slug
                )));
            }
            tx.put(&def)?;
            tx.audit(
                "list.created",
                &[&def.slug],
                json!({"slug": def.slug, "name": def.name, "columns": def.columns.len()}),
            )?;
            Ok(def)
        })
    }

    /// A page of the lists in slug order.
    ///
    /// # Errors
    /// A database failure.
    pub fn lists_page(&self, page: &PageRequest) -> StoreResult<Page<ListDef>> {
        self.read(|rx| rx.page::<ListDef>(page))
    }

    /// Every list, in slug order (few: staff define them).
    ///
    /// # Errors
    /// A database failure.
    pub fn lists(&self) -> StoreResult<Vec<ListDef>> {
        self.read(Rx::all::<ListDef>)
    }

    /// # Errors
    /// `NotFound`.
    pub fn list(&self, slug: &str) -> StoreResult<ListDef> {
        self.read(|rx| rx.get(slug))
    }

    /// Write rows in one transaction: all or nothing. A refused row names its index.
    ///
    /// # Errors
    /// `NotFound` list; `Invalid` naming the first bad row (`rows[i]` or the caller's
    /// `label(i)`).
    pub fn put_rows(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        slug: &str,
        rows: Vec<RowPut>,
        label: &(dyn Fn(usize) -> String + Sync),
    ) -> StoreResult<Vec<(ListRow, RowChange)>> {
        self.write(actor, now, |tx| {
            let def: ListDef = tx.get(slug)?;
            let mut out = Vec::with_capacity(rows.len());
            for (i, put) in rows.into_iter().enumerate() {
                let done = put_row_in(tx, &def, put).map_err(|e| match e {
                    StoreError::Invalid { field, message } => StoreError::Invalid {
                        field: "rows",
                        message: format!("{}: {field}: {message}", label(i)),
                    },
                    other => other,
                })?;
                out.push(done);
            }
            Ok(out)
        })
    }

    /// Create one row (the console's "new row"): refused when the list has a row of that
    /// external id already, so a create never replaces.
    ///
    /// # Errors
    /// `NotFound` list; `Conflict` for an external id in use; `Invalid` client, project
    /// or file.
    pub fn create_row(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        slug: &str,
        put: RowPut,
    ) -> StoreResult<ListRow> {
        self.write(actor, now, |tx| {
            let def: ListDef = tx.get(slug)?;
            if tx.lookup(&row_lookup(slug, &put.external_id))?.is_some() {
                return Err(StoreError::invalid(
                    "external_id",
                    "is used by another row of this list already",
                ));
            }
            Ok(put_row_in(tx, &def, put)?.0)
        })
    }

    /// Record a proof of delivery on a row in one transaction: each photo and the
    /// signature become files of the row's project (the client sees them where it sees
    /// that project), the row's cells name them, and `list.row_delivery` is appended with
    /// their SHA-256s; the row's client-visible SHA-256 covers them from then on.
    ///
    /// # Errors
    /// `NotFound` list or row; `Invalid` for a row without a project, a list without the
    /// column asked for, or more photos than a cell holds.
    pub fn record_delivery(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        slug: &str,
        external_id: &str,
        pod: DeliveryWrite,
    ) -> StoreResult<ListRow> {
        use crate::domain::lists::{ColumnKind, MAX_PHOTOS};
        let uploaded_by = actor.display_name();
        self.write(actor, now, |tx| {
            let def: ListDef = tx.get(slug)?;
            let row = row_in(tx, slug, external_id)?;
            let pid = row.project_id.clone().ok_or_else(|| {
                StoreError::invalid(
                    "project_id",
                    "give the row a project first: its photos and signature are filed there",
                )
            })?;
            let p: Project = tx.get(&pid)?;
            let col_of = |kind: ColumnKind| def.columns.iter().find(|c| c.kind == kind);
            let mut values = row.values.clone();
            let stamp = format!(
                "{:04}{:02}{:02}-{:02}{:02}{:02}",
                now.year(),
                u8::from(now.month()),
                now.day(),
                now.hour(),
                now.minute(),
                now.second()
            );
            let mut photo_shas = Vec::new();
            if !pod.photos.is_empty() {
                let col = col_of(ColumnKind::Photos)
                    .ok_or_else(|| StoreError::invalid("photos", "this list has no photos column"))?;
                let mut ids: Vec<Value> = match values.get(&col.key) {
                    Some(Value::Array(a)) => a.clone(),
                    _ => Vec::new(),
                };
                if ids.len() + pod.photos.len() > MAX_PHOTOS {
                    return Err(StoreError::invalid(
                        "photos",
                        format!("a row holds at most {MAX_PHOTOS} photos"),
                    ));
                }
                for (i, ph) in pod.photos.iter().enumerate() {
                    let name = format!("{}-photo-{stamp}-{}.jpg", row.external_id, i + 1);
                    let new = super::NewFileVersion {
                        name: name.clone(),
                        milestone_id: None,
                        note: ph.note.clone(),
                        content_type: "image/jpeg".into(),
                        blob: ph.blob.clone(),
                    };
                    let (f, v) = super::add_file_version_in(
                        tx,
                        &p,
                        &new,
                        &name,
                        ph.note.clone(),
                        &uploaded_by,
                    )?;
                    photo_shas.push(json!({"file_id": f.id, "sha256": v.sha256, "location_kept": ph.located}));
                    ids.push(Value::String(f.id));
                }
                values.insert(col.key.clone(), Value::Array(ids));
            }
            let mut signature_sha = None;
            if let Some(blob) = &pod.signature {
                let col = col_of(ColumnKind::Signature).ok_or_else(|| {
                    StoreError::invalid("signature", "this list has no signature column")
                })?;
                let name = format!("{}-signature.png", row.external_id);
                let note = pod.signed_by.as_ref().map(|n| format!("Signed by {n}"));
                let new = super::NewFileVersion {
                    name: name.clone(),
                    milestone_id: None,
                    note: note.clone(),
                    content_type: "image/png".into(),
                    blob: blob.clone(),
                };
                let (f, v) = super::add_file_version_in(tx, &p, &new, &name, note, &uploaded_by)?;
                signature_sha = Some(v.sha256);
                values.insert(col.key.clone(), Value::String(f.id));
            }
            if let Some(name) = &pod.signed_by {
                match def.column(SIGNED_BY) {
                    Some(c) if c.kind == ColumnKind::Text => {
                        values.insert(c.key.clone(), Value::String(name.clone()));
                    }
                    _ if pod.signature.is_none() => {
                        return Err(StoreError::invalid(
                            "signed_by",
                            "this list has no signed_by column to keep a typed name in: draw the signature instead",
                        ));
                    }
                    // Drawn as well: the name stays on the signature's version note.
                    _ => {}
                }
            }
            if photo_shas.is_empty() && signature_sha.is_none() && pod.signed_by.is_none() {
                return Err(StoreError::invalid(
                    "photos",
                    "add a photo, a signature or the recipient's name",
                ));
            }
            let (row, _) = put_row_in(
                tx,
                &def,
                RowPut {
                    external_id: row.external_id.clone(),
                    client_id: row.client_id.clone(),
                    project_id: row.project_id.clone(),
                    values,
                },
            )?;
            tx.audit(
                "list.row_delivery",
                &[&row.client_id, &p.id, &row.id],
                json!({
                    "list": def.slug, "external_id": row.external_id,
                    "photos": photo_shas, "signature_sha256": signature_sha,
                    "name_typed": pod.signed_by.is_some(),
                    "visible_sha256": row.visible_sha256,
                }),
            )?;
            Ok(row)
        })
    }

    /// Remove a row (`list.row_deleted`); its pending approvals are withdrawn.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn delete_row(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        slug: &str,
        external_id: &str,
    ) -> StoreResult<ListRow> {
        self.write(actor, now, |tx| {
            let row = row_in(tx, slug, external_id)?;
            tx.remove::<ListRow>(&row.id)?;
            tx.index_remove(LOOKUP, &row_lookup(slug, external_id))?;
            tx.index_remove(
                CLIENT_ROWS,
                &client_key(slug, &row.client_id, &row.external_id),
            )?;
            for id in tx.children("listrow", &row.id, "approvals")? {
                if let Some(mut a) = tx.find::<Approval>(&id)?
                    && a.status == ApprovalStatus::Pending
                {
                    a.status = ApprovalStatus::Withdrawn;
                    tx.put(&a)?;
                    tx.audit(
                        "approval.withdrawn",
                        &[&row.client_id, &a.id],
                        json!({"row_deleted": true}),
                    )?;
                }
            }
            tx.audit(
                "list.row_deleted",
                &[&row.client_id, &row.id],
                json!({"list": slug, "external_id": external_id}),
            )?;
            Ok(row)
        })
    }

    /// Ask the row's client to decide on the row as it is now: an approval bound to the
    /// SHA-256 of its canonical client-visible form, decided like a file approval.
    ///
    /// # Errors
    /// `NotFound` list or row; `Invalid` title.
    pub fn create_row_approval(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        slug: &str,
        external_id: &str,
        new: NewRowApproval,
    ) -> StoreResult<Approval> {
        let title = validate::line("title", &new.title)?;
        let description = validate::text("description", new.description.as_deref().unwrap_or(""))?;
        self.write(actor, now, |tx| {
            let def: ListDef = tx.get(slug)?;
            let row = row_in(tx, slug, external_id)?;
            let sha = current_visible_sha(tx, &def, &row)?;
            let a = Approval {
                id: new_id(),
                project_id: row.project_id.clone().unwrap_or_default(),
                milestone_id: None,
                file_id: None,
                title,
                description,
                due_on: new.due_on,
                status: ApprovalStatus::Pending,
                target_version: None,
                target_sha256: Some(sha),
                requested_by: actor.id(),
                created_at: tx.now,
                opened_at: tx.now,
                decisions: Vec::new(),
                approver_ids: Vec::new(),
                rule: ApprovalRule::Any,
                round: 0,
                row: Some(RowRef {
                    list: def.slug.clone(),
                    external_id: row.external_id.clone(),
                    row_id: row.id.clone(),
                    client_id: row.client_id.clone(),
                }),
            };
            tx.put(&a)?;
            super::reminder_candidates::note(tx, &a)?;
            tx.link_child("listrow", &row.id, "approvals", &a.id)?;
            tx.link_child("client", &row.client_id, "row_approvals", &a.id)?;
            if let Some(pid) = &row.project_id {
                tx.link_child("project", pid, "approvals", &a.id)?;
            }
            tx.audit(
                "approval.requested",
                &[&row.client_id, &a.id],
                json!({"title": a.title, "list": def.slug, "external_id": row.external_id, "row_id": row.id,
                       "sha256": a.target_sha256, "due_on": a.due_on.map(|d| d.to_string())}),
            )?;
            outbox::queue_notice(
                tx,
                Notice::ApprovalRequested {
                    approval_id: a.id.clone(),
                    reopened: false,
                },
            )?;
            Ok(a)
        })
    }
}
