//! Every helper more than one test module uses. `TestApp::spawn()`: the same `serve` that
//! `main` calls, on 127.0.0.1:0, with a manual clock and a temp data dir; then the binary
//! run as a CLI, page scraping, and a staff member signed in through the console.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use porthole::app::serve;
use porthole::clock::ManualClock;
use porthole::config::{Backend, Settings};
use porthole::domain::DecisionKind;
use porthole::domain::approval::DecisionInput;
use porthole::state::AppState;
use porthole::store::{Actor, DecisionEvidence, NewStaff};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use tokio::process::Command;
use tokio::sync::oneshot;

pub struct TestApp {
    pub addr: std::net::SocketAddr,
    pub base: String,
    pub http: reqwest::Client,
    pub state: AppState,
    #[allow(dead_code)] // for test modules that move time (expiry)
    pub clock: Arc<ManualClock>,
    pub token: String,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    pub dir: Option<tempfile::TempDir>,
    pub data_dir: PathBuf,
}

/// The backend a new test app gets: a fresh database of the test cluster when the suite
/// runs on PostgreSQL, else the embedded file.
fn fresh_backend() -> Backend {
    if crate::pg_cluster::wanted() {
        Backend::Postgres {
            url: crate::pg_cluster::cluster().new_database(),
            master_key: rand::random(),
        }
    } else {
        Backend::Redb
    }
}

/// The backend of a data dir met for the first time: an embedded store already there (a
/// backup, say) is opened as such; otherwise the suite's backend.
fn backend_for_new(data_dir: &Path) -> Backend {
    if data_dir.join("porthole.redb").exists() {
        Backend::Redb
    } else {
        fresh_backend()
    }
}

/// Pin a data dir to the embedded redb file, for tests of the file itself run through the
/// CLI before any server starts on it.
pub fn pin_embedded(data_dir: &Path) {
    pin_backend(data_dir, Backend::Redb);
}

/// Pin a data dir to a backend: the CLI and `TestApp::start` on it use that one.
pub fn pin_backend(data_dir: &Path, backend: Backend) {
    backends()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(data_dir.to_owned(), backend);
}

/// Which backend each data dir's app runs on, so the CLI run on that data dir finds the
/// same records.
fn backends() -> &'static std::sync::Mutex<std::collections::HashMap<PathBuf, Backend>> {
    static BACKENDS: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<PathBuf, Backend>>,
    > = std::sync::OnceLock::new();
    BACKENDS.get_or_init(Default::default)
}

/// The environment that points the binary at a data dir's backend.
pub fn backend_env(data_dir: &Path) -> Vec<(String, String)> {
    use base64::Engine as _;
    let known = backends()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(data_dir)
        .cloned();
    // A data dir no app started on is the CLI's own: the embedded store, as without
    // a configured backend.
    match known {
        Some(Backend::Postgres { url, master_key }) => vec![
            ("PORTHOLE__STORAGE__BACKEND".into(), "postgres".into()),
            ("PORTHOLE__STORAGE__POSTGRES_URL".into(), url),
            (
                "PORTHOLE__KEYS__MASTER_KEY".into(),
                base64::engine::general_purpose::STANDARD.encode(master_key),
            ),
        ],
        _ => Vec::new(),
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Spawn with settings adjusted by `tweak` (limits, proxies, ...).
    pub async fn spawn_with(tweak: impl FnOnce(&mut Settings)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let mut app = Self::start_on(&data_dir, fresh_backend(), tweak).await;
        app.dir = Some(dir);
        app
    }

    /// Spawn on the embedded redb file whatever backend the suite runs on: for tests of
    /// the file itself (its lock, its bytes, its modes).
    pub async fn spawn_embedded() -> Self {
        Self::spawn_on(Backend::Redb).await
    }

    /// Spawn on the given backend.
    pub async fn spawn_on(backend: Backend) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let mut app = Self::start_on(&data_dir, backend, |_| {}).await;
        app.dir = Some(dir);
        app
    }

    /// Start a server on an existing data dir (restart tests), on the backend it ran on
    /// before (a new one for a new data dir).
    pub async fn start(data_dir: &Path, tweak: impl FnOnce(&mut Settings)) -> Self {
        let known = backends()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(data_dir)
            .cloned();
        Self::start_on(
            data_dir,
            known.unwrap_or_else(|| backend_for_new(data_dir)),
            tweak,
        )
        .await
    }

    async fn start_on(
        data_dir: &Path,
        backend: Backend,
        tweak: impl FnOnce(&mut Settings),
    ) -> Self {
        backends()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(data_dir.to_owned(), backend.clone());
        let mut settings = Settings::defaults_with_data_dir(data_dir).unwrap();
        settings.backend = backend;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        settings.set_public_url(&format!("http://{addr}")).unwrap();
        settings.client_per_minute = 100_000;
        tweak(&mut settings);
        let clock = ManualClock::new();
        let state = AppState::open(settings, clock.clone()).unwrap();
        let token = match state.store.create_staff(
            &Actor::System,
            clock_now(&clock),
            NewStaff {
                name: "Tess Tester".into(),
                email: format!("tess{}@agency.test", rand_suffix()),
            },
        ) {
            Ok((_, token)) => token,
            Err(e) => panic!("staff: {e}"),
        };
        let (tx, rx) = oneshot::channel::<()>();
        let st = state.clone();
        let server = tokio::spawn(async move {
            serve(listener, st, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        // No idle pooled connections: graceful shutdown waits for every open one.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        Self {
            addr,
            base: format!("http://{addr}"),
            http,
            state,
            clock,
            token,
            shutdown: Some(tx),
            server: Some(server),
            dir: None,
            data_dir: data_dir.to_owned(),
        }
    }

    /// Stop the server gracefully and release the database.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(s) = self.server.take() {
            let _ = s.await;
        }
    }

    /// Stop, release the database, and start again on the same data dir (the temp dir and
    /// the API token carry over).
    pub async fn restart(mut self) -> Self {
        self.stop().await;
        let data = self.data_dir.clone();
        let dir = self.dir.take();
        let token = self.token.clone();
        drop(self);
        let mut again = Self::start(&data, |_| {}).await;
        again.dir = dir;
        again.token = token;
        again
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn api(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(&format!("/api/v1{path}")))
            .bearer_auth(&self.token)
    }

    /// Call the API with a JSON body and return status and JSON.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.api(method, path);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        json_of(res).await
    }

    /// Follow a list route's `Link: <...>; rel="next"` from `path` (under `/api/v1`) to its
    /// last page; returns every page's items, in order.
    pub async fn all_pages(&self, path: &str) -> Vec<Vec<Value>> {
        let mut pages = Vec::new();
        let mut next = Some(self.url(&format!("/api/v1{path}")));
        while let Some(url) = next.take() {
            assert!(pages.len() < 1000, "paging does not end");
            let res = self
                .http
                .get(&url)
                .bearer_auth(&self.token)
                .send()
                .await
                .unwrap();
            next = next_link(&res).map(|target| self.url(&target));
            let (s, items) = json_of(res).await;
            assert_eq!(s, StatusCode::OK, "{url}: {items}");
            pages.push(items.as_array().expect("a JSON array").clone());
        }
        pages
    }

    /// A client named `name` with `contacts` (name, email); returns its id.
    pub async fn new_client(&self, name: &str, contacts: &[(&str, &str)]) -> String {
        let contacts: Vec<Value> = contacts
            .iter()
            .map(|(n, e)| json!({"name": n, "email": e}))
            .collect();
        let (s, c) = self
            .call(
                Method::POST,
                "/clients",
                Some(json!({"name": name, "contacts": contacts})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        c["id"].as_str().unwrap().to_owned()
    }

    /// Issue a link on the seeded client; returns (grant_id, path `/p/{token}`).
    pub async fn link(&self, seed: &Seed, body: Value) -> (String, String) {
        let (s, l) = self
            .call(
                Method::POST,
                &format!("/clients/{}/links", seed.client),
                Some(body),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{l}");
        let url = l["url"].as_str().unwrap();
        (
            l["grant_id"].as_str().unwrap().to_owned(),
            url.strip_prefix(&self.base).unwrap().to_owned(),
        )
    }

    /// A link for the seeded contact, not mailed.
    pub async fn cleo_link(&self, seed: &Seed) -> (String, String) {
        self.link(seed, json!({"email": "cleo@client.test", "send": false}))
            .await
    }

    /// A staff member who can sign in to the console.
    pub fn add_staff(&self, name: &str, email: &str) {
        self.state
            .store
            .create_staff(
                &Actor::System,
                self.state.clock.now(),
                NewStaff {
                    name: name.into(),
                    email: email.into(),
                },
            )
            .unwrap();
    }

    /// Every `.eml` the mail sender wrote under `data_dir/outbox`: the raw header section,
    /// a blank line, then the decoded text body (transfer encodings undone).
    pub fn mails(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.data_dir.join("outbox")) else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .map(|e| {
                let raw = std::fs::read(e.path()).unwrap();
                let text = String::from_utf8_lossy(&raw);
                let headers = text.split("\r\n\r\n").next().unwrap_or_default().to_owned();
                let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
                format!("{headers}\r\n\r\n{}", m.body_text(0).unwrap_or_default())
            })
            .collect()
    }

    /// Wait (at most 10 s) until a mail to `address` was written to the outbox.
    pub async fn wait_for_mail_to(&self, address: &str) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let to = format!("{address}>");
        while !self.mails().iter().any(|m| m.contains(&to)) {
            assert!(
                std::time::Instant::now() < deadline,
                "no mail to {address} within 10 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Wait (at most 10 s) until a mail containing `needle` was written; returns it.
    pub async fn wait_for_mail_with(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(m) = self.mails().into_iter().find(|m| m.contains(needle)) {
                return m;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no mail with {needle:?} within 10 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Open a request through the link at `path` (nonce from its page); returns the
    /// request's page path.
    pub async fn open_request(&self, path: &str, subject: &str, project: &str) -> String {
        let html = self.page(&format!("{path}/requests")).await.body;
        let nonce = hidden(&html, "nonce");
        let open = self
            .post_form(
                &format!("{path}/requests"),
                &[
                    ("nonce", nonce.as_str()),
                    ("subject", subject),
                    ("body", "Could it be darker?"),
                    ("project_id", project),
                ],
            )
            .await;
        assert_eq!(open.status, StatusCode::SEE_OTHER, "{}", open.body);
        open.location
    }

    /// Reply through a link on the request page `request` (from [`Self::open_request`]).
    pub async fn reply_as_client(&self, request: &str, body: &str) {
        let html = self.page(request).await.body;
        let nonce = hidden(&html, "nonce");
        let reply = self
            .post_form(
                &format!("{request}/replies"),
                &[("nonce", nonce.as_str()), ("body", body)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }

    /// A form on `project` with one required text question `company`; returns its id.
    pub async fn company_form(&self, project: &str) -> String {
        let (s, f) = self
            .call(
                Method::POST,
                &format!("/projects/{project}/forms"),
                Some(json!({"title": "Kick-off questions", "questions": [
                    {"key": "company", "label": "Company", "kind": "text", "required": true}
                ]})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{f}");
        f["id"].as_str().unwrap().to_owned()
    }

    /// A file request titled `title` on `project`; returns its id.
    pub async fn file_request(&self, project: &str, title: &str) -> String {
        let (s, r) = self
            .call(
                Method::POST,
                &format!("/projects/{project}/file_requests"),
                Some(json!({"title": title})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
        r["id"].as_str().unwrap().to_owned()
    }

    /// Send `content` as `name` for file request `request` through the link at `path`.
    pub async fn send_file(
        &self,
        path: &str,
        request: &str,
        name: &str,
        content: Vec<u8>,
    ) -> StatusCode {
        let part = reqwest::multipart::Part::bytes(content).file_name(name.to_owned());
        self.http
            .post(self.url(&format!("{path}/file_requests/{request}")))
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap()
            .status()
    }

    /// Write the link views counted in memory now (the server does so every few seconds).
    pub fn flush_views(&self) {
        self.state.link_views.flush(&self.state.store).unwrap();
    }

    /// GET a page as a browser would (no redirect followed).
    pub async fn page(&self, path: &str) -> Answer {
        Answer::of(self.get(path).await).await
    }

    /// POST a url-encoded form as a browser would (no redirect followed).
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Answer {
        let res = self
            .http
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .unwrap();
        Answer::of(res).await
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    /// A client with one contact, a project, two milestones (one with a public and an
    /// internal update), a file and a pending approval on it.
    pub async fn seed(&self) -> Seed {
        let (s, c) = self.call(Method::POST, "/clients", Some(json!({"name": "Acme Ltd", "contacts": [{"name": "Cleo Client", "email": "cleo@client.test"}]}))).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        let client = c["id"].as_str().unwrap().to_owned();
        let (_, p) = self
            .call(
                Method::POST,
                &format!("/clients/{client}/projects"),
                Some(json!({"name": "Website relaunch", "summary": "New site"})),
            )
            .await;
        let project = p["id"].as_str().unwrap().to_owned();
        let (_, m) = self
            .call(
                Method::POST,
                &format!("/projects/{project}/milestones"),
                Some(json!({"title": "Design mockups", "status": "in_progress"})),
            )
            .await;
        let milestone = m["id"].as_str().unwrap().to_owned();
        self.call(
            Method::POST,
            &format!("/projects/{project}/milestones"),
            Some(json!({"title": "Discovery workshop", "status": "done"})),
        )
        .await;
        self.call(
            Method::POST,
            &format!("/milestones/{milestone}/updates"),
            Some(json!({"body": "Homepage mockup v1 is ready"})),
        )
        .await;
        self.call(
            Method::POST,
            &format!("/milestones/{milestone}/updates"),
            Some(json!({"body": "INTERNAL margin is thin", "internal": true})),
        )
        .await;
        let content = b"%PDF-1.4 mockup bytes".repeat(50);
        let (s, f) = self
            .upload(&project, "homepage-mockup.pdf", content.clone())
            .await;
        assert_eq!(s, StatusCode::CREATED, "{f}");
        let file = f["id"].as_str().unwrap().to_owned();
        let (_, a) = self
            .call(
                Method::POST,
                &format!("/projects/{project}/approvals"),
                Some(json!({"title": "Approve homepage mockup", "file_id": file})),
            )
            .await;
        let approval = a["id"].as_str().unwrap().to_owned();
        // Requesting the approval mails Cleo (with a link of her own): wait for it, so
        // every test starts from a settled record.
        self.wait_for_mail_to("cleo@client.test").await;
        Seed {
            client,
            project,
            milestone,
            file,
            approval,
            content,
        }
    }

    /// A milestone on `project` from `body` (title, status, due_on...); returns its id.
    pub async fn milestone(&self, project: &str, body: Value) -> String {
        let (s, m) = self
            .call(
                Method::POST,
                &format!("/projects/{project}/milestones"),
                Some(body),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        m["id"].as_str().unwrap().to_owned()
    }

    pub async fn upload(&self, project: &str, name: &str, content: Vec<u8>) -> (StatusCode, Value) {
        let part = reqwest::multipart::Part::bytes(content).file_name(name.to_owned());
        let form = reqwest::multipart::Form::new()
            .text("name", name.to_owned())
            .part("file", part);
        let res = self
            .api(Method::POST, &format!("/projects/{project}/files"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        json_of(res).await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// What a page or a form POST answered.
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    /// The `Location` of a redirect, else empty.
    pub location: String,
    pub body: String,
}

impl Answer {
    async fn of(res: Response) -> Self {
        let header = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let (content_type, location) = (header("content-type"), header("location"));
        Self {
            status: res.status(),
            content_type,
            location,
            body: res.text().await.unwrap(),
        }
    }
}

pub struct Seed {
    pub client: String,
    pub project: String,
    pub milestone: String,
    pub file: String,
    pub approval: String,
    pub content: Vec<u8>,
}

/// The target of a response's `Link: <target>; rel="next"`, if any.
pub fn next_link(res: &Response) -> Option<String> {
    let link = res.headers().get("link")?.to_str().ok()?;
    let (target, params) = link.strip_prefix('<')?.split_once('>')?;
    params
        .split(';')
        .any(|p| p.trim() == "rel=\"next\"")
        .then(|| target.to_owned())
}

pub async fn json_of(res: Response) -> (StatusCode, Value) {
    let status = res.status();
    let bytes = res.bytes().await.unwrap();
    let v = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    (status, v)
}

fn clock_now(clock: &ManualClock) -> time::OffsetDateTime {
    use porthole::clock::Clock as _;
    clock.now()
}

fn rand_suffix() -> u32 {
    rand::random()
}

// ---- records ----

/// Approve the seeded approval through the store, as a link holder would.
pub async fn approve(app: &TestApp, seed: &Seed) {
    let (grant_id, _) = app.cleo_link(seed).await;
    let grant = app.state.store.grant(&grant_id).unwrap();
    let input = DecisionInput {
        decision: DecisionKind::Approve,
        typed_name: "Cleo Client".into(),
        comment: None,
        confirm: true,
        version_sha256: sha_hex(&seed.content),
        nonce: "test-nonce".into(),
    };
    let evidence = DecisionEvidence {
        verified_email: None,
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

/// Approve `approval` through the link at `link` (`/p/{token}`) as the client would: open
/// its page, then send the form with the page's nonce. Returns the answer's status (303
/// once the decision is durable).
pub async fn approve_over_http(app: &TestApp, link: &str, approval: &str) -> StatusCode {
    approve_at(&app.http, &app.base, link, approval)
        .await
        .unwrap()
}

/// [`approve_over_http`] against any server at `base` (another process on the same
/// database); an error when the server does not answer.
pub async fn approve_at(
    http: &reqwest::Client,
    base: &str,
    link: &str,
    approval: &str,
) -> Result<StatusCode, reqwest::Error> {
    let path = format!("{base}{link}/approvals/{approval}");
    let page = http.get(&path).send().await?;
    assert_eq!(page.status(), StatusCode::OK);
    let body = page.text().await?;
    let (sha, nonce) = (hidden(&body, "version_sha256"), hidden(&body, "nonce"));
    let form = [
        ("decision", "approve"),
        ("name", "Cleo Client"),
        ("confirm", "on"),
        ("version_sha256", sha.as_str()),
        ("nonce", nonce.as_str()),
    ];
    Ok(http.post(&path).form(&form).send().await?.status())
}

// ---- the binary as a CLI ----

/// Run the binary without blocking the runtime: the in-process server must keep
/// answering its admin socket meanwhile.
pub async fn porthole(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_porthole"))
        .args(args)
        .env("PORTHOLE__STORAGE__DATA_DIR", data_dir)
        .envs(backend_env(data_dir))
        .env_remove("RUST_LOG")
        .output()
        .await
        .unwrap()
}

/// The last line a command printed (where tokens and URLs go).
pub fn last_line(o: &Output) -> String {
    stdout(o)
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// ---- pages ----

pub fn sha_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// The value of the hidden input `name` in the first tag that has it.
/// Every value of the hidden `nonce` inputs, in page order.
pub fn nonces(html: &str) -> Vec<String> {
    html.match_indices("name=\"nonce\" value=\"")
        .map(|(at, m)| {
            let v = &html[at + m.len()..];
            v[..v.find('"').unwrap()].to_owned()
        })
        .collect()
}

/// An answer as a browser sees it after undoing its `Content-Encoding` (gzip or br).
pub struct Decoded {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    /// The bytes as they came over the wire.
    pub wire: Vec<u8>,
    /// The body after decoding.
    pub text: String,
}

impl Decoded {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }
}

/// GET `path` with `Accept-Encoding: accept` (none if empty) and `extra` headers, and
/// decode the body by its `Content-Encoding`.
pub async fn get_decoded(
    app: &TestApp,
    path: &str,
    accept: &str,
    extra: &[(&str, &str)],
) -> Decoded {
    use std::io::Read as _;
    let mut req = app.http.get(app.url(path));
    if !accept.is_empty() {
        req = req.header("accept-encoding", accept);
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let wire = res.bytes().await.unwrap().to_vec();
    let mut text = String::new();
    match headers.get("content-encoding").map(|v| v.to_str().unwrap()) {
        None => text = String::from_utf8(wire.clone()).unwrap(),
        Some("gzip") => {
            flate2::read::GzDecoder::new(&wire[..])
                .read_to_string(&mut text)
                .expect("valid gzip");
        }
        Some("br") => {
            brotli::Decompressor::new(&wire[..], 4096)
                .read_to_string(&mut text)
                .expect("valid brotli");
        }
        Some(other) => panic!("unexpected content-encoding {other}"),
    }
    Decoded {
        status,
        headers,
        wire,
        text,
    }
}

pub fn hidden(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no {name} in page: {html}"));
    let tag_start = html[..at].rfind('<').unwrap();
    let tag_end = at + html[at..].find('>').unwrap();
    let tag = &html[tag_start..tag_end];
    let v = tag.find("value=\"").unwrap() + 7;
    tag[v..v + tag[v..].find('"').unwrap()].to_owned()
}

/// Where `needle` occurs in `page`, for order checks.
pub fn at(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in page: {page}"))
}

/// The text of the cells after the first one in the table row whose first cell
/// contains `label`, inside the section headed by `#heading_id`.
pub fn row_cells(page: &str, heading_id: &str, label: &str) -> Vec<String> {
    let section = &page[at(page, &format!("id=\"{heading_id}\""))..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    // Header cells count as cells (`<thead>` is no cell).
    let section = section.replace("<th>", "<td>").replace("<th ", "<td ");
    let cells = |row: &str| -> Vec<String> {
        row.split("<td")
            .skip(1)
            .map(|c| {
                let c = &c[c.find('>').map_or(0, |i| i + 1)..];
                let c = &c[..c.find("</t").unwrap_or(c.len())];
                // Drop tags inside the cell.
                let mut text = String::new();
                let mut in_tag = false;
                for ch in c.chars() {
                    match ch {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        _ if !in_tag => text.push(ch),
                        _ => {}
                    }
                }
                text.trim().to_owned()
            })
            .collect()
    };
    let row = section
        .split("<tr")
        .map(cells)
        .find(|c| c.first().is_some_and(|f| f.contains(label)))
        .unwrap_or_else(|| panic!("no row {label} in {section}"));
    row[1..].to_vec()
}

// ---- a staff member in the console ----

/// Cookies as a browser would keep them for `/staff`.
#[derive(Debug, Default, Clone)]
pub struct Jar(pub std::collections::BTreeMap<String, String>);

impl Jar {
    pub fn absorb(&mut self, res: &reqwest::Response) {
        for v in res.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let pair = v.split(';').next().unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            if val.is_empty() || v.contains("Max-Age=0") {
                self.0.remove(k);
            } else {
                self.0.insert(k.to_owned(), val.to_owned());
            }
        }
    }

    pub fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub async fn get_with(app: &TestApp, jar: &mut Jar, path: &str) -> (StatusCode, String) {
    let res = app
        .http
        .get(app.url(path))
        .header("cookie", jar.header())
        .send()
        .await
        .unwrap();
    jar.absorb(&res);
    let s = res.status();
    (s, res.text().await.unwrap())
}

pub async fn post_with(
    app: &TestApp,
    jar: &mut Jar,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let res = app
        .http
        .post(app.url(path))
        .header("cookie", jar.header())
        .form(form)
        .send()
        .await
        .unwrap();
    jar.absorb(&res);
    res
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Fill in and send the console's sign-in form for `email`, as a browser would.
pub async fn ask_sign_in(app: &TestApp, jar: &mut Jar, email: &str) -> reqwest::Response {
    let (s, login) = get_with(app, jar, "/staff/login").await;
    assert_eq!(s, StatusCode::OK);
    let csrf = hidden(&login, "csrf");
    post_with(
        app,
        jar,
        "/staff/login",
        &[("email", email), ("csrf", &csrf)],
    )
    .await
}

/// Ask for a sign-in link for `email` and return its path from the mail.
pub async fn request_link(app: &TestApp, jar: &mut Jar, email: &str) -> Option<String> {
    let before = app.mails();
    let res = ask_sign_in(app, jar, email).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Check your mail"), "{page}");
    // The answer comes first; the look-up and the mail follow.
    app.state.sign_ins.settled().await;
    let mails = app.mails();
    let mail = mails.iter().find(|m| {
        !before.contains(m) && m.lines().any(|l| l.starts_with("To:") && l.contains(email))
    })?;
    assert!(mail.contains("Auto-Submitted: auto-generated"));
    let prefix = format!("{}/staff/signin/", app.base);
    let at = mail.find(&prefix).unwrap();
    let url: String = mail[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    Some(url.strip_prefix(&app.base).unwrap().to_owned())
}

/// Sign in end to end; returns the jar holding the session.
pub async fn sign_in(app: &TestApp, email: &str) -> Jar {
    let mut jar = Jar::default();
    let link = request_link(app, &mut jar, email).await.expect("a mail");
    let (s, confirm) = get_with(app, &mut jar, &link).await;
    assert_eq!(s, StatusCode::OK);
    assert!(confirm.contains("<form"), "{confirm}");
    let csrf = hidden(&confirm, "csrf");
    let res = post_with(app, &mut jar, &link, &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff");
    assert!(jar.0.contains_key("porthole_staff"));
    jar
}

/// Sign in a fresh staff member and return the jar with a CSRF token of its session.
pub async fn signed_in(app: &TestApp) -> (Jar, String) {
    app.add_staff("Sam Staff", "sam@agency.test");
    let mut jar = sign_in(app, "sam@agency.test").await;
    let (_, dash) = get_with(app, &mut jar, "/staff").await;
    let csrf = hidden(&dash, "csrf");
    (jar, csrf)
}

/// Decide on approval `id` through link `path` as a browser would: read the decision
/// form off the approval page, then post `decision` (`approve` | `request_changes`)
/// with `comment`, typed name "Cleo Client" and the page's nonce and version.
pub async fn decide_through_link(
    app: &TestApp,
    path: &str,
    id: &str,
    decision: &str,
    comment: &str,
) -> Answer {
    let url = format!("{path}/approvals/{id}");
    let page = app.page(&url).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let (nonce, sha) = (
        hidden(&page.body, "nonce"),
        hidden(&page.body, "version_sha256"),
    );
    let form = [
        ("decision", decision),
        ("name", "Cleo Client"),
        ("confirm", "on"),
        ("comment", comment),
        ("version_sha256", sha.as_str()),
        ("nonce", nonce.as_str()),
    ];
    app.post_form(&url, &form).await
}

/// Wait (at most 10 s) until `ready` says yes, checking every 50 ms.
pub async fn eventually(what: &str, mut ready: impl AsyncFnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !ready().await {
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: not within 10 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The part of `page` that belongs to milestone `id`: from the element whose id is
/// `milestone-{id}` into the next milestone's element (or to the end of the page).
pub fn milestone_block<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"milestone-{id}\""))
        .unwrap_or_else(|| panic!("milestone {id} not on the page"));
    // The next milestone's own element (not a heading id such as `milestone-title-…`).
    let end = page[start + 1..]
        .match_indices("id=\"milestone-")
        .map(|(i, m)| start + 1 + i + m.len())
        .find(|&i| !page[i..].starts_with("title-"))
        .map_or(page.len(), |i| i);
    &page[start..end]
}

// ---- previews ----

/// A `w` × `h` PNG of one colour.
pub fn png_bytes(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 60, 40]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A valid one-page PDF (280 × 220 pt) with one filled rectangle, its xref computed.
pub fn pdf_bytes() -> Vec<u8> {
    let content = "0.85 0.25 0.2 rg\n30 40 220 140 re\nf\n";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 280 220] /Resources << >> /Contents 4 0 R >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    porthole::demo::pdf_from_objects(&objects)
}

/// `{link}/files/{file}/{n}/preview/{page}`.
pub fn preview_path(link: &str, file: &str, n: u32, page: u32) -> String {
    format!("{link}/files/{file}/{n}/preview/{page}")
}

/// Wait until the preview at `path` answers 200 (it renders in the background).
pub async fn wait_for_preview(app: &TestApp, path: &str) -> Response {
    let mut ready = None;
    eventually(&format!("the preview {path}"), async || {
        let res = app.get(path).await;
        let ok = res.status() == StatusCode::OK;
        ready = ok.then_some(res);
        ok
    })
    .await;
    ready.unwrap()
}

/// Post a multipart form with the session's cookies, as a browser would.
pub async fn post_multipart_with(
    app: &TestApp,
    jar: &mut Jar,
    path: &str,
    form: reqwest::multipart::Form,
) -> reqwest::Response {
    let res = app
        .http
        .post(app.url(path))
        .header("cookie", jar.header())
        .multipart(form)
        .send()
        .await
        .unwrap();
    jar.absorb(&res);
    res
}

/// A `w` × `h` JPEG photo whose EXIF holds a GPS position (Berlin, 52.52008 N 13.40495 E).
pub fn jpeg_with_gps(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 120])
    }));
    porthole::domain::pod::jpeg_with_location(
        &img,
        porthole::domain::pod::Location {
            lat: 52.520_08,
            lon: 13.404_95,
        },
    )
    .unwrap()
}

/// Every entry of a zip archive by name, each read whole (and so CRC-checked).
pub fn zip_entries(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a readable zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).expect("an intact entry");
            (entry.name().to_owned(), data)
        })
        .collect()
}

// ---- an S3-compatible server ----

/// A throwaway S3-compatible server (`s3s-fs`, a file-backed implementation of the S3
/// protocol) on a free loopback port, with one empty bucket; stopped when dropped.
pub struct S3Server {
    pub endpoint: String,
    pub bucket: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    _child: tokio::process::Child,
    root: tempfile::TempDir,
}

impl S3Server {
    /// Start `s3s-fs` (from `PORTHOLE_S3S_FS`, or the first on `PATH`). None, with a line
    /// saying why, when it is not installed, unless `PORTHOLE_REQUIRE_S3=1` (CI), where
    /// that fails the test.
    pub async fn start() -> Option<Self> {
        let found = std::env::var_os("PORTHOLE_S3S_FS")
            .map(PathBuf::from)
            .or_else(|| {
                std::env::split_paths(&std::env::var_os("PATH")?)
                    .map(|dir| dir.join("s3s-fs"))
                    .find(|p| p.is_file())
            });
        let Some(bin) = found else {
            assert!(
                std::env::var("PORTHOLE_REQUIRE_S3").is_err(),
                "s3s-fs is required but not installed: \
                 cargo install --locked s3s-fs --version 0.14.1 --features binary"
            );
            eprintln!(
                "SKIPPED S3 blob store test: s3s-fs is not installed \
                 (cargo install --locked s3s-fs --version 0.14.1 --features binary)"
            );
            return None;
        };
        let root = tempfile::tempdir().unwrap();
        let bucket = "porthole-blobs".to_owned();
        // s3s-fs serves each directory under its root as a bucket.
        std::fs::create_dir(root.path().join(&bucket)).unwrap();
        let port = free_port();
        let (access_key_id, secret_access_key) = (
            "porthole-test".to_owned(),
            format!("secret-{}", rand_suffix()),
        );
        let child = Command::new(bin)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args([
                "--access-key",
                &access_key_id,
                "--secret-key",
                &secret_access_key,
            ])
            .arg(root.path())
            .env_remove("RUST_LOG")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        eventually("s3s-fs listening", async || {
            tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
        })
        .await;
        Some(Self {
            endpoint: format!("http://127.0.0.1:{port}"),
            bucket,
            access_key_id,
            secret_access_key,
            _child: child,
            root,
        })
    }

    /// `storage.blob_store = "s3"` on this server, keys under `prefix`.
    pub fn backend(&self, prefix: &str) -> porthole::config::BlobBackend {
        porthole::config::BlobBackend::S3(Box::new(porthole::config::S3Settings {
            endpoint: Some(self.endpoint.parse().unwrap()),
            bucket: self.bucket.clone(),
            region: "us-east-1".into(),
            access_key_id: self.access_key_id.clone(),
            secret_access_key: porthole::config::Secret::new(self.secret_access_key.clone()),
            prefix: prefix.into(),
        }))
    }

    /// The directory the server keeps its buckets in.
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// A client of the bucket of our own, to look at what porthole stored.
    pub fn client(&self) -> object_store::aws::AmazonS3 {
        object_store::aws::AmazonS3Builder::new()
            .with_endpoint(&self.endpoint)
            .with_allow_http(true)
            .with_bucket_name(&self.bucket)
            .with_region("us-east-1")
            .with_access_key_id(&self.access_key_id)
            .with_secret_access_key(&self.secret_access_key)
            .build()
            .unwrap()
    }
}
