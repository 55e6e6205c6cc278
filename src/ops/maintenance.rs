//! Whole-store chores of the command line: backups and export archives written to a path.

use std::path::Path;

use crate::error::AppError;
use crate::export::{ExportReport, Scope};
use crate::state::AppState;
use crate::store::{BackupReport, NewStaff};

use super::OpResult;

impl AppState {
    /// Whether the store answers a read and, with `s3` blobs, the bucket answers too
    /// (`/healthz`).
    ///
    /// # Errors
    /// The store's failure.
    pub fn store_answers(&self) -> OpResult<()> {
        self.store.read(|_| Ok(()))?;
        self.store.blobs().check().map_err(|e| {
            tracing::warn!(error = %e, blobs = self.store.blobs().kind(), "the blob store does not answer");
            AppError::internal(e)
        })
    }

    /// A consistent copy of the store, its blobs and its signing keys in `out` (which must
    /// be new or empty); point `data_dir` at it to restore.
    ///
    /// # Errors
    /// `Invalid` when `out` is not empty; `Internal` when it cannot be written.
    pub fn backup(&self, out: &Path) -> OpResult<BackupReport> {
        let report = self.store.backup(out)?;
        // Without its keys a copy could not verify a single issued link.
        if self.sealed_key_home().is_some() {
            // The copy is an embedded data dir: its keys go beside it as files.
            crate::keys::write_ring(&self.keyring(), out).map_err(AppError::internal)?;
        } else {
            crate::keys::copy_to(&self.settings.data_dir, out).map_err(AppError::internal)?;
        }
        Ok(report)
    }

    /// Write the export archive of `scope` to the new file `out`.
    ///
    /// # Errors
    /// `Invalid` when `out` exists; `NotFound` for the client.
    pub fn export_to(&self, scope: &Scope, out: &Path) -> OpResult<ExportReport> {
        Ok(crate::export::export(&self.store, scope, out)?)
    }

    /// A new staff member (the first becomes the owner) and their API token, shown once.
    ///
    /// # Errors
    /// Invalid fields; `Conflict` when the address is taken.
    pub fn add_staff(
        &self,
        actor: &crate::store::Actor,
        new: NewStaff,
    ) -> OpResult<(crate::domain::Staff, String)> {
        Ok(self.store.create_staff(actor, self.clock.now(), new)?)
    }
}
