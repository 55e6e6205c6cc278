//! Console page: one project with everything under it, internal items marked as such.

use maud::{Markup, html};
use time::Date;

use super::file_requests::file_requests_section;
use super::{Chrome, csrf_field, page};
use crate::domain::{
    Approval, Client, Comment, CommentTarget, FileRecord, FileRequest, Milestone, MilestoneStatus,
    MilestoneUpdate,
};
use crate::store::ProjectDetail;
use crate::views::components::{
    Badge, Crumb, Day, Due, Empty, MilestoneDue, Moment, Sha, Text, decision_label,
};
use crate::views::format::{human_size, iso_date};

#[derive(Debug, Clone)]
pub struct ProjectView {
    pub client: Client,
    pub detail: ProjectDetail,
    pub today: Date,
    /// The project's file requests with what clients sent.
    pub file_requests: Vec<FileRequest>,
    /// The project's forms, oldest first.
    pub forms: Vec<crate::domain::IntakeForm>,
}

const STATUSES: [(MilestoneStatus, &str, &str); 4] = [
    (MilestoneStatus::Planned, "planned", "Planned"),
    (MilestoneStatus::InProgress, "in_progress", "In progress"),
    (MilestoneStatus::Done, "done", "Done"),
    (MilestoneStatus::Blocked, "blocked", "Blocked"),
];

fn status_select(id: &str, current: Option<MilestoneStatus>) -> Markup {
    html! {
        div.field {
            label for=(id) { "Status" }
            select id=(id) name="status" {
                @for (s, value, label) in STATUSES {
                    option value=(value) selected[current == Some(s)] { (label) }
                }
            }
        }
    }
}

fn date_field(id: &str, label: &str, value: Option<Date>) -> Markup {
    html! {
        div.field {
            label for=(id) { (label) }
            input id=(id) type="date" name="due_on" value=(value.map(iso_date).unwrap_or_default());
        }
    }
}

/// The comments on one milestone or approval and the form to add one.
fn comments_on(
    chrome: &Chrome,
    project_id: &str,
    comments: &[Comment],
    target: &CommentTarget,
) -> Markup {
    let mine: Vec<&Comment> = comments.iter().filter(|c| &c.target == target).collect();
    let (field, target_id) = match target {
        CommentTarget::Milestone(id) => ("milestone_id", id),
        CommentTarget::Approval(id) => ("approval_id", id),
    };
    let fid = format!("comment-{target_id}");
    html! {
        div.comments {
            @if !mine.is_empty() { h4 { "Comments (" (mine.len()) ")" } }
            @for c in mine {
                div.comment {
                    p.byline { strong { (c.author.display_name()) } " · " (Moment { at: c.at, seconds: false }) }
                    (Text(&c.body))
                }
            }
            details.comment-box {
                summary { "Add a comment" }
                form method="post" action=(format!("/staff/projects/{project_id}/comments")) {
                    (csrf_field(&chrome.csrf))
                    input type="hidden" name=(field) value=(target_id);
                    div.field {
                        label for=(fid) { "Comment (shown to the client with this item)" }
                        textarea id=(fid) name="body" required {}
                    }
                    button.button.button-secondary type="submit" { "Post comment" }
                }
            }
        }
    }
}

fn milestone(
    chrome: &Chrome,
    m: &Milestone,
    updates: &[&MilestoneUpdate],
    comments: &[Comment],
    today: Date,
) -> Markup {
    let sid = format!("ms-{}", m.id);
    html! {
        li.milestone id=(format!("milestone-{}", m.id)) {
            div.milestone-body {
                h3 { (m.title) " " (Badge::from(m.status)) }
                @if m.due_on.is_some() { p.meta { (MilestoneDue { milestone: m, today }) } }
                @if !m.description.is_empty() { (Text(&m.description)) }
                @for u in updates {
                    div.update.internal[u.internal] {
                        p.byline {
                            @if u.internal { strong { "Internal — staff only" } " · " }
                            @else { "Visible to the client · " }
                            (u.author) " · " (Moment { at: u.at, seconds: false })
                        }
                        (Text(&u.body))
                    }
                }
                (comments_on(chrome, &m.project_id, comments, &CommentTarget::Milestone(m.id.clone())))
                form.inline-form method="post" action=(format!("/staff/milestones/{}", m.id)) {
                    (csrf_field(&chrome.csrf))
                    (status_select(&format!("{sid}-status"), Some(m.status)))
                    (date_field(&format!("{sid}-due"), "Due on", m.due_on))
                    button.button.button-secondary type="submit" { "Save" }
                }
                form method="post" action=(format!("/staff/milestones/{}/updates", m.id)) {
                    (csrf_field(&chrome.csrf))
                    div.field {
                        label for=(format!("{sid}-body")) { "Post an update" }
                        textarea id=(format!("{sid}-body")) name="body" required {}
                    }
                    div.field.check {
                        input id=(format!("{sid}-internal")) type="checkbox" name="internal" value="on";
                        label for=(format!("{sid}-internal")) { "Internal (staff only, never shown to the client)" }
                    }
                    button.button type="submit" { "Post update" }
                }
            }
        }
    }
}

fn file(f: &FileRecord) -> Markup {
    html! {
        li.file id=(format!("file-{}", f.id)) {
            h3.file-name { (f.name) @if !f.client_visible { " " (Badge { label: "hidden from client", key: "", tone: crate::views::components::Tone::Neutral }) } }
            ol.versions reversed {
                @for v in f.versions.iter().rev() {
                    li.version {
                        p.version-head {
                            a href=(format!("/staff/files/{}/{}", f.id, v.n)) download=(f.name) { "Version " (v.n) span.visually-hidden { " of " (f.name) } }
                            " · " (human_size(v.size)) " · " (v.content_type) " · " (v.uploaded_by) " · " (Moment { at: v.uploaded_at, seconds: false })
                        }
                        p.hash-line { span.hash-label { "SHA-256 " } (Sha(&v.sha256)) }
                        @if let Some(n) = &v.note { (Text(n)) }
                    }
                }
            }
        }
    }
}

fn approval(
    chrome: &Chrome,
    a: &Approval,
    client: &Client,
    comments: &[Comment],
    today: Date,
) -> Markup {
    let approvers = crate::domain::approval::approvers(a, client);
    html! {
        li.item id=(format!("approval-{}", a.id)) {
            h3 { (a.title) " " (Badge::from(a.status)) }
            p.meta {
                @if let (Some(n), Some(sha)) = (a.target_version, &a.target_sha256) { "On version " (n) ", SHA-256 " (Sha(sha)) }
                @else { "No file attached" }
                @if let Some(d) = a.due_on { " · " (Due { on: d, today }) }
                " · opened " (Moment { at: a.opened_at, seconds: false })
            }
            @if !a.description.is_empty() { (Text(&a.description)) }
            h4 { "Approvers · " (rule_label(a.rule, approvers.len())) }
            @if approvers.is_empty() {
                p.muted { "Any approver-role contact who sees the project may decide." }
            } @else {
                ul.approver-list {
                    @for s in &approvers {
                        li {
                            strong { (s.name) } " <" (s.email) "> · "
                            @if let Some(d) = &s.decision {
                                (decision_label(d.decision)) ", " (Moment { at: d.at, seconds: false })
                                @if let Some(v) = &d.verified_email { " · code verified to " (v) }
                            } @else { span.muted { "still to decide" } }
                        }
                    }
                }
            }
            @if a.decisions.is_empty() { p.muted { "No decision yet." } } @else {
                h4 { "Decisions" }
                ol.decision-list {
                    @for d in &a.decisions {
                        li.receipt {
                            p { strong { (decision_label(d.decision)) } " by " (d.typed_name) " <" (d.contact_email) ">, " (Moment { at: d.at, seconds: true }) }
                            @if let Some(c) = &d.comment { (Text(c)) }
                            dl.receipt-list {
                                dt { "File version" } dd { @if let Some(v) = d.version { (v) } @else { "—" } }
                                dt { "SHA-256" } dd { @if let Some(s) = &d.sha256 { (Sha(s)) } @else { "—" } }
                                dt { "Link" } dd { code { (d.grant_id) } }
                                @if let Some(v) = &d.verified_email { dt { "Email code" } dd { "verified to " (v) } }
                                dt { "Client IP" } dd { (d.client_ip) }
                                dt { "User agent" } dd { (d.user_agent) }
                                dt { "Audit event" } dd { "#" (d.audit_seq) " " (Sha(&d.audit_hash)) }
                            }
                        }
                    }
                }
            }
            @if !a.decisions.is_empty() {
                p { a href=(format!("/staff/approvals/{}/receipt", a.id)) { "Printable receipt, checked against the audit chain" } }
            }
            (comments_on(chrome, &a.project_id, comments, &CommentTarget::Approval(a.id.clone())))
            @if a.status != crate::domain::ApprovalStatus::Withdrawn {
                form method="post" action=(format!("/staff/approvals/{}/withdraw", a.id)) {
                    (csrf_field(&chrome.csrf))
                    button.button.button-secondary type="submit" { "Withdraw " span.visually-hidden { (a.title) } }
                }
            }
        }
    }
}

/// `GET /staff/projects/{id}`.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn project(chrome: &Chrome, v: &ProjectView) -> Markup {
    let d = &v.detail;
    let p = &d.project;
    let base = format!("/staff/projects/{}", p.id);
    page(
        chrome,
        &p.name,
        &[
            Crumb::link("Dashboard", "/staff"),
            Crumb::link(
                v.client.name.clone(),
                format!("/staff/clients/{}", v.client.id),
            ),
            Crumb::here(p.name.clone()),
        ],
        html! {
            div.page-head {
                h1 { (p.name) " " (Badge::from(p.status)) }
                @if !p.summary.is_empty() { p.lead { (p.summary) } }
                @if let Some(n) = &p.next_step { p { "Next step: " (n) } }
            }
            section.card aria-labelledby="milestones-h" {
                h2 #milestones-h { "Milestones" }
                @if d.milestones.is_empty() { (Empty("No milestones yet.")) } @else {
                    ol.milestones {
                        @for m in &d.milestones {
                            @let ups: Vec<&MilestoneUpdate> = d.updates.iter().filter(|u| u.milestone_id == m.id).collect();
                            (milestone(chrome, m, &ups, &d.comments, v.today))
                        }
                    }
                }
                h3 { "Add a milestone" }
                form method="post" action=(format!("{base}/milestones")) {
                    (csrf_field(&chrome.csrf))
                    div.field { label for="new-ms-title" { "Title" } input #new-ms-title type="text" name="title" required; }
                    (status_select("new-ms-status", None))
                    (date_field("new-ms-due", "Due on (optional)", None))
                    button.button type="submit" { "Add milestone" }
                }
            }
            section.card aria-labelledby="files-h" {
                h2 #files-h { "Files" }
                @if d.files.is_empty() { (Empty("No files yet.")) } @else {
                    ul.files { @for f in &d.files { (file(f)) } }
                }
                h3 { "Upload a file or a new version" }
                form method="post" action=(format!("{base}/files")) enctype="multipart/form-data" {
                    (csrf_field(&chrome.csrf))
                    div.field { label for="up-file" { "File" } input #up-file type="file" name="file" required; }
                    div.field { label for="up-name" { "Name (same name = new version; empty: the file's own name)" } input #up-name type="text" name="name"; }
                    div.field { label for="up-note" { "Note (optional)" } input #up-note type="text" name="note"; }
                    button.button type="submit" { "Upload" }
                }
            }
            (file_requests_section(&chrome.csrf, &p.id, &v.file_requests, v.today))
            (super::form_responses::forms_section(&chrome.csrf, &p.id, &v.forms))
            section.card aria-labelledby="approvals-h" {
                h2 #approvals-h { "Approvals" }
                @if d.approvals.is_empty() { (Empty("No approvals requested yet.")) } @else {
                    ul.items { @for a in &d.approvals { (approval(chrome, a, &v.client, &d.comments, v.today)) } }
                }
                h3 { "Request an approval" }
                form method="post" action=(format!("{base}/approvals")) {
                    (csrf_field(&chrome.csrf))
                    div.field { label for="ap-title" { "Title" } input #ap-title type="text" name="title" required; }
                    div.field { label for="ap-desc" { "Description (optional)" } textarea #ap-desc name="description" {} }
                    div.field {
                        label for="ap-file" { "File (its current version is what the client decides on)" }
                        select #ap-file name="file_id" {
                            option value="" { "No file" }
                            // The file touched last is what an approval is usually about.
                            @let newest = d.files.iter().filter_map(|f| f.current().map(|c| (c.uploaded_at, &f.id))).max().map(|(_, id)| id);
                            @for f in &d.files { @if let Some(cur) = f.current() { option value=(f.id) selected[newest == Some(&f.id)] { (f.name) " (version " (cur.n) ")" } } }
                        }
                    }
                    (date_field("ap-due", "Due on (optional)", None))
                    (approvers_fields(&v.client, &p.id))
                    button.button type="submit" { "Request approval" }
                }
            }
            section.card aria-labelledby="notes-h" {
                h2 #notes-h { "Internal notes" }
                p.muted { "Staff only: never shown to the client." }
                @if d.notes.is_empty() { (Empty("No notes yet.")) } @else {
                    ul.items {
                        @for n in &d.notes {
                            li.item.internal {
                                p.byline { strong { "Internal" } " · " (n.author.display_name()) " · " (Moment { at: n.at, seconds: false }) }
                                (Text(&n.body))
                            }
                        }
                    }
                }
                form method="post" action=(format!("{base}/notes")) {
                    (csrf_field(&chrome.csrf))
                    div.field { label for="note-body" { "Add a note" } textarea #note-body name="body" required {} }
                    button.button type="submit" { "Add note" }
                }
            }
            p.muted { "Dates: " (Day(v.today)) " today (UTC)." }
        },
    )
}

/// Who decides a new approval: the client's contacts who may approve in this project
/// (none ticked: all of them), and the rule that ends the round.
fn approvers_fields(client: &crate::domain::Client, project_id: &str) -> Markup {
    let eligible: Vec<&crate::domain::Contact> = client
        .contacts
        .iter()
        .filter(|c| crate::domain::access::may_approve_in(c, project_id))
        .collect();
    html! {
        @if eligible.len() > 1 {
            fieldset.field {
                legend { "Who decides (none ticked: every approver who sees this project)" }
                @for c in &eligible {
                    div.field.check {
                        input type="checkbox" id=(format!("ap-who-{}", c.id)) name=(format!("approver_{}", c.id));
                        label for=(format!("ap-who-{}", c.id)) { (c.name) " " span.muted { "<" (c.email) ">" } }
                    }
                }
            }
            div.field {
                label for="ap-rule" { "Approved when" }
                select #ap-rule name="rule" {
                    option value="any" selected { "any one of them approves" }
                    option value="all" { "all of them approve" }
                    option value="at_least" { "at least this many approve:" }
                }
            }
            div.field {
                label for="ap-n" { "How many (for \"at least\")" }
                input #ap-n type="number" name="at_least_n" min="1" max=(eligible.len()) inputmode="numeric";
            }
        } @else {
            p.muted {
                @match eligible.first() {
                    Some(c) => { "Decided by " (c.name) ", the one contact who may approve in this project." }
                    None => { "No contact may approve in this project yet: add one with the approver role on the client's page." }
                }
            }
        }
    }
}

/// An approval's rule in words, for `n` named approvers.
fn rule_label(rule: crate::domain::ApprovalRule, n: usize) -> String {
    match rule {
        crate::domain::ApprovalRule::Any => "any one approval is enough".into(),
        crate::domain::ApprovalRule::All => format!("all {n} must approve"),
        crate::domain::ApprovalRule::AtLeast(k) => format!("at least {k} of {n} must approve"),
    }
}
