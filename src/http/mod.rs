//! HTTP: the client pages under `/p/`, the staff API under `/api/v1`, health, middleware.

pub mod access_log;
pub mod assets;
pub mod body;
pub mod client;
pub mod client_ip;
pub mod console;
pub mod health;
pub mod layers;
pub mod negotiate;
pub mod origin;
pub mod staff;
pub mod upload;

use axum::http::Uri;

use crate::error::AppError;
use crate::state::AppState;

/// Fallback for unknown routes: a JSON 404 for the API, the generic page elsewhere.
pub async fn not_found(
    axum::extract::State(state): axum::extract::State<AppState>,
    uri: Uri,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    if uri.path().starts_with("/api/") {
        AppError::NotFound("route").into_response()
    } else {
        client::generic_not_found(&state.settings, Some(&headers))
    }
}
