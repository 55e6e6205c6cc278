//! The staff JSON API under `/api/v1` (SPEC section 7), bearer-token authenticated.

mod approvals;
mod audit;
mod clients;
mod doc;
mod file_requests;
pub(crate) mod files;
mod forms;
mod links;
mod lists;
mod outbox;
pub mod paging;
mod projects;
mod requests;
mod staff_members;
mod webhooks;

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use axum::{Extension, Router};
use utoipa::OpenApi as _;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

use doc::ApiDoc;

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

/// The staff API: every route under `/api/v1`, and the OpenAPI document made from the
/// same registrations (served at `/api/v1/openapi.json`).
///
/// A route gets into the API only through [`ApiRoutes::with`], which takes the
/// `routes!(...)` of handlers annotated with `#[utoipa::path]`: the path, method,
/// parameters, body and answers of each come from that annotation, so a route cannot be
/// served without being in the document.
pub fn router(state: &AppState) -> Router<AppState> {
    let (router, doc) = api(state).split();
    let json: Arc<str> = doc.to_json().unwrap_or_default().into();
    router
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(Extension(OpenApiJson(json)))
}

/// The OpenAPI document alone (tests, and tools that want it without a server).
#[must_use]
pub fn openapi(state: &AppState) -> utoipa::openapi::OpenApi {
    api(state).split().1
}

/// Every `/api/v1` route, in one list.
fn api(state: &AppState) -> ApiRoutes {
    use utoipa_axum::routes;
    let (schemas, paths, upload) = routes!(files::upload);
    let upload = (
        schemas,
        paths,
        upload.layer(crate::http::upload::body_limit_layer(state)),
    );
    ApiRoutes::new()
        .with(routes!(openapi_json))
        .with(routes!(clients::create, clients::list))
        .with(routes!(clients::show, clients::update))
        .with(routes!(projects::create, projects::list_for_client))
        .with(routes!(clients::add_contact))
        .with(routes!(clients::update_contact, clients::remove_contact))
        .with(routes!(links::issue, links::list))
        .with(routes!(links::cutoff))
        .with(routes!(requests::list_for_client))
        .with(routes!(requests::show, requests::update))
        .with(routes!(requests::reply))
        .with(routes!(links::revoke, links::show))
        .with(routes!(projects::show, projects::update))
        .with(routes!(projects::create_milestone))
        .with(routes!(projects::add_note))
        .with(routes!(projects::add_comment))
        .with(routes!(projects::update_milestone))
        .with(routes!(projects::add_update))
        .with(upload)
        .with(routes!(files::show, files::update))
        .with(routes!(approvals::create))
        .with(routes!(forms::create))
        .with(routes!(forms::update))
        .with(routes!(forms::responses))
        .with(routes!(forms::responses_csv_download))
        .with(routes!(file_requests::create, file_requests::list))
        .with(routes!(file_requests::show))
        .with(routes!(approvals::show, approvals::withdraw))
        .with(routes!(audit::list))
        .with(routes!(audit::verify))
        .with(routes!(audit::approval_metrics))
        .with(routes!(outbox::list))
        .with(routes!(outbox::retry))
        .with(routes!(staff_members::list))
        .with(routes!(staff_members::remove))
        .with(routes!(staff_members::rotate_token))
        .with(routes!(webhooks::create, webhooks::list))
        .with(routes!(webhooks::delete))
        .with(routes!(webhooks::deliveries))
        .with(routes!(webhooks::retry))
        .with(routes!(lists::create, lists::list))
        .with(routes!(lists::show))
        .with(big_body(routes!(lists::put_rows, lists::import_csv)))
        .with(routes!(lists::put_row, lists::delete_row))
        .with(routes!(lists::request_approval))
}

/// Routes that take many rows in one body.
fn big_body(r: UtoipaMethodRouter<AppState>) -> UtoipaMethodRouter<AppState> {
    let (schemas, paths, router) = r;
    (
        schemas,
        paths,
        router.layer(axum::extract::DefaultBodyLimit::max(lists::MAX_ROWS_BODY)),
    )
}

/// The `/api/v1` router under construction. It has no `route` method on purpose: the only
/// way in is [`ApiRoutes::with`], with the documentation the route carries.
pub struct ApiRoutes(OpenApiRouter<AppState>);

impl ApiRoutes {
    fn new() -> Self {
        Self(OpenApiRouter::with_openapi(ApiDoc::openapi()))
    }

    /// Serve these handlers (one path, `routes!(a, b)`) and document them.
    #[must_use]
    pub fn with(self, routes: UtoipaMethodRouter<AppState>) -> Self {
        Self(self.0.routes(routes))
    }

    /// The router (paths relative to `/api/v1`) and the document (paths under it).
    fn split(self) -> (Router<AppState>, utoipa::openapi::OpenApi) {
        let (router, doc) = self.0.split_for_parts();
        (router, doc::finish(doc))
    }
}

/// The document, serialised once when the router is built.
#[derive(Clone)]
struct OpenApiJson(Arc<str>);

/// `GET /openapi.json`: this document (OpenAPI 3.1), made from the route definitions.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json", body = Object))
)]
async fn openapi_json(Extension(doc): Extension<OpenApiJson>) -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        doc.0.to_string(),
    )
}
