//! `porthole export`: one client's whole record (or every client's, with the whole audit
//! chain) as a zip that can be checked without porthole: the records as JSON,
//! `audit.json`, every file version's bytes under `files/<sha256>`, and `README.txt` on
//! how to verify them.

use std::collections::BTreeSet;
use std::io::{Read as _, Write as _};
use std::path::Path;

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::domain::AuditEvent;
use crate::store::{ClientRecord, Store, StoreError, StoreResult};

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One client, with the audit events about its records.
    Client(String),
    /// Every client, with the whole audit chain.
    All,
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportReport {
    pub clients: usize,
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
                evidence, comments, internal notes), its link grants, its requests
                with every reply (internal: true marks those the client never saw),
                forms with their responses, file requests with their uploads, and
                the approvers of each approval with each one's decision
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

    python3 -c 'if True:
        import json,hashlib
        for e in json.load(open(\"audit.json\")):
            h=e.pop(\"hash\")
            b=json.dumps(e,sort_keys=True,separators=(\",\",\":\"),ensure_ascii=False).encode()
            ok=hashlib.sha256(e[\"prev_hash\"].encode()+b).hexdigest()==h
            print(e[\"seq\"],e[\"kind\"],\"ok\" if ok else \"MISMATCH\")'

(The `if True:` line lets the indented lines run as pasted.)

Each exported event's own hash is recomputable from this archive alone. The
archive holds only this client's events, so an event's prev_hash usually
names an event of another client that is not included: the continuity of the
whole chain is checked on the server with

    porthole audit verify

which recomputes every event in order and prints `ok <n> events` or the first
broken sequence number.
";

/// How to check an export of everything; the whole chain is inside, so its continuity
/// is checkable from the archive alone.
pub const README_ALL: &str = "\
porthole export (all clients)
=============================

This archive holds every client's records and the whole audit chain:

  clients/<client id>.json
                one client: its projects (milestones, updates including internal
                ones, files with all versions, approvals with every decision and its
                evidence, comments, internal notes), its link grants, requests with
                every reply (internal ones marked), forms with their responses, file
                requests with their uploads, and each approval's approvers
  audit.json    every audit event, oldest first, from the first one
  files/<sha256>
                the bytes of every file version, named by their SHA-256 (identical
                bytes are stored once)

Checking a file version
-----------------------
    sha256sum files/<sha256>

must print the entry's own name, which is also the version's sha256 in the
client's JSON and the sha256 in any decision on that version.

Checking the audit chain
------------------------
Every event carries prev_hash and hash, where

    hash = SHA-256( prev_hash_hex || canonical_bytes )

prev_hash_hex is the 64 lower-case hex characters of the previous event's hash
(64 zeros for the first event), and canonical_bytes is the JSON object

    {actor, at, details, kind, prev_hash, seq, subjects}

of the event (everything but hash) with the keys of every object sorted, no
whitespace, strings as JSON escapes them, times in RFC 3339 exactly as stored.
This archive holds the whole chain, so both checks run from it alone:

    python3 -c 'if True:
        import json,hashlib
        prev=\"0\"*64
        for e in json.load(open(\"audit.json\")):
            h=e.pop(\"hash\")
            b=json.dumps(e,sort_keys=True,separators=(\",\",\":\"),ensure_ascii=False).encode()
            ok=e[\"prev_hash\"]==prev and hashlib.sha256(prev.encode()+b).hexdigest()==h
            print(e[\"seq\"],e[\"kind\"],\"ok\" if ok else \"MISMATCH\")
            prev=h'

(The `if True:` line lets the indented lines run as pasted.)

Checking a decision
-------------------
A decision's evidence in the client's JSON quotes its audit_seq and audit_hash:
find that event in audit.json, check that it verifies as above and that its
details name the same file version sha256. Because every later event's hash
depends on it, the decision cannot have been changed without breaking the
chain from that point on.
";

fn zip_err(e: zip::result::ZipError) -> StoreError {
    StoreError::Io(std::io::Error::other(e))
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Io(std::io::Error::other(e))
}

/// Write the export of `scope` to `out` (a new file; temp file then rename, so a
/// half-written archive never carries the final name).
///
/// # Errors
/// `NotFound` for the client, `Invalid` when `out` exists or its directory does not,
/// or an I/O failure (a referenced blob missing, the disk full).
pub fn export(store: &Store, scope: &Scope, out: &Path) -> StoreResult<ExportReport> {
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
    let tmp = tempfile::Builder::new()
        .prefix(".porthole-export-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    let report = write_scope(store, scope, tmp.as_file())?;
    tmp.as_file().sync_all()?;
    tmp.persist(out).map_err(|e| StoreError::Io(e.error))?;
    Ok(report)
}

/// Write the export of `scope` into a file in `dir` that has no name (it is unlinked
/// at once, so nothing is left behind whatever happens to the download), rewound to
/// its start for reading.
///
/// # Errors
/// As [`export`].
pub fn export_to_temp(
    store: &Store,
    scope: &Scope,
    dir: &Path,
) -> StoreResult<(std::fs::File, ExportReport)> {
    use std::io::Seek as _;
    crate::store::owner_only::create_dir_all(dir)?;
    let mut file = tempfile::tempfile_in(dir)?;
    let report = write_scope(store, scope, &file)?;
    file.rewind()?;
    Ok((file, report))
}

fn write_scope(store: &Store, scope: &Scope, file: &std::fs::File) -> StoreResult<ExportReport> {
    match scope {
        Scope::Client(id) => {
            let record = store.client_record(id)?;
            let mut zip = zip::ZipWriter::new(file);
            let deflated = deflated();
            zip.start_file("README.txt", deflated).map_err(zip_err)?;
            zip.write_all(README.as_bytes())?;
            zip.start_file("record.json", deflated).map_err(zip_err)?;
            serde_json::to_writer_pretty(&mut zip, &record).map_err(json_err)?;
            let files = finish(store, zip, std::slice::from_ref(&record), &record.events)?;
            Ok(ExportReport {
                clients: 1,
                projects: record.projects.len(),
                files,
                events: record.events.len(),
            })
        }
        Scope::All => {
            let all = store.all_records()?;
            let mut zip = zip::ZipWriter::new(file);
            let deflated = deflated();
            zip.start_file("README.txt", deflated).map_err(zip_err)?;
            zip.write_all(README_ALL.as_bytes())?;
            for record in &all.clients {
                zip.start_file(format!("clients/{}.json", record.client.id), deflated)
                    .map_err(zip_err)?;
                serde_json::to_writer_pretty(&mut zip, record).map_err(json_err)?;
            }
            let files = finish(store, zip, &all.clients, &all.events)?;
            Ok(ExportReport {
                clients: all.clients.len(),
                projects: all.clients.iter().map(|c| c.projects.len()).sum(),
                files,
                events: all.events.len(),
            })
        }
    }
}

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

/// `audit.json`, then every referenced blob once; returns how many blobs.
fn finish(
    store: &Store,
    mut zip: zip::ZipWriter<&std::fs::File>,
    records: &[ClientRecord],
    events: &[AuditEvent],
) -> StoreResult<usize> {
    let deflated = deflated();
    zip.start_file("audit.json", deflated).map_err(zip_err)?;
    serde_json::to_writer_pretty(&mut zip, events).map_err(json_err)?;
    // Identical bytes in several versions (or clients) are stored once.
    let mut shas = BTreeSet::new();
    for d in records.iter().flat_map(|r| &r.projects) {
        for f in &d.files {
            for v in &f.versions {
                shas.insert((v.sha256.clone(), v.size));
            }
        }
    }
    for (sha, size) in &shas {
        if !crate::store::blobs::is_sha256_hex(sha) {
            return Err(StoreError::Conflict(format!(
                "stored hash {sha} is malformed"
            )));
        }
        let mut blob = store.blobs().reader(sha).map_err(|e| {
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
    Ok(shas.len())
}

/// Write a client's copy (`GET /p/{token}/export.zip`) as a zip to a writer that need
/// not seek (the response body): the documents, then each file version read from its
/// blob in chunks. A file whose bytes fail to match their SHA-256 or are missing ends the
/// archive with an error, so a download is never a silently incomplete copy.
///
/// # Errors
/// An I/O failure of the writer (the reader went away) or of a blob.
pub fn write_client_copy<W: std::io::Write>(
    copy: &crate::ops::ClientCopy,
    out: &mut W,
) -> std::io::Result<()> {
    use sha2::Digest as _;
    let io = std::io::Error::other;
    let mut zip = zip::ZipWriter::new_stream(&mut *out);
    let deflated = deflated();
    for (name, bytes) in &copy.documents {
        zip.start_file(name.as_str(), deflated).map_err(io)?;
        zip.write_all(bytes)?;
    }
    // Files are mostly compressed already (images, PDFs): stored, not deflated again.
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut buf = vec![0u8; 64 * 1024];
    for f in &copy.files {
        let mut blob = f.blob.reader()?;
        zip.start_file(
            f.name.as_str(),
            stored.large_file(f.size >= u64::from(u32::MAX)),
        )
        .map_err(io)?;
        let mut hash = sha2::Sha256::new();
        loop {
            let n = blob.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
            zip.write_all(&buf[..n])?;
        }
        if hex::encode(hash.finalize()) != f.sha256 {
            return Err(std::io::Error::other(format!(
                "the stored bytes of {} do not match",
                f.name
            )));
        }
    }
    zip.finish().map_err(io)?;
    out.flush()
}
