//! Requests, the client's own tickets (SPEC 11): opened and answered through a link (303,
//! single-use nonces, 403 without the comment right, 404 outside the link, 422 for a
//! refused subject), answered and moved along by staff; internal replies never reach the
//! client.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Seed, TestApp, hidden};

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let a = app.page(path).await;
    (a.status, a.body)
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, String) {
    let a = app.post_form(path, form).await;
    (a.status, a.location, a.body)
}

/// Open a request through `path` (a link); returns the request's page path.
async fn open(app: &TestApp, path: &str, subject: &str, project: &str) -> String {
    let (_, html) = page(app, &format!("{path}/requests")).await;
    let nonce = hidden(&html, "nonce");
    let (s, loc, _) = post(
        app,
        &format!("{path}/requests"),
        &[
            ("nonce", nonce.as_str()),
            ("subject", subject),
            ("body", "Please move the logo."),
            ("project_id", project),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(loc.starts_with(&format!("{path}/requests/")), "{loc}");
    loc
}

async fn add_contact(app: &TestApp, client: &str, body: Value) {
    let (s, c) = app
        .call(
            Method::POST,
            &format!("/clients/{client}/contacts"),
            Some(body),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
}

async fn link_for(app: &TestApp, seed: &Seed, email: &str) -> String {
    app.link(seed, json!({"email": email, "send": false}))
        .await
        .1
}

#[tokio::test]
async fn a_request_goes_back_and_forth_and_internal_replies_stay_inside() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let req_page = open(&app, &path, "Logo placement", &seed.project).await;
    let id = req_page.rsplit('/').next().unwrap().to_owned();

    let (s, list) = app
        .call(
            Method::GET,
            &format!("/clients/{}/requests", seed.client),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["status"], "open");
    assert_eq!(list[0]["project_id"], seed.project.as_str());

    let (s, r) = app
        .call(
            Method::POST,
            &format!("/requests/{id}/replies"),
            Some(json!({"body": "Moved it left, have a look."})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/requests/{id}/replies"),
            Some(json!({"body": "INTERNAL they asked twice", "internal": true})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/requests/{id}/replies"),
            Some(json!({"body": "  "})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, r) = app
        .call(
            Method::PATCH,
            &format!("/requests/{id}"),
            Some(json!({"status": "waiting_on_client"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["status"], "waiting_on_client");
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/requests/{id}"),
            Some(json!({"status": "closed"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app
        .call(
            Method::PATCH,
            "/requests/nosuchrequest0000000000",
            Some(json!({"status": "done"})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, html) = page(&app, &req_page).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Moved it left"), "{html}");
    assert!(html.contains("Waiting on you"));
    assert!(
        !html.contains("INTERNAL"),
        "internal replies never reach the client"
    );
    let (_, overview) = page(&app, &path).await;
    assert!(overview.contains("Needs your action (1)"), "{overview}");
    assert!(overview.contains("Logo placement"));
    let (_, listing) = page(&app, &format!("{path}/requests")).await;
    assert!(listing.contains("Logo placement"));
    assert!(!listing.contains("INTERNAL"));

    // The client's reply: 303, and a replay of its nonce stores nothing twice.
    let nonce = hidden(&html, "nonce");
    let reply = [("nonce", nonce.as_str()), ("body", "Looks good now")];
    for _ in 0..2 {
        let (s, loc, _) = post(&app, &format!("{req_page}/replies"), &reply).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(loc, req_page);
    }
    let (_, t) = app
        .call(Method::GET, &format!("/requests/{id}"), None)
        .await;
    let replies = t["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 3, "{t}");
    assert_eq!(replies[1]["internal"], true);
    assert_eq!(replies[2]["author"]["kind"], "link");
    assert_eq!(
        t["status"], "open",
        "a client reply reopens a request waiting on them"
    );

    let (_, events) = app.call(Method::GET, "/audit", None).await;
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "request.replied").count(), 3);
    assert!(kinds.contains(&"request.opened") && kinds.contains(&"request.status_changed"));
}

#[tokio::test]
async fn the_new_request_nonce_is_single_use_and_a_bad_subject_is_shown_again() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let (_, html) = page(&app, &format!("{path}/requests")).await;
    let nonce = hidden(&html, "nonce");
    let form = [
        ("nonce", nonce.as_str()),
        ("subject", "Invoice question"),
        ("body", "Which PO?"),
        ("project_id", ""),
    ];
    let (s1, l1, _) = post(&app, &format!("{path}/requests"), &form).await;
    let (s2, l2, _) = post(&app, &format!("{path}/requests"), &form).await;
    assert_eq!((s1, s2), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    assert_eq!(l1, l2, "a replay answers the same 303");
    let (_, list) = app
        .call(
            Method::GET,
            &format!("/clients/{}/requests", seed.client),
            None,
        )
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    // A hidden text-direction character in the subject: 422, the form again, values kept.
    let (_, html) = page(&app, &format!("{path}/requests")).await;
    let nonce = hidden(&html, "nonce");
    let (s, _, html) = post(
        &app,
        &format!("{path}/requests"),
        &[
            ("nonce", nonce.as_str()),
            ("subject", "invoice\u{202E}fdp.exe"),
            ("body", "kept body text"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("text-direction"), "{html}");
    assert!(html.contains("kept body text"), "{html}");
    assert!(html.contains("name=\"subject\""));
    // An unknown project, or a forged form.
    let (s, _, _) = post(
        &app,
        &format!("{path}/requests"),
        &[
            ("nonce", nonce.as_str()),
            ("subject", "x"),
            ("body", "y"),
            ("project_id", "nosuchproject000000000"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = post(
        &app,
        &format!("{path}/requests"),
        &[("nonce", "forged"), ("subject", "x"), ("body", "y")],
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn viewers_may_read_but_not_open_or_reply_and_others_see_nothing() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, cleo) = app.cleo_link(&seed).await;
    let req_page = open(&app, &cleo, "Logo placement", &seed.project).await;
    let id = req_page.rsplit('/').next().unwrap().to_owned();

    // A viewer of the same client: sees the list and the request, gets no forms, 403 on POST.
    add_contact(
        &app,
        &seed.client,
        json!({"name": "Vera Viewer", "email": "vera@client.test", "role": "viewer"}),
    )
    .await;
    let vera = link_for(&app, &seed, "vera@client.test").await;
    let (s, html) = page(&app, &format!("{vera}/requests")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Logo placement"));
    assert!(!html.contains("name=\"nonce\""), "no form for a viewer");
    let (s, html) = page(&app, &format!("{vera}/requests/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("name=\"nonce\""));
    for target in [
        format!("{vera}/requests"),
        format!("{vera}/requests/{id}/replies"),
    ] {
        let (s, _, body) = post(
            &app,
            &target,
            &[("nonce", "x"), ("subject", "s"), ("body", "b")],
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{target}");
        assert!(body.contains("may view but not comment"), "{body}");
    }

    // Pia sees only another project: the request about this one is not there for her.
    let (_, other) = app
        .call(
            Method::POST,
            &format!("/clients/{}/projects", seed.client),
            Some(json!({"name": "Brand book"})),
        )
        .await;
    let other = other["id"].as_str().unwrap().to_owned();
    add_contact(&app, &seed.client, json!({"name": "Pia Partial", "email": "pia@client.test", "role": "contributor", "projects": [other]})).await;
    let pia = link_for(&app, &seed, "pia@client.test").await;
    let (_, html) = page(&app, &format!("{pia}/requests")).await;
    assert!(!html.contains("Logo placement"), "{html}");
    assert_eq!(
        page(&app, &format!("{pia}/requests/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (s, _, _) = post(
        &app,
        &format!("{pia}/requests/{id}/replies"),
        &[("nonce", "x"), ("body", "b")],
    )
    .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "scope comes before rights and the form"
    );
    let (_, html) = page(&app, &format!("{pia}/requests")).await;
    let nonce = hidden(&html, "nonce");
    let (s, _, _) = post(
        &app,
        &format!("{pia}/requests"),
        &[
            ("nonce", nonce.as_str()),
            ("subject", "s"),
            ("body", "b"),
            ("project_id", seed.project.as_str()),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "a project outside the contact");

    // Another client entirely.
    let olga_client = app
        .new_client("Other Co", &[("Olga Other", "olga@other.test")])
        .await;
    let (s, l) = app
        .call(
            Method::POST,
            &format!("/clients/{olga_client}/links"),
            Some(json!({"email": "olga@other.test", "send": false})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let olga = l["url"]
        .as_str()
        .unwrap()
        .strip_prefix(&app.base)
        .unwrap()
        .to_owned();
    let (_, html) = page(&app, &format!("{olga}/requests")).await;
    assert!(!html.contains("Logo placement"));
    assert_eq!(
        page(&app, &format!("{olga}/requests/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (s, _, _) = post(
        &app,
        &format!("{olga}/requests/{id}/replies"),
        &[("nonce", "x"), ("body", "b")],
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_console_shows_the_thread_and_replies_and_sets_the_status() {
    use crate::helpers::{get_with, post_with, signed_in};
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let req_page = open(&app, &path, "Logo placement", "").await;
    let id = req_page.rsplit('/').next().unwrap().to_owned();
    let (mut jar, csrf) = signed_in(&app).await;

    let (s, client_page) =
        get_with(&app, &mut jar, &format!("/staff/clients/{}", seed.client)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(client_page.contains(&format!("/staff/clients/{}/requests", seed.client)));
    let (s, list) = get_with(
        &app,
        &mut jar,
        &format!("/staff/clients/{}/requests", seed.client),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        list.contains("Logo placement") && list.contains("Open"),
        "{list}"
    );

    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/requests/{id}/replies"),
        &[
            ("csrf", csrf.as_str()),
            ("body", "INTERNAL check budget"),
            ("internal", "on"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/requests/{id}/status"),
        &[("csrf", csrf.as_str()), ("status", "in_progress")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/requests/{id}/status"),
        &[("csrf", csrf.as_str()), ("status", "bogus")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post_with(
        &app,
        &mut jar,
        &format!("/staff/requests/{id}/status"),
        &[("csrf", "forged"), ("status", "done")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let (s, html) = get_with(&app, &mut jar, &format!("/staff/requests/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("INTERNAL check budget") && html.contains("Internal"),
        "{html}"
    );
    assert!(html.contains("value=\"in_progress\" selected"), "{html}");
    let (_, client_view) = page(&app, &req_page).await;
    assert!(!client_view.contains("INTERNAL"));
    assert!(client_view.contains("In progress"));
}
