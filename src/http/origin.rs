//! The `Origin` rule shared by every HTML form POST (client pages and the console).

use axum::http::{HeaderMap, header};

use crate::error::AppError;
use crate::state::AppState;

/// The refusal of a form POST from another site (403), the same on every client page.
#[must_use]
pub fn other_site() -> AppError {
    AppError::Forbidden("This form was sent from another site, so it was refused.".into())
}

/// SPEC 6: a POST whose `Origin` is present and is not `server.public_url` answers 403.
///
/// Our pages send `Referrer-Policy: no-referrer`, under which browsers serialise the
/// Origin of a same-origin form POST as `null`. Such a POST is accepted only when the
/// browser also vouches for it with `Sec-Fetch-Site: same-origin`; an opaque origin from
/// anywhere else (a sandboxed frame on another site) is refused.
pub(crate) fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let allowed = if origin == "null" {
        fetch_site == "same-origin"
    } else {
        origin
            .trim_end_matches('/')
            .eq_ignore_ascii_case(&state.settings.public_origin)
    };
    if !allowed {
        tracing::warn!(
            request = %crate::http::access_log::current(),
            origin,
            fetch_site,
            "refused a client POST from another origin"
        );
    }
    allowed
}
