//! The two client POSTs that change the record: a decision on an approval, and a comment.
//! Each reads the form into what the operation needs (or the refusal it earned), calls one
//! `ops` method, which asks the access policy before it looks at any of it, and renders.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse as _, Redirect, Response};

use super::error::{client_error, unreadable_form};
use super::link::LinkContext;
use super::pages::{approval_page_model, page_context};
use crate::domain::approval::{DecisionError, DecisionInput};
use crate::domain::ids::looks_like_id;
use crate::domain::{CommentTarget, DecisionKind};
use crate::error::AppError;
use crate::http::client_ip::client_ip;
use crate::http::origin::{origin_allowed, other_site};
use crate::ops::OpResult;
use crate::state::AppState;
use crate::store::DecisionEvidence;
use crate::views::client::DecisionValues;

type FormFields = Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>;

/// Truncate untrusted header text kept as evidence.
fn bounded(s: &str, max: usize) -> String {
    s.chars().filter(|c| !c.is_control()).take(max).collect()
}

/// What the form and headers of a decision POST say, read without touching the store.
fn read_decision(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    fields: Option<&HashMap<String, String>>,
) -> OpResult<(DecisionInput, DecisionEvidence)> {
    if !origin_allowed(state, headers) {
        return Err(other_site());
    }
    let fields = fields.ok_or_else(unreadable_form)?;
    let field = |k: &str| fields.get(k).map(String::as_str).unwrap_or_default();
    let decision = match field("decision") {
        "approve" => DecisionKind::Approve,
        "request_changes" => DecisionKind::RequestChanges,
        _ => {
            return Err(AppError::BadRequest(
                "Please choose to approve or to request changes.".into(),
            ));
        }
    };
    let input = DecisionInput {
        decision,
        typed_name: field("name").to_owned(),
        comment: Some(field("comment").to_owned()).filter(|c| !c.trim().is_empty()),
        confirm: matches!(field("confirm"), "on" | "yes" | "true" | "1"),
        version_sha256: field("version_sha256").trim().to_owned(),
        nonce: field("nonce").to_owned(),
    };
    if input.typed_name.chars().count() > 200
        || input
            .comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > 20_000)
    {
        return Err(AppError::BadRequest(
            "Your name or comment is too long.".into(),
        ));
    }
    let evidence = DecisionEvidence {
        verified_email: None,
        client_ip: client_ip(peer, headers, &state.settings.trusted_proxies).to_string(),
        user_agent: bounded(
            headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
            500,
        ),
    };
    Ok((input, evidence))
}

/// `POST /p/{token}/approvals/{id}`: see `AppState::decide` for the order of checks.
pub async fn decide(
    State(state): State<AppState>,
    ctx: LinkContext,
    Path((_token, approval_id)): Path<(String, String)>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    form: FormFields,
) -> Response {
    if !looks_like_id(&approval_id) {
        return super::not_found_in(&state.settings.branding, &ctx.loc);
    }
    let page = format!("{}/approvals/{approval_id}", ctx.base);
    let fields = form.ok().map(|Form(f)| f);
    let request = read_decision(&state, peer, &headers, fields.as_ref());
    let code = fields
        .as_ref()
        .and_then(|f| f.get("code"))
        .map(|c| c.chars().take(32).collect())
        .unwrap_or_default();
    match state
        .decide(&ctx.link, approval_id.clone(), request, code)
        .await
    {
        Ok(_) => Redirect::to(&page).into_response(),
        Err(AppError::Decision(e)) => {
            let today = state.clock.now().date();
            let sign = |subject: &str| state.keyring().sign_nonce(&ctx.grant.grant_id, subject);
            match approval_page_model(&state, &ctx, &approval_id, sign, today).await {
                Ok(model) => decision_refused(&state, &ctx, model, e, fields.as_ref()),
                Err(resp) => resp,
            }
        }
        Err(e) => client_error(&state, e, Some(&page), &ctx.loc),
    }
}

fn decision_refused(
    state: &AppState,
    ctx: &LinkContext,
    model: crate::views::client::ApprovalPage,
    e: DecisionError,
    fields: Option<&HashMap<String, String>>,
) -> Response {
    let empty = HashMap::new();
    let fields = fields.unwrap_or(&empty);
    let page_ctx = page_context(state, ctx);
    match e {
        DecisionError::StaleVersion => (
            StatusCode::CONFLICT,
            crate::views::conflict_stale(&page_ctx, &model),
        )
            .into_response(),
        DecisionError::AlreadyDecided | DecisionError::DecidedByYou | DecisionError::Withdrawn => (
            StatusCode::CONFLICT,
            crate::views::conflict_decided(&page_ctx, &model),
        )
            .into_response(),
        DecisionError::NameRequired
        | DecisionError::ConfirmRequired
        | DecisionError::CommentRequired
        | DecisionError::CodeRequired
        | DecisionError::CodeWrong => {
            let mut model = model;
            if let Some(form) = model.form.as_mut() {
                form.errors
                    .push(super::error::decision_message(&ctx.loc, &e));
                form.values = DecisionValues {
                    decision: match fields.get("decision").map(String::as_str) {
                        Some("approve") => Some(DecisionKind::Approve),
                        Some("request_changes") => Some(DecisionKind::RequestChanges),
                        _ => None,
                    },
                    name: fields.get("name").cloned().unwrap_or_default(),
                    comment: fields.get("comment").cloned().unwrap_or_default(),
                    confirm: fields.get("confirm").is_some(),
                };
            }
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                crate::views::approval(&page_ctx, &model),
            )
                .into_response()
        }
    }
}

/// `POST /p/{token}/approvals/{id}/code`: mail a decision code to the link's contact (see
/// `AppState::request_decision_code`), then back to the approval page.
pub async fn send_code(
    State(state): State<AppState>,
    ctx: LinkContext,
    Path((_token, approval_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !looks_like_id(&approval_id) {
        return super::not_found_in(&state.settings.branding, &ctx.loc);
    }
    let page = format!("{}/approvals/{approval_id}", ctx.base);
    if !origin_allowed(&state, &headers) {
        return client_error(&state, other_site(), Some(&page), &ctx.loc);
    }
    let link = ctx.link.clone();
    match state
        .op(move |s| s.request_decision_code(&link, &approval_id))
        .await
    {
        Ok(_) => Redirect::to(&format!("{page}#decide")).into_response(),
        Err(e) => client_error(&state, e, Some(&page), &ctx.loc),
    }
}

/// `POST /p/{token}/comments`: on a milestone (`milestone_id`) or an approval
/// (`approval_id`); see `AppState::comment` for the order of checks.
pub async fn comment(
    State(state): State<AppState>,
    ctx: LinkContext,
    headers: HeaderMap,
    form: FormFields,
) -> Response {
    let fields = form.ok().map(|Form(f)| f).unwrap_or_default();
    let field = |k: &str| {
        fields
            .get(k)
            .map(String::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let target = match (field("milestone_id"), field("approval_id")) {
        (m, a) if !m.is_empty() && a.is_empty() => CommentTarget::Milestone(m),
        (m, a) if m.is_empty() && !a.is_empty() => CommentTarget::Approval(a),
        _ => {
            return client_error(
                &state,
                AppError::BadRequest(
                    "Say which milestone or approval the comment is about.".into(),
                ),
                None,
                &ctx.loc,
            );
        }
    };
    let (CommentTarget::Milestone(id) | CommentTarget::Approval(id)) = &target;
    if !looks_like_id(id) {
        return super::not_found_in(&state.settings.branding, &ctx.loc);
    }
    let back_to_approval = match &target {
        CommentTarget::Approval(a) => Some(format!("{}/approvals/{a}", ctx.base)),
        CommentTarget::Milestone(_) => None,
    };
    let request = if !origin_allowed(&state, &headers) {
        Err(other_site())
    } else if fields.is_empty() {
        Err(unreadable_form())
    } else {
        let body = field("body");
        if body.trim().is_empty() || body.chars().count() > 20_000 {
            Err(AppError::BadRequest(
                "Please write a comment (at most 20,000 characters).".into(),
            ))
        } else {
            Ok((field("nonce"), body))
        }
    };
    let link = ctx.link.clone();
    match state.op(move |s| s.comment(&link, target, request)).await {
        Ok(c) => Redirect::to(
            &back_to_approval.unwrap_or_else(|| format!("{}/projects/{}", ctx.base, c.project_id)),
        )
        .into_response(),
        Err(e) => client_error(&state, e, back_to_approval.as_deref(), &ctx.loc),
    }
}
