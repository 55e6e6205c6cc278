//! The audit chain: every state change appends one event whose hash covers the previous
//! event's hash, so that removing, reordering or editing any stored event is detectable.
//!
//! `hash = SHA-256(prev_hash_hex || canonical_bytes)` where `canonical_bytes` is the JSON
//! object `{seq, at, actor, kind, subjects, details, prev_hash}` with every object's keys
//! sorted and no insignificant whitespace. The first event's `prev_hash` is 64 zeros.

use serde::ser::SerializeMap as _;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::kv::{KvRead, KvWrite};
use super::tables::{decode, decode_event, encode};
use super::{Actor, Rx, StoreResult};
use crate::domain::AuditEvent;

/// `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Result of recomputing the chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ChainReport {
    pub ok: bool,
    pub events: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_broken: Option<u64>,
}

/// A JSON value written with its object keys sorted at every depth, so the bytes do not
/// depend on how a map was built (nor on serde_json's `preserve_order` feature).
struct Canonical<'a>(&'a Value);

impl Serialize for Canonical<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let mut out = s.serialize_map(Some(keys.len()))?;
                for k in keys {
                    out.serialize_entry(k, &Canonical(&map[k]))?;
                }
                out.end()
            }
            Value::Array(items) => s.collect_seq(items.iter().map(Canonical)),
            other => other.serialize(s),
        }
    }
}

/// The hashed envelope: fields in sorted order, as the canonical form requires.
#[derive(Serialize)]
struct Envelope<'a> {
    actor: &'a str,
    at: String,
    details: Canonical<'a>,
    kind: &'a str,
    prev_hash: &'a str,
    seq: u64,
    subjects: &'a [String],
}

/// The bytes an event's hash covers (everything but the hash itself).
#[must_use]
pub fn canonical_bytes(event: &AuditEvent) -> Vec<u8> {
    let envelope = Envelope {
        actor: &event.actor,
        at: event.at.format(&Rfc3339).unwrap_or_default(),
        details: Canonical(&event.details),
        kind: &event.kind,
        prev_hash: &event.prev_hash,
        seq: event.seq,
        subjects: &event.subjects,
    };
    serde_json::to_vec(&envelope).unwrap_or_default()
}

/// The hash an event must carry.
#[must_use]
pub fn compute_hash(event: &AuditEvent) -> String {
    let mut h = Sha256::new();
    h.update(event.prev_hash.as_bytes());
    h.update(canonical_bytes(event));
    hex::encode(h.finalize())
}

/// What the next event needs of the last one: read without decoding the rest.
#[derive(Deserialize)]
struct ChainHead {
    seq: u64,
    hash: String,
}

pub(super) fn append(
    txn: &impl KvWrite,
    actor: &Actor,
    now: OffsetDateTime,
    kind: &str,
    subjects: &[&str],
    details: Value,
) -> StoreResult<AuditEvent> {
    let (seq, prev_hash) = match txn.last_event()? {
        Some((k, v)) => {
            let prev: ChainHead = decode("audit", &k.to_string(), &v)?;
            (prev.seq + 1, prev.hash)
        }
        None => (1, GENESIS.to_owned()),
    };
    // Second precision keeps the text form and the hashed form identical after a round trip.
    let at = now.replace_nanosecond(0).unwrap_or(now);
    let mut event = AuditEvent {
        seq,
        at,
        actor: actor.audit_name(),
        kind: kind.to_owned(),
        subjects: subjects.iter().map(|s| (*s).to_owned()).collect(),
        details,
        prev_hash,
        hash: String::new(),
    };
    event.hash = compute_hash(&event);
    txn.put_event(seq, &encode(&event))?;
    Ok(event)
}

/// Recompute the whole chain. The first event that does not decode, does not link to its
/// predecessor, carries the wrong seq, or whose hash does not match, is reported.
///
/// # Errors
/// Only when the database itself fails.
pub fn verify(rx: &Rx) -> StoreResult<ChainReport> {
    let mut prev = GENESIS.to_owned();
    let mut count = 0;
    let mut first_broken = None;
    rx.raw().events(0, false, &mut |seq, bytes| {
        let holds = decode_event(seq, bytes).is_ok_and(|event| {
            let holds = seq == count + 1
                && event.seq == seq
                && event.prev_hash == prev
                && compute_hash(&event) == event.hash;
            prev = event.hash;
            holds
        });
        if !holds {
            first_broken = Some(seq);
            return Ok(false);
        }
        count += 1;
        Ok(true)
    })?;
    Ok(ChainReport {
        ok: first_broken.is_none(),
        events: count,
        first_broken,
    })
}

/// A seq as a key that sorts like the number.
#[must_use]
pub fn seq_key(seq: u64) -> String {
    format!("{seq:020}")
}

/// Event `seq` and whether it holds: its hash recomputes and it links to the event
/// before it. None when there is no such event.
///
/// # Errors
/// When the database fails.
pub fn checked_event(rx: &Rx, seq: u64) -> StoreResult<Option<(AuditEvent, bool)>> {
    let Some(raw) = rx.raw().event(seq)? else {
        return Ok(None);
    };
    let Ok(event) = decode_event(seq, &raw) else {
        // An event that does not even decode was tampered with.
        return Ok(Some((
            AuditEvent {
                seq,
                at: OffsetDateTime::UNIX_EPOCH,
                actor: String::new(),
                kind: String::new(),
                subjects: Vec::new(),
                details: Value::Null,
                prev_hash: String::new(),
                hash: String::new(),
            },
            false,
        )));
    };
    let prev_hash = match seq.checked_sub(1).filter(|p| *p > 0) {
        None => GENESIS.to_owned(),
        Some(p) => match rx.raw().event(p)? {
            Some(prev) => decode::<ChainHead>("audit", &p.to_string(), &prev)
                .map(|h| h.hash)
                .unwrap_or_default(),
            None => String::new(),
        },
    };
    let holds =
        event.seq == seq && event.prev_hash == prev_hash && compute_hash(&event) == event.hash;
    Ok(Some((event, holds)))
}

/// Seqs of the decisions recorded on a file version with this SHA-256, oldest first.
///
/// # Errors
/// When the database fails.
pub fn decisions_on_sha(rx: &Rx, sha256: &str) -> StoreResult<Vec<u64>> {
    use super::ReadRecords as _;
    Ok(rx
        .children("sha256", sha256, "decisions")?
        .iter()
        .filter_map(|k| k.parse().ok())
        .collect())
}

/// Sequence number of the newest event (0 for an empty chain).
///
/// # Errors
/// When the database fails.
pub fn last_seq(rx: &Rx) -> StoreResult<u64> {
    Ok(rx.raw().last_event()?.map_or(0, |(seq, _)| seq))
}

/// Events with `seq > after`, oldest first, at most `limit`.
///
/// # Errors
/// When the database fails or an event does not decode.
pub fn list(rx: &Rx, after: u64, limit: usize) -> StoreResult<Vec<AuditEvent>> {
    let mut out = Vec::new();
    if limit == 0 {
        return Ok(out);
    }
    rx.raw().events(after, false, &mut |seq, bytes| {
        out.push(decode_event(seq, bytes)?);
        Ok(out.len() < limit)
    })?;
    Ok(out)
}

/// The newest events `filter` lets through, newest first, at most `limit`; walks back
/// from the end of the chain, so an unfiltered page reads only `limit` events.
///
/// # Errors
/// When the database fails or an event does not decode.
pub fn newest_matching(
    rx: &Rx,
    filter: &crate::domain::audit_filter::AuditFilter,
    limit: usize,
) -> StoreResult<Vec<AuditEvent>> {
    let mut out = Vec::new();
    if limit == 0 {
        return Ok(out);
    }
    rx.raw().events(0, true, &mut |seq, bytes| {
        let event = decode_event(seq, bytes)?;
        if filter.matches(&event) {
            out.push(event);
        }
        Ok(out.len() < limit)
    })?;
    Ok(out)
}

/// Every event whose subjects include any of `ids`, oldest first (used by export).
///
/// # Errors
/// When the database fails or an event does not decode.
pub fn about(rx: &Rx, ids: &std::collections::HashSet<String>) -> StoreResult<Vec<AuditEvent>> {
    let mut out = Vec::new();
    rx.raw().events(0, false, &mut |seq, bytes| {
        let e = decode_event(seq, bytes)?;
        if e.subjects.iter().any(|s| ids.contains(s)) {
            out.push(e);
        }
        Ok(true)
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_store;
    use serde_json::{Map, json};

    /// The canonical form as first written (sorted copies of every map), kept to prove the
    /// streaming form hashes stored chains the same.
    fn reference_bytes(event: &AuditEvent) -> Vec<u8> {
        fn sorted(value: &Value) -> Value {
            match value {
                Value::Object(map) => {
                    let mut keys: Vec<&String> = map.keys().collect();
                    keys.sort();
                    let mut out = Map::new();
                    for k in keys {
                        out.insert(k.clone(), sorted(&map[k]));
                    }
                    Value::Object(out)
                }
                Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
                other => other.clone(),
            }
        }
        let v = json!({
            "seq": event.seq,
            "at": event.at.format(&Rfc3339).unwrap(),
            "actor": event.actor,
            "kind": event.kind,
            "subjects": event.subjects,
            "details": sorted(&event.details),
            "prev_hash": event.prev_hash,
        });
        serde_json::to_vec(&sorted(&v)).unwrap()
    }

    #[test]
    fn canonical_bytes_match_the_reference_form() {
        let details: Value = serde_json::from_str(
            r#"{"zeta":[{"b":1,"a":[true,null,"x\u00e9\"q"]}],"alpha":{"y":2.5,"x":-3},"mid":"l\nine"}"#,
        )
        .unwrap();
        let event = AuditEvent {
            seq: 42,
            at: OffsetDateTime::from_unix_timestamp(1_750_000_000).unwrap(),
            actor: "link:abc".into(),
            kind: "approval.decided".into(),
            subjects: vec!["c".into(), "p".into(), "a".into()],
            details,
            prev_hash: GENESIS.into(),
            hash: String::new(),
        };
        assert_eq!(
            String::from_utf8(canonical_bytes(&event)).unwrap(),
            String::from_utf8(reference_bytes(&event)).unwrap()
        );
    }

    #[test]
    fn chain_links_and_verifies() {
        let (store, _dir) = test_store();
        let actor = Actor::System;
        let now = OffsetDateTime::now_utc();
        for i in 0..5 {
            store
                .write(&actor, now, |tx| {
                    tx.audit("test.event", &["x"], json!({"i": i, "b": {"z": 1, "a": 2}}))
                })
                .unwrap();
        }
        let report = store.read(verify).unwrap();
        assert_eq!(
            report,
            ChainReport {
                ok: true,
                events: 5,
                first_broken: None
            }
        );
        let events = store.read(|rx| list(rx, 2, 10)).unwrap();
        assert_eq!(events.len(), 3);
        assert_eq!(events[0].seq, 3);
        assert_eq!(
            events[0].prev_hash,
            store.read(|rx| list(rx, 1, 1)).unwrap()[0].hash
        );
    }

    #[test]
    fn an_edited_event_is_named() {
        let (store, _dir) = test_store();
        let now = OffsetDateTime::now_utc();
        for i in 0..4 {
            store
                .write(&Actor::System, now, |tx| {
                    tx.audit("test.event", &[], json!({"i": i}))
                })
                .unwrap();
        }
        // Rewrite event 3's details without fixing its hash, as a tamperer would.
        store
            .write(&Actor::System, now, |tx| {
                let t = tx.raw();
                let mut e = decode_event(3, &t.event(3)?.unwrap())?;
                e.details = json!({"i": 99});
                t.put_event(3, &encode(&e))?;
                Ok(())
            })
            .unwrap();
        let report = store.read(verify).unwrap();
        assert_eq!(
            report,
            ChainReport {
                ok: false,
                events: 2,
                first_broken: Some(3)
            }
        );
    }

    #[test]
    fn canonical_bytes_ignore_key_order() {
        let e = |details| AuditEvent {
            seq: 1,
            at: OffsetDateTime::UNIX_EPOCH,
            actor: "system".into(),
            kind: "k".into(),
            subjects: vec![],
            details,
            prev_hash: GENESIS.into(),
            hash: String::new(),
        };
        let a: Value = serde_json::from_str(r#"{"b":1,"a":{"y":2,"x":3}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":{"x":3,"y":2},"b":1}"#).unwrap();
        assert_eq!(compute_hash(&e(a)), compute_hash(&e(b)));
    }
}
