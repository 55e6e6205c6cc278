//! The staff sign-in form is rate-limited per address and per client IP, and behind a
//! trusted proxy each forwarded client has its own budget.

use reqwest::StatusCode;

use crate::helpers::{Jar, TestApp, get_with, hidden};

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
    app.state.sign_ins.settled().await;
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
