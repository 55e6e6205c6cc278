//! Content-addressed file bytes under `<sha256[0..2]>/<sha256>`: in `data_dir/blobs` (the
//! `fs` blob store, the default) or in an S3-compatible bucket under `<prefix>/` (`s3`, see
//! [`s3`]).
//!
//! Bytes are streamed into a local temp file while hashing, then stored under their
//! address before the record that points at them commits: `fs` fsyncs the file, renames it
//! into place and fsyncs the directory; `s3` uploads it (multipart when large) unless an
//! object of that key and size is there already. A crash can leave an unreferenced blob,
//! never a record pointing at bytes that are not stored.
//!
//! Every reader goes through here, never through a path of its own: downloads
//! ([`BlobStore::open`], ranged), previews ([`BlobStore::read_bounded`]), export archives
//! ([`BlobStore::reader`]) and backups ([`BlobStore::copy_referenced`]).

mod s3;

use std::io::{self, Read as _, Write as _};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt as _, AsyncSeekExt as _, AsyncWriteExt as _};

use super::{Rx, StoreResult};
use crate::config::BlobBackend;
use crate::domain::FileRecord;

/// A blob's bytes as they arrive.
pub type ByteStream = BoxStream<'static, io::Result<Bytes>>;

/// Where blobs live. Cheap to clone.
#[derive(Clone)]
pub struct BlobStore {
    /// `fs`: the blobs themselves; `s3`: only `tmp/`, where uploads are hashed.
    root: PathBuf,
    remote: Option<Arc<s3::Remote>>,
}

impl std::fmt::Debug for BlobStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.remote {
            None => f.debug_struct("BlobStore").field("fs", &self.root).finish(),
            Some(r) => f.debug_struct("BlobStore").field("s3", &r.name()).finish(),
        }
    }
}

/// A blob that is safely stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    pub sha256: String,
    pub size: u64,
}

/// Whether `s` is a lower-case hex SHA-256 (guards every path and key built from a hash).
#[must_use]
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn malformed(sha256: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{sha256:?} is not a SHA-256"),
    )
}

/// Hashes below at most this size are read whole (previews of small files, tests).
const READ_CHUNK: usize = 64 * 1024;

impl BlobStore {
    /// The `fs` blob store in `root`.
    ///
    /// # Errors
    /// When the directories cannot be created.
    pub fn new(root: PathBuf) -> io::Result<Self> {
        super::owner_only::create_dir_all(&root.join("tmp"))?;
        Ok(Self { root, remote: None })
    }

    /// The configured blob store of a data dir (`storage.blob_store`): `data_dir/blobs`
    /// for `fs`; for `s3` the bucket, with uploads hashed in `data_dir/blobs/tmp`.
    ///
    /// # Errors
    /// When the directories cannot be created or the S3 client cannot be set up (a bad
    /// endpoint, no TLS roots). Nothing is sent to the bucket yet: see [`BlobStore::check`].
    pub fn configured(data_dir: &Path, backend: &BlobBackend) -> io::Result<Self> {
        let root = data_dir.join("blobs");
        match backend {
            BlobBackend::Fs => Self::new(root),
            BlobBackend::S3(settings) => {
                super::owner_only::create_dir_all(&root.join("tmp"))?;
                Ok(Self {
                    root,
                    remote: Some(Arc::new(s3::Remote::new(settings)?)),
                })
            }
        }
    }

    /// `fs` or `s3`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        if self.remote.is_some() { "s3" } else { "fs" }
    }

    /// Path of the blob with this hash in an `fs` store; None for a malformed hash and in
    /// an `s3` store (read through [`BlobStore::open`] or [`BlobStore::reader`] instead).
    #[must_use]
    pub fn path(&self, sha256: &str) -> Option<PathBuf> {
        (self.remote.is_none() && is_sha256_hex(sha256)).then(|| self.fs_path(sha256))
    }

    fn fs_path(&self, sha256: &str) -> PathBuf {
        self.root.join(&sha256[..2]).join(sha256)
    }

    /// A handle on the blob with this hash; None for a malformed hash.
    #[must_use]
    pub fn blob(&self, sha256: &str) -> Option<BlobRef> {
        is_sha256_hex(sha256).then(|| BlobRef {
            store: self.clone(),
            sha256: sha256.to_owned(),
        })
    }

    /// Whether the blob store answers: the blob directory is there (`fs`), the bucket
    /// answers a listing with these credentials (`s3`, within a few seconds).
    ///
    /// # Errors
    /// What went wrong, in words.
    pub fn check(&self) -> io::Result<()> {
        match &self.remote {
            None => std::fs::metadata(&self.root).and_then(|m| {
                if m.is_dir() {
                    Ok(())
                } else {
                    Err(io::Error::other("the blob directory is not a directory"))
                }
            }),
            Some(r) => r.check(),
        }
    }

    /// Start writing a new blob.
    ///
    /// # Errors
    /// When the temp file cannot be created.
    pub async fn writer(&self) -> io::Result<BlobWriter> {
        let tmp = self.root.join("tmp").join(crate::domain::new_id());
        let file = tokio::fs::OpenOptions::new()
            .mode(super::owner_only::FILE_MODE)
            .write(true)
            .create_new(true)
            .open(&tmp)
            .await?;
        Ok(BlobWriter {
            store: self.clone(),
            tmp,
            file: Some(file),
            hasher: Sha256::new(),
            size: 0,
        })
    }

    /// Store `bytes` synchronously (photos, seeding, tests).
    ///
    /// # Errors
    /// When the bytes cannot be written or uploaded.
    pub fn put_bytes(&self, bytes: &[u8]) -> io::Result<StoredBlob> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        if let Some(r) = &self.remote {
            r.put_bytes(&sha256, Bytes::copy_from_slice(bytes))?;
        } else {
            let tmp = self.root.join("tmp").join(crate::domain::new_id());
            let mut f = super::owner_only::options()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            drop(f);
            self.commit_tmp(&tmp, &sha256)?;
        }
        Ok(StoredBlob {
            sha256,
            size: bytes.len() as u64,
        })
    }

    fn commit_tmp(&self, tmp: &Path, sha256: &str) -> io::Result<()> {
        let dir = self.root.join(&sha256[..2]);
        super::owner_only::create_dir_all(&dir)?;
        let dest = dir.join(sha256);
        if dest.exists() {
            // Same hash, same bytes: keep the one already there.
            std::fs::remove_file(tmp)?;
        } else {
            std::fs::rename(tmp, &dest)?;
            std::fs::File::open(&dir)?.sync_all()?;
        }
        Ok(())
    }

    /// Open a blob for reading: its size now, its bytes (or a range of them) when asked.
    ///
    /// # Errors
    /// `NotFound` when the blob is missing; a malformed hash; the store's failure.
    pub async fn open(&self, sha256: &str) -> io::Result<OpenBlob> {
        if !is_sha256_hex(sha256) {
            return Err(malformed(sha256));
        }
        match &self.remote {
            None => {
                let file = tokio::fs::File::open(self.fs_path(sha256)).await?;
                let size = file.metadata().await?.len();
                Ok(OpenBlob {
                    size,
                    source: Source::File(file),
                })
            }
            Some(r) => {
                let size = r.size(sha256).await?;
                Ok(OpenBlob {
                    size,
                    source: Source::Remote(Arc::clone(r), sha256.to_owned()),
                })
            }
        }
    }

    /// A blocking reader of a blob's bytes (archives written on a blocking thread).
    ///
    /// # Errors
    /// `NotFound` when the blob is missing; a malformed hash; the store's failure.
    pub fn reader(&self, sha256: &str) -> io::Result<Box<dyn io::Read + Send>> {
        if !is_sha256_hex(sha256) {
            return Err(malformed(sha256));
        }
        match &self.remote {
            None => Ok(Box::new(std::fs::File::open(self.fs_path(sha256))?)),
            Some(r) => Ok(Box::new(s3::BlockingReader::open(r, sha256)?)),
        }
    }

    /// A blob's bytes, or None when it is larger than `max` (nothing read then).
    ///
    /// # Errors
    /// `NotFound` when the blob is missing; a malformed hash; the store's failure.
    pub async fn read_bounded(&self, sha256: &str, max: u64) -> io::Result<Option<Vec<u8>>> {
        let blob = self.open(sha256).await?;
        if blob.size() > max {
            return Ok(None);
        }
        let capacity = usize::try_from(blob.size()).unwrap_or(0);
        let mut stream = blob.stream(None).await?;
        let mut out = Vec::with_capacity(capacity);
        while let Some(chunk) = stream.next().await {
            out.extend_from_slice(&chunk?);
            if out.len() as u64 > max {
                return Ok(None);
            }
        }
        Ok(Some(out))
    }

    /// Copy every blob referenced by a file version in `rx` into `dest`, laid out like an
    /// `fs` blob store (`<sha256[0..2]>/<sha256>`), whatever this store is: a backup then
    /// opens as a plain data dir. Bytes read from `s3` are checked against their hash.
    ///
    /// # Errors
    /// When a referenced blob is missing or cannot be copied.
    pub fn copy_referenced(&self, rx: &Rx, dest: &Path) -> StoreResult<u64> {
        super::owner_only::create_dir_all(&dest.join("tmp"))?;
        let mut n = 0;
        for file in rx.all::<FileRecord>()? {
            for v in &file.versions {
                if !is_sha256_hex(&v.sha256) {
                    continue;
                }
                let dir = dest.join(&v.sha256[..2]);
                super::owner_only::create_dir_all(&dir)?;
                let target = dir.join(&v.sha256);
                if target.exists() {
                    continue;
                }
                match &self.remote {
                    None => {
                        super::owner_only::copy_new(&self.fs_path(&v.sha256), &target)?;
                    }
                    Some(_) => self.download_to(&v.sha256, &dest.join("tmp"), &target)?,
                }
                n += 1;
            }
        }
        Ok(n)
    }

    /// Write a blob read through [`BlobStore::reader`] to the new file `target`, checking
    /// its hash, by way of a temp file in `tmp_dir` (renamed once complete and flushed).
    fn download_to(&self, sha256: &str, tmp_dir: &Path, target: &Path) -> io::Result<()> {
        let tmp = tmp_dir.join(crate::domain::new_id());
        let copied = (|| {
            let mut from = self.reader(sha256)?;
            let mut to = super::owner_only::options()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            let mut hash = Sha256::new();
            let mut buf = vec![0u8; READ_CHUNK];
            loop {
                let n = from.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                hash.update(&buf[..n]);
                to.write_all(&buf[..n])?;
            }
            to.sync_all()?;
            if hex::encode(hash.finalize()) != sha256 {
                return Err(io::Error::other(format!(
                    "the stored bytes of {sha256} do not match their hash"
                )));
            }
            std::fs::rename(&tmp, target)
        })();
        if copied.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        copied
    }
}

/// One blob of a store, by its hash: what a download, a preview or an archive reads.
#[derive(Debug, Clone)]
pub struct BlobRef {
    store: BlobStore,
    sha256: String,
}

impl BlobRef {
    #[must_use]
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// See [`BlobStore::open`].
    ///
    /// # Errors
    /// As there.
    pub async fn open(&self) -> io::Result<OpenBlob> {
        self.store.open(&self.sha256).await
    }

    /// See [`BlobStore::reader`].
    ///
    /// # Errors
    /// As there.
    pub fn reader(&self) -> io::Result<Box<dyn io::Read + Send>> {
        self.store.reader(&self.sha256)
    }
}

/// A blob found, with its size; its bytes are read by [`OpenBlob::stream`].
pub struct OpenBlob {
    size: u64,
    source: Source,
}

enum Source {
    File(tokio::fs::File),
    Remote(Arc<s3::Remote>, String),
}

impl OpenBlob {
    #[must_use]
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The blob's bytes, or those of `range` (inclusive, within the size). From `s3` the
    /// request goes out when the stream is first polled: a HEAD answer never fetches.
    ///
    /// # Errors
    /// When the file cannot be positioned.
    pub async fn stream(self, range: Option<RangeInclusive<u64>>) -> io::Result<ByteStream> {
        match self.source {
            Source::File(mut file) => match range {
                None => Ok(tokio_util::io::ReaderStream::with_capacity(file, READ_CHUNK).boxed()),
                Some(r) => {
                    file.seek(io::SeekFrom::Start(*r.start())).await?;
                    let len = r.end().saturating_sub(*r.start()) + 1;
                    Ok(
                        tokio_util::io::ReaderStream::with_capacity(file.take(len), READ_CHUNK)
                            .boxed(),
                    )
                }
            },
            Source::Remote(remote, sha256) => Ok(remote.stream(&sha256, range)),
        }
    }
}

/// A blob being written: feed it chunks, then [`BlobWriter::finish`].
pub struct BlobWriter {
    store: BlobStore,
    tmp: PathBuf,
    file: Option<tokio::fs::File>,
    hasher: Sha256,
    size: u64,
}

impl BlobWriter {
    /// # Errors
    /// When the disk write fails.
    pub async fn write(&mut self, chunk: &[u8]) -> io::Result<()> {
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        match self.file.as_mut() {
            Some(f) => f.write_all(chunk).await,
            None => Err(io::Error::other("blob writer already finished")),
        }
    }

    /// Bytes written so far.
    #[must_use]
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Make the bytes durable under their content address: fsynced and renamed into
    /// place (`fs`), or uploaded (`s3`; the temp file is removed either way).
    ///
    /// # Errors
    /// When fsync, rename or the upload fails.
    pub async fn finish(mut self) -> io::Result<StoredBlob> {
        let Some(mut file) = self.file.take() else {
            return Err(io::Error::other("blob writer already finished"));
        };
        let sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let tmp = std::mem::take(&mut self.tmp);
        file.flush().await?;
        if let Some(remote) = &self.store.remote {
            drop(file);
            let uploaded = remote.upload_file(&tmp, &sha256, self.size).await;
            let _ = tokio::fs::remove_file(&tmp).await;
            uploaded?;
        } else {
            file.sync_all().await?;
            drop(file);
            let store = self.store.clone();
            let sha = sha256.clone();
            tokio::task::spawn_blocking(move || store.commit_tmp(&tmp, &sha))
                .await
                .map_err(io::Error::other)??;
        }
        Ok(StoredBlob {
            sha256,
            size: self.size,
        })
    }
}

impl Drop for BlobWriter {
    fn drop(&mut self) {
        // An abandoned upload (client gone, too large) leaves no temp file behind.
        if self.file.is_some() && !self.tmp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt as _;

    async fn collect(blob: OpenBlob, range: Option<RangeInclusive<u64>>) -> Vec<u8> {
        let chunks: Vec<Bytes> = blob
            .stream(range)
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        chunks.concat()
    }

    #[tokio::test]
    async fn fs_blobs_read_whole_in_ranges_bounded_and_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::new(dir.path().join("blobs")).unwrap();
        assert_eq!(store.kind(), "fs");
        store.check().unwrap();
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut w = store.writer().await.unwrap();
        w.write(&bytes[..1000]).await.unwrap();
        w.write(&bytes[1000..]).await.unwrap();
        let stored = w.finish().await.unwrap();
        assert_eq!(stored.sha256, hex::encode(Sha256::digest(&bytes)));
        assert_eq!(stored.size, bytes.len() as u64);
        let again = store.put_bytes(&bytes).unwrap();
        assert_eq!(again, stored, "same bytes, same blob");
        assert!(store.path(&stored.sha256).unwrap().is_file());

        let blob = store.blob(&stored.sha256).unwrap();
        let open = blob.open().await.unwrap();
        assert_eq!(open.size(), bytes.len() as u64);
        assert_eq!(collect(open, None).await, bytes);
        let open = blob.open().await.unwrap();
        assert_eq!(collect(open, Some(10..=99)).await, &bytes[10..100]);

        let mut read = Vec::new();
        blob.reader().unwrap().read_to_end(&mut read).unwrap();
        assert_eq!(read, bytes);
        assert_eq!(
            store
                .read_bounded(&stored.sha256, 200_000)
                .await
                .unwrap()
                .as_deref(),
            Some(&bytes[..])
        );
        assert_eq!(
            store.read_bounded(&stored.sha256, 199_999).await.unwrap(),
            None
        );

        let missing = "0".repeat(64);
        assert_eq!(
            store.open(&missing).await.err().map(|e| e.kind()),
            Some(io::ErrorKind::NotFound)
        );
        assert!(store.blob("../etc/passwd").is_none());
        assert_eq!(
            store.reader("x").err().map(|e| e.kind()),
            Some(io::ErrorKind::InvalidInput)
        );
        let tmp = std::fs::read_dir(dir.path().join("blobs/tmp"))
            .unwrap()
            .count();
        assert_eq!(tmp, 0, "no temp file left behind");
    }

    #[test]
    fn a_debug_line_names_the_backend() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::configured(dir.path(), &BlobBackend::Fs).unwrap();
        assert!(format!("{store:?}").contains("fs"));
    }
}
