//! The command line, run as the real binary against a data dir, with and without a
//! server holding the store.

use tokio::process::Command;

use reqwest::{Method, StatusCode};

use crate::helpers::{
    Jar, TestApp, free_port, get_with, hidden, last_line, location, pin_embedded, porthole,
    post_with, stderr, stdout,
};

#[tokio::test]
async fn staff_add_without_a_server_prints_a_working_token() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // It reads the redb file's bytes.
    pin_embedded(&data);
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
    assert_eq!(
        app.state.keyring().ids(),
        vec![1, 2],
        "rotated in the running server"
    );
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
    // It edits the redb file's bytes.
    let mut app = TestApp::spawn_embedded().await;
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

/// Run `porthole demo` on `data` until it has printed its links; returns its lines and the
/// running process.
async fn run_demo(data: &std::path::Path) -> (Vec<String>, tokio::process::Child) {
    use tokio::io::{AsyncBufReadExt as _, BufReader};

    let mut child = Command::new(env!("CARGO_BIN_EXE_porthole"))
        .args(["demo", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .env_remove("RUST_LOG")
        .env_remove("PORTHOLE__SERVER__PUBLIC_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let read = async {
        while let Some(line) = lines.next_line().await.unwrap() {
            let done = line.starts_with("Another one later");
            printed.push(line);
            if done {
                break;
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), read)
        .await
        .expect("demo printed its links");
    (printed, child)
}

/// `porthole demo` as a new user runs it: the client link it prints opens the client
/// page, and the staff link it prints opens the console's sign-in confirmation. Run again
/// on the same data dir, it serves the sample it kept, with new links that work.
#[tokio::test]
async fn demo_prints_a_client_link_and_a_staff_sign_in_link_that_work() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for run in ["first", "again"] {
        let (printed, mut child) = run_demo(&data).await;
        let find = |needle: &str| {
            printed
                .iter()
                .find(|l| l.starts_with("http") && l.contains(needle))
                .unwrap_or_else(|| panic!("{run}: no {needle} link in {printed:#?}"))
                .clone()
        };
        let http = reqwest::Client::new();
        let client = http.get(find("/p/")).send().await.unwrap();
        assert_eq!(client.status(), StatusCode::OK, "{run}");
        assert!(client.text().await.unwrap().contains("Needs your decision"));
        let staff = http.get(find("/staff/signin/")).send().await.unwrap();
        assert_eq!(staff.status(), StatusCode::OK, "{run}");
        assert!(staff.text().await.unwrap().contains("Sign in"));
        let kept = printed.iter().any(|l| l.contains("kept in this data dir"));
        assert_eq!(kept, run == "again", "{printed:#?}");
        // Stop it as Ctrl-C would, so that the next run finds the store released.
        let pid = child.id().unwrap().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status().await;
        tokio::time::timeout(std::time::Duration::from_secs(20), child.wait())
            .await
            .expect("demo stopped within 20 s")
            .unwrap();
    }
}

/// The server's log as an operator reads it: one line per request with its id, method,
/// redacted path, status and latency, and never the token of a client link.
#[tokio::test]
async fn each_request_is_logged_once_without_its_token() {
    use tokio::io::AsyncReadExt as _;

    let dir = tempfile::tempdir().unwrap();
    let (printed, mut child) = run_demo(&dir.path().join("data")).await;
    let link = printed
        .iter()
        .find(|l| l.starts_with("http") && l.contains("/p/"))
        .unwrap_or_else(|| panic!("no client link in {printed:#?}"))
        .clone();
    let token = link
        .split("/p/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    let http = reqwest::Client::new();
    let page = http.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let id = page.headers()["x-request-id"].to_str().unwrap().to_owned();
    let missing = http
        .get(format!("{link}/files/nothing/1?token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let pid = child.id().unwrap().to_string();
    let _ = Command::new("kill").args(["-INT", &pid]).status().await;
    let mut log = String::new();
    let mut stderr = child.stderr.take().unwrap();
    tokio::time::timeout(
        std::time::Duration::from_secs(20),
        stderr.read_to_string(&mut log),
    )
    .await
    .expect("the log closed within 20 s")
    .unwrap();
    let _ = child.wait().await;

    assert!(!log.contains(&token), "a token reached the log:\n{log}");
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(&format!("id={id} ")))
        .collect();
    assert_eq!(lines.len(), 1, "one line for the request:\n{log}");
    for field in [
        "INFO",
        "response",
        "method=GET",
        "path=/p/[token]",
        "status=200",
        "latency_ms=",
    ] {
        assert!(lines[0].contains(field), "{field} in {}", lines[0]);
    }
    assert!(
        log.lines()
            .any(|l| l.contains("status=404") && l.contains("/files/nothing/1 ")),
        "the refusal is logged too, without its query:\n{log}"
    );
}

/// `porthole serve` with the given environment (data dir and listen address).
async fn serve(data: &std::path::Path, listen: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_porthole"))
        .arg("serve")
        .env("PORTHOLE__STORAGE__DATA_DIR", data)
        .env("PORTHOLE__SERVER__LISTEN", listen)
        .env_remove("PORTHOLE__SERVER__PUBLIC_URL")
        .env_remove("RUST_LOG")
        .kill_on_drop(true)
        .output()
        .await
        .unwrap()
}

#[tokio::test]
async fn serve_on_a_busy_port_leaves_nothing_behind() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = serve(&data, &busy.local_addr().unwrap().to_string()).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot listen on"),
        "{}",
        stderr(&out)
    );
    assert!(!data.exists(), "a data dir was created for nothing");
}

#[tokio::test]
async fn a_second_server_on_the_same_data_dir_is_told_what_holds_it() {
    // The redb file's lock is what a second server meets.
    let app = TestApp::spawn_embedded().await;
    let out = serve(&app.data_dir, &format!("127.0.0.1:{}", free_port())).await;
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("another porthole server is already serving the data dir"),
        "{err}"
    );
    assert!(!err.contains("does not answer"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[tokio::test]
async fn staff_signin_link_prints_a_console_link_with_and_without_a_server() {
    // Without a server: straight on the store, the URL built from the listen address.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let add = [
        "staff",
        "add",
        "--name",
        "Ann Owner",
        "--email",
        "ann@agency.test",
    ];
    assert!(porthole(&data, &add).await.status.success());
    let out = porthole(
        &data,
        &["staff", "signin-link", "--email", "ann@agency.test"],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        last_line(&out).starts_with("http://127.0.0.1:8080/staff/signin/"),
        "{}",
        stdout(&out)
    );
    let out = porthole(
        &data,
        &["staff", "signin-link", "--email", "nobody@agency.test"],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no staff member"), "{}", stderr(&out));

    // Through the running server's socket: the link signs in once.
    let app = TestApp::spawn().await;
    app.add_staff("Sam Staff", "sam@agency.test");
    let out = porthole(
        &app.data_dir,
        &["staff", "signin-link", "--email", "sam@agency.test"],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let url = last_line(&out);
    let link = url
        .strip_prefix(&app.base)
        .unwrap_or_else(|| panic!("{url}"))
        .to_owned();
    let mut jar = Jar::default();
    let (s, confirm) = get_with(&app, &mut jar, &link).await;
    assert_eq!(s, StatusCode::OK);
    let csrf = hidden(&confirm, "csrf");
    let res = post_with(&app, &mut jar, &link, &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff");
    let res = post_with(&app, &mut Jar::default(), &link, &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::GONE, "works once");
}

#[tokio::test]
async fn config_is_read_before_or_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "[branding]\naccent = \"red\"\n").unwrap();
    let config = config.to_str().unwrap();
    for args in [
        &["--config", config, "audit", "verify"][..],
        &["audit", "verify", "--config", config],
        &["audit", "--config", config, "verify"],
    ] {
        let out = porthole(&data, args).await;
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("branding.accent"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[tokio::test]
async fn messages_say_things_once_and_plainly() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let client = format!("--client={}", seed.client);
    let issue = |ttl: &'static str| {
        let client = client.clone();
        let data = app.data_dir.clone();
        async move {
            porthole(
                &data,
                &[
                    "link",
                    "issue",
                    &client,
                    "--email",
                    "cleo@client.test",
                    "--ttl",
                    ttl,
                ],
            )
            .await
        }
    };
    let out = issue("365d").await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("at most 90d"), "{}", stderr(&out));
    let out = issue("2d").await;
    assert!(out.status.success(), "{}", stderr(&out));
    let first = stdout(&out).lines().next().unwrap_or_default().to_owned();
    // `expires 2026-...T...Z`: RFC 3339, as everywhere else.
    let expires = first.rsplit(' ').next().unwrap();
    assert!(
        time::OffsetDateTime::parse(expires, &time::format_description::well_known::Rfc3339)
            .is_ok(),
        "{first}"
    );
    let zip = app.dir.as_ref().unwrap().path().join("one.zip");
    let out = porthole(
        &app.data_dir,
        &["export", &client, "--out", zip.to_str().unwrap()],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("exported 1 project,"),
        "{}",
        stdout(&out)
    );

    // A missing key is said once.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let add = ["staff", "add", "--name", "A", "--email", "a@agency.test"];
    assert!(porthole(&data, &add).await.status.success());
    std::fs::remove_dir_all(data.join("keys")).unwrap();
    let out = porthole(&data, &["audit", "verify"]).await;
    let err = stderr(&out);
    assert_eq!(err.matches("is missing").count(), 1, "{err}");
}
