//! The signing keys on disk, in `data_dir/keys/`:
//!
//! - `key-<id>.hex`: one 32-byte key as 64 hex characters, mode 0600;
//! - `current`: the id of the key that signs new tokens.
//!
//! A key is created on the first start of an empty data dir and never silently
//! regenerated: existing data with a missing key is an error, because a new key would
//! quietly invalidate every link already sent.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::links::{Keyring, SigningKey};
use crate::store::owner_only;

/// A key-directory problem, in words for the operator.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "data exists in {data_dir} but the signing key in {data_dir}/keys is missing; restore it from a backup \
         (porthole refuses to create a new one, which would break every link already issued)"
    )]
    Missing { data_dir: String },
    #[error("signing key file {0} is malformed (expected 64 hex characters)")]
    Malformed(String),
    #[error("signing key {id} named in {current} has no key file")]
    CurrentMissing { id: u32, current: String },
    #[error("{0} does not name a key id")]
    BadCurrent(String),
    #[error("key {0} is the current key and cannot be removed")]
    RemoveCurrent(u32),
    #[error("no key {0}")]
    Unknown(u32),
    #[error(
        "keys.master_key does not open signing key {0} in the database (is it the master key \
         the other processes use?)"
    )]
    Unsealable(u32),
    #[error("signing keys in the database: {0}")]
    Database(String),
    #[error("signing keys in {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
    move |source| KeyError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn keys_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("keys")
}

fn key_file(dir: &Path, id: u32) -> PathBuf {
    dir.join(format!("key-{id}.hex"))
}

/// Write `contents` to `path` atomically with mode 0600 (temp file, fsync, rename, fsync dir).
fn write_private(path: &Path, contents: &[u8]) -> Result<(), KeyError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("key")
    ));
    let mut f = owner_only::options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)
        .map_err(io(&tmp))?;
    f.write_all(contents).map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))?;
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))
}

/// Key ids present in the directory.
fn key_ids(dir: &Path) -> Result<Vec<u32>, KeyError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let name = entry.file_name();
        let Some(id) = name
            .to_str()
            .and_then(|n| n.strip_prefix("key-"))
            .and_then(|n| n.strip_suffix(".hex"))
            .and_then(|n| n.parse().ok())
        else {
            continue;
        };
        ids.push(id);
    }
    ids.sort_unstable();
    Ok(ids)
}

fn read_key(dir: &Path, id: u32) -> Result<SigningKey, KeyError> {
    let path = key_file(dir, id);
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let bytes =
        hex::decode(text.trim()).map_err(|_| KeyError::Malformed(path.display().to_string()))?;
    let bytes: [u8; 32] = bytes
        .try_into()
        .map_err(|_| KeyError::Malformed(path.display().to_string()))?;
    Ok(SigningKey::new(bytes))
}

fn create_key(dir: &Path, id: u32) -> Result<(), KeyError> {
    owner_only::create_dir_all(dir).map_err(io(dir))?;
    write_private(
        &key_file(dir, id),
        hex::encode(SigningKey::generate().bytes()).as_bytes(),
    )
}

fn set_current(dir: &Path, id: u32) -> Result<(), KeyError> {
    write_private(&dir.join("current"), format!("{id}\n").as_bytes())
}

/// Load every key, creating the first one for a data dir without data.
///
/// # Errors
/// [`KeyError::Missing`] when `data_present` and no key exists; malformed or unreadable
/// key files.
pub fn load_or_create(data_dir: &Path, data_present: bool) -> Result<Keyring, KeyError> {
    let dir = keys_dir(data_dir);
    let current_path = dir.join("current");
    let mut ids = key_ids(&dir)?;
    if ids.is_empty() {
        if data_present {
            return Err(KeyError::Missing {
                data_dir: data_dir.display().to_string(),
            });
        }
        create_key(&dir, 1)?;
        set_current(&dir, 1)?;
        ids = vec![1];
    }
    let current = match std::fs::read_to_string(&current_path) {
        Ok(text) => text
            .trim()
            .parse::<u32>()
            .map_err(|_| KeyError::BadCurrent(current_path.display().to_string()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => *ids.last().unwrap_or(&1),
        Err(e) => return Err(io(&current_path)(e)),
    };
    if !ids.contains(&current) {
        return Err(KeyError::CurrentMissing {
            id: current,
            current: current_path.display().to_string(),
        });
    }
    let mut ring = Keyring::new(current, read_key(&dir, current)?);
    for id in ids.into_iter().filter(|i| *i != current) {
        ring.insert(id, read_key(&dir, id)?);
    }
    Ok(ring)
}

/// Add a new key and make it current; older keys stay and keep verifying.
///
/// # Errors
/// When the key directory cannot be read or written.
pub fn rotate(data_dir: &Path) -> Result<u32, KeyError> {
    let dir = keys_dir(data_dir);
    let next = key_ids(&dir)?.last().map_or(1, |id| id + 1);
    create_key(&dir, next)?;
    set_current(&dir, next)?;
    Ok(next)
}

/// Delete a retired key: links signed with it stop opening.
///
/// # Errors
/// The current key, an unknown key, or an I/O failure.
pub fn remove(data_dir: &Path, id: u32) -> Result<(), KeyError> {
    let dir = keys_dir(data_dir);
    let ring = load_or_create(data_dir, true)?;
    if ring.current_id() == id {
        return Err(KeyError::RemoveCurrent(id));
    }
    if !ring.ids().contains(&id) {
        return Err(KeyError::Unknown(id));
    }
    let path = key_file(&dir, id);
    std::fs::remove_file(&path).map_err(io(&path))
}

/// Copy the key directory into another data dir (backups).
///
/// # Errors
/// When a file cannot be read or written.
pub fn copy_to(data_dir: &Path, dest_data_dir: &Path) -> Result<(), KeyError> {
    let (src, dst) = (keys_dir(data_dir), keys_dir(dest_data_dir));
    owner_only::create_dir_all(&dst).map_err(io(&dst))?;
    for id in key_ids(&src)? {
        let contents = std::fs::read(key_file(&src, id)).map_err(io(&src))?;
        write_private(&key_file(&dst, id), &contents)?;
    }
    let current = std::fs::read(src.join("current")).map_err(io(&src))?;
    write_private(&dst.join("current"), &current)
}

/// Write every key of `ring` as files of `data_dir/keys` (a backup of a store whose keys
/// live elsewhere).
///
/// # Errors
/// When a file cannot be written.
pub fn write_ring(ring: &Keyring, data_dir: &Path) -> Result<(), KeyError> {
    let dir = keys_dir(data_dir);
    owner_only::create_dir_all(&dir).map_err(io(&dir))?;
    for id in ring.ids() {
        if let Some(key) = ring.key(id) {
            write_private(&key_file(&dir, id), hex::encode(key.bytes()).as_bytes())?;
        }
    }
    set_current(&dir, ring.current_id())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;
    use crate::links::Purpose;

    #[test]
    fn first_start_creates_a_private_key_and_reload_matches() {
        let d = tempfile::tempdir().unwrap();
        let ring = load_or_create(d.path(), false).unwrap();
        let token = ring.sign(Purpose::ClientPortal, [1; 16], 0, 100);
        let again = load_or_create(d.path(), true).unwrap();
        assert!(again.verify(&token, Purpose::ClientPortal, 0, 0).is_ok());
        let mode = std::fs::metadata(key_file(&keys_dir(d.path()), 1))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(
            std::fs::metadata(keys_dir(d.path()))
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o700
        );
    }

    #[test]
    fn data_without_key_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let err = load_or_create(d.path(), true).unwrap_err();
        assert!(matches!(err, KeyError::Missing { .. }));
        assert!(err.to_string().contains("restore it from a backup"));
        assert!(!keys_dir(d.path()).exists(), "nothing may be created");
    }

    #[test]
    fn rotation_keeps_old_links_and_remove_refuses_current() {
        let d = tempfile::tempdir().unwrap();
        let ring = load_or_create(d.path(), false).unwrap();
        let old = ring.sign(Purpose::ClientPortal, [1; 16], 0, 100);
        assert_eq!(rotate(d.path()).unwrap(), 2);
        let ring = load_or_create(d.path(), true).unwrap();
        assert_eq!(ring.current_id(), 2);
        assert!(ring.verify(&old, Purpose::ClientPortal, 0, 0).is_ok());
        assert!(matches!(
            remove(d.path(), 2),
            Err(KeyError::RemoveCurrent(2))
        ));
        remove(d.path(), 1).unwrap();
        let ring = load_or_create(d.path(), true).unwrap();
        assert!(ring.verify(&old, Purpose::ClientPortal, 0, 0).is_err());
    }

    #[test]
    fn malformed_key_file_is_named() {
        let d = tempfile::tempdir().unwrap();
        load_or_create(d.path(), false).unwrap();
        std::fs::write(key_file(&keys_dir(d.path()), 1), "zz").unwrap();
        let err = load_or_create(d.path(), true).unwrap_err();
        assert!(err.to_string().contains("key-1.hex"), "{err}");
    }
}
