//! The console's later pages and limits: sortable tables, export downloads (one client
//! and everything), dashboard figures and mail failures, the sign-in rate limit, staff
//! comments, and the owner's staff page; with their CLI commands.

use porthole::domain::mail::{MailKind, MailStatus, OutboxMessage};
use porthole::store::{Actor, outbox};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::cli::{porthole, stderr, stdout};
use crate::console::{
    Jar, approve, get_with, hidden, location, post_with, read_entry, recomputed_hash, sha_hex,
    sign_in, signed_in,
};
use crate::helpers::TestApp;

/// Where `needle` occurs in `page`, for order checks.
fn at(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in page: {page}"))
}

/// The text of the cells after the first one in the table row whose first cell
/// contains `label`, inside the section headed by `#heading_id`.
fn row_cells(page: &str, heading_id: &str, label: &str) -> Vec<String> {
    let section = &page[at(page, &format!("id=\"{heading_id}\""))..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    let section = section.replace("<th", "<td");
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

async fn owner_email(app: &TestApp) -> String {
    app.state
        .store
        .staff_by_token(&app.token)
        .unwrap()
        .unwrap()
        .email
}

// ---- sortable tables ----

#[tokio::test]
async fn tables_sort_by_a_column_link_and_refuse_unknown_columns() {
    let app = TestApp::spawn().await;
    app.new_client("bolt", &[("B", "b@bolt.test")]).await;
    app.new_client("Acme", &[("A1", "a1@acme.test"), ("A2", "a2@acme.test")])
        .await;
    app.new_client("Cato", &[]).await;
    let (mut jar, _) = signed_in(&app).await;

    // Default: by name, case-insensitive, marked on its header.
    let (s, page) = get_with(&app, &mut jar, "/staff/clients").await;
    assert_eq!(s, StatusCode::OK);
    assert!(at(&page, ">Acme<") < at(&page, ">bolt<") && at(&page, ">bolt<") < at(&page, ">Cato<"));
    assert!(
        page.contains(r#"<th scope="col" aria-sort="ascending"><a class="sort-link" href="?sort=name&amp;dir=desc#list-h">"#),
        "{page}"
    );
    assert!(page.contains(r#"href="?sort=contacts&amp;dir=asc#list-h""#));

    let (s, page) = get_with(&app, &mut jar, "/staff/clients?sort=contacts&dir=desc").await;
    assert_eq!(s, StatusCode::OK);
    assert!(at(&page, ">Acme<") < at(&page, ">bolt<") && at(&page, ">bolt<") < at(&page, ">Cato<"));
    assert!(page.contains(r#"aria-sort="descending""#));
    assert_eq!(page.matches("aria-sort=").count(), 1);
    let (_, page) = get_with(&app, &mut jar, "/staff/clients?sort=name&dir=desc").await;
    assert!(at(&page, ">Cato<") < at(&page, ">bolt<") && at(&page, ">bolt<") < at(&page, ">Acme<"));

    // Unknown columns and directions are a 400 page that says what was wrong.
    for bad in [
        "/staff/clients?sort=password",
        "/staff/clients?sort=name&dir=sideways",
        "/staff/audit?sort=hash",
        "/staff?sort=name",
        "/staff/clients?sort=%FF",
    ] {
        let (s, page) = get_with(&app, &mut jar, bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
        assert!(page.contains("Please check the form"), "{bad}: {page}");
    }
    let (_, page) = get_with(&app, &mut jar, "/staff/clients?sort=password").await;
    assert!(page.contains("cannot be sorted by"), "{page}");

    // Every other table sorts the same way.
    for ok in [
        "/staff/audit?sort=what&dir=asc",
        "/staff/audit?sort=seq&dir=asc",
        "/staff?sort=p90_last&dir=desc",
        "/staff?sort=opened",
        "/staff?sort=attempts",
        "/staff?sort=link_client",
    ] {
        let (s, page) = get_with(&app, &mut jar, ok).await;
        assert_eq!(s, StatusCode::OK, "{ok}");
        assert!(page.contains("aria-sort="), "{ok}");
    }
    let (_, audit) = get_with(&app, &mut jar, "/staff/audit?sort=seq&dir=asc").await;
    let first = audit.find("<td>1</td>").unwrap();
    let second = audit.find("<td>2</td>").unwrap();
    assert!(first < second, "oldest first when asked");
}

#[tokio::test]
async fn a_clients_links_sort_by_views_including_unflushed_ones() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let mut grants = Vec::new();
    for _ in 0..2 {
        let (s, l) = app
            .call(
                Method::POST,
                &format!("/clients/{}/links", seed.client),
                Some(json!({"email": "cleo@client.test", "send": false})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        grants.push(l["grant_id"].as_str().unwrap().to_owned());
    }
    // Views counted in memory, not yet written: the pages must still count them.
    let now = app.state.clock.now();
    for _ in 0..3 {
        app.state.link_views.record(&grants[0], now);
    }
    let (mut jar, _) = signed_in(&app).await;
    let path = format!("/staff/clients/{}?sort=views&dir=desc", seed.client);
    let (s, page) = get_with(&app, &mut jar, &path).await;
    assert_eq!(s, StatusCode::OK);
    let links = &page[at(&page, "id=\"links-h\"")..];
    assert!(
        at(links, "<td>3</td>") < at(links, "(never opened)"),
        "{links}"
    );

    let (_, dash) = get_with(&app, &mut jar, "/staff").await;
    assert!(dash.contains("Links sent but never opened (1)"), "{dash}");
    let cells = row_cells(&dash, "activity-h", "Acme Ltd");
    assert_eq!(cells[4], "1 of 2", "links opened this month: {cells:?}");
}

// ---- export ----

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

// ---- dashboard ----

fn failed_message(app: &TestApp, to: &str) -> String {
    let now = app.state.clock.now();
    let m = OutboxMessage {
        id: outbox::sortable_id(now),
        kind: MailKind::LinkInvitation,
        to: to.into(),
        to_name: "Cleo Client".into(),
        subject: "Your project page".into(),
        text: "text".into(),
        html: "<p>html</p>".into(),
        message_id: "<failed@agency.test>".into(),
        link: None,
        status: MailStatus::Failed,
        attempts: 7,
        queued_at: now,
        next_attempt_at: now,
        failing_since: Some(now),
        last_error: Some("550 mailbox unavailable".into()),
        sent_at: None,
    };
    let id = m.id.clone();
    app.state
        .store
        .write(&Actor::System, now, |tx| outbox::enqueue(tx, &m))
        .unwrap();
    id
}

#[tokio::test]
async fn the_dashboard_lists_mail_failures_and_sends_them_again() {
    let app = TestApp::spawn().await;
    let id = failed_message(&app, "cleo@client.test");
    let (mut jar, csrf) = signed_in(&app).await;
    let (_, dash) = get_with(&app, &mut jar, "/staff").await;
    assert!(dash.contains("Mail failures (1)"), "{dash}");
    assert!(dash.contains("550 mailbox unavailable"));
    let retry = format!("/staff/mail/{id}/retry");
    assert!(dash.contains(&format!("action=\"{retry}\"")));

    let res = post_with(&app, &mut jar, &retry, &[("csrf", "forged")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_with(&app, &mut jar, &retry, &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff#mail-h");
    let (_, dash) = get_with(&app, &mut jar, "/staff").await;
    assert!(dash.contains("No mail has failed."), "{dash}");
    // Retrying a message that is no longer failed is a conflict page, not a 500.
    let res = post_with(&app, &mut jar, &retry, &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = post_with(&app, &mut jar, "/staff/mail/nope/retry", &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (_, events) = app.call(Method::GET, "/audit?limit=1000", None).await;
    assert!(events.to_string().contains("mail.retried"), "{events}");
}

#[tokio::test]
async fn figures_put_this_month_beside_last_month_in_utc() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    approve(&app, &seed).await;
    let (mut jar, _) = signed_in(&app).await;
    let (_, dash) = get_with(&app, &mut jar, "/staff").await;
    // Client, pending, decided this/last, median this/last, p90 this/last.
    let cells = row_cells(&dash, "figures-h", "Acme Ltd");
    assert_eq!(&cells[..3], ["0", "1", "0"], "{cells:?}");
    assert_eq!(cells[3], "0 min");
    assert_eq!(cells[4], "—");
    // One public and one internal update this month.
    let cells = row_cells(&dash, "activity-h", "Acme Ltd");
    assert_eq!(&cells[..4], ["1", "0", "1", "0"], "{cells:?}");

    // Into the next calendar month (UTC): the same decision is now last month's.
    let now = app.state.clock.now();
    let next = porthole::store::Months::around(now).next;
    app.clock.advance((next - now).whole_seconds() + 3600);
    let mut jar = sign_in(&app, "sam@agency.test").await;
    let (_, dash) = get_with(&app, &mut jar, "/staff").await;
    let cells = row_cells(&dash, "figures-h", "Acme Ltd");
    assert_eq!(&cells[..3], ["0", "0", "1"], "{cells:?}");
    assert_eq!(cells[3], "—");
    assert_eq!(cells[4], "0 min");
    let overall = row_cells(&dash, "figures-h", "All clients");
    assert_eq!(&overall[..3], ["0", "0", "1"], "{overall:?}");
}

// ---- sign-in rate limit ----

async fn login_form(app: &TestApp) -> (Jar, String) {
    let mut jar = Jar::default();
    let (_, page) = get_with(app, &mut jar, "/staff/login").await;
    let csrf = hidden(&page, "csrf");
    (jar, csrf)
}

async fn ask(
    app: &TestApp,
    jar: &mut Jar,
    csrf: &str,
    email: &str,
    xff: &str,
) -> reqwest::Response {
    let res = app
        .http
        .post(app.url("/staff/login"))
        .header("cookie", jar.header())
        .header("x-forwarded-for", xff)
        .form(&[("email", email), ("csrf", csrf)])
        .send()
        .await
        .unwrap();
    jar.absorb(&res);
    res
}

#[tokio::test]
async fn sign_in_requests_are_limited_per_address_and_per_ip() {
    let app = TestApp::spawn().await;
    app.add_staff("Sam Staff", "sam@agency.test");
    let (mut jar, csrf) = login_form(&app).await;

    // Five per address; the sixth is refused with the same page for a known and an
    // unknown address.
    let mut refused = Vec::new();
    for email in ["sam@agency.test", "nobody@agency.test"] {
        for i in 0..5 {
            let res = ask(&app, &mut jar, &csrf, email, "198.51.100.1").await;
            assert_eq!(res.status(), StatusCode::OK, "{email} #{i}");
        }
        let res = ask(&app, &mut jar, &csrf, &email.to_uppercase(), "198.51.100.1").await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{email}");
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=180).contains(&wait), "{wait}");
        refused.push(res.text().await.unwrap());
    }
    assert_eq!(refused[0], refused[1], "nothing tells the addresses apart");
    assert!(
        refused[0].contains("too many sign-in requests"),
        "{}",
        refused[0]
    );
    let mails = app.mails();
    assert_eq!(mails.len(), 5, "no mail beyond the limit");

    // Twenty per IP across addresses; a forged X-Forwarded-For from an untrusted peer
    // does not buy more (12 used above: a request refused for its address still
    // counted against the IP).
    for i in 0..8 {
        let res = ask(
            &app,
            &mut jar,
            &csrf,
            &format!("x{i}@agency.test"),
            &format!("203.0.113.{i}"),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK, "#{i}");
    }
    let res = ask(&app, &mut jar, &csrf, "fresh@agency.test", "203.0.113.99").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_ip_has_its_own_budget() {
    let app = TestApp::spawn_with(|s| {
        s.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let (mut jar, csrf) = login_form(&app).await;
    for i in 0..20 {
        let res = ask(
            &app,
            &mut jar,
            &csrf,
            &format!("a{i}@agency.test"),
            "198.51.100.7",
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK, "#{i}");
    }
    let res = ask(&app, &mut jar, &csrf, "b@agency.test", "198.51.100.7").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = ask(&app, &mut jar, &csrf, "b@agency.test", "198.51.100.8").await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "another client behind the proxy"
    );
}

// ---- comments ----

#[tokio::test]
async fn staff_comment_from_the_project_page_and_the_client_sees_it() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (mut jar, csrf) = signed_in(&app).await;
    let path = format!("/staff/projects/{}/comments", seed.project);

    let res = post_with(
        &app,
        &mut jar,
        &path,
        &[
            ("csrf", &csrf),
            ("milestone_id", &seed.milestone),
            ("body", "Fonts arrive Monday"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!(
            "/staff/projects/{}#milestone-{}",
            seed.project, seed.milestone
        )
    );
    let res = post_with(
        &app,
        &mut jar,
        &path,
        &[
            ("csrf", &csrf),
            ("approval_id", &seed.approval),
            ("body", "Please check the footer"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = get_with(&app, &mut jar, &format!("/staff/projects/{}", seed.project)).await;
    assert!(page.contains("Fonts arrive Monday") && page.contains("Please check the footer"));
    assert!(page.contains("Sam Staff"));

    // The client sees both on its page.
    let (_, l) = app
        .call(
            Method::POST,
            &format!("/clients/{}/links", seed.client),
            Some(json!({"email": "cleo@client.test", "send": false})),
        )
        .await;
    let url = l["url"].as_str().unwrap().to_owned();
    let client_page = app
        .http
        .get(format!("{url}/projects/{}", seed.project))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(client_page.contains("Fonts arrive Monday"), "{client_page}");

    // Errors: no target, both targets, a target of another project, no token, empty.
    for (form, status) in [
        (
            vec![("csrf", csrf.as_str()), ("body", "x")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("csrf", csrf.as_str()),
                ("milestone_id", seed.milestone.as_str()),
                ("approval_id", seed.approval.as_str()),
                ("body", "x"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("csrf", csrf.as_str()),
                ("milestone_id", "nope"),
                ("body", "x"),
            ],
            StatusCode::NOT_FOUND,
        ),
        (
            vec![("milestone_id", seed.milestone.as_str()), ("body", "x")],
            StatusCode::FORBIDDEN,
        ),
        (
            vec![
                ("csrf", csrf.as_str()),
                ("milestone_id", seed.milestone.as_str()),
                ("body", " "),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let res = post_with(&app, &mut jar, &path, &form).await;
        assert_eq!(res.status(), status, "{form:?}");
    }
}

// ---- staff page ----

#[tokio::test]
async fn the_owner_signs_a_colleague_out_everywhere() {
    let app = TestApp::spawn().await;
    let (mut sam, sam_csrf) = signed_in(&app).await;
    let sam_id = app
        .state
        .store
        .staff_by_email("sam@agency.test")
        .unwrap()
        .unwrap()
        .id;
    let revoke = format!("/staff/staff/{sam_id}/revoke-sessions");

    // Not the owner: no link, a 403 page for the page and the button.
    let (_, dash) = get_with(&app, &mut sam, "/staff").await;
    assert!(!dash.contains("href=\"/staff/staff\""));
    let (s, page) = get_with(&app, &mut sam, "/staff/staff").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(page.contains("Only the owner"), "{page}");
    let res = post_with(&app, &mut sam, &revoke, &[("csrf", &sam_csrf)]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let owner = owner_email(&app).await;
    let mut boss = sign_in(&app, &owner).await;
    let (s, page) = get_with(&app, &mut boss, "/staff/staff").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("href=\"/staff/staff\""));
    assert!(page.contains("aria-sort=\"ascending\""), "sorted by name");
    let (s, _) = get_with(&app, &mut boss, "/staff/staff?sort=sessions&dir=desc").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = get_with(&app, &mut boss, "/staff/staff?sort=email").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let sam_row = row_cells(&page, "staff-h", "Sam Staff");
    assert_eq!(sam_row[0], "1", "{sam_row:?}");
    let csrf = hidden(&page, "csrf");
    let res = post_with(&app, &mut boss, &revoke, &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no CSRF token");
    let res = post_with(&app, &mut boss, &revoke, &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff/staff");

    let (s, _) = get_with(&app, &mut sam, "/staff").await;
    assert_eq!(s, StatusCode::SEE_OTHER, "Sam is signed out");
    let (_, page) = get_with(&app, &mut boss, "/staff/staff").await;
    assert_eq!(row_cells(&page, "staff-h", "Sam Staff")[0], "0");
    let (_, events) = app.call(Method::GET, "/audit?limit=1000", None).await;
    let text = events.to_string();
    assert!(
        text.contains("staff.sessions_revoked") && text.contains(&sam_id),
        "{text}"
    );

    let res = post_with(
        &app,
        &mut boss,
        "/staff/staff/nobody/revoke-sessions",
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_revoke_sessions_from_the_cli_over_the_socket() {
    let app = TestApp::spawn().await;
    let (mut sam, _) = signed_in(&app).await;
    let run = porthole(
        &app.data_dir,
        &["staff", "revoke-sessions", "--email", "SAM@agency.test"],
    )
    .await;
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("ended 1 session"), "{}", stdout(&run));
    let (s, _) = get_with(&app, &mut sam, "/staff").await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let run = porthole(
        &app.data_dir,
        &["staff", "revoke-sessions", "--email", "nobody@agency.test"],
    )
    .await;
    assert!(!run.status.success());
    assert!(stderr(&run).contains("no staff member"), "{}", stderr(&run));
}
