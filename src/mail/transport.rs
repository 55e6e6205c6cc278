//! Delivery of RFC 5322 messages: over SMTP (lettre, rustls) when `mail.smtp_url` is set,
//! else as `.eml` files under `data_dir/outbox/`, each written to a temp file, fsynced and
//! renamed, so a reader never sees half a message.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, header::Header};
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};

use crate::config::Settings;
use crate::domain::mail::{LINK_MARK, OutboxMessage};

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    /// `.eml` files in this directory.
    Files(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The SMTP URL may hold a password: never print it.
        match self {
            Self::Files(dir) => f.debug_tuple("Files").field(dir).finish(),
            Self::Smtp(_) => f.write_str("Smtp(..)"),
        }
    }
}

/// A failed delivery attempt.
#[derive(Debug, Clone)]
pub struct SendError {
    /// The server refused for good (5xx): retrying will not help.
    pub permanent: bool,
    pub message: String,
}

impl SendError {
    fn transient(message: impl std::fmt::Display) -> Self {
        Self {
            permanent: false,
            message: message.to_string(),
        }
    }
}

/// The SMTP transport for `url` (`smtp://host:port`, `smtps://user:pass@host`,
/// `smtp://host:587?tls=required`).
///
/// # Errors
/// When lettre cannot read the URL.
pub fn smtp(
    url: &str,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, lettre::transport::smtp::Error> {
    Ok(AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
        .timeout(Some(Duration::from_secs(30)))
        .build())
}

impl Transport {
    /// The transport the settings ask for.
    ///
    /// # Errors
    /// A message naming the bad `mail.smtp_url` (config validation normally catches it first).
    pub fn from_settings(settings: &Settings) -> Result<Self, String> {
        match &settings.mail.smtp_url {
            None => Ok(Self::Files(settings.data_dir.join("outbox"))),
            Some(url) => smtp(url)
                .map(Self::Smtp)
                .map_err(|e| format!("mail.smtp_url: {e}")),
        }
    }

    /// Deliver one message; `name` (the outbox id) names its `.eml` file, so a repeated
    /// delivery replaces the file instead of adding a second one.
    ///
    /// # Errors
    /// A [`SendError`] saying whether a retry may help.
    pub async fn send(&self, name: &str, message: Message) -> Result<(), SendError> {
        self.send_as(name, message, Settle::Now).await
    }

    /// [`Transport::send`] as one of a round whose outcomes are recorded together: a file
    /// is durable once [`Transport::settle_round`] returned (one directory sync for the
    /// round instead of one per message, each a disk flush beside the store's commits).
    ///
    /// # Errors
    /// As [`Transport::send`].
    pub async fn send_in_round(&self, name: &str, message: Message) -> Result<(), SendError> {
        self.send_as(name, message, Settle::WithRound).await
    }

    /// Make every message of the round sent so far durable (files: sync their directory).
    ///
    /// # Errors
    /// When the directory cannot be synced: the round's files may not survive a crash.
    pub async fn settle_round(&self) -> std::io::Result<()> {
        match self {
            Self::Smtp(_) => Ok(()),
            Self::Files(dir) => {
                let dir = dir.clone();
                tokio::task::spawn_blocking(move || std::fs::File::open(&dir)?.sync_all())
                    .await
                    .map_err(std::io::Error::other)?
            }
        }
    }

    async fn send_as(&self, name: &str, message: Message, settle: Settle) -> Result<(), SendError> {
        match self {
            Self::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| SendError {
                permanent: e.is_permanent(),
                message: e.to_string(),
            }),
            Self::Files(dir) => {
                let (dir, path) = (dir.clone(), dir.join(format!("{name}.eml")));
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || write_atomically(&dir, &path, &bytes, settle))
                    .await
                    .map_err(SendError::transient)?
                    .map_err(SendError::transient)
            }
        }
    }
}

/// When a written file's directory entry is made durable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Settle {
    /// At once: the file is durable when the write returns.
    Now,
    /// With the round, by [`Transport::settle_round`].
    WithRound,
}

fn write_atomically(dir: &Path, path: &Path, bytes: &[u8], settle: Settle) -> std::io::Result<()> {
    crate::store::owner_only::create_dir_all(dir)?;
    // The temp file (`.tmpXXXX`, mode 0600 as `tempfile` makes it) does not end in `.eml`:
    // readers skip it.
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_data()?;
    tmp.persist(path).map_err(|e| e.error)?;
    match settle {
        Settle::Now => std::fs::File::open(dir)?.sync_all(),
        Settle::WithRound => Ok(()),
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): auto-responders stay quiet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

/// The RFC 5322 message for an outbox entry, with its link (if any) written in.
///
/// # Errors
/// A message when an address does not parse or the entry needs a link it was not given.
pub fn build(
    m: &OutboxMessage,
    from: &Mailbox,
    link_url: Option<&str>,
    date: std::time::SystemTime,
) -> Result<Message, String> {
    let (text, html) = match (link_url, m.link.is_some()) {
        (Some(url), _) => (
            m.text.replace(LINK_MARK, url),
            m.html
                .replace(LINK_MARK, &maud::html! { (url) }.into_string()),
        ),
        (None, false) => (m.text.clone(), m.html.clone()),
        (None, true) => return Err("the message's link could not be made".into()),
    };
    let to = Mailbox::new(
        Some(m.to_name.clone()).filter(|n| !n.is_empty()),
        m.to.parse()
            .map_err(|e| format!("recipient {}: {e}", m.to))?,
    );
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        .message_id(Some(m.message_id.clone()))
        .date(date)
        .header(AutoSubmitted)
        .multipart(MultiPart::alternative_plain_html(text, html))
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mail::{MailKind, MailLink, MailStatus};
    use time::OffsetDateTime;

    fn entry() -> OutboxMessage {
        OutboxMessage {
            id: "0001-abc".into(),
            kind: MailKind::LinkInvitation,
            to: "cleo@acme.test".into(),
            to_name: "Cleo Client".into(),
            subject: "Your link".into(),
            text: format!("Open: {LINK_MARK}\n"),
            html: format!("<a href=\"{LINK_MARK}\">{LINK_MARK}</a>"),
            message_id: "<0001-abc@agency.test>".into(),
            link: Some(MailLink {
                grant_id: "g".into(),
                path: String::new(),
            }),
            status: MailStatus::Queued,
            attempts: 0,
            queued_at: OffsetDateTime::UNIX_EPOCH,
            next_attempt_at: OffsetDateTime::UNIX_EPOCH,
            failing_since: None,
            last_error: None,
            sent_at: None,
        }
    }

    #[test]
    fn builds_a_multipart_message_with_the_link_written_in() {
        let from: Mailbox = "Agency <portal@agency.test>".parse().unwrap();
        let m = build(
            &entry(),
            &from,
            Some("https://p.test/p/TOKEN?a=1&b=2"),
            std::time::SystemTime::UNIX_EPOCH,
        )
        .unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(raw.contains("Auto-Submitted: auto-generated"), "{raw}");
        assert!(raw.contains("Message-ID: <0001-abc@agency.test>"));
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("text/plain") && raw.contains("text/html"));
        assert!(!raw.contains(LINK_MARK));
        assert!(build(&entry(), &from, None, std::time::SystemTime::UNIX_EPOCH).is_err());
    }

    #[test]
    fn files_land_whole_under_their_name() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("outbox");
        write_atomically(&out, &out.join("a.eml"), b"one", Settle::Now).unwrap();
        write_atomically(&out, &out.join("a.eml"), b"two", Settle::WithRound).unwrap();
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.eml")]);
        assert_eq!(std::fs::read(out.join("a.eml")).unwrap(), b"two");
    }
}
