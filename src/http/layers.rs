//! The middleware every response passes through: request ids, traces that never carry a
//! token, strict security headers, and a body limit.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{
    Extensions, HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, Version, header,
};
use tower::util::MapResponseLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{And, Predicate as _, SizeAbove};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};

use super::access_log::AccessLogLayer;
use crate::state::AppState;

/// Content-Security-Policy of every page: no script at all, styles and images from us only.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The CSP of the one console page that runs a script (the signature canvas): the
/// page-wide policy plus scripts from this origin only (no inline script).
pub const CSP_WITH_SCRIPT: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A path fit for logs: any segment long enough to be a token is replaced.
#[must_use]
pub fn redact_path(path: &str) -> String {
    Redacted(path).to_string()
}

/// [`redact_path`] written straight into the log line, without building a string first.
pub(super) struct Redacted<'a>(pub(super) &'a str);

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.split('/').enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            f.write_str(if seg.len() >= 40 { "[token]" } else { seg })?;
        }
        Ok(())
    }
}

/// Request ids: a random prefix per process and a counter, unique enough to find one
/// request in the logs and far cheaper than a UUID per request.
#[derive(Clone)]
struct CountedIds {
    prefix: u32,
    next: std::sync::Arc<AtomicU64>,
}

impl Default for CountedIds {
    fn default() -> Self {
        Self {
            prefix: rand::random(),
            next: std::sync::Arc::default(),
        }
    }
}

impl MakeRequestId for CountedIds {
    fn make_request_id<B>(&mut self, _req: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{:08x}-{n:x}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// How many headers the router's layers may add to an answer: the security headers, HSTS
/// and the request id. A route that makes many answers can leave room for them at once.
pub const HEADERS_ADDED_TO_EVERY_ANSWER: usize = SECURITY_HEADER_COUNT + 2;

const SECURITY_HEADER_COUNT: usize = 8;
/// Security headers for every response; routes that need other values (cacheable
/// assets) set their own first, which stay.
const SECURITY_HEADERS: [(HeaderName, HeaderValue); SECURITY_HEADER_COUNT] = [
    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    ),
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    (
        HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    ),
];

/// `Strict-Transport-Security` when the public URL is https (SPEC 15): browsers then use
/// https for a year, whatever link or bookmark they follow.
pub const HSTS: &str = "max-age=31536000";
const HSTS_HEADER: (HeaderName, HeaderValue) = (
    header::STRICT_TRANSPORT_SECURITY,
    HeaderValue::from_static(HSTS),
);

/// Whether a response is an HTML page.
fn is_html(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"))
}

/// The predicate of [`html_compression`].
pub type HtmlOnly = And<SizeAbove, fn(StatusCode, Version, &HeaderMap, &Extensions) -> bool>;

/// gzip or brotli, per request, for HTML pages that are not kept (console pages, client
/// forms): never for downloads, exports or anything else that is not HTML.
#[must_use]
pub fn html_compression() -> CompressionLayer<HtmlOnly> {
    let html: fn(StatusCode, Version, &HeaderMap, &Extensions) -> bool = is_html;
    CompressionLayer::new().compress_when(SizeAbove::new(512).and(html))
}

/// Put the security headers on `response` where its route did not set them, and HSTS
/// when `hsts` (SPEC 15).
fn security_headers(
    hsts: bool,
) -> impl Fn(Response<axum::body::Body>) -> Response<axum::body::Body> + Clone {
    move |mut response| {
        let headers = response.headers_mut();
        let hsts = hsts.then_some(HSTS_HEADER);
        // Room for all of them at once: the map would otherwise grow (and rehash) twice.
        headers.reserve(SECURITY_HEADER_COUNT + 1);
        // The values are constants: nothing is checked or parsed per response.
        for (name, value) in SECURITY_HEADERS.into_iter().chain(hsts) {
            if let header::Entry::Vacant(slot) = headers.entry(name) {
                slot.insert(value);
            }
        }
        response
    }
}

/// Wrap the whole router. The layers go on as one stack (outermost first): each
/// `Router::layer` call boxes every route once more, and a boxed service is cloned,
/// polled and dropped on every request.
pub fn wrap(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    let hsts = state.settings.public_url.starts_with("https://");
    // Counted only where metrics are served: otherwise the request path does no more.
    let metrics = state
        .settings
        .metrics_listen
        .is_some()
        .then(|| axum::middleware::from_fn(crate::telemetry::track));
    router.layer(
        tower::ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, CountedIds::default()))
            .layer(AccessLogLayer::new(REQUEST_ID))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .option_layer(metrics)
            .layer(MapResponseLayer::new(security_headers(hsts)))
            .layer(DefaultBodyLimit::max(state.settings.max_body_bytes)),
    )
}

#[cfg(test)]
mod tests {
    use super::redact_path;

    #[test]
    fn tokens_are_redacted_from_paths() {
        let token = "A".repeat(94);
        assert_eq!(
            redact_path(&format!("/p/{token}/approvals/abc")),
            "/p/[token]/approvals/abc"
        );
        assert_eq!(redact_path("/api/v1/clients/xyz"), "/api/v1/clients/xyz");
        assert_eq!(redact_path("/"), "/");
    }
}
