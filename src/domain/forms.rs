//! Forms (SPEC 11), pure: what a new form must look like, how a submission's fields turn
//! into answers (or a message per question), and the CSV of the responses.

use std::collections::BTreeMap;

use serde_json::Value;

use super::records::{FormResponse, IntakeForm, Question, QuestionKind};
use super::validate::{self, FieldError};

/// Most questions a form may hold, and options a choice question may offer.
pub const MAX_QUESTIONS: usize = 100;
pub const MAX_OPTIONS: usize = 50;

/// A question key: 1 to 64 of `a-z A-Z 0-9 _ -`, so it is safe in a URL and a field name.
#[must_use]
pub fn valid_key(key: &str) -> bool {
    (1..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Check a new form: a title, 1 to [`MAX_QUESTIONS`] questions with unique url-safe keys,
/// single-line labels and options, options (unique) for choice kinds and none otherwise.
///
/// # Errors
/// The first rule broken, naming the field.
pub fn check_new_form(
    title: &str,
    questions: Vec<Question>,
) -> Result<(String, Vec<Question>), FieldError> {
    let title = validate::line("title", title)?;
    if questions.is_empty() || questions.len() > MAX_QUESTIONS {
        return Err(FieldError::new(
            "questions",
            format!("must hold 1 to {MAX_QUESTIONS} questions"),
        ));
    }
    let mut out: Vec<Question> = Vec::with_capacity(questions.len());
    for q in questions {
        if !valid_key(&q.key) {
            return Err(FieldError::new(
                "questions.key",
                format!("{:?} must be 1 to 64 letters, digits, _ or -", q.key),
            ));
        }
        if out.iter().any(|o| o.key == q.key) {
            return Err(FieldError::new(
                "questions.key",
                format!("{:?} is used twice", q.key),
            ));
        }
        let label = validate::line("questions.label", &q.label)?;
        let choice = matches!(q.kind, QuestionKind::Choice | QuestionKind::MultiChoice);
        let mut options = Vec::with_capacity(q.options.len());
        for o in &q.options {
            let o = validate::line("questions.options", o)?;
            if options.contains(&o) {
                return Err(FieldError::new(
                    "questions.options",
                    format!("{o:?} is offered twice"),
                ));
            }
            options.push(o);
        }
        if choice && options.is_empty() {
            return Err(FieldError::new(
                "questions.options",
                format!("are required for the choice question {:?}", q.key),
            ));
        }
        if options.len() > MAX_OPTIONS {
            return Err(FieldError::new(
                "questions.options",
                format!("at most {MAX_OPTIONS} per question"),
            ));
        }
        if !choice && !options.is_empty() {
            return Err(FieldError::new(
                "questions.options",
                format!("only choice questions take options ({:?})", q.key),
            ));
        }
        out.push(Question {
            label,
            options,
            ..q
        });
    }
    Ok((title, out))
}

/// A message beside one question.
pub type AnswerErrors = Vec<(String, String)>;

/// The refusal of a required question left empty.
pub const ANSWER_REQUIRED: &str = "Please answer this question.";

/// Turn submitted fields (repeatable, as a browser sends checkboxes) into answers. Fields
/// that are no question's are ignored.
///
/// # Errors
/// A message per question whose answer is missing or invalid.
pub fn read_answers(
    questions: &[Question],
    fields: &[(String, String)],
) -> Result<BTreeMap<String, Value>, AnswerErrors> {
    let mut answers = BTreeMap::new();
    let mut errors = Vec::new();
    for q in questions {
        let given: Vec<&str> = fields
            .iter()
            .filter(|(k, _)| *k == q.key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        match answer(q, &given) {
            Ok(Some(v)) => {
                answers.insert(q.key.clone(), v);
            }
            Ok(None) if q.required => {
                errors.push((q.key.clone(), ANSWER_REQUIRED.to_owned()));
            }
            Ok(None) => {}
            Err(m) => errors.push((q.key.clone(), m)),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

fn answer(q: &Question, given: &[&str]) -> Result<Option<Value>, String> {
    let Some(first) = given.first().copied() else {
        return Ok(None);
    };
    let field_msg = |e: FieldError| format!("This answer {}.", e.message);
    let v = match q.kind {
        QuestionKind::Text => Value::from(validate::line("answer", first).map_err(field_msg)?),
        QuestionKind::LongText => Value::from(validate::text("answer", first).map_err(field_msg)?),
        QuestionKind::Number => {
            // Whole numbers stay whole (`12`, not `12.0`).
            if let Ok(i) = first.parse::<i64>() {
                return Ok(Some(Value::from(i)));
            }
            let n: f64 = first
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .ok_or_else(|| "Please write a number, such as 12 or 3.5.".to_owned())?;
            serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
        }
        QuestionKind::Date => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(first, &format)
                .map_err(|_| "Please give a date as YYYY-MM-DD.".to_owned())?;
            Value::from(first)
        }
        QuestionKind::YesNo => match first {
            "yes" => Value::Bool(true),
            "no" => Value::Bool(false),
            _ => return Err("Please answer yes or no.".to_owned()),
        },
        QuestionKind::Choice => {
            if !q.options.iter().any(|o| o == first) {
                return Err("Please pick one of the choices.".to_owned());
            }
            Value::from(first)
        }
        QuestionKind::MultiChoice => {
            let mut picked: Vec<Value> = Vec::new();
            for g in given {
                if !q.options.iter().any(|o| o == g) {
                    return Err("Please pick from the choices given.".to_owned());
                }
                if !picked.iter().any(|p| p == g) {
                    picked.push(Value::from(*g));
                }
            }
            Value::Array(picked)
        }
    };
    Ok(Some(v))
}

/// A stored answer as form fields again (to show the form filled in).
#[must_use]
pub fn answer_fields(key: &str, v: &Value) -> Vec<(String, String)> {
    let one = |s: String| vec![(key.to_owned(), s)];
    match v {
        Value::Bool(true) => one("yes".into()),
        Value::Bool(false) => one("no".into()),
        Value::String(s) => one(s.clone()),
        Value::Number(n) => one(n.to_string()),
        Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(|s| (key.to_owned(), s.to_owned())))
            .collect(),
        Value::Null | Value::Object(_) => Vec::new(),
    }
}

/// One CSV cell, quoted, and safe to open in a spreadsheet: a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so it is never taken
/// for a formula.
#[must_use]
pub fn csv_cell(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let s = if risky { format!("'{s}") } else { s.to_owned() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The responses as CSV: contact, email, time, then one column per question (multiple
/// choices joined with `; `).
#[must_use]
pub fn responses_csv(form: &IntakeForm, responses: &[FormResponse]) -> String {
    let mut out = String::new();
    let mut row = |cells: Vec<String>| {
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    };
    let mut head = vec![
        "contact".to_owned(),
        "email".to_owned(),
        "answered_at".to_owned(),
    ];
    head.extend(form.questions.iter().map(|q| q.label.clone()));
    row(head);
    for r in responses {
        let at =
            r.at.format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
        let mut cells = vec![r.contact_name.clone(), r.contact_email.clone(), at];
        for q in &form.questions {
            let text = r.answers.get(&q.key).map_or_else(String::new, |v| {
                answer_fields(&q.key, v)
                    .into_iter()
                    .map(|(_, s)| s)
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            cells.push(text);
        }
        row(cells);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(key: &str, kind: QuestionKind, required: bool, options: &[&str]) -> Question {
        Question {
            key: key.into(),
            label: key.into(),
            kind,
            required,
            options: options.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn cells_that_look_like_formulas_are_defused() {
        assert_eq!(csv_cell("=1+1"), "\"'=1+1\"");
        assert_eq!(csv_cell("-2"), "\"'-2\"");
        assert_eq!(csv_cell("@SUM"), "\"'@SUM\"");
        assert_eq!(csv_cell("\tx"), "\"'\tx\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("plain"), "\"plain\"");
    }

    #[test]
    fn forms_need_unique_safe_keys_and_options_for_choices() {
        let ok = check_new_form("Intake", vec![q("a", QuestionKind::Text, true, &[])]);
        assert!(ok.is_ok());
        for bad in [
            vec![q("a b", QuestionKind::Text, false, &[])],
            vec![
                q("a", QuestionKind::Text, false, &[]),
                q("a", QuestionKind::Number, false, &[]),
            ],
            vec![q("c", QuestionKind::Choice, false, &[])],
            vec![q("t", QuestionKind::Text, false, &["x"])],
            vec![],
        ] {
            assert!(check_new_form("Intake", bad).is_err());
        }
    }

    #[test]
    fn answers_are_typed_and_checked() {
        let qs = vec![
            q("n", QuestionKind::Number, true, &[]),
            q("d", QuestionKind::Date, false, &[]),
            q("y", QuestionKind::YesNo, false, &[]),
            q("m", QuestionKind::MultiChoice, false, &["a", "b"]),
        ];
        let f = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect()
        };
        let a = read_answers(
            &qs,
            &f(&[("n", "3.5"), ("y", "yes"), ("m", "a"), ("m", "b")]),
        );
        let a = a.expect("valid");
        assert_eq!(a["n"], serde_json::json!(3.5));
        assert_eq!(a["y"], Value::Bool(true));
        assert_eq!(a["m"], serde_json::json!(["a", "b"]));
        let e = read_answers(&qs, &f(&[("d", "tomorrow"), ("m", "z")])).expect_err("invalid");
        let keys: Vec<&str> = e.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["n", "d", "m"]);
    }
}
