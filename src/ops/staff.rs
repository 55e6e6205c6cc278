//! Staff members: sign-in links for the console.

use crate::domain::ids;
use crate::links::Purpose;
use crate::state::AppState;
use crate::store::{StoreError, StoreResult};

impl AppState {
    /// Record a single-use sign-in for staff member `staff_id` and sign its link
    /// (`Purpose::StaffSignIn`, valid for `ttl`). The URL is a secret: mail it or show it,
    /// never store or log it.
    ///
    /// # Errors
    /// The store's error (unknown staff member, database).
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
