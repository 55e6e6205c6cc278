//! Reports on a client's record lists (SPEC 12): per list, rows per month over the last
//! 12 months, rows per stage, and per month sums of each `money` column (per currency)
//! and `number` column.
//!
//! Pure: it is handed the list, the rows the link may see (the caller asked the access
//! policy) and the current month; it reads client-visible columns only, so an internal
//! column is never counted or summed. Sums are `rust_decimal::Decimal`, never floats.
//!
//! The month a row counts in: the row's first client-visible `date` column when the list
//! has one and the row fills it, else the day the row was first sent (in the client's
//! time zone, which the caller's `created_day` applies).

use std::collections::BTreeMap;
use std::str::FromStr as _;

use rust_decimal::Decimal;
use serde_json::Value;
use time::{Date, Month as CalMonth, OffsetDateTime};

use super::lists::{ColumnKind, ListDef, ListRow};

/// How many months a report covers (the current one and the 11 before it).
pub const MONTHS: usize = 12;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl Month {
    /// The month of a day.
    #[must_use]
    pub fn of(d: Date) -> Self {
        Self {
            year: d.year(),
            month: u8::from(d.month()),
        }
    }

    /// The month before.
    #[must_use]
    pub fn prev(self) -> Self {
        if self.month <= 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// `2026-03`: the month in a CSV.
    #[must_use]
    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// The `time` month (January for anything out of range).
    #[must_use]
    pub fn calendar_month(self) -> CalMonth {
        CalMonth::try_from(self.month).unwrap_or(CalMonth::January)
    }

    /// The last `n` months up to and including `self`, oldest first.
    #[must_use]
    pub fn window(self, n: usize) -> Vec<Self> {
        let mut out = Vec::with_capacity(n);
        let mut m = self;
        for _ in 0..n {
            out.push(m);
            m = m.prev();
        }
        out.reverse();
        out
    }
}

/// What decides the month a row counts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonthBasis {
    /// A client-visible `date` column (rows that leave it empty count by the day they
    /// were first sent).
    Column { key: String, label: String },
    /// The day each row was first sent.
    Created,
}

/// Per month sums of one `money` column in one currency, or of one `number` column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sums {
    pub key: String,
    pub label: String,
    /// The currency of a money column; `None` for a number column.
    pub currency: Option<String>,
    /// One sum per month of [`ListReport::months`].
    pub per_month: Vec<Decimal>,
}

impl Sums {
    /// The sum over the whole window.
    #[must_use]
    pub fn total(&self) -> Decimal {
        self.per_month.iter().copied().sum()
    }
}

/// Rows per stage of one client-visible stage column, in the column's stage order
/// (every row the link sees, whatever its month: where things stand now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageCounts {
    pub key: String,
    pub label: String,
    pub counts: Vec<(String, usize)>,
}

/// One list's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListReport {
    pub slug: String,
    pub name: String,
    /// Every row the link sees.
    pub total: usize,
    /// The months covered, oldest first.
    pub months: Vec<Month>,
    pub basis: MonthBasis,
    /// Rows counted per month (same order as `months`).
    pub rows_per_month: Vec<usize>,
    pub stages: Vec<StageCounts>,
    /// Money columns (one entry per currency seen in the window), then number columns,
    /// each in column order.
    pub sums: Vec<Sums>,
}

impl ListReport {
    /// Rows that fall in the window.
    #[must_use]
    pub fn rows_in_window(&self) -> usize {
        self.rows_per_month.iter().sum()
    }
}

fn decimal(v: Option<&Value>) -> Option<Decimal> {
    let s = match v? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Decimal::from_str(s.trim()).ok()
}

/// The month basis of a list: its first client-visible date column, else creation.
#[must_use]
pub fn basis_of(def: &ListDef) -> MonthBasis {
    def.visible_columns()
        .find(|c| c.kind == ColumnKind::Date)
        .map_or(MonthBasis::Created, |c| MonthBasis::Column {
            key: c.key.clone(),
            label: c.label.clone(),
        })
}

/// The month `row` counts in.
fn month_of(
    basis: &MonthBasis,
    row: &ListRow,
    created_day: &dyn Fn(OffsetDateTime) -> Date,
) -> Month {
    let by_column = match basis {
        MonthBasis::Column { key, .. } => {
            row.values.get(key).and_then(Value::as_str).and_then(|s| {
                Date::parse(
                    s.trim(),
                    time::macros::format_description!("[year]-[month]-[day]"),
                )
                .ok()
            })
        }
        MonthBasis::Created => None,
    };
    Month::of(by_column.unwrap_or_else(|| created_day(row.created_at)))
}

/// The report of one list over `rows` (those the link sees), for the 12 months up to
/// `this_month`. `created_day` gives the client's calendar day of an instant.
#[must_use]
pub fn list_report(
    def: &ListDef,
    rows: &[ListRow],
    this_month: Month,
    created_day: &dyn Fn(OffsetDateTime) -> Date,
) -> ListReport {
    let months = this_month.window(MONTHS);
    let slot: BTreeMap<Month, usize> = months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let basis = basis_of(def);
    let mut rows_per_month = vec![0usize; months.len()];
    // (column position, currency) -> per month sums; number columns have no currency.
    let mut money: BTreeMap<(usize, String), Vec<Decimal>> = BTreeMap::new();
    let mut numbers: BTreeMap<usize, Vec<Decimal>> = BTreeMap::new();
    let columns: Vec<_> = def.visible_columns().collect();
    for (pos, c) in columns.iter().enumerate() {
        if c.kind == ColumnKind::Number {
            numbers.insert(pos, vec![Decimal::ZERO; months.len()]);
        }
    }
    for row in rows {
        let Some(&i) = slot.get(&month_of(&basis, row, created_day)) else {
            continue;
        };
        rows_per_month[i] += 1;
        for (pos, c) in columns.iter().enumerate() {
            let v = row.values.get(&c.key);
            match c.kind {
                ColumnKind::Money => {
                    let amount = v.and_then(|m| decimal(m.get("amount")));
                    let cur = v
                        .and_then(|m| m.get("currency"))
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    if let (Some(a), Some(cur)) = (amount, cur) {
                        let sums = money
                            .entry((pos, cur))
                            .or_insert_with(|| vec![Decimal::ZERO; months.len()]);
                        sums[i] += a;
                    }
                }
                ColumnKind::Number => {
                    if let (Some(a), Some(sums)) = (decimal(v), numbers.get_mut(&pos)) {
                        sums[i] += a;
                    }
                }
                _ => {}
            }
        }
    }
    let mut sums: Vec<Sums> = money
        .into_iter()
        .map(|((pos, cur), per_month)| Sums {
            key: columns[pos].key.clone(),
            label: columns[pos].label.clone(),
            currency: Some(cur),
            per_month,
        })
        .collect();
    sums.extend(numbers.into_iter().map(|(pos, per_month)| Sums {
        key: columns[pos].key.clone(),
        label: columns[pos].label.clone(),
        currency: None,
        per_month,
    }));
    let stages = columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Stage)
        .map(|c| StageCounts {
            key: c.key.clone(),
            label: c.label.clone(),
            counts: c
                .stages
                .iter()
                .map(|s| {
                    let n = rows
                        .iter()
                        .filter(|r| r.values.get(&c.key).and_then(Value::as_str) == Some(s))
                        .count();
                    (s.clone(), n)
                })
                .collect(),
        })
        .collect();
    ListReport {
        slug: def.slug.clone(),
        name: def.name.clone(),
        total: rows.len(),
        months,
        basis,
        rows_per_month,
        stages,
        sums,
    }
}

/// Gridlines for a chart of values from `min` to `max`: a "nice" step (1, 2 or 5 times a
/// power of ten) and the ticks from the lowest to the highest, zero included, about
/// `target` intervals in all. Decimal throughout, so tick labels are exact.
#[must_use]
pub fn ticks(min: Decimal, max: Decimal, target: u32) -> Vec<Decimal> {
    let lo = min.min(Decimal::ZERO);
    let hi = max.max(Decimal::ZERO);
    let span = hi - lo;
    if span.is_zero() {
        return vec![Decimal::ZERO, Decimal::ONE];
    }
    let raw = span / Decimal::from(target.max(1));
    // The power of ten at or below `raw`.
    let mut pow = Decimal::ONE;
    while pow > raw {
        pow /= Decimal::TEN;
    }
    while pow * Decimal::TEN <= raw {
        pow *= Decimal::TEN;
    }
    let step = [1u32, 2, 5, 10]
        .into_iter()
        .map(|f| pow * Decimal::from(f))
        .find(|s| *s >= raw)
        .unwrap_or(pow * Decimal::TEN);
    let first = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut t = first;
    while out.len() < 50 {
        out.push(t.normalize());
        if t >= hi {
            break;
        }
        t += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lists::{Column, NewList, new_list};
    use serde_json::json;
    use time::macros::{date, datetime};

    fn col(key: &str, kind: ColumnKind, visible: bool) -> Column {
        Column {
            key: key.into(),
            label: key.to_uppercase(),
            kind,
            client_visible: visible,
            stages: if kind == ColumnKind::Stage {
                vec!["open".into(), "done".into()]
            } else {
                vec![]
            },
        }
    }

    fn def(with_date: bool) -> ListDef {
        let mut columns = vec![
            col("ref", ColumnKind::Text, true),
            col("stage", ColumnKind::Stage, true),
            col("cost", ColumnKind::Money, true),
            col("kg", ColumnKind::Number, true),
            col("margin", ColumnKind::Number, false),
            col("secret", ColumnKind::Money, false),
        ];
        if with_date {
            columns.push(col("on", ColumnKind::Date, true));
        }
        new_list(
            NewList {
                slug: "jobs".into(),
                name: "Jobs".into(),
                columns,
            },
            "s".into(),
            OffsetDateTime::UNIX_EPOCH,
        )
        .expect("valid list")
    }

    fn row(def: &ListDef, ext: &str, at: OffsetDateTime, v: Value) -> ListRow {
        let values =
            crate::domain::lists::row_values(def, v.as_object().expect("object")).expect("row");
        ListRow {
            id: ext.into(),
            list: def.slug.clone(),
            external_id: ext.into(),
            client_id: "c".into(),
            project_id: None,
            values,
            visible_sha256: String::new(),
            created_at: at,
            updated_at: at,
        }
    }

    fn utc_day(t: OffsetDateTime) -> Date {
        t.date()
    }

    #[test]
    fn the_window_is_twelve_months_across_a_new_year() {
        let w = Month::of(date!(2026 - 02 - 10)).window(MONTHS);
        assert_eq!(w.len(), 12);
        assert_eq!(w[0].iso(), "2025-03");
        assert_eq!(w[10].iso(), "2026-01");
        assert_eq!(w[11].iso(), "2026-02");
    }

    #[test]
    fn rows_sums_and_stages_are_counted_from_visible_columns_only() {
        let d = def(false);
        let nov = datetime!(2026-11-05 10:00 UTC);
        let dec = datetime!(2026-12-01 10:00 UTC);
        let old = datetime!(2025-06-01 10:00 UTC);
        let rows = vec![
            row(
                &d,
                "a",
                nov,
                json!({"stage": "open", "cost": {"amount": "10.10", "currency": "EUR"},
                "kg": "1.5", "margin": 99, "secret": {"amount": "500", "currency": "EUR"}}),
            ),
            row(
                &d,
                "b",
                nov,
                json!({"stage": "done", "cost": {"amount": "0.20", "currency": "EUR"}, "kg": 2}),
            ),
            row(
                &d,
                "c",
                dec,
                json!({"stage": "done", "cost": {"amount": "7", "currency": "USD"}}),
            ),
            row(
                &d,
                "d",
                old,
                json!({"stage": "open", "cost": {"amount": "1000", "currency": "EUR"}}),
            ),
        ];
        let r = list_report(&d, &rows, Month::of(date!(2026 - 12 - 03)), &utc_day);
        assert_eq!(r.total, 4);
        assert_eq!(r.rows_in_window(), 3, "the June 2025 row is outside");
        assert_eq!(r.rows_per_month[10], 2);
        assert_eq!(r.rows_per_month[11], 1);
        assert_eq!(r.basis, MonthBasis::Created);
        let keys: Vec<(String, Option<String>)> = r
            .sums
            .iter()
            .map(|s| (s.key.clone(), s.currency.clone()))
            .collect();
        assert_eq!(
            keys,
            [
                ("cost".into(), Some("EUR".into())),
                ("cost".into(), Some("USD".into())),
                ("kg".into(), None)
            ],
            "no internal column is summed"
        );
        assert_eq!(r.sums[0].per_month[10].to_string(), "10.30");
        assert_eq!(r.sums[0].total().to_string(), "10.30");
        assert_eq!(r.sums[1].per_month[11].to_string(), "7");
        assert_eq!(r.sums[2].per_month[10].to_string(), "3.5");
        assert_eq!(r.stages.len(), 1);
        assert_eq!(
            r.stages[0].counts,
            [("open".into(), 2), ("done".into(), 2)],
            "stages count every row, whatever its month"
        );
    }

    #[test]
    fn a_date_column_decides_the_month_and_creation_fills_in() {
        let d = def(true);
        let created = datetime!(2026-12-02 10:00 UTC);
        let rows = vec![
            row(&d, "a", created, json!({"on": "2026-03-15"})),
            row(&d, "b", created, json!({})),
        ];
        let r = list_report(&d, &rows, Month::of(date!(2026 - 12 - 03)), &utc_day);
        assert_eq!(
            r.basis,
            MonthBasis::Column {
                key: "on".into(),
                label: "ON".into()
            }
        );
        let march = r
            .months
            .iter()
            .position(|m| m.iso() == "2026-03")
            .expect("in window");
        assert_eq!(r.rows_per_month[march], 1);
        assert_eq!(r.rows_per_month[11], 1);
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let t = |a: i64, b: i64| -> Vec<String> {
            ticks(Decimal::from(a), Decimal::from(b), 4)
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(t(0, 7), ["0", "2", "4", "6", "8"]);
        assert_eq!(t(0, 100), ["0", "50", "100"]);
        assert_eq!(t(0, 0), ["0", "1"]);
        assert_eq!(t(-30, 90), ["-50", "0", "50", "100"]);
        let small: Vec<String> = ticks(Decimal::ZERO, Decimal::new(35, 2), 4)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(small, ["0", "0.1", "0.2", "0.3", "0.4"]);
    }
}
