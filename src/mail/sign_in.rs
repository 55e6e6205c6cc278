//! The staff sign-in mail. It is sent at once through the configured transport (SMTP, or
//! an `.eml` file under `data_dir/outbox/`) rather than queued: the link inside is a
//! short-lived secret that must not be stored, and a retry hours later would be useless —
//! whoever asked simply asks again.

use lettre::Message;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;

use tokio::sync::mpsc;

use super::transport::{AutoSubmitted, Transport};
use crate::domain::{Staff, new_id};
use crate::state::AppState;
use crate::state::sign_in_queue::SignInJob;

/// Work off the sign-in queue, one request at a time, until the task is aborted: look the
/// address up, record a sign-in for an active staff member and mail its link. Nothing of
/// this reaches the person who asked: their page was sent before.
pub async fn run(state: AppState, mut jobs: mpsc::Receiver<SignInJob>) {
    while let Some(job) = jobs.recv().await {
        match job {
            SignInJob::Request { email } => {
                let signed = state
                    .op(move |s| s.request_staff_sign_in(&email, crate::ops::SIGN_IN_TTL))
                    .await;
                match signed {
                    Ok(Some((staff, url))) => {
                        if let Err(e) = send_staff_sign_in(&state, &staff, &url).await {
                            tracing::warn!(error = %e, "sign-in mail not delivered");
                        }
                    }
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e, "sign-in request failed"),
                }
            }
            SignInJob::Settled(done) => {
                let _ = done.send(());
            }
        }
    }
}

/// Mail a staff member their sign-in link.
///
/// # Errors
/// A message for the log when the mail cannot be built or delivered.
pub async fn send_staff_sign_in(state: &AppState, staff: &Staff, url: &str) -> Result<(), String> {
    let settings = &state.settings;
    let transport = Transport::from_settings(settings)?;
    let from: Mailbox = settings
        .mail
        .from
        .parse()
        .map_err(|e| format!("mail.from: {e}"))?;
    let to = Mailbox::new(
        Some(staff.name.clone()),
        staff
            .email
            .parse()
            .map_err(|e| format!("staff email {}: {e}", staff.email))?,
    );
    let brand = &settings.branding.name;
    let body = format!(
        "Hello {name},\n\n\
         Someone (we hope you) asked to sign in to the {brand} staff console.\n\
         Open this link within 15 minutes to sign in. It works once:\n\n\
         {url}\n\n\
         If you did not ask for it, ignore this mail: nobody can sign in without it.\n",
        name = staff.name,
    );
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(format!("Your sign-in link for {brand}"))
        .date_now()
        .header(AutoSubmitted)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())?;
    let name = format!("{}-signin-{}", state.clock.unix(), new_id());
    transport.send(&name, message).await.map_err(|e| e.message)
}
