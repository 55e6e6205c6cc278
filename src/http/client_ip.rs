//! The client's address: the TCP peer, unless the peer is a trusted proxy, in which case
//! the right-most `X-Forwarded-For` hop that is not itself a trusted proxy.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// Resolve the client IP for evidence and rate limits.
#[must_use]
pub fn client_ip(peer: SocketAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer_ip = peer.ip();
    // A dual-stack listener sees IPv4 peers as `::ffff:a.b.c.d`: compare them as IPv4.
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(&ip.to_canonical()));
    if !is_trusted(peer_ip) {
        return peer_ip;
    }
    // Walk the chain from the nearest hop outwards; the first untrusted hop is the client.
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|h| h.trim().parse().ok())
        .collect();
    hops.iter()
        .rev()
        .copied()
        .find(|ip| !is_trusted(*ip))
        .or_else(|| hops.first().copied())
        .unwrap_or(peer_ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", v.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let peer: SocketAddr = "10.0.0.5:1234".parse().unwrap();
        let trusted: [IpNet; 1] = ["10.0.0.0/8".parse().unwrap()];
        assert_eq!(client_ip(peer, &xff("203.0.113.9"), &[]), peer.ip());
        assert_eq!(
            client_ip(peer, &xff("203.0.113.9"), &trusted).to_string(),
            "203.0.113.9"
        );
        // A client-supplied first hop cannot hide the real one appended by the proxy.
        assert_eq!(
            client_ip(peer, &xff("1.1.1.1, 203.0.113.9, 10.0.0.7"), &trusted).to_string(),
            "203.0.113.9"
        );
        assert_eq!(client_ip(peer, &xff("garbage"), &trusted), peer.ip());
    }

    #[test]
    fn ipv4_mapped_peers_match_ipv4_networks() {
        let peer: SocketAddr = "[::ffff:127.0.0.1]:1234".parse().unwrap();
        let trusted: [IpNet; 1] = ["127.0.0.1/32".parse().unwrap()];
        assert_eq!(
            client_ip(peer, &xff("203.0.113.9"), &trusted).to_string(),
            "203.0.113.9"
        );
        assert_eq!(
            client_ip(peer, &xff("::ffff:127.0.0.1, 203.0.113.9"), &trusted).to_string(),
            "203.0.113.9"
        );
        assert_eq!(client_ip(peer, &HeaderMap::new(), &trusted), peer.ip());
    }
}
