//! A real headless Chromium on a 360x740 phone viewport: open a client link, follow to an
//! approval, approve it, and see the receipt. Screenshots land in
//! `target/browser-screenshots/` for a person to look at.
//!
//! Needs Debian `chromium` and `chromium-driver` (installed by `.ci/run`). Without them the
//! test says so and passes, unless `PORTHOLE_REQUIRE_BROWSER=1` (set by CI) makes it fail.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use reqwest::Method;
use serde_json::json;
use sha2::Digest as _;

use crate::helpers::{TestApp, free_port};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
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
    keep(&format!("{name}.png"), &png);
}

/// Write a screenshot or printout as a new file (written aside, then renamed over the
/// old one), so a copy of target/ that shares files by hard links keeps its own.
fn keep(name: &str, bytes: &[u8]) {
    let path = screenshots().join(name);
    let aside = screenshots().join(format!(".{name}.{}", std::process::id()));
    std::fs::write(&aside, bytes).unwrap();
    std::fs::rename(&aside, &path).unwrap();
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
    assert_accessible(&c).await;
    assert_fits_phone(&c).await;

    let approval = c
        .find(Locator::XPath(
            "//a[contains(., 'Approve the homepage design')]",
        ))
        .await
        .unwrap();
    click_and_wait(&c, approval).await;
    assert!(
        c.current_url()
            .await
            .unwrap()
            .path()
            .contains("/approvals/")
    );
    shot(&c, "2-approval-360").await;
    assert_accessible(&c).await;
    approve_as(&c, "Maya Finch").await;

    let receipt = c.source().await.unwrap();
    shot(&c, "3-receipt-360").await;
    assert!(
        receipt.contains("Approved"),
        "no receipt after approving: {receipt}"
    );
    // A project page (comments form, files, activity) is as accessible.
    c.goto(&seeded.client_link).await.unwrap();
    let project = c.find(Locator::Css("a[href*='/projects/']")).await.unwrap();
    click_and_wait(&c, project).await;
    shot(&c, "4-project-360").await;
    assert_accessible(&c).await;
    c.close().await.unwrap();

    // The decision is in the record with its evidence, and the chain still verifies.
    let mut app = app;
    app.token = seeded.staff_token;
    let (_, clients) = app.call(Method::GET, "/clients", None).await;
    // The demo seeds two clients; the approval is the bakery's.
    let client = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Harbor & Finch Bakery")
        .expect("the bakery")["id"]
        .as_str()
        .unwrap()
        .to_owned();
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

/// Click the submit button labelled `label` inside the form whose action ends with
/// `action_suffix`.
async fn submit(c: &fantoccini::Client, action_suffix: &str, label: &str) {
    let xpath = format!(
        "//form[substring(@action, string-length(@action) - {len} + 1) = '{action_suffix}']//button[contains(., '{label}')]",
        len = action_suffix.len()
    );
    let button = c
        .find(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("no button {label:?} in a form {action_suffix:?}: {e}"));
    click_and_wait(c, button).await;
}

/// Click `element` and wait for the page it leads to: a click does not wait, so wait
/// until the old document is gone (its root goes stale), then for the new one's body.
async fn click_and_wait(c: &fantoccini::Client, element: fantoccini::elements::Element) {
    let before = c.find(Locator::Css("html")).await.unwrap();
    element.click().await.unwrap();
    for _ in 0..400 {
        if before.tag_name().await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    c.wait().for_element(Locator::Css("body")).await.unwrap();
}

/// No horizontal scrolling on a 360 px phone.
async fn assert_fits_phone(c: &fantoccini::Client) {
    let width = c
        .execute("return document.documentElement.scrollWidth", vec![])
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert!(
        width.as_u64().unwrap() <= 360,
        "{url} is {width} px wide on a 360 px screen"
    );
}

/// Every id on the page is unique and every visible form field has a label a screen
/// reader announces.
async fn assert_accessible(c: &fantoccini::Client) {
    let problems = c
        .execute(
            r"
            const out = [];
            const seen = new Set();
            for (const e of document.querySelectorAll('[id]')) {
                if (seen.has(e.id)) out.push('duplicate id ' + e.id);
                seen.add(e.id);
            }
            for (const f of document.querySelectorAll('input, select, textarea')) {
                if (f.type === 'hidden') continue;
                if (f.labels.length === 0 && !f.getAttribute('aria-label')) {
                    out.push('unlabelled ' + f.tagName + ' ' + (f.name || ''));
                }
            }
            return out;
            ",
            vec![],
        )
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert_eq!(
        problems,
        serde_json::json!([]),
        "accessibility problems on {url}"
    );
    assert_tap_targets(c).await;
    assert_axe_clean(c).await;
}

/// Every tap target is at least 24x24 px (WCAG 2.2 2.5.8); a link inside a sentence is
/// excepted, as are the visually hidden ones (the skip link until it has focus).
async fn assert_tap_targets(c: &fantoccini::Client) {
    let small = c
        .execute(
            r"
            const out = [];
            for (const e of document.querySelectorAll('a, button, input, select, textarea, summary, label')) {
                if (e.type === 'hidden') continue;
                const s = getComputedStyle(e);
                if (s.display === 'none' || s.visibility === 'hidden') continue;
                const r = e.getBoundingClientRect();
                if (r.width <= 1 || r.height <= 1) continue;
                if (e.tagName === 'A' && s.display === 'inline') {
                    const own = e.textContent.trim().length;
                    const around = (e.parentElement ? e.parentElement.textContent : '').trim().length;
                    if (around > own) continue;
                }
                if (r.width < 24 || r.height < 24) {
                    const name = (e.textContent || e.name || e.id || '').trim().slice(0, 40);
                    out.push(`${e.tagName.toLowerCase()} '${name}' ${r.width.toFixed(1)}x${r.height.toFixed(1)}`);
                }
            }
            return out;
            ",
            vec![],
        )
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert_eq!(small, json!([]), "tap targets under 24x24 px on {url}");
}

/// Print the page to an A4 PDF (kept beside the screenshots as `{name}.pdf`) and answer
/// its number of pages; a PNG of the page as printed goes beside it.
async fn printed_pages(c: &fantoccini::Client, name: &str) -> usize {
    let pdf = c
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .unwrap();
    keep(&format!("{name}.pdf"), &pdf);
    // The page as printed, at an A4 sheet's width and height in CSS pixels.
    let (w, h) = c.get_window_size().await.unwrap();
    c.set_window_size(794, 1123 + 143).await.unwrap();
    c.issue_cmd(Cdp("Emulation.setEmulatedMedia", json!({"media": "print"})))
        .await
        .unwrap();
    shot(c, name).await;
    c.issue_cmd(Cdp("Emulation.setEmulatedMedia", json!({"media": ""})))
        .await
        .unwrap();
    c.set_window_size(u32::try_from(w).unwrap(), u32::try_from(h).unwrap())
        .await
        .unwrap();
    let pdf = hayro::hayro_syntax::Pdf::new(pdf).expect("Chromium printed a readable PDF");
    pdf.pages().len()
}

/// axe-core's engine, installed by `npm ci --prefix tests/browser` (`.ci/run` does it).
fn axe_source() -> Option<&'static str> {
    static AXE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    AXE.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/browser/node_modules/axe-core/axe.min.js");
        let found = std::fs::read_to_string(&path).ok();
        if found.is_none() {
            assert!(
                std::env::var("PORTHOLE_REQUIRE_BROWSER").is_err(),
                "axe-core is required: npm ci --prefix tests/browser"
            );
            eprintln!("SKIPPED axe-core check: run `npm ci --prefix tests/browser`");
        }
        found
    })
    .as_deref()
}

/// Chromium's DevTools command `cmd` through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp(&'static str, serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({"cmd": self.0, "params": self.1});
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// axe-core finds no violation on the page. The pages' CSP allows no injected script, so
/// the check turns CSP off (DevTools' `Page.setBypassCSP`) while axe runs, then back on.
async fn assert_axe_clean(c: &fantoccini::Client) {
    let Some(axe) = axe_source() else {
        return;
    };
    c.issue_cmd(Cdp("Page.setBypassCSP", json!({"enabled": true})))
        .await
        .unwrap();
    let script = format!(
        "{axe}\n;return axe.run(document, {{resultTypes: ['violations']}}).then(r => ({{ \
         rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length, \
         violations: r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + \
           v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | ')) }}));"
    );
    let result = c.execute(&script, vec![]).await.unwrap();
    assert!(
        result["rules"].as_u64().unwrap_or(0) > 20,
        "axe did not run: {result}"
    );
    let violations = &result["violations"];
    c.issue_cmd(Cdp("Page.setBypassCSP", json!({"enabled": false})))
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert_eq!(violations, &json!([]), "axe-core violations on {url}");
}

/// On a client's approval page: type the name, tick the box, approve, wait for the receipt.
async fn approve_as(c: &fantoccini::Client, typed_name: &str) {
    fill(c, "input[name=name]", typed_name).await;
    c.find(Locator::Css("input[name=confirm]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let approve = c
        .find(Locator::Css("button[name=decision][value=approve]"))
        .await
        .unwrap();
    click_and_wait(c, approve).await;
}

/// Type `text` into the field matched by the CSS `selector`.
async fn fill(c: &fantoccini::Client, selector: &str, text: &str) {
    c.find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("no field {selector:?}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

async fn page_text(c: &fantoccini::Client) -> String {
    c.wait()
        .for_element(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Wait for the sign-in mail to `email` and return the link in it.
async fn sign_in_link(app: &TestApp, email: &str) -> String {
    for _ in 0..100 {
        let mails = app.mails();
        if let Some(mail) = mails
            .iter()
            .find(|m| m.lines().any(|l| l.starts_with("To:") && l.contains(email)))
        {
            let prefix = format!("{}/staff/signin/", app.base);
            let at = mail.find(&prefix).expect("a sign-in link in the mail");
            return mail[at..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no sign-in mail to {email}");
}

/// The README's promise: a new staff member signs in by mail and runs a client from the
/// first update to a recorded approval in the console alone, and the client approves in
/// the same browser through the link the console issued.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::too_many_lines)] // one story, told in order
async fn a_new_staff_member_runs_a_client_from_the_console() {
    let Some((_driver, driver_url)) = start_driver().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let email = "nora@agency.test";
    app.add_staff("Nora New", email);
    let c = browser(&driver_url).await;
    c.set_window_size(1280, 900).await.unwrap();

    // Sign in: the console sends a link by mail; following it and confirming opens the
    // dashboard.
    c.goto(&app.url("/staff")).await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/staff/login");
    shot(&c, "console-1-login").await;
    assert_accessible(&c).await;
    fill(&c, "input[name=email]", email).await;
    submit(&c, "/staff/login", "Email me a sign-in link").await;
    assert!(page_text(&c).await.contains("Check your mail"));
    let link = sign_in_link(&app, email).await;
    c.goto(&link).await.unwrap();
    submit(&c, &link[app.base.len()..], "Sign in").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/staff");
    assert!(page_text(&c).await.contains("Dashboard"));

    // A client with its first contact.
    c.goto(&app.url("/staff/clients")).await.unwrap();
    fill(
        &c,
        "form[action='/staff/clients'] input[name=name]",
        "Juniper Dental",
    )
    .await;
    fill(&c, "input[name=contact_name]", "June Park").await;
    fill(&c, "input[name=contact_email]", "june@juniper.test").await;
    submit(&c, "/staff/clients", "Add client").await;
    let client_path = c.current_url().await.unwrap().path().to_owned();
    assert!(client_path.starts_with("/staff/clients/"), "{client_path}");
    assert!(page_text(&c).await.contains("Juniper Dental"));

    // A project, a milestone, a public update.
    fill(
        &c,
        "form[action$='/projects'] input[name=name]",
        "New website",
    )
    .await;
    submit(&c, "/projects", "Add project").await;
    let project_path = c.current_url().await.unwrap().path().to_owned();
    assert!(
        project_path.starts_with("/staff/projects/"),
        "{project_path}"
    );
    fill(&c, "#new-ms-title", "Design").await;
    submit(&c, "/milestones", "Add milestone").await;
    fill(
        &c,
        "form[action$='/updates'] textarea[name=body]",
        "First mock-ups are ready for you.",
    )
    .await;
    submit(&c, "/updates", "Post update").await;
    assert!(
        page_text(&c)
            .await
            .contains("First mock-ups are ready for you.")
    );

    // Upload a file through the browser's file picker.
    let upload = tempfile::tempdir().unwrap();
    let mockup = upload.path().join("homepage-mockup.pdf");
    std::fs::write(&mockup, b"%PDF-1.4 homepage mock-up, version 1\n").unwrap();
    fill(&c, "#up-file", mockup.to_str().unwrap()).await;
    submit(&c, "/files", "Upload").await;
    assert!(page_text(&c).await.contains("homepage-mockup.pdf"));

    // Ask for the client's approval on that file.
    fill(&c, "#ap-title", "Approve the homepage mock-up").await;
    submit(&c, "/approvals", "Request approval").await;
    let project_page = page_text(&c).await;
    assert!(project_page.contains("Approve the homepage mock-up"));
    assert!(project_page.contains("No decision yet."));
    shot(&c, "console-2-project").await;

    // A colleague of June's who may only look: access belongs to the contact.
    c.goto(&app.url(&client_path)).await.unwrap();
    fill(&c, "#f-contact-name", "Pat Viewer").await;
    fill(&c, "#f-contact-email", "pat@juniper.test").await;
    c.find(Locator::Css("#f-contact-role"))
        .await
        .unwrap()
        .select_by_value("viewer")
        .await
        .unwrap();
    submit(&c, "/contacts", "Add contact").await;
    let client_page = page_text(&c).await;
    assert!(
        client_page.contains("Viewer (sees and downloads) · all projects"),
        "{client_page}"
    );
    assert_accessible(&c).await;
    c.set_window_size(1280, 2400).await.unwrap();
    shot(&c, "console-client-1280").await;
    c.set_window_size(360, 3200).await.unwrap();
    assert_fits_phone(&c).await;
    // Pat's access, opened for a change.
    c.find(Locator::XPath(
        "//details[summary[contains(., 'pat@juniper.test')]]/summary",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    assert_fits_phone(&c).await;
    shot(&c, "console-client-360").await;
    c.set_window_size(1280, 900).await.unwrap();

    // Issue a link for June; the URL is shown once.
    submit(&c, "/links", "Issue link").await;
    let issued = c.source().await.unwrap();
    let prefix = format!("{}/p/", app.base);
    let at = issued.find(&prefix).expect("the issued link is shown");
    let client_link: String = issued[at..]
        .chars()
        .take_while(|ch| !matches!(ch, '"' | '<' | ' ' | '\n'))
        .collect();
    shot(&c, "console-3-link-issued").await;

    // June opens it, sees the update and the decision waiting, and approves.
    c.goto(&client_link).await.unwrap();
    let overview = page_text(&c).await;
    assert!(overview.contains("Needs your decision"), "{overview}");
    let approval = c
        .find(Locator::XPath(
            "//a[contains(., 'Approve the homepage mock-up')]",
        ))
        .await
        .unwrap();
    click_and_wait(&c, approval).await;
    approve_as(&c, "June Park").await;
    assert!(page_text(&c).await.contains("Approved"));

    // Back in the console: nothing waits any more, the figures count the decision, and
    // the project shows it with its evidence.
    c.goto(&app.url("/staff")).await.unwrap();
    let dashboard = page_text(&c).await;
    // Tall enough to see the whole dashboard in one picture.
    c.set_window_size(1280, 2600).await.unwrap();
    shot(&c, "console-4-dashboard").await;
    c.set_window_size(1280, 900).await.unwrap();
    assert!(
        dashboard.contains("No approvals are pending."),
        "{dashboard}"
    );
    assert!(dashboard.contains("Juniper Dental"), "{dashboard}");
    // June opened the link the console issued; the one in the approval mail is unopened.
    assert!(dashboard.contains("In a notification mail"), "{dashboard}");
    c.goto(&app.url(&project_path)).await.unwrap();
    let project_page = page_text(&c).await;
    let decided = c
        .find(Locator::Css("li[id^='approval-']"))
        .await
        .unwrap()
        .screenshot()
        .await
        .unwrap();
    keep("console-5-decision.png", &decided);
    assert!(
        project_page.contains("Approved by June Park <june@juniper.test>"),
        "{project_page}"
    );
    assert!(
        project_page.contains("Chrome"),
        "the user agent is evidence"
    );
    let sha = hex::encode(sha2::Sha256::digest(std::fs::read(&mockup).unwrap()));
    assert!(
        project_page.contains(&sha),
        "the decision names the file's SHA-256: {project_page}"
    );

    let receipt = c
        .find(Locator::LinkText(
            "Printable receipt, checked against the audit chain",
        ))
        .await
        .unwrap();
    click_and_wait(&c, receipt).await;
    let receipt = page_text(&c).await;
    assert!(receipt.contains("Verified"), "{receipt}");
    assert!(receipt.contains(&sha), "{receipt}");
    shot(&c, "console-6-receipt").await;
    // Printed: one A4 page, without the console's navigation.
    assert_eq!(printed_pages(&c, "console-6-receipt-print").await, 1);
    c.issue_cmd(Cdp("Emulation.setEmulatedMedia", json!({"media": "print"})))
        .await
        .unwrap();
    let nav_shown = c
        .execute(
            "return [...document.querySelectorAll('header, nav, footer')].filter(e => getComputedStyle(e).display !== 'none').map(e => e.className)",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        nav_shown,
        json!([]),
        "the printed staff receipt shows navigation"
    );
    c.issue_cmd(Cdp("Emulation.setEmulatedMedia", json!({"media": ""})))
        .await
        .unwrap();

    // The same pages at phone width have no horizontal scroll; every page has unique ids
    // and labelled fields.
    c.set_window_size(360, 740).await.unwrap();
    for (name, path) in [
        ("dashboard", "/staff"),
        ("clients", "/staff/clients"),
        ("audit", "/staff/audit"),
        ("client", client_path.as_str()),
        ("project", project_path.as_str()),
    ] {
        c.goto(&app.url(path)).await.unwrap();
        shot(&c, &format!("console-{name}-360")).await;
        assert_accessible(&c).await;
        assert_fits_phone(&c).await;
    }
    shot(&c, "console-7-project-360").await;
    c.close().await.unwrap();

    let (_, v) = app.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(v["ok"], true);
}

/// The owner's staff pages on a phone and on a wide screen: the list, one staff member,
/// a new token shown once, and a removal behind its confirmation box.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_manages_staff_on_a_phone_and_a_wide_screen() {
    let Some((_driver, driver_url)) = start_driver().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let owner = app.state.store.staff_by_token(&app.token).unwrap().unwrap();
    app.add_staff("Sam Staff", "sam.staff@agency.test");
    app.add_staff(
        "Rita Longname-Fairweather",
        "rita.longname-fairweather@agency.test",
    );
    let sam = app
        .state
        .store
        .staff_by_email("sam.staff@agency.test")
        .unwrap()
        .unwrap();
    let c = browser(&driver_url).await;
    c.set_window_size(1280, 900).await.unwrap();
    c.goto(&app.url("/staff/login")).await.unwrap();
    fill(&c, "input[name=email]", &owner.email).await;
    submit(&c, "/staff/login", "Email me a sign-in link").await;
    let link = sign_in_link(&app, &owner.email).await;
    c.goto(&link).await.unwrap();
    submit(&c, &link[app.base.len()..], "Sign in").await;
    let member = format!("/staff/staff/{}", sam.id);

    // Tall windows: the screenshots show whole pages.
    for (w, h) in [(1280, 1400), (360, 1600)] {
        c.set_window_size(w, h).await.unwrap();
        for (path, name) in [("/staff/staff", "list"), (member.as_str(), "member")] {
            c.goto(&app.url(path)).await.unwrap();
            assert!(page_text(&c).await.contains("Sam Staff"));
            shot(&c, &format!("console-staff-{name}-{w}")).await;
            assert_accessible(&c).await;
            if w == 360 {
                assert_fits_phone(&c).await;
            }
        }
    }

    // On the phone: a new token, shown once, then the removal.
    submit(&c, "/token", "Issue a new API token").await;
    let text = page_text(&c).await;
    assert!(text.contains("New API token") && text.contains("stopped working"));
    shot(&c, "console-staff-token-360").await;
    assert_fits_phone(&c).await;
    c.goto(&app.url(&member)).await.unwrap();
    c.find(Locator::Css("#f-remove-confirm"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    submit(&c, "/remove", "Remove Sam Staff").await;
    assert_eq!(c.current_url().await.unwrap().path(), member);
    assert!(page_text(&c).await.contains("no longer has access"));
    shot(&c, "console-staff-removed-360").await;
    assert_fits_phone(&c).await;
    c.goto(&app.url("/staff/staff")).await.unwrap();
    assert!(page_text(&c).await.contains("Removed"));
    shot(&c, "console-staff-list-removed-360").await;
    assert_fits_phone(&c).await;
    c.set_window_size(1280, 900).await.unwrap();
    shot(&c, "console-staff-list-removed-1280").await;
    c.close().await.unwrap();
}

/// German words run longer than English ones: the demo client's pages in German still
/// fit a phone, keep every field labelled, and are kept as screenshots at 360 and 1280 px.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_german_client_reads_the_pages_on_a_phone_and_a_wide_screen() {
    let Some((_driver, driver_url)) = start_driver().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let state = app.state.clone();
    let seeded = tokio::task::spawn_blocking(move || porthole::demo::seed(&state).unwrap())
        .await
        .unwrap();
    let (s, clients) = app.call(reqwest::Method::GET, "/clients", None).await;
    assert_eq!(s, reqwest::StatusCode::OK, "{clients}");
    for c in clients.as_array().unwrap() {
        let (s, body) = app
            .call(
                reqwest::Method::PATCH,
                &format!("/clients/{}", c["id"].as_str().unwrap()),
                Some(json!({"language": "de", "timezone": "Europe/Berlin"})),
            )
            .await;
        assert_eq!(s, reqwest::StatusCode::OK, "{body}");
    }
    let c = browser(&driver_url).await;
    for width in [360u32, 1280] {
        c.set_window_size(width, 900).await.unwrap();
        c.goto(&seeded.client_link).await.unwrap();
        let body = c.source().await.unwrap();
        assert!(body.contains(r#"<html lang="de">"#), "not German");
        assert!(body.contains("Wartet auf Ihre Entscheidung"), "{body}");
        shot(&c, &format!("de-1-overview-{width}")).await;
        assert_accessible(&c).await;
        if width == 360 {
            assert_fits_phone(&c).await;
        }
        let approval = c
            .find(Locator::Css("a[href*='/approvals/']"))
            .await
            .unwrap();
        click_and_wait(&c, approval).await;
        shot(&c, &format!("de-2-approval-{width}")).await;
        assert_accessible(&c).await;
        if width == 360 {
            assert_fits_phone(&c).await;
        }
        c.goto(&seeded.client_link).await.unwrap();
        let project = c.find(Locator::Css("a[href*='/projects/']")).await.unwrap();
        click_and_wait(&c, project).await;
        shot(&c, &format!("de-3-project-{width}")).await;
        if width == 360 {
            assert_fits_phone(&c).await;
        }
    }
    c.close().await.unwrap();
}

/// What a client sends back, on a phone: a file for a file request, a new request and a
/// reply to one waiting on them, and a form answered wrongly first (the page says what to
/// fix, keeping the answers) and then rightly. Each step is checked in the record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::too_many_lines)] // one story, told in order
async fn a_client_sends_things_back_on_a_phone() {
    let Some((_driver, driver_url)) = start_driver().await else {
        return;
    };
    let mut app = TestApp::spawn().await;
    let state = app.state.clone();
    let seeded = tokio::task::spawn_blocking(move || porthole::demo::seed(&state).unwrap())
        .await
        .unwrap();
    app.token = seeded.staff_token.clone();
    let c = browser(&driver_url).await;
    c.set_window_size(360, 740).await.unwrap();
    c.goto(&seeded.client_link).await.unwrap();
    let overview = page_text(&c).await;
    assert!(overview.contains("Needs your action"), "{overview}");
    assert!(
        overview.contains("Your logo as a vector file"),
        "{overview}"
    );
    shot(&c, "send-back-1-overview-360").await;

    // A file for the file request, chosen from the phone's files.
    let ask = c
        .find(Locator::XPath(
            "//a[contains(., 'Your logo as a vector file')]",
        ))
        .await
        .unwrap();
    click_and_wait(&c, ask).await;
    assert_accessible(&c).await;
    assert_fits_phone(&c).await;
    shot(&c, "send-back-2-file-request-360").await;
    let dir = tempfile::tempdir().unwrap();
    let logo = dir.path().join("logo.png");
    std::fs::write(&logo, tiny_png()).unwrap();
    c.find(Locator::Css("input[type=file][name=file]"))
        .await
        .unwrap()
        .send_keys(&logo.display().to_string())
        .await
        .unwrap();
    let send = c
        .find(Locator::XPath("//button[contains(., 'Send file')]"))
        .await
        .unwrap();
    click_and_wait(&c, send).await;
    let after = page_text(&c).await;
    assert!(
        after.contains("logo.png"),
        "the upload is not listed: {after}"
    );
    shot(&c, "send-back-3-file-sent-360").await;
    assert_fits_phone(&c).await;

    // A new request, then a reply to the one the studio asked back about.
    c.goto(&seeded.client_link).await.unwrap();
    let requests = c
        .find(Locator::XPath("//a[contains(., 'Your requests')]"))
        .await
        .unwrap();
    click_and_wait(&c, requests).await;
    assert_accessible(&c).await;
    assert_fits_phone(&c).await;
    shot(&c, "send-back-4-requests-360").await;
    fill(&c, "#request-subject", "New photos for the team page").await;
    fill(
        &c,
        "#request-body",
        "We have three new people. Photos follow by mail.",
    )
    .await;
    let open = c
        .find(Locator::XPath("//button[contains(., 'Send request')]"))
        .await
        .unwrap();
    click_and_wait(&c, open).await;
    let opened = page_text(&c).await;
    assert!(opened.contains("New photos for the team page"), "{opened}");
    shot(&c, "send-back-5-request-opened-360").await;
    assert_fits_phone(&c).await;

    let back = seeded.client_link.clone() + "/requests";
    c.goto(&back).await.unwrap();
    let waiting = c
        .find(Locator::XPath(
            "//a[contains(., 'Opening hours on the website')]",
        ))
        .await
        .unwrap();
    click_and_wait(&c, waiting).await;
    fill(&c, "#reply-body", "Saturdays only, please.").await;
    let reply = c
        .find(Locator::XPath("//button[contains(., 'Send reply')]"))
        .await
        .unwrap();
    click_and_wait(&c, reply).await;
    let thread = page_text(&c).await;
    assert!(thread.contains("Saturdays only, please."), "{thread}");
    shot(&c, "send-back-6-reply-360").await;
    assert_accessible(&c).await;
    assert_fits_phone(&c).await;

    // The form: a number that is not one first, then right.
    c.goto(&back).await.unwrap();
    let form = c
        .find(Locator::XPath("//a[contains(., 'Online shop questions')]"))
        .await
        .unwrap();
    click_and_wait(&c, form).await;
    assert_accessible(&c).await;
    fill(&c, "#q-shop_name", "Harbor Finch Bakery").await;
    fill(&c, "#q-products", "about forty").await;
    let answer = c
        .find(Locator::XPath("//button[contains(., 'Send answers')]"))
        .await
        .unwrap();
    click_and_wait(&c, answer).await;
    let refused = c.source().await.unwrap();
    assert!(refused.contains("alert-error"), "no message: {refused}");
    // What was typed is kept.
    assert!(refused.contains("Harbor Finch Bakery"), "{refused}");
    shot(&c, "send-back-7-form-refused-360").await;
    assert_fits_phone(&c).await;
    let products = c.find(Locator::Css("#q-products")).await.unwrap();
    products.clear().await.unwrap();
    products.send_keys("40").await.unwrap();
    c.find(Locator::Css("#q-delivery-0"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let answer = c
        .find(Locator::XPath("//button[contains(., 'Send answers')]"))
        .await
        .unwrap();
    click_and_wait(&c, answer).await;
    let done = c.source().await.unwrap();
    assert!(!done.contains("alert-error"), "still refused: {done}");
    shot(&c, "send-back-8-form-sent-360").await;
    assert_fits_phone(&c).await;
    c.close().await.unwrap();

    // All of it is in the record, by the contact's link, and the chain verifies.
    let (_, audit) = app.call(Method::GET, "/audit?limit=1000", None).await;
    let kinds: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"].as_str().is_some_and(|a| a.starts_with("link:")))
        .filter_map(|e| e["kind"].as_str())
        .collect();
    for kind in [
        "file_request.uploaded",
        "request.opened",
        "request.replied",
        "form.answered",
    ] {
        assert!(kinds.contains(&kind), "no {kind} by the link in {kinds:?}");
    }
    let (_, v) = app.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(v["ok"], true);
}

/// A valid 1x1 PNG (signature, IHDR, one zlib-compressed row, IEND).
fn tiny_png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90,
        0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xb8,
        0x90, 0x60, 0x00, 0x00, 0x03, 0x64, 0x01, 0x61, 0xa8, 0x68, 0xfb, 0xe9, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]
}

/// A mock-up like image: a header bar, a hero block and three cards on a light page.
fn mockup_png() -> Vec<u8> {
    let (w, h) = (1200u32, 800u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let card = (x % 400) > 40 && (x % 400) < 360 && y > 520 && y < 740;
        if y < 90 {
            image::Rgb([36, 87, 197])
        } else if (140..440).contains(&y) && (80..1120).contains(&x) {
            image::Rgb([250, 214, 120])
        } else if card {
            image::Rgb([255, 255, 255])
        } else {
            image::Rgb([236, 239, 243])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The approval page shows the deliverable's preview in a phone's first screen, and after
/// approving it opens on the confirmation; screenshots at 360 and 1280 px.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_approval_page_shows_the_preview_and_then_the_confirmation() {
    let Some((_driver, driver_url)) = start_driver().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, f) = app
        .upload(&seed.project, "homepage-mockup.png", mockup_png())
        .await;
    let file = f["id"].as_str().unwrap().to_owned();
    let (_, a) = app
        .call(
            Method::POST,
            &format!("/projects/{}/approvals", seed.project),
            Some(json!({"title": "Approve the homepage mock-up", "file_id": file,
                        "description": "The layout for the new homepage, as discussed on Tuesday."})),
        )
        .await;
    let approval = a["id"].as_str().unwrap().to_owned();
    let (_, link) = app.cleo_link(&seed).await;
    crate::helpers::wait_for_preview(&app, &crate::helpers::preview_path(&link, &file, 1, 1)).await;
    let url = app.url(&format!("{link}/approvals/{approval}"));

    let c = browser(&driver_url).await;
    c.set_window_size(1280, 900).await.unwrap();
    c.goto(&url).await.unwrap();
    shot(&c, "preview-approval-1280").await;
    c.set_window_size(360, 740).await.unwrap();
    c.goto(&url).await.unwrap();
    shot(&c, "preview-approval-360").await;
    assert_fits_phone(&c).await;
    assert_accessible(&c).await;
    let geometry = c
        .execute(
            r"const i = document.querySelector('.preview img');
              if (!i) return null;
              const r = i.getBoundingClientRect();
              return [r.top, r.bottom, i.naturalWidth, window.innerHeight];",
            vec![],
        )
        .await
        .unwrap();
    let g: Vec<f64> = serde_json::from_value(geometry).expect("a preview image on the page");
    assert!(g[2] > 0.0, "the preview loaded");
    assert!(g[1] <= g[3], "the preview sits in the first screen: {g:?}");

    // The tick-box says what is approved in plain words, in at most two lines.
    let label = c
        .execute(
            r"const l = document.querySelector('label[for=approve-confirm]');
              return [l.textContent, l.getBoundingClientRect().height, parseFloat(getComputedStyle(l).lineHeight)];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        label[0], "I approve version 1 of homepage-mockup.png as final",
        "{label}"
    );
    let (height, line) = (label[1].as_f64().unwrap(), label[2].as_f64().unwrap());
    assert!(
        height <= 2.0 * line + 1.0,
        "the tick-box label takes more than two lines: {label}"
    );
    approve_as(&c, "Cleo Client").await;
    shot(&c, "preview-decided-360").await;
    c.execute(
        "document.getElementById('receipt').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    shot(&c, "preview-receipt-360").await;
    // The decided page prints as the receipt: one A4 page.
    assert_eq!(printed_pages(&c, "preview-receipt-print").await, 1);
    let geometry = c
        .execute(
            r"const s = document.querySelector('[role=status]');
              return s ? s.getBoundingClientRect().bottom : null;",
            vec![],
        )
        .await
        .unwrap();
    let bottom = geometry.as_f64().expect("a confirmation on the page");
    assert!(
        bottom < 740.0,
        "the confirmation is in the first screen ({bottom})"
    );
    assert!(page_text(&c).await.contains("Your approval is recorded"));
    assert_accessible(&c).await;
    c.set_window_size(1280, 900).await.unwrap();
    c.refresh().await.unwrap();
    shot(&c, "preview-decided-1280").await;
    c.execute(
        "document.getElementById('receipt').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    shot(&c, "preview-receipt-1280").await;
    c.goto(&app.url(&format!("{link}/projects/{}", seed.project)))
        .await
        .unwrap();
    c.execute(
        "document.getElementById('milestones').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    shot(&c, "preview-project-1280").await;
    c.close().await.unwrap();
}

/// Proof of delivery on a 360 px phone: the driver adds a photo, the recipient signs on
/// the canvas with a finger (pointer actions), and the client sees both on the delivered
/// row at once; screenshots of the console's row and the client's row at 360 and 1280 px.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_driver_captures_proof_of_delivery_on_a_phone() {
    use fantoccini::actions::{InputSource as _, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};

    let Some((_driver, driver_url)) = start_driver().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let state = app.state.clone();
    let seeded = tokio::task::spawn_blocking(move || porthole::demo::seed(&state).unwrap())
        .await
        .unwrap();
    let (_, client_link) = seeded.logistics.expect("the logistics client");
    let owner = app.state.store.staff_by_token(&app.token).unwrap().unwrap();
    let c = browser(&driver_url).await;
    c.set_window_size(360, 740).await.unwrap();
    c.goto(&app.url("/staff/login")).await.unwrap();
    fill(&c, "input[name=email]", &owner.email).await;
    submit(&c, "/staff/login", "Email me a sign-in link").await;
    let link = sign_in_link(&app, &owner.email).await;
    c.goto(&link).await.unwrap();
    submit(&c, &link[app.base.len()..], "Sign in").await;

    // The client's jobs in the console: a stacked table on the phone, and a new row's form.
    let northgate = app
        .state
        .clients()
        .unwrap()
        .into_iter()
        .find(|k| k.name.starts_with("Northgate"))
        .unwrap();
    let jobs = format!("/staff/clients/{}/lists/jobs", northgate.id);
    for (path, name) in [(jobs.clone(), "list"), (format!("{jobs}/new"), "new-row")] {
        for (w, h) in [(360, 1700), (1280, 1100)] {
            c.set_window_size(w, h).await.unwrap();
            c.goto(&app.url(&path)).await.unwrap();
            assert!(page_text(&c).await.contains("Northgate"));
            shot(&c, &format!("pod-0-console-{name}-{w}")).await;
            assert_accessible(&c).await;
            if w == 360 {
                assert_fits_phone(&c).await;
            }
        }
    }
    c.set_window_size(360, 740).await.unwrap();

    let row = "/staff/lists/jobs/rows/NG-1042";
    c.goto(&app.url(&format!("{row}/delivery"))).await.unwrap();
    assert!(page_text(&c).await.contains("Proof of delivery"));
    assert_accessible(&c).await;
    assert_fits_phone(&c).await;

    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("IMG_2044.jpg");
    std::fs::write(&photo, crate::helpers::jpeg_with_gps(1200, 900)).unwrap();
    c.find(Locator::Css("#f-pod-photos"))
        .await
        .unwrap()
        .send_keys(&photo.display().to_string())
        .await
        .unwrap();

    // A signature: three strokes across the canvas.
    let canvas = c.find(Locator::Css("#signature-pad")).await.unwrap();
    let mut pen = MouseActions::new("finger".into());
    for (x0, y0, x1, y1) in [
        (-120.0, 20.0, -60.0, -30.0),
        (-60.0, -30.0, 10.0, 35.0),
        (10.0, 35.0, 110.0, -25.0),
    ] {
        pen = pen
            .then(PointerAction::MoveToElement {
                element: canvas.clone(),
                duration: None,
                x: x0,
                y: y0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveToElement {
                element: canvas.clone(),
                duration: Some(Duration::from_millis(120)),
                x: x1,
                y: y1,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
    }
    c.perform_actions(pen).await.unwrap();
    let drawn = c
        .execute(
            "return document.getElementById('signature-data').value",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        drawn
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,"),
        "the canvas kept no drawing: {drawn}"
    );
    fill(&c, "#f-pod-name", "Priya Shah").await;
    c.set_window_size(360, 1400).await.unwrap();
    shot(&c, "pod-1-capture-360").await;
    submit(&c, "/delivery", "Save proof of delivery").await;
    assert_eq!(c.current_url().await.unwrap().path(), row);

    // The console's row page names the new files; at both widths.
    for (w, h) in [(360, 2600), (1280, 1800)] {
        c.set_window_size(w, h).await.unwrap();
        c.goto(&app.url(row)).await.unwrap();
        let text = page_text(&c).await;
        assert!(text.contains("NG-1042-signature.png"), "{text}");
        assert!(text.contains("NG-1042-photo-"), "{text}");
        shot(&c, &format!("pod-2-console-row-{w}")).await;
        assert_accessible(&c).await;
        if w == 360 {
            assert_fits_phone(&c).await;
        }
    }

    // The client's row shows the photo and the signature, loaded.
    for (w, h) in [(360, 1800), (1280, 1200)] {
        c.set_window_size(w, h).await.unwrap();
        c.goto(&format!("{client_link}/lists/jobs/NG-1042"))
            .await
            .unwrap();
        // Lazy images load once laid out: wait for them.
        let mut loaded = json!(0);
        for _ in 0..200 {
            loaded = c
                .execute(
                    "return Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length",
                    vec![],
                )
                .await
                .unwrap();
            if loaded == json!(2) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert_eq!(loaded, json!(2), "photo and signature on the client's row");
        assert!(page_text(&c).await.contains("Priya Shah"));
        shot(&c, &format!("pod-3-client-row-{w}")).await;
        if w == 360 {
            assert_fits_phone(&c).await;
        }
    }
    // And the delivered job the demo seeded.
    c.goto(&format!("{client_link}/lists/jobs/NG-1041"))
        .await
        .unwrap();
    shot(&c, "pod-4-client-delivered-1280").await;
    c.set_window_size(360, 2000).await.unwrap();
    c.goto(&format!("{client_link}/lists/jobs/NG-1041"))
        .await
        .unwrap();
    shot(&c, "pod-4-client-delivered-360").await;
    assert_fits_phone(&c).await;
    // The client's list of jobs: cards on a phone, a table on a wide screen.
    for w in [360, 1280] {
        c.set_window_size(w, 1600).await.unwrap();
        c.goto(&format!("{client_link}/lists/jobs")).await.unwrap();
        shot(&c, &format!("pod-5-client-jobs-{w}")).await;
        assert!(page_text(&c).await.contains("Spring window kits"));
        assert_accessible(&c).await;
        if w == 360 {
            assert_fits_phone(&c).await;
        }
    }
    c.close().await.unwrap();
}

/// The reports page of a logistics client (jobs over the last year, with costs, weights
/// and stages) at 360 and 1280 px: it fits the phone, every id is unique, and the
/// screenshots are kept for a person to look at.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reports_read_on_a_phone_and_a_wide_screen() {
    let Some((_driver, driver_url)) = start_driver().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let (s, l) = app
        .call(
            Method::POST,
            "/lists",
            Some(
                json!({"slug": "jobs", "name": "Warehouse jobs", "columns": [
                    {"key": "ref", "label": "Job", "kind": "text", "client_visible": true},
                    {"key": "stage", "label": "Stage", "kind": "stage", "client_visible": true,
                     "stages": ["goods-in", "kitting", "out for delivery", "delivered"]},
                    {"key": "on", "label": "Booked on", "kind": "date", "client_visible": true},
                    {"key": "cost", "label": "Cost", "kind": "money", "client_visible": true},
                    {"key": "kg", "label": "Weight (kg)", "kind": "number", "client_visible": true},
                ]}),
            ),
        )
        .await;
    assert_eq!(s, reqwest::StatusCode::CREATED, "{l}");
    let client = app
        .new_client(
            "Harbour Logistics",
            &[("Hana Harbour", "hana@harbour.test")],
        )
        .await;
    let today = time::OffsetDateTime::now_utc().date();
    let stages = ["goods-in", "kitting", "out for delivery", "delivered"];
    let rows: Vec<serde_json::Value> = (0..90u16)
        .map(|i| {
            let day = today - time::Duration::days(i64::from(i * 4 % 360));
            json!({"external_id": format!("J{i:03}"), "client_id": client, "values": {
                "ref": format!("JOB-{i:03}"),
                "stage": stages[usize::from(i % 7).min(3)],
                "on": day.to_string(),
                "cost": {"amount": format!("{}.{:02}", 120 + (i * 37) % 900, i % 100), "currency": "EUR"},
                "kg": format!("{}.5", 10 + (i * 13) % 80),
            }})
        })
        .collect();
    let (s, r) = app
        .call(Method::PUT, "/lists/jobs/rows", Some(json!(rows)))
        .await;
    assert_eq!(s, reqwest::StatusCode::OK, "{r}");
    let (s, link) = app
        .call(
            Method::POST,
            &format!("/clients/{client}/links"),
            Some(json!({"email": "hana@harbour.test", "send": false})),
        )
        .await;
    assert_eq!(s, reqwest::StatusCode::CREATED, "{link}");
    let reports = format!("{}/reports", link["url"].as_str().unwrap());
    let c = browser(&driver_url).await;
    for width in [360u32, 1280] {
        // Tall windows: the screenshots show whole pages.
        c.set_window_size(width, 3200).await.unwrap();
        c.goto(&reports).await.unwrap();
        let text = page_text(&c).await;
        assert!(text.contains("Warehouse jobs"), "{text}");
        let charts = c.find_all(Locator::Css("svg[role=img]")).await.unwrap();
        assert_eq!(charts.len(), 4, "rows, cost, weight and stages");
        shot(&c, &format!("reports-{width}")).await;
        assert_accessible(&c).await;
        if width == 360 {
            assert_fits_phone(&c).await;
        }
    }
    c.close().await.unwrap();
}
