//! Settings: loaded once at start from the layered sources of SPEC section 3, validated
//! into typed values so that the rest of the program never sees a bad one.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use ipnet::IpNet;
use serde::Deserialize;
use url::Url;

use crate::domain::validate;

/// The built-in defaults: the documented `config/default.toml`, compiled in so the binary
/// runs from any directory.
const DEFAULTS: &str = include_str!("../config/default.toml");

/// A configuration problem, naming the key at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Load(#[from] config::ConfigError),
    #[error("configuration key {key}: {message}")]
    Invalid { key: &'static str, message: String },
}

fn invalid(key: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        message: message.into(),
    }
}

#[derive(Debug, Deserialize)]
struct RawSettings {
    server: RawServer,
    storage: RawStorage,
    links: RawLinks,
    limits: RawLimits,
    branding: Branding,
    mail: RawMail,
    #[serde(default)]
    webhooks: RawWebhooks,
    #[serde(default)]
    keys: RawKeys,
}

#[derive(Debug, Default, Deserialize)]
struct RawWebhooks {
    #[serde(default)]
    allow_private: bool,
}

#[derive(Debug, Deserialize)]
struct RawServer {
    listen: String,
    /// Empty or absent: derived from `listen`.
    #[serde(default)]
    public_url: String,
    #[serde(default)]
    trusted_proxies: Vec<String>,
    #[serde(default)]
    metrics_listen: String,
}

#[derive(Debug, Deserialize)]
struct RawStorage {
    data_dir: PathBuf,
    #[serde(default = "redb")]
    backend: String,
    #[serde(default)]
    postgres_url: String,
    #[serde(default = "fs")]
    blob_store: String,
    #[serde(default)]
    s3: RawS3,
}

fn redb() -> String {
    "redb".to_owned()
}

#[derive(Default, Deserialize)]
struct RawKeys {
    #[serde(default)]
    master_key: String,
}

impl std::fmt::Debug for RawKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RawKeys { master_key: <secret> }")
    }
}

/// Where the records live (`storage.backend`).
#[derive(Clone, PartialEq, Eq)]
pub enum Backend {
    /// One embedded file, `data_dir/porthole.redb` (the default).
    Redb,
    /// A PostgreSQL database that several processes may share.
    Postgres {
        /// `storage.postgres_url`; may hold a password, so never printed.
        url: String,
        /// `keys.master_key`: seals the signing keys held in the database.
        master_key: [u8; 32],
    },
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Redb => f.write_str("Redb"),
            Self::Postgres { .. } => {
                f.write_str("Postgres { url: <secret>, master_key: <secret> }")
            }
        }
    }
}

fn backend_of(storage: &RawStorage, keys: &RawKeys) -> Result<Backend, ConfigError> {
    match storage.backend.trim() {
        "" | "redb" => Ok(Backend::Redb),
        "postgres" | "postgresql" => {
            let url = storage.postgres_url.trim();
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                return Err(invalid(
                    "storage.postgres_url",
                    "storage.backend = \"postgres\" needs a URL like postgres://user@host:5432/db",
                ));
            }
            Ok(Backend::Postgres {
                url: url.to_owned(),
                master_key: master_key(&keys.master_key)?,
            })
        }
        other => Err(invalid(
            "storage.backend",
            format!("{other:?} is not a backend; use \"redb\" or \"postgres\""),
        )),
    }
}

/// `keys.master_key`: 32 bytes in base64 (either alphabet, padding optional).
fn master_key(text: &str) -> Result<[u8; 32], ConfigError> {
    use base64::Engine as _;
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid(
            "keys.master_key",
            "storage.backend = \"postgres\" needs it: 32 random bytes in base64 \
             (for example `openssl rand -base64 32`), the same for every process",
        ));
    }
    let cleaned: String = text
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(cleaned)
        .map_err(|_| invalid("keys.master_key", "is not base64"))?;
    bytes.try_into().map_err(|b: Vec<u8>| {
        invalid(
            "keys.master_key",
            format!("holds {} bytes, not 32", b.len()),
        )
    })
}

fn fs() -> String {
    "fs".to_owned()
}

#[derive(Debug, Default, Deserialize)]
struct RawS3 {
    #[serde(default)]
    endpoint: String,
    #[serde(default)]
    bucket: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    access_key_id: String,
    #[serde(default)]
    secret_access_key: Secret,
    #[serde(default)]
    prefix: String,
}

/// A value never shown: its `Debug` prints a placeholder, so neither a log line nor a
/// panic message can carry it.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    #[must_use]
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The value itself, for the one place that must send it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() {
            "\"\""
        } else {
            "[redacted]"
        })
    }
}

/// Where file bytes are kept (`storage.blob_store`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobBackend {
    /// `data_dir/blobs`, beside the database.
    Fs,
    /// An S3-compatible bucket.
    S3(Box<S3Settings>),
}

/// `storage.s3.*`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Settings {
    /// `scheme://host[:port]` of a store other than AWS (MinIO, Garage, R2...); None: AWS.
    pub endpoint: Option<Url>,
    pub bucket: String,
    /// The endpoint's region; `us-east-1` when only an endpoint is given.
    pub region: String,
    /// Empty with an empty secret: the credentials of the machine's role (AWS).
    pub access_key_id: String,
    pub secret_access_key: Secret,
    /// Keys start with `<prefix>/`; empty: at the bucket's root.
    pub prefix: String,
}

#[derive(Debug, Deserialize)]
struct RawLinks {
    default_ttl: String,
    max_ttl: String,
    leeway_seconds: i64,
}

#[derive(Debug, Deserialize)]
struct RawLimits {
    client_per_minute: u64,
    max_upload_bytes: u64,
    max_body_bytes: u64,
    max_connections: u64,
}

#[derive(Debug, Deserialize)]
struct RawMail {
    from: String,
    smtp_url: String,
    batch_window: String,
    reminder_after: String,
}

/// Deployment look, shown on every page and mail.
#[derive(Debug, Clone, Deserialize)]
pub struct Branding {
    pub name: String,
    pub accent: String,
    #[serde(default)]
    pub logo_url: String,
    /// IANA time zone of times shown to clients whose own `timezone` is unset.
    #[serde(default = "utc")]
    pub timezone: String,
}

fn utc() -> String {
    "UTC".to_owned()
}

/// Validated settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    /// Public base URL without a trailing slash.
    pub public_url: String,
    /// Whether `public_url` was derived from `listen` (not configured): it then follows
    /// the address really bound (`server::run`, `demo`).
    pub public_url_derived: bool,
    /// `scheme://host[:port]` of `public_url`, compared with the `Origin` of client POSTs.
    pub public_origin: String,
    /// Peers whose `X-Forwarded-For` is believed (see `http::client_ip`).
    pub trusted_proxies: Vec<IpNet>,
    pub data_dir: PathBuf,
    /// Where the records live (`storage.backend`).
    pub backend: Backend,
    /// Where file bytes are kept (`storage.blob_store`, `storage.s3.*`).
    pub blob_store: BlobBackend,
    pub default_ttl: Duration,
    pub max_ttl: Duration,
    pub leeway_seconds: i64,
    pub client_per_minute: u32,
    pub max_upload_bytes: u64,
    pub max_body_bytes: usize,
    /// Most TCP connections served at once (`limits.max_connections`).
    pub max_connections: usize,
    pub branding: Branding,
    pub mail: MailSettings,
    /// Where `GET /metrics` is served, on a listener of its own; None: nowhere.
    pub metrics_listen: Option<SocketAddr>,
    pub webhooks: WebhookSettings,
    /// Test-only, no config key: every message of the language bundles is wrapped in
    /// markers (`i18n::MARK_OPEN`/`MARK_CLOSE`), so a test finds any string a client reads
    /// that did not come from the bundles.
    pub pseudo_locale: bool,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct WebhookSettings {
    /// Deliver to loopback, private and link-local addresses too (tests, closed networks).
    pub allow_private: bool,
}

#[derive(Debug, Clone)]
pub struct MailSettings {
    pub from: String,
    /// None: write `.eml` files under `data_dir/outbox/`.
    pub smtp_url: Option<String>,
    pub batch_window: Duration,
    pub reminder_after: Duration,
}

impl Settings {
    /// Load from the layered sources and validate.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first bad key.
    pub fn load(config_file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .add_source(config::File::with_name("config/default.toml").required(false));
        if let Some(path) = config_file {
            if !path.is_file() {
                return Err(invalid(
                    "--config",
                    format!("{} is not a readable file", path.display()),
                ));
            }
            builder = builder.add_source(config::File::from(path).required(true));
        }
        builder = builder.add_source(
            config::Environment::with_prefix("PORTHOLE")
                .prefix_separator("__")
                .separator("__")
                .list_separator(",")
                .with_list_parse_key("server.trusted_proxies")
                .try_parsing(true),
        );
        let raw: RawSettings = builder.build()?.try_deserialize()?;
        Self::validate(raw)
    }

    fn validate(raw: RawSettings) -> Result<Self, ConfigError> {
        let listen: SocketAddr = raw.server.listen.parse().map_err(|_| {
            invalid(
                "server.listen",
                format!(
                    "{:?} is not an address such as 127.0.0.1:8080",
                    raw.server.listen
                ),
            )
        })?;
        let configured = raw.server.public_url.trim().trim_end_matches('/');
        let public_url_derived = configured.is_empty();
        let public_url = if public_url_derived {
            url_for_listen(listen)
        } else {
            configured.to_owned()
        };
        let public_origin = origin_of(&public_url)?;
        let trusted_proxies = raw
            .server
            .trusted_proxies
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| parse_network(s))
            .collect::<Result<Vec<_>, _>>()?;
        if raw.storage.data_dir.as_os_str().is_empty() {
            return Err(invalid("storage.data_dir", "must not be empty"));
        }
        let backend = backend_of(&raw.storage, &raw.keys)?;
        let blob_store = blob_backend(&raw.storage)?;
        let max_ttl = validate::duration("links.max_ttl", &raw.links.max_ttl)
            .map_err(|e| invalid("links.max_ttl", e.message))?;
        if max_ttl < Duration::from_secs(1) {
            return Err(invalid("links.max_ttl", "must be at least 1s"));
        }
        let default_ttl = validate::ttl(&raw.links.default_ttl, max_ttl)
            .map_err(|e| invalid("links.default_ttl", e.message))?;
        if !(0..=86_400).contains(&raw.links.leeway_seconds) {
            return Err(invalid(
                "links.leeway_seconds",
                "must be between 0 and 86400",
            ));
        }
        let client_per_minute = u32::try_from(raw.limits.client_per_minute)
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| {
                invalid(
                    "limits.client_per_minute",
                    "must be a positive whole number",
                )
            })?;
        if raw.limits.max_upload_bytes == 0 {
            return Err(invalid("limits.max_upload_bytes", "must be positive"));
        }
        let max_body_bytes = usize::try_from(raw.limits.max_body_bytes)
            .ok()
            .filter(|n| (1024..=16 * 1024 * 1024).contains(n))
            .ok_or_else(|| invalid("limits.max_body_bytes", "must be between 1024 and 16777216"))?;
        let max_connections = usize::try_from(raw.limits.max_connections)
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| invalid("limits.max_connections", "must be between 1 and 1000000"))?;
        let accent = raw.branding.accent.trim();
        if !(accent.len() == 7
            && accent.starts_with('#')
            && accent[1..].bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(invalid(
                "branding.accent",
                format!("{accent:?} is not a colour such as #2457c5"),
            ));
        }
        let logo = raw.branding.logo_url.trim();
        if !(logo.is_empty() || logo.starts_with("https://") || logo.starts_with('/')) {
            return Err(invalid(
                "branding.logo_url",
                "must be empty, an https:// URL or a path starting with /",
            ));
        }
        let timezone = raw.branding.timezone.trim();
        if !crate::i18n::valid_timezone(timezone) {
            return Err(invalid(
                "branding.timezone",
                format!("{timezone:?} is not an IANA time zone name such as Europe/Berlin or UTC"),
            ));
        }
        let name = validate::line("branding.name", &raw.branding.name)
            .map_err(|e| invalid("branding.name", e.message))?;
        let smtp_url = raw.mail.smtp_url.trim();
        if !(smtp_url.is_empty()
            || smtp_url.starts_with("smtp://")
            || smtp_url.starts_with("smtps://"))
        {
            return Err(invalid(
                "mail.smtp_url",
                "must be empty or start with smtp:// or smtps://",
            ));
        }
        let from = validate::line("mail.from", &raw.mail.from)
            .map_err(|e| invalid("mail.from", e.message))?;
        from.parse::<lettre::message::Mailbox>().map_err(|_| {
            invalid(
                "mail.from",
                format!("{from:?} is not an address such as \"Agency <portal@agency.example>\""),
            )
        })?;
        let metrics_listen = match raw.server.metrics_listen.trim() {
            "" => None,
            m => Some(m.parse::<SocketAddr>().map_err(|_| {
                invalid(
                    "server.metrics_listen",
                    format!("{m:?} is not an address such as 127.0.0.1:9100 (or empty for off)"),
                )
            })?),
        };
        let batch_window = validate::duration("mail.batch_window", &raw.mail.batch_window)
            .map_err(|e| invalid("mail.batch_window", e.message))?;
        let reminder_after = validate::duration("mail.reminder_after", &raw.mail.reminder_after)
            .map_err(|e| invalid("mail.reminder_after", e.message))?;
        Ok(Self {
            listen,
            public_url,
            public_url_derived,
            public_origin,
            trusted_proxies,
            data_dir: raw.storage.data_dir,
            backend,
            blob_store,
            default_ttl,
            max_ttl,
            leeway_seconds: raw.links.leeway_seconds,
            client_per_minute,
            max_upload_bytes: raw.limits.max_upload_bytes,
            max_body_bytes,
            max_connections,
            branding: Branding {
                name,
                accent: accent.to_ascii_lowercase(),
                logo_url: logo.to_owned(),
                timezone: timezone.to_owned(),
            },
            mail: MailSettings {
                from,
                smtp_url: (!smtp_url.is_empty()).then(|| smtp_url.to_owned()),
                batch_window,
                reminder_after,
            },
            metrics_listen,
            webhooks: WebhookSettings {
                allow_private: raw.webhooks.allow_private,
            },
            pseudo_locale: false,
        })
    }

    /// Settings for tests and `demo`: the defaults with the given data dir.
    ///
    /// # Errors
    /// Only if the built-in defaults were broken.
    pub fn defaults_with_data_dir(data_dir: &Path) -> Result<Self, ConfigError> {
        let raw: RawSettings = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .build()?
            .try_deserialize()?;
        let mut s = Self::validate(raw)?;
        s.data_dir = data_dir.to_owned();
        Ok(s)
    }

    /// Point links and the Origin check at `url` (used when the listen address is only known
    /// after binding, as in tests and `demo`).
    ///
    /// # Errors
    /// When `url` is not an http(s) URL.
    pub fn set_public_url(&mut self, url: &str) -> Result<(), ConfigError> {
        let url = url.trim_end_matches('/');
        self.public_origin = origin_of(url)?;
        url.clone_into(&mut self.public_url);
        self.public_url_derived = false;
        Ok(())
    }

    /// Where `public_url` was derived from `listen`, point it at the address really bound
    /// (port 0 becomes the port the system chose).
    pub fn follow_bound_address(&mut self, bound: SocketAddr) {
        if self.public_url_derived {
            self.public_url = url_for_listen(bound);
            self.public_origin = self.public_url.clone();
        }
    }

    #[must_use]
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("porthole.redb")
    }

    #[must_use]
    pub fn socket_path(&self) -> PathBuf {
        self.data_dir.join("porthole.sock")
    }
}

/// `storage.blob_store` and, for `s3`, its `storage.s3.*` keys.
fn blob_backend(raw: &RawStorage) -> Result<BlobBackend, ConfigError> {
    match raw.blob_store.trim() {
        "fs" => Ok(BlobBackend::Fs),
        "s3" => s3_settings(&raw.s3).map(|s| BlobBackend::S3(Box::new(s))),
        other => Err(invalid(
            "storage.blob_store",
            format!("{other:?} is not a blob store: use fs or s3"),
        )),
    }
}

fn s3_settings(raw: &RawS3) -> Result<S3Settings, ConfigError> {
    let bucket = raw.bucket.trim();
    if bucket.is_empty() {
        return Err(invalid(
            "storage.s3.bucket",
            "is required when storage.blob_store is s3",
        ));
    }
    if bucket.len() > 255
        || !bucket
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    {
        return Err(invalid(
            "storage.s3.bucket",
            format!("{bucket:?} is not a bucket name (letters, digits, '-', '.', '_')"),
        ));
    }
    let endpoint = match raw.endpoint.trim() {
        "" => None,
        e => Some(s3_endpoint(e)?),
    };
    let region = match (raw.region.trim(), &endpoint) {
        ("", None) => {
            return Err(invalid(
                "storage.s3.endpoint",
                "an endpoint (or, for AWS, storage.s3.region) is required when \
                 storage.blob_store is s3",
            ));
        }
        ("", Some(_)) => "us-east-1".to_owned(),
        (r, _) if r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => r.to_owned(),
        (r, _) => {
            return Err(invalid(
                "storage.s3.region",
                format!("{r:?} is not a region such as eu-central-1"),
            ));
        }
    };
    let access_key_id = raw.access_key_id.trim().to_owned();
    if access_key_id.is_empty() != raw.secret_access_key.is_empty() {
        return Err(invalid(
            "storage.s3.access_key_id",
            "give both storage.s3.access_key_id and storage.s3.secret_access_key, or neither \
             (the machine's own credentials)",
        ));
    }
    let prefix = raw.prefix.trim().trim_matches('/');
    if prefix
        .split('/')
        .any(|seg| matches!(seg, "." | "..") || (!prefix.is_empty() && seg.is_empty()))
        || prefix.chars().any(char::is_control)
    {
        return Err(invalid(
            "storage.s3.prefix",
            format!("{prefix:?} is not a key prefix such as porthole/blobs"),
        ));
    }
    Ok(S3Settings {
        endpoint,
        bucket: bucket.to_owned(),
        region,
        access_key_id,
        secret_access_key: raw.secret_access_key.clone(),
        prefix: prefix.to_owned(),
    })
}

fn s3_endpoint(e: &str) -> Result<Url, ConfigError> {
    let bad = |why: &str| {
        invalid(
            "storage.s3.endpoint",
            format!("{e:?} is not an http(s) URL such as https://s3.example.com ({why})"),
        )
    };
    let url = Url::parse(e).map_err(|err| bad(&err.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("it has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("put the keys in access_key_id and secret_access_key"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("it must not carry a query or fragment"));
    }
    Ok(url)
}

/// `http://host:port` of a listen address; an unspecified address (`0.0.0.0`, `::`)
/// becomes the loopback one, which at least works on the machine itself.
fn url_for_listen(listen: SocketAddr) -> String {
    let ip = match listen.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, listen.port()))
}

/// An entry of `server.trusted_proxies`: a network in CIDR notation (`10.0.0.0/8`,
/// `::1/128`) or a bare address, which means that one host (/32 or /128).
fn parse_network(s: &str) -> Result<IpNet, ConfigError> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| {
            invalid(
                "server.trusted_proxies",
                format!("{s:?} is not an IP network such as 10.0.0.0/8 or an address"),
            )
        })
}

/// The origin (`scheme://host[:port]`, host lower-cased, default port left out) of an
/// http(s) URL without credentials: what a browser sends as `Origin`.
fn origin_of(public_url: &str) -> Result<String, ConfigError> {
    let bad = |why: &str| {
        invalid(
            "server.public_url",
            format!("{public_url:?} is not an http(s) URL ({why})"),
        )
    };
    let url = Url::parse(public_url).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("it must not carry a user name or password"));
    }
    Ok(url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> IpNet {
        parse_network(s).unwrap()
    }

    #[test]
    fn trusted_proxies_are_networks_or_bare_addresses() {
        let n = net("10.0.0.0/8");
        assert!(n.contains(&"10.1.2.3".parse::<IpAddr>().unwrap()));
        assert!(!n.contains(&"11.0.0.1".parse::<IpAddr>().unwrap()));
        assert_eq!(
            net(" 127.0.0.1 "),
            net("127.0.0.1/32"),
            "a bare v4 is one host"
        );
        assert_eq!(net("::1"), net("::1/128"), "a bare v6 is one host");
        assert!(net("0.0.0.0/0").contains(&"8.8.8.8".parse::<IpAddr>().unwrap()));
        assert!(
            net("10.0.0.5/8").contains(&"10.200.0.1".parse::<IpAddr>().unwrap()),
            "host bits after the prefix are ignored"
        );
        for bad in ["10.0.0.0/33", "::/129", "nope", "10.0.0.0/", "/8"] {
            let e = parse_network(bad).unwrap_err().to_string();
            assert!(e.contains("server.trusted_proxies"), "{bad}: {e}");
        }
    }

    #[test]
    fn public_origin_is_what_a_browser_sends() {
        let origin = |u: &str| origin_of(u).unwrap();
        assert_eq!(origin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(
            origin("https://Portal.Example.com/base"),
            "https://portal.example.com"
        );
        assert_eq!(
            origin("HTTPS://portal.example.com:443/"),
            "https://portal.example.com"
        );
        assert_eq!(origin("http://[::1]:8080"), "http://[::1]:8080");
        for bad in [
            "ftp://x",
            "http://",
            "portal.example.com",
            "https://user:pw@x",
            "",
        ] {
            let e = origin_of(bad).unwrap_err().to_string();
            assert!(e.contains("server.public_url"), "{bad}: {e}");
        }
    }

    #[test]
    fn set_public_url_keeps_the_url_and_derives_the_origin() {
        let mut s = Settings::defaults_with_data_dir(Path::new("/tmp/x")).unwrap();
        s.set_public_url("https://Portal.Example.com/").unwrap();
        assert_eq!(s.public_url, "https://Portal.Example.com");
        assert_eq!(s.public_origin, "https://portal.example.com");
        assert!(s.set_public_url("mailto:someone@example.com").is_err());
        assert_eq!(
            s.public_url, "https://Portal.Example.com",
            "unchanged on error"
        );
    }

    #[test]
    fn an_unset_public_url_follows_the_listen_address() {
        let s = Settings::defaults_with_data_dir(Path::new("/tmp/x")).unwrap();
        assert!(s.public_url_derived);
        assert_eq!(s.public_url, "http://127.0.0.1:8080");
        assert_eq!(s.public_origin, "http://127.0.0.1:8080");
        assert_eq!(
            url_for_listen("0.0.0.0:9000".parse().unwrap()),
            "http://127.0.0.1:9000"
        );
        assert_eq!(
            url_for_listen("[::]:9000".parse().unwrap()),
            "http://[::1]:9000"
        );
        let mut s = s;
        s.follow_bound_address("127.0.0.1:41234".parse().unwrap());
        assert_eq!(s.public_url, "http://127.0.0.1:41234");
        s.set_public_url("https://portal.example.com").unwrap();
        s.follow_bound_address("127.0.0.1:5".parse().unwrap());
        assert_eq!(
            s.public_url, "https://portal.example.com",
            "a configured URL stays"
        );
    }

    #[test]
    fn defaults_validate() {
        let s = Settings::defaults_with_data_dir(Path::new("/tmp/x")).unwrap();
        assert_eq!(s.listen.port(), 8080);
        assert_eq!(s.default_ttl, Duration::from_secs(7 * 86_400));
        assert_eq!(s.max_upload_bytes, 512 * 1024 * 1024);
    }

    fn with(extra: &str) -> Result<Settings, ConfigError> {
        let raw: RawSettings = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .add_source(config::File::from_str(extra, config::FileFormat::Toml))
            .build()?
            .try_deserialize()?;
        Settings::validate(raw)
    }

    fn refused(extra: &str) -> String {
        with(extra).unwrap_err().to_string()
    }

    #[test]
    fn blob_store_is_fs_unless_s3_is_configured_in_full() {
        assert_eq!(with("").unwrap().blob_store, BlobBackend::Fs);
        let s = with(
            "[storage]\nblob_store = \"s3\"\n[storage.s3]\nendpoint = \"http://127.0.0.1:9000\"\n\
             bucket = \"files\"\naccess_key_id = \"AK\"\nsecret_access_key = \"sekrit-42\"\n\
             prefix = \"/porthole/blobs/\"",
        )
        .unwrap();
        let BlobBackend::S3(s3) = &s.blob_store else {
            panic!("s3 expected");
        };
        assert_eq!(s3.bucket, "files");
        assert_eq!(s3.region, "us-east-1", "an endpoint alone gets a region");
        assert_eq!(s3.prefix, "porthole/blobs");
        assert_eq!(s3.secret_access_key.expose(), "sekrit-42");
        let shown = format!("{s:?}");
        assert!(!shown.contains("sekrit-42"), "the secret leaked: {shown}");
        assert!(shown.contains("[redacted]"));
        let aws = with(
            "[storage]\nblob_store = \"s3\"\n[storage.s3]\nbucket = \"b\"\nregion = \"eu-west-1\"",
        )
        .unwrap();
        let BlobBackend::S3(aws) = aws.blob_store else {
            panic!("s3 expected");
        };
        assert_eq!((aws.endpoint, aws.region.as_str()), (None, "eu-west-1"));
    }

    #[test]
    fn a_bad_blob_store_is_named() {
        let s3 = "[storage]\nblob_store = \"s3\"\n[storage.s3]\n";
        for (extra, key) in [
            (
                "[storage]\nblob_store = \"ftp\"".to_owned(),
                "storage.blob_store",
            ),
            (
                format!("{s3}endpoint = \"http://h:9000\""),
                "storage.s3.bucket",
            ),
            (format!("{s3}bucket = \"b\""), "storage.s3.endpoint"),
            (
                format!("{s3}bucket = \"b\"\nendpoint = \"ftp://h\""),
                "storage.s3.endpoint",
            ),
            (
                format!("{s3}bucket = \"b\"\nendpoint = \"http://k:s@h\""),
                "storage.s3.endpoint",
            ),
            (
                format!("{s3}bucket = \"a b\"\nregion = \"x\""),
                "storage.s3.bucket",
            ),
            (
                format!("{s3}bucket = \"b\"\nregion = \"x y\""),
                "storage.s3.region",
            ),
            (
                format!("{s3}bucket = \"b\"\nregion = \"x\"\naccess_key_id = \"k\""),
                "storage.s3.access_key_id",
            ),
            (
                format!("{s3}bucket = \"b\"\nregion = \"x\"\nprefix = \"a/../b\""),
                "storage.s3.prefix",
            ),
            (
                format!("{s3}bucket = \"b\"\nregion = \"x\"\nprefix = \"a//b\""),
                "storage.s3.prefix",
            ),
        ] {
            let e = refused(&extra);
            assert!(e.contains(key), "{extra}: {e}");
        }
    }
}
