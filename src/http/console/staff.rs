//! The staff pages (owner only): every staff member with their live sessions, and for any
//! of them "sign out everywhere" (a lost laptop), a new API token (a leaked one), or
//! removal (someone leaving). Who may do this is decided in `ops::staff`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;

use super::{
    Checked, Console, ConsoleResult, CsrfOnly, LIMITS, OrPage as _, SESSION_COOKIE, Sorting,
    set_cookie,
};
use crate::sort::{sort_rows, text_cmp};
use crate::state::AppState;
use crate::views::console::staff as view;

has_csrf!(RemoveForm);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/staff", get(list))
        .route("/staff/staff/{id}", get(show))
        .route("/staff/staff/{id}/revoke-sessions", post(revoke))
        .route("/staff/staff/{id}/token", post(rotate_token))
        .route("/staff/staff/{id}/remove", post(remove))
}

/// Clear the session cookie and go to the login page (the owner ended their own access).
fn signed_out(state: &AppState) -> Response {
    (
        [set_cookie(state, SESSION_COOKIE, "", time::Duration::ZERO)],
        Redirect::to("/staff/login"),
    )
        .into_response()
}

pub async fn list(
    State(state): State<AppState>,
    console: Console,
    sorting: Sorting,
) -> ConsoleResult<Markup> {
    let actor = console.actor();
    // By name first: the stable default under the other order.
    let mut rows = state
        .op(move |s| s.staff_overview(&actor, LIMITS))
        .await
        .or_page(&state)?;
    let sort = view::STAFF_TABLE.sort_for(sorting.requested(&state, &[view::STAFF_TABLE])?);
    sort_rows(&mut rows, sort, |col, a, b| match col {
        "sessions" => a.live_sessions.cmp(&b.live_sessions),
        _ => text_cmp(&a.member.name, &b.member.name),
    });
    Ok(view::list(
        &console.chrome(&state),
        &rows,
        &console.staff.id,
        sort,
    ))
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    console: Console,
) -> ConsoleResult<Markup> {
    let actor = console.actor();
    let row = state
        .op(move |s| s.staff_member(&actor, &id, LIMITS))
        .await
        .or_page(&state)?;
    Ok(view::member(
        &console.chrome(&state),
        &row,
        &console.staff.id,
        false,
    ))
}

/// End every session of one staff member (audited as `staff.sessions_revoked`).
pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let (actor, target) = (console.actor(), id.clone());
    state
        .op(move |s| s.sign_out_everywhere(&actor, &target))
        .await
        .or_page(&state)?;
    if id == console.staff.id {
        // The owner signed themselves out too.
        return Ok(signed_out(&state));
    }
    Ok(Redirect::to("/staff/staff").into_response())
}

/// A new API token, shown once on the page this answers (`staff.token_rotated`).
pub async fn rotate_token(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Markup> {
    let actor = console.actor();
    let issued = state
        .op(move |s| s.rotate_staff_token(&actor, &id))
        .await
        .or_page(&state)?;
    Ok(view::token_issued(&console.chrome(&state), &issued))
}

#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    csrf: String,
    /// The "I understand" box: a removal is not undone by another click.
    #[serde(default)]
    confirm: Option<String>,
}

/// Remove a staff member (`staff.removed`), then show their page, marked removed.
pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form }: Checked<RemoveForm>,
) -> ConsoleResult<Response> {
    let actor = console.actor();
    if form.confirm.as_deref() != Some("on") {
        let row = state
            .op(move |s| s.staff_member(&actor, &id, LIMITS))
            .await
            .or_page(&state)?;
        let page = view::member(&console.chrome(&state), &row, &console.staff.id, true);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let target = id.clone();
    state
        .op(move |s| s.remove_staff(&actor, &target))
        .await
        .or_page(&state)?;
    if id == console.staff.id {
        return Ok(signed_out(&state));
    }
    Ok(Redirect::to(&format!("/staff/staff/{id}")).into_response())
}
