//! The command line, run as the real binary against a data dir, with and without a
//! server holding the store.

use tokio::process::Command;

use reqwest::{Method, StatusCode};

use crate::helpers::{TestApp, last_line, porthole, stderr, stdout};

#[tokio::test]
async fn staff_add_without_a_server_prints_a_working_token() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = porthole(
        &data,
        &[
            "staff",
            "add",
            "--name",
            "Ann Owner",
            "--email",
            "ann@agency.test",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let token = last_line(&out);
    assert!(token.starts_with("ph_"), "{token}");
    // Stored only as a hash.
    let raw = std::fs::read(data.join("porthole.redb")).unwrap();
    assert!(!raw.windows(token.len()).any(|w| w == token.as_bytes()));
    let dup = porthole(
        &data,
        &[
            "staff",
            "add",
            "--name",
            "Ann",
            "--email",
            "ANN@agency.test",
        ],
    )
    .await;
    assert!(!dup.status.success());
    assert!(stderr(&dup).contains("exists"), "{}", stderr(&dup));
    let mut app = TestApp::start(&data, |_| {}).await;
    app.token = token;
    let (s, _) = app.call(Method::GET, "/clients", None).await;
    assert_eq!(s, StatusCode::OK);
    app.stop().await;
}

#[tokio::test]
async fn commands_reach_a_running_server_over_its_socket() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let socket = app.data_dir.join("porthole.sock");
    assert!(socket.exists());
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(
        std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let out = porthole(
        &app.data_dir,
        &[
            "link",
            "issue",
            &format!("--client={}", seed.client),
            "--email",
            "cleo@client.test",
            "--ttl",
            "1h",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let url = last_line(&out);
    assert!(url.starts_with(&format!("{}/p/", app.base)), "{url}");
    let out = porthole(
        &app.data_dir,
        &[
            "staff",
            "add",
            "--name",
            "Second",
            "--email",
            "second@agency.test",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    // `--client=ID`: a random id may start with '-', which clap would read as a flag.
    let client_arg = format!("--client={}", seed.client);
    let out = porthole(&app.data_dir, &["link", "cutoff", &client_arg]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{}", seed.client), None)
        .await;
    assert!(c["links_cutoff_at"].is_string());
    let out = porthole(&app.data_dir, &["audit", "verify"]).await;
    assert!(out.status.success());
    assert!(last_line(&out).starts_with("ok "), "{}", stdout(&out));
    let out = porthole(&app.data_dir, &["key", "rotate"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(app.data_dir.join("keys").read_dir().unwrap().count() >= 2);
}

#[tokio::test]
async fn bad_arguments_get_one_clear_line_and_a_nonzero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = porthole(&data, &["staff", "add", "--name", "No Email"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--email"));
    let out = porthole(
        &data,
        &["staff", "add", "--name", "X", "--email", "not-an-email"],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("email"), "{}", stderr(&out));
    let out = porthole(
        &data,
        &["link", "issue", "--client", "nope", "--email", "a@b.test"],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("client not found"),
        "{}",
        stderr(&out)
    );
    let out = porthole(&data, &["link", "revoke", "nope"]).await;
    assert_eq!(out.status.code(), Some(1));
    let out = Command::new(env!("CARGO_BIN_EXE_porthole"))
        .args(["audit", "verify"])
        .env("PORTHOLE__STORAGE__DATA_DIR", &data)
        .env("PORTHOLE__LINKS__MAX_TTL", "forever")
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("links.max_ttl"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let out = porthole(&data, &["serve", "--config", "/no/such/file.toml"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--config"), "{}", stderr(&out));
}

#[tokio::test]
async fn unwritable_data_dir_and_missing_key_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let out = porthole(&file.join("data"), &["audit", "verify"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("data dir"), "{}", stderr(&out));
    let data = dir.path().join("data");
    assert!(
        porthole(
            &data,
            &["staff", "add", "--name", "A", "--email", "a@agency.test"]
        )
        .await
        .status
        .success()
    );
    std::fs::remove_dir_all(data.join("keys")).unwrap();
    let out = porthole(&data, &["audit", "verify"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("key"), "{}", stderr(&out));
    assert!(
        !data.join("keys").join("current").exists(),
        "a key was silently regenerated"
    );
}

#[tokio::test]
async fn a_database_held_by_a_silent_process_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(
        porthole(
            &data,
            &["staff", "add", "--name", "A", "--email", "a@agency.test"]
        )
        .await
        .status
        .success()
    );
    // Hold the database without serving a socket.
    let _held = porthole::store::Store::open(&data).unwrap();
    let out = porthole(&data, &["audit", "verify"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("held by another process"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn a_tampered_audit_event_is_named_by_its_sequence_number() {
    let mut app = TestApp::spawn().await;
    app.seed().await;
    let (_, events) = app.call(Method::GET, "/audit", None).await;
    let target = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "project.created")
        .unwrap()["seq"]
        .as_u64()
        .unwrap();
    app.stop().await;
    let data = app.data_dir.clone();
    drop(app.state.clone());
    let keep = app.dir.take();
    drop(app);
    let out = porthole(&data, &["audit", "verify"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    // Flip one byte inside the stored event, as someone editing the file would.
    let path = data.join("porthole.redb");
    let mut bytes = std::fs::read(&path).unwrap();
    let needle = br#""kind":"project.created""#;
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap();
    bytes[at + 9] ^= 0x01;
    std::fs::write(&path, bytes).unwrap();
    let out = porthole(&data, &["audit", "verify"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!("seq {target}")),
        "{} / {}",
        stdout(&out),
        stderr(&out)
    );
    drop(keep);
}

#[tokio::test]
async fn backup_restores_into_a_working_data_dir() {
    let mut app = TestApp::spawn().await;
    let seed = app.seed().await;
    let backup = app.dir.as_ref().unwrap().path().join("backup");
    let out = porthole(
        &app.data_dir,
        &["backup", "--out", backup.to_str().unwrap()],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let again = porthole(
        &app.data_dir,
        &["backup", "--out", backup.to_str().unwrap()],
    )
    .await;
    assert!(
        !again.status.success(),
        "backup over a non-empty dir must refuse"
    );
    let token = app.token.clone();
    app.stop().await;
    let mut restored = TestApp::start(&backup, |_| {}).await;
    restored.token = token;
    let (s, p) = restored
        .call(Method::GET, &format!("/projects/{}", seed.project), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let sha = p["files"][0]["versions"][0]["sha256"].as_str().unwrap();
    assert_eq!(
        std::fs::read(backup.join("blobs").join(&sha[..2]).join(sha)).unwrap(),
        seed.content
    );
    let (_, v) = restored.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(v["ok"], true);
    restored.stop().await;
}

/// `porthole demo` as a new user runs it: the client link it prints opens the client
/// page, and the staff link it prints opens the console's sign-in confirmation.
#[tokio::test]
async fn demo_prints_a_client_link_and_a_staff_sign_in_link_that_work() {
    use tokio::io::{AsyncBufReadExt as _, BufReader};

    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_porthole"))
        .args(["demo", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("data"))
        .env_remove("RUST_LOG")
        .env_remove("PORTHOLE__SERVER__PUBLIC_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let read = async {
        while let Some(line) = lines.next_line().await.unwrap() {
            let done = line.starts_with("Later, sign in at");
            printed.push(line);
            if done {
                break;
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), read)
        .await
        .expect("demo printed its links");
    let find = |needle: &str| {
        printed
            .iter()
            .find(|l| l.starts_with("http") && l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} link in {printed:#?}"))
            .clone()
    };
    let http = reqwest::Client::new();
    let client = http.get(find("/p/")).send().await.unwrap();
    assert_eq!(client.status(), StatusCode::OK);
    assert!(client.text().await.unwrap().contains("Needs your decision"));
    let staff = http.get(find("/staff/signin/")).send().await.unwrap();
    assert_eq!(staff.status(), StatusCode::OK);
    assert!(staff.text().await.unwrap().contains("Sign in"));
    child.kill().await.unwrap();
}
