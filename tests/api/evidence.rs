//! Evidence outside the server (SPEC 14): the receipt mailed to the deciding contact
//! with the chain head, the public `/verify` page, and metrics on their own listener.

use reqwest::{Method, StatusCode};

use crate::helpers::{TestApp, decide_through_link, free_port, sha_hex};

/// Decide on the seeded approval through Cleo's link; returns the decision's audit seq
/// and hash as `GET /approvals/{id}` reports them.
async fn decided(app: &TestApp, seed: &crate::helpers::Seed, decision: &str) -> (u64, String) {
    let (_, path) = app.cleo_link(seed).await;
    let answer = decide_through_link(app, &path, &seed.approval, decision, "Looks right").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    let d = &a["decisions"][0];
    (
        d["audit_seq"].as_u64().unwrap(),
        d["audit_hash"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn the_receipt_mail_holds_the_decision_the_file_hash_and_the_chain_head() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (seq, hash) = decided(&app, &seed, "approve").await;

    let mut receipt = None;
    crate::helpers::eventually("the receipt mail", async || {
        // The one decision of this test: its receipt is the only one.
        receipt = app.mails().into_iter().find(|m| {
            m.contains("To: \"Cleo Client\" <cleo@client.test>") && m.contains("Your receipt")
        });
        receipt.is_some()
    })
    .await;
    let mail = receipt.unwrap();
    assert!(
        mail.contains("Subject: Your receipt: you approved Approve homepage mockup"),
        "{mail}"
    );
    assert!(mail.contains("Decision: Approved"), "{mail}");
    assert!(
        mail.contains("File: homepage-mockup.pdf (version 1)"),
        "{mail}"
    );
    assert!(
        mail.contains(&format!("File SHA-256: {}", sha_hex(&seed.content))),
        "{mail}"
    );
    assert!(mail.contains(&format!("Audit record: No. {seq}")), "{mail}");
    assert!(mail.contains(&format!("Audit hash: {hash}")), "{mail}");
    assert!(
        mail.contains(&format!("{}/verify?seq={seq}&hash={hash}", app.base)),
        "{mail}"
    );
    assert!(mail.contains("> Looks right"), "{mail}");

    // The chain head in the mail is the decision's own event in the audit chain.
    let (s, events) = app.call(Method::GET, "/audit?after=0", None).await;
    assert_eq!(s, StatusCode::OK);
    let event = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["seq"] == seq)
        .expect("the receipt's seq is in the chain");
    assert_eq!(event["hash"], hash.as_str());
    assert_eq!(event["kind"], "approval.decided");
    assert_eq!(event["details"]["sha256"], sha_hex(&seed.content).as_str());
}

#[tokio::test]
async fn verify_answers_genuine_altered_and_not_found_and_tells_nothing_else() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (seq, hash) = decided(&app, &seed, "approve").await;

    let form = app.page("/verify").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.content_type.starts_with("text/html"));
    assert!(form.body.contains("name=\"seq\"") && form.body.contains("name=\"hash\""));
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    assert!(!form.body.contains("<script"));

    let genuine = app.page(&format!("/verify?seq={seq}&hash={hash}")).await;
    assert_eq!(genuine.status, StatusCode::OK);
    assert!(genuine.body.contains("Genuine"), "{}", genuine.body);
    assert!(
        genuine
            .body
            .contains("This receipt is in the chain, unaltered.")
    );
    assert!(genuine.body.contains("homepage-mockup.pdf"));
    assert!(genuine.body.contains("Approved"));
    for secret in [
        "cleo@client.test",
        "Cleo Client",
        "Acme Ltd",
        "Website relaunch",
        "192.0.2",
        "Looks right",
    ] {
        assert!(!genuine.body.contains(secret), "/verify shows {secret}");
    }

    let upper = app
        .page(&format!("/verify?seq={seq}&hash={}", hash.to_uppercase()))
        .await;
    assert!(
        upper.body.contains("Genuine"),
        "the hash is read in either case"
    );

    let wrong = sha_hex(hash.as_bytes());
    let altered = app.page(&format!("/verify?seq={seq}&hash={wrong}")).await;
    assert_eq!(altered.status, StatusCode::OK);
    assert!(altered.body.contains("Altered"), "{}", altered.body);
    assert!(altered.body.contains("does not match the chain"));
    assert!(!altered.body.contains("homepage-mockup.pdf"));

    let unknown = app.page(&format!("/verify?seq=999999&hash={hash}")).await;
    assert!(unknown.body.contains("Not found"), "{}", unknown.body);
    assert!(unknown.body.contains("There is no audit record No. 999999"));

    for junk in [
        "/verify?seq=abc&hash=00",
        "/verify?seq=1&hash=xyz",
        "/verify?seq=0&hash=",
    ] {
        let refused = app.page(junk).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{junk}");
        assert!(
            refused.body.contains("<form"),
            "{junk}: the form comes back"
        );
    }

    // A file: the decided version is found, other bytes are not.
    let file = |bytes: Vec<u8>| {
        reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("x.pdf"),
        )
    };
    let res = app
        .http
        .post(app.url("/verify"))
        .multipart(file(seed.content.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Found in the chain"), "{page}");
    assert!(page.contains("homepage-mockup.pdf") && page.contains(&sha_hex(&seed.content)));
    let res = app
        .http
        .post(app.url("/verify"))
        .multipart(file(b"other bytes".to_vec()))
        .send()
        .await
        .unwrap();
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Not found") && !page.contains("homepage-mockup.pdf"),
        "{page}"
    );
}

#[tokio::test]
async fn metrics_are_served_on_their_own_listener_only() {
    let port = free_port();
    let app = TestApp::spawn_with(|s| {
        s.metrics_listen = Some(format!("127.0.0.1:{port}").parse().unwrap());
    })
    .await;
    let seed = app.seed().await;
    decided(&app, &seed, "approve").await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(
        app.get("/metrics").await.status(),
        StatusCode::NOT_FOUND,
        "not on the public listener"
    );

    let res = app
        .http
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = res.text().await.unwrap();
    for line in [
        "# TYPE http_requests_total counter",
        "http_requests_total{class=\"health\",status=\"200\"}",
        "# TYPE http_request_duration_seconds histogram",
        "http_request_duration_seconds_bucket{class=\"client\",status=\"303\",le=",
        "porthole_decisions_total{decision=\"approve\"}",
        "# TYPE porthole_commit_batch_size histogram",
        "porthole_page_cache_total{result=",
        "porthole_mail_queue_depth",
        "porthole_webhook_queue_depth",
    ] {
        assert!(text.contains(line), "no {line} in\n{text}");
    }
}
