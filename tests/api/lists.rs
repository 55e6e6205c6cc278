//! Record lists (SPEC 12): rows put by the caller's own id and imported from CSV, the
//! client's list, row and CSV pages, the overview, row approvals bound to the row's
//! client-visible SHA-256, and the one rule that matters most: an internal column never
//! reaches anything a client (or a client's copy of the record) can read.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, decide_through_link, eventually, hidden, porthole, zip_entries};

/// The internal column's label and value: neither may show on any client output.
pub(crate) const MARKER_LABEL: &str = "Margin note QX9";
pub(crate) const MARKER: &str = "SECRET-MARGIN-7731";

/// The `jobs` list: reference, stage, cost, and the internal note.
pub(crate) async fn jobs_list(app: &TestApp) {
    let (s, l) = app
        .call(
            Method::POST,
            "/lists",
            Some(json!({"slug": "jobs", "name": "Workshop jobs", "columns": [
                {"key": "ref", "label": "Job ref", "kind": "text", "client_visible": true},
                {"key": "stage", "label": "Stage", "kind": "stage", "client_visible": true,
                 "stages": ["goods-in", "kitting", "delivery", "delivered"]},
                {"key": "cost", "label": "Cost", "kind": "money", "client_visible": true},
                {"key": "note", "label": MARKER_LABEL, "kind": "text", "client_visible": false},
            ]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{l}");
}

/// The `jobs` list and two clients, each with one contact and a link; returns
/// (client A, link A, client B, link B).
pub(crate) async fn jobs_and_two_clients(app: &TestApp) -> (String, String, String, String) {
    jobs_list(app).await;
    let a = app
        .new_client("Alder Ltd", &[("Alma Alder", "alma@alder.test")])
        .await;
    let b = app
        .new_client("Birch Ltd", &[("Bert Birch", "bert@birch.test")])
        .await;
    let link = |c: String, email: &'static str| async move {
        let (s, l) = app
            .call(
                Method::POST,
                &format!("/clients/{c}/links"),
                Some(json!({"email": email, "send": false})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{l}");
        let url = l["url"].as_str().unwrap();
        url.strip_prefix(&app.url("")).unwrap().to_owned()
    };
    let la = link(a.clone(), "alma@alder.test").await;
    let lb = link(b.clone(), "bert@birch.test").await;
    (a, la, b, lb)
}

pub(crate) async fn put_job(
    app: &TestApp,
    ext: &str,
    client: &str,
    r#ref: &str,
    stage: &str,
    cost: &str,
) -> (StatusCode, Value) {
    app.call(
        Method::PUT,
        &format!("/lists/jobs/rows/{ext}"),
        Some(json!({"client_id": client, "values": {
            "ref": r#ref, "stage": stage, "cost": {"amount": cost, "currency": "EUR"}, "note": MARKER}})),
    )
    .await
}

async fn import(app: &TestApp, client: &str, csv: &str) -> (StatusCode, Value) {
    let res = app
        .api(
            Method::POST,
            &format!("/lists/jobs/rows?client_id={client}"),
        )
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    crate::helpers::json_of(res).await
}

pub(crate) fn assert_no_marker(text: &str, where_: &str) {
    assert!(
        !text.contains(MARKER),
        "the internal value shows in {where_}"
    );
    assert!(
        !text.contains(MARKER_LABEL),
        "the internal label shows in {where_}"
    );
}

#[tokio::test]
async fn put_creates_replaces_and_is_idempotent() {
    let app = TestApp::spawn().await;
    let (a, la, _, _) = jobs_and_two_clients(&app).await;
    assert_eq!(
        put_job(&app, "a1", &a, "JOB-1", "goods-in", "12.50")
            .await
            .0,
        StatusCode::CREATED
    );
    let (_, before) = app.call(Method::GET, "/audit?limit=1000", None).await;
    let (s, row) = put_job(&app, "a1", &a, "JOB-1", "goods-in", "12.50").await;
    assert_eq!(s, StatusCode::OK, "{row}");
    let (_, after) = app.call(Method::GET, "/audit?limit=1000", None).await;
    assert_eq!(
        before.as_array().unwrap().len(),
        after.as_array().unwrap().len(),
        "the same values again write nothing"
    );
    assert_eq!(
        row["values"]["cost"],
        json!({"amount": "12.50", "currency": "EUR"})
    );
    assert_eq!(
        put_job(&app, "a1", &a, "JOB-1b", "kitting", "12.50")
            .await
            .0,
        StatusCode::OK
    );
    let page = app.page(&format!("{la}/lists/jobs")).await;
    assert!(
        page.body.contains("JOB-1b") && !page.body.contains(">JOB-1<"),
        "{}",
        page.body
    );
    // A bad value is refused with the column named, and nothing is written.
    let (s, e) = put_job(&app, "a2", &a, "JOB-2", "teleported", "1").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        e["error"]["message"].as_str().unwrap().contains("stage"),
        "{e}"
    );
    assert_eq!(
        app.page(&format!("{la}/lists/jobs/a2")).await.status,
        StatusCode::NOT_FOUND
    );
    // DELETE removes.
    let (s, _) = app.call(Method::DELETE, "/lists/jobs/rows/a1", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        app.page(&format!("{la}/lists/jobs/a1")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn rows_of_another_client_stay_out_of_sight() {
    let app = TestApp::spawn().await;
    let (a, la, b, lb) = jobs_and_two_clients(&app).await;
    put_job(&app, "a1", &a, "JOB-A-1", "goods-in", "1").await;
    put_job(&app, "b1", &b, "JOB-B-1", "kitting", "2").await;
    let list = app.page(&format!("{la}/lists/jobs")).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("JOB-A-1") && !list.body.contains("JOB-B-1"));
    let csv = app.page(&format!("{la}/lists/jobs.csv")).await;
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    assert!(
        csv.body.contains("JOB-A-1") && !csv.body.contains("JOB-B-1"),
        "{}",
        csv.body
    );
    let other = app.page(&format!("{la}/lists/jobs/b1")).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(!other.body.contains("JOB-B-1"));
    assert_eq!(
        app.page(&format!("{lb}/lists/jobs/b1")).await.status,
        StatusCode::OK
    );
    // The stage filter keeps only that stage.
    put_job(&app, "a2", &a, "JOB-A-2", "kitting", "3").await;
    let kitting = app.page(&format!("{la}/lists/jobs?stage=kitting")).await;
    assert!(kitting.body.contains("JOB-A-2") && !kitting.body.contains("JOB-A-1"));
}

#[tokio::test]
async fn a_csv_import_is_all_or_nothing_and_names_the_bad_line() {
    let app = TestApp::spawn().await;
    let (a, la, _, _) = jobs_and_two_clients(&app).await;
    let good = "external_id,ref,stage,cost,note\r\nc1,JOB-C-1,goods-in,12.50 EUR,x\r\nc2,JOB-C-2,delivered,EUR 80.00,y\r\n";
    let (s, r) = import(&app, &a, good).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["created"], 2);
    let bad =
        "external_id,ref,stage,cost\r\nc3,JOB-C-3,kitting,1 EUR\r\nc4,JOB-C-4,teleported,2 EUR\r\n";
    let (s, e) = import(&app, &a, bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let msg = e["error"].to_string();
    assert!(msg.contains("line 3"), "{msg}");
    let csv = app.page(&format!("{la}/lists/jobs.csv")).await.body;
    assert!(csv.contains("JOB-C-1") && csv.contains("JOB-C-2"));
    assert!(
        !csv.contains("JOB-C-3"),
        "the refused import wrote its good line"
    );
    let (s, _) = app
        .api(Method::POST, &format!("/lists/jobs/rows?client_id={a}"))
        .header("content-type", "application/json")
        .body("[]")
        .send()
        .await
        .map(|r| (r.status(), ()))
        .unwrap();
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_row_approval_goes_stale_when_the_visible_row_changes() {
    let app = TestApp::spawn().await;
    let (a, la, _, _) = jobs_and_two_clients(&app).await;
    put_job(&app, "q1", &a, "QUOTE-1", "goods-in", "100.00").await;
    let (s, ap) = app
        .call(
            Method::POST,
            "/lists/jobs/rows/q1/approvals",
            Some(json!({"title": "Accept quote 1"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{ap}");
    let id = ap["id"].as_str().unwrap().to_owned();
    let sha = ap["target_sha256"].as_str().unwrap().to_owned();
    // It waits under "needs your decision", and on the row's page.
    let overview = app.page(&la).await.body;
    assert!(overview.contains("Accept quote 1"), "{overview}");
    assert!(
        app.page(&format!("{la}/lists/jobs/q1"))
            .await
            .body
            .contains("Review and decide")
    );
    // A change to an internal column leaves the approval as it is.
    app.call(Method::PUT, "/lists/jobs/rows/q1", Some(json!({"client_id": a, "values": {
        "ref": "QUOTE-1", "stage": "goods-in", "cost": {"amount": "100.00", "currency": "EUR"}, "note": "changed"}}))).await;
    let (_, same) = app
        .call(Method::GET, &format!("/approvals/{id}"), None)
        .await;
    assert_eq!(same["target_sha256"], sha.as_str());
    // A form read before a visible change answers 409 and records nothing.
    let url = format!("{la}/approvals/{id}");
    let page = app.page(&url).await;
    assert_eq!(hidden(&page.body, "version_sha256"), sha);
    let nonce = hidden(&page.body, "nonce");
    assert_eq!(
        put_job(&app, "q1", &a, "QUOTE-1", "goods-in", "120.00")
            .await
            .0,
        StatusCode::OK
    );
    let stale = app
        .post_form(
            &url,
            &[
                ("decision", "approve"),
                ("name", "Alma Alder"),
                ("confirm", "on"),
                ("version_sha256", &sha),
                ("nonce", &nonce),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let (_, pending) = app
        .call(Method::GET, &format!("/approvals/{id}"), None)
        .await;
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["decisions"].as_array().unwrap().len(), 0);
    // Decided on the form as it is now: the evidence holds the row's new SHA-256.
    let done = decide_through_link(&app, &la, &id, "approve", "").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let (_, decided) = app
        .call(Method::GET, &format!("/approvals/{id}"), None)
        .await;
    assert_eq!(decided["status"], "approved");
    let new_sha = decided["target_sha256"].as_str().unwrap();
    assert_ne!(new_sha, sha);
    assert_eq!(decided["decisions"][0]["sha256"], new_sha);
}

#[tokio::test]
async fn a_list_switched_off_answers_404() {
    let app = TestApp::spawn().await;
    let (a, la, _, _) = jobs_and_two_clients(&app).await;
    put_job(&app, "a1", &a, "JOB-A-1", "goods-in", "1").await;
    assert!(app.page(&la).await.body.contains("Workshop jobs"));
    let (s, c) = app
        .call(
            Method::PATCH,
            &format!("/clients/{a}"),
            Some(json!({"sections": {"jobs": false}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["sections"]["jobs"], false);
    assert_eq!(c["sections"]["milestones"], true, "the other sections stay");
    for sub in ["", ".csv", "/a1"] {
        assert_eq!(
            app.page(&format!("{la}/lists/jobs{sub}")).await.status,
            StatusCode::NOT_FOUND,
            "{sub}"
        );
    }
    assert!(!app.page(&la).await.body.contains("Workshop jobs"));
    // Its reports too: the one-list page and CSV answer 404, the others leave it out.
    for sub in ["reports/jobs", "reports/jobs.csv"] {
        assert_eq!(
            app.page(&format!("{la}/{sub}")).await.status,
            StatusCode::NOT_FOUND,
            "{sub}"
        );
    }
    for sub in ["reports", "reports.csv"] {
        let page = app.page(&format!("{la}/{sub}")).await;
        assert_eq!(page.status, StatusCode::OK, "{sub}");
        assert!(!page.body.contains("Workshop jobs"), "{sub}: {}", page.body);
    }
    let copy = app
        .get(&format!("{la}/export.zip"))
        .await
        .bytes()
        .await
        .unwrap();
    assert!(!zip_entries(&copy).contains_key("lists/jobs.json"));
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/clients/{a}"),
            Some(json!({"sections": {"no-such-list": false}})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_internal_column_reaches_no_client_output() {
    // Deliveries to a closed local port fail, but their bodies are kept as queued.
    let app = TestApp::spawn_with(|s| s.webhooks.allow_private = true).await;
    let (s, hook) = app
        .call(
            Method::POST,
            "/webhooks",
            Some(json!({"url": "http://127.0.0.1:9/porthole",
            "events": ["list.row_approved", "approval.decided", "approval.requested"]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{hook}");
    let (a, la, _, _) = jobs_and_two_clients(&app).await;
    put_job(&app, "a1", &a, "JOB-A-1", "kitting", "9.99").await;
    let csv =
        "external_id,ref,stage,cost,note\nc1,JOB-C-1,goods-in,1 EUR,".to_owned() + MARKER + "\n";
    assert_eq!(import(&app, &a, &csv).await.0, StatusCode::OK);
    let (_, ap) = app
        .call(
            Method::POST,
            "/lists/jobs/rows/a1/approvals",
            Some(json!({"title": "Sign off JOB-A-1"})),
        )
        .await;
    let id = ap["id"].as_str().unwrap().to_owned();
    app.wait_for_mail_to("alma@alder.test").await;
    let decided = decide_through_link(&app, &la, &id, "approve", "").await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);

    for path in [
        la.clone(),
        format!("{la}/lists/jobs"),
        format!("{la}/lists/jobs?sort=-cost"),
        format!("{la}/lists/jobs/a1"),
        format!("{la}/lists/jobs/c1"),
        format!("{la}/approvals/{id}"),
    ] {
        let page = app.page(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_no_marker(&page.body, &path);
    }
    let csv = app.page(&format!("{la}/lists/jobs.csv")).await.body;
    assert!(csv.contains("JOB-A-1") && csv.contains("Job ref"), "{csv}");
    assert_no_marker(&csv, "the CSV");
    // The reports, their CSVs and the client's own copy.
    for path in [
        format!("{la}/reports"),
        format!("{la}/reports/jobs"),
        format!("{la}/reports.csv"),
        format!("{la}/reports/jobs.csv"),
    ] {
        let page = app.page(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains("Workshop jobs"), "{path}");
        assert_no_marker(&page.body, &path);
    }
    let copy = app.get(&format!("{la}/export.zip")).await;
    assert_eq!(copy.status(), StatusCode::OK);
    let entries = zip_entries(&copy.bytes().await.unwrap());
    let rows = String::from_utf8_lossy(&entries["lists/jobs.json"]).into_owned();
    assert!(
        rows.contains("JOB-A-1") && rows.contains("JOB-C-1"),
        "{rows}"
    );
    for (name, bytes) in &entries {
        assert_no_marker(&String::from_utf8_lossy(bytes), name);
    }
    // Mails: the approval request to the contact, the receipt, the staff notice.
    eventually("the receipt mail", async || app.mails().len() >= 2).await;
    for m in app.mails() {
        assert_no_marker(&m, "a mail");
    }
    // Webhook payloads, as queued in the transactions that made them.
    let hook_id = hook["id"].as_str().unwrap();
    let (_, deliveries) = app
        .call(
            Method::GET,
            &format!("/webhooks/{hook_id}/deliveries"),
            None,
        )
        .await;
    let bodies = deliveries.to_string();
    assert!(bodies.contains("list.row_approved"), "{bodies}");
    assert!(
        bodies.contains("JOB-A-1"),
        "the row's visible values go with the event"
    );
    assert_no_marker(&bodies, "webhook payloads");
    // The client's export (records, audit events).
    let out = app.data_dir.parent().unwrap().join("client.zip");
    // `--client=ID`: a random id may start with '-', which clap would read as a flag.
    let client = format!("--client={a}");
    let run = porthole(
        &app.data_dir,
        &["export", &client, "--out", out.to_str().unwrap()],
    )
    .await;
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut text).unwrap();
        assert_no_marker(&String::from_utf8_lossy(&text), entry.name());
    }
}

#[tokio::test]
async fn a_bulk_put_writes_all_rows_and_the_list_pages_by_fifty() {
    let app = TestApp::spawn().await;
    let (a, la, _, _) = jobs_and_two_clients(&app).await;
    let rows: Vec<Value> = (0..55)
        .map(|i| {
            json!({"external_id": format!("J{i:03}"), "client_id": a,
            "values": {"ref": format!("BULK-{i:03}"), "stage": "kitting"}})
        })
        .collect();
    let (s, r) = app
        .call(Method::PUT, "/lists/jobs/rows", Some(Value::Array(rows)))
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["created"], 55);
    // One bad row refuses the whole call, naming it.
    let bad = json!([{"external_id": "ok1", "client_id": a, "values": {}},
                     {"external_id": "bad/id", "client_id": a, "values": {}}]);
    let (s, e) = app.call(Method::PUT, "/lists/jobs/rows", Some(bad)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["error"].to_string().contains("rows[1]"), "{e}");
    assert_eq!(
        app.page(&format!("{la}/lists/jobs/ok1")).await.status,
        StatusCode::NOT_FOUND
    );
    let first = app.page(&format!("{la}/lists/jobs")).await.body;
    assert!(first.contains("BULK-049") && !first.contains("BULK-050"));
    let next = first
        .find("after=J049")
        .expect("a next-page link after the 50th row");
    assert!(next > 0);
    let second = app.page(&format!("{la}/lists/jobs?after=J049")).await.body;
    assert!(
        second.contains("BULK-050") && second.contains("BULK-054") && !second.contains("BULK-049")
    );
    // The CSV holds every row the filter selects, not one page.
    let csv = app
        .page(&format!("{la}/lists/jobs.csv?stage=kitting"))
        .await
        .body;
    assert_eq!(csv.lines().count(), 56, "header and 55 rows");
}

#[tokio::test]
async fn a_list_reads_in_the_clients_language() {
    let app = TestApp::spawn().await;
    let (a, la, _, _) = jobs_and_two_clients(&app).await;
    let (s, c) = app
        .call(
            Method::PATCH,
            &format!("/clients/{a}"),
            Some(json!({"language": "de"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    put_job(&app, "a1", &a, "JOB-A-1", "goods-in", "1").await;
    let list = app.page(&format!("{la}/lists/jobs")).await;
    assert!(list.body.contains("lang=\"de\""), "{}", list.body);
    for german in ["Sortieren nach", "Als CSV herunterladen"] {
        assert!(list.body.contains(german), "{german}: {}", list.body);
    }
    let row = app.page(&format!("{la}/lists/jobs/a1")).await;
    assert!(row.body.contains("Einzelheiten"), "{}", row.body);
    for english in [
        "Sort by",
        "Download as CSV",
        "Nothing here yet",
        "Details",
        "updated",
    ] {
        assert!(!list.body.contains(english), "{english} on the German list");
        assert!(!row.body.contains(english), "{english} on the German row");
    }
}
