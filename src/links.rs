//! Signed link tokens: layout, signing and verification. Pure: no I/O, no clock reads
//! (callers pass `now` as Unix seconds).
//!
//! A token is base64url (no padding) of a fixed 70-byte layout:
//!
//! | bytes | field |
//! |---|---|
//! | 1 | version (1) |
//! | 4 | key id, big-endian |
//! | 1 | purpose |
//! | 16 | grant id |
//! | 8 | issued at, Unix seconds, big-endian |
//! | 8 | expires at, Unix seconds, big-endian |
//! | 32 | HMAC-SHA256 over [`TOKEN_LABEL`] and every preceding byte |
//!
//! That is 94 characters: one path segment, always the same length.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Layout version this code writes and accepts.
pub const TOKEN_VERSION: u8 = 1;
/// Domain label mixed into every token MAC, so a MAC made for another purpose of the same
/// key (nonces, say) can never pass as a token.
pub const TOKEN_LABEL: &[u8] = b"porthole-link-v1\0";
/// Domain label of form nonces.
pub const NONCE_LABEL: &[u8] = b"porthole-nonce-v1\0";
/// Bytes before the MAC.
const BODY_LEN: usize = 1 + 4 + 1 + 16 + 8 + 8;
/// Bytes of a decoded token.
pub const TOKEN_BYTES: usize = BODY_LEN + 32;
/// Characters of a token.
pub const TOKEN_LEN: usize = (TOKEN_BYTES * 4).div_ceil(3);
/// Random bytes and truncated MAC bytes of a nonce.
const NONCE_RANDOM: usize = 16;
const NONCE_MAC: usize = 16;
/// Characters of a form nonce (key id + random + MAC).
pub const NONCE_LEN: usize = ((4 + NONCE_RANDOM + NONCE_MAC) * 4).div_ceil(3);

/// What a token lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Purpose {
    /// A client contact's portal link.
    ClientPortal = 1,
    /// A staff member's single-use sign-in link.
    StaffSignIn = 2,
}

impl Purpose {
    /// The purpose for a byte, if any.
    #[must_use]
    pub fn from_byte(b: u8) -> Option<Self> {
        match b {
            1 => Some(Self::ClientPortal),
            2 => Some(Self::StaffSignIn),
            _ => None,
        }
    }
}

/// The verified contents of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claims {
    pub key_id: u32,
    pub purpose: Purpose,
    pub grant_id: [u8; 16],
    pub issued_at: i64,
    pub expires_at: i64,
}

/// Why a token is refused. Never carries the token itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Wrong length or alphabet, not canonical base64, unknown version or wrong purpose.
    #[error("malformed link token")]
    Malformed,
    /// Unknown key id or a MAC that does not match.
    #[error("link token not signed by us")]
    Forged,
    /// Genuine but past its expiry (plus leeway); the claims are verified.
    #[error("link token expired")]
    Expired(Claims),
}

/// A 32-byte signing secret.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// Wrap raw key bytes.
    #[must_use]
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// A fresh random key.
    #[must_use]
    pub fn generate() -> Self {
        Self(rand::random())
    }

    /// The raw bytes (to write the key file).
    #[must_use]
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC takes keys of any length; a 32-byte key cannot be refused.
        <HmacSha256 as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

/// The signing keys: one current (signs), all known (verify).
#[derive(Debug, Clone)]
pub struct Keyring {
    current: u32,
    keys: BTreeMap<u32, SigningKey>,
}

impl Keyring {
    /// A keyring holding one key, which is current.
    #[must_use]
    pub fn new(current_id: u32, key: SigningKey) -> Self {
        Self {
            current: current_id,
            keys: BTreeMap::from([(current_id, key)]),
        }
    }

    /// Add (or replace) a verifying key.
    pub fn insert(&mut self, id: u32, key: SigningKey) {
        self.keys.insert(id, key);
    }

    /// Make a known key current. Returns false for an unknown id.
    pub fn set_current(&mut self, id: u32) -> bool {
        let known = self.keys.contains_key(&id);
        if known {
            self.current = id;
        }
        known
    }

    /// Forget a key; tokens signed with it stop verifying. The current key cannot be removed.
    pub fn remove(&mut self, id: u32) -> bool {
        id != self.current && self.keys.remove(&id).is_some()
    }

    /// Id of the signing key.
    #[must_use]
    pub fn current_id(&self) -> u32 {
        self.current
    }

    /// Ids of every verifying key, ascending.
    #[must_use]
    pub fn ids(&self) -> Vec<u32> {
        self.keys.keys().copied().collect()
    }

    /// A verifying key by id.
    #[must_use]
    pub fn key(&self, id: u32) -> Option<&SigningKey> {
        self.keys.get(&id)
    }

    fn current_key(&self) -> &SigningKey {
        // `current` is always a key of the map: `new` inserts it and `set_current`/`remove` keep it.
        self.keys
            .get(&self.current)
            .unwrap_or_else(|| unreachable!("current key is always present"))
    }

    /// Sign a token with the current key.
    #[must_use]
    pub fn sign(
        &self,
        purpose: Purpose,
        grant_id: [u8; 16],
        issued_at: i64,
        expires_at: i64,
    ) -> String {
        Self::sign_with_key(
            self.current,
            self.current_key(),
            purpose,
            grant_id,
            issued_at,
            expires_at,
        )
    }

    /// Sign with key `key_id` (making the token of an existing grant again, as the mail
    /// sender does at delivery). None when that key is no longer known.
    #[must_use]
    pub fn sign_with(
        &self,
        key_id: u32,
        purpose: Purpose,
        grant_id: [u8; 16],
        issued_at: i64,
        expires_at: i64,
    ) -> Option<String> {
        let key = self.keys.get(&key_id)?;
        Some(Self::sign_with_key(
            key_id, key, purpose, grant_id, issued_at, expires_at,
        ))
    }

    fn sign_with_key(
        key_id: u32,
        key: &SigningKey,
        purpose: Purpose,
        grant_id: [u8; 16],
        issued_at: i64,
        expires_at: i64,
    ) -> String {
        let mut bytes = Vec::with_capacity(TOKEN_BYTES);
        bytes.push(TOKEN_VERSION);
        bytes.extend_from_slice(&key_id.to_be_bytes());
        bytes.push(purpose as u8);
        bytes.extend_from_slice(&grant_id);
        bytes.extend_from_slice(&issued_at.to_be_bytes());
        bytes.extend_from_slice(&expires_at.to_be_bytes());
        let mut mac = key.mac();
        mac.update(TOKEN_LABEL);
        mac.update(&bytes);
        bytes.extend_from_slice(&mac.finalize().into_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Verify a token, in the order of SPEC 5: length and alphabet, strict decode, version
    /// and purpose, known key id, constant-time MAC, expiry with leeway.
    ///
    /// # Errors
    /// A [`TokenError`]; `Expired` still carries the (verified) claims.
    pub fn verify(
        &self,
        token: &str,
        expected: Purpose,
        now: i64,
        leeway_seconds: i64,
    ) -> Result<Claims, TokenError> {
        if token.len() != TOKEN_LEN
            || !token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(TokenError::Malformed);
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(token)
            .map_err(|_| TokenError::Malformed)?;
        if bytes.len() != TOKEN_BYTES || bytes[0] != TOKEN_VERSION {
            return Err(TokenError::Malformed);
        }
        let purpose = Purpose::from_byte(bytes[5])
            .filter(|p| *p == expected)
            .ok_or(TokenError::Malformed)?;
        let key_id = u32::from_be_bytes(take(&bytes[1..5]));
        let key = self.keys.get(&key_id).ok_or(TokenError::Forged)?;
        let (body, tag) = bytes.split_at(BODY_LEN);
        let mut mac = key.mac();
        mac.update(TOKEN_LABEL);
        mac.update(body);
        mac.verify_slice(tag).map_err(|_| TokenError::Forged)?;
        let claims = Claims {
            key_id,
            purpose,
            grant_id: take(&bytes[6..22]),
            issued_at: i64::from_be_bytes(take(&bytes[22..30])),
            expires_at: i64::from_be_bytes(take(&bytes[30..38])),
        };
        if now > claims.expires_at.saturating_add(leeway_seconds) {
            return Err(TokenError::Expired(claims));
        }
        Ok(claims)
    }

    fn nonce_mac(
        key: &SigningKey,
        key_id: u32,
        random: &[u8],
        binding: &str,
        subject: &str,
    ) -> HmacSha256 {
        let mut mac = key.mac();
        mac.update(NONCE_LABEL);
        mac.update(&key_id.to_be_bytes());
        mac.update(random);
        // Length-prefix each string so that ("ab","c") and ("a","bc") differ.
        for part in [binding, subject] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac
    }

    /// An opaque, stable mark of a grant for the stylesheet URL of its pages: 16 bytes of
    /// an HMAC of the grant id under the current key, base64url. Neither the token nor the
    /// grant id can be read back from it.
    #[must_use]
    pub fn view_marker(&self, grant_id: &str) -> String {
        let mut mac = self.current_key().mac();
        mac.update(b"porthole view marker v1");
        mac.update(grant_id.as_bytes());
        let tag = mac.finalize().into_bytes();
        URL_SAFE_NO_PAD.encode(&tag[..16])
    }

    /// A form nonce bound to `binding` (a grant id) and `subject` (an approval id, or a
    /// label such as `comments`). Stateless: nothing is stored when a form is rendered.
    #[must_use]
    pub fn sign_nonce(&self, binding: &str, subject: &str) -> String {
        let random: [u8; NONCE_RANDOM] = rand::random();
        let tag = Self::nonce_mac(self.current_key(), self.current, &random, binding, subject)
            .finalize()
            .into_bytes();
        let mut bytes = Vec::with_capacity(4 + NONCE_RANDOM + NONCE_MAC);
        bytes.extend_from_slice(&self.current.to_be_bytes());
        bytes.extend_from_slice(&random);
        bytes.extend_from_slice(&tag[..NONCE_MAC]);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Whether `nonce` was made by [`Keyring::sign_nonce`] for this binding and subject.
    #[must_use]
    pub fn verify_nonce(&self, nonce: &str, binding: &str, subject: &str) -> bool {
        if nonce.len() != NONCE_LEN {
            return false;
        }
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(nonce) else {
            return false;
        };
        if bytes.len() != 4 + NONCE_RANDOM + NONCE_MAC {
            return false;
        }
        let key_id = u32::from_be_bytes(take(&bytes[..4]));
        let Some(key) = self.keys.get(&key_id) else {
            return false;
        };
        let (random, tag) = bytes[4..].split_at(NONCE_RANDOM);
        Self::nonce_mac(key, key_id, random, binding, subject)
            .verify_truncated_left(tag)
            .is_ok()
    }
}

/// Copy a slice of known length into an array (lengths are fixed by the layout).
fn take<const N: usize>(s: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&s[..N]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_800_000_000;
    const GRANT: [u8; 16] = [7; 16];

    fn ring() -> Keyring {
        Keyring::new(1, SigningKey::new([42; 32]))
    }

    fn token(r: &Keyring) -> String {
        r.sign(Purpose::ClientPortal, GRANT, NOW, NOW + 3600)
    }

    #[test]
    fn sign_with_remakes_a_grants_token_after_rotation() {
        let mut r = ring();
        let before = token(&r);
        r.insert(2, SigningKey::new([9; 32]));
        assert!(r.set_current(2));
        assert_eq!(
            r.sign_with(1, Purpose::ClientPortal, GRANT, NOW, NOW + 3600),
            Some(before)
        );
        assert_eq!(
            r.sign_with(2, Purpose::ClientPortal, GRANT, NOW, NOW + 3600),
            Some(token(&r))
        );
        assert!(r.remove(1));
        assert_eq!(
            r.sign_with(1, Purpose::ClientPortal, GRANT, NOW, NOW + 3600),
            None
        );
    }

    #[test]
    fn round_trip_and_fixed_length() {
        let r = ring();
        let t = token(&r);
        assert_eq!(t.len(), TOKEN_LEN);
        assert_eq!(TOKEN_LEN, 94);
        let c = r.verify(&t, Purpose::ClientPortal, NOW, 0).unwrap();
        assert_eq!(
            c,
            Claims {
                key_id: 1,
                purpose: Purpose::ClientPortal,
                grant_id: GRANT,
                issued_at: NOW,
                expires_at: NOW + 3600
            }
        );
    }

    #[test]
    fn expiry_respects_leeway_exactly() {
        let r = ring();
        let t = token(&r);
        assert!(r.verify(&t, Purpose::ClientPortal, NOW + 3600, 0).is_ok());
        assert!(
            matches!(r.verify(&t, Purpose::ClientPortal, NOW + 3601, 0), Err(TokenError::Expired(c)) if c.grant_id == GRANT)
        );
        assert!(r.verify(&t, Purpose::ClientPortal, NOW + 3660, 60).is_ok());
        assert!(matches!(
            r.verify(&t, Purpose::ClientPortal, NOW + 3661, 60),
            Err(TokenError::Expired(_))
        ));
    }

    #[test]
    fn wrong_purpose_is_malformed() {
        let r = ring();
        let t = r.sign(Purpose::StaffSignIn, GRANT, NOW, NOW + 60);
        assert_eq!(
            r.verify(&t, Purpose::ClientPortal, NOW, 0),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn rotation_keeps_old_tokens_and_removal_kills_them() {
        let mut r = ring();
        let old = token(&r);
        r.insert(2, SigningKey::new([9; 32]));
        assert!(r.set_current(2));
        let new = token(&r);
        assert!(r.verify(&old, Purpose::ClientPortal, NOW, 0).is_ok());
        assert_eq!(
            r.verify(&new, Purpose::ClientPortal, NOW, 0)
                .unwrap()
                .key_id,
            2
        );
        assert!(!r.remove(2), "the current key stays");
        assert!(r.remove(1));
        assert_eq!(
            r.verify(&old, Purpose::ClientPortal, NOW, 0),
            Err(TokenError::Forged)
        );
    }

    #[test]
    fn another_key_is_forged() {
        let other = Keyring::new(1, SigningKey::new([1; 32]));
        assert_eq!(
            other.verify(&token(&ring()), Purpose::ClientPortal, NOW, 0),
            Err(TokenError::Forged)
        );
    }

    #[test]
    fn nonces_bind_to_grant_and_subject() {
        let r = ring();
        let n = r.sign_nonce("grant-a", "approval-1");
        assert_eq!(n.len(), NONCE_LEN);
        assert!(r.verify_nonce(&n, "grant-a", "approval-1"));
        assert!(!r.verify_nonce(&n, "grant-b", "approval-1"));
        assert!(!r.verify_nonce(&n, "grant-a", "approval-2"));
        assert!(!r.verify_nonce("junk", "grant-a", "approval-1"));
        assert_ne!(
            n,
            r.sign_nonce("grant-a", "approval-1"),
            "nonces are random"
        );
    }

    proptest! {
        #[test]
        fn no_flipped_byte_is_accepted(pos in 0usize..TOKEN_BYTES, bit in 0u8..8) {
            let r = ring();
            let mut bytes = URL_SAFE_NO_PAD.decode(token(&r)).unwrap();
            bytes[pos] ^= 1 << bit;
            let t = URL_SAFE_NO_PAD.encode(&bytes);
            prop_assert!(r.verify(&t, Purpose::ClientPortal, NOW, 0).is_err());
        }

        #[test]
        fn no_replaced_char_is_accepted(pos in 0usize..TOKEN_LEN, c in proptest::char::any()) {
            let r = ring();
            let t = token(&r);
            let mut chars: Vec<char> = t.chars().collect();
            prop_assume!(chars[pos] != c);
            chars[pos] = c;
            let t2: String = chars.into_iter().collect();
            prop_assert!(r.verify(&t2, Purpose::ClientPortal, NOW, 0).is_err());
        }

        #[test]
        fn no_truncation_or_extension_is_accepted(cut in 0usize..TOKEN_LEN, extra in "[A-Za-z0-9_=+/-]{1,8}") {
            let r = ring();
            let t = token(&r);
            prop_assert!(r.verify(&t[..cut], Purpose::ClientPortal, NOW, 0).is_err());
            let longer = format!("{t}{extra}");
            prop_assert!(r.verify(&longer, Purpose::ClientPortal, NOW, 0).is_err());
        }
    }

    #[test]
    fn other_encodings_of_the_same_bytes_are_refused() {
        let r = ring();
        let bytes = URL_SAFE_NO_PAD.decode(token(&r)).unwrap();
        let padded = base64::engine::general_purpose::URL_SAFE.encode(&bytes);
        let standard = base64::engine::general_purpose::STANDARD_NO_PAD.encode(&bytes);
        assert!(r.verify(&padded, Purpose::ClientPortal, NOW, 0).is_err());
        if standard != URL_SAFE_NO_PAD.encode(&bytes) {
            assert!(r.verify(&standard, Purpose::ClientPortal, NOW, 0).is_err());
        }
    }
}
