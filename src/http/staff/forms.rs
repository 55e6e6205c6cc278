//! Forms for staff (SPEC 11): create one on a project, close it, read its responses (JSON,
//! or CSV safe to open in a spreadsheet).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse as _, Response};

use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::IntakeForm;
use crate::domain::forms::responses_csv;
use crate::error::ApiResult;
use crate::ops::forms::{FormPatch, FormResponses, NewForm};
use crate::state::AppState;

/// Put a form on a project.
#[utoipa::path(post, path = "/projects/{id}/forms", tag = "forms", params(("id" = String, Path, description = "project id")),
    request_body = NewForm,
    responses((status = 201, description = "The form", body = IntakeForm)))]
pub async fn create(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(project_id): ApiPath<String>,
    ApiJson(new): ApiJson<NewForm>,
) -> ApiResult<(StatusCode, Json<IntakeForm>)> {
    let actor = auth.actor();
    let f = state
        .op(move |s| s.create_form(&actor, &project_id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// Close a form (or open it again).
#[utoipa::path(patch, path = "/forms/{id}", tag = "forms", params(("id" = String, Path, description = "form id")),
    request_body = FormPatch,
    responses((status = 200, description = "The form", body = IntakeForm)))]
pub async fn update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<FormPatch>,
) -> ApiResult<Json<IntakeForm>> {
    let actor = auth.actor();
    Ok(Json(
        state.op(move |s| s.patch_form(&actor, &id, &patch)).await?,
    ))
}

/// A form with every contact's answers.
#[utoipa::path(get, path = "/forms/{id}/responses", tag = "forms", params(("id" = String, Path, description = "form id")),
    responses((status = 200, description = "The form and its answers", body = FormResponses)))]
pub async fn responses(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FormResponses>> {
    Ok(Json(state.op(move |s| s.form_responses(&id)).await?))
}

/// `GET /forms/{id}/responses.csv`: one row per contact; cells that a spreadsheet would
/// take for a formula start with `'`.
#[utoipa::path(get, path = "/forms/{id}/responses.csv", tag = "forms", params(("id" = String, Path, description = "form id")),
    responses((status = 200, description = "One row per contact", content_type = "text/csv", body = String)))]
pub async fn responses_csv_download(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let all = state.op(move |s| s.form_responses(&id)).await?;
    let csv = responses_csv(&all.form, &all.responses);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"form-{}-responses.csv\"",
                    all.form.id
                ),
            ),
        ],
        csv,
    )
        .into_response())
}
