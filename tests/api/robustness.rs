//! SPEC 15: slow or idle sockets cannot starve the server, sign-in answers known and
//! unknown addresses alike, files are owner-only from the start, HSTS on https, and a
//! backup taken while decisions stream in restores every acknowledged one.

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::Mutex;

use crate::helpers::{Jar, TestApp, approve_over_http, ask_sign_in, last_line, porthole, stderr};

#[tokio::test]
async fn sockets_that_never_finish_their_headers_are_closed_while_healthz_answers() {
    let app = TestApp::spawn().await;
    let started = tokio::time::Instant::now();
    let mut slow = Vec::new();
    for _ in 0..40 {
        let mut s = tokio::net::TcpStream::connect(app.addr).await.unwrap();
        // No blank line: the headers never end.
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(s);
    }
    // And sockets that send nothing at all.
    for _ in 0..10 {
        slow.push(tokio::net::TcpStream::connect(app.addr).await.unwrap());
    }
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
    // The header-read timeout is 10 s: each socket is closed by then (an answer such as
    // 408 may come first), with a few seconds' slack for a busy machine.
    let deadline = started + Duration::from_secs(15);
    for (i, s) in slow.iter_mut().enumerate() {
        let mut rest = Vec::new();
        let closed = tokio::time::timeout_at(deadline, s.read_to_end(&mut rest)).await;
        assert!(closed.is_ok(), "socket {i} still open after 15 s");
    }
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_in_answers_known_and_unknown_addresses_with_the_same_bytes() {
    let app = TestApp::spawn().await;
    app.add_staff("Sam Staff", "sam@agency.test");
    let mut answers = Vec::new();
    for email in ["sam@agency.test", "nobody@agency.test"] {
        let res = ask_sign_in(&app, &mut Jar::default(), email).await;
        let status = res.status();
        let mut headers: Vec<(String, String)> = res
            .headers()
            .iter()
            .filter(|(name, _)| !matches!(name.as_str(), "x-request-id" | "date"))
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        headers.sort();
        answers.push((status, headers, res.bytes().await.unwrap()));
    }
    assert_eq!(answers[0].0, StatusCode::OK);
    assert_eq!(answers[0], answers[1], "nothing tells the addresses apart");
    // The mail went out after the answer, to the known address only.
    app.state.sign_ins.settled().await;
    let mails = app.mails();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].contains("<sam@agency.test>"), "{}", mails[0]);
    assert!(mails[0].contains("/staff/signin/"));
}

/// Every path under `top` (`top` included) that its group or others may use.
fn open_to_others(top: &Path) -> Vec<(PathBuf, u32)> {
    let mut bad = Vec::new();
    let mut todo = vec![top.to_owned()];
    while let Some(p) = todo.pop() {
        let meta = std::fs::symlink_metadata(&p).unwrap();
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            bad.push((p.clone(), mode));
        }
        if meta.is_dir() {
            todo.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
    }
    bad
}

#[tokio::test]
async fn the_data_dir_and_its_backups_are_owner_only() {
    // The embedded store's own file is among what must be owner-only.
    let app = TestApp::spawn_embedded().await;
    // A record, a file's bytes and a mail in the outbox.
    app.seed().await;
    for part in ["porthole.redb", "blobs", "keys", "outbox"] {
        assert!(app.data_dir.join(part).exists(), "{part}");
    }
    let bad = open_to_others(&app.data_dir);
    assert!(bad.is_empty(), "readable by others: {bad:?}");
    assert_eq!(
        std::fs::metadata(&app.data_dir)
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
    let backup = app.dir.as_ref().unwrap().path().join("backup");
    let out = porthole(
        &app.data_dir,
        &["backup", "--out", backup.to_str().unwrap()],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(backup.join("porthole.redb").exists());
    let bad = open_to_others(&backup);
    assert!(bad.is_empty(), "backup readable by others: {bad:?}");
}

#[tokio::test]
async fn strict_transport_security_only_when_the_public_url_is_https() {
    let tls =
        TestApp::spawn_with(|s| s.set_public_url("https://portal.example.test").unwrap()).await;
    for path in ["/healthz", "/staff/login", "/p/not-a-link"] {
        let res = tls.get(path).await;
        assert_eq!(
            res.headers()
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap()),
            Some("max-age=31536000"),
            "{path}"
        );
    }
    let plain = TestApp::spawn().await;
    let res = plain.get("/staff/login").await;
    assert!(!res.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn a_backup_taken_while_decisions_stream_in_restores_every_acknowledged_one() {
    let app = Arc::new(TestApp::spawn().await);
    let seed = app.seed().await;
    let mut pending = Vec::new();
    for i in 0..40 {
        let (s, a) = app
            .call(
                Method::POST,
                &format!("/projects/{}/approvals", seed.project),
                Some(json!({"title": format!("Proof {i}"), "file_id": seed.file})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{a}");
        pending.push(a["id"].as_str().unwrap().to_owned());
    }
    let (_, link) = app.cleo_link(&seed).await;

    // Four clients decide at once; the backup starts once a quarter were acknowledged.
    let queue = Arc::new(Mutex::new(pending));
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut clients = Vec::new();
    for _ in 0..4 {
        let (app, queue, acked, link) = (app.clone(), queue.clone(), acked.clone(), link.clone());
        clients.push(tokio::spawn(async move {
            loop {
                let Some(id) = queue.lock().await.pop() else {
                    return;
                };
                let status = approve_over_http(&app, &link, &id).await;
                assert_eq!(status, StatusCode::SEE_OTHER, "{id}");
                acked.lock().await.push(id);
            }
        }));
    }
    while acked.lock().await.len() < 10 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let before_backup = acked.lock().await.clone();
    let backup = app.dir.as_ref().unwrap().path().join("backup");
    let out = porthole(
        &app.data_dir,
        &["backup", "--out", backup.to_str().unwrap()],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    for c in clients {
        c.await.unwrap();
    }
    assert_eq!(acked.lock().await.len(), 40);

    // The copy opens as a data dir: its chain verifies and every decision acknowledged
    // before the backup began is in it.
    let out = porthole(&backup, &["audit", "verify"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(last_line(&out).starts_with("ok "), "{}", last_line(&out));
    let mut restored = TestApp::start(&backup, |_| {}).await;
    restored.token = app.token.clone();
    for id in &before_backup {
        let (s, a) = restored
            .call(Method::GET, &format!("/approvals/{id}"), None)
            .await;
        assert_eq!(s, StatusCode::OK, "{a}");
        assert_eq!(a["status"], "approved", "{id}: {a}");
    }
    let (s, v) = restored.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    restored.stop().await;
}
