//! Forms through a link (SPEC 11): `GET /p/{token}/forms/{id}` shows the questions, filled
//! in with the contact's last answers; `POST` answers (see `AppState::answer_form` for the
//! order of checks). Refused answers show the form again (422) with a message beside each
//! and what was typed; saved answers answer 303 to the form.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse as _, Redirect, Response};

use super::error::client_error;
use super::link::LinkContext;
use super::pages::page_context;
use crate::domain::access::Action;
use crate::domain::forms::answer_fields;
use crate::domain::ids::looks_like_id;
use crate::http::origin::origin_allowed;
use crate::ops::forms::PortalForm;
use crate::state::AppState;
use crate::views::client::FormPage;

type FormFields = Result<Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>;

fn model(ctx: &LinkContext, pf: PortalForm) -> FormPage {
    let values = pf.mine.as_ref().map_or_else(Vec::new, |r| {
        r.answers
            .iter()
            .flat_map(|(k, v)| answer_fields(k, v))
            .collect()
    });
    FormPage {
        project_name: pf.project.name,
        answered_at: pf.mine.map(|r| r.at),
        form: pf.form,
        values,
        errors: Vec::new(),
        can_answer: ctx.access().may(Action::Comment),
    }
}

/// `GET /p/{token}/forms/{id}`.
pub async fn show(
    State(state): State<AppState>,
    ctx: LinkContext,
    method: Method,
    Path((_token, id)): Path<(String, String)>,
) -> Response {
    if !looks_like_id(&id) {
        return super::not_found_in(&state.settings.branding, &ctx.loc);
    }
    if method == Method::GET {
        state
            .link_views
            .record(&ctx.grant.grant_id, state.clock.now());
    }
    let link = ctx.link.clone();
    match state.op(move |s| s.portal_form(&link, &id)).await {
        Ok(pf) => crate::views::client::form(&page_context(&state, &ctx), &model(&ctx, pf))
            .into_response(),
        Err(e) => client_error(&state, e, None, &ctx.loc),
    }
}

/// `POST /p/{token}/forms/{id}`.
pub async fn answer(
    State(state): State<AppState>,
    ctx: LinkContext,
    Path((_token, id)): Path<(String, String)>,
    headers: HeaderMap,
    form: FormFields,
) -> Response {
    if !looks_like_id(&id) {
        return super::not_found_in(&state.settings.branding, &ctx.loc);
    }
    let page = format!("{}/forms/{id}", ctx.base);
    let submitted = form.ok().map(|Form(f)| f);
    let request = if !origin_allowed(&state, &headers) {
        Err(crate::http::origin::other_site())
    } else {
        submitted.clone().ok_or_else(super::error::unreadable_form)
    };
    let link = ctx.link.clone();
    let fid = id.clone();
    match state.op(move |s| s.answer_form(&link, &fid, request)).await {
        Ok(Ok(_)) => Redirect::to(&page).into_response(),
        Ok(Err(errors)) => {
            let link = ctx.link.clone();
            match state.op(move |s| s.portal_form(&link, &id)).await {
                Ok(pf) => {
                    let mut m = model(&ctx, pf);
                    m.values = submitted.unwrap_or_default();
                    m.errors = errors
                        .into_iter()
                        .map(|(k, msg)| (k, super::error::client_message(&ctx.loc, &msg)))
                        .collect();
                    (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        crate::views::client::form(&page_context(&state, &ctx), &m),
                    )
                        .into_response()
                }
                Err(e) => client_error(&state, e, None, &ctx.loc),
            }
        }
        Err(e) => client_error(&state, e, Some(&page), &ctx.loc),
    }
}
