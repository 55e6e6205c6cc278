//! Console page: a new row of a record list for one client (and its 422 with the values
//! as typed).

use maud::{Markup, html};

use super::list_row::{RowDraft, form_error, list_crumbs, row_fields};
use super::{Chrome, csrf_field, page};
use crate::ops::lists_console::RowFormContext;
use crate::views::components::Crumb;

/// `GET /staff/clients/{id}/lists/{slug}/new`.
#[must_use]
pub fn new_row(chrome: &Chrome, ctx: &RowFormContext, draft: &RowDraft) -> Markup {
    let (def, client) = (&ctx.def, &ctx.client);
    let mut crumbs = list_crumbs(client, def);
    crumbs.push(Crumb::here("New row"));
    let ext = draft.fields.get("external_id").cloned().unwrap_or_default();
    let bad_ext = draft
        .error
        .as_ref()
        .is_some_and(|(f, _)| f == "external_id");

    page(
        chrome,
        &format!("New row · {}", def.name),
        &crumbs,
        html! {
            h1 { "New row in " (def.name) }
            p.lead { "For " (client.name) " · columns marked internal never reach the client." }
            (form_error(draft, def))
            section.card aria-labelledby="new-h" {
                h2 #new-h { "Row" }
                form method="post" action=(format!("/staff/clients/{}/lists/{}", client.id, def.slug)) {
                    (csrf_field(&chrome.csrf))
                    div.field {
                        label for="f-new-external_id" { "Reference (your own id of the row)" }
                        p.hint.muted { "Letters, digits, '.', '_', '~' and '-'; it is the row's address and cannot change." }
                        input #f-new-external_id type="text" name="external_id" value=(ext) required maxlength="100" aria-invalid=[bad_ext.then_some("true")];
                    }
                    (row_fields("new", def, &ctx.projects, None, draft, &[]))
                    button.button type="submit" { "Add row" }
                }
            }
        },
    )
}
