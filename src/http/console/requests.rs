//! Console pages for what clients send back (SPEC 11): a client's requests, one request
//! (reply publicly or internally, set the status), and a form's responses (with CSV).
//! Every action is the same `ops` method the API calls.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;

use super::{Checked, Console, ConsoleResult, OrPage as _};
use crate::domain::forms::responses_csv;
use crate::ops::requests::{NewReply, RequestPatch};
use crate::state::AppState;
use crate::views::console::form_responses::form_responses;
use crate::views::console::requests::{request, requests};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/clients/{id}/requests", get(list))
        .route("/staff/requests/{id}", get(show))
        .route("/staff/requests/{id}/replies", post(reply))
        .route("/staff/requests/{id}/status", post(set_status))
        .route("/staff/forms/{id}", get(form))
        .route("/staff/forms/{id}/responses.csv", get(csv))
}

async fn list(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> ConsoleResult<Markup> {
    let (client, all, forms) = state
        .op(move |s| {
            Ok((
                s.client(&id)?,
                s.client_requests(&id)?,
                s.client_forms(&id)?,
            ))
        })
        .await
        .or_page(&state)?;
    Ok(requests(&console.chrome(&state), &client, &all, &forms))
}

async fn show(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> ConsoleResult<Markup> {
    let (client, thread) = state
        .op(move |s| {
            let t = s.request_thread(&id)?;
            Ok((s.client(&t.request.client_id)?, t))
        })
        .await
        .or_page(&state)?;
    Ok(request(&console.chrome(&state), &client, &thread))
}

#[derive(Debug, Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
    internal: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    status: String,
}

has_csrf!(ReplyForm, StatusForm);

fn to_request(id: &str) -> Response {
    Redirect::to(&format!("/staff/requests/{id}")).into_response()
}

async fn reply(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<ReplyForm>,
) -> ConsoleResult<Response> {
    let new = NewReply {
        body: f.body,
        internal: f.internal.is_some_and(|v| v == "on" || v == "true"),
    };
    let (actor, rid) = (console.actor(), id.clone());
    state
        .op(move |s| s.staff_reply(&actor, &rid, new))
        .await
        .or_page(&state)?;
    Ok(to_request(&id))
}

async fn set_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<StatusForm>,
) -> ConsoleResult<Response> {
    let patch = RequestPatch { status: f.status };
    let (actor, rid) = (console.actor(), id.clone());
    state
        .op(move |s| s.set_request_status(&actor, &rid, &patch))
        .await
        .or_page(&state)?;
    Ok(to_request(&id))
}

async fn form(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> ConsoleResult<Markup> {
    let v = state
        .op(move |s| s.form_responses(&id))
        .await
        .or_page(&state)?;
    Ok(form_responses(&console.chrome(&state), &v))
}

async fn csv(
    State(state): State<AppState>,
    _console: Console,
    Path(id): Path<String>,
) -> ConsoleResult<Response> {
    let v = state
        .op(move |s| s.form_responses(&id))
        .await
        .or_page(&state)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"form-{}-responses.csv\"", v.form.id),
            ),
        ],
        responses_csv(&v.form, &v.responses),
    )
        .into_response())
}
