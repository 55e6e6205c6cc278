//! What goes over the wire (SPEC 13, HTTP): 304 for a download or stylesheet the client
//! holds, stylesheets and pages in gzip or brotli when asked, and kept client pages that
//! decode to the very page sent uncompressed, with fresh nonces in every answer.

use reqwest::{Method, StatusCode};

use crate::helpers::{Decoded, TestApp, get_decoded, nonces, signed_in};

/// What every browser sends.
const BROWSER: &str = "gzip, deflate, br, zstd";

/// `html` with each of `nonces` replaced by `N`.
fn without(html: &str, nonces: &[String]) -> String {
    nonces
        .iter()
        .fold(html.to_owned(), |h, n| h.replace(n.as_str(), "N"))
}

#[tokio::test]
async fn a_download_the_client_holds_answers_304() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let file = format!("{path}/files/{}/1", seed.file);
    let first = get_decoded(&app, &file, "", &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.wire, seed.content);
    let etag = first.header("etag").to_owned();
    assert_eq!(
        etag,
        format!("\"{}\"", crate::helpers::sha_hex(&seed.content))
    );
    for held in [etag.clone(), format!("W/{etag}"), format!("\"x\", {etag}")] {
        let again = get_decoded(&app, &file, "", &[("if-none-match", &held)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{held}");
        assert!(again.wire.is_empty());
        assert_eq!(again.header("etag"), etag);
    }
    // Checked before Range, and a different tag gets the bytes.
    let ranged = get_decoded(
        &app,
        &file,
        "",
        &[("if-none-match", &etag), ("range", "bytes=0-3")],
    )
    .await;
    assert_eq!(ranged.status, StatusCode::NOT_MODIFIED);
    let other = get_decoded(&app, &file, "", &[("if-none-match", "\"other\"")]).await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.wire, seed.content);
}

#[tokio::test]
async fn a_stylesheet_the_client_holds_answers_304() {
    let app = TestApp::spawn().await;
    for css in ["/assets/app.css", "/assets/brand.css"] {
        for accept in ["", "gzip", BROWSER] {
            let first = get_decoded(&app, css, accept, &[]).await;
            assert_eq!(first.status, StatusCode::OK);
            let etag = first.header("etag").to_owned();
            assert!(etag.starts_with('"') && etag.len() > 20, "{css}: {etag}");
            let again = get_decoded(&app, css, accept, &[("if-none-match", &etag)]).await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{css} {accept}");
            assert!(again.wire.is_empty());
            assert_eq!(again.header("etag"), etag);
            assert!(again.header("cache-control").contains("immutable"));
        }
        let stale = get_decoded(&app, css, "", &[("if-none-match", "\"old\"")]).await;
        assert_eq!(stale.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn stylesheets_go_out_in_gzip_and_br_that_decode_to_the_same_css() {
    let app = TestApp::spawn().await;
    for css in ["/assets/app.css", "/assets/brand.css"] {
        let plain = get_decoded(&app, css, "", &[]).await;
        assert_eq!(plain.header("content-encoding"), "");
        assert!(plain.header("content-type").starts_with("text/css"));
        assert!(plain.text.contains("--accent") || plain.text.contains('{'));
        let cases = [
            ("gzip", "gzip"),
            ("br", "br"),
            (BROWSER, "br"),
            ("br;q=0.5, gzip", "gzip"),
            ("deflate", ""),
        ];
        for (accept, coding) in cases {
            let d: Decoded = get_decoded(&app, css, accept, &[]).await;
            assert_eq!(d.status, StatusCode::OK);
            assert_eq!(d.header("content-encoding"), coding, "{css} for {accept}");
            assert_eq!(d.header("vary").to_ascii_lowercase(), "accept-encoding");
            assert!(d.header("content-type").starts_with("text/css"));
            assert_eq!(d.text, plain.text, "{css} in {coding}");
        }
    }
    let plain = get_decoded(&app, "/assets/app.css", "", &[]).await;
    let br = get_decoded(&app, "/assets/app.css", "br", &[]).await;
    assert!(br.wire.len() * 4 < plain.wire.len(), "compressed well");
}

#[tokio::test]
async fn console_pages_go_out_compressed() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let (jar, _) = signed_in(&app).await;
    let cookie = jar.header();
    for page in ["/staff", "/staff/clients", "/staff/audit"] {
        let plain = get_decoded(&app, page, "", &[("cookie", &cookie)]).await;
        assert_eq!(plain.status, StatusCode::OK, "{page}");
        assert_eq!(plain.header("content-encoding"), "");
        for (accept, coding) in [("gzip", "gzip"), (BROWSER, "br")] {
            let d = get_decoded(&app, page, accept, &[("cookie", &cookie)]).await;
            assert_eq!(d.status, StatusCode::OK, "{page}");
            assert_eq!(d.header("content-encoding"), coding, "{page}");
            assert!(d.header("content-type").starts_with("text/html"));
            assert!(d.wire.len() < d.text.len());
            assert!(d.text.trim_end().ends_with("</html>"), "{page} in {coding}");
            // Forms carry a CSRF token that differs per answer; the rest is the same page.
            let csrf = |html: &str| {
                html.match_indices("name=\"csrf\" value=\"")
                    .map(|(at, m)| {
                        let v = &html[at + m.len()..];
                        v[..v.find('"').unwrap()].to_owned()
                    })
                    .collect::<Vec<_>>()
            };
            let mut tokens = csrf(&d.text);
            tokens.extend(csrf(&plain.text));
            assert_eq!(without(&d.text, &tokens), without(&plain.text, &tokens));
        }
    }
}

#[tokio::test]
async fn kept_client_pages_go_out_compressed_and_equal_the_plain_page() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let pages = [
        (path.clone(), false),
        (format!("{path}/projects/{}", seed.project), true),
        (format!("{path}/approvals/{}", seed.approval), true),
    ];
    for (page, has_forms) in &pages {
        let plain = get_decoded(&app, page, "", &[]).await;
        assert_eq!(plain.status, StatusCode::OK);
        assert_eq!(plain.header("content-encoding"), "");
        assert_eq!(plain.header("vary").to_ascii_lowercase(), "accept-encoding");
        let plain_nonces = nonces(&plain.text);
        assert_eq!(!plain_nonces.is_empty(), *has_forms, "{page}");
        // A page with forms is kept as gzip only (its nonces are spliced in), and made into
        // brotli per answer only for a client that takes no gzip; one without forms is kept
        // as brotli too.
        let browser_coding = if *has_forms { "gzip" } else { "br" };
        let mut seen = plain_nonces.clone();
        for (accept, coding) in [
            ("gzip", "gzip"),
            ("gzip", "gzip"),
            (BROWSER, browser_coding),
            ("br", "br"),
        ] {
            let d = get_decoded(&app, page, accept, &[]).await;
            assert_eq!(d.status, StatusCode::OK);
            assert_eq!(d.header("content-encoding"), coding, "{page} for {accept}");
            assert_eq!(d.header("vary").to_ascii_lowercase(), "accept-encoding");
            assert!(d.header("content-type").starts_with("text/html"));
            if !coding.is_empty() {
                assert!(d.wire.len() * 2 < d.text.len(), "{page} compressed well");
            }
            let these = nonces(&d.text);
            assert_eq!(these.len(), plain_nonces.len());
            for n in &these {
                assert!(!seen.contains(n), "a nonce was served twice on {page}");
            }
            seen.extend(these.iter().cloned());
            assert_eq!(
                without(&d.text, &these),
                without(&plain.text, &plain_nonces),
                "{page} in {coding} is the plain page but for its nonces"
            );
        }
    }
}

#[tokio::test]
async fn a_nonce_from_a_gzip_page_decides() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let approval = format!("{path}/approvals/{}", seed.approval);
    get_decoded(&app, &approval, BROWSER, &[]).await;
    let page = get_decoded(&app, &approval, BROWSER, &[]).await;
    assert_eq!(page.header("content-encoding"), "gzip");
    let (_, a) = app
        .call(Method::GET, &format!("/approvals/{}", seed.approval), None)
        .await;
    let nonce = nonces(&page.text).remove(0);
    let answer = app
        .post_form(
            &approval,
            &[
                ("nonce", nonce.as_str()),
                ("decision", "approve"),
                ("name", "Cleo Client"),
                ("confirm", "on"),
                ("version_sha256", a["target_sha256"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let after = get_decoded(&app, &approval, BROWSER, &[]).await;
    assert!(
        !after.text.contains("value=\"approve\""),
        "the form is gone"
    );
    assert!(after.text.contains("Cleo Client"));
}

#[tokio::test]
async fn uncached_client_pages_go_out_compressed() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, path) = app.cleo_link(&seed).await;
    let requests = format!("{path}/requests");
    let plain = get_decoded(&app, &requests, "", &[]).await;
    assert_eq!(plain.status, StatusCode::OK);
    let gz = get_decoded(&app, &requests, "gzip", &[]).await;
    assert_eq!(gz.header("content-encoding"), "gzip");
    assert!(gz.text.contains("<html"), "{}", gz.text);
}
