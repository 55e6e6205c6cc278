//! Reminders for pending approvals, found by the sender with the app's clock: one
//! `mail.reminder_after` after the request, one the day before it is due, never two
//! within a day, none once the due date has passed. A re-open starts a new round.

use crate::store::ReadRecords as _;
use time::{Duration, OffsetDateTime};

use super::compose::Stage;
use super::expand::{MailEnv, approval};
use crate::domain::mail::ReminderState;
use crate::domain::{Approval, ApprovalStatus};
use crate::state::AppState;
use crate::store::reminder_candidates as candidates;
use crate::store::{Actor, StoreResult};

/// The reminder `a` is due for at `now`, if any (pure).
#[must_use]
pub fn due_reminder(
    a: &Approval,
    sent: Option<&ReminderState>,
    now: OffsetDateTime,
    reminder_after: Duration,
) -> Option<Stage> {
    if a.status != ApprovalStatus::Pending {
        return None;
    }
    let today = now.date();
    if a.due_on.is_some_and(|due| today > due) {
        return None;
    }
    let sent = sent.filter(|s| s.round == a.opened_at);
    if sent
        .and_then(|s| s.last_at)
        .is_some_and(|last| now - last < Duration::DAY)
    {
        return None;
    }
    let waited = now - a.opened_at;
    let due_soon = a.due_on.is_some_and(|due| due - today <= Duration::DAY);
    if due_soon && !sent.is_some_and(|s| s.due_sent) && waited >= Duration::DAY {
        Some(Stage::DueSoon)
    } else if !sent.is_some_and(|s| s.after_sent) && waited >= reminder_after {
        Some(Stage::Reminder)
    } else {
        None
    }
}

/// Whether a reminder may still come for `a` in its current round, given what was sent
/// (pure): pending, not past its due date, and the general or the "due soon" reminder
/// still unsent.
#[must_use]
pub fn reminders_left(a: &Approval, sent: Option<&ReminderState>, now: OffsetDateTime) -> bool {
    if a.status != ApprovalStatus::Pending || a.due_on.is_some_and(|due| now.date() > due) {
        return false;
    }
    let sent = sent.filter(|s| s.round == a.opened_at);
    !sent.is_some_and(|s| s.after_sent) || (a.due_on.is_some() && !sent.is_some_and(|s| s.due_sent))
}

/// Queue every reminder due at `now`; returns how many messages were queued.
///
/// Only the reminder candidates (see `store::reminder_candidates`) that have waited long
/// enough for either reminder are read. One that has moved on (decided, withdrawn,
/// re-opened under a new key, past its due date, all sent) is dropped on the way.
///
/// # Errors
/// A database failure.
pub fn queue_due(state: &AppState, now: OffsetDateTime) -> StoreResult<usize> {
    let after = Duration::try_from(state.settings.mail.reminder_after).unwrap_or(Duration::MAX);
    // Neither reminder comes before the approval waited this long.
    let Some(opened_by) = now.checked_sub(after.min(Duration::DAY)) else {
        return Ok(0);
    };
    let candidates = state.store.reminder_candidates(opened_by)?;
    if candidates.is_empty() {
        return Ok(0);
    }
    let (due, gone) = state.store.read(|rx| {
        let (mut due, mut gone) = (Vec::new(), Vec::new());
        for (key, id) in candidates {
            let a: Option<Approval> = rx.find(&id)?;
            let Some(a) = a.filter(|a| candidates::key_of(a) == key) else {
                gone.push(key);
                continue;
            };
            let sent: Option<ReminderState> = rx.find(&id)?;
            if due_reminder(&a, sent.as_ref(), now, after).is_some() {
                due.push((key, id));
            } else if !reminders_left(&a, sent.as_ref(), now) {
                gone.push(key);
            }
        }
        Ok((due, gone))
    })?;
    if !gone.is_empty() {
        // A key is never reused, so what the snapshot found gone stays gone.
        state.store.write(&Actor::System, now, |tx| {
            gone.iter().try_for_each(|key| candidates::drop(tx, key))
        })?;
    }
    let env = MailEnv::of(state);
    let mut queued = 0;
    for (key, id) in due {
        queued += state.store.write(&Actor::System, now, |tx| {
            // Checked again inside the transaction: the approval may have moved on.
            let a: Approval = tx.get(&id)?;
            let sent: Option<ReminderState> = tx.find(&id)?;
            let Some(stage) = due_reminder(&a, sent.as_ref(), now, after) else {
                return Ok(0);
            };
            let n = approval(tx, &env, &id, stage)?;
            let prev = sent.filter(|s| s.round == a.opened_at);
            let state = ReminderState {
                id: id.clone(),
                round: a.opened_at,
                // A "due soon" reminder stands in for the general one too.
                after_sent: true,
                due_sent: stage == Stage::DueSoon || prev.is_some_and(|s| s.due_sent),
                last_at: Some(now),
            };
            if !reminders_left(&a, Some(&state), now) {
                candidates::drop(tx, &key)?;
            }
            tx.put(&state)?;
            Ok(n)
        })?;
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn pending(opened: OffsetDateTime, due_on: Option<time::Date>) -> Approval {
        Approval {
            approver_ids: Vec::new(),
            rule: crate::domain::ApprovalRule::Any,
            round: 0,
            row: None,
            id: "a".into(),
            project_id: "p".into(),
            milestone_id: None,
            file_id: None,
            title: "Homepage".into(),
            description: String::new(),
            due_on,
            status: ApprovalStatus::Pending,
            target_version: None,
            target_sha256: None,
            requested_by: "s".into(),
            created_at: opened,
            opened_at: opened,
            decisions: Vec::new(),
        }
    }

    fn sent(round: OffsetDateTime, at: OffsetDateTime, due_sent: bool) -> ReminderState {
        ReminderState {
            id: "a".into(),
            round,
            after_sent: true,
            due_sent,
            last_at: Some(at),
        }
    }

    #[test]
    fn one_reminder_after_the_wait_then_one_before_due() {
        let t0 = datetime!(2026-03-02 09:00 UTC);
        let wait = Duration::days(3);
        let a = pending(t0, None);
        assert_eq!(due_reminder(&a, None, t0 + Duration::hours(71), wait), None);
        assert_eq!(
            due_reminder(&a, None, t0 + wait, wait),
            Some(Stage::Reminder)
        );
        let s = sent(t0, t0 + wait, false);
        assert_eq!(
            due_reminder(&a, Some(&s), t0 + Duration::days(9), wait),
            None
        );

        let a = pending(t0, Some(t0.date() + Duration::days(5)));
        assert_eq!(
            due_reminder(&a, None, t0 + wait, wait),
            Some(Stage::Reminder)
        );
        let s = sent(t0, t0 + wait, false);
        assert_eq!(
            due_reminder(&a, Some(&s), t0 + wait + Duration::hours(12), wait),
            None,
            "at most one a day"
        );
        assert_eq!(
            due_reminder(&a, Some(&s), t0 + Duration::days(4), wait),
            Some(Stage::DueSoon)
        );
        let s = sent(t0, t0 + Duration::days(4), true);
        assert_eq!(
            due_reminder(&a, Some(&s), t0 + Duration::days(5), wait),
            None
        );
        assert_eq!(
            due_reminder(&a, None, t0 + Duration::days(6), wait),
            None,
            "past due"
        );
    }

    #[test]
    fn a_reopen_starts_a_new_round_and_decided_ones_rest() {
        let t0 = datetime!(2026-03-02 09:00 UTC);
        let wait = Duration::days(3);
        let mut a = pending(t0 + Duration::days(10), None);
        let old = sent(t0, t0 + wait, true);
        assert_eq!(
            due_reminder(&a, Some(&old), t0 + Duration::days(13), wait),
            Some(Stage::Reminder)
        );
        a.status = ApprovalStatus::Approved;
        assert_eq!(due_reminder(&a, None, t0 + Duration::days(13), wait), None);
    }

    #[test]
    fn a_candidate_stays_while_a_reminder_may_still_come() {
        let t0 = datetime!(2026-03-02 09:00 UTC);
        let later = t0 + Duration::days(4);
        let a = pending(t0, None);
        assert!(reminders_left(&a, None, later), "nothing sent yet");
        assert!(
            !reminders_left(&a, Some(&sent(t0, later, false)), later),
            "no due date: the one reminder was all"
        );
        let old_round = sent(t0 - Duration::days(9), later, true);
        assert!(reminders_left(&a, Some(&old_round), later), "a new round");

        let due = pending(t0, Some(t0.date() + Duration::days(10)));
        assert!(
            reminders_left(&due, Some(&sent(t0, later, false)), later),
            "the due-soon reminder is still to come"
        );
        assert!(!reminders_left(&due, Some(&sent(t0, later, true)), later));
        assert!(
            !reminders_left(&due, None, t0 + Duration::days(11)),
            "past due: none any more"
        );

        let mut decided = pending(t0, None);
        decided.status = ApprovalStatus::Approved;
        assert!(!reminders_left(&decided, None, later));
    }
}
