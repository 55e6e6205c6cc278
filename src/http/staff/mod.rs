//! The staff JSON API under `/api/v1` (SPEC section 7), bearer-token authenticated.

mod approvals;
mod audit;
mod clients;
mod file_requests;
pub(crate) mod files;
mod forms;
mod links;
mod outbox;
mod projects;
mod requests;
mod staff_members;
mod webhooks;

use axum::Router;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::routing::{delete, get, patch, post};

use crate::domain::Staff;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::Actor;

/// JSON body whose rejections are API errors (400 syntax, 415 content type, 422 shape).
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// Path parameters whose rejections (bad percent-encoding) are JSON API errors.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// The authenticated staff member of a request.
#[derive(Debug, Clone)]
pub struct StaffAuth(pub Staff);

impl StaffAuth {
    #[must_use]
    pub fn actor(&self) -> Actor {
        Actor::Staff {
            id: self.0.id.clone(),
            name: self.0.name.clone(),
        }
    }
}

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 256)
            .ok_or(AppError::Unauthorized)?
            .to_owned();
        // Only the token's SHA-256 is looked up, so there is no secret comparison to time.
        // A replaced token, or a removed staff member's, answers 401.
        state
            .op(move |s| s.authenticate_staff(&token))
            .await
            .map(StaffAuth)
    }
}

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/clients", post(clients::create).get(clients::list))
        .route("/clients/{id}", get(clients::show).patch(clients::update))
        .route(
            "/clients/{id}/projects",
            post(projects::create).get(projects::list_for_client),
        )
        .route("/clients/{id}/contacts", post(clients::add_contact))
        .route(
            "/clients/{id}/contacts/{contact_id}",
            patch(clients::update_contact).delete(clients::remove_contact),
        )
        .route("/clients/{id}/links", post(links::issue).get(links::list))
        .route("/clients/{id}/links/cutoff", post(links::cutoff))
        .route("/clients/{id}/requests", get(requests::list_for_client))
        .route(
            "/requests/{id}",
            get(requests::show).patch(requests::update),
        )
        .route("/requests/{id}/replies", post(requests::reply))
        .route("/links/{grant_id}", delete(links::revoke).get(links::show))
        .route(
            "/projects/{id}",
            get(projects::show).patch(projects::update),
        )
        .route(
            "/projects/{id}/milestones",
            post(projects::create_milestone),
        )
        .route("/projects/{id}/notes", post(projects::add_note))
        .route("/projects/{id}/comments", post(projects::add_comment))
        .route("/milestones/{id}", patch(projects::update_milestone))
        .route("/milestones/{id}/updates", post(projects::add_update))
        .route("/projects/{id}/files", files::upload_route(state))
        .route("/files/{id}", get(files::show).patch(files::update))
        .route("/projects/{id}/approvals", post(approvals::create))
        .route("/projects/{id}/forms", post(forms::create))
        .route("/forms/{id}", patch(forms::update))
        .route("/forms/{id}/responses", get(forms::responses))
        .route(
            "/forms/{id}/responses.csv",
            get(forms::responses_csv_download),
        )
        .route(
            "/projects/{id}/file_requests",
            post(file_requests::create).get(file_requests::list),
        )
        .route("/file_requests/{id}", get(file_requests::show))
        .route(
            "/approvals/{id}",
            get(approvals::show).delete(approvals::withdraw),
        )
        .route("/audit", get(audit::list))
        .route("/audit/verify", get(audit::verify))
        .route("/metrics/approvals", get(audit::approval_metrics))
        .route("/outbox", get(outbox::list))
        .route("/outbox/{id}/retry", post(outbox::retry))
        .route("/staff", get(staff_members::list))
        .route("/staff/{id}", delete(staff_members::remove))
        .route("/staff/{id}/token", post(staff_members::rotate_token))
        .route("/webhooks", post(webhooks::create).get(webhooks::list))
        .route("/webhooks/{id}", delete(webhooks::delete))
        .route("/webhooks/{id}/deliveries", get(webhooks::deliveries))
        .route(
            "/webhooks/{id}/deliveries/{delivery_id}/retry",
            post(webhooks::retry),
        )
}
