//! File requests (SPEC 11): what staff may ask for, and whether the bytes a client sent
//! are what was asked for. Pure: the upload path feeds the bytes through a [`Sniffer`]
//! as they arrive, and [`judge`] decides on what it saw.
//!
//! How content is judged, never by the file's name or its declared type:
//! - **Binary formats** are recognised by their magic bytes (the `infer` crate): a PNG is
//!   `image/png` whatever it is called.
//! - **Plain text** has no magic. Bytes are `text/plain` only when `infer` recognises
//!   nothing, the whole upload is valid UTF-8 and holds no NUL byte.
//! - **Markup** (HTML, SVG, XML, anything whose text starts with `<` or names a tag a
//!   browser would run) is never accepted by a pattern: not by `text/*`, not by
//!   `text/plain`, not even by a pattern that names it. A request without `accept` takes
//!   any bytes, and stores markup as opaque `application/octet-stream`.
//! - Anything else is `application/octet-stream`, which only a request without `accept`
//!   (or `application/octet-stream` itself) takes.

use super::validate::FieldError;

/// Patterns in one request's `accept`.
pub const MAX_PATTERNS: usize = 20;

/// Bytes of the upload's start kept for sniffing (every `infer` matcher looks within it).
pub const HEAD_LEN: usize = 8 * 1024;

/// Check an `accept` list: each entry `type/subtype` or `type/*`, lower-cased, at most
/// [`MAX_PATTERNS`], duplicates dropped.
///
/// # Errors
/// For a pattern that is not of that shape.
pub fn accept_patterns(patterns: &[String]) -> Result<Vec<String>, FieldError> {
    if patterns.len() > MAX_PATTERNS {
        return Err(FieldError::new(
            "accept",
            format!("takes at most {MAX_PATTERNS} patterns"),
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for p in patterns {
        let p = p.trim().to_ascii_lowercase();
        if !valid_pattern(&p) {
            return Err(FieldError::new(
                "accept",
                format!("{p:?} is not a MIME pattern such as \"image/*\" or \"application/pdf\""),
            ));
        }
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(out)
}

/// RFC 6838 restricted-name characters.
fn token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 127
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#' | b'$' | b'&' | b'-' | b'^' | b'_' | b'.' | b'+'
                )
        })
}

fn valid_pattern(p: &str) -> bool {
    match p.split_once('/') {
        Some((t, "*")) => token(t),
        Some((t, s)) => token(t) && token(s),
        None => false,
    }
}

/// What the bytes of an upload turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// A format `infer` knows by its magic bytes.
    Known(&'static str),
    /// UTF-8 text without NULs that does not look like markup.
    Text,
    /// Text a browser could run as a document: HTML, SVG, XML.
    Markup,
    /// Anything else.
    Unknown,
}

impl Sniffed {
    /// The content type the bytes are stored and served with.
    #[must_use]
    pub fn content_type(&self) -> &'static str {
        match self {
            Self::Known(t) if !is_markup_type(t) => t,
            Self::Text => "text/plain",
            Self::Known(_) | Self::Markup | Self::Unknown => "application/octet-stream",
        }
    }
}

fn is_markup_type(t: &str) -> bool {
    t == "text/html" || t.ends_with("xml") || t.contains("svg") || t.contains("javascript")
}

/// Watches an upload's bytes go by: keeps the head, and whether everything so far is
/// UTF-8 without NUL.
#[derive(Debug, Clone, Default)]
pub struct Sniffer {
    head: Vec<u8>,
    /// An incomplete UTF-8 sequence at the end of the last chunk.
    carry: Vec<u8>,
    not_text: bool,
    len: u64,
}

impl Sniffer {
    /// Look at the next chunk.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.len += chunk.len() as u64;
        if self.head.len() < HEAD_LEN {
            let take = (HEAD_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        if self.not_text {
            return;
        }
        if chunk.contains(&0) {
            self.not_text = true;
            return;
        }
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(chunk);
        match std::str::from_utf8(&bytes) {
            Ok(_) => {}
            // Cut mid-character: keep the tail for the next chunk.
            Err(e) if e.error_len().is_none() => {
                self.carry = bytes[e.valid_up_to()..].to_vec();
            }
            Err(_) => self.not_text = true,
        }
    }

    /// What the bytes were, once all of them went by.
    #[must_use]
    pub fn finish(&self) -> Sniffed {
        if let Some(kind) = infer::get(&self.head) {
            let t = kind.mime_type();
            return if is_markup_type(t) {
                Sniffed::Markup
            } else {
                Sniffed::Known(t)
            };
        }
        if self.not_text || !self.carry.is_empty() {
            return Sniffed::Unknown;
        }
        if looks_like_markup(&self.head) {
            Sniffed::Markup
        } else {
            Sniffed::Text
        }
    }

    /// Bytes seen.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.len
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Text a browser might take for a document: it opens with `<` (after a BOM and
/// whitespace), or names a tag that runs or renders within its head.
fn looks_like_markup(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = text.trim_start_matches('\u{feff}').trim_start();
    start.starts_with('<')
        || [
            "<!doctype",
            "<html",
            "<svg",
            "<script",
            "<?xml",
            "<body",
            "<iframe",
            "<head",
            "<object",
            "<embed",
        ]
        .iter()
        .any(|tag| text.contains(tag))
}

/// Whether `content_type` matches one pattern (`type/subtype` or `type/*`).
fn matches(pattern: &str, content_type: &str) -> bool {
    match pattern.strip_suffix("/*") {
        Some(t) => content_type.split_once('/').is_some_and(|(ct, _)| ct == t),
        None => pattern == content_type,
    }
}

/// Whether a request with `accept` takes bytes that sniffed as `sniffed`; the content
/// type to store them with when it does. An empty `accept` takes anything.
///
/// # Errors
/// A sentence for the client saying what was sent and what is accepted.
pub fn judge(accept: &[String], sniffed: &Sniffed) -> Result<&'static str, String> {
    let content_type = sniffed.content_type();
    if accept.is_empty() {
        return Ok(content_type);
    }
    let taken = match sniffed {
        Sniffed::Markup => false,
        _ => accept.iter().any(|p| matches(p, content_type)),
    };
    if taken {
        Ok(content_type)
    } else {
        let what = match sniffed {
            Sniffed::Known(t) => format!("a {t} file"),
            Sniffed::Text => "plain text".to_owned(),
            Sniffed::Markup => "a web page or markup (HTML, SVG or XML)".to_owned(),
            Sniffed::Unknown => "a file of unknown type".to_owned(),
        };
        Err(format!(
            "This request accepts {}, but the file you sent is {what}.",
            accept.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff(chunks: &[&[u8]]) -> Sniffed {
        let mut s = Sniffer::default();
        for c in chunks {
            s.feed(c);
        }
        s.finish()
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

    #[test]
    fn patterns() {
        let ok = accept_patterns(&["Image/*".into(), "application/pdf".into(), "image/*".into()])
            .expect("valid");
        assert_eq!(ok, ["image/*", "application/pdf"]);
        for bad in [
            "image",
            "*/*",
            "image/",
            "/png",
            "image/png;x=1",
            "a b/c",
            "",
        ] {
            assert!(accept_patterns(&[bad.into()]).is_err(), "{bad}");
        }
    }

    #[test]
    fn binary_formats_by_magic_text_by_utf8() {
        assert_eq!(sniff(&[PNG]), Sniffed::Known("image/png"));
        assert_eq!(
            sniff(&[b"%PDF-1.4\n%..."]),
            Sniffed::Known("application/pdf")
        );
        assert_eq!(sniff(&[b"hello ", "w\u{e9}".as_bytes()]), Sniffed::Text);
        // A character cut between chunks is still text.
        let e = "\u{e9}".as_bytes();
        assert_eq!(sniff(&[b"caf", &e[..1], &e[1..]]), Sniffed::Text);
        assert_eq!(sniff(&[b"caf", &e[..1]]), Sniffed::Unknown);
        assert_eq!(sniff(&[b"a\0b"]), Sniffed::Unknown);
        assert_eq!(sniff(&[b"\xff\xfe junk"]), Sniffed::Unknown);
    }

    #[test]
    fn markup_is_never_accepted_by_a_pattern() {
        for m in [
            &b"<!DOCTYPE html><p>hi"[..],
            b"  <svg xmlns='http://www.w3.org/2000/svg'/>",
            b"<?xml version='1.0'?><a/>",
            b"hello <script>alert(1)</script>",
        ] {
            let s = sniff(&[m]);
            assert_eq!(s, Sniffed::Markup, "{}", String::from_utf8_lossy(m));
            for accept in [["text/*"], ["text/plain"], ["text/html"], ["image/*"]] {
                let accept: Vec<String> = accept.iter().map(|a| (*a).to_owned()).collect();
                assert!(judge(&accept, &s).is_err());
            }
            assert_eq!(judge(&[], &s), Ok("application/octet-stream"));
        }
    }

    #[test]
    fn judging() {
        let img = vec!["image/*".to_owned()];
        assert_eq!(judge(&img, &sniff(&[PNG])), Ok("image/png"));
        assert!(judge(&img, &sniff(&[b"not a picture"])).is_err());
        let pdf = vec!["application/pdf".to_owned()];
        assert!(judge(&pdf, &sniff(&[b"<html><body>x"])).is_err());
        let text = vec!["text/plain".to_owned()];
        assert_eq!(judge(&text, &sniff(&[b"notes"])), Ok("text/plain"));
        assert!(judge(&text, &sniff(&[b"a\0"])).is_err());
    }
}
