//! The console dashboard: long lists cut to the oldest fifty, mail failures sent again,
//! and this month's figures beside last month's.

use porthole::domain::mail::{MailKind, MailStatus, OutboxMessage};
use porthole::store::{Actor, outbox};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{
    TestApp, approve, get_with, location, post_with, row_cells, sign_in, signed_in,
};

#[tokio::test]
async fn long_dashboard_lists_show_the_oldest_fifty_and_say_how_many_there_are() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    for i in 0..52 {
        app.clock.advance(1);
        let (s, _) = app
            .call(
                Method::POST,
                &format!("/projects/{}/approvals", seed.project),
                Some(json!({"title": format!("Proof {i:02}")})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    let (mut jar, _) = signed_in(&app).await;
    let (s, page) = get_with(&app, &mut jar, "/staff").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("Waiting for a client decision (50 oldest of 53)"),
        "{page}"
    );
    assert!(page.contains("Proof 48") && !page.contains("Proof 49"));
}

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
