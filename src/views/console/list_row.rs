//! Console page: one row of a record list, with its values (internal columns marked),
//! its files, the edit form generated from the columns, delete, and the way to proof of
//! delivery. Also the form fields the new-row page shares.

use std::collections::HashMap;

use maud::{Markup, html};
use serde_json::Value;

use super::{Chrome, csrf_field, page};
use crate::domain::lists::{
    Column, ColumnKind, ListDef, ListRow, currency_field, display, form_currency, form_field,
    form_text,
};
use crate::domain::{Client, FileRecord, Project};
use crate::ops::lists_console::{StaffRow, cell_file_ids};
use crate::views::components::{Badge, Crumb, DayOf, Tone};

/// What a refused row form shows again: the values as typed and what was wrong.
#[derive(Debug, Clone, Default)]
pub struct RowDraft {
    /// The form's fields as sent (`v_<key>`, `cur_<key>`, `project_id`, `external_id`).
    pub fields: HashMap<String, String>,
    /// The refused field (a column key, `external_id`, `project_id`...) and why.
    pub error: Option<(String, String)>,
}

impl RowDraft {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    /// Whether the error is about `key` (a column key or a form field).
    fn names(&self, key: &str) -> bool {
        self.error.as_ref().is_some_and(|(f, _)| {
            f == key || f.ends_with(&format!(": {key}")) || f.contains(&format!("{key}:"))
        })
    }
}

pub(super) fn list_crumbs(client: &Client, def: &ListDef) -> Vec<Crumb> {
    vec![
        Crumb::link("Dashboard", "/staff"),
        Crumb::link("Clients", "/staff/clients"),
        Crumb::link(client.name.clone(), format!("/staff/clients/{}", client.id)),
        Crumb::link(
            def.name.clone(),
            format!("/staff/clients/{}/lists/{}", client.id, def.slug),
        ),
    ]
}

/// The href of a row's console page.
#[must_use]
pub fn row_href(slug: &str, external_id: &str) -> String {
    format!("/staff/lists/{slug}/rows/{external_id}")
}

/// "Internal" next to an internal column's label.
pub(super) fn internal_badge(col: &Column) -> Markup {
    html! {
        @if !col.client_visible {
            " " (Badge { label: "Internal", key: "", tone: Tone::Warning })
            span.visually-hidden { " (never shown to the client)" }
        }
    }
}

/// A row's title: its first visible text cell, else its external id.
#[must_use]
pub fn row_title(def: &ListDef, row: &ListRow) -> String {
    def.columns
        .iter()
        .find(|c| c.kind == ColumnKind::Text)
        .and_then(|c| row.values.get(&c.key))
        .and_then(Value::as_str)
        .map_or_else(|| row.external_id.clone(), str::to_owned)
}

/// A file a cell names, as a link to its current version (staff download).
fn file_link(files: &[FileRecord], id: &str) -> Markup {
    let f = files.iter().find(|f| f.id == id);
    html! {
        @match f.and_then(|f| f.current().map(|v| (f, v))) {
            Some((f, v)) => a.cell-file href=(format!("/staff/files/{}/{}", f.id, v.n)) { (f.name) },
            None => span.muted { (id) " (no such file)" },
        }
    }
}

/// A photo or signature on the staff row page: the image, linking to its download,
/// with its version note (where it was taken, who signed) under it.
fn thumbnail(files: &[FileRecord], label: &str, id: &str) -> Markup {
    let found = files
        .iter()
        .find(|f| f.id == id)
        .and_then(|f| f.current().map(|v| (f, v)));
    html! {
        @match found {
            Some((f, v)) => figure {
                a href=(format!("/staff/files/{}/{}", f.id, v.n)) {
                    img src=(format!("/staff/files/{}/{}", f.id, v.n)) alt=(format!("{label} ({})", f.name)) loading="lazy";
                }
                figcaption.muted { (f.name) @if let Some(n) = &v.note { br; (n) } }
            },
            None => span.muted { (id) " (no such file)" },
        }
    }
}

/// The input of one column, typed by its kind; a file cell is carried as it is (its
/// files are set on the proof-of-delivery page).
fn column_input(
    form: &str,
    col: &Column,
    value: Option<&Value>,
    draft: &RowDraft,
    files: &[FileRecord],
) -> Markup {
    let name = form_field(&col.key);
    let id = format!("f-{form}-{}", col.key);
    let text = draft
        .field(&name)
        .map_or_else(|| form_text(col, value), str::to_owned);
    let bad = draft.names(&col.key);
    let hint_id = format!("{id}-hint");
    let error = draft.error.as_ref().filter(|_| bad).map(|(_, m)| m.clone());
    html! {
        div.field {
            label for=(id) { (col.label) (internal_badge(col)) }
            @if let Some(m) = &error {
                p.hint.field-error id=(hint_id) { (m) }
            }
            @match col.kind {
                ColumnKind::Text => input id=(id) type="text" name=(name) value=(text) aria-invalid=[bad.then_some("true")] aria-describedby=[error.as_ref().map(|_| hint_id.clone())];
                ColumnKind::Number => input id=(id) type="number" step="any" inputmode="decimal" name=(name) value=(text) aria-invalid=[bad.then_some("true")] aria-describedby=[error.as_ref().map(|_| hint_id.clone())];
                ColumnKind::Date => input id=(id) type="date" name=(name) value=(text) aria-invalid=[bad.then_some("true")] aria-describedby=[error.as_ref().map(|_| hint_id.clone())];
                ColumnKind::Url => input id=(id) type="url" name=(name) value=(text) placeholder="https://" aria-invalid=[bad.then_some("true")] aria-describedby=[error.as_ref().map(|_| hint_id.clone())];
                ColumnKind::Stage => select id=(id) name=(name) aria-invalid=[bad.then_some("true")] aria-describedby=[error.as_ref().map(|_| hint_id.clone())] {
                    option value="" selected[text.is_empty()] { "(none)" }
                    @for s in &col.stages {
                        option value=(s) selected[&text == s] { (s) }
                    }
                },
                ColumnKind::Money => {
                    @let cur_name = currency_field(&col.key);
                    @let cur = draft.field(&cur_name).map_or_else(|| form_currency(value), str::to_owned);
                    div.money {
                        input id=(id) type="text" inputmode="decimal" name=(name) value=(text) placeholder="12.50" aria-invalid=[bad.then_some("true")] aria-describedby=[error.as_ref().map(|_| hint_id.clone())];
                        label.visually-hidden for=(format!("{id}-cur")) { (col.label) " currency" }
                        input.currency id=(format!("{id}-cur")) type="text" name=(cur_name) value=(cur) placeholder="EUR" maxlength="3" autocapitalize="characters" aria-invalid=[bad.then_some("true")];
                    }
                },
                ColumnKind::File | ColumnKind::Photos | ColumnKind::Signature => {
                    input type="hidden" id=(id) name=(name) value=(text);
                    @let ids = cell_file_ids(value);
                    @if ids.is_empty() {
                        p.muted { "None yet." }
                    } @else {
                        ul.file-cells { @for fid in &ids { li { (file_link(files, fid)) } } }
                    }
                },
            }
        }
    }
}

/// The project select and one input per column, in column order.
#[must_use]
pub fn row_fields(
    form: &str,
    def: &ListDef,
    projects: &[Project],
    row: Option<&ListRow>,
    draft: &RowDraft,
    files: &[FileRecord],
) -> Markup {
    let current = draft.field("project_id").map_or_else(
        || row.and_then(|r| r.project_id.clone()).unwrap_or_default(),
        str::to_owned,
    );
    let pid = format!("f-{form}-project");
    html! {
        div.field {
            label for=(pid) { "Project" }
            p.hint.muted { "Photos and a signature captured for this row are filed under its project." }
            select id=(pid) name="project_id" aria-invalid=[draft.names("project_id").then_some("true")] {
                option value="" selected[current.is_empty()] { "None (the client as a whole)" }
                @for p in projects {
                    option value=(p.id) selected[current == p.id] { (p.name) }
                }
            }
        }
        @for col in &def.columns {
            (column_input(form, col, row.and_then(|r| r.values.get(&col.key)), draft, files))
        }
    }
}

/// The error box at the top of a refused form.
#[must_use]
pub fn form_error(draft: &RowDraft, def: &ListDef) -> Markup {
    html! {
        @if let Some((field, message)) = &draft.error {
            @let label = def.columns.iter().find(|c| draft.names(&c.key)).map_or_else(|| field.replace('_', " "), |c| c.label.clone());
            div.alert.alert-error role="alert" {
                h2 { "Please check the form" }
                p { strong { (label) } ": " (message) }
            }
        }
    }
}

/// A row's values as staff read them (internal ones marked).
fn values_table(def: &ListDef, row: &ListRow, files: &[FileRecord]) -> Markup {
    html! {
        dl.cells.staff-cells {
            div { dt { "Reference" } dd { (row.external_id) } }
            @for col in &def.columns {
                div {
                    dt { (col.label) (internal_badge(col)) }
                    dd {
                        @match row.values.get(&col.key) {
                            None => span.muted { "—" },
                            Some(v) if col.kind == ColumnKind::File => {
                                @for (i, fid) in cell_file_ids(Some(v)).iter().enumerate() {
                                    @if i > 0 { ", " }
                                    (file_link(files, fid))
                                }
                            },
                            Some(v) => {
                                @if col.kind.holds_files() {
                                    div.photos.staff-photos {
                                        @for fid in cell_file_ids(Some(v)) {
                                            (thumbnail(files, &col.label, &fid))
                                        }
                                    }
                                } @else {
                                    (display(col, v))
                                }
                            },
                        }
                    }
                }
            }
        }
    }
}

/// Whether the list takes proof of delivery (a photos or a signature column).
#[must_use]
pub fn takes_delivery(def: &ListDef) -> bool {
    def.columns
        .iter()
        .any(|c| matches!(c.kind, ColumnKind::Photos | ColumnKind::Signature))
}

/// `GET /staff/lists/{slug}/rows/{external_id}` (and its 422 after a refused edit).
#[must_use]
pub fn list_row(chrome: &Chrome, v: &StaffRow, draft: &RowDraft) -> Markup {
    let (def, row, client) = (&v.ctx.def, &v.row, &v.ctx.client);
    let title = row_title(def, row);
    let href = row_href(&def.slug, &row.external_id);
    let mut crumbs = list_crumbs(client, def);
    crumbs.push(Crumb::here(title.clone()));
    let project = row
        .project_id
        .as_ref()
        .and_then(|p| v.ctx.projects.iter().find(|x| &x.id == p));
    page(
        chrome,
        &title,
        &crumbs,
        html! {
            div.page-head {
                h1 { (title) }
                p.meta {
                    (def.name) " · " (client.name)
                    @if let Some(p) = project { " · " a href=(format!("/staff/projects/{}", p.id)) { (p.name) } }
                    " · updated " (DayOf(row.updated_at))
                }
            }
            @if draft.error.is_some() { (form_error(draft, def)) }
            @if takes_delivery(def) {
                section.card.delivery-card aria-labelledby="pod-h" {
                    h2 #pod-h { "Proof of delivery" }
                    p { "Take photos and have the recipient sign on this phone; the client sees them at once." }
                    a.button href=(format!("{href}/delivery")) { "Capture proof of delivery" }
                }
            }
            section.card aria-labelledby="values-h" {
                h2 #values-h { "Values" }
                (values_table(def, row, &v.files))
                p.hash-line { span.hash-label { "Client-visible SHA-256 " } code.hash { (row.visible_sha256) } }
            }
            section.card aria-labelledby="edit-h" {
                h2 #edit-h { "Edit this row" }
                form method="post" action=(href) {
                    (csrf_field(&chrome.csrf))
                    (row_fields("edit", def, &v.ctx.projects, Some(row), draft, &v.files))
                    button.button type="submit" { "Save row" }
                }
            }
            section.card aria-labelledby="delete-h" {
                h2 #delete-h { "Delete" }
                p { "The row leaves the client's pages; a pending decision on it is withdrawn. The audit chain keeps that it existed." }
                form method="post" action=(format!("{href}/delete")) {
                    (csrf_field(&chrome.csrf))
                    button.button.button-secondary type="submit" { "Delete row " (row.external_id) }
                }
            }
        },
    )
}
