//! Staff console sign-in: single-use sign-in links and the sessions they open, with idle
//! and absolute timeouts. Issuing, using and ending them is audited; a session's
//! `last_seen_at` is bookkeeping and is not. A removed staff member gets no sign-in link,
//! cannot use one issued before, and has no live session.

use crate::store::ReadRecords;
use serde_json::json;
use time::{Duration, OffsetDateTime};

use super::{Actor, Store, StoreError, StoreResult, Tx, token_digest};
use crate::domain::{Staff, StaffSession, StaffSignIn, new_id};

/// How long a session lives.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    /// Without a request for this long, the session ends.
    pub idle: Duration,
    /// After this long, the session ends however busy it is.
    pub absolute: Duration,
}

/// Why a sign-in link does not sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInRefusal {
    Unknown,
    Used,
    Expired,
}

/// What a sign-in link's record says, read without changing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffSignInLookup {
    Usable,
    Refused(SignInRefusal),
}

impl SessionLimits {
    /// Whether `s` is still good at `now`.
    #[must_use]
    pub fn live(&self, s: &StaffSession, now: OffsetDateTime) -> bool {
        s.revoked_at.is_none()
            && now <= s.last_seen_at + self.idle
            && now <= s.created_at + self.absolute
    }
}

fn actor_of(staff: &Staff) -> Actor {
    Actor::Staff {
        id: staff.id.clone(),
        name: staff.name.clone(),
    }
}

/// Requests closer together than this do not rewrite `last_seen_at`.
const TOUCH_EVERY: Duration = Duration::seconds(30);

impl Store {
    /// Record a sign-in link for a staff member, valid for `ttl`.
    ///
    /// # Errors
    /// `NotFound` for an unknown or removed staff member, or a database failure.
    pub fn create_staff_sign_in(
        &self,
        now: OffsetDateTime,
        staff_id: &str,
        ttl: Duration,
    ) -> StoreResult<(Staff, StaffSignIn)> {
        let staff = self.staff(staff_id)?;
        if !staff.is_active() {
            return Err(StoreError::NotFound("staff member"));
        }
        self.write(&actor_of(&staff), now, |tx| {
            // Tokens carry whole seconds: keep the record identical to what is signed.
            let issued_at = tx.now.replace_nanosecond(0).unwrap_or(tx.now);
            let s = StaffSignIn {
                id: new_id(),
                staff_id: staff.id.clone(),
                issued_at,
                expires_at: issued_at + ttl,
                used_at: None,
            };
            tx.put(&s)?;
            tx.audit(
                "staff.sign_in_requested",
                &[&staff.id, &s.id],
                json!({"expires_at": s.expires_at.unix_timestamp()}),
            )?;
            Ok((staff.clone(), s))
        })
    }

    /// Use a sign-in link once: mark it used and open a session whose cookie value
    /// hashes to a new record. A second use, a use after expiry (plus `leeway`), or a use
    /// by a removed staff member is refused and records nothing.
    ///
    /// # Errors
    /// `Ok(Err(refusal))` for a link that cannot sign in; `Err` for a database failure.
    pub fn use_staff_sign_in(
        &self,
        now: OffsetDateTime,
        sign_in_id: &str,
        cookie_value: &str,
        leeway: Duration,
    ) -> StoreResult<Result<(Staff, StaffSession), SignInRefusal>> {
        let Some(sign_in) = self.read(|rx| rx.find::<StaffSignIn>(sign_in_id))? else {
            return Ok(Err(SignInRefusal::Unknown));
        };
        let Some(staff) = self.read(|rx| rx.find::<Staff>(&sign_in.staff_id))? else {
            return Ok(Err(SignInRefusal::Unknown));
        };
        self.write(&actor_of(&staff), now, |tx| {
            // Re-read inside the write transaction: two concurrent uses cannot both pass,
            // and a removal committed meanwhile is seen.
            if !tx.get::<Staff>(&staff.id)?.is_active() {
                return Ok(Err(SignInRefusal::Unknown));
            }
            let mut s: StaffSignIn = tx.get(sign_in_id)?;
            if s.used_at.is_some() {
                return Ok(Err(SignInRefusal::Used));
            }
            if tx.now > s.expires_at + leeway {
                return Ok(Err(SignInRefusal::Expired));
            }
            s.used_at = Some(tx.now);
            tx.put(&s)?;
            let session = StaffSession {
                id: token_digest(cookie_value),
                staff_id: staff.id.clone(),
                created_at: tx.now,
                last_seen_at: tx.now,
                revoked_at: None,
            };
            tx.put(&session)?;
            tx.link_child("staff", &staff.id, "sessions", &session.id)?;
            tx.audit("staff.signed_in", &[&staff.id, &s.id], json!({}))?;
            Ok(Ok((staff.clone(), session)))
        })
    }

    /// Whether a sign-in link may still be used (a read: showing the confirm button
    /// changes nothing).
    ///
    /// # Errors
    /// A database failure.
    pub fn staff_sign_in_state(&self, sign_in_id: &str) -> StoreResult<StaffSignInLookup> {
        self.read(|rx| {
            let Some(s) = rx.find::<StaffSignIn>(sign_in_id)? else {
                return Ok(StaffSignInLookup::Refused(SignInRefusal::Unknown));
            };
            if !rx
                .find::<Staff>(&s.staff_id)?
                .is_some_and(|st| st.is_active())
            {
                return Ok(StaffSignInLookup::Refused(SignInRefusal::Unknown));
            }
            Ok(if s.used_at.is_some() {
                StaffSignInLookup::Refused(SignInRefusal::Used)
            } else {
                StaffSignInLookup::Usable
            })
        })
    }

    /// The staff member of a live session (by cookie value), touching its idle timer. A
    /// removed staff member has none.
    ///
    /// # Errors
    /// A database failure.
    pub fn staff_session(
        &self,
        now: OffsetDateTime,
        cookie_value: &str,
        limits: SessionLimits,
    ) -> StoreResult<Option<(Staff, StaffSession)>> {
        let id = token_digest(cookie_value);
        let found = self.read(|rx| {
            let Some(s) = rx.find::<StaffSession>(&id)? else {
                return Ok(None);
            };
            Ok(rx
                .find::<Staff>(&s.staff_id)?
                .filter(Staff::is_active)
                .map(|staff| (staff, s)))
        })?;
        let Some((staff, mut session)) = found else {
            return Ok(None);
        };
        if !limits.live(&session, now) {
            return Ok(None);
        }
        if now - session.last_seen_at >= TOUCH_EVERY {
            session = self.write(&Actor::System, now, |tx| {
                let mut s: StaffSession = tx.get(&id)?;
                s.last_seen_at = s.last_seen_at.max(tx.now);
                tx.put(&s)?;
                Ok(s)
            })?;
        }
        Ok(Some((staff, session)))
    }

    /// End one session (sign out). Ending an ended session records nothing.
    ///
    /// # Errors
    /// A database failure.
    pub fn end_staff_session(&self, now: OffsetDateTime, cookie_value: &str) -> StoreResult<()> {
        let id = token_digest(cookie_value);
        let Some(session) = self.read(|rx| rx.find::<StaffSession>(&id))? else {
            return Ok(());
        };
        let actor = Actor::Staff {
            id: session.staff_id.clone(),
            name: String::new(),
        };
        self.write(&actor, now, |tx| {
            let mut s: StaffSession = tx.get(&id)?;
            if s.revoked_at.is_none() {
                s.revoked_at = Some(tx.now);
                tx.put(&s)?;
                tx.audit("staff.signed_out", &[&s.staff_id], json!({}))?;
            }
            Ok(())
        })
    }

    /// Every staff member (by name) with how many of their sessions are live at `now`.
    ///
    /// # Errors
    /// A database failure.
    pub fn staff_with_sessions(
        &self,
        now: OffsetDateTime,
        limits: SessionLimits,
    ) -> StoreResult<Vec<(Staff, usize)>> {
        self.read(|rx| {
            let mut staff: Vec<Staff> = rx.all()?;
            staff.sort_by_key(|s| s.name.to_lowercase());
            staff
                .into_iter()
                .map(|s| {
                    let live = live_sessions(rx, &s.id, now, limits)?;
                    Ok((s, live))
                })
                .collect()
        })
    }

    /// One staff member with how many of their sessions are live at `now`.
    ///
    /// # Errors
    /// `NotFound`, or a database failure.
    pub fn staff_with_live_sessions(
        &self,
        now: OffsetDateTime,
        limits: SessionLimits,
        staff_id: &str,
    ) -> StoreResult<(Staff, usize)> {
        self.read(|rx| {
            let staff: Staff = rx.get(staff_id)?;
            let live = live_sessions(rx, staff_id, now, limits)?;
            Ok((staff, live))
        })
    }

    /// Cut every session of a staff member. Returns how many were not yet revoked.
    ///
    /// # Errors
    /// `NotFound` for the staff member, or a database failure.
    pub fn revoke_staff_sessions(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        staff_id: &str,
    ) -> StoreResult<usize> {
        self.write(actor, now, |tx| {
            tx.get::<Staff>(staff_id)?;
            let n = end_sessions(tx, staff_id)?;
            tx.audit(
                "staff.sessions_revoked",
                &[staff_id],
                json!({"sessions": n}),
            )?;
            Ok(n)
        })
    }
}

/// How many sessions of `staff_id` are live at `now`.
fn live_sessions(
    rx: &impl ReadRecords,
    staff_id: &str,
    now: OffsetDateTime,
    limits: SessionLimits,
) -> StoreResult<usize> {
    Ok(rx
        .child_records::<StaffSession>("staff", staff_id, "sessions")?
        .iter()
        .filter(|x| limits.live(x, now))
        .count())
}

/// Revoke every session of `staff_id` not yet revoked, in `tx` (the caller audits).
/// Returns how many it revoked.
pub(super) fn end_sessions(tx: &Tx<'_>, staff_id: &str) -> StoreResult<usize> {
    let mut n = 0;
    for mut s in tx.child_records::<StaffSession>("staff", staff_id, "sessions")? {
        if s.revoked_at.is_none() {
            s.revoked_at = Some(tx.now);
            tx.put(&s)?;
            n += 1;
        }
    }
    Ok(n)
}

/// `StoreError` for callers that want one.
impl From<SignInRefusal> for StoreError {
    fn from(r: SignInRefusal) -> Self {
        match r {
            SignInRefusal::Unknown => Self::NotFound("sign-in link"),
            SignInRefusal::Used => Self::Conflict("this sign-in link was already used".into()),
            SignInRefusal::Expired => Self::Conflict("this sign-in link has expired".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewStaff, test_store};

    #[test]
    fn sign_in_links_work_once_and_sessions_time_out() {
        let (store, _d) = test_store();
        let now = OffsetDateTime::now_utc();
        let (staff, _) = store
            .create_staff(
                &Actor::System,
                now,
                NewStaff {
                    name: "Ann".into(),
                    email: "ann@agency.test".into(),
                },
            )
            .unwrap();
        let (_, link) = store
            .create_staff_sign_in(now, &staff.id, Duration::minutes(15))
            .unwrap();
        let limits = SessionLimits {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        };
        let (_, session) = store
            .use_staff_sign_in(now, &link.id, "cookie-a", Duration::ZERO)
            .unwrap()
            .unwrap();
        assert_ne!(session.id, "cookie-a", "only the digest is stored");
        assert_eq!(
            store
                .use_staff_sign_in(now, &link.id, "cookie-b", Duration::ZERO)
                .unwrap()
                .unwrap_err(),
            SignInRefusal::Used
        );
        assert!(
            store
                .staff_session(now, "cookie-a", limits)
                .unwrap()
                .is_some()
        );
        assert!(
            store
                .staff_session(now, "cookie-b", limits)
                .unwrap()
                .is_none()
        );
        let later = now + Duration::minutes(31);
        assert!(
            store
                .staff_session(later, "cookie-a", limits)
                .unwrap()
                .is_none()
        );

        let (_, link2) = store
            .create_staff_sign_in(now, &staff.id, Duration::minutes(15))
            .unwrap();
        assert_eq!(
            store
                .use_staff_sign_in(now + Duration::minutes(16), &link2.id, "c", Duration::ZERO)
                .unwrap()
                .unwrap_err(),
            SignInRefusal::Expired
        );
        let (_, link3) = store
            .create_staff_sign_in(now, &staff.id, Duration::minutes(15))
            .unwrap();
        store
            .use_staff_sign_in(now, &link3.id, "cookie-c", Duration::ZERO)
            .unwrap()
            .unwrap();
        assert_eq!(
            store
                .revoke_staff_sessions(&Actor::System, now, &staff.id)
                .unwrap(),
            2,
            "cookie-a (idle, not yet revoked) and cookie-c"
        );
        assert!(
            store
                .staff_session(now, "cookie-c", limits)
                .unwrap()
                .is_none()
        );
    }
}
