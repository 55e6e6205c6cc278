//! Time as a dependency, so that expiry, reminders and batching are testable without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use time::OffsetDateTime;

/// A source of "now".
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> OffsetDateTime;

    /// Whole seconds since the Unix epoch.
    fn unix(&self) -> i64 {
        self.now().unix_timestamp()
    }
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that only moves when told to (tests).
#[derive(Debug)]
pub struct ManualClock {
    offset_seconds: AtomicI64,
}

impl ManualClock {
    /// A clock that runs with the wall clock, shifted by whatever `advance` adds.
    #[must_use]
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            offset_seconds: AtomicI64::new(0),
        })
    }

    /// Move time forward by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.offset_seconds.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
            + time::Duration::seconds(self.offset_seconds.load(Ordering::SeqCst))
    }
}

/// The clock every component shares.
pub type SharedClock = Arc<dyn Clock>;
