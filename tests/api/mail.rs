//! Mail: the outbox (embedded `.eml` default and real SMTP into a local sink), retries,
//! restarts, batching, reminders on the app's clock, decisions to staff, fresh links.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use porthole::clock::Clock as _;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, free_port};

const WAIT: Duration = Duration::from_secs(15);
/// Long enough for the sender (which polls every second) to have acted if it were going to.
const SETTLE: Duration = Duration::from_millis(2500);

/// One delivered message, decoded.
#[derive(Debug, Clone)]
struct Mail {
    /// File name without `.eml` (the outbox id for files written by porthole).
    name: String,
    raw: String,
    from: String,
    to: String,
    subject: String,
    text: String,
    html: String,
    message_id: String,
    auto_submitted: String,
}

impl Mail {
    fn parse(name: String, bytes: &[u8]) -> Self {
        let m = mail_parser::MessageParser::default()
            .parse(bytes)
            .expect("an RFC 5322 message");
        let addr = |a: Option<&mail_parser::Address>| {
            a.and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_owned()
        };
        Self {
            from: addr(m.from()),
            to: addr(m.to()),
            subject: m.subject().unwrap_or_default().to_owned(),
            text: m.body_text(0).unwrap_or_default().into_owned(),
            html: m.body_html(0).unwrap_or_default().into_owned(),
            message_id: m.message_id().unwrap_or_default().to_owned(),
            auto_submitted: m
                .header_raw("Auto-Submitted")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            raw: String::from_utf8_lossy(bytes).into_owned(),
            name,
        }
    }

    /// The client link in the plain-text part, as a path (`/p/<token>[/...]`).
    fn link_path(&self) -> String {
        let start = self.text.find("/p/").expect("a client link in the mail");
        self.text[start..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned()
    }
}

/// Every `.eml` file in `dir`, oldest name first.
fn mails_in(dir: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            let name = p.file_stem()?.to_string_lossy().into_owned();
            Some(Mail::parse(name, &bytes))
        })
        .collect()
}

fn outbox_dir(app: &TestApp) -> PathBuf {
    app.data_dir.join("outbox")
}

/// The `.eml` file of an entry of `GET /outbox`.
fn eml_of(app: &TestApp, entry: &Value) -> Mail {
    mails_in(&outbox_dir(app))
        .into_iter()
        .find(|m| Some(m.name.as_str()) == entry["id"].as_str())
        .expect("the entry's .eml file")
}

/// Poll `f` until it yields, or fail naming `what`.
async fn eventually<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The outbox as the staff API lists it.
async fn outbox(app: &TestApp) -> Vec<Value> {
    let (s, v) = app.call(Method::GET, "/outbox", None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().cloned().unwrap_or_default()
}

async fn outbox_until(app: &TestApp, what: &str, f: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let list = outbox(app).await;
        if f(&list) {
            return list;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}: {list:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn of_kind<'a>(list: &'a [Value], kind: &str) -> Vec<&'a Value> {
    list.iter().filter(|m| m["kind"] == kind).collect()
}

struct Fixture {
    client: String,
    project: String,
    milestone: String,
}

/// A client with `contacts`, one project and one milestone (no updates, no approvals).
async fn client_with(app: &TestApp, contacts: &[(&str, &str)]) -> Fixture {
    let client = app.new_client("Acme Ltd", contacts).await;
    let (_, p) = app
        .call(
            Method::POST,
            &format!("/clients/{client}/projects"),
            Some(json!({"name": "Website relaunch"})),
        )
        .await;
    let project = p["id"].as_str().unwrap().to_owned();
    let (_, m) = app
        .call(
            Method::POST,
            &format!("/projects/{project}/milestones"),
            Some(json!({"title": "Design mockups", "status": "in_progress"})),
        )
        .await;
    Fixture {
        client,
        project,
        milestone: m["id"].as_str().unwrap().to_owned(),
    }
}

/// Issue a link; returns (grant id, `/p/<token>` path).
async fn issue(app: &TestApp, client: &str, email: &str, send: bool) -> (String, String) {
    let (s, l) = app
        .call(
            Method::POST,
            &format!("/clients/{client}/links"),
            Some(json!({"email": email, "send": send})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{l}");
    let url = l["url"].as_str().unwrap();
    let path = url[url.find("/p/").unwrap()..].to_owned();
    (l["grant_id"].as_str().unwrap().to_owned(), path)
}

/// A local SMTP server (Python `aiosmtpd`) that stores each message as a file.
struct SmtpSink {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
}

impl SmtpSink {
    async fn start(port: u16) -> Self {
        let have = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
        if !have {
            let _ = Command::new("python3")
                .args(["-m", "pip", "install", "-q", "aiosmtpd"])
                .status();
        }
        let dir = tempfile::tempdir().unwrap();
        let script = format!(
            r"
import os, time
from aiosmtpd.controller import Controller
class H:
    async def handle_DATA(self, server, session, envelope):
        name = os.path.join({dir:?}, '%d' % time.time_ns())
        with open(name + '.tmp', 'wb') as f:
            f.write(envelope.content)
        os.rename(name + '.tmp', name + '.eml')
        return '250 OK'
c = Controller(H(), hostname='127.0.0.1', port={port}); c.start()
time.sleep(600)
",
            dir = dir.path().display().to_string(),
        );
        let child = Command::new("python3")
            .args(["-c", &script])
            .spawn()
            .expect("python3 runs");
        let sink = Self { child, dir, port };
        eventually("the SMTP sink to listen", || {
            std::net::TcpStream::connect(("127.0.0.1", port)).ok()
        })
        .await;
        sink
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn mails(&self) -> Vec<Mail> {
        mails_in(self.dir.path())
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn invitation_lands_in_the_outbox_as_an_eml_file() {
    let app = TestApp::spawn().await;
    let f = client_with(&app, &[("Cleo Client", "cleo@client.test")]).await;
    let (_, path) = issue(&app, &f.client, "cleo@client.test", true).await;
    let mail = eventually("the invitation .eml", || {
        mails_in(&outbox_dir(&app))
            .into_iter()
            .find(|m| m.text.contains(&path))
    })
    .await;
    assert_eq!(mail.to, "cleo@client.test");
    assert_eq!(mail.from, "portal@localhost");
    assert!(mail.subject.contains("Acme Ltd"), "{}", mail.subject);
    assert!(mail.html.contains(&path), "the HTML part carries the link");
    assert!(mail.text.contains("Hello Cleo Client"));
    assert_eq!(mail.auto_submitted, "auto-generated");
    assert!(mail.raw.contains("multipart/alternative"));
    assert!(
        mail.message_id.ends_with("@localhost"),
        "{}",
        mail.message_id
    );
    assert_eq!(mail.link_path(), path);
    assert!(
        mail.text.contains(&format!("http://{}{path}", app.addr)),
        "links are built on server.public_url"
    );
    assert_eq!(app.get(&path).await.status(), StatusCode::OK);

    let list = outbox_until(&app, "the invitation marked sent", |l| {
        l.first().is_some_and(|m| m["status"] == "sent")
    })
    .await;
    let entry = &list[0];
    assert_eq!(entry["kind"], "link_invitation");
    assert_eq!(entry["to"], "cleo@client.test");
    assert_eq!(entry["attempts"], 1);
    assert_eq!(entry["id"].as_str(), Some(mail.name.as_str()));
    let token = path.trim_start_matches("/p/");
    let json = Value::Array(list.clone()).to_string();
    assert!(!json.contains(token), "the outbox API never shows a link");
    assert!(entry.get("text").is_none() && entry.get("html").is_none());

    // `send: false` issues the link without mail.
    let (_, quiet) = issue(&app, &f.client, "cleo@client.test", false).await;
    tokio::time::sleep(SETTLE).await;
    assert!(
        !mails_in(&outbox_dir(&app))
            .iter()
            .any(|m| m.text.contains(&quiet))
    );
    assert_eq!(outbox(&app).await.len(), 1);
}

#[tokio::test]
async fn smtp_delivers_to_a_local_server() {
    let sink = SmtpSink::start(free_port()).await;
    let url = sink.url();
    let app = TestApp::spawn_with(|s| s.mail.smtp_url = Some(url)).await;
    let f = client_with(&app, &[("Cleo Client", "cleo@client.test")]).await;
    let (_, path) = issue(&app, &f.client, "cleo@client.test", true).await;
    let mail = eventually("the invitation at the SMTP sink", || {
        sink.mails().into_iter().find(|m| m.text.contains(&path))
    })
    .await;
    assert_eq!(mail.to, "cleo@client.test");
    assert_eq!(mail.auto_submitted, "auto-generated");
    assert!(mail.html.contains(&path));
    assert!(
        mails_in(&outbox_dir(&app)).is_empty(),
        "no .eml with SMTP set"
    );
}

#[tokio::test]
async fn smtp_retries_until_the_server_comes_up() {
    let port = free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::spawn_with(|s| s.mail.smtp_url = Some(url)).await;
    let f = client_with(&app, &[("Cleo Client", "cleo@client.test")]).await;
    let (_, path) = issue(&app, &f.client, "cleo@client.test", true).await;
    let list = outbox_until(&app, "a failed first attempt", |l| {
        l.first().is_some_and(|m| m["attempts"] == 1)
    })
    .await;
    assert_eq!(list[0]["status"], "queued");
    assert!(list[0]["last_error"].is_string(), "{}", list[0]);

    let sink = SmtpSink::start(port).await;
    // Nothing happens before the first backoff (30 s) has passed on the app's clock.
    tokio::time::sleep(SETTLE).await;
    assert!(sink.mails().is_empty());
    app.clock.advance(31);
    let mail = eventually("the retried invitation", || {
        sink.mails().into_iter().find(|m| m.text.contains(&path))
    })
    .await;
    assert_eq!(mail.to, "cleo@client.test");
    let list = outbox_until(&app, "the invitation marked sent", |l| {
        l.first().is_some_and(|m| m["status"] == "sent")
    })
    .await;
    assert_eq!(list[0]["attempts"], 2);
}

#[tokio::test]
async fn pending_mail_survives_a_restart_and_sent_mail_is_not_sent_again() {
    let dead = format!("smtp://127.0.0.1:{}", free_port());
    let first = TestApp::spawn_with(|s| s.mail.smtp_url = Some(dead)).await;
    let f = client_with(&first, &[("Cleo Client", "cleo@client.test")]).await;
    let (_, pending) = issue(&first, &f.client, "cleo@client.test", true).await;
    outbox_until(&first, "a failed attempt", |l| {
        l.first().is_some_and(|m| m["attempts"] == 1)
    })
    .await;
    // Restarted with the embedded outbox: the pending invitation goes out.
    let second = first.restart().await;
    second.clock.advance(31);
    eventually("the pending invitation after a restart", || {
        mails_in(&outbox_dir(&second))
            .into_iter()
            .find(|m| m.text.contains(&pending))
    })
    .await;
    let (_, fresh) = issue(&second, &f.client, "cleo@client.test", true).await;
    eventually("a second invitation", || {
        mails_in(&outbox_dir(&second))
            .into_iter()
            .find(|m| m.text.contains(&fresh))
    })
    .await;
    outbox_until(&second, "both marked sent", |l| {
        l.len() == 2 && l.iter().all(|m| m["status"] == "sent")
    })
    .await;
    let third = second.restart().await;
    third.clock.advance(2 * 86_400);
    tokio::time::sleep(SETTLE).await;
    let files = mails_in(&outbox_dir(&third));
    assert_eq!(files.len(), 2, "nothing sent twice");
    assert_eq!(
        files.iter().filter(|m| m.text.contains(&pending)).count(),
        1
    );
    assert_eq!(files.iter().filter(|m| m.text.contains(&fresh)).count(), 1);
    let list = outbox(&third).await;
    assert!(list.iter().all(|m| m["status"] == "sent"), "{list:?}");
}

#[tokio::test]
async fn updates_within_the_batch_window_make_one_mail_per_contact() {
    let app = TestApp::spawn().await;
    let f = client_with(
        &app,
        &[
            ("Cleo Client", "cleo@client.test"),
            ("Carl Client", "carl@client.test"),
        ],
    )
    .await;
    for n in 1..=5 {
        let (s, _) = app
            .call(
                Method::POST,
                &format!("/milestones/{}/updates", f.milestone),
                Some(json!({"body": format!("Public update number {n}")})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    app.call(
        Method::POST,
        &format!("/milestones/{}/updates", f.milestone),
        Some(json!({"body": "INTERNAL margin is thin", "internal": true})),
    )
    .await;
    tokio::time::sleep(SETTLE).await;
    assert!(
        outbox(&app).await.is_empty(),
        "nothing before the window ends"
    );

    app.clock.advance(10 * 60 + 1);
    let list = outbox_until(&app, "two update mails sent", |l| {
        l.len() == 2 && l.iter().all(|m| m["status"] == "sent")
    })
    .await;
    assert!(of_kind(&list, "milestone_updates").len() == 2, "{list:?}");
    let mails = mails_in(&outbox_dir(&app));
    let mut to: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, ["carl@client.test", "cleo@client.test"]);
    for m in &mails {
        assert_eq!(m.subject, "5 updates on Website relaunch");
        for n in 1..=5 {
            assert!(m.text.contains(&format!("Public update number {n}")));
            assert!(m.html.contains(&format!("Public update number {n}")));
        }
        assert!(!m.text.contains("INTERNAL") && !m.html.contains("INTERNAL"));
        assert_eq!(app.get(&m.link_path()).await.status(), StatusCode::OK);
    }
    assert_ne!(mails[0].link_path(), mails[1].link_path(), "a link each");
    tokio::time::sleep(SETTLE).await;
    assert_eq!(outbox(&app).await.len(), 2);
}

#[tokio::test]
async fn approvals_are_announced_and_reminded_on_the_apps_clock() {
    let app = TestApp::spawn().await;
    let f = client_with(&app, &[("Cleo Client", "cleo@client.test")]).await;
    let due = app.clock.now().date() + time::Duration::days(6);
    let (s, a) = app
        .call(
            Method::POST,
            &format!("/projects/{}/approvals", f.project),
            Some(json!({"title": "Approve the sitemap", "due_on": due.to_string()})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let approval = a["id"].as_str().unwrap().to_owned();
    let sent_request = |m: &&Value| m["kind"] == "approval_requested" && m["status"] == "sent";
    let list = outbox_until(&app, "the approval request", |l| {
        l.iter().any(|m| sent_request(&m))
    })
    .await;
    let request = eml_of(&app, list.iter().find(sent_request).unwrap());
    assert_eq!(
        request.subject,
        "Your decision is needed: Approve the sitemap"
    );
    assert!(
        request
            .link_path()
            .ends_with(&format!("/approvals/{approval}"))
    );
    assert_eq!(app.get(&request.link_path()).await.status(), StatusCode::OK);

    let reminders = |l: &[Value]| of_kind(l, "approval_reminder").len();
    app.clock.advance(3 * 86_400 - 3600);
    tokio::time::sleep(SETTLE).await;
    assert_eq!(
        reminders(&outbox(&app).await),
        0,
        "not before reminder_after"
    );
    app.clock.advance(2 * 3600);
    outbox_until(&app, "the first reminder", |l| reminders(l) == 1).await;
    app.clock.advance(12 * 3600);
    tokio::time::sleep(SETTLE).await;
    assert_eq!(reminders(&outbox(&app).await), 1, "at most one a day");
    // Five days in: due tomorrow (or today), so the "due soon" reminder.
    app.clock.advance(37 * 3600);
    // Read once written: the listing shows it queued before the sender has written it.
    let list = outbox_until(&app, "the due-soon reminder", |l| {
        reminders(l) == 2 && l[0]["status"] == "sent"
    })
    .await;
    let due_soon = eml_of(&app, &list[0]);
    assert!(
        due_soon.subject.contains("Approve the sitemap"),
        "{}",
        due_soon.subject
    );
    assert_eq!(
        app.get(&due_soon.link_path()).await.status(),
        StatusCode::OK
    );
    app.clock.advance(3 * 86_400);
    tokio::time::sleep(SETTLE).await;
    assert_eq!(reminders(&outbox(&app).await), 2, "none past the due date");
}

/// The value of a hidden form field in `page`.
fn field(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in the form"));
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn a_decision_is_mailed_to_the_staff_member_who_asked() {
    let app = TestApp::spawn().await;
    let f = client_with(&app, &[("Cleo Client", "cleo@client.test")]).await;
    let (_, a) = app
        .call(
            Method::POST,
            &format!("/projects/{}/approvals", f.project),
            Some(json!({"title": "Approve the sitemap"})),
        )
        .await;
    let approval = a["id"].as_str().unwrap().to_owned();
    let (_, path) = issue(&app, &f.client, "cleo@client.test", false).await;
    let page_url = format!("{path}/approvals/{approval}");
    let page = app.get(&page_url).await.text().await.unwrap();
    let form = [
        ("decision", "request_changes".to_owned()),
        ("name", "Cleo Client".to_owned()),
        ("comment", "Please add a contact page".to_owned()),
        ("version_sha256", field(&page, "version_sha256")),
        ("nonce", field(&page, "nonce")),
    ];
    let body = form
        .iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&");
    let res = app
        .http
        .post(app.url(&page_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list = outbox_until(&app, "the decision mail", |l| {
        l.iter()
            .any(|m| m["kind"] == "decision_recorded" && m["status"] == "sent")
    })
    .await;
    let entry = of_kind(&list, "decision_recorded")[0];
    assert!(
        entry["to"].as_str().unwrap().starts_with("tess"),
        "to the requesting staff member: {entry}"
    );
    let mail = eml_of(&app, entry);
    assert_eq!(
        mail.subject,
        "Acme Ltd asked for changes: Approve the sitemap"
    );
    assert!(mail.text.contains("Cleo Client") && mail.text.contains("> Please add a contact page"));
    assert!(!mail.text.contains("/p/"), "no client link in staff mail");
    let console = format!(
        "{}/staff/projects/{}#approval-{approval}",
        app.base, f.project
    );
    assert!(mail.text.contains(&console), "{}", mail.text);
}

#[tokio::test]
async fn renew_mails_a_fresh_link_to_the_address_on_file_only() {
    let app = TestApp::spawn().await;
    let f = client_with(&app, &[("Cleo Client", "cleo@client.test")]).await;
    let (grant, path) = issue(&app, &f.client, "cleo@client.test", false).await;
    let renew = |body: &'static str| {
        app.http
            .post(app.url(&format!("{path}/renew")))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let fresh = |app: &TestApp| {
        mails_in(&outbox_dir(app))
            .into_iter()
            .filter(|m| m.subject.contains("fresh link"))
            .collect::<Vec<_>>()
    };

    // A live link gets nothing.
    let live = renew("").await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    let neutral = live.text().await.unwrap();
    tokio::time::sleep(SETTLE).await;
    assert!(fresh(&app).is_empty());

    // Expired: renewable.
    let _ = grant;
    app.clock.advance(8 * 86_400);
    assert_eq!(app.get(&path).await.status(), StatusCode::GONE);
    let res = renew("email=eve%40evil.test").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.text().await.unwrap(),
        neutral,
        "the same page either way"
    );
    assert!(!neutral.contains("/p/"), "the page never shows a link");
    let first = eventually("a fresh link", || fresh(&app).into_iter().next()).await;
    assert_eq!(first.to, "cleo@client.test");
    assert_ne!(first.link_path(), path);
    assert_eq!(app.get(&first.link_path()).await.status(), StatusCode::OK);
    assert_eq!(
        app.get(&path).await.status(),
        StatusCode::GONE,
        "the old link stays dead"
    );

    // Three a day per grant.
    for _ in 0..3 {
        assert_eq!(renew("").await.unwrap().status(), StatusCode::OK);
    }
    eventually("three fresh links", || {
        (fresh(&app).len() == 3).then_some(())
    })
    .await;
    tokio::time::sleep(SETTLE).await;
    assert_eq!(
        fresh(&app).len(),
        3,
        "the fourth request of the day is refused"
    );
    assert!(fresh(&app).iter().all(|m| m.to == "cleo@client.test"));
    app.clock.advance(86_401);
    renew("").await.unwrap();
    eventually("a fresh link the next day", || {
        (fresh(&app).len() == 4).then_some(())
    })
    .await;

    // A contact since removed gets nothing.
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/clients/{}", f.client),
            Some(json!({"contacts": [{"name": "Carl Client", "email": "carl@client.test"}]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(renew("").await.unwrap().text().await.unwrap(), neutral);
    // Nor does anyone while the portal is off.
    app.call(
        Method::PATCH,
        &format!("/clients/{}", f.client),
        Some(json!({"contacts": [{"name": "Cleo Client", "email": "cleo@client.test"}], "portal_enabled": false})),
    )
    .await;
    assert_eq!(renew("").await.unwrap().text().await.unwrap(), neutral);
    tokio::time::sleep(SETTLE).await;
    assert_eq!(fresh(&app).len(), 4);

    // A cut-off link can ask too, and its fresh link is issued after the cut-off.
    app.call(
        Method::PATCH,
        &format!("/clients/{}", f.client),
        Some(json!({"portal_enabled": true})),
    )
    .await;
    let (_, cut) = issue(&app, &f.client, "cleo@client.test", false).await;
    app.call(
        Method::POST,
        &format!("/clients/{}/links/cutoff", f.client),
        None,
    )
    .await;
    assert_eq!(app.get(&cut).await.status(), StatusCode::GONE);
    let res = app
        .http
        .post(app.url(&format!("{cut}/renew")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.text().await.unwrap(), neutral);
    let after_cutoff = eventually("a fresh link after a cut-off", || {
        let all = fresh(&app);
        (all.len() == 5).then(|| all[4].clone())
    })
    .await;
    assert_eq!(
        app.get(&after_cutoff.link_path()).await.status(),
        StatusCode::OK
    );

    // A forged token gets the generic 404 and no mail.
    let forged = format!("{}AAAA/renew", &path[..path.len() - 4]);
    let res = app.http.post(app.url(&forged)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_message_failing_for_a_day_is_given_up_and_can_be_retried() {
    let port = free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::spawn_with(|s| s.mail.smtp_url = Some(url)).await;
    let (s, v) = app.call(Method::POST, "/outbox/nope/retry", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
    let f = client_with(&app, &[("Cleo Client", "cleo@client.test")]).await;
    let (_, path) = issue(&app, &f.client, "cleo@client.test", true).await;
    outbox_until(&app, "a failed first attempt", |l| {
        l.first().is_some_and(|m| m["attempts"] == 1)
    })
    .await;
    app.clock.advance(86_400 + 1);
    let list = outbox_until(&app, "the message given up", |l| {
        l.first().is_some_and(|m| m["status"] == "failed")
    })
    .await;
    assert_eq!(list[0]["attempts"], 2);
    let id = list[0]["id"].as_str().unwrap().to_owned();

    let sink = SmtpSink::start(port).await;
    let (s, v) = app
        .call(Method::POST, &format!("/outbox/{id}/retry"), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "queued");
    eventually("the retried message", || {
        sink.mails().into_iter().find(|m| m.text.contains(&path))
    })
    .await;
    outbox_until(&app, "the message sent", |l| {
        l.first().is_some_and(|m| m["status"] == "sent")
    })
    .await;
    let (s, _) = app
        .call(Method::POST, &format!("/outbox/{id}/retry"), None)
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "a sent message is not sent again");
}

/// Messages per second the sender sustains, to a local SMTP sink and to `.eml` files.
/// `cargo test --release --test api -- --ignored --nocapture mail_throughput`
#[tokio::test]
#[ignore = "a measurement, not a check"]
async fn mail_throughput() {
    use porthole::domain::mail::{MailKind, MailStatus, OutboxMessage};
    use porthole::store::Actor;
    use porthole::store::outbox::{enqueue, sortable_id};

    const N: usize = 2000;
    async fn measure(app: &TestApp) -> f64 {
        let now = app.clock.now();
        app.state
            .store
            .write(&Actor::System, now, |tx| {
                for n in 0..N {
                    enqueue(
                        tx,
                        &OutboxMessage {
                            id: sortable_id(now),
                            kind: MailKind::DecisionRecorded,
                            to: format!("staff{n}@agency.test"),
                            to_name: "Staff".into(),
                            subject: format!("Message {n}"),
                            text: "Plain text body\n".repeat(20),
                            html: "<p>HTML body</p>\n".repeat(20),
                            message_id: format!("<{n}@agency.test>"),
                            link: None,
                            status: MailStatus::Queued,
                            attempts: 0,
                            queued_at: now,
                            next_attempt_at: now,
                            failing_since: None,
                            last_error: None,
                            sent_at: None,
                        },
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let start = std::time::Instant::now();
        app.state.mail.wake();
        loop {
            let sent = app
                .state
                .store
                .outbox_messages(Some(MailStatus::Sent), N + 1)
                .unwrap()
                .len();
            if sent >= N {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        N as f64 / start.elapsed().as_secs_f64()
    }

    let sink = SmtpSink::start(free_port()).await;
    let url = sink.url();
    let smtp = TestApp::spawn_with(|s| s.mail.smtp_url = Some(url)).await;
    let smtp_rate = measure(&smtp).await;
    assert_eq!(sink.mails().len(), N);
    let files = TestApp::spawn().await;
    let files_rate = measure(&files).await;
    println!("mail_smtp_per_s: {smtp_rate:.0}");
    println!("mail_eml_per_s: {files_rate:.0}");
}
