//! The background webhook sender: delivers due deliveries, signed (Standard Webhooks),
//! and records how each attempt went, retrying with the mail outbox's backoff. It wakes
//! when an operation queued something and polls once a second otherwise. Nothing here
//! runs inside a request: a slow receiver never holds one up.

use std::time::Duration;

use futures_util::StreamExt as _;
use time::OffsetDateTime;
use tokio_util::sync::CancellationToken;

use crate::domain::webhooks::{
    WebhookDelivery, WebhookEndpoint, forbidden_ip, literal_ip, secret_key, signature,
};
use crate::mail::after_failure;
use crate::state::AppState;
use crate::store::Attempt;
use crate::store::outbox::DeliveryOutcome;

const POLL: Duration = Duration::from_secs(1);
/// Deliveries read at a time, and in flight at once.
const BATCH: usize = 64;
const PARALLEL: usize = 8;
/// Longest `last_error` kept.
const MAX_ERROR: usize = 500;

/// Run until `stop` is cancelled; attempts in flight finish and are recorded first.
pub async fn run(state: AppState, stop: CancellationToken) {
    // Built when the first delivery is due: an HTTPS client (TLS roots, connector) is
    // memory and start-up work that a portal without webhooks never needs.
    let mut client = None;
    loop {
        if deliver_due(&state, &mut client).await.is_err() {
            return;
        }
        if let Ok(depth) = state.db(|s| s.webhook_queue_depth()).await {
            #[allow(clippy::cast_precision_loss)] // a gauge; queue depths fit easily
            metrics::gauge!("porthole_webhook_queue_depth").set(depth as f64);
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = state.webhooks.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

/// The sender cannot run: its HTTP client could not be built (said in the log).
struct NoClient;

async fn deliver_due(
    state: &AppState,
    client: &mut Option<reqwest::Client>,
) -> Result<(), NoClient> {
    loop {
        let now = state.clock.now();
        let client = match client {
            Some(c) => c,
            None => {
                // Built before anything is claimed, so that a client that cannot be built
                // leaves every delivery due rather than claimed.
                match state.db(move |s| s.due_webhook_deliveries(now, 1)).await {
                    Ok(due) if due.is_empty() => return Ok(()),
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "could not read webhook deliveries");
                        return Ok(());
                    }
                }
                match super::client(state.settings.webhooks.allow_private) {
                    Ok(c) => client.insert(c),
                    Err(e) => {
                        tracing::error!(error = %e, "webhook sender stopped");
                        return Err(NoClient);
                    }
                }
            }
        };
        let batch = match state
            .db(move |s| {
                // A look first: a claim is a write, and most rounds find nothing due.
                if s.due_webhook_deliveries(now, 1)?.is_empty() {
                    return Ok(Vec::new());
                }
                s.claim_due_webhook_deliveries(now, BATCH)
            })
            .await
        {
            Ok(b) if !b.is_empty() => b,
            Ok(_) => return Ok(()),
            Err(e) => {
                tracing::warn!(error = %e, "could not read webhook deliveries");
                return Ok(());
            }
        };
        let allow_private = state.settings.webhooks.allow_private;
        let mut done = futures_util::stream::iter(batch)
            .map(|(d, e)| attempt(client, d, e, now, allow_private))
            .buffer_unordered(PARALLEL)
            .ready_chunks(PARALLEL);
        while let Some(outcomes) = done.next().await {
            if let Err(e) = state
                .db(move |s| s.record_webhook_attempts(now, &outcomes))
                .await
            {
                tracing::warn!(error = %e, "could not record webhook attempts");
                return Ok(());
            }
        }
    }
}

/// One attempt: sign, post, judge the answer.
async fn attempt(
    client: &reqwest::Client,
    d: WebhookDelivery,
    endpoint: WebhookEndpoint,
    now: OffsetDateTime,
    allow_private: bool,
) -> (String, Attempt) {
    let result = post(client, &d, &endpoint, now, allow_private).await;
    let (outcome, response_status) = match result {
        Ok(status) if (200..300).contains(&status) => {
            tracing::info!(id = %d.id, event = d.event.name(), status, "webhook delivered");
            metrics::counter!("porthole_webhook_deliveries_total", "outcome" => "delivered")
                .increment(1);
            (DeliveryOutcome::Sent, Some(status))
        }
        Ok(status) => {
            let outcome = failed(
                &d,
                now,
                false,
                format!("the receiver answered HTTP {status}"),
            );
            (outcome, Some(status))
        }
        Err((permanent, message)) => (failed(&d, now, permanent, message), None),
    };
    (
        d.id,
        Attempt {
            outcome,
            response_status,
        },
    )
}

fn failed(
    d: &WebhookDelivery,
    now: OffsetDateTime,
    permanent: bool,
    message: String,
) -> DeliveryOutcome {
    tracing::warn!(id = %d.id, event = d.event.name(), error = %message, "webhook not delivered");
    metrics::counter!("porthole_webhook_failures_total").increment(1);
    let message: String = message.chars().take(MAX_ERROR).collect();
    after_failure(d.attempts, d.failing_since, now, permanent, message)
}

/// POST the delivery; the receiver's status code, or why there is none (and whether
/// trying again could help).
async fn post(
    client: &reqwest::Client,
    d: &WebhookDelivery,
    endpoint: &WebhookEndpoint,
    now: OffsetDateTime,
    allow_private: bool,
) -> Result<u16, (bool, String)> {
    let url = crate::domain::webhooks::parse_url(&endpoint.url)
        .map_err(|e| (true, format!("url {e}")))?;
    // Names are checked by the resolver; a literal address never reaches it.
    if let Some(ip) = literal_ip(&url).filter(|_| !allow_private)
        && let Some(why) = forbidden_ip(ip)
    {
        return Err((
            true,
            format!("refused by the private-address guard: {ip} is {why}"),
        ));
    }
    let key = secret_key(&endpoint.secret).map_err(|e| (true, format!("secret {e}")))?;
    let timestamp = now.unix_timestamp();
    let res = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &d.event_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header(
            "webhook-signature",
            signature(&key, &d.event_id, timestamp, d.body.as_bytes()),
        )
        .body(d.body.clone())
        .send()
        .await
        .map_err(|e| {
            let refused = source_chain(&e).contains("private-address guard");
            (refused, source_chain(&e))
        })?;
    Ok(res.status().as_u16())
}

/// An error with its causes, which reqwest keeps out of its own message.
fn source_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(s) = next {
        let s_text = s.to_string();
        if !out.contains(&s_text) {
            out.push_str(": ");
            out.push_str(&s_text);
        }
        next = s.source();
    }
    out
}
