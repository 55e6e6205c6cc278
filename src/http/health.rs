//! `GET /healthz`: 200 `ok` when the store answers a read; `GET /` points staff to the console.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use crate::state::AppState;

async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.op(|s| s.store_answers()).await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "store unavailable"),
    }
}

/// The bare host is where staff land: send them to the console (clients only ever use
/// their private `/p/...` links).
async fn root() -> axum::response::Redirect {
    axum::response::Redirect::to("/staff")
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/", get(root))
}
