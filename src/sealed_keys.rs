//! Signing keys held in PostgreSQL, so that every process verifies every link: each key is
//! sealed (ChaCha20-Poly1305) with `keys.master_key`, which lives only in the processes'
//! configuration. The database alone can neither read a key nor forge a link, and a key
//! sealed under another master key is refused rather than used.
//!
//! The newest key signs; older ones keep verifying until removed.

use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom as _, SystemRandom};

use crate::keys::KeyError;
use crate::links::{Keyring, SigningKey};
use crate::store::pg::PgBackend;

fn db(e: crate::store::StoreError) -> KeyError {
    KeyError::Database(e.to_string())
}

fn cipher(master: &[u8; 32]) -> Result<LessSafeKey, KeyError> {
    UnboundKey::new(&CHACHA20_POLY1305, master)
        .map(LessSafeKey::new)
        .map_err(|_| KeyError::Database("the master key could not be used".into()))
}

/// What binds a sealed key to its id: moving one to another id fails to open.
fn aad(id: u32) -> [u8; 24] {
    let mut a = *b"porthole signing key\0\0\0\0";
    a[20..].copy_from_slice(&id.to_be_bytes());
    a
}

/// `nonce || ciphertext || tag`.
fn seal(master: &[u8; 32], id: u32, key: &SigningKey) -> Result<Vec<u8>, KeyError> {
    let mut nonce = [0u8; NONCE_LEN];
    SystemRandom::new()
        .fill(&mut nonce)
        .map_err(|_| KeyError::Database("no randomness for a nonce".into()))?;
    let mut sealed = key.bytes().to_vec();
    cipher(master)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad(id)),
            &mut sealed,
        )
        .map_err(|_| KeyError::Database("sealing a key failed".into()))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(out)
}

fn unseal(master: &[u8; 32], id: u32, sealed: &[u8]) -> Result<SigningKey, KeyError> {
    if sealed.len() < NONCE_LEN {
        return Err(KeyError::Unsealable(id));
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| KeyError::Unsealable(id))?;
    let mut body = body.to_vec();
    let plain = cipher(master)?
        .open_in_place(nonce, Aad::from(aad(id)), &mut body)
        .map_err(|_| KeyError::Unsealable(id))?;
    let bytes: [u8; 32] = plain.try_into().map_err(|_| KeyError::Unsealable(id))?;
    Ok(SigningKey::new(bytes))
}

/// Every key in the database, opened; the first key is created for a database without
/// records. Two processes starting at once agree: the insert of key 1 happens once.
///
/// # Errors
/// [`KeyError::Missing`]-like refusal when records exist without keys; a key the master
/// key does not open; a database failure.
pub fn load_or_create(pg: &PgBackend, master: &[u8; 32]) -> Result<Keyring, KeyError> {
    let mut sealed = pg.sealed_keys().map_err(db)?;
    if sealed.is_empty() {
        if pg.holds_records().map_err(db)? {
            return Err(KeyError::Database(
                "the database holds records but no signing key; restore the keys (porthole \
                 refuses to create a new one, which would break every link already issued)"
                    .into(),
            ));
        }
        pg.add_sealed_key(1, &seal(master, 1, &SigningKey::generate())?)
            .map_err(db)?;
        sealed = pg.sealed_keys().map_err(db)?;
    }
    ring_of(master, &sealed)
}

fn ring_of(master: &[u8; 32], sealed: &[(u32, Vec<u8>)]) -> Result<Keyring, KeyError> {
    let Some((current, newest)) = sealed.iter().max_by_key(|(id, _)| *id) else {
        return Err(KeyError::Database("no signing key".into()));
    };
    let mut ring = Keyring::new(*current, unseal(master, *current, newest)?);
    for (id, bytes) in sealed.iter().filter(|(id, _)| id != current) {
        ring.insert(*id, unseal(master, *id, bytes)?);
    }
    Ok(ring)
}

/// Add a new key, which becomes current for every process at its next look.
///
/// # Errors
/// A database failure.
pub fn rotate(pg: &PgBackend, master: &[u8; 32]) -> Result<u32, KeyError> {
    loop {
        let next = pg
            .sealed_keys()
            .map_err(db)?
            .iter()
            .map(|(id, _)| *id)
            .max()
            .map_or(1, |id| id + 1);
        // Another process may take the same id first: then try the next.
        if pg
            .add_sealed_key(next, &seal(master, next, &SigningKey::generate())?)
            .map_err(db)?
        {
            return Ok(next);
        }
    }
}

/// Delete a retired key.
///
/// # Errors
/// The current key, an unknown key, or a database failure.
pub fn remove(pg: &PgBackend, master: &[u8; 32], id: u32) -> Result<(), KeyError> {
    let ring = load_or_create(pg, master)?;
    if ring.current_id() == id {
        return Err(KeyError::RemoveCurrent(id));
    }
    if !pg.remove_sealed_key(id).map_err(db)? {
        return Err(KeyError::Unknown(id));
    }
    Ok(())
}

/// Make `ring` the database's keys (moving a data dir into a database without records):
/// a key a server created there on its first start is replaced, so links issued before
/// the move keep opening. Returns how many keys were stored.
///
/// # Errors
/// A database failure.
pub fn replace_all(pg: &PgBackend, master: &[u8; 32], ring: &Keyring) -> Result<u32, KeyError> {
    let mut sealed = Vec::new();
    for id in ring.ids() {
        if let Some(key) = ring.key(id) {
            sealed.push((id, seal(master, id, key)?));
        }
    }
    pg.replace_sealed_keys(&sealed).map_err(db)?;
    Ok(u32::try_from(sealed.len()).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_only_with_its_master_key_and_id() {
        let key = SigningKey::generate();
        let sealed = seal(&[7; 32], 3, &key).unwrap();
        assert_eq!(unseal(&[7; 32], 3, &sealed).unwrap().bytes(), key.bytes());
        assert!(matches!(
            unseal(&[8; 32], 3, &sealed),
            Err(KeyError::Unsealable(3))
        ));
        assert!(matches!(
            unseal(&[7; 32], 4, &sealed),
            Err(KeyError::Unsealable(4))
        ));
        assert!(
            !sealed.windows(32).any(|w| w == key.bytes()),
            "sealed, not copied"
        );
    }
}
