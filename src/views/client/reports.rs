//! `GET /p/{token}/reports` (and `/reports/{slug}` for one list): per record list, rows per
//! month and per stage and the month sums of its money and number columns, as SVG bar
//! charts drawn on the server (no script), each with a real table of the same figures for
//! screen readers, and a CSV of them.
//!
//! The charts scale to the width (a `viewBox`), keep their text legible at 360 px, draw
//! gridlines with labelled axes, and take the bars' colour from the stylesheet's
//! `--accent` (classes only: no inline styles under the CSP).

use maud::{Markup, html};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;

use crate::domain::reports::{ListReport, MONTHS, Month, MonthBasis, StageCounts, Sums, ticks};
use crate::i18n::{n, s};
use crate::views::components::{Crumb, Empty};
use crate::views::format::anchor;
use crate::views::layout::page;

use super::{PageContext, overview_crumb};

/// The reports page's model.
#[derive(Debug, Clone)]
pub struct ReportsPage {
    pub reports: Vec<ListReport>,
    /// The one list asked for (`/reports/{slug}`), else every list the link sees.
    pub only: Option<String>,
    /// The last day covered (today, in the client's zone).
    pub today: time::Date,
}

/// "Dec" in the reader's language: a month under a bar.
fn short_month(ctx: &PageContext, m: Month) -> String {
    ctx.t(&format!("month-short-{}", m.month))
}

/// "Dec 2026": a month in a table or a bar's tooltip.
fn month_label(ctx: &PageContext, m: Month) -> String {
    format!("{} {}", short_month(ctx, m), m.year)
}

/// The title of a sums chart: "Cost (EUR) per month".
fn sums_title(ctx: &PageContext, sums: &Sums) -> String {
    match &sums.currency {
        Some(cur) => ctx.ta(
            "report-sum-per-month-currency",
            &[
                ("label", s(sums.label.clone())),
                ("currency", s(cur.clone())),
            ],
        ),
        None => ctx.ta("report-sum-per-month", &[("label", s(sums.label.clone()))]),
    }
}

/// The column head of a sums column: "Cost (EUR)".
fn sums_head(sums: &Sums) -> String {
    match &sums.currency {
        Some(cur) => format!("{} ({cur})", sums.label),
        None => sums.label.clone(),
    }
}

#[must_use]
pub fn reports(ctx: &PageContext, p: &ReportsPage) -> Markup {
    let title = ctx.t("reports");
    let csv = match &p.only {
        Some(slug) => ctx.href(&["reports", &format!("{slug}.csv")]),
        None => ctx.href(&["reports.csv"]),
    };
    let body = html! {
        div.page-head {
            h1 { (title) }
            p.lead { (ctx.ta("reports-lead", &[("n", n(MONTHS)), ("date", s(ctx.loc.date(p.today)))])) }
            @if !p.reports.is_empty() {
                p.page-links { a href=(csv) download { (ctx.t("reports-csv")) } }
            }
        }
        @if p.reports.is_empty() {
            (Empty(&ctx.t("reports-none")))
        }
        @for r in &p.reports { (list_section(ctx, r)) }
    };
    let mut crumbs = vec![overview_crumb(ctx)];
    match (&p.only, p.reports.first()) {
        (Some(_), Some(r)) => {
            crumbs.push(Crumb::link(title.clone(), ctx.href(&["reports"])));
            crumbs.push(Crumb::here(r.name.clone()));
        }
        _ => crumbs.push(Crumb::here(title.clone())),
    }
    page(ctx, &title, &crumbs, body)
}

fn list_section(ctx: &PageContext, r: &ListReport) -> Markup {
    let head = anchor("report", &r.slug);
    let month_labels: Vec<(String, String)> = r
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let year = if i == 0 || m.month == 1 {
                m.year.to_string()
            } else {
                String::new()
            };
            (short_month(ctx, *m), year)
        })
        .collect();
    let tips: Vec<String> = r.months.iter().map(|m| month_label(ctx, *m)).collect();
    let count = |v: Decimal| ctx.loc.number(v);
    html! {
        section.card.report aria-labelledby=(head) {
            h2 id=(head) { a href=(ctx.href(&["lists", &r.slug])) { (r.name) } }
            p.meta {
                (ctx.ta("report-rows-total", &[("total", n(r.total)), ("window", n(r.rows_in_window())), ("n", n(MONTHS))]))
            }
            @if r.total == 0 {
                (Empty(&ctx.t("report-list-empty")))
            } @else {
                p.meta {
                    @match &r.basis {
                        MonthBasis::Column { label, .. } => (ctx.ta("report-basis-column", &[("label", s(label.clone()))])),
                        MonthBasis::Created => (ctx.t("report-basis-created")),
                    }
                }
                div.report-charts {
                    (column_chart(
                        &anchor("chart", &format!("{}-rows", r.slug)),
                        &ctx.t("report-rows-per-month"),
                        &ctx.t("report-see-table"),
                        &month_labels,
                        &tips,
                        &r.rows_per_month.iter().map(|c| Decimal::from(*c)).collect::<Vec<_>>(),
                        &count,
                    ))
                    @for (i, sums) in r.sums.iter().enumerate() {
                        (column_chart(
                            &anchor("chart", &format!("{}-sum-{i}", r.slug)),
                            &sums_title(ctx, sums),
                            &ctx.t("report-see-table"),
                            &month_labels,
                            &tips,
                            &sums.per_month,
                            &count,
                        ))
                    }
                }
                div.report-details {
                // Focusable, so that a keyboard can scroll a table wider than the phone.
                div.table-scroll tabindex="0" role="region" aria-label=(ctx.ta("report-per-month-table", &[("name", s(r.name.clone()))])) {
                    table.figures {
                        caption { (ctx.ta("report-per-month-table", &[("name", s(r.name.clone()))])) }
                        thead {
                            tr {
                                th scope="col" { (ctx.t("report-month")) }
                                th.num scope="col" { (ctx.t("report-rows")) }
                                @for sums in &r.sums { th.num scope="col" { (sums_head(sums)) } }
                            }
                        }
                        tbody {
                            @for (i, m) in r.months.iter().enumerate() {
                                tr {
                                    th scope="row" { (month_label(ctx, *m)) }
                                    td.num { (ctx.loc.number(Decimal::from(r.rows_per_month[i]))) }
                                    @for sums in &r.sums {
                                        td.num { (ctx.loc.number(sums.per_month[i])) }
                                    }
                                }
                            }
                        }
                        tfoot {
                            tr {
                                th scope="row" { (ctx.t("report-total")) }
                                td.num { (ctx.loc.number(Decimal::from(r.rows_in_window()))) }
                                @for sums in &r.sums { td.num { (ctx.loc.number(sums.total())) } }
                            }
                        }
                    }
                }
                @if !r.stages.is_empty() {
                    div.report-stage-list {
                        @for (i, st) in r.stages.iter().enumerate() {
                            (stage_block(ctx, r, i, st))
                        }
                    }
                }
                }
            }
        }
    }
}

fn stage_block(ctx: &PageContext, r: &ListReport, i: usize, st: &StageCounts) -> Markup {
    let title = ctx.ta("report-rows-per-stage", &[("label", s(st.label.clone()))]);
    html! {
        div.report-stages {
            (bar_chart(
                &anchor("chart", &format!("{}-stage-{i}", r.slug)),
                &title,
                &ctx.t("report-see-table"),
                &st.counts,
                &|v| ctx.loc.number(v),
            ))
            table.figures {
                caption.visually-hidden { (title) }
                thead {
                    tr {
                        th scope="col" { (st.label) }
                        th.num scope="col" { (ctx.t("report-rows")) }
                    }
                }
                tbody {
                    @for (stage, c) in &st.counts {
                        tr {
                            th scope="row" { (stage) }
                            td.num { (ctx.loc.number(Decimal::from(*c))) }
                        }
                    }
                }
            }
        }
    }
}

/// Chart width and height in user units. Text is 12 units on a wide screen (about 15 px
/// in a chart 32rem wide); below 600 px the stylesheet makes it 17 units (12 px or more
/// at 360 px) and leaves every other month unlabelled, so labels never run together.
const W: f64 = 400.0;
const H: f64 = 220.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 40.0;
const RIGHT: f64 = 6.0;
/// Roughly how wide one character of the text is at its largest (17 units).
const CHAR: f64 = 9.8;

fn f(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

/// Coordinates with one decimal: short and exact enough.
fn c(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// A column chart of one value per month: y gridlines with labels, the months below.
fn column_chart(
    id: &str,
    title: &str,
    note: &str,
    labels: &[(String, String)],
    tips: &[String],
    values: &[Decimal],
    fmt: &dyn Fn(Decimal) -> String,
) -> Markup {
    let min = values.iter().copied().min().unwrap_or(Decimal::ZERO);
    let max = values.iter().copied().max().unwrap_or(Decimal::ZERO);
    let grid = ticks(min, max, 4);
    let lo = grid.first().copied().unwrap_or(Decimal::ZERO);
    let hi = grid.last().copied().unwrap_or(Decimal::ONE);
    let tick_text: Vec<String> = grid.iter().map(|t| fmt(*t)).collect();
    #[allow(clippy::cast_precision_loss)]
    let widest = tick_text
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(1) as f64;
    let left = (widest * CHAR + 10.0).max(28.0);
    let plot_w = W - left - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let span = f(hi - lo).max(f64::MIN_POSITIVE);
    let y = |v: Decimal| TOP + plot_h * (f(hi) - f(v)) / span;
    #[allow(clippy::cast_precision_loss)]
    let slot = plot_w / values.len().max(1) as f64;
    let bar_w = (slot * 0.62).max(2.0);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    html! {
        figure.chart-box {
            figcaption aria-hidden="true" { (title) }
            svg.chart id=(id) viewBox=(format!("0 0 {} {}", c(W), c(H))) role="img"
                aria-labelledby=(format!("{title_id} {desc_id}")) xmlns="http://www.w3.org/2000/svg" {
                title id=(title_id) { (title) }
                desc id=(desc_id) { (note) }
                @for (t, text) in grid.iter().zip(&tick_text) {
                    line class=(if t.is_zero() { "axis" } else { "grid" })
                        x1=(c(left)) x2=(c(W - RIGHT)) y1=(c(y(*t))) y2=(c(y(*t))) {}
                    text.tick x=(c(left - 6.0)) y=(c(y(*t) + 4.0)) text-anchor="end" { (text) }
                }
                @for (i, v) in values.iter().enumerate() {
                    @let x = left + slot * (i as f64) + (slot - bar_w) / 2.0;
                    @let top = y((*v).max(Decimal::ZERO));
                    @let bottom = y((*v).min(Decimal::ZERO));
                    @if !v.is_zero() {
                        rect.bar x=(c(x)) y=(c(top)) width=(c(bar_w)) height=(c((bottom - top).max(1.0))) rx="2" {
                            title { (tips.get(i).map_or("", String::as_str)) ": " (fmt(*v)) }
                        }
                    }
                    @if let Some((month, year)) = labels.get(i) {
                        // Counted back from the latest month, which is always labelled.
                        @let alt = (values.len() - 1 - i) % 2 == 1;
                        text.label.alt[alt] x=(c(x + bar_w / 2.0)) y=(c(H - BOTTOM + 19.0)) text-anchor="middle" { (month) }
                        @if !year.is_empty() {
                            text.label.year x=(c(x + bar_w / 2.0)) y=(c(H - BOTTOM + 36.0)) text-anchor="middle" { (year) }
                        }
                    }
                }
            }
        }
    }
}

/// A horizontal bar chart of counts per stage: the stage names on the left, the count
/// at the end of each bar, gridlines with their labels below.
fn bar_chart(
    id: &str,
    title: &str,
    note: &str,
    counts: &[(String, usize)],
    fmt: &dyn Fn(Decimal) -> String,
) -> Markup {
    const ROW: f64 = 30.0;
    const LABEL_CHARS: usize = 12;
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let grid = ticks(Decimal::ZERO, Decimal::from(max), 4);
    let hi = grid.last().copied().unwrap_or(Decimal::ONE);
    let left = 132.0;
    let right = 40.0;
    let plot_w = W - left - right;
    #[allow(clippy::cast_precision_loss)]
    let h = TOP + ROW * counts.len() as f64 + 26.0;
    let x = |v: Decimal| left + plot_w * f(v) / f(hi).max(f64::MIN_POSITIVE);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    html! {
        figure.chart-box {
            figcaption aria-hidden="true" { (title) }
            svg.chart id=(id) viewBox=(format!("0 0 {} {}", c(W), c(h))) role="img"
                aria-labelledby=(format!("{title_id} {desc_id}")) xmlns="http://www.w3.org/2000/svg" {
                title id=(title_id) { (title) }
                desc id=(desc_id) { (note) }
                @for t in &grid {
                    line class=(if t.is_zero() { "axis" } else { "grid" })
                        x1=(c(x(*t))) x2=(c(x(*t))) y1=(c(TOP - 4.0)) y2=(c(h - 20.0)) {}
                    text.tick x=(c(x(*t))) y=(c(h - 6.0)) text-anchor="middle" { (fmt(*t)) }
                }
                @for (i, (stage, count)) in counts.iter().enumerate() {
                    @let top = TOP + ROW * (i as f64);
                    @let shown: String = if stage.chars().count() > LABEL_CHARS {
                        stage.chars().take(LABEL_CHARS - 1).chain(std::iter::once('…')).collect()
                    } else {
                        stage.clone()
                    };
                    text.label x=(c(left - 8.0)) y=(c(top + ROW / 2.0 + 4.0)) text-anchor="end" {
                        (shown)
                        @if shown != *stage { title { (stage) } }
                    }
                    @if *count > 0 {
                            rect.bar x=(c(left)) y=(c(top + 6.0)) width=(c((x(Decimal::from(*count)) - left).max(1.0))) height=(c(ROW - 12.0)) rx="2" {}
                    }
                    text.value x=(c(x(Decimal::from(*count)) + 5.0)) y=(c(top + ROW / 2.0 + 4.0)) { (fmt(Decimal::from(*count))) }
                }
            }
        }
    }
}
