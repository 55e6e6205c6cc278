//! Exports of one client and of everything: from the console, the admin socket and the
//! CLI, with and without a server holding the store; verified from the zip alone (files
//! by hash, the audit chain recomputed).

use std::io::Read as _;

use porthole::admin::{self, AdminRequest};
use porthole::domain::AuditEvent;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::helpers::{
    TestApp, approve, get_with, porthole, post_with, sha_hex, signed_in, stderr, stdout,
};

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
    // Cleo's link from the test and the one her approval-request mail carried.
    let grants = record["link_grants"].as_array().unwrap();
    assert_eq!(grants.len(), 2, "{grants:?}");
    assert_eq!(
        grants.iter().filter(|g| g["issued_by"] == "system").count(),
        1
    );
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

#[tokio::test]
async fn the_console_streams_an_export_of_everything_with_the_whole_chain() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    approve(&app, &seed).await;
    let other = app
        .new_client("Other Co", &[("Olga", "olga@other.test")])
        .await;
    let (_, p) = app
        .call(
            Method::POST,
            &format!("/clients/{other}/projects"),
            Some(json!({"name": "Brochure"})),
        )
        .await;
    let other_bytes = b"other client bytes".to_vec();
    let (s, _) = app
        .upload(
            p["id"].as_str().unwrap(),
            "brochure.pdf",
            other_bytes.clone(),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (mut jar, csrf) = signed_in(&app).await;

    let (s, page) = get_with(&app, &mut jar, "/staff/export").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Download everything") && page.contains("Other Co"));

    // No CSRF token: refused, nothing written.
    let res = post_with(&app, &mut jar, "/staff/export/all", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let res = post_with(&app, &mut jar, "/staff/export/all", &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/zip");
    let cd = h["content-disposition"].to_str().unwrap();
    assert!(
        cd.starts_with("attachment; filename=\"porthole-all-"),
        "{cd}"
    );
    let bytes = res.bytes().await.unwrap();
    assert_eq!(
        h["content-length"].to_str().unwrap(),
        bytes.len().to_string()
    );
    // The temp file is gone once streamed.
    let tmp = app.data_dir.join("tmp");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);

    let path = app.data_dir.parent().unwrap().join("all.zip");
    std::fs::write(&path, &bytes).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    for (sha, content) in [
        (sha_hex(&seed.content), &seed.content),
        (sha_hex(&other_bytes), &other_bytes),
    ] {
        assert_eq!(&read_entry(&mut zip, &format!("files/{sha}")), content);
    }
    let readme = String::from_utf8(read_entry(&mut zip, "README.txt")).unwrap();
    assert!(readme.contains("whole audit chain"), "{readme}");
    let acme: Value = serde_json::from_slice(&read_entry(
        &mut zip,
        &format!("clients/{}.json", seed.client),
    ))
    .unwrap();
    let olga: Value =
        serde_json::from_slice(&read_entry(&mut zip, &format!("clients/{other}.json"))).unwrap();
    assert_eq!(olga["client"]["name"], "Other Co");
    let decision = &acme["projects"][0]["approvals"][0]["decisions"][0];

    // The whole chain: from the first event, each one recomputes and names the one before.
    let events: Vec<Value> = serde_json::from_slice(&read_entry(&mut zip, "audit.json")).unwrap();
    let total = app
        .state
        .store
        .read(porthole::store::audit::last_seq)
        .unwrap();
    assert_eq!(events.len() as u64, total);
    let mut prev = "0".repeat(64);
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["seq"], i as u64 + 1);
        assert_eq!(e["prev_hash"], prev.as_str(), "{e}");
        assert_eq!(recomputed_hash(e), e["hash"].as_str().unwrap(), "{e}");
        prev = e["hash"].as_str().unwrap().to_owned();
    }
    let decided = events
        .iter()
        .find(|e| e["seq"] == decision["audit_seq"])
        .unwrap();
    assert_eq!(decided["hash"], decision["audit_hash"]);
    assert_eq!(decided["kind"], "approval.decided");

    // One client from its page: the single-client layout.
    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/clients/{other}/export"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cd = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cd.contains(&format!("porthole-client-{other}-")), "{cd}");
    let one = app.data_dir.parent().unwrap().join("one.zip");
    std::fs::write(&one, res.bytes().await.unwrap()).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&one).unwrap()).unwrap();
    let record: Value = serde_json::from_slice(&read_entry(&mut zip, "record.json")).unwrap();
    assert_eq!(record["client"]["id"], other.as_str());
    assert!(
        zip.by_name(&format!("files/{}", sha_hex(&seed.content)))
            .is_err()
    );

    for bad in [
        "/staff/clients/no-such-client/export",
        "/staff/clients/..%2Fx/export",
    ] {
        let res = post_with(&app, &mut jar, bad, &[("csrf", &csrf)]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn export_all_runs_from_the_cli_with_and_without_a_server() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let b = app.new_client("Bravo", &[]).await;
    let dir = app.data_dir.parent().unwrap().to_owned();

    // Over the socket while serving.
    let out = dir.join("socket-all.zip");
    let run = porthole(
        &app.data_dir,
        &["export", "--all", "--out", out.to_str().unwrap()],
    )
    .await;
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("2 clients"), "{}", stdout(&run));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    for id in [&seed.client, &b] {
        zip.by_name(&format!("clients/{id}.json")).unwrap();
    }

    // Exactly one of --client and --all.
    for args in [
        vec!["export", "--all", "--client", "x", "--out", "a.zip"],
        vec!["export", "--out", "a.zip"],
    ] {
        let run = porthole(&app.data_dir, &args).await;
        assert!(!run.status.success());
        let err = stderr(&run);
        assert!(err.contains("--client") && err.contains("--all"), "{err}");
    }

    // Directly on the store when no server runs (a data dir of its own: the test
    // server keeps its store open); an existing file is never overwritten.
    let offline = dir.join("offline-data");
    let run = porthole(
        &offline,
        &[
            "staff",
            "add",
            "--name",
            "Ann",
            "--email",
            "ann@agency.test",
        ],
    )
    .await;
    assert!(run.status.success(), "{}", stderr(&run));
    let run = porthole(
        &offline,
        &["export", "--all", "--out", out.to_str().unwrap()],
    )
    .await;
    assert!(!run.status.success());
    assert!(stderr(&run).contains("exists"), "{}", stderr(&run));
    let fresh = dir.join("offline-all.zip");
    let run = porthole(
        &offline,
        &["export", "--all", "--out", fresh.to_str().unwrap()],
    )
    .await;
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("0 clients"), "{}", stdout(&run));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&fresh).unwrap()).unwrap();
    let events: Vec<Value> = serde_json::from_slice(&read_entry(&mut zip, "audit.json")).unwrap();
    assert_eq!(events[0]["kind"], "staff.created");
}

#[tokio::test]
async fn export_holds_requests_forms_file_requests_and_approvers() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let request = app.open_request(&path, "Logo colour", &seed.project).await;
    app.reply_as_client(&request, "Also the footer.").await;
    let request_id = request.rsplit('/').next().unwrap().to_owned();
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/requests/{request_id}/replies"),
            Some(json!({"body": "INTERNAL: ask Sam", "internal": true})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let form = app.company_form(&seed.project).await;
    let answered = app
        .post_form(&format!("{path}/forms/{form}"), &[("company", "Acme")])
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    let wanted = app.file_request(&seed.project, "Brand assets").await;
    let sent = app
        .send_file(
            &path,
            &wanted,
            "brand.pdf",
            b"%PDF-1.4 brand book".repeat(20),
        )
        .await;
    assert_eq!(sent, StatusCode::SEE_OTHER);
    approve(&app, &seed).await;

    let out = app.data_dir.parent().unwrap().join("acme-all.zip");
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
    let record: Value = serde_json::from_slice(&read_entry(&mut zip, "record.json")).unwrap();

    let thread = &record["requests"][0];
    assert_eq!(thread["subject"], "Logo colour");
    let replies = thread["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 2, "{replies:?}");
    assert_eq!(replies[0]["internal"], false);
    assert_eq!(replies[1]["internal"], true);
    assert_eq!(replies[1]["body"], "INTERNAL: ask Sam");

    let f = &record["forms"][0];
    assert_eq!(f["id"], form.as_str());
    assert_eq!(f["responses"][0]["contact_name"], "Cleo Client");
    assert_eq!(f["responses"][0]["answers"]["company"], "Acme");

    let r = &record["file_requests"][0];
    assert_eq!(r["id"], wanted.as_str());
    assert_eq!(r["uploads"][0]["contact"]["email"], "cleo@client.test");
    let sha = r["uploads"][0]["sha256"].as_str().unwrap();
    assert_eq!(
        sha_hex(&read_entry(&mut zip, &format!("files/{sha}"))),
        sha,
        "the upload's bytes are in the archive"
    );

    let approvers = record["approvers"][seed.approval.as_str()]
        .as_array()
        .unwrap();
    assert_eq!(approvers[0]["name"], "Cleo Client");
    assert_eq!(approvers[0]["decision"]["decision"], "approve");

    let events: Vec<Value> = serde_json::from_slice(&read_entry(&mut zip, "audit.json")).unwrap();
    for kind in [
        "request.opened",
        "request.replied",
        "form.answered",
        "file_request.uploaded",
    ] {
        assert!(events.iter().any(|e| e["kind"] == kind), "{kind} exported");
    }
}
