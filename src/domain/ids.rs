//! Record ids: 128 random bits, url-safe base64 without padding (22 characters).
//! Random rather than sequential so that an id reveals neither volume nor order.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Length in characters of every id this crate mints.
pub const ID_LEN: usize = 22;

/// A fresh random id.
#[must_use]
pub fn new_id() -> String {
    let bytes: [u8; 16] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `s` has the shape of an id this crate minted. Used to answer 404 early for
/// junk path segments without touching the store.
#[must_use]
pub fn looks_like_id(s: &str) -> bool {
    s.len() == ID_LEN
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The 16 raw bytes behind an id (grant ids travel inside tokens in this form).
#[must_use]
pub fn id_bytes(s: &str) -> Option<[u8; 16]> {
    if !looks_like_id(s) {
        return None;
    }
    let v = URL_SAFE_NO_PAD.decode(s).ok()?;
    v.try_into().ok()
}

/// The id string for 16 raw bytes.
#[must_use]
pub fn id_from_bytes(bytes: [u8; 16]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let a = new_id();
        let b = new_id();
        assert_ne!(a, b);
        assert!(looks_like_id(&a));
        assert_eq!(id_from_bytes(id_bytes(&a).unwrap()), a);
    }

    #[test]
    fn junk_is_not_an_id() {
        assert!(!looks_like_id("x"));
        assert!(!looks_like_id("../../../../etc/passwd!"));
        assert!(id_bytes("AAAAAAAAAAAAAAAAAAAAA!").is_none());
    }
}
