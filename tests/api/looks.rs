//! What the client and console pages show beyond the records themselves (SPEC 13): no
//! "overdue" on a done milestone, previews, the confirmation after a decision.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{
    TestApp, at, decide_through_link, get_with, milestone_block, pdf_bytes, png_bytes,
    preview_path, sha_hex, signed_in, wait_for_preview,
};

/// A done milestone whose due date has passed is not overdue on the console or the
/// client's project page; an open one past due still is, on the console.
#[tokio::test]
async fn a_done_milestone_past_its_due_date_is_never_overdue() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let done = app
        .milestone(
            &seed.project,
            json!({"title": "Kickoff finished", "status": "done", "due_on": "2020-01-15"}),
        )
        .await;
    let late = app
        .milestone(
            &seed.project,
            json!({"title": "Second phase work", "status": "in_progress", "due_on": "2020-01-15"}),
        )
        .await;

    let (mut jar, _) = signed_in(&app).await;
    let (s, console) = get_with(&app, &mut jar, &format!("/staff/projects/{}", seed.project)).await;
    assert_eq!(s, 200);
    let block = milestone_block(&console, &done);
    assert!(
        block.contains("Kickoff finished") && block.contains("15 Jan 2020"),
        "{block}"
    );
    assert!(!block.to_lowercase().contains("overdue"), "{block}");
    let block = milestone_block(&console, &late);
    assert!(block.contains("Second phase work"), "{block}");
    assert!(
        block.contains("overdue"),
        "an open milestone past due: {block}"
    );

    let (_, link) = app.cleo_link(&seed).await;
    let page = app.page(&format!("{link}/projects/{}", seed.project)).await;
    assert_eq!(page.status, 200);
    let block = milestone_block(&page.body, &done);
    assert!(
        block.contains("Kickoff finished") && block.contains("15 Jan 2020"),
        "{block}"
    );
    assert!(!block.to_lowercase().contains("overdue"), "{block}");
    let block = milestone_block(&page.body, &late);
    assert!(
        block.contains("overdue"),
        "an open milestone past due: {block}"
    );
}

/// An uploaded PNG gets a preview in the background: an inline, sandboxed PNG that the
/// approval page shows above the decision form and the project page beside the file.
#[tokio::test]
async fn an_image_gets_a_preview_shown_on_the_approval_and_project_pages() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (s, f) = app
        .upload(&seed.project, "swatch.png", png_bytes(64, 48))
        .await;
    assert_eq!(s, 201, "{f}");
    let file = f["id"].as_str().unwrap().to_owned();
    let (s, a) = app
        .call(
            Method::POST,
            &format!("/projects/{}/approvals", seed.project),
            Some(json!({"title": "Sign off the swatch", "file_id": file})),
        )
        .await;
    assert_eq!(s, 201, "{a}");
    let approval = a["id"].as_str().unwrap();
    let (_, link) = app.cleo_link(&seed).await;

    let res = wait_for_preview(&app, &preview_path(&link, &file, 1, 1)).await;
    let header = |n: &str| res.headers()[n].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "image/png");
    assert!(header("content-disposition").starts_with("inline"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-security-policy").contains("sandbox"));
    let etag = header("etag");
    let bytes = res.bytes().await.unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (64, 48));
    let again = app
        .http
        .get(app.url(&preview_path(&link, &file, 1, 1)))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // No second page, no such version.
    assert_eq!(
        app.get(&preview_path(&link, &file, 1, 2)).await.status(),
        404
    );
    assert_eq!(
        app.get(&preview_path(&link, &file, 2, 1)).await.status(),
        404
    );

    let page = app.page(&format!("{link}/approvals/{approval}")).await;
    let img = format!("src=\"{}\"", preview_path(&link, &file, 1, 1));
    assert!(page.body.contains(&img), "{}", page.body);
    assert!(
        at(&page.body, &img) < at(&page.body, "id=\"decide\""),
        "the preview comes before the decision form"
    );
    let project = app.page(&format!("{link}/projects/{}", seed.project)).await;
    assert!(project.body.contains(&img), "{}", project.body);
}

/// A PDF's first page is rendered server-side; a corrupt PDF gets no preview (404, not a
/// 5xx), and the page about it still opens.
#[tokio::test]
async fn a_pdf_gets_a_rendered_first_page_and_a_corrupt_one_none() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, f) = app.upload(&seed.project, "plan.pdf", pdf_bytes()).await;
    let file = f["id"].as_str().unwrap().to_owned();
    let (_, link) = app.cleo_link(&seed).await;
    let res = wait_for_preview(&app, &preview_path(&link, &file, 1, 1)).await;
    let img = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert!(img.width() > img.height(), "280 × 220 pt, landscape");
    let px = img.to_rgb8();
    let centre = px.get_pixel(img.width() / 2, img.height() / 2);
    assert!(
        centre[0] > 180 && centre[1] < 110,
        "the red rectangle: {centre:?}"
    );
    let corner = px.get_pixel(1, 1);
    assert_eq!(corner.0, [255, 255, 255], "white paper");

    // The seed's file starts like a PDF but is not one; it was uploaded before the PDF
    // above, so its (failed) turn is over.
    let res = app.get(&preview_path(&link, &seed.file, 1, 1)).await;
    assert_eq!(res.status(), 404);
    let page = app
        .page(&format!("{link}/approvals/{}", seed.approval))
        .await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("/preview/"), "no preview to show");
}

/// Previews obey scope and rights like downloads, except that a link without the
/// download right (proofing) still sees them.
#[tokio::test]
async fn previews_follow_the_link_scope_and_show_to_view_only_links() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, f) = app
        .upload(&seed.project, "swatch.png", png_bytes(20, 10))
        .await;
    let file = f["id"].as_str().unwrap().to_owned();
    let (_, link) = app.cleo_link(&seed).await;
    wait_for_preview(&app, &preview_path(&link, &file, 1, 1)).await;

    let (_, view_only) = app
        .link(
            &seed,
            json!({"email": "cleo@client.test", "can": [], "send": false}),
        )
        .await;
    let res = app.get(&preview_path(&view_only, &file, 1, 1)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.get(&format!("{view_only}/files/{file}/1"))
            .await
            .status(),
        403
    );

    // Another client's file through this link: as if it did not exist.
    let other = app
        .new_client("Other Co", &[("Olga", "olga@other.test")])
        .await;
    let (_, p) = app
        .call(
            Method::POST,
            &format!("/clients/{other}/projects"),
            Some(json!({"name": "Theirs"})),
        )
        .await;
    let (_, theirs) = app
        .upload(p["id"].as_str().unwrap(), "theirs.png", png_bytes(20, 10))
        .await;
    let theirs = theirs["id"].as_str().unwrap();
    assert_eq!(
        app.get(&preview_path(&link, theirs, 1, 1)).await.status(),
        404
    );
    // A hidden file, likewise.
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/files/{file}"),
            Some(json!({"client_visible": false})),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        app.get(&preview_path(&link, &file, 1, 1)).await.status(),
        404
    );
}

/// Previews lost (or never made) are made again by the scan at start.
#[tokio::test]
async fn previews_missing_at_start_are_made_again() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, f) = app
        .upload(&seed.project, "swatch.png", png_bytes(20, 10))
        .await;
    let file = f["id"].as_str().unwrap().to_owned();
    let (_, link) = app.cleo_link(&seed).await;
    wait_for_preview(&app, &preview_path(&link, &file, 1, 1)).await;
    let previews = app.data_dir.join("previews");
    let mut app = app;
    app.stop().await;
    std::fs::remove_dir_all(&previews).unwrap();
    let app = app.restart().await;
    assert!(previews.exists());
    wait_for_preview(&app, &preview_path(&link, &file, 1, 1)).await;
}

/// After a decision the approval page opens on a confirmation of what was recorded (the
/// decision, the file and version, the time), above the receipt; the receipt keeps the
/// SHA-256 under "details".
#[tokio::test]
async fn a_decision_opens_on_a_confirmation_of_what_was_recorded() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, link) = app.cleo_link(&seed).await;
    let before = app
        .page(&format!("{link}/approvals/{}", seed.approval))
        .await;
    assert!(
        !before.body.contains("role=\"status\""),
        "nothing decided yet"
    );

    let answer = decide_through_link(&app, &link, &seed.approval, "approve", "").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let page = app.page(&answer.location).await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    let status = at(body, "role=\"status\"");
    let confirmation = &body[status..at(body, "id=\"receipt\"")];
    assert!(
        confirmation.contains("Your approval is recorded"),
        "{confirmation}"
    );
    assert!(
        confirmation.contains("You approved version 1 of homepage-mockup.pdf on"),
        "{confirmation}"
    );
    assert!(confirmation.contains("<time datetime="), "{confirmation}");
    assert!(confirmation.contains("href=\"#receipt\""), "{confirmation}");
    assert!(
        status < at(body, "id=\"deliverable\""),
        "at the top of the page"
    );

    let receipt = &body[at(body, "id=\"receipt\"")..];
    assert!(
        at(receipt, &sha_hex(&seed.content)) > at(receipt, "<details"),
        "the receipt keeps the SHA-256 under details"
    );
}
