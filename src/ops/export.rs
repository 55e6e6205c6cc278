//! Export for download: one client or everything as a `.zip` written to an unnamed temp
//! file under the data dir (it vanishes when its handle is dropped).

use super::OpResult;
use crate::domain::Client;
use crate::domain::ids::looks_like_id;
use crate::error::AppError;
use crate::export::{Scope, export_to_temp};
use crate::state::AppState;

/// An export ready to stream: the archive (rewound), its length and a download name.
#[derive(Debug)]
pub struct ExportArchive {
    pub file: std::fs::File,
    pub len: u64,
    /// `porthole-all-<date>.zip` or `porthole-client-<id>-<date>.zip`; only well-formed
    /// ids get into it, so it is safe in a header.
    pub file_name: String,
}

impl AppState {
    /// The clients one can export, by name.
    ///
    /// # Errors
    /// A database failure.
    pub fn export_choices(&self) -> OpResult<Vec<Client>> {
        Ok(self.store.clients()?)
    }

    /// Write the export of `scope` to an unnamed temp file.
    ///
    /// # Errors
    /// `NotFound` for the client (a malformed id is refused before the store is asked),
    /// `Internal` when the archive cannot be written.
    pub fn export_archive(&self, scope: Scope) -> OpResult<ExportArchive> {
        let date = self.clock.now().date();
        let file_name = match &scope {
            Scope::All => format!("porthole-all-{date}.zip"),
            Scope::Client(id) if looks_like_id(id) => {
                format!("porthole-client-{id}-{date}.zip")
            }
            Scope::Client(_) => return Err(AppError::NotFound("client")),
        };
        let dir = self.settings.data_dir.join("tmp");
        let (file, _) = export_to_temp(&self.store, &scope, &dir)?;
        let len = file.metadata().map_err(AppError::internal)?.len();
        Ok(ExportArchive {
            file,
            len,
            file_name,
        })
    }
}
