//! Console page, phone first: proof of delivery on one row. Photos from the camera, the
//! recipient's signature drawn on a canvas (the console's one script, served from
//! `/assets`), and the typed name, which is all there is without script.

use maud::{Markup, html};

use super::list_row::{list_crumbs, row_href, row_title};
use super::{Chrome, csrf_field, page};
use crate::domain::lists::ColumnKind;
use crate::domain::pod::MAX_SIDE;
use crate::ops::lists_console::{StaffRow, cell_file_ids};
use crate::store::lists::SIGNED_BY;
use crate::views::components::Crumb;

/// `/assets/signature.js?v=<hash>`: the canvas script.
#[must_use]
pub fn signature_js_href() -> String {
    format!(
        "{}?v={}",
        crate::views::assets::SIGNATURE_JS_PATH,
        crate::views::assets::signature_js_version()
    )
}

/// What a refused delivery form shows again.
#[derive(Debug, Clone, Default)]
pub struct DeliveryDraft {
    pub signed_by: String,
    pub keep_location: bool,
    pub error: Option<String>,
}

/// `GET /staff/lists/{slug}/rows/{external_id}/delivery` (and its 422).
#[must_use]
pub fn delivery(chrome: &Chrome, v: &StaffRow, draft: &DeliveryDraft) -> Markup {
    let (def, row, client) = (&v.ctx.def, &v.row, &v.ctx.client);
    let title = row_title(def, row);
    let href = row_href(&def.slug, &row.external_id);
    let mut crumbs = list_crumbs(client, def);
    crumbs.push(Crumb::link(title.clone(), href.clone()));
    crumbs.push(Crumb::here("Proof of delivery"));
    let photos_col = def.columns.iter().find(|c| c.kind == ColumnKind::Photos);
    let sig_col = def.columns.iter().find(|c| c.kind == ColumnKind::Signature);
    let has_photos = photos_col.map_or(0, |c| cell_file_ids(row.values.get(&c.key)).len());
    let signed = sig_col.is_some_and(|c| row.values.contains_key(&c.key));
    let typed_kept = def
        .column(SIGNED_BY)
        .is_some_and(|c| c.kind == ColumnKind::Text);
    page(
        chrome,
        &format!("Proof of delivery · {title}"),
        &crumbs,
        html! {
            div.page-head {
                h1 { "Proof of delivery" }
                p.meta { (title) " · " (client.name) }
            }
            @if let Some(e) = &draft.error {
                div.alert.alert-error role="alert" {
                    h2 { "Please check the form" }
                    p { (e) }
                }
            }
            @if row.project_id.is_none() {
                div.alert.alert-error role="status" {
                    p { "This row has no project yet. Photos and the signature are filed under the row's project: "
                        a href=(format!("{href}#edit-h")) { "give it one first" } "." }
                }
            }
            form.delivery-form method="post" action=(format!("{href}/delivery") ) enctype="multipart/form-data" {
                (csrf_field(&chrome.csrf))
                @if let Some(col) = photos_col {
                    section.card aria-labelledby="photos-h" {
                        h2 #photos-h { (col.label) }
                        p.hint.muted {
                            @match has_photos { 0 => "No photos on the row yet.", 1 => "1 photo on the row so far.", n => (format!("{n} photos on the row so far.")) }
                            " New ones are added, each shrunk to " (MAX_SIDE) " px and stored without its camera data."
                        }
                        div.field {
                            label for="f-pod-photos" { "Take or choose photos" }
                            input #f-pod-photos type="file" name="photos" accept="image/*" capture="environment" multiple;
                        }
                        div.field.check {
                            input #f-pod-location type="checkbox" name="keep_location" value="on" checked[draft.keep_location];
                            label for="f-pod-location" { "Keep the photo's location (the client can see where it was taken)" }
                        }
                    }
                }
                @if let Some(col) = sig_col {
                    section.card aria-labelledby="sign-h" {
                        h2 #sign-h { (col.label) }
                        @if signed { p.hint.muted { "Signed already: a new signature replaces it (the old one stays as an earlier version)." } }
                        div.signature-pad {
                            p #sign-help { "The recipient signs here with a finger or the mouse." }
                            canvas #signature-pad width="600" height="220" role="img" aria-describedby="sign-help" aria-label="Signature area" {}
                            input #signature-data type="hidden" name="signature" value="";
                            button.button.button-secondary #signature-clear type="button" { "Clear" }
                        }
                        div.field {
                            label for="f-pod-name" { "Recipient's name" }
                            p.hint.muted {
                                @if typed_kept { "Kept in the row next to the signature; on its own when no signature can be drawn." }
                                @else { "Kept with the drawn signature." }
                            }
                            input #f-pod-name type="text" name="signed_by" value=(draft.signed_by) autocomplete="off";
                        }
                    }
                }
                div.actions {
                    button.button type="submit" { "Save proof of delivery" }
                    " "
                    a href=(href) { "Back to the row" }
                }
            }
            script src=(signature_js_href()) defer {}
        },
    )
}
