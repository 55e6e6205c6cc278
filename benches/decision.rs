//! Cost of recording one approval decision durably (`Store::record_decision` on a store in a
//! temp dir, so every answer waits for the disk): alone, and with 64 writers at once, where
//! group commit lets them share their flushes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use porthole::domain::approval::DecisionInput;
use porthole::domain::{Approval, ApprovalStatus, Capability, DecisionKind, LinkGrant, new_id};
use porthole::store::ContactInput;
use porthole::store::{
    Actor, DecisionEvidence, DecisionResult, NewClient, NewFileVersion, NewGrant, NewProject, Store,
};
use serde_json::json;
use time::OffsetDateTime;

struct Fixture {
    store: Store,
    grant: LinkGrant,
    project: String,
    file: String,
    sha256: String,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("store");
    let now = OffsetDateTime::now_utc();
    let staff = Actor::System;
    let client = store
        .create_client(
            &staff,
            now,
            NewClient {
                name: "Harbor & Finch Bakery".into(),
                contacts: vec![ContactInput::new("Maya Finch", "maya@client.test")],
                language: None,
                timezone: None,
            },
        )
        .expect("client");
    let project = store
        .create_project(
            &staff,
            now,
            &client.id,
            NewProject {
                name: "Print proofs".into(),
                summary: None,
                status: None,
                next_step: None,
            },
        )
        .expect("project");
    let blob = store.blobs().put_bytes(b"%PDF-1.4 proof").expect("blob");
    let (file, version) = store
        .add_file_version(
            &staff,
            now,
            &project.id,
            NewFileVersion {
                name: "proof.pdf".into(),
                milestone_id: None,
                note: None,
                content_type: "application/pdf".into(),
                blob,
            },
        )
        .expect("file");
    let grant = store
        .create_grant(
            &staff,
            now,
            NewGrant {
                client_id: client.id,
                project_id: None,
                email: "maya@client.test".into(),
                ttl: Duration::from_secs(86_400),
                key_id: 1,
                send: false,
                can: Capability::all(),
            },
        )
        .expect("grant");
    Fixture {
        store,
        grant,
        project: project.id,
        file: file.id,
        sha256: version.sha256,
        _dir: dir,
    }
}

impl Fixture {
    /// `n` pending approvals, made in a few big transactions (not what is measured).
    fn pending(&self, n: u64) -> Vec<String> {
        let mut ids = Vec::new();
        while (ids.len() as u64) < n {
            let batch = (n - ids.len() as u64).min(2_000);
            let made = self
                .store
                .write(&Actor::System, OffsetDateTime::now_utc(), |tx| {
                    let mut made = Vec::new();
                    for _ in 0..batch {
                        let a = Approval {
                            approver_ids: Vec::new(),
                            rule: porthole::domain::ApprovalRule::Any,
                            round: 0,
                            row: None,
                            id: new_id(),
                            project_id: self.project.clone(),
                            milestone_id: None,
                            file_id: Some(self.file.clone()),
                            title: "Approve this proof".into(),
                            description: String::new(),
                            due_on: None,
                            status: ApprovalStatus::Pending,
                            target_version: Some(1),
                            target_sha256: Some(self.sha256.clone()),
                            requested_by: "system".into(),
                            created_at: tx.now,
                            opened_at: tx.now,
                            decisions: Vec::new(),
                        };
                        tx.put(&a)?;
                        tx.link_child("project", &self.project, "approvals", &a.id)?;
                        tx.audit("approval.requested", &[&self.project, &a.id], json!({}))?;
                        made.push(a.id);
                    }
                    Ok(made)
                })
                .expect("seed approvals");
            ids.extend(made);
        }
        ids
    }

    fn decide(&self, approval_id: &str) {
        let input = DecisionInput {
            decision: DecisionKind::Approve,
            typed_name: "Maya Finch".into(),
            comment: None,
            confirm: true,
            version_sha256: self.sha256.clone(),
            nonce: new_id(),
        };
        let evidence = DecisionEvidence {
            verified_email: None,
            client_ip: "198.51.100.7".into(),
            user_agent: "bench/1.0".into(),
        };
        let r = self
            .store
            .record_decision(
                OffsetDateTime::now_utc(),
                &self.grant,
                approval_id,
                &input,
                &evidence,
            )
            .expect("decision");
        assert!(matches!(r, DecisionResult::Recorded(_)));
    }
}

fn decisions(c: &mut Criterion) {
    let f = Arc::new(fixture());
    let mut group = c.benchmark_group("record_decision");
    group.throughput(Throughput::Elements(1));
    group.bench_function("one writer", |b| {
        b.iter_custom(|iters| {
            let ids = f.pending(iters);
            let start = Instant::now();
            for id in &ids {
                f.decide(id);
            }
            start.elapsed()
        });
    });
    group.bench_function("64 writers", |b| {
        b.iter_custom(|iters| {
            let ids = f.pending(iters);
            let chunk = ids.len().div_ceil(64).max(1);
            let start = Instant::now();
            std::thread::scope(|s| {
                for part in ids.chunks(chunk) {
                    let f = &f;
                    s.spawn(move || {
                        for id in part {
                            f.decide(id);
                        }
                    });
                }
            });
            start.elapsed()
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = decisions
}
criterion_main!(benches);
