//! Staff members: who may use the API, sign-in links for the console, and what only an
//! owner may do (list staff, remove one, give one a new API token, sign one out
//! everywhere). The administrator at the command line (`Actor::System`) may do what an
//! owner may.

use serde::Serialize;
use time::OffsetDateTime;

use super::OpResult;
use crate::domain::paging::{Page, PageRequest};
use crate::domain::{Role, Staff, ids};
use crate::error::AppError;
use crate::links::Purpose;
use crate::state::AppState;
use crate::store::{Actor, SessionLimits, StoreError, StoreResult};

/// What a non-owner is told.
const OWNER_ONLY: &str = "Only the owner can see and manage staff.";

/// A staff member as the API and the console show them: never their token's hash.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StaffMember {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When an owner removed them (their token and sessions died then).
    #[serde(with = "time::serde::rfc3339::option")]
    pub removed_at: Option<OffsetDateTime>,
}

impl From<Staff> for StaffMember {
    fn from(s: Staff) -> Self {
        Self {
            id: s.id,
            name: s.name,
            email: s.email,
            role: s.role,
            created_at: s.created_at,
            removed_at: s.removed_at,
        }
    }
}

impl StaffMember {
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.removed_at.is_none()
    }
}

/// One row of the console's staff page.
#[derive(Debug, Clone)]
pub struct StaffRow {
    pub member: StaffMember,
    /// Console sessions live now.
    pub live_sessions: usize,
}

/// The outcome of removing a staff member.
#[derive(Debug, Clone)]
pub struct RemovedStaff {
    pub member: StaffMember,
    /// Console sessions that were still open and are now ended.
    pub sessions_ended: usize,
}

/// A new API token, shown once to whoever asked for it and never stored.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub member: StaffMember,
    pub token: String,
}

impl AppState {
    /// The current staff member holding this API token.
    ///
    /// # Errors
    /// `Unauthorized` for an unknown or replaced token, or one of a removed staff member.
    pub fn authenticate_staff(&self, token: &str) -> OpResult<Staff> {
        self.store
            .staff_by_token(token)?
            .filter(Staff::is_active)
            .ok_or(AppError::Unauthorized)
    }

    /// Refuse anyone but a current owner or the administrator.
    fn require_owner(&self, actor: &Actor) -> OpResult<()> {
        let owner = match actor {
            Actor::System => true,
            Actor::Staff { id, .. } => match self.store.staff(id) {
                Ok(me) => me.is_active() && me.role == Role::Owner,
                Err(StoreError::NotFound(_)) => false,
                Err(e) => return Err(e.into()),
            },
            Actor::Link { .. } => false,
        };
        if owner {
            Ok(())
        } else {
            Err(AppError::Forbidden(OWNER_ONLY.into()))
        }
    }

    /// One page of staff members in id order, removed ones included (owner only).
    ///
    /// # Errors
    /// `Forbidden` for a non-owner.
    pub fn list_staff(&self, actor: &Actor, page: &PageRequest) -> OpResult<Page<StaffMember>> {
        self.require_owner(actor)?;
        let page: Page<Staff> = self.store.read(|rx| rx.page(page))?;
        Ok(page.map(StaffMember::from))
    }

    /// Every staff member by name with their live console sessions (owner only).
    ///
    /// # Errors
    /// `Forbidden` for a non-owner.
    pub fn staff_overview(&self, actor: &Actor, limits: SessionLimits) -> OpResult<Vec<StaffRow>> {
        self.require_owner(actor)?;
        Ok(self
            .store
            .staff_with_sessions(self.clock.now(), limits)?
            .into_iter()
            .map(|(s, live_sessions)| StaffRow {
                member: s.into(),
                live_sessions,
            })
            .collect())
    }

    /// One staff member with their live console sessions (owner only).
    ///
    /// # Errors
    /// `Forbidden` for a non-owner; `NotFound`.
    pub fn staff_member(
        &self,
        actor: &Actor,
        staff_id: &str,
        limits: SessionLimits,
    ) -> OpResult<StaffRow> {
        self.require_owner(actor)?;
        let (staff, live_sessions) =
            self.store
                .staff_with_live_sessions(self.clock.now(), limits, staff_id)?;
        Ok(StaffRow {
            member: staff.into(),
            live_sessions,
        })
    }

    /// Remove a staff member (owner only): their API token answers 401 at once, their
    /// console sessions end, their sign-in links stop working; the record stays for the
    /// audit (`staff.removed`).
    ///
    /// # Errors
    /// `Forbidden` for a non-owner; `NotFound`; `Conflict` when already removed or the
    /// last owner.
    pub fn remove_staff(&self, actor: &Actor, staff_id: &str) -> OpResult<RemovedStaff> {
        self.require_owner(actor)?;
        let (staff, sessions_ended) = self.store.remove_staff(actor, self.clock.now(), staff_id)?;
        Ok(RemovedStaff {
            member: staff.into(),
            sessions_ended,
        })
    }

    /// A new API token for a staff member (owner only); the old one answers 401 at once
    /// (`staff.token_rotated`; the token itself is never stored or audited).
    ///
    /// # Errors
    /// `Forbidden` for a non-owner; `NotFound`; `Conflict` for a removed staff member.
    pub fn rotate_staff_token(&self, actor: &Actor, staff_id: &str) -> OpResult<IssuedToken> {
        self.require_owner(actor)?;
        let (staff, token) = self
            .store
            .rotate_staff_token(actor, self.clock.now(), staff_id)?;
        Ok(IssuedToken {
            member: staff.into(),
            token,
        })
    }

    /// End every console session of a staff member (owner only; `staff.sessions_revoked`).
    /// Returns how many were live.
    ///
    /// # Errors
    /// `Forbidden` for a non-owner; `NotFound`.
    pub fn sign_out_everywhere(&self, actor: &Actor, staff_id: &str) -> OpResult<usize> {
        self.require_owner(actor)?;
        Ok(self
            .store
            .revoke_staff_sessions(actor, self.clock.now(), staff_id)?)
    }

    /// Record a single-use sign-in for staff member `staff_id` and sign its link
    /// (`Purpose::StaffSignIn`, valid for `ttl`). The URL is a secret: mail it or show it,
    /// never store or log it.
    ///
    /// # Errors
    /// The store's error (unknown or removed staff member, database).
    pub fn issue_staff_sign_in(
        &self,
        staff_id: &str,
        ttl: time::Duration,
    ) -> StoreResult<(crate::domain::Staff, String)> {
        let (staff, link) = self
            .store
            .create_staff_sign_in(self.clock.now(), staff_id, ttl)?;
        let grant = ids::id_bytes(&link.id)
            .ok_or_else(|| StoreError::Conflict("sign-in id malformed".into()))?;
        let token = self.keyring().sign(
            Purpose::StaffSignIn,
            grant,
            link.issued_at.unix_timestamp(),
            link.expires_at.unix_timestamp(),
        );
        let url = format!("{}/staff/signin/{token}", self.settings.public_url);
        Ok((staff, url))
    }
}
