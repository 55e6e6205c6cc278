//! Server-side table sorting for the console: `?sort=<column>&dir=asc|desc`.
//!
//! Pure (no I/O, no HTTP types). A page declares its tables' columns; the query is
//! checked against all of them at once (one `sort` per page), each table then sorts by
//! the requested column when it owns it and by its default otherwise. Sorting is stable
//! on top of the default order, so equal keys never shuffle between requests.

use std::cmp::Ordering;

use serde::Deserialize;

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Asc,
    Desc,
}

impl Dir {
    /// The query value, `asc` or `desc`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }

    /// The value of `aria-sort` for a header sorted this way.
    #[must_use]
    pub fn aria(self) -> &'static str {
        match self {
            Self::Asc => "ascending",
            Self::Desc => "descending",
        }
    }

    #[must_use]
    pub fn flipped(self) -> Self {
        match self {
            Self::Asc => Self::Desc,
            Self::Desc => Self::Asc,
        }
    }
}

/// One column and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub col: &'static str,
    pub dir: Dir,
}

impl Sort {
    #[must_use]
    pub const fn asc(col: &'static str) -> Self {
        Self { col, dir: Dir::Asc }
    }

    #[must_use]
    pub const fn desc(col: &'static str) -> Self {
        Self {
            col,
            dir: Dir::Desc,
        }
    }
}

/// A table's sortable columns and its default order.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub columns: &'static [&'static str],
    pub default: Sort,
}

impl Table {
    /// How this table sorts for the page's `requested` sort.
    #[must_use]
    pub fn sort_for(&self, requested: Option<Sort>) -> Sort {
        requested
            .filter(|s| self.columns.contains(&s.col))
            .unwrap_or(self.default)
    }
}

/// The query parameters as they arrive.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SortQuery {
    pub sort: Option<String>,
    pub dir: Option<String>,
}

/// Why a sort query was refused (shown on a 400 page).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadSort {
    #[error("this page cannot be sorted by \"{0}\"")]
    Column(String),
    #[error("dir must be asc or desc, not \"{0}\"")]
    Dir(String),
}

impl SortQuery {
    /// The sort asked for, checked against every table of the page: `Ok(None)` when
    /// none was asked, an error for a column no table has or a bad direction.
    ///
    /// # Errors
    /// [`BadSort`] naming the offending value.
    pub fn requested(&self, tables: &[Table]) -> Result<Option<Sort>, BadSort> {
        let dir = match self.dir.as_deref() {
            None | Some("" | "asc") => Dir::Asc,
            Some("desc") => Dir::Desc,
            Some(other) => return Err(BadSort::Dir(short(other))),
        };
        let Some(name) = self.sort.as_deref().filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        tables
            .iter()
            .flat_map(|t| t.columns.iter())
            .find(|c| **c == name)
            .map(|col| Some(Sort { col, dir }))
            .ok_or_else(|| BadSort::Column(short(name)))
    }
}

/// Echo at most a few characters of a bad value back to the page.
fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Sort `rows` stably by `sort`; `cmp(col, a, b)` compares two rows on a column
/// ascending. Rows are expected in the table's default order already.
pub fn sort_rows<T>(rows: &mut [T], sort: Sort, cmp: impl Fn(&str, &T, &T) -> Ordering) {
    rows.sort_by(|a, b| {
        let o = cmp(sort.col, a, b);
        match sort.dir {
            Dir::Asc => o,
            Dir::Desc => o.reverse(),
        }
    });
}

/// What a column header shows: the link that sorts by it and, on the active column,
/// the `aria-sort` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderState {
    /// `?sort=<col>&dir=<dir>`: the active column flips, others start ascending.
    pub href: String,
    pub aria_sort: Option<&'static str>,
}

/// The header of `col` in a table currently sorted by `current`.
#[must_use]
pub fn header(col: &str, current: Sort) -> HeaderState {
    let active = current.col == col;
    let next = if active {
        current.dir.flipped()
    } else {
        Dir::Asc
    };
    HeaderState {
        href: format!("?sort={col}&dir={}", next.as_str()),
        aria_sort: active.then(|| current.dir.aria()),
    }
}

/// Case-insensitive text order, for names and emails.
#[must_use]
pub fn text_cmp(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEOPLE: Table = Table {
        columns: &["name", "age"],
        default: Sort::asc("name"),
    };
    const OTHER: Table = Table {
        columns: &["when"],
        default: Sort::desc("when"),
    };

    fn q(sort: Option<&str>, dir: Option<&str>) -> SortQuery {
        SortQuery {
            sort: sort.map(str::to_owned),
            dir: dir.map(str::to_owned),
        }
    }

    #[test]
    fn queries_are_checked_against_every_table_of_the_page() {
        let tables = [PEOPLE, OTHER];
        assert_eq!(q(None, None).requested(&tables), Ok(None));
        assert_eq!(q(Some(""), Some("")).requested(&tables), Ok(None));
        assert_eq!(
            q(Some("age"), Some("desc")).requested(&tables),
            Ok(Some(Sort::desc("age")))
        );
        assert_eq!(
            q(Some("when"), None).requested(&tables),
            Ok(Some(Sort::asc("when")))
        );
        assert_eq!(
            q(Some("salary"), None).requested(&tables),
            Err(BadSort::Column("salary".into()))
        );
        assert_eq!(
            q(Some("age"), Some("up")).requested(&tables),
            Err(BadSort::Dir("up".into()))
        );
        let long = "x".repeat(500);
        let Err(BadSort::Column(echo)) = q(Some(&long), None).requested(&tables) else {
            panic!("refused");
        };
        assert_eq!(echo.len(), 40);
    }

    #[test]
    fn a_table_uses_the_request_only_for_its_own_columns() {
        let asked = Some(Sort::desc("age"));
        assert_eq!(PEOPLE.sort_for(asked), Sort::desc("age"));
        assert_eq!(OTHER.sort_for(asked), Sort::desc("when"));
        assert_eq!(PEOPLE.sort_for(None), Sort::asc("name"));
    }

    #[test]
    fn sorting_is_stable_in_both_directions() {
        // (name, age), already in default (name) order.
        let mut rows = vec![("ann", 30), ("bob", 25), ("cy", 30), ("dee", 25)];
        let by = |col: &str, a: &(&str, i32), b: &(&str, i32)| match col {
            "age" => a.1.cmp(&b.1),
            _ => text_cmp(a.0, b.0),
        };
        sort_rows(&mut rows, Sort::asc("age"), by);
        assert_eq!(
            rows,
            vec![("bob", 25), ("dee", 25), ("ann", 30), ("cy", 30)]
        );
        let mut rows = vec![("ann", 30), ("bob", 25), ("cy", 30), ("dee", 25)];
        sort_rows(&mut rows, Sort::desc("age"), by);
        // Ties keep the default order, not its reverse.
        assert_eq!(
            rows,
            vec![("ann", 30), ("cy", 30), ("bob", 25), ("dee", 25)]
        );
    }

    #[test]
    fn headers_flip_the_active_column_and_mark_it() {
        let h = header("age", Sort::asc("age"));
        assert_eq!(h.href, "?sort=age&dir=desc");
        assert_eq!(h.aria_sort, Some("ascending"));
        let h = header("name", Sort::desc("age"));
        assert_eq!(h.href, "?sort=name&dir=asc");
        assert_eq!(h.aria_sort, None);
        assert_eq!(text_cmp("B", "a"), Ordering::Greater);
    }
}
