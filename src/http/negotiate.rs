//! What a request asks for in its headers: which kept encoding to answer with
//! (`Accept-Encoding`, RFC 9110 section 12.5.3) and whether the client already holds the
//! representation (`If-None-Match`, section 13.1.2). Pure: headers in, a choice out.

use std::borrow::Cow;

use axum::http::{HeaderMap, HeaderValue, header};

use crate::compress::Encoding;

/// The best of `offered` (given in the server's order of preference) that the request's
/// `Accept-Encoding` allows: the highest `q` wins, ties go to the earlier offer. Without
/// the header, or when nothing offered is acceptable, the answer is `Identity`.
#[must_use]
pub fn encoding(headers: &HeaderMap, offered: &[Encoding]) -> Encoding {
    let Some(accept) = header_text(headers, header::ACCEPT_ENCODING) else {
        return Encoding::Identity;
    };
    let mut best = (0u16, Encoding::Identity);
    for &e in offered {
        if e == Encoding::Identity {
            continue;
        }
        let q = quality(&accept, e.token());
        if q > best.0 {
            best = (q, e);
        }
    }
    best.1
}

/// The `q` (in thousandths) the header gives `coding`: its own entry, else `*`'s, else 0.
fn quality(accept: &str, coding: &str) -> u16 {
    let mut star = None;
    for entry in accept.split(',') {
        let mut params = entry.split(';');
        let name = params.next().unwrap_or("").trim();
        let q = params
            .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
            .next()
            .map_or(1000, parse_q);
        if name.eq_ignore_ascii_case(coding) {
            return q;
        }
        if name == "*" {
            star = Some(q);
        }
    }
    star.unwrap_or(0)
}

/// `0`, `0.5`, `1.000`: thousandths; anything malformed counts as 0 (not acceptable).
fn parse_q(q: &str) -> u16 {
    let q = q.trim();
    let (int, frac) = q.split_once('.').unwrap_or((q, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let frac_value = format!("{frac:0<3}").parse::<u16>().unwrap_or(0);
    match int {
        "0" => frac_value,
        "1" if frac_value == 0 => 1000,
        _ => 0,
    }
}

/// Whether `If-None-Match` names one of `etags` (or is `*`): weak comparison, as RFC 9110
/// asks for this header.
#[must_use]
pub fn none_match(headers: &HeaderMap, etags: &[&str]) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|listed| {
            let listed = listed.trim();
            listed == "*" || etags.iter().any(|e| opaque(e) == opaque(listed))
        })
}

/// All values of header `name` as one comma-separated list (borrowed when there is one).
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<Cow<'_, str>> {
    let mut values = headers
        .get_all(name)
        .iter()
        .filter_map(|v: &HeaderValue| v.to_str().ok());
    let first = values.next()?;
    let mut joined: Option<String> = None;
    for more in values {
        let j = joined.get_or_insert_with(|| first.to_owned());
        j.push(',');
        j.push_str(more);
    }
    Some(joined.map_or(Cow::Borrowed(first), Cow::Owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Encoding; 3] = [Encoding::Br, Encoding::Gzip, Encoding::Identity];

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).expect("header"));
        h
    }

    fn pick(accept: &str, offered: &[Encoding]) -> Encoding {
        encoding(&with(header::ACCEPT_ENCODING, accept), offered)
    }

    #[test]
    fn browsers_get_br_then_gzip() {
        assert_eq!(pick("gzip, deflate, br, zstd", &ALL), Encoding::Br);
        assert_eq!(
            pick(
                "gzip, deflate, br, zstd",
                &[Encoding::Gzip, Encoding::Identity]
            ),
            Encoding::Gzip
        );
        assert_eq!(pick("gzip", &ALL), Encoding::Gzip);
        assert_eq!(pick("GZIP;q=1.0", &ALL), Encoding::Gzip);
        assert_eq!(encoding(&HeaderMap::new(), &ALL), Encoding::Identity);
    }

    #[test]
    fn q_values_rank_and_zero_refuses() {
        assert_eq!(pick("br;q=0.5, gzip;q=0.8", &ALL), Encoding::Gzip);
        assert_eq!(pick("br;q=0, gzip", &ALL), Encoding::Gzip);
        assert_eq!(pick("br;q=0, gzip;q=0", &ALL), Encoding::Identity);
        assert_eq!(pick("*", &ALL), Encoding::Br);
        assert_eq!(pick("*;q=0.2, br;q=0", &ALL), Encoding::Gzip);
        assert_eq!(pick("identity", &ALL), Encoding::Identity);
        assert_eq!(pick("deflate, zstd", &ALL), Encoding::Identity);
        assert_eq!(pick("gzip;q=junk, br;q=2", &ALL), Encoding::Identity);
    }

    #[test]
    fn if_none_match_compares_weakly() {
        let tag = "\"abc\"";
        assert!(none_match(&with(header::IF_NONE_MATCH, "\"abc\""), &[tag]));
        assert!(none_match(
            &with(header::IF_NONE_MATCH, "W/\"abc\""),
            &[tag]
        ));
        assert!(none_match(
            &with(header::IF_NONE_MATCH, "\"x\", \"abc\""),
            &[tag]
        ));
        assert!(none_match(&with(header::IF_NONE_MATCH, "*"), &[tag]));
        assert!(!none_match(&with(header::IF_NONE_MATCH, "\"abd\""), &[tag]));
        assert!(!none_match(&HeaderMap::new(), &[tag]));
    }
}
