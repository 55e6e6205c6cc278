//! Paging on the wire: `?limit=` and `?after=` in, a JSON array and a `Link: <...>;
//! rel="next"` header out (SPEC 14). What a page holds is decided in `domain::paging`
//! and read by key range in the store.

use axum::Json;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::IntoParams;

use crate::domain::paging::{Page, PageRequest, encode_cursor, parse_limit};
use crate::error::AppError;

/// The paging parameters every list route takes (documentation of [`PageQuery`]).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // read from the raw query string; this type only documents it
pub struct PageParams {
    /// Most items in the page: default 100; more than 1000 is read as 1000.
    #[param(minimum = 1)]
    limit: Option<u32>,
    /// The cursor from the previous page's `Link: <...>; rel="next"` header; opaque.
    #[param(pattern = "^[A-Za-z0-9_-]{1,86}$")]
    after: Option<String>,
}

/// The query string's pairs, percent-decoded, in order.
pub fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// The first value of `name` in `pairs`.
pub fn query_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `?limit=` and `?after=` of a list route, checked (422 for anything else), with the
/// request's own URI to build the next page's link from.
#[derive(Debug, Clone)]
pub struct PageQuery {
    pub page: PageRequest,
    uri: Uri,
}

impl<S: Send + Sync> FromRequestParts<S> for PageQuery {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let OriginalUri(uri) = OriginalUri::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        let pairs = query_pairs(&uri);
        let page = PageRequest::parse(query_value(&pairs, "limit"), query_value(&pairs, "after"))?;
        Ok(Self { page, uri })
    }
}

impl PageQuery {
    /// Every pair of the query string (for a route's own filters).
    #[must_use]
    pub fn pairs(&self) -> Vec<(String, String)> {
        query_pairs(&self.uri)
    }

    /// The answer: the page's items as a JSON array, and a link to the next page when
    /// more follow.
    pub fn respond<T: Serialize>(&self, page: Page<T>) -> Response {
        let next = page.next.as_deref().map(encode_cursor);
        respond(&self.uri, self.page.limit, page.items, next.as_deref())
    }
}

/// Read `limit` alone (lists whose `after` is not a cursor, such as the audit's seq).
///
/// # Errors
/// `limit` not a whole number from 1 to 1000.
pub fn limit_of(pairs: &[(String, String)]) -> Result<usize, AppError> {
    Ok(parse_limit(query_value(pairs, "limit"))?)
}

/// A JSON array of `items`, with `Link: <path?...&after=NEXT&limit=N>; rel="next"` when
/// `next` is given. Other query parameters (filters) are carried over.
pub fn respond<T: Serialize>(
    uri: &Uri,
    limit: usize,
    items: Vec<T>,
    next: Option<&str>,
) -> Response {
    let mut res = Json(items).into_response();
    if let Some(next) = next {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in query_pairs(uri) {
            if k != "after" && k != "limit" {
                q.append_pair(&k, &v);
            }
        }
        q.append_pair("after", next);
        q.append_pair("limit", &limit.to_string());
        let link = format!("<{}?{}>; rel=\"next\"", uri.path(), q.finish());
        if let Ok(v) = HeaderValue::from_str(&link) {
            res.headers_mut().insert(header::LINK, v);
        }
    }
    res
}
