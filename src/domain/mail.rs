//! Mail records: the outbox message, the notices that cause messages, and the small
//! counters behind reminders and fresh-link requests.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What a message is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    LinkInvitation,
    MilestoneUpdates,
    ApprovalRequested,
    ApprovalReminder,
    DecisionRecorded,
    FreshLink,
    /// A client sent a file for a file request (to the staff member who asked).
    FileReceived,
    DecisionCode,
    /// To the contact who decided: what they decided, on which file, and the chain head.
    DecisionReceipt,
    /// What a client's contacts did, to the staff member who owns the client.
    ActivityDigest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    Queued,
    Sent,
    Failed,
}

/// The client link a message carries. Only the grant is kept: the token is signed again
/// from it at delivery, so no token is ever stored in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailLink {
    pub grant_id: String,
    /// Path under the link, e.g. `/approvals/<id>`; empty for the overview.
    pub path: String,
}

/// One message in the outbox. Bodies hold [`LINK_MARK`] where the link goes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboxMessage {
    /// Time-ordered (`<queued micros, hex>-<random>`), so the table lists newest last.
    pub id: String,
    pub kind: MailKind,
    pub to: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// `<...@...>`, the same on every attempt so receivers can drop a duplicate.
    pub message_id: String,
    pub link: Option<MailLink>,
    pub status: MailStatus,
    pub attempts: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub queued_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub next_attempt_at: OffsetDateTime,
    /// Start of the retry window (the first failed attempt); reset by a manual retry.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub failing_since: Option<OffsetDateTime>,
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub sent_at: Option<OffsetDateTime>,
}

/// Stands where the link goes in a stored body; control characters never pass the
/// field rules, so no record text can contain it.
pub const LINK_MARK: &str = "\u{1}link\u{1}";

/// Something that happened and should cause mail, queued in the transaction that made
/// it happen and turned into messages by the sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// A link was issued with `send`: invite its contact.
    LinkInvitation { grant_id: String },
    /// Client-visible milestone updates, batched per client.
    MilestoneUpdates {
        client_id: String,
        update_ids: Vec<String>,
    },
    /// An approval was requested, or re-opened by a new file version.
    ApprovalRequested { approval_id: String, reopened: bool },
    /// A link holder decided; tell the staff member who asked.
    DecisionRecorded { approval_id: String, audit_seq: u64 },
    /// A link holder sent a file for a file request; tell the staff member who asked.
    FileReceived {
        request_id: String,
        file_id: String,
        n: u32,
    },
    /// What clients did, batched per owning staff member for `mail.batch_window`.
    Activity {
        staff_id: String,
        items: Vec<crate::domain::activity::ActivityItem>,
    },
}

/// A queued [`Notice`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingNotice {
    /// `digest:<client id>` for update batches (one per client), `activity:<staff id>` for
    /// activity batches (one per staff member), else time-ordered.
    pub id: String,
    /// When the notice (for a batch: its first update) was queued.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub notice: Notice,
}

/// Reminders sent for one approval's current round (a re-open starts a new round).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReminderState {
    /// The approval id.
    pub id: String,
    /// `opened_at` of the round these reminders belong to.
    #[serde(with = "time::serde::rfc3339")]
    pub round: OffsetDateTime,
    /// The reminder `mail.reminder_after` the request went out.
    pub after_sent: bool,
    /// The reminder the day before the due date.
    pub due_sent: bool,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub last_at: Option<OffsetDateTime>,
}

/// Fresh links mailed for one (dead) grant, for the daily limit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RenewalLog {
    /// The grant the requests came through.
    pub id: String,
    /// Unix seconds of each fresh link mailed within the last day.
    pub sent_at: Vec<i64>,
}
