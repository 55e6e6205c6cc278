//! `porthole migrate`: run the PostgreSQL schema migrations alone, or carry an embedded
//! (redb) data dir into PostgreSQL and prove the copy whole: the same audit chain, event
//! for event and hash for hash, and every blob a file version points at present with the
//! SHA-256 it is stored under.

use std::io::Read as _;
use std::path::Path;

use anyhow::{Context as _, bail};
use sha2::{Digest as _, Sha256};

use crate::config::{Backend, Settings};
use crate::domain::FileRecord;
use crate::store::{Actor, BlobStore, ChainReport, Rx, Store, audit};

/// Run the migration; returns the lines to print.
///
/// # Errors
/// A backend that is not PostgreSQL, an unusable source, a database that already holds
/// records, or a copy that does not verify.
pub fn run(settings: &Settings, from_redb: Option<&Path>) -> anyhow::Result<Vec<String>> {
    let Backend::Postgres { url, master_key } = &settings.backend else {
        bail!(
            "porthole migrate works on PostgreSQL: set storage.backend = \"postgres\", \
             storage.postgres_url and keys.master_key (PORTHOLE__STORAGE__BACKEND, ...)"
        );
    };
    let blobs = BlobStore::configured(&settings.data_dir, &settings.blob_store)
        .context("setting up the blob store (storage.blob_store)")?;
    let Some(src_dir) = from_redb else {
        Store::open_postgres(&settings.data_dir, url, blobs).context("migrating the schema")?;
        return Ok(vec!["schema up to date".to_owned()]);
    };
    if !Store::data_present(src_dir) {
        bail!("{} holds no porthole.redb", src_dir.display());
    }
    let source = Store::open(src_dir).map_err(|e| match e {
        crate::store::StoreError::Db(redb::Error::DatabaseAlreadyOpen) => anyhow::anyhow!(
            "{} is in use by a running porthole; stop it first, so nothing is written \
             while it is copied",
            src_dir.display()
        ),
        other => anyhow::anyhow!("cannot open {}: {other}", src_dir.display()),
    })?;
    let ring = crate::keys::load_or_create(src_dir, true)?;
    let before = source.read(audit::verify)?;
    if !before.ok {
        bail!(
            "the audit chain of {} is broken at seq {}; not copied",
            src_dir.display(),
            before.first_broken.unwrap_or(0)
        );
    }
    let source_head = head_hash(&source, before.events)?;

    let dest =
        Store::open_postgres(&settings.data_dir, url, blobs).context("opening the database")?;
    let pg = dest
        .postgres()
        .context("the destination did not open on PostgreSQL")?;
    if pg.holds_records()? {
        bail!("the database already holds audit events; migrate into an empty database");
    }
    let keys = crate::sealed_keys::replace_all(pg, master_key, &ring)?;
    let copied = source.copy_into(&dest)?;
    let blobs = source.read(|rx| Ok(copy_blobs(rx, source.blobs(), dest.blobs())))??;

    let after = dest.read(audit::verify)?;
    check_same_chain(&before, &after)?;
    if head_hash(&dest, after.events)? != source_head {
        bail!("the last audit event differs after the copy");
    }
    let checked_source = source.read(|rx| Ok(verify_blobs(rx, source.blobs())))??;
    let checked_dest = dest.read(|rx| Ok(verify_blobs(rx, dest.blobs())))??;
    dest.write(&Actor::System, time::OffsetDateTime::now_utc(), |tx| {
        tx.audit(
            "store.migrated",
            &[],
            serde_json::json!({
                "from": "redb",
                "events": before.events,
                "head_hash": source_head,
                "entries": copied,
                "blobs": checked_dest,
            }),
        )
    })?;
    Ok(vec![
        format!(
            "copied {copied} entries, {} audit events (chain verified, last hash {}), \
             {blobs} new blobs, {keys} signing keys",
            before.events,
            &source_head[..source_head.len().min(16)]
        ),
        format!(
            "blobs verified: {checked_source} in the source, {checked_dest} in the destination"
        ),
        "ok".to_owned(),
    ])
}

fn head_hash(store: &Store, seq: u64) -> anyhow::Result<String> {
    if seq == 0 {
        return Ok(audit::GENESIS.to_owned());
    }
    let (event, holds) = store
        .read(|rx| audit::checked_event(rx, seq))?
        .with_context(|| format!("audit event {seq} is missing"))?;
    if !holds {
        bail!("audit event {seq} does not verify");
    }
    Ok(event.hash)
}

fn check_same_chain(before: &ChainReport, after: &ChainReport) -> anyhow::Result<()> {
    if !after.ok {
        bail!(
            "the copied audit chain is broken at seq {}",
            after.first_broken.unwrap_or(0)
        );
    }
    if after.events != before.events {
        bail!(
            "the copy holds {} audit events, the source {}",
            after.events,
            before.events
        );
    }
    Ok(())
}

/// `(file id, SHA-256)` of every file version in `rx`.
fn versions(rx: &Rx) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for file in rx.all::<FileRecord>()? {
        out.extend(
            file.versions
                .into_iter()
                .map(|v| (file.id.clone(), v.sha256)),
        );
    }
    Ok(out)
}

/// Copy every blob a file version in `rx` points at from one blob store into another
/// (fs into fs or s3); returns how many were not there yet. The bytes are stored before
/// any server starts on the destination, so no record there points at missing bytes.
fn copy_blobs(rx: &Rx, from: &BlobStore, to: &BlobStore) -> anyhow::Result<u64> {
    let mut n = 0;
    for (file, sha) in versions(rx)? {
        if to.reader(&sha).is_ok() {
            continue;
        }
        let mut bytes = Vec::new();
        from.reader(&sha)
            .and_then(|mut r| r.read_to_end(&mut bytes))
            .with_context(|| format!("blob {sha} of file {file} is unreadable"))?;
        if to.put_bytes(&bytes)?.sha256 != sha {
            bail!("blob {sha} of file {file} does not hash to its name");
        }
        n += 1;
    }
    Ok(n)
}

/// Hash every blob a file version points at; returns how many were checked.
fn verify_blobs(rx: &Rx, blobs: &BlobStore) -> anyhow::Result<u64> {
    let mut n = 0;
    for (file, sha) in versions(rx)? {
        let mut f = blobs
            .reader(&sha)
            .with_context(|| format!("blob {sha} of file {file} is missing"))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let read = f.read(&mut buf)?;
            if read == 0 {
                break;
            }
            hasher.update(&buf[..read]);
        }
        if hex::encode(hasher.finalize()) != sha {
            bail!("blob {sha} of file {file} does not hash to its name");
        }
        n += 1;
    }
    Ok(n)
}
