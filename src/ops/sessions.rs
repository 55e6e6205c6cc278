//! Console sessions: ask for a sign-in link by address, use it once, find the staff
//! member of a session cookie, sign out here or everywhere.

use time::Duration;

use super::OpResult;
use crate::domain::{Staff, StaffSession};
use crate::state::AppState;
use crate::store::{Actor, SessionLimits, SignInRefusal, StaffSignInLookup};

/// Longest address looked up; anything longer is nobody's.
const MAX_EMAIL: usize = 254;

/// Lifetime of a mailed console sign-in link.
pub const SIGN_IN_TTL: time::Duration = time::Duration::minutes(15);

impl AppState {
    /// A sign-in link (valid for `ttl`) for the staff member with address `email`, or
    /// `None` for an address that is nobody's. The URL is a secret: mail it, never store
    /// or log it.
    ///
    /// # Errors
    /// A database failure.
    pub fn request_staff_sign_in(
        &self,
        email: &str,
        ttl: Duration,
    ) -> OpResult<Option<(Staff, String)>> {
        if email.len() > MAX_EMAIL {
            return Ok(None);
        }
        // Removed staff keep their record (for the audit) but get no link.
        match self.store.staff_by_email(email)? {
            Some(staff) if staff.is_active() => Ok(Some(self.issue_staff_sign_in(&staff.id, ttl)?)),
            _ => Ok(None),
        }
    }

    /// Whether a sign-in link may still be used (a read: showing the confirm button
    /// changes nothing).
    ///
    /// # Errors
    /// A database failure.
    pub fn staff_sign_in_state(&self, sign_in_id: &str) -> OpResult<StaffSignInLookup> {
        Ok(self.store.staff_sign_in_state(sign_in_id)?)
    }

    /// Use a sign-in link once, opening a session for `cookie_value`; a used or expired
    /// link (beyond the clock leeway) is refused and records nothing.
    ///
    /// # Errors
    /// A database failure.
    pub fn use_staff_sign_in(
        &self,
        sign_in_id: &str,
        cookie_value: &str,
    ) -> OpResult<Result<(Staff, StaffSession), SignInRefusal>> {
        let leeway = Duration::seconds(self.settings.leeway_seconds);
        Ok(self
            .store
            .use_staff_sign_in(self.clock.now(), sign_in_id, cookie_value, leeway)?)
    }

    /// The staff member of a live session cookie, touching the session's idle timer.
    ///
    /// # Errors
    /// A database failure.
    pub fn console_session(
        &self,
        cookie_value: &str,
        limits: SessionLimits,
    ) -> OpResult<Option<(Staff, StaffSession)>> {
        Ok(self
            .store
            .staff_session(self.clock.now(), cookie_value, limits)?)
    }

    /// Sign out: end the session of this cookie (an ended one records nothing).
    ///
    /// # Errors
    /// A database failure.
    pub fn end_console_session(&self, cookie_value: &str) -> OpResult<()> {
        Ok(self
            .store
            .end_staff_session(self.clock.now(), cookie_value)?)
    }

    /// Sign a staff member out everywhere; returns how many sessions were still open.
    ///
    /// # Errors
    /// `NotFound` for the staff member, or a database failure.
    pub fn revoke_sessions_of(&self, actor: &Actor, staff_id: &str) -> OpResult<usize> {
        Ok(self
            .store
            .revoke_staff_sessions(actor, self.clock.now(), staff_id)?)
    }
}
