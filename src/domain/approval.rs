//! The approval state machine, pure: given an approval and a submitted decision, say
//! what happens. The store applies the outcome inside one write transaction.
//!
//! Several approvers (SPEC 10): an approval names who may decide (`approver_ids`; empty in
//! records written before, meaning every approver-role contact who sees the project) and
//! a rule (`any`, `all`, `at_least n`). Each approver decides once per round; the status
//! stays `pending` until enough have approved, and any request for changes ends the round.
//! A new file version starts a new round (`Approval::round`) for everyone.

use serde::Serialize;

use super::access::may_approve_in;
use time::OffsetDateTime;

use super::records::{
    Approval, ApprovalRule, ApprovalStatus, Client, Contact, Decision, DecisionCode, DecisionKind,
};

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
    #[error("you have already decided on this version")]
    DecidedByYou,
    #[error("this approval was withdrawn")]
    Withdrawn,
    #[error("please enter the code we mailed you (use “Email me a code”)")]
    CodeRequired,
    #[error("that code is not right, or it has expired: check it, or ask for a new one")]
    CodeWrong,
}

/// What the store should do with a submitted decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionOutcome {
    /// Record it: the approval moves to (or stays at) this status.
    Record(ApprovalStatus),
    /// The same form was submitted again: answer as before, record nothing.
    Replay,
}

impl ApprovalRule {
    /// How many approvals meet the rule among `approvers` approvers (at least one).
    #[must_use]
    pub fn needed(self, approvers: usize) -> usize {
        let n = match self {
            Self::Any => 1,
            Self::All => approvers,
            Self::AtLeast(n) => usize::try_from(n).unwrap_or(usize::MAX),
        };
        n.max(1)
    }

    /// Whether the rule can be met by `approvers` approvers.
    #[must_use]
    pub fn fits(self, approvers: usize) -> bool {
        match self {
            Self::Any => true,
            Self::All => approvers > 0,
            Self::AtLeast(n) => n >= 1 && usize::try_from(n).is_ok_and(|n| n <= approvers),
        }
    }
}

/// How long a mailed decision code works.
pub const CODE_TTL: time::Duration = time::Duration::minutes(10);
/// Wrong tries before a code is dead.
pub const CODE_TRIES: u8 = 5;
/// Codes mailed to one contact within an hour, at most.
pub const CODES_PER_HOUR: usize = 5;

/// The stored form of a code: bound to the contact and the approval.
#[must_use]
pub fn code_hash(contact_id: &str, approval_id: &str, code: &str) -> String {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    for part in [contact_id, approval_id, code] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

/// What a typed code is worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeVerdict {
    /// Right and live: the address it was mailed to.
    Verified(String),
    /// Nothing typed.
    Missing,
    /// Wrong, expired, used up, for another approval, or never sent.
    Wrong,
}

/// Judge `typed` against the contact's live code for `approval_id` at `now`. A wrong try
/// costs the caller one of `tries_left` (see [`CODE_TRIES`]).
#[must_use]
pub fn check_code(
    stored: Option<&DecisionCode>,
    approval_id: &str,
    typed: &str,
    now: OffsetDateTime,
) -> CodeVerdict {
    let typed = typed.trim();
    if typed.is_empty() {
        return CodeVerdict::Missing;
    }
    match stored {
        Some(c)
            if c.approval_id == approval_id
                && c.tries_left > 0
                && now <= c.expires_at
                && c.code_sha256 == code_hash(&c.id, approval_id, typed) =>
        {
            CodeVerdict::Verified(c.email.clone())
        }
        _ => CodeVerdict::Wrong,
    }
}

/// Whether another code may be mailed to a contact who was sent codes at `sent_at`.
#[must_use]
pub fn may_send_code(sent_at: &[i64], now: OffsetDateTime) -> bool {
    let hour_ago = (now - time::Duration::HOUR).unix_timestamp();
    sent_at.iter().filter(|t| **t > hour_ago).count() < CODES_PER_HOUR
}

/// Whether `d` was made in the approval's current round. Records written before rounds
/// were counted all say round 0; their round is told by when it was opened.
#[must_use]
pub fn in_current_round(a: &Approval, d: &Decision) -> bool {
    d.round == a.round && d.requested_at == a.opened_at
}

/// Whether `d` was made by `contact` (by id; by address for records without ids).
#[must_use]
pub fn made_by(d: &Decision, contact: &Contact) -> bool {
    if d.contact_id.is_empty() || contact.id.is_empty() {
        d.contact_email.eq_ignore_ascii_case(&contact.email)
    } else {
        d.contact_id == contact.id
    }
}

/// The decision `contact` made in the current round, if any.
#[must_use]
pub fn decision_of<'a>(a: &'a Approval, contact: &Contact) -> Option<&'a Decision> {
    a.decisions
        .iter()
        .rev()
        .find(|d| in_current_round(a, d) && made_by(d, contact))
}

/// Whether `contact` is one of the approval's approvers (role and link rights are the
/// access policy's to judge; this is only the list).
#[must_use]
pub fn names_approver(a: &Approval, contact: &Contact) -> bool {
    if a.approver_ids.is_empty() {
        may_approve_in(contact, &a.project_id)
    } else {
        a.approver_ids.contains(&contact.id)
    }
}

/// The approvers of `a` still on file who may decide and have not decided this round:
/// whom the request mail and its reminders go to.
#[must_use]
pub fn awaiting<'a>(a: &Approval, client: &'a Client) -> Vec<&'a Contact> {
    client
        .contacts
        .iter()
        .filter(|c| {
            names_approver(a, c) && may_approve_in(c, &a.project_id) && decision_of(a, c).is_none()
        })
        .collect()
}

/// One approver and where they stand in the current round.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApproverState {
    pub contact_id: String,
    pub name: String,
    pub email: String,
    /// Their decision in the current round; `None` while still to decide.
    pub decision: Option<Decision>,
}

/// The approvers of `a` (contacts of `client` as on file now) with their decisions in the
/// current round, in the order they were named. An approver no longer on file is listed
/// with what their decision recorded, if anything.
#[must_use]
pub fn approvers(a: &Approval, client: &Client) -> Vec<ApproverState> {
    let state = |c: &Contact| ApproverState {
        contact_id: c.id.clone(),
        name: c.name.clone(),
        email: c.email.clone(),
        decision: decision_of(a, c).cloned(),
    };
    if a.approver_ids.is_empty() {
        return client
            .contacts
            .iter()
            .filter(|c| names_approver(a, c))
            .map(state)
            .collect();
    }
    a.approver_ids
        .iter()
        .map(|id| match client.contact_by_id(id) {
            Some(c) => state(c),
            None => {
                let decision = a
                    .decisions
                    .iter()
                    .rev()
                    .find(|d| in_current_round(a, d) && d.contact_id == *id)
                    .cloned();
                ApproverState {
                    contact_id: id.clone(),
                    name: decision
                        .as_ref()
                        .map(|d| d.typed_name.clone())
                        .unwrap_or_default(),
                    email: decision
                        .as_ref()
                        .map(|d| d.contact_email.clone())
                        .unwrap_or_default(),
                    decision,
                }
            }
        })
        .collect()
}

/// The approvers an approval in `project_id` names: `asked` (contact ids of `client`,
/// each of whom may decide there, duplicates dropped) or by default every contact who may
/// decide there; `rule` must fit their number. With the default rule (`any`) and no list
/// the answer is empty: whoever may decide there when they decide.
///
/// # Errors
/// The field and a message for a 422: an unknown contact, one who may not decide on the
/// project, a rule the approvers cannot meet.
pub fn resolve_approvers(
    client: &Client,
    project_id: &str,
    asked: Option<&[String]>,
    rule: ApprovalRule,
) -> Result<Vec<String>, (&'static str, &'static str)> {
    let ids: Vec<String> = match asked {
        // Any one of them will do: the list stays open (empty), so a contact who becomes
        // an approver later, or stops being one, counts at once, as for old records.
        None if rule == ApprovalRule::Any => return Ok(Vec::new()),
        None => client
            .contacts
            .iter()
            .filter(|c| may_approve_in(c, project_id))
            .map(|c| c.id.clone())
            .collect(),
        Some(asked) => {
            let mut ids: Vec<String> = Vec::with_capacity(asked.len());
            for id in asked {
                let c = client
                    .contact_by_id(id)
                    .ok_or(("approvers", "no such contact of this client"))?;
                if !may_approve_in(c, project_id) {
                    return Err((
                        "approvers",
                        "a contact who may not decide on this project (role or projects)",
                    ));
                }
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            if ids.is_empty() {
                return Err(("approvers", "name at least one approver"));
            }
            ids
        }
    };
    if !rule.fits(ids.len()) {
        return Err((
            "rule",
            "the rule needs between 1 and as many approvals as there are approvers",
        ));
    }
    Ok(ids)
}

/// Decide what a decision by `contact` does to `approval`.
///
/// Order matters: a replay is recognised before anything else (a double click after
/// success must not show an error), then the state, then whether this contact already
/// decided this round, then the version, then the fields. Only then is the rule counted:
/// a request for changes ends the round, an approval settles it once the rule is met and
/// leaves it pending before.
///
/// # Errors
/// Every refusal is a [`DecisionError`], each mapped to a 4xx by the HTTP layer.
pub fn evaluate(
    approval: &Approval,
    contact: &Contact,
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
    if decision_of(approval, contact).is_some() {
        return Err(DecisionError::DecidedByYou);
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
        DecisionKind::RequestChanges => {
            Ok(DecisionOutcome::Record(ApprovalStatus::ChangesRequested))
        }
        DecisionKind::Approve => {
            let approved = approval
                .decisions
                .iter()
                .filter(|d| in_current_round(approval, d) && d.decision == DecisionKind::Approve)
                .count();
            let needed = approval.rule.needed(approval.approver_ids.len());
            Ok(DecisionOutcome::Record(if approved + 1 >= needed {
                ApprovalStatus::Approved
            } else {
                ApprovalStatus::Pending
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::{Decision, DecisionCode};
    use crate::domain::{ContactRole, ProjectAccess};
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
            approver_ids: vec![],
            rule: ApprovalRule::Any,
            round: 0,
            row: None,
        }
    }

    fn cleo() -> Contact {
        contact("c1", "c@x.test")
    }

    fn contact(id: &str, email: &str) -> Contact {
        Contact {
            id: id.into(),
            name: id.into(),
            email: email.into(),
            role: ContactRole::Approver,
            projects: ProjectAccess::All,
            language: None,
            invited_by: None,
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
        a = with_decision(a, "c1", DecisionKind::Approve, nonce);
        a
    }

    fn with_decision(mut a: Approval, who: &str, kind: DecisionKind, nonce: &str) -> Approval {
        a.decisions.push(Decision {
            decision: kind,
            comment: None,
            typed_name: "Cleo".into(),
            grant_id: "g".into(),
            contact_email: format!("{who}@x.test"),
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
            contact_id: who.into(),
            round: a.round,
            verified_email: None,
        });
        a
    }

    #[test]
    fn approve_records_approved() {
        assert_eq!(
            evaluate(&pending(), &cleo(), &input(DecisionKind::Approve)),
            Ok(DecisionOutcome::Record(ApprovalStatus::Approved))
        );
    }

    #[test]
    fn approve_needs_name_and_confirmation() {
        let mut i = input(DecisionKind::Approve);
        i.typed_name = "  ".into();
        assert_eq!(
            evaluate(&pending(), &cleo(), &i),
            Err(DecisionError::NameRequired)
        );
        let mut i = input(DecisionKind::Approve);
        i.confirm = false;
        assert_eq!(
            evaluate(&pending(), &cleo(), &i),
            Err(DecisionError::ConfirmRequired)
        );
    }

    #[test]
    fn request_changes_needs_a_comment() {
        let mut i = input(DecisionKind::RequestChanges);
        assert_eq!(
            evaluate(&pending(), &cleo(), &i),
            Err(DecisionError::CommentRequired)
        );
        i.comment = Some("Bigger logo".into());
        assert_eq!(
            evaluate(&pending(), &cleo(), &i),
            Ok(DecisionOutcome::Record(ApprovalStatus::ChangesRequested))
        );
    }

    #[test]
    fn stale_version_is_refused() {
        let mut i = input(DecisionKind::Approve);
        i.version_sha256 = "00".repeat(32);
        assert_eq!(
            evaluate(&pending(), &cleo(), &i),
            Err(DecisionError::StaleVersion)
        );
    }

    #[test]
    fn second_decision_conflicts_but_replay_is_recognised() {
        let a = decided(pending(), "n1");
        assert_eq!(
            evaluate(&a, &cleo(), &input(DecisionKind::Approve)),
            Ok(DecisionOutcome::Replay)
        );
        let mut other = input(DecisionKind::Approve);
        other.nonce = "n2".into();
        assert_eq!(
            evaluate(&a, &cleo(), &other),
            Err(DecisionError::AlreadyDecided)
        );
    }

    #[test]
    fn withdrawn_is_refused() {
        let mut a = pending();
        a.status = ApprovalStatus::Withdrawn;
        assert_eq!(
            evaluate(&a, &cleo(), &input(DecisionKind::Approve)),
            Err(DecisionError::Withdrawn)
        );
    }

    fn three(rule: ApprovalRule) -> Approval {
        let mut a = pending();
        a.approver_ids = vec!["c1".into(), "c2".into(), "c3".into()];
        a.rule = rule;
        a
    }

    fn by(id: &str, decision: DecisionKind, nonce: &str) -> (Contact, DecisionInput) {
        let mut i = input(decision);
        i.nonce = nonce.into();
        i.comment = Some("Bigger".into());
        (contact(id, &format!("{id}@x.test")), i)
    }

    fn outcome(
        a: &Approval,
        who: &str,
        decision: DecisionKind,
    ) -> Result<DecisionOutcome, DecisionError> {
        let (c, i) = by(who, decision, &format!("n-{who}"));
        evaluate(a, &c, &i)
    }

    #[test]
    fn rules_count_approvals_of_the_round() {
        let pending_after = Ok(DecisionOutcome::Record(ApprovalStatus::Pending));
        let approved = Ok(DecisionOutcome::Record(ApprovalStatus::Approved));
        assert_eq!(
            outcome(&three(ApprovalRule::Any), "c2", DecisionKind::Approve),
            approved
        );

        let mut all = three(ApprovalRule::All);
        assert_eq!(outcome(&all, "c1", DecisionKind::Approve), pending_after);
        all = with_decision(all, "c1", DecisionKind::Approve, "n-c1");
        all = with_decision(all, "c2", DecisionKind::Approve, "n-c2");
        assert_eq!(outcome(&all, "c3", DecisionKind::Approve), approved);

        let mut two = three(ApprovalRule::AtLeast(2));
        assert_eq!(outcome(&two, "c3", DecisionKind::Approve), pending_after);
        two = with_decision(two, "c3", DecisionKind::Approve, "n-c3");
        assert_eq!(outcome(&two, "c1", DecisionKind::Approve), approved);
    }

    #[test]
    fn one_request_for_changes_ends_the_round() {
        let a = with_decision(
            three(ApprovalRule::All),
            "c1",
            DecisionKind::Approve,
            "n-c1",
        );
        assert_eq!(
            outcome(&a, "c2", DecisionKind::RequestChanges),
            Ok(DecisionOutcome::Record(ApprovalStatus::ChangesRequested))
        );
    }

    #[test]
    fn each_approver_decides_once_a_round() {
        let a = with_decision(
            three(ApprovalRule::All),
            "c1",
            DecisionKind::Approve,
            "n-c1",
        );
        assert_eq!(
            outcome(&a, "c1", DecisionKind::Approve),
            Ok(DecisionOutcome::Replay)
        );
        let (c, mut i) = by("c1", DecisionKind::Approve, "other");
        assert_eq!(evaluate(&a, &c, &i), Err(DecisionError::DecidedByYou));
        // A new round (a new file version) opens it again for everyone.
        let mut next = a.clone();
        next.round += 1;
        i.nonce = "n-next".into();
        assert_eq!(
            evaluate(&next, &c, &i),
            Ok(DecisionOutcome::Record(ApprovalStatus::Pending))
        );
    }

    #[test]
    fn rules_fit_the_number_of_approvers() {
        assert!(ApprovalRule::Any.fits(0));
        assert!(!ApprovalRule::All.fits(0));
        assert!(ApprovalRule::All.fits(2));
        assert!(!ApprovalRule::AtLeast(0).fits(2));
        assert!(ApprovalRule::AtLeast(2).fits(2));
        assert!(!ApprovalRule::AtLeast(3).fits(2));
        assert_eq!(ApprovalRule::All.needed(3), 3);
        assert_eq!(ApprovalRule::Any.needed(3), 1);
    }

    #[test]
    fn approvers_list_decisions_of_the_round_only() {
        let mut a = with_decision(
            three(ApprovalRule::All),
            "c1",
            DecisionKind::Approve,
            "n-c1",
        );
        let client = Client {
            id: "acme".into(),
            name: "Acme".into(),
            contacts: vec![contact("c1", "c1@x.test"), contact("c2", "c2@x.test")],
            language: Some("en".into()),
            timezone: None,
            portal_enabled: true,
            sections: crate::domain::Sections::default(),
            links_cutoff_at: None,
            verify_decisions: false,
            clients_may_invite: false,
            owner_staff_id: None,
            activity_alerts: true,
            created_at: OffsetDateTime::UNIX_EPOCH,
        };
        let list = approvers(&a, &client);
        assert_eq!(list.len(), 3, "one no longer on file is still listed");
        assert!(list[0].decision.is_some());
        assert!(list[1].decision.is_none());
        a.round += 1;
        assert!(approvers(&a, &client).iter().all(|s| s.decision.is_none()));
        a.approver_ids.clear();
        assert_eq!(
            approvers(&a, &client).len(),
            2,
            "old records: every approver-role contact"
        );
    }

    #[test]
    fn approvers_are_resolved_against_the_client() {
        let mut viewer = contact("v", "v@x.test");
        viewer.role = ContactRole::Viewer;
        let client = Client {
            id: "acme".into(),
            name: "Acme".into(),
            contacts: vec![
                contact("c1", "c1@x.test"),
                contact("c2", "c2@x.test"),
                viewer,
            ],
            language: Some("en".into()),
            timezone: None,
            portal_enabled: true,
            sections: crate::domain::Sections::default(),
            links_cutoff_at: None,
            verify_decisions: false,
            clients_may_invite: false,
            owner_staff_id: None,
            activity_alerts: true,
            created_at: OffsetDateTime::UNIX_EPOCH,
        };
        let r = |asked: Option<&[String]>, rule| resolve_approvers(&client, "p", asked, rule);
        assert_eq!(
            r(None, ApprovalRule::Any),
            Ok(vec![]),
            "open: whoever may decide"
        );
        assert_eq!(
            r(None, ApprovalRule::All),
            Ok(vec!["c1".into(), "c2".into()])
        );
        let two = ["c2".to_owned(), "c2".to_owned(), "c1".to_owned()];
        assert_eq!(
            r(Some(&two), ApprovalRule::AtLeast(2)),
            Ok(vec!["c2".into(), "c1".into()])
        );
        assert!(r(Some(&two), ApprovalRule::AtLeast(3)).is_err());
        assert!(
            r(Some(&["v".to_owned()]), ApprovalRule::Any).is_err(),
            "a viewer"
        );
        assert!(
            r(Some(&["zz".to_owned()]), ApprovalRule::Any).is_err(),
            "unknown"
        );
    }

    #[test]
    fn codes_are_checked_by_hash_expiry_tries_and_approval() {
        let t = OffsetDateTime::UNIX_EPOCH + time::Duration::days(1000);
        let mut c = DecisionCode {
            id: "c1".into(),
            approval_id: "a".into(),
            code_sha256: code_hash("c1", "a", "123456"),
            email: "c1@x.test".into(),
            expires_at: t + CODE_TTL,
            tries_left: CODE_TRIES,
            sent_at: vec![],
        };
        assert_eq!(check_code(Some(&c), "a", "", t), CodeVerdict::Missing);
        assert_eq!(check_code(Some(&c), "a", "654321", t), CodeVerdict::Wrong);
        assert_eq!(check_code(Some(&c), "b", "123456", t), CodeVerdict::Wrong);
        assert_eq!(check_code(None, "a", "123456", t), CodeVerdict::Wrong);
        assert_eq!(
            check_code(Some(&c), "a", " 123456 ", t),
            CodeVerdict::Verified("c1@x.test".into())
        );
        assert_eq!(
            check_code(
                Some(&c),
                "a",
                "123456",
                t + CODE_TTL + time::Duration::SECOND
            ),
            CodeVerdict::Wrong,
            "expired"
        );
        c.tries_left = 0;
        assert_eq!(
            check_code(Some(&c), "a", "123456", t),
            CodeVerdict::Wrong,
            "dead"
        );
        let now = t.unix_timestamp();
        assert!(may_send_code(&[now - 4000; 9], t));
        assert!(!may_send_code(&[now - 10; 5], t));
        assert!(may_send_code(&[now - 10; 4], t));
    }
}
