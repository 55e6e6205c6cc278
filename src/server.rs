//! Running the server from the command line: logging, binding, signals.

use tokio::net::TcpListener;

use crate::app::serve;
use crate::config::Settings;
use crate::state::{AppState, StartError};

/// Lines that may wait for the logging thread before a logging call waits for it. The
/// crate's default (128,000) is a channel of 4 MiB, every slot written at start: a quarter
/// of the idle server's anonymous memory. A few thousand lines cover any burst the
/// logging thread cannot keep up with for a moment.
const LOG_LINES_QUEUED: usize = 4096;

/// Log to stderr; `RUST_LOG` overrides the default `info`. Lines are formatted where they
/// happen but written by a logging thread, in batches: a request never waits for a write
/// to stderr (only when [`LOG_LINES_QUEUED`] lines are already waiting, rather than drop
/// one). Keep the guard until exit: dropping it writes what is still queued.
pub fn init_tracing() -> tracing_appender::non_blocking::WorkerGuard {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_LINES_QUEUED)
        .lossy(false)
        .thread_name("porthole-log")
        .finish(std::io::BufWriter::new(std::io::stderr()));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
    guard
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

/// Bind, open the data dir, print the address, serve until a signal. The port is taken
/// first, so that a busy port leaves nothing behind (no fresh data dir, store or key).
///
/// # Errors
/// When the listen address, the data dir or the key is unusable.
pub async fn run(mut settings: Settings) -> anyhow::Result<()> {
    let listen = settings.listen;
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr()?;
    settings.follow_bound_address(addr);
    let socket = settings.socket_path();
    let opened = tokio::task::spawn_blocking(move || AppState::open_default(settings)).await?;
    let state = match opened {
        Ok(state) => state,
        Err(StartError::Locked(dir)) if crate::admin::answers(&socket).await => {
            anyhow::bail!(
                "another porthole server is already serving the data dir {dir} (it answers on {}); \
                 stop it first, or give this one another storage.data_dir",
                socket.display()
            )
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "porthole listening on http://{addr} (public URL {})",
        state.settings.public_url
    );
    let blobs = state.store.blobs().clone();
    if blobs.kind() != "fs" {
        // Served anyway: the bucket may come back; `/healthz` says 503 until it does.
        let checked = tokio::task::spawn_blocking(move || blobs.check()).await?;
        if let Err(e) = checked {
            tracing::warn!(error = %e, blobs = ?state.store.blobs(), "the blob store does not answer");
        }
    }
    tracing::info!(%addr, data_dir = %state.settings.data_dir.display(), blobs = ?state.store.blobs(), "ready");
    serve(listener, state, shutdown_signal()).await?;
    Ok(())
}
