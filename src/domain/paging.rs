//! Paging of the staff API's lists (SPEC 14): `?limit=` and an opaque `?after=` cursor.
//!
//! A page is read by key range in the store (the cursor is the last key of the previous
//! page), so its cost does not grow with the number of records. The cursor travels as
//! url-safe base64 of that key, so clients treat it as opaque and a hand-made one is
//! refused before the store is asked.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::validate::FieldError;

/// Items in a page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;
/// Most items a page may hold.
pub const MAX_LIMIT: usize = 1000;
/// Longest store key a cursor may carry (ids are 22 characters, outbox ids 25).
const MAX_KEY: usize = 64;

/// What a client asked for: at most `limit` items after the key in `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// The last key of the previous page (decoded from the cursor), if any.
    pub after: Option<String>,
    pub limit: usize,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            after: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl PageRequest {
    /// Read `limit` and `after` as they came in the query string.
    ///
    /// # Errors
    /// `limit` not a whole number from 1 to 1000; `after` not a cursor this server made.
    pub fn parse(limit: Option<&str>, after: Option<&str>) -> Result<Self, FieldError> {
        Ok(Self {
            limit: parse_limit(limit)?,
            after: after.map(decode_cursor).transpose()?,
        })
    }
}

/// `limit`: absent means the default; a whole number from 1 up, more than
/// [`MAX_LIMIT`] read as [`MAX_LIMIT`] (SPEC 14: "at most 1000").
///
/// # Errors
/// Anything but a whole number of at least 1.
pub fn parse_limit(limit: Option<&str>) -> Result<usize, FieldError> {
    let Some(raw) = limit else {
        return Ok(DEFAULT_LIMIT);
    };
    let digits = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    // Digits too many for a usize are a number far above the cap, not an error.
    match raw.parse::<usize>().map(|n| n.min(MAX_LIMIT)) {
        Ok(0) => Err(FieldError::new(
            "limit",
            format!("must be a whole number from 1 to {MAX_LIMIT}"),
        )),
        Ok(n) => Ok(n),
        Err(_) if digits => Ok(MAX_LIMIT),
        Err(_) => Err(FieldError::new(
            "limit",
            format!("must be a whole number from 1 to {MAX_LIMIT}"),
        )),
    }
}

/// The cursor that continues after `key`.
#[must_use]
pub fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key.as_bytes())
}

/// The key inside a cursor.
///
/// # Errors
/// When `cursor` is not one that [`encode_cursor`] made from a store key.
pub fn decode_cursor(cursor: &str) -> Result<String, FieldError> {
    let refused = || FieldError::new("after", "is not a cursor from a previous page");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| refused())?;
    let key = String::from_utf8(bytes).map_err(|_| refused())?;
    let plausible = !key.is_empty()
        && key.len() <= MAX_KEY
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plausible { Ok(key) } else { Err(refused()) }
}

/// One page of a list, in the list's order, and the key to continue after when more
/// remain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The last item's key when at least one more item follows it.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// Build a page from up to `limit + 1` keyed items read in order: the extra one only
    /// tells that more remain.
    #[must_use]
    pub fn from_read(mut read: Vec<(String, T)>, limit: usize) -> Self {
        let more = read.len() > limit;
        read.truncate(limit);
        let next = if more {
            read.last().map(|(k, _)| k.clone())
        } else {
            None
        };
        Self {
            items: read.into_iter().map(|(_, v)| v).collect(),
            next,
        }
    }

    /// The same page with every item changed by `f`.
    #[must_use]
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn limit_defaults_to_100_and_is_capped_at_1000() {
        assert_eq!(parse_limit(None), Ok(100));
        assert_eq!(parse_limit(Some("1")), Ok(1));
        assert_eq!(parse_limit(Some("1000")), Ok(1000));
        assert_eq!(parse_limit(Some("1001")), Ok(1000));
        assert_eq!(parse_limit(Some("99999999999999999999999")), Ok(1000));
        for bad in ["0", "00", "-1", "", "ten", "5.0", " 5"] {
            let e = parse_limit(Some(bad)).expect_err(bad);
            assert_eq!(e.field, "limit");
        }
    }

    #[test]
    fn junk_cursors_are_refused() {
        for bad in [
            "",
            "%00",
            "!!",
            "AA=",
            &encode_cursor("a b"),
            &"QUFB".repeat(30),
        ] {
            let e = decode_cursor(bad).expect_err(bad);
            assert_eq!(e.field, "after");
        }
        // Valid base64 of bytes that are not UTF-8.
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode([0xff, 0xfe])).is_err());
    }

    #[test]
    fn a_page_knows_whether_more_follow() {
        let read = |n: usize| (0..n).map(|i| (format!("k{i}"), i)).collect::<Vec<_>>();
        let full = Page::from_read(read(4), 3);
        assert_eq!(full.items, vec![0, 1, 2]);
        assert_eq!(full.next.as_deref(), Some("k2"));
        let last = Page::from_read(read(3), 3);
        assert_eq!(last.items, vec![0, 1, 2]);
        assert_eq!(last.next, None);
    }

    proptest! {
        #[test]
        fn cursors_round_trip(key in "[A-Za-z0-9_-]{1,64}") {
            prop_assert_eq!(decode_cursor(&encode_cursor(&key)), Ok(key));
        }

        #[test]
        fn any_text_is_a_cursor_or_a_clear_refusal(junk in ".{0,80}") {
            if let Ok(key) = decode_cursor(&junk) {
                prop_assert_eq!(encode_cursor(&key), junk);
            }
        }
    }
}
