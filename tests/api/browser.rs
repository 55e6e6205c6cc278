//! A real headless Chromium on a 360x740 phone viewport: open a client link, follow to an
//! approval, approve it, and see the receipt. Screenshots land in
//! `target/browser-screenshots/` for a person to look at.
//!
//! Needs Debian `chromium` and `chromium-driver` (installed by `.ci/run`). Without them the
//! test says so and passes, unless `PORTHOLE_REQUIRE_BROWSER=1` (set by CI) makes it fail.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use reqwest::Method;
use serde_json::json;

use crate::helpers::TestApp;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Start chromedriver, or None when the browser is not installed (and not required).
async fn start_driver() -> Option<(Driver, String)> {
    let found = ["/usr/bin/chromedriver", "/usr/bin/chromium"]
        .iter()
        .all(|p| std::path::Path::new(p).exists());
    if !found {
        assert!(
            std::env::var("PORTHOLE_REQUIRE_BROWSER").is_err(),
            "chromium and chromium-driver are required but not installed"
        );
        eprintln!("SKIPPED browser test: install Debian chromium and chromium-driver to run it");
        return None;
    }
    let port = free_port();
    #[allow(clippy::zombie_processes)] // waited for by Driver's Drop
    let child = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Some((Driver(child), url));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

async fn browser(driver_url: &str) -> fantoccini::Client {
    // Two rustls crypto backends are linked into the test binary (ring via lettre,
    // aws-lc via the HTTP clients): pick one explicitly.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let profile = tempfile::tempdir().unwrap();
    let caps = json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=360,740",
                format!("--user-data-dir={}", profile.keep().display()),
            ]
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::rustls()
        .unwrap()
        .capabilities(caps)
        .connect(driver_url)
        .await
        .unwrap()
}

async fn shot(c: &fantoccini::Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_approves_on_a_phone() {
    let Some((_driver, driver_url)) = start_driver().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let state = app.state.clone();
    let seeded = tokio::task::spawn_blocking(move || porthole::demo::seed(&state).unwrap())
        .await
        .unwrap();
    let c = browser(&driver_url).await;
    c.set_window_size(360, 740).await.unwrap();
    c.goto(&seeded.client_link).await.unwrap();
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!h1.is_empty());
    let body = c.source().await.unwrap();
    assert!(
        body.contains("Needs your decision"),
        "overview lacks the decision section"
    );
    shot(&c, "1-overview-360").await;
    // No horizontal scrolling on a phone.
    let width = c
        .execute("return document.documentElement.scrollWidth", vec![])
        .await
        .unwrap();
    assert!(
        width.as_u64().unwrap() <= 360,
        "page is {width} px wide on a 360 px screen"
    );

    c.find(Locator::XPath(
        "//a[contains(., 'Approve the homepage design')]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    assert!(
        c.current_url()
            .await
            .unwrap()
            .path()
            .contains("/approvals/")
    );
    shot(&c, "2-approval-360").await;
    c.find(Locator::Css("input[name=name]"))
        .await
        .unwrap()
        .send_keys("Maya Finch")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=confirm]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("button[name=decision][value=approve]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    let receipt = c.source().await.unwrap();
    shot(&c, "3-receipt-360").await;
    assert!(
        receipt.contains("Approved"),
        "no receipt after approving: {receipt}"
    );
    c.close().await.unwrap();

    // The decision is in the record with its evidence, and the chain still verifies.
    let mut app = app;
    app.token = seeded.staff_token;
    let (_, clients) = app.call(Method::GET, "/clients", None).await;
    let client = clients[0]["id"].as_str().unwrap().to_owned();
    let (_, projects) = app
        .call(Method::GET, &format!("/clients/{client}/projects"), None)
        .await;
    let mut approved = Vec::new();
    for p in projects.as_array().unwrap() {
        let (_, d) = app
            .call(
                Method::GET,
                &format!("/projects/{}", p["id"].as_str().unwrap()),
                None,
            )
            .await;
        for a in d["approvals"].as_array().unwrap() {
            if a["title"] == "Approve the homepage design" {
                approved.push(a.clone());
            }
        }
    }
    assert_eq!(approved[0]["status"], "approved");
    let d = &approved[0]["decisions"][0];
    assert_eq!(d["typed_name"], "Maya Finch");
    assert!(d["user_agent"].as_str().unwrap().contains("Chrome"));
    let (_, v) = app.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(v["ok"], true);
}
