//! A staff comment posted from the console's project page, and the client seeing it.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, get_with, location, post_with, signed_in};

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
