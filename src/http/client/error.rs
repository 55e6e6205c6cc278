//! The client front end's renderer of the one error type: every refusal on a `/p/` route
//! is an HTML page, never JSON.

use axum::response::{IntoResponse as _, Response};

use crate::domain::approval::DecisionError;
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
        AppError::Conflict(m) => crate::views::conflict(branding, loc, &client_message(loc, m)),
        AppError::Decision(d) => crate::views::conflict(branding, loc, &decision_message(loc, d)),
        AppError::RateLimited => crate::views::rate_limited(branding, loc),
        AppError::Invalid { message, .. } => {
            crate::views::bad_request(branding, loc, &capitalised(message))
        }
        AppError::BadRequest(m) | AppError::UnsupportedMediaType(m) => {
            crate::views::bad_request(branding, loc, &client_message(loc, m))
        }
        AppError::PayloadTooLarge(_) | AppError::Unauthorized | AppError::MethodNotAllowed => {
            crate::views::bad_request(branding, loc, &capitalised(&e.to_string()))
        }
        AppError::Internal(detail) => {
            tracing::error!(request = %crate::http::access_log::current(), %detail, "client request failed");
            crate::views::server_error(branding, loc)
        }
    };
    (status, page).into_response()
}

/// The refusal of a client form whose body could not be read (400).
#[must_use]
pub fn unreadable_form() -> AppError {
    AppError::BadRequest(UNREADABLE_FORM.into())
}

/// Why a decision was refused, in the reader's language.
#[must_use]
pub fn decision_message(loc: &Locale, e: &DecisionError) -> String {
    loc.t(match e {
        DecisionError::NameRequired => "decision-error-name",
        DecisionError::ConfirmRequired => "decision-error-confirm",
        DecisionError::CommentRequired => "decision-error-comment",
        DecisionError::StaleVersion => "decision-error-stale",
        DecisionError::AlreadyDecided => "decision-error-decided",
        DecisionError::DecidedByYou => "decision-error-decided-by-you",
        DecisionError::Withdrawn => "decision-error-withdrawn",
        DecisionError::CodeRequired => "decision-error-code-required",
        DecisionError::CodeWrong => "decision-error-code-wrong",
    })
}

/// The messages the service layer and the domain write in English that a client may
/// read, each with its bundle message: shown in the reader's language, anything else as
/// it is.
const CLIENT_MESSAGES: [(&str, &str); 4] = [
    (
        crate::domain::forms::ANSWER_REQUIRED,
        "message-answer-required",
    ),
    (crate::ops::EXPIRED_FORM, "message-form-expired"),
    (UNREADABLE_FORM, "message-form-unreadable"),
    (crate::ops::forms::FORM_CLOSED, "message-form-closed"),
];

/// A refusal's message in the reader's language, when it is one the bundles know.
#[must_use]
pub fn client_message(loc: &Locale, m: &str) -> String {
    CLIENT_MESSAGES
        .iter()
        .find(|(english, _)| *english == m)
        .map_or_else(|| m.to_owned(), |(_, id)| loc.t(id))
}

const UNREADABLE_FORM: &str =
    "The form could not be read. Please go back, reload the page and try again.";

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
