//! The background sender: turns due notices into messages, queues due reminders, and
//! delivers due messages with retries. It wakes when the app queues something and polls
//! once a second otherwise (notices queued by store operations, and clocks that jump in
//! tests). It reads time from the app's clock.

use crate::store::ReadRecords as _;
use std::time::Duration;

use futures_util::StreamExt as _;
use lettre::message::Mailbox;
use time::OffsetDateTime;
use tokio_util::sync::CancellationToken;

use super::expand::{MailEnv, expand};
use super::retry::after_failure;
use super::transport::{SendError, Transport, build};
use crate::app::AppState;
use crate::domain::ids;
use crate::domain::mail::{MailLink, Notice, OutboxMessage, PendingNotice};
use crate::links::Purpose;
use crate::store::outbox::{DeliveryOutcome, remove_notice};
use crate::store::{Actor, StoreError, StoreResult};

const POLL: Duration = Duration::from_secs(1);
/// Messages read from the outbox at a time.
const BATCH: usize = 64;
/// Messages in flight at once, each on its own pooled SMTP connection (lettre keeps up to
/// 10). lettre 0.11 leaves Nagle on and writes the DATA terminator on its own, so a
/// connection waits for the server's delayed ACK (~40 ms) per message: parallel
/// connections are what make throughput.
const PARALLEL: usize = 8;
/// Clock seconds between two looks for due reminders.
const REMINDER_SCAN_SECONDS: i64 = 60;
/// Longest `last_error` kept.
const MAX_ERROR: usize = 500;

/// Run until `stop` is cancelled; a delivery in progress finishes and is recorded first.
pub async fn run(state: AppState, stop: CancellationToken) {
    let transport = match Transport::from_settings(&state.settings) {
        Ok(t) => t,
        Err(e) => return tracing::error!(error = %e, "mail sender not started"),
    };
    let from: Mailbox = match state.settings.mail.from.parse() {
        Ok(m) => m,
        Err(e) => {
            return tracing::error!(error = %e, "mail.from is not an address; mail sender not started");
        }
    };
    let mut last_scan: Option<OffsetDateTime> = None;
    loop {
        let now = state.clock.now();
        let scan = last_scan.is_none_or(|t| (now - t).whole_seconds() >= REMINDER_SCAN_SECONDS);
        let st = state.clone();
        let queued = tokio::task::spawn_blocking(move || prepare(&st, now, scan)).await;
        match queued {
            Ok(Ok(_)) if scan => last_scan = Some(now),
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "could not queue mail; will retry"),
            Err(e) => tracing::warn!(error = %e, "mail preparation failed"),
        }
        deliver_due(&state, &transport, &from, &stop).await;
        tokio::select! {
            () = stop.cancelled() => return,
            () = state.mail.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Turn due notices (and, with `scan`, due reminders) into messages.
fn prepare(state: &AppState, now: OffsetDateTime, scan: bool) -> StoreResult<usize> {
    let mut queued = expand_due_notices(state, now)?;
    if scan {
        queued += super::reminders::queue_due(state, now)?;
    }
    Ok(queued)
}

fn expand_due_notices(state: &AppState, now: OffsetDateTime) -> StoreResult<usize> {
    let window =
        time::Duration::try_from(state.settings.mail.batch_window).unwrap_or(time::Duration::ZERO);
    let env = MailEnv::of(state);
    let mut queued = 0;
    for pending in state.store.pending_notices()? {
        // Updates wait for the batch window, counted from the batch's first update.
        if matches!(pending.notice, Notice::MilestoneUpdates { .. }) && now < pending.at + window {
            continue;
        }
        let result = state.store.write(&Actor::System, now, |tx| {
            // Read again inside the transaction: a batch may have grown meanwhile.
            let Some(current) = tx.find::<PendingNotice>(&pending.id)? else {
                return Ok(0);
            };
            let n = expand(tx, &env, &current.notice)?;
            remove_notice(tx, &pending.id)?;
            Ok(n)
        });
        match result {
            Ok(n) => queued += n,
            Err(e @ (StoreError::Db(_) | StoreError::Io(_))) => return Err(e),
            // A notice that can never become a message must not block the others.
            Err(e) => {
                tracing::warn!(notice = %pending.id, error = %e, "dropping a mail notice");
                state
                    .store
                    .write(&Actor::System, now, |tx| remove_notice(tx, &pending.id))?;
            }
        }
    }
    Ok(queued)
}

async fn deliver_due(
    state: &AppState,
    transport: &Transport,
    from: &Mailbox,
    stop: &CancellationToken,
) {
    loop {
        let now = state.clock.now();
        let batch = match state.db(move |s| s.due_messages(now, BATCH)).await {
            Ok(b) if !b.is_empty() => b,
            Ok(_) => return,
            Err(e) => return tracing::warn!(error = %e, "could not read the outbox"),
        };
        // Outcomes are recorded as they come in (a group commit of whatever is ready): after
        // a crash only messages that were in flight go out again, never one marked sent.
        let mut done = futures_util::stream::iter(batch)
            .map(|m| attempt(state, transport, from, m, now))
            .buffer_unordered(PARALLEL)
            .ready_chunks(PARALLEL);
        while let Some(outcomes) = done.next().await {
            if let Err(e) = state.db(move |s| s.record_deliveries(now, &outcomes)).await {
                return tracing::warn!(error = %e, "could not record deliveries");
            }
        }
        if stop.is_cancelled() {
            return;
        }
    }
}

async fn attempt(
    state: &AppState,
    transport: &Transport,
    from: &Mailbox,
    m: OutboxMessage,
    now: OffsetDateTime,
) -> (String, DeliveryOutcome) {
    let result = match link_url(state, m.link.as_ref()).await {
        Err(e) => Err(e),
        Ok(url) => match build(&m, from, url.as_deref(), now.into()) {
            Ok(message) => transport.send(&m.id, message).await,
            Err(e) => Err(SendError {
                permanent: true,
                message: e,
            }),
        },
    };
    let outcome = match result {
        Ok(()) => {
            tracing::info!(id = %m.id, kind = ?m.kind, "mail sent");
            DeliveryOutcome::Sent
        }
        Err(e) => {
            tracing::warn!(id = %m.id, kind = ?m.kind, error = %e.message, "mail not sent");
            let message: String = e.message.chars().take(MAX_ERROR).collect();
            after_failure(m.attempts, m.failing_since, now, e.permanent, message)
        }
    };
    (m.id, outcome)
}

/// The URL of a message's link, signed again from its grant (tokens are never stored).
async fn link_url(state: &AppState, link: Option<&MailLink>) -> Result<Option<String>, SendError> {
    let Some(link) = link else {
        return Ok(None);
    };
    let grant_id = link.grant_id.clone();
    let grant = state
        .db(move |s| s.grant(&grant_id))
        .await
        .map_err(|e| SendError {
            permanent: matches!(e, crate::error::AppError::NotFound(_)),
            message: format!("link: {e}"),
        })?;
    let refused = |message: &str| SendError {
        permanent: true,
        message: message.to_owned(),
    };
    if grant.revoked_at.is_some() {
        return Err(refused("link: revoked before it was sent"));
    }
    let grant_bytes =
        ids::id_bytes(&grant.grant_id).ok_or_else(|| refused("link: malformed grant id"))?;
    let token = state
        .keyring()
        .sign_with(
            grant.key_id,
            Purpose::ClientPortal,
            grant_bytes,
            grant.issued_at.unix_timestamp(),
            grant.expires_at.unix_timestamp(),
        )
        .ok_or_else(|| refused("link: its signing key was removed"))?;
    Ok(Some(format!(
        "{}/p/{token}{}",
        state.settings.public_url, link.path
    )))
}
