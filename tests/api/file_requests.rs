//! File requests (SPEC 11): staff ask for files; a link that may upload sends them.
//! Scope (404) and rights (403) come before the body; the bytes are judged by their
//! content (415), their size by the request (413); uploads are file versions by
//! `link:<grant_id>`, listed for staff and downloaded as attachments.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Seed, TestApp, get_with, post_with, sha_hex, signed_in};

/// A 1x1 PNG: signature, IHDR, IDAT, IEND.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

async fn create(app: &TestApp, project: &str, body: Value) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        &format!("/projects/{project}/file_requests"),
        Some(body),
    )
    .await
}

async fn request(app: &TestApp, project: &str, body: Value) -> String {
    let (s, r) = create(app, project, body).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    r["id"].as_str().unwrap().to_owned()
}

/// Send `content` as the multipart field `file` called `name`; status, Location, body.
async fn send(
    app: &TestApp,
    path: &str,
    request: &str,
    name: &str,
    content: Vec<u8>,
) -> (StatusCode, String, String) {
    let part = reqwest::multipart::Part::bytes(content).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new().part("file", part);
    let res = app
        .http
        .post(app.url(&format!("{path}/file_requests/{request}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, location, res.text().await.unwrap())
}

/// A POST with a raw body and content type, for bodies that are not multipart at all.
async fn send_raw(
    app: &TestApp,
    path: &str,
    request: &str,
    kind: &str,
    body: &'static [u8],
) -> StatusCode {
    app.http
        .post(app.url(&format!("{path}/file_requests/{request}")))
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

async fn link_with(app: &TestApp, seed: &Seed, email: &str, extra: Value) -> (String, String) {
    let mut body = json!({"email": email, "send": false});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    app.link(seed, body).await
}

#[tokio::test]
async fn staff_create_validates_patterns_and_sizes() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (s, r) = create(
        &app,
        &seed.project,
        json!({"title": "Logo files", "description": "Your logo, please", "accept": ["image/*", "Application/PDF"], "max_bytes": 4096, "due_on": "2030-01-31", "milestone_id": seed.milestone}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert!(r["id"].as_str().is_some_and(|id| !id.is_empty()));
    assert_eq!(r["accept"], json!(["image/*", "application/pdf"]));
    assert_eq!(r["max_bytes"], 4096);
    assert_eq!(r["due_on"], "2030-01-31");
    assert_eq!(r["uploads"], json!([]));

    let (s, d) = create(&app, &seed.project, json!({"title": "Anything"})).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    assert_eq!(
        d["max_bytes"],
        json!(app.state.settings.max_upload_bytes),
        "defaults to the configured limit"
    );

    for bad in [
        json!({"title": "x", "accept": ["image"]}),
        json!({"title": "x", "accept": ["*/*"]}),
        json!({"title": "x", "accept": ["image/png; q=1"]}),
        json!({"title": "x", "max_bytes": 0}),
        json!({"title": "x", "max_bytes": app.state.settings.max_upload_bytes + 1}),
        json!({"title": "bad\u{202E}title"}),
    ] {
        let (s, e) = create(&app, &seed.project, bad.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad} -> {e}");
        assert!(e["error"]["message"].is_string(), "{e}");
    }
    let (s, _) = create(&app, "no-such-project-id", json!({"title": "x"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, listed) = app
        .call(
            Method::GET,
            &format!("/file_requests/{}", r["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(listed["title"], "Logo files");
}

#[tokio::test]
async fn an_image_request_takes_a_png_and_refuses_text_called_png() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let id = request(
        &app,
        &seed.project,
        json!({"title": "Logo files", "accept": ["image/*"], "max_bytes": 1024}),
    )
    .await;
    let (grant, path) = app.cleo_link(&seed).await;

    // Open requests wait under "Needs your action", with the form on the project page.
    let overview = app.get(&path).await.text().await.unwrap();
    assert!(overview.contains("Needs your action"), "{overview}");
    assert!(overview.contains("Logo files"));
    let project = app
        .get(&format!("{path}/projects/{}", seed.project))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        project.contains("enctype=\"multipart/form-data\""),
        "{project}"
    );
    assert!(project.contains(&format!("action=\"{path}/file_requests/{id}\"")));

    let (s, _, page) = send(&app, &path, &id, "logo.png", b"just some text".to_vec()).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "text renamed .png");
    assert!(page.contains("plain text"), "{page}");
    let refused = sha_hex(b"just some text");
    let blob = app
        .data_dir
        .join("blobs")
        .join(&refused[..2])
        .join(&refused);
    assert!(!blob.exists(), "a refused upload keeps no bytes");
    let (s, _, _) = send(&app, &path, &id, "big.png", [PNG, &[0u8; 2048]].concat()).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "past max_bytes");
    let (s, _, page) = send(&app, &path, &id, "lo\u{202E}gnp.exe", PNG.to_vec()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{page}");

    let (s, location, _) = send(&app, &path, &id, "logo.txt", PNG.to_vec()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{path}/file_requests/{id}"));

    let (s, r) = app
        .call(Method::GET, &format!("/file_requests/{id}"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let uploads = r["uploads"].as_array().unwrap();
    assert_eq!(uploads.len(), 1, "refused uploads left nothing: {r}");
    let u = &uploads[0];
    assert_eq!(u["uploaded_by"], format!("link:{grant}"));
    assert_eq!(u["contact"]["email"], "cleo@client.test");
    assert_eq!(u["sha256"], sha_hex(PNG));
    assert_eq!(u["size"], PNG.len());
    assert_eq!(u["content_type"], "image/png", "sniffed, not from the name");
    assert_eq!(u["n"], 1);
    assert!(u["at"].is_string());
    let file_id = u["file_id"].as_str().unwrap();

    let (s, f) = app
        .call(Method::GET, &format!("/files/{file_id}"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(f["client_visible"], true);
    assert_eq!(f["versions"][0]["uploaded_by"], format!("link:{grant}"));

    let page = app.get(&location).await.text().await.unwrap();
    assert!(page.contains("logo.txt"), "{page}");
    let overview = app.get(&path).await.text().await.unwrap();
    assert!(!overview.contains("Needs your action"), "answered");
    let project = app
        .get(&format!("{path}/projects/{}", seed.project))
        .await
        .text()
        .await
        .unwrap();
    assert!(project.contains("Files we asked you for (1)"), "{project}");
    assert!(project.contains(&format!("href=\"{path}/file_requests/{id}\"")));

    let res = app.get(&format!("{path}/files/{file_id}/1")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);

    let (s, audit) = app.call(Method::GET, "/audit", None).await;
    assert_eq!(s, StatusCode::OK);
    let kinds: Vec<&str> = audit
        .as_array()
        .or_else(|| audit["events"].as_array())
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"file_request.created"), "{kinds:?}");
    assert!(kinds.contains(&"file_request.uploaded"), "{kinds:?}");
}

#[tokio::test]
async fn a_pdf_request_takes_a_pdf_and_refuses_html_called_pdf() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let id = request(
        &app,
        &seed.project,
        json!({"title": "Signed contract", "accept": ["application/pdf"]}),
    )
    .await;
    let (grant, path) = app.cleo_link(&seed).await;
    let html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".to_vec();
    let (s, _, _) = send(&app, &path, &id, "contract.pdf", html).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // The staff deliverable of the same name is not touched: the upload gets its own file.
    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    let (s, _, _) = send(&app, &path, &id, "homepage-mockup.pdf", pdf.clone()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, r) = app
        .call(Method::GET, &format!("/file_requests/{id}"), None)
        .await;
    let u = &r["uploads"][0];
    assert_eq!(u["content_type"], "application/pdf");
    assert_eq!(u["uploaded_by"], format!("link:{grant}"));
    assert_eq!(u["name"], "homepage-mockup (2).pdf");
    assert_ne!(u["file_id"], seed.file.as_str());
    // The staff member who asked hears of it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mail = loop {
        if let Some(m) = app
            .mails()
            .into_iter()
            .find(|m| m.contains("Acme Ltd sent a file: Signed contract"))
        {
            break m;
        }
        assert!(std::time::Instant::now() < deadline, "no mail to staff");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(mail.contains("@agency.test>"), "{mail}");
    assert!(mail.contains("homepage-mockup (2).pdf"), "{mail}");
    assert!(mail.contains("cleo@client.test"), "{mail}");
    assert!(
        !mail.contains("/p/"),
        "no client link in a staff mail: {mail}"
    );
    let (_, staff_file) = app
        .call(Method::GET, &format!("/files/{}", seed.file), None)
        .await;
    assert_eq!(staff_file["versions"].as_array().unwrap().len(), 1);
    // The same name again on this request is the next version of the client's file.
    let (s, _, _) = send(&app, &path, &id, "homepage-mockup (2).pdf", pdf).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, r) = app
        .call(Method::GET, &format!("/file_requests/{id}"), None)
        .await;
    assert_eq!(r["uploads"][1]["n"], 2);
    assert_eq!(r["uploads"][1]["file_id"], r["uploads"][0]["file_id"]);
}

#[tokio::test]
async fn scope_then_rights_come_before_the_body() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let id = request(&app, &seed.project, json!({"title": "Photos"})).await;

    // A viewer may look but not upload: 403 whatever the body.
    let (s, c) = app
        .call(
            Method::POST,
            &format!("/clients/{}/contacts", seed.client),
            Some(json!({"name": "Vera Viewer", "email": "vera@client.test", "role": "viewer"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let (_, viewer) = link_with(&app, &seed, "vera@client.test", json!({})).await;
    let res = app.get(&format!("{viewer}/file_requests/{id}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        !page.contains("multipart/form-data"),
        "no form for a viewer"
    );
    assert_eq!(
        send_raw(&app, &viewer, &id, "text/plain", b"garbage").await,
        StatusCode::FORBIDDEN
    );
    let (s, _, page) = send(&app, &viewer, &id, "a.png", PNG.to_vec()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(page.contains("may view but not upload"), "{page}");

    // An approver's link without `upload` in `can`: 403, even with an empty body.
    let (_, narrow) = link_with(
        &app,
        &seed,
        "cleo@client.test",
        json!({"can": ["download", "comment"]}),
    )
    .await;
    assert_eq!(
        send_raw(&app, &narrow, &id, "multipart/form-data; boundary=x", b"").await,
        StatusCode::FORBIDDEN
    );

    // Outside the link: another client's request, a project the contact does not see.
    let other_client = app
        .new_client("Other Co", &[("Olga", "olga@other.test")])
        .await;
    let (_, p) = app
        .call(
            Method::POST,
            &format!("/clients/{other_client}/projects"),
            Some(json!({"name": "Elsewhere"})),
        )
        .await;
    let foreign = request(&app, p["id"].as_str().unwrap(), json!({"title": "Theirs"})).await;
    let (_, cleo) = app.cleo_link(&seed).await;
    assert_eq!(
        send_raw(&app, &cleo, &foreign, "text/plain", b"garbage").await,
        StatusCode::NOT_FOUND
    );
    let (s, _, _) = send(&app, &cleo, &foreign, "a.png", PNG.to_vec()).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("{cleo}/file_requests/{foreign}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let (_, second) = app
        .call(
            Method::POST,
            &format!("/clients/{}/projects", seed.client),
            Some(json!({"name": "Brand book"})),
        )
        .await;
    let second = second["id"].as_str().unwrap().to_owned();
    let (_, scoped) = link_with(
        &app,
        &seed,
        "cleo@client.test",
        json!({"project_id": second}),
    )
    .await;
    assert_eq!(
        send_raw(&app, &scoped, &id, "text/plain", b"garbage").await,
        StatusCode::NOT_FOUND,
        "a request of a project outside a project-scoped link"
    );

    // A client whose files section is switched off has no file requests either.
    let (s, c) = app
        .call(
            Method::PATCH,
            &format!("/clients/{}", seed.client),
            Some(json!({"sections": {"milestones": true, "files": false, "approvals": true, "activity": true}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(
        app.get(&format!("{cleo}/file_requests/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let (s, _, _) = send(&app, &cleo, &id, "a.png", PNG.to_vec()).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let overview = app.get(&cleo).await.text().await.unwrap();
    assert!(!overview.contains("Photos"), "{overview}");

    let (_, r) = app
        .call(Method::GET, &format!("/file_requests/{id}"), None)
        .await;
    assert_eq!(r["uploads"], json!([]), "nothing was stored");
}

#[tokio::test]
async fn the_console_lists_requests_with_uploads_and_creates_them() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (mut jar, csrf) = signed_in(&app).await;
    let path = format!("/staff/projects/{}", seed.project);
    let res = post_with(
        &app,
        &mut jar,
        &format!("{path}/file_requests"),
        &[
            ("csrf", csrf.as_str()),
            ("title", "Brand photos"),
            ("accept", "image/*, application/pdf"),
            ("max_mib", "2"),
            ("due_on", "2030-02-01"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_with(
        &app,
        &mut jar,
        &format!("{path}/file_requests"),
        &[("csrf", csrf.as_str()), ("title", "x"), ("accept", "image")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post_with(
        &app,
        &mut jar,
        &format!("{path}/file_requests"),
        &[("csrf", "wrong"), ("title", "x")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let (_, listed) = app
        .call(
            Method::GET,
            &format!("/projects/{}/file_requests", seed.project),
            None,
        )
        .await;
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["max_bytes"], 2 * 1024 * 1024);
    let id = listed[0]["id"].as_str().unwrap().to_owned();
    let (grant, link) = app.cleo_link(&seed).await;
    let (s, _, _) = send(&app, &link, &id, "team.png", PNG.to_vec()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    let (s, page) = get_with(&app, &mut jar, &path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("File requests"), "{page}");
    assert!(page.contains("Brand photos"));
    assert!(page.contains("team.png"));
    assert!(page.contains(&format!("link:{grant}")));
    assert!(page.contains("cleo@client.test"));
}
