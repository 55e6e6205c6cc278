//! Console: put a form on a project and close or reopen it (SPEC 11), through the same
//! operations as the API. Without JavaScript the new-form page offers a fixed number of
//! question rows; rows left without a label are skipped.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::post;
use serde::Deserialize;

use super::{Checked, ConsoleError, ConsoleResult, OrPage as _};
use crate::domain::{Question, QuestionKind};
use crate::error::AppError;
use crate::ops::forms::{FormPatch, NewForm};
use crate::state::AppState;

has_csrf!(NewFormForm, CloseForm);

use crate::views::console::form_responses::QUESTION_ROWS;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/projects/{id}/forms", post(create))
        .route("/staff/forms/{id}/closed", post(set_closed))
}

/// `title`, then `q<n>_label`, `q<n>_kind`, `q<n>_required`, `q<n>_options` per row.
#[derive(Debug, Deserialize)]
pub struct NewFormForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(flatten)]
    rows: HashMap<String, String>,
}

fn kind_of(state: &AppState, row: usize, raw: &str) -> ConsoleResult<QuestionKind> {
    serde_json::from_value(serde_json::Value::String(raw.trim().to_owned())).map_err(|_| {
        ConsoleError::from_app(
            state,
            AppError::invalid(
                format!("question {row}"),
                "kind must be text, long_text, number, date, yes_no, choice or multi_choice",
            ),
        )
    })
}

/// The questions the rows describe, keyed `q1`, `q2`, ... in row order.
fn questions(state: &AppState, rows: &HashMap<String, String>) -> ConsoleResult<Vec<Question>> {
    let field = |n: usize, name: &str| {
        rows.get(&format!("q{n}_{name}"))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for n in 1..=QUESTION_ROWS {
        let label = field(n, "label");
        if label.is_empty() {
            continue;
        }
        let kind = kind_of(state, n, &field(n, "kind"))?;
        // Options belong to choices only: typed beside another kind they are left out.
        let options = if matches!(kind, QuestionKind::Choice | QuestionKind::MultiChoice) {
            field(n, "options")
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        };
        out.push(Question {
            key: format!("q{n}"),
            label,
            kind,
            required: !field(n, "required").is_empty(),
            options,
        });
    }
    Ok(out)
}

pub async fn create(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<NewFormForm>,
) -> ConsoleResult<Response> {
    let new = NewForm {
        title: f.title,
        questions: questions(&state, &f.rows)?,
    };
    let actor = console.actor();
    let form = state
        .op(move |s| s.create_form(&actor, &id, new))
        .await
        .or_page(&state)?;
    Ok(Redirect::to(&format!("/staff/forms/{}", form.id)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    csrf: String,
    /// `true` closes the form, `false` opens it again.
    #[serde(default)]
    closed: String,
}

pub async fn set_closed(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Checked { console, form: f }: Checked<CloseForm>,
) -> ConsoleResult<Response> {
    let patch = FormPatch {
        closed: f.closed == "true",
    };
    let (actor, fid) = (console.actor(), id.clone());
    state
        .op(move |s| s.patch_form(&actor, &fid, &patch))
        .await
        .or_page(&state)?;
    Ok(Redirect::to(&format!("/staff/forms/{id}")).into_response())
}
