//! The client's address: the TCP peer, unless the peer is a trusted proxy, in which case
//! the right-most `X-Forwarded-For` hop that is not itself a trusted proxy.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The key a rate limit counts a client under: an IPv4 address as it is, an IPv6 address
/// by its /64 (one household or server usually holds a whole /64, so counting single
/// addresses would let it pick a fresh one per request).
#[must_use]
pub fn rate_limit_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(std::net::Ipv6Addr::from(prefix))
        }
        v4 => v4,
    }
}

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
    fn rate_limits_count_ipv6_clients_by_their_64() {
        let key = |s: &str| rate_limit_key(s.parse().unwrap()).to_string();
        assert_eq!(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::");
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("203.0.113.9"), "203.0.113.9");
        assert_eq!(
            key("::ffff:203.0.113.9"),
            "203.0.113.9",
            "mapped v4 stays v4"
        );
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
