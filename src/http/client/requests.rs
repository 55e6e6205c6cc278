//! The client's requests (SPEC 11): list and open (`/p/{token}/requests`), read one and
//! reply (`/p/{token}/requests/{id}`, `.../replies`). Handlers read the form, call one
//! `ops` method (which asks the access policy before it looks at the form) and render.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse as _, Redirect, Response};

use super::error::client_error;
use super::link::LinkContext;
use super::pages::page_context;
use crate::domain::access::Action;
use crate::domain::ids::looks_like_id;
use crate::error::AppError;
use crate::http::origin::origin_allowed;
use crate::ops::OpResult;
use crate::ops::requests::{NewClientRequest, REQUEST_NONCE_SUBJECT};
use crate::state::AppState;
use crate::views::client::{NewRequestForm, RequestPage, RequestValues, RequestsPage};

type FormFields = Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>;

fn count_view(state: &AppState, ctx: &LinkContext, method: &Method) {
    if method == Method::GET {
        state
            .link_views
            .record(&ctx.grant.grant_id, state.clock.now());
    }
}

/// The origin check and the fields every client form needs, before the store is asked.
pub(super) fn read_form(
    state: &AppState,
    headers: &HeaderMap,
    form: FormFields,
) -> OpResult<HashMap<String, String>> {
    if !origin_allowed(state, headers) {
        return Err(crate::http::origin::other_site());
    }
    match form {
        Ok(Form(f)) if !f.is_empty() => Ok(f),
        _ => Err(super::error::unreadable_form()),
    }
}

/// The list page, with the new-request form (fresh, or as refused with `errors`).
async fn list_page(
    state: &AppState,
    ctx: &LinkContext,
    values: RequestValues,
    errors: Vec<String>,
) -> Result<RequestsPage, Response> {
    let link = ctx.link.clone();
    let (requests, projects, forms) = state
        .op(move |s| {
            Ok((
                s.portal_requests(&link)?,
                s.portal_request_projects(&link)?,
                s.portal_forms(&link)?,
            ))
        })
        .await
        .map_err(|e| client_error(state, e, None, &ctx.loc))?;
    let form = ctx.access().may(Action::Comment).then(|| NewRequestForm {
        nonce: state
            .keyring()
            .sign_nonce(&ctx.grant.grant_id, REQUEST_NONCE_SUBJECT),
        projects: projects.clone(),
        errors,
        values,
    });
    Ok(RequestsPage {
        requests,
        projects,
        form,
        forms,
    })
}

/// `GET /p/{token}/requests`.
pub async fn list(State(state): State<AppState>, ctx: LinkContext, method: Method) -> Response {
    count_view(&state, &ctx, &method);
    match list_page(&state, &ctx, RequestValues::default(), Vec::new()).await {
        Ok(model) => {
            crate::views::client::requests(&page_context(&state, &ctx), &model).into_response()
        }
        Err(resp) => resp,
    }
}

/// `POST /p/{token}/requests`: see `AppState::open_request` for the order of checks. A
/// refused subject or body shows the form again (422) with what was typed.
pub async fn open(
    State(state): State<AppState>,
    ctx: LinkContext,
    headers: HeaderMap,
    form: FormFields,
) -> Response {
    let back = format!("{}/requests", ctx.base);
    let fields = read_form(&state, &headers, form);
    let values = fields.as_ref().ok().map(|f| {
        let field = |k: &str| f.get(k).cloned().unwrap_or_default();
        RequestValues {
            subject: field("subject"),
            body: field("body"),
            project_id: field("project_id"),
        }
    });
    let request = fields.map(|f| {
        let field = |k: &str| f.get(k).cloned().unwrap_or_default();
        NewClientRequest {
            nonce: field("nonce"),
            subject: field("subject"),
            body: field("body"),
            project_id: field("project_id"),
        }
    });
    let link = ctx.link.clone();
    match state.op(move |s| s.open_request(&link, request)).await {
        Ok(r) => Redirect::to(&format!("{back}/{}", r.id)).into_response(),
        Err(AppError::Invalid { field, message }) => {
            let message = format!("{}: {message}.", capital(&field));
            match list_page(&state, &ctx, values.unwrap_or_default(), vec![message]).await {
                Ok(model) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    crate::views::client::requests(&page_context(&state, &ctx), &model),
                )
                    .into_response(),
                Err(resp) => resp,
            }
        }
        Err(e) => client_error(&state, e, Some(&back), &ctx.loc),
    }
}

fn capital(field: &str) -> String {
    let mut c = field.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `GET /p/{token}/requests/{id}`.
pub async fn show(
    State(state): State<AppState>,
    ctx: LinkContext,
    method: Method,
    Path((_token, id)): Path<(String, String)>,
) -> Response {
    if !looks_like_id(&id) {
        return super::not_found_in(&state.settings.branding, &ctx.loc);
    }
    count_view(&state, &ctx, &method);
    let link = ctx.link.clone();
    let rid = id.clone();
    let read = state
        .op(move |s| {
            let t = s.portal_request(&link, &rid)?;
            let project_name = match &t.request.project_id {
                Some(p) => s
                    .portal_request_projects(&link)?
                    .into_iter()
                    .find(|x| &x.id == p)
                    .map(|x| x.name),
                None => None,
            };
            Ok((t, project_name))
        })
        .await;
    match read {
        Ok((t, project_name)) => {
            let reply_nonce = ctx
                .access()
                .may(Action::Comment)
                .then(|| state.keyring().sign_nonce(&ctx.grant.grant_id, &id));
            let model = RequestPage {
                request: t.request,
                replies: t.replies,
                project_name,
                reply_nonce,
            };
            crate::views::client::request(&page_context(&state, &ctx), &model).into_response()
        }
        Err(e) => client_error(&state, e, None, &ctx.loc),
    }
}

/// `POST /p/{token}/requests/{id}/replies`: see `AppState::reply_to_request`.
pub async fn reply(
    State(state): State<AppState>,
    ctx: LinkContext,
    Path((_token, id)): Path<(String, String)>,
    headers: HeaderMap,
    form: FormFields,
) -> Response {
    if !looks_like_id(&id) {
        return super::not_found_in(&state.settings.branding, &ctx.loc);
    }
    let page = format!("{}/requests/{id}", ctx.base);
    let request = read_form(&state, &headers, form).map(|f| {
        let field = |k: &str| f.get(k).cloned().unwrap_or_default();
        (field("nonce"), field("body"))
    });
    let link = ctx.link.clone();
    match state
        .op(move |s| s.reply_to_request(&link, &id, request))
        .await
    {
        Ok(_) => Redirect::to(&page).into_response(),
        Err(e) => client_error(&state, e, Some(&page), &ctx.loc),
    }
}
