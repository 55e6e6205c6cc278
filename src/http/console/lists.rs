//! Record lists in the console: a client's rows of a list (paged), a new row, one row
//! with its edit form, delete, and proof of delivery (`delivery`). Every change is the
//! API's operation; a refused form answers 422 with the values as typed.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;

use super::{Checked, Console, ConsoleError, ConsoleResult, CsrfOnly, OrPage as _, PageQuery};
use crate::domain::lists::form_values;
use crate::error::AppError;
use crate::http::upload;
use crate::ops::lists::{BulkRow, RowInput};
use crate::state::AppState;
use crate::views::console::delivery::{DeliveryDraft, delivery};
use crate::views::console::list_row::{RowDraft, list_row, row_href};
use crate::views::console::list_row_new::new_row;
use crate::views::console::lists::client_list;

has_csrf!(RowForm);

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/assets/signature.js", get(signature_js))
        .route(
            "/staff/lists/{slug}/rows/{external_id}/delivery",
            get(delivery_form).merge(upload::route(state, record_delivery)),
        )
        .route(
            "/staff/clients/{id}/lists/{slug}",
            get(show_list).post(create),
        )
        .route("/staff/clients/{id}/lists/{slug}/new", get(new_form))
        .route(
            "/staff/lists/{slug}/rows/{external_id}",
            get(show_row).post(edit),
        )
        .route(
            "/staff/lists/{slug}/rows/{external_id}/delete",
            post(delete),
        )
}

#[derive(Debug, Default, Deserialize)]
pub struct AfterQuery {
    after: Option<String>,
}

pub async fn show_list(
    State(state): State<AppState>,
    console: Console,
    Path((id, slug)): Path<(String, String)>,
    PageQuery(q): PageQuery<AfterQuery>,
) -> ConsoleResult<Markup> {
    let v = state
        .op(move |s| s.client_list_rows(&id, &slug, q.after.as_deref()))
        .await
        .or_page(&state)?;
    Ok(client_list(&console.chrome(&state), &v))
}

pub async fn new_form(
    State(state): State<AppState>,
    console: Console,
    Path((id, slug)): Path<(String, String)>,
) -> ConsoleResult<Markup> {
    let ctx = state
        .op(move |s| s.row_form_context(&id, &slug))
        .await
        .or_page(&state)?;
    Ok(new_row(&console.chrome(&state), &ctx, &RowDraft::default()))
}

/// The row form: `external_id` (new rows), `project_id`, and `v_<key>` / `cur_<key>` per
/// column.
#[derive(Debug, Deserialize)]
pub struct RowForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

/// A refusal as the form shows it: the field it names and why. A write refused inside
/// the store names the row (`rows: row: project_id: ...`): the field is taken from there.
fn refusal(e: &AppError) -> Option<(String, String)> {
    let AppError::Invalid { field, message } = e else {
        return None;
    };
    if field == "rows"
        && let Some(rest) = message.strip_prefix("row: ")
        && let Some((f, m)) = rest.split_once(": ")
    {
        return Some((f.to_owned(), m.to_owned()));
    }
    Some((field.clone(), message.clone()))
}

fn project_of(fields: &HashMap<String, String>) -> Option<String> {
    fields
        .get("project_id")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
}

pub async fn create(
    State(state): State<AppState>,
    Path((id, slug)): Path<(String, String)>,
    Checked { console, form: f }: Checked<RowForm>,
) -> ConsoleResult<Response> {
    let fields = f.fields;
    let (actor, cid, sl, fs) = (console.actor(), id.clone(), slug.clone(), fields.clone());
    let done = state
        .op(move |s| {
            let def = s.list(&sl)?;
            let row = BulkRow {
                external_id: fs.get("external_id").cloned().unwrap_or_default(),
                client_id: cid,
                project_id: project_of(&fs),
                values: form_values(&def, &fs),
            };
            s.create_row(&actor, &sl, row)
        })
        .await;
    match done {
        Ok(row) => Ok(Redirect::to(&row_href(&row.list, &row.external_id)).into_response()),
        Err(e) => {
            let Some(error) = refusal(&e) else {
                return Err(ConsoleError::from_app(&state, e));
            };
            let ctx = state
                .op(move |s| s.row_form_context(&id, &slug))
                .await
                .or_page(&state)?;
            let draft = RowDraft {
                fields,
                error: Some(error),
            };
            let page = new_row(&console.chrome(&state), &ctx, &draft);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn show_row(
    State(state): State<AppState>,
    console: Console,
    Path((slug, external_id)): Path<(String, String)>,
) -> ConsoleResult<Markup> {
    let v = state
        .op(move |s| s.staff_row(&slug, &external_id))
        .await
        .or_page(&state)?;
    Ok(list_row(&console.chrome(&state), &v, &RowDraft::default()))
}

pub async fn edit(
    State(state): State<AppState>,
    Path((slug, external_id)): Path<(String, String)>,
    Checked { console, form: f }: Checked<RowForm>,
) -> ConsoleResult<Response> {
    let fields = f.fields;
    let (actor, sl, ext, fs) = (
        console.actor(),
        slug.clone(),
        external_id.clone(),
        fields.clone(),
    );
    let done = state
        .op(move |s| {
            let current = s.staff_row(&sl, &ext)?;
            let input = RowInput {
                client_id: current.row.client_id,
                project_id: project_of(&fs),
                values: form_values(&current.ctx.def, &fs),
            };
            s.put_row(&actor, &sl, &ext, input)
        })
        .await;
    match done {
        Ok(_) => Ok(Redirect::to(&row_href(&slug, &external_id)).into_response()),
        Err(e) => {
            let Some(error) = refusal(&e) else {
                return Err(ConsoleError::from_app(&state, e));
            };
            let v = state
                .op(move |s| s.staff_row(&slug, &external_id))
                .await
                .or_page(&state)?;
            let draft = RowDraft {
                fields,
                error: Some(error),
            };
            let page = list_row(&console.chrome(&state), &v, &draft);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    Path((slug, external_id)): Path<(String, String)>,
    Checked { console, .. }: Checked<CsrfOnly>,
) -> ConsoleResult<Response> {
    let actor = console.actor();
    let row = state
        .op(move |s| s.delete_row(&actor, &slug, &external_id))
        .await
        .or_page(&state)?;
    Ok(Redirect::to(&format!(
        "/staff/clients/{}/lists/{}",
        row.client_id, row.list
    ))
    .into_response())
}

/// `GET /assets/signature.js`.
async fn signature_js(headers: HeaderMap) -> Response {
    crate::http::assets::signature_js().respond(&headers)
}

/// The page with the signature canvas: its CSP lets in this origin's script.
fn with_script(status: StatusCode, page: Markup) -> Response {
    (
        status,
        [(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::http::layers::CSP_WITH_SCRIPT),
        )],
        page,
    )
        .into_response()
}

pub async fn delivery_form(
    State(state): State<AppState>,
    console: Console,
    Path((slug, external_id)): Path<(String, String)>,
) -> ConsoleResult<Response> {
    let v = state
        .op(move |s| s.staff_row(&slug, &external_id))
        .await
        .or_page(&state)?;
    let page = delivery(&console.chrome(&state), &v, &DeliveryDraft::default());
    Ok(with_script(StatusCode::OK, page))
}

pub async fn record_delivery(
    State(state): State<AppState>,
    console: Console,
    headers: HeaderMap,
    Path((slug, external_id)): Path<(String, String)>,
    form: Multipart,
) -> ConsoleResult<Response> {
    if !crate::http::client::origin_allowed(&state, &headers) {
        return Err(ConsoleError::forbidden(&state));
    }
    let guard = |token: &str| console.csrf_ok(&state, token);
    let d = upload::receive_delivery(&state, form, &guard)
        .await
        .map_err(|e| match e {
            AppError::Forbidden(_) => ConsoleError::forbidden(&state),
            other => ConsoleError::from_app(&state, other),
        })?;
    let draft = DeliveryDraft {
        signed_by: d.signed_by.clone().unwrap_or_default(),
        keep_location: d.keep_location,
        error: None,
    };
    let (actor, sl, ext) = (console.actor(), slug.clone(), external_id.clone());
    match state
        .op(move |s| s.record_delivery(&actor, &sl, &ext, d))
        .await
    {
        Ok(row) => Ok(Redirect::to(&row_href(&row.list, &row.external_id)).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let v = state
                .op(move |s| s.staff_row(&slug, &external_id))
                .await
                .or_page(&state)?;
            let draft = DeliveryDraft {
                error: Some(e.to_string()),
                ..draft
            };
            let page = delivery(&console.chrome(&state), &v, &draft);
            Ok(with_script(StatusCode::UNPROCESSABLE_ENTITY, page))
        }
        Err(e) => Err(ConsoleError::from_app(&state, e)),
    }
}
