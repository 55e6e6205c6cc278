//! `storage.blob_store = "s3"` (SPEC 16) against a real S3-compatible server (`s3s-fs`,
//! started by the test on a free port): uploads land in the bucket under their SHA-256
//! before the record points at them, and every reader (client downloads whole and in
//! ranges, previews, the client's copy, the export archive, backups) reads them back from
//! there. Without `s3s-fs` installed the test says so and passes, unless
//! `PORTHOLE_REQUIRE_S3=1` (set by CI).

use object_store::ObjectStoreExt as _;
use object_store::path::Path as Key;
use reqwest::{Method, StatusCode};

use crate::helpers::{
    S3Server, TestApp, pdf_bytes, porthole, preview_path, sha_hex, stderr, wait_for_preview,
    zip_entries,
};

const PREFIX: &str = "tenant-a/blobs";

fn key(sha: &str) -> Key {
    Key::from(format!("{PREFIX}/{}/{sha}", &sha[..2]))
}

/// Where `s3s-fs` keeps an object: a file named by its key under the bucket's directory.
fn object_file(s3: &S3Server, sha: &str) -> std::path::PathBuf {
    s3.root()
        .join(&s3.bucket)
        .join(PREFIX)
        .join(&sha[..2])
        .join(sha)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_blobs_are_stored_in_the_bucket_and_read_back_by_every_reader() {
    let Some(s3) = S3Server::start().await else {
        return;
    };
    let backend = s3.backend(PREFIX);
    let mut app = TestApp::spawn_with(|s| s.blob_store = backend).await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK, "the bucket answers");

    // An upload through the staff API lands in the bucket under its SHA-256, not on disk.
    let seed = app.seed().await;
    let sha = sha_hex(&seed.content);
    let bucket = s3.client();
    let stored = bucket.get(&key(&sha)).await.unwrap().bytes().await.unwrap();
    assert_eq!(stored.as_ref(), seed.content.as_slice());
    assert!(
        !app.data_dir.join("blobs").join(&sha[..2]).exists(),
        "no local copy of the bytes"
    );
    let tmp = std::fs::read_dir(app.data_dir.join("blobs/tmp"))
        .unwrap()
        .count();
    assert_eq!(tmp, 0, "the upload's temp file is gone");

    // The same bytes again are not sent again: the object stays untouched.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(object_file(&s3, &sha))
        .unwrap()
        .set_modified(old)
        .unwrap();
    let (s, again) = app
        .upload(&seed.project, "same-bytes.pdf", seed.content.clone())
        .await;
    assert_eq!(s, StatusCode::CREATED, "{again}");
    assert_eq!(again["version"]["sha256"], sha.as_str());
    let meta = bucket.head(&key(&sha)).await.unwrap();
    assert_eq!(
        meta.last_modified.timestamp(),
        1_000_000_000,
        "an object already stored is not uploaded again"
    );

    // A client downloads it through a link: whole, a range, and HEAD.
    let (_, link) = app.cleo_link(&seed).await;
    let download = format!("{link}/files/{}/1", seed.file);
    let res = app.get(&download).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["x-content-sha256"], sha.as_str());
    assert_eq!(res.bytes().await.unwrap().as_ref(), seed.content.as_slice());
    let res = app
        .http
        .get(app.url(&download))
        .header("range", "bytes=5-14")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        res.headers()["content-range"],
        format!("bytes 5-14/{}", seed.content.len()).as_str()
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), &seed.content[5..15]);
    let res = app
        .http
        .get(app.url(&download))
        .header("range", "bytes=5-14")
        .header("if-range", "\"not-this-version\"")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "a stale If-Range gets it all");
    assert_eq!(res.bytes().await.unwrap().len(), seed.content.len());
    let res = app.http.head(app.url(&download)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-length"],
        seed.content.len().to_string().as_str()
    );

    // A large file goes up in parts and comes back whole, and its last bytes alone.
    let large: Vec<u8> = (0..16 * 1024 * 1024 + 1_000_003u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (s, big) = app
        .upload(&seed.project, "site-archive.bin", large.clone())
        .await;
    assert_eq!(s, StatusCode::CREATED, "{big}");
    let large_sha = sha_hex(&large);
    let meta = bucket.head(&key(&large_sha)).await.unwrap();
    assert_eq!(meta.size, large.len() as u64);
    // S3 names a multipart object's ETag `"<md5 of the parts' md5s>-<parts>"`: 8 MiB parts.
    let etag = meta.e_tag.unwrap_or_default();
    assert!(etag.ends_with("-3\""), "uploaded in three parts: {etag}");
    let big_download = format!("{link}/files/{}/1", big["id"].as_str().unwrap());
    let res = app
        .http
        .get(app.url(&big_download))
        .header("range", "bytes=-10")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        res.bytes().await.unwrap().as_ref(),
        &large[large.len() - 10..]
    );
    let whole = app.get(&big_download).await.bytes().await.unwrap();
    assert_eq!(sha_hex(&whole), large_sha);

    // A preview is rendered from the bucket's bytes.
    let (s, pdf) = app
        .upload(&seed.project, "floor-plan.pdf", pdf_bytes())
        .await;
    assert_eq!(s, StatusCode::CREATED, "{pdf}");
    let pdf_id = pdf["id"].as_str().unwrap().to_owned();
    let preview = wait_for_preview(&app, &preview_path(&link, &pdf_id, 1, 1)).await;
    assert_eq!(preview.headers()["content-type"], "image/png");
    assert!(!preview.bytes().await.unwrap().is_empty());

    // Bytes stored by a synchronous operation (photos, seeding) land there too.
    let store = app.state.store.clone();
    let photo = tokio::task::spawn_blocking(move || store.blobs().put_bytes(b"a photo"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        bucket
            .get(&key(&photo.sha256))
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .as_ref(),
        b"a photo"
    );

    // The client's own copy carries the bytes from the bucket.
    let res = app.get(&format!("{link}/export.zip")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let entries = zip_entries(&res.bytes().await.unwrap());
    assert_eq!(
        entries.get(&format!("files/{}/1/homepage-mockup.pdf", seed.file)),
        Some(&seed.content)
    );
    assert_eq!(
        entries
            .get(&format!("files/{pdf_id}/1/floor-plan.pdf"))
            .map(Vec::as_slice),
        Some(pdf_bytes().as_slice())
    );

    // So does the staff export archive, and a backup copies them into a plain data dir.
    let out = app.dir.as_ref().unwrap().path().to_owned();
    let zip = out.join("acme.zip");
    // `--client=ID`: a random id may start with '-', which clap would read as a flag.
    let client = format!("--client={}", seed.client);
    let o = porthole(
        &app.data_dir,
        &["export", &client, "--out", zip.to_str().unwrap()],
    )
    .await;
    assert!(o.status.success(), "{}", stderr(&o));
    let entries = zip_entries(&std::fs::read(&zip).unwrap());
    assert_eq!(entries.get(&format!("files/{sha}")), Some(&seed.content));
    assert_eq!(
        entries
            .get(&format!("files/{large_sha}"))
            .map(|b| sha_hex(b)),
        Some(large_sha.clone())
    );
    let backup = out.join("backup");
    let o = porthole(
        &app.data_dir,
        &["backup", "--out", backup.to_str().unwrap()],
    )
    .await;
    assert!(o.status.success(), "{}", stderr(&o));
    let copied = |sha: &str| std::fs::read(backup.join("blobs").join(&sha[..2]).join(sha)).unwrap();
    assert_eq!(copied(&sha), seed.content);
    assert_eq!(sha_hex(&copied(&large_sha)), large_sha);

    // The backup opens with fs blobs: the same link downloads the same bytes.
    app.stop().await;
    let restored = TestApp::start(&backup, |_| {}).await;
    let res = restored.get(&download).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().as_ref(), seed.content.as_slice());
    let (s, v) = restored.call(Method::GET, "/audit/verify", None).await;
    assert_eq!((s, &v["ok"]), (StatusCode::OK, &serde_json::json!(true)));
}

#[tokio::test]
async fn healthz_says_so_when_the_bucket_does_not_answer() {
    let Some(s3) = S3Server::start().await else {
        return;
    };
    let mut gone = s3.backend(PREFIX);
    if let porthole::config::BlobBackend::S3(s) = &mut gone {
        s.bucket = "no-such-bucket".into();
    }
    let app = TestApp::spawn_with(|s| s.blob_store = gone).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.text().await.unwrap(), "store unavailable");
}
