//! Console: webhooks (SPEC 14). Register an endpoint (its secret shown once), list and
//! delete them, read an endpoint's deliveries and send one again; the same operations
//! as the API.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;

use super::{Checked, Console, ConsoleResult, CsrfOnly, OrPage as _};
use crate::domain::paging::PageRequest;
use crate::domain::webhooks::WebhookEvent;
use crate::error::AppError;
use crate::ops::webhooks::RegisterWebhook;
use crate::state::AppState;
use crate::views::console::webhooks as view;

has_csrf!(RegisterForm);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/webhooks", get(list).post(register))
        .route("/staff/webhooks/{id}", get(show))
        .route("/staff/webhooks/{id}/delete", post(delete))
        .route(
            "/staff/webhooks/{id}/deliveries/{delivery_id}/retry",
            post(retry),
        )
}

/// The register form: `url`, `secret`, and one `ev_<event>` checkbox per event.
#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    secret: String,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

pub async fn list(State(state): State<AppState>, console: Console) -> ConsoleResult<Markup> {
    let hooks = state.op(|s| s.webhooks()).await.or_page(&state)?;
    Ok(view::list(
        &console.chrome(&state),
        &hooks,
        &view::Draft::default(),
    ))
}

pub async fn register(
    State(state): State<AppState>,
    Checked { console, form }: Checked<RegisterForm>,
) -> ConsoleResult<Response> {
    let events: Vec<String> = WebhookEvent::ALL
        .iter()
        .filter(|e| form.rest.contains_key(&format!("ev_{}", e.name())))
        .map(|e| e.name().to_owned())
        .collect();
    let draft = view::Draft {
        url: form.url.clone(),
        events: events.clone(),
        error: None,
    };
    let req = RegisterWebhook {
        url: form.url,
        events,
        secret: Some(form.secret).filter(|s| !s.trim().is_empty()),
    };
    let actor = console.actor();
    match state.op(move |s| s.register_webhook(&actor, req)).await {
        Ok(created) => Ok(view::created(&console.chrome(&state), &created).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let hooks = state.op(|s| s.webhooks()).await.or_page(&state)?;
            let draft = view::Draft {
                error: Some(e.to_string()),
                ..draft
            };
            let page = view::list(&console.chrome(&state), &hooks, &draft);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(super::ConsoleError::from_app(&state, e)),
    }
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    console: Console,
) -> ConsoleResult<Markup> {
    let (endpoint, deliveries) = state
        .op(move |s| {
            Ok((
                s.webhook(&id)?,
                s.webhook_deliveries(&id, &PageRequest::default())?.items,
            ))
        })
        .await
        .or_page(&state)?;
    Ok(view::endpoint(
        &console.chrome(&state),
        &endpoint,
        &deliveries,
    ))
}

pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let actor = console.actor();
    state
        .op(move |s| s.delete_webhook(&actor, &id))
        .await
        .or_page(&state)?;
    Ok(Redirect::to("/staff/webhooks").into_response())
}

pub async fn retry(
    State(state): State<AppState>,
    Path((id, delivery_id)): Path<(String, String)>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let (actor, hook) = (console.actor(), id.clone());
    state
        .op(move |s| s.redeliver_webhook(&actor, &hook, &delivery_id))
        .await
        .or_page(&state)?;
    Ok(Redirect::to(&format!("/staff/webhooks/{id}#deliveries-h")).into_response())
}
