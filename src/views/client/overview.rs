//! `GET /p/{token}`: the overview. Its model turns a client's records into the four
//! answers (needs a decision, completed, in progress, what happens next) and the project
//! list; the render function shows them.

use std::cmp::Reverse;
use std::collections::HashMap;

use maud::{Markup, html};
use time::{Date, Duration};

use crate::domain::{Approval, ApprovalStatus, Milestone, MilestoneStatus, Project, ProjectStatus};
use crate::i18n::{n, s as arg};
use crate::views::components::{Crumb, Empty};
use crate::views::format::anchor;
use crate::views::layout::page;

use super::needs_action::{ToDoShown, page_links, to_do_section};
use super::{PageContext, counted, project_href};
use crate::ops::to_do::ToDo;

/// Completed milestones are shown for this many days...
pub const COMPLETED_RECENT_DAYS: i64 = 30;
/// ...or, when fewer were completed in that window, at least this many of the latest.
pub const COMPLETED_AT_LEAST: usize = 5;
/// Planned milestones listed per project under "What happens next".
pub const NEXT_PER_PROJECT: usize = 3;

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
    pub next: Vec<NextGroup>,
    /// What waits on the reader (set by the caller): shown first.
    pub to_do: ToDo,
    /// Record lists with their counts (set by the caller).
    pub lists: Vec<super::ListSummary>,
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
    /// see). Records of projects not in `projects` are ignored. What waits on the reader
    /// (`to_do`) is the caller's to set.
    #[must_use]
    pub fn build(
        projects: &[Project],
        milestones: &[Milestone],
        approvals: &[Approval],
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
            next,
            lists: Vec::new(),
            to_do: ToDo::default(),
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

/// `GET /p/{token}`: the four questions, then the projects.
#[must_use]
pub fn overview(ctx: &PageContext, o: &Overview) -> Markup {
    let s = &ctx.sections;
    let body = html! {
        div.page-head {
            h1 { (ctx.t("where-things-stand")) }
            p.lead {
                (ctx.ta("your-projects-with", &[("brand", arg(ctx.branding.name.clone()))])) " " (ctx.day(o.today)) "."
            }
            (page_links(ctx))
        }
        div.questions {
            (to_do_section(ctx, &o.to_do, o.today, ToDoShown { always: true, upload_forms: false }))
            @if s.milestones {
                (milestone_section(ctx, o, "completed", &ctx.t("completed"), &o.completed, true,
                    &ctx.t("completed-empty")))
                (milestone_section(ctx, o, "in-progress", &ctx.t("in-progress"), &o.in_progress, false,
                    &ctx.t("in-progress-empty")))
            }
            (next_section(ctx, o))
            (super::lists_section(ctx, &o.lists))
        }
        section.projects aria-labelledby="projects" {
            h2 id="projects" { (counted(&ctx.t("projects"), o.projects.len())) }
            @if o.projects.is_empty() {
                (Empty(&ctx.t("projects-empty")))
            } @else {
                div.project-grid {
                    @for p in &o.projects { (project_card(ctx, p)) }
                }
            }
        }
    };
    page(
        ctx,
        &ctx.t("overview"),
        &[Crumb::here(ctx.t("overview"))],
        body,
    )
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
                                        @if let Some(at) = m.completed_at { (ctx.t("completed-on")) " " (ctx.day_of(at)) }
                                    } @else {
                                        (ctx.badge(m.status))
                                        @if let Some(due) = m.due_on { " " (ctx.due(due, o.today)) }
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
            h2 id="next" { (counted(&ctx.t("what-happens-next"), count)) }
            @if groups.is_empty() {
                (Empty(&ctx.t("next-empty")))
            } @else {
                @for g in &groups {
                    div.next-group {
                        h3.next-project {
                            a href=(project_href(ctx, &g.project_id)) { (g.project_name) }
                        }
                        ul.items.compact {
                            @if let Some(step) = &g.next_step {
                                li.next-step { strong { (ctx.t("next-step")) " " } (step) }
                            }
                            @if show_milestones {
                                @for m in &g.milestones {
                                    li {
                                        a.item href={ (project_href(ctx, &g.project_id)) "#" (anchor("milestone", &m.id)) } {
                                            span.item-title { (m.title) }
                                            @if let Some(due) = m.due_on {
                                                span.item-meta { (ctx.t("planned-for")) " " (ctx.day(due)) }
                                            }
                                        }
                                    }
                                }
                                @if g.more > 0 {
                                    li.more {
                                        a href=(project_href(ctx, &g.project_id)) {
                                            (ctx.ta("more-on-project-page", &[("n", n(g.more))]))
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
                (ctx.badge(p.project.status))
            }
            @if !p.project.summary.trim().is_empty() {
                p.summary { (p.project.summary) }
            }
            @if ctx.sections.milestones && p.milestones_total > 0 {
                div.progress-row {
                    progress value=(p.milestones_done) max=(p.milestones_total) aria-labelledby=(progress_id) {}
                    span id=(progress_id) {
                        (ctx.ta("milestones-done", &[("done", n(p.milestones_done)), ("total", n(p.milestones_total))]))
                    }
                }
            }
            @if ctx.sections.approvals && p.pending_approvals > 0 {
                p.pending-note {
                    (ctx.ta("items-wait", &[("n", n(p.pending_approvals))]))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::tests::fixtures::*;
    use time::OffsetDateTime;
    use time::macros::{date, datetime};

    #[test]
    fn overview_answers_the_four_questions() {
        let f = Fixture::new();
        let o = Overview::build(&f.projects, &f.milestones, &f.approvals, f.today);

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
        let o = Overview::build(&f.projects, &ms, &aps, f.today);
        assert!(o.completed.iter().all(|i| i.milestone.title != "Foreign"));
        assert_eq!(o.projects[0].pending_approvals, 3);
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
        let o = Overview::build(&f.projects, &old, &[], today);
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
        let o = Overview::build(&f.projects, &both, &[], today);
        assert_eq!(o.completed.len(), 7);
    }
}
