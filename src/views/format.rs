//! Human-readable dates, sizes and hrefs. Absolute, never relative ("3 days ago"), so a
//! rendered page does not go stale in a cache.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

const DATE: &[BorrowedFormatItem<'static>] =
    format_description!("[day padding:none] [month repr:short] [year]");
const DATETIME: &[BorrowedFormatItem<'static>] =
    format_description!("[day padding:none] [month repr:short] [year], [hour]:[minute] UTC");
const DATETIME_SECONDS: &[BorrowedFormatItem<'static>] = format_description!(
    "[day padding:none] [month repr:short] [year], [hour]:[minute]:[second] UTC"
);
const ISO_DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");
const ISO_DATETIME: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// `12 Nov 2026`.
#[must_use]
pub fn human_date(d: Date) -> String {
    d.format(DATE).unwrap_or_else(|_| d.to_string())
}

/// `12 Nov 2026, 14:03 UTC` (always shown in UTC: the page says so, and it is cacheable).
#[must_use]
pub fn human_datetime(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    t.format(DATETIME).unwrap_or_else(|_| t.to_string())
}

/// `12 Nov 2026, 14:03:27 UTC`, for receipts.
#[must_use]
pub fn human_datetime_seconds(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    t.format(DATETIME_SECONDS).unwrap_or_else(|_| t.to_string())
}

/// `2026-11-12`, for `<time datetime>`.
#[must_use]
pub fn iso_date(d: Date) -> String {
    d.format(ISO_DATE).unwrap_or_else(|_| d.to_string())
}

/// `2026-11-12T14:03:27Z`, for `<time datetime>`.
#[must_use]
pub fn iso_datetime(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    t.format(ISO_DATETIME).unwrap_or_else(|_| t.to_string())
}

/// `2.4 MB`: decimal units, one decimal below 100, `512 bytes` below a kilobyte.
#[must_use]
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if bytes == 1 {
        return "1 byte".to_owned();
    }
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    // Precision loss above 2^53 bytes is irrelevant for a one-decimal display.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    // Move up while the value would round to 1000 or more in this unit.
    while value >= 999.95 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value < 99.95 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// What a path segment keeps unescaped: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A path segment, percent-encoded (ids are url-safe already; this is defence in depth).
fn encode_segment(s: &str, out: &mut String) {
    out.extend(utf8_percent_encode(s, SEGMENT));
}

/// `base` followed by each segment, percent-encoded: `href("/p/T", &["projects", id])`.
/// `base` is the caller's `/p/{token}` and is used as given.
#[must_use]
pub fn href(base: &str, segments: &[&str]) -> String {
    let mut out = base.trim_end_matches('/').to_owned();
    for s in segments {
        out.push('/');
        encode_segment(s, &mut out);
    }
    out
}

/// A fragment id for an element (`milestone-<id>`), limited to characters safe in both
/// an `id` attribute and a URL fragment.
#[must_use]
pub fn anchor(prefix: &str, id: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 1 + id.len());
    out.push_str(prefix);
    out.push('-');
    out.extend(
        id.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')),
    );
    out
}

/// A `lang` attribute value: the client's language tag if it looks like one (`en`,
/// `de-CH`), else `en`.
#[must_use]
pub fn lang_tag(language: &str) -> &str {
    let l = language.trim();
    let ok = !l.is_empty()
        && l.len() <= 35
        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && l.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
    if ok { l } else { "en" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn dates_read_like_people_write_them() {
        assert_eq!(human_date(date!(2026 - 11 - 12)), "12 Nov 2026");
        assert_eq!(human_date(date!(2026 - 01 - 02)), "2 Jan 2026");
        assert_eq!(
            human_datetime(datetime!(2026-11-12 14:03:27 UTC)),
            "12 Nov 2026, 14:03 UTC"
        );
        assert_eq!(
            human_datetime(datetime!(2026-11-12 23:30 -02:00)),
            "13 Nov 2026, 01:30 UTC"
        );
        assert_eq!(
            human_datetime_seconds(datetime!(2026-11-12 14:03:27 UTC)),
            "12 Nov 2026, 14:03:27 UTC"
        );
        assert_eq!(
            iso_datetime(datetime!(2026-11-12 14:03:27 UTC)),
            "2026-11-12T14:03:27Z"
        );
        assert_eq!(iso_date(date!(2026 - 11 - 02)), "2026-11-02");
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(1000), "1.0 kB");
        assert_eq!(human_size(2_400_000), "2.4 MB");
        assert_eq!(human_size(2_449_999), "2.4 MB");
        assert_eq!(human_size(24_100_000), "24.1 MB");
        assert_eq!(human_size(241_000_000), "241 MB");
        assert_eq!(human_size(999_999), "1.0 MB");
        assert_eq!(human_size(536_870_912), "537 MB");
        assert_eq!(human_size(u64::MAX), "18447 PB");
    }

    #[test]
    fn hrefs_stay_under_the_base() {
        assert_eq!(
            href("/p/TOK", &["projects", "abc_-1"]),
            "/p/TOK/projects/abc_-1"
        );
        assert_eq!(href("/p/TOK/", &["files", "f", "3"]), "/p/TOK/files/f/3");
        assert_eq!(href("/p/TOK", &["a/../b?c"]), "/p/TOK/a%2F..%2Fb%3Fc");
        assert_eq!(href("/p/TOK", &[]), "/p/TOK");
    }

    #[test]
    fn segments_keep_only_unreserved_characters() {
        let mut out = String::new();
        encode_segment("AZaz09-_.~", &mut out);
        assert_eq!(out, "AZaz09-_.~");
        out.clear();
        encode_segment(" !\"#%&'+/:;=?@[]`{}|^\\é\u{7f}\0", &mut out);
        assert_eq!(
            out,
            "%20%21%22%23%25%26%27%2B%2F%3A%3B%3D%3F%40%5B%5D%60%7B%7D%7C%5E%5C%C3%A9%7F%00"
        );
        // Every ASCII byte outside the unreserved set is escaped, as `%XX` upper-case.
        for b in 0u8..=0x7f {
            let c = char::from(b);
            out.clear();
            encode_segment(c.encode_utf8(&mut [0; 4]), &mut out);
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                assert_eq!(out, c.to_string());
            } else {
                assert_eq!(out, format!("%{b:02X}"));
            }
        }
    }

    #[test]
    fn anchors_and_lang() {
        assert_eq!(anchor("milestone", "ab-_9\"<x"), "milestone-ab-_9x");
        assert_eq!(lang_tag("de-CH"), "de-CH");
        assert_eq!(lang_tag(""), "en");
        assert_eq!(lang_tag("en\"><script>"), "en");
    }
}
