//! Staff members and their API tokens (stored only as SHA-256).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::tx::ReadRecords as _;
use super::{Actor, Store, StoreError, StoreResult};
use crate::domain::{Role, Staff, new_id, validate};

/// Fields of a new staff member.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub name: String,
    pub email: String,
}

/// Hex SHA-256 of an API token, the only form in which tokens are kept.
#[must_use]
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn email_key(email: &str) -> String {
    format!("staff_email:{}", email.to_ascii_lowercase())
}

fn token_key(digest: &str) -> String {
    format!("staff_token:{digest}")
}

impl Store {
    /// Create a staff member; the first one becomes the owner. Returns the record and its
    /// API token, which is shown once and never stored.
    ///
    /// # Errors
    /// Invalid fields, or `Conflict` when the email is taken.
    pub fn create_staff(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        new: NewStaff,
    ) -> StoreResult<(Staff, String)> {
        let name = validate::line("name", &new.name)?;
        let email = validate::email("email", &new.email)?;
        let token = format!("ph_{}", URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>()));
        self.write(actor, now, |tx| {
            if tx.lookup(&email_key(&email))?.is_some() {
                return Err(StoreError::Conflict(format!(
                    "a staff member with email {email} exists"
                )));
            }
            let first = tx.children("root", "", "staff")?.is_empty();
            let staff = Staff {
                id: new_id(),
                name,
                email,
                token_sha256: token_digest(&token),
                role: if first { Role::Owner } else { Role::Staff },
                created_at: tx.now,
            };
            tx.put(&staff)?;
            tx.link_child("root", "", "staff", &staff.id)?;
            tx.set_lookup(&email_key(&staff.email), &staff.id)?;
            tx.set_lookup(&token_key(&staff.token_sha256), &staff.id)?;
            tx.audit(
                "staff.created",
                &[&staff.id],
                json!({"name": staff.name, "email": staff.email, "role": staff.role}),
            )?;
            Ok((staff, token))
        })
    }

    /// The staff member holding this API token, if any.
    ///
    /// # Errors
    /// A database failure.
    pub fn staff_by_token(&self, token: &str) -> StoreResult<Option<Staff>> {
        let digest = token_digest(token);
        self.read(|rx| match rx.lookup(&token_key(&digest))? {
            Some(id) => rx.find(&id),
            None => Ok(None),
        })
    }

    /// The staff member with this email, if any.
    ///
    /// # Errors
    /// A database failure.
    pub fn staff_by_email(&self, email: &str) -> StoreResult<Option<Staff>> {
        self.read(|rx| match rx.lookup(&email_key(email.trim()))? {
            Some(id) => rx.find(&id),
            None => Ok(None),
        })
    }

    /// One staff member by id.
    ///
    /// # Errors
    /// `NotFound`, or a database failure.
    pub fn staff(&self, id: &str) -> StoreResult<Staff> {
        self.read(|rx| rx.get(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_store;

    #[test]
    fn tokens_are_stored_hashed_and_find_their_owner() {
        let (store, _d) = test_store();
        let now = OffsetDateTime::now_utc();
        let (s, token) = store
            .create_staff(
                &Actor::System,
                now,
                NewStaff {
                    name: "Ann".into(),
                    email: "ann@agency.test".into(),
                },
            )
            .unwrap();
        assert_eq!(s.role, Role::Owner);
        assert_ne!(s.token_sha256, token);
        assert_eq!(store.staff_by_token(&token).unwrap().unwrap().id, s.id);
        assert!(store.staff_by_token("ph_wrong").unwrap().is_none());
        let (b, _) = store
            .create_staff(
                &Actor::System,
                now,
                NewStaff {
                    name: "Bob".into(),
                    email: "bob@agency.test".into(),
                },
            )
            .unwrap();
        assert_eq!(b.role, Role::Staff);
        let dup = store.create_staff(
            &Actor::System,
            now,
            NewStaff {
                name: "Ann 2".into(),
                email: "ANN@agency.test".into(),
            },
        );
        assert!(matches!(dup, Err(StoreError::Conflict(_))));
    }
}
