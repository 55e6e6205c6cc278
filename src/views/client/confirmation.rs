//! The confirmation an approval page opens on once a decision is recorded: what was
//! recorded (the decision, the file and version, the time) in the first screen, with a
//! link to the receipt below it. A status message, so screen readers announce it.

use maud::{Markup, html};

use crate::domain::{Decision, DecisionKind};
use crate::views::components::Moment;

use super::ApprovalPage;

/// The decision to confirm: this contact's own in the current round, else the one that
/// settled the approval.
fn recorded(ap: &ApprovalPage) -> Option<(&Decision, bool)> {
    ap.own_decision
        .as_ref()
        .map(|d| (d, true))
        .or_else(|| ap.approval.current_decision().map(|d| (d, false)))
}

pub(super) fn confirmation(ap: &ApprovalPage) -> Markup {
    let Some((d, own)) = recorded(ap) else {
        return html! {};
    };
    let file = ap
        .file
        .as_ref()
        .filter(|f| f.client_visible)
        .map(|f| f.name.as_str());
    let what = match (d.version, file) {
        (Some(n), Some(name)) => format!("version {n} of {name}"),
        (Some(n), None) => format!("version {n}"),
        (None, _) => format!("\u{201c}{}\u{201d}", ap.approval.title),
    };
    let (title, sentence) = match (d.decision, own) {
        (DecisionKind::Approve, true) => {
            ("Your approval is recorded", format!("You approved {what}"))
        }
        (DecisionKind::RequestChanges, true) => (
            "Your request for changes is recorded",
            format!("You asked for changes to {what}"),
        ),
        (DecisionKind::Approve, false) => (
            "Decision recorded",
            format!("{} approved {what}", d.typed_name),
        ),
        (DecisionKind::RequestChanges, false) => (
            "Decision recorded",
            format!("{} asked for changes to {what}", d.typed_name),
        ),
    };
    html! {
        div.confirmation role="status" aria-labelledby="recorded" {
            h2 id="recorded" { (title) }
            p { (sentence) " on " (Moment { at: d.at, seconds: false }) "." }
            p { a href="#receipt" { "See the receipt" } }
        }
    }
}
