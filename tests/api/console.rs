//! The staff console under `/staff` and the client export: sign-in by mail, sessions,
//! CSRF, pages; `porthole export` verified from the zip alone.

use std::io::Read as _;

use porthole::admin::{self, AdminRequest};
use porthole::domain::approval::DecisionInput;
use porthole::domain::{AuditEvent, DecisionKind};
use porthole::store::DecisionEvidence;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::helpers::{Seed, TestApp};

fn sha_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// Approve the seeded approval through the store, as a link holder would.
async fn approve(app: &TestApp, seed: &Seed) {
    let (s, l) = app
        .call(
            Method::POST,
            &format!("/clients/{}/links", seed.client),
            Some(json!({"email": "cleo@client.test", "send": false})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{l}");
    let grant = app
        .state
        .store
        .grant(l["grant_id"].as_str().unwrap())
        .unwrap();
    let input = DecisionInput {
        decision: DecisionKind::Approve,
        typed_name: "Cleo Client".into(),
        comment: None,
        confirm: true,
        version_sha256: sha_hex(&seed.content),
        nonce: "test-nonce".into(),
    };
    let evidence = DecisionEvidence {
        client_ip: "192.0.2.7".into(),
        user_agent: "test agent".into(),
    };
    app.state
        .store
        .record_decision(
            app.state.clock.now(),
            &grant,
            &seed.approval,
            &input,
            &evidence,
        )
        .unwrap();
}

/// Keys sorted at every depth, as README.txt tells a verifier to do.
fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<_> = m.keys().collect();
            keys.sort();
            let mut out = serde_json::Map::new();
            for k in keys {
                out.insert(k.clone(), sorted(&m[k]));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        o => o.clone(),
    }
}

/// Recompute an event's hash from its exported JSON, independently of the crate.
fn recomputed_hash(event: &Value) -> String {
    let mut e = event.as_object().unwrap().clone();
    e.remove("hash");
    let canonical = serde_json::to_vec(&sorted(&Value::Object(e))).unwrap();
    let mut h = Sha256::new();
    h.update(event["prev_hash"].as_str().unwrap().as_bytes());
    h.update(&canonical);
    hex::encode(h.finalize())
}

fn read_entry(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Vec<u8> {
    let mut buf = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut buf).unwrap();
    buf
}

#[tokio::test]
async fn export_holds_the_record_the_bytes_and_verifiable_events() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    approve(&app, &seed).await;
    // Another client's records stay out of this export.
    let (_, other) = app
        .call(
            Method::POST,
            "/clients",
            Some(json!({"name": "Other Co", "contacts": []})),
        )
        .await;
    let out = app.data_dir.parent().unwrap().join("acme.zip");
    let state = app.state.clone();
    let req = AdminRequest::Export {
        client: seed.client.clone(),
        out: out.clone(),
    };
    let reply = tokio::task::spawn_blocking(move || admin::execute(&state, req))
        .await
        .unwrap();
    assert_eq!(reply.exit_code, 0, "{:?}", reply.error);

    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let sha = sha_hex(&seed.content);
    let bytes = read_entry(&mut zip, &format!("files/{sha}"));
    assert_eq!(sha_hex(&bytes), sha);
    let readme = String::from_utf8(read_entry(&mut zip, "README.txt")).unwrap();
    assert!(readme.contains("porthole audit verify"), "{readme}");

    let record: Value = serde_json::from_slice(&read_entry(&mut zip, "record.json")).unwrap();
    assert_eq!(record["client"]["id"], seed.client.as_str());
    let project = &record["projects"][0];
    assert!(
        project["updates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["internal"] == true),
        "internal updates are exported"
    );
    let decision = &project["approvals"][0]["decisions"][0];
    assert_eq!(decision["typed_name"], "Cleo Client");
    assert_eq!(record["link_grants"].as_array().unwrap().len(), 1);
    let text = String::from_utf8_lossy(&read_entry(&mut zip, "record.json")).into_owned();
    assert!(!text.contains(other["id"].as_str().unwrap()));

    let events: Vec<Value> = serde_json::from_slice(&read_entry(&mut zip, "audit.json")).unwrap();
    let decided = events
        .iter()
        .find(|e| e["kind"] == "approval.decided")
        .expect("the decision event is exported");
    assert_eq!(decided["seq"], decision["audit_seq"]);
    assert_eq!(decided["hash"], decision["audit_hash"]);
    assert_eq!(decided["details"]["sha256"], sha.as_str());
    assert_eq!(recomputed_hash(decided), decided["hash"].as_str().unwrap());
    for e in &events {
        assert_eq!(recomputed_hash(e), e["hash"].as_str().unwrap(), "{e}");
        let typed: AuditEvent = serde_json::from_value(e.clone()).unwrap();
        assert!(typed.subjects.iter().all(|s| !s.is_empty()));
        assert!(
            !e["subjects"]
                .to_string()
                .contains(other["id"].as_str().unwrap())
        );
    }

    // A second export to the same name is refused, the first stays intact.
    let state = app.state.clone();
    let req = AdminRequest::Export {
        client: seed.client.clone(),
        out: out.clone(),
    };
    let reply = tokio::task::spawn_blocking(move || admin::execute(&state, req))
        .await
        .unwrap();
    assert_eq!(reply.exit_code, 1);
    assert!(reply.error.unwrap().contains("exists"));
    let state = app.state.clone();
    let req = AdminRequest::Export {
        client: "no-such-client".into(),
        out: app.data_dir.parent().unwrap().join("none.zip"),
    };
    let reply = tokio::task::spawn_blocking(move || admin::execute(&state, req))
        .await
        .unwrap();
    assert_eq!(reply.exit_code, 1);
    assert!(!app.data_dir.parent().unwrap().join("none.zip").exists());
}

#[tokio::test]
async fn export_over_the_admin_socket_while_serving() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let out = app.data_dir.parent().unwrap().join("socket.zip");
    let run = tokio::process::Command::new(env!("CARGO_BIN_EXE_porthole"))
        .arg("export")
        .arg(format!("--client={}", seed.client))
        .arg("--out")
        .arg(&out)
        .env("PORTHOLE__STORAGE__DATA_DIR", &app.data_dir)
        .env_remove("RUST_LOG")
        .output()
        .await
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let sha = sha_hex(&seed.content);
    assert_eq!(sha_hex(&read_entry(&mut zip, &format!("files/{sha}"))), sha);
}
