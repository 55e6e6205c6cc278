//! Page tests: render every page with realistic data and check what a person (or a
//! scanner) would see.

pub mod fixtures {
    //! A realistic client: two projects, milestones with public and internal updates,
    //! files with versions (one hidden), approvals in every state.

    use time::macros::{date, datetime};
    use time::{Date, OffsetDateTime};

    use crate::config::Branding;
    use crate::domain::*;
    use crate::views::client::*;

    pub const BASE: &str = "/p/TOKEN_abc-123";
    pub const SHA_V1: &str = "1f0e3dad99908345f7439f8ffabdffc4a3c6f1fd6a7d8e1b2c3d4e5f60718293";
    pub const SHA_V2: &str = "9b74c9897bac770ffc029102a200c5de8c3f1b0a7e6d5c4b3a29181716151413";
    pub const AUDIT_HASH: &str = "c0ffee00deadbeef0123456789abcdef0123456789abcdef0123456789abcdef";

    pub fn branding() -> Branding {
        Branding {
            name: "Northwind Studio".into(),
            accent: "#2457c5".into(),
            logo_url: String::new(),
            timezone: "UTC".into(),
        }
    }

    pub fn ctx() -> PageContext {
        PageContext {
            branding: branding(),
            base: BASE.into(),
            loc: crate::i18n::Locale::default(),
            client_name: "Acme Corporation".into(),
            contact_name: "Cleo Client".into(),
            view_marker: None,
            sections: Sections::default(),
            rights: crate::domain::access::Rights::all(),
        }
    }

    pub fn project_record(id: &str, name: &str, next_step: Option<&str>) -> Project {
        Project {
            id: id.into(),
            client_id: "client-acme".into(),
            name: name.into(),
            summary: format!("{name}: scope, schedule and deliverables in one place."),
            status: ProjectStatus::Active,
            next_step: next_step.map(Into::into),
            created_at: datetime!(2026-09-01 09:00 UTC),
        }
    }

    pub fn milestone(
        p: &Project,
        title: &str,
        status: MilestoneStatus,
        position: u32,
    ) -> Milestone {
        Milestone {
            id: format!("ms-{position}-{}", p.id),
            project_id: p.id.clone(),
            title: title.into(),
            description: String::new(),
            status,
            due_on: None,
            completed_at: None,
            position,
            created_at: datetime!(2026-09-01 09:00 UTC),
        }
    }

    pub fn version(
        n: u32,
        sha: &str,
        size: u64,
        at: OffsetDateTime,
        note: Option<&str>,
    ) -> FileVersion {
        FileVersion {
            n,
            sha256: sha.into(),
            size,
            content_type: "application/pdf".into(),
            uploaded_by: "Ana Lima".into(),
            uploaded_at: at,
            note: note.map(Into::into),
        }
    }

    /// Built from JSON so that fields added to `Decision` later keep these tests compiling.
    #[allow(clippy::too_many_arguments)]
    pub fn decision(
        kind: &str,
        name: &str,
        at: &str,
        version: Option<u32>,
        sha: Option<&str>,
        comment: Option<&str>,
        nonce: &str,
        seq: u64,
    ) -> Decision {
        serde_json::from_value(serde_json::json!({
            "decision": kind,
            "comment": comment,
            "typed_name": name,
            "grant_id": "grant-1",
            "contact_email": "cleo@acme.example",
            "client_ip": "203.0.113.7",
            "user_agent": "Mozilla/5.0",
            "at": at,
            "file_id": version.map(|_| "file-home"),
            "version": version,
            "sha256": sha,
            "nonce": nonce,
            "requested_at": "2026-10-20T09:00:00Z",
            "audit_seq": seq,
            "audit_hash": AUDIT_HASH,
        }))
        .expect("decision fixture")
    }

    pub fn approval_record(p: &Project, id: &str, title: &str, status: ApprovalStatus) -> Approval {
        Approval {
            approver_ids: Vec::new(),
            rule: crate::domain::ApprovalRule::Any,
            round: 0,
            row: None,
            id: id.into(),
            project_id: p.id.clone(),
            milestone_id: None,
            file_id: None,
            title: title.into(),
            description: String::new(),
            due_on: None,
            status,
            target_version: None,
            target_sha256: None,
            requested_by: "staff-ana".into(),
            created_at: datetime!(2026-10-20 09:00 UTC),
            opened_at: datetime!(2026-10-20 09:00 UTC),
            decisions: vec![],
        }
    }

    pub struct Fixture {
        pub today: Date,
        pub projects: Vec<Project>,
        pub milestones: Vec<Milestone>,
        pub updates: Vec<MilestoneUpdate>,
        pub comments: Vec<Comment>,
        pub files: Vec<FileRecord>,
        pub approvals: Vec<Approval>,
    }

    impl Fixture {
        #[allow(clippy::too_many_lines)]
        pub fn new() -> Self {
            let web = project_record(
                "prj-web",
                "Website relaunch",
                Some("We build the templates once the design is approved."),
            );
            let brand = project_record("prj-brand", "Brand guidelines", None);
            let mut ms = vec![
                milestone(&web, "Kick-off workshop", MilestoneStatus::Done, 1),
                milestone(&web, "Content inventory", MilestoneStatus::Done, 2),
                milestone(&web, "Visual design", MilestoneStatus::InProgress, 3),
                milestone(&web, "Templates", MilestoneStatus::Planned, 4),
                milestone(&web, "Content migration", MilestoneStatus::Planned, 5),
                milestone(&web, "Launch", MilestoneStatus::Planned, 6),
                milestone(&web, "Training", MilestoneStatus::Planned, 7),
                milestone(&web, "Hosting contract", MilestoneStatus::Blocked, 8),
                milestone(&brand, "Logo refinements", MilestoneStatus::Planned, 1),
            ];
            ms[0].completed_at = Some(datetime!(2026-10-01 15:00 UTC));
            ms[0].due_on = Some(date!(2026 - 10 - 01));
            ms[1].completed_at = Some(datetime!(2026-11-05 11:30 UTC));
            ms[2].due_on = Some(date!(2026 - 11 - 20));
            ms[2].description =
                "Two design directions for the homepage and the article pages.".into();
            ms[3].due_on = Some(date!(2026 - 12 - 01));
            ms[5].due_on = Some(date!(2027 - 01 - 15));
            ms[7].description = "Waiting for the signed hosting contract from your IT team.".into();
            let design_id = ms[2].id.clone();

            let updates = vec![
                MilestoneUpdate {
                    id: "upd-1".into(),
                    milestone_id: design_id.clone(),
                    project_id: web.id.clone(),
                    body: "First concepts are ready.\n\nWe explored two directions:\n- Calm and editorial\n- Bold and colourful".into(),
                    author: "Ana Lima".into(),
                    author_id: "staff-ana".into(),
                    at: datetime!(2026-11-03 10:15 UTC),
                    internal: false,
                },
                MilestoneUpdate {
                    id: "upd-2".into(),
                    milestone_id: design_id.clone(),
                    project_id: web.id.clone(),
                    body: "INTERNAL: client is slow to reply, budget is tight".into(),
                    author: "Ana Lima".into(),
                    author_id: "staff-ana".into(),
                    at: datetime!(2026-11-04 10:15 UTC),
                    internal: true,
                },
            ];
            let comments = vec![Comment {
                id: "cmt-1".into(),
                project_id: web.id.clone(),
                target: CommentTarget::Milestone(design_id.clone()),
                author: Author::Link {
                    grant_id: "grant-1".into(),
                    name: "Cleo Client".into(),
                    email: "cleo@acme.example".into(),
                },
                body: "Love the calm one! <script>alert('x')</script>".into(),
                at: datetime!(2026-11-04 16:40 UTC),
            }];

            let files = vec![
                FileRecord {
                    id: "file-home".into(),
                    project_id: web.id.clone(),
                    milestone_id: Some(design_id.clone()),
                    name: "homepage-v2.pdf".into(),
                    client_visible: true,
                    versions: vec![
                        version(
                            1,
                            SHA_V1,
                            1_850_000,
                            datetime!(2026-10-20 09:00 UTC),
                            Some("First draft"),
                        ),
                        version(
                            2,
                            SHA_V2,
                            2_412_345,
                            datetime!(2026-11-06 14:20 UTC),
                            Some("Bigger hero image, new footer"),
                        ),
                    ],
                    created_at: datetime!(2026-10-20 09:00 UTC),
                },
                FileRecord {
                    id: "file-guide".into(),
                    project_id: web.id.clone(),
                    milestone_id: None,
                    name: "content-guide.pdf".into(),
                    client_visible: true,
                    versions: vec![version(
                        1,
                        SHA_V1,
                        734_003,
                        datetime!(2026-10-02 08:00 UTC),
                        None,
                    )],
                    created_at: datetime!(2026-10-02 08:00 UTC),
                },
                FileRecord {
                    id: "file-notes".into(),
                    project_id: web.id.clone(),
                    milestone_id: None,
                    name: "internal-notes.docx".into(),
                    client_visible: false,
                    versions: vec![version(
                        1,
                        SHA_V1,
                        12_000,
                        datetime!(2026-10-03 08:00 UTC),
                        None,
                    )],
                    created_at: datetime!(2026-10-03 08:00 UTC),
                },
            ];

            let mut sitemap = approval_record(
                &web,
                "apr-sitemap",
                "Sitemap sign-off",
                ApprovalStatus::Pending,
            );
            sitemap.due_on = Some(date!(2026 - 11 - 10));
            sitemap.description = "The page structure for the new site.".into();
            let mut home =
                approval_record(&web, "apr-home", "Homepage design", ApprovalStatus::Pending);
            home.due_on = Some(date!(2026 - 11 - 19));
            home.file_id = Some("file-home".into());
            home.milestone_id = Some(design_id.clone());
            home.target_version = Some(2);
            home.target_sha256 = Some(SHA_V2.into());
            home.description =
                "Please review the homepage layout.\n\nThe hero image is a placeholder.".into();
            home.opened_at = datetime!(2026-11-06 14:20 UTC);
            home.decisions.push(decision(
                "request_changes",
                "Cleo Client",
                "2026-10-28T10:00:00Z",
                Some(1),
                Some(SHA_V1),
                Some("Make the logo bigger."),
                "nonce-old",
                41,
            ));
            let mut copy = approval_record(&web, "apr-copy", "Copy deck", ApprovalStatus::Pending);
            copy.file_id = Some("file-notes".into());
            let mut mood = approval_record(&web, "apr-mood", "Moodboard", ApprovalStatus::Approved);
            mood.created_at = datetime!(2026-10-08 09:00 UTC);
            mood.opened_at = mood.created_at;
            mood.decisions.push(decision(
                "approve",
                "Cleo Client",
                "2026-10-15T12:00:00Z",
                None,
                None,
                None,
                "nonce-mood",
                30,
            ));
            let banner =
                approval_record(&web, "apr-banner", "Old banner", ApprovalStatus::Withdrawn);

            Self {
                today: date!(2026 - 11 - 12),
                projects: vec![web, brand],
                milestones: ms,
                updates,
                comments,
                files,
                approvals: vec![sitemap, home, copy, mood, banner],
            }
        }

        pub fn overview(&self) -> Overview {
            Overview::build(
                &self.projects,
                &self.milestones,
                &self.approvals,
                self.today,
            )
        }

        pub fn project_page(&self) -> ProjectPage {
            let mut page = ProjectPage::build(
                self.projects[0].clone(),
                &self.milestones,
                &self.updates,
                &self.comments,
                &self.files,
                &self.approvals,
                self.today,
            );
            page.comment_form = Some(CommentForm {
                nonce: "nonce-comment".into(),
            });
            page
        }

        pub fn approval_page(&self, id: &str) -> ApprovalPage {
            let approval = self
                .approvals
                .iter()
                .find(|a| a.id == id)
                .cloned()
                .expect("fixture approval");
            let file = approval
                .file_id
                .as_deref()
                .and_then(|f| self.files.iter().find(|r| r.id == f && r.client_visible))
                .cloned();
            let form = (approval.status == ApprovalStatus::Pending)
                .then(|| DecisionForm::new("nonce-fresh", &approval));
            ApprovalPage {
                project: self.projects[0].clone(),
                approval,
                file,
                form,
                comments: vec![],
                comment_form: Some(CommentForm {
                    nonce: "nonce-comment".into(),
                }),
                approvers: vec![],
                may_decide: true,
                own_decision: None,
                verify_code: false,
                today: self.today,
                previews: Default::default(),
            }
        }

        /// The homepage approval after Cleo approved version 2.
        pub fn decided_page(&self) -> ApprovalPage {
            let mut page = self.approval_page("apr-home");
            page.approval.status = ApprovalStatus::Approved;
            page.approval.decisions.push(decision(
                "approve",
                "Cleo Client",
                "2026-11-12T09:41:27Z",
                Some(2),
                Some(SHA_V2),
                None,
                "nonce-fresh",
                57,
            ));
            page.form = None;
            page
        }
    }
}

use fixtures::*;

use crate::domain::{DecisionKind, MilestoneUpdate};
use crate::views::*;

/// Every page, rendered, with a name.
fn all_pages() -> Vec<(&'static str, String)> {
    let f = Fixture::new();
    let ctx = ctx();
    let b = branding();
    let mut with_errors = f.approval_page("apr-home");
    if let Some(form) = with_errors.form.as_mut() {
        form.errors = vec!["Please tick the box to confirm your approval".into()];
        form.values = DecisionValues {
            decision: Some(DecisionKind::Approve),
            name: "Cleo <b>Client</b>".into(),
            comment: String::new(),
            confirm: false,
        };
    }
    vec![
        ("overview", overview(&ctx, &f.overview()).into_string()),
        ("project", project(&ctx, &f.project_page()).into_string()),
        (
            "approval",
            approval(&ctx, &f.approval_page("apr-home")).into_string(),
        ),
        (
            "approval-errors",
            approval(&ctx, &with_errors).into_string(),
        ),
        (
            "approval-nofile",
            approval(&ctx, &f.approval_page("apr-sitemap")).into_string(),
        ),
        ("receipt", approval(&ctx, &f.decided_page()).into_string()),
        (
            "withdrawn",
            approval(&ctx, &f.approval_page("apr-banner")).into_string(),
        ),
        (
            "conflict-stale",
            conflict_stale(&ctx, &f.approval_page("apr-home")).into_string(),
        ),
        (
            "conflict-decided",
            conflict_decided(&ctx, &f.decided_page()).into_string(),
        ),
        (
            "not-found",
            not_found(&b, &crate::i18n::Locale::default()).into_string(),
        ),
        (
            "link-gone",
            link_gone(
                &b,
                &crate::i18n::Locale::default(),
                Some(&format!("{BASE}/renew")),
            )
            .into_string(),
        ),
        (
            "portal-closed",
            portal_closed(
                &b,
                &crate::i18n::Locale::default(),
                Some("Ana Lima, ana@northwind.example"),
            )
            .into_string(),
        ),
        (
            "renew-sent",
            renew_sent(&b, &crate::i18n::Locale::default()).into_string(),
        ),
        (
            "rate-limited",
            rate_limited(&b, &crate::i18n::Locale::default()).into_string(),
        ),
        (
            "bad-request",
            bad_request(
                &b,
                &crate::i18n::Locale::default(),
                "The form was incomplete.",
            )
            .into_string(),
        ),
        (
            "server-error",
            server_error(&b, &crate::i18n::Locale::default()).into_string(),
        ),
    ]
}

pub(crate) fn preview_pages() -> Vec<(&'static str, String)> {
    all_pages()
}

#[test]
fn no_script_and_no_inline_style_anywhere() {
    for (name, html) in all_pages() {
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{name} has a script tag");
        assert!(!lower.contains("style="), "{name} has a style attribute");
        assert!(!lower.contains("<style"), "{name} has a style block");
        assert!(lower.starts_with("<!doctype html>"), "{name}");
        assert!(html.contains(&app_css_href()), "{name} links app.css");
        assert!(
            html.contains("/assets/brand.css?v="),
            "{name} links brand.css"
        );
        for landmark in ["<header", "<main", "<footer"] {
            assert!(html.contains(landmark), "{name} lacks {landmark}");
        }
        assert!(html.contains("Northwind Studio"), "{name} shows the brand");
    }
}

#[test]
fn client_pages_have_lang_nav_and_the_signed_in_notice() {
    for (name, html) in all_pages().into_iter().take(9) {
        assert!(html.contains(r#"<html lang="en">"#), "{name}");
        assert!(html.contains("<nav"), "{name}");
        assert!(
            html.contains("Signed in as <strong>Cleo Client</strong> via a private link"),
            "{name}"
        );
        assert!(html.contains("Acme Corporation"), "{name}");
    }
}

#[test]
fn a_long_list_of_decisions_shows_twenty_and_counts_the_rest() {
    let f = Fixture::new();
    let mut o = f.overview();
    let pending = f
        .approvals
        .iter()
        .find(|a| a.status == crate::domain::ApprovalStatus::Pending)
        .unwrap();
    o.to_do.decisions = (0..25)
        .map(|i| {
            let mut a = pending.clone();
            a.id = format!("apr-many-{i}");
            crate::ops::to_do::DecisionToDo {
                approval: a,
                place: "Website relaunch".into(),
                project_id: pending.project_id.clone(),
                file_name: None,
            }
        })
        .collect();
    let html = overview(&ctx(), &o).into_string();
    assert!(html.contains("Needs your decision (25)"));
    assert_eq!(html.matches("/approvals/apr-many-").count(), 20);
    assert!(html.contains("/approvals/apr-many-19"));
    assert!(!html.contains("/approvals/apr-many-20"));
    assert!(
        html.contains("…and 5 more waiting for your decision"),
        "{html}"
    );
}

#[test]
fn overview_shows_four_counted_questions_and_links() {
    let f = Fixture::new();
    let mut o = f.overview();
    o.to_do.decisions = f
        .approvals
        .iter()
        .filter(|a| a.status == crate::domain::ApprovalStatus::Pending)
        .map(|a| crate::ops::to_do::DecisionToDo {
            approval: a.clone(),
            place: "Website relaunch".into(),
            project_id: a.project_id.clone(),
            file_name: None,
        })
        .collect();
    let html = overview(&ctx(), &o).into_string();
    for heading in [
        "Completed (2)",
        "In progress (2)",
        "Needs your decision (3)",
        "What happens next (5)",
        "Projects (2)",
    ] {
        assert!(html.contains(heading), "missing {heading}");
    }
    assert!(html.contains(&format!(r#"href="{BASE}/approvals/apr-home""#)));
    assert!(html.contains(&format!(
        r#"href="{BASE}/projects/prj-web#milestone-ms-3-prj-web""#
    )));
    assert!(html.contains("overdue"), "the sitemap approval is overdue");
    assert!(html.contains("2 of 8 milestones done"));
    assert!(html.contains("12 Nov 2026"));
    assert!(html.contains("We build the templates once the design is approved."));
    assert!(!html.contains("internal-notes"), "hidden file named");
}

#[test]
fn overview_empty_states_are_friendly() {
    let f = Fixture::new();
    let empty = Overview::build(&[], &[], &[], f.today);
    let html = overview(&ctx(), &empty).into_string();
    assert!(html.contains("Needs your decision (0)"));
    assert!(html.contains("Nothing needs your decision right now."));
    assert!(html.contains("Nothing is in progress right now."));
    assert!(html.contains("There are no projects to show yet."));
}

#[test]
fn project_page_shows_milestones_files_approvals_activity() {
    let f = Fixture::new();
    let html = project(&ctx(), &f.project_page()).into_string();
    assert!(html.contains("Milestones (8)"));
    assert!(html.contains(SHA_V1) && html.contains(SHA_V2));
    assert!(html.contains(&format!(r#"href="{BASE}/files/file-home/2""#)));
    assert!(html.contains(&format!(r#"href="{BASE}/files/file-home/1""#)));
    assert!(html.contains("2.4 MB"));
    assert!(html.contains("Bigger hero image, new footer"));
    assert!(
        html.contains("<li>Calm and editorial</li>"),
        "bullets from the update body"
    );
    // The homepage file and its approval sit in their milestone; the rest under "Other".
    let design = html.find(">Visual design<").unwrap();
    let next = html[design + 1..].find(r#"class="milestone "#).unwrap() + design;
    let inside = &html[design..next];
    assert!(inside.contains("homepage-v2.pdf") && inside.contains("Homepage design"));
    assert!(inside.contains("Approvals (1)") && inside.contains("Files (1)"));
    let other = html.find(r#"id="milestone-other""#).unwrap();
    assert!(html[other..].contains("Sitemap sign-off"));
    assert!(html.contains("Recent activity"));
    assert!(
        html.contains("Changes requested by Cleo Client")
            || html.contains("Approved by Cleo Client")
    );
    assert!(!html.contains("INTERNAL"), "internal update rendered");
    assert!(!html.contains("internal-notes"), "hidden file rendered");
    assert!(html.contains(&format!(r#"action="{BASE}/comments""#)));
    assert!(html.contains(r#"name="milestone_id""#));
}

#[test]
fn renderer_skips_internal_updates_even_if_the_caller_forgets() {
    let f = Fixture::new();
    let mut page = f.project_page();
    let leaked = MilestoneUpdate {
        id: "upd-leak".into(),
        milestone_id: page.milestones[2].milestone.id.clone(),
        project_id: page.project.id.clone(),
        body: "SECRET staff-only remark".into(),
        author: "Ana Lima".into(),
        author_id: "staff-ana".into(),
        at: page.milestones[2].milestone.created_at,
        internal: true,
    };
    page.milestones[2].updates.push(leaked);
    let mut hidden = f.files[2].clone();
    hidden.name = "SECRET-file.docx".into();
    page.files.push(hidden);
    let html = project(&ctx(), &page).into_string();
    assert!(
        !html.contains("SECRET"),
        "internal update or hidden file rendered"
    );
}

#[test]
fn switched_off_sections_are_not_rendered() {
    let f = Fixture::new();
    let mut c = ctx();
    c.sections.files = false;
    c.sections.activity = false;
    let html = project(&c, &f.project_page()).into_string();
    assert!(!html.contains("Files ("), "files heading");
    assert!(!html.contains("/files/"), "download links");
    assert!(!html.contains("Recent activity"));
    assert!(html.contains("Milestones (8)"));

    c.sections.approvals = false;
    c.sections.milestones = false;
    let html = overview(&c, &f.overview()).into_string();
    assert!(!html.contains("Needs your decision"));
    assert!(!html.contains("/approvals/"));
    assert!(!html.contains("Completed ("));
    assert!(!html.contains("milestones done"));
    assert!(html.contains("What happens next (1)"), "next steps remain");

    let html = approval(&c, &f.approval_page("apr-home")).into_string();
    assert!(!html.contains("/files/"), "no download when files are off");
    assert!(html.contains(SHA_V2), "the hash is still shown");
}

#[test]
fn approval_form_has_the_contract_fields() {
    let f = Fixture::new();
    let html = approval(&ctx(), &f.approval_page("apr-home")).into_string();
    assert!(html.contains(&format!(r#"action="{BASE}/approvals/apr-home""#)));
    assert_eq!(
        html.matches(r#"method="post""#).count(),
        3,
        "approve, changes, comment"
    );
    assert_eq!(
        html.matches(r#"name="nonce" value="nonce-fresh""#).count(),
        2
    );
    assert_eq!(
        html.matches(&format!(r#"name="version_sha256" value="{SHA_V2}""#))
            .count(),
        2
    );
    assert_eq!(html.matches(r#"name="name""#).count(), 2);
    assert!(html.contains(r#"autocomplete="name""#));
    assert!(html.contains(r#"type="checkbox" name="confirm""#));
    assert!(html.contains(r#"name="comment""#));
    assert!(html.contains(r#"name="decision" value="approve""#));
    assert!(html.contains(r#"name="decision" value="request_changes""#));
    assert!(html.contains("Your full name"));
    assert!(html.contains("What should change?"));
    assert!(html.contains("I approve version 2 of homepage-v2.pdf as final"));
    assert!(html.contains("homepage-v2.pdf"));
    assert!(html.contains(&format!(r#"href="{BASE}/files/file-home/2""#)));
    assert!(
        html.contains("Earlier rounds (1)"),
        "the v1 round is history"
    );
    assert!(html.contains("Make the logo bigger."));
    assert!(!html.contains("role=\"alert\""), "no errors, no alert");
    // Every input is labelled.
    for id in [
        "approve-name",
        "approve-confirm",
        "changes-name",
        "changes-comment",
    ] {
        assert!(html.contains(&format!(r#"for="{id}""#)), "label for {id}");
        assert!(html.contains(&format!(r#"id="{id}""#)), "input {id}");
    }
}

#[test]
fn approval_errors_are_announced_and_values_kept() {
    let f = Fixture::new();
    let mut page = f.approval_page("apr-home");
    if let Some(form) = page.form.as_mut() {
        form.errors = vec!["Please say what should change".into()];
        form.values = DecisionValues {
            decision: Some(DecisionKind::RequestChanges),
            name: "Cleo <script>Client</script>".into(),
            comment: "Bigger <script>alert(1)</script> logo".into(),
            confirm: false,
        };
    }
    let html = approval(&ctx(), &page).into_string();
    assert!(html.contains(r#"role="alert""#));
    assert!(html.contains("Please say what should change"));
    assert!(html.contains(r#"value="Cleo &lt;script&gt;Client&lt;/script&gt;""#));
    assert!(html.contains("Bigger &lt;script&gt;alert(1)&lt;/script&gt; logo</textarea>"));
    assert!(!html.contains("<script"));
}

#[test]
fn receipt_shows_the_evidence() {
    let f = Fixture::new();
    let html = approval(&ctx(), &f.decided_page()).into_string();
    assert!(html.contains("Decision recorded"));
    assert!(html.contains("cleo@acme.example"));
    assert!(html.contains("12 Nov 2026, 09:41:27 UTC"));
    assert!(html.contains(SHA_V2));
    assert!(html.contains("No. 57"));
    assert!(html.contains(AUDIT_HASH));
    assert!(html.contains("Print this receipt"));
    assert!(!html.contains(r#"name="decision""#), "no form once decided");
    assert!(!html.contains("203.0.113.7"), "the IP stays in the record");
}

#[test]
fn approval_without_file_and_withdrawn() {
    let f = Fixture::new();
    let html = approval(&ctx(), &f.approval_page("apr-sitemap")).into_string();
    assert!(html.contains("No file is attached"));
    assert!(html.contains("I approve “Sitemap sign-off” as final"));
    assert!(html.contains(r#"name="version_sha256" value="""#));
    let html = approval(&ctx(), &f.approval_page("apr-banner")).into_string();
    assert!(html.contains("withdrew this request"));
    assert!(!html.contains(r#"name="decision""#));
}

#[test]
fn conflict_pages() {
    let f = Fixture::new();
    let html = conflict_stale(&ctx(), &f.approval_page("apr-home")).into_string();
    assert!(html.contains("A newer version was uploaded"));
    assert!(html.contains("Review version 2"));
    assert!(html.contains(SHA_V2));
    assert!(html.contains(&format!(r#"href="{BASE}/approvals/apr-home""#)));
    let html = conflict_decided(&ctx(), &f.decided_page()).into_string();
    assert!(html.contains("This approval was already decided"));
    assert!(html.contains("Approved by Cleo Client"));
}

#[test]
fn user_text_is_escaped() {
    let f = Fixture::new();
    let html = project(&ctx(), &f.project_page()).into_string();
    assert!(html.contains("Love the calm one! &lt;script&gt;alert('x')&lt;/script&gt;"));
    let mut c = ctx();
    c.client_name = "<img src=x onerror=alert(1)>".into();
    let html = overview(&c, &f.overview()).into_string();
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains(r#"<html lang="en">"#));
}

#[test]
fn error_pages_show_no_client_data() {
    let b = branding();
    let html = not_found(&b, &crate::i18n::Locale::default()).into_string();
    assert!(html.contains("This link is not valid"));
    assert!(!html.contains("Acme") && !html.contains("Signed in"));
    assert!(html.contains(r#"<html lang="en">"#));

    let html = link_gone(
        &b,
        &crate::i18n::Locale::default(),
        Some(&format!("{BASE}/renew")),
    )
    .into_string();
    assert!(html.contains("This link has expired or was replaced"));
    assert!(html.contains(&format!(r#"method="post" action="{BASE}/renew""#)));
    assert!(html.contains("Send me a fresh link"));
    assert!(html.contains("renew"));
    assert!(!html.contains("Acme"));

    let html = portal_closed(
        &b,
        &crate::i18n::Locale::default(),
        Some("Ana Lima, ana@northwind.example"),
    )
    .into_string();
    assert!(html.contains("This portal is closed"));
    assert!(html.contains("ana@northwind.example"));
    assert!(!html.contains("<button") && !html.contains("<form"));
    let html = portal_closed(&b, &crate::i18n::Locale::default(), None).into_string();
    assert!(html.contains("your usual contact at Northwind Studio"));

    let html = renew_sent(&b, &crate::i18n::Locale::default()).into_string();
    assert!(html.contains(
        "If this link belongs to an address on file, a fresh link is on its way. Check your inbox."
    ));
    assert!(
        rate_limited(&b, &crate::i18n::Locale::default())
            .into_string()
            .contains("Too many requests")
    );
    let html = bad_request(&b, &crate::i18n::Locale::default(), "<script>x</script>").into_string();
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
}

#[test]
fn logo_is_shown_without_referrer() {
    let mut b = branding();
    b.logo_url = "https://cdn.example/logo.png".into();
    let html = not_found(&b, &crate::i18n::Locale::default()).into_string();
    assert!(html.contains(r#"src="https://cdn.example/logo.png""#));
    assert!(html.contains(r#"referrerpolicy="no-referrer""#));
    assert!(html.contains(r#"<meta name="referrer" content="no-referrer">"#));
}
