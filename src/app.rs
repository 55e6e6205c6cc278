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
    result
}
