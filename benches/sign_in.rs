//! Console sign-in over HTTP, a known staff address against an unknown one (SPEC 15: the
//! same time and bytes). The real server on 127.0.0.1:0 with a temp data dir; sign-in
//! limits lifted so the bench is not answered 429. Ends with the medians of alternating
//! requests and `sign_in_known_vs_unknown_ratio`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use porthole::config::Settings;
use porthole::state::AppState;
use porthole::state::login_limit::LoginLimits;
use porthole::store::{Actor, NewStaff};

const KNOWN: &str = "dana@agency.test";
const UNKNOWN: &str = "nobody@agency.test";

struct Fixture {
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
    url: String,
    cookie: String,
    csrf: String,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, cookie, csrf, http) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut settings =
            Settings::defaults_with_data_dir(&dir.path().join("data")).expect("settings");
        settings
            .set_public_url(&format!("http://{addr}"))
            .expect("url");
        let mut state = AppState::open_default(settings).expect("state");
        state.shared_mut().expect("a state of its own").login_limits =
            Arc::new(LoginLimits::new(u32::MAX, u32::MAX, Duration::from_secs(1)));
        state
            .store
            .create_staff(
                &Actor::System,
                time::OffsetDateTime::now_utc(),
                NewStaff {
                    name: "Dana Lee".into(),
                    email: KNOWN.into(),
                },
            )
            .expect("staff");
        tokio::spawn(porthole::app::serve(
            listener,
            state,
            std::future::pending(),
        ));
        let http = reqwest::Client::new();
        let res = http
            .get(format!("http://{addr}/staff/login"))
            .send()
            .await
            .expect("login page");
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
            .collect::<Vec<_>>()
            .join("; ");
        let page = res.text().await.expect("page");
        let at = page.find("name=\"csrf\"").expect("csrf field");
        let tag = &page[page[..at].rfind('<').expect("tag")..];
        let v = tag.find("value=\"").expect("value") + 7;
        let csrf = tag[v..v + tag[v..].find('"').expect("quote")].to_owned();
        (format!("http://{addr}/staff/login"), cookie, csrf, http)
    });
    Fixture {
        rt,
        http,
        url,
        cookie,
        csrf,
        _dir: dir,
    }
}

impl Fixture {
    /// One sign-in request; its time and the length of the answer.
    fn ask(&self, email: &str) -> (Duration, usize) {
        self.rt.block_on(async {
            let started = Instant::now();
            let res = self
                .http
                .post(&self.url)
                .header("cookie", &self.cookie)
                .form(&[("email", email), ("csrf", self.csrf.as_str())])
                .send()
                .await
                .expect("answer");
            assert_eq!(res.status(), reqwest::StatusCode::OK);
            let len = res.bytes().await.expect("body").len();
            (started.elapsed(), len)
        })
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

fn sign_in(c: &mut Criterion) {
    let f = fixture();
    let mut group = c.benchmark_group("sign_in");
    group.bench_function("known_address", |b| b.iter(|| f.ask(KNOWN)));
    group.bench_function("unknown_address", |b| b.iter(|| f.ask(UNKNOWN)));
    group.finish();

    // Alternating, so that both see the same machine.
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    let mut lengths = std::collections::BTreeSet::new();
    for _ in 0..300 {
        let (t, n) = f.ask(KNOWN);
        known.push(t);
        lengths.insert(n);
        let (t, n) = f.ask(UNKNOWN);
        unknown.push(t);
        lengths.insert(n);
    }
    let (k, u) = (median(known), median(unknown));
    println!("sign_in_known_median_us: {:.1}", k.as_secs_f64() * 1e6);
    println!("sign_in_unknown_median_us: {:.1}", u.as_secs_f64() * 1e6);
    println!(
        "sign_in_known_vs_unknown_ratio: {:.3}",
        k.as_secs_f64() / u.as_secs_f64()
    );
    println!("sign_in_answer_lengths: {lengths:?}");
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(5));
    targets = sign_in
}
criterion_main!(benches);
