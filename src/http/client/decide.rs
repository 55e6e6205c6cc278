//! The two client POSTs that change the record: a decision on an approval, and a comment.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse as _, Redirect, Response};

use super::link::LinkContext;
use super::pages::{approval_page_model, page_context};
use crate::domain::approval::{DecisionError, DecisionInput};
use crate::domain::{Author, CommentTarget, DecisionKind};
use crate::error::AppError;
use crate::http::client_ip::client_ip;
use crate::state::AppState;
use crate::store::ReadRecords as _;
use crate::store::{ClientDecision, DecisionEvidence, DecisionResult, StoreError};
use crate::views::client::DecisionValues;

type FormFields = Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>;

/// SPEC 6: a POST whose `Origin` is present and is not `server.public_url` answers 403.
///
/// Our pages send `Referrer-Policy: no-referrer`, under which browsers serialise the
/// Origin of a same-origin form POST as `null`. Such a POST is accepted only when the
/// browser also vouches for it with `Sec-Fetch-Site: same-origin`; an opaque origin from
/// anywhere else (a sandboxed frame on another site) is refused.
pub(crate) fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let allowed = if origin == "null" {
        fetch_site == "same-origin"
    } else {
        origin
            .trim_end_matches('/')
            .eq_ignore_ascii_case(&state.settings.public_origin)
    };
    if !allowed {
        tracing::warn!(
            origin,
            fetch_site,
            "refused a client POST from another origin"
        );
    }
    allowed
}

fn forbidden(state: &AppState) -> Response {
    (
        StatusCode::FORBIDDEN,
        crate::views::bad_request(
            &state.settings.branding,
            "This form was sent from another site, so it was refused.",
        ),
    )
        .into_response()
}

fn bad_form(state: &AppState, message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        crate::views::bad_request(&state.settings.branding, message),
    )
        .into_response()
}

/// Truncate untrusted header text kept as evidence.
fn bounded(s: &str, max: usize) -> String {
    s.chars().filter(|c| !c.is_control()).take(max).collect()
}

/// What the form and headers of a decision POST say, checked without touching the store.
type Checked = Result<(DecisionInput, DecisionEvidence), Box<Response>>;

fn check_decision(
    state: &AppState,
    ctx: &LinkContext,
    approval_id: &str,
    peer: SocketAddr,
    headers: &HeaderMap,
    fields: Option<&HashMap<String, String>>,
) -> Checked {
    if !origin_allowed(state, headers) {
        return Err(Box::new(forbidden(state)));
    }
    let Some(fields) = fields else {
        return Err(Box::new(bad_form(
            state,
            "The form could not be read. Please go back, reload the page and try again.",
        )));
    };
    let field = |k: &str| fields.get(k).map(String::as_str).unwrap_or_default();
    let nonce = field("nonce").to_owned();
    if !state
        .keyring()
        .verify_nonce(&nonce, &ctx.grant.grant_id, approval_id)
    {
        return Err(Box::new(bad_form(
            state,
            "This form has expired. Please go back, reload the page and try again.",
        )));
    }
    let decision = match field("decision") {
        "approve" => DecisionKind::Approve,
        "request_changes" => DecisionKind::RequestChanges,
        _ => {
            return Err(Box::new(bad_form(
                state,
                "Please choose to approve or to request changes.",
            )));
        }
    };
    let input = DecisionInput {
        decision,
        typed_name: field("name").to_owned(),
        comment: Some(field("comment").to_owned()).filter(|c| !c.trim().is_empty()),
        confirm: matches!(field("confirm"), "on" | "yes" | "true" | "1"),
        version_sha256: field("version_sha256").trim().to_owned(),
        nonce,
    };
    if input.typed_name.chars().count() > 200
        || input
            .comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > 20_000)
    {
        return Err(Box::new(bad_form(
            state,
            "Your name or comment is too long.",
        )));
    }
    let evidence = DecisionEvidence {
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

pub async fn decide(
    State(state): State<AppState>,
    ctx: LinkContext,
    Path((_token, approval_id)): Path<(String, String)>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    form: FormFields,
) -> Response {
    // Scope before anything the request carries: the request is checked here, but its
    // verdict is given only once the store said the approval is in scope.
    if !ctx.client.sections.approvals || !crate::domain::ids::looks_like_id(&approval_id) {
        return super::generic_not_found(&state.settings.branding);
    }
    let fields = form.ok().map(|Form(f)| f);
    let checked = check_decision(&state, &ctx, &approval_id, peer, &headers, fields.as_ref());
    // One queued write: the scope check, the request's verdict, the durable record.
    let stored = state
        .store
        .record_client_decision(
            state.clock.now(),
            ctx.grant.clone(),
            approval_id.clone(),
            checked,
        )
        .await;
    let result = match stored {
        Ok(ClientDecision::OutOfScope) => {
            return super::generic_not_found(&state.settings.branding);
        }
        Ok(ClientDecision::Refused(response)) => return *response,
        Ok(ClientDecision::Done(r)) => {
            if let DecisionResult::Recorded(a) = &r {
                crate::mail::decision_recorded(&state, a);
            }
            Ok(r)
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Redirect::to(&format!("{}/approvals/{approval_id}", ctx.base)).into_response(),
        Err(StoreError::Decision(e)) => {
            let today = state.clock.now().date();
            let sign = |subject: &str| state.keyring().sign_nonce(&ctx.grant.grant_id, subject);
            match approval_page_model(&state, &ctx, &approval_id, sign, today).await {
                Ok(model) => decision_refused(&state, &ctx, model, e, fields.as_ref()),
                Err(resp) => resp,
            }
        }
        Err(StoreError::NotFound(_)) => super::generic_not_found(&state.settings.branding),
        Err(e) => AppError::from(e).into_response(),
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
        DecisionError::AlreadyDecided | DecisionError::Withdrawn => (
            StatusCode::CONFLICT,
            crate::views::conflict_decided(&page_ctx, &model),
        )
            .into_response(),
        DecisionError::NameRequired
        | DecisionError::ConfirmRequired
        | DecisionError::CommentRequired => {
            let mut model = model;
            if let Some(form) = model.form.as_mut() {
                form.errors.push(e.to_string());
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

pub async fn comment(
    State(state): State<AppState>,
    ctx: LinkContext,
    headers: HeaderMap,
    form: FormFields,
) -> Response {
    let Ok(Form(fields)) = form else {
        return bad_form(&state, "The comment could not be read.");
    };
    let field = |k: &str| {
        fields
            .get(k)
            .map(String::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let (target, back) = match (field("milestone_id"), field("approval_id")) {
        (m, a) if !m.is_empty() && a.is_empty() => (CommentTarget::Milestone(m), None),
        (m, a) if m.is_empty() && !a.is_empty() => (
            CommentTarget::Approval(a.clone()),
            Some(format!("{}/approvals/{a}", ctx.base)),
        ),
        _ => {
            return bad_form(
                &state,
                "Say which milestone or approval the comment is about.",
            );
        }
    };
    // Scope: the target must belong to a project this link covers.
    let t = target.clone();
    let project = state
        .db(move |s| {
            s.read(|rx| {
                let project_id = match &t {
                    CommentTarget::Milestone(id) => {
                        rx.get::<crate::domain::Milestone>(id)?.project_id
                    }
                    CommentTarget::Approval(id) => {
                        rx.get::<crate::domain::Approval>(id)?.project_id
                    }
                };
                rx.get::<crate::domain::Project>(&project_id)
            })
        })
        .await;
    let Ok(project) = project else {
        return super::generic_not_found(&state.settings.branding);
    };
    let section_on = match &target {
        CommentTarget::Milestone(_) => ctx.client.sections.milestones,
        CommentTarget::Approval(_) => ctx.client.sections.approvals,
    };
    if !ctx.covers_project(&project.client_id, &project.id) || !section_on {
        return super::generic_not_found(&state.settings.branding);
    }
    if !origin_allowed(&state, &headers) {
        return forbidden(&state);
    }
    if !state.keyring().verify_nonce(
        &field("nonce"),
        &ctx.grant.grant_id,
        super::pages::COMMENT_NONCE_SUBJECT,
    ) {
        return bad_form(
            &state,
            "This form has expired. Please go back, reload the page and try again.",
        );
    }
    let body = field("body");
    if body.trim().is_empty() || body.chars().count() > 20_000 {
        return bad_form(
            &state,
            "Please write a comment (at most 20,000 characters).",
        );
    }
    let author = Author::Link {
        grant_id: ctx.grant.grant_id.clone(),
        name: ctx.grant.contact.name.clone(),
        email: ctx.grant.contact.email.clone(),
    };
    let actor = crate::store::Actor::Link {
        grant_id: ctx.grant.grant_id.clone(),
    };
    let (now, pid) = (state.clock.now(), project.id.clone());
    match state
        .db(move |s| s.add_comment(&actor, now, &pid, target, author, &body))
        .await
    {
        Ok(_) => {
            Redirect::to(&back.unwrap_or_else(|| format!("{}/projects/{}", ctx.base, project.id)))
                .into_response()
        }
        Err(crate::store::StoreError::NotFound(_)) => {
            super::generic_not_found(&state.settings.branding)
        }
        Err(e) => AppError::from(e).into_response(),
    }
}
