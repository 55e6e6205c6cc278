//! The staff page (owner only): every staff member with their live sessions, and
//! "sign out everywhere" for any of them (a lost laptop, someone leaving).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;

use super::{
    Checked, Console, ConsoleError, ConsoleResult, CsrfOnly, LIMITS, OrPage as _, SESSION_COOKIE,
    Sorting, set_cookie,
};
use crate::domain::Role;
use crate::sort::{sort_rows, text_cmp};
use crate::state::AppState;
use crate::views::console::staff as view;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/staff", get(list))
        .route("/staff/staff/{id}/revoke-sessions", post(revoke))
}

fn owner_only(state: &AppState, console: &Console) -> ConsoleResult<()> {
    if console.staff.role == Role::Owner {
        Ok(())
    } else {
        Err(ConsoleError::new(
            state,
            StatusCode::FORBIDDEN,
            "Only the owner can see and manage staff sessions.",
        ))
    }
}

pub async fn list(
    State(state): State<AppState>,
    console: Console,
    sorting: Sorting,
) -> ConsoleResult<Markup> {
    owner_only(&state, &console)?;
    let sort = view::STAFF_TABLE.sort_for(sorting.requested(&state, &[view::STAFF_TABLE])?);
    let now = state.clock.now();
    // By name first: the stable default under the other order.
    let mut staff = state
        .db(move |s| s.staff_with_sessions(now, LIMITS))
        .await
        .or_page(&state)?;
    sort_rows(&mut staff, sort, |col, (a, an), (b, bn)| match col {
        "sessions" => an.cmp(bn),
        _ => text_cmp(&a.name, &b.name),
    });
    Ok(view::list(
        &console.chrome(&state),
        &staff,
        &console.staff.id,
        sort,
    ))
}

/// End every session of one staff member (audited as `staff.sessions_revoked`).
pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    owner_only(&state, &console)?;
    let (actor, now, target) = (console.actor(), state.clock.now(), id.clone());
    state
        .db(move |s| s.revoke_staff_sessions(&actor, now, &target))
        .await
        .or_page(&state)?;
    if id == console.staff.id {
        // The owner signed themselves out too.
        return Ok((
            [set_cookie(&state, SESSION_COOKIE, "", time::Duration::ZERO)],
            Redirect::to("/staff/login"),
        )
            .into_response());
    }
    Ok(Redirect::to("/staff/staff").into_response())
}
