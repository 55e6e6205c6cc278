//! Activity alerts to staff (SPEC 11): the staff member who owns a client gets one digest
//! per `mail.batch_window` of what its contacts did; a mail scanner's fetch is not an open;
//! the owner is settable and checked, and alerts can be muted.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Seed, TestApp, approve};

/// `mail.batch_window` in the default configuration.
const WINDOW: i64 = 600;

/// The link's record as the staff API lists it.
async fn grant(app: &TestApp, seed: &Seed, grant_id: &str) -> Value {
    let (s, links) = app
        .call(
            Method::GET,
            &format!("/clients/{}/links", seed.client),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let list = links.as_array().cloned().unwrap_or_default();
    list.into_iter()
        .find(|g| g["grant_id"] == grant_id)
        .expect("the grant is listed")
}

/// Issue a mailed link for Cleo and wait until its mail went out.
async fn mailed_link(app: &TestApp, seed: &Seed) -> (String, String) {
    let (id, path) = app
        .link(seed, json!({"email": "cleo@client.test", "send": true}))
        .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while grant(app, seed, &id).await["mailed_at"].is_null() {
        assert!(std::time::Instant::now() < deadline, "link mail not sent");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (id, path)
}

/// The `href` of the page's app stylesheet, as a path (HTML entities undone).
fn stylesheet_href(html: &str) -> String {
    let at = html.find("/assets/app.css?").expect("app.css linked");
    let end = at + html[at..].find('"').expect("closing quote");
    html[at..end].replace("&amp;", "&")
}

/// Let the batch window pass and return the owner's digest.
async fn digest(app: &TestApp) -> String {
    app.flush_views();
    app.clock.advance(WINDOW + 1);
    app.wait_for_mail_with("Subject: Acme Ltd: ").await
}

#[tokio::test]
async fn a_scanner_fetch_is_not_an_open_and_a_browser_view_is() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (scanned, path) = mailed_link(&app, &seed).await;

    // Seconds after the mail: the page is fetched, its stylesheet never.
    app.clock.advance(2);
    let page = app.page(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let href = stylesheet_href(&page.body);
    let token = path.trim_start_matches("/p/");
    assert!(
        !href.contains(token),
        "the stylesheet URL never carries the token"
    );
    assert!(!href.contains(&scanned), "nor the grant id");
    app.flush_views();
    let g = grant(&app, &seed, &scanned).await;
    assert!(g["opened_at"].is_null(), "{g}");
    assert!(!g["fetched_at"].is_null(), "{g}");
    assert_eq!(g["views"], 1);

    // A browser fetches the page and its stylesheet: that is an open.
    let page = app.page(&path).await;
    let css = app.get(&stylesheet_href(&page.body)).await;
    assert_eq!(css.status(), StatusCode::OK);
    let cache = css.headers()["cache-control"].to_str().unwrap().to_owned();
    let plain = app.get("/assets/app.css").await;
    assert_eq!(plain.headers()["cache-control"].to_str().unwrap(), cache);
    assert!(cache.contains("max-age=31536000"));
    assert_eq!(css.text().await.unwrap(), plain.text().await.unwrap());
    app.flush_views();
    let g = grant(&app, &seed, &scanned).await;
    assert!(!g["opened_at"].is_null(), "{g}");

    // Another mailed link, viewed without a stylesheet long after its mail: a person too
    // (a text browser, or a stylesheet cached under another name).
    let (late, path2) = mailed_link(&app, &seed).await;
    app.clock.advance(120);
    assert_eq!(app.page(&path2).await.status, StatusCode::OK);
    app.flush_views();
    let g = grant(&app, &seed, &late).await;
    assert!(!g["opened_at"].is_null(), "{g}");
    assert!(g["fetched_at"].is_null(), "{g}");

    // The digest lists each first open once, and nothing for the scanner's fetch.
    let mail = digest(&app).await;
    assert_eq!(
        mail.matches("Cleo Client opened their link to").count(),
        2,
        "{mail}"
    );
    assert!(mail.contains(&format!("/staff/clients/{}#link-{scanned}", seed.client)));
    // Opens are listed once: more views add nothing.
    app.page(&path).await;
    app.flush_views();
    assert!(
        app.state
            .store
            .pending_notices()
            .unwrap()
            .iter()
            .all(|n| !format!("{:?}", n.notice).contains("Opened")),
        "a second open is not news"
    );
}

#[tokio::test]
async fn the_owner_gets_one_digest_of_what_contacts_did() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;

    // A download, twice (listed once), a decision, a request and a reply, a form answer
    // and an upload.
    let dl = format!("{path}/files/{}/1", seed.file);
    assert_eq!(app.get(&dl).await.status(), StatusCode::OK);
    assert_eq!(app.get(&dl).await.status(), StatusCode::OK);
    approve(&app, &seed).await;

    let html = app.page(&format!("{path}/requests")).await.body;
    assert_eq!(
        app.get(&stylesheet_href(&html)).await.status(),
        StatusCode::OK
    );
    let request = app.open_request(&path, "Logo colour", &seed.project).await;
    app.reply_as_client(&request, "Also the footer.").await;
    let form = app.company_form(&seed.project).await;
    let answered = app
        .post_form(&format!("{path}/forms/{form}"), &[("company", "Acme")])
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let wanted = app.file_request(&seed.project, "Brand assets").await;
    let sent = app
        .send_file(
            &path,
            &wanted,
            "brand.pdf",
            b"%PDF-1.4 brand book".repeat(20),
        )
        .await;
    assert_eq!(sent, StatusCode::SEE_OTHER);

    // Everything waits in one batch for the owner until the window has passed.
    app.flush_views();
    let batches: Vec<_> = app
        .state
        .store
        .pending_notices()
        .unwrap()
        .into_iter()
        .filter(|n| n.id.starts_with("activity:"))
        .collect();
    assert_eq!(batches.len(), 1);
    assert!(
        !app.mails()
            .iter()
            .any(|m| m.contains("Subject: Acme Ltd: "))
    );

    let mail = digest(&app).await;
    assert!(mail.contains("Subject: Acme Ltd: 7 new actions"), "{mail}");
    for line in [
        "Cleo Client opened their link to",
        "Cleo Client downloaded “homepage-mockup.pdf”",
        "Cleo Client decided on “Approve homepage mockup”",
        "Cleo Client opened the request “Logo colour”",
        "Cleo Client replied to the request “Logo colour”",
        "Cleo Client answered the form “Kick-off questions”",
        "Cleo Client sent a file for “Brand assets”",
    ] {
        assert_eq!(mail.matches(line).count(), 1, "{line} in {mail}");
    }
    assert!(mail.contains(&format!("/staff/forms/{form}")));
    assert!(mail.contains(&format!(
        "/staff/projects/{}#approval-{}",
        seed.project, seed.approval
    )));
    assert_eq!(
        app.mails()
            .iter()
            .filter(|m| m.contains("Subject: Acme Ltd: "))
            .count(),
        1,
        "one digest"
    );
}

#[tokio::test]
async fn the_owner_is_checked_and_alerts_can_be_muted() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, c) = app
        .call(Method::GET, &format!("/clients/{}", seed.client), None)
        .await;
    assert_eq!(c["activity_alerts"], true);
    let creator = c["owner_staff_id"]
        .as_str()
        .expect("its creator owns it")
        .to_owned();

    let url = format!("/clients/{}", seed.client);
    let (s, e) = app
        .call(
            Method::PATCH,
            &url,
            Some(json!({"owner_staff_id": "nosuchstaff0000000000"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("owner_staff_id")
    );

    // A removed staff member cannot own a client.
    app.add_staff("Rob Removed", "rob@agency.test");
    let (_, staff) = app.call(Method::GET, "/staff", None).await;
    let rob = staff
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["email"] == "rob@agency.test")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, c) = app
        .call(Method::PATCH, &url, Some(json!({"owner_staff_id": rob})))
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["owner_staff_id"], rob.as_str());
    let (s, _) = app
        .call(Method::DELETE, &format!("/staff/{rob}"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app
        .call(Method::PATCH, &url, Some(json!({"owner_staff_id": rob})))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // Muted: what the contacts do queues nothing.
    let (s, c) = app
        .call(
            Method::PATCH,
            &url,
            Some(json!({"owner_staff_id": creator, "activity_alerts": false})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["activity_alerts"], false);
    approve(&app, &seed).await;
    assert!(
        app.state
            .store
            .pending_notices()
            .unwrap()
            .iter()
            .all(|n| !n.id.starts_with("activity:")),
        "nothing queued for a muted client"
    );
}
