//! Prometheus metrics (`metrics` + `metrics-exporter-prometheus`), served at
//! `GET /metrics` on `server.metrics_listen` only: a listener of its own, so the figures
//! are never public by accident. Off by default; then no recorder is installed and every
//! `metrics::` call in the code is a no-op.
//!
//! What is measured, and where: requests and their latency by route class and status
//! ([`track`]); decisions (`ops::portal`); mail and webhook queue depths and failures
//! (the two senders); commit batch sizes (`store::group`); page-cache hits and misses
//! (`state::page_cache`).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;

/// Latency buckets, in seconds (1 ms to 10 s).
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];
/// Writes per group commit.
const BATCH_BUCKETS: [f64; 10] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];

/// The process's one recorder (a global: tests run several servers in one process).
static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Install the recorder once; None when another recorder was installed first.
pub fn install() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &LATENCY_BUCKETS)
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full("porthole_commit_batch_size".into()),
                        &BATCH_BUCKETS,
                    )
                });
            match builder.and_then(PrometheusBuilder::install_recorder) {
                Ok(h) => {
                    describe();
                    Some(h)
                }
                Err(e) => {
                    tracing::warn!(error = %e, "metrics recorder not installed");
                    None
                }
            }
        })
        .clone()
}

fn describe() {
    metrics::describe_counter!(
        "http_requests_total",
        "HTTP requests answered, by route class and status"
    );
    metrics::describe_histogram!(
        "http_request_duration_seconds",
        metrics::Unit::Seconds,
        "Time to answer an HTTP request, by route class and status"
    );
    metrics::describe_counter!("porthole_decisions_total", "Client decisions recorded");
    metrics::describe_gauge!(
        "porthole_mail_queue_depth",
        "Mail messages waiting to be sent"
    );
    metrics::describe_counter!(
        "porthole_mail_failures_total",
        "Failed mail delivery attempts"
    );
    metrics::describe_gauge!(
        "porthole_webhook_queue_depth",
        "Webhook deliveries waiting to be sent"
    );
    metrics::describe_counter!(
        "porthole_webhook_deliveries_total",
        "Webhook deliveries that reached their receiver"
    );
    metrics::describe_counter!(
        "porthole_webhook_failures_total",
        "Failed webhook delivery attempts"
    );
    metrics::describe_histogram!(
        "porthole_commit_batch_size",
        "Writes committed together in one transaction"
    );
    metrics::describe_counter!(
        "porthole_page_cache_total",
        "Client page cache lookups, by result (hit or miss)"
    );
}

/// Which kind of route a path is: a label with few values, never an id or a token.
#[must_use]
pub fn route_class(path: &str) -> &'static str {
    if path.starts_with("/p/") {
        if path.contains("/files/") {
            "client_download"
        } else {
            "client"
        }
    } else if path.starts_with("/api/") {
        "api"
    } else if path.starts_with("/staff") {
        "console"
    } else if path == "/verify" {
        "verify"
    } else if path.starts_with("/assets/") {
        "assets"
    } else if path == "/healthz" {
        "health"
    } else {
        "other"
    }
}

/// Middleware: count every answer and time it, by route class, method and status.
pub async fn track(req: Request, next: Next) -> Response {
    let class = route_class(req.uri().path());
    let start = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "class" => class, "status" => status.clone())
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "class" => class, "status" => status)
        .record(start.elapsed().as_secs_f64());
    res
}

/// Serve `GET /metrics` on `listener` until `stop` is cancelled.
pub async fn serve(
    listener: TcpListener,
    handle: PrometheusHandle,
    stop: tokio_util::sync::CancellationToken,
) {
    let upkeep = handle.clone();
    let app = Router::new().route(
        "/metrics",
        get(move || {
            let h = handle.clone();
            async move {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    h.render(),
                )
            }
        }),
    );
    let keep_up = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            upkeep.run_upkeep();
        }
    });
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(stop.cancelled_owned())
        .await
    {
        tracing::warn!(error = %e, "metrics listener stopped");
    }
    keep_up.abort();
}

#[cfg(test)]
mod tests {
    use super::route_class;

    #[test]
    fn route_classes_carry_no_ids() {
        assert_eq!(route_class("/p/AAAA/approvals/x"), "client");
        assert_eq!(route_class("/p/AAAA/files/f/1"), "client_download");
        assert_eq!(route_class("/api/v1/clients/abc"), "api");
        assert_eq!(route_class("/staff/projects/p"), "console");
        assert_eq!(route_class("/verify"), "verify");
        assert_eq!(route_class("/nope"), "other");
    }
}
