//! `GET /p/{token}/lists/{slug}`: a client's rows of a record list, client-visible columns
//! only, as cards (readable at 360 px), with a stage filter, sorting and a next-page link.

use maud::{Markup, html};
use serde_json::Value;

use crate::domain::lists::{Column, ColumnKind, ListDef, ListRow, display};
use crate::i18n::{Locale, n as num};
use crate::views::components::{Crumb, Empty, Tone};
use crate::views::layout::page;

use super::{PageContext, overview_crumb};

/// A stage as a pill: the last stage reads as done.
#[must_use]
pub fn stage_badge(col: &Column, stage: &str) -> Markup {
    let last = col.stages.last().is_some_and(|s| s == stage);
    let tone = if last { Tone::Success } else { Tone::Info };
    html! { span class=(tone.class()) { (stage) } }
}

/// A cell as the client reads it: files by name, the rest as text.
pub fn cell_text(loc: &Locale, col: &Column, v: &Value) -> String {
    match col.kind {
        ColumnKind::Photos => {
            let n = v.as_array().map_or(0, Vec::len);
            loc.ta("list-photos", &[("n", num(n))])
        }
        ColumnKind::Signature => loc.t("list-signed"),
        ColumnKind::File => loc.t("list-file-attached"),
        _ => display(col, v),
    }
}

/// The row's title: its first visible text cell, else its id.
pub(super) fn row_title(def: &ListDef, row: &ListRow) -> String {
    def.visible_columns()
        .find(|c| c.kind == ColumnKind::Text)
        .and_then(|c| row.values.get(&c.key))
        .and_then(Value::as_str)
        .map_or_else(|| row.external_id.clone(), str::to_owned)
}

/// The list page's model.
#[derive(Debug, Clone)]
pub struct ListView {
    pub def: ListDef,
    pub rows: Vec<ListRow>,
    pub next: Option<String>,
    pub stage: Option<String>,
    pub sort: Option<String>,
    /// Decisions waiting on the reader on this list's rows (set by the caller).
    pub to_do: crate::ops::to_do::ToDo,
    pub today: time::Date,
}

fn query(stage: Option<&str>, sort: Option<&str>, after: Option<&str>) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    if let Some(s) = stage {
        q.append_pair("stage", s);
    }
    if let Some(s) = sort {
        q.append_pair("sort", s);
    }
    if let Some(a) = after {
        q.append_pair("after", a);
    }
    let q = q.finish();
    if q.is_empty() { q } else { format!("?{q}") }
}

#[must_use]
pub fn list(ctx: &PageContext, v: &ListView) -> Markup {
    let def = &v.def;
    let here = ctx.href(&["lists", &def.slug]);
    let stage_col = def.stage_column();
    let csv = format!(
        "{}{}",
        ctx.href(&["lists", &format!("{}.csv", def.slug)]),
        query(v.stage.as_deref(), v.sort.as_deref(), None)
    );
    // The column that titles each card is not repeated inside it.
    let title_key = def
        .visible_columns()
        .find(|c| c.kind == ColumnKind::Text)
        .map(|c| c.key.as_str());
    let body = html! {
        h1 { (def.name) }
        (super::needs_action::to_do_section(ctx, &v.to_do, v.today, super::needs_action::ToDoShown::default()))
        @if let Some(col) = stage_col {
            nav.filters aria-label=(ctx.t("list-filter-by-stage")) {
                a.filter href=(format!("{here}{}", query(None, v.sort.as_deref(), None)))
                    aria-current=[v.stage.is_none().then_some("page")] { (ctx.t("list-all")) }
                @for s in &col.stages {
                    a.filter href=(format!("{here}{}", query(Some(s), v.sort.as_deref(), None)))
                        aria-current=[(v.stage.as_deref() == Some(s.as_str())).then_some("page")] { (s) }
                }
            }
        }
        form.sort-form method="get" action=(here) {
            @if let Some(s) = &v.stage { input type="hidden" name="stage" value=(s); }
            label for="sort" { (ctx.t("list-sort-by")) }
            select id="sort" name="sort" {
                option value="" selected[v.sort.is_none()] { (ctx.t("list-reference")) }
                @for c in def.visible_columns().filter(|c| !matches!(c.kind, ColumnKind::Photos | ColumnKind::Signature | ColumnKind::File)) {
                    option value=(c.key) selected[v.sort.as_deref() == Some(c.key.as_str())] { (ctx.ta("list-ascending", &[("label", crate::i18n::s(c.label.clone()))])) }
                    @let desc = format!("-{}", c.key);
                    option value=(desc) selected[v.sort.as_deref() == Some(desc.as_str())] { (ctx.ta("list-descending", &[("label", crate::i18n::s(c.label.clone()))])) }
                }
            }
            button.button.button-secondary type="submit" { (ctx.t("list-sort")) }
        }
        @if v.rows.is_empty() {
            (Empty(&ctx.t("list-empty")))
        } @else {
            ul.card-list.rows {
                @for row in &v.rows {
                    li {
                        a.item href=(ctx.href(&["lists", &def.slug, &row.external_id])) {
                            span.item-title { (row_title(def, row)) }
                            dl.cells {
                                @for c in def.visible_columns().filter(|c| Some(c.key.as_str()) != title_key) {
                                    @if let Some(val) = row.values.get(&c.key) {
                                        div {
                                            dt { (c.label) }
                                            dd {
                                                @if c.kind == ColumnKind::Stage {
                                                    (stage_badge(c, &display(c, val)))
                                                } @else {
                                                    (cell_text(&ctx.loc, c, val))
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        p.more {
            @if let Some(next) = &v.next {
                a href=(format!("{here}{}", query(v.stage.as_deref(), v.sort.as_deref(), Some(next)))) { (ctx.t("list-next-page")) }
                " · "
            }
            a href=(csv) download { (ctx.t("list-download-csv")) }
            " · "
            a href=(ctx.href(&["reports", &def.slug])) { (ctx.t("reports-link")) }
        }
    };
    page(
        ctx,
        &def.name,
        &[overview_crumb(ctx), Crumb::here(def.name.clone())],
        body,
    )
}

/// One list on the overview: how many rows, and how many at each stage.
#[derive(Debug, Clone)]
pub struct ListSummary {
    pub slug: String,
    pub name: String,
    pub total: usize,
    pub per_stage: Vec<(String, usize)>,
}

/// The overview's section of record lists ("Workshop jobs 24 · goods-in 3 · ...").
#[must_use]
pub fn lists_section(ctx: &PageContext, lists: &[ListSummary]) -> Markup {
    html! {
        @if !lists.is_empty() {
            section.card.question aria-labelledby="records" {
                h2 id="records" { (ctx.t("list-your-records")) }
                ul.items {
                    @for l in lists {
                        li {
                            a.item href=(ctx.href(&["lists", &l.slug])) {
                                span.item-title { (l.name) " " span.count { (l.total) } }
                                @if !l.per_stage.is_empty() {
                                    span.item-meta {
                                        @for (i, (stage, n)) in l.per_stage.iter().enumerate() {
                                            @if i > 0 { " · " }
                                            (stage) " " (n)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                p.more { a href=(ctx.href(&["reports"])) { (ctx.t("reports-link")) } }
            }
        }
    }
}
