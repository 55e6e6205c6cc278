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
use crate::i18n::{n as num, s as arg};
use crate::views::components::{Crumb, Empty, Sha, Text};
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

/// Where the approval belongs: its list row (record lists), else its project.
fn where_href(ctx: &PageContext, ap: &ApprovalPage) -> String {
    match &ap.approval.row {
        Some(r) => ctx.href(&["lists", &r.list, &r.external_id]),
        None => project_href(ctx, &ap.project.id),
    }
}

pub(super) fn approval_crumbs(ctx: &PageContext, ap: &ApprovalPage, here: &str) -> Vec<Crumb> {
    vec![
        overview_crumb(ctx),
        Crumb::link(ap.project.name.clone(), where_href(ctx, ap)),
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
                (ctx.badge(a.status))
            }
            p.meta {
                @if let Some(r) = &a.row {
                    span { (ctx.t("record-label")) " " a href=(where_href(ctx, ap)) { (ap.project.name) " " (r.external_id) } }
                } @else {
                    span { (ctx.t("project-label")) " " a href=(project_href(ctx, &ap.project.id)) { (ap.project.name) } }
                }
                @if let Some(due) = a.due_on {
                    @if a.status == ApprovalStatus::Pending {
                        (ctx.due(due, ap.today))
                    } @else {
                        span { (ctx.t("was-due")) " " (ctx.day(due)) }
                    }
                }
                span { (ctx.t("requested")) " " (ctx.day_of(a.created_at)) }
            }
        }
        @if a.status != ApprovalStatus::Withdrawn { (confirmation(ctx, ap)) }
        @if !errors.is_empty() {
            div.alert.alert-error role="alert" aria-labelledby="error-title" {
                h2 id="error-title" { (ctx.t("decision-not-recorded")) }
                ul { @for e in errors { li { (e) } } }
                p.alert-next { a href="#decide" { (ctx.t("go-to-decision")) } }
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
                        (ctx.t("you-decided")) " " (decision_sentence(ctx, d)) ". "
                        (ctx.t("waiting-for-others"))
                    }
                } @else if !ctx.rights.decide || !ap.may_decide {
                    p.callout {
                        (ctx.ta("view-only-decision", &[("brand", arg(ctx.branding.name.clone()))]))
                    }
                } @else {
                    p.callout { (ctx.t("waiting-for-a-decision")) }
                }
            }
            ApprovalStatus::Approved | ApprovalStatus::ChangesRequested => {
                @if let Some(d) = current { (receipt(ctx, ap, d)) }
            }
            ApprovalStatus::Withdrawn => {
                p.callout {
                    (ctx.ta("withdrawn-callout", &[("brand", arg(ctx.branding.name.clone()))]))
                }
            }
        }
        @if ap.approvers.len() > 1 || (ap.approvers.len() == 1 && !ap.may_decide) {
            (approver_list(ctx, ap))
        }
        @if !history.is_empty() {
            section.block aria-labelledby="history" {
                h2 id="history" { (counted(&ctx.t("earlier-rounds"), history.len())) }
                ol.history.card {
                    @for d in &history {
                        li {
                            p { strong { (decision_sentence(ctx, d)) } }
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
                h2 id="comments" { (counted(&ctx.t("comments"), ap.comments.len())) }
                @if ap.comments.is_empty() {
                    (Empty(&ctx.t("no-comments-yet")))
                } @else {
                    (comment_list(ctx, &ap.comments))
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
fn approver_list(ctx: &PageContext, ap: &ApprovalPage) -> Markup {
    let waiting = ap.approvers.iter().filter(|s| s.decision.is_none()).count();
    html! {
        section.block aria-labelledby="approvers" {
            h2 id="approvers" { (counted(&ctx.t("approvers"), ap.approvers.len())) }
            p.muted { (rule_sentence(ctx, ap.approval.rule, ap.approvers.len())) }
            ul.card.approvers {
                @for s in &ap.approvers {
                    li {
                        strong { (s.name) }
                        " — "
                        @if let Some(d) = &s.decision {
                            (decision_sentence(ctx, d))
                        } @else if ap.approval.status == ApprovalStatus::Pending {
                            (ctx.t("still-to-decide-one"))
                        } @else {
                            (ctx.t("did-not-decide"))
                        }
                    }
                }
            }
            @if ap.approval.status == ApprovalStatus::Pending && waiting > 0 {
                p.muted { (counted(&ctx.t("still-to-decide"), waiting)) }
            }
        }
    }
}

fn rule_sentence(ctx: &PageContext, rule: ApprovalRule, approvers: usize) -> String {
    match rule {
        ApprovalRule::Any => ctx.t("rule-any"),
        ApprovalRule::All => ctx.ta("rule-all", &[("approvers", num(approvers))]),
        ApprovalRule::AtLeast(n) => ctx.ta(
            "rule-at-least",
            &[("n", num(n as usize)), ("approvers", num(approvers))],
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
            h2.visually-hidden[pictured] id="deliverable" { (ctx.t("the-deliverable")) }
            @match (file, ap.current_version()) {
                (Some(f), Some(v)) => {
                    (preview_figure(ctx, &ap.previews, f, v, true))
                    p.file-name { (f.name) }
                    (version_details(ctx, f, v, f.current().map(|c| c.n) == Some(v.n)))
                }
                _ if ap.approval.row.is_some() => {
                    p { (ctx.t("record-deciding")) " "
                        a href=(where_href(ctx, ap)) { (ctx.t("record-see")) } }
                    @if let Some(sha) = &ap.approval.target_sha256 {
                        p.meta { (ctx.t("record-fingerprint")) " " (Sha(sha)) }
                    }
                }
                _ => {
                    p.muted { (ctx.t("no-file-attached")) }
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
                    label for=(id) { (ctx.t("code-from-email")) }
                    input id=(id) type="text" name="code" required inputmode="numeric"
                        autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6";
                }
            }
        }
    };
    html! {
        section.block.decide aria-labelledby="decide" {
            h2 id="decide" { (ctx.t("your-decision")) }
            p.lead {
                (ctx.ta("choose-one", &[("brand", arg(ctx.branding.name.clone()))]))
            }
            @if ap.verify_code {
                form.code-request method="post" action=(format!("{action}/code")) {
                    p { (ctx.t("code-intro")) }
                    button.button.button-secondary type="submit" { (ctx.t("email-me-a-code")) }
                }
            }
            div.choices {
                form.card.choice.choice-approve method="post" action=(action) aria-labelledby="approve-title" {
                    h3 id="approve-title" { (ctx.t("approve")) }
                    (hidden)
                    div.field {
                        label for="approve-name" { (ctx.t("your-full-name")) }
                        input id="approve-name" type="text" name="name" required autocomplete="name"
                            maxlength=(MAX_LINE) value=(v.name);
                    }
                    (code_field("approve-code"))
                    div.field.check {
                        input id="approve-confirm" type="checkbox" name="confirm" required checked[v.confirm];
                        label for="approve-confirm" {
                            @if let Some(ver) = version {
                                // Plain text, no markup inside: the sentence is what the person agrees to.
                                (ctx.ta("approve-version-final", &[("n", num(ver.n as usize)), ("name", arg(ap.file.as_ref().map(|f| f.name.clone()).unwrap_or_default()))]))
                            } @else {
                                (ctx.ta("approve-title-final", &[("title", arg(a.title.clone()))]))
                            }
                        }
                    }
                    button.button type="submit" name="decision" value="approve" {
                        @if let Some(ver) = version { (ctx.ta("approve-version", &[("n", num(ver.n as usize))])) } @else { (ctx.t("approve")) }
                    }
                }
                p.choice-or aria-hidden="true" { (ctx.t("or")) }
                form.card.choice.choice-changes method="post" action=(action) aria-labelledby="changes-title" {
                    h3 id="changes-title" { (ctx.t("request-changes")) }
                    (hidden)
                    div.field {
                        label for="changes-name" { (ctx.t("your-full-name")) }
                        input id="changes-name" type="text" name="name" required autocomplete="name"
                            maxlength=(MAX_LINE) value=(v.name);
                    }
                    div.field {
                        label for="changes-comment" { (ctx.t("what-should-change")) }
                        textarea id="changes-comment" name="comment" rows="5" required maxlength=(MAX_TEXT) {
                            (comment_value)
                        }
                    }
                    (code_field("changes-code"))
                    button.button.button-secondary type="submit" name="decision" value="request_changes" {
                        (ctx.t("request-changes"))
                    }
                }
            }
        }
    }
}

fn receipt(ctx: &PageContext, ap: &ApprovalPage, d: &Decision) -> Markup {
    let file_name = ap
        .file
        .as_ref()
        .filter(|f| f.client_visible)
        .map(|f| f.name.as_str());
    html! {
        section.card.receipt aria-labelledby="receipt" {
            div.card-head {
                h2 id="receipt" { (ctx.t("decision-recorded")) }
                (ctx.badge(d.decision.resulting_status()))
            }
            dl.receipt-list {
                dt { (ctx.t("decision")) } dd { (decision_label(ctx, d.decision)) }
                @if let Some(n) = d.version {
                    dt { (ctx.t("version")) } dd {
                        @if let Some(name) = file_name {
                            (ctx.ta("version-of", &[("n", num(n as usize)), ("name", arg(name.to_owned()))]))
                        } @else {
                            (n)
                        }
                    }
                }
                @if let Some(c) = d.comment.as_deref().filter(|c| !c.trim().is_empty()) {
                    dt { (ctx.t("comment")) } dd { (Text(c)) }
                }
                dt { (ctx.t("name-typed")) } dd { (d.typed_name) }
                dt { (ctx.t("contact-email")) } dd { (d.contact_email) }
                dt { (ctx.ta("date-and-time", &[("zone", arg(ctx.loc.zone_name().to_owned()))])) } dd { (ctx.moment(d.at, true)) }
            }
            details.receipt-details {
                summary { (ctx.t("receipt-details")) }
                p.muted { (ctx.t("receipt-details-explained")) }
                dl.receipt-list {
                    @if let Some(sha) = &d.sha256 {
                        dt { (ctx.t("file-fingerprint")) } dd { (Sha(sha)) }
                    }
                    dt { (ctx.t("audit-record")) } dd { (ctx.ta("audit-no", &[("seq", arg(d.audit_seq.to_string()))])) }
                    dt { (ctx.t("audit-hash")) } dd { (Sha(&d.audit_hash)) }
                }
            }
            p.print-hint {
                strong { (ctx.t("print-receipt")) " " }
                (ctx.t("print-receipt-how"))
            }
        }
    }
}

/// "Approved by Cleo Client on 12 Nov 2026 (version 2)", or "Withdrawn".
pub(super) fn approval_summary(ctx: &PageContext, a: &Approval) -> Markup {
    html! {
        @if let Some(d) = a.current_decision() {
            (decision_sentence(ctx, d))
        } @else if a.status == ApprovalStatus::Withdrawn {
            (ctx.t("withdrawn-summary"))
        } @else {
            (ctx.t("waiting-summary"))
        }
    }
}

/// "Approved", "Changes requested" in the reader's language.
pub(super) fn decision_label(ctx: &PageContext, d: DecisionKind) -> String {
    ctx.t(match d {
        DecisionKind::Approve => "status-approved",
        DecisionKind::RequestChanges => "status-changes-requested",
    })
}

fn decision_sentence(ctx: &PageContext, d: &Decision) -> Markup {
    let sentence = ctx.ta(
        "decision-sentence",
        &[
            ("decision", arg(decision_label(ctx, d.decision))),
            ("name", arg(d.typed_name.clone())),
            ("date", arg(ctx.loc.date(ctx.loc.day_of(d.at)))),
        ],
    );
    html! {
        (sentence)
        @if let Some(n) = d.version { " " (ctx.ta("version-in-brackets", &[("n", num(n as usize))])) }
    }
}
