//! Previews (SPEC 13): what is still to render, and a rendered page through a link. A
//! preview is seen under the same scope as a download, with the right to view: a link
//! without `download` (proofing) still sees it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::domain::FileRecord;
use crate::domain::access::Action;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::previews::PageSize;

use super::OpResult;
use super::portal::LiveLink;

impl AppState {
    /// The SHA-256 of every file version that has no finished preview set yet, oldest
    /// file first: what the worker renders at start.
    ///
    /// # Errors
    /// A database failure.
    pub fn preview_backlog(&self) -> OpResult<Vec<String>> {
        let files = self.store.read(|rx| rx.all::<FileRecord>())?;
        let mut seen = std::collections::BTreeSet::new();
        Ok(files
            .iter()
            .flat_map(|f| f.versions.iter())
            .filter(|v| seen.insert(v.sha256.clone()))
            .filter(|v| self.previews.store.set(&v.sha256).is_none())
            .map(|v| v.sha256.clone())
            .collect())
    }

    /// The rendered pages of each of `sha256s` that has any (for pages to show them).
    #[must_use]
    pub fn preview_pages<'a>(
        &self,
        sha256s: impl IntoIterator<Item = &'a str>,
    ) -> BTreeMap<String, Vec<PageSize>> {
        sha256s
            .into_iter()
            .filter_map(|sha| {
                let set = self.previews.store.set(sha)?;
                (!set.pages.is_empty()).then(|| (sha.to_owned(), set.pages))
            })
            .collect()
    }

    /// Page `page` (from 1) of the preview of version `n` of a file, through a link.
    ///
    /// # Errors
    /// `NotFound` outside the link, for no such version, and while the preview is not
    /// ready (or the version has none).
    pub fn portal_preview(
        &self,
        link: &LiveLink,
        file_id: &str,
        n: u32,
        page: u32,
    ) -> OpResult<PathBuf> {
        let file = self.file_for_link(link, file_id, Action::View)?;
        let version = file.version(n).ok_or(AppError::NotFound("file version"))?;
        self.previews
            .store
            .page_path(&version.sha256, page)
            .ok_or(AppError::NotFound("preview"))
    }
}
