//! A project: milestones, updates, files, approvals, comments and notes.

use axum::Router;

use crate::app::AppState;

pub fn router(_state: &AppState) -> Router<AppState> {
    Router::new()
}
