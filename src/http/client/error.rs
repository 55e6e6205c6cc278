//! The client front end's renderer of the one error type: every refusal on a `/p/` route
//! is an HTML page, never JSON.

use axum::response::{IntoResponse as _, Response};

use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;

/// The page for `e`. `back` is the page a refused form came from (for 403).
pub fn client_error(state: &AppState, e: AppError, back: Option<&str>, loc: &Locale) -> Response {
    let branding = &state.settings.branding;
    let status = e.status();
    let page = match &e {
        AppError::NotFound(_) => crate::views::not_found(branding, loc),
        AppError::Forbidden(m) => crate::views::not_allowed(branding, loc, m, back),
        AppError::Conflict(m) => crate::views::conflict(branding, loc, m),
        AppError::Decision(d) => {
            crate::views::conflict(branding, loc, &capitalised(&d.to_string()))
        }
        AppError::RateLimited => crate::views::rate_limited(branding, loc),
        AppError::Invalid { message, .. } => {
            crate::views::bad_request(branding, loc, &capitalised(message))
        }
        AppError::BadRequest(m) | AppError::UnsupportedMediaType(m) => {
            crate::views::bad_request(branding, loc, m)
        }
        AppError::PayloadTooLarge(_) | AppError::Unauthorized | AppError::MethodNotAllowed => {
            crate::views::bad_request(branding, loc, &capitalised(&e.to_string()))
        }
        AppError::Internal(detail) => {
            tracing::error!(%detail, "client request failed");
            crate::views::server_error(branding, loc)
        }
    };
    (status, page).into_response()
}

/// The refusal of a client form whose body could not be read (400).
#[must_use]
pub fn unreadable_form() -> AppError {
    AppError::BadRequest(
        "The form could not be read. Please go back, reload the page and try again.".into(),
    )
}

/// Messages are written to follow a field name; on their own they start a sentence.
fn capitalised(m: &str) -> String {
    let mut chars = m.chars();
    chars.next().map_or_else(String::new, |first| {
        let mut s: String = first.to_uppercase().collect();
        s.push_str(chars.as_str());
        if !s.ends_with('.') {
            s.push('.');
        }
        s
    })
}

#[cfg(test)]
mod tests {
    use super::capitalised;

    #[test]
    fn messages_become_sentences() {
        assert_eq!(
            capitalised("please type your full name"),
            "Please type your full name."
        );
        assert_eq!(capitalised("Done."), "Done.");
        assert_eq!(capitalised(""), "");
    }
}
