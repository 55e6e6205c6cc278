//! SPEC 9: a decision acknowledged with 303 survives `kill -9` of the server right after.
//!
//! Runs the real binary, seeds pending approvals through the staff API, sends the
//! decisions from several clients at once (with file uploads alongside), kills the server
//! with SIGKILL once part of them were acknowledged, starts it again on the same data dir
//! and checks that every acknowledged decision is there with its evidence, that the audit
//! chain verifies and quotes each decision's event, and that every recorded file version
//! has its bytes. `PORTHOLE_CRASH_N` sets the number of approvals (default 24).

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::helpers::{free_port, hidden};

/// The server process; killed when dropped, whatever the test did.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn porthole(data_dir: &Path, port: u16) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_porthole"));
    cmd.env("PORTHOLE__STORAGE__DATA_DIR", data_dir)
        .env("PORTHOLE__SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env(
            "PORTHOLE__SERVER__PUBLIC_URL",
            format!("http://127.0.0.1:{port}"),
        )
        .env("PORTHOLE__LIMITS__CLIENT_PER_MINUTE", "1000000000")
        .env_remove("RUST_LOG");
    cmd
}

/// Start `porthole serve` and wait (at most 20 s) until it says it listens.
fn start(data_dir: &Path) -> Server {
    let port = free_port();
    let mut child = porthole(data_dir, port)
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains("listening on") {
                let _ = tx.send(());
            }
        }
    });
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    rx.recv_timeout(Duration::from_secs(20))
        .expect("porthole serve did not start within 20 s");
    server
}

fn staff_token(data_dir: &Path) -> String {
    let out = porthole(data_dir, free_port())
        .args([
            "staff",
            "add",
            "--name",
            "Crash Tester",
            "--email",
            "crash@agency.test",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_owned()
}

struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .http
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        assert!(res.status().is_success(), "{path}: {}", res.status());
        res.json().await.unwrap()
    }

    async fn upload(
        &self,
        project: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Result<StatusCode> {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        let form = reqwest::multipart::Form::new()
            .text("name", name.to_owned())
            .part("file", part);
        let res = self
            .http
            .post(format!("{}/api/v1/projects/{project}/files", self.base))
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await?;
        Ok(res.status())
    }
}

struct Pending {
    id: String,
    path: String,
    form: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_decisions_survive_kill_9() {
    let n: usize = std::env::var("PORTHOLE_CRASH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
        .max(4);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let token = staff_token(&data);
    let server = start(&data);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let api = Api {
        http: http.clone(),
        base: server.base.clone(),
        token,
    };

    // A client, a project, a deliverable, n pending approvals on it and a link.
    let client = api
        .call(
            reqwest::Method::POST,
            "/clients",
            Some(json!({"name": "Acme Ltd", "contacts": [{"name": "Cleo Client", "email": "cleo@client.test"}]})),
        )
        .await;
    let client = client["id"].as_str().unwrap().to_owned();
    let project = api
        .call(
            reqwest::Method::POST,
            &format!("/clients/{client}/projects"),
            Some(json!({"name": "Print proofs"})),
        )
        .await;
    let project = project["id"].as_str().unwrap().to_owned();
    assert_eq!(
        api.upload(&project, "proof.pdf", b"%PDF-1.4 proof".to_vec())
            .await
            .unwrap(),
        StatusCode::CREATED
    );
    let detail = api
        .call(reqwest::Method::GET, &format!("/projects/{project}"), None)
        .await;
    let file = detail["files"][0]["id"].as_str().unwrap().to_owned();
    let link = api
        .call(
            reqwest::Method::POST,
            &format!("/clients/{client}/links"),
            Some(json!({"email": "cleo@client.test", "send": false})),
        )
        .await;
    let url = link["url"].as_str().unwrap();
    let base = url[url.find("/p/").unwrap()..].to_owned();
    let mut pending = Vec::new();
    for i in 0..n {
        let a = api
            .call(
                reqwest::Method::POST,
                &format!("/projects/{project}/approvals"),
                Some(json!({"title": format!("Proof {i}"), "file_id": file})),
            )
            .await;
        let id = a["id"].as_str().unwrap().to_owned();
        let path = format!("{base}/approvals/{id}");
        let page = http
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let form = format!(
            "decision=approve&name=Cleo+Client&confirm=on&version_sha256={}&nonce={}",
            hidden(&page, "version_sha256"),
            hidden(&page, "nonce")
        );
        pending.push(Pending { id, path, form });
    }

    // Decisions from 8 clients at once, uploads alongside; SIGKILL once half were answered.
    let queue = Arc::new(Mutex::new(pending));
    let acked = Arc::new(Mutex::new(Vec::<(String, String)>::new()));
    let mut workers = Vec::new();
    for _ in 0..8 {
        let (queue, acked, http, base) = (
            queue.clone(),
            acked.clone(),
            http.clone(),
            server.base.clone(),
        );
        workers.push(tokio::spawn(async move {
            loop {
                let Some(p) = queue.lock().await.pop() else {
                    break;
                };
                let sent = http
                    .post(format!("{base}{}", p.path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(p.form.clone())
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == StatusCode::SEE_OTHER => {
                        acked.lock().await.push((p.id, p.form));
                    }
                    Ok(r) => panic!("decision answered {}", r.status()),
                    Err(_) => break, // the server is gone
                }
            }
        }));
    }
    let uploads = {
        let api = Api {
            http: http.clone(),
            base: server.base.clone(),
            token: api.token.clone(),
        };
        let project = project.clone();
        tokio::spawn(async move {
            for i in 0..1000 {
                let bytes = format!("version {i} ").repeat(2000).into_bytes();
                if api.upload(&project, "drawing.png", bytes).await.is_err() {
                    break;
                }
            }
        })
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.lock().await.len() < n / 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    drop(server); // SIGKILL: no shutdown, no flush
    for w in workers {
        w.await.unwrap();
    }
    uploads.await.unwrap();
    let acked = acked.lock().await.clone();
    assert!(
        acked.len() >= n / 2,
        "only {} decisions answered",
        acked.len()
    );

    // Back up on the same data dir: every acknowledged decision is there, with evidence.
    let server = start(&data);
    let api = Api {
        base: server.base.clone(),
        ..api
    };
    for (id, form) in &acked {
        let a = api
            .call(reqwest::Method::GET, &format!("/approvals/{id}"), None)
            .await;
        assert_eq!(a["status"], "approved", "approval {id} lost its decision");
        let d = &a["decisions"][0];
        assert_eq!(d["decision"], "approve");
        assert_eq!(d["typed_name"], "Cleo Client");
        assert_eq!(d["contact_email"], "cleo@client.test");
        assert_eq!(d["grant_id"], link["grant_id"]);
        assert_eq!(d["client_ip"], "127.0.0.1");
        assert!(form.contains(d["sha256"].as_str().unwrap()));
        assert!(form.ends_with(d["nonce"].as_str().unwrap()));
        let seq = d["audit_seq"].as_u64().unwrap();
        let events = api
            .call(
                reqwest::Method::GET,
                &format!("/audit?after={}", seq - 1),
                None,
            )
            .await;
        let event = events
            .as_array()
            .or_else(|| events["events"].as_array())
            .and_then(|e| e.first())
            .cloned()
            .unwrap_or_default();
        assert_eq!(event["seq"].as_u64(), Some(seq));
        assert_eq!(event["hash"], d["audit_hash"]);
    }
    let verify = api.call(reqwest::Method::GET, "/audit/verify", None).await;
    assert_eq!(verify["ok"], true, "{verify}");

    // Every file version the record names has its bytes.
    let detail = api
        .call(reqwest::Method::GET, &format!("/projects/{project}"), None)
        .await;
    let mut versions = 0;
    for f in detail["files"].as_array().unwrap() {
        for v in f["versions"].as_array().unwrap() {
            let sha = v["sha256"].as_str().unwrap();
            let blob: PathBuf = data.join("blobs").join(&sha[..2]).join(sha);
            assert!(blob.is_file(), "file version {sha} has no blob");
            versions += 1;
        }
    }
    assert!(versions >= 1);
    eprintln!(
        "crash test: {n} approvals, {} acknowledged before kill -9, {versions} file versions",
        acked.len()
    );
}
