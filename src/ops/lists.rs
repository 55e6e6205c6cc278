//! Record lists (SPEC 12): staff define lists and feed rows (one by one, in bulk, or
//! from CSV, all or nothing); client links read the rows their access allows, with only
//! the client-visible columns.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::OpResult;
use super::portal::LiveLink;
use crate::domain::access::{Action, Subject};
use crate::domain::lists::{
    self, ListDef, ListError, ListRow, NewList, PAGE_ROWS, row_values, sort_key, valid_external_id,
};
use crate::domain::{Approval, ApprovalStatus};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::lists::{
    NewRowApproval, RowChange, RowPut, client_rows, client_rows_after, row_in,
};
use crate::store::{Actor, ReadRecords as _};

/// `PUT /lists/{slug}/rows/{external_id}`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RowInput {
    pub client_id: String,
    #[serde(default)]
    pub project_id: Option<String>,
    #[schema(value_type = Object)]
    pub values: serde_json::Map<String, Value>,
}

/// One row of a bulk `PUT /lists/{slug}/rows`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRow {
    pub external_id: String,
    pub client_id: String,
    #[serde(default)]
    pub project_id: Option<String>,
    #[schema(value_type = Object)]
    pub values: serde_json::Map<String, Value>,
}

/// What a bulk write or an import did.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct RowsWritten {
    pub created: usize,
    pub replaced: usize,
    pub unchanged: usize,
}

impl RowsWritten {
    fn of(changes: &[(ListRow, RowChange)]) -> Self {
        let mut out = Self::default();
        for (_, c) in changes {
            match c {
                RowChange::Created => out.created += 1,
                RowChange::Replaced => out.replaced += 1,
                RowChange::Unchanged => out.unchanged += 1,
            }
        }
        out
    }
}

fn list_error(e: ListError) -> AppError {
    AppError::invalid(e.field, e.message)
}

/// One page of a client's list as a link sees it.
#[derive(Debug, Clone)]
pub struct ListPage {
    pub def: ListDef,
    pub rows: Vec<ListRow>,
    /// The cursor of the next page, if more follow.
    pub next: Option<String>,
    pub stage: Option<String>,
    pub sort: Option<String>,
}

/// How the client asks to see a list.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub stage: Option<String>,
    /// A visible column key, `-key` for descending.
    pub sort: Option<String>,
    /// The external id the previous page ended with.
    pub after: Option<String>,
    /// Every row at once (the CSV download) instead of a page.
    pub all: bool,
}

/// One list on the overview: its rows counted, per stage.
#[derive(Debug, Clone)]
pub struct ListCount {
    pub def: ListDef,
    pub total: usize,
    pub per_stage: Vec<(String, usize)>,
}

impl AppState {
    /// # Errors
    /// `Invalid` definition, `Conflict` for a slug taken.
    pub fn create_list(&self, actor: &Actor, new: NewList) -> OpResult<ListDef> {
        let def = lists::new_list(new, actor.id(), self.clock.now()).map_err(list_error)?;
        Ok(self.store.create_list(actor, self.clock.now(), def)?)
    }

    /// # Errors
    /// A database failure.
    pub fn lists_page(
        &self,
        page: &crate::domain::paging::PageRequest,
    ) -> OpResult<crate::domain::paging::Page<ListDef>> {
        Ok(self.store.lists_page(page)?)
    }

    /// # Errors
    /// `NotFound`.
    pub fn list(&self, slug: &str) -> OpResult<ListDef> {
        Ok(self.store.list(slug)?)
    }

    fn checked(def: &ListDef, row: BulkRow) -> Result<RowPut, AppError> {
        Ok(RowPut {
            external_id: valid_external_id(&row.external_id).map_err(list_error)?,
            client_id: row.client_id,
            project_id: row.project_id.filter(|p| !p.is_empty()),
            values: row_values(def, &row.values).map_err(list_error)?,
        })
    }

    /// Create or replace one row by its external id (idempotent: the same values again
    /// write nothing).
    ///
    /// # Errors
    /// `NotFound` list; `Invalid` id, values, client, project or file.
    pub fn put_row(
        &self,
        actor: &Actor,
        slug: &str,
        external_id: &str,
        input: RowInput,
    ) -> OpResult<(ListRow, RowChange)> {
        let def = self.store.list(slug)?;
        let put = Self::checked(
            &def,
            BulkRow {
                external_id: external_id.to_owned(),
                client_id: input.client_id,
                project_id: input.project_id,
                values: input.values,
            },
        )?;
        let mut done = self
            .store
            .put_rows(actor, self.clock.now(), slug, vec![put], &|_| "row".into())?;
        let out = done
            .pop()
            .ok_or_else(|| AppError::internal("no row written"))?;
        self.webhooks.wake();
        Ok(out)
    }

    /// Many rows in one transaction, all or nothing.
    ///
    /// # Errors
    /// `NotFound` list; `Invalid` naming the first bad row (`rows[i]`).
    pub fn put_rows(&self, actor: &Actor, slug: &str, rows: Vec<BulkRow>) -> OpResult<RowsWritten> {
        let def = self.store.list(slug)?;
        let mut puts = Vec::with_capacity(rows.len());
        for (i, r) in rows.into_iter().enumerate() {
            puts.push(Self::checked(&def, r).map_err(|e| match e {
                AppError::Invalid { field, message } => {
                    AppError::invalid(format!("rows[{i}].{field}"), message)
                }
                other => other,
            })?);
        }
        let done = self
            .store
            .put_rows(actor, self.clock.now(), slug, puts, &|i| {
                format!("rows[{i}]")
            })?;
        Ok(RowsWritten::of(&done))
    }

    /// Import a client's rows from CSV (header: `external_id` then column keys), all or
    /// nothing; a refusal names the first bad line (the header is line 1).
    ///
    /// # Errors
    /// `NotFound` list; `Invalid` naming the line.
    pub fn import_rows_csv(
        &self,
        actor: &Actor,
        slug: &str,
        client_id: &str,
        body: &[u8],
    ) -> OpResult<RowsWritten> {
        let def = self.store.list(slug)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(body);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| AppError::invalid("line 1", format!("unreadable header: {e}")))?
            .iter()
            .map(str::to_owned)
            .collect();
        if header.first().map(String::as_str) != Some("external_id") {
            return Err(AppError::invalid(
                "line 1",
                "the header must start with external_id, then column keys",
            ));
        }
        let mut cols = Vec::with_capacity(header.len());
        for h in &header[1..] {
            let col = def.column(h).ok_or_else(|| {
                AppError::invalid("line 1", format!("{h} is not a column of this list"))
            })?;
            cols.push(col.clone());
        }
        let mut puts = Vec::new();
        let mut lines = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                AppError::invalid(format!("line {line}"), format!("unreadable: {e}"))
            })?;
            // The line the record starts on, counted from its byte offset (the reader's own
            // line count runs behind on CRLF files).
            let line = record.position().map_or(0, |p| {
                let mut upto = usize::try_from(p.byte())
                    .unwrap_or(usize::MAX)
                    .min(body.len());
                // A CRLF file's record may be said to start at the line end before it.
                while body.get(upto).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                    upto += 1;
                }
                body[..upto].iter().filter(|b| **b == b'\n').count() + 1
            });
            let at = |e: AppError| match e {
                AppError::Invalid { field, message } => {
                    AppError::invalid(format!("line {line}"), format!("{field}: {message}"))
                }
                other => other,
            };
            let mut values = serde_json::Map::new();
            for (col, cell) in cols.iter().zip(record.iter().skip(1)) {
                values.insert(col.key.clone(), lists::csv_cell(col, cell));
            }
            let row = BulkRow {
                external_id: record.get(0).unwrap_or_default().to_owned(),
                client_id: client_id.to_owned(),
                project_id: None,
                values,
            };
            puts.push(Self::checked(&def, row).map_err(at)?);
            lines.push(line);
        }
        let done = self
            .store
            .put_rows(actor, self.clock.now(), slug, puts, &|i| {
                format!("line {}", lines.get(i).copied().unwrap_or(0))
            })?;
        Ok(RowsWritten::of(&done))
    }

    /// # Errors
    /// `NotFound`.
    pub fn delete_row(&self, actor: &Actor, slug: &str, external_id: &str) -> OpResult<ListRow> {
        Ok(self
            .store
            .delete_row(actor, self.clock.now(), slug, external_id)?)
    }

    /// Ask the row's client to decide on the row as it is now.
    ///
    /// # Errors
    /// `NotFound` list or row; `Invalid` title.
    pub fn request_row_approval(
        &self,
        actor: &Actor,
        slug: &str,
        external_id: &str,
        new: NewRowApproval,
    ) -> OpResult<Approval> {
        let a = self
            .store
            .create_row_approval(actor, self.clock.now(), slug, external_id, new)?;
        self.mail.wake();
        Ok(a)
    }

    /// The lists this link sees, each with its rows counted per stage (the overview).
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_list_counts(&self, link: &LiveLink) -> OpResult<Vec<ListCount>> {
        let access = link.access();
        Ok(self.store.read(|rx| {
            let mut out = Vec::new();
            for def in rx.all::<ListDef>()? {
                if access
                    .check(&Subject::list(&link.client, &def.slug), Action::View)
                    .is_err()
                {
                    continue;
                }
                let rows: Vec<ListRow> = client_rows(rx, &def.slug, &link.client.id)?
                    .into_iter()
                    .filter(|r| access.check(&Subject::list_row(r), Action::View).is_ok())
                    .collect();
                if rows.is_empty() {
                    continue;
                }
                let per_stage = def.stage_column().map_or_else(Vec::new, |col| {
                    col.stages
                        .iter()
                        .map(|s| {
                            let n = rows
                                .iter()
                                .filter(|r| {
                                    r.values.get(&col.key).and_then(Value::as_str) == Some(s)
                                })
                                .count();
                            (s.clone(), n)
                        })
                        .filter(|(_, n)| *n > 0)
                        .collect()
                });
                out.push(ListCount {
                    total: rows.len(),
                    per_stage,
                    def,
                });
            }
            Ok(out)
        })?)
    }

    /// A page of a list as this link sees it: the client's rows in scope, filtered by
    /// stage, sorted, 50 at a time after `after`.
    ///
    /// # Errors
    /// `NotFound` for a list outside the link (or switched off); `BadRequest` for an
    /// unknown sort column or stage.
    pub fn portal_list(&self, link: &LiveLink, slug: &str, q: &ListQuery) -> OpResult<ListPage> {
        let access = link.access();
        let sees = |r: &ListRow| access.check(&Subject::list_row(r), Action::View).is_ok();
        // In reference order without a filter, a page is one key range read.
        let plain = !q.all
            && q.stage.as_deref().is_none_or(str::is_empty)
            && q.sort.as_deref().is_none_or(str::is_empty);
        let (def, rows) = self.store.read(|rx| {
            let def: ListDef = rx.get(slug)?;
            let rows = if plain {
                client_rows_after(
                    rx,
                    slug,
                    &link.client.id,
                    q.after.as_deref(),
                    PAGE_ROWS + 1,
                    &sees,
                )?
            } else {
                client_rows(rx, slug, &link.client.id)?
            };
            Ok((def, rows))
        })?;
        access.check(&Subject::list(&link.client, &def.slug), Action::View)?;
        if plain {
            let mut rows = rows;
            let next = (rows.len() > PAGE_ROWS).then(|| {
                rows.truncate(PAGE_ROWS);
                rows.last().map(|r| r.external_id.clone())
            });
            return Ok(ListPage {
                def,
                rows,
                next: next.flatten(),
                stage: None,
                sort: None,
            });
        }
        let mut rows: Vec<ListRow> = rows
            .into_iter()
            .filter(|r| access.check(&Subject::list_row(r), Action::View).is_ok())
            .collect();
        if let Some(stage) = q.stage.as_deref().filter(|s| !s.is_empty()) {
            let col = def
                .stage_column()
                .filter(|c| c.stages.iter().any(|s| s == stage))
                .ok_or_else(|| {
                    AppError::BadRequest("There is no such stage in this list.".into())
                })?;
            rows.retain(|r| r.values.get(&col.key).and_then(Value::as_str) == Some(stage));
        }
        if let Some(sort) = q.sort.as_deref().filter(|s| !s.is_empty()) {
            let (desc, key) = sort.strip_prefix('-').map_or((false, sort), |k| (true, k));
            let col = def
                .visible_columns()
                .find(|c| c.key == key)
                .ok_or_else(|| AppError::BadRequest("This list cannot be sorted that way.".into()))?
                .clone();
            rows.sort_by(|a, b| {
                let ka = sort_key(&col, a.values.get(&col.key));
                let kb = sort_key(&col, b.values.get(&col.key));
                let o = ka.cmp(&kb).then_with(|| a.external_id.cmp(&b.external_id));
                if desc { o.reverse() } else { o }
            });
        }
        if !q.all
            && let Some(after) = &q.after
            && let Some(pos) = rows.iter().position(|r| &r.external_id == after)
        {
            rows.drain(..=pos);
        }
        let next = if !q.all && rows.len() > PAGE_ROWS {
            rows.truncate(PAGE_ROWS);
            rows.last().map(|r| r.external_id.clone())
        } else {
            None
        };
        Ok(ListPage {
            def,
            rows,
            next,
            stage: q.stage.clone().filter(|s| !s.is_empty()),
            sort: q.sort.clone().filter(|s| !s.is_empty()),
        })
    }

    /// One row as this link sees it, with the row's approvals the link may see.
    ///
    /// # Errors
    /// `NotFound` outside the link.
    pub fn portal_row(
        &self,
        link: &LiveLink,
        slug: &str,
        external_id: &str,
    ) -> OpResult<(
        ListDef,
        ListRow,
        Vec<Approval>,
        Vec<crate::domain::FileRecord>,
    )> {
        let access = link.access();
        let (def, row, approvals, files) = self.store.read(|rx| {
            let def: ListDef = rx.get(slug)?;
            let row = row_in(rx, slug, external_id)?;
            let approvals: Vec<Approval> = rx.child_records("listrow", &row.id, "approvals")?;
            let mut files = Vec::new();
            for col in def.visible_columns().filter(|c| c.kind.holds_files()) {
                let ids: Vec<String> = match row.values.get(&col.key) {
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect(),
                    Some(Value::String(s)) => vec![s.clone()],
                    _ => vec![],
                };
                for id in ids {
                    if let Some(f) = rx.find::<crate::domain::FileRecord>(&id)? {
                        files.push(f);
                    }
                }
            }
            Ok((def, row, approvals, files))
        })?;
        access.check(&Subject::list(&link.client, &def.slug), Action::View)?;
        access.check(&Subject::list_row(&row), Action::View)?;
        let approvals = approvals
            .into_iter()
            .filter(|a| !(a.status == ApprovalStatus::Withdrawn && a.decisions.is_empty()))
            .collect();
        Ok((def, row, approvals, files))
    }

    /// Pending approvals on rows this link sees (for "needs your decision").
    ///
    /// # Errors
    /// A database failure.
    pub fn portal_row_approvals(&self, link: &LiveLink) -> OpResult<Vec<Approval>> {
        let access = link.access();
        let all: Vec<Approval> = self
            .store
            .read(|rx| rx.child_records("client", &link.client.id, "row_approvals"))?;
        Ok(all
            .into_iter()
            .filter(|a| a.status == ApprovalStatus::Pending)
            .filter(|a| {
                access
                    .check(&Subject::approval(&row_project(a), a), Action::View)
                    .is_ok()
            })
            .collect())
    }
}

/// The project a row approval answers to for the access policy: the row's project id and
/// client (a row of no project has an empty id).
pub(super) fn row_project(a: &Approval) -> crate::domain::Project {
    crate::domain::Project {
        id: a.project_id.clone(),
        client_id: a
            .row
            .as_ref()
            .map(|r| r.client_id.clone())
            .unwrap_or_default(),
        name: String::new(),
        summary: String::new(),
        status: crate::domain::ProjectStatus::Active,
        next_step: None,
        created_at: a.created_at,
    }
}
