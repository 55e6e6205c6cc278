//! Removing staff and replacing API tokens (SPEC 10, "Staff"): the owner-only API
//! (`GET /staff`, `DELETE /staff/{id}`, `POST /staff/{id}/token`), the console's staff
//! pages, and `porthole staff remove` / `porthole staff token`.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{
    Jar, TestApp, get_with, hidden, json_of, last_line, location, porthole, post_with,
    request_link, sign_in, signed_in, stderr, stdout,
};

/// Call the API with `token` instead of the owner's.
async fn call_as(app: &TestApp, token: &str, method: Method, path: &str) -> (StatusCode, Value) {
    let res = app
        .http
        .request(method, app.url(&format!("/api/v1{path}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    json_of(res).await
}

/// The id of the staff member with `email`, from the owner's `GET /staff`.
async fn staff_id(app: &TestApp, email: &str) -> String {
    let (s, list) = app.call(Method::GET, "/staff", None).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap_or_else(|| panic!("no {email} in {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn owner(app: &TestApp) -> porthole::domain::Staff {
    app.state.store.staff_by_token(&app.token).unwrap().unwrap()
}

async fn audit_text(app: &TestApp) -> String {
    let (s, events) = app.call(Method::GET, "/audit?limit=1000", None).await;
    assert_eq!(s, StatusCode::OK);
    events.to_string()
}

/// A new token for `id` through the API, as the owner.
async fn new_token(app: &TestApp, id: &str) -> String {
    let (s, body) = app
        .call(Method::POST, &format!("/staff/{id}/token"), None)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_removed_staff_member_loses_token_sessions_and_sign_in_at_once() {
    let app = TestApp::spawn().await;
    let (mut sam_console, _) = signed_in(&app).await;
    let sam = staff_id(&app, "sam@agency.test").await;
    let sam_token = new_token(&app, &sam).await;
    let (s, _) = call_as(&app, &sam_token, Method::GET, "/clients").await;
    assert_eq!(s, StatusCode::OK);
    // A sign-in link mailed before the removal, not yet used.
    let pending = request_link(&app, &mut Jar::default(), "sam@agency.test")
        .await
        .expect("a sign-in mail");

    let (s, removed) = app
        .call(Method::DELETE, &format!("/staff/{sam}"), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{removed}");
    assert_eq!(removed["id"], sam.as_str());
    assert!(removed["removed_at"].is_string(), "{removed}");
    assert!(removed.get("token_sha256").is_none(), "{removed}");

    // The token answers 401 on every route, whatever it asks.
    for (method, path) in [
        (Method::GET, "/clients".to_owned()),
        (Method::GET, "/staff".to_owned()),
        (Method::GET, "/audit".to_owned()),
        (Method::POST, "/clients".to_owned()),
        (Method::DELETE, format!("/staff/{sam}")),
        (Method::POST, format!("/staff/{sam}/token")),
    ] {
        let (s, body) = call_as(&app, &sam_token, method.clone(), &path).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{method} {path}: {body}");
        assert_eq!(body["error"]["code"], "unauthorized", "{body}");
    }
    // The console session is over.
    let res = app
        .http
        .get(app.url("/staff"))
        .header("cookie", sam_console.header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff/login");
    let (s, _) = get_with(&app, &mut sam_console, "/staff/clients").await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    // The earlier sign-in link is dead, and asking for a new one mails nothing (the page
    // is the same as for any address).
    let (s, page) = get_with(&app, &mut Jar::default(), &pending).await;
    assert_eq!(s, StatusCode::GONE, "{page}");
    assert!(
        request_link(&app, &mut Jar::default(), "sam@agency.test")
            .await
            .is_none(),
        "no sign-in mail for a removed staff member"
    );

    // The record stays, marked removed; the removal is audited once.
    let (_, list) = app.call(Method::GET, "/staff", None).await;
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == sam.as_str())
        .unwrap()
        .clone();
    assert_eq!(listed["name"], "Sam Staff");
    assert_eq!(listed["role"], "staff");
    assert!(listed["created_at"].is_string() && listed["removed_at"].is_string());
    assert!(!list.to_string().contains("token_sha256"), "{list}");
    let audit = audit_text(&app).await;
    assert_eq!(audit.matches("\"staff.removed\"").count(), 1, "{audit}");
    assert!(!audit.contains(&sam_token));

    // Removing again, or giving a removed member a token, conflicts; unknown ids are 404.
    let (s, body) = app
        .call(Method::DELETE, &format!("/staff/{sam}"), None)
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    let (s, body) = app
        .call(Method::POST, &format!("/staff/{sam}/token"), None)
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    for (method, path) in [
        (Method::DELETE, "/staff/nobody"),
        (Method::POST, "/staff/nobody/token"),
    ] {
        let (s, body) = app.call(method, path, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{body}");
        assert_eq!(body["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn a_new_token_works_and_the_old_one_answers_401() {
    let mut app = TestApp::spawn().await;
    let me = owner(&app).id;
    let old = app.token.clone();
    let (s, body) = app
        .call(Method::POST, &format!("/staff/{me}/token"), None)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let fresh = body["token"].as_str().unwrap().to_owned();
    assert!(fresh.starts_with("ph_") && fresh != old, "{body}");
    let (s, body) = call_as(&app, &old, Method::GET, "/clients").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{body}");
    app.token = fresh.clone();
    let (s, _) = app.call(Method::GET, "/clients", None).await;
    assert_eq!(s, StatusCode::OK);
    let audit = audit_text(&app).await;
    assert!(audit.contains("staff.token_rotated"), "{audit}");
    assert!(!audit.contains(&fresh) && !audit.contains(&old));
    // Only the hash is stored.
    let stored = app.state.store.staff(&me).unwrap();
    assert_eq!(stored.token_sha256, porthole::store::token_digest(&fresh));
}

#[tokio::test]
async fn only_an_owner_may_list_remove_or_replace_tokens() {
    let app = TestApp::spawn().await;
    app.add_staff("Sam Staff", "sam@agency.test");
    app.add_staff("Rita Other", "rita@agency.test");
    let sam = staff_id(&app, "sam@agency.test").await;
    let rita = staff_id(&app, "rita@agency.test").await;
    let me = owner(&app).id;
    let sam_token = new_token(&app, &sam).await;
    for (method, path) in [
        (Method::GET, "/staff".to_owned()),
        (Method::DELETE, format!("/staff/{rita}")),
        (Method::POST, format!("/staff/{rita}/token")),
        (Method::DELETE, format!("/staff/{me}")),
        (Method::POST, format!("/staff/{me}/token")),
        // Not even their own token: that is the owner's to replace.
        (Method::POST, format!("/staff/{sam}/token")),
    ] {
        let (s, body) = call_as(&app, &sam_token, method.clone(), &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{method} {path}: {body}");
        assert_eq!(body["error"]["code"], "forbidden", "{body}");
        assert!(body["error"]["message"].is_string(), "{body}");
    }
    // Nothing changed.
    let (_, list) = app.call(Method::GET, "/staff", None).await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|m| m["removed_at"].is_null()),
        "{list}"
    );
    let (s, _) = call_as(&app, &sam_token, Method::GET, "/clients").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn the_last_owner_cannot_be_removed() {
    let app = TestApp::spawn().await;
    let me = owner(&app).id;
    let (s, body) = app
        .call(Method::DELETE, &format!("/staff/{me}"), None)
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "conflict");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("last owner"),
        "{body}"
    );
    let (s, _) = app.call(Method::GET, "/clients", None).await;
    assert_eq!(s, StatusCode::OK, "still in");
    assert!(!audit_text(&app).await.contains("staff.removed"));
}

#[tokio::test]
async fn the_console_removes_staff_and_issues_tokens_for_the_owner_only() {
    let app = TestApp::spawn().await;
    let (mut sam, sam_csrf) = signed_in(&app).await;
    app.add_staff("Rita Other", "rita@agency.test");
    let sam_id = staff_id(&app, "sam@agency.test").await;
    let rita_id = staff_id(&app, "rita@agency.test").await;

    // Not the owner: 403 pages for the member page and both actions.
    let (s, page) = get_with(&app, &mut sam, &format!("/staff/staff/{rita_id}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(page.contains("Only the owner"), "{page}");
    for action in ["token", "remove"] {
        let res = post_with(
            &app,
            &mut sam,
            &format!("/staff/staff/{rita_id}/{action}"),
            &[("csrf", &sam_csrf), ("confirm", "on")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{action}");
        let page = res.text().await.unwrap();
        assert!(page.contains("Only the owner"), "{page}");
    }

    let mut boss = sign_in(&app, &owner(&app).email).await;
    let (s, list) = get_with(&app, &mut boss, "/staff/staff").await;
    assert_eq!(s, StatusCode::OK);
    let member = format!("/staff/staff/{sam_id}");
    assert!(list.contains(&format!("href=\"{member}\"")), "{list}");
    let (s, page) = get_with(&app, &mut boss, &member).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Issue a new API token"), "{page}");
    assert!(page.contains("Remove Sam Staff"), "{page}");
    let csrf = hidden(&page, "csrf");

    // A new token, shown once, with word that the old one stopped.
    let res = post_with(&app, &mut boss, &format!("{member}/token"), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no CSRF token");
    let res = post_with(
        &app,
        &mut boss,
        &format!("{member}/token"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let shown = res.text().await.unwrap();
    assert!(shown.contains("stopped working"), "{shown}");
    let at = shown
        .find("<code class=\"hash\">")
        .expect("the token on the page")
        + 19;
    let token = shown[at..at + shown[at..].find('<').unwrap()].to_owned();
    assert!(token.starts_with("ph_"), "{token}");
    let (s, _) = call_as(&app, &token, Method::GET, "/clients").await;
    assert_eq!(s, StatusCode::OK, "the shown token works");
    let (_, again) = get_with(&app, &mut boss, &member).await;
    assert!(!again.contains(&token), "shown once only");

    // Removal needs its confirmation box.
    let res = post_with(
        &app,
        &mut boss,
        &format!("{member}/remove"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Tick the box"));
    let (s, _) = get_with(&app, &mut sam, "/staff").await;
    assert_eq!(s, StatusCode::OK, "nothing happened yet");
    let res = post_with(
        &app,
        &mut boss,
        &format!("{member}/remove"),
        &[("csrf", &csrf), ("confirm", "on")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), member);
    let (s, page) = get_with(&app, &mut boss, &member).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Removed"), "{page}");
    assert!(!page.contains("Issue a new API token"), "{page}");
    let (_, list) = get_with(&app, &mut boss, "/staff/staff").await;
    assert!(
        list.contains("Sam Staff") && list.contains("Removed"),
        "{list}"
    );
    assert!(list.contains("1 removed"), "{list}");

    let (s, _) = get_with(&app, &mut sam, "/staff").await;
    assert_eq!(s, StatusCode::SEE_OTHER, "Sam is signed out");
    let (s, _) = call_as(&app, &token, Method::GET, "/clients").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let res = post_with(
        &app,
        &mut boss,
        &format!("{member}/token"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "no token for the removed"
    );
    let (s, _) = get_with(&app, &mut boss, "/staff/staff/nobody").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The owner alone cannot remove themselves.
    let me = owner(&app).id;
    let res = post_with(
        &app,
        &mut boss,
        &format!("/staff/staff/{me}/remove"),
        &[("csrf", &csrf), ("confirm", "on")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("last owner"));
    let (s, _) = get_with(&app, &mut boss, "/staff").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn staff_token_and_remove_from_the_cli_over_the_socket() {
    let app = TestApp::spawn().await;
    app.add_staff("Sam Staff", "sam@agency.test");
    let sam = staff_id(&app, "sam@agency.test").await;
    let old = new_token(&app, &sam).await;

    let run = porthole(
        &app.data_dir,
        &["staff", "token", "--email", "SAM@agency.test"],
    )
    .await;
    assert!(run.status.success(), "{}", stderr(&run));
    let token = last_line(&run);
    assert!(token.starts_with("ph_"), "{}", stdout(&run));
    assert!(stdout(&run).contains("old one no longer works"));
    let (s, _) = call_as(&app, &token, Method::GET, "/clients").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = call_as(&app, &old, Method::GET, "/clients").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    let run = porthole(
        &app.data_dir,
        &["staff", "remove", "--email", "sam@agency.test"],
    )
    .await;
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stdout(&run).contains("removed staff Sam Staff"),
        "{}",
        stdout(&run)
    );
    let (s, _) = call_as(&app, &token, Method::GET, "/clients").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let audit = audit_text(&app).await;
    assert!(audit.contains("staff.removed") && audit.contains("staff.token_rotated"));
    assert!(!audit.contains(&token));

    // Clear one-line errors and a non-zero exit.
    for (args, says) in [
        (
            vec!["staff", "remove", "--email", "sam@agency.test"],
            "removed on",
        ),
        (
            vec!["staff", "token", "--email", "sam@agency.test"],
            "removed on",
        ),
        (
            vec!["staff", "remove", "--email", "nobody@agency.test"],
            "no staff member",
        ),
        (
            vec!["staff", "token", "--email", "nobody@agency.test"],
            "no staff member",
        ),
    ] {
        let run = porthole(&app.data_dir, &args).await;
        assert!(!run.status.success(), "{args:?}");
        let err = stderr(&run);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    let owner_email = owner(&app).email;
    let run = porthole(&app.data_dir, &["staff", "remove", "--email", &owner_email]).await;
    assert!(!run.status.success());
    assert!(stderr(&run).contains("last owner"), "{}", stderr(&run));
}

#[tokio::test]
async fn staff_token_and_remove_work_without_a_server() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for (name, email) in [
        ("Ann Owner", "ann@agency.test"),
        ("Sam Staff", "sam@agency.test"),
    ] {
        let run = porthole(&data, &["staff", "add", "--name", name, "--email", email]).await;
        assert!(run.status.success(), "{}", stderr(&run));
    }
    let run = porthole(&data, &["staff", "token", "--email", "ann@agency.test"]).await;
    assert!(run.status.success(), "{}", stderr(&run));
    let ann_token = last_line(&run);
    let run = porthole(&data, &["staff", "token", "--email", "sam@agency.test"]).await;
    let sam_token = last_line(&run);
    let run = porthole(&data, &["staff", "remove", "--email", "sam@agency.test"]).await;
    assert!(run.status.success(), "{}", stderr(&run));

    let mut app = TestApp::start(&data, |_| {}).await;
    app.token = ann_token;
    let (s, list) = app.call(Method::GET, "/staff", None).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let (s, _) = call_as(&app, &sam_token, Method::GET, "/clients").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    app.stop().await;
}
