//! Client pages under `/p/{token}` (SPEC sections 5 and 6): no login, no JavaScript.
//!
//! Every handler first resolves the token (404 generic / 410 gone / 410 closed), then
//! checks that the record asked for lies inside the link's scope and enabled sections
//! (404) before looking at anything else the request carries.

mod decide;
mod download;
mod error;
mod export;
mod file_requests;
mod forms;
mod invite;
mod link;
mod lists;
mod pages;
mod preview;
mod rate_limit;
mod renew;
mod reports;
mod requests;
mod verify;

use crate::i18n::Locale;
use axum::Router;
use axum::extract::Request;
use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};
use axum::routing::{get, post};

use crate::config::Branding;
pub(crate) use crate::http::origin::origin_allowed;
use crate::state::AppState;
pub use download::{content_disposition, csv_download, safe_content_type, send as send_download};
pub use error::client_error;
pub use link::{LinkContext, LinkRefusal};

pub fn router(state: &AppState) -> Router<AppState> {
    // Kept pages answer in an encoding kept with them (`state::page_cache`): no compressor
    // runs on them per request.
    let kept = Router::new()
        .route("/p/{token}", get(pages::overview))
        .route("/p/{token}/", get(pages::overview))
        .route("/p/{token}/projects/{id}", get(pages::project))
        .route(
            "/p/{token}/approvals/{id}",
            get(pages::approval).post(decide::decide),
        )
        .route("/p/{token}/file_requests/{id}", file_requests::route(state));
    let pages = Router::new()
        .route("/p/{token}/approvals/{id}/code", post(decide::send_code))
        .route("/p/{token}/comments", post(decide::comment))
        .route("/p/{token}/renew", post(renew::renew))
        .route("/p/{token}/invite", get(invite::page).post(invite::send))
        .route(
            "/p/{token}/requests",
            get(requests::list).post(requests::open),
        )
        .route("/p/{token}/requests/{id}", get(requests::show))
        .route("/p/{token}/lists/{slug}", get(lists::list))
        .route("/p/{token}/lists/{slug}/{external_id}", get(lists::row))
        .route("/p/{token}/reports", get(reports::all))
        .route("/p/{token}/reports.csv", get(reports::all_csv))
        .route("/p/{token}/reports/{slug}", get(reports::one))
        .route(
            "/p/{token}/forms/{id}",
            get(forms::show).post(forms::answer),
        )
        .route("/p/{token}/requests/{id}/replies", post(requests::reply))
        .layer(crate::http::layers::html_compression());
    let downloads = Router::new()
        .route("/p/{token}/files/{file_id}/{n}", get(pages::download))
        .route("/p/{token}/export.zip", get(export::export))
        .route(
            "/p/{token}/files/{file_id}/{n}/preview/{page}",
            get(preview::preview),
        );
    // Both stylesheets are compressed once, when the server starts.
    let brand_css = Arc::new(crate::http::assets::brand_css(&state.settings.branding));
    kept.merge(pages)
        .merge(downloads)
        .route("/verify", verify::route(state))
        .route("/assets/app.css", get(assets_css))
        .route(
            "/assets/brand.css",
            get(move |headers: HeaderMap| {
                let brand_css = brand_css.clone();
                async move { brand_css.respond(&headers) }
            }),
        )
        // One stack, so that the routes are boxed once more, not twice.
        .layer(
            tower::ServiceBuilder::new()
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    reject_oversized_paths,
                ))
                .layer(rate_limit::layer(
                    state.settings.client_per_minute,
                    &state.settings.trusted_proxies,
                    state.settings.clone(),
                )),
        )
}

/// A path longer than any real client URL is junk: answer before routing.
async fn reject_oversized_paths(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if req.uri().path().len() > 512 {
        return generic_not_found(&state.settings, Some(req.headers()));
    }
    next.run(req).await
}

/// `?seen=<mark>` on the stylesheet link of a client page (see `Keyring::view_marker`).
#[derive(Debug, serde::Deserialize)]
struct Seen {
    seen: Option<String>,
}

/// The stylesheet. Fetched with a page's view mark, it tells that a browser showed the
/// page (a person's open, not a mail scanner's fetch): noted in memory with the view
/// counters, never as a record change on this GET. The bytes and caching are the same
/// with or without the mark.
async fn assets_css(
    axum::extract::State(state): axum::extract::State<AppState>,
    method: axum::http::Method,
    headers: HeaderMap,
    query: Result<axum::extract::Query<Seen>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if let Some(mark) = query.ok().and_then(|q| q.0.seen)
        && method == axum::http::Method::GET
        && mark.len() <= 64
    {
        state
            .link_views
            .stylesheet_fetched(&mark, state.clock.now());
    }
    crate::http::assets::app_css().respond(&headers)
}

/// How a visitor without a link reads: the browser's language (else English) in the
/// deployment's zone.
#[must_use]
pub fn visitor_locale(settings: &crate::config::Settings, headers: Option<&HeaderMap>) -> Locale {
    let accept = headers
        .and_then(|h| h.get(axum::http::header::ACCEPT_LANGUAGE))
        .and_then(|v| v.to_str().ok());
    let lang = crate::i18n::reader_lang(None, None, accept);
    Locale::new(lang, &settings.branding.timezone).marked(settings.pseudo_locale)
}

/// The one generic "not found" page: the same for junk, forged tokens and unknown routes,
/// echoing nothing from the request (in the browser's language when it names one).
#[must_use]
pub fn generic_not_found(
    settings: &crate::config::Settings,
    headers: Option<&HeaderMap>,
) -> Response {
    (
        StatusCode::NOT_FOUND,
        crate::views::not_found(&settings.branding, &visitor_locale(settings, headers)),
    )
        .into_response()
}

/// "Not found" under a valid link: the same page, in the reader's language.
#[must_use]
pub fn not_found_in(branding: &Branding, loc: &Locale) -> Response {
    (
        StatusCode::NOT_FOUND,
        crate::views::not_found(branding, loc),
    )
        .into_response()
}

/// The page for a link that does not open.
pub(crate) fn refusal_page(state: &AppState, token: &str, refusal: LinkRefusal) -> Response {
    let branding = &state.settings.branding;
    match refusal {
        LinkRefusal::NotFound => generic_not_found(&state.settings, None),
        LinkRefusal::Gone(reason, loc) => {
            let renew = format!("/p/{token}/renew");
            let renew = reason.renewable().then_some(renew.as_str());
            (
                StatusCode::GONE,
                crate::views::link_gone(branding, &loc, renew),
            )
                .into_response()
        }
        LinkRefusal::Closed(client, loc) => {
            let _ = client;
            (
                StatusCode::GONE,
                crate::views::portal_closed(branding, &loc, None),
            )
                .into_response()
        }
        LinkRefusal::Internal(detail) => {
            tracing::error!(request = %crate::http::access_log::current(), %detail, "link lookup failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                crate::views::server_error(branding, &visitor_locale(&state.settings, None)),
            )
                .into_response()
        }
    }
}
