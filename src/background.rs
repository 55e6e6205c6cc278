//! Tasks that run beside the HTTP server and stop with it.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::state::AppState;

/// How long shutdown waits for the mail sender to record a delivery in progress.
const MAIL_STOP_GRACE: Duration = Duration::from_secs(2);

/// Handles of the running background tasks.
pub struct Background {
    tasks: Vec<tokio::task::JoinHandle<()>>,
    /// The mail sender stops at a signal, so that a delivery in progress is recorded.
    mail: (CancellationToken, tokio::task::JoinHandle<()>),
    /// So does the webhook sender.
    webhooks: (CancellationToken, tokio::task::JoinHandle<()>),
    state: AppState,
}

/// Start every background task.
#[must_use]
pub fn start(state: &AppState) -> Background {
    let mut tasks = Vec::new();
    match crate::admin::listen(state.clone()) {
        Ok(t) => tasks.push(t),
        Err(e) => {
            tracing::warn!(error = %e, "admin socket unavailable; CLI commands must wait until the server stops")
        }
    }
    tasks.push(tokio::spawn(flush_views(state.clone())));
    if state.sealed_key_home().is_some() {
        tasks.push(tokio::spawn(follow_keys(state.clone())));
    }
    tasks.push(tokio::spawn(crate::previews::run(state.clone())));
    if let Some(jobs) = state.sign_ins.take_receiver() {
        tasks.push(tokio::spawn(crate::mail::sign_in::run(state.clone(), jobs)));
    }
    let stop_mail = CancellationToken::new();
    let sender = tokio::spawn(crate::mail::sender::run(state.clone(), stop_mail.clone()));
    let stop_hooks = CancellationToken::new();
    let hooks = tokio::spawn(crate::webhooks::sender::run(
        state.clone(),
        stop_hooks.clone(),
    ));
    Background {
        tasks,
        mail: (stop_mail, sender),
        webhooks: (stop_hooks, hooks),
        state: state.clone(),
    }
}

impl Background {
    /// Stop every task and clean up (the admin socket file).
    pub async fn stop(self) {
        let (stop_mail, mut sender) = self.mail;
        stop_mail.cancel();
        let (stop_hooks, mut hooks) = self.webhooks;
        stop_hooks.cancel();
        // A delivery in flight ends within its timeout.
        if tokio::time::timeout(crate::webhooks::TIMEOUT, &mut hooks)
            .await
            .is_err()
        {
            hooks.abort();
        }
        // An SMTP server that hangs must not hold up shutdown for long.
        if tokio::time::timeout(MAIL_STOP_GRACE, &mut sender)
            .await
            .is_err()
        {
            sender.abort();
        }
        for t in &self.tasks {
            t.abort();
        }
        for t in self.tasks {
            let _ = t.await;
        }
        let _ = std::fs::remove_file(self.state.settings.socket_path());
        let st = self.state.clone();
        // Views counted since the last tick are written before the store closes.
        let _ = tokio::task::spawn_blocking(move || st.link_views.flush(&st.store)).await;
    }
}

/// With the signing keys in PostgreSQL, read them again every few seconds: a key rotated
/// through any process signs here too within that time.
async fn follow_keys(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3));
    loop {
        tick.tick().await;
        let st = state.clone();
        if let Ok(Err(e)) = tokio::task::spawn_blocking(move || st.reload_keys()).await {
            tracing::warn!(error = %e, "could not read the signing keys again; the ones in use stay");
        }
    }
}

/// Write counted link views every few seconds.
async fn flush_views(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        let st = state.clone();
        if let Ok(Err(e)) =
            tokio::task::spawn_blocking(move || st.link_views.flush(&st.store)).await
        {
            tracing::warn!(error = %e, "could not record link views; will retry");
        }
    }
}
