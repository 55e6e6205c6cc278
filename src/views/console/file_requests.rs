//! Console: a project's file requests (SPEC 11) with what clients sent, and the form to
//! ask for files. Shown on the project page.

use maud::{Markup, html};
use time::Date;

use super::csrf_field;
use crate::domain::FileRequest;
use crate::views::components::{Due, Empty, Moment, Sha, Text};
use crate::views::format::human_size;

fn accepts(r: &FileRequest) -> String {
    if r.accept.is_empty() {
        "any file".to_owned()
    } else {
        r.accept.join(", ")
    }
}

fn request(r: &FileRequest, today: Date) -> Markup {
    html! {
        li.item id=(format!("file-request-{}", r.id)) {
            h3 { (r.title) }
            p.meta {
                (accepts(r)) ", up to " (human_size(r.max_bytes))
                @if let Some(d) = r.due_on { " · " (Due { on: d, today }) }
                " · asked " (Moment { at: r.created_at, seconds: false })
            }
            @if !r.description.is_empty() { (Text(&r.description)) }
            @if r.uploads.is_empty() { p.muted { "Nothing sent yet." } } @else {
                ol.versions {
                    @for u in &r.uploads {
                        li.version {
                            p.version-head {
                                a href=(format!("#file-{}", u.file_id)) { (u.name) }
                                " · version " (u.n) " · " (human_size(u.size)) " · " (u.content_type)
                                " · " (u.contact.name) " <" (u.contact.email) "> · " code { (u.uploaded_by) }
                                " · " (Moment { at: u.at, seconds: false })
                            }
                            p.hash-line { span.hash-label { "SHA-256 " } (Sha(&u.sha256)) }
                        }
                    }
                }
            }
        }
    }
}

/// The section: the requests, then the form posting to
/// `/staff/projects/{id}/file_requests`.
#[must_use]
pub fn file_requests_section(
    csrf: &str,
    project_id: &str,
    requests: &[FileRequest],
    today: Date,
) -> Markup {
    html! {
        section.card aria-labelledby="file-requests-h" {
            h2 #file-requests-h { "File requests" }
            @if requests.is_empty() { (Empty("No files asked for yet.")) } @else {
                ul.items { @for r in requests { (request(r, today)) } }
            }
            details {
                summary { "Ask the client for files" }
                form method="post" action=(format!("/staff/projects/{project_id}/file_requests")) {
                    (csrf_field(csrf))
                    div.field { label for="fr-title" { "Title" } input #fr-title type="text" name="title" required; }
                    div.field { label for="fr-desc" { "Description (optional)" } textarea #fr-desc name="description" {} }
                    div.field {
                        label for="fr-accept" { "Accepted types (optional, comma-separated, e.g. image/*, application/pdf; empty: any file)" }
                        input #fr-accept type="text" name="accept";
                    }
                    div.field {
                        label for="fr-max" { "Largest file in MiB (optional; empty: the server's limit)" }
                        input #fr-max type="number" name="max_mib" min="1" step="1";
                    }
                    div.field { label for="fr-due" { "Due on (optional)" } input #fr-due type="date" name="due_on"; }
                    button.button type="submit" { "Ask for files" }
                }
            }
        }
    }
}
