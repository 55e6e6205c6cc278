//! Previews of file versions (SPEC 13), made in the background: never in the request
//! that uploads, never inside its write. An upload queues its version's SHA-256 once the
//! write committed; at start every version without a finished set is queued again, so a
//! restart (or a crash mid-render) loses nothing. One version renders at a time, on a
//! thread of its own, within [`RENDER_TIMEOUT`]; a file that panics the decoder, runs
//! past the limit or breaks a bound gets an empty set and never a second try.

pub mod render;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;

use crate::state::AppState;
use crate::store::previews::{PageSize, PreviewStore};

/// How long one version may render.
pub const RENDER_TIMEOUT: Duration = Duration::from_secs(20);

/// The preview store, the queue of versions to render and a counter of finished sets.
#[derive(Debug)]
pub struct Previews {
    pub store: PreviewStore,
    queue: mpsc::UnboundedSender<String>,
    jobs: std::sync::Mutex<Option<mpsc::UnboundedReceiver<String>>>,
    finished: AtomicU64,
}

impl Previews {
    /// Previews kept in `store`, with an empty queue.
    #[must_use]
    pub fn new(store: PreviewStore) -> Self {
        let (queue, jobs) = mpsc::unbounded_channel();
        Self {
            store,
            queue,
            jobs: std::sync::Mutex::new(Some(jobs)),
            finished: AtomicU64::new(0),
        }
    }

    /// Ask for the previews of the version with this SHA-256 (after its write committed).
    pub fn enqueue(&self, sha256: &str) {
        // Only fails once the worker stopped: the scan at the next start catches up.
        let _ = self.queue.send(sha256.to_owned());
    }

    /// Grows with every finished set: cached pages that show previews render anew.
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.finished.load(Ordering::Acquire)
    }

    fn take_jobs(&self) -> Option<mpsc::UnboundedReceiver<String>> {
        self.jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

/// The worker: first every version left without a set, then each one queued.
pub async fn run(state: AppState) {
    let Some(mut jobs) = state.previews.take_jobs() else {
        return;
    };
    match state.op(|s| s.preview_backlog()).await {
        Ok(backlog) => {
            for sha in backlog {
                make(&state, sha).await;
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not list versions for previews"),
    }
    while let Some(sha) = jobs.recv().await {
        make(&state, sha).await;
    }
}

/// Render one version's previews, unless it has a set already.
async fn make(state: &AppState, sha: String) {
    let previews = Arc::clone(&state.previews);
    if previews.store.set(&sha).is_some() {
        return;
    }
    let read = state
        .store
        .blobs()
        .read_bounded(&sha, render::MAX_SOURCE_BYTES)
        .await;
    let outcome = match read {
        Ok(Some(bytes)) => render_isolated(bytes).await,
        Ok(None) => Err("larger than the preview limit".to_owned()),
        Err(e) => {
            tracing::warn!(error = %e, sha256 = %sha, "cannot read a version for its preview");
            return;
        }
    };
    let (pages, note) = match outcome {
        Ok(pages) => (pages, None),
        Err(why) => {
            tracing::info!(sha256 = %sha, %why, "no preview");
            (Vec::new(), Some(why))
        }
    };
    let kept = tokio::task::spawn_blocking(move || {
        let r = previews.store.put(&sha, &pages, note);
        (r, previews)
    })
    .await;
    match kept {
        Ok((Ok(()), previews)) => {
            previews.finished.fetch_add(1, Ordering::AcqRel);
        }
        Ok((Err(e), _)) => tracing::warn!(error = %e, "cannot keep a preview"),
        Err(e) => tracing::warn!(error = %e, "preview task failed"),
    }
}

/// Render on a thread of its own: a panic in a decoder is caught, and a render that runs
/// past [`RENDER_TIMEOUT`] is left to finish alone while the queue moves on.
async fn render_isolated(bytes: Vec<u8>) -> Result<Vec<(PageSize, Vec<u8>)>, String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("preview".into())
        .spawn(move || {
            let r = std::panic::catch_unwind(|| render::render(&bytes));
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        return Err(format!("no thread to render on: {e}"));
    }
    match tokio::time::timeout(RENDER_TIMEOUT, rx).await {
        Ok(Ok(Ok(Ok(pages)))) => Ok(pages),
        Ok(Ok(Ok(Err(no)))) => Err(no.to_string()),
        Ok(Ok(Err(_panic))) => Err("the renderer failed on this file".into()),
        Ok(Err(_)) => Err("the renderer stopped".into()),
        Err(_) => Err(format!("rendering took longer than {RENDER_TIMEOUT:?}")),
    }
}
