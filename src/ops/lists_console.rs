//! Record lists in the staff console: a client's lists with their rows (internal columns
//! too), one row with the files it names, and the row form's create. Edits and deletes
//! are the API's own operations (`put_row`, `delete_row`).

use serde_json::Value;

use super::OpResult;
use super::lists::BulkRow;
use crate::domain::lists::{ListDef, ListRow, PAGE_ROWS, row_values, valid_external_id};
use crate::domain::{Client, FileRecord, Project};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::lists::{RowPut, client_rows, client_rows_after, row_in};
use crate::store::{Actor, ReadRecords as _};

/// One list on a client's console page, with how many rows the client has in it.
#[derive(Debug, Clone)]
pub struct ClientList {
    pub def: ListDef,
    pub rows: usize,
}

/// One page of a client's rows of a list, as staff see them.
#[derive(Debug, Clone)]
pub struct ClientListRows {
    pub client: Client,
    pub def: ListDef,
    pub rows: Vec<ListRow>,
    /// The external id the next page starts after, if more follow.
    pub next: Option<String>,
    /// Where this page started (`None` on the first page).
    pub after: Option<String>,
}

/// What the row form needs around it: the client, the list and the client's projects.
#[derive(Debug, Clone)]
pub struct RowFormContext {
    pub client: Client,
    pub def: ListDef,
    pub projects: Vec<Project>,
}

/// One row as staff see it, with the files its file, photo and signature cells name.
#[derive(Debug, Clone)]
pub struct StaffRow {
    pub ctx: RowFormContext,
    pub row: ListRow,
    pub files: Vec<FileRecord>,
}

/// The file ids a cell names.
#[must_use]
pub fn cell_file_ids(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => vec![],
    }
}

impl AppState {
    /// Every list with the number of rows this client has in it (the client's page).
    ///
    /// # Errors
    /// `NotFound` for the client.
    pub fn client_lists(&self, client_id: &str) -> OpResult<Vec<ClientList>> {
        Ok(self.store.read(|rx| {
            rx.get::<Client>(client_id)?;
            let mut out = Vec::new();
            for def in rx.all::<ListDef>()? {
                let rows = client_rows(rx, &def.slug, client_id)?.len();
                out.push(ClientList { def, rows });
            }
            Ok(out)
        })?)
    }

    /// A page of a client's rows of a list (50, in external-id order after `after`).
    ///
    /// # Errors
    /// `NotFound` for the client or the list.
    pub fn client_list_rows(
        &self,
        client_id: &str,
        slug: &str,
        after: Option<&str>,
    ) -> OpResult<ClientListRows> {
        let after = after.filter(|a| !a.is_empty());
        Ok(self.store.read(|rx| {
            let client: Client = rx.get(client_id)?;
            let def: ListDef = rx.get(slug)?;
            let mut rows = client_rows_after(rx, slug, client_id, after, PAGE_ROWS + 1, &|_| true)?;
            let next = (rows.len() > PAGE_ROWS).then(|| {
                rows.truncate(PAGE_ROWS);
                rows.last().map(|r| r.external_id.clone())
            });
            Ok(ClientListRows {
                client,
                def,
                rows,
                next: next.flatten(),
                after: after.map(str::to_owned),
            })
        })?)
    }

    /// The client, the list and the client's projects, for a new row's form.
    ///
    /// # Errors
    /// `NotFound` for the client or the list.
    pub fn row_form_context(&self, client_id: &str, slug: &str) -> OpResult<RowFormContext> {
        Ok(self.store.read(|rx| {
            let client: Client = rx.get(client_id)?;
            let def: ListDef = rx.get(slug)?;
            let mut projects: Vec<Project> = rx.child_records("client", client_id, "projects")?;
            projects.sort_by_key(|p| p.created_at);
            Ok(RowFormContext {
                client,
                def,
                projects,
            })
        })?)
    }

    /// One row with everything its console page shows.
    ///
    /// # Errors
    /// `NotFound` for the list or the row.
    pub fn staff_row(&self, slug: &str, external_id: &str) -> OpResult<StaffRow> {
        let row = self.store.read(|rx| row_in(rx, slug, external_id))?;
        let ctx = self.row_form_context(&row.client_id, slug)?;
        let files = self.store.read(|rx| {
            let mut files = Vec::new();
            for col in ctx.def.columns.iter().filter(|c| c.kind.holds_files()) {
                for id in cell_file_ids(row.values.get(&col.key)) {
                    if let Some(f) = rx.find::<FileRecord>(&id)? {
                        files.push(f);
                    }
                }
            }
            Ok(files)
        })?;
        Ok(StaffRow { ctx, row, files })
    }

    /// Create a row from the console: like `put_row`, but an external id in use is
    /// refused instead of replaced.
    ///
    /// # Errors
    /// `NotFound` list; `Invalid` id (also when in use), values, client, project or file.
    pub fn create_row(&self, actor: &Actor, slug: &str, row: BulkRow) -> OpResult<ListRow> {
        let def = self.store.list(slug)?;
        let put = RowPut {
            external_id: valid_external_id(row.external_id.trim())
                .map_err(|e| AppError::invalid(e.field, e.message))?,
            client_id: row.client_id,
            project_id: row.project_id.filter(|p| !p.is_empty()),
            values: row_values(&def, &row.values)
                .map_err(|e| AppError::invalid(e.field, e.message))?,
        };
        let row = self.store.create_row(actor, self.clock.now(), slug, put)?;
        self.webhooks.wake();
        Ok(row)
    }
}
