//! Per-client-IP rate limit on `/p/*` (tower_governor), proxy-aware per `server.trusted_proxies`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode, header};
use ipnet::IpNet;
use tower_governor::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;

use crate::http::client_ip::{client_ip, rate_limit_key};

/// Keys requests by the resolved client IP (IPv6 by its /64).
#[derive(Debug, Clone)]
pub struct ClientIpKey {
    trusted: Arc<Vec<IpNet>>,
}

impl KeyExtractor for ClientIpKey {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0)
            .ok_or(GovernorError::UnableToExtractKey)?;
        Ok(rate_limit_key(client_ip(
            peer,
            req.headers(),
            &self.trusted,
        )))
    }
}

/// The layer: `per_minute` requests per minute per IP, with a burst of the same size.
pub fn layer(
    per_minute: u32,
    trusted: &[IpNet],
    settings: std::sync::Arc<crate::config::Settings>,
) -> tower_governor::GovernorLayer<
    ClientIpKey,
    governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
    Body,
> {
    let period = Duration::from_secs(60) / per_minute.max(1);
    let config = GovernorConfigBuilder::default()
        .key_extractor(ClientIpKey {
            trusted: Arc::new(trusted.to_vec()),
        })
        .period(period.max(Duration::from_nanos(1)))
        .burst_size(per_minute.max(1))
        .finish();
    // Only a zero period or burst is refused, and both are clamped above.
    let config = config.expect("rate limit period and burst are non-zero");
    let limiter = config.limiter().clone();
    // Forget idle IPs now and then so the table does not grow without bound.
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.retain_recent();
        }
    });
    tower_governor::GovernorLayer::new(config).error_handler(move |e| too_many(&e, &settings))
}

fn too_many(e: &GovernorError, settings: &crate::config::Settings) -> Response<Body> {
    use axum::response::IntoResponse as _;
    match e {
        GovernorError::TooManyRequests { wait_time, .. } => {
            let mut res = (
                StatusCode::TOO_MANY_REQUESTS,
                crate::views::rate_limited(
                    &settings.branding,
                    &super::visitor_locale(settings, None),
                ),
            )
                .into_response();
            if let Ok(v) = wait_time.max(&1).to_string().parse() {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
        _ => super::generic_not_found(settings, None),
    }
}
