//! Webhook delivery, the I/O part: an HTTP client that reaches only addresses the SSRF
//! rule (`domain::webhooks::forbidden_ip`) allows, checked after DNS resolution and on
//! the very addresses it then connects to, and the background [`sender`].

pub mod sender;

use std::net::{IpAddr, SocketAddr, ToSocketAddrs as _};
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::Url;

use crate::domain::webhooks::{forbidden_ip, literal_ip};

/// How long one delivery may take, connection included.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a URL may not receive webhooks: its literal address or one its name resolves to
/// is not public. Resolves the name (blocking): for registration, off the async threads.
///
/// # Errors
/// The refusal, worded for the `url` field.
pub fn check_target(url: &Url) -> Result<(), String> {
    if let Some(ip) = literal_ip(url) {
        return refuse_ip(ip);
    }
    let host = url.host_str().unwrap_or_default();
    let port = url.port_or_known_default().unwrap_or(443);
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|_| format!("{host} does not resolve"))?
        .collect();
    if addrs.is_empty() {
        return Err(format!("{host} does not resolve"));
    }
    // Any private address among them refuses the name: it would be one DNS answer away.
    addrs.iter().try_for_each(|a| refuse_ip(a.ip()))
}

fn refuse_ip(ip: IpAddr) -> Result<(), String> {
    match forbidden_ip(ip) {
        Some(why) => Err(format!(
            "{ip} is {why}; webhooks go to public addresses only (see webhooks.allow_private)"
        )),
        None => Ok(()),
    }
}

/// Resolves names, then keeps only the addresses a webhook may reach; reqwest connects
/// to what this returns and nothing else.
#[derive(Debug, Clone, Copy)]
struct GuardedResolver {
    allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| allow_private || forbidden_ip(a.ip()).is_none())
                .collect();
            if allowed.is_empty() {
                let why = found
                    .first()
                    .and_then(|a| forbidden_ip(a.ip()).map(|w| format!("{} is {w}", a.ip())))
                    .unwrap_or_else(|| "no address".to_owned());
                return Err(Box::new(Refused(format!("{host}: {why}")))
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// A delivery the SSRF guard stopped.
#[derive(Debug, thiserror::Error)]
#[error("refused by the private-address guard: {0}")]
pub struct Refused(pub String);

/// The client deliveries go through: no redirects (a 3xx is an answer, not a detour to
/// an unchecked address), no proxy, a timeout, rustls with the platform's roots.
///
/// # Errors
/// When TLS cannot be set up.
pub fn client(allow_private: bool) -> Result<reqwest::Client, String> {
    let tls = crate::tls::platform_client_config()?;
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .dns_resolver(GuardedResolver { allow_private })
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!("porthole-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("HTTP client: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_literals_are_refused() {
        for u in [
            "http://127.0.0.1:9/x",
            "http://[::1]/x",
            "http://10.1.2.3/",
            "http://localhost:8080/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            let url = Url::parse(u).unwrap();
            assert!(check_target(&url).is_err(), "{u}");
        }
        assert!(check_target(&Url::parse("https://1.1.1.1/x").unwrap()).is_ok());
    }
}
