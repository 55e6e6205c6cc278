//! The one service layer: every action of every front end (staff API, console, admin
//! socket and CLI, client pages) is one method here, so each rule is written once.
//!
//! An operation checks what it is asked (validation; access through `domain::access`),
//! writes in one store transaction together with its audit event and mail notices, and
//! wakes whatever must wake (the mail sender). Operations are synchronous, like the store;
//! async front ends run them with [`AppState::op`]. Front ends only extract, call one
//! operation and render its result or error their own way.

pub mod approvals;
pub mod audit;
mod client_copy;
mod clients;
pub mod dashboard;
pub mod delivery;
pub mod export;
pub mod file_requests;
pub mod files;
pub mod forms;
pub mod invite;
mod keys;
mod links;
pub mod lists;
pub mod lists_console;
mod maintenance;
mod outbox;
mod portal;
mod previews;
pub mod projects;
mod reports;
pub mod requests;
mod sessions;
mod staff;
pub mod to_do;
pub mod verify;
pub mod webhooks;

pub use approvals::ApprovalDetail;
pub use client_copy::{ClientCopy, CopyFile};
pub use clients::ClientOverview;
pub use links::{IssueLink, IssuedLink, LinkUrlError, client_link_url};
pub use portal::{ApprovalView, COMMENT_NONCE_SUBJECT, LiveLink};
pub use sessions::SIGN_IN_TTL;
pub use staff::{IssuedToken, RemovedStaff, StaffMember, StaffRow};

use crate::error::AppError;
use crate::state::AppState;

/// The refusal of a client form whose single-use nonce is spent or forged.
pub const EXPIRED_FORM: &str =
    "This form has expired. Please go back, reload the page and try again.";

/// What an operation answers: its result, or the one error type every front end renders
/// its own way (JSON, console page, client page).
pub type OpResult<T> = Result<T, AppError>;

impl AppState {
    /// Run an operation off the async threads.
    ///
    /// # Errors
    /// The operation's error; `Internal` if its task died.
    pub async fn op<T, F>(&self, f: F) -> OpResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&AppState) -> OpResult<T> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || f(&state))
            .await
            .map_err(AppError::internal)?
    }
}

/// What a contact did through `link`, for the client owner's activity digest (the client
/// is filled in when it is queued).
pub(crate) fn link_activity(
    link: &LiveLink,
    kind: crate::domain::activity::ActivityKind,
    record: (&str, &str),
    console_path: String,
    detail: Option<String>,
) -> crate::domain::activity::ActivityItem {
    crate::domain::activity::ActivityItem {
        kind,
        at: time::OffsetDateTime::UNIX_EPOCH,
        client_id: String::new(),
        client: String::new(),
        contact: link.contact.name.clone(),
        grant_id: link.grant.grant_id.clone(),
        record_id: record.0.to_owned(),
        record: record.1.to_owned(),
        console_path,
        detail,
    }
}
