//! The approval state machine, pure: given an approval and a submitted decision, say
//! what happens. The store applies the outcome inside one write transaction.

use super::records::{Approval, ApprovalStatus, DecisionKind};

/// What a client submitted on the approval form, already parsed.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub decision: DecisionKind,
    pub typed_name: String,
    pub comment: Option<String>,
    pub confirm: bool,
    /// Hex SHA-256 the form was rendered for (empty for approvals without a file).
    pub version_sha256: String,
    pub nonce: String,
}

/// Why a decision is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("please type your full name")]
    NameRequired,
    #[error("please tick the box to confirm your approval")]
    ConfirmRequired,
    #[error("please say what should change")]
    CommentRequired,
    #[error("a newer version was uploaded since this page was opened")]
    StaleVersion,
    #[error("this approval was already decided")]
    AlreadyDecided,
    #[error("this approval was withdrawn")]
    Withdrawn,
}

/// What the store should do with a submitted decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionOutcome {
    /// Record it: the approval moves to this status.
    Record(ApprovalStatus),
    /// The same form was submitted again: answer as before, record nothing.
    Replay,
}

/// Decide what a submitted decision does to `approval`.
///
/// Order matters: a replay is recognised before anything else (a double click after
/// success must not show an error), then the state, then the version, then the fields.
///
/// # Errors
/// Every refusal is a [`DecisionError`], each mapped to a 4xx by the HTTP layer.
pub fn evaluate(
    approval: &Approval,
    input: &DecisionInput,
) -> Result<DecisionOutcome, DecisionError> {
    if approval.decisions.iter().any(|d| d.nonce == input.nonce) {
        return Ok(DecisionOutcome::Replay);
    }
    match approval.status {
        ApprovalStatus::Pending => {}
        ApprovalStatus::Approved | ApprovalStatus::ChangesRequested => {
            return Err(DecisionError::AlreadyDecided);
        }
        ApprovalStatus::Withdrawn => return Err(DecisionError::Withdrawn),
    }
    let current = approval.target_sha256.as_deref().unwrap_or("");
    if !input.version_sha256.eq_ignore_ascii_case(current) {
        return Err(DecisionError::StaleVersion);
    }
    if input.typed_name.trim().is_empty() {
        return Err(DecisionError::NameRequired);
    }
    match input.decision {
        DecisionKind::Approve if !input.confirm => Err(DecisionError::ConfirmRequired),
        DecisionKind::RequestChanges
            if input.comment.as_deref().is_none_or(|c| c.trim().is_empty()) =>
        {
            Err(DecisionError::CommentRequired)
        }
        kind => Ok(DecisionOutcome::Record(kind.resulting_status())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::Decision;
    use time::OffsetDateTime;

    fn pending() -> Approval {
        Approval {
            id: "a".into(),
            project_id: "p".into(),
            milestone_id: None,
            file_id: Some("f".into()),
            title: "Logo".into(),
            description: String::new(),
            due_on: None,
            status: ApprovalStatus::Pending,
            target_version: Some(1),
            target_sha256: Some("ab".repeat(32)),
            requested_by: "s".into(),
            created_at: OffsetDateTime::UNIX_EPOCH,
            opened_at: OffsetDateTime::UNIX_EPOCH,
            decisions: vec![],
        }
    }

    fn input(decision: DecisionKind) -> DecisionInput {
        DecisionInput {
            decision,
            typed_name: "Cleo Client".into(),
            comment: None,
            confirm: true,
            version_sha256: "ab".repeat(32),
            nonce: "n1".into(),
        }
    }

    fn decided(mut a: Approval, nonce: &str) -> Approval {
        a.status = ApprovalStatus::Approved;
        a.decisions.push(Decision {
            decision: DecisionKind::Approve,
            comment: None,
            typed_name: "Cleo".into(),
            grant_id: "g".into(),
            contact_email: "c@x.test".into(),
            client_ip: "127.0.0.1".into(),
            user_agent: "ua".into(),
            at: OffsetDateTime::UNIX_EPOCH,
            file_id: Some("f".into()),
            version: Some(1),
            sha256: Some("ab".repeat(32)),
            nonce: nonce.into(),
            requested_at: OffsetDateTime::UNIX_EPOCH,
            audit_seq: 1,
            audit_hash: "h".into(),
        });
        a
    }

    #[test]
    fn approve_records_approved() {
        assert_eq!(
            evaluate(&pending(), &input(DecisionKind::Approve)),
            Ok(DecisionOutcome::Record(ApprovalStatus::Approved))
        );
    }

    #[test]
    fn approve_needs_name_and_confirmation() {
        let mut i = input(DecisionKind::Approve);
        i.typed_name = "  ".into();
        assert_eq!(evaluate(&pending(), &i), Err(DecisionError::NameRequired));
        let mut i = input(DecisionKind::Approve);
        i.confirm = false;
        assert_eq!(
            evaluate(&pending(), &i),
            Err(DecisionError::ConfirmRequired)
        );
    }

    #[test]
    fn request_changes_needs_a_comment() {
        let mut i = input(DecisionKind::RequestChanges);
        assert_eq!(
            evaluate(&pending(), &i),
            Err(DecisionError::CommentRequired)
        );
        i.comment = Some("Bigger logo".into());
        assert_eq!(
            evaluate(&pending(), &i),
            Ok(DecisionOutcome::Record(ApprovalStatus::ChangesRequested))
        );
    }

    #[test]
    fn stale_version_is_refused() {
        let mut i = input(DecisionKind::Approve);
        i.version_sha256 = "00".repeat(32);
        assert_eq!(evaluate(&pending(), &i), Err(DecisionError::StaleVersion));
    }

    #[test]
    fn second_decision_conflicts_but_replay_is_recognised() {
        let a = decided(pending(), "n1");
        assert_eq!(
            evaluate(&a, &input(DecisionKind::Approve)),
            Ok(DecisionOutcome::Replay)
        );
        let mut other = input(DecisionKind::Approve);
        other.nonce = "n2".into();
        assert_eq!(evaluate(&a, &other), Err(DecisionError::AlreadyDecided));
    }

    #[test]
    fn withdrawn_is_refused() {
        let mut a = pending();
        a.status = ApprovalStatus::Withdrawn;
        assert_eq!(
            evaluate(&a, &input(DecisionKind::Approve)),
            Err(DecisionError::Withdrawn)
        );
    }
}
