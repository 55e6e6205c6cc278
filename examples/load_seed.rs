//! Seeds a data dir for `benches/load.sh`: one client, a project page of a chosen size, a
//! large download, and many pending approvals, each with a ready-to-send decision form.
//!
//! ```text
//! cargo run --release --example load_seed -- --data-dir D --out DIR \
//!     [--milestones 50] [--approvals 20000] [--grants 64] [--download-mib 20]
//! ```
//!
//! Writes into `DIR`: `page_path`, `overview_path`, `download_path` (URL paths on the
//! server), `download_blob` (the blob file, for a static server to serve the same bytes),
//! `staff_token`, and `approvals.tsv` (`path<TAB>form body`, one pending approval a line,
//! spread over `--grants` links). The server must not be running while this runs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, bail};
use porthole::clock::SystemClock;
use porthole::config::Settings;
use porthole::domain::{
    Approval, ApprovalStatus, Author, CommentTarget, FileRecord, MilestoneStatus, ProjectStatus,
    new_id,
};
use porthole::ops::IssueLink;
use porthole::state::AppState;
use porthole::store::ContactInput;
use porthole::store::{
    Actor, MilestonePatch, NewApproval, NewClient, NewFileVersion, NewMilestone, NewProject,
    NewStaff, Store,
};
use serde_json::json;
use time::{Duration, OffsetDateTime};

struct Args {
    data_dir: PathBuf,
    out: PathBuf,
    milestones: u32,
    approvals: u32,
    grants: u32,
    download_mib: u32,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        data_dir: PathBuf::new(),
        out: PathBuf::new(),
        milestones: 50,
        approvals: 20_000,
        grants: 64,
        download_mib: 20,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u32>()
                .with_context(|| format!("{flag} {value:?} is not a number"))
        };
        match flag.as_str() {
            "--data-dir" => args.data_dir = PathBuf::from(&value),
            "--out" => args.out = PathBuf::from(&value),
            "--milestones" => args.milestones = number()?,
            "--approvals" => args.approvals = number()?,
            "--grants" => args.grants = number()?.max(1),
            "--download-mib" => args.download_mib = number()?,
            other => bail!("unknown option {other}"),
        }
    }
    if args.data_dir.as_os_str().is_empty() || args.out.as_os_str().is_empty() {
        bail!(
            "usage: load_seed --data-dir DIR --out DIR [--milestones N] [--approvals N] [--grants N] [--download-mib N]"
        );
    }
    Ok(args)
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let mut settings = Settings::load(None)?;
    settings.data_dir.clone_from(&args.data_dir);
    let state = AppState::open(settings, Arc::new(SystemClock))?;
    std::fs::create_dir_all(&args.out)?;
    seed(&state, &args)
}

/// Deterministic filler bytes (incompressible enough that nobody's gzip helps).
fn filler(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect()
}

fn put_file(
    store: &Store,
    staff: &Actor,
    now: OffsetDateTime,
    project: &str,
    name: &str,
    bytes: &[u8],
) -> anyhow::Result<(FileRecord, PathBuf)> {
    let blob = store.blobs().put_bytes(bytes)?;
    let path = store
        .blobs()
        .path(&blob.sha256)
        .context("blob hash malformed")?;
    let content_type = mime_guess::from_path(name)
        .first_or_octet_stream()
        .essence_str()
        .to_owned();
    let (file, _) = store.add_file_version(
        staff,
        now,
        project,
        NewFileVersion {
            name: name.into(),
            milestone_id: None,
            note: Some("Seeded for the load test".into()),
            content_type,
            blob,
        },
    )?;
    Ok((file, path))
}

#[allow(clippy::too_many_lines)]
fn seed(state: &AppState, args: &Args) -> anyhow::Result<()> {
    let store = &state.store;
    let now = OffsetDateTime::now_utc();
    let ago = |days: i64| now - Duration::days(days);
    let (staff, token) = store.create_staff(
        &Actor::System,
        ago(60),
        NewStaff {
            name: "Dana Lee".into(),
            email: "dana@agency.test".into(),
        },
    )?;
    let dana = Actor::Staff {
        id: staff.id.clone(),
        name: staff.name,
    };
    let client = store.create_client(
        &dana,
        ago(60),
        NewClient {
            name: "Harbor & Finch Bakery".into(),
            contacts: vec![ContactInput::new("Maya Finch", "maya@client.test")],
            language: Some("en".into()),
            timezone: None,
        },
    )?;
    let web = store.create_project(
        &dana,
        ago(59),
        &client.id,
        NewProject {
            name: "Website relaunch".into(),
            summary: Some("A faster, friendlier site with online pre-orders.".into()),
            status: Some(ProjectStatus::Active),
            next_step: Some(
                "Once the homepage design is approved, we build the pre-order flow.".into(),
            ),
        },
    )?;
    let statuses = [
        MilestoneStatus::Done,
        MilestoneStatus::Done,
        MilestoneStatus::InProgress,
        MilestoneStatus::Planned,
        MilestoneStatus::Planned,
        MilestoneStatus::Blocked,
    ];
    for i in 0..args.milestones {
        let status = statuses[i as usize % statuses.len()];
        let created = ago(58) + Duration::minutes(i64::from(i));
        let m = store.create_milestone(
            &dana,
            created,
            &web.id,
            NewMilestone {
                title: format!("Milestone {}: pages and copy, part {}", i + 1, i % 7 + 1),
                description: Some("Wireframes, copy and photos for this part of the site, reviewed together in a call.".into()),
                status: Some(MilestoneStatus::Planned),
                due_on: Some(now.date() + Duration::days(i64::from(i) - 20)),
            },
        )?;
        store.add_update(
            &dana,
            created + Duration::hours(1),
            &m.id,
            "Progress: drafts are up for review.\n\n- layout for phone and desktop\n- first copy pass",
            false,
        )?;
        if i % 3 == 0 {
            store.add_update(
                &dana,
                created + Duration::hours(2),
                &m.id,
                "Internal: budget is tight on this one.",
                true,
            )?;
            store.add_comment(
                &Actor::System,
                created + Duration::hours(3),
                &web.id,
                CommentTarget::Milestone(m.id.clone()),
                Author::Link {
                    grant_id: "seed".into(),
                    name: "Maya Finch".into(),
                    email: "maya@client.test".into(),
                },
                "Looks good, thanks! Can we see the phone version too?",
            )?;
        }
        if status != MilestoneStatus::Planned {
            store.patch_milestone(
                &dana,
                created + Duration::days(i64::from(i % 20)),
                &m.id,
                MilestonePatch {
                    status: Some(status),
                    ..MilestonePatch::default()
                },
            )?;
        }
    }
    for i in 0..5 {
        put_file(
            store,
            &dana,
            ago(10 - i),
            &web.id,
            &format!("draft-{i}.pdf"),
            format!("%PDF-1.4 draft {i}").as_bytes(),
        )?;
    }
    let mib = usize::try_from(args.download_mib)?;
    let (download, download_blob) = put_file(
        store,
        &dana,
        ago(1),
        &web.id,
        "photo-shoot.zip",
        &filler(mib * 1024 * 1024),
    )?;
    let (mockup, _) = put_file(
        store,
        &dana,
        ago(2),
        &web.id,
        "homepage-mockup.pdf",
        b"%PDF-1.4 mockup",
    )?;
    store.create_approval(
        &dana,
        ago(2),
        &web.id,
        NewApproval {
            approvers: None,
            rule: porthole::domain::ApprovalRule::Any,
            title: "Approve the homepage design".into(),
            description: Some("Version 1. Approve it or tell us what to change.".into()),
            file_id: Some(mockup.id),
            milestone_id: None,
            due_on: Some(now.date() + Duration::days(3)),
        },
    )?;

    // Pending approvals to decide under load, in their own project so the page stays the same.
    let batch = store.create_project(
        &dana,
        ago(5),
        &client.id,
        NewProject {
            name: "Print proofs".into(),
            summary: Some("Every proof the printer needs signed off.".into()),
            status: None,
            next_step: None,
        },
    )?;
    let (deliverable, _) = put_file(
        store,
        &dana,
        ago(5),
        &batch.id,
        "proof.pdf",
        b"%PDF-1.4 proof",
    )?;
    let version = deliverable
        .current()
        .context("seeded file has no version")?
        .clone();
    let mut approval_ids = Vec::with_capacity(args.approvals as usize);
    let mut remaining = args.approvals;
    while remaining > 0 {
        let n = remaining.min(2_000);
        remaining -= n;
        // Many approvals per transaction: seeding is not what is measured. Requested an
        // hour ago, so that no reminder is due (`mail.reminder_after` is days): otherwise
        // the server would spend the whole run writing a reminder mail for each of them.
        let ids = store.write(&dana, now - Duration::hours(1), |tx| {
            let mut ids = Vec::with_capacity(n as usize);
            for _ in 0..n {
                let a = Approval {
approver_ids: Vec::new(), rule: porthole::domain::ApprovalRule::Any, round: 0, row: None,
                    id: new_id(),
                    project_id: batch.id.clone(),
                    milestone_id: None,
                    file_id: Some(deliverable.id.clone()),
                    title: "Approve this proof".into(),
                    description: "Sign off so the printer can start.".into(),
                    due_on: None,
                    status: ApprovalStatus::Pending,
                    target_version: Some(version.n),
                    target_sha256: Some(version.sha256.clone()),
                    requested_by: dana.id(),
                    created_at: tx.now,
                    opened_at: tx.now,
                    decisions: Vec::new(),
                };
                tx.put(&a)?;
                tx.link_child("project", &batch.id, "approvals", &a.id)?;
                tx.link_child("file", &deliverable.id, "approvals", &a.id)?;
                tx.audit(
                    "approval.requested",
                    &[&client.id, &batch.id, &a.id],
                    json!({"title": a.title, "file_id": a.file_id, "version": a.target_version, "sha256": a.target_sha256}),
                )?;
                ids.push(a.id);
            }
            Ok(ids)
        })?;
        approval_ids.extend(ids);
    }

    let mut links = Vec::new();
    for _ in 0..args.grants {
        let issued = state.issue_link(
            &dana,
            &client.id,
            &IssueLink {
                email: "maya@client.test".into(),
                ttl: Some("30d".into()),
                project_id: None,
                send: Some(false),
                can: None,
            },
        )?;
        let path = issued
            .url
            .find("/p/")
            .map(|at| issued.url[at..].to_owned())
            .context("issued URL has no /p/ path")?;
        links.push((issued.grant_id, path));
    }
    let (grant0, base0) = &links[0];
    let _ = grant0;
    write(
        &args.out,
        "page_path",
        &format!("{base0}/projects/{}", web.id),
    )?;
    write(&args.out, "overview_path", base0)?;
    write(
        &args.out,
        "download_path",
        &format!("{base0}/files/{}/1", download.id),
    )?;
    write(
        &args.out,
        "download_blob",
        &std::path::absolute(&download_blob)?.display().to_string(),
    )?;
    write(&args.out, "staff_token", &token)?;
    let mut tsv = String::with_capacity(approval_ids.len() * 300);
    let keyring = state.keyring();
    for (i, aid) in approval_ids.iter().enumerate() {
        let (grant_id, base) = &links[i % links.len()];
        let nonce = keyring.sign_nonce(grant_id, aid);
        let _ = writeln!(
            tsv,
            "{base}/approvals/{aid}\tdecision=approve&name=Maya+Finch&confirm=on&version_sha256={}&nonce={nonce}",
            version.sha256
        );
    }
    std::fs::write(args.out.join("approvals.tsv"), tsv)?;
    println!(
        "seeded: {} milestones, {} pending approvals over {} links, a {} MiB download",
        args.milestones,
        approval_ids.len(),
        links.len(),
        args.download_mib
    );
    Ok(())
}

fn write(dir: &Path, name: &str, value: &str) -> anyhow::Result<()> {
    std::fs::write(dir.join(name), format!("{value}\n"))
        .with_context(|| format!("cannot write {}", dir.join(name).display()))
}
