//! Sign-in by mailed link, sign-out, and cutting every session of the signed-in staff
//! member.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{
    ABSOLUTE_TIMEOUT, Checked, ConsoleError, ConsoleResult, CsrfOnly, OrPage as _,
    PRE_SESSION_COOKIE, SESSION_COOKIE, cookie_value, random_cookie_value, set_cookie,
};
use crate::domain::ids;
use crate::http::client_ip::{client_ip, rate_limit_key};
use crate::links::{Purpose, TokenError};
use crate::state::AppState;
use crate::store::{SignInRefusal, StaffSignInLookup};
use crate::views::console::sign_in as view;

const LOGIN_SUBJECT: &str = "staff-login";
const CONFIRM_SUBJECT: &str = "staff-signin";
/// How long the pre-session cookie lasts (a login form left open over lunch still works).
const PRE_SESSION_TTL: time::Duration = time::Duration::hours(2);

/// The pre-session cookie of the request, or a new one (and whether it is new).
fn pre_session(headers: &HeaderMap) -> (String, bool) {
    match cookie_value(headers, PRE_SESSION_COOKIE) {
        Some(v) => (v, false),
        None => (random_cookie_value(), true),
    }
}

/// A pre-session form: Origin and CSRF token bound to the pre-session cookie.
fn check_pre_session(
    state: &AppState,
    headers: &HeaderMap,
    csrf: &str,
    subject: &str,
) -> ConsoleResult<()> {
    let ok = crate::http::client::origin_allowed(state, headers)
        && cookie_value(headers, PRE_SESSION_COOKIE)
            .is_some_and(|pre| state.keyring().verify_nonce(csrf, &pre, subject));
    if ok {
        Ok(())
    } else {
        Err(ConsoleError::forbidden(state))
    }
}

pub async fn login_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (pre, _) = pre_session(&headers);
    let csrf = state.keyring().sign_nonce(&pre, LOGIN_SUBJECT);
    (
        [set_cookie(
            &state,
            PRE_SESSION_COOKIE,
            &pre,
            PRE_SESSION_TTL,
        )],
        view::login(&state.settings.branding, &csrf),
    )
        .into_response()
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    csrf: String,
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> ConsoleResult<Response> {
    check_pre_session(&state, &headers, &form.csrf, LOGIN_SUBJECT)?;
    let email = form.email.trim().to_ascii_lowercase();
    let ip = rate_limit_key(client_ip(peer, &headers, &state.settings.trusted_proxies));
    if let Err(wait) = state.login_limits.check(ip, &email) {
        return Ok(too_many(&state, wait));
    }
    // Known or unknown, the answer is this page, at once: the look-up, the sign-in record
    // and the mail come afterwards (`mail::sign_in::run`), so neither the bytes nor the
    // time of the answer tell the addresses apart. A failed delivery is only logged: the
    // person can simply ask again.
    if !state.sign_ins.push(email) {
        tracing::warn!("sign-in queue full; a request was dropped");
    }
    Ok(view::link_sent(&state.settings.branding).into_response())
}

/// 429 with `Retry-After`; the page says the same whether or not the address is known.
fn too_many(state: &AppState, wait: std::time::Duration) -> Response {
    let seconds = wait.as_secs().max(1);
    let minutes = seconds.div_ceil(60);
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, seconds.to_string())],
        view::too_many(&state.settings.branding, minutes),
    )
        .into_response()
}

/// The sign-in record a token names, or the page explaining why it cannot be used.
async fn resolve(state: &AppState, token: &str) -> ConsoleResult<String> {
    let keyring = state.keyring().clone();
    let claims = keyring.verify(
        token,
        Purpose::StaffSignIn,
        state.clock.unix(),
        state.settings.leeway_seconds,
    );
    match claims {
        Ok(c) => Ok(ids::id_from_bytes(c.grant_id)),
        Err(TokenError::Expired(_)) => Err(ConsoleError::gone(
            state,
            "It has expired: sign-in links work for 15 minutes.",
        )),
        Err(TokenError::Malformed | TokenError::Forged) => Err(ConsoleError::new(
            state,
            axum::http::StatusCode::NOT_FOUND,
            "There is no page at this address.",
        )),
    }
}

fn refusal_page(state: &AppState, r: SignInRefusal) -> ConsoleError {
    match r {
        SignInRefusal::Used => {
            ConsoleError::gone(state, "It was already used: each sign-in link works once.")
        }
        SignInRefusal::Expired => {
            ConsoleError::gone(state, "It has expired: sign-in links work for 15 minutes.")
        }
        SignInRefusal::Unknown => ConsoleError::gone(state, "It is no longer valid."),
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> ConsoleResult<Response> {
    let id = resolve(&state, &token).await?;
    // A read only: scanners fetching the link change nothing.
    let lookup = state
        .op(move |s| s.staff_sign_in_state(&id))
        .await
        .or_page(&state)?;
    if let StaffSignInLookup::Refused(r) = lookup {
        return Err(refusal_page(&state, r));
    }
    let (pre, _) = pre_session(&headers);
    let csrf = state.keyring().sign_nonce(&pre, CONFIRM_SUBJECT);
    let action = format!("/staff/signin/{token}");
    Ok((
        [set_cookie(
            &state,
            PRE_SESSION_COOKIE,
            &pre,
            PRE_SESSION_TTL,
        )],
        view::confirm(&state.settings.branding, &csrf, &action),
    )
        .into_response())
}

pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> ConsoleResult<Response> {
    let id = resolve(&state, &token).await?;
    let lookup_id = id.clone();
    let lookup = state
        .op(move |s| s.staff_sign_in_state(&lookup_id))
        .await
        .or_page(&state)?;
    if let StaffSignInLookup::Refused(r) = lookup {
        return Err(refusal_page(&state, r));
    }
    check_pre_session(&state, &headers, &form.csrf, CONFIRM_SUBJECT)?;
    let cookie = random_cookie_value();
    let value = cookie.clone();
    let used = state
        .op(move |s| s.use_staff_sign_in(&id, &value))
        .await
        .or_page(&state)?;
    match used {
        Ok(_) => Ok((
            AppendHeaders([
                set_cookie(&state, SESSION_COOKIE, &cookie, ABSOLUTE_TIMEOUT),
                set_cookie(&state, PRE_SESSION_COOKIE, "", time::Duration::ZERO),
            ]),
            Redirect::to("/staff"),
        )
            .into_response()),
        Err(r) => Err(refusal_page(&state, r)),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    Checked { console, form: _ }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let cookie = console.cookie.clone();
    state
        .op(move |s| s.end_console_session(&cookie))
        .await
        .or_page(&state)?;
    Ok((
        [set_cookie(&state, SESSION_COOKIE, "", time::Duration::ZERO)],
        Redirect::to("/staff/login"),
    )
        .into_response())
}

/// Sign out everywhere: every session of the signed-in staff member ends.
pub async fn revoke_all(
    State(state): State<AppState>,
    Checked { console, form: _ }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let (actor, id) = (console.actor(), console.staff.id.clone());
    state
        .op(move |s| s.revoke_sessions_of(&actor, &id))
        .await
        .or_page(&state)?;
    Ok((
        [set_cookie(&state, SESSION_COOKIE, "", time::Duration::ZERO)],
        Redirect::to("/staff/login"),
    )
        .into_response())
}
