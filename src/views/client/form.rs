//! `GET /p/{token}/forms/{id}`: a form to answer (filled in with the contact's last
//! answers), shown again with a message beside each refused answer and what was typed.
//! No JavaScript: radios, checkboxes and plain fields.

use maud::{Markup, html};
use time::OffsetDateTime;

use crate::domain::validate::{MAX_LINE, MAX_TEXT};
use crate::domain::{IntakeForm, Question, QuestionKind};
use crate::views::components::Crumb;
use crate::views::layout::page;

use super::{PageContext, overview_crumb, project_href};

/// Everything the form page shows.
#[derive(Debug, Clone)]
pub struct FormPage {
    pub form: IntakeForm,
    pub project_name: String,
    /// Field values to show: the last answers, or what was just submitted.
    pub values: Vec<(String, String)>,
    /// A message beside each refused answer, by question key.
    pub errors: Vec<(String, String)>,
    /// Whether this link may answer (else the questions show without a form).
    pub can_answer: bool,
    /// When this contact last answered.
    pub answered_at: Option<OffsetDateTime>,
}

impl FormPage {
    fn has(&self, key: &str, value: &str) -> bool {
        self.values.iter().any(|(k, v)| k == key && v == value)
    }

    fn value(&self, key: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    fn error(&self, key: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m.as_str())
    }
}

#[must_use]
pub fn form(ctx: &PageContext, fp: &FormPage) -> Markup {
    let f = &fp.form;
    let open = fp.can_answer && !f.closed;
    let body = html! {
        h1 { (f.title) }
        @if let Some(at) = fp.answered_at {
            p.callout { (ctx.t("answers-saved")) " " (ctx.moment(at, false)) "." }
        }
        @if !fp.errors.is_empty() {
            div.alert.alert-error role="alert" aria-labelledby="error-title" {
                h2 id="error-title" { (ctx.t("answers-not-saved")) }
                ul {
                    @for (key, m) in &fp.errors {
                        li { a href=(format!("#q-{key}")) { (label_of(f, key)) } ": " (m) }
                    }
                }
            }
        }
        @if f.closed {
            p.callout { (ctx.t("form-closed")) }
        } @else if !fp.can_answer {
            p.callout { (ctx.t("view-only-form")) }
        }
        form method="post" action=(ctx.href(&["forms", &f.id])) {
            @for q in &f.questions { (question(ctx, fp, q, open)) }
            @if open { button.button type="submit" { (ctx.t("send-answers")) } }
        }
    };
    page(
        ctx,
        &f.title,
        &[
            overview_crumb(ctx),
            Crumb::link(fp.project_name.clone(), project_href(ctx, &f.project_id)),
            Crumb::here(f.title.clone()),
        ],
        body,
    )
}

fn label_of<'a>(f: &'a IntakeForm, key: &str) -> &'a str {
    f.questions
        .iter()
        .find(|q| q.key == key)
        .map_or("", |q| q.label.as_str())
}

fn question(ctx: &PageContext, fp: &FormPage, q: &Question, open: bool) -> Markup {
    let id = format!("q-{}", q.key);
    let error = fp.error(&q.key);
    let err_id = format!("e-{}", q.key);
    let described = error.map(|_| err_id.clone());
    let label = html! {
        (q.label) @if q.required { " " span.muted { (ctx.t("required")) } }
    };
    let message = html! {
        @if let Some(m) = error { p.alert.alert-error id=(err_id) { (m) } }
    };
    match q.kind {
        QuestionKind::Text | QuestionKind::Number | QuestionKind::Date | QuestionKind::LongText => {
            html! {
                div.field {
                    label for=(id) { (label) }
                    (message)
                    @match q.kind {
                        QuestionKind::LongText => {
                            textarea id=(id) name=(q.key) rows="4" maxlength=(MAX_TEXT)
                                disabled[!open] aria-describedby=[described] { (fp.value(&q.key)) }
                        }
                        QuestionKind::Date => {
                            input id=(id) type="date" name=(q.key) value=(fp.value(&q.key))
                                disabled[!open] aria-describedby=[described];
                        }
                        QuestionKind::Number => {
                            input id=(id) type="text" inputmode="decimal" name=(q.key)
                                value=(fp.value(&q.key)) disabled[!open] aria-describedby=[described];
                        }
                        _ => {
                            input id=(id) type="text" name=(q.key) maxlength=(MAX_LINE)
                                value=(fp.value(&q.key)) disabled[!open] aria-describedby=[described];
                        }
                    }
                }
            }
        }
        QuestionKind::YesNo | QuestionKind::Choice | QuestionKind::MultiChoice => {
            let options: Vec<(String, String)> = match q.kind {
                QuestionKind::YesNo => {
                    vec![("yes".into(), ctx.t("yes")), ("no".into(), ctx.t("no"))]
                }
                _ => q.options.iter().map(|o| (o.clone(), o.clone())).collect(),
            };
            let kind = if q.kind == QuestionKind::MultiChoice {
                "checkbox"
            } else {
                "radio"
            };
            html! {
                fieldset.field id=(id) aria-describedby=[described] {
                    legend { (label) }
                    (message)
                    @for (n, (value, text)) in options.iter().enumerate() {
                        div.field.check {
                            input id=(format!("{id}-{n}")) type=(kind) name=(q.key) value=(value)
                                checked[fp.has(&q.key, value)] disabled[!open];
                            label for=(format!("{id}-{n}")) { (text) }
                        }
                    }
                }
            }
        }
    }
}
