//! The OpenAPI document (SPEC 14): served without a token, OpenAPI 3.1, made from the
//! route definitions, so that the router serves exactly the operations it documents.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{TestApp, json_of};

async fn document(app: &TestApp) -> Value {
    let res = app
        .http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    let (s, doc) = json_of(res).await;
    assert_eq!(s, StatusCode::OK, "served without a token");
    doc
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// A concrete path for a templated one: every `{param}` becomes an id nothing has.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').unwrap() + open;
        out.push_str("AAAAAAAAAAAAAAAAAAAAAA");
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn the_document_is_openapi_3_1_with_bearer_auth_and_the_error_shape() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let bearer = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["type"], "http");
    assert_eq!(bearer["scheme"], "bearer");
    assert_eq!(doc["security"][0]["bearer"], serde_json::json!([]));
    let error = &doc["components"]["schemas"]["ErrorBody"];
    assert_eq!(error["required"], serde_json::json!(["error"]));
    // The error shape documented is the one served.
    let (s, refused) = app
        .call(Method::GET, "/clients/AAAAAAAAAAAAAAAAAAAAAA", None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(refused["error"]["code"].is_string() && refused["error"]["message"].is_string());

    let clients = &doc["paths"]["/api/v1/clients"];
    assert_eq!(
        clients["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/NewClient"
    );
    let list = &clients["get"]["responses"]["200"];
    assert_eq!(
        list["content"]["application/json"]["schema"]["type"],
        "array"
    );
    assert!(list["headers"]["Link"].is_object());
    let params: Vec<&str> = clients["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["limit", "after"]);
    for op in ["get", "post"] {
        let answers = &clients[op]["responses"];
        assert_eq!(
            answers["401"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody"
        );
        assert!(answers["default"].is_object());
    }
    let upload = &doc["paths"]["/api/v1/projects/{id}/files"]["post"]["requestBody"]["content"];
    assert!(upload["multipart/form-data"].is_object(), "{upload}");
}

/// Every documented operation is served, and on every documented path the methods it
/// does not document answer 405: the router and the document hold the same routes.
#[tokio::test]
async fn the_router_serves_exactly_the_documented_operations() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        assert!(path.starts_with("/api/v1/"), "{path}");
        let url = app.url(&concrete(path));
        for method in METHODS {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let res = app
                .http
                .request(m, &url)
                .bearer_auth(&app.token)
                .send()
                .await
                .unwrap();
            let (s, body) = json_of(res).await;
            if item.get(method).is_some() {
                operations += 1;
                assert_ne!(
                    s,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is documented but not served"
                );
                assert_ne!(
                    body["error"]["message"], "route not found",
                    "{method} {path} is documented but not served"
                );
                assert!(s.as_u16() < 500, "{method} {path}: {s} {body}");
            } else {
                assert_eq!(
                    s,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is served but not documented"
                );
            }
        }
    }
    // What SPEC 7, 10, 11 and 14 name is there.
    for (method, path) in [
        ("post", "/api/v1/clients"),
        ("get", "/api/v1/clients"),
        ("patch", "/api/v1/clients/{id}"),
        ("post", "/api/v1/clients/{id}/links"),
        ("post", "/api/v1/clients/{id}/links/cutoff"),
        ("delete", "/api/v1/links/{grant_id}"),
        ("post", "/api/v1/projects/{id}/files"),
        ("post", "/api/v1/projects/{id}/approvals"),
        ("get", "/api/v1/approvals/{id}"),
        ("delete", "/api/v1/approvals/{id}"),
        ("get", "/api/v1/audit"),
        ("get", "/api/v1/audit/verify"),
        ("get", "/api/v1/metrics/approvals"),
        ("post", "/api/v1/clients/{id}/contacts"),
        ("delete", "/api/v1/clients/{id}/contacts/{contact_id}"),
        ("get", "/api/v1/staff"),
        ("post", "/api/v1/staff/{id}/token"),
        ("patch", "/api/v1/requests/{id}"),
        ("get", "/api/v1/forms/{id}/responses"),
        ("get", "/api/v1/file_requests/{id}"),
        ("get", "/api/v1/openapi.json"),
    ] {
        assert!(paths[path].get(method).is_some(), "{method} {path} missing");
    }
    assert!(operations >= 46, "{operations} operations");
}
