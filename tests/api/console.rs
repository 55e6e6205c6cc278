//! The staff console under `/staff`: sign-in by mail, sessions, CSRF, and the client,
//! audit, receipt and project pages.

use reqwest::{Method, StatusCode};

use crate::helpers::{
    Jar, TestApp, approve, get_with, hidden, location, post_with, request_link, sha_hex, sign_in,
    signed_in,
};

// ---- sign-in, sessions, CSRF ----

#[tokio::test]
async fn sign_in_by_mailed_link_opens_the_dashboard() {
    let app = TestApp::spawn().await;
    let _seed = app.seed().await;
    app.add_staff("Sam Staff", "sam@agency.test");

    let res = app.get("/staff").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff/login");

    let mut jar = sign_in(&app, "sam@agency.test").await;
    let (s, dash) = get_with(&app, &mut jar, "/staff").await;
    assert_eq!(s, StatusCode::OK);
    assert!(dash.contains("Approve homepage mockup"), "{dash}");
    assert!(dash.contains("Sam Staff"));

    // The session cookie is HttpOnly, SameSite=Strict, scoped to /staff.
    let mut jar2 = Jar::default();
    let link = request_link(&app, &mut jar2, "sam@agency.test")
        .await
        .unwrap();
    let (_, confirm) = get_with(&app, &mut jar2, &link).await;
    let csrf = hidden(&confirm, "csrf");
    let res = post_with(&app, &mut jar2, &link, &[("csrf", &csrf)]).await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("porthole_staff="))
        .unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/staff"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http test server: {cookie}"
    );
}

#[tokio::test]
async fn unknown_addresses_get_the_same_page_and_no_mail() {
    let app = TestApp::spawn().await;
    let mut jar = Jar::default();
    assert!(
        request_link(&app, &mut jar, "nobody@agency.test")
            .await
            .is_none()
    );
    assert!(app.mails().is_empty());
}

#[tokio::test]
async fn a_sign_in_link_works_once_and_expires() {
    let app = TestApp::spawn().await;
    app.add_staff("Sam Staff", "sam@agency.test");
    let mut jar = Jar::default();
    let link = request_link(&app, &mut jar, "sam@agency.test")
        .await
        .unwrap();
    // Fetching the link (a mail scanner) signs nobody in and uses nothing.
    for _ in 0..2 {
        let (s, _) = get_with(&app, &mut Jar::default(), &link).await;
        assert_eq!(s, StatusCode::OK);
    }
    let (_, confirm) = get_with(&app, &mut jar, &link).await;
    let csrf = hidden(&confirm, "csrf");
    let res = post_with(&app, &mut jar, &link, &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A second use is refused, on GET and on POST.
    let mut other = Jar::default();
    let (s, page) = get_with(&app, &mut other, &link).await;
    assert_eq!(s, StatusCode::GONE, "{page}");
    assert!(page.contains("already used"));
    let (_, login) = get_with(&app, &mut other, "/staff/login").await;
    let _ = login;
    let res = post_with(&app, &mut jar, &link, &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::GONE);

    // A link older than 15 minutes (plus leeway) is dead.
    let link = request_link(&app, &mut jar, "sam@agency.test")
        .await
        .unwrap();
    app.clock.advance(16 * 60 + 61);
    let (s, page) = get_with(&app, &mut jar, &link).await;
    assert_eq!(s, StatusCode::GONE);
    assert!(page.contains("expired"));
    // Junk tokens are 404.
    let (s, _) = get_with(&app, &mut jar, "/staff/signin/not-a-token").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sessions_expire_when_idle_and_after_twelve_hours() {
    let app = TestApp::spawn().await;
    app.add_staff("Sam Staff", "sam@agency.test");
    let mut jar = sign_in(&app, "sam@agency.test").await;
    // Activity keeps the session alive past the idle timeout...
    for _ in 0..3 {
        app.clock.advance(20 * 60);
        let (s, _) = get_with(&app, &mut jar, "/staff").await;
        assert_eq!(s, StatusCode::OK);
    }
    // ...but 31 idle minutes end it.
    app.clock.advance(31 * 60);
    let (s, _) = get_with(&app, &mut jar, "/staff").await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    // However busy, a session ends after 12 hours.
    let mut jar = sign_in(&app, "sam@agency.test").await;
    for _ in 0..35 {
        app.clock.advance(20 * 60);
        let (s, _) = get_with(&app, &mut jar, "/staff").await;
        assert_eq!(s, StatusCode::OK);
    }
    app.clock.advance(25 * 60);
    let (s, _) = get_with(&app, &mut jar, "/staff").await;
    assert_eq!(s, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn logout_and_sign_out_everywhere_end_sessions() {
    let app = TestApp::spawn().await;
    app.add_staff("Sam Staff", "sam@agency.test");
    let mut jar = sign_in(&app, "sam@agency.test").await;
    let stolen = jar.clone();
    let (_, dash) = get_with(&app, &mut jar, "/staff").await;
    let csrf = hidden(&dash, "csrf");
    let res = post_with(&app, &mut jar, "/staff/logout", &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff/login");
    assert!(!jar.0.contains_key("porthole_staff"));
    // The old cookie value is dead on the server, not just forgotten by the browser.
    let (s, _) = get_with(&app, &mut stolen.clone(), "/staff").await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    let mut a = sign_in(&app, "sam@agency.test").await;
    let mut b = sign_in(&app, "sam@agency.test").await;
    let (_, dash) = get_with(&app, &mut a, "/staff").await;
    let csrf = hidden(&dash, "csrf");
    let res = post_with(&app, &mut a, "/staff/sessions/revoke", &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (s, _) = get_with(&app, &mut b, "/staff").await;
    assert_eq!(s, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_or_from_elsewhere_are_403() {
    let app = TestApp::spawn().await;
    app.add_staff("Sam Staff", "sam@agency.test");
    // Login form: no token, a token for another pre-session, a foreign origin.
    let mut jar = Jar::default();
    let (_, login) = get_with(&app, &mut jar, "/staff/login").await;
    let csrf = hidden(&login, "csrf");
    let res = post_with(
        &app,
        &mut jar,
        "/staff/login",
        &[("email", "sam@agency.test")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_with(
        &app,
        &mut Jar::default(),
        "/staff/login",
        &[("email", "sam@agency.test"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .http
        .post(app.url("/staff/login"))
        .header("cookie", jar.header())
        .header("origin", "https://evil.example")
        .form(&[("email", "sam@agency.test"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(app.mails().is_empty());

    // Signed in: a token of another session is refused.
    let mut a = sign_in(&app, "sam@agency.test").await;
    let mut b = sign_in(&app, "sam@agency.test").await;
    let (_, dash_b) = get_with(&app, &mut b, "/staff").await;
    let csrf_b = hidden(&dash_b, "csrf");
    let res = post_with(&app, &mut a, "/staff/logout", &[("csrf", &csrf_b)]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_with(&app, &mut a, "/staff/logout", &[("csrf", "junk")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (s, _) = get_with(&app, &mut a, "/staff").await;
    assert_eq!(s, StatusCode::OK, "still signed in");
}

// ---- pages ----

#[tokio::test]
async fn clients_are_created_configured_and_their_links_managed() {
    let app = TestApp::spawn().await;
    let (mut jar, csrf) = signed_in(&app).await;
    let (s, page) = get_with(&app, &mut jar, "/staff/clients").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("No clients yet"));

    let res = post_with(
        &app,
        &mut jar,
        "/staff/clients",
        &[
            ("csrf", &csrf),
            ("name", "Bolt & Co"),
            ("contact_name", "Bea Bolt"),
            ("contact_email", "bea@bolt.test"),
            ("language", "de"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let client_path = location(&res);
    let client_id = client_path.rsplit('/').next().unwrap().to_owned();
    let (s, page) = get_with(&app, &mut jar, &client_path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Bolt &amp; Co") && page.contains("bea@bolt.test"));
    // A bad name is a 422 page, not a 5xx.
    let res = post_with(
        &app,
        &mut jar,
        "/staff/clients",
        &[("csrf", &csrf), ("name", "")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Settings: portal off, files section hidden; the API sees the same record.
    let res = post_with(
        &app,
        &mut jar,
        &client_path,
        &[
            ("csrf", &csrf),
            ("name", "Bolt & Co"),
            ("language", "de"),
            ("milestones", "on"),
            ("approvals", "on"),
            ("activity", "on"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{client_id}"), None)
        .await;
    assert_eq!(c["portal_enabled"], false);
    assert_eq!(c["sections"]["files"], false);
    assert_eq!(c["sections"]["milestones"], true);

    // Contacts.
    let contacts = format!("{client_path}/contacts");
    let res = post_with(
        &app,
        &mut jar,
        &contacts,
        &[
            ("csrf", &csrf),
            ("name", "Carl"),
            ("email", "carl@bolt.test"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_with(
        &app,
        &mut jar,
        &contacts,
        &[("csrf", &csrf), ("name", "Carl"), ("email", "not-an-email")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{client_id}"), None)
        .await;
    let carl = c["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["email"] == "carl@bolt.test")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = post_with(
        &app,
        &mut jar,
        &format!("{contacts}/{carl}/remove"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{client_id}"), None)
        .await;
    assert_eq!(c["contacts"].as_array().unwrap().len(), 1);

    // Issue a link: the URL is shown once, then the list shows it unopened.
    let res = post_with(
        &app,
        &mut jar,
        &format!("{client_path}/links"),
        &[
            ("csrf", &csrf),
            ("email", "bea@bolt.test"),
            ("project_id", ""),
            ("ttl", "2d"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let shown = res.text().await.unwrap();
    assert!(shown.contains(&format!("{}/p/", app.base)), "{shown}");
    let (_, page) = get_with(&app, &mut jar, &client_path).await;
    assert!(page.contains("never opened"));
    assert!(
        !page.contains(&format!("{}/p/", app.base)),
        "the URL is not shown again"
    );
    let (_, grants) = app
        .call(Method::GET, &format!("/clients/{client_id}/links"), None)
        .await;
    let grant = grants[0]["grant_id"].as_str().unwrap().to_owned();
    let res = post_with(
        &app,
        &mut jar,
        &format!("{client_path}/links"),
        &[("csrf", &csrf), ("email", "eve@evil.test")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post_with(
        &app,
        &mut jar,
        &format!("{client_path}/links"),
        &[("csrf", &csrf), ("email", "bea@bolt.test"), ("ttl", "999d")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Revoke it, then cut off the client.
    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/links/{grant}/revoke"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, g) = app
        .call(Method::GET, &format!("/links/{grant}"), None)
        .await;
    assert!(g["revoked_at"].is_string());
    let (_, page) = get_with(&app, &mut jar, &client_path).await;
    assert!(page.contains("revoked"));
    let res = post_with(
        &app,
        &mut jar,
        &format!("{client_path}/cutoff"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{client_id}"), None)
        .await;
    assert!(c["links_cutoff_at"].is_string());

    // A new project from the client page.
    let res = post_with(
        &app,
        &mut jar,
        &format!("{client_path}/projects"),
        &[("csrf", &csrf), ("name", "Brand book"), ("summary", "")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/staff/projects/"));

    // Unknown ids are 404 pages; a missing CSRF token is 403 and changes nothing.
    let (s, _) = get_with(&app, &mut jar, "/staff/clients/AAAAAAAAAAAAAAAAAAAAAA").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let res = post_with(&app, &mut jar, &format!("{client_path}/cutoff"), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Signed out, every page redirects to the login.
    let (s, _) = get_with(&app, &mut Jar::default(), &client_path).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_audit_page_lists_events_and_verifies_the_chain() {
    let app = TestApp::spawn().await;
    let _seed = app.seed().await;
    let (mut jar, csrf) = signed_in(&app).await;
    let (s, page) = get_with(&app, &mut jar, "/staff/audit").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("approval.requested") && page.contains("staff.signed_in"));
    let res = post_with(&app, &mut jar, "/staff/audit/verify", &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Intact"), "{page}");
    let res = post_with(&app, &mut jar, "/staff/audit/verify", &[("csrf", "x")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// The events' kinds in the table, in page order.
fn kinds_listed(page: &str) -> Vec<String> {
    let body = page.split("<tbody>").nth(1).unwrap_or_default();
    body.split("<tr>")
        .skip(1)
        .filter_map(|row| row.split("<td data-label=\"What\">").nth(1))
        .map(|cell| cell.split('<').next().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_audit_page_filters_by_kind_record_actor_and_day() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (mut jar, _) = signed_in(&app).await;

    let (s, page) = get_with(&app, &mut jar, "/staff/audit?kind=approval.").await;
    assert_eq!(s, StatusCode::OK);
    let kinds = kinds_listed(&page);
    assert!(!kinds.is_empty(), "{page}");
    assert!(
        kinds.iter().all(|k| k.starts_with("approval.")),
        "{kinds:?}"
    );
    assert!(page.contains("Clear filters"));

    let (_, page) = get_with(&app, &mut jar, "/staff/audit?kind=staff.signed_in").await;
    assert_eq!(kinds_listed(&page), ["staff.signed_in"]);

    // By record: only events about the approval; its ids link to the same filter.
    let by_record = format!("/staff/audit?subject={}", seed.approval);
    let (_, page) = get_with(&app, &mut jar, &by_record).await;
    assert_eq!(kinds_listed(&page), ["approval.requested"], "{page}");
    // A re-sort keeps the filter.
    assert!(
        page.contains(&format!("dir=asc&amp;subject={}", seed.approval)),
        "{page}"
    );

    let (_, page) = get_with(&app, &mut jar, "/staff/audit?actor=nobody-at-all").await;
    assert!(page.contains("No event matches these filters."));
    let today = app.state.clock.now().date();
    let (_, page) = get_with(
        &app,
        &mut jar,
        &format!("/staff/audit?from={today}&to={today}&kind=staff.signed_in"),
    )
    .await;
    assert_eq!(kinds_listed(&page), ["staff.signed_in"]);
    let (_, page) = get_with(
        &app,
        &mut jar,
        &format!("/staff/audit?to={}", today.previous_day().unwrap()),
    )
    .await;
    assert!(page.contains("No event matches these filters."));

    // Bad filters are a 400 page, not a 5xx.
    for bad in [
        "/staff/audit?from=yesterday".to_owned(),
        format!("/staff/audit?kind={}", "x".repeat(201)),
        "/staff/audit?sort=hash".to_owned(),
    ] {
        let (s, _) = get_with(&app, &mut jar, &bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn a_decision_receipt_is_checked_against_the_audit_chain() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (mut jar, _) = signed_in(&app).await;
    let receipt = format!("/staff/approvals/{}/receipt", seed.approval);
    let (s, page) = get_with(&app, &mut jar, &receipt).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("No decision has been recorded"), "{page}");

    approve(&app, &seed).await;
    let (_, project) = get_with(&app, &mut jar, &format!("/staff/projects/{}", seed.project)).await;
    assert!(
        project.contains(&receipt),
        "the project page links the receipt"
    );
    let (s, page) = get_with(&app, &mut jar, &receipt).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Verified"), "{page}");
    for evidence in [
        "Cleo Client",
        "cleo@client.test",
        "192.0.2.7",
        "test agent",
        "test-nonce",
    ] {
        assert!(page.contains(evidence), "receipt lacks {evidence}");
    }
    assert!(page.contains(&sha_hex(&seed.content)));

    // Someone edits the stored decision behind the chain's back: the receipt says so.
    let state = app.state.clone();
    let id = seed.approval.clone();
    state
        .store
        .write(&porthole::store::Actor::System, state.clock.now(), |tx| {
            let mut a = state.store.approval(&id)?;
            a.decisions[0].typed_name = "Somebody Else".into();
            tx.put(&a)
        })
        .unwrap();
    let (_, page) = get_with(&app, &mut jar, &receipt).await;
    assert!(page.contains("Does not match"), "{page}");
    assert!(
        page.contains("differs from this record in: typed_name"),
        "{page}"
    );

    let (s, _) = get_with(&app, &mut jar, "/staff/approvals/nope/receipt").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let res = app.get(&receipt).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "signed out: to the login page"
    );
}

async fn upload_form(
    app: &TestApp,
    jar: &Jar,
    path: &str,
    csrf: Option<&str>,
    name: &str,
    content: Vec<u8>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    if let Some(c) = csrf {
        form = form.text("csrf", c.to_owned());
    }
    let form = form.text("note", "second round").part(
        "file",
        reqwest::multipart::Part::bytes(content).file_name(name.to_owned()),
    );
    app.http
        .post(app.url(path))
        .header("cookie", jar.header())
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_project_page_manages_milestones_updates_files_approvals_and_notes() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    approve(&app, &seed).await;
    let (mut jar, csrf) = signed_in(&app).await;
    let path = format!("/staff/projects/{}", seed.project);
    let (s, page) = get_with(&app, &mut jar, &path).await;
    assert_eq!(s, StatusCode::OK);
    // Internal updates are shown, clearly marked; decisions show their evidence.
    assert!(page.contains("INTERNAL margin is thin") && page.contains("Internal — staff only"));
    assert!(page.contains("192.0.2.7") && page.contains("Cleo Client"));
    assert!(page.contains(&sha_hex(&seed.content)));

    // Milestones: add one with a due date, then change its status.
    let res = post_with(
        &app,
        &mut jar,
        &format!("{path}/milestones"),
        &[
            ("csrf", &csrf),
            ("title", "Launch"),
            ("status", "planned"),
            ("due_on", "2030-01-31"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_with(
        &app,
        &mut jar,
        &format!("{path}/milestones"),
        &[("csrf", &csrf), ("title", "Bad"), ("due_on", "31/01/2030")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/milestones/{}", seed.milestone),
        &[("csrf", &csrf), ("status", "done"), ("due_on", "")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), path);
    let (_, p) = app
        .call(Method::GET, &format!("/projects/{}", seed.project), None)
        .await;
    let ms = p["milestones"].as_array().unwrap();
    assert!(
        ms.iter()
            .any(|m| m["title"] == "Launch" && m["due_on"] == "2030-01-31")
    );
    assert!(
        ms.iter()
            .any(|m| m["id"] == seed.milestone.as_str() && m["status"] == "done")
    );

    // Updates: public and internal.
    for (body, internal) in [("Public news", None), ("Staff gossip", Some("on"))] {
        let mut form = vec![("csrf", csrf.as_str()), ("body", body)];
        if let Some(i) = internal {
            form.push(("internal", i));
        }
        let res = post_with(
            &app,
            &mut jar,
            &format!("/staff/milestones/{}/updates", seed.milestone),
            &form,
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let (_, p) = app
        .call(Method::GET, &format!("/projects/{}", seed.project), None)
        .await;
    let ups = p["updates"].as_array().unwrap();
    assert!(
        ups.iter()
            .any(|u| u["body"] == "Public news" && u["internal"] == false)
    );
    assert!(
        ups.iter()
            .any(|u| u["body"] == "Staff gossip" && u["internal"] == true)
    );

    // A new version through the console re-opens the approval on it.
    let v2 = b"mockup v2".to_vec();
    let files = format!("{path}/files");
    let res = upload_form(&app, &jar, &files, None, "homepage-mockup.pdf", v2.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = upload_form(
        &app,
        &jar,
        &files,
        Some("junk"),
        "homepage-mockup.pdf",
        v2.clone(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = upload_form(
        &app,
        &jar,
        &files,
        Some(&csrf),
        "homepage-mockup.pdf",
        v2.clone(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, f) = app
        .call(Method::GET, &format!("/files/{}", seed.file), None)
        .await;
    assert_eq!(f["versions"].as_array().unwrap().len(), 2);
    assert_eq!(f["versions"][1]["sha256"], sha_hex(&v2).as_str());
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["status"], "pending");
    assert_eq!(a["target_version"], 2);

    // Request an approval on the file, and withdraw it.
    let res = post_with(
        &app,
        &mut jar,
        &format!("{path}/approvals"),
        &[
            ("csrf", &csrf),
            ("title", "Approve the copy deck"),
            ("description", ""),
            ("file_id", &seed.file),
            ("due_on", "2030-02-01"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = get_with(&app, &mut jar, &path).await;
    assert!(page.contains("Approve the copy deck"));
    let (_, p) = app
        .call(Method::GET, &format!("/projects/{}", seed.project), None)
        .await;
    let new = p["approvals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Approve the copy deck")
        .unwrap();
    assert_eq!(new["target_version"], 2);
    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/approvals/{}/withdraw", new["id"].as_str().unwrap()),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/approvals/{}/withdraw", new["id"].as_str().unwrap()),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // Notes.
    let res = post_with(
        &app,
        &mut jar,
        &format!("{path}/notes"),
        &[("csrf", &csrf), ("body", "Call them on Friday")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_with(
        &app,
        &mut jar,
        &format!("{path}/notes"),
        &[("csrf", &csrf), ("body", " ")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, page) = get_with(&app, &mut jar, &path).await;
    assert!(page.contains("Call them on Friday"));

    let (s, _) = get_with(&app, &mut jar, "/staff/projects/AAAAAAAAAAAAAAAAAAAAAA").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_download_any_version_and_the_audit_names_who_acted() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    approve(&app, &seed).await;
    let (mut jar, _) = signed_in(&app).await;
    let (_, page) = get_with(&app, &mut jar, &format!("/staff/projects/{}", seed.project)).await;
    let href = format!("/staff/files/{}/1", seed.file);
    assert!(page.contains(&format!("href=\"{href}\"")), "{page}");

    let res = app
        .http
        .get(app.url(&href))
        .header("cookie", jar.header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().as_ref(), seed.content.as_slice());
    for missing in [
        format!("/staff/files/{}/9", seed.file),
        format!("/staff/files/{}/one", seed.file),
        "/staff/files/nope/1".to_owned(),
    ] {
        let (s, _) = get_with(&app, &mut jar, &missing).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{missing}");
    }
    // Without a session: the sign-in page, never the bytes.
    let res = app.http.get(app.url(&href)).send().await.unwrap();
    assert_ne!(res.status(), StatusCode::OK);

    // The audit says who acted in words, the raw actor kept beside it.
    let (_, audit) = get_with(&app, &mut jar, "/staff/audit").await;
    assert!(audit.contains("Cleo Client (Acme Ltd, by link)"), "{audit}");
    assert!(audit.contains("(staff)"), "{audit}");
}
