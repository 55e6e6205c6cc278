//! Router assembly, and `serve`: the one entry point that `main`,
//! `demo` and the tests all use to run the server.

use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;

use crate::state::AppState;

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
/// # Errors
/// When the listener fails.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt as _;
    let metrics = start_metrics(&state).await?;
    let background = crate::background::start(&state);
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    // Responses go out as soon as they are written, not after the client's delayed ACK.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
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
