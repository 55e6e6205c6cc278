//! Content-addressed file bytes under `blobs/<sha256[0..2]>/<sha256>`.
//!
//! Bytes are streamed into a temp file while hashing, fsynced, then renamed into place and
//! the directory fsynced, all before the record that points at them commits: a crash can
//! leave an unreferenced blob, never a record pointing at missing bytes.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt as _;

use super::{Rx, StoreResult};
use crate::domain::FileRecord;

/// Where blobs live.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

/// A blob that is safely on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    pub sha256: String,
    pub size: u64,
}

/// Whether `s` is a lower-case hex SHA-256 (guards every path built from a hash).
#[must_use]
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl BlobStore {
    /// # Errors
    /// When the directories cannot be created.
    pub fn new(root: PathBuf) -> std::io::Result<Self> {
        super::owner_only::create_dir_all(&root.join("tmp"))?;
        Ok(Self { root })
    }

    /// Path of the blob with this hash, or None for a malformed hash.
    #[must_use]
    pub fn path(&self, sha256: &str) -> Option<PathBuf> {
        is_sha256_hex(sha256).then(|| self.root.join(&sha256[..2]).join(sha256))
    }

    /// Start writing a new blob.
    ///
    /// # Errors
    /// When the temp file cannot be created.
    pub async fn writer(&self) -> std::io::Result<BlobWriter> {
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

    /// Store `bytes` synchronously (seeding, tests).
    ///
    /// # Errors
    /// When the bytes cannot be written.
    pub fn put_bytes(&self, bytes: &[u8]) -> std::io::Result<StoredBlob> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let tmp = self.root.join("tmp").join(crate::domain::new_id());
        let mut f = super::owner_only::options()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        self.commit_tmp(&tmp, &sha256)?;
        Ok(StoredBlob {
            sha256,
            size: bytes.len() as u64,
        })
    }

    fn commit_tmp(&self, tmp: &Path, sha256: &str) -> std::io::Result<()> {
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

    /// Copy every blob referenced by a file version in `rx` into `dest` (same layout).
    ///
    /// # Errors
    /// When a referenced blob is missing or cannot be copied.
    pub fn copy_referenced(&self, rx: &Rx, dest: &Path) -> StoreResult<u64> {
        super::owner_only::create_dir_all(&dest.join("tmp"))?;
        let mut n = 0;
        for file in rx.all::<FileRecord>()? {
            for v in &file.versions {
                let Some(src) = self.path(&v.sha256) else {
                    continue;
                };
                let dir = dest.join(&v.sha256[..2]);
                super::owner_only::create_dir_all(&dir)?;
                let target = dir.join(&v.sha256);
                if !target.exists() {
                    super::owner_only::copy_new(&src, &target)?;
                    n += 1;
                }
            }
        }
        Ok(n)
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
    pub async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        match self.file.as_mut() {
            Some(f) => f.write_all(chunk).await,
            None => Err(std::io::Error::other("blob writer already finished")),
        }
    }

    /// Bytes written so far.
    #[must_use]
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Make the bytes durable and move them to their content address.
    ///
    /// # Errors
    /// When fsync or rename fails.
    pub async fn finish(mut self) -> std::io::Result<StoredBlob> {
        let Some(mut file) = self.file.take() else {
            return Err(std::io::Error::other("blob writer already finished"));
        };
        file.flush().await?;
        file.sync_all().await?;
        drop(file);
        let sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let store = self.store.clone();
        let tmp = std::mem::take(&mut self.tmp);
        let sha = sha256.clone();
        tokio::task::spawn_blocking(move || store.commit_tmp(&tmp, &sha))
            .await
            .map_err(std::io::Error::other)??;
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
