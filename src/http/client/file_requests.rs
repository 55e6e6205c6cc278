//! `GET /p/{token}/file_requests/{id}` (the request, what was sent, the form) and
//! `POST /p/{token}/file_requests/{id}` (a multipart upload, field `file`).
//!
//! The POST asks `AppState::check_request_upload` (scope 404, then the right to upload
//! 403) and the `Origin` rule before the body is touched; only then is the file streamed
//! into a sniffing blob sink bounded by the request's `max_bytes` (413), and
//! `AppState::record_request_upload` judges the name (422) and the bytes (415) and
//! records the version. 303 to the request's page.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::MethodRouter;

use super::error::client_error;
use super::link::LinkContext;
use super::pages::{PageOf, cached, page_context, read};
use crate::domain::file_requests::Sniffed;
use crate::domain::ids::looks_like_id;
use crate::error::AppError;
use crate::http::origin::origin_allowed;
use crate::ops::file_requests::refuse_upload;
use crate::state::AppState;
use crate::views::client::FileRequestItem;

/// The route: the page, and the upload with the upload body limit.
pub fn route(state: &AppState) -> MethodRouter<AppState> {
    crate::http::upload::route(state, upload).get(page)
}

pub async fn page(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    ctx: LinkContext,
    Path((_token, id)): Path<(String, String)>,
) -> Response {
    let (state, ctx) = (&state, &ctx);
    cached(
        state,
        ctx,
        (&method, &uri, &headers),
        PageOf::Client,
        move |p, day| async move {
            if !looks_like_id(&id) {
                return Err(super::not_found_in(&state.settings.branding, &ctx.loc));
            }
            let v = read(state, ctx, move |s, link| s.portal_file_request(link, &id)).await?;
            let item = FileRequestItem {
                request: v.request,
                project: v.project,
            };
            Ok((
                crate::views::file_request(&page_context(state, ctx), &item, day),
                p,
            ))
        },
    )
    .await
}

pub async fn upload(
    State(state): State<AppState>,
    ctx: LinkContext,
    Path((_token, id)): Path<(String, String)>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    if !looks_like_id(&id) {
        return super::not_found_in(&state.settings.branding, &ctx.loc);
    }
    let page = format!("{}/file_requests/{id}", ctx.base);
    let link = ctx.link.clone();
    let rid = id.clone();
    let request = match state.op(move |s| s.check_request_upload(&link, &rid)).await {
        Ok(r) => r,
        Err(e) => return client_error(&state, e, Some(&page), &ctx.loc),
    };
    if !origin_allowed(&state, &headers) {
        let e = crate::http::origin::other_site();
        return client_error(&state, e, Some(&page), &ctx.loc);
    }
    let Ok(form) = form else {
        let e = AppError::BadRequest(
            "The upload could not be read. Please go back, choose the file and try again.".into(),
        );
        return client_error(&state, e, Some(&page), &ctx.loc);
    };
    let refuse =
        |name: Option<&str>, sniffed: &Sniffed| refuse_upload(&request, name, sniffed).map(|_| ());
    let received =
        match crate::http::upload::receive_for_request(&state, form, request.max_bytes, refuse)
            .await
        {
            Ok(r) => r,
            Err(e) => return client_error(&state, e, Some(&page), &ctx.loc),
        };
    let link = ctx.link.clone();
    match state
        .op(move |s| s.record_request_upload(&link, &id, received))
        .await
    {
        Ok(_) => Redirect::to(&page).into_response(),
        Err(e) => client_error(&state, e, Some(&page), &ctx.loc),
    }
}
