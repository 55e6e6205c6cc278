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

pub async fn responses(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<FormResponses>> {
    Ok(Json(state.op(move |s| s.form_responses(&id)).await?))
}

/// `GET /forms/{id}/responses.csv`: one row per contact; cells that a spreadsheet would
/// take for a formula start with `'`.
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
