//! `porthole export`: one client's whole record as a zip that can be checked without
//! porthole: `record.json`, `audit.json`, every file version's bytes under
//! `files/<sha256>`, and `README.txt` on how to verify them.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::store::{ClientRecord, Store, StoreError, StoreResult};

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportReport {
    pub projects: usize,
    pub files: usize,
    pub events: usize,
}

/// How to check an export by hand; kept beside the data it explains.
pub const README: &str = "\
porthole export
===============

This archive holds every record of one client, as kept by porthole:

  record.json   the client, its projects (milestones, updates including internal
                ones, files with all versions, approvals with every decision and its
                evidence, comments, internal notes) and its link grants
  audit.json    the audit events whose subjects include any of those records,
                oldest first
  files/<sha256>
                the bytes of every file version, named by their SHA-256

Checking a file version
-----------------------
Hash the entry and compare with its name (and with the version's sha256 in
record.json, and with the sha256 in the decision that approved it):

    sha256sum files/<sha256>

Checking an audit event (a decision, say)
-----------------------------------------
Every event carries prev_hash and hash, where

    hash = SHA-256( prev_hash_hex || canonical_bytes )

prev_hash_hex is the 64 lower-case hex characters of the previous event's hash
(64 zeros for the first event), and canonical_bytes is the JSON object

    {actor, at, details, kind, prev_hash, seq, subjects}

of the event (everything but hash) with the keys of every object sorted,
no whitespace, strings as JSON escapes them, times in RFC 3339 exactly as
stored. A decision's evidence in record.json quotes its audit_seq and
audit_hash; find that event in audit.json and recompute its hash, e.g.:

    python3 -c 'import json,hashlib,sys
    for e in json.load(open(\"audit.json\")):
        h=e.pop(\"hash\")
        b=json.dumps(e,sort_keys=True,separators=(\",\",\":\"),ensure_ascii=False).encode()
        ok=hashlib.sha256(e[\"prev_hash\"].encode()+b).hexdigest()==h
        print(e[\"seq\"],e[\"kind\"],\"ok\" if ok else \"MISMATCH\")'

Each exported event's own hash is recomputable from this archive alone. The
archive holds only this client's events, so an event's prev_hash usually
names an event of another client that is not included: the continuity of the
whole chain is checked on the server with

    porthole audit verify

which recomputes every event in order and prints `ok <n> events` or the first
broken sequence number.
";

fn zip_err(e: zip::result::ZipError) -> StoreError {
    StoreError::Io(std::io::Error::other(e))
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Io(std::io::Error::other(e))
}

/// Write the export of `client_id` to `out` (a new file; temp file then rename, so a
/// half-written archive never carries the final name).
///
/// # Errors
/// `NotFound` for the client, `Invalid` when `out` exists or its directory does not,
/// or an I/O failure (a referenced blob missing, the disk full).
pub fn export_client(store: &Store, client_id: &str, out: &Path) -> StoreResult<ExportReport> {
    if out.exists() {
        return Err(StoreError::invalid(
            "--out",
            format!("{} exists; choose a new file name", out.display()),
        ));
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => std::env::current_dir()?,
    };
    if !dir.is_dir() {
        return Err(StoreError::invalid(
            "--out",
            format!("{} is not a directory", dir.display()),
        ));
    }
    let record = store.client_record(client_id)?;
    let tmp = tempfile::Builder::new()
        .prefix(".porthole-export-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    let report = write_zip(store, &record, tmp.as_file())?;
    tmp.as_file().sync_all()?;
    tmp.persist(out).map_err(|e| StoreError::Io(e.error))?;
    Ok(report)
}

fn write_zip(
    store: &Store,
    record: &ClientRecord,
    file: &std::fs::File,
) -> StoreResult<ExportReport> {
    let mut zip = zip::ZipWriter::new(file);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("README.txt", deflated).map_err(zip_err)?;
    zip.write_all(README.as_bytes())?;
    zip.start_file("record.json", deflated).map_err(zip_err)?;
    serde_json::to_writer_pretty(&mut zip, record).map_err(json_err)?;
    zip.start_file("audit.json", deflated).map_err(zip_err)?;
    serde_json::to_writer_pretty(&mut zip, &record.events).map_err(json_err)?;
    // Identical bytes in several versions are stored once.
    let mut shas = BTreeSet::new();
    for d in &record.projects {
        for f in &d.files {
            for v in &f.versions {
                shas.insert((v.sha256.clone(), v.size));
            }
        }
    }
    for (sha, size) in &shas {
        let path = store
            .blobs()
            .path(sha)
            .ok_or_else(|| StoreError::Conflict(format!("stored hash {sha} is malformed")))?;
        let mut blob = std::fs::File::open(&path).map_err(|e| {
            StoreError::Io(std::io::Error::new(
                e.kind(),
                format!("bytes of {sha} are missing: {e}"),
            ))
        })?;
        let options = deflated.large_file(*size >= u64::from(u32::MAX));
        zip.start_file(format!("files/{sha}"), options)
            .map_err(zip_err)?;
        std::io::copy(&mut blob, &mut zip)?;
    }
    zip.finish().map_err(zip_err)?;
    Ok(ExportReport {
        projects: record.projects.len(),
        files: shas.len(),
        events: record.events.len(),
    })
}
