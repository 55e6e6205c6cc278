//! `GET /p/{token}/approvals/{id}`: one approval, with the decision form while it is
//! pending and the receipt once it is decided.

use maud::{Markup, html};
use time::Date;

use crate::domain::approval::{ApproverState, in_current_round};
use crate::domain::validate::{MAX_LINE, MAX_TEXT};
use crate::domain::{
    Approval, ApprovalRule, ApprovalStatus, Comment, Decision, DecisionKind, FileRecord,
    FileVersion, Project,
};
use crate::views::components::{
    Badge, Crumb, Day, DayOf, Due, Empty, Moment, Sha, Text, decision_label,
};
use crate::views::layout::page;

use super::confirmation::confirmation;
use super::preview::preview_figure;
use super::{
    CommentForm, PageContext, Previews, approval_href, comment_form, comment_list, counted,
    overview_crumb, project_href, version_details,
};

/// What the client typed into the decision form, kept when the form is shown again with
/// errors.
#[derive(Debug, Clone, Default)]
pub struct DecisionValues {
    pub decision: Option<DecisionKind>,
    pub name: String,
    pub comment: String,
    pub confirm: bool,
}

/// The decision form of a pending approval.
#[derive(Debug, Clone)]
pub struct DecisionForm {
    /// Single-use nonce; a replay of it answers the same redirect.
    pub nonce: String,
    /// SHA-256 of the version the form is for (empty for approvals without a file).
    pub version_sha256: String,
    /// Messages for the person, shown at the top with `role="alert"`.
    pub errors: Vec<String>,
    pub values: DecisionValues,
}

impl DecisionForm {
    /// A fresh, empty form for the approval's current target version.
    #[must_use]
    pub fn new(nonce: impl Into<String>, approval: &Approval) -> Self {
        Self {
            nonce: nonce.into(),
            version_sha256: approval.target_sha256.clone().unwrap_or_default(),
            errors: Vec::new(),
            values: DecisionValues::default(),
        }
    }
}

/// Everything the approval page (and the 409 pages) show.
#[derive(Debug, Clone)]
pub struct ApprovalPage {
    pub project: Project,
    pub approval: Approval,
    /// The deliverable, when the approval has a client-visible file.
    pub file: Option<FileRecord>,
    /// Some while the approval is pending and the link may decide.
    pub form: Option<DecisionForm>,
    /// Comments on this approval, oldest first.
    pub comments: Vec<Comment>,
    /// When set, a comment form is shown under the comments.
    pub comment_form: Option<CommentForm>,
    /// Who decides and where each stands this round.
    pub approvers: Vec<ApproverState>,
    /// Whether this link may decide on it at all (one of its approvers, with the right).
    pub may_decide: bool,
    /// This contact's decision in the current round.
    pub own_decision: Option<Decision>,
    /// The client asks for a mailed code before each decision.
    pub verify_code: bool,
    pub today: Date,
    /// Rendered previews of the file's versions (set by the caller; empty: none yet).
    pub previews: Previews,
}

impl ApprovalPage {
    /// The version the client is asked to decide on: the approval's target version, or
    /// the file's latest when the approval names none.
    #[must_use]
    pub fn current_version(&self) -> Option<&FileVersion> {
        let file = self.file.as_ref()?;
        match self.approval.target_version {
            Some(n) => file.version(n),
            None => file.current(),
        }
    }
}

pub(super) fn approval_crumbs(ctx: &PageContext, ap: &ApprovalPage, here: &str) -> Vec<Crumb> {
    vec![
        overview_crumb(ctx),
        Crumb::link(ap.project.name.clone(), project_href(ctx, &ap.project.id)),
        Crumb::here(here),
    ]
}

/// `GET /p/{token}/approvals/{id}`: the deliverable, then the decision form (pending) or
/// the receipt (decided), then earlier rounds and comments.
#[must_use]
pub fn approval(ctx: &PageContext, ap: &ApprovalPage) -> Markup {
    let a = &ap.approval;
    let errors = ap
        .form
        .as_ref()
        .map(|f| f.errors.as_slice())
        .unwrap_or_default();
    let current = a.current_decision();
    // Decisions of this round show in the receipt and the approver list.
    let history: Vec<&Decision> = a
        .decisions
        .iter()
        .filter(|d| !in_current_round(a, d))
        .rev()
        .collect();
    let body = html! {
        div.page-head {
            div.title-row {
                h1 { (a.title) }
                (Badge::from(a.status))
            }
            p.meta {
                span { "Project: " a href=(project_href(ctx, &ap.project.id)) { (ap.project.name) } }
                @if let Some(due) = a.due_on {
                    @if a.status == ApprovalStatus::Pending {
                        (Due { on: due, today: ap.today })
                    } @else {
                        span { "Was due " (Day(due)) }
                    }
                }
                span { "Requested " (DayOf(a.created_at)) }
            }
        }
        @if a.status != ApprovalStatus::Withdrawn { (confirmation(ap)) }
        @if !errors.is_empty() {
            div.alert.alert-error role="alert" aria-labelledby="error-title" {
                h2 id="error-title" { "Your decision was not recorded yet" }
                ul { @for e in errors { li { (e) } } }
                p.alert-next { a href="#decide" { "Go to your decision" } }
            }
        }
        (deliverable(ctx, ap))
        @if !a.description.trim().is_empty() {
            div.description { (Text(&a.description)) }
        }
        @match a.status {
            ApprovalStatus::Pending => {
                @if let Some(form) = &ap.form {
                    (decision_forms(ctx, ap, form))
                } @else if let Some(d) = &ap.own_decision {
                    p.callout {
                        "You decided: " (decision_sentence(d)) ". "
                        "This approval is waiting for the other approvers."
                    }
                } @else if !ctx.rights.decide || !ap.may_decide {
                    p.callout {
                        "This approval is waiting for a decision. This link may view it but not decide; "
                        "ask " (ctx.branding.name) " if you should be the one to decide."
                    }
                } @else {
                    p.callout { "This approval is waiting for a decision." }
                }
            }
            ApprovalStatus::Approved | ApprovalStatus::ChangesRequested => {
                @if let Some(d) = current { (receipt(ap, d)) }
            }
            ApprovalStatus::Withdrawn => {
                p.callout {
                    (ctx.branding.name) " withdrew this request. There is nothing to decide."
                }
            }
        }
        @if ap.approvers.len() > 1 || (ap.approvers.len() == 1 && !ap.may_decide) {
            (approver_list(ap))
        }
        @if !history.is_empty() {
            section.block aria-labelledby="history" {
                h2 id="history" { (counted("Earlier rounds", history.len())) }
                ol.history.card {
                    @for d in &history {
                        li {
                            p { strong { (decision_sentence(d)) } }
                            @if let Some(sha) = &d.sha256 {
                                p.hash-line { span.hash-label { "SHA-256 " } (Sha(sha)) }
                            }
                            @if let Some(c) = d.comment.as_deref().filter(|c| !c.trim().is_empty()) {
                                blockquote { (Text(c)) }
                            }
                        }
                    }
                }
            }
        }
        @if !ap.comments.is_empty() || ap.comment_form.is_some() {
            section.block aria-labelledby="comments" {
                h2 id="comments" { (counted("Comments", ap.comments.len())) }
                @if ap.comments.is_empty() {
                    (Empty("No comments yet."))
                } @else {
                    (comment_list(&ap.comments))
                }
                @if let Some(form) = &ap.comment_form {
                    (comment_form(ctx, form, "approval_id", &a.id))
                }
            }
        }
    };
    page(ctx, &a.title, &approval_crumbs(ctx, ap, &a.title), body)
}

/// Who has decided this round and who is still to decide.
fn approver_list(ap: &ApprovalPage) -> Markup {
    let waiting = ap.approvers.iter().filter(|s| s.decision.is_none()).count();
    html! {
        section.block aria-labelledby="approvers" {
            h2 id="approvers" { (counted("Approvers", ap.approvers.len())) }
            p.muted { (rule_sentence(ap.approval.rule, ap.approvers.len())) }
            ul.card.approvers {
                @for s in &ap.approvers {
                    li {
                        strong { (s.name) }
                        " — "
                        @if let Some(d) = &s.decision {
                            (decision_sentence(d))
                        } @else if ap.approval.status == ApprovalStatus::Pending {
                            "still to decide"
                        } @else {
                            "did not decide"
                        }
                    }
                }
            }
            @if ap.approval.status == ApprovalStatus::Pending && waiting > 0 {
                p.muted { (counted("Still to decide", waiting)) }
            }
        }
    }
}

fn rule_sentence(rule: ApprovalRule, approvers: usize) -> String {
    match rule {
        ApprovalRule::Any => {
            "One approval is enough; any request for changes ends the round.".into()
        }
        ApprovalRule::All => format!(
            "All {approvers} approvers must approve; any request for changes ends the round."
        ),
        ApprovalRule::AtLeast(n) => format!(
            "At least {n} of {approvers} approvers must approve; any request for changes ends the round."
        ),
    }
}

fn deliverable(ctx: &PageContext, ap: &ApprovalPage) -> Markup {
    let file = ap.file.as_ref().filter(|f| f.client_visible);
    html! {
        section.card.deliverable aria-labelledby="deliverable" {
            // With a preview the picture speaks for itself: the heading stays for screen
            // readers only, so that the picture sits higher in a phone's first screen.
            @let pictured = ap.current_version().is_some_and(|v| ap.previews.contains_key(&v.sha256));
            h2.visually-hidden[pictured] id="deliverable" { "The deliverable" }
            @match (file, ap.current_version()) {
                (Some(f), Some(v)) => {
                    (preview_figure(ctx, &ap.previews, f, v, true))
                    p.file-name { (f.name) }
                    (version_details(ctx, f, v, f.current().map(|c| c.n) == Some(v.n)))
                }
                _ => {
                    p.muted { "No file is attached: this approval is about the work described above." }
                }
            }
        }
    }
}

fn decision_forms(ctx: &PageContext, ap: &ApprovalPage, form: &DecisionForm) -> Markup {
    let a = &ap.approval;
    let action = approval_href(ctx, &a.id);
    let version = ap.current_version();
    let v = &form.values;
    let comment_value = if v.decision == Some(DecisionKind::Approve) {
        ""
    } else {
        v.comment.as_str()
    };
    let hidden = html! {
        input type="hidden" name="nonce" value=(form.nonce);
        input type="hidden" name="version_sha256" value=(form.version_sha256);
    };
    let code_field = |id: &str| {
        html! {
            @if ap.verify_code {
                div.field {
                    label for=(id) { "Code from your email" }
                    input id=(id) type="text" name="code" required inputmode="numeric"
                        autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6";
                }
            }
        }
    };
    html! {
        section.block.decide aria-labelledby="decide" {
            h2 id="decide" { "Your decision" }
            p.lead {
                "Choose one. Your typed name, the time and the exact version are recorded "
                "as evidence, and " (ctx.branding.name) " is told straight away."
            }
            @if ap.verify_code {
                form.code-request method="post" action=(format!("{action}/code")) {
                    p {
                        "Before you decide, we mail a 6-digit code to your own address. "
                        "It works for 10 minutes."
                    }
                    button.button.button-secondary type="submit" { "Email me a code" }
                }
            }
            div.choices {
                form.card.choice.choice-approve method="post" action=(action) aria-labelledby="approve-title" {
                    h3 id="approve-title" { "Approve" }
                    (hidden)
                    div.field {
                        label for="approve-name" { "Your full name" }
                        input id="approve-name" type="text" name="name" required autocomplete="name"
                            maxlength=(MAX_LINE) value=(v.name);
                    }
                    (code_field("approve-code"))
                    div.field.check {
                        input id="approve-confirm" type="checkbox" name="confirm" required checked[v.confirm];
                        label for="approve-confirm" {
                            @if let Some(ver) = version {
                                // Plain text, no markup inside: the sentence is what the person agrees to.
                                "I approve version " (ver.n) " (SHA-256 " (ver.sha256) ") as final"
                            } @else {
                                "I approve “" (a.title) "” as final"
                            }
                        }
                    }
                    button.button type="submit" name="decision" value="approve" {
                        @if let Some(ver) = version { "Approve version " (ver.n) } @else { "Approve" }
                    }
                }
                p.choice-or aria-hidden="true" { "or" }
                form.card.choice.choice-changes method="post" action=(action) aria-labelledby="changes-title" {
                    h3 id="changes-title" { "Request changes" }
                    (hidden)
                    div.field {
                        label for="changes-name" { "Your full name" }
                        input id="changes-name" type="text" name="name" required autocomplete="name"
                            maxlength=(MAX_LINE) value=(v.name);
                    }
                    div.field {
                        label for="changes-comment" { "What should change?" }
                        textarea id="changes-comment" name="comment" rows="5" required maxlength=(MAX_TEXT) {
                            (comment_value)
                        }
                    }
                    (code_field("changes-code"))
                    button.button.button-secondary type="submit" name="decision" value="request_changes" {
                        "Request changes"
                    }
                }
            }
        }
    }
}

fn receipt(ap: &ApprovalPage, d: &Decision) -> Markup {
    let file_name = ap
        .file
        .as_ref()
        .filter(|f| f.client_visible)
        .map(|f| f.name.as_str());
    html! {
        section.card.receipt aria-labelledby="receipt" {
            div.card-head {
                h2 id="receipt" { "Decision recorded" }
                (Badge::from(d.decision.resulting_status()))
            }
            dl.receipt-list {
                dt { "Decision" } dd { (decision_label(d.decision)) }
                @if let Some(n) = d.version {
                    dt { "File" } dd {
                        @if let Some(name) = file_name { (name) ", " }
                        "version " (n)
                    }
                }
                @if let Some(c) = d.comment.as_deref().filter(|c| !c.trim().is_empty()) {
                    dt { "Comment" } dd { (Text(c)) }
                }
                dt { "Signed with the name" } dd { (d.typed_name) }
                dt { "Email address" } dd { (d.contact_email) }
                dt { "When" } dd { (Moment { at: d.at, seconds: true }) }
            }
            details.receipt-details {
                summary { "Details for your records" }
                p.muted {
                    "The fingerprint (SHA-256) proves which exact file you decided on; the "
                    "audit record is the entry in our tamper-evident log."
                }
                dl.receipt-list {
                    @if let Some(sha) = &d.sha256 {
                        dt { "File fingerprint (SHA-256)" } dd { (Sha(sha)) }
                    }
                    dt { "Audit record" } dd { "No. " (d.audit_seq) }
                    dt { "Audit hash" } dd { (Sha(&d.audit_hash)) }
                }
            }
            p.print-hint {
                strong { "Print this receipt: " }
                "use your browser's Print command (Ctrl+P, or ⌘P on a Mac) to print it or "
                "save it as a PDF for your records."
            }
        }
    }
}

/// "Approved by Cleo Client on 12 Nov 2026 (version 2)", or "Withdrawn".
pub(super) fn approval_summary(a: &Approval) -> Markup {
    html! {
        @if let Some(d) = a.current_decision() {
            (decision_sentence(d))
        } @else if a.status == ApprovalStatus::Withdrawn {
            "Withdrawn: no decision needed."
        } @else {
            "Waiting for a decision."
        }
    }
}

fn decision_sentence(d: &Decision) -> Markup {
    html! {
        (decision_label(d.decision)) " by " (d.typed_name) " on " (DayOf(d.at))
        @if let Some(n) = d.version { " (version " (n) ")" }
    }
}
