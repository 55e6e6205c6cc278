//! The rendered-page cache must never show a page the record has moved past, nor reuse a
//! form nonce, nor skip the checks of the link itself.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, decide_through_link, nonces};

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = app.get(path).await;
    let s = res.status();
    (s, res.text().await.unwrap())
}

#[tokio::test]
async fn a_public_update_shows_on_the_next_get() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let project = format!("{path}/projects/{}", seed.project);
    for p in [&path, &project] {
        let (s, body) = page(&app, p).await;
        assert_eq!(s, StatusCode::OK);
        assert!(!body.contains("Fresh photos are in"));
    }
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/milestones/{}/updates", seed.milestone),
            Some(json!({"body": "Fresh photos are in"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, body) = page(&app, &project).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("Fresh photos are in"), "{body}");
}

#[tokio::test]
async fn a_decision_and_a_withdrawal_show_at_once() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let approval = format!("{path}/approvals/{}", seed.approval);
    let (_, body) = page(&app, &approval).await;
    assert!(body.contains("value=\"approve\""), "the form is shown");
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/approvals/{}", seed.approval),
            None,
        )
        .await;
    assert!(s.is_success(), "{s}");
    let (s, _) = page(&app, &approval).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "withdrawn before any decision");
}

#[tokio::test]
async fn revoking_a_link_is_410_on_the_next_request() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (grant, path) = app.cleo_link(&seed).await;
    let project = format!("{path}/projects/{}", seed.project);
    for _ in 0..2 {
        assert_eq!(page(&app, &path).await.0, StatusCode::OK);
        assert_eq!(page(&app, &project).await.0, StatusCode::OK);
    }
    let (s, _) = app
        .call(Method::DELETE, &format!("/links/{grant}"), None)
        .await;
    assert!(s.is_success(), "{s}");
    assert_eq!(page(&app, &path).await.0, StatusCode::GONE);
    assert_eq!(page(&app, &project).await.0, StatusCode::GONE);
}

#[tokio::test]
async fn closing_the_portal_is_410_on_the_next_request() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    assert_eq!(page(&app, &path).await.0, StatusCode::OK);
    let (s, c) = app
        .call(
            Method::PATCH,
            &format!("/clients/{}", seed.client),
            Some(json!({"portal_enabled": false})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(page(&app, &path).await.0, StatusCode::GONE);
}

#[tokio::test]
async fn every_response_carries_fresh_nonces() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    for p in [
        format!("{path}/projects/{}", seed.project),
        format!("{path}/approvals/{}", seed.approval),
    ] {
        let (_, first) = page(&app, &p).await;
        let (_, second) = page(&app, &p).await;
        let (a, b) = (nonces(&first), nonces(&second));
        assert!(!a.is_empty(), "{p} has forms");
        assert_eq!(a.len(), b.len());
        for n in &a {
            assert!(!b.contains(n), "a nonce was served twice on {p}");
        }
        // Apart from the nonces, the page is the same.
        let strip = |html: &str, ns: &[String]| {
            ns.iter()
                .fold(html.to_owned(), |h, n| h.replace(n.as_str(), "N"))
        };
        assert_eq!(strip(&first, &a), strip(&second, &b));
    }
}

#[tokio::test]
async fn a_nonce_from_a_cached_page_still_decides() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let approval = format!("{path}/approvals/{}", seed.approval);
    page(&app, &approval).await;
    let (_, body) = page(&app, &approval).await;
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    // The decision form's nonce is the first; the comment form's comes after it.
    let nonce = nonces(&body).remove(0);
    let res = app
        .http
        .post(app.url(&approval))
        .form(&[
            ("nonce", nonce.as_str()),
            ("decision", "approve"),
            ("name", "Cleo Client"),
            ("confirm", "on"),
            ("version_sha256", a["target_sha256"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, after) = page(&app, &approval).await;
    assert!(!after.contains("value=\"approve\""), "the form is gone");
    assert!(after.contains("Cleo Client"));
}

#[tokio::test]
async fn expiry_is_checked_on_every_request() {
    let app = TestApp::spawn_with(|s| s.leeway_seconds = 0).await;
    let seed = app.seed().await;
    let (_, path) = app
        .link(
            &seed,
            json!({"email": "cleo@client.test", "ttl": "60s", "send": false}),
        )
        .await;
    let project = format!("{path}/projects/{}", seed.project);
    assert_eq!(page(&app, &project).await.0, StatusCode::OK);
    assert_eq!(page(&app, &project).await.0, StatusCode::OK);
    app.clock.advance(61);
    assert_eq!(page(&app, &project).await.0, StatusCode::GONE);
    assert_eq!(page(&app, &path).await.0, StatusCode::GONE);
}

#[tokio::test]
async fn cached_pages_still_count_every_get_but_no_head() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (grant, path) = app.cleo_link(&seed).await;
    let project = format!("{path}/projects/{}", seed.project);
    for _ in 0..5 {
        assert_eq!(page(&app, &project).await.0, StatusCode::OK);
    }
    let res = app.http.head(app.url(&project)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut again = app.restart().await;
    let (_, g) = again
        .call(Method::GET, &format!("/links/{grant}"), None)
        .await;
    assert_eq!(g["views"], 5, "{g}");
    again.stop().await;
}

#[tokio::test]
async fn a_decision_shows_at_once_on_every_page_of_its_client_and_project() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, other) = app
        .call(
            Method::POST,
            &format!("/clients/{}/projects", seed.client),
            Some(json!({"name": "Brand book", "summary": "Print"})),
        )
        .await;
    let (_, path) = app.cleo_link(&seed).await;
    let project = format!("{path}/projects/{}", seed.project);
    let other = format!("{path}/projects/{}", other["id"].as_str().unwrap());
    let approval = format!("{path}/approvals/{}", seed.approval);
    for p in [&path, &project, &other, &approval] {
        let (s, body) = page(&app, p).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert!(!body.contains("Approved by Cleo Client"), "{p}");
        assert!(!body.contains("Your approval is recorded"), "{p}");
    }
    let answer = decide_through_link(&app, &path, &seed.approval, "approve", "").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    // The client's pages and its project's read the decision; the other project's page,
    // which shows none of it, is served as it was.
    for p in [&path, &project, &approval] {
        let (s, body) = page(&app, p).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert!(!body.contains("value=\"approve\""), "{p}: the form is gone");
    }
    let (_, body) = page(&app, &project).await;
    assert!(body.contains("Approved by Cleo Client"), "{body}");
    let (_, body) = page(&app, &approval).await;
    assert!(body.contains("Your approval is recorded"), "{body}");
    let (s, body) = page(&app, &other).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("Brand book"));
}

/// Uploads, request replies and form answers name their client and project as decisions
/// do, so they keep other projects' pages: the pages that show them must still read them
/// at once.
#[tokio::test]
async fn what_a_client_sends_back_shows_at_once_on_the_pages_that_show_it() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, other) = app
        .call(
            Method::POST,
            &format!("/clients/{}/projects", seed.client),
            Some(json!({"name": "Brand book", "summary": "Print"})),
        )
        .await;
    let file_request = app.file_request(&seed.project, "Signed contract").await;
    let form = app.company_form(&seed.project).await;
    let (_, path) = app.cleo_link(&seed).await;
    let request = app
        .open_request(&path, "Darker header", &seed.project)
        .await;
    let request_id = request.rsplit('/').next().unwrap().to_owned();
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/requests/{request_id}"),
            Some(json!({"status": "waiting_on_client"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let project = format!("{path}/projects/{}", seed.project);
    let other = format!("{path}/projects/{}", other["id"].as_str().unwrap());
    let to_do = |html: &str| {
        let start = html.find("id=\"needs-action\"").unwrap_or(html.len());
        html[start..]
            .split("</section>")
            .next()
            .unwrap_or("")
            .to_owned()
    };
    // Each waits on the client, on the overview and on the project's page (now cached).
    for p in [&path, &project] {
        let (s, html) = page(&app, p).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        let waiting = to_do(&html);
        for item in ["Signed contract", "Kick-off questions", "Darker header"] {
            assert!(waiting.contains(item), "{p}: {item} waits in {waiting}");
        }
    }
    assert_eq!(page(&app, &other).await.0, StatusCode::OK);

    let sent = app
        .send_file(&path, &file_request, "contract.txt", b"signed".to_vec())
        .await;
    assert_eq!(sent, StatusCode::SEE_OTHER);
    let (_, html) = page(&app, &project).await;
    assert!(
        html.contains("contract.txt"),
        "the upload is on the project page"
    );
    assert!(!to_do(&html).contains("Signed contract"));
    assert!(!to_do(&page(&app, &path).await.1).contains("Signed contract"));

    let answered = app
        .post_form(&format!("{path}/forms/{form}"), &[("company", "Acme")])
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    for p in [&path, &project] {
        assert!(
            !to_do(&page(&app, p).await.1).contains("Kick-off questions"),
            "{p}"
        );
    }

    app.reply_as_client(&request, "Darker it is").await;
    for p in [&path, &project] {
        assert!(
            !to_do(&page(&app, p).await.1).contains("Darker header"),
            "{p}"
        );
    }
    let (s, html) = page(&app, &other).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Brand book"));
}
