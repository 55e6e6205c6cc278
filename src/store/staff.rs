//! Staff members and their API tokens (stored only as SHA-256). A removed staff member's
//! record stays for the audit; their token no longer finds them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::tables::LOOKUP;
use super::tx::ReadRecords as _;
use super::{Actor, Store, StoreError, StoreResult, Tx};
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

/// A new API token: `ph_` and 32 random bytes, base64url. Shown once, never stored.
fn new_token() -> String {
    format!("ph_{}", URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>()))
}

fn email_key(email: &str) -> String {
    format!("staff_email:{}", email.to_ascii_lowercase())
}

fn token_key(digest: &str) -> String {
    format!("staff_token:{digest}")
}

impl Store {
    /// Create a staff member; the first one becomes the owner. Returns the record and its
    /// API token, which is shown once and never stored. The email of a removed staff
    /// member may be used again: it then names the new record.
    ///
    /// # Errors
    /// Invalid fields, or `Conflict` when a current staff member has the email.
    pub fn create_staff(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        new: NewStaff,
    ) -> StoreResult<(Staff, String)> {
        let name = validate::line("name", &new.name)?;
        let email = validate::email("email", &new.email)?;
        let token = new_token();
        self.write(actor, now, |tx| {
            let holder = match tx.lookup(&email_key(&email))? {
                Some(id) => tx.find::<Staff>(&id)?,
                None => None,
            };
            if holder.is_some_and(|s| s.is_active()) {
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
                removed_at: None,
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

    /// The current staff member holding this API token, if any: a replaced token, or the
    /// token of a removed staff member, finds no one.
    ///
    /// # Errors
    /// A database failure.
    pub fn staff_by_token(&self, token: &str) -> StoreResult<Option<Staff>> {
        let digest = token_digest(token);
        self.read(|rx| match rx.lookup(&token_key(&digest))? {
            Some(id) => Ok(rx.find::<Staff>(&id)?.filter(Staff::is_active)),
            None => Ok(None),
        })
    }

    /// The staff member with this email, if any (removed ones too: check `is_active`).
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

    /// Every staff member, removed ones included, oldest first.
    ///
    /// # Errors
    /// A database failure.
    pub fn all_staff(&self) -> StoreResult<Vec<Staff>> {
        let mut staff: Vec<Staff> = self.read(|rx| rx.all())?;
        staff.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(staff)
    }

    /// Remove a staff member, in one transaction audited as `staff.removed`: their API
    /// token stops finding them, every console session of theirs ends, and their sign-in
    /// links stop working (see `sessions`). The record stays, marked `removed_at`.
    /// Returns the record and how many sessions were ended.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` when already removed, or when they are the last owner.
    pub fn remove_staff(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        staff_id: &str,
    ) -> StoreResult<(Staff, usize)> {
        self.write(actor, now, |tx| {
            let mut staff: Staff = tx.get(staff_id)?;
            refuse_removed(&staff, "removed again")?;
            // Checked inside the write: two owners removing each other cannot both pass.
            if staff.role == Role::Owner && !another_owner(tx, &staff.id)? {
                return Err(StoreError::Conflict(format!(
                    "{} is the last owner and cannot be removed",
                    staff.name
                )));
            }
            staff.removed_at = Some(tx.now);
            tx.put(&staff)?;
            tx.index_remove(LOOKUP, &token_key(&staff.token_sha256))?;
            let sessions = super::sessions::end_sessions(tx, &staff.id)?;
            tx.audit(
                "staff.removed",
                &[&staff.id],
                json!({"name": staff.name, "email": staff.email, "sessions": sessions}),
            )?;
            Ok((staff, sessions))
        })
    }

    /// Give a staff member a new API token, audited as `staff.token_rotated`; the old one
    /// stops working in the same transaction. Returns the record and the new token, which
    /// is shown once and never stored.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` for a removed staff member.
    pub fn rotate_staff_token(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        staff_id: &str,
    ) -> StoreResult<(Staff, String)> {
        let token = new_token();
        self.write(actor, now, |tx| {
            let mut staff: Staff = tx.get(staff_id)?;
            refuse_removed(&staff, "given a new token")?;
            tx.index_remove(LOOKUP, &token_key(&staff.token_sha256))?;
            staff.token_sha256 = token_digest(&token);
            tx.put(&staff)?;
            tx.set_lookup(&token_key(&staff.token_sha256), &staff.id)?;
            // Neither the token nor its hash goes into the chain.
            tx.audit(
                "staff.token_rotated",
                &[&staff.id],
                json!({"name": staff.name, "email": staff.email}),
            )?;
            Ok((staff, token.clone()))
        })
    }
}

/// `Conflict` naming when `staff` was removed, if they were.
fn refuse_removed(staff: &Staff, what: &str) -> StoreResult<()> {
    match staff.removed_at {
        None => Ok(()),
        Some(at) => Err(StoreError::Conflict(format!(
            "{} <{}> was removed on {} and cannot be {what}",
            staff.name,
            staff.email,
            at.date()
        ))),
    }
}

/// Whether a current owner other than `staff_id` exists.
fn another_owner(tx: &Tx<'_>, staff_id: &str) -> StoreResult<bool> {
    Ok(tx
        .child_records::<Staff>("root", "", "staff")?
        .iter()
        .any(|s| s.id != staff_id && s.role == Role::Owner && s.is_active()))
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

    fn add(store: &Store, name: &str, email: &str) -> (Staff, String) {
        store
            .create_staff(
                &Actor::System,
                OffsetDateTime::now_utc(),
                NewStaff {
                    name: name.into(),
                    email: email.into(),
                },
            )
            .unwrap()
    }

    fn kinds(store: &Store) -> Vec<String> {
        store
            .read(|rx| crate::store::audit::list(rx, 0, 1000))
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }

    #[test]
    fn removal_kills_token_sessions_and_sign_in_but_keeps_the_record() {
        use crate::store::{SessionLimits, SignInRefusal, StaffSignInLookup};
        let (store, _d) = test_store();
        let now = OffsetDateTime::now_utc();
        let limits = SessionLimits {
            idle: time::Duration::minutes(30),
            absolute: time::Duration::hours(12),
        };
        let (owner, _) = add(&store, "Ann", "ann@agency.test");
        let (sam, token) = add(&store, "Sam", "sam@agency.test");
        let (_, link) = store
            .create_staff_sign_in(now, &sam.id, time::Duration::minutes(15))
            .unwrap();
        store
            .use_staff_sign_in(now, &link.id, "cookie-a", time::Duration::ZERO)
            .unwrap()
            .unwrap();
        let (_, unused) = store
            .create_staff_sign_in(now, &sam.id, time::Duration::minutes(15))
            .unwrap();

        let (removed, ended) = store.remove_staff(&Actor::System, now, &sam.id).unwrap();
        assert_eq!(ended, 1);
        assert_eq!(removed.removed_at, Some(now));
        assert!(store.staff_by_token(&token).unwrap().is_none());
        assert!(
            store
                .staff_session(now, "cookie-a", limits)
                .unwrap()
                .is_none()
        );
        assert_eq!(
            store.staff_sign_in_state(&unused.id).unwrap(),
            StaffSignInLookup::Refused(SignInRefusal::Unknown)
        );
        assert_eq!(
            store
                .use_staff_sign_in(now, &unused.id, "cookie-b", time::Duration::ZERO)
                .unwrap()
                .unwrap_err(),
            SignInRefusal::Unknown
        );
        assert!(matches!(
            store.create_staff_sign_in(now, &sam.id, time::Duration::minutes(15)),
            Err(StoreError::NotFound(_))
        ));
        // The record stays, marked; removing again or rotating is refused.
        assert!(!store.staff(&sam.id).unwrap().is_active());
        assert!(matches!(
            store.remove_staff(&Actor::System, now, &sam.id),
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            store.rotate_staff_token(&Actor::System, now, &sam.id),
            Err(StoreError::Conflict(_))
        ));
        // The only owner stays; an unknown id is not found.
        let last = store.remove_staff(&Actor::System, now, &owner.id);
        assert!(
            matches!(&last, Err(StoreError::Conflict(m)) if m.contains("last owner")),
            "{last:?}"
        );
        assert!(matches!(
            store.remove_staff(&Actor::System, now, "nobody"),
            Err(StoreError::NotFound(_))
        ));
        let kinds = kinds(&store);
        assert_eq!(kinds.iter().filter(|k| *k == "staff.removed").count(), 1);
        assert!(store.read(crate::store::audit::verify).unwrap().ok);
        // The address may be given to a new record; the old one stays removed.
        let (again, token2) = add(&store, "Sam", "SAM@agency.test");
        assert_ne!(again.id, sam.id);
        assert_eq!(store.staff_by_token(&token2).unwrap().unwrap().id, again.id);
        assert_eq!(
            store.staff_by_email("sam@agency.test").unwrap().unwrap().id,
            again.id
        );
        assert_eq!(store.all_staff().unwrap().len(), 3);
    }

    #[test]
    fn a_new_token_replaces_the_old_one_and_only_its_hash_is_kept() {
        let (store, _d) = test_store();
        let now = OffsetDateTime::now_utc();
        let (ann, old) = add(&store, "Ann", "ann@agency.test");
        let (after, new) = store
            .rotate_staff_token(&Actor::System, now, &ann.id)
            .unwrap();
        assert_ne!(old, new);
        assert!(new.starts_with("ph_"));
        assert_eq!(after.token_sha256, token_digest(&new));
        assert!(store.staff_by_token(&old).unwrap().is_none());
        assert_eq!(store.staff_by_token(&new).unwrap().unwrap().id, ann.id);
        assert_eq!(kinds(&store).last().unwrap(), "staff.token_rotated");
        let events = store
            .read(|rx| crate::store::audit::list(rx, 0, 1000))
            .unwrap();
        let text = serde_json::to_string(&events).unwrap();
        assert!(!text.contains(&new) && !text.contains(&after.token_sha256));
    }

    #[test]
    fn records_from_before_removal_existed_decode_as_active() {
        let old = r#"{"id":"s1","name":"Ann","email":"ann@agency.test","token_sha256":"00","role":"owner","created_at":"2026-01-02T03:04:05Z"}"#;
        let s: Staff = serde_json::from_str(old).unwrap();
        assert!(s.is_active());
    }
}
