//! Record lists for staff (SPEC 12): define a list, put rows by the caller's own id (one,
//! many in one call, or a CSV import), remove one, ask the row's client to decide on it.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;

use super::paging::{PageParams, PageQuery};
use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::Approval;
use crate::domain::lists::{ListDef, ListRow, NewList};
use crate::error::{ApiResult, AppError};
use crate::ops::lists::{BulkRow, RowInput, RowsWritten};
use crate::state::AppState;
use crate::store::lists::{NewRowApproval, RowChange};

/// Most bytes a bulk write or import may carry.
pub const MAX_ROWS_BODY: usize = 64 * 1024 * 1024;

/// Define a list: a slug, a name and typed columns, each client-visible or internal.
#[utoipa::path(post, path = "/lists", tag = "lists", request_body = NewList,
    responses((status = 201, description = "The list", body = ListDef)))]
pub async fn create(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiJson(new): ApiJson<NewList>,
) -> ApiResult<(StatusCode, Json<ListDef>)> {
    let actor = auth.actor();
    let def = state.op(move |s| s.create_list(&actor, new)).await?;
    Ok((StatusCode::CREATED, Json(def)))
}

/// The lists, a page at a time, in slug order.
#[utoipa::path(get, path = "/lists", tag = "lists", params(PageParams),
    responses((status = 200, description = "A page of lists", body = Vec<ListDef>, headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    q: PageQuery,
) -> ApiResult<Response> {
    let page = q.page.clone();
    Ok(q.respond(state.op(move |s| s.lists_page(&page)).await?))
}

/// One list's definition.
#[utoipa::path(get, path = "/lists/{slug}", tag = "lists", params(("slug" = String, Path, description = "list slug")),
    responses((status = 200, description = "The list", body = ListDef)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<ListDef>> {
    Ok(Json(state.op(move |s| s.list(&slug)).await?))
}

/// Create (201) or replace (200) a row by the caller's own id. The same values again
/// answer 200 and write nothing.
#[utoipa::path(put, path = "/lists/{slug}/rows/{external_id}", tag = "lists",
    params(("slug" = String, Path, description = "list slug"), ("external_id" = String, Path, description = "the caller's id of the row")),
    request_body = RowInput,
    responses((status = 201, description = "Created", body = ListRow), (status = 200, description = "Replaced or unchanged", body = ListRow)))]
pub async fn put_row(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath((slug, external_id)): ApiPath<(String, String)>,
    ApiJson(input): ApiJson<RowInput>,
) -> ApiResult<(StatusCode, Json<ListRow>)> {
    let actor = auth.actor();
    let (row, change) = state
        .op(move |s| s.put_row(&actor, &slug, &external_id, input))
        .await?;
    let status = if change == RowChange::Created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(row)))
}

/// Remove a row (its pending approvals are withdrawn).
#[utoipa::path(delete, path = "/lists/{slug}/rows/{external_id}", tag = "lists",
    params(("slug" = String, Path, description = "list slug"), ("external_id" = String, Path, description = "the caller's id of the row")),
    responses((status = 200, description = "The removed row", body = ListRow)))]
pub async fn delete_row(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath((slug, external_id)): ApiPath<(String, String)>,
) -> ApiResult<Json<ListRow>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.delete_row(&actor, &slug, &external_id))
            .await?,
    ))
}

/// Many rows in one call and one transaction, all or nothing (a refusal names
/// `rows[i]`): how an agency's own system feeds a list.
#[utoipa::path(put, path = "/lists/{slug}/rows", tag = "lists",
    params(("slug" = String, Path, description = "list slug")),
    request_body = Vec<BulkRow>,
    responses((status = 200, description = "What was written", body = RowsWritten)))]
pub async fn put_rows(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(slug): ApiPath<String>,
    ApiJson(rows): ApiJson<Vec<BulkRow>>,
) -> ApiResult<Json<RowsWritten>> {
    let actor = auth.actor();
    Ok(Json(
        state.op(move |s| s.put_rows(&actor, &slug, rows)).await?,
    ))
}

/// `?client_id=` of a CSV import.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// The client the rows belong to.
    pub client_id: String,
}

/// Import a client's rows from CSV (`text/csv`; header: `external_id`, then column
/// keys; money as `12.50 EUR`), all or nothing: a refusal (422) names the first bad line.
#[utoipa::path(post, path = "/lists/{slug}/rows", tag = "lists",
    params(("slug" = String, Path, description = "list slug"), ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "What was written", body = RowsWritten)))]
pub async fn import_csv(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<ImportParams>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<RowsWritten>> {
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("text/csv"));
    if !csv {
        return Err(AppError::UnsupportedMediaType(
            "send the rows as text/csv".into(),
        ));
    }
    let Query(params) = query.map_err(|_| AppError::invalid("client_id", "is required"))?;
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.import_rows_csv(&actor, &slug, &params.client_id, &body))
            .await?,
    ))
}

/// Ask the row's client to decide on the row as it is now: an approval bound to the
/// SHA-256 of the row's canonical client-visible values and files.
#[utoipa::path(post, path = "/lists/{slug}/rows/{external_id}/approvals", tag = "lists",
    params(("slug" = String, Path, description = "list slug"), ("external_id" = String, Path, description = "the caller's id of the row")),
    request_body = NewRowApproval,
    responses((status = 201, description = "The approval", body = Approval)))]
pub async fn request_approval(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath((slug, external_id)): ApiPath<(String, String)>,
    ApiJson(new): ApiJson<NewRowApproval>,
) -> ApiResult<(StatusCode, Json<Approval>)> {
    let actor = auth.actor();
    let a = state
        .op(move |s| s.request_row_approval(&actor, &slug, &external_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(a)))
}
