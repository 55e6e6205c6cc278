//! Record lists in the staff console: a client's rows, the row form (create, edit,
//! delete, a 422 that keeps what was typed), proof of delivery on a phone (photos with
//! and without their location, a drawn signature, a typed name), what the client then
//! sees, and the demo's logistics client.

use base64::Engine as _;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    Jar, Seed, TestApp, get_with, jpeg_with_gps, location, png_bytes, post_multipart_with,
    post_with, signed_in,
};

/// An internal column's value: never on a client page.
const INTERNAL: &str = "DRIVER-ONLY-5521";

/// A `deliveries` list with a column of every kind (one internal), and the seeded client
/// with a console session; returns (seed, jar, csrf).
async fn deliveries(app: &TestApp) -> (Seed, Jar, String) {
    let seed = app.seed().await;
    let (s, l) = app
        .call(
            Method::POST,
            "/lists",
            Some(json!({"slug": "deliveries", "name": "Deliveries", "columns": [
                {"key": "title", "label": "Consignment", "kind": "text", "client_visible": true},
                {"key": "stage", "label": "Stage", "kind": "stage", "client_visible": true,
                 "stages": ["packed", "out", "delivered"]},
                {"key": "weight", "label": "Weight kg", "kind": "number", "client_visible": true},
                {"key": "fee", "label": "Fee", "kind": "money", "client_visible": true},
                {"key": "due", "label": "Due", "kind": "date", "client_visible": true},
                {"key": "tracking", "label": "Tracking", "kind": "url", "client_visible": true},
                {"key": "photos", "label": "Photos", "kind": "photos", "client_visible": true},
                {"key": "signature", "label": "Signature", "kind": "signature", "client_visible": true},
                {"key": "signed_by", "label": "Signed by", "kind": "text", "client_visible": true},
                {"key": "note", "label": "Driver note", "kind": "text", "client_visible": false},
            ]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{l}");
    let (jar, csrf) = signed_in(app).await;
    (seed, jar, csrf)
}

/// Create row `ext` through the console's new-row form (in the seeded project).
async fn console_row(app: &TestApp, jar: &mut Jar, csrf: &str, seed: &Seed, ext: &str) {
    let res = post_with(
        app,
        jar,
        &format!("/staff/clients/{}/lists/deliveries", seed.client),
        &[
            ("csrf", csrf),
            ("external_id", ext),
            ("project_id", &seed.project),
            ("v_title", "Twelve crates of glassware"),
            ("v_stage", "out"),
            ("v_weight", "84.5"),
            ("v_fee", "120.50"),
            ("cur_fee", "eur"),
            ("v_due", "2026-12-10"),
            ("v_tracking", "https://track.example/abc"),
            ("v_note", INTERNAL),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/staff/lists/deliveries/rows/{ext}")
    );
}

async fn audit_kinds(app: &TestApp) -> Vec<String> {
    let (_, events) = app.call(Method::GET, "/audit?limit=1000", None).await;
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn staff_create_edit_and_delete_a_row_from_the_console() {
    let app = TestApp::spawn().await;
    let (seed, mut jar, csrf) = deliveries(&app).await;

    // The client's page leads to the list; the list to a new row.
    let (s, client) = get_with(&app, &mut jar, &format!("/staff/clients/{}", seed.client)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        client.contains("Record lists") && client.contains("Deliveries"),
        "{client}"
    );
    let new = format!("/staff/clients/{}/lists/deliveries/new", seed.client);
    let (s, form) = get_with(&app, &mut jar, &new).await;
    assert_eq!(s, StatusCode::OK);
    for typed in [
        r#"type="number""#,
        r#"type="date""#,
        r#"type="url""#,
        r#"name="cur_fee""#,
        r#"<option value="delivered">"#,
        "Internal",
        "Website relaunch",
    ] {
        assert!(form.contains(typed), "{typed} missing from the form");
    }

    // A refused form keeps what was typed and names the field.
    let create = format!("/staff/clients/{}/lists/deliveries", seed.client);
    let res = post_with(
        &app,
        &mut jar,
        &create,
        &[
            ("csrf", &csrf),
            ("external_id", "D-1"),
            ("v_title", "Kept as typed 77"),
            ("v_weight", "heavy"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("Kept as typed 77"), "{page}");
    assert!(
        page.contains("Weight kg") && page.contains("must be a number"),
        "{page}"
    );
    assert!(page.contains(r#"aria-invalid="true""#), "{page}");

    // Without the CSRF token nothing is written.
    let res = post_with(&app, &mut jar, &create, &[("external_id", "D-1")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    console_row(&app, &mut jar, &csrf, &seed, "D-1").await;
    let row = "/staff/lists/deliveries/rows/D-1";
    let (s, page) = get_with(&app, &mut jar, row).await;
    assert_eq!(s, StatusCode::OK);
    for shown in [
        "Twelve crates of glassware",
        "120.50 EUR",
        "84.5",
        INTERNAL,
        "Capture proof of delivery",
    ] {
        assert!(page.contains(shown), "{shown} missing from the row page");
    }
    // The same external id again is refused, not replaced.
    let res = post_with(
        &app,
        &mut jar,
        &create,
        &[
            ("csrf", &csrf),
            ("external_id", "D-1"),
            ("v_title", "Other"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Edit: the stage moves on; the client sees it, never the internal note.
    let res = post_with(
        &app,
        &mut jar,
        row,
        &[
            ("csrf", &csrf),
            ("project_id", &seed.project),
            ("v_title", "Twelve crates of glassware"),
            ("v_stage", "delivered"),
            ("v_fee", "99"),
            ("cur_fee", "EUR"),
            ("v_note", INTERNAL),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, link) = app.cleo_link(&seed).await;
    let client_row = app.page(&format!("{link}/lists/deliveries/D-1")).await;
    assert_eq!(client_row.status, StatusCode::OK);
    assert!(client_row.body.contains("99 EUR"), "{}", client_row.body);
    assert!(
        client_row.body.contains("step step-current"),
        "{}",
        client_row.body
    );
    assert!(!client_row.body.contains(INTERNAL));
    assert!(!client_row.body.contains("Driver note"));

    // A bad edit answers 422 on the row page with the value as typed.
    let res = post_with(
        &app,
        &mut jar,
        row,
        &[
            ("csrf", &csrf),
            ("v_due", "31/12/2026"),
            ("v_title", "Typed again 42"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Typed again 42") && page.contains("must be a date"),
        "{page}"
    );

    // Delete: back to the client's list, the row gone everywhere.
    let res = post_with(&app, &mut jar, &format!("{row}/delete"), &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/staff/clients/{}/lists/deliveries", seed.client)
    );
    let (s, _) = get_with(&app, &mut jar, row).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let gone = app.page(&format!("{link}/lists/deliveries/D-1")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);

    let kinds = audit_kinds(&app).await;
    let puts = kinds.iter().filter(|k| *k == "list.row_put").count();
    assert_eq!(puts, 2, "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "list.row_deleted"), "{kinds:?}");
}

/// The files a staff row page links (`/staff/files/{id}/{n}`), each once, in page order.
fn staff_file_links(page: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, m) in page.match_indices("href=\"/staff/files/") {
        let f = page[i + m.len()..].split('"').next().unwrap().to_owned();
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

async fn staff_bytes(app: &TestApp, jar: &mut Jar, file_and_n: &str) -> Vec<u8> {
    let res = app
        .http
        .get(app.url(&format!("/staff/files/{file_and_n}")))
        .header("cookie", jar.header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.bytes().await.unwrap().to_vec()
}

fn delivery_form(csrf: &str) -> Form {
    Form::new().text("csrf", csrf.to_owned())
}

fn photo(bytes: Vec<u8>, name: &str) -> Part {
    Part::bytes(bytes).file_name(name.to_owned())
}

#[tokio::test]
async fn a_photo_keeps_its_location_only_when_asked() {
    let app = TestApp::spawn().await;
    let (seed, mut jar, csrf) = deliveries(&app).await;
    console_row(&app, &mut jar, &csrf, &seed, "D-2").await;
    let pod = "/staff/lists/deliveries/rows/D-2/delivery";

    // The phone page: camera input, the canvas script allowed by this page's CSP only.
    let res = app
        .http
        .get(app.url(pod))
        .header("cookie", jar.header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let page = res.text().await.unwrap();
    assert!(
        page.contains(r#"accept="image/*" capture="environment" multiple"#),
        "{page}"
    );
    assert!(
        page.contains("<canvas") && page.contains("/assets/signature.js?v="),
        "{page}"
    );
    let other = app.http.get(app.url("/staff/login")).send().await.unwrap();
    let csp = other.headers()["content-security-policy"].to_str().unwrap();
    assert!(!csp.contains("script-src"), "{csp}");
    let js = app.get("/assets/signature.js").await;
    assert_eq!(js.status(), StatusCode::OK);
    assert!(
        js.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(js.text().await.unwrap().contains("toDataURL"));

    let gps = jpeg_with_gps(2600, 1300);
    assert!(porthole::domain::pod::stored_location(&gps).is_some());
    // Without the box: the stored photo has no location; it is shrunk and a JPEG.
    let res = post_multipart_with(
        &app,
        &mut jar,
        pod,
        delivery_form(&csrf).part("photos", photo(gps.clone(), "IMG_0001.jpg")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = get_with(&app, &mut jar, "/staff/lists/deliveries/rows/D-2").await;
    let files = staff_file_links(&page);
    assert_eq!(files.len(), 1, "{page}");
    let stored = staff_bytes(&app, &mut jar, &files[0]).await;
    assert_eq!(porthole::domain::pod::stored_location(&stored), None);
    let img = image::load_from_memory(&stored).unwrap();
    assert_eq!((img.width(), img.height()), (2048, 1024));
    assert_eq!(
        image::guess_format(&stored).unwrap(),
        image::ImageFormat::Jpeg
    );

    // With the box: the second photo keeps it, and staff read where it was taken.
    let res = post_multipart_with(
        &app,
        &mut jar,
        pod,
        delivery_form(&csrf)
            .text("keep_location", "on")
            .part("photos", photo(gps, "IMG_0002.jpg")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = get_with(&app, &mut jar, "/staff/lists/deliveries/rows/D-2").await;
    let files = staff_file_links(&page);
    assert_eq!(files.len(), 2, "{page}");
    let kept = staff_bytes(&app, &mut jar, &files[1]).await;
    let at = porthole::domain::pod::stored_location(&kept).expect("location kept");
    assert!(
        (at.lat - 52.520_08).abs() < 1e-4 && (at.lon - 13.404_95).abs() < 1e-4,
        "{at}"
    );
    let project = app
        .call(Method::GET, &format!("/projects/{}", seed.project), None)
        .await
        .1
        .to_string();
    assert!(
        project.contains("Taken at 52.52008° N, 13.40495° E"),
        "{project}"
    );
    let kinds = audit_kinds(&app).await;
    assert_eq!(
        kinds.iter().filter(|k| *k == "list.row_delivery").count(),
        2
    );
}

#[tokio::test]
async fn a_corrupt_photo_or_a_fake_signature_is_a_422_page() {
    let app = TestApp::spawn().await;
    let (seed, mut jar, csrf) = deliveries(&app).await;
    console_row(&app, &mut jar, &csrf, &seed, "D-3").await;
    let pod = "/staff/lists/deliveries/rows/D-3/delivery";
    let before = audit_kinds(&app).await.len();

    let mut cut = jpeg_with_gps(400, 300);
    cut.truncate(cut.len() / 3);
    for (name, bytes) in [
        ("cut.jpg", cut),
        ("notes.jpg", b"not an image at all".to_vec()),
    ] {
        let res = post_multipart_with(
            &app,
            &mut jar,
            pod,
            delivery_form(&csrf)
                .text("signed_by", "Rita Receiver")
                .part("photos", photo(bytes, name)),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Please check the form") && page.contains("photo 1"),
            "{page}"
        );
        assert!(page.contains("value=\"Rita Receiver\""), "{page}");
    }
    let fake = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(jpeg_with_gps(20, 20))
    );
    let res = post_multipart_with(
        &app,
        &mut jar,
        pod,
        delivery_form(&csrf).text("signature", fake),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing was recorded.
    assert_eq!(audit_kinds(&app).await.len(), before);
}

#[tokio::test]
async fn the_signature_and_photos_reach_the_client_at_once_and_join_the_evidence() {
    let app = TestApp::spawn().await;
    let (seed, mut jar, csrf) = deliveries(&app).await;
    console_row(&app, &mut jar, &csrf, &seed, "D-4").await;
    let (_, link) = app.cleo_link(&seed).await;
    let client_row = format!("{link}/lists/deliveries/D-4");
    // Seen once before, so a kept page would be stale.
    let before = app.page(&client_row).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(!before.body.contains("<img"));
    let (_, staff_page) = get_with(&app, &mut jar, "/staff/lists/deliveries/rows/D-4").await;
    let sha_before = hidden_sha(&staff_page);

    let signature = png_bytes(300, 120);
    let url = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&signature)
    );
    let res = post_multipart_with(
        &app,
        &mut jar,
        "/staff/lists/deliveries/rows/D-4/delivery",
        delivery_form(&csrf)
            .part("photos", photo(jpeg_with_gps(640, 480), "a.jpg"))
            .part("photos", photo(png_bytes(500, 400), "b.png"))
            .text("signature", url)
            .text("signed_by", "Rita Receiver"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let after = app.page(&client_row).await;
    assert_eq!(after.status, StatusCode::OK);
    let imgs: Vec<&str> = after
        .body
        .match_indices("<img src=\"")
        .map(|(i, m)| after.body[i + m.len()..].split('"').next().unwrap())
        .collect();
    assert_eq!(
        imgs.len(),
        3,
        "two photos and the signature: {}",
        after.body
    );
    assert!(after.body.contains("Rita Receiver"));
    assert!(
        after.body.contains("Signature (D-4-signature.png)"),
        "{}",
        after.body
    );
    let sig = app.get(imgs[2]).await;
    assert_eq!(sig.status(), StatusCode::OK);
    assert_eq!(sig.headers()["content-type"], "image/png");
    let sig = sig.bytes().await.unwrap();
    assert_eq!(image::guess_format(&sig).unwrap(), image::ImageFormat::Png);
    assert_eq!(image::load_from_memory(&sig).unwrap().width(), 300);

    // The row's client-visible SHA-256 now covers the files.
    let (_, staff_page) = get_with(&app, &mut jar, "/staff/lists/deliveries/rows/D-4").await;
    assert_ne!(hidden_sha(&staff_page), sha_before);
    let (_, events) = app.call(Method::GET, "/audit?limit=1000", None).await;
    let pod = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "list.row_delivery")
        .unwrap();
    assert_eq!(pod["details"]["photos"].as_array().unwrap().len(), 2);
    assert_eq!(
        pod["details"]["signature_sha256"],
        Value::String(crate::helpers::sha_hex(&sig))
    );
    assert_eq!(
        pod["details"]["visible_sha256"],
        Value::String(hidden_sha(&staff_page))
    );
}

/// The client-visible SHA-256 printed on a staff row page.
fn hidden_sha(page: &str) -> String {
    let at = page.find("<code class=\"hash\">").unwrap() + "<code class=\"hash\">".len();
    page[at..at + 64].to_owned()
}

#[tokio::test]
async fn the_demo_seeds_a_logistics_client() {
    let app = TestApp::spawn().await;
    let state = app.state.clone();
    let seeded = tokio::task::spawn_blocking(move || porthole::demo::seed(&state).unwrap())
        .await
        .unwrap();
    let (contact, url) = seeded.logistics.expect("a logistics client");
    assert!(
        contact.contains("Northgate") || contact.contains("northgate"),
        "{contact}"
    );
    let link = url.strip_prefix(&app.base).unwrap();

    let overview = app.page(link).await;
    assert_eq!(overview.status, StatusCode::OK);
    for shown in [
        "Jobs",
        "Stock held",
        "Invoices",
        "Quotes",
        "Accept the quote for autumn returns handling",
    ] {
        assert!(
            overview.body.contains(shown),
            "{shown} missing: {}",
            overview.body
        );
    }
    let jobs = app.page(&format!("{link}/lists/jobs")).await;
    for stage in ["goods-in", "kitting", "dispatched", "delivered"] {
        assert!(jobs.body.contains(stage), "{stage}");
    }
    let invoices = app.page(&format!("{link}/lists/invoices")).await;
    assert!(invoices.body.contains("paid") && invoices.body.contains("open"));
    assert!(
        invoices.body.contains("2315.50") || invoices.body.contains("2,315.50"),
        "{}",
        invoices.body
    );
    let delivered = app.page(&format!("{link}/lists/jobs/NG-1041")).await;
    assert_eq!(
        delivered.body.matches("<img src=").count(),
        3,
        "{}",
        delivered.body
    );
    assert!(delivered.body.contains("Priya Shah"));
    // Internal columns stay with staff.
    for page in [&overview.body, &jobs.body, &delivered.body] {
        assert!(!page.contains("Gate code 4471") && !page.contains("Driver notes"));
    }
    let (_, lists) = app.call(Method::GET, "/lists", None).await;
    assert!(
        lists.as_array().unwrap().iter().any(|l| l["columns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["client_visible"] == false)),
        "{lists}"
    );
    // A second demo on the same data reuses it and prints both links again.
    let state = app.state.clone();
    let again = tokio::task::spawn_blocking(move || porthole::demo::reuse(&state).unwrap())
        .await
        .unwrap()
        .expect("kept");
    assert!(again.logistics.is_some());
}
