//! Reports (SPEC 12): `GET /p/{token}/reports` counts and sums only the rows the link
//! sees, from client-visible columns only, as SVG charts with tables; the CSV carries the
//! same figures.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, row_cells};
use crate::lists::{jobs_and_two_clients, jobs_list, put_job};

#[tokio::test]
async fn reports_count_and_sum_only_the_links_rows() {
    let app = TestApp::spawn().await;
    let (a, la, b, lb) = jobs_and_two_clients(&app).await;
    put_job(&app, "a1", &a, "JOB-A-1", "goods-in", "12.50").await;
    put_job(&app, "a2", &a, "JOB-A-2", "kitting", "7.25").await;
    put_job(&app, "b1", &b, "JOB-B-1", "delivered", "1000.00").await;

    let page = app.page(&format!("{la}/reports")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("<svg") && body.contains("role=\"img\"") && body.contains("<table"));
    for title in [
        "Rows per month",
        "Cost (EUR) per month",
        "Stage: rows per stage",
    ] {
        assert!(body.contains(title), "{title}");
    }
    assert_eq!(row_cells(body, "report-jobs", "Total"), ["2", "19.75"]);
    assert_eq!(row_cells(body, "report-jobs", "goods-in"), ["1"]);
    assert_eq!(row_cells(body, "report-jobs", "kitting"), ["1"]);
    assert_eq!(row_cells(body, "report-jobs", "delivered"), ["0"]);
    // A bar for this month's rows, one for its cost, two for the stages with rows.
    assert_eq!(body.matches("class=\"bar\"").count(), 4, "{body}");
    assert!(body.contains("Each row counts in the month it was added."));
    assert!(!body.contains("1,000") && !body.contains("JOB-B-1"));
    // The other client sees its own figures only.
    let theirs = app.page(&format!("{lb}/reports")).await.body;
    assert_eq!(
        row_cells(&theirs, "report-jobs", "Total"),
        ["1", "1,000.00"]
    );

    let csv = app.page(&format!("{la}/reports.csv")).await;
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "List,Figure,Period,Value,Unit");
    assert_eq!(lines.len(), 1 + 12 + 12 + 4, "{}", csv.body);
    let month_rows: u32 = lines
        .iter()
        .filter_map(|l| l.strip_prefix("Workshop jobs,Rows,"))
        .map(|l| l.split(',').nth(1).unwrap().parse::<u32>().unwrap())
        .sum();
    assert_eq!(month_rows, 2);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Workshop jobs,Cost,") && l.ends_with(",19.75,EUR")),
        "{}",
        csv.body
    );
    assert!(lines.contains(&"Workshop jobs,Stage,goods-in,1,"));
    assert!(lines.contains(&"Workshop jobs,Stage,delivered,0,"));
    assert!(!csv.body.contains("1000"));
    // One list's page and CSV; a list that does not exist is not found.
    let one = app.page(&format!("{la}/reports/jobs")).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(row_cells(&one.body, "report-jobs", "Total"), ["2", "19.75"]);
    assert_eq!(
        app.page(&format!("{la}/reports/jobs.csv")).await.body,
        csv.body
    );
    for missing in ["reports/nope", "reports/nope.csv"] {
        assert_eq!(
            app.page(&format!("{la}/{missing}")).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
    // Linked from the overview and from the list.
    assert!(
        app.page(&la)
            .await
            .body
            .contains(&format!("{la}/reports\""))
    );
    assert!(
        app.page(&format!("{la}/lists/jobs"))
            .await
            .body
            .contains(&format!("{la}/reports/jobs\""))
    );
}

#[tokio::test]
async fn a_date_column_decides_the_month_and_internal_sums_stay_out() {
    let app = TestApp::spawn().await;
    let (s, l) = app
        .call(
            Method::POST,
            "/lists",
            Some(
                json!({"slug": "deliveries", "name": "Deliveries", "columns": [
                    {"key": "ref", "label": "Ref", "kind": "text", "client_visible": true},
                    {"key": "on", "label": "Delivered on", "kind": "date", "client_visible": true},
                    {"key": "kg", "label": "Weight", "kind": "number", "client_visible": true},
                    {"key": "fee", "label": "Our fee", "kind": "money", "client_visible": false},
                ]}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{l}");
    jobs_list(&app).await;
    let client = app
        .new_client("Cedar Ltd", &[("Cora Cedar", "cora@cedar.test")])
        .await;
    let (_, link) = app
        .call(
            Method::POST,
            &format!("/clients/{client}/links"),
            Some(json!({"email": "cora@cedar.test", "send": false})),
        )
        .await;
    let link = link["url"]
        .as_str()
        .unwrap()
        .strip_prefix(&app.url(""))
        .unwrap()
        .to_owned();
    let today = time::OffsetDateTime::now_utc().date();
    let long_ago = today.replace_year(today.year() - 2).unwrap_or(today);
    for (ext, on, kg) in [
        ("d1", today, "1.5"),
        ("d2", today, "2.25"),
        ("d3", long_ago, "100"),
    ] {
        let (s, r) = app
            .call(
                Method::PUT,
                &format!("/lists/deliveries/rows/{ext}"),
                Some(
                    json!({"client_id": client, "values": {"ref": ext, "on": on.to_string(),
                    "kg": kg, "fee": {"amount": "4242.42", "currency": "EUR"}}}),
                ),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
    }
    let page = app.page(&format!("{link}/reports")).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("3 rows in all, 2 of them in the last 12 months."));
    assert!(body.contains("Each row counts in the month of its “Delivered on”"));
    assert_eq!(row_cells(body, "report-deliveries", "Total"), ["2", "3.75"]);
    // The list without rows for this client says so plainly.
    let jobs = &body[body.find("id=\"report-jobs\"").unwrap()..];
    assert!(jobs.contains("Nothing to report for this list yet."));
    let csv = app.page(&format!("{link}/reports.csv")).await.body;
    for out in [body.as_str(), csv.as_str()] {
        assert!(!out.contains("4242") && !out.contains("4,242") && !out.contains("Our fee"));
    }
    assert!(csv.contains("Deliveries,Weight,"), "{csv}");
}
