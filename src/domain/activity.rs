//! What clients did, as told to the staff member who owns the client (SPEC 11 activity
//! alerts), and the rule that tells a person opening a link from a mail scanner fetching
//! it. Pure: the store queues the items, the sender turns a batch into one digest.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A view this long after the link's mail went out is a person even without a
/// stylesheet fetch: scanners fetch within seconds of delivery.
pub const SCANNER_WINDOW_SECONDS: i64 = 60;

/// What a contact did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// First open of a link.
    Opened,
    Downloaded,
    Decided,
    Uploaded,
    RequestOpened,
    Replied,
    FormAnswered,
}

impl ActivityKind {
    /// How a digest line says it: "Cleo Client <verb> “record”".
    #[must_use]
    pub fn verb(self) -> &'static str {
        match self {
            Self::Opened => "opened their link to",
            Self::Downloaded => "downloaded",
            Self::Decided => "decided on",
            Self::Uploaded => "sent a file for",
            Self::RequestOpened => "opened the request",
            Self::Replied => "replied to the request",
            Self::FormAnswered => "answered the form",
        }
    }
}

/// One line of an activity digest, with the names as they were when it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityItem {
    pub kind: ActivityKind,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub client_id: String,
    pub client: String,
    pub contact: String,
    /// The link it came through.
    pub grant_id: String,
    /// The record's id (for telling repeats apart) and name.
    pub record_id: String,
    pub record: String,
    /// Where it is in the staff console, from the site root.
    pub console_path: String,
    /// A word more: the decision, the file name and version.
    #[serde(default)]
    pub detail: Option<String>,
}

impl ActivityItem {
    /// What makes this item tell the same thing again as an earlier one in the same batch
    /// (a download resumed in parts, a page opened twice): a digest lists such an item once.
    /// None for kinds that are listed every time.
    #[must_use]
    pub fn repeat_key(&self) -> Option<String> {
        matches!(self.kind, ActivityKind::Opened | ActivityKind::Downloaded).then(|| {
            format!(
                "{:?}\u{1f}{}\u{1f}{}\u{1f}{}",
                self.kind,
                self.grant_id,
                self.record_id,
                self.detail.as_deref().unwrap_or("")
            )
        })
    }
}

/// Whether views of a link amount to a person opening it: the page's stylesheet was
/// fetched (`styled_at`), or a view came more than [`SCANNER_WINDOW_SECONDS`] after the
/// link's mail went out (`mailed_at`; a link with no mail counts from when it was issued).
/// Returns when it was opened, or None for a fetch that looks like a mail scanner's.
#[must_use]
pub fn opened_at(
    styled_at: Option<OffsetDateTime>,
    last_view_at: OffsetDateTime,
    mailed_at: OffsetDateTime,
) -> Option<OffsetDateTime> {
    let late = last_view_at > mailed_at + time::Duration::seconds(SCANNER_WINDOW_SECONDS);
    styled_at.or_else(|| late.then_some(last_view_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unstyled_fetch_right_after_the_mail_is_not_an_open() {
        let t = OffsetDateTime::UNIX_EPOCH;
        let s = time::Duration::seconds;
        assert_eq!(opened_at(None, t + s(3), t), None);
        assert_eq!(opened_at(Some(t + s(3)), t + s(3), t), Some(t + s(3)));
        assert_eq!(opened_at(None, t + s(61), t), Some(t + s(61)));
        assert_eq!(opened_at(None, t + s(60), t), None);
    }
}
