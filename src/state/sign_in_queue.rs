//! Console sign-in requests, answered at once and worked off afterwards, in order, by one
//! background task (`mail::sign_in::run`). Looking the address up, recording the sign-in
//! and mailing its link all happen after the answer, so a known and an unknown address
//! get the same page in the same time (SPEC 15).

use std::sync::Mutex;

use tokio::sync::{mpsc, oneshot};

/// Requests waiting beyond this are dropped (the rate limits keep honest use far below).
const CAPACITY: usize = 1024;

/// One piece of work for the sign-in task.
#[derive(Debug)]
pub enum SignInJob {
    /// Mail a sign-in link to this (normalised) address if it is an active staff member's.
    Request { email: String },
    /// Answered once every job queued before it is done.
    Settled(oneshot::Sender<()>),
}

/// The queue; its receiving end is taken once by the task that works it off.
#[derive(Debug)]
pub struct SignInQueue {
    tx: mpsc::Sender<SignInJob>,
    rx: Mutex<Option<mpsc::Receiver<SignInJob>>>,
}

impl Default for SignInQueue {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel(CAPACITY);
        Self {
            tx,
            rx: Mutex::new(Some(rx)),
        }
    }
}

impl SignInQueue {
    /// Queue a sign-in request without waiting; `false` when the queue is full.
    #[must_use]
    pub fn push(&self, email: String) -> bool {
        self.tx.try_send(SignInJob::Request { email }).is_ok()
    }

    /// Resolves once every request queued before this call has been worked off (or at once
    /// when nothing works the queue off).
    pub async fn settled(&self) {
        let (done, wait) = oneshot::channel();
        if self.tx.send(SignInJob::Settled(done)).await.is_ok() {
            let _ = wait.await;
        }
    }

    /// The receiving end, for the one task that works the queue off.
    pub fn take_receiver(&self) -> Option<mpsc::Receiver<SignInJob>> {
        self.rx
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}
