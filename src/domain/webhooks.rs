//! Webhooks (SPEC 14), the pure part: which events exist, the endpoint and delivery
//! records, the Standard Webhooks signature, and which addresses a delivery may never
//! reach (the SSRF guard's rule; the sender applies it after DNS resolution too).
//!
//! Signature (Standard Webhooks, `v1`): the secret is `whsec_` + base64 of 32 random
//! bytes; the key is those bytes; `webhook-signature` is `v1,` + base64 of
//! HMAC-SHA256(key, `<webhook-id>.<webhook-timestamp>.<body>`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use time::OffsetDateTime;
use url::Url;

/// What a webhook can be told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum WebhookEvent {
    /// An approval was requested, or re-opened by a new file version.
    #[serde(rename = "approval.requested")]
    ApprovalRequested,
    /// A contact decided (with the comment and the approver).
    #[serde(rename = "approval.decided")]
    ApprovalDecided,
    /// A client link was opened for the first time.
    #[serde(rename = "link.first_opened")]
    LinkFirstOpened,
    /// A client sent a file for a file request.
    #[serde(rename = "file.uploaded_by_client")]
    FileUploadedByClient,
    /// A client opened a request.
    #[serde(rename = "request.created")]
    RequestCreated,
    /// A client replied to a request.
    #[serde(rename = "request.replied")]
    RequestReplied,
    /// A client answered a form.
    #[serde(rename = "form.submitted")]
    FormSubmitted,
    /// A list row's approval was approved (record lists, SPEC 12): the row's client-visible values.
    #[serde(rename = "list.row_approved")]
    ListRowApproved,
}

impl WebhookEvent {
    /// Every event, in the order the console lists them.
    pub const ALL: [Self; 8] = [
        Self::ApprovalRequested,
        Self::ApprovalDecided,
        Self::LinkFirstOpened,
        Self::FileUploadedByClient,
        Self::RequestCreated,
        Self::RequestReplied,
        Self::FormSubmitted,
        Self::ListRowApproved,
    ];

    /// The event's name on the wire (`type` in the body).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::ApprovalRequested => "approval.requested",
            Self::ApprovalDecided => "approval.decided",
            Self::LinkFirstOpened => "link.first_opened",
            Self::FileUploadedByClient => "file.uploaded_by_client",
            Self::RequestCreated => "request.created",
            Self::RequestReplied => "request.replied",
            Self::FormSubmitted => "form.submitted",
            Self::ListRowApproved => "list.row_approved",
        }
    }

    /// The event called `name`, if there is one.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// A registered receiver.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookEndpoint {
    pub id: String,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    /// `whsec_...`: kept to sign with, shown once when created.
    pub secret: String,
    /// Staff id of who registered it.
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Deleted endpoints get no more deliveries; their log stays.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub deleted_at: Option<OffsetDateTime>,
}

impl WebhookEndpoint {
    /// Whether `event` goes to this endpoint.
    #[must_use]
    pub fn wants(&self, event: WebhookEvent) -> bool {
        self.deleted_at.is_none() && self.events.contains(&event)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Queued,
    Delivered,
    Failed,
}

/// One event on its way to one endpoint, with how its attempts went.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookDelivery {
    /// Time-ordered, like outbox ids.
    pub id: String,
    pub endpoint_id: String,
    /// `webhook-id`: the same for every endpoint and every attempt of one event, so a
    /// receiver can drop a duplicate.
    pub event_id: String,
    pub event: WebhookEvent,
    /// The exact JSON body sent on every attempt.
    pub body: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub queued_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub next_attempt_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub failing_since: Option<OffsetDateTime>,
    pub last_error: Option<String>,
    /// HTTP status of the last answer, when there was one.
    pub response_status: Option<u16>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub delivered_at: Option<OffsetDateTime>,
}

/// Prefix of every secret (Standard Webhooks).
pub const SECRET_PREFIX: &str = "whsec_";

/// A new secret: `whsec_` + base64 of 32 random bytes.
#[must_use]
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// The signing key of a secret given by staff: `whsec_` + base64 of 24 to 64 bytes.
///
/// # Errors
/// Why the secret is refused.
pub fn secret_key(secret: &str) -> Result<Vec<u8>, &'static str> {
    let rest = secret
        .strip_prefix(SECRET_PREFIX)
        .ok_or("must start with whsec_")?;
    let key = STANDARD
        .decode(rest)
        .map_err(|_| "must be whsec_ followed by base64")?;
    if !(24..=64).contains(&key.len()) {
        return Err("must hold between 24 and 64 bytes of key");
    }
    Ok(key)
}

/// `v1,<base64 HMAC-SHA256(key, id.timestamp.body)>`.
#[must_use]
pub fn signature(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC takes keys of any length.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// A time as events carry it (RFC 3339).
#[must_use]
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The body of one event: `{"type", "timestamp", "data"}`.
#[must_use]
pub fn body(event: WebhookEvent, at: OffsetDateTime, data: serde_json::Value) -> String {
    serde_json::json!({"type": event.name(), "timestamp": rfc3339(at), "data": data}).to_string()
}

/// Why an address may not receive webhooks, or None when it may.
#[must_use]
pub fn forbidden_ip(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_private() {
        Some("a private address")
    } else if ip.is_link_local() {
        Some("a link-local address")
    } else if ip.is_unspecified() || a == 0 {
        Some("an unspecified address")
    } else if ip.is_multicast() || ip.is_broadcast() || a >= 240 {
        Some("a multicast, broadcast or reserved address")
    } else if a == 100 && (64..128).contains(&b) {
        Some("a shared (carrier-grade NAT) address")
    } else if (a, b, c) == (192, 0, 0) || (a == 198 && (b == 18 || b == 19)) {
        Some("a reserved address")
    } else {
        None
    }
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    // Addresses that carry an IPv4 address are judged by it: mapped (::ffff:a.b.c.d),
    // compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
    if let Some(v4) = ip.to_ipv4_mapped() {
        return forbidden_v4(v4);
    }
    if seg[..6] == [0, 0, 0, 0, 0, 0] && !ip.is_loopback() && !ip.is_unspecified() {
        return forbidden_v4(Ipv4Addr::from(embedded_v4(seg[6], seg[7])));
    }
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return forbidden_v4(Ipv4Addr::from(embedded_v4(seg[6], seg[7])));
    }
    if seg[0] == 0x2002 {
        return forbidden_v4(Ipv4Addr::from(embedded_v4(seg[1], seg[2])));
    }
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_unspecified() {
        Some("an unspecified address")
    } else if ip.is_multicast() {
        Some("a multicast address")
    } else if seg[0] & 0xffc0 == 0xfe80 || seg[0] & 0xffc0 == 0xfec0 {
        Some("a link-local address")
    } else if seg[0] & 0xfe00 == 0xfc00 {
        Some("a private (unique local) address")
    } else {
        None
    }
}

fn embedded_v4(hi: u16, lo: u16) -> [u8; 4] {
    let [a, b] = hi.to_be_bytes();
    let [c, d] = lo.to_be_bytes();
    [a, b, c, d]
}

/// A webhook URL as registered: http(s), a host, no credentials, at most 2,000 bytes.
///
/// # Errors
/// Why the URL is refused.
pub fn parse_url(raw: &str) -> Result<Url, String> {
    let raw = raw.trim();
    if raw.len() > 2000 {
        return Err("is longer than 2000 characters".into());
    }
    let url = Url::parse(raw).map_err(|e| format!("is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must start with http:// or https://".into());
    }
    if url.host().is_none() {
        return Err("has no host".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry a user name or password".into());
    }
    Ok(url)
}

/// The address of a URL whose host is an IP literal.
#[must_use]
pub fn literal_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_targets_are_refused_in_every_spelling() {
        for bad in [
            "127.0.0.1",
            "127.8.9.10",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
        ] {
            assert!(forbidden_ip(ip(bad)).is_some(), "{bad} must be refused");
        }
        for good in [
            "1.1.1.1",
            "93.184.216.34",
            "2606:4700:4700::1111",
            "::ffff:1.1.1.1",
        ] {
            assert_eq!(forbidden_ip(ip(good)), None, "{good} is public");
        }
    }

    /// The example of the Standard Webhooks specification.
    #[test]
    fn signature_matches_the_specification_example() {
        let key = secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let sig = signature(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn secrets_are_whsec_and_long_enough() {
        let s = new_secret();
        assert_eq!(secret_key(&s).unwrap().len(), 32);
        assert!(secret_key("whsec_c2hvcnQ=").is_err());
        assert!(secret_key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").is_err());
        assert!(secret_key("whsec_!!").is_err());
    }

    #[test]
    fn urls_are_http_with_a_host_and_no_credentials() {
        assert!(parse_url("https://hooks.example.com/x").is_ok());
        for bad in [
            "ftp://x.example",
            "https://u:p@x.example/",
            "not a url",
            "file:///etc/passwd",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
        let u = parse_url("http://[::1]:9000/x").unwrap();
        assert_eq!(literal_ip(&u), Some(ip("::1")));
    }

    #[test]
    fn event_names_round_trip() {
        for e in WebhookEvent::ALL {
            assert_eq!(WebhookEvent::parse(e.name()), Some(e));
            assert_eq!(serde_json::to_value(e).unwrap(), e.name());
        }
        assert_eq!(WebhookEvent::parse("approval.maybe"), None);
    }
}
