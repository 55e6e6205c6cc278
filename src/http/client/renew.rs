//! `POST /p/{token}/renew`: from the 410 page, ask for a fresh link. The answer is the
//! same neutral page whether or not a mail goes out, and a new link only ever goes to
//! the contact address already on the grant (the access policy's `may_renew` decides).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};

use crate::domain::ids;
use crate::error::AppError;
use crate::links::{Purpose, TokenError};
use crate::state::AppState;

pub async fn renew(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let now = state.clock.now();
    let verified = state.keyring().verify(
        &token,
        Purpose::ClientPortal,
        now.unix_timestamp(),
        state.settings.leeway_seconds,
    );
    let claims = match verified {
        Ok(c) | Err(TokenError::Expired(c)) => c,
        Err(TokenError::Malformed | TokenError::Forged) => {
            return super::generic_not_found(&state.settings, None);
        }
    };
    let grant_id = ids::id_from_bytes(claims.grant_id);
    match state.op(move |s| s.request_fresh_link(&grant_id)).await {
        Err(AppError::NotFound(_)) => super::generic_not_found(&state.settings, None),
        Err(e) => {
            tracing::warn!(request = %crate::http::access_log::current(), error = %e, "fresh-link request failed");
            neutral(&state)
        }
        Ok(_) => neutral(&state),
    }
}

fn neutral(state: &AppState) -> Response {
    (
        StatusCode::OK,
        crate::views::renew_sent(
            &state.settings.branding,
            &super::visitor_locale(&state.settings, None),
        ),
    )
        .into_response()
}
