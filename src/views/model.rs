//! View models: plain structs the HTTP layer fills from the store, plus the pure logic
//! that turns a client's records into the four answers of the overview and the lists
//! of a project page. No markup here, no I/O.

use std::cmp::Reverse;
use std::collections::HashMap;

use time::{Date, Duration, OffsetDateTime};

use crate::config::Branding;
use crate::domain::{
    Approval, ApprovalStatus, Author, Comment, CommentTarget, DecisionKind, FileRecord,
    FileVersion, Milestone, MilestoneStatus, MilestoneUpdate, Project, ProjectStatus, Sections,
};

use super::format;

/// Completed milestones are shown for this many days...
pub const COMPLETED_RECENT_DAYS: i64 = 30;
/// ...or, when fewer were completed in that window, at least this many of the latest.
pub const COMPLETED_AT_LEAST: usize = 5;
/// Planned milestones listed per project under "What happens next".
pub const NEXT_PER_PROJECT: usize = 3;
/// Entries in a project page's activity list.
pub const ACTIVITY_LIMIT: usize = 20;

/// Who is looking and how the deployment looks: everything the layout needs.
#[derive(Debug, Clone)]
pub struct PageContext {
    pub branding: Branding,
    /// `/p/{token}`: every link in a client page starts with it.
    pub base: String,
    /// The client's language tag, written into `<html lang>` (falls back to `en`).
    pub language: String,
    pub client_name: String,
    /// The contact the link was issued to.
    pub contact_name: String,
    /// Sections switched off are not rendered at all.
    pub sections: Sections,
}

impl PageContext {
    /// `base` + percent-encoded segments: `ctx.href(&["projects", id])`.
    #[must_use]
    pub fn href(&self, segments: &[&str]) -> String {
        format::href(&self.base, segments)
    }
}

/// One project in the overview's project list.
#[derive(Debug, Clone)]
pub struct ProjectSummary {
    pub project: Project,
    pub milestones_done: usize,
    pub milestones_total: usize,
    pub pending_approvals: usize,
}

/// A milestone with the project it belongs to.
#[derive(Debug, Clone)]
pub struct MilestoneItem {
    pub project_id: String,
    pub project_name: String,
    pub milestone: Milestone,
}

/// A pending approval waiting for the client.
#[derive(Debug, Clone)]
pub struct DecisionItem {
    pub project_id: String,
    pub project_name: String,
    pub approval: Approval,
    /// Name of the deliverable file, when the approval has a client-visible one.
    pub file_name: Option<String>,
    /// Due date already passed.
    pub overdue: bool,
}

/// "What happens next" for one project.
#[derive(Debug, Clone)]
pub struct NextGroup {
    pub project_id: String,
    pub project_name: String,
    /// The project's `next_step`, trimmed; None when empty.
    pub next_step: Option<String>,
    /// The first planned milestones, by position then due date.
    pub milestones: Vec<Milestone>,
    /// Planned milestones not listed here (shown as "and N more").
    pub more: usize,
}

/// The overview page: the four questions and the project list.
#[derive(Debug, Clone)]
pub struct Overview {
    pub today: Date,
    /// Active first, then on hold, then done; otherwise in the order given.
    pub projects: Vec<ProjectSummary>,
    /// Done milestones, most recent first.
    pub completed: Vec<MilestoneItem>,
    /// In progress or blocked milestones.
    pub in_progress: Vec<MilestoneItem>,
    /// Pending approvals, soonest due first (undated last).
    pub needs_decision: Vec<DecisionItem>,
    pub next: Vec<NextGroup>,
}

fn project_rank(status: ProjectStatus) -> u8 {
    match status {
        ProjectStatus::Active => 0,
        ProjectStatus::OnHold => 1,
        ProjectStatus::Done => 2,
    }
}

impl Overview {
    /// Compute the overview from a client's records (already scoped to what the link may
    /// see). Records of projects not in `projects` are ignored, as are withdrawn and
    /// decided approvals and files not visible to the client.
    #[must_use]
    pub fn build(
        projects: &[Project],
        milestones: &[Milestone],
        approvals: &[Approval],
        files: &[FileRecord],
        today: Date,
    ) -> Self {
        let mut ordered: Vec<&Project> = projects.iter().collect();
        ordered.sort_by_key(|p| project_rank(p.status));
        let rank: HashMap<&str, usize> = ordered
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let name_of = |id: &str| {
            ordered
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        let in_scope: Vec<&Milestone> = milestones
            .iter()
            .filter(|m| rank.contains_key(m.project_id.as_str()))
            .collect();
        let item = |m: &Milestone| MilestoneItem {
            project_id: m.project_id.clone(),
            project_name: name_of(&m.project_id),
            milestone: m.clone(),
        };

        let mut done: Vec<&Milestone> = in_scope
            .iter()
            .copied()
            .filter(|m| m.status == MilestoneStatus::Done)
            .collect();
        done.sort_by_key(|m| Reverse(m.completed_at));
        let since = today - Duration::days(COMPLETED_RECENT_DAYS);
        let completed = done
            .iter()
            .enumerate()
            .take_while(|(i, m)| {
                *i < COMPLETED_AT_LEAST || m.completed_at.is_some_and(|t| t.date() >= since)
            })
            .map(|(_, m)| item(m))
            .collect();

        let mut active: Vec<&Milestone> = in_scope
            .iter()
            .copied()
            .filter(|m| {
                matches!(
                    m.status,
                    MilestoneStatus::InProgress | MilestoneStatus::Blocked
                )
            })
            .collect();
        active.sort_by_key(|m| (rank.get(m.project_id.as_str()).copied(), m.position));
        let in_progress = active.into_iter().map(item).collect();

        let mut pending: Vec<&Approval> = approvals
            .iter()
            .filter(|a| a.status == ApprovalStatus::Pending)
            .filter(|a| rank.contains_key(a.project_id.as_str()))
            .collect();
        pending.sort_by_key(|a| (a.due_on.is_none(), a.due_on, a.opened_at));
        let needs_decision = pending
            .into_iter()
            .map(|a| DecisionItem {
                project_id: a.project_id.clone(),
                project_name: name_of(&a.project_id),
                file_name: visible_file(files, a).map(|f| f.name.clone()),
                overdue: a.due_on.is_some_and(|d| d < today),
                approval: a.clone(),
            })
            .collect();

        let next = ordered
            .iter()
            .filter_map(|p| {
                let mut planned: Vec<&Milestone> = in_scope
                    .iter()
                    .copied()
                    .filter(|m| m.project_id == p.id && m.status == MilestoneStatus::Planned)
                    .collect();
                planned.sort_by_key(|m| (m.position, m.due_on.is_none(), m.due_on));
                let next_step = p
                    .next_step
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned);
                if next_step.is_none() && planned.is_empty() {
                    return None;
                }
                let more = planned.len().saturating_sub(NEXT_PER_PROJECT);
                Some(NextGroup {
                    project_id: p.id.clone(),
                    project_name: p.name.clone(),
                    next_step,
                    milestones: planned
                        .into_iter()
                        .take(NEXT_PER_PROJECT)
                        .cloned()
                        .collect(),
                    more,
                })
            })
            .collect();

        let projects = ordered
            .iter()
            .map(|p| {
                let mine = || in_scope.iter().filter(|m| m.project_id == p.id);
                ProjectSummary {
                    project: (*p).clone(),
                    milestones_done: mine().filter(|m| m.status == MilestoneStatus::Done).count(),
                    milestones_total: mine().count(),
                    pending_approvals: approvals
                        .iter()
                        .filter(|a| a.project_id == p.id && a.status == ApprovalStatus::Pending)
                        .count(),
                }
            })
            .collect();

        Self {
            today,
            projects,
            completed,
            in_progress,
            needs_decision,
            next,
        }
    }

    /// Items under "What happens next": next steps plus listed planned milestones.
    #[must_use]
    pub fn next_count(&self) -> usize {
        self.next
            .iter()
            .map(|g| usize::from(g.next_step.is_some()) + g.milestones.len())
            .sum()
    }
}

/// The approval's file, if the client may see it.
fn visible_file<'a>(files: &'a [FileRecord], a: &Approval) -> Option<&'a FileRecord> {
    let id = a.file_id.as_deref()?;
    files
        .iter()
        .find(|f| f.id == id && f.client_visible && f.project_id == a.project_id)
}

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
    FileVersion,
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
                kind: ActivityKind::FileVersion,
                actor: Some(v.uploaded_by.clone()),
                subject: format!("{} (version {})", f.name, v.n),
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

/// The hidden fields of a comment form (`POST {base}/comments`).
#[derive(Debug, Clone)]
pub struct CommentForm {
    /// Single-use form nonce, as for decisions.
    pub nonce: String,
}

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
    pub today: Date,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::tests::fixtures::*;
    use time::macros::{date, datetime};

    #[test]
    fn overview_answers_the_four_questions() {
        let f = Fixture::new();
        let o = Overview::build(&f.projects, &f.milestones, &f.approvals, &f.files, f.today);

        let titles: Vec<&str> = o
            .completed
            .iter()
            .map(|i| i.milestone.title.as_str())
            .collect();
        assert_eq!(
            titles,
            ["Content inventory", "Kick-off workshop"],
            "most recent first"
        );

        let titles: Vec<&str> = o
            .in_progress
            .iter()
            .map(|i| i.milestone.title.as_str())
            .collect();
        assert_eq!(titles, ["Visual design", "Hosting contract"]);

        let titles: Vec<&str> = o
            .needs_decision
            .iter()
            .map(|i| i.approval.title.as_str())
            .collect();
        assert_eq!(titles, ["Sitemap sign-off", "Homepage design", "Copy deck"]);
        assert!(o.needs_decision[0].overdue, "due before today");
        assert!(!o.needs_decision[1].overdue);
        assert_eq!(
            o.needs_decision[1].file_name.as_deref(),
            Some("homepage-v2.pdf")
        );
        assert_eq!(o.needs_decision[2].file_name, None, "hidden file not named");

        assert_eq!(o.next.len(), 2);
        assert_eq!(o.next[0].project_name, "Website relaunch");
        assert_eq!(
            o.next[0].next_step.as_deref(),
            Some("We build the templates once the design is approved.")
        );
        let titles: Vec<&str> = o.next[0]
            .milestones
            .iter()
            .map(|m| m.title.as_str())
            .collect();
        assert_eq!(titles, ["Templates", "Content migration", "Launch"]);
        assert_eq!(o.next[0].more, 1);
        assert_eq!(o.next_count(), 1 + 3 + 1);

        assert_eq!(o.projects.len(), 2);
        assert_eq!(o.projects[0].milestones_done, 2);
        assert_eq!(o.projects[0].milestones_total, 8);
        assert_eq!(o.projects[0].pending_approvals, 3);
    }

    #[test]
    fn other_projects_records_are_ignored() {
        let f = Fixture::new();
        let mut foreign = f.milestones[0].clone();
        foreign.project_id = "other-client-project".into();
        foreign.title = "Foreign".into();
        let mut ms = f.milestones.clone();
        ms.push(foreign);
        let mut ap = f.approvals[0].clone();
        ap.project_id = "other-client-project".into();
        let mut aps = f.approvals.clone();
        aps.push(ap);
        let o = Overview::build(&f.projects, &ms, &aps, &f.files, f.today);
        assert!(o.completed.iter().all(|i| i.milestone.title != "Foreign"));
        assert_eq!(o.needs_decision.len(), 3);
    }

    #[test]
    fn completed_keeps_last_30_days_or_at_least_five() {
        let f = Fixture::new();
        let project = &f.projects[0];
        let mk = |i: u32, at: OffsetDateTime| {
            let mut m = milestone(project, &format!("Done {i}"), MilestoneStatus::Done, i);
            m.completed_at = Some(at);
            m
        };
        let today = date!(2026 - 11 - 20);
        // Eight old ones: only the latest five show.
        let old: Vec<Milestone> = (0..8)
            .map(|i| {
                mk(
                    i,
                    datetime!(2026-01-01 10:00 UTC) + Duration::days(i64::from(i)),
                )
            })
            .collect();
        let o = Overview::build(&f.projects, &old, &[], &[], today);
        assert_eq!(o.completed.len(), 5);
        assert_eq!(o.completed[0].milestone.title, "Done 7");
        // Seven recent ones: all show.
        let recent: Vec<Milestone> = (0..7)
            .map(|i| {
                mk(
                    i,
                    datetime!(2026-11-01 10:00 UTC) + Duration::days(i64::from(i)),
                )
            })
            .collect();
        let both: Vec<Milestone> = recent.iter().chain(old.iter()).cloned().collect();
        let o = Overview::build(&f.projects, &both, &[], &[], today);
        assert_eq!(o.completed.len(), 7);
    }

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
