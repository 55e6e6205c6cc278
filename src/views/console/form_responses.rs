//! `GET /staff/forms/{id}`: a form's questions and every response, with a CSV download.

use maud::{Markup, html};

use super::{Chrome, csrf_field, page};
use crate::domain::QuestionKind;
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
        div.inline-form {
            a.button.button-secondary href=(format!("/staff/forms/{}/responses.csv", f.id)) { "Download CSV" }
            form method="post" action=(format!("/staff/forms/{}/closed", f.id)) {
                (csrf_field(&chrome.csrf))
                @if f.closed {
                    input type="hidden" name="closed" value="false";
                    button.button.button-secondary type="submit" { "Open it again" }
                } @else {
                    input type="hidden" name="closed" value="true";
                    button.button type="submit" { "Close the form" }
                }
            }
        }
        h2 { "Questions" }
        ol {
            @for q in &f.questions {
                li { (q.label) span.muted { " · " (kind_label(q.kind)) @if q.required { ", required" } @if !q.options.is_empty() { ": " (q.options.join(", ")) } } }
            }
        }
        h2 { "Responses" }
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
                                td data-label="Answered" { (Moment { at: r.at, seconds: false }) }
                                @for q in &f.questions {
                                    td data-label=(q.label) {
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

/// Question rows the new-form form offers (no JavaScript to add more).
pub const QUESTION_ROWS: usize = 8;

/// A question kind in words.
#[must_use]
pub fn kind_label(k: QuestionKind) -> &'static str {
    match k {
        QuestionKind::Text => "short text",
        QuestionKind::LongText => "long text",
        QuestionKind::Number => "number",
        QuestionKind::Date => "date",
        QuestionKind::YesNo => "yes or no",
        QuestionKind::Choice => "one choice",
        QuestionKind::MultiChoice => "several choices",
    }
}

/// The forms section of a console project page: each form with its state and a link to
/// its responses, and a form to put a new one on the project.
#[must_use]
pub fn forms_section(csrf: &str, project_id: &str, forms: &[crate::domain::IntakeForm]) -> Markup {
    const KINDS: [(&str, &str); 7] = [
        ("text", "Short text"),
        ("long_text", "Long text"),
        ("number", "Number"),
        ("date", "Date"),
        ("yes_no", "Yes or no"),
        ("choice", "One choice"),
        ("multi_choice", "Several choices"),
    ];
    html! {
        section.card aria-labelledby="forms-h" {
            h2 #forms-h { "Forms" }
            @if forms.is_empty() { (Empty("No forms yet.")) } @else {
                ul.items {
                    @for f in forms {
                        li.item id=(format!("form-{}", f.id)) {
                            a.item-title href=(format!("/staff/forms/{}", f.id)) { (f.title) }
                            p.item-meta {
                                (f.questions.len()) " questions · "
                                @if f.closed { "closed" } @else { "open for answers" }
                            }
                        }
                    }
                }
            }
            details.access-box {
                summary { "Put a form on this project" }
                form method="post" action=(format!("/staff/projects/{project_id}/forms")) {
                    (csrf_field(csrf))
                    div.field { label for="fm-title" { "Title" } input #fm-title type="text" name="title" required; }
                    p.muted { "Rows without a question are left out. Options: separate them with commas (for one choice and several choices)." }
                    @for n in 1..=QUESTION_ROWS {
                        fieldset {
                            legend { "Question " (n) }
                            div.field {
                                label for=(format!("fm-q{n}-label")) { "Question" }
                                input id=(format!("fm-q{n}-label")) type="text" name=(format!("q{n}_label"));
                            }
                            div.field {
                                label for=(format!("fm-q{n}-kind")) { "Answer" }
                                select id=(format!("fm-q{n}-kind")) name=(format!("q{n}_kind")) {
                                    @for (i, (value, label)) in KINDS.iter().enumerate() {
                                        option value=(value) selected[i == (n - 1) % KINDS.len()] { (label) }
                                    }
                                }
                            }
                            div.field {
                                label for=(format!("fm-q{n}-options")) { "Options" }
                                input id=(format!("fm-q{n}-options")) type="text" name=(format!("q{n}_options"));
                            }
                            div.field.check {
                                input id=(format!("fm-q{n}-required")) type="checkbox" name=(format!("q{n}_required")) value="on";
                                label for=(format!("fm-q{n}-required")) { "Required" }
                            }
                        }
                    }
                    button.button type="submit" { "Create form" }
                }
            }
        }
    }
}
