//! One error type for the HTTP layer, mapped to status codes in one exhaustive match.
//! The staff API renders it as `{"error": {"code", "message"}}`; client pages render their
//! own HTML for the same variants (see `http::client`).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::domain::approval::DecisionError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    BadRequest(String),
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("a valid API token is required (Authorization: Bearer <token>)")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    #[error("this route does not take that method")]
    MethodNotAllowed,
    #[error("the body is larger than the limit of {0} bytes")]
    PayloadTooLarge(u64),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("too many requests, slow down")]
    RateLimited,
    /// A client decision the approval rules refuse (409 or 422).
    #[error("{0}")]
    Decision(DecisionError),
    #[error("the server could not complete the request")]
    Internal(String),
}

impl AppError {
    /// The one place where errors meet status codes.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::Decision(
                DecisionError::StaleVersion
                | DecisionError::AlreadyDecided
                | DecisionError::DecidedByYou
                | DecisionError::Withdrawn,
            ) => StatusCode::CONFLICT,
            Self::Decision(
                DecisionError::NameRequired
                | DecisionError::ConfirmRequired
                | DecisionError::CommentRequired
                | DecisionError::CodeRequired
                | DecisionError::CodeWrong,
            ) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine-readable code for API clients.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::BadRequest(_) => "bad_request",
            Self::Invalid { .. } => "invalid",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::Conflict(_) => "conflict",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::RateLimited => "rate_limited",
            Self::Decision(_) if self.status() == StatusCode::CONFLICT => "conflict",
            Self::Decision(_) => "invalid",
            Self::Internal(_) => "internal",
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(kind) => Self::NotFound(kind),
            StoreError::Conflict(m) => Self::Conflict(m),
            StoreError::Invalid { field, message } => Self::Invalid {
                field: field.to_owned(),
                message,
            },
            StoreError::Decision(d) => d.into(),
            e @ (StoreError::Db(_)
            | StoreError::Postgres(_)
            | StoreError::Corrupt { .. }
            | StoreError::Io(_)
            | StoreError::Batch(_)) => Self::internal(e),
        }
    }
}

impl From<DecisionError> for AppError {
    fn from(e: DecisionError) -> Self {
        Self::Decision(e)
    }
}

impl From<crate::domain::validate::FieldError> for AppError {
    fn from(e: crate::domain::validate::FieldError) -> Self {
        Self::Invalid {
            field: e.field.to_owned(),
            message: e.message,
        }
    }
}

impl From<axum::extract::rejection::JsonRejection> for AppError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection as J;
        match r {
            J::JsonDataError(e) => Self::invalid("body", e.body_text()),
            J::JsonSyntaxError(e) => Self::BadRequest(e.body_text()),
            J::MissingJsonContentType(_) => {
                Self::UnsupportedMediaType("send the body as Content-Type: application/json".into())
            }
            J::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Self::PayloadTooLarge(0)
            }
            other => Self::BadRequest(other.body_text()),
        }
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(r: axum::extract::rejection::QueryRejection) -> Self {
        Self::BadRequest(r.body_text())
    }
}

impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(r: axum::extract::rejection::PathRejection) -> Self {
        Self::BadRequest(r.body_text())
    }
}

/// The JSON body of every refusal on `/api/v1`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable machine-readable `code` and a sentence for a person.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// One of `not_found`, `bad_request`, `invalid`, `unauthorized`, `forbidden`,
    /// `conflict`, `method_not_allowed`, `payload_too_large`, `unsupported_media_type`, `rate_limited`, `internal`.
    pub code: String,
    pub message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let Self::Internal(detail) = &self {
            tracing::error!(request = %crate::http::access_log::current(), %detail, "request failed");
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
            },
        };
        let mut res = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

/// Result type of API handlers.
pub type ApiResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_errors_map_to_conflict_or_unprocessable() {
        assert_eq!(
            AppError::from(DecisionError::StaleVersion).status(),
            StatusCode::CONFLICT
        );
        assert_eq!(
            AppError::from(DecisionError::AlreadyDecided).status(),
            StatusCode::CONFLICT
        );
        assert_eq!(
            AppError::from(DecisionError::NameRequired).status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            AppError::from(StoreError::NotFound("client")).status(),
            StatusCode::NOT_FOUND
        );
    }
}
