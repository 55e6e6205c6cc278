//! The client pages: overview, project, approval and the two 409 pages.

use maud::{Markup, html};

use crate::domain::validate::{MAX_LINE, MAX_TEXT};
use crate::domain::{
    Approval, ApprovalStatus, Author, Comment, Decision, DecisionKind, FileRecord, FileVersion,
    MilestoneStatus, MilestoneUpdate,
};

use super::components::{Badge, Crumb, Day, DayOf, Due, Empty, Moment, Sha, Text, decision_label};
use super::format::{anchor, human_size};
use super::layout::page;
use super::model::{
    ActivityItem, ActivityKind, ActivityLink, ApprovalPage, CommentForm, DecisionForm,
    MilestoneItem, MilestoneView, Overview, PageContext, ProjectPage, ProjectSummary,
};

fn overview_crumb(ctx: &PageContext) -> Crumb {
    Crumb::link("Overview", ctx.base.clone())
}

fn project_href(ctx: &PageContext, project_id: &str) -> String {
    ctx.href(&["projects", project_id])
}

fn approval_href(ctx: &PageContext, approval_id: &str) -> String {
    ctx.href(&["approvals", approval_id])
}

fn download_href(ctx: &PageContext, file_id: &str, n: u32) -> String {
    ctx.href(&["files", file_id, &n.to_string()])
}

/// A heading with the count in it: "Needs your decision (2)".
fn counted(label: &str, n: usize) -> String {
    format!("{label} ({n})")
}

// ---------------------------------------------------------------------------------------
// Overview

/// `GET /p/{token}`: the four questions, then the projects.
#[must_use]
pub fn overview(ctx: &PageContext, o: &Overview) -> Markup {
    let s = ctx.sections;
    let body = html! {
        div.page-head {
            h1 { "Where things stand" }
            p.lead {
                "Your projects with " (ctx.branding.name) ", as of " (Day(o.today)) "."
            }
        }
        div.questions {
            @if s.approvals { (decisions_section(ctx, o)) }
            @if s.milestones {
                (milestone_section(ctx, o, "completed", "Completed", &o.completed, true,
                    "Nothing has been completed recently. Finished milestones will show up here."))
                (milestone_section(ctx, o, "in-progress", "In progress", &o.in_progress, false,
                    "Nothing is in progress right now."))
            }
            (next_section(ctx, o))
        }
        section.projects aria-labelledby="projects" {
            h2 id="projects" { (counted("Projects", o.projects.len())) }
            @if o.projects.is_empty() {
                (Empty("There are no projects to show yet."))
            } @else {
                div.project-grid {
                    @for p in &o.projects { (project_card(ctx, p)) }
                }
            }
        }
    };
    page(ctx, "Overview", &[Crumb::here("Overview")], body)
}

fn decisions_section(ctx: &PageContext, o: &Overview) -> Markup {
    let n = o.needs_decision.len();
    html! {
        section.card.question.attention[n > 0] aria-labelledby="needs-decision" {
            h2 id="needs-decision" { (counted("Needs your decision", n)) }
            @if o.needs_decision.is_empty() {
                (Empty("Nothing needs your decision right now. We will email you when something does."))
            } @else {
                ul.items {
                    @for d in &o.needs_decision {
                        li {
                            a.item href=(approval_href(ctx, &d.approval.id)) {
                                span.item-title { (d.approval.title) }
                                span.item-meta {
                                    (d.project_name)
                                    @if let Some(f) = &d.file_name { " · " (f) }
                                }
                                span.item-meta {
                                    @if let Some(due) = d.approval.due_on {
                                        (Due { on: due, today: o.today })
                                    } @else {
                                        "No due date"
                                    }
                                }
                                span.item-action { "Review and decide" }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn milestone_section(
    ctx: &PageContext,
    o: &Overview,
    id: &str,
    label: &str,
    items: &[MilestoneItem],
    completed: bool,
    empty: &str,
) -> Markup {
    html! {
        section.card.question aria-labelledby=(id) {
            h2 id=(id) { (counted(label, items.len())) }
            @if items.is_empty() {
                (Empty(empty))
            } @else {
                ul.items {
                    @for i in items {
                        @let m = &i.milestone;
                        li {
                            a.item href={ (project_href(ctx, &i.project_id)) "#" (anchor("milestone", &m.id)) } {
                                span.item-title { (m.title) }
                                span.item-meta { (i.project_name) }
                                span.item-meta {
                                    @if completed {
                                        @if let Some(at) = m.completed_at { "Completed " (DayOf(at)) }
                                    } @else {
                                        (Badge::from(m.status))
                                        @if let Some(due) = m.due_on { " " (Due { on: due, today: o.today }) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn next_section(ctx: &PageContext, o: &Overview) -> Markup {
    let show_milestones = ctx.sections.milestones;
    let groups: Vec<_> = o
        .next
        .iter()
        .filter(|g| g.next_step.is_some() || (show_milestones && !g.milestones.is_empty()))
        .collect();
    let count: usize = groups
        .iter()
        .map(|g| {
            usize::from(g.next_step.is_some())
                + if show_milestones {
                    g.milestones.len()
                } else {
                    0
                }
        })
        .sum();
    html! {
        section.card.question aria-labelledby="next" {
            h2 id="next" { (counted("What happens next", count)) }
            @if groups.is_empty() {
                (Empty("Nothing is planned yet. Next steps will show up here."))
            } @else {
                @for g in &groups {
                    div.next-group {
                        h3.next-project {
                            a href=(project_href(ctx, &g.project_id)) { (g.project_name) }
                        }
                        ul.items.compact {
                            @if let Some(step) = &g.next_step {
                                li.next-step { strong { "Next step: " } (step) }
                            }
                            @if show_milestones {
                                @for m in &g.milestones {
                                    li {
                                        a.item href={ (project_href(ctx, &g.project_id)) "#" (anchor("milestone", &m.id)) } {
                                            span.item-title { (m.title) }
                                            @if let Some(due) = m.due_on {
                                                span.item-meta { "Planned for " (Day(due)) }
                                            }
                                        }
                                    }
                                }
                                @if g.more > 0 {
                                    li.more {
                                        a href=(project_href(ctx, &g.project_id)) {
                                            "and " (g.more) " more on the project page"
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn project_card(ctx: &PageContext, p: &ProjectSummary) -> Markup {
    let progress_id = anchor("progress", &p.project.id);
    html! {
        article.card.project-card {
            div.card-head {
                h3 { a href=(project_href(ctx, &p.project.id)) { (p.project.name) } }
                (Badge::from(p.project.status))
            }
            @if !p.project.summary.trim().is_empty() {
                p.summary { (p.project.summary) }
            }
            @if ctx.sections.milestones && p.milestones_total > 0 {
                div.progress-row {
                    progress value=(p.milestones_done) max=(p.milestones_total) aria-labelledby=(progress_id) {}
                    span id=(progress_id) {
                        (p.milestones_done) " of " (p.milestones_total)
                        @if p.milestones_total == 1 { " milestone done" } @else { " milestones done" }
                    }
                }
            }
            @if ctx.sections.approvals && p.pending_approvals > 0 {
                p.pending-note {
                    (p.pending_approvals)
                    @if p.pending_approvals == 1 { " item waits" } @else { " items wait" }
                    " for your decision"
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Project

/// `GET /p/{token}/projects/{id}`: milestones, files, approvals, activity (each only
/// when its section is switched on).
#[must_use]
pub fn project(ctx: &PageContext, pp: &ProjectPage) -> Markup {
    let s = ctx.sections;
    let p = &pp.project;
    let body = html! {
        div.page-head {
            div.title-row {
                h1 { (p.name) }
                (Badge::from(p.status))
            }
            @if !p.summary.trim().is_empty() { div.lead { (Text(&p.summary)) } }
            @if let Some(step) = p.next_step.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                p.callout { strong { "Next step: " } (step) }
            }
        }
        @if s.milestones || s.files || s.approvals || s.activity {
            nav.toc aria-label="On this page" {
                ul {
                    @if s.milestones { li { a href="#milestones" { (counted("Milestones", pp.milestones.len())) } } }
                    @if s.files { li { a href="#files" { (counted("Files", pp.files.len())) } } }
                    @if s.approvals { li { a href="#approvals" { (counted("Approvals", pp.approvals.len())) } } }
                    @if s.activity { li { a href="#activity" { "Activity" } } }
                }
            }
        }
        @if s.milestones { (milestones_section(ctx, pp)) }
        @if s.files { (files_section(ctx, pp)) }
        @if s.approvals { (approvals_section(ctx, pp)) }
        @if s.activity { (activity_section(ctx, pp)) }
    };
    page(
        ctx,
        &p.name,
        &[overview_crumb(ctx), Crumb::here(p.name.clone())],
        body,
    )
}

fn milestones_section(ctx: &PageContext, pp: &ProjectPage) -> Markup {
    html! {
        section.block aria-labelledby="milestones" {
            h2 id="milestones" { (counted("Milestones", pp.milestones.len())) }
            @if pp.milestones.is_empty() {
                (Empty("No milestones have been planned yet."))
            } @else {
                ol.milestones {
                    @for mv in &pp.milestones { (milestone_card(ctx, pp, mv)) }
                }
            }
        }
    }
}

fn milestone_card(ctx: &PageContext, pp: &ProjectPage, mv: &MilestoneView) -> Markup {
    let m = &mv.milestone;
    // Defensive: the caller filters internal updates, but they must never render.
    let updates: Vec<&MilestoneUpdate> = mv.updates.iter().filter(|u| !u.internal).collect();
    let heading_id = anchor("milestone-title", &m.id);
    html! {
        li class={ "milestone status-" (status_slug(m.status)) }
            id=(anchor("milestone", &m.id)) aria-labelledby=(heading_id) {
            div.milestone-body {
                div.card-head {
                    h3 id=(heading_id) { (m.title) }
                    (Badge::from(m.status))
                }
                p.meta {
                    @if let Some(due) = m.due_on {
                        @if m.status == MilestoneStatus::Done {
                            span { "Due " (Day(due)) }
                        } @else {
                            (Due { on: due, today: pp.today })
                        }
                    }
                    @if let Some(at) = m.completed_at {
                        span { "Completed " (DayOf(at)) }
                    }
                }
                @if !m.description.trim().is_empty() { (Text(&m.description)) }
                @if !updates.is_empty() {
                    h4 { (counted("Updates", updates.len())) }
                    ol.updates {
                        @for u in &updates {
                            li.update {
                                p.byline { strong { (u.author) } " · " (Moment { at: u.at, seconds: false }) }
                                (Text(&u.body))
                            }
                        }
                    }
                }
                @if !mv.comments.is_empty() {
                    h4 { (counted("Comments", mv.comments.len())) }
                    (comment_list(&mv.comments))
                }
                @if let Some(form) = &pp.comment_form {
                    (comment_form(ctx, form, "milestone_id", &m.id))
                }
            }
        }
    }
}

fn status_slug(s: MilestoneStatus) -> &'static str {
    match s {
        MilestoneStatus::Planned => "planned",
        MilestoneStatus::InProgress => "in-progress",
        MilestoneStatus::Done => "done",
        MilestoneStatus::Blocked => "blocked",
    }
}

fn comment_list(comments: &[Comment]) -> Markup {
    html! {
        ol.comments {
            @for c in comments {
                li.comment {
                    p.byline {
                        strong { (c.author.display_name()) }
                        @if matches!(c.author, Author::Staff { .. }) { " " span.tag { "Team" } }
                        " · " (Moment { at: c.at, seconds: false })
                    }
                    (Text(&c.body))
                }
            }
        }
    }
}

/// A collapsed comment form (`<details>` needs no script). Posts `nonce`,
/// `milestone_id` or `approval_id`, and `body` to `{base}/comments`.
fn comment_form(
    ctx: &PageContext,
    form: &CommentForm,
    target_field: &str,
    target_id: &str,
) -> Markup {
    let field_id = anchor("comment-body", target_id);
    html! {
        details.comment-box {
            summary { "Add a comment" }
            form method="post" action=(ctx.href(&["comments"])) {
                input type="hidden" name="nonce" value=(form.nonce);
                input type="hidden" name=(target_field) value=(target_id);
                div.field {
                    label for=(field_id) { "Your comment" }
                    textarea id=(field_id) name="body" rows="3" required maxlength=(MAX_TEXT) {}
                }
                button.button.button-secondary type="submit" { "Post comment" }
            }
        }
    }
}

fn files_section(ctx: &PageContext, pp: &ProjectPage) -> Markup {
    // Defensive: hidden files never render, whatever the caller passed.
    let files: Vec<&FileRecord> = pp.files.iter().filter(|f| f.client_visible).collect();
    html! {
        section.block aria-labelledby="files" {
            h2 id="files" { (counted("Files", files.len())) }
            @if files.is_empty() {
                (Empty("No files have been shared yet."))
            } @else {
                div.files {
                    @for f in &files { (file_card(ctx, f)) }
                }
            }
        }
    }
}

fn file_card(ctx: &PageContext, f: &FileRecord) -> Markup {
    let latest = f.current().map(|v| v.n);
    html! {
        article.card.file id=(anchor("file", &f.id)) {
            div.card-head {
                h3.file-name { (f.name) }
                span.muted { (counted("Versions", f.versions.len())) }
            }
            ol.versions {
                @for v in f.versions.iter().rev() {
                    li.version {
                        (version_details(ctx, f, v, latest == Some(v.n)))
                    }
                }
            }
        }
    }
}

fn version_details(ctx: &PageContext, f: &FileRecord, v: &FileVersion, latest: bool) -> Markup {
    html! {
        div.version-head {
            strong { "Version " (v.n) }
            @if latest { " " span.badge.badge-info { "Latest" } }
        }
        p.meta {
            span { (human_size(v.size)) }
            span { "Uploaded " (DayOf(v.uploaded_at)) }
            span { "by " (v.uploaded_by) }
        }
        @if let Some(note) = v.note.as_deref().filter(|n| !n.trim().is_empty()) {
            div.note { (Text(note)) }
        }
        p.hash-line { span.hash-label { "SHA-256 " } (Sha(&v.sha256)) }
        @if ctx.sections.files {
            a.button.button-secondary.download href=(download_href(ctx, &f.id, v.n)) {
                "Download"
                span.visually-hidden { " " (f.name) ", version " (v.n) }
                " (" (human_size(v.size)) ")"
            }
        }
    }
}

fn approvals_section(ctx: &PageContext, pp: &ProjectPage) -> Markup {
    let (pending, past): (Vec<&Approval>, Vec<&Approval>) = pp
        .approvals
        .iter()
        .partition(|a| a.status == ApprovalStatus::Pending);
    html! {
        section.block aria-labelledby="approvals" {
            h2 id="approvals" { (counted("Approvals", pp.approvals.len())) }
            @if pp.approvals.is_empty() {
                (Empty("Nothing has been sent for approval yet."))
            } @else {
                h3 { (counted("Waiting for your decision", pending.len())) }
                @if pending.is_empty() {
                    (Empty("Nothing waits for your decision in this project."))
                } @else {
                    ul.items.card-list {
                        @for a in &pending {
                            li {
                                a.item href=(approval_href(ctx, &a.id)) {
                                    span.item-title { (a.title) }
                                    span.item-meta {
                                        @if let Some(due) = a.due_on { (Due { on: due, today: pp.today }) } @else { "No due date" }
                                    }
                                    span.item-action { "Review and decide" }
                                }
                            }
                        }
                    }
                }
                @if !past.is_empty() {
                    h3 { (counted("Decided", past.len())) }
                    ul.items.card-list {
                        @for a in &past {
                            li {
                                a.item href=(approval_href(ctx, &a.id)) {
                                    span.item-title { (a.title) " " (Badge::from(a.status)) }
                                    span.item-meta { (approval_summary(a)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "Approved by Cleo Client on 12 Nov 2026 (version 2)", or "Withdrawn".
fn approval_summary(a: &Approval) -> Markup {
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

fn activity_section(ctx: &PageContext, pp: &ProjectPage) -> Markup {
    let s = ctx.sections;
    let shown = |i: &&ActivityItem| match i.kind {
        ActivityKind::MilestoneCompleted | ActivityKind::Update => s.milestones,
        ActivityKind::FileVersion => s.files,
        ActivityKind::ApprovalRequested | ActivityKind::Decision(_) => s.approvals,
        ActivityKind::Comment => match &i.link {
            Some(ActivityLink::Approval(_)) => s.approvals,
            _ => s.milestones,
        },
    };
    let items: Vec<&ActivityItem> = pp.activity.iter().filter(shown).collect();
    html! {
        section.block aria-labelledby="activity" {
            h2 id="activity" { "Recent activity" }
            @if items.is_empty() {
                (Empty("No activity yet."))
            } @else {
                ol.activity.card {
                    @for i in &items {
                        li {
                            span.when { (Moment { at: i.at, seconds: false }) }
                            span.what { (activity_text(ctx, i)) }
                        }
                    }
                }
            }
        }
    }
}

fn activity_text(ctx: &PageContext, i: &ActivityItem) -> Markup {
    let subject = html! {
        @match &i.link {
            Some(ActivityLink::Milestone(id)) => a href={ "#" (anchor("milestone", id)) } { (i.subject) },
            Some(ActivityLink::File(id)) => a href={ "#" (anchor("file", id)) } { (i.subject) },
            Some(ActivityLink::Approval(id)) => a href=(approval_href(ctx, id)) { (i.subject) },
            None => (i.subject),
        }
    };
    let actor = i.actor.as_deref().unwrap_or("Someone");
    html! {
        @match i.kind {
            ActivityKind::MilestoneCompleted => { "Milestone completed: " (subject) }
            ActivityKind::Update => { (actor) " posted an update on " (subject) }
            ActivityKind::FileVersion => { (actor) " uploaded " (subject) }
            ActivityKind::ApprovalRequested => { "Approval requested: " (subject) }
            ActivityKind::Decision(DecisionKind::Approve) => { (actor) " approved " (subject) }
            ActivityKind::Decision(DecisionKind::RequestChanges) => { (actor) " requested changes to " (subject) }
            ActivityKind::Comment => { (actor) " commented on " (subject) }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Approval

fn approval_crumbs(ctx: &PageContext, ap: &ApprovalPage, here: &str) -> Vec<Crumb> {
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
    let history: Vec<&Decision> = {
        let n = a
            .decisions
            .len()
            .saturating_sub(usize::from(current.is_some()));
        a.decisions.iter().take(n).rev().collect()
    };
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
        @if !errors.is_empty() {
            div.alert.alert-error role="alert" aria-labelledby="error-title" {
                h2 id="error-title" { "Your decision was not recorded yet" }
                ul { @for e in errors { li { (e) } } }
                p.alert-next { a href="#decide" { "Go to your decision" } }
            }
        }
        @if !a.description.trim().is_empty() {
            div.description { (Text(&a.description)) }
        }
        (deliverable(ctx, ap))
        @match a.status {
            ApprovalStatus::Pending => {
                @if let Some(form) = &ap.form {
                    (decision_forms(ctx, ap, form))
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

fn deliverable(ctx: &PageContext, ap: &ApprovalPage) -> Markup {
    let file = ap.file.as_ref().filter(|f| f.client_visible);
    html! {
        section.card.deliverable aria-labelledby="deliverable" {
            h2 id="deliverable" { "The deliverable" }
            @match (file, ap.current_version()) {
                (Some(f), Some(v)) => {
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
    html! {
        section.block.decide aria-labelledby="decide" {
            h2 id="decide" { "Your decision" }
            p.lead {
                "Choose one. Your typed name, the time and the exact version are recorded "
                "as evidence, and " (ctx.branding.name) " is told straight away."
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
                @if let Some(c) = d.comment.as_deref().filter(|c| !c.trim().is_empty()) {
                    dt { "Comment" } dd { (Text(c)) }
                }
                dt { "Name typed" } dd { (d.typed_name) }
                dt { "Contact email" } dd { (d.contact_email) }
                dt { "Date and time (UTC)" } dd { (Moment { at: d.at, seconds: true }) }
                @if let Some(n) = d.version {
                    dt { "Version" } dd {
                        (n)
                        @if let Some(name) = file_name { " of " (name) }
                    }
                }
                @if let Some(sha) = &d.sha256 {
                    dt { "SHA-256" } dd { (Sha(sha)) }
                }
                dt { "Audit record" } dd { "No. " (d.audit_seq) }
                dt { "Audit hash" } dd { (Sha(&d.audit_hash)) }
            }
            p.print-hint {
                strong { "Print this receipt: " }
                "use your browser's Print command (Ctrl+P, or ⌘P on a Mac) to print it or "
                "save it as a PDF for your records."
            }
        }
    }
}

/// The 409 page for a decision on a version that is no longer current.
#[must_use]
pub fn conflict_stale(ctx: &PageContext, ap: &ApprovalPage) -> Markup {
    let a = &ap.approval;
    let file = ap.file.as_ref().filter(|f| f.client_visible);
    let version = ap.current_version();
    let body = html! {
        div.page-head {
            h1 { "A newer version was uploaded" }
            p.lead {
                "Your decision on " strong { (a.title) } " was not recorded: while you had the "
                "page open, a newer version was uploaded. Please look at it before deciding."
            }
        }
        @match (file, version) {
            (Some(f), Some(v)) => {
                section.card.deliverable aria-labelledby="new-version" {
                    h2 id="new-version" { "New: version " (v.n) " of " (f.name) }
                    (version_details(ctx, f, v, true))
                }
            }
            _ => {}
        }
        p.actions {
            a.button href=(approval_href(ctx, &a.id)) {
                @if let Some(v) = version { "Review version " (v.n) } @else { "Back to the approval" }
            }
        }
    };
    page(
        ctx,
        "A newer version was uploaded",
        &approval_crumbs(ctx, ap, &a.title),
        body,
    )
}

/// The 409 page for a second decision on an approval that is already decided (or was
/// withdrawn).
#[must_use]
pub fn conflict_decided(ctx: &PageContext, ap: &ApprovalPage) -> Markup {
    let a = &ap.approval;
    let withdrawn = a.status == ApprovalStatus::Withdrawn;
    let title = if withdrawn {
        "This approval was withdrawn"
    } else {
        "This approval was already decided"
    };
    let body = html! {
        div.page-head {
            h1 { (title) }
            p.lead { "Your submission on " strong { (a.title) } " was not recorded." }
        }
        div.card {
            p { (approval_summary(a)) }
            @if !withdrawn {
                p.muted {
                    "If this decision is not what you meant, please reply to the email you "
                    "received from " (ctx.branding.name) "."
                }
            }
        }
        p.actions {
            a.button href=(approval_href(ctx, &a.id)) {
                @if withdrawn { "Back to the approval" } @else { "See the recorded decision" }
            }
        }
    };
    page(ctx, title, &approval_crumbs(ctx, ap, &a.title), body)
}
