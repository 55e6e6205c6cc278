//! Forms (SPEC 11): staff create them (201, 422 for bad questions), contacts who may
//! comment answer through a link (303; 422 with messages and the answers kept; 403 for a
//! viewer; 404 outside the link), resubmit until staff close the form (then 409), and
//! staff read the responses as JSON or as CSV safe against formula injection.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Seed, TestApp};

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let a = app.page(path).await;
    (a.status, a.body)
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let a = app.post_form(path, form).await;
    (a.status, a.body)
}

fn questions() -> Value {
    json!([
        {"key": "company", "label": "Company name", "kind": "text", "required": true},
        {"key": "staff", "label": "Head count", "kind": "number", "required": true},
        {"key": "start", "label": "Start date", "kind": "date"},
        {"key": "print", "label": "Print too?", "kind": "yes_no"},
        {"key": "tone", "label": "Tone", "kind": "choice", "options": ["Calm", "Bold"]},
        {"key": "pages", "label": "Pages", "kind": "multi_choice", "options": ["Home", "Shop", "Blog"]},
        {"key": "notes", "label": "Anything else", "kind": "long_text"}
    ])
}

async fn new_form(app: &TestApp, seed: &Seed) -> String {
    let (s, f) = app
        .call(
            Method::POST,
            &format!("/projects/{}/forms", seed.project),
            Some(json!({"title": "Kick-off questions", "questions": questions()})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert_eq!(f["closed"], false);
    f["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn bad_questions_are_refused() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let url = format!("/projects/{}/forms", seed.project);
    for questions in [
        json!([{"key": "a b", "label": "A", "kind": "text"}]),
        json!([{"key": "a", "label": "A", "kind": "text"}, {"key": "a", "label": "B", "kind": "number"}]),
        json!([{"key": "c", "label": "C", "kind": "choice"}]),
        json!([{"key": "c", "label": "C", "kind": "colour"}]),
        json!([]),
    ] {
        let (s, e) = app
            .call(
                Method::POST,
                &url,
                Some(json!({"title": "T", "questions": questions})),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{questions} {e}");
    }
    let (s, _) = app
        .call(
            Method::POST,
            "/projects/nosuchproject000000000/forms",
            Some(json!({"title": "T", "questions": questions()})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_contact_answers_resubmits_and_is_stopped_once_the_form_closes() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let form = new_form(&app, &seed).await;
    let (_, path) = app.cleo_link(&seed).await;
    let at = format!("{path}/forms/{form}");
    let (s, html) = page(&app, &at).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Head count") && html.contains("type=\"checkbox\""),
        "{html}"
    );
    assert!(!html.contains("<script"));

    // Missing and invalid answers: 422, a message beside each, what was typed kept.
    let (s, html) = post(
        &app,
        &at,
        &[
            ("company", ""),
            ("staff", "lots"),
            ("start", "soon"),
            ("notes", "kept notes"),
            ("pages", "Shop"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Please answer this question."), "{html}");
    assert!(html.contains("Please write a number"));
    assert!(html.contains("YYYY-MM-DD"));
    assert!(
        html.contains("kept notes") && html.contains("value=\"lots\""),
        "{html}"
    );
    assert!(html.contains("value=\"Shop\" checked"), "{html}");
    let (_, r) = app
        .call(Method::GET, &format!("/forms/{form}/responses"), None)
        .await;
    assert_eq!(r["responses"].as_array().unwrap().len(), 0);

    let answers = [
        ("company", "=HYPERLINK(\"http://evil.test\")"),
        ("staff", "12"),
        ("start", "2027-01-15"),
        ("print", "yes"),
        ("tone", "Bold"),
        ("pages", "Home"),
        ("pages", "Blog"),
        ("notes", "+1 for blue"),
    ];
    let res = app
        .http
        .post(app.url(&at))
        .form(&answers)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"].to_str().unwrap(), at);
    let (_, html) = page(&app, &at).await;
    assert!(html.contains("Your answers were saved"), "{html}");
    assert!(html.contains("value=\"12\""));

    let (s, r) = app
        .call(Method::GET, &format!("/forms/{form}/responses"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let one = &r["responses"][0];
    assert_eq!(one["contact_email"], "cleo@client.test");
    assert_eq!(one["answers"]["staff"], 12.0);
    assert_eq!(one["answers"]["print"], true);
    assert_eq!(one["answers"]["pages"], json!(["Home", "Blog"]));
    assert!(one["at"].is_string());

    // CSV: formula-looking cells start with a quote.
    let res = app
        .api(Method::GET, &format!("/forms/{form}/responses.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.test\"\")\""),
        "{csv}"
    );
    assert!(csv.contains("\"'+1 for blue\""), "{csv}");
    assert!(csv.contains("\"Home; Blog\""), "{csv}");

    // Resubmitting replaces the answers.
    let (s, _) = post(&app, &at, &[("company", "Acme"), ("staff", "13")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, r) = app
        .call(Method::GET, &format!("/forms/{form}/responses"), None)
        .await;
    let all = r["responses"].as_array().unwrap();
    assert_eq!(all.len(), 1, "{r}");
    assert_eq!(all[0]["answers"]["staff"], 13.0);
    assert!(all[0]["answers"].get("pages").is_none());

    // Closed by staff: 409, nothing changes.
    let (s, f) = app
        .call(
            Method::PATCH,
            &format!("/forms/{form}"),
            Some(json!({"closed": true})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!(f["closed"], true);
    let (s, _) = post(&app, &at, &[("company", "Late"), ("staff", "1")]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, html) = page(&app, &at).await;
    assert!(html.contains("This form is closed"));
    assert!(!html.contains("Send answers"));
    let (_, r) = app
        .call(Method::GET, &format!("/forms/{form}/responses"), None)
        .await;
    assert_eq!(r["responses"][0]["answers"]["company"], "Acme");

    let (_, events) = app.call(Method::GET, "/audit", None).await;
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    for k in ["form.created", "form.answered", "form.closed"] {
        assert!(kinds.contains(&k), "{k} missing");
    }
}

#[tokio::test]
async fn viewers_may_not_answer_and_forms_outside_the_link_are_not_found() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let form = new_form(&app, &seed).await;
    let (s, c) = app
        .call(
            Method::POST,
            &format!("/clients/{}/contacts", seed.client),
            Some(json!({"name": "Vera Viewer", "email": "vera@client.test", "role": "viewer"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let (_, vera) = app
        .link(&seed, json!({"email": "vera@client.test", "send": false}))
        .await;
    let (s, html) = page(&app, &format!("{vera}/forms/{form}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("Send answers"));
    let (s, html) = post(&app, &format!("{vera}/forms/{form}"), &[("company", "x")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(html.contains("may view but not comment"), "{html}");

    // A contact of another project, and another client: 404 before anything else.
    let (_, other) = app
        .call(
            Method::POST,
            &format!("/clients/{}/projects", seed.client),
            Some(json!({"name": "Brand book"})),
        )
        .await;
    let other = other["id"].as_str().unwrap().to_owned();
    app.call(
        Method::POST,
        &format!("/clients/{}/contacts", seed.client),
        Some(json!({"name": "Pia", "email": "pia@client.test", "role": "contributor", "projects": [other]})),
    )
    .await;
    let (_, pia) = app
        .link(&seed, json!({"email": "pia@client.test", "send": false}))
        .await;
    let olga_client = app
        .new_client("Other Co", &[("Olga", "olga@other.test")])
        .await;
    let (_, l) = app
        .call(
            Method::POST,
            &format!("/clients/{olga_client}/links"),
            Some(json!({"email": "olga@other.test", "send": false})),
        )
        .await;
    let olga = l["url"]
        .as_str()
        .unwrap()
        .strip_prefix(&app.base)
        .unwrap()
        .to_owned();
    for link in [pia, olga] {
        let at = format!("{link}/forms/{form}");
        assert_eq!(page(&app, &at).await.0, StatusCode::NOT_FOUND, "{at}");
        assert_eq!(
            post(&app, &at, &[("company", "x")]).await.0,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn the_console_lists_responses_and_downloads_a_safe_csv() {
    use crate::helpers::{get_with, signed_in};
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let form = new_form(&app, &seed).await;
    let (_, path) = app.cleo_link(&seed).await;
    let (_, html) = page(&app, &format!("{path}/requests")).await;
    assert!(
        html.contains("Kick-off questions"),
        "open forms are listed for the client"
    );
    let (s, _) = post(
        &app,
        &format!("{path}/forms/{form}"),
        &[("company", "@risky"), ("staff", "-3")],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (mut jar, _) = signed_in(&app).await;
    let (s, list) = get_with(
        &app,
        &mut jar,
        &format!("/staff/clients/{}/requests", seed.client),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(list.contains(&format!("/staff/forms/{form}")));
    let (s, html) = get_with(&app, &mut jar, &format!("/staff/forms/{form}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("@risky") && html.contains("Cleo Client"),
        "{html}"
    );
    let (s, csv) = get_with(
        &app,
        &mut jar,
        &format!("/staff/forms/{form}/responses.csv"),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        csv.contains("\"'@risky\"") && csv.contains("\"'-3\""),
        "{csv}"
    );
    assert!(
        csv.starts_with("\"contact\",\"email\",\"answered_at\",\"Company name\""),
        "{csv}"
    );
}
