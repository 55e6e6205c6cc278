//! Access belongs to the person (SPEC 10): contacts with roles and projects, link `can`,
//! final removal and revocation, mail links no wider than their contact, comment scope
//! and single-use nonces, refused hidden characters, HTML errors on HTML routes.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Seed, TestApp, hidden};

async fn page(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let a = app.page(path).await;
    (a.status, a.content_type, a.body)
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, String) {
    let a = app.post_form(path, form).await;
    (a.status, a.content_type, a.body)
}

/// Add a contact through the API; returns its JSON.
async fn add_contact(app: &TestApp, client: &str, body: Value) -> Value {
    let (s, c) = app
        .call(
            Method::POST,
            &format!("/clients/{client}/contacts"),
            Some(body),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    c
}

/// A link for `email` with extra fields in the request body.
async fn link_with(app: &TestApp, seed: &Seed, email: &str, extra: Value) -> (String, String) {
    let mut body = json!({"email": email, "send": false});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    app.link(seed, body).await
}

/// A valid approve form for the seeded approval, read off its page.
async fn approve_form(app: &TestApp, path: &str, seed: &Seed) -> Vec<(String, String)> {
    let (_, _, html) = page(app, &format!("{path}/approvals/{}", seed.approval)).await;
    vec![
        ("decision".into(), "approve".into()),
        ("name".into(), "Someone".into()),
        ("confirm".into(), "on".into()),
        ("version_sha256".into(), hidden(&html, "version_sha256")),
        ("nonce".into(), hidden(&html, "nonce")),
    ]
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, x)| (k.as_str(), x.as_str())).collect()
}

#[tokio::test]
async fn contacts_api_gives_ids_defaults_and_validates() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{}", seed.client), None)
        .await;
    let cleo = &c["contacts"][0];
    assert!(cleo["id"].as_str().is_some_and(|id| id.len() >= 16), "{c}");
    assert_eq!(cleo["role"], "approver");
    assert_eq!(cleo["projects"], "all");

    let dora = add_contact(
        &app,
        &seed.client,
        json!({"name": "Dora Viewer", "email": "dora@client.test", "role": "viewer", "projects": [seed.project]}),
    )
    .await;
    assert_eq!(dora["role"], "viewer");
    assert_eq!(dora["projects"], json!([seed.project]));
    let dora_id = dora["id"].as_str().unwrap();

    let bad = [
        json!({"name": "X", "email": "x@client.test", "role": "boss"}),
        json!({"name": "X", "email": "x@client.test", "projects": ["no-such-project"]}),
        json!({"name": "X", "email": "x@client.test", "projects": "some"}),
        json!({"name": "X\u{202E}gpj", "email": "x@client.test"}),
        json!({"name": "X", "email": "not-an-email"}),
    ];
    for body in bad {
        let (s, e) = app
            .call(
                Method::POST,
                &format!("/clients/{}/contacts", seed.client),
                Some(body.clone()),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body} -> {e}");
        assert!(e["error"]["message"].is_string());
    }
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/clients/{}/contacts", seed.client),
            Some(json!({"name": "Cleo again", "email": "CLEO@client.test"})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);

    let (s, changed) = app
        .call(
            Method::PATCH,
            &format!("/clients/{}/contacts/{dora_id}", seed.client),
            Some(json!({"role": "contributor", "projects": "all"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{changed}");
    assert_eq!(changed["role"], "contributor");
    assert_eq!(changed["projects"], "all");
    assert_eq!(changed["id"], dora_id);

    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/clients/{}/contacts/{dora_id}", seed.client),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/clients/{}/contacts/{dora_id}", seed.client),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // PATCH with contacts still replaces the list and keeps the ids of those kept.
    let (s, c) = app
        .call(
            Method::PATCH,
            &format!("/clients/{}", seed.client),
            Some(json!({"contacts": [{"name": "Cleo Client", "email": "cleo@client.test"}, {"name": "Ed", "email": "ed@client.test", "role": "viewer"}]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["contacts"][0]["id"], cleo["id"]);
    assert_eq!(c["contacts"][1]["role"], "viewer");

    // Every change is in the audit chain.
    let (_, events) = app.call(Method::GET, "/audit", None).await;
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    for k in ["contact.added", "contact.updated", "contact.removed"] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
}

#[tokio::test]
async fn a_link_without_decide_or_download_may_look_but_not_act() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = link_with(&app, &seed, "cleo@client.test", json!({"can": ["comment"]})).await;
    let (_, full) = app.cleo_link(&seed).await;
    let form = approve_form(&app, &full, &seed).await;

    let approval = format!("{path}/approvals/{}", seed.approval);
    let (s, _, html) = page(&app, &approval).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Approve homepage mockup"),
        "shows the deliverable"
    );
    assert!(
        !html.contains("name=\"decision\""),
        "no decision form: {html}"
    );
    let (s, kind, html) = post(&app, &approval, &pairs(&form)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(html.contains("may view but not decide"), "{html}");
    // Rights come before the form: an empty POST is 403 as well.
    assert_eq!(post(&app, &approval, &[]).await.0, StatusCode::FORBIDDEN);

    let project = format!("{path}/projects/{}", seed.project);
    let (_, _, html) = page(&app, &project).await;
    assert!(
        !html.contains(&format!("/files/{}/1", seed.file)),
        "no download buttons"
    );
    let (s, kind, _) = page(&app, &format!("{path}/files/{}/1", seed.file)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(kind.starts_with("text/html"));

    // A narrowed link records nothing; the approval is still pending.
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["status"], "pending");
    assert_eq!(a["decisions"].as_array().map(Vec::len), Some(0));

    // `can` must name known rights.
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/clients/{}/links", seed.client),
            Some(json!({"email": "cleo@client.test", "can": ["fly"]})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn roles_bound_every_link_and_a_change_applies_at_once() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let vera = add_contact(
        &app,
        &seed.client,
        json!({"name": "Vera Viewer", "email": "vera@client.test", "role": "viewer"}),
    )
    .await;
    let (_, path) = link_with(&app, &seed, "vera@client.test", json!({})).await;
    let (_, _, html) = page(&app, &format!("{path}/approvals/{}", seed.approval)).await;
    assert!(!html.contains("name=\"decision\""), "a viewer gets no form");
    let (s, _, _) = page(&app, &format!("{path}/files/{}/1", seed.file)).await;
    assert_eq!(s, StatusCode::OK, "a viewer downloads");
    let (s, _, _) = post(
        &app,
        &format!("{path}/comments"),
        &[
            ("milestone_id", &seed.milestone),
            ("body", "hi"),
            ("nonce", "x"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a viewer may not comment");

    // Promote Vera: the same link may decide at once.
    let vera_id = vera["id"].as_str().unwrap();
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/clients/{}/contacts/{vera_id}", seed.client),
            Some(json!({"role": "approver"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let form = approve_form(&app, &path, &seed).await;
    let (s, _, html) = post(
        &app,
        &format!("{path}/approvals/{}", seed.approval),
        &pairs(&form),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["status"], "approved");
    assert_eq!(a["decisions"][0]["contact_email"], "vera@client.test");
}

/// A second project, "Brand book", and Pia, a contact with `role` who sees only it;
/// returns the project's id.
async fn pia_on_a_second_project(app: &TestApp, seed: &Seed, role: &str) -> String {
    let (_, other) = app
        .call(
            Method::POST,
            &format!("/clients/{}/projects", seed.client),
            Some(json!({"name": "Brand book"})),
        )
        .await;
    let other = other["id"].as_str().unwrap().to_owned();
    add_contact(
        app,
        &seed.client,
        json!({"name": "Pia Partial", "email": "pia@client.test", "role": role, "projects": [other]}),
    )
    .await;
    other
}

#[tokio::test]
async fn scope_comes_first_projects_outside_the_contact_are_404() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    // Pia sees only the other project, and may do nothing but look.
    pia_on_a_second_project(&app, &seed, "viewer").await;
    let (_, path) = link_with(&app, &seed, "pia@client.test", json!({})).await;
    let (s, _, html) = page(&app, &path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Brand book"));
    assert!(!html.contains("Website relaunch"), "{html}");
    for p in [
        format!("{path}/projects/{}", seed.project),
        format!("{path}/approvals/{}", seed.approval),
        format!("{path}/files/{}/1", seed.file),
    ] {
        assert_eq!(page(&app, &p).await.0, StatusCode::NOT_FOUND, "{p}");
    }
    // 404 before 403: a decision she could not make anyway is still "not found".
    let (s, _, _) = post(
        &app,
        &format!("{path}/approvals/{}", seed.approval),
        &[("decision", "approve")],
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // A project-scoped link to a project she does not see cannot be issued.
    let (s, e) = app
        .call(
            Method::POST,
            &format!("/clients/{}/links", seed.client),
            Some(json!({"email": "pia@client.test", "project_id": seed.project})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
}

#[tokio::test]
async fn removing_a_contact_and_revoking_a_link_are_final() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let form = approve_form(&app, &path, &seed).await;
    let (s, _, _) = post(
        &app,
        &format!("{path}/approvals/{}", seed.approval),
        &pairs(&form),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{}", seed.client), None)
        .await;
    let cleo = c["contacts"][0]["id"].as_str().unwrap().to_owned();
    let (_, unopened) = app.cleo_link(&seed).await;

    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/clients/{}/contacts/{cleo}", seed.client),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    for p in [&path, &unopened] {
        let (s, kind, html) = page(&app, p).await;
        assert_eq!(s, StatusCode::GONE);
        assert!(kind.starts_with("text/html"));
        assert!(!html.contains("/renew"), "no fresh-link button: {html}");
    }
    let before = app.mails().len();
    let (s, _, _) = post(&app, &format!("{path}/renew"), &[]).await;
    assert_eq!(s, StatusCode::OK, "the neutral page");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(app.mails().len(), before, "renew sends nothing");
    // Their decision and its evidence stay.
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["decisions"][0]["contact_email"], "cleo@client.test");
    // Adding the address again makes a new contact; the old links stay dead.
    add_contact(
        &app,
        &seed.client,
        json!({"name": "Cleo Client", "email": "cleo@client.test"}),
    )
    .await;
    assert_eq!(page(&app, &path).await.0, StatusCode::GONE);

    // Revoked: final too. Cut off: renewable.
    let (grant, revoked) = app.cleo_link(&seed).await;
    app.call(Method::DELETE, &format!("/links/{grant}"), None)
        .await;
    let (s, _, html) = page(&app, &revoked).await;
    assert_eq!(s, StatusCode::GONE);
    assert!(!html.contains("/renew"), "{html}");
    let (_, cut) = app.cleo_link(&seed).await;
    app.clock.advance(1);
    app.call(
        Method::POST,
        &format!("/clients/{}/links/cutoff", seed.client),
        None,
    )
    .await;
    let (s, _, html) = page(&app, &cut).await;
    assert_eq!(s, StatusCode::GONE);
    assert!(html.contains(&format!("{cut}/renew")), "{html}");
}

#[tokio::test]
async fn mail_links_hold_no_more_than_their_contact() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let other = pia_on_a_second_project(&app, &seed, "approver").await;
    // An approval in the seeded project: Pia, who does not see it, hears nothing.
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/projects/{}/approvals", seed.project),
            Some(json!({"title": "Sign off the sitemap"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // One in her project: her mail carries a link to that project only.
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/projects/{other}/approvals"),
            Some(json!({"title": "Approve the logo"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let pia_mails = loop {
        let mails: Vec<String> = app
            .mails()
            .into_iter()
            .filter(|m| m.contains("pia@client.test"))
            .collect();
        if !mails.is_empty() || std::time::Instant::now() > deadline {
            break mails;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(pia_mails.len(), 1, "{pia_mails:?}");
    assert!(pia_mails[0].contains("Approve the logo"));
    assert!(!pia_mails.iter().any(|m| m.contains("Sign off the sitemap")));
    let start = pia_mails[0].find("/p/").unwrap();
    let token: String = pia_mails[0][start + 3..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let (_, grants) = app
        .call(
            Method::GET,
            &format!("/clients/{}/links", seed.client),
            None,
        )
        .await;
    let hers: Vec<&Value> = grants
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["contact"]["email"] == "pia@client.test")
        .collect();
    assert_eq!(hers.len(), 1);
    assert_eq!(
        hers[0]["project_id"],
        other.as_str(),
        "scoped to the project"
    );
    let (s, _, html) = page(&app, &format!("/p/{token}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("Website relaunch"));
}

#[tokio::test]
async fn comments_obey_scope_and_their_nonce_is_single_use() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let (_, _, html) = page(&app, &format!("{path}/projects/{}", seed.project)).await;
    let nonce = hidden(&html, "nonce");
    let comment = [
        ("milestone_id", seed.milestone.as_str()),
        ("body", "Looks great"),
        ("nonce", nonce.as_str()),
    ];
    let (s, _, _) = post(&app, &format!("{path}/comments"), &comment).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, _) = post(&app, &format!("{path}/comments"), &comment).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "a replay answers the same");
    let (_, p) = app
        .call(Method::GET, &format!("/projects/{}", seed.project), None)
        .await;
    let stored = p["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["body"] == "Looks great")
        .count();
    assert_eq!(stored, 1, "stored once");

    // An approval withdrawn before anyone decided answers 404, and so does a comment on it.
    let (_, a) = app
        .call(
            Method::POST,
            &format!("/projects/{}/approvals", seed.project),
            Some(json!({"title": "Withdrawn soon"})),
        )
        .await;
    let withdrawn = a["id"].as_str().unwrap().to_owned();
    app.call(Method::DELETE, &format!("/approvals/{withdrawn}"), None)
        .await;
    assert_eq!(
        page(&app, &format!("{path}/approvals/{withdrawn}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, _, html) = page(&app, &format!("{path}/projects/{}", seed.project)).await;
    let nonce = hidden(&html, "nonce");
    let (s, kind, _) = post(
        &app,
        &format!("{path}/comments"),
        &[
            ("approval_id", withdrawn.as_str()),
            ("body", "sneaky"),
            ("nonce", nonce.as_str()),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(kind.starts_with("text/html"));
}

#[tokio::test]
async fn hidden_direction_characters_are_refused_in_single_line_fields() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (s, e) = app
        .call(
            Method::POST,
            "/clients",
            Some(json!({"name": "Evil\u{2066}Corp"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/projects/{}/milestones", seed.project),
            Some(json!({"title": "Step\u{202E}one"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app
        .upload(&seed.project, "invoice\u{202E}fdp.exe", b"bytes".to_vec())
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // A typed name with one is refused as a page, and nothing is recorded.
    let (_, path) = app.cleo_link(&seed).await;
    let mut form = approve_form(&app, &path, &seed).await;
    form[1].1 = "Cleo\u{202E}tneilC".into();
    let (s, kind, _) = post(
        &app,
        &format!("{path}/approvals/{}", seed.approval),
        &pairs(&form),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kind.starts_with("text/html"));
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["status"], "pending");
}

#[tokio::test]
async fn errors_on_html_routes_are_html_and_on_the_api_json() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    // An unreadable decision form, a bad comment, an unknown page.
    for (status, kind, _) in [
        post(
            &app,
            &format!("{path}/approvals/{}", seed.approval),
            &[("decision", "maybe")],
        )
        .await,
        post(&app, &format!("{path}/comments"), &[("body", "x")]).await,
        page(&app, &format!("{path}/nowhere")).await,
    ] {
        assert!(status.is_client_error(), "{status}");
        assert!(kind.starts_with("text/html"), "{status} {kind}");
    }
    let (s, e) = app.call(Method::GET, "/clients/nope", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(e["error"]["code"], "not_found");
}

#[tokio::test]
async fn contacts_invite_colleagues_as_viewers_only_where_the_client_allows_it() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let invite = format!("{path}/invite");
    // Off by default: the page and the POST are 403, and nothing is added.
    assert_eq!(page(&app, &invite).await.0, StatusCode::FORBIDDEN);
    let (s, kind, _) = post(
        &app,
        &invite,
        &[("name", "Ian"), ("email", "ian@client.test")],
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(kind.starts_with("text/html"));
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/clients/{}", seed.client),
            Some(json!({"clients_may_invite": true})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);

    let (s, _, html) = page(&app, &path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains(&format!("href=\"{invite}\"")),
        "the overview offers it"
    );
    let (_, _, html) = page(&app, &invite).await;
    let nonce = hidden(&html, "nonce");
    let form = [
        ("name", "Ian Colleague"),
        ("email", "ian@client.test"),
        ("nonce", nonce.as_str()),
    ];
    let (s, _, _) = post(&app, &invite, &form).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, _) = post(&app, &invite, &form).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "a replay answers the same");
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{}", seed.client), None)
        .await;
    let contacts = c["contacts"].as_array().unwrap();
    let ians: Vec<&Value> = contacts
        .iter()
        .filter(|x| x["email"] == "ian@client.test")
        .collect();
    assert_eq!(ians.len(), 1, "added once: {contacts:?}");
    assert_eq!(ians[0]["role"], "viewer");
    assert_eq!(ians[0]["invited_by"], contacts[0]["id"]);
    app.wait_for_mail_to("ian@client.test").await;
    let mail = app
        .mails()
        .into_iter()
        .find(|m| m.contains("ian@client.test>"))
        .unwrap();
    assert!(
        mail.contains("/p/") && !mail.contains(&path),
        "a link of his own"
    );
    let (_, events) = app.call(Method::GET, "/audit", None).await;
    let invited = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "contact.invited")
        .expect("contact.invited");
    assert_eq!(
        invited["details"]["invited_by"]["email"],
        "cleo@client.test"
    );

    // The viewer may not invite in turn; an address on file is a 409 page.
    let (_, ian_path) = link_with(&app, &seed, "ian@client.test", json!({})).await;
    assert_eq!(
        page(&app, &format!("{ian_path}/invite")).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, _, html) = page(&app, &invite).await;
    let nonce = hidden(&html, "nonce");
    let (s, kind, html) = post(
        &app,
        &invite,
        &[
            ("name", "Cleo again"),
            ("email", "cleo@client.test"),
            ("nonce", nonce.as_str()),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(kind.starts_with("text/html") && html.contains("already a contact"));
}
