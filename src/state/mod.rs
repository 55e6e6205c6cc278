//! `AppState`: what every front end (HTTP handlers, the admin socket, the CLI) shares:
//! settings, the store, the key ring, the clock, and the in-memory helpers that sit beside
//! the store (rendered-page cache, view counters, sign-in limits and queue, the mail
//! wake-up).
//! Nothing here knows HTTP.

pub mod link_views;
pub mod login_limit;
pub mod mail_signal;
pub mod page_cache;
pub mod sign_in_queue;

use std::sync::{Arc, RwLock};

use crate::clock::{SharedClock, SystemClock};
use crate::config::Settings;
use crate::links::Keyring;
use crate::store::{Store, StoreError, StoreResult};
use link_views::LinkViews;
pub use mail_signal::MailSignal;

/// Everything a request handler, the admin socket or a CLI command needs. Cloned for every
/// request (extractors, layers), so it is one shared pointer: a clone is one atomic
/// increment instead of one per field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// The shared parts to change, while nothing else holds them yet (benches and tests
    /// that set limits after opening); `None` once the state was cloned.
    pub fn shared_mut(&mut self) -> Option<&mut Shared> {
        Arc::get_mut(&mut self.0)
    }
}

/// What an [`AppState`] shares.
pub struct Shared {
    pub settings: Arc<Settings>,
    pub store: Store,
    /// Swapped in place by `key rotate` while serving.
    pub keys: Arc<RwLock<Keyring>>,
    pub clock: SharedClock,
    /// Link views counted in memory, flushed in batches by a background task.
    pub link_views: LinkViews,
    /// Wakes the mail sender when something is queued.
    pub mail: MailSignal,
    /// Wakes the webhook sender when a delivery is queued.
    pub webhooks: MailSignal,
    /// Limits on console sign-in requests (per IP, per address).
    pub login_limits: Arc<login_limit::LoginLimits>,
    /// Rendered client pages and grant lookups, valid until the next committed write.
    pub pages: page_cache::PageCache,
    /// Console sign-in requests, worked off after they were answered.
    pub sign_ins: Arc<sign_in_queue::SignInQueue>,
    /// Previews of file versions and the queue of those still to render.
    pub previews: Arc<crate::previews::Previews>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("data_dir", &self.settings.data_dir)
            .finish_non_exhaustive()
    }
}

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot use data dir {dir}: {source}")]
    DataDir { dir: String, source: std::io::Error },
    #[error("{0}")]
    Keys(#[from] crate::keys::KeyError),
    #[error(
        "the database in {0} is held by another process that does not answer on its admin socket"
    )]
    Locked(String),
    #[error("cannot open the store: {0}")]
    Store(crate::store::StoreError),
    #[error("cannot set up the blob store (storage.blob_store): {0}")]
    Blobs(String),
}

impl AppState {
    /// Open the data dir: the store, then the signing keys (refusing to invent a key for
    /// existing data).
    ///
    /// # Errors
    /// A [`StartError`] naming what is wrong.
    pub fn open(settings: Settings, clock: SharedClock) -> Result<Self, StartError> {
        let dir = settings.data_dir.clone();
        crate::store::owner_only::create_dir_all(&dir).map_err(|source| StartError::DataDir {
            dir: dir.display().to_string(),
            source,
        })?;
        probe_writable(&dir).map_err(|source| StartError::DataDir {
            dir: dir.display().to_string(),
            source,
        })?;
        let blobs = crate::store::BlobStore::configured(&dir, &settings.blob_store)
            .map_err(|e| StartError::Blobs(e.to_string()))?;
        let (store, keyring) = match &settings.backend {
            crate::config::Backend::Redb => {
                let data_present = Store::data_present(&dir);
                // Keys first: a missing key must stop us before the store is created or touched.
                let keyring = crate::keys::load_or_create(&dir, data_present)?;
                let store = Store::open_with_blobs(&dir, blobs).map_err(|e| match e {
                    crate::store::StoreError::Db(redb::Error::DatabaseAlreadyOpen) => {
                        StartError::Locked(dir.display().to_string())
                    }
                    other => StartError::Store(other),
                })?;
                (store, keyring)
            }
            crate::config::Backend::Postgres { url, master_key } => {
                let store = Store::open_postgres(&dir, url, blobs).map_err(StartError::Store)?;
                let pg = store.postgres().ok_or_else(|| {
                    StartError::Store(crate::store::StoreError::Postgres(
                        "the store did not open on PostgreSQL".into(),
                    ))
                })?;
                let keyring = crate::sealed_keys::load_or_create(pg, master_key)?;
                (store, keyring)
            }
        };
        let previews =
            crate::store::previews::PreviewStore::new(dir.join("previews")).map_err(|source| {
                StartError::DataDir {
                    dir: dir.display().to_string(),
                    source,
                }
            })?;
        Ok(Self(Arc::new(Shared {
            previews: Arc::new(crate::previews::Previews::new(previews)),
            settings: Arc::new(settings),
            store,
            keys: Arc::new(RwLock::new(keyring)),
            clock,
            link_views: LinkViews::default(),
            mail: MailSignal::default(),
            webhooks: MailSignal::default(),
            login_limits: Arc::default(),
            pages: page_cache::PageCache::default(),
            sign_ins: Arc::default(),
        })))
    }

    /// Open with the wall clock.
    ///
    /// # Errors
    /// See [`AppState::open`].
    pub fn open_default(settings: Settings) -> Result<Self, StartError> {
        Self::open(settings, Arc::new(SystemClock))
    }

    /// Run a store call off the async threads.
    ///
    /// # Errors
    /// The store's error; `Batch` if the blocking task died.
    pub async fn db<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> StoreResult<T> + Send + 'static,
    {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|e| StoreError::Batch(format!("the store task failed: {e}")))?
    }

    /// A number that grows with every committed write that may change what a page of
    /// the record `scope` (the project it shows, or the client for pages of the whole
    /// client) shows: what the page cache stamps its entries with (see `page_cache`).
    #[must_use]
    pub fn record_generation(&self, scope: &str) -> u64 {
        // All only grow; a finished preview changes what a page shows as a write does.
        self.store.generation() + self.store.scope_generation(scope) + self.previews.generation()
    }

    /// A read lock on the keyring; a poisoned lock (a panic while rotating) still holds
    /// valid keys, so it is used as is.
    pub fn keyring(&self) -> std::sync::RwLockReadGuard<'_, Keyring> {
        self.keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn probe_writable(dir: &std::path::Path) -> std::io::Result<()> {
    let probe = dir.join(".write-probe");
    crate::store::owner_only::options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)?;
    std::fs::remove_file(probe)
}
