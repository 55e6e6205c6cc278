//! Two porthole processes on one PostgreSQL database (SPEC 16): this test's own server
//! (B, in process) and `porthole serve` (A, a child process it can kill -9). Runs whenever
//! PostgreSQL's server binaries are installed; `PORTHOLE_REQUIRE_POSTGRES=1` (CI) makes
//! their absence a failure rather than a skip.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use porthole::config::Backend;
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::sync::Mutex;

use crate::helpers::{
    TestApp, approve_at, backend_env, free_port, last_line, pin_backend, porthole, stderr,
};

fn postgres_installed() -> bool {
    let found = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| e.path().join("bin/initdb").exists());
    assert!(
        found || std::env::var("PORTHOLE_REQUIRE_POSTGRES").is_err(),
        "PORTHOLE_REQUIRE_POSTGRES is set but PostgreSQL is not installed"
    );
    if !found {
        eprintln!("SKIPPED: two processes on PostgreSQL (no PostgreSQL server installed)");
    }
    found
}

/// `porthole serve` on `data_dir` with the database of `like` (B's data dir).
fn serve_beside(like: &Path, data_dir: &Path, port: u16) -> tokio::process::Child {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_porthole"))
        .arg("serve")
        .env("PORTHOLE__STORAGE__DATA_DIR", data_dir)
        .env("PORTHOLE__SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("PORTHOLE__LIMITS__CLIENT_PER_MINUTE", "1000000")
        .envs(backend_env(like))
        .env_remove("PORTHOLE__SERVER__PUBLIC_URL")
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap()
}

async fn answers(http: &reqwest::Client, base: &str) -> bool {
    http.get(format!("{base}/healthz"))
        .send()
        .await
        .is_ok_and(|r| r.status() == StatusCode::OK)
}

/// Every Message-ID in a data dir's outbox.
fn message_ids(data_dir: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    let mut dirs = vec![data_dir.join("outbox")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "eml") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                ids.extend(
                    text.lines()
                        .find_map(|l| l.strip_prefix("Message-ID: "))
                        .map(str::to_owned),
                );
            }
        }
    }
    ids
}

#[tokio::test]
async fn two_processes_share_one_database() {
    if !postgres_installed() {
        return;
    }
    let pg = crate::pg_cluster::cluster();
    let b = Arc::new(
        TestApp::spawn_on(Backend::Postgres {
            url: pg.new_database(),
            master_key: rand::random(),
        })
        .await,
    );
    let a_dir = b.dir.as_ref().unwrap().path().join("a");
    let port = free_port();
    let a_base = format!("http://127.0.0.1:{port}");
    let mut a = serve_beside(&b.data_dir, &a_dir, port);
    for _ in 0..200 {
        if answers(&b.http, &a_base).await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(answers(&b.http, &a_base).await, "A did not start");

    // A write through B is visible through A at once, and B's links open on A.
    let seed = b.seed().await;
    let (s, c) = crate::helpers::json_of(
        b.http
            .get(format!("{a_base}/api/v1/clients/{}", seed.client))
            .bearer_auth(&b.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["name"], "Acme Ltd");
    let (_, link) = b.cleo_link(&seed).await;
    let page = b.http.get(format!("{a_base}{link}")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Website relaunch"));

    // Decisions stream into A; A is killed -9 part way. Every one A acknowledged is
    // approved when read through B, and B's chain verifies.
    let mut pending = Vec::new();
    for i in 0..60 {
        let (s, ap) = b
            .call(
                Method::POST,
                &format!("/projects/{}/approvals", seed.project),
                Some(json!({"title": format!("Proof {i}"), "file_id": seed.file})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{ap}");
        pending.push(ap["id"].as_str().unwrap().to_owned());
    }
    let queue = Arc::new(Mutex::new(pending));
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut shooters = Vec::new();
    for _ in 0..4 {
        let (queue, acked, link, base) =
            (queue.clone(), acked.clone(), link.clone(), a_base.clone());
        let http = b.http.clone();
        shooters.push(tokio::spawn(async move {
            while let Some(id) = queue.lock().await.pop() {
                match approve_at(&http, &base, &link, &id).await {
                    Ok(StatusCode::SEE_OTHER) => acked.lock().await.push(id),
                    Ok(other) => panic!("A answered {other} to a decision"),
                    Err(_) => return, // A is gone
                }
            }
        }));
    }
    while acked.lock().await.len() < 15 {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    a.start_kill().unwrap();
    a.wait().await.unwrap();
    for s in shooters {
        s.await.unwrap();
    }
    let acked = acked.lock().await.clone();
    assert!(acked.len() >= 15);
    for id in &acked {
        let (s, ap) = b.call(Method::GET, &format!("/approvals/{id}"), None).await;
        assert_eq!(s, StatusCode::OK, "{ap}");
        assert_eq!(ap["status"], "approved", "{id} was acknowledged by A: {ap}");
    }
    let (s, v) = b.call(Method::GET, "/audit/verify", None).await;
    assert_eq!((s, v["ok"].clone()), (StatusCode::OK, json!(true)), "{v}");
    assert!(answers(&b.http, &b.base).await, "B keeps serving");

    // Each mail went out once, from one process or the other.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for id in message_ids(&a_dir)
        .into_iter()
        .chain(message_ids(&b.data_dir))
    {
        *seen.entry(id).or_default() += 1;
    }
    assert!(!seen.is_empty(), "no mail was written");
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "written more than once: {twice:?}");
}

#[tokio::test]
async fn migrate_carries_the_demo_into_postgres_and_a_backup_carries_it_back() {
    if !postgres_installed() {
        return;
    }
    // The demo, seeded into an embedded data dir.
    let mut source = TestApp::spawn_embedded().await;
    let demo = porthole::demo::seed(&source.state).unwrap();
    let (_, chain) = source.call(Method::GET, "/audit/verify", None).await;
    let events = chain["events"].as_u64().unwrap();
    let (_, head) = source
        .call(Method::GET, &format!("/audit?after={}", events - 1), None)
        .await;
    let head_hash = head[0]["hash"].as_str().unwrap().to_owned();
    let link = url::Url::parse(&demo.client_link)
        .unwrap()
        .path()
        .to_owned();
    source.stop().await;
    let from = source.data_dir.clone();
    let root = source.dir.take().unwrap();
    drop(source);

    // Carried into a fresh database.
    let backend = Backend::Postgres {
        url: crate::pg_cluster::cluster().new_database(),
        master_key: rand::random(),
    };
    let into = root.path().join("pg");
    pin_backend(&into, backend);
    let out = porthole(&into, &["migrate", "--from-redb", from.to_str().unwrap()]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(last_line(&out), "ok");
    let again = porthole(&into, &["migrate", "--from-redb", from.to_str().unwrap()]).await;
    assert!(
        !again.status.success(),
        "a second copy into the same database is refused"
    );
    assert!(
        stderr(&again).contains("empty database"),
        "{}",
        stderr(&again)
    );

    let mut moved = TestApp::start(&into, |_| {}).await;
    let (_, chain) = moved.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(chain["ok"], true, "{chain}");
    assert!(chain["events"].as_u64().unwrap() > events, "{chain}");
    let (_, same) = moved
        .call(Method::GET, &format!("/audit?after={}", events - 1), None)
        .await;
    assert_eq!(same[0]["hash"], head_hash.as_str(), "the same chain");
    // (The source's mail sender may have added events of its own before it stopped.)
    assert!(
        same.as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "store.migrated" && e["actor"] == "system"),
        "{same}"
    );
    // A link sent before the move opens after it: the signing keys came along.
    let page = moved.page(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Website relaunch"), "{}", page.body);

    // And back out: a backup of the PostgreSQL store is an embedded data dir.
    let backup = root.path().join("backup");
    let out = porthole(&into, &["backup", "--out", backup.to_str().unwrap()]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, pg_chain) = moved.call(Method::GET, "/audit/verify", None).await;
    moved.stop().await;
    let restored = TestApp::start(&backup, |_| {}).await;
    let (_, chain) = restored.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(chain["ok"], true, "{chain}");
    // The restored server adds its own test staff member on start.
    assert_eq!(
        chain["events"].as_u64().unwrap(),
        pg_chain["events"].as_u64().unwrap() + 1,
        "{chain}"
    );
    assert_eq!(restored.page(&link).await.status, StatusCode::OK);
}
