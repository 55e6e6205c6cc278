//! Previews: derived blobs, rendered once per file version (per SHA-256 of its bytes)
//! by the background worker and kept under `previews/<sha[0..2]>/<sha>/`: `1.png`,
//! `2.png`, ... and `set.json`, written last, which says how many pages there are (none
//! when the bytes are no image or PDF, or could not be rendered within the bounds).
//! They are not records: nothing in the database points at them, they are never audited,
//! and a lost one is rendered again by the scan at start.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::blobs::is_sha256_hex;
use super::owner_only;

/// The size of one rendered page, for `<img width height>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSize {
    pub width: u32,
    pub height: u32,
}

/// What rendering a version left: its pages (empty: no preview) and, when there are
/// none, why (for the log and the operator, never shown to clients).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewSet {
    pub pages: Vec<PageSize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where previews live.
#[derive(Debug, Clone)]
pub struct PreviewStore {
    root: PathBuf,
}

impl PreviewStore {
    /// # Errors
    /// When the directory cannot be created.
    pub fn new(root: PathBuf) -> std::io::Result<Self> {
        owner_only::create_dir_all(&root.join("tmp"))?;
        Ok(Self { root })
    }

    fn dir(&self, sha256: &str) -> Option<PathBuf> {
        is_sha256_hex(sha256).then(|| self.root.join(&sha256[..2]).join(sha256))
    }

    /// The finished set of a version, or None while it has not been rendered.
    #[must_use]
    pub fn set(&self, sha256: &str) -> Option<PreviewSet> {
        let raw = std::fs::read(self.dir(sha256)?.join("set.json")).ok()?;
        serde_json::from_slice(&raw).ok()
    }

    /// The image of page `page` (from 1), if rendered.
    #[must_use]
    pub fn page_path(&self, sha256: &str, page: u32) -> Option<PathBuf> {
        let set = self.set(sha256)?;
        let size = set.pages.len();
        (page >= 1 && (page as usize) <= size)
            .then(|| self.dir(sha256).map(|d| d.join(format!("{page}.png"))))
            .flatten()
    }

    /// Keep the rendered `pages` (PNG bytes with their sizes) of a version, then its set:
    /// each file is written to a temp name, synced and renamed, so a reader sees a page
    /// only once the set that names it is complete.
    ///
    /// # Errors
    /// When the files cannot be written.
    pub fn put(
        &self,
        sha256: &str,
        pages: &[(PageSize, Vec<u8>)],
        note: Option<String>,
    ) -> std::io::Result<()> {
        let dir = self
            .dir(sha256)
            .ok_or_else(|| std::io::Error::other("not a SHA-256"))?;
        owner_only::create_dir_all(&dir)?;
        for (i, (_, png)) in pages.iter().enumerate() {
            self.write_atomic(&dir.join(format!("{}.png", i + 1)), png)?;
        }
        let set = PreviewSet {
            pages: pages.iter().map(|(size, _)| *size).collect(),
            note,
        };
        let json = serde_json::to_vec(&set).map_err(std::io::Error::other)?;
        self.write_atomic(&dir.join("set.json"), &json)?;
        std::fs::File::open(&dir)?.sync_all()
    }

    fn write_atomic(&self, dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let tmp = self.root.join("tmp").join(crate::domain::new_id());
        let mut f = owner_only::options()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, dest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_is_seen_only_once_written_and_pages_only_within_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = PreviewStore::new(dir.path().join("previews")).unwrap();
        let sha = "ab".repeat(32);
        assert_eq!(store.set(&sha), None);
        assert_eq!(store.page_path(&sha, 1), None);
        let size = PageSize {
            width: 2,
            height: 1,
        };
        store.put(&sha, &[(size, b"png".to_vec())], None).unwrap();
        assert_eq!(store.set(&sha).unwrap().pages, vec![size]);
        let page = store.page_path(&sha, 1).unwrap();
        assert_eq!(std::fs::read(page).unwrap(), b"png");
        assert_eq!(store.page_path(&sha, 0), None);
        assert_eq!(store.page_path(&sha, 2), None);
        assert_eq!(store.page_path("../etc", 1), None);
    }
}
