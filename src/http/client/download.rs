//! File downloads: streamed from the blob, `Range` honoured, always an attachment, never
//! an active content type.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::domain::FileVersion;
use crate::error::AppError;
use crate::store::blobs::BlobRef;

/// Types a browser would execute or render as a document: sent as opaque bytes instead.
fn is_active(content_type: &str) -> bool {
    let t = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        t.as_str(),
        "text/html"
            | "application/xhtml+xml"
            | "image/svg+xml"
            | "text/xml"
            | "application/xml"
            | "text/javascript"
            | "application/javascript"
            | "application/ecmascript"
            | "text/ecmascript"
            | "text/css"
            | "application/x-shockwave-flash"
            | "text/xsl"
            | "application/pdf+xml"
    ) || t.ends_with("+xml")
        || t.contains("javascript")
        || t.is_empty()
}

/// The Content-Type a stored version is served with.
#[must_use]
pub fn safe_content_type(stored: &str) -> &str {
    if is_active(stored) || stored.parse::<HeaderValue>().is_err() {
        "application/octet-stream"
    } else {
        stored
    }
}

/// Characters kept as-is in RFC 5987 `filename*` (attr-char).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// A finished CSV as a download named `name`.
///
/// # Errors
/// The writer's buffer could not be taken (a write into it failed).
pub fn csv_download(w: csv::Writer<Vec<u8>>, name: &str) -> Result<Response, AppError> {
    let body = w
        .into_inner()
        .map_err(|e| AppError::internal(e.into_error()))?;
    let disposition = content_disposition(name);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response())
}

/// `attachment; filename="<ascii fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266).
#[must_use]
pub fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        utf8_percent_encode(name, ATTR_CHAR)
    )
}

/// Which bytes to send.
#[derive(Debug, PartialEq, Eq)]
enum Span {
    All,
    Part(u64, u64),
    Unsatisfiable,
}

fn span(headers: &HeaderMap, size: u64) -> Span {
    let Some(raw) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Span::All;
    };
    match http_range_header::parse_range_header(raw).map(|r| r.validate(size)) {
        Ok(Ok(ranges)) if ranges.len() == 1 => Span::Part(*ranges[0].start(), *ranges[0].end()),
        Ok(Err(http_range_header::RangeUnsatisfiableError::Unsatisfiable))
        | Err(http_range_header::RangeUnsatisfiableError::Unsatisfiable) => Span::Unsatisfiable,
        // Several ranges or a malformed header: ignoring Range and sending everything is allowed.
        _ => Span::All,
    }
}

/// Whether a `Range` may be served: without `If-Range`, or when it names the version's
/// ETag exactly (a strong match; a date never matches, as no `Last-Modified` is sent), so
/// a client resuming a different version gets the whole file (RFC 9110 13.1.5).
fn if_range_holds(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_RANGE)
        .is_none_or(|v| v.to_str().is_ok_and(|v| v.trim() == etag))
}

/// Stream `version` of a file called `name` from its blob; 304 (nothing read) when the
/// request's `If-None-Match` names the version's ETag, its SHA-256 (checked before `Range`,
/// as RFC 9110 orders them).
///
/// # Errors
/// When the blob cannot be opened (a missing blob is a server fault, not the client's).
pub async fn send(
    blob: &BlobRef,
    name: &str,
    version: &FileVersion,
    request_headers: &HeaderMap,
) -> std::io::Result<Response> {
    let etag = format!("\"{}\"", version.sha256);
    if crate::http::negotiate::none_match(request_headers, &[&etag]) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let blob = blob.open().await?;
    let size = blob.size();
    let span = if if_range_holds(request_headers, &etag) {
        span(request_headers, size)
    } else {
        Span::All
    };
    let mut builder = Response::builder()
        .header(
            header::CONTENT_TYPE,
            safe_content_type(&version.content_type),
        )
        .header(header::CONTENT_DISPOSITION, content_disposition(name))
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::ETAG, etag)
        .header("x-content-sha256", version.sha256.as_str());
    let response = match span {
        Span::All => builder
            .status(StatusCode::OK)
            .header(header::CONTENT_LENGTH, size)
            .body(Body::from_stream(blob.stream(None).await?)),
        Span::Part(start, end) => {
            let len = end - start + 1;
            builder = builder
                .status(StatusCode::PARTIAL_CONTENT)
                .header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}"))
                .header(header::CONTENT_LENGTH, len);
            builder.body(Body::from_stream(blob.stream(Some(start..=end)).await?))
        }
        Span::Unsatisfiable => {
            return Ok((
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{size}"))],
            )
                .into_response());
        }
    };
    response.map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_types_become_octet_stream() {
        for t in [
            "text/html",
            "text/html; charset=utf-8",
            "image/svg+xml",
            "application/xml",
            "text/javascript",
            "application/atom+xml",
            "",
        ] {
            assert_eq!(safe_content_type(t), "application/octet-stream", "{t}");
        }
        for t in ["application/pdf", "image/png", "text/plain"] {
            assert_eq!(safe_content_type(t), t);
        }
    }

    #[test]
    fn disposition_has_ascii_fallback_and_utf8_name() {
        assert_eq!(
            content_disposition("a b.pdf"),
            "attachment; filename=\"a b.pdf\"; filename*=UTF-8''a%20b.pdf"
        );
        let d = content_disposition("Grüße \"x\".pdf");
        assert!(d.starts_with("attachment; filename=\"Gr__e _x_.pdf\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22.pdf"), "{d}");
    }

    #[test]
    fn ranges() {
        let mut h = HeaderMap::new();
        assert_eq!(span(&h, 100), Span::All);
        h.insert(header::RANGE, "bytes=0-9".parse().unwrap());
        assert_eq!(span(&h, 100), Span::Part(0, 9));
        h.insert(header::RANGE, "bytes=-10".parse().unwrap());
        assert_eq!(span(&h, 100), Span::Part(90, 99));
        h.insert(header::RANGE, "bytes=200-300".parse().unwrap());
        assert_eq!(span(&h, 100), Span::Unsatisfiable);
        h.insert(header::RANGE, "bytes=0-1,5-6".parse().unwrap());
        assert_eq!(span(&h, 100), Span::All);
        h.insert(header::RANGE, "lines=1-2".parse().unwrap());
        assert_eq!(span(&h, 100), Span::All);
    }

    #[test]
    fn if_range_must_name_the_version() {
        let etag = "\"abc\"";
        let mut h = HeaderMap::new();
        assert!(if_range_holds(&h, etag), "no If-Range: Range as asked");
        h.insert(header::IF_RANGE, etag.parse().unwrap());
        assert!(if_range_holds(&h, etag));
        for other in ["\"def\"", "W/\"abc\"", "Tue, 01 Dec 2026 10:00:00 GMT"] {
            h.insert(header::IF_RANGE, other.parse().unwrap());
            assert!(!if_range_holds(&h, etag), "{other}");
        }
    }
}
