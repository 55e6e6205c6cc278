//! The signing key ring.

use crate::state::AppState;
use crate::store::{Actor, StoreError, StoreResult};

impl AppState {
    /// Make a new signing key current; earlier keys keep verifying.
    ///
    /// # Errors
    /// When the key directory cannot be written.
    pub fn rotate_key(&self, actor: &Actor) -> StoreResult<u32> {
        let id = crate::keys::rotate(&self.settings.data_dir)
            .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
        let fresh = crate::keys::load_or_create(&self.settings.data_dir, true)
            .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
        *self
            .keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = fresh;
        self.store.write(actor, self.clock.now(), |tx| {
            tx.audit("key.rotated", &[], serde_json::json!({"key_id": id}))
        })?;
        Ok(id)
    }
}
