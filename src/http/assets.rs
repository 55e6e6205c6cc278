//! The stylesheets, compressed once at start (gzip and brotli) and answered in the
//! encoding the request accepts, with `Vary: Accept-Encoding`; a request that names the
//! stylesheet's ETag in `If-None-Match` gets 304 without a body.

use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use bytes::Bytes;
use sha2::{Digest as _, Sha256};

use crate::compress::{self, Encoding};

/// Cache the stylesheets for a year: their URL carries a content hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// One text asset in every kept encoding.
#[derive(Debug)]
pub struct Asset {
    content_type: &'static str,
    identity: Bytes,
    gzip: Option<Bytes>,
    br: Option<Bytes>,
    /// Strong ETags of the identity, gzip and brotli bytes (they differ, being different
    /// bytes; any of them in `If-None-Match` means the client holds this text).
    etags: [String; 3],
}

impl Asset {
    /// Compress `text` at the best settings; an encoder failure leaves that encoding out.
    #[must_use]
    pub fn new(content_type: &'static str, text: impl Into<Bytes>) -> Self {
        let identity: Bytes = text.into();
        let mut hash = hex::encode(Sha256::digest(&identity));
        hash.truncate(32);
        Self {
            content_type,
            gzip: compress::gzip(&identity, compress::GZIP_BEST),
            br: compress::brotli(&identity, compress::BROTLI_BEST),
            identity,
            etags: [
                format!("\"{hash}\""),
                format!("\"{hash}-gz\""),
                format!("\"{hash}-br\""),
            ],
        }
    }

    fn encodings(&self) -> Vec<Encoding> {
        let mut offered = Vec::with_capacity(3);
        if self.br.is_some() {
            offered.push(Encoding::Br);
        }
        if self.gzip.is_some() {
            offered.push(Encoding::Gzip);
        }
        offered.push(Encoding::Identity);
        offered
    }

    /// The answer to a GET of this asset.
    #[must_use]
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let encoding = super::negotiate::encoding(request, &self.encodings());
        let (encoding, body, etag) = match (encoding, &self.gzip, &self.br) {
            (Encoding::Br, _, Some(br)) => (Encoding::Br, br.clone(), &self.etags[2]),
            (Encoding::Gzip, Some(gz), _) => (Encoding::Gzip, gz.clone(), &self.etags[1]),
            _ => (Encoding::Identity, self.identity.clone(), &self.etags[0]),
        };
        let etags: Vec<&str> = self.etags.iter().map(String::as_str).collect();
        let mut headers = HeaderMap::new();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Ok(etag) = HeaderValue::from_str(etag) {
            headers.insert(header::ETAG, etag);
        }
        if super::negotiate::none_match(request, &etags) {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        if encoding != Encoding::Identity {
            headers.insert(
                header::CONTENT_ENCODING,
                HeaderValue::from_static(encoding.token()),
            );
        }
        (headers, body).into_response()
    }
}

static APP_CSS: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("text/css; charset=utf-8", crate::views::APP_CSS));

/// `app.css`, compressed the first time it is asked for (the router asks at start).
#[must_use]
pub fn app_css() -> &'static Asset {
    &APP_CSS
}

static SIGNATURE_JS: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "text/javascript; charset=utf-8",
        crate::views::assets::SIGNATURE_JS,
    )
});

/// `signature.js`, the console's one script.
#[must_use]
pub fn signature_js() -> &'static Asset {
    &SIGNATURE_JS
}

/// The deployment's `brand.css`.
#[must_use]
pub fn brand_css(branding: &crate::config::Branding) -> Asset {
    Asset::new("text/css; charset=utf-8", crate::views::brand_css(branding))
}
