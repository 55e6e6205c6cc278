//! Files: an upload becomes the next version of the file of that name in its project
//! (its bytes streamed to the blob store within the upload limit); staff show or hide
//! files on client pages.

use serde::Serialize;

use super::OpResult;
use crate::domain::file_requests::{Sniffed, Sniffer};
use crate::domain::{FileRecord, FileVersion};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::blobs::{BlobRef, BlobWriter};
use crate::store::{Actor, NewFileVersion, ReadRecords as _, StoredBlob};

/// An upload form as received: the file's bytes (already stored) and the text fields.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    /// `None` when the form had no file.
    pub blob: Option<StoredBlob>,
    /// The file name the sender gave with the file, if any.
    pub file_name: Option<String>,
    /// The name to file it under; empty or absent means the sender's file name.
    pub name: Option<String>,
    /// Empty or absent: no milestone.
    pub milestone_id: Option<String>,
    pub note: Option<String>,
}

/// A file with the version an upload just added.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Uploaded {
    #[serde(flatten)]
    pub file: FileRecord,
    pub version: FileVersion,
}

/// Where an upload's bytes go while they arrive: a blob that refuses to grow past the
/// upload limit (`max_upload_bytes`).
pub struct UploadSink {
    writer: BlobWriter,
    limit: u64,
    /// Watches the bytes go by when what they are matters (file requests).
    sniffer: Option<Sniffer>,
}

impl UploadSink {
    /// Append a chunk.
    ///
    /// # Errors
    /// `PayloadTooLarge` past the limit (nothing is kept), `Internal` when the disk fails.
    pub async fn write(&mut self, chunk: &[u8]) -> OpResult<()> {
        if self.writer.size() + chunk.len() as u64 > self.limit {
            return Err(AppError::PayloadTooLarge(self.limit));
        }
        if let Some(s) = &mut self.sniffer {
            s.feed(chunk);
        }
        self.writer.write(chunk).await.map_err(AppError::internal)
    }

    /// The same sink with a lower limit (a file request's `max_bytes`).
    #[must_use]
    pub fn limited_to(mut self, limit: u64) -> Self {
        self.limit = self.limit.min(limit);
        self
    }

    /// The same sink, sniffing what the bytes are (see `domain::file_requests`).
    #[must_use]
    pub fn sniffing(mut self) -> Self {
        self.sniffer = Some(Sniffer::default());
        self
    }

    /// The largest number of bytes it takes.
    #[must_use]
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// What the bytes so far sniffed as (`None` unless [`UploadSink::sniffing`]).
    #[must_use]
    pub fn sniffed(&self) -> Option<Sniffed> {
        self.sniffer.as_ref().map(Sniffer::finish)
    }

    /// [`UploadSink::finish`], with what the bytes sniffed as (`None` unless
    /// [`UploadSink::sniffing`]).
    ///
    /// # Errors
    /// `Internal` when the disk fails.
    pub async fn finish_sniffed(mut self) -> OpResult<(StoredBlob, Option<Sniffed>)> {
        let sniffed = self.sniffer.take().map(|s| s.finish());
        Ok((self.finish().await?, sniffed))
    }

    /// Make the bytes durable under their content address.
    ///
    /// # Errors
    /// `Internal` when the disk fails.
    pub async fn finish(self) -> OpResult<StoredBlob> {
        self.writer.finish().await.map_err(AppError::internal)
    }
}

impl AppState {
    /// A file version's record and its bytes in the blob store, for staff (who see every
    /// file, hidden or not).
    ///
    /// # Errors
    /// `NotFound` for the file or the version.
    pub fn staff_download(
        &self,
        file_id: &str,
        n: u32,
    ) -> OpResult<(FileRecord, FileVersion, BlobRef)> {
        let file: FileRecord = self.store.read(|rx| rx.get(file_id))?;
        let (version, blob) = self.stored_version(&file, n)?;
        Ok((file, version, blob))
    }

    /// Version `n` of `file` and its bytes in the blob store.
    ///
    /// # Errors
    /// `NotFound` for a version the file does not have or with a malformed hash.
    pub(super) fn stored_version(
        &self,
        file: &FileRecord,
        n: u32,
    ) -> OpResult<(FileVersion, BlobRef)> {
        let version = file
            .version(n)
            .cloned()
            .ok_or(AppError::NotFound("file version"))?;
        let blob = self
            .store
            .blobs()
            .blob(&version.sha256)
            .ok_or(AppError::NotFound("file version"))?;
        Ok((version, blob))
    }

    /// Refuse an upload to an unknown project before its (possibly large) body is read.
    ///
    /// # Errors
    /// `NotFound` for the project.
    pub fn check_upload_target(&self, project_id: &str) -> OpResult<()> {
        self.store.project_detail(project_id)?;
        Ok(())
    }

    /// A new sink for an upload's bytes. Async, unlike other operations: the bytes are
    /// written as they arrive.
    ///
    /// # Errors
    /// `Internal` when the blob store cannot make a temp file.
    pub async fn upload_sink(&self) -> OpResult<UploadSink> {
        let writer = self
            .store
            .blobs()
            .writer()
            .await
            .map_err(AppError::internal)?;
        Ok(UploadSink {
            writer,
            limit: self.settings.max_upload_bytes,
            sniffer: None,
        })
    }

    /// Record an upload as the next version of the file of its name in the project (the
    /// first version of a new file otherwise). A new version re-opens the file's
    /// approvals on it and queues their notices for the sender's next poll.
    ///
    /// # Errors
    /// `Invalid` without a file or a usable name, or for a bad name, note or milestone;
    /// `NotFound` for the project.
    pub fn add_file_version(
        &self,
        actor: &Actor,
        project_id: &str,
        upload: Upload,
    ) -> OpResult<Uploaded> {
        let blob = upload
            .blob
            .ok_or_else(|| AppError::invalid("file", "is required"))?;
        let name = upload
            .name
            .filter(|n| !n.trim().is_empty())
            .or(upload.file_name)
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| {
                AppError::invalid("name", "is required (or send a filename with the file)")
            })?;
        let content_type = mime_guess::from_path(&name)
            .first_or_octet_stream()
            .essence_str()
            .to_owned();
        let new = NewFileVersion {
            name,
            milestone_id: upload.milestone_id.filter(|m| !m.trim().is_empty()),
            note: upload.note,
            content_type,
            blob,
        };
        let (file, version) =
            self.store
                .add_file_version(actor, self.clock.now(), project_id, new)?;
        self.previews.enqueue(&version.sha256);
        Ok(Uploaded { file, version })
    }

    /// One file with its versions.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn file_record(&self, id: &str) -> OpResult<FileRecord> {
        Ok(self.store.file(id)?)
    }

    /// Show or hide a file on client pages.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn set_file_visibility(
        &self,
        actor: &Actor,
        id: &str,
        client_visible: bool,
    ) -> OpResult<FileRecord> {
        Ok(self
            .store
            .set_file_visibility(actor, self.clock.now(), id, client_visible)?)
    }
}
