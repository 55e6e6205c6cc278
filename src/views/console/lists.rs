//! Console page: one client's rows of a record list, 50 a page, every column (internal
//! ones marked), with the way to a new row.

use maud::{Markup, html};

use super::list_row::{internal_badge, list_crumbs, row_href, row_title};
use super::{Chrome, page};
use crate::domain::lists::{ColumnKind, display};
use crate::ops::lists_console::{ClientListRows, cell_file_ids};
use crate::views::components::{Crumb, DayOf, Empty};

/// How many columns the table shows besides the reference (the rest are on the row page).
const TABLE_COLUMNS: usize = 5;

/// `GET /staff/clients/{id}/lists/{slug}`.
#[must_use]
pub fn client_list(chrome: &Chrome, v: &ClientListRows) -> Markup {
    let (def, client) = (&v.def, &v.client);
    let base = format!("/staff/clients/{}/lists/{}", client.id, def.slug);
    let mut crumbs = list_crumbs(client, def);
    crumbs.pop();
    crumbs.push(Crumb::here(def.name.clone()));
    let cols: Vec<_> = def.columns.iter().take(TABLE_COLUMNS).collect();
    page(
        chrome,
        &format!("{} · {}", def.name, client.name),
        &crumbs,
        html! {
            div.page-head {
                h1 { (def.name) }
                p.meta { (client.name) " · " (def.columns.len()) " columns, "
                    (def.columns.iter().filter(|c| !c.client_visible).count()) " internal" }
                p { a.button href=(format!("{base}/new")) { "New row" } }
            }
            section.card aria-labelledby="rows-h" {
                h2 #rows-h { "Rows" @if v.after.is_some() { " (continued)" } }
                @if v.rows.is_empty() {
                    (Empty("No rows for this client yet."))
                } @else {
                    div.table-wrap {
                        table.wide.label-rows {
                            thead { tr {
                                th scope="col" { "Row" }
                                @for c in &cols { th scope="col" { (c.label) (internal_badge(c)) } }
                                th scope="col" { "Updated" }
                            } }
                            tbody {
                                @for r in &v.rows {
                                    tr {
                                        td { a href=(row_href(&def.slug, &r.external_id)) { (row_title(def, r)) } br; span.muted { (r.external_id) } }
                                        @for c in &cols {
                                            td data-label=(c.label) { span {
                                                @match r.values.get(&c.key) {
                                                    None => span.muted { "—" },
                                                    Some(val) if c.kind.holds_files() => {
                                                        @let n = cell_file_ids(Some(val)).len();
                                                        (n) @if c.kind == ColumnKind::Photos { " photo" @if n != 1 { "s" } } @else { " file" @if n != 1 { "s" } }
                                                    },
                                                    Some(val) => (display(c, val)),
                                                }
                                            } }
                                        }
                                        td data-label="Updated" { span { (DayOf(r.updated_at)) } }
                                    }
                                }
                            }
                        }
                    }
                }
                @if v.after.is_some() || v.next.is_some() {
                    nav.page-links aria-label="Pages of rows" {
                        @if v.after.is_some() { a href=(base) { "First page" } " " }
                        @if let Some(n) = &v.next { a href=(format!("{base}?after={n}")) { "Next 50 rows" } }
                    }
                }
            }
        },
    )
}
