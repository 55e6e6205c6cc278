//! `GET /healthz`: 200 `ok` when the store answers a read.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use crate::app::AppState;

async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db(|s| s.read(|_| Ok(()))).await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "store unavailable"),
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}
