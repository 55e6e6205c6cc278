//! Webhooks (SPEC 14): signed deliveries checked by an HMAC computed here from scratch,
//! retries after a failing receiver, re-sending by hand, and the private-address guard
//! at registration and at delivery.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode as AxumStatus};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::helpers::{TestApp, decide_through_link, eventually};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    headers: HeaderMap,
    body: Vec<u8>,
}

/// A tiny webhook receiver in the test process: records every POST and answers with the
/// next status of `answers` (204 once they run out).
#[derive(Clone)]
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(answers: Vec<u16>) -> Self {
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let answers = Arc::new(Mutex::new(answers.into_iter()));
        let (g, a) = (got.clone(), answers.clone());
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let (g, a) = (g.clone(), a.clone());
                async move {
                    g.lock().unwrap().push(Received {
                        headers,
                        body: body.to_vec(),
                    });
                    let code = a.lock().unwrap().next().unwrap_or(204);
                    AxumStatus::from_u16(code).unwrap()
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, got }
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    async fn wait_for(&self, n: usize) -> Vec<Received> {
        eventually(&format!("{n} deliveries"), async || self.got().len() >= n).await;
        self.got()
    }
}

/// HMAC-SHA256 written out from RFC 2104, so the check does not share the server's code.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|k| k ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

fn header<'a>(r: &'a Received, name: &str) -> &'a str {
    r.headers.get(name).unwrap().to_str().unwrap()
}

/// Whether `r` carries a `v1` signature of its id, timestamp and body under `secret`.
fn signed_with(r: &Received, secret: &str) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let mut message = format!(
        "{}.{}.",
        header(r, "webhook-id"),
        header(r, "webhook-timestamp")
    )
    .into_bytes();
    message.extend_from_slice(&r.body);
    let expected = format!("v1,{}", STANDARD.encode(hmac_sha256(&key, &message)));
    header(r, "webhook-signature")
        .split(' ')
        .any(|s| s == expected)
}

async fn register(app: &TestApp, url: &str, events: &[&str]) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/webhooks",
        Some(json!({"url": url, "events": events})),
    )
    .await
}

async fn deliveries(app: &TestApp, hook: &str) -> Vec<Value> {
    let (s, d) = app
        .call(Method::GET, &format!("/webhooks/{hook}/deliveries"), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    d.as_array().unwrap().clone()
}

fn allow_private(s: &mut porthole::config::Settings) {
    s.webhooks.allow_private = true;
}

#[tokio::test]
async fn a_decision_reaches_the_webhook_signed_with_its_comment_and_approver() {
    let app = TestApp::spawn_with(allow_private).await;
    let receiver = Receiver::start(vec![]).await;
    let (s, hook) = register(&app, &receiver.url, &["approval.decided"]).await;
    assert_eq!(s, StatusCode::CREATED, "{hook}");
    let secret = hook["secret"].as_str().unwrap().to_owned();
    assert!(
        secret.starts_with("whsec_") && secret.len() > 40,
        "{secret}"
    );
    let id = hook["id"].as_str().unwrap().to_owned();
    let (_, listed) = app.call(Method::GET, "/webhooks", None).await;
    assert_eq!(listed[0]["id"], id.as_str());
    assert!(
        !listed.to_string().contains(&secret[6..]),
        "the list hides the secret"
    );

    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let answer = decide_through_link(
        &app,
        &path,
        &seed.approval,
        "request_changes",
        "Bigger logo",
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);

    let got = receiver.wait_for(1).await;
    assert_eq!(
        got.len(),
        1,
        "approval.requested is not sent to a hook that did not ask"
    );
    let r = &got[0];
    assert!(signed_with(r, &secret), "signature {:?}", r.headers);
    assert_eq!(header(r, "content-type"), "application/json");
    let ts: i64 = header(r, "webhook-timestamp").parse().unwrap();
    assert!((ts - app.state.clock.unix()).abs() < 60);
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body["type"], "approval.decided");
    let data = &body["data"];
    assert_eq!(data["approval"]["id"], seed.approval.as_str());
    assert_eq!(data["approval"]["status"], "changes_requested");
    assert_eq!(data["decision"], "request_changes");
    assert_eq!(data["comment"], "Bigger logo");
    assert_eq!(data["approver"]["name"], "Cleo Client");
    assert_eq!(data["approver"]["email"], "cleo@client.test");
    assert_eq!(
        data["file"]["sha256"],
        crate::helpers::sha_hex(&seed.content).as_str()
    );

    // A tampered body no longer matches the signature.
    let mut forged = r.clone();
    forged.body = r.body.replace_first(b"Bigger", b"Smaller");
    assert!(!signed_with(&forged, &secret));

    // The receiver has the request before the sender has recorded its answer.
    let mut log = Vec::new();
    eventually("the delivery recorded", async || {
        log = deliveries(&app, &id).await;
        log.first().is_some_and(|d| d["status"] != "queued")
    })
    .await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["attempts"], 1);
    assert_eq!(log[0]["response_status"], 204);
    assert_eq!(log[0]["event_id"], header(r, "webhook-id"));
}

trait ReplaceFirst {
    fn replace_first(&self, from: &[u8], to: &[u8]) -> Vec<u8>;
}

impl ReplaceFirst for Vec<u8> {
    fn replace_first(&self, from: &[u8], to: &[u8]) -> Vec<u8> {
        let at = self.windows(from.len()).position(|w| w == from).unwrap();
        [&self[..at], to, &self[at + from.len()..]].concat()
    }
}

#[tokio::test]
async fn a_failing_receiver_gets_the_same_delivery_again_after_the_backoff() {
    let app = TestApp::spawn_with(allow_private).await;
    let receiver = Receiver::start(vec![500]).await;
    let (s, hook) = register(&app, &receiver.url, &["approval.requested"]).await;
    assert_eq!(s, StatusCode::CREATED, "{hook}");
    let (id, secret) = (
        hook["id"].as_str().unwrap().to_owned(),
        hook["secret"].as_str().unwrap().to_owned(),
    );
    let seed = app.seed().await;

    let first = receiver.wait_for(1).await;
    let mut log = Vec::new();
    eventually("the failure recorded", async || {
        log = deliveries(&app, &id).await;
        log[0]["attempts"] == 1
    })
    .await;
    assert_eq!(log[0]["status"], "queued", "{log:?}");
    assert_eq!(log[0]["response_status"], 500);
    assert!(log[0]["last_error"].as_str().unwrap().contains("500"));

    // Nothing more before the first backoff (30 s) has passed...
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(receiver.got().len(), 1);
    // ...then the same delivery again.
    app.clock.advance(31);
    let again = receiver.wait_for(2).await;
    assert_eq!(
        header(&again[1], "webhook-id"),
        header(&first[0], "webhook-id")
    );
    assert_eq!(again[1].body, first[0].body);
    assert!(signed_with(&again[1], &secret));
    let body: Value = serde_json::from_slice(&again[1].body).unwrap();
    assert_eq!(body["type"], "approval.requested");
    assert_eq!(body["data"]["approval"]["id"], seed.approval.as_str());
    eventually("the delivery recorded", async || {
        deliveries(&app, &id).await[0]["status"] == "delivered"
    })
    .await;
    assert_eq!(deliveries(&app, &id).await[0]["attempts"], 2);

    // Staff can send it once more by hand.
    let delivery = log[0]["id"].as_str().unwrap();
    let (s, d) = app
        .call(
            Method::POST,
            &format!("/webhooks/{id}/deliveries/{delivery}/retry"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "queued");
    let third = receiver.wait_for(3).await;
    assert_eq!(
        header(&third[2], "webhook-id"),
        header(&first[0], "webhook-id")
    );
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/webhooks/{id}/deliveries/nope/retry"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn private_targets_are_refused_at_registration_and_at_delivery() {
    let app = TestApp::spawn().await;
    for url in [
        "http://127.0.0.1:9000/hook",
        "http://10.1.2.3/hook",
        "http://[::1]:9000/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://169.254.169.254/latest",
        "http://localhost:9000/hook",
    ] {
        let (s, e) = register(&app, url, &["approval.decided"]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {e}");
        assert_eq!(e["error"]["code"], "invalid");
        assert!(
            e["error"]["message"].as_str().unwrap().starts_with("url:"),
            "{e}"
        );
    }
    let (s, _) = app.call(Method::GET, "/webhooks", None).await;
    assert_eq!(s, StatusCode::OK);
    for (body, field) in [
        (
            json!({"url": "https://1.1.1.1/x", "events": ["approval.maybe"]}),
            "events",
        ),
        (json!({"url": "https://1.1.1.1/x", "events": []}), "events"),
        (
            json!({"url": "ftp://1.1.1.1/x", "events": ["form.submitted"]}),
            "url",
        ),
        (
            json!({"url": "https://1.1.1.1/x", "events": ["form.submitted"], "secret": "short"}),
            "secret",
        ),
    ] {
        let (s, e) = app.call(Method::POST, "/webhooks", Some(body)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert!(
            e["error"]["message"].as_str().unwrap().starts_with(field),
            "{e}"
        );
    }

    // A public address is accepted (nothing is sent until an event happens), with the
    // caller's own secret kept as given; deleting it takes it off the list.
    let own = format!("whsec_{}", STANDARD.encode([7u8; 32]));
    let (s, hook) = app
        .call(
            Method::POST,
            "/webhooks",
            Some(json!({"url": "https://1.1.1.1/x", "events": ["form.submitted"], "secret": own})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{hook}");
    assert_eq!(hook["secret"], own.as_str());
    let id = hook["id"].as_str().unwrap();
    let (s, gone) = app
        .call(Method::DELETE, &format!("/webhooks/{id}"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(gone["deleted_at"].is_string());
    let (_, listed) = app.call(Method::GET, "/webhooks", None).await;
    assert_eq!(listed, json!([]));
    let (s, _) = app
        .call(Method::DELETE, &format!("/webhooks/{id}"), None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // An endpoint that got past registration (written straight into the store here) is
    // still refused at delivery: its name resolves to loopback.
    let receiver = Receiver::start(vec![]).await;
    let port = receiver
        .url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    let sneaky = app
        .state
        .store
        .create_webhook(
            &porthole::store::Actor::System,
            app.state.clock.now(),
            porthole::store::NewWebhook {
                url: format!("http://localhost:{port}/hook"),
                events: vec![porthole::domain::webhooks::WebhookEvent::ApprovalRequested],
                secret: porthole::domain::webhooks::new_secret(),
            },
        )
        .unwrap();
    app.seed().await;
    let mut log = Vec::new();
    eventually("the refusal recorded", async || {
        log = deliveries(&app, &sneaky.id).await;
        log.first().is_some_and(|d| d["attempts"] == 1)
    })
    .await;
    assert_eq!(log[0]["status"], "failed", "{log:?}");
    assert!(
        log[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("private-address guard"),
        "{log:?}"
    );
    assert!(
        receiver.got().is_empty(),
        "nothing reached the loopback receiver"
    );
}

#[tokio::test]
async fn the_console_registers_shows_the_secret_once_lists_and_deletes() {
    use crate::helpers::{get_with, hidden, location, post_with, signed_in};
    let app = TestApp::spawn().await;
    let (mut jar, csrf) = signed_in(&app).await;
    let (s, page) = get_with(&app, &mut jar, "/staff/webhooks").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("No endpoint yet"), "{page}");
    assert!(page.contains("name=\"ev_approval.decided\""));

    let refused = post_with(
        &app,
        &mut jar,
        "/staff/webhooks",
        &[
            ("csrf", &csrf),
            ("url", "http://127.0.0.1:9/x"),
            ("ev_approval.decided", "on"),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = refused.text().await.unwrap();
    assert!(body.contains("a loopback address"), "{body}");
    assert!(
        body.contains("value=\"http://127.0.0.1:9/x\""),
        "the form keeps the address"
    );

    let created = post_with(
        &app,
        &mut jar,
        "/staff/webhooks",
        &[
            ("csrf", &csrf),
            ("url", "https://1.1.1.1/hooks/porthole"),
            ("ev_approval.decided", "on"),
            ("ev_form.submitted", "on"),
        ],
    )
    .await;
    assert_eq!(created.status(), StatusCode::OK);
    let shown = created.text().await.unwrap();
    let (_, hooks) = app.call(Method::GET, "/webhooks", None).await;
    let id = hooks[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        hooks[0]["events"],
        json!(["approval.decided", "form.submitted"])
    );
    let secret = app.state.store.webhook(&id).unwrap().secret;
    assert!(shown.contains(&secret), "the secret is shown once");

    let (_, list) = get_with(&app, &mut jar, "/staff/webhooks").await;
    assert!(list.contains("https://1.1.1.1/hooks/porthole"));
    assert!(!list.contains(&secret), "and never again");
    let (s, one) = get_with(&app, &mut jar, &format!("/staff/webhooks/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(one.contains("Nothing was sent yet."));
    let csrf = hidden(&one, "csrf");
    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/webhooks/{id}/delete"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff/webhooks");
    let (_, hooks) = app.call(Method::GET, "/webhooks", None).await;
    assert_eq!(hooks, json!([]));
}

#[tokio::test]
async fn endpoints_and_their_deliveries_come_a_page_at_a_time() {
    let app = TestApp::spawn_with(allow_private).await;
    // Nothing listens on the discard port: deliveries stay in the log, failing.
    for _ in 0..3 {
        let (s, hook) = register(&app, "http://127.0.0.1:9/hook", &["approval.requested"]).await;
        assert_eq!(s, StatusCode::CREATED, "{hook}");
    }
    app.seed().await;
    app.seed().await;

    let ids = |pages: Vec<Vec<Value>>| -> Vec<String> {
        pages
            .concat()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let by_one = app.all_pages("/webhooks?limit=1").await;
    assert_eq!(by_one.len(), 3, "one endpoint a page");
    let hooks = ids(by_one);
    assert_eq!(hooks, ids(app.all_pages("/webhooks").await));

    let log = format!("/webhooks/{}/deliveries", hooks[0]);
    let by_one = app.all_pages(&format!("{log}?limit=1")).await;
    assert_eq!(by_one.len(), 2, "one delivery a page");
    let all = app.all_pages(&log).await.concat();
    assert_eq!(ids(by_one), ids(vec![all.clone()]));
    // Newest first.
    let queued: Vec<&str> = all
        .iter()
        .map(|d| d["queued_at"].as_str().unwrap())
        .collect();
    assert!(queued[0] >= queued[1], "{queued:?}");
}
