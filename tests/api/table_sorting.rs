//! Sortable console tables: a column link sorts (views counted before they are flushed
//! too), and an unknown column is refused.

use reqwest::StatusCode;

use crate::helpers::{TestApp, at, get_with, row_cells, signed_in};

#[tokio::test]
async fn tables_sort_by_a_column_link_and_refuse_unknown_columns() {
    let app = TestApp::spawn().await;
    app.new_client("bolt", &[("B", "b@bolt.test")]).await;
    app.new_client("Acme", &[("A1", "a1@acme.test"), ("A2", "a2@acme.test")])
        .await;
    app.new_client("Cato", &[]).await;
    let (mut jar, _) = signed_in(&app).await;

    // Default: by name, case-insensitive, marked on its header.
    let (s, page) = get_with(&app, &mut jar, "/staff/clients").await;
    assert_eq!(s, StatusCode::OK);
    assert!(at(&page, ">Acme<") < at(&page, ">bolt<") && at(&page, ">bolt<") < at(&page, ">Cato<"));
    assert!(
        page.contains(r#"<th scope="col" aria-sort="ascending"><a class="sort-link" href="?sort=name&amp;dir=desc#list-h">"#),
        "{page}"
    );
    assert!(page.contains(r#"href="?sort=contacts&amp;dir=asc#list-h""#));

    let (s, page) = get_with(&app, &mut jar, "/staff/clients?sort=contacts&dir=desc").await;
    assert_eq!(s, StatusCode::OK);
    assert!(at(&page, ">Acme<") < at(&page, ">bolt<") && at(&page, ">bolt<") < at(&page, ">Cato<"));
    assert!(page.contains(r#"aria-sort="descending""#));
    assert_eq!(page.matches("aria-sort=").count(), 1);
    let (_, page) = get_with(&app, &mut jar, "/staff/clients?sort=name&dir=desc").await;
    assert!(at(&page, ">Cato<") < at(&page, ">bolt<") && at(&page, ">bolt<") < at(&page, ">Acme<"));

    // Unknown columns and directions are a 400 page that says what was wrong.
    for bad in [
        "/staff/clients?sort=password",
        "/staff/clients?sort=name&dir=sideways",
        "/staff/audit?sort=hash",
        "/staff?sort=name",
        "/staff/clients?sort=%FF",
    ] {
        let (s, page) = get_with(&app, &mut jar, bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
        assert!(page.contains("Please check the form"), "{bad}: {page}");
    }
    let (_, page) = get_with(&app, &mut jar, "/staff/clients?sort=password").await;
    assert!(page.contains("cannot be sorted by"), "{page}");

    // Every other table sorts the same way.
    for ok in [
        "/staff/audit?sort=what&dir=asc",
        "/staff/audit?sort=seq&dir=asc",
        "/staff?sort=p90_last&dir=desc",
        "/staff?sort=opened",
        "/staff?sort=attempts",
        "/staff?sort=link_client",
    ] {
        let (s, page) = get_with(&app, &mut jar, ok).await;
        assert_eq!(s, StatusCode::OK, "{ok}");
        assert!(page.contains("aria-sort="), "{ok}");
    }
    let (_, audit) = get_with(&app, &mut jar, "/staff/audit?sort=seq&dir=asc").await;
    let first = audit.find("<td>1</td>").unwrap();
    let second = audit.find("<td>2</td>").unwrap();
    assert!(first < second, "oldest first when asked");
}

#[tokio::test]
async fn a_clients_links_sort_by_views_including_unflushed_ones() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let mut grants = Vec::new();
    for _ in 0..2 {
        grants.push(app.cleo_link(&seed).await.0);
    }
    // Views counted in memory, not yet written: the pages must still count them.
    let now = app.state.clock.now();
    for _ in 0..3 {
        app.state.link_views.record(&grants[0], now);
    }
    let (mut jar, _) = signed_in(&app).await;
    let path = format!("/staff/clients/{}?sort=views&dir=desc", seed.client);
    let (s, page) = get_with(&app, &mut jar, &path).await;
    assert_eq!(s, StatusCode::OK);
    let links = &page[at(&page, "id=\"links-h\"")..];
    assert!(
        at(links, "<td data-label=\"Views\">3</td>") < at(links, "(never opened)"),
        "{links}"
    );

    let (_, dash) = get_with(&app, &mut jar, "/staff").await;
    // The second link, and the one the seed's approval-request mail carried.
    assert!(dash.contains("Links sent but never opened (2)"), "{dash}");
    let cells = row_cells(&dash, "activity-h", "Acme Ltd");
    assert_eq!(cells[4], "1 of 3", "links opened this month: {cells:?}");
}
