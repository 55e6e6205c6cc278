//! Record lists for a client link (SPEC 12): a list page, its CSV (exactly what the page
//! shows, every page at once), and a row's page. The access policy answers first.

use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse as _, Response};

use super::client_error;
use super::link::LinkContext;
use super::pages::{page_context, read};
use crate::domain::lists::visible_values;
use crate::error::AppError;
use crate::ops::lists::ListQuery;
use crate::state::AppState;
use crate::views::client::{ListView, RowView};

/// `?stage=`, `?sort=`, `?after=` of a list page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ListParams {
    stage: Option<String>,
    sort: Option<String>,
    after: Option<String>,
}

fn count_view(state: &AppState, ctx: &LinkContext, method: &Method) {
    if method == Method::GET {
        state
            .link_views
            .record(&ctx.grant.grant_id, state.clock.now());
    }
}

/// `GET /p/{token}/lists/{slug}` and `GET /p/{token}/lists/{slug}.csv`.
pub async fn list(
    State(state): State<AppState>,
    ctx: LinkContext,
    method: Method,
    Path((_, slug)): Path<(String, String)>,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let p = params.map(|Query(p)| p).unwrap_or_default();
    let (slug, csv) = match slug.strip_suffix(".csv") {
        Some(s) => (s.to_owned(), true),
        None => (slug, false),
    };
    let q = ListQuery {
        stage: p.stage,
        sort: p.sort,
        after: p.after,
        all: csv,
    };
    let found = read(&state, &ctx, move |s, link| {
        let page = s.portal_list(link, &slug, &q)?;
        let to_do = if csv {
            crate::ops::to_do::ToDo::default()
        } else {
            s.portal_to_do(link, crate::ops::to_do::ToDoScope::List(&slug))?
        };
        Ok((page, to_do))
    })
    .await;
    let (page, to_do) = match found {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    count_view(&state, &ctx, &method);
    if csv {
        return csv_response(&page, &ctx.loc)
            .unwrap_or_else(|e| client_error(&state, e, None, &ctx.loc));
    }
    let view = ListView {
        def: page.def,
        rows: page.rows,
        next: page.next,
        stage: page.stage,
        sort: page.sort,
        to_do,
        today: state.clock.now().date(),
    };
    crate::views::client::list(&page_context(&state, &ctx), &view).into_response()
}

/// The rows as the page shows them: the reference, then each client-visible column.
///
/// # Errors
/// `Internal` if the CSV writer fails (it writes to memory, so only on a bug): never a
/// cut-off file answered as if whole.
fn csv_response(
    page: &crate::ops::lists::ListPage,
    loc: &crate::i18n::Locale,
) -> Result<Response, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let cols: Vec<_> = page.def.visible_columns().collect();
    let mut header = vec!["external_id".to_owned()];
    header.extend(cols.iter().map(|c| c.label.clone()));
    w.write_record(&header).map_err(AppError::internal)?;
    for row in &page.rows {
        let shown = visible_values(&page.def, &row.values);
        let mut rec = vec![row.external_id.clone()];
        rec.extend(cols.iter().map(|c| {
            shown
                .get(&c.key)
                .map(|v| crate::views::client::cell_text(loc, c, v))
                .unwrap_or_default()
        }));
        w.write_record(&rec).map_err(AppError::internal)?;
    }
    crate::http::client::csv_download(w, &format!("{}.csv", page.def.slug))
}

/// `GET /p/{token}/lists/{slug}/{external_id}`.
pub async fn row(
    State(state): State<AppState>,
    ctx: LinkContext,
    method: Method,
    Path((_, slug, external_id)): Path<(String, String, String)>,
) -> Response {
    let found = read(&state, &ctx, move |s, link| {
        s.portal_row(link, &slug, &external_id)
    })
    .await;
    let (def, row, approvals, files) = match found {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    count_view(&state, &ctx, &method);
    let view = RowView {
        def,
        row,
        approvals,
        files,
    };
    crate::views::client::list_row(&page_context(&state, &ctx), &view).into_response()
}

/// The overview's record lists (counts per stage).
pub(super) async fn overview_parts(
    state: &AppState,
    ctx: &LinkContext,
    model: &mut crate::views::client::Overview,
) -> Result<(), Response> {
    let counts = read(state, ctx, |s, link| s.portal_list_counts(link)).await?;
    model.lists = counts
        .into_iter()
        .map(|c| crate::views::client::ListSummary {
            slug: c.def.slug.clone(),
            name: c.def.name.clone(),
            total: c.total,
            per_stage: c.per_stage,
        })
        .collect();
    Ok(())
}
