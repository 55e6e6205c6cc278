//! Router assembly, and `serve`: the one entry point that `main`, `demo` and the tests
//! all use to run the server.
//!
//! `serve` drives hyper's HTTP/1 connections itself (rather than `axum::serve`) because
//! that is where a slow or idle socket is stopped: a header-read timeout, an idle timeout
//! on request bodies, a cap on open connections, and a shutdown that waits a bounded time.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;
use tower_http::timeout::TimeoutBody;

use crate::state::AppState;

/// A connection that has not sent complete request headers within this time is closed
/// (SPEC 15); it also ends a kept-alive connection that sits idle between requests.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A request body that sends nothing for this long fails the request (uploads that keep
/// sending may take as long as they need).
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long shutdown lets requests in flight finish before the connections are dropped.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// File descriptors kept free beyond the connection cap: the store, blobs being read or
/// written, the admin socket, mail.
const RESERVED_FILES: u64 = 256;

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .merge(crate::http::health::router())
        .nest("/api/v1", crate::http::staff::router(&state))
        .merge(crate::http::client::router(&state))
        .merge(crate::http::console::router(&state))
        .fallback(crate::http::not_found);
    crate::http::layers::wrap(routes, &state).with_state(state)
}

/// Serve on `listener` until `shutdown` resolves; background tasks (view counters, admin
/// socket, mail) run alongside and stop with it.
///
/// At start the open-file soft limit is raised to the hard limit, and connections are
/// capped at `limits.max_connections` (or fewer, if the file limit is lower): at the cap,
/// new connections wait in the listen backlog until one closes.
///
/// # Errors
/// When the listener fails.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let open_files = raise_open_file_limit();
    let cap = connection_cap(state.settings.max_connections, open_files);
    tracing::debug!(open_files, max_connections = cap, "connection limits");
    let metrics = start_metrics(&state).await?;
    let background = crate::background::start(&state);
    let result = accept_loop(listener, router(state), cap, shutdown).await;
    background.stop().await;
    if let Some((stop, task)) = metrics {
        stop.cancel();
        let _ = task.await;
    }
    result
}

/// Bind `server.metrics_listen` and serve `GET /metrics` there, when it is set.
async fn start_metrics(
    state: &AppState,
) -> std::io::Result<
    Option<(
        tokio_util::sync::CancellationToken,
        tokio::task::JoinHandle<()>,
    )>,
> {
    let Some(addr) = state.settings.metrics_listen else {
        return Ok(None);
    };
    let Some(handle) = crate::telemetry::install() else {
        return Ok(None);
    };
    let listener = TcpListener::bind(addr).await.map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot listen on server.metrics_listen {addr}: {e}"),
        )
    })?;
    tracing::info!(addr = %listener.local_addr()?, "metrics at /metrics");
    let stop = tokio_util::sync::CancellationToken::new();
    let task = tokio::spawn(crate::telemetry::serve(listener, handle, stop.clone()));
    Ok(Some((stop, task)))
}

/// Raise the open-file soft limit to the hard limit; returns the soft limit now in force
/// (`None` where it cannot be read).
fn raise_open_file_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!(error = %e, "could not raise the open-file limit");
            rlimit::Resource::NOFILE.get().ok().map(|(soft, _)| soft)
        }
    }
}

/// The configured cap, lowered so that connections alone cannot use up the file limit.
fn connection_cap(configured: usize, open_files: Option<u64>) -> usize {
    let by_files = open_files.map_or(usize::MAX, |n| {
        usize::try_from(n.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX)
    });
    configured.min(by_files).max(1)
}

async fn accept_loop(
    listener: TcpListener,
    app: Router,
    cap: usize,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(cap));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let mut connections = tokio::task::JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        while connections.try_join_next().is_some() {}
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break, // the semaphore is never closed
            },
        };
        let (tcp, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors (or the like): wait a moment rather than
                    // spin; connections that close meanwhile free some.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // Responses go out as soon as they are written, not after the client's delayed ACK.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
        let app = app.clone();
        let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let mut req = req.map(|body| Body::new(TimeoutBody::new(BODY_READ_TIMEOUT, body)));
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            let app = app.clone();
            async move { app.oneshot(req).await }
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(tcp), service));
        connections.spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the shutdown grace; dropping them");
    }
    // Whatever is left lets go of the state (and so the store) before `serve` returns.
    connections.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::connection_cap;

    #[test]
    fn the_connection_cap_leaves_files_for_the_rest() {
        assert_eq!(connection_cap(10_000, Some(1_024)), 768);
        assert_eq!(connection_cap(10_000, Some(1_048_576)), 10_000);
        assert_eq!(connection_cap(10_000, None), 10_000);
        assert_eq!(connection_cap(10_000, Some(10)), 1);
    }
}
