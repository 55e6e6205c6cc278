//! The signing key ring.

use crate::state::AppState;
use crate::store::{Actor, StoreError, StoreResult};

impl AppState {
    /// Make a new signing key current; earlier keys keep verifying.
    ///
    /// # Errors
    /// When the key directory cannot be written.
    pub fn rotate_key(&self, actor: &Actor) -> StoreResult<u32> {
        let failed =
            |e: crate::keys::KeyError| StoreError::Io(std::io::Error::other(e.to_string()));
        let id = match self.sealed_key_home() {
            Some((pg, master)) => crate::sealed_keys::rotate(pg, master).map_err(failed)?,
            None => crate::keys::rotate(&self.settings.data_dir).map_err(failed)?,
        };
        self.reload_keys().map_err(failed)?;
        self.store.write(actor, self.clock.now(), |tx| {
            tx.audit("key.rotated", &[], serde_json::json!({"key_id": id}))
        })?;
        Ok(id)
    }

    /// Delete a retired signing key: links signed with it stop opening at once (here; in
    /// other processes at their next look at the keys).
    ///
    /// # Errors
    /// The current key, an unknown key, or a failure to write the keys.
    pub fn remove_key(&self, actor: &Actor, id: u32) -> StoreResult<()> {
        let failed = |e: crate::keys::KeyError| match e {
            e @ (crate::keys::KeyError::RemoveCurrent(_) | crate::keys::KeyError::Unknown(_)) => {
                StoreError::invalid("key", e.to_string())
            }
            e => StoreError::Io(std::io::Error::other(e.to_string())),
        };
        match self.sealed_key_home() {
            Some((pg, master)) => crate::sealed_keys::remove(pg, master, id).map_err(failed)?,
            None => crate::keys::remove(&self.settings.data_dir, id).map_err(failed)?,
        }
        self.reload_keys().map_err(failed)?;
        self.store.write(actor, self.clock.now(), |tx| {
            tx.audit("key.removed", &[], serde_json::json!({"key_id": id}))
        })?;
        Ok(())
    }

    /// The database and master key, when signing keys live in PostgreSQL.
    #[must_use]
    pub fn sealed_key_home(&self) -> Option<(&crate::store::pg::PgBackend, &[u8; 32])> {
        match (&self.settings.backend, self.store.postgres()) {
            (crate::config::Backend::Postgres { master_key, .. }, Some(pg)) => {
                Some((pg, master_key))
            }
            _ => None,
        }
    }

    /// Read the signing keys again (another process may have rotated them).
    ///
    /// # Errors
    /// When the keys cannot be read or opened; the ring in use stays as it was.
    pub fn reload_keys(&self) -> Result<(), crate::keys::KeyError> {
        let fresh = match self.sealed_key_home() {
            Some((pg, master)) => crate::sealed_keys::load_or_create(pg, master)?,
            None => crate::keys::load_or_create(&self.settings.data_dir, true)?,
        };
        *self
            .keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = fresh;
        Ok(())
    }
}
