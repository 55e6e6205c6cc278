//! `GET/POST /p/{token}/invite`: a contact invites a colleague (SPEC 10). The page and the
//! POST both ask the access policy first (403 while the client does not allow inviting or
//! the link may not); the POST then calls one `ops` method.

use std::collections::HashMap;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse as _, Redirect, Response};

use super::error::client_error;
use super::link::LinkContext;
use super::pages::page_context;
use super::requests::read_form;
use crate::domain::access::{Action, Subject};
use crate::error::AppError;
use crate::ops::invite::{INVITE_NONCE_SUBJECT, Invitation};
use crate::state::AppState;
use crate::views::client::InvitePage;

type FormFields = Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>;

/// Query of the page after an invitation went out (`?invited=1`; nothing of the request
/// is echoed).
#[derive(Debug, serde::Deserialize)]
pub struct Sent {
    invited: Option<u8>,
}

fn render(state: &AppState, ctx: &LinkContext, status: StatusCode, ip: InvitePage) -> Response {
    let ip = InvitePage {
        nonce: state
            .keyring()
            .sign_nonce(&ctx.grant.grant_id, INVITE_NONCE_SUBJECT),
        ..ip
    };
    (
        status,
        crate::views::client::invite(&page_context(state, ctx), &ip),
    )
        .into_response()
}

pub async fn page(
    State(state): State<AppState>,
    ctx: LinkContext,
    sent: Result<axum::extract::Query<Sent>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if let Err(denied) = ctx
        .access()
        .check(&Subject::portal(&ctx.client), Action::Invite)
    {
        return client_error(&state, denied.into(), Some(&ctx.base), &ctx.loc);
    }
    let invited = sent.ok().and_then(|q| q.0.invited) == Some(1);
    render(
        &state,
        &ctx,
        StatusCode::OK,
        InvitePage {
            invited,
            ..InvitePage::default()
        },
    )
}

pub async fn send(
    State(state): State<AppState>,
    ctx: LinkContext,
    headers: HeaderMap,
    form: FormFields,
) -> Response {
    let fields = read_form(&state, &headers, form);
    let typed = fields.as_ref().ok().cloned().unwrap_or_default();
    let request = fields.map(|f| {
        let field = |k: &str| f.get(k).cloned().unwrap_or_default();
        Invitation {
            nonce: field("nonce"),
            name: field("name"),
            email: field("email"),
        }
    });
    let link = ctx.link.clone();
    match state.op(move |s| s.invite_colleague(&link, request)).await {
        Ok(_) => Redirect::to(&format!("{}/invite?invited=1", ctx.base)).into_response(),
        // Fields the record refuses: the form again, with what was typed.
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = e.status();
            let field = |k: &str| typed.get(k).cloned().unwrap_or_default();
            render(
                &state,
                &ctx,
                status,
                InvitePage {
                    errors: vec![e.to_string()],
                    name: field("name"),
                    email: field("email"),
                    ..InvitePage::default()
                },
            )
        }
        Err(e) => client_error(&state, e, Some(&ctx.base), &ctx.loc),
    }
}
