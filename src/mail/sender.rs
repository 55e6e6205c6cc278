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
use crate::domain::mail::{MailLink, Notice, OutboxMessage, PendingNotice};
use crate::state::AppState;
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
        if let Ok(depth) = state.db(|s| s.mail_queue_depth()).await {
            #[allow(clippy::cast_precision_loss)] // a gauge; queue depths fit easily
            metrics::gauge!("porthole_mail_queue_depth").set(depth as f64);
        }
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
    let (decided, others): (Vec<_>, Vec<_>) = state
        .store
        .pending_notices()?
        .into_iter()
        .partition(|p| matches!(p.notice, Notice::DecisionRecorded { .. }));
    let mut queued = 0;
    // Decisions recorded while the sender was busy go out together, one mail per staff
    // member and chunk: no added wait, yet a burst of approvals does not become a burst
    // of mail.
    for chunk in decided.chunks(DECISION_CHUNK) {
        match expand_decisions(state, &env, now, chunk) {
            Ok(n) => queued += n,
            Err(e @ (StoreError::Db(_) | StoreError::Postgres(_) | StoreError::Io(_))) => {
                return Err(e);
            }
            // One notice that cannot become a mail must not hold back the others.
            Err(_) => {
                for pending in chunk {
                    queued += expand_one(state, &env, now, pending)?;
                }
            }
        }
    }
    for pending in &others {
        // Updates and activity wait for the batch window, counted from the batch's first
        // entry.
        if matches!(
            pending.notice,
            Notice::MilestoneUpdates { .. } | Notice::Activity { .. }
        ) && now < pending.at + window
        {
            continue;
        }
        queued += expand_one(state, &env, now, pending)?;
    }
    Ok(queued)
}

/// Decision notices expanded in one transaction at most. The transaction shares its
/// commit with the client decisions of the moment, which wait for it: 500 a chunk held
/// them 40-160 ms in `load.sh`'s burst (p99 66 ms with 8 connections deciding); 50 keeps
/// that wait to a few milliseconds (p99 21-25 ms). It is also as many as a staff digest
/// lists, so no decision of a chunk is left to "and N more".
const DECISION_CHUNK: usize = super::expand::DIGEST_LINES;

/// Turn decision notices into one mail per staff member, in one transaction.
fn expand_decisions(
    state: &AppState,
    env: &MailEnv,
    now: OffsetDateTime,
    chunk: &[PendingNotice],
) -> StoreResult<usize> {
    state.store.write(&Actor::System, now, |tx| {
        let mut recorded = Vec::with_capacity(chunk.len());
        for pending in chunk {
            // Read again inside the transaction: another pass may have taken it.
            if let Some(PendingNotice {
                notice:
                    Notice::DecisionRecorded {
                        approval_id,
                        audit_seq,
                    },
                ..
            }) = tx.find::<PendingNotice>(&pending.id)?
            {
                recorded.push((approval_id, audit_seq));
                remove_notice(tx, &pending.id)?;
            }
        }
        super::expand::decisions(tx, env, &recorded)
    })
}

/// Turn one notice into messages in its own transaction; a notice that can never become
/// a message is dropped (and logged) rather than retried for ever.
fn expand_one(
    state: &AppState,
    env: &MailEnv,
    now: OffsetDateTime,
    pending: &PendingNotice,
) -> StoreResult<usize> {
    let result = state.store.write(&Actor::System, now, |tx| {
        // Read again inside the transaction: a batch may have grown meanwhile.
        let Some(current) = tx.find::<PendingNotice>(&pending.id)? else {
            return Ok(0);
        };
        let n = expand(tx, env, &current.notice)?;
        remove_notice(tx, &pending.id)?;
        Ok(n)
    });
    match result {
        Ok(n) => Ok(n),
        Err(e @ (StoreError::Db(_) | StoreError::Postgres(_) | StoreError::Io(_))) => Err(e),
        Err(e) => {
            tracing::warn!(notice = %pending.id, error = %e, "dropping a mail notice");
            state
                .store
                .write(&Actor::System, now, |tx| remove_notice(tx, &pending.id))?;
            Ok(0)
        }
    }
}

async fn deliver_due(
    state: &AppState,
    transport: &Transport,
    from: &Mailbox,
    stop: &CancellationToken,
) {
    loop {
        let now = state.clock.now();
        let batch = match state
            .db(move |s| {
                // A look first: a claim is a write, and most rounds find nothing due.
                if s.due_messages(now, 1)?.is_empty() {
                    return Ok(Vec::new());
                }
                s.claim_due_messages(now, BATCH)
            })
            .await
        {
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
            // Recorded as sent only once durable; unrecorded, they go out again when their
            // claim runs out (a file is then written again under the same name).
            if let Err(e) = transport.settle_round().await {
                return tracing::warn!(error = %e, "could not sync the mail written");
            }
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
            Ok(message) => transport.send_in_round(&m.id, message).await,
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
            metrics::counter!("porthole_mail_failures_total").increment(1);
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
            permanent: matches!(e, crate::store::StoreError::NotFound(_)),
            message: format!("link: {e}"),
        })?;
    let refused = |message: &str| SendError {
        permanent: true,
        message: message.to_owned(),
    };
    if grant.revoked_at.is_some() {
        return Err(refused("link: revoked before it was sent"));
    }
    let url = crate::ops::client_link_url(&state.keyring(), &state.settings.public_url, &grant)
        .map_err(|e| refused(&e.to_string()))?;
    Ok(Some(format!("{url}{}", link.path)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::config::Settings;
    use crate::domain::DecisionKind;
    use crate::domain::approval::DecisionInput;
    use crate::domain::mail::MailKind;
    use crate::ops::IssueLink;
    use crate::store::{
        ContactInput, DecisionEvidence, NewApproval, NewClient, NewProject, NewStaff,
    };

    /// A store with one staff member who requested `n` approvals, each decided through a
    /// link; no sender runs, so the decision notices wait for the test.
    fn decided(n: usize) -> (AppState, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        let settings = Settings::defaults_with_data_dir(dir.path()).expect("settings");
        let state = AppState::open(settings, ManualClock::new()).expect("state");
        let now = state.clock.now();
        let (staff, _) = state
            .store
            .create_staff(
                &Actor::System,
                now,
                NewStaff {
                    name: "Dana Lee".into(),
                    email: "dana@agency.test".into(),
                },
            )
            .expect("staff");
        let dana = Actor::Staff {
            id: staff.id.clone(),
            name: staff.name.clone(),
        };
        let client = state
            .store
            .create_client(
                &dana,
                now,
                NewClient {
                    name: "Acme".into(),
                    contacts: vec![ContactInput::new("Cleo", "cleo@acme.test")],
                    language: None,
                    timezone: None,
                },
            )
            .expect("client");
        let project = state
            .store
            .create_project(
                &dana,
                now,
                &client.id,
                NewProject {
                    name: "Site".into(),
                    summary: None,
                    status: None,
                    next_step: None,
                },
            )
            .expect("project");
        let link = state
            .issue_link(
                &dana,
                &client.id,
                &IssueLink {
                    email: "cleo@acme.test".into(),
                    ttl: None,
                    project_id: None,
                    send: Some(false),
                    can: None,
                },
            )
            .expect("link");
        let grant = state.store.grant(&link.grant_id).expect("grant");
        for i in 0..n {
            let a = state
                .store
                .create_approval(
                    &dana,
                    now,
                    &project.id,
                    NewApproval {
                        approvers: None,
                        rule: crate::domain::ApprovalRule::Any,
                        title: format!("Proof {i}"),
                        description: None,
                        file_id: None,
                        milestone_id: None,
                        due_on: None,
                    },
                )
                .expect("approval");
            let input = DecisionInput {
                decision: DecisionKind::Approve,
                typed_name: "Cleo".into(),
                comment: None,
                confirm: true,
                version_sha256: String::new(),
                nonce: format!("nonce-{i}"),
            };
            let evidence = DecisionEvidence {
                verified_email: None,
                client_ip: "192.0.2.1".into(),
                user_agent: "test".into(),
            };
            state
                .store
                .record_decision(now, &grant, &a.id, &input, &evidence)
                .expect("decision");
        }
        (state, dir)
    }

    fn decision_mails(state: &AppState) -> Vec<OutboxMessage> {
        state
            .store
            .outbox_messages(None, 1000)
            .expect("outbox")
            .into_iter()
            .filter(|m| m.kind == MailKind::DecisionRecorded)
            .collect()
    }

    #[test]
    fn decisions_waiting_together_become_one_digest_per_staff_member() {
        let (state, _dir) = decided(3);
        expand_due_notices(&state, state.clock.now()).expect("expand");
        let mails = decision_mails(&state);
        assert_eq!(mails.len(), 1, "one mail for three decisions");
        assert_eq!(mails[0].to, "dana@agency.test");
        assert_eq!(mails[0].subject, "3 decisions recorded");
        for i in 0..3 {
            assert!(mails[0].text.contains(&format!("Acme · Proof {i}")));
        }
        assert!(mails[0].text.contains("Approved by Cleo"));
        // Only the owner's activity batch waits (for `mail.batch_window`).
        assert!(
            state
                .store
                .pending_notices()
                .expect("notices")
                .iter()
                .all(|p| matches!(p.notice, Notice::Activity { .. }))
        );
    }

    #[test]
    fn a_lone_decision_keeps_its_full_mail() {
        let (state, _dir) = decided(1);
        expand_due_notices(&state, state.clock.now()).expect("expand");
        let mails = decision_mails(&state);
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].subject, "Acme approved: Proof 0");
    }

    #[test]
    fn a_burst_past_fifty_becomes_digests_of_fifty_that_list_every_decision() {
        let (state, _dir) = decided(53);
        expand_due_notices(&state, state.clock.now()).expect("expand");
        let mut mails = decision_mails(&state);
        mails.sort_by_key(|m| m.subject.len());
        let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
        assert_eq!(subjects, ["3 decisions recorded", "50 decisions recorded"]);
        for i in 0..53 {
            let line = format!("Acme · Proof {i}\n");
            assert_eq!(
                mails.iter().filter(|m| m.text.contains(&line)).count(),
                1,
                "Proof {i} is listed once"
            );
        }
        assert!(mails.iter().all(|m| !m.text.contains("not listed here")));
    }
}
