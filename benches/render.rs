//! Cost of building and rendering the client pages, from synthetic records (no server, no
//! store): the overview and a project page with 10, 50 and 200 milestones.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use porthole::config::Branding;
use porthole::domain::{
    Approval, ApprovalStatus, Author, Comment, CommentTarget, Contact, FileRecord, FileVersion,
    Milestone, MilestoneStatus, MilestoneUpdate, Project, ProjectStatus, Sections,
};
use porthole::views::client::{CommentForm, Overview, PageContext, ProjectPage};
use time::macros::datetime;
use time::{Date, Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);

/// Records of one project: `n` milestones with updates and comments, files, approvals.
struct Records {
    project: Project,
    milestones: Vec<Milestone>,
    updates: Vec<MilestoneUpdate>,
    comments: Vec<Comment>,
    files: Vec<FileRecord>,
    approvals: Vec<Approval>,
}

fn id(kind: &str, i: usize) -> String {
    format!("{kind}{i:0>20}")
}

fn records(n: usize) -> Records {
    let project = Project {
        id: id("p", n),
        client_id: "client".into(),
        name: "Website relaunch".into(),
        summary: "A faster, friendlier site with online pre-orders.".into(),
        status: ProjectStatus::Active,
        next_step: Some(
            "Once the homepage design is approved, we build the pre-order flow.".into(),
        ),
        created_at: NOW - Duration::days(90),
    };
    let statuses = [
        MilestoneStatus::Done,
        MilestoneStatus::Done,
        MilestoneStatus::InProgress,
        MilestoneStatus::Planned,
        MilestoneStatus::Planned,
        MilestoneStatus::Blocked,
    ];
    let contact = Contact {
        id: "contact-1".into(),
        name: "Maya Finch".into(),
        email: "maya@client.test".into(),
        role: porthole::domain::ContactRole::Approver,
        projects: porthole::domain::ProjectAccess::All,
        language: None,
        invited_by: None,
    };
    let mut r = Records {
        project,
        milestones: Vec::new(),
        updates: Vec::new(),
        comments: Vec::new(),
        files: Vec::new(),
        approvals: Vec::new(),
    };
    for i in 0..n {
        let at = NOW - Duration::days(80) + Duration::hours(i as i64);
        let status = statuses[i % statuses.len()];
        let m = Milestone {
            id: id("m", i),
            project_id: r.project.id.clone(),
            title: format!("Milestone {}: pages and copy, part {}", i + 1, i % 7 + 1),
            description: "Wireframes, copy and photos for this part of the site.".into(),
            status,
            due_on: Some(NOW.date() + Duration::days(i as i64 - 20)),
            completed_at: (status == MilestoneStatus::Done).then_some(at + Duration::days(2)),
            position: i as u32,
            created_at: at,
        };
        for (k, internal) in [(0, false), (1, i % 3 == 0)] {
            r.updates.push(MilestoneUpdate {
                id: id(&format!("u{k}"), i),
                milestone_id: m.id.clone(),
                project_id: r.project.id.clone(),
                body: "Progress: drafts are up for review.\n\n- layout for phone\n- copy pass"
                    .into(),
                author: "Dana Lee".into(),
                author_id: "staff".into(),
                at: at + Duration::hours(k + 1),
                internal,
            });
        }
        if i % 3 == 0 {
            r.comments.push(Comment {
                id: id("c", i),
                project_id: r.project.id.clone(),
                target: CommentTarget::Milestone(m.id.clone()),
                author: Author::Link {
                    grant_id: "grant".into(),
                    name: contact.name.clone(),
                    email: contact.email.clone(),
                },
                body: "Looks good, thanks! Can we see the phone version too?".into(),
                at: at + Duration::hours(3),
            });
        }
        r.milestones.push(m);
    }
    for i in 0..(n / 5).max(2) {
        let versions = (1..=2)
            .map(|v| FileVersion {
                n: v,
                sha256: format!("{:0>64}", i * 10 + v as usize),
                size: 120_000 * u64::from(v),
                content_type: "application/pdf".into(),
                uploaded_by: "Dana Lee".into(),
                uploaded_at: NOW - Duration::days(10)
                    + Duration::hours(i as i64 * 3 + i64::from(v)),
                note: Some("Second pass".into()),
            })
            .collect::<Vec<_>>();
        let file = FileRecord {
            id: id("f", i),
            project_id: r.project.id.clone(),
            milestone_id: None,
            name: format!("draft-{i}.pdf"),
            client_visible: true,
            versions,
            created_at: NOW - Duration::days(10),
        };
        let current = file.versions.last().cloned();
        r.approvals.push(Approval {
            approver_ids: Vec::new(),
            rule: porthole::domain::ApprovalRule::Any,
            round: 0,
            row: None,
            id: id("a", i),
            project_id: r.project.id.clone(),
            milestone_id: None,
            file_id: Some(file.id.clone()),
            title: format!("Approve draft {i}"),
            description: "Approve it or tell us what to change.".into(),
            due_on: Some(NOW.date() + Duration::days(3)),
            status: ApprovalStatus::Pending,
            target_version: current.as_ref().map(|v| v.n),
            target_sha256: current.map(|v| v.sha256),
            requested_by: "staff".into(),
            created_at: NOW - Duration::days(2),
            opened_at: NOW - Duration::days(2),
            decisions: Vec::new(),
        });
        r.files.push(file);
    }
    r
}

fn context() -> PageContext {
    PageContext {
        branding: Branding {
            name: "Northwind Studio".into(),
            accent: "#2457c5".into(),
            logo_url: String::new(),
            timezone: "UTC".into(),
        },
        base: format!("/p/{}", "A".repeat(94)),
        loc: porthole::i18n::Locale::default(),
        client_name: "Harbor & Finch Bakery".into(),
        contact_name: "Maya Finch".into(),
        view_marker: None,
        rights: porthole::domain::access::Rights::all(),
        sections: Sections::default(),
    }
}

fn today() -> Date {
    NOW.date()
}

fn project_model(r: &Records) -> ProjectPage {
    let mut model = ProjectPage::build(
        r.project.clone(),
        &r.milestones,
        &r.updates,
        &r.comments,
        &r.files,
        &r.approvals,
        today(),
    );
    model.comment_form = Some(CommentForm {
        nonce: "N".repeat(48),
    });
    model
}

fn pages(c: &mut Criterion) {
    let ctx = context();
    let mut group = c.benchmark_group("project page");
    for n in [10, 50, 200] {
        let r = records(n);
        let model = project_model(&r);
        group.bench_with_input(BenchmarkId::new("build model", n), &r, |b, r| {
            b.iter(|| project_model(black_box(r)));
        });
        group.bench_with_input(BenchmarkId::new("render", n), &model, |b, m| {
            b.iter(|| porthole::views::project(&ctx, black_box(m)).into_string());
        });
    }
    group.finish();

    let mut group = c.benchmark_group("overview");
    for n in [10, 50, 200] {
        // Three projects sharing the milestones, as a client with several projects has.
        let r = records(n);
        let mut projects = vec![r.project.clone()];
        for k in 1..3 {
            let mut p = r.project.clone();
            p.id = id("p", n + k);
            p.name = format!("Project {k}");
            projects.push(p);
        }
        let model = Overview::build(&projects, &r.milestones, &r.approvals, today());
        group.bench_with_input(BenchmarkId::new("build model", n), &r, |b, r| {
            b.iter(|| Overview::build(black_box(&projects), &r.milestones, &r.approvals, today()));
        });
        group.bench_with_input(BenchmarkId::new("render", n), &model, |b, m| {
            b.iter(|| porthole::views::overview(&ctx, black_box(m)).into_string());
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = pages
}
criterion_main!(benches);
