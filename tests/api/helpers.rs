//! `TestApp::spawn()`: the same `serve` that `main` calls, on 127.0.0.1:0, with a manual
//! clock and a temp data dir.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use porthole::app::serve;
use porthole::clock::ManualClock;
use porthole::config::Settings;
use porthole::state::AppState;
use porthole::store::{Actor, NewStaff};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
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

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Spawn with settings adjusted by `tweak` (limits, proxies, ...).
    pub async fn spawn_with(tweak: impl FnOnce(&mut Settings)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let mut app = Self::start(&data_dir, tweak).await;
        app.dir = Some(dir);
        app
    }

    /// Start a server on an existing data dir (restart tests).
    pub async fn start(data_dir: &Path, tweak: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Settings::defaults_with_data_dir(data_dir).unwrap();
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
        Seed {
            client,
            project,
            milestone,
            file,
            approval,
            content,
        }
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

pub struct Seed {
    pub client: String,
    pub project: String,
    pub milestone: String,
    pub file: String,
    pub approval: String,
    pub content: Vec<u8>,
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
