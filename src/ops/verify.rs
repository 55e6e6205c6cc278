//! `/verify` (SPEC 14): anyone may check a receipt (audit seq and hash) or a file against
//! the audit chain. The answer says whether it is there, unaltered, and for a decision
//! which one on which file version; nothing else (no names, no addresses, no client).

use time::OffsetDateTime;

use super::OpResult;
use crate::domain::{AuditEvent, DecisionKind, FileRecord};
use crate::state::AppState;
use crate::store::ReadRecords as _;
use crate::store::audit::{checked_event, decisions_on_sha};

/// A decision as `/verify` may show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedDecision {
    pub seq: u64,
    pub decision: DecisionKind,
    pub file_name: Option<String>,
    pub version: Option<u32>,
    pub at: OffsetDateTime,
}

/// What `/verify` answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The receipt is in the chain, unaltered, and records this decision.
    Genuine(VerifiedDecision),
    /// The receipt is in the chain, unaltered, but is not a decision.
    GenuineOther { seq: u64 },
    /// There is such a record, but the receipt's hash differs from it, or the record no
    /// longer recomputes: one of them was changed.
    Altered { seq: u64 },
    /// No such record.
    NotFound { seq: u64 },
    /// A file: the decisions in the chain made on a version with its SHA-256.
    File {
        sha256: String,
        decisions: Vec<VerifiedDecision>,
    },
}

/// Limit of decisions listed for one file.
const MAX_FILE_DECISIONS: usize = 20;

fn decision_of(rx: &crate::store::Rx, e: &AuditEvent) -> Option<VerifiedDecision> {
    if e.kind != "approval.decided" {
        return None;
    }
    let decision: DecisionKind = serde_json::from_value(e.details.get("decision")?.clone()).ok()?;
    let version = e
        .details
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .and_then(|v| u32::try_from(v).ok());
    let file_name = e
        .details
        .get("file_id")
        .and_then(serde_json::Value::as_str)
        .and_then(|id| rx.find::<FileRecord>(id).ok().flatten())
        .map(|f| f.name);
    Some(VerifiedDecision {
        seq: e.seq,
        decision,
        file_name,
        version,
        at: e.at,
    })
}

impl AppState {
    /// Check a receipt's audit seq and hash against the chain.
    ///
    /// # Errors
    /// A database failure.
    pub fn verify_receipt(&self, seq: u64, hash: &str) -> OpResult<Verdict> {
        let hash = hash.trim().to_ascii_lowercase();
        Ok(self.store.read(|rx| {
            Ok(match checked_event(rx, seq)? {
                None => Verdict::NotFound { seq },
                Some((e, holds)) if !holds || e.hash != hash => Verdict::Altered { seq },
                Some((e, _)) => match decision_of(rx, &e) {
                    Some(d) => Verdict::Genuine(d),
                    None => Verdict::GenuineOther { seq },
                },
            })
        })?)
    }

    /// The decisions recorded on a file whose bytes hash to `sha256` (each one's event
    /// still holding in the chain).
    ///
    /// # Errors
    /// A database failure.
    pub fn verify_file(&self, sha256: &str) -> OpResult<Verdict> {
        let sha256 = sha256.to_ascii_lowercase();
        Ok(self.store.read(|rx| {
            let mut decisions = Vec::new();
            for seq in decisions_on_sha(rx, &sha256)?
                .into_iter()
                .take(MAX_FILE_DECISIONS)
            {
                if let Some((e, true)) = checked_event(rx, seq)?
                    && e.details.get("sha256").and_then(serde_json::Value::as_str)
                        == Some(sha256.as_str())
                {
                    decisions.extend(decision_of(rx, &e));
                }
            }
            Ok(Verdict::File { sha256, decisions })
        })?)
    }
}
