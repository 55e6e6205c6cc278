//! Client links and pages (SPEC 5-6): status codes, headers, page text, stored evidence.

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, hidden, sha_hex};

async fn page(app: &TestApp, path: &str) -> (StatusCode, HeaderMap, String) {
    let res = app.get(path).await;
    let (s, h) = (res.status(), res.headers().clone());
    (s, h, res.text().await.unwrap())
}

async fn post_form(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut req = app.http.post(app.url(path)).form(form);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn overview_answers_the_four_questions_without_internal_notes() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let (s, h, body) = page(&app, &path).await;
    assert_eq!(s, StatusCode::OK);
    for want in [
        "Needs your decision (1)",
        "In progress (1)",
        "Completed (1)",
        "Approve homepage mockup",
        "Website relaunch",
        "Acme Ltd",
        "Cleo Client",
    ] {
        assert!(body.contains(want), "overview lacks {want:?}");
    }
    assert!(!body.contains("INTERNAL"));
    assert!(!body.contains("<script"));
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["x-robots-tag"].to_str().unwrap().contains("noindex"));
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'")
            && csp.contains("default-src 'none'")
            && !csp.contains("unsafe-inline")
    );
    let (s, _, project) = page(&app, &format!("{path}/projects/{}", seed.project)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(project.contains("Homepage mockup v1 is ready"));
    assert!(project.contains("homepage-mockup.pdf"));
    assert!(project.contains(&sha_hex(&seed.content)));
    assert!(!project.contains("INTERNAL"));
}

#[tokio::test]
async fn junk_and_forged_tokens_get_the_same_generic_404() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let token = path.trim_start_matches("/p/").to_owned();
    let (_, _, generic) = page(&app, "/p/x").await;
    let mut flipped = token.clone().into_bytes();
    flipped[40] = if flipped[40] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    for junk in [
        flipped.as_str(),
        &token[..token.len() - 1],
        &format!("{token}A"),
        &"A".repeat(5000),
        "%00",
        "..%2F..%2Fetc",
        "%FF%FE",
    ] {
        let (s, _, body) = page(&app, &format!("/p/{junk}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{junk}");
        assert_eq!(body, generic, "404 pages must not differ");
        assert!(!body.contains(junk));
    }
    // Another key signing the same grant is a forgery too.
    let (s, _, _) = page(&app, &format!("/p/{flipped}/projects/{}", seed.project)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn expired_revoked_and_cut_off_links_are_410_with_a_renew_form_and_no_data() {
    let app = TestApp::spawn_with(|s| s.leeway_seconds = 0).await;
    let seed = app.seed().await;
    let (_, short) = app
        .link(
            &seed,
            json!({"email": "cleo@client.test", "ttl": "60s", "send": false}),
        )
        .await;
    assert_eq!(page(&app, &short).await.0, StatusCode::OK);
    app.clock.advance(61);
    let (s, h, body) = page(&app, &short).await;
    assert_eq!(s, StatusCode::GONE);
    assert!(
        body.contains(&format!("action=\"{short}/renew\"")),
        "{body}"
    );
    assert!(!body.contains("Approve homepage mockup") && !body.contains("Acme"));
    assert_eq!(h["cache-control"], "no-store");
    // Deep routes of a dead link are gone too.
    assert_eq!(
        page(&app, &format!("{short}/projects/{}", seed.project))
            .await
            .0,
        StatusCode::GONE
    );

    let (grant, revoked) = app.cleo_link(&seed).await;
    app.call(Method::DELETE, &format!("/links/{grant}"), None)
        .await;
    assert_eq!(page(&app, &revoked).await.0, StatusCode::GONE);

    let (_, before_cutoff) = app.cleo_link(&seed).await;
    app.clock.advance(1);
    app.call(
        Method::POST,
        &format!("/clients/{}/links/cutoff", seed.client),
        None,
    )
    .await;
    assert_eq!(page(&app, &before_cutoff).await.0, StatusCode::GONE);
    app.clock.advance(1);
    let (_, after_cutoff) = app.cleo_link(&seed).await;
    assert_eq!(page(&app, &after_cutoff).await.0, StatusCode::OK);

    let (s, _, body) = page(&app, &format!("{revoked}/renew")).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    let res = post_form(&app, &format!("{revoked}/renew"), &[], &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        !res.text().await.unwrap().contains("/p/"),
        "the renew page must not show a link"
    );
}

#[tokio::test]
async fn a_closed_portal_is_410_without_a_renew_form() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    app.call(
        Method::PATCH,
        &format!("/clients/{}", seed.client),
        Some(json!({"portal_enabled": false})),
    )
    .await;
    let (s, _, body) = page(&app, &path).await;
    assert_eq!(s, StatusCode::GONE);
    assert!(!body.contains("/renew"));
    assert!(!body.contains("Approve homepage mockup"));
}

#[tokio::test]
async fn switched_off_sections_are_not_rendered_and_their_routes_404() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    app.call(Method::PATCH, &format!("/clients/{}", seed.client), Some(json!({"sections": {"milestones": true, "files": false, "approvals": false, "activity": true}}))).await;
    let (_, _, body) = page(&app, &format!("{path}/projects/{}", seed.project)).await;
    assert!(!body.contains("homepage-mockup.pdf"));
    assert!(!body.contains("Approve homepage mockup"));
    assert!(body.contains("Design mockups"));
    assert_eq!(
        page(&app, &format!("{path}/files/{}/1", seed.file)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&app, &format!("{path}/approvals/{}", seed.approval))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn downloads_are_attachments_with_ranges_and_safe_types() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let res = app.get(&format!("{path}/files/{}/1", seed.file)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''homepage-mockup.pdf")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["accept-ranges"], "bytes");
    assert_eq!(res.bytes().await.unwrap().as_ref(), seed.content.as_slice());
    let res = app
        .http
        .get(app.url(&format!("{path}/files/{}/1", seed.file)))
        .header("range", "bytes=5-14")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        res.headers()["content-range"],
        format!("bytes 5-14/{}", seed.content.len()).as_str()
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), &seed.content[5..15]);
    let res = app
        .http
        .get(app.url(&format!("{path}/files/{}/1", seed.file)))
        .header("range", "bytes=99999-")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    // An HTML upload never goes out as HTML.
    let (_, f) = app
        .upload(
            &seed.project,
            "evil.html",
            b"<script>alert(1)</script>".to_vec(),
        )
        .await;
    let res = app
        .get(&format!("{path}/files/{}/1", f["id"].as_str().unwrap()))
        .await;
    assert_eq!(res.headers()["content-type"], "application/octet-stream");
    // Unknown version, unknown file, hidden file: 404.
    assert_eq!(
        app.get(&format!("{path}/files/{}/9", seed.file))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("{path}/files/{}/x", seed.file))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    app.call(
        Method::PATCH,
        &format!("/files/{}", seed.file),
        Some(json!({"client_visible": false})),
    )
    .await;
    assert_eq!(
        app.get(&format!("{path}/files/{}/1", seed.file))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn records_of_another_client_or_project_are_404() {
    let app = TestApp::spawn().await;
    let a = app.seed().await;
    let b = app.seed().await;
    let (_, path) = app.cleo_link(&a).await;
    for p in [
        format!("projects/{}", b.project),
        format!("approvals/{}", b.approval),
        format!("files/{}/1", b.file),
    ] {
        assert_eq!(
            page(&app, &format!("{path}/{p}")).await.0,
            StatusCode::NOT_FOUND,
            "{p}"
        );
    }
    // POST to a foreign approval is 404 before the form is looked at, even from another origin.
    let res = post_form(
        &app,
        &format!("{path}/approvals/{}", b.approval),
        &[("decision", "approve")],
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A project-scoped link sees only its project.
    let (_, p2) = app
        .call(
            Method::POST,
            &format!("/clients/{}/projects", a.client),
            Some(json!({"name": "Second"})),
        )
        .await;
    let (_, scoped) = app
        .link(
            &a,
            json!({"email": "cleo@client.test", "project_id": p2["id"], "send": false}),
        )
        .await;
    assert_eq!(
        page(&app, &format!("{scoped}/projects/{}", a.project))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&app, &format!("{scoped}/approvals/{}", a.approval))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, _, overview) = page(&app, &scoped).await;
    assert!(overview.contains("Second") && !overview.contains("Website relaunch"));
}

#[tokio::test]
async fn approving_records_full_evidence_once() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (grant, path) = app.cleo_link(&seed).await;
    let approval_path = format!("{path}/approvals/{}", seed.approval);
    let (_, _, form_page) = page(&app, &approval_path).await;
    let sha = sha_hex(&seed.content);
    assert!(form_page.contains(&sha));
    let nonce = hidden(&form_page, "nonce");
    assert_eq!(hidden(&form_page, "version_sha256"), sha);
    let good = [
        ("decision", "approve"),
        ("name", "Cleo Client"),
        ("confirm", "on"),
        ("version_sha256", sha.as_str()),
        ("nonce", nonce.as_str()),
    ];

    let res = post_form(
        &app,
        &approval_path,
        &good,
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form(
        &app,
        &approval_path,
        &good,
        &[("origin", "null"), ("sec-fetch-site", "cross-site")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form(&app, &approval_path, &good, &[("origin", "null")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let stale = [
        ("decision", "approve"),
        ("name", "Cleo Client"),
        ("confirm", "on"),
        ("version_sha256", &"0".repeat(64)),
        ("nonce", nonce.as_str()),
    ];
    assert_eq!(
        post_form(&app, &approval_path, &stale, &[]).await.status(),
        StatusCode::CONFLICT
    );
    let no_name = [
        ("decision", "approve"),
        ("confirm", "on"),
        ("version_sha256", sha.as_str()),
        ("nonce", nonce.as_str()),
    ];
    let res = post_form(&app, &approval_path, &no_name, &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("full name"));
    let no_confirm = [
        ("decision", "approve"),
        ("name", "Cleo Client"),
        ("version_sha256", sha.as_str()),
        ("nonce", nonce.as_str()),
    ];
    assert_eq!(
        post_form(&app, &approval_path, &no_confirm, &[])
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let forged_nonce = [
        ("decision", "approve"),
        ("name", "Cleo"),
        ("confirm", "on"),
        ("version_sha256", sha.as_str()),
        ("nonce", "forged"),
    ];
    assert_eq!(
        post_form(&app, &approval_path, &forged_nonce, &[])
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );

    let origin = app.base.clone();
    let res = post_form(
        &app,
        &approval_path,
        &good,
        &[
            ("origin", origin.as_str()),
            ("user-agent", "EvidenceBrowser/2.0"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], approval_path.as_str());
    // The same nonce again: same answer, nothing recorded twice.
    let res = post_form(&app, &approval_path, &good, &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A different decision afterwards: 409.
    let (_, _, receipt) = page(&app, &approval_path).await;
    assert!(receipt.contains("Cleo Client") && receipt.contains(&sha));

    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["status"], "approved");
    let decisions = a["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 1);
    let d = &decisions[0];
    assert_eq!(d["decision"], "approve");
    assert_eq!(d["typed_name"], "Cleo Client");
    assert_eq!(d["grant_id"], grant.as_str());
    assert_eq!(d["contact_email"], "cleo@client.test");
    assert_eq!(d["client_ip"], "127.0.0.1");
    assert_eq!(d["user_agent"], "EvidenceBrowser/2.0");
    assert_eq!(d["file_id"], seed.file.as_str());
    assert_eq!(d["version"], 1);
    assert_eq!(d["sha256"], sha.as_str());
    let seq = d["audit_seq"].as_u64().unwrap();
    let (_, events) = app
        .call(Method::GET, &format!("/audit?after={}", seq - 1), None)
        .await;
    assert_eq!(events[0]["kind"], "approval.decided");
    assert_eq!(events[0]["hash"], d["audit_hash"]);
    assert_eq!(events[0]["actor"], format!("link:{grant}").as_str());
    assert!(receipt.contains(&format!("{seq}")));
    let token = path.trim_start_matches("/p/");
    assert!(!a.to_string().contains(token) && !events.to_string().contains(token));

    // Another fresh form (new nonce) on a decided approval: 409.
    let other = [
        ("decision", "approve"),
        ("name", "Cleo"),
        ("confirm", "on"),
        ("version_sha256", sha.as_str()),
        (
            "nonce",
            &app.state.keyring().sign_nonce(&grant, &seed.approval),
        ),
    ];
    assert_eq!(
        post_form(&app, &approval_path, &other, &[]).await.status(),
        StatusCode::CONFLICT
    );
    let (_, v) = app.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(v["ok"], true);
}

#[tokio::test]
async fn requesting_changes_needs_a_comment_and_a_new_version_reopens() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let approval_path = format!("{path}/approvals/{}", seed.approval);
    let (_, _, p) = page(&app, &approval_path).await;
    let (nonce, sha) = (hidden(&p, "nonce"), hidden(&p, "version_sha256"));
    let no_comment = [
        ("decision", "request_changes"),
        ("name", "Cleo Client"),
        ("version_sha256", sha.as_str()),
        ("nonce", nonce.as_str()),
    ];
    assert_eq!(
        post_form(&app, &approval_path, &no_comment, &[])
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let with_comment = [
        ("decision", "request_changes"),
        ("name", "Cleo Client"),
        ("comment", "Bigger logo please"),
        ("version_sha256", sha.as_str()),
        ("nonce", nonce.as_str()),
    ];
    assert_eq!(
        post_form(&app, &approval_path, &with_comment, &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["status"], "changes_requested");
    assert_eq!(a["decisions"][0]["comment"], "Bigger logo please");
    // Version 2 re-opens the approval on the new bytes; the old decision stays in history.
    let (_, f) = app
        .upload(&seed.project, "homepage-mockup.pdf", b"v2 bytes".to_vec())
        .await;
    assert_eq!(f["version"]["n"], 2);
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["status"], "pending");
    assert_eq!(a["target_version"], 2);
    assert_eq!(a["decisions"].as_array().unwrap().len(), 1);
    // A form rendered for version 1 is now stale: 409 showing the new version.
    let old = [
        ("decision", "approve"),
        ("name", "Cleo Client"),
        ("confirm", "on"),
        ("version_sha256", sha.as_str()),
        (
            "nonce",
            &app.state.keyring().sign_nonce(
                a["decisions"][0]["grant_id"].as_str().unwrap(),
                &seed.approval,
            ),
        ),
    ];
    let res = post_form(&app, &approval_path, &old, &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains(&sha_hex(b"v2 bytes")));
}

#[tokio::test]
async fn get_and_head_change_no_record_and_views_are_batched() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (grant, path) = app.cleo_link(&seed).await;
    let (_, before) = app.call(Method::GET, "/audit/verify", None).await;
    for _ in 0..3 {
        assert_eq!(page(&app, &path).await.0, StatusCode::OK);
    }
    let res = app.http.head(app.url(&path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    page(&app, &format!("{path}/approvals/{}", seed.approval)).await;
    let (_, after) = app.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(
        before["events"], after["events"],
        "a view appended to the audit chain"
    );
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["status"], "pending");
    // Counted in memory, written on the next flush (here: shutdown).
    let mut again = app.restart().await;
    let (_, g) = again
        .call(Method::GET, &format!("/links/{grant}"), None)
        .await;
    assert_eq!(g["views"], 4, "{g}");
    assert!(g["last_seen_at"].is_string());
    again.stop().await;
}

#[tokio::test]
async fn key_rotation_keeps_old_links_working() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, old) = app.cleo_link(&seed).await;
    let id = app
        .state
        .rotate_key(&porthole::store::Actor::System)
        .unwrap();
    assert_eq!(id, 2);
    let (_, new) = app.cleo_link(&seed).await;
    assert_eq!(page(&app, &old).await.0, StatusCode::OK);
    assert_eq!(page(&app, &new).await.0, StatusCode::OK);
    app.state
        .remove_key(&porthole::store::Actor::System, 1)
        .unwrap();
    assert_eq!(
        page(&app, &old).await.0,
        StatusCode::NOT_FOUND,
        "a removed key's links are forgeries now"
    );
    assert_eq!(page(&app, &new).await.0, StatusCode::OK);
}

#[tokio::test]
async fn comments_from_the_link_are_recorded_with_the_contact() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (grant, path) = app.cleo_link(&seed).await;
    let (_, _, p) = page(&app, &format!("{path}/projects/{}", seed.project)).await;
    let nonce = hidden(&p, "nonce");
    let res = post_form(
        &app,
        &format!("{path}/comments"),
        &[
            ("milestone_id", &seed.milestone),
            ("body", "Looks great!"),
            ("nonce", &nonce),
        ],
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, d) = app
        .call(Method::GET, &format!("/projects/{}", seed.project), None)
        .await;
    let c = &d["comments"][0];
    assert_eq!(c["body"], "Looks great!");
    assert_eq!(c["author"]["kind"], "link");
    assert_eq!(c["author"]["grant_id"], grant.as_str());
    let (_, _, p) = page(&app, &format!("{path}/projects/{}", seed.project)).await;
    assert!(p.contains("Looks great!"));
    let res = post_form(
        &app,
        &format!("{path}/comments"),
        &[
            ("milestone_id", &seed.milestone),
            ("body", " "),
            ("nonce", &nonce),
        ],
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = post_form(
        &app,
        &format!("{path}/comments"),
        &[("milestone_id", &seed.milestone), ("body", "no nonce")],
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = post_form(
        &app,
        &format!("{path}/comments"),
        &[("milestone_id", "nope"), ("body", "x")],
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rate_limit_is_429_with_retry_after() {
    let app = TestApp::spawn_with(|s| s.client_per_minute = 5).await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let res = app.get("/p/x").await;
        statuses.push(res.status());
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(res.headers().contains_key("retry-after"));
            assert_eq!(res.headers()["cache-control"], "no-store");
        }
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count(),
        3,
        "{statuses:?}"
    );
    // The staff API is not limited by the client limit.
    assert_eq!(
        app.call(Method::GET, "/clients", None).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn forwarded_for_counts_only_from_trusted_proxies() {
    let app =
        TestApp::spawn_with(|s| s.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let approval_path = format!("{path}/approvals/{}", seed.approval);
    let (_, _, p) = page(&app, &approval_path).await;
    let (nonce, sha) = (hidden(&p, "nonce"), hidden(&p, "version_sha256"));
    let form = [
        ("decision", "approve"),
        ("name", "Cleo"),
        ("confirm", "on"),
        ("version_sha256", sha.as_str()),
        ("nonce", nonce.as_str()),
    ];
    let res = post_form(
        &app,
        &approval_path,
        &form,
        &[("x-forwarded-for", "203.0.113.7")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["decisions"][0]["client_ip"], "203.0.113.7");
}
