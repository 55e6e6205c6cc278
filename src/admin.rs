//! Administrative commands, run either in the serving process (reached over the Unix
//! socket `data_dir/porthole.sock`) or directly against the store when no server runs.
//! Both paths call [`execute`], so they behave identically.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{UnixListener, UnixStream};

use crate::domain::Staff;
use crate::export::Scope;
use crate::ops::IssueLink;
use crate::state::AppState;
use crate::store::{Actor, NewStaff};

/// One command.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "cmd", rename_all = "snake_case")]
pub enum AdminRequest {
    StaffAdd {
        name: String,
        email: String,
    },
    LinkIssue {
        client: String,
        email: String,
        ttl: Option<String>,
        project: Option<String>,
    },
    LinkRevoke {
        grant_id: String,
    },
    LinkCutoff {
        client: String,
    },
    KeyRotate,
    AuditVerify,
    Backup {
        out: PathBuf,
    },
    Export {
        client: String,
        out: PathBuf,
    },
    /// Every client and the whole audit chain.
    ExportAll {
        out: PathBuf,
    },
    /// End every console session of one staff member.
    StaffRevokeSessions {
        email: String,
    },
    /// Remove a staff member: token and sessions dead, the record kept for the audit.
    StaffRemove {
        email: String,
    },
    /// A new API token for a staff member; the old one stops working.
    StaffToken {
        email: String,
    },
    /// A one-time console sign-in link for a staff member, printed rather than mailed.
    StaffSignInLink {
        email: String,
    },
}

/// What a command printed, and how the CLI should exit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdminReply {
    pub stdout: Vec<String>,
    pub error: Option<String>,
    pub exit_code: i32,
}

impl AdminReply {
    fn ok(lines: Vec<String>) -> Self {
        Self {
            stdout: lines,
            error: None,
            exit_code: 0,
        }
    }

    fn failed(message: impl Into<String>) -> Self {
        Self {
            stdout: Vec::new(),
            error: Some(message.into()),
            exit_code: 1,
        }
    }
}

/// Run one command against `state` (blocking: call from a blocking context).
#[must_use]
pub fn execute(state: &AppState, req: AdminRequest) -> AdminReply {
    let actor = Actor::System;
    let result: Result<Vec<String>, String> = match req {
        AdminRequest::StaffAdd { name, email } => state
            .add_staff(&actor, NewStaff { name, email })
            .map(|(s, token)| {
                vec![
                    format!(
                        "created staff {} <{}> ({:?}), id {}",
                        s.name, s.email, s.role, s.id
                    ),
                    "API token (shown once; keep it secret):".to_owned(),
                    token,
                ]
            })
            .map_err(|e| e.to_string()),
        AdminRequest::LinkIssue {
            client,
            email,
            ttl,
            project,
        } => state
            .issue_link(
                &actor,
                &client,
                &IssueLink {
                    email,
                    ttl,
                    project_id: project,
                    send: Some(true),
                    can: None,
                },
            )
            .map(|l| {
                vec![
                    format!(
                        "link {} for {} expires {}",
                        l.grant_id,
                        l.email,
                        l.expires_at
                            .format(&time::format_description::well_known::Rfc3339)
                            .unwrap_or_default()
                    ),
                    l.url,
                ]
            })
            .map_err(|e| e.to_string()),
        AdminRequest::LinkRevoke { grant_id } => state
            .revoke_link(&actor, &grant_id)
            .map(|g| vec![format!("revoked link {}", g.grant_id)])
            .map_err(|e| e.to_string()),
        AdminRequest::LinkCutoff { client } => state
            .cut_off_links(&actor, &client)
            .map(|c| {
                vec![format!(
                    "every link of {} issued before now is dead",
                    c.name
                )]
            })
            .map_err(|e| e.to_string()),
        AdminRequest::KeyRotate => state
            .rotate_key(&actor)
            .map(|id| {
                vec![format!(
                    "key {id} is now current; earlier keys keep verifying"
                )]
            })
            .map_err(|e| e.to_string()),
        AdminRequest::AuditVerify => match state.verify_audit_chain() {
            Ok(r) if r.ok => Ok(vec![format!("ok {} events", r.events)]),
            Ok(r) => {
                let seq = r.first_broken.unwrap_or(0);
                return AdminReply {
                    stdout: vec![format!("broken at seq {seq}")],
                    error: Some(format!("audit chain broken at sequence number {seq}")),
                    exit_code: 1,
                };
            }
            Err(e) => Err(e.to_string()),
        },
        AdminRequest::Backup { out } => state.backup(&out).map_err(|e| e.to_string()).map(|r| {
            vec![format!(
                "backup of {} and {} written to {}",
                count(r.records, "record"),
                count(r.blobs, "blob"),
                out.display()
            )]
        }),
        AdminRequest::Export { client, out } => state
            .export_to(&Scope::Client(client), &out)
            .map(|r| {
                vec![format!(
                    "exported {}, {} and {} to {}",
                    count(r.projects, "project"),
                    count(r.files, "file blob"),
                    count(r.events, "audit event"),
                    out.display()
                )]
            })
            .map_err(|e| e.to_string()),
        AdminRequest::ExportAll { out } => state
            .export_to(&Scope::All, &out)
            .map(|r| {
                vec![format!(
                    "exported {}, {}, {} and the whole audit chain ({}) to {}",
                    count(r.clients, "client"),
                    count(r.projects, "project"),
                    count(r.files, "file blob"),
                    count(r.events, "event"),
                    out.display()
                )]
            })
            .map_err(|e| e.to_string()),
        AdminRequest::StaffRevokeSessions { email } => revoke_sessions(state, &actor, &email),
        AdminRequest::StaffRemove { email } => remove_staff(state, &actor, &email),
        AdminRequest::StaffToken { email } => rotate_token(state, &actor, &email),
        AdminRequest::StaffSignInLink { email } => sign_in_link(state, &email),
    };
    match result {
        Ok(lines) => AdminReply::ok(lines),
        Err(e) => AdminReply::failed(e),
    }
}

/// `1 project`, `2 projects`.
fn count(n: impl TryInto<u64>, noun: &str) -> String {
    match n.try_into().unwrap_or(u64::MAX) {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// The staff member with this email (removed ones too: the operation says why it refuses).
fn staff_by_email(state: &AppState, email: &str) -> Result<Staff, String> {
    state
        .store
        .staff_by_email(email)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no staff member has the email {}", email.trim()))
}

fn revoke_sessions(state: &AppState, actor: &Actor, email: &str) -> Result<Vec<String>, String> {
    let staff = staff_by_email(state, email)?;
    let n = state
        .sign_out_everywhere(actor, &staff.id)
        .map_err(|e| e.to_string())?;
    Ok(vec![format!(
        "ended {n} session(s) of {} <{}>",
        staff.name, staff.email
    )])
}

fn remove_staff(state: &AppState, actor: &Actor, email: &str) -> Result<Vec<String>, String> {
    let staff = staff_by_email(state, email)?;
    let removed = state
        .remove_staff(actor, &staff.id)
        .map_err(|e| e.to_string())?;
    let m = &removed.member;
    Ok(vec![format!(
        "removed staff {} <{}>, id {}: their API token no longer works and {} console session(s) ended; the record stays for the audit",
        m.name, m.email, m.id, removed.sessions_ended
    )])
}

fn rotate_token(state: &AppState, actor: &Actor, email: &str) -> Result<Vec<String>, String> {
    let staff = staff_by_email(state, email)?;
    let issued = state
        .rotate_staff_token(actor, &staff.id)
        .map_err(|e| e.to_string())?;
    let m = &issued.member;
    Ok(vec![
        format!(
            "new API token for {} <{}>, id {}; the old one no longer works",
            m.name, m.email, m.id
        ),
        "API token (shown once; keep it secret):".to_owned(),
        issued.token,
    ])
}

fn sign_in_link(state: &AppState, email: &str) -> Result<Vec<String>, String> {
    let staff = staff_by_email(state, email)?;
    if !staff.is_active() {
        return Err(format!(
            "{} <{}> was removed and cannot sign in",
            staff.name, staff.email
        ));
    }
    let (staff, url) = state
        .issue_staff_sign_in(&staff.id, crate::ops::SIGN_IN_TTL)
        .map_err(|e| e.to_string())?;
    Ok(vec![
        format!(
            "console sign-in link for {} <{}>: open it within 15 minutes and press \"Sign in\"; it works once",
            staff.name, staff.email
        ),
        url,
    ])
}

/// Listen on the admin socket until the task is aborted.
///
/// # Errors
/// When the socket cannot be bound.
pub fn listen(state: AppState) -> std::io::Result<tokio::task::JoinHandle<()>> {
    use std::os::unix::fs::PermissionsExt as _;
    let path = state.settings.socket_path();
    // A socket file left by a killed server would block the bind.
    if path.exists() {
        std::fs::remove_file(&path)?;
    }
    let listener = UnixListener::bind(&path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    Ok(tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let st = state.clone();
            tokio::spawn(async move {
                if let Err(e) = serve_one(stream, st).await {
                    tracing::warn!(error = %e, "admin socket request failed");
                }
            });
        }
    }))
}

async fn serve_one(stream: UnixStream, state: AppState) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut line = String::new();
    BufReader::new(read.take(1024 * 1024))
        .read_line(&mut line)
        .await?;
    let reply = match serde_json::from_str::<AdminRequest>(&line) {
        Ok(req) => tokio::task::spawn_blocking(move || execute(&state, req))
            .await
            .unwrap_or_else(|e| AdminReply::failed(format!("command failed: {e}"))),
        Err(e) => AdminReply::failed(format!("bad admin request: {e}")),
    };
    let mut bytes = serde_json::to_vec(&reply).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    write.write_all(&bytes).await?;
    write.shutdown().await
}

/// Whether a server answers on the admin socket at `socket`.
pub async fn answers(socket: &Path) -> bool {
    UnixStream::connect(socket).await.is_ok()
}

/// Send a command to a running server. `Ok(None)` when no server answers on the socket.
///
/// # Errors
/// When a server answered but the exchange failed midway.
pub async fn send(socket: &Path, req: &AdminRequest) -> std::io::Result<Option<AdminReply>> {
    let Ok(stream) = UnixStream::connect(socket).await else {
        return Ok(None);
    };
    let (read, mut write) = stream.into_split();
    let mut bytes = serde_json::to_vec(req).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    write.write_all(&bytes).await?;
    let mut line = String::new();
    BufReader::new(read).read_line(&mut line).await?;
    serde_json::from_str(&line)
        .map(Some)
        .map_err(std::io::Error::other)
}
