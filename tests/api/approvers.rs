//! Several approvers (SPEC 10): who decides, the rule that settles an approval, one
//! decision per approver and round, a new version re-opening it for everyone, and the
//! request mail only for approvers.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Seed, TestApp, hidden};

/// A contact of the seeded client; returns its id.
async fn add_contact(app: &TestApp, seed: &Seed, name: &str, email: &str, role: &str) -> String {
    let (s, c) = app
        .call(
            Method::POST,
            &format!("/clients/{}/contacts", seed.client),
            Some(json!({"name": name, "email": email, "role": role})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    c["id"].as_str().unwrap_or_default().to_owned()
}

/// The seeded contact's id.
async fn cleo_id(app: &TestApp, seed: &Seed) -> String {
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{}", seed.client), None)
        .await;
    c["contacts"]
        .as_array()
        .and_then(|cs| cs.iter().find(|x| x["email"] == "cleo@client.test"))
        .and_then(|x| x["id"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// A new approval on the seeded file with `extra` fields; returns (status, body).
async fn request(app: &TestApp, seed: &Seed, extra: Value) -> (StatusCode, Value) {
    let mut body = json!({"title": "Approve the logo", "file_id": seed.file});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    app.call(
        Method::POST,
        &format!("/projects/{}/approvals", seed.project),
        Some(body),
    )
    .await
}

/// A link for `email`, not mailed: (grant id, path).
async fn link_for(app: &TestApp, seed: &Seed, email: &str) -> (String, String) {
    app.link(seed, json!({"email": email, "send": false})).await
}

/// One member of the team: contact id, link path, grant id.
struct Member {
    id: String,
    link: String,
    grant: String,
}

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let a = app.page(path).await;
    (a.status, a.body)
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let a = app.post_form(path, form).await;
    (a.status, a.body)
}

/// Read the decision form of approval `id` through link `path`, then send `decision`
/// with `extra` fields.
async fn decide(
    app: &TestApp,
    path: &str,
    id: &str,
    decision: &str,
    extra: &[(&str, &str)],
) -> (StatusCode, String) {
    let url = format!("{path}/approvals/{id}");
    let (_, html) = page(app, &url).await;
    let nonce = hidden(&html, "nonce");
    let sha = hidden(&html, "version_sha256");
    let mut form = vec![
        ("decision", decision),
        ("name", "Typed Name"),
        ("confirm", "on"),
        ("comment", "Make it bigger"),
        ("version_sha256", sha.as_str()),
        ("nonce", nonce.as_str()),
    ];
    form.extend_from_slice(extra);
    post(app, &url, &form).await
}

async fn status_of(app: &TestApp, id: &str) -> Value {
    let (s, a) = app
        .call(Method::GET, &format!("/approvals/{id}"), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    a
}

/// Seed plus two more approvers (Dana, Eli) and a viewer (Vic); returns their ids and
/// links: [cleo, dana, eli, vic].
async fn team(app: &TestApp, seed: &Seed) -> Vec<Member> {
    let cleo = cleo_id(app, seed).await;
    let dana = add_contact(app, seed, "Dana Approver", "dana@client.test", "approver").await;
    let eli = add_contact(app, seed, "Eli Approver", "eli@client.test", "approver").await;
    let vic = add_contact(app, seed, "Vic Viewer", "vic@client.test", "viewer").await;
    let mut out = Vec::new();
    for (id, email) in [
        (cleo, "cleo@client.test"),
        (dana, "dana@client.test"),
        (eli, "eli@client.test"),
        (vic, "vic@client.test"),
    ] {
        let (grant, link) = link_for(app, seed, email).await;
        out.push(Member { id, link, grant });
    }
    out
}

#[tokio::test]
async fn rule_all_waits_for_everyone_and_lists_each_decision() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let t = team(&app, &seed).await;
    let (s, a) = request(&app, &seed, json!({"rule": "all"})).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let id = a["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(a["rule"], "all");
    assert_eq!(
        a["approver_ids"].as_array().map(Vec::len),
        Some(3),
        "default: every approver-role contact, not the viewer: {a}"
    );

    let (s, _) = decide(&app, &t[0].link, &id, "approve", &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &id).await["status"], "pending");
    let (_, html) = page(&app, &format!("{}/approvals/{id}", t[0].link)).await;
    assert!(html.contains("still to decide"), "{html}");
    assert!(
        !html.contains("name=\"version_sha256\""),
        "no form for one who decided"
    );
    assert!(html.contains("You decided"), "{html}");

    // The same contact again, with a fresh form nonce of their own: 409.
    let cleo_url = format!("{}/approvals/{id}", t[0].link);
    let again = app.state.keyring().sign_nonce(&t[0].grant, &id);
    let sha = status_of(&app, &id).await["target_sha256"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (s, _) = post(
        &app,
        &cleo_url,
        &[
            ("decision", "approve"),
            ("name", "Cleo"),
            ("confirm", "on"),
            ("version_sha256", &sha),
            ("nonce", &again),
        ],
    )
    .await;
    assert_eq!(
        s,
        StatusCode::CONFLICT,
        "a second decision by the same contact"
    );

    let (s, _) = decide(&app, &t[1].link, &id, "approve", &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &id).await["status"], "pending");
    let (s, _) = decide(&app, &t[2].link, &id, "approve", &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let a = status_of(&app, &id).await;
    assert_eq!(a["status"], "approved");
    assert_eq!(a["decisions"].as_array().map(Vec::len), Some(3));
    let approvers = a["approvers"].as_array().cloned().unwrap_or_default();
    assert_eq!(approvers.len(), 3, "{a}");
    assert_eq!(approvers[0]["contact_id"], t[0].id.as_str());
    assert_eq!(approvers[0]["name"], "Cleo Client");
    assert_eq!(approvers[0]["email"], "cleo@client.test");
    assert!(
        approvers
            .iter()
            .all(|x| x["decision"]["decision"] == "approve")
    );
}

#[tokio::test]
async fn rule_any_and_at_least() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let t = team(&app, &seed).await;
    let (_, a) = request(&app, &seed, json!({})).await;
    let any = a["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(a["rule"], "any");
    assert_eq!(
        a["approver_ids"],
        json!([]),
        "any, unnamed: whoever may decide"
    );
    let (s, _) = decide(&app, &t[1].link, &any, "approve", &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &any).await["status"], "approved");

    let approvers = json!([t[0].id, t[1].id, t[2].id]);
    let (s, a) = request(
        &app,
        &seed,
        json!({"approvers": approvers, "rule": {"at_least": 2}}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let two = a["id"].as_str().unwrap_or_default().to_owned();
    decide(&app, &t[2].link, &two, "approve", &[]).await;
    assert_eq!(status_of(&app, &two).await["status"], "pending");
    decide(&app, &t[0].link, &two, "approve", &[]).await;
    assert_eq!(status_of(&app, &two).await["status"], "approved");
    // Settled: the third approver's decision conflicts.
    let (_, html) = page(&app, &format!("{}/approvals/{two}", t[1].link)).await;
    assert!(
        !html.contains("name=\"version_sha256\""),
        "settled: no form"
    );
}

#[tokio::test]
async fn bad_rules_and_unknown_contacts_answer_422() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let t = team(&app, &seed).await;
    let two = json!([t[0].id, t[1].id]);
    for body in [
        json!({"approvers": two, "rule": {"at_least": 3}}),
        json!({"approvers": two, "rule": {"at_least": 0}}),
        json!({"rule": "most"}),
        json!({"approvers": ["nobody-at-all"]}),
        json!({"approvers": [t[3].id]}),
        json!({"approvers": []}),
    ] {
        let (s, v) = request(&app, &seed, body.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body} -> {v}");
    }
}

#[tokio::test]
async fn a_non_approver_may_view_but_not_decide() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let t = team(&app, &seed).await;
    let (_, a) = request(&app, &seed, json!({"approvers": [t[1].id]})).await;
    let id = a["id"].as_str().unwrap_or_default().to_owned();
    let cleo_url = format!("{}/approvals/{id}", t[0].link);
    let (s, html) = page(&app, &cleo_url).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        !html.contains("name=\"version_sha256\""),
        "no form for a non-approver"
    );
    assert!(html.contains("Dana Approver"), "{html}");
    let (s, html) = post(
        &app,
        &cleo_url,
        &[("decision", "approve"), ("name", "Cleo"), ("confirm", "on")],
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(html.contains("may view but not decide"), "{html}");
    assert_eq!(status_of(&app, &id).await["decisions"], json!([]));
}

#[tokio::test]
async fn changes_requested_ends_the_round_and_a_new_version_reopens_for_all() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let t = team(&app, &seed).await;
    let (_, a) = request(&app, &seed, json!({"rule": "all"})).await;
    let id = a["id"].as_str().unwrap_or_default().to_owned();
    decide(&app, &t[0].link, &id, "approve", &[]).await;
    let (s, _) = decide(&app, &t[1].link, &id, "request_changes", &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &id).await["status"], "changes_requested");

    app.clock.advance(60);
    let (s, _) = app
        .upload(
            &seed.project,
            "homepage-mockup.pdf",
            b"version two".to_vec(),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let a = status_of(&app, &id).await;
    assert_eq!(a["status"], "pending");
    assert!(
        a["approvers"]
            .as_array()
            .is_some_and(|xs| xs.iter().all(|x| x["decision"].is_null())),
        "{a}"
    );
    // Cleo, who approved version 1, decides again on version 2.
    for link in [&t[0].link, &t[1].link, &t[2].link] {
        let (s, _) = decide(&app, link, &id, "approve", &[]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
    }
    assert_eq!(status_of(&app, &id).await["status"], "approved");
}

#[tokio::test]
async fn the_request_mail_goes_to_approvers_only() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let t = team(&app, &seed).await;
    let (_, a) = request(
        &app,
        &seed,
        json!({"approvers": [t[2].id], "title": "Only Eli"}),
    )
    .await;
    assert_eq!(a["title"], "Only Eli");
    app.wait_for_mail_to("eli@client.test").await;
    let to = |who: &str| {
        app.mails()
            .iter()
            .filter(|m| m.contains(&format!("{who}>")) && m.contains("Only Eli"))
            .count()
    };
    assert_eq!(to("eli@client.test"), 1);
    assert_eq!(to("dana@client.test"), 0);
    assert_eq!(to("vic@client.test"), 0);
    assert_eq!(to("cleo@client.test"), 0);
}

// ---- email code before deciding ----

/// Switch on `verify_decisions` for the seeded client.
async fn ask_for_codes(app: &TestApp, seed: &Seed) {
    let (s, c) = app
        .call(
            Method::PATCH,
            &format!("/clients/{}", seed.client),
            Some(json!({"verify_decisions": true})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["verify_decisions"], true, "{c}");
}

/// Code mails written so far, as (recipient line, body).
fn code_mails(app: &TestApp) -> Vec<String> {
    app.mails()
        .into_iter()
        .filter(|m| m.contains("Type it into the decision form"))
        .collect()
}

/// Ask for a code through `link` and wait for its mail; returns the code.
async fn mailed_code(app: &TestApp, link: &str, approval: &str) -> String {
    let before = code_mails(app);
    let (s, _) = post(app, &format!("{link}/approvals/{approval}/code"), &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(m) = code_mails(app).into_iter().find(|m| !before.contains(m)) {
            let at = m.find("” is ").map_or(0, |i| i + "” is ".len());
            return m[at..].chars().take(6).collect();
        }
        assert!(std::time::Instant::now() < deadline, "no code mail");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_decision_needs_the_code_mailed_to_the_contact() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let t = team(&app, &seed).await;
    ask_for_codes(&app, &seed).await;
    let cleo = &t[0].link;

    let (_, html) = page(&app, &format!("{cleo}/approvals/{}", seed.approval)).await;
    assert!(html.contains("Email me a code"), "{html}");
    let (s, html) = decide(&app, cleo, &seed.approval, "approve", &[]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "missing code");
    assert!(html.contains("code we mailed you"), "{html}");
    assert_eq!(
        status_of(&app, &seed.approval).await["decisions"],
        json!([])
    );

    let code = mailed_code(&app, cleo, &seed.approval).await;
    assert_eq!(code.len(), 6);
    let mails = code_mails(&app);
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].contains("cleo@client.test>"),
        "only to the contact"
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (s, _) = decide(&app, cleo, &seed.approval, "approve", &[("code", wrong)]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "wrong code");
    assert_eq!(
        status_of(&app, &seed.approval).await["decisions"],
        json!([])
    );

    let (s, _) = decide(&app, cleo, &seed.approval, "approve", &[("code", &code)]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let a = status_of(&app, &seed.approval).await;
    assert_eq!(a["status"], "approved");
    assert_eq!(a["decisions"][0]["verified_email"], "cleo@client.test");
    let (s, audit) = app
        .call(Method::GET, "/audit?kind=approval.code_sent", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        !audit.to_string().contains(&code),
        "the code is not audited"
    );

    // The receipt in the console shows it.
    let receipt = app.state.approval_receipt(&seed.approval).unwrap();
    assert_eq!(
        receipt.decisions[0].decision.verified_email.as_deref(),
        Some("cleo@client.test")
    );
    assert!(
        receipt.decisions[0]
            .mismatched
            .as_ref()
            .is_some_and(Vec::is_empty)
    );
}

#[tokio::test]
async fn a_code_dies_after_five_wrong_tries_or_ten_minutes() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let t = team(&app, &seed).await;
    ask_for_codes(&app, &seed).await;
    let cleo = &t[0].link;
    let code = mailed_code(&app, cleo, &seed.approval).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let (s, _) = decide(&app, cleo, &seed.approval, "approve", &[("code", wrong)]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (s, _) = decide(&app, cleo, &seed.approval, "approve", &[("code", &code)]).await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "dead after 5 wrong tries"
    );

    let code = mailed_code(&app, cleo, &seed.approval).await;
    app.clock.advance(601);
    let (s, _) = decide(&app, cleo, &seed.approval, "approve", &[("code", &code)]).await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "expired after 10 minutes"
    );
    assert_eq!(
        status_of(&app, &seed.approval).await["decisions"],
        json!([])
    );

    // A viewer may not ask for one (403); five sends an hour, then 429.
    let (s, _) = post(
        &app,
        &format!("{}/approvals/{}/code", t[3].link, seed.approval),
        &[],
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    for _ in 3..=5 {
        mailed_code(&app, cleo, &seed.approval).await;
    }
    let (s, _) = post(
        &app,
        &format!("{cleo}/approvals/{}/code", seed.approval),
        &[],
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn reminders_go_to_approvers_still_to_decide() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let t = team(&app, &seed).await;
    let (_, a) = request(
        &app,
        &seed,
        json!({"approvers": [t[0].id, t[1].id], "rule": "all"}),
    )
    .await;
    let id = a["id"].as_str().unwrap_or_default().to_owned();
    let (s, _) = decide(&app, &t[0].link, &id, "approve", &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    app.clock.advance(3 * 86_400 + 60);
    let reminded = |l: &[Value]| -> Vec<String> {
        l.iter()
            .filter(|m| m["kind"] == "approval_reminder")
            .filter(|m| {
                m["subject"]
                    .as_str()
                    .is_some_and(|x| x.contains("Approve the logo"))
            })
            .filter_map(|m| m["to"].as_str().map(str::to_owned))
            .collect()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let to = loop {
        let (_, list) = app.call(Method::GET, "/outbox", None).await;
        let to = reminded(list.as_array().map(Vec::as_slice).unwrap_or_default());
        if !to.is_empty() {
            break to;
        }
        assert!(std::time::Instant::now() < deadline, "no reminder");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    // Let the sender finish the round, then look again.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let (_, list) = app.call(Method::GET, "/outbox", None).await;
    let mut all = reminded(list.as_array().map(Vec::as_slice).unwrap_or_default());
    all.sort_unstable();
    assert_eq!(
        all,
        ["dana@client.test"],
        "not Cleo, who decided; first: {to:?}"
    );
}
