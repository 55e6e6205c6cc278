//! Record lists at size (SPEC 12), over HTTP against the real server on 127.0.0.1:0 with a
//! temp data dir, all in one run so the figures compare: a client's project page (rendered
//! afresh, and as kept by the page cache), the first page of a 10,000-row list, the same
//! list sorted by a column (every row read and sorted), its reports page and its CSV, and
//! a bulk upsert of 10,000 rows that each change (one transaction, durable when answered).
//! Ends by printing each median and its ratio to the rendered project page.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use porthole::config::Settings;
use porthole::state::AppState;
use porthole::store::{Actor, NewStaff};
use serde_json::{Value, json};

const ROWS: usize = 10_000;
const STAGES: [&str; 4] = ["goods-in", "kitting", "out for delivery", "delivered"];

struct Fixture {
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
    base: String,
    token: String,
    client: String,
    other_client: String,
    link: String,
    project: String,
    _dir: tempfile::TempDir,
}

impl Fixture {
    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let res = self
            .http
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("api call");
        let status = res.status();
        let v: Value = res.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {v}");
        v
    }

    /// Every row of the list for the client, each value made from `round` so that a
    /// new round changes every row.
    fn rows(&self, round: u64) -> Value {
        let today = time::OffsetDateTime::now_utc().date();
        Value::Array(
            (0..ROWS)
                .map(|i| {
                    let day = today - time::Duration::days((i % 360) as i64);
                    json!({"external_id": format!("JOB-{i:05}"), "client_id": self.client,
                    "values": {
                        "ref": format!("Job {i} for pallet {}", i % 97),
                        "stage": STAGES[i % STAGES.len()],
                        "booked_on": day.to_string(),
                        "cost": {"amount": format!("{}.{:02}", 100 + (i as u64 * 37 + round) % 900, i % 100), "currency": "EUR"},
                        "kg": format!("{}.5", 10 + (i * 13) % 80),
                        "note": format!("internal note {round}"),
                    }})
                })
                .collect(),
        )
    }

    async fn get(&self, path: &str) -> usize {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("page");
        assert!(res.status().is_success(), "{path}: {}", res.status());
        res.bytes().await.expect("body").len()
    }

    /// A cheap write to another client: every kept page is stale afterwards.
    async fn touch(&self, round: u64) {
        self.call(
            reqwest::Method::PUT,
            "/lists/jobs/rows/OTHER-1",
            json!({"client_id": self.other_client, "values": {"ref": format!("touch {round}")}}),
        )
        .await;
    }
}

fn fixture() -> Fixture {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let (base, token) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut settings = Settings::defaults_with_data_dir(&data).expect("settings");
        settings
            .set_public_url(&format!("http://{addr}"))
            .expect("url");
        settings.client_per_minute = 1_000_000;
        let state = AppState::open_default(settings).expect("state");
        let (_, token) = state
            .store
            .create_staff(
                &Actor::System,
                time::OffsetDateTime::now_utc(),
                NewStaff {
                    name: "Dana Lee".into(),
                    email: "dana@agency.test".into(),
                },
            )
            .expect("staff");
        tokio::spawn(porthole::app::serve(
            listener,
            state,
            std::future::pending(),
        ));
        (format!("http://{addr}"), token)
    });
    let mut f = Fixture {
        rt,
        http: reqwest::Client::new(),
        base,
        token,
        client: String::new(),
        other_client: String::new(),
        link: String::new(),
        project: String::new(),
        _dir: dir,
    };
    let (client, other_client, project, link) = f.rt.block_on(setup(&f));
    f.client = client;
    f.other_client = other_client;
    f.project = project;
    f.link = link;
    let rows = f.rows(0);
    f.rt.block_on(f.call(reqwest::Method::PUT, "/lists/jobs/rows", rows));
    f
}

/// Two clients, a project of 20 milestones with updates, the `jobs` list and a link;
/// answers (client, other client, project, link path).
async fn setup(f: &Fixture) -> (String, String, String, String) {
    let id = |v: &Value| v["id"].as_str().expect("id").to_owned();
    let client = id(&f
        .call(
            reqwest::Method::POST,
            "/clients",
            json!({"name": "Harbour Logistics",
            "contacts": [{"name": "Hana Harbour", "email": "hana@harbour.test"}]}),
        )
        .await);
    let other = id(&f
        .call(
            reqwest::Method::POST,
            "/clients",
            json!({"name": "Other Ltd",
            "contacts": [{"name": "Olga Other", "email": "olga@other.test"}]}),
        )
        .await);
    let project = id(&f
        .call(
            reqwest::Method::POST,
            &format!("/clients/{client}/projects"),
            json!({"name": "Warehouse move", "summary": "From the old site to the new one"}),
        )
        .await);
    for i in 0..20 {
        let status = ["done", "in_progress", "planned"][i % 3];
        let m = f
            .call(
                reqwest::Method::POST,
                &format!("/projects/{project}/milestones"),
                json!({"title": format!("Stage {i}: racking, labels and counts"), "status": status}),
            )
            .await;
        f.call(
            reqwest::Method::POST,
            &format!("/milestones/{}/updates", id(&m)),
            json!({"body": "Counted and labelled; photos in the shared folder."}),
        )
        .await;
    }
    f.call(reqwest::Method::POST, "/lists", json!({"slug": "jobs", "name": "Warehouse jobs", "columns": [
        {"key": "ref", "label": "Job", "kind": "text", "client_visible": true},
        {"key": "stage", "label": "Stage", "kind": "stage", "client_visible": true, "stages": STAGES},
        {"key": "booked_on", "label": "Booked on", "kind": "date", "client_visible": true},
        {"key": "cost", "label": "Cost", "kind": "money", "client_visible": true},
        {"key": "kg", "label": "Weight (kg)", "kind": "number", "client_visible": true},
        {"key": "note", "label": "Note", "kind": "text", "client_visible": false},
    ]})).await;
    let l = f
        .call(
            reqwest::Method::POST,
            &format!("/clients/{client}/links"),
            json!({"email": "hana@harbour.test", "send": false}),
        )
        .await;
    let url = l["url"].as_str().expect("url");
    let link = url.strip_prefix(&f.base).expect("own url").to_owned();
    (client, other, project, link)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn lists(c: &mut Criterion) {
    let f = fixture();
    let project = format!("{}/projects/{}", f.link, f.project);
    let list = format!("{}/lists/jobs", f.link);
    let sorted = format!("{}/lists/jobs?sort=-cost", f.link);
    let reports = format!("{}/reports", f.link);
    let csv = format!("{}/lists/jobs.csv", f.link);
    let mut medians: Vec<(&str, Vec<Duration>)> = Vec::new();
    let mut group = c.benchmark_group("lists");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));

    let mut timed = Vec::new();
    let mut round = 0u64;
    group.bench_function("project page, rendered", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                round += 1;
                f.rt.block_on(f.touch(round));
                let start = Instant::now();
                f.rt.block_on(f.get(&project));
                let t = start.elapsed();
                timed.push(t);
                total += t;
            }
            total
        });
    });
    medians.push(("project page, rendered", std::mem::take(&mut timed)));
    for (name, path) in [
        ("project page, kept", &project),
        ("10,000-row list, first page", &list),
        ("10,000-row list, sorted", &sorted),
        ("10,000-row list, reports", &reports),
        ("10,000-row list, CSV", &csv),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    f.rt.block_on(f.get(path));
                    let t = start.elapsed();
                    timed.push(t);
                    total += t;
                }
                total
            });
        });
        medians.push((name, std::mem::take(&mut timed)));
    }
    group.bench_function("bulk upsert of 10,000 changed rows", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                round += 1;
                let rows = f.rows(round);
                let start = Instant::now();
                let done =
                    f.rt.block_on(f.call(reqwest::Method::PUT, "/lists/jobs/rows", rows));
                let t = start.elapsed();
                assert_eq!(done["replaced"], ROWS, "{done}");
                timed.push(t);
                total += t;
            }
            total
        });
    });
    medians.push((
        "bulk upsert of 10,000 changed rows",
        std::mem::take(&mut timed),
    ));
    group.finish();

    let base = medians
        .first()
        .map(|(_, v)| median(v.clone()))
        .unwrap_or(Duration::from_millis(1));
    for (name, v) in medians {
        if v.is_empty() {
            continue;
        }
        let m = median(v);
        println!(
            "{name}: median {:.2} ms, {:.1}x the rendered project page",
            m.as_secs_f64() * 1e3,
            m.as_secs_f64() / base.as_secs_f64()
        );
        if name.starts_with("bulk") {
            println!(
                "bulk upsert rate: {:.0} rows/s",
                ROWS as f64 / m.as_secs_f64()
            );
        }
    }
}

criterion_group!(benches, lists);
criterion_main!(benches);
