//! The confirmation an approval page opens on once a decision is recorded: what was
//! recorded (the decision, the file and version, the time) in the first screen, with a
//! link to the receipt below it. A status message, so screen readers announce it.

use maud::{Markup, html};

use crate::domain::{Decision, DecisionKind};
use crate::i18n::{n as num, s as arg};

use super::{ApprovalPage, PageContext};

/// The decision to confirm: this contact's own in the current round, else the one that
/// settled the approval.
fn recorded(ap: &ApprovalPage) -> Option<(&Decision, bool)> {
    ap.own_decision
        .as_ref()
        .map(|d| (d, true))
        .or_else(|| ap.approval.current_decision().map(|d| (d, false)))
}

pub(super) fn confirmation(ctx: &PageContext, ap: &ApprovalPage) -> Markup {
    let Some((d, own)) = recorded(ap) else {
        return html! {};
    };
    let file = ap
        .file
        .as_ref()
        .filter(|f| f.client_visible)
        .map(|f| f.name.as_str());
    let what = match (d.version, file) {
        (Some(n), Some(name)) => ctx.ta(
            "confirm-what-version-of",
            &[("n", num(n as usize)), ("name", arg(name.to_owned()))],
        ),
        (Some(n), None) => ctx.ta("confirm-what-version", &[("n", num(n as usize))]),
        (None, _) => format!("\u{201c}{}\u{201d}", ap.approval.title),
    };
    let when = ctx.loc.datetime(d.at, false);
    let args = [
        ("what", arg(what)),
        ("when", arg(when)),
        ("name", arg(d.typed_name.clone())),
    ];
    let (title, sentence) = match (d.decision, own) {
        (DecisionKind::Approve, true) => ("confirm-approved-title", "confirm-you-approved"),
        (DecisionKind::RequestChanges, true) => {
            ("confirm-changes-title", "confirm-you-asked-changes")
        }
        (DecisionKind::Approve, false) => ("decision-recorded", "confirm-they-approved"),
        (DecisionKind::RequestChanges, false) => {
            ("decision-recorded", "confirm-they-asked-changes")
        }
    };
    html! {
        div.confirmation role="status" aria-labelledby="recorded" {
            h2 id="recorded" { (ctx.t(title)) }
            p { (ctx.ta(sentence, &args)) }
            p.standalone { a href="#receipt" { (ctx.t("see-the-receipt")) } }
        }
    }
}
