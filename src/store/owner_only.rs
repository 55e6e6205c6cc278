//! Files and directories only their owner may read: directories 0700, files 0600, created
//! that way rather than changed afterwards, so that no other local user can read a
//! client's record, file bytes, keys, mail or backups at any moment (SPEC 15).

use std::fs::{DirBuilder, File, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
use std::path::Path;

/// Mode of every directory porthole creates.
pub const DIR_MODE: u32 = 0o700;
/// Mode of every file porthole creates.
pub const FILE_MODE: u32 = 0o600;

/// `create_dir_all`, each directory created 0700 (existing ones are left as they are).
///
/// # Errors
/// As [`std::fs::create_dir_all`].
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(path)
}

/// Open options whose newly created files are 0600.
#[must_use]
pub fn options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.mode(FILE_MODE);
    o
}

/// Create `path` (0600) if it does not exist, leaving an existing file untouched: what the
/// database file is given before redb opens it.
///
/// # Errors
/// When the file cannot be created or opened.
pub fn touch(path: &Path) -> io::Result<()> {
    options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map(drop)
}

/// Copy `src` to the new file `dst` (0600), flushed to disk.
///
/// # Errors
/// When `dst` exists or either file cannot be used.
pub fn copy_new(src: &Path, dst: &Path) -> io::Result<u64> {
    let mut from = File::open(src)?;
    let mut to = options().write(true).create_new(true).open(dst)?;
    let n = io::copy(&mut from, &mut to)?;
    to.sync_all()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_created_owner_only() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("a/b");
        create_dir_all(&dir).unwrap();
        assert_eq!(mode(&d.path().join("a")), 0o700);
        assert_eq!(mode(&dir), 0o700);
        let f = dir.join("f");
        touch(&f).unwrap();
        assert_eq!(mode(&f), 0o600);
        std::fs::write(&f, b"bytes").unwrap();
        touch(&f).unwrap();
        assert_eq!(
            std::fs::read(&f).unwrap(),
            b"bytes",
            "touch keeps what is there"
        );
        let g = dir.join("g");
        assert_eq!(copy_new(&f, &g).unwrap(), 5);
        assert_eq!(mode(&g), 0o600);
        assert!(copy_new(&f, &g).is_err(), "never over an existing file");
    }
}
