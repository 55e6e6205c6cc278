//! The `s3` blob store: an S3-compatible bucket through `object_store`, with path-style
//! requests (what MinIO, Garage and most self-hosted stores expect; AWS takes them too).
//!
//! All of its network I/O runs on a small runtime of its own, so that a blocking caller
//! (an export, a backup, a sync operation storing a photo) can wait for it from any
//! thread without starving, or panicking in, the server's runtime.

use std::io;
use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt as _;
use object_store::aws::AmazonS3Builder;
use object_store::client::{HttpClient, HttpConnector, SpawnService};
use object_store::path::Path as Key;
use object_store::{
    ClientOptions, GetOptions, GetRange, ObjectStore, ObjectStoreExt as _, RetryConfig,
    WriteMultipart,
};
use tokio::io::AsyncReadExt as _;

use super::ByteStream;
use crate::config::S3Settings;

/// Files up to this size go up in one PUT; larger ones in parts of [`PART_SIZE`].
pub(super) const MULTIPART_FROM: u64 = 16 * 1024 * 1024;
/// Size of each part of a multipart upload (S3 wants at least 5 MiB but for the last).
const PART_SIZE: usize = 8 * 1024 * 1024;
/// Parts in flight at once during a multipart upload.
const PARTS_IN_FLIGHT: usize = 2;
/// How long `/healthz` waits for the bucket.
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// The bucket, its key prefix and the runtime its requests run on.
pub(super) struct Remote {
    store: Arc<dyn ObjectStore>,
    bucket: String,
    prefix: String,
    io: IoRuntime,
}

/// A runtime shut down without waiting when its store is dropped (which may happen on
/// an async thread, where a blocking shutdown would panic).
struct IoRuntime(Option<tokio::runtime::Runtime>);

impl IoRuntime {
    fn handle(&self) -> Option<&tokio::runtime::Handle> {
        self.0.as_ref().map(tokio::runtime::Runtime::handle)
    }
}

impl Drop for IoRuntime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

fn stopped() -> io::Error {
    io::Error::other("the blob store's I/O runtime has stopped")
}

/// An `object_store` error as an I/O error of the same meaning (`NotFound` stays
/// `NotFound`, so a missing blob reads like a missing file).
fn to_io(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e),
        other => io::Error::other(other),
    }
}

/// HTTP clients for `object_store`: rustls with the ring provider and the platform's
/// roots (as the rest of porthole), plain http only when the endpoint is http, each
/// request run on the blob runtime.
#[derive(Debug)]
struct Connector {
    io: tokio::runtime::Handle,
    allow_http: bool,
}

impl HttpConnector for Connector {
    fn connect(&self, _options: &ClientOptions) -> object_store::Result<HttpClient> {
        let client = http_client(self.allow_http).map_err(|e| object_store::Error::Generic {
            store: "S3",
            source: e.into(),
        })?;
        Ok(HttpClient::new(SpawnService::new(client, self.io.clone())))
    }
}

fn http_client(allow_http: bool) -> Result<reqwest::Client, String> {
    let tls = crate::tls::platform_client_config()?;
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .https_only(!allow_http)
        .connect_timeout(Duration::from_secs(10))
        // No overall timeout: a download streams for as long as the reader takes; a
        // stalled connection fails after a minute without a byte.
        .read_timeout(Duration::from_secs(60))
        // Sizes must stay the stored ones.
        .no_gzip()
        .no_brotli()
        .no_deflate()
        .user_agent(concat!("porthole/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("HTTP client: {e}"))
}

impl Remote {
    /// The client for `settings`. Sends nothing yet.
    pub(super) fn new(settings: &S3Settings) -> io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("blob-io")
            .enable_all()
            .build()?;
        let allow_http = settings
            .endpoint
            .as_ref()
            .is_some_and(|u| u.scheme() == "http");
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_virtual_hosted_style_request(false)
            .with_allow_http(allow_http)
            .with_retry(RetryConfig {
                max_retries: 4,
                retry_timeout: Duration::from_secs(30),
                ..RetryConfig::default()
            })
            .with_http_connector(Connector {
                io: runtime.handle().clone(),
                allow_http,
            });
        if let Some(endpoint) = &settings.endpoint {
            builder = builder.with_endpoint(endpoint.as_str().trim_end_matches('/'));
        }
        if !settings.access_key_id.is_empty() {
            builder = builder
                .with_access_key_id(&settings.access_key_id)
                .with_secret_access_key(settings.secret_access_key.expose());
        }
        let store = builder.build().map_err(io::Error::other)?;
        Ok(Self {
            store: Arc::new(store),
            bucket: settings.bucket.clone(),
            prefix: settings.prefix.clone(),
            io: IoRuntime(Some(runtime)),
        })
    }

    /// `s3://bucket/prefix`, for logs and `Debug`.
    pub(super) fn name(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.prefix)
    }

    /// `<prefix>/<sha256[0..2]>/<sha256>` (the caller checked the hash).
    fn key(&self, sha256: &str) -> Key {
        if self.prefix.is_empty() {
            Key::from(format!("{}/{sha256}", &sha256[..2]))
        } else {
            Key::from(format!("{}/{}/{sha256}", self.prefix, &sha256[..2]))
        }
    }

    /// Run `fut` on the blob runtime and wait for it from an async caller.
    async fn run<T: Send + 'static>(
        &self,
        fut: impl Future<Output = io::Result<T>> + Send + 'static,
    ) -> io::Result<T> {
        let handle = self.io.handle().ok_or_else(stopped)?;
        handle.spawn(fut).await.map_err(|_| stopped())?
    }

    /// Run `fut` on the blob runtime and wait for it, blocking this thread (any thread:
    /// the wait is on a channel, not on a runtime).
    fn block<T: Send + 'static>(
        &self,
        fut: impl Future<Output = io::Result<T>> + Send + 'static,
    ) -> io::Result<T> {
        let handle = self.io.handle().ok_or_else(stopped)?;
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        handle.spawn(async move {
            let _ = tx.send(fut.await);
        });
        rx.recv().map_err(|_| stopped())?
    }

    /// The bucket answers a listing under the prefix.
    pub(super) fn check(&self) -> io::Result<()> {
        let store = Arc::clone(&self.store);
        let probe = if self.prefix.is_empty() {
            Key::from("porthole-health")
        } else {
            Key::from(format!("{}/porthole-health", self.prefix))
        };
        self.block(async move {
            match tokio::time::timeout(CHECK_TIMEOUT, store.list_with_delimiter(Some(&probe))).await
            {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(e)) => Err(to_io(e)),
                Err(_) => Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the bucket did not answer in time",
                )),
            }
        })
    }

    /// The stored size of a blob; `NotFound` when it is not there.
    pub(super) async fn size(&self, sha256: &str) -> io::Result<u64> {
        let store = Arc::clone(&self.store);
        let key = self.key(sha256);
        self.run(async move { store.head(&key).await.map(|m| m.size).map_err(to_io) })
            .await
    }

    /// Whether a blob of this key and size is stored already (same hash, same bytes: it
    /// is not sent again).
    async fn present(store: &dyn ObjectStore, key: &Key, size: u64) -> io::Result<bool> {
        match store.head(key).await {
            Ok(meta) => Ok(meta.size == size),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(to_io(e)),
        }
    }

    /// Store `bytes` under `sha256`, blocking until the bucket has them.
    pub(super) fn put_bytes(&self, sha256: &str, bytes: Bytes) -> io::Result<()> {
        let store = Arc::clone(&self.store);
        let key = self.key(sha256);
        self.block(async move {
            if Self::present(store.as_ref(), &key, bytes.len() as u64).await? {
                return Ok(());
            }
            store.put(&key, bytes.into()).await.map_err(to_io)?;
            Ok(())
        })
    }

    /// Upload the finished temp file `tmp` (its hash `sha256`, `size` bytes) under its key:
    /// one PUT, or a multipart upload from [`MULTIPART_FROM`] bytes (aborted on failure).
    pub(super) async fn upload_file(&self, tmp: &Path, sha256: &str, size: u64) -> io::Result<()> {
        let store = Arc::clone(&self.store);
        let key = self.key(sha256);
        let tmp = tmp.to_owned();
        self.run(async move {
            if Self::present(store.as_ref(), &key, size).await? {
                return Ok(());
            }
            if size < MULTIPART_FROM {
                let bytes = tokio::fs::read(&tmp).await?;
                store.put(&key, bytes.into()).await.map_err(to_io)?;
                return Ok(());
            }
            let upload = store.put_multipart(&key).await.map_err(to_io)?;
            let mut parts = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
            let sent = async {
                let mut file = tokio::fs::File::open(&tmp).await?;
                let mut buf = vec![0u8; 1024 * 1024];
                loop {
                    let n = file.read(&mut buf).await?;
                    if n == 0 {
                        return Ok::<(), io::Error>(());
                    }
                    parts
                        .wait_for_capacity(PARTS_IN_FLIGHT)
                        .await
                        .map_err(to_io)?;
                    parts.write(&buf[..n]);
                }
            }
            .await;
            match sent {
                Ok(()) => parts.finish().await.map(drop).map_err(to_io),
                Err(e) => {
                    let _ = parts.abort().await;
                    Err(e)
                }
            }
        })
        .await
    }

    /// The bytes of a blob, or of `range` of them; the GET goes out at the first poll.
    pub(super) fn stream(&self, sha256: &str, range: Option<RangeInclusive<u64>>) -> ByteStream {
        let store = Arc::clone(&self.store);
        let key = self.key(sha256);
        let handle = self.io.handle().cloned();
        let get = async move {
            let handle = handle.ok_or_else(stopped)?;
            let options = GetOptions {
                range: range.map(|r| GetRange::Bounded(*r.start()..r.end().saturating_add(1))),
                ..GetOptions::default()
            };
            let got = handle
                .spawn(async move { store.get_opts(&key, options).await })
                .await
                .map_err(|_| stopped())?
                .map_err(to_io)?;
            Ok::<_, io::Error>(got.into_stream().map(|c| c.map_err(to_io)))
        };
        futures_util::stream::once(get)
            .map(|got| match got {
                Ok(chunks) => chunks.boxed(),
                Err(e) => futures_util::stream::once(async { Err(e) }).boxed(),
            })
            .flatten()
            .boxed()
    }
}

/// A blob read with blocking calls: each chunk is fetched on the blob runtime.
pub(super) struct BlockingReader {
    remote: Arc<Remote>,
    chunks: Option<ByteStream>,
    chunk: Bytes,
}

impl BlockingReader {
    /// Start reading the blob (its GET answered, so a missing blob fails here).
    pub(super) fn open(remote: &Arc<Remote>, sha256: &str) -> io::Result<Self> {
        let mut chunks = remote.stream(sha256, None);
        let (first, chunks) = remote.block(async move {
            let first = chunks.next().await.transpose()?;
            Ok((first, chunks))
        })?;
        Ok(Self {
            remote: Arc::clone(remote),
            chunks: first.is_some().then_some(chunks),
            chunk: first.unwrap_or_default(),
        })
    }
}

impl io::Read for BlockingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.chunk.is_empty() {
            let Some(mut chunks) = self.chunks.take() else {
                return Ok(0);
            };
            let (next, chunks) = self.remote.block(async move {
                let next = chunks.next().await.transpose()?;
                Ok((next, chunks))
            })?;
            if let Some(next) = next {
                self.chunk = next;
                self.chunks = Some(chunks);
            }
        }
        let n = buf.len().min(self.chunk.len());
        buf[..n].copy_from_slice(&self.chunk.split_to(n));
        Ok(n)
    }
}
