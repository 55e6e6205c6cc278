//! The client's own copy (SPEC 12): `GET /p/{token}/export.zip` holds everything the link
//! may see as JSON, with the bytes of the files it may download, and nothing else.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, zip_entries};
use crate::lists::{jobs_list, put_job};

#[tokio::test]
async fn the_copy_holds_what_the_link_sees_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    jobs_list(&app).await;
    let other = app
        .new_client("Other Ltd", &[("Olga Other", "olga@other.test")])
        .await;
    put_job(&app, "e1", &seed.client, "JOB-E-1", "kitting", "10.00").await;
    put_job(&app, "x1", &other, "JOB-X-1", "kitting", "20.00").await;
    // A second file, hidden from clients.
    let (s, hidden) = app
        .upload(&seed.project, "internal-costing.xlsx", b"costing".to_vec())
        .await;
    assert_eq!(s, StatusCode::CREATED, "{hidden}");
    let hidden = hidden["id"].as_str().unwrap().to_owned();
    app.call(
        Method::PATCH,
        &format!("/files/{hidden}"),
        Some(json!({"client_visible": false})),
    )
    .await;
    let (_, link) = app.cleo_link(&seed).await;
    let overview = app.page(&link).await.body;
    assert!(
        overview.contains(&format!("{link}/export.zip\"")),
        "linked from the overview"
    );

    let (_, before) = app.call(Method::GET, "/audit?limit=1000", None).await;
    let res = app.get(&format!("{link}/export.zip")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |n: &str| res.headers()[n].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "application/zip");
    assert_eq!(header("cache-control"), "no-store");
    let disposition = header("content-disposition");
    assert!(
        disposition.starts_with("attachment") && disposition.contains("acme-ltd-copy-"),
        "{disposition}"
    );
    let entries = zip_entries(&res.bytes().await.unwrap());
    let (_, after) = app.call(Method::GET, "/audit?limit=1000", None).await;
    assert_eq!(before, after, "a download of the copy records nothing");

    for name in [
        "README.txt",
        "client.json",
        "projects.json",
        "requests.json",
        "forms.json",
        "file_requests.json",
        "lists/jobs.json",
    ] {
        assert!(entries.contains_key(name), "{name} in {:?}", entries.keys());
    }
    let file = format!("files/{}/1/homepage-mockup.pdf", seed.file);
    assert_eq!(
        entries.get(&file),
        Some(&seed.content),
        "{:?}",
        entries.keys()
    );
    assert!(
        !entries.keys().any(|k| k.contains(&hidden)),
        "no hidden file"
    );
    let text: String = entries
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(!text.contains("internal-costing") && !text.contains("INTERNAL margin"));
    assert!(!text.contains("JOB-X-1") && !text.contains("Other Ltd"));
    let projects: Value = serde_json::from_slice(&entries["projects.json"]).unwrap();
    assert_eq!(projects[0]["name"], "Website relaunch");
    assert_eq!(
        projects[0]["approvals"][0]["title"],
        "Approve homepage mockup"
    );
    assert_eq!(projects[0]["files"].as_array().unwrap().len(), 1);
    let jobs: Value = serde_json::from_slice(&entries["lists/jobs.json"]).unwrap();
    assert_eq!(jobs["rows"][0]["external_id"], "e1");
    assert_eq!(jobs["rows"][0]["values"]["ref"], "JOB-E-1");
    assert_eq!(jobs["rows"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn without_the_download_right_the_copy_leaves_file_bytes_out() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, link) = app
        .link(
            &seed,
            json!({"email": "cleo@client.test", "send": false, "can": ["comment"]}),
        )
        .await;
    let res = app.get(&format!("{link}/export.zip")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let entries = zip_entries(&res.bytes().await.unwrap());
    assert!(
        !entries.keys().any(|k| k.starts_with("files/")),
        "{:?}",
        entries.keys()
    );
    let readme = String::from_utf8_lossy(&entries["README.txt"]).into_owned();
    assert!(readme.contains("bytes are left out"), "{readme}");
    let projects = String::from_utf8_lossy(&entries["projects.json"]).into_owned();
    assert!(
        projects.contains("homepage-mockup.pdf"),
        "the file is still listed"
    );
}
