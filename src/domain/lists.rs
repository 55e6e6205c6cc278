//! Client-visible record lists (SPEC 12): a list definition (slug, name, typed columns,
//! each client-visible or internal), the validation of a row's values per column kind,
//! and the canonical client-visible form of a row with its SHA-256, which a row approval
//! is bound to.
//!
//! Pure: values come in as JSON (or CSV cells) and leave normalised; money is a
//! `rust_decimal::Decimal` with a currency, never a float.

use std::collections::BTreeMap;
use std::str::FromStr as _;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;

use super::validate;

/// A refused field: which (a column key, `columns[2].key`, ...), and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ListError {
    pub field: String,
    pub message: String,
}

impl From<validate::FieldError> for ListError {
    fn from(e: validate::FieldError) -> Self {
        Self {
            field: e.field.to_owned(),
            message: e.message,
        }
    }
}

/// Most columns a list may have.
pub const MAX_COLUMNS: usize = 40;
/// Most stages a stage column may have.
pub const MAX_STAGES: usize = 20;
/// Most photos in one cell.
pub const MAX_PHOTOS: usize = 20;
/// Longest external id (the caller's own id of a row).
pub const MAX_EXTERNAL_ID: usize = 100;
/// Rows a client page shows at once.
pub const PAGE_ROWS: usize = 50;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Text,
    Number,
    /// `{"amount": "12.50", "currency": "EUR"}`.
    Money,
    /// `YYYY-MM-DD`.
    Date,
    /// One of the column's ordered `stages`.
    Stage,
    /// A file id.
    File,
    /// File ids (images).
    Photos,
    /// The file id of a PNG.
    Signature,
    /// An `http` or `https` address.
    Url,
}

impl ColumnKind {
    /// Whether cells of this kind name files (checked against the store by the caller).
    #[must_use]
    pub fn holds_files(self) -> bool {
        matches!(self, Self::File | Self::Photos | Self::Signature)
    }
}

/// One column of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// `[a-z0-9_]`, starting with a letter; unique in the list; the CSV header.
    pub key: String,
    pub label: String,
    pub kind: ColumnKind,
    /// An internal column (`false`) never reaches a client page, CSV, mail, export or
    /// webhook.
    pub client_visible: bool,
    /// The ordered stages of a `stage` column (only there).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<String>,
}

/// `POST /lists`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewList {
    pub slug: String,
    pub name: String,
    pub columns: Vec<Column>,
}

/// A list definition, kept under its slug.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ListDef {
    /// The slug (`[a-z0-9-]`, 1 to 40, starting with a letter): the list's id, its
    /// URL segment and its key in a client's `sections`.
    pub slug: String,
    pub name: String,
    pub columns: Vec<Column>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl ListDef {
    /// The columns a client sees, in order.
    pub fn visible_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.client_visible)
    }

    #[must_use]
    pub fn column(&self, key: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// The first client-visible stage column: what the overview counts by and `?stage=`
    /// filters on.
    #[must_use]
    pub fn stage_column(&self) -> Option<&Column> {
        self.visible_columns().find(|c| c.kind == ColumnKind::Stage)
    }
}

/// One row: a client's record in a list, under the caller's own id.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ListRow {
    /// Store id (random); the row is addressed by `list` and `external_id`.
    pub id: String,
    pub list: String,
    pub external_id: String,
    pub client_id: String,
    #[serde(default)]
    pub project_id: Option<String>,
    /// Normalised values by column key (numbers and money amounts as decimal strings).
    #[schema(value_type = Object)]
    pub values: BTreeMap<String, Value>,
    /// SHA-256 of the row's canonical client-visible form when last written.
    pub visible_sha256: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl ListRow {
    /// The stage this row is at, by the list's stage column.
    #[must_use]
    pub fn stage<'a>(&'a self, def: &ListDef) -> Option<&'a str> {
        let col = def.stage_column()?;
        self.values.get(&col.key).and_then(Value::as_str)
    }
}

fn err(field: impl Into<String>, message: impl Into<String>) -> ListError {
    ListError {
        field: field.into(),
        message: message.into(),
    }
}

/// Check a slug: `[a-z0-9-]`, 1 to 40 characters, starting with a letter.
///
/// # Errors
/// Anything else.
pub fn valid_slug(slug: &str) -> Result<String, ListError> {
    let ok = (1..=40).contains(&slug.len())
        && slug.starts_with(|c: char| c.is_ascii_lowercase())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok && !RESERVED_SLUGS.contains(&slug) {
        Ok(slug.to_owned())
    } else {
        Err(err(
            "slug",
            "use 1 to 40 of a-z, 0-9 and -, starting with a letter (and not a section name)",
        ))
    }
}

/// Section names a list slug may not take (they are keys of `sections` already).
const RESERVED_SLUGS: [&str; 4] = ["milestones", "files", "approvals", "activity"];

/// Check an external id: 1 to 100 of `A-Z a-z 0-9 . _ ~ -` (it is a URL path segment).
///
/// # Errors
/// Anything else.
pub fn valid_external_id(id: &str) -> Result<String, ListError> {
    let ok = (1..=MAX_EXTERNAL_ID).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'-'))
        && id != "."
        && id != "..";
    if ok {
        Ok(id.to_owned())
    } else {
        Err(err(
            "external_id",
            "use 1 to 100 of A-Z, a-z, 0-9, '.', '_', '~' and '-'",
        ))
    }
}

/// Check a new list and make its definition.
///
/// # Errors
/// The first bad field.
pub fn new_list(
    new: NewList,
    created_by: String,
    now: OffsetDateTime,
) -> Result<ListDef, ListError> {
    let slug = valid_slug(new.slug.trim())?;
    let name = validate::line("name", &new.name)?;
    if name.is_empty() {
        return Err(err("name", "is required"));
    }
    if new.columns.is_empty() || new.columns.len() > MAX_COLUMNS {
        return Err(err("columns", format!("give 1 to {MAX_COLUMNS} columns")));
    }
    let mut columns: Vec<Column> = Vec::with_capacity(new.columns.len());
    for (i, c) in new.columns.into_iter().enumerate() {
        let field = format!("columns[{i}]");
        let key = c.key.trim().to_owned();
        let key_ok = (1..=40).contains(&key.len())
            && key.starts_with(|ch: char| ch.is_ascii_lowercase())
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !key_ok || key == "external_id" {
            return Err(err(
                format!("{field}.key"),
                "use 1 to 40 of a-z, 0-9 and _, starting with a letter (not external_id)",
            ));
        }
        if columns.iter().any(|o| o.key == key) {
            return Err(err(format!("{field}.key"), "is used twice"));
        }
        let label = validate::line("label", &c.label)
            .map_err(|e| err(format!("{field}.label"), e.message))?;
        if label.is_empty() {
            return Err(err(format!("{field}.label"), "is required"));
        }
        let mut stages = Vec::new();
        if c.kind == ColumnKind::Stage {
            if c.stages.is_empty() || c.stages.len() > MAX_STAGES {
                return Err(err(
                    format!("{field}.stages"),
                    format!("a stage column needs 1 to {MAX_STAGES} stages"),
                ));
            }
            for s in &c.stages {
                let s = validate::line("stage", s)
                    .map_err(|e| err(format!("{field}.stages"), e.message))?;
                if s.is_empty() || stages.contains(&s) {
                    return Err(err(
                        format!("{field}.stages"),
                        "stages must be named, each once",
                    ));
                }
                stages.push(s);
            }
        } else if !c.stages.is_empty() {
            return Err(err(
                format!("{field}.stages"),
                "only a stage column has stages",
            ));
        }
        columns.push(Column {
            key,
            label,
            kind: c.kind,
            client_visible: c.client_visible,
            stages,
        });
    }
    Ok(ListDef {
        slug,
        name,
        columns,
        created_by,
        created_at: now,
    })
}

/// A decimal from a JSON number or string (never through a float).
fn decimal(v: &Value) -> Option<Decimal> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_owned(),
        _ => return None,
    };
    if text.is_empty() || text.len() > 40 {
        return None;
    }
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .ok()
}

fn currency(v: Option<&Value>) -> Option<String> {
    let c = v?.as_str()?.trim().to_ascii_uppercase();
    (c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())).then_some(c)
}

fn file_id(v: &Value) -> Option<String> {
    let s = v.as_str()?.trim();
    super::ids::looks_like_id(s).then(|| s.to_owned())
}

/// Check one cell against its column and normalise it. `Null` (and an empty string)
/// is an empty cell: `Ok(None)`.
///
/// # Errors
/// What is wrong with the value, for the column's key.
pub fn cell(col: &Column, v: &Value) -> Result<Option<Value>, ListError> {
    if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) {
        return Ok(None);
    }
    let bad = |m: &str| err(col.key.clone(), m.to_owned());
    let out = match col.kind {
        ColumnKind::Text => {
            let s = v.as_str().ok_or_else(|| bad("must be text"))?;
            Value::String(validate::text("text", s).map_err(|e| bad(&e.message))?)
        }
        ColumnKind::Number => {
            let d = decimal(v).ok_or_else(|| bad("must be a number"))?;
            Value::String(d.normalize().to_string())
        }
        ColumnKind::Money => {
            let (amount, cur) = match v {
                Value::Object(m) => (m.get("amount"), currency(m.get("currency"))),
                _ => (None, None),
            };
            let amount = amount
                .and_then(decimal)
                .ok_or_else(|| bad("must be {\"amount\": \"12.50\", \"currency\": \"EUR\"}"))?;
            let cur = cur.ok_or_else(|| bad("needs a three-letter currency such as EUR"))?;
            json!({"amount": amount.to_string(), "currency": cur})
        }
        ColumnKind::Date => {
            let s = v.as_str().ok_or_else(|| bad("must be a date YYYY-MM-DD"))?;
            let d = time::Date::parse(
                s.trim(),
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .map_err(|_| bad("must be a date YYYY-MM-DD"))?;
            Value::String(d.to_string())
        }
        ColumnKind::Stage => {
            let s = v.as_str().map(str::trim).unwrap_or_default();
            if !col.stages.iter().any(|x| x == s) {
                return Err(bad(&format!(
                    "must be one of the stages: {}",
                    col.stages.join(", ")
                )));
            }
            Value::String(s.to_owned())
        }
        ColumnKind::File | ColumnKind::Signature => {
            Value::String(file_id(v).ok_or_else(|| bad("must be a file id"))?)
        }
        ColumnKind::Photos => {
            let ids: Vec<Value> = match v {
                Value::Array(a) => a
                    .iter()
                    .map(|x| file_id(x).map(Value::String))
                    .collect::<Option<_>>()
                    .ok_or_else(|| bad("must be a list of file ids"))?,
                Value::String(s) => s
                    .split([' ', ';', '|'])
                    .filter(|p| !p.is_empty())
                    .map(|p| file_id(&Value::String(p.to_owned())).map(Value::String))
                    .collect::<Option<_>>()
                    .ok_or_else(|| bad("must be a list of file ids"))?,
                _ => return Err(bad("must be a list of file ids")),
            };
            if ids.len() > MAX_PHOTOS {
                return Err(bad(&format!("holds at most {MAX_PHOTOS} photos")));
            }
            Value::Array(ids)
        }
        ColumnKind::Url => {
            let s = v
                .as_str()
                .ok_or_else(|| bad("must be an http(s) address"))?;
            let u = url::Url::parse(s.trim()).map_err(|_| bad("must be an http(s) address"))?;
            if !matches!(u.scheme(), "http" | "https") || s.len() > 2000 {
                return Err(bad("must be an http(s) address"));
            }
            Value::String(u.to_string())
        }
    };
    Ok(Some(out))
}

/// Check a whole row's values against the list: unknown keys are refused, empty cells
/// left out.
///
/// # Errors
/// The first bad cell.
pub fn row_values(
    def: &ListDef,
    values: &serde_json::Map<String, Value>,
) -> Result<BTreeMap<String, Value>, ListError> {
    let mut out = BTreeMap::new();
    for (k, v) in values {
        let col = def
            .column(k)
            .ok_or_else(|| err(k.clone(), "is not a column of this list"))?;
        if let Some(v) = cell(col, v)? {
            out.insert(k.clone(), v);
        }
    }
    Ok(out)
}

/// Read a money cell of a CSV: `12.50 EUR`, `EUR 12.50`, or `12.50` when only the
/// amount is given (then `default_currency`, if any).
fn money_text(s: &str) -> Value {
    let parts: Vec<&str> = s.split_whitespace().collect();
    match parts.as_slice() {
        [a, c] if c.len() == 3 && c.chars().all(|x| x.is_ascii_alphabetic()) => {
            json!({"amount": a, "currency": c})
        }
        [c, a] if c.len() == 3 && c.chars().all(|x| x.is_ascii_alphabetic()) => {
            json!({"amount": a, "currency": c})
        }
        _ => json!({"amount": s, "currency": null}),
    }
}

/// A CSV cell as the JSON value the row API takes for the column.
#[must_use]
pub fn csv_cell(col: &Column, text: &str) -> Value {
    let t = text.trim();
    if t.is_empty() {
        return Value::Null;
    }
    match col.kind {
        ColumnKind::Money => money_text(t),
        ColumnKind::Photos => Value::Array(
            t.split([' ', ';', '|'])
                .filter(|p| !p.is_empty())
                .map(|p| Value::String(p.to_owned()))
                .collect(),
        ),
        _ => Value::String(t.to_owned()),
    }
}

/// A value as the client reads it in a cell (and in the CSV download).
#[must_use]
pub fn display(col: &Column, v: &Value) -> String {
    match (col.kind, v) {
        (ColumnKind::Money, Value::Object(m)) => format!(
            "{} {}",
            m.get("amount").and_then(Value::as_str).unwrap_or(""),
            m.get("currency").and_then(Value::as_str).unwrap_or("")
        ),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        (_, other) => other.to_string(),
    }
}

/// The key a value sorts by (numbers and money by amount, the rest as text).
#[must_use]
pub fn sort_key(col: &Column, v: Option<&Value>) -> (Option<Decimal>, String) {
    let Some(v) = v else {
        return (None, String::new());
    };
    match col.kind {
        ColumnKind::Number => (decimal(v), String::new()),
        ColumnKind::Money => (
            v.get("amount").and_then(decimal),
            v.get("currency")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
        ),
        ColumnKind::Stage => {
            let pos = v
                .as_str()
                .and_then(|s| col.stages.iter().position(|x| x == s))
                .unwrap_or(usize::MAX);
            (Some(Decimal::from(pos)), String::new())
        }
        _ => (None, display(col, v).to_lowercase()),
    }
}

/// The canonical client-visible form of a row: the list, the external id and the
/// client-visible cells only (in key order), each file cell carrying the SHA-256 of the
/// file's current version (`file_sha` answers it, or `None` for a file without one).
/// Serialised without whitespace with keys sorted, so equal rows give equal bytes.
#[must_use]
pub fn canonical_visible(
    def: &ListDef,
    external_id: &str,
    values: &BTreeMap<String, Value>,
    file_sha: &dyn Fn(&str) -> Option<String>,
) -> Vec<u8> {
    let mut cells = BTreeMap::new();
    for col in def.visible_columns() {
        let Some(v) = values.get(&col.key) else {
            continue;
        };
        let file = |id: &Value| {
            let id = id.as_str().unwrap_or_default();
            json!({"file_id": id, "sha256": file_sha(id)})
        };
        let canon = match (col.kind, v) {
            (ColumnKind::File | ColumnKind::Signature, id) => file(id),
            (ColumnKind::Photos, Value::Array(ids)) => Value::Array(ids.iter().map(file).collect()),
            (_, v) => v.clone(),
        };
        cells.insert(col.key.clone(), canon);
    }
    let doc = json!({"list": def.slug, "external_id": external_id, "values": cells});
    // serde_json's maps are ordered by key (no `preserve_order`), so this is canonical.
    serde_json::to_vec(&doc).unwrap_or_default()
}

/// Hex SHA-256 of [`canonical_visible`].
#[must_use]
pub fn visible_sha256(
    def: &ListDef,
    external_id: &str,
    values: &BTreeMap<String, Value>,
    file_sha: &dyn Fn(&str) -> Option<String>,
) -> String {
    hex::encode(Sha256::digest(canonical_visible(
        def,
        external_id,
        values,
        file_sha,
    )))
}

/// Hex SHA-256 of all of a row's values (internal ones included): what the audit chain
/// keeps of a row write, so the chain pins the content without carrying internal values
/// into exports.
#[must_use]
pub fn values_sha256(values: &BTreeMap<String, Value>) -> String {
    hex::encode(Sha256::digest(
        serde_json::to_vec(values).unwrap_or_default(),
    ))
}

/// Only the client-visible cells of a row.
#[must_use]
pub fn visible_values(def: &ListDef, values: &BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    def.visible_columns()
        .filter_map(|c| values.get(&c.key).map(|v| (c.key.clone(), v.clone())))
        .collect()
}

/// The form field of a column's value in the console's row form (`v_<key>`); a money
/// column's currency goes in `cur_<key>`.
#[must_use]
pub fn form_field(key: &str) -> String {
    format!("v_{key}")
}

/// The form field of a money column's currency.
#[must_use]
pub fn currency_field(key: &str) -> String {
    format!("cur_{key}")
}

/// A console row form's fields as the JSON values the row API takes: one entry per
/// column, empty fields as `null` (an empty cell). File, photo and signature cells come
/// back as the ids the form carried (space-separated for photos).
#[must_use]
pub fn form_values<S: std::hash::BuildHasher>(
    def: &ListDef,
    fields: &std::collections::HashMap<String, String, S>,
) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for col in &def.columns {
        let text = fields.get(&form_field(&col.key)).map_or("", |s| s.trim());
        let v = if text.is_empty() {
            Value::Null
        } else if col.kind == ColumnKind::Money {
            let cur = fields
                .get(&currency_field(&col.key))
                .map_or("", |s| s.trim());
            json!({"amount": text, "currency": cur})
        } else {
            csv_cell(col, text)
        };
        out.insert(col.key.clone(), v);
    }
    out
}

/// What a console form shows in a column's input for a stored value (money: the amount;
/// its currency through [`form_currency`]).
#[must_use]
pub fn form_text(col: &Column, v: Option<&Value>) -> String {
    match (col.kind, v) {
        (_, None) => String::new(),
        (ColumnKind::Money, Some(m)) => m
            .get("amount")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        (_, Some(v)) => display(col, v),
    }
}

/// The currency of a stored money value, for the form.
#[must_use]
pub fn form_currency(v: Option<&Value>) -> String {
    v.and_then(|m| m.get("currency"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> ListDef {
        new_list(
            NewList {
                slug: "jobs".into(),
                name: "Jobs".into(),
                columns: vec![
                    Column {
                        key: "ref".into(),
                        label: "Ref".into(),
                        kind: ColumnKind::Text,
                        client_visible: true,
                        stages: vec![],
                    },
                    Column {
                        key: "stage".into(),
                        label: "Stage".into(),
                        kind: ColumnKind::Stage,
                        client_visible: true,
                        stages: vec!["in".into(), "out".into()],
                    },
                    Column {
                        key: "cost".into(),
                        label: "Cost".into(),
                        kind: ColumnKind::Money,
                        client_visible: true,
                        stages: vec![],
                    },
                    Column {
                        key: "margin".into(),
                        label: "Margin".into(),
                        kind: ColumnKind::Number,
                        client_visible: false,
                        stages: vec![],
                    },
                ],
            },
            "s".into(),
            OffsetDateTime::UNIX_EPOCH,
        )
        .expect("valid list")
    }

    fn vals(v: Value) -> BTreeMap<String, Value> {
        row_values(&def(), v.as_object().expect("object")).expect("valid row")
    }

    #[test]
    fn money_is_decimal_and_keeps_its_scale() {
        let v = vals(json!({"cost": {"amount": "12.50", "currency": "eur"}}));
        assert_eq!(v["cost"], json!({"amount": "12.50", "currency": "EUR"}));
        let v = vals(json!({"cost": {"amount": 0.1, "currency": "EUR"}}));
        assert_eq!(v["cost"]["amount"], "0.1");
    }

    #[test]
    fn each_kind_refuses_what_it_cannot_hold() {
        let d = def();
        let bad = [
            json!({"stage": "teleported"}),
            json!({"cost": {"amount": "x", "currency": "EUR"}}),
            json!({"cost": {"amount": "1", "currency": "EURO"}}),
            json!({"margin": "ten"}),
            json!({"nope": 1}),
        ];
        for b in bad {
            assert!(
                row_values(&d, b.as_object().expect("object")).is_err(),
                "{b}"
            );
        }
    }

    #[test]
    fn the_visible_hash_ignores_internal_columns_only() {
        let d = def();
        let none = |_: &str| None;
        let a = vals(json!({"ref": "A", "margin": 1}));
        let b = vals(json!({"ref": "A", "margin": 2}));
        let c = vals(json!({"ref": "B", "margin": 1}));
        assert_eq!(
            visible_sha256(&d, "x", &a, &none),
            visible_sha256(&d, "x", &b, &none)
        );
        assert_ne!(
            visible_sha256(&d, "x", &a, &none),
            visible_sha256(&d, "x", &c, &none)
        );
        assert_ne!(
            visible_sha256(&d, "x", &a, &none),
            visible_sha256(&d, "y", &a, &none)
        );
        let canon = String::from_utf8(canonical_visible(&d, "x", &a, &none)).expect("utf-8");
        assert!(!canon.contains("margin"), "{canon}");
    }

    #[test]
    fn csv_money_cells_take_either_order() {
        let d = def();
        let col = d.column("cost").expect("cost");
        for t in ["12.50 EUR", "EUR 12.50"] {
            let v = cell(col, &csv_cell(col, t))
                .expect("valid")
                .expect("not empty");
            assert_eq!(display(col, &v), "12.50 EUR");
        }
    }

    #[test]
    fn slugs_and_external_ids_are_path_safe() {
        assert!(valid_slug("jobs-2").is_ok());
        assert!(valid_slug("Jobs").is_err());
        assert!(valid_slug("files").is_err());
        assert!(valid_external_id("JOB-1.a_b~").is_ok());
        assert!(valid_external_id("a/b").is_err());
        assert!(valid_external_id("..").is_err());
    }
    #[test]
    fn a_console_form_round_trips_through_the_row_checks() {
        let d = def();
        let mut f = std::collections::HashMap::new();
        f.insert(form_field("ref"), "J-1".to_owned());
        f.insert(form_field("stage"), "out".to_owned());
        f.insert(form_field("cost"), "12.50".to_owned());
        f.insert(currency_field("cost"), "eur".to_owned());
        f.insert(form_field("margin"), String::new());
        let v = row_values(&d, &form_values(&d, &f)).expect("valid");
        assert_eq!(v["cost"], json!({"amount": "12.50", "currency": "EUR"}));
        assert!(!v.contains_key("margin"));
        let cost = d.column("cost").expect("cost");
        assert_eq!(form_text(cost, v.get("cost")), "12.50");
        assert_eq!(form_currency(v.get("cost")), "EUR");
        f.insert(currency_field("cost"), String::new());
        let e = row_values(&d, &form_values(&d, &f)).expect_err("no currency");
        assert_eq!(e.field, "cost");
    }
}
