//! `GET /staff/forms/{id}`: a form's questions and every response, with a CSV download.

use maud::{Markup, html};

use super::{Chrome, page};
use crate::domain::forms::answer_fields;
use crate::ops::forms::FormResponses;
use crate::views::components::{Crumb, Empty, Moment};

#[must_use]
pub fn form_responses(chrome: &Chrome, v: &FormResponses) -> Markup {
    let f = &v.form;
    let body = html! {
        h1 { (f.title) }
        p.meta {
            @if f.closed { span { "Closed: takes no more answers" } } @else { span { "Open for answers" } }
            span { (v.responses.len()) " responses" }
        }
        p { a.button.button-secondary href=(format!("/staff/forms/{}/responses.csv", f.id)) { "Download CSV" } }
        @if v.responses.is_empty() {
            (Empty("Nobody has answered yet."))
        } @else {
            div.table-wrap {
                table {
                    thead {
                        tr {
                            th scope="col" { "Contact" }
                            th scope="col" { "Answered" }
                            @for q in &f.questions { th scope="col" { (q.label) } }
                        }
                    }
                    tbody {
                        @for r in &v.responses {
                            tr {
                                td { (r.contact_name) br; (r.contact_email) }
                                td { (Moment { at: r.at, seconds: false }) }
                                @for q in &f.questions {
                                    td {
                                        @if let Some(a) = r.answers.get(&q.key) {
                                            (answer_fields(&q.key, a).into_iter().map(|(_, s)| s).collect::<Vec<_>>().join("; "))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page(
        chrome,
        &f.title,
        &[
            Crumb::link("Dashboard", "/staff"),
            Crumb::link("Project", format!("/staff/projects/{}", f.project_id)),
            Crumb::here(f.title.clone()),
        ],
        body,
    )
}
