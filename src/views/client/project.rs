//! `GET /p/{token}/projects/{id}`: one project. Its model orders the milestones, files
//! and approvals and derives the activity list; the render function shows each section
//! the client has switched on.

use std::cmp::Reverse;

use maud::{Markup, html};
use time::{Date, OffsetDateTime};

use crate::domain::{
    Approval, ApprovalStatus, Author, Comment, CommentTarget, DecisionKind, FileRecord, Milestone,
    MilestoneStatus, MilestoneUpdate, Project,
};
use crate::i18n::{n, s as arg};
use crate::views::components::{Crumb, Empty, Text};
use crate::views::format::anchor;
use crate::views::layout::page;

use super::approval::approval_summary;
use super::file_request::{FileRequestItem, answered_section};
use super::needs_action::{ToDoShown, to_do_section};
use super::preview::{Previews, preview_figure};
use super::{
    CommentForm, PageContext, approval_href, comment_form, comment_list, counted, overview_crumb,
    version_details,
};
use crate::ops::to_do::ToDo;

/// Entries in a project page's activity list.
pub const ACTIVITY_LIMIT: usize = 20;

/// A milestone with its public updates and comments, oldest first.
#[derive(Debug, Clone)]
pub struct MilestoneView {
    pub milestone: Milestone,
    /// Public updates only; the renderer skips `internal` ones regardless.
    pub updates: Vec<MilestoneUpdate>,
    pub comments: Vec<Comment>,
}

/// What happened, for the activity list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    MilestoneCompleted,
    Update,
    FileVersion(u32),
    ApprovalRequested,
    Decision(DecisionKind),
    Comment,
}

/// Where an activity entry points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivityLink {
    /// `#milestone-<id>` on the project page.
    Milestone(String),
    /// `#file-<id>` on the project page.
    File(String),
    /// The approval page.
    Approval(String),
}

/// One line of the activity list: `{actor} {verb} {subject}` at `at`.
#[derive(Debug, Clone)]
pub struct ActivityItem {
    pub at: OffsetDateTime,
    pub kind: ActivityKind,
    /// Who did it (staff or contact name), when known.
    pub actor: Option<String>,
    /// What it was about: a milestone title, `file.pdf (version 3)`, an approval title.
    pub subject: String,
    pub link: Option<ActivityLink>,
}

/// Everything the project page shows.
#[derive(Debug, Clone)]
pub struct ProjectPage {
    pub project: Project,
    /// By position.
    pub milestones: Vec<MilestoneView>,
    /// Client-visible files only, each with every version.
    pub files: Vec<FileRecord>,
    /// Pending first (soonest due), then decided or withdrawn, latest first.
    pub approvals: Vec<Approval>,
    /// Newest first.
    pub activity: Vec<ActivityItem>,
    pub today: Date,
    /// When set, each milestone gets a small comment form posting to `{base}/comments`.
    pub comment_form: Option<CommentForm>,
    /// File requests of this project (set by the caller); those answered are listed
    /// after the milestones.
    pub file_requests: Vec<FileRequestItem>,
    /// What waits on the reader in this project (set by the caller): shown first.
    pub to_do: ToDo,
    /// Rendered previews of the files' versions (set by the caller).
    pub previews: Previews,
}

impl ProjectPage {
    /// Assemble a project page from the project's records: drops internal updates,
    /// hidden files and anything of another project, orders every list, and derives the
    /// activity list (newest [`ACTIVITY_LIMIT`] entries).
    #[must_use]
    pub fn build(
        project: Project,
        milestones: &[Milestone],
        updates: &[MilestoneUpdate],
        comments: &[Comment],
        files: &[FileRecord],
        approvals: &[Approval],
        today: Date,
    ) -> Self {
        let pid = project.id.as_str();
        let mut ms: Vec<&Milestone> = milestones.iter().filter(|m| m.project_id == pid).collect();
        ms.sort_by_key(|m| (m.position, m.due_on.is_none(), m.due_on));
        let milestone_views: Vec<MilestoneView> = ms
            .iter()
            .map(|m| {
                let mut ups: Vec<MilestoneUpdate> = updates
                    .iter()
                    .filter(|u| u.milestone_id == m.id && !u.internal)
                    .cloned()
                    .collect();
                ups.sort_by_key(|u| u.at);
                let mut cs: Vec<Comment> = comments
                    .iter()
                    .filter(|c| c.target == CommentTarget::Milestone(m.id.clone()))
                    .cloned()
                    .collect();
                cs.sort_by_key(|c| c.at);
                MilestoneView {
                    milestone: (*m).clone(),
                    updates: ups,
                    comments: cs,
                }
            })
            .collect();

        let mut visible: Vec<FileRecord> = files
            .iter()
            .filter(|f| f.project_id == pid && f.client_visible)
            .cloned()
            .collect();
        visible.sort_by_key(|f| Reverse(f.current().map(|v| v.uploaded_at)));

        let mut apps: Vec<Approval> = approvals
            .iter()
            .filter(|a| a.project_id == pid)
            .cloned()
            .collect();
        apps.sort_by_key(|a| {
            let pending = a.status == ApprovalStatus::Pending;
            let last = a.decisions.last().map_or(a.opened_at, |d| d.at);
            let due = if pending { a.due_on } else { None };
            (!pending, pending && due.is_none(), due, Reverse(last))
        });

        let activity = derive_activity(&milestone_views, &visible, &apps, comments);
        Self {
            project,
            milestones: milestone_views,
            files: visible,
            approvals: apps,
            activity,
            today,
            comment_form: None,
            file_requests: Vec::new(),
            to_do: ToDo::default(),
            previews: Previews::new(),
        }
    }
}

fn author_name(a: &Author) -> String {
    a.display_name().to_owned()
}

fn derive_activity(
    milestones: &[MilestoneView],
    files: &[FileRecord],
    approvals: &[Approval],
    comments: &[Comment],
) -> Vec<ActivityItem> {
    let mut out = Vec::new();
    for mv in milestones {
        let m = &mv.milestone;
        let link = || Some(ActivityLink::Milestone(m.id.clone()));
        if let (MilestoneStatus::Done, Some(at)) = (m.status, m.completed_at) {
            out.push(ActivityItem {
                at,
                kind: ActivityKind::MilestoneCompleted,
                actor: None,
                subject: m.title.clone(),
                link: link(),
            });
        }
        for u in mv.updates.iter().filter(|u| !u.internal) {
            out.push(ActivityItem {
                at: u.at,
                kind: ActivityKind::Update,
                actor: Some(u.author.clone()),
                subject: m.title.clone(),
                link: link(),
            });
        }
        for c in &mv.comments {
            out.push(ActivityItem {
                at: c.at,
                kind: ActivityKind::Comment,
                actor: Some(author_name(&c.author)),
                subject: m.title.clone(),
                link: link(),
            });
        }
    }
    for f in files.iter().filter(|f| f.client_visible) {
        for v in &f.versions {
            out.push(ActivityItem {
                at: v.uploaded_at,
                kind: ActivityKind::FileVersion(v.n),
                actor: Some(v.uploaded_by.clone()),
                subject: f.name.clone(),
                link: Some(ActivityLink::File(f.id.clone())),
            });
        }
    }
    for a in approvals {
        let link = || Some(ActivityLink::Approval(a.id.clone()));
        if a.status != ApprovalStatus::Withdrawn || !a.decisions.is_empty() {
            out.push(ActivityItem {
                at: a.created_at,
                kind: ActivityKind::ApprovalRequested,
                actor: None,
                subject: a.title.clone(),
                link: link(),
            });
        }
        for d in &a.decisions {
            out.push(ActivityItem {
                at: d.at,
                kind: ActivityKind::Decision(d.decision),
                actor: Some(d.typed_name.clone()),
                subject: a.title.clone(),
                link: link(),
            });
        }
        let on_this = CommentTarget::Approval(a.id.clone());
        for c in comments.iter().filter(|c| c.target == on_this) {
            out.push(ActivityItem {
                at: c.at,
                kind: ActivityKind::Comment,
                actor: Some(author_name(&c.author)),
                subject: a.title.clone(),
                link: link(),
            });
        }
    }
    out.sort_by_key(|i| Reverse(i.at));
    out.truncate(ACTIVITY_LIMIT);
    out
}

/// `GET /p/{token}/projects/{id}`: what waits on the reader first, then each milestone
/// with its own updates, files and approvals (what belongs to none under "Other"), then
/// the activity (each only when its section is switched on).
#[must_use]
pub fn project(ctx: &PageContext, pp: &ProjectPage) -> Markup {
    let s = &ctx.sections;
    let p = &pp.project;
    let other = Attached::other(ctx, pp);
    let body = html! {
        div.page-head {
            div.title-row {
                h1 { (p.name) }
                (ctx.badge(p.status))
            }
            @if !p.summary.trim().is_empty() { div.lead { (Text(&p.summary)) } }
            @if let Some(step) = p.next_step.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                p.callout { strong { (ctx.t("next-step")) " " } (step) }
            }
        }
        (to_do_section(ctx, &pp.to_do, pp.today, ToDoShown { always: false, upload_forms: true }))
        @if s.milestones || !other.is_empty() {
            section.block aria-labelledby="milestones" {
                h2 id="milestones" {
                    @if s.milestones { (counted(&ctx.t("milestones"), pp.milestones.len())) }
                    @else { (ctx.t("files-and-approvals")) }
                }
                @if s.milestones && pp.milestones.is_empty() && other.is_empty() {
                    (Empty(&ctx.t("milestones-empty")))
                }
                ol.milestones {
                    @for mv in &pp.milestones { (milestone_card(ctx, pp, mv)) }
                    @if !other.is_empty() {
                        li.milestone.status-other id="milestone-other" aria-labelledby="milestone-title-other" {
                            div.milestone-body {
                                div.card-head {
                                    h3 id="milestone-title-other" { (ctx.t("other")) }
                                }
                                (attached(ctx, pp, &other))
                            }
                        }
                    }
                }
            }
        }
        (answered_section(ctx, &pp.file_requests))
        @if s.activity { (activity_section(ctx, pp)) }
    };
    page(
        ctx,
        &p.name,
        &[overview_crumb(ctx), Crumb::here(p.name.clone())],
        body,
    )
}

/// The files and approvals that belong to one milestone (or to none).
struct Attached<'a> {
    files: Vec<&'a FileRecord>,
    approvals: Vec<&'a Approval>,
}

impl<'a> Attached<'a> {
    fn of(ctx: &PageContext, pp: &'a ProjectPage, milestone: Option<&str>) -> Self {
        // Defensive: hidden files never render, whatever the caller passed.
        let files = pp
            .files
            .iter()
            .filter(|f| ctx.sections.files && f.client_visible)
            .filter(|f| f.milestone_id.as_deref() == milestone)
            .collect();
        let approvals = pp
            .approvals
            .iter()
            .filter(|a| ctx.sections.approvals && a.milestone_id.as_deref() == milestone)
            .collect();
        Self { files, approvals }
    }

    /// What names no milestone shown on the page.
    fn other(ctx: &PageContext, pp: &'a ProjectPage) -> Self {
        let shown = |m: Option<&str>| {
            ctx.sections.milestones
                && m.is_some_and(|id| pp.milestones.iter().any(|mv| mv.milestone.id == id))
        };
        let files = pp
            .files
            .iter()
            .filter(|f| ctx.sections.files && f.client_visible)
            .filter(|f| !shown(f.milestone_id.as_deref()))
            .collect();
        let approvals = pp
            .approvals
            .iter()
            .filter(|a| ctx.sections.approvals && !shown(a.milestone_id.as_deref()))
            .collect();
        Self { files, approvals }
    }

    fn is_empty(&self) -> bool {
        self.files.is_empty() && self.approvals.is_empty()
    }
}

fn milestone_card(ctx: &PageContext, pp: &ProjectPage, mv: &MilestoneView) -> Markup {
    let m = &mv.milestone;
    // Defensive: the caller filters internal updates, but they must never render.
    let updates: Vec<&MilestoneUpdate> = mv.updates.iter().filter(|u| !u.internal).collect();
    let heading_id = anchor("milestone-title", &m.id);
    let own = Attached::of(ctx, pp, Some(&m.id));
    html! {
        li class={ "milestone status-" (status_slug(m.status)) }
            id=(anchor("milestone", &m.id)) aria-labelledby=(heading_id) {
            div.milestone-body {
                div.card-head {
                    h3 id=(heading_id) { (m.title) }
                    (ctx.badge(m.status))
                }
                p.meta {
                    @if let Some(due) = m.due_on {
                        @if m.status == MilestoneStatus::Done {
                            span { (ctx.t("due")) " " (ctx.day(due)) }
                        } @else {
                            (ctx.due(due, pp.today))
                        }
                    }
                    @if let Some(at) = m.completed_at {
                        span { (ctx.t("completed-on")) " " (ctx.day_of(at)) }
                    }
                }
                @if !m.description.trim().is_empty() { (Text(&m.description)) }
                (attached(ctx, pp, &own))
                @if !updates.is_empty() {
                    h4 { (counted(&ctx.t("updates"), updates.len())) }
                    ol.updates {
                        @for u in &updates {
                            li.update {
                                p.byline { strong { (u.author) } " · " (ctx.moment(u.at, false)) }
                                (Text(&u.body))
                            }
                        }
                    }
                }
                @if !mv.comments.is_empty() {
                    h4 { (counted(&ctx.t("comments"), mv.comments.len())) }
                    (comment_list(ctx, &mv.comments))
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

/// A milestone's approvals (pending first) and files, under small headings.
fn attached(ctx: &PageContext, pp: &ProjectPage, own: &Attached<'_>) -> Markup {
    html! {
        @if !own.approvals.is_empty() {
            h4 { (counted(&ctx.t("approvals"), own.approvals.len())) }
            ul.items.card-list {
                @for a in &own.approvals { (approval_item(ctx, pp, a)) }
            }
        }
        @if !own.files.is_empty() {
            h4 { (counted(&ctx.t("files"), own.files.len())) }
            div.files {
                @for f in &own.files { (file_card(ctx, f, &pp.previews)) }
            }
        }
    }
}

fn approval_item(ctx: &PageContext, pp: &ProjectPage, a: &Approval) -> Markup {
    html! {
        li {
            a.item href=(approval_href(ctx, &a.id)) {
                @if a.status == ApprovalStatus::Pending {
                    span.item-title { (a.title) }
                    span.item-meta {
                        @if let Some(due) = a.due_on { (ctx.due(due, pp.today)) } @else { (ctx.t("no-due-date")) }
                    }
                    span.item-action { (ctx.t("review-and-decide")) }
                } @else {
                    span.item-title { (a.title) " " (ctx.badge(a.status)) }
                    span.item-meta { (approval_summary(ctx, a)) }
                }
            }
        }
    }
}

fn file_card(ctx: &PageContext, f: &FileRecord, previews: &Previews) -> Markup {
    let latest = f.current().map(|v| v.n);
    html! {
        article.card.file id=(anchor("file", &f.id)) {
            div.card-head {
                h5.file-name { (f.name) }
                span.muted { (counted(&ctx.t("versions"), f.versions.len())) }
            }
            ol.versions {
                @for v in f.versions.iter().rev() {
                    @let shown = previews.contains_key(&v.sha256);
                    li.version.with-preview[shown] {
                        (preview_figure(ctx, previews, f, v, false))
                        div.version-body { (version_details(ctx, f, v, latest == Some(v.n))) }
                    }
                }
            }
        }
    }
}

fn activity_section(ctx: &PageContext, pp: &ProjectPage) -> Markup {
    let s = &ctx.sections;
    let shown = |i: &&ActivityItem| match i.kind {
        ActivityKind::MilestoneCompleted | ActivityKind::Update => s.milestones,
        ActivityKind::FileVersion(_) => s.files,
        ActivityKind::ApprovalRequested | ActivityKind::Decision(_) => s.approvals,
        ActivityKind::Comment => match &i.link {
            Some(ActivityLink::Approval(_)) => s.approvals,
            _ => s.milestones,
        },
    };
    let items: Vec<&ActivityItem> = pp.activity.iter().filter(shown).collect();
    html! {
        section.block aria-labelledby="activity" {
            h2 id="activity" { (ctx.t("recent-activity")) }
            @if items.is_empty() {
                (Empty(&ctx.t("activity-empty")))
            } @else {
                ol.activity.card {
                    @for i in &items {
                        li {
                            span.when { (ctx.moment(i.at, false)) }
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
    let actor = i.actor.clone().unwrap_or_else(|| ctx.t("someone"));
    // The sentence comes from the bundle with a marker where the linked subject goes,
    // so each language puts the subject where its grammar wants it.
    let (id, version) = match i.kind {
        ActivityKind::MilestoneCompleted => ("activity-milestone-completed", None),
        ActivityKind::Update => ("activity-update", None),
        ActivityKind::FileVersion(v) => ("activity-file-version", Some(v)),
        ActivityKind::ApprovalRequested => ("activity-approval-requested", None),
        ActivityKind::Decision(DecisionKind::Approve) => ("activity-approved", None),
        ActivityKind::Decision(DecisionKind::RequestChanges) => ("activity-changes", None),
        ActivityKind::Comment => ("activity-comment", None),
    };
    let sentence = ctx.ta(
        id,
        &[
            ("actor", arg(actor)),
            ("subject", arg(SUBJECT_MARK)),
            ("n", n(version.unwrap_or(0) as usize)),
        ],
    );
    let (before, after) = sentence
        .split_once(SUBJECT_MARK)
        .unwrap_or((sentence.as_str(), ""));
    html! { (before) (subject) (after) }
}

/// Where the linked subject goes in an activity sentence.
const SUBJECT_MARK: &str = "\u{1}SUBJECT\u{1}";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::tests::fixtures::*;

    #[test]
    fn project_page_drops_internal_updates_and_hidden_files() {
        let f = Fixture::new();
        let page = f.project_page();
        let bodies: Vec<&str> = page
            .milestones
            .iter()
            .flat_map(|m| m.updates.iter().map(|u| u.body.as_str()))
            .collect();
        assert!(bodies.iter().all(|b| !b.contains("INTERNAL")));
        assert!(page.files.iter().all(|f| f.client_visible));
        let statuses: Vec<ApprovalStatus> = page.approvals.iter().map(|a| a.status).collect();
        assert_eq!(statuses[..3], [ApprovalStatus::Pending; 3], "pending first");
        assert!(statuses[3..].iter().all(|s| *s != ApprovalStatus::Pending));
        let titles: Vec<&str> = page.approvals.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles[..3],
            ["Sitemap sign-off", "Homepage design", "Copy deck"],
            "soonest due first"
        );
        assert!(
            page.activity.windows(2).all(|w| w[0].at >= w[1].at),
            "newest first"
        );
        assert!(
            page.activity
                .iter()
                .all(|a| !a.subject.contains("internal-notes"))
        );
    }
}
