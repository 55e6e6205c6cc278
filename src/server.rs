//! Running the server from the command line: logging, binding, signals.

use tokio::net::TcpListener;

use crate::app::serve;
use crate::config::Settings;
use crate::state::AppState;

/// Log to stderr; `RUST_LOG` overrides the default `info`. Lines are formatted where they
/// happen but written by a logging thread, in batches: a request never waits for a write
/// to stderr (only when 128k lines are already waiting, rather than drop one). Keep the
/// guard until exit: dropping it writes what is still queued.
pub fn init_tracing() -> tracing_appender::non_blocking::WorkerGuard {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
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

/// Open the data dir, bind, print the address, serve until a signal.
///
/// # Errors
/// When the data dir, key or listen address is unusable.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let listen = settings.listen;
    let state = tokio::task::spawn_blocking(move || AppState::open_default(settings)).await??;
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr()?;
    println!(
        "porthole listening on http://{addr} (public URL {})",
        state.settings.public_url
    );
    tracing::info!(%addr, data_dir = %state.settings.data_dir.display(), "ready");
    serve(listener, state, shutdown_signal()).await?;
    Ok(())
}
