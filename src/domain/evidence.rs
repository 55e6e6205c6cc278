//! Does a stored decision agree with the audit event it names? The decision record and
//! the hash-chained event are written in the same transaction, so any field that differs
//! means one of them was edited afterwards. Pure: the console receipt asks it, and anyone
//! holding an export can ask the same question of `record.json` and `audit.json`.

use serde_json::Value;

use super::{AuditEvent, Decision};

/// Kind of the audit event every client decision appends.
pub const DECIDED_KIND: &str = "approval.decided";

/// The evidence fields of `d` that the event's details do not repeat exactly (empty when
/// they all agree). The event's own hash is checked by the chain, not here.
#[must_use]
pub fn mismatched_fields(d: &Decision, event: &AuditEvent) -> Vec<&'static str> {
    let details = &event.details;
    let expected: [(&'static str, Value); 11] = [
        (
            "decision",
            serde_json::to_value(d.decision).unwrap_or(Value::Null),
        ),
        ("comment", d.comment.clone().into()),
        ("typed_name", d.typed_name.clone().into()),
        ("grant_id", d.grant_id.clone().into()),
        ("contact_email", d.contact_email.clone().into()),
        ("client_ip", d.client_ip.clone().into()),
        ("user_agent", d.user_agent.clone().into()),
        ("version", d.version.into()),
        ("sha256", d.sha256.clone().into()),
        ("nonce", d.nonce.clone().into()),
        ("verified_email", d.verified_email.clone().into()),
    ];
    let mut out: Vec<&'static str> = expected
        .into_iter()
        .filter(|(name, want)| details.get(name).unwrap_or(&Value::Null) != want)
        .map(|(name, _)| name)
        .collect();
    if event.kind != DECIDED_KIND {
        out.insert(0, "kind");
    }
    if event.seq != d.audit_seq {
        out.insert(0, "seq");
    }
    if event.hash != d.audit_hash {
        out.insert(0, "hash");
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::OffsetDateTime;

    use super::*;
    use crate::domain::DecisionKind;

    fn decision() -> Decision {
        Decision {
            contact_id: String::new(),
            round: 0,
            verified_email: None,
            decision: DecisionKind::Approve,
            comment: None,
            typed_name: "Maya Finch".into(),
            grant_id: "g1".into(),
            contact_email: "maya@client.test".into(),
            client_ip: "203.0.113.7".into(),
            user_agent: "Mozilla/5.0".into(),
            at: OffsetDateTime::UNIX_EPOCH,
            file_id: Some("f1".into()),
            version: Some(2),
            sha256: Some("ab".repeat(32)),
            nonce: "n1".into(),
            requested_at: OffsetDateTime::UNIX_EPOCH,
            audit_seq: 7,
            audit_hash: "cd".repeat(32),
        }
    }

    fn event(details: Value) -> AuditEvent {
        AuditEvent {
            seq: 7,
            at: OffsetDateTime::UNIX_EPOCH,
            actor: "link:g1".into(),
            kind: DECIDED_KIND.into(),
            subjects: vec![],
            details,
            prev_hash: "00".repeat(32),
            hash: "cd".repeat(32),
        }
    }

    fn details() -> Value {
        json!({
            "decision": "approve", "comment": null, "typed_name": "Maya Finch",
            "grant_id": "g1", "contact_email": "maya@client.test", "client_ip": "203.0.113.7",
            "user_agent": "Mozilla/5.0", "file_id": "f1", "version": 2,
            "sha256": "ab".repeat(32), "nonce": "n1",
        })
    }

    #[test]
    fn a_faithful_record_matches_its_event() {
        assert!(mismatched_fields(&decision(), &event(details())).is_empty());
    }

    #[test]
    fn an_edited_record_names_each_field_that_differs() {
        let mut d = decision();
        d.typed_name = "Someone Else".into();
        d.sha256 = Some("ef".repeat(32));
        assert_eq!(
            mismatched_fields(&d, &event(details())),
            ["typed_name", "sha256"]
        );
    }

    #[test]
    fn another_event_does_not_vouch_for_the_decision() {
        let mut e = event(details());
        e.kind = "approval.requested".into();
        e.hash = "11".repeat(32);
        assert_eq!(mismatched_fields(&decision(), &e), ["hash", "kind"]);
    }
}
