//! The console for what clients send back: a form with a question of every kind made and
//! closed from a project page, and an approval's approvers, rule and decisions; the
//! client page's owner and activity-alert settings.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, approve, get_with, location, post_with, signed_in};

#[tokio::test]
async fn staff_make_a_form_of_every_kind_and_close_it_from_the_console() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (mut jar, csrf) = signed_in(&app).await;
    let project = format!("/staff/projects/{}", seed.project);
    let (s, page) = get_with(&app, &mut jar, &project).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Put a form on this project"), "{page}");

    let kinds = [
        "text",
        "long_text",
        "number",
        "date",
        "yes_no",
        "choice",
        "multi_choice",
    ];
    let mut fields: Vec<(String, String)> = vec![
        ("csrf".into(), csrf.clone()),
        ("title".into(), "Kick-off questions".into()),
    ];
    for (i, kind) in kinds.iter().enumerate() {
        let n = i + 1;
        fields.push((format!("q{n}_label"), format!("Question about {kind}")));
        fields.push((format!("q{n}_kind"), (*kind).into()));
        fields.push((format!("q{n}_options"), "Red, Blue".into()));
        fields.push((format!("q{n}_required"), "on".into()));
    }
    // The eighth row is left empty: skipped.
    fields.push(("q8_kind".into(), "text".into()));
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = post_with(&app, &mut jar, &format!("{project}/forms"), &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let form_page = location(&res);
    let form_id = form_page.rsplit('/').next().unwrap().to_owned();

    let (s, f) = app
        .call(Method::GET, &format!("/forms/{form_id}/responses"), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    let questions = f["form"]["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 7);
    for (q, kind) in questions.iter().zip(kinds) {
        assert_eq!(q["kind"], kind);
        assert_eq!(q["required"], true);
    }
    assert_eq!(questions[5]["options"], json!(["Red", "Blue"]));

    // A kind the server does not know is a 422 page.
    let res = post_with(
        &app,
        &mut jar,
        &format!("{project}/forms"),
        &[
            ("csrf", &csrf),
            ("title", "Bad"),
            ("q1_label", "Q"),
            ("q1_kind", "colour"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let (_, page) = get_with(&app, &mut jar, &form_page).await;
    assert!(
        page.contains("Open for answers") && page.contains("several choices"),
        "{page}"
    );
    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/forms/{form_id}/closed"),
        &[("csrf", &csrf), ("closed", "true")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = get_with(&app, &mut jar, &form_page).await;
    assert!(page.contains("Closed: takes no more answers"), "{page}");
    let (_, path) = app.cleo_link(&seed).await;
    let answered = app
        .post_form(&format!("{path}/forms/{form_id}"), &[("q1", "x")])
        .await;
    assert_eq!(answered.status, StatusCode::CONFLICT);
    let (_, page) = get_with(&app, &mut jar, &project).await;
    assert!(page.contains("Kick-off questions") && page.contains("closed"));
}

#[tokio::test]
async fn the_console_shows_approvers_the_rule_and_each_decision() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (s, c) = app
        .call(
            Method::POST,
            &format!("/clients/{}/contacts", seed.client),
            Some(json!({"name": "Tom Other", "email": "tom@client.test"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let (_, client) = app
        .call(Method::GET, &format!("/clients/{}", seed.client), None)
        .await;
    let ids: Vec<String> = client["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let (s, a) = app
        .call(
            Method::POST,
            &format!("/projects/{}/approvals", seed.project),
            Some(json!({"title": "Sign off the copy", "approvers": ids, "rule": "all"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    approve(&app, &seed).await;

    let (mut jar, _) = signed_in(&app).await;
    let (_, page) = get_with(&app, &mut jar, &format!("/staff/projects/{}", seed.project)).await;
    assert!(page.contains("all 2 must approve"), "{page}");
    assert!(page.contains("Tom Other") && page.contains("still to decide"));
    assert!(page.contains("any one approval is enough"));
}

#[tokio::test]
async fn the_client_page_sets_the_owner_and_mutes_alerts() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (mut jar, csrf) = signed_in(&app).await;
    let page_path = format!("/staff/clients/{}", seed.client);
    let (_, page) = get_with(&app, &mut jar, &page_path).await;
    assert!(page.contains("Activity alerts") && page.contains("name=\"owner_staff_id\""));
    let (_, staff) = app.call(Method::GET, "/staff", None).await;
    let sam = staff
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["email"] == "sam@agency.test")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = post_with(
        &app,
        &mut jar,
        &page_path,
        &[
            ("csrf", &csrf),
            ("name", "Acme Ltd"),
            ("language", "en"),
            ("portal_enabled", "on"),
            ("owner_staff_id", &sam),
            ("milestones", "on"),
            ("files", "on"),
            ("approvals", "on"),
            ("activity", "on"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{}", seed.client), None)
        .await;
    assert_eq!(c["owner_staff_id"], sam.as_str());
    assert_eq!(c["activity_alerts"], false, "an unticked box mutes");
    let res = post_with(
        &app,
        &mut jar,
        &page_path,
        &[("csrf", &csrf), ("owner_staff_id", "nobody00000000000000")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn staff_pick_who_decides_and_the_rule_when_requesting_an_approval() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let mut contacts = Vec::new();
    for (name, email) in [
        ("Dora Decider", "dora@client.test"),
        ("Vic Viewer", "vic@client.test"),
    ] {
        let (s, c) = app
            .call(
                Method::POST,
                &format!("/clients/{}/contacts", seed.client),
                Some(json!({"name": name, "email": email})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        contacts.push(c["id"].as_str().unwrap().to_owned());
    }
    let (mut jar, csrf) = signed_in(&app).await;
    let project = format!("/staff/projects/{}", seed.project);
    let (_, page) = get_with(&app, &mut jar, &project).await;
    assert!(page.contains("Who decides"), "{page}");
    assert!(page.contains("Dora Decider"), "{page}");

    // "At least" without a number is refused, saying why; nothing is created.
    let dora = format!("approver_{}", contacts[0]);
    let vic = format!("approver_{}", contacts[1]);
    let res = post_with(
        &app,
        &mut jar,
        &format!("{project}/approvals"),
        &[
            ("csrf", &csrf),
            ("title", "Sign off the sitemap"),
            (&dora, "on"),
            ("rule", "at_least"),
            ("at_least_n", ""),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("at least"));

    let res = post_with(
        &app,
        &mut jar,
        &format!("{project}/approvals"),
        &[
            ("csrf", &csrf),
            ("title", "Sign off the sitemap"),
            (&dora, "on"),
            (&vic, "on"),
            ("rule", "all"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, p) = app
        .call(Method::GET, &format!("/projects/{}", seed.project), None)
        .await;
    let made = p["approvals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Sign off the sitemap")
        .cloned()
        .expect("the approval");
    assert_eq!(made["rule"], "all", "{made}");
    let mut ids: Vec<&str> = made["approver_ids"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    ids.sort_unstable();
    let mut want: Vec<&str> = contacts.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(ids, want);
    let (_, page) = get_with(&app, &mut jar, &project).await;
    assert!(page.contains("Sign off the sitemap"), "{page}");
}
