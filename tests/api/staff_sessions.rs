//! Signing a colleague out everywhere: from the owner's staff page and from the CLI over
//! the admin socket.

use reqwest::{Method, StatusCode};

use crate::helpers::{
    TestApp, get_with, hidden, location, porthole, post_with, row_cells, sign_in, signed_in,
    stderr, stdout,
};

async fn owner_email(app: &TestApp) -> String {
    app.state
        .store
        .staff_by_token(&app.token)
        .unwrap()
        .unwrap()
        .email
}

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
