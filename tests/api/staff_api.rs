//! The staff JSON API: every route's happy path and its errors.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, json_of};

#[tokio::test]
async fn healthz_answers_without_auth() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/staff");
}

#[tokio::test]
async fn missing_or_bad_token_is_401_with_json_error() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .get(app.url("/api/v1/clients"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let (_, body) = json_of(res).await;
    assert_eq!(body["error"]["code"], "unauthorized");
    let res = app
        .http
        .get(app.url("/api/v1/clients"))
        .bearer_auth("ph_not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn clients_create_list_show_patch() {
    let app = TestApp::spawn().await;
    let (s, c) = app.call(Method::POST, "/clients", Some(json!({"name": "Acme", "contacts": [{"name": "Cleo", "email": "Cleo@Client.test"}], "language": "de"}))).await;
    assert_eq!(s, StatusCode::CREATED);
    let id = c["id"].as_str().unwrap();
    assert_eq!(id.len(), 22);
    assert_eq!(c["contacts"][0]["email"], "cleo@client.test");
    assert_eq!(c["portal_enabled"], true);
    assert_eq!(
        c["sections"],
        json!({"milestones": true, "files": true, "approvals": true, "activity": true})
    );
    let (s, list) = app.call(Method::GET, "/clients", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (s, shown) = app.call(Method::GET, &format!("/clients/{id}"), None).await;
    assert_eq!((s, shown["name"].as_str()), (StatusCode::OK, Some("Acme")));
    let (s, patched) = app.call(Method::PATCH, &format!("/clients/{id}"), Some(json!({"portal_enabled": false, "sections": {"milestones": true, "files": false, "approvals": true, "activity": false}}))).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(patched["portal_enabled"], false);
    assert_eq!(patched["sections"]["files"], false);
}

#[tokio::test]
async fn bad_bodies_get_clear_4xx() {
    let app = TestApp::spawn().await;
    let (s, e) = app
        .call(Method::POST, "/clients", Some(json!({"contacts": "nope"})))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "invalid");
    let (s, _) = app
        .call(Method::POST, "/clients", Some(json!({"name": "  "})))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, e) = app
        .call(
            Method::POST,
            "/clients",
            Some(json!({"name": "X", "contacts": [{"name": "A", "email": "not-an-email"}]})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["error"]["message"].as_str().unwrap().contains("email"));
    let res = app
        .api(Method::POST, "/clients")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .api(Method::POST, "/clients")
        .body(r#"{"name":"A"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = "x".repeat(200_000);
    let (s, _) = app
        .call(Method::POST, "/clients", Some(json!({"name": big})))
        .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn unknown_ids_and_routes_are_404() {
    let app = TestApp::spawn().await;
    for path in [
        "/clients/does-not-exist",
        "/projects/nope",
        "/approvals/nope",
        "/links/nope",
        "/files/nope",
        "/no/such/route",
    ] {
        let (s, e) = app.call(Method::GET, path, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(e["error"]["code"], "not_found");
    }
    let (s, _) = app
        .call(
            Method::PATCH,
            "/milestones/nope",
            Some(json!({"title": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .call(
            Method::POST,
            "/clients/nope/projects",
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, e) = app.call(Method::GET, "/clients/%FF%FE", None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(e["error"]["code"], "bad_request");
}

#[tokio::test]
async fn project_detail_holds_everything() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (s, p) = app
        .call(Method::GET, &format!("/projects/{}", seed.project), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(p["name"], "Website relaunch");
    let titles: Vec<&str> = p["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Design mockups", "Discovery workshop"]);
    assert_eq!(p["milestones"][1]["status"], "done");
    assert!(p["milestones"][1]["completed_at"].is_string());
    assert_eq!(p["updates"].as_array().unwrap().len(), 2);
    assert_eq!(p["files"][0]["versions"][0]["n"], 1);
    assert_eq!(p["approvals"][0]["status"], "pending");
    assert_eq!(p["approvals"][0]["target_version"], 1);
}

#[tokio::test]
async fn milestones_patch_and_validate() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (s, m) = app
        .call(
            Method::PATCH,
            &format!("/milestones/{}", seed.milestone),
            Some(json!({"status": "done", "due_on": "2026-12-01"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m["status"], "done");
    assert_eq!(m["due_on"], "2026-12-01");
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/milestones/{}", seed.milestone),
            Some(json!({"status": "finished"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/milestones/{}", seed.milestone),
            Some(json!({"due_on": "tomorrow"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, m) = app
        .call(
            Method::PATCH,
            &format!("/milestones/{}", seed.milestone),
            Some(json!({"due_on": null})),
        )
        .await;
    assert_eq!((s, &m["due_on"]), (StatusCode::OK, &json!(null)));
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/milestones/{}/updates", seed.milestone),
            Some(json!({"body": ""})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn same_name_uploads_a_new_version_and_reopens_its_approval() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    // Decide nothing yet; a new version moves the pending approval's target.
    let (s, f) = app
        .upload(
            &seed.project,
            "homepage-mockup.pdf",
            b"second version".to_vec(),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert_eq!(f["id"], seed.file.as_str());
    assert_eq!(f["version"]["n"], 2);
    assert_eq!(f["version"]["size"], 14);
    let sha = f["version"]["sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    assert_eq!(a["target_version"], 2);
    assert_eq!(a["target_sha256"], sha);
    // The bytes are on disk under their hash.
    let blob = app.data_dir.join("blobs").join(&sha[..2]).join(sha);
    assert_eq!(std::fs::read(blob).unwrap(), b"second version");
}

#[tokio::test]
async fn uploads_over_the_limit_are_413_and_leave_nothing_behind() {
    let app = TestApp::spawn_with(|s| s.max_upload_bytes = 1024).await;
    let seed_project = {
        let (_, c) = app
            .call(Method::POST, "/clients", Some(json!({"name": "A"})))
            .await;
        let (_, p) = app
            .call(
                Method::POST,
                &format!("/clients/{}/projects", c["id"].as_str().unwrap()),
                Some(json!({"name": "P"})),
            )
            .await;
        p["id"].as_str().unwrap().to_owned()
    };
    let (s, e) = app.upload(&seed_project, "big.bin", vec![7u8; 4096]).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{e}");
    let (s, _) = app.upload(&seed_project, "small.bin", vec![7u8; 512]).await;
    assert_eq!(s, StatusCode::CREATED);
    let tmp: Vec<_> = std::fs::read_dir(app.data_dir.join("blobs/tmp"))
        .unwrap()
        .collect();
    assert!(tmp.is_empty(), "temp files left behind");
}

#[tokio::test]
async fn upload_errors() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (s, _) = app.upload("nope", "a.pdf", b"x".to_vec()).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let form = reqwest::multipart::Form::new().text("name", "a.pdf");
    let res = app
        .api(Method::POST, &format!("/projects/{}/files", seed.project))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app
        .upload(&seed.project, "../../etc/passwd", b"x".to_vec())
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .api(Method::POST, &format!("/projects/{}/files", seed.project))
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error());
}

#[tokio::test]
async fn approvals_create_show_withdraw() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (s, a) = app
        .call(
            Method::POST,
            &format!("/projects/{}/approvals", seed.project),
            Some(json!({"title": "Sign off copy", "due_on": "2026-12-24"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(a["due_on"], "2026-12-24");
    let id = a["id"].as_str().unwrap();
    let (s, w) = app
        .call(Method::DELETE, &format!("/approvals/{id}"), None)
        .await;
    assert_eq!(
        (s, w["status"].as_str()),
        (StatusCode::OK, Some("withdrawn"))
    );
    let (s, _) = app
        .call(Method::DELETE, &format!("/approvals/{id}"), None)
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/projects/{}/approvals", seed.project),
            Some(json!({"title": "x", "file_id": "nope"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn links_issue_revoke_cutoff() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (s, l) = app
        .call(
            Method::POST,
            &format!("/clients/{}/links", seed.client),
            Some(json!({"email": "cleo@client.test", "ttl": "12h", "send": false})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{l}");
    let url = l["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/p/", app.base)), "{url}");
    let grant = l["grant_id"].as_str().unwrap();
    assert!(l["expires_at"].is_string());
    // The raw token is never stored: not in the grant, not in the audit chain.
    let token = url.rsplit('/').next().unwrap();
    let (_, g) = app
        .call(Method::GET, &format!("/links/{grant}"), None)
        .await;
    assert!(!g.to_string().contains(token));
    let (_, events) = app.call(Method::GET, "/audit", None).await;
    assert!(!events.to_string().contains(token));
    for (body, field) in [
        (json!({"email": "eve@evil.test"}), "email"),
        (json!({"email": "cleo@client.test", "ttl": "0s"}), "ttl"),
        (json!({"email": "cleo@client.test", "ttl": "1000d"}), "ttl"),
        (json!({"email": "cleo@client.test", "ttl": "soon"}), "ttl"),
        (
            json!({"email": "cleo@client.test", "project_id": "nope"}),
            "project_id",
        ),
    ] {
        let (s, e) = app
            .call(
                Method::POST,
                &format!("/clients/{}/links", seed.client),
                Some(body),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert!(
            e["error"]["message"].as_str().unwrap().starts_with(field),
            "{e}"
        );
    }
    let (s, r) = app
        .call(Method::DELETE, &format!("/links/{grant}"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(r["revoked_at"].is_string());
    let (s, _) = app.call(Method::DELETE, "/links/nope", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, c) = app
        .call(
            Method::POST,
            &format!("/clients/{}/links/cutoff", seed.client),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(c["links_cutoff_at"].is_string());
    let (_, list) = app
        .call(
            Method::GET,
            &format!("/clients/{}/links", seed.client),
            None,
        )
        .await;
    // Mail sent for the seeded approval issues links of its own (by `system`).
    let by_staff = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["issued_by"] != "system")
        .count();
    assert_eq!(by_staff, 1, "{list}");
}

#[tokio::test]
async fn audit_lists_and_verifies_and_metrics_count() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let (s, v) = app.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["ok"], true);
    let n = v["events"].as_u64().unwrap();
    assert!(n >= 9, "{v}");
    let (_, events) = app.call(Method::GET, "/audit?after=2", None).await;
    let events = events.as_array().unwrap();
    assert_eq!(events[0]["seq"], 3);
    assert_eq!(events.len() as u64, n - 2);
    assert_eq!(events[1]["prev_hash"], events[0]["hash"]);
    let (s, _) = app.call(Method::GET, "/audit?after=minus-one", None).await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a junk cursor names itself"
    );
    let (s, m) = app.call(Method::GET, "/metrics/approvals", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(m["overall"]["pending"], 1);
    assert_eq!(m["clients"][0]["client_name"], "Acme Ltd");
}

#[tokio::test]
async fn records_survive_a_restart() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let mut again = app.restart().await;
    let (s, p) = again
        .call(Method::GET, &format!("/projects/{}", seed.project), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["approvals"][0]["title"], "Approve homepage mockup");
    let (_, v) = again.call(Method::GET, "/audit/verify", None).await;
    assert_eq!(v["ok"], true);
    again.stop().await;
}
