//! Reports for a client link (SPEC 12): `GET /p/{token}/reports` (every list the link
//! sees), `GET /p/{token}/reports/{slug}` (one list: 404 outside the link or switched
//! off), and the same figures as CSV at `/reports.csv` and `/reports/{slug}.csv`.

use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse as _, Response};

use super::client_error;
use super::link::LinkContext;
use super::pages::{page_context, read};
use crate::domain::reports::ListReport;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::views::client::ReportsPage;

/// `GET /p/{token}/reports`.
pub async fn all(State(state): State<AppState>, ctx: LinkContext, method: Method) -> Response {
    answer(&state, &ctx, &method, None, false).await
}

/// `GET /p/{token}/reports.csv`.
pub async fn all_csv(State(state): State<AppState>, ctx: LinkContext, method: Method) -> Response {
    answer(&state, &ctx, &method, None, true).await
}

/// `GET /p/{token}/reports/{slug}` and `GET /p/{token}/reports/{slug}.csv`.
pub async fn one(
    State(state): State<AppState>,
    ctx: LinkContext,
    method: Method,
    Path((_, slug)): Path<(String, String)>,
) -> Response {
    let (slug, csv) = match slug.strip_suffix(".csv") {
        Some(s) => (s.to_owned(), true),
        None => (slug, false),
    };
    answer(&state, &ctx, &method, Some(slug), csv).await
}

async fn answer(
    state: &AppState,
    ctx: &LinkContext,
    method: &Method,
    only: Option<String>,
    csv: bool,
) -> Response {
    let loc = ctx.loc.clone();
    let asked = only.clone();
    let reports = match read(state, ctx, move |s, link| {
        s.portal_reports(link, asked.as_deref(), &loc)
    })
    .await
    {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    if method == Method::GET {
        state
            .link_views
            .record(&ctx.grant.grant_id, state.clock.now());
    }
    if csv {
        let name = only.as_deref().map_or_else(
            || "reports.csv".to_owned(),
            |slug| format!("report-{slug}.csv"),
        );
        return csv_response(&reports, &ctx.loc, &name)
            .unwrap_or_else(|e| client_error(state, e, None, &ctx.loc));
    }
    let model = ReportsPage {
        reports,
        only,
        today: ctx.loc.day_of(state.clock.now()),
    };
    crate::views::client::reports(&page_context(state, ctx), &model).into_response()
}

/// The figures of the page, one a line: list, figure, period (a month as `YYYY-MM`, or a
/// stage), value (a plain decimal, `.` as the separator), unit (the currency of a money
/// sum). Headings in the reader's language.
///
/// # Errors
/// `Internal` if the CSV writer fails (it writes to memory, so only on a bug).
fn csv_response(reports: &[ListReport], loc: &Locale, name: &str) -> Result<Response, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        loc.t("report-csv-list"),
        loc.t("report-csv-figure"),
        loc.t("report-csv-period"),
        loc.t("report-csv-value"),
        loc.t("report-csv-unit"),
    ])
    .map_err(AppError::internal)?;
    let rows = loc.t("report-rows");
    for r in reports {
        for (m, count) in r.months.iter().zip(&r.rows_per_month) {
            w.write_record([&r.name, &rows, &m.iso(), &count.to_string(), ""])
                .map_err(AppError::internal)?;
        }
        for sums in &r.sums {
            let unit = sums.currency.as_deref().unwrap_or("");
            for (m, v) in r.months.iter().zip(&sums.per_month) {
                w.write_record([&r.name, &sums.label, &m.iso(), &v.to_string(), unit])
                    .map_err(AppError::internal)?;
            }
        }
        for st in &r.stages {
            for (stage, count) in &st.counts {
                w.write_record([&r.name, &st.label, stage, &count.to_string(), ""])
                    .map_err(AppError::internal)?;
            }
        }
    }
    crate::http::client::csv_download(w, name)
}
