//! When to try a failed delivery again: 30 s, 2 min, 10 min, 1 h, then every 6 h, and give
//! up (status `failed`) once a message has been failing for 24 h or the server refused it
//! for good.

use time::{Duration, OffsetDateTime};

use crate::store::outbox::DeliveryOutcome;

/// Waits after the 1st, 2nd, 3rd and 4th failed attempt; later ones wait [`LATER`].
const BACKOFF: [Duration; 4] = [
    Duration::seconds(30),
    Duration::minutes(2),
    Duration::minutes(10),
    Duration::hours(1),
];
const LATER: Duration = Duration::hours(6);
/// How long a message may keep failing before it is given up.
pub const GIVE_UP_AFTER: Duration = Duration::hours(24);

/// The outcome of a failed attempt: `attempts` made before this one, failing since
/// `failing_since` (None: this is the first failure).
#[must_use]
pub fn after_failure(
    attempts: u32,
    failing_since: Option<OffsetDateTime>,
    now: OffsetDateTime,
    permanent: bool,
    error: String,
) -> DeliveryOutcome {
    let deadline = failing_since.unwrap_or(now) + GIVE_UP_AFTER;
    if permanent || now >= deadline {
        return DeliveryOutcome::Failed(error);
    }
    let wait = usize::try_from(attempts)
        .ok()
        .and_then(|n| BACKOFF.get(n))
        .copied()
        .unwrap_or(LATER);
    // The last try lands on the deadline itself rather than past it.
    DeliveryOutcome::Retry((now + wait).min(deadline), error)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offsets (from the first failure) of every retry until the message is given up.
    fn schedule() -> Vec<i64> {
        let start = OffsetDateTime::UNIX_EPOCH;
        let (mut now, mut since, mut attempts, mut out) = (start, None, 0, Vec::new());
        loop {
            match after_failure(attempts, since, now, false, "down".into()) {
                DeliveryOutcome::Retry(at, _) => {
                    since = since.or(Some(now));
                    attempts += 1;
                    now = at;
                    out.push((at - start).whole_seconds());
                }
                _ => return out,
            }
        }
    }

    #[test]
    fn backs_off_then_gives_up_after_a_day() {
        let s = schedule();
        assert_eq!(&s[..4], &[30, 150, 750, 4350]);
        assert_eq!(s[4] - s[3], 6 * 3600);
        assert_eq!(*s.last().unwrap(), 24 * 3600);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_permanent_refusal_is_final() {
        let now = OffsetDateTime::UNIX_EPOCH;
        assert!(matches!(
            after_failure(0, None, now, true, "550".into()),
            DeliveryOutcome::Failed(_)
        ));
    }
}
