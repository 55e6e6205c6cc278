//! `GET /staff/approvals/{id}/receipt`: every decision on an approval with its evidence,
//! checked against the audit event it names and the whole chain, ready to print.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use maud::Markup;

use super::{Console, ConsoleResult, OrPage as _};
use crate::domain::evidence::mismatched_fields;
use crate::domain::{Approval, Client, FileRecord, Project};
use crate::state::AppState;
use crate::store::{ReadRecords as _, audit};
use crate::views::console::receipt::{CheckedDecision, ReceiptView, receipt};

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/approvals/{id}/receipt", get(show))
}

async fn show(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> ConsoleResult<Markup> {
    let v = state
        .db(move |s| {
            s.read(|rx| {
                let approval: Approval = rx.get(&id)?;
                let project: Project = rx.get(&approval.project_id)?;
                let client: Client = rx.get(&project.client_id)?;
                let file = match &approval.file_id {
                    Some(f) => rx.find::<FileRecord>(f)?,
                    None => None,
                };
                let mut decisions = Vec::with_capacity(approval.decisions.len());
                for d in &approval.decisions {
                    let event = audit::list(rx, d.audit_seq.saturating_sub(1), 1)?
                        .into_iter()
                        .find(|e| e.seq == d.audit_seq);
                    decisions.push(CheckedDecision {
                        mismatched: event.map(|e| mismatched_fields(d, &e)),
                        decision: d.clone(),
                    });
                }
                Ok(ReceiptView {
                    chain: audit::verify(rx)?,
                    client,
                    project,
                    approval,
                    file,
                    decisions,
                })
            })
        })
        .await
        .or_page(&state)?;
    Ok(receipt(&console.chrome(&state), &v))
}
