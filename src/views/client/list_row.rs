//! `GET /p/{token}/lists/{slug}/{external_id}`: one row, client-visible columns only,
//! with its stage timeline, photos inline, files to download, and its approvals.

use maud::{Markup, html};
use serde_json::Value;

use crate::domain::lists::{ColumnKind, ListDef, ListRow, display};
use crate::domain::{Approval, ApprovalStatus, FileRecord};
use crate::views::components::Crumb;
use crate::views::layout::page;

use super::list::{cell_text, row_title, stage_badge};
use super::{PageContext, approval_href, download_href, overview_crumb};

/// The row page's model.
#[derive(Debug, Clone)]
pub struct RowView {
    pub def: ListDef,
    pub row: ListRow,
    pub approvals: Vec<Approval>,
    /// The files the row's visible file, photo and signature cells name.
    pub files: Vec<FileRecord>,
}

fn ids(v: &Value) -> Vec<&str> {
    match v {
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => vec![s.as_str()],
        _ => vec![],
    }
}

#[must_use]
pub fn list_row(ctx: &PageContext, v: &RowView) -> Markup {
    let (def, row) = (&v.def, &v.row);
    let title = row_title(def, row);
    let file = |id: &str| v.files.iter().find(|f| f.id == id);
    let body = html! {
        h1 { (title) }
        p.lead { (def.name) " · " (ctx.t("list-updated")) " " (ctx.day_of(row.updated_at)) }
        @for a in v.approvals.iter().filter(|a| a.status == ApprovalStatus::Pending) {
            div.alert role="status" {
                p { strong { (a.title) } }
                a.button href=(approval_href(ctx, &a.id)) { (ctx.t("review-and-decide")) }
            }
        }
        @if let Some(col) = def.stage_column() {
            @let at = row.values.get(&col.key).and_then(Value::as_str);
            @let pos = at.and_then(|s| col.stages.iter().position(|x| x == s));
            section.block aria-labelledby="timeline" {
                h2 id="timeline" { (col.label) }
                ol.timeline {
                    @for (i, s) in col.stages.iter().enumerate() {
                        @let state = match pos { Some(p) if i < p => "done", Some(p) if i == p => "current", _ => "todo" };
                        li class=(format!("step step-{state}")) aria-current=[(state == "current").then_some("step")] {
                            (s)
                        }
                    }
                }
            }
        }
        section.block.card aria-labelledby="details" {
            h2 id="details" { (ctx.t("list-details")) }
            dl.cells {
                div { dt { (ctx.t("list-reference")) } dd { (row.external_id) } }
                @for c in def.visible_columns().filter(|c| !c.kind.holds_files()) {
                    @if let Some(val) = row.values.get(&c.key) {
                        div {
                            dt { (c.label) }
                            dd {
                                @match c.kind {
                                    ColumnKind::Stage => (stage_badge(c, &display(c, val))),
                                    ColumnKind::Url => a href=(display(c, val)) rel="noopener noreferrer" { (display(c, val)) },
                                    _ => (cell_text(&ctx.loc, c, val)),
                                }
                            }
                        }
                    }
                }
            }
        }
        @for c in def.visible_columns().filter(|c| c.kind.holds_files()) {
            @if let Some(val) = row.values.get(&c.key) {
                section.block aria-label=(c.label) {
                    h2 { (c.label) }
                    @if c.kind == ColumnKind::File {
                        ul.items {
                            @for id in ids(val) {
                                @if let Some(f) = file(id) {
                                    @if let Some(cur) = f.current() {
                                        li { a.item href=(download_href(ctx, &f.id, cur.n)) {
                                            span.item-title { (f.name) }
                                            span.item-action { (ctx.t("download")) }
                                        } }
                                    }
                                }
                            }
                        }
                    } @else {
                        div.photos {
                            @for id in ids(val) {
                                @if let Some(f) = file(id) {
                                    @if let Some(cur) = f.current() {
                                        a href=(download_href(ctx, &f.id, cur.n)) {
                                            img src=(download_href(ctx, &f.id, cur.n)) alt=(format!("{} ({})", c.label, f.name)) loading="lazy";
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @let decided: Vec<&Approval> = v.approvals.iter().filter(|a| a.status != ApprovalStatus::Pending).collect();
        @if !decided.is_empty() {
            section.block aria-labelledby="decisions" {
                h2 id="decisions" { (ctx.t("list-decisions")) }
                ul.items {
                    @for a in decided {
                        li { a.item href=(approval_href(ctx, &a.id)) {
                            span.item-title { (a.title) }
                            span.item-meta { (ctx.badge(a.status)) }
                        } }
                    }
                }
            }
        }
    };
    page(
        ctx,
        &title,
        &[
            overview_crumb(ctx),
            Crumb::link(def.name.clone(), ctx.href(&["lists", &def.slug])),
            Crumb::here(title.clone()),
        ],
        body,
    )
}
