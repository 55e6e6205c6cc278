//! Paging of the staff API's lists (SPEC 14): `?limit=` (1 to 1000, default 100), an
//! opaque `?after=` cursor, a stable order and `Link: <...>; rel="next"` while more remain.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{TestApp, json_of, next_link};

fn ids(pages: &[Vec<Value>], key: &str) -> Vec<String> {
    pages
        .iter()
        .flatten()
        .map(|v| v[key].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn clients_come_a_page_at_a_time_each_exactly_once() {
    let app = TestApp::spawn().await;
    let mut made = BTreeSet::new();
    for i in 0..7 {
        made.insert(app.new_client(&format!("Paged {i}"), &[]).await);
    }

    let res = app
        .api(Method::GET, "/clients?limit=3")
        .send()
        .await
        .unwrap();
    let next = next_link(&res).expect("a Link rel=next on the first page");
    assert!(next.starts_with("/api/v1/clients?after="), "{next}");
    assert!(next.ends_with("&limit=3"), "{next}");
    let (s, first) = json_of(res).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(first.as_array().unwrap().len(), 3);

    let pages = app.all_pages("/clients?limit=3").await;
    let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
    assert_eq!(sizes, vec![3, 3, 1], "the last page has no Link");
    let seen = ids(&pages, "id");
    assert_eq!(seen.iter().cloned().collect::<BTreeSet<_>>(), made);
    assert_eq!(seen.len(), made.len(), "no client twice");
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "a stable order: by id");

    // The same order every time.
    let again = app.all_pages("/clients?limit=3").await;
    assert_eq!(ids(&again, "id"), seen);
    // Without limit: one page of up to 100, no Link.
    let res = app.api(Method::GET, "/clients").send().await.unwrap();
    assert_eq!(next_link(&res), None);
    assert_eq!(json_of(res).await.1.as_array().unwrap().len(), 7);
}

#[tokio::test]
async fn limit_defaults_to_100() {
    let app = TestApp::spawn().await;
    for i in 0..101 {
        app.new_client(&format!("Many {i}"), &[]).await;
    }
    let res = app.api(Method::GET, "/clients").send().await.unwrap();
    let next = next_link(&res).expect("more than a default page");
    assert!(next.ends_with("&limit=100"), "{next}");
    assert_eq!(json_of(res).await.1.as_array().unwrap().len(), 100);
    let pages = app.all_pages("/clients").await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), vec![100, 1]);
}

#[tokio::test]
async fn a_bad_limit_or_cursor_is_a_422_naming_it() {
    let app = TestApp::spawn().await;
    let client = app.new_client("Acme", &[("Cleo", "cleo@acme.test")]).await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("limit=-1", "limit"),
        ("after=%00%ff", "after"),
        ("after=not*a*cursor", "after"),
        ("after=QUJD%3D", "after"),
    ] {
        for path in [
            format!("/clients?{query}"),
            format!("/clients/{client}/links?{query}"),
            format!("/outbox?{query}"),
        ] {
            let (s, body) = app.call(Method::GET, &path, None).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
            assert_eq!(body["error"]["code"], "invalid", "{path}");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(message.starts_with(field), "{path}: {message}");
        }
    }
    let (s, _) = app.call(Method::GET, "/audit?after=soon", None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.call(Method::GET, "/clients?limit=1000", None).await;
    assert_eq!(s, StatusCode::OK);
    // Above the cap is read as the cap, not refused (SPEC 14: "at most 1000").
    let (s, body) = app.call(Method::GET, "/clients?limit=5000", None).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn every_list_route_pages() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    for _ in 0..3 {
        app.link(
            &seed,
            serde_json::json!({"email": "cleo@client.test", "send": true}),
        )
        .await;
    }
    for i in 0..2 {
        let (s, _) = app
            .call(
                Method::POST,
                &format!("/clients/{}/projects", seed.client),
                Some(serde_json::json!({"name": format!("Extra {i}")})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        let (s, _) = app
            .call(
                Method::POST,
                &format!("/projects/{}/file_requests", seed.project),
                Some(serde_json::json!({"title": format!("Logo {i}")})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    app.wait_for_mail_to("cleo@client.test").await;

    let lists = [
        format!("/clients/{}/links", seed.client),
        format!("/clients/{}/projects", seed.client),
        format!("/projects/{}/file_requests", seed.project),
        "/audit".to_owned(),
        "/outbox".to_owned(),
    ];
    for list in lists {
        let all = app.all_pages(&list).await;
        let total: usize = all.iter().map(Vec::len).sum();
        assert!(total >= 2, "{list}: {total} items");
        let by_one = app.all_pages(&format!("{list}?limit=1")).await;
        assert_eq!(by_one.len(), total, "{list}: one item a page");
        // Compared by identity: the mail sender may fill in a link's `mailed_at` or a
        // message's state between the two reads.
        let identity = |pages: Vec<Vec<serde_json::Value>>| -> Vec<String> {
            pages
                .concat()
                .iter()
                .map(|v| {
                    ["id", "grant_id", "seq"]
                        .iter()
                        .find_map(|k| v.get(*k).filter(|x| !x.is_null()))
                        .map(ToString::to_string)
                        .unwrap_or_else(|| panic!("{list}: an item without id: {v}"))
                })
                .collect()
        };
        assert_eq!(
            identity(by_one),
            identity(all),
            "{list}: the same items in the same order"
        );
    }
    // Filters stay on the next page's link.
    let res = app
        .api(Method::GET, "/outbox?status=sent&limit=1")
        .send()
        .await
        .unwrap();
    if let Some(next) = next_link(&res) {
        assert!(next.contains("status=sent"), "{next}");
    }
    let (s, _) = app.call(Method::GET, "/outbox?status=lost", None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}
