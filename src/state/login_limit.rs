//! Rate limit on `POST /staff/login`: per client IP and per address asked for, so that
//! nobody can flood a colleague's inbox with sign-in mail or probe addresses quickly.
//! Unknown addresses are limited exactly like known ones: the limit reveals nothing.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Sign-in requests allowed per address in [`WINDOW`].
pub const PER_ADDRESS: u32 = 5;
/// Sign-in requests allowed per client IP in [`WINDOW`] (an office behind one address).
pub const PER_IP: u32 = 20;
/// The window both limits refill over.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Forget idle keys once the tables hold this many, so they cannot grow without bound.
const RETAIN_ABOVE: usize = 10_000;

/// Both limiters; cheap to share behind an `Arc`.
pub struct LoginLimits {
    by_ip: DefaultKeyedRateLimiter<IpAddr>,
    by_address: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl std::fmt::Debug for LoginLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginLimits").finish_non_exhaustive()
    }
}

/// `n` per `window`, all available at once, refilled evenly.
fn quota(n: u32, window: Duration) -> Quota {
    let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
    let period = (window / n.get()).max(Duration::from_millis(1));
    Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(n)
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self::new(PER_ADDRESS, PER_IP, WINDOW)
    }
}

impl LoginLimits {
    #[must_use]
    pub fn new(per_address: u32, per_ip: u32, window: Duration) -> Self {
        Self {
            by_ip: RateLimiter::keyed(quota(per_ip, window)),
            by_address: RateLimiter::keyed(quota(per_address, window)),
            clock: DefaultClock::default(),
        }
    }

    /// Count one request from `ip` for `address` (already normalised). `Err` carries how
    /// long to wait when either limit is used up.
    ///
    /// # Errors
    /// The time until the next request would be allowed.
    pub fn check(&self, ip: IpAddr, address: &str) -> Result<(), Duration> {
        if self.by_ip.len() > RETAIN_ABOVE {
            self.by_ip.retain_recent();
        }
        if self.by_address.len() > RETAIN_ABOVE {
            self.by_address.retain_recent();
        }
        let now = self.clock.now();
        self.by_ip
            .check_key(&ip)
            .map_err(|n| n.wait_time_from(now))?;
        self.by_address
            .check_key(&address.to_owned())
            .map_err(|n| n.wait_time_from(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_and_each_ip_has_its_own_budget() {
        let limits = LoginLimits::new(2, 3, Duration::from_secs(900));
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!(limits.check(a, "ann@x.test").is_ok());
        assert!(limits.check(a, "ann@x.test").is_ok());
        let wait = limits.check(a, "ann@x.test").unwrap_err();
        // One request back every 450 s.
        assert!(wait > Duration::from_secs(400) && wait <= Duration::from_secs(450));
        // The same address from elsewhere is still limited; another address is not.
        assert!(limits.check(b, "ann@x.test").is_err());
        assert!(limits.check(b, "bob@x.test").is_ok());
        // a has used 3 of its 3 (the refused one was counted against the address only
        // after the IP allowed it).
        assert!(limits.check(a, "cy@x.test").is_err());
    }
}
