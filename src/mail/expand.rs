//! Notices, reminders and fresh-link requests become outbox messages inside the caller's
//! transaction: recipients are looked up, each client contact gets a link of their own
//! (a grant issued by the same code as every other link), and the words are composed.

use crate::i18n::Locale;
use crate::store::ReadRecords as _;
use std::sync::Arc;

use crate::config::Settings;
use crate::domain::access::{grant_contact, mail_link_scope};
use crate::domain::approval::awaiting;
use crate::domain::mail::{MailLink, MailStatus, Notice, OutboxMessage};
use crate::domain::{
    Approval, ApprovalStatus, Capability, Client, Contact, FileRecord, FileRequest, LinkGrant,
    Milestone, MilestoneUpdate, Project, Staff,
};
use crate::state::AppState;
use crate::store::outbox::{enqueue, sortable_id};
use crate::store::{NewGrant, StoreResult, Tx, issue_grant};

use super::compose::{Content, DecisionLine, FileFacts, Frame, Stage, UpdateFacts, compose};

/// What composing needs besides the record: settings and the signing key of new links.
#[derive(Debug, Clone)]
pub struct MailEnv {
    pub settings: Arc<Settings>,
    pub key_id: u32,
}

impl MailEnv {
    #[must_use]
    pub fn of(state: &AppState) -> Self {
        Self {
            settings: state.settings.clone(),
            key_id: state.keyring().current_id(),
        }
    }

    /// A grant for `email` of `client`, lasting `links.default_ttl` (or `ttl`), that may
    /// do what `can` allows within its contact's role.
    pub fn new_grant(
        &self,
        client_id: &str,
        project_id: Option<String>,
        email: &str,
        ttl: Option<std::time::Duration>,
        can: Vec<Capability>,
    ) -> NewGrant {
        NewGrant {
            client_id: client_id.to_owned(),
            project_id,
            email: email.to_owned(),
            ttl: ttl.unwrap_or(self.settings.default_ttl),
            key_id: self.key_id,
            send: false,
            can,
        }
    }

    /// Queue `content` for a staff member: staff mail is English, in UTC, and carries no
    /// client link.
    ///
    /// # Errors
    /// A database failure.
    pub fn queue_to_staff(&self, tx: &Tx<'_>, staff: &Staff, content: &Content) -> StoreResult<()> {
        self.queue(
            tx,
            (&staff.name, &staff.email),
            &Locale::english_utc(),
            content,
            None,
        )
    }

    /// Compose and queue one message in `tx`; with `link`, it carries that grant's link.
    pub fn queue(
        &self,
        tx: &Tx<'_>,
        to: (&str, &str),
        loc: &Locale,
        content: &Content,
        link: Option<(&LinkGrant, String)>,
    ) -> StoreResult<()> {
        let (name, email) = to;
        let frame = Frame {
            branding: &self.settings.branding,
            public_url: &self.settings.public_url,
            loc,
            recipient: name,
            link_expires: link.as_ref().map(|(g, _)| g.expires_at),
        };
        let composed = compose(&frame, content);
        let id = sortable_id(tx.now);
        let message = OutboxMessage {
            message_id: format!("<{id}@{}>", message_id_domain(&self.settings.mail.from)),
            id,
            kind: content.kind(),
            to: email.to_owned(),
            to_name: name.to_owned(),
            subject: composed.subject,
            text: composed.text,
            html: composed.html,
            link: link.map(|(g, path)| MailLink {
                grant_id: g.grant_id.clone(),
                path,
            }),
            status: MailStatus::Queued,
            attempts: 0,
            queued_at: tx.now,
            next_attempt_at: tx.now,
            failing_since: None,
            last_error: None,
            sent_at: None,
        };
        enqueue(tx, &message)
    }

    /// Queue `content` for one contact with a link of theirs to `path`: the access policy
    /// scopes it to what the mail is about and it holds exactly the contact's rights;
    /// nothing goes to a contact who does not see `about_project`.
    fn to_contact(
        &self,
        tx: &Tx<'_>,
        client: &Client,
        contact: &Contact,
        about_project: Option<&str>,
        content: &Content,
        path: &str,
    ) -> StoreResult<usize> {
        let Some(scope) = mail_link_scope(contact, about_project) else {
            return Ok(0);
        };
        let grant = issue_grant(
            tx,
            &self.new_grant(&client.id, scope, &contact.email, None, Capability::all()),
        )?;
        self.queue(
            tx,
            (&contact.name, &contact.email),
            &self.contact_locale(client, Some(contact)),
            content,
            Some((&grant, path.to_owned())),
        )?;
        Ok(1)
    }
}

impl MailEnv {
    /// How a contact reads mail: their language (else the client's, else English) and the
    /// client's time zone (else the deployment's).
    fn contact_locale(&self, client: &Client, contact: Option<&Contact>) -> Locale {
        let lang = crate::i18n::mail_lang(
            contact.and_then(|c| c.language.as_deref()),
            client.language.as_deref(),
        );
        let zone =
            crate::i18n::client_zone(client.timezone.as_deref(), &self.settings.branding.timezone);
        Locale::new(lang, zone).marked(self.settings.pseudo_locale)
    }
}

/// The domain of `mail.from`, for Message-IDs.
fn message_id_domain(from: &str) -> String {
    from.parse::<lettre::message::Mailbox>()
        .map_or_else(|_| "localhost".to_owned(), |m| m.email.domain().to_owned())
}

/// Turn one notice into messages; returns how many were queued.
///
/// # Errors
/// A database failure, or a record the notice names that is gone.
pub fn expand(tx: &Tx<'_>, env: &MailEnv, notice: &Notice) -> StoreResult<usize> {
    match notice {
        Notice::LinkInvitation { grant_id } => invitation(tx, env, grant_id),
        Notice::MilestoneUpdates {
            client_id,
            update_ids,
        } => updates(tx, env, client_id, update_ids),
        Notice::ApprovalRequested {
            approval_id,
            reopened,
        } => {
            let stage = if *reopened {
                Stage::Reopened
            } else {
                Stage::Requested
            };
            approval(tx, env, approval_id, stage)
        }
        Notice::DecisionRecorded {
            approval_id,
            audit_seq,
        } => decision(tx, env, approval_id, *audit_seq),
        Notice::FileReceived {
            request_id,
            file_id,
            n,
        } => file_received(tx, env, request_id, file_id, *n),
        Notice::Activity { staff_id, items } => activity(tx, env, staff_id, items.clone()),
    }
}

fn project_name(tx: &Tx<'_>, id: Option<&str>) -> StoreResult<Option<String>> {
    id.map(|id| tx.get::<Project>(id).map(|p| p.name))
        .transpose()
}

/// The invitation of a link issued with `send`.
fn invitation(tx: &Tx<'_>, env: &MailEnv, grant_id: &str) -> StoreResult<usize> {
    let grant: LinkGrant = tx.get(grant_id)?;
    let client: Client = tx.get(&grant.client_id)?;
    // A contact removed in the meantime gets nothing.
    let Some(contact) = grant_contact(&grant, &client) else {
        return Ok(0);
    };
    let content = Content::Invitation {
        client: client.name.clone(),
        project: project_name(tx, grant.project_id.as_deref())?,
        fresh: false,
    };
    env.queue(
        tx,
        (&contact.name, &grant.contact.email),
        &env.contact_locale(&client, Some(contact)),
        &content,
        Some((&grant, String::new())),
    )?;
    Ok(1)
}

/// A decision code for `contact`, mailed to their address on file only, with no link.
///
/// # Errors
/// A database failure.
pub fn decision_code(
    tx: &Tx<'_>,
    env: &MailEnv,
    client: &Client,
    contact: &Contact,
    title: &str,
    code: &str,
) -> StoreResult<()> {
    let content = Content::DecisionCode {
        title: title.to_owned(),
        code: code.to_owned(),
    };
    env.queue(
        tx,
        (&contact.name, &contact.email),
        &env.contact_locale(client, Some(contact)),
        &content,
        None,
    )
}

/// A fresh link, issued for the contact of a dead grant, mailed to that address only.
///
/// # Errors
/// A database failure.
pub fn fresh_link(
    tx: &Tx<'_>,
    env: &MailEnv,
    grant: &LinkGrant,
    client: &Client,
) -> StoreResult<LinkGrant> {
    // The new link lives as long as the one it replaces, within `links.max_ttl`.
    let lifetime = std::time::Duration::try_from(grant.expires_at - grant.issued_at)
        .unwrap_or(env.settings.default_ttl)
        .clamp(std::time::Duration::from_secs(1), env.settings.max_ttl);
    // Same scope and `can` as the link it replaces: a renewal never widens a link.
    let fresh = issue_grant(
        tx,
        &env.new_grant(
            &client.id,
            grant.project_id.clone(),
            &grant.contact.email,
            Some(lifetime),
            grant.can.clone(),
        ),
    )?;
    let content = Content::Invitation {
        client: client.name.clone(),
        project: project_name(tx, grant.project_id.as_deref())?,
        fresh: true,
    };
    env.queue(
        tx,
        (&fresh.contact.name, &fresh.contact.email),
        &env.contact_locale(client, Some(&fresh.contact)),
        &content,
        Some((&fresh, String::new())),
    )?;
    Ok(fresh)
}

/// One digest of client-visible updates for every contact.
fn updates(
    tx: &Tx<'_>,
    env: &MailEnv,
    client_id: &str,
    update_ids: &[String],
) -> StoreResult<usize> {
    let client: Client = tx.get(client_id)?;
    if !client.portal_enabled || !client.sections.milestones {
        return Ok(0);
    }
    let mut items: Vec<(String, UpdateFacts)> = Vec::with_capacity(update_ids.len());
    for id in update_ids {
        let Some(u) = tx.find::<MilestoneUpdate>(id)? else {
            continue;
        };
        if u.internal {
            continue;
        }
        let milestone: Milestone = tx.get(&u.milestone_id)?;
        let project: Project = tx.get(&u.project_id)?;
        items.push((
            project.id,
            UpdateFacts {
                project: project.name,
                milestone: milestone.title,
                author: u.author,
                at: u.at,
                body: u.body,
            },
        ));
    }
    items.sort_by_key(|(_, i)| i.at);
    // Each contact hears only of the projects they see; a digest about one project
    // carries a link to that project only.
    let mut queued = 0;
    for contact in &client.contacts {
        let theirs: Vec<&(String, UpdateFacts)> = items
            .iter()
            .filter(|(p, _)| contact.projects.includes(p))
            .collect();
        let Some((first, _)) = theirs.first() else {
            continue;
        };
        let about = theirs
            .iter()
            .all(|(p, _)| p == first)
            .then_some(first.as_str());
        let content = Content::Updates {
            client: client.name.clone(),
            items: theirs.iter().map(|(_, i)| i.clone()).collect(),
        };
        queued += env.to_contact(tx, &client, contact, about, &content, "")?;
    }
    Ok(queued)
}

/// An approval request, re-open or reminder for each of its approvers still to decide
/// this round (see `domain::approval::awaiting`); nothing once it is no longer pending or
/// the client cannot open it.
///
/// # Errors
/// A database failure, or a record the approval names that is gone.
pub fn approval(tx: &Tx<'_>, env: &MailEnv, approval_id: &str, stage: Stage) -> StoreResult<usize> {
    let a: Approval = tx.get(approval_id)?;
    if a.status != ApprovalStatus::Pending {
        return Ok(0);
    }
    let project: Project = crate::store::lists::approval_project(tx, &a)?;
    let client: Client = tx.get(&project.client_id)?;
    if !client.portal_enabled || !client.sections.approvals {
        return Ok(0);
    }
    let to: Vec<Contact> = awaiting(&a, &client).into_iter().cloned().collect();
    let content = Content::Approval {
        project: project.name,
        file: file_facts(
            tx,
            a.file_id.as_ref(),
            a.target_version,
            a.target_sha256.as_ref(),
        )?,
        title: a.title,
        description: a.description,
        due_on: a.due_on,
        requested_at: a.opened_at,
        stage,
    };
    // Only its approvers are asked, and only those who have not decided this round.
    let path = format!("/approvals/{}", a.id);
    let mut queued = 0;
    for contact in &to {
        let about = Some(a.project_id.as_str()).filter(|p| !p.is_empty());
        queued += env.to_contact(tx, &client, contact, about, &content, &path)?;
    }
    Ok(queued)
}

/// The file, version and SHA-256 an approval round or a decision is about, if any.
fn file_facts(
    tx: &Tx<'_>,
    file_id: Option<&String>,
    version: Option<u32>,
    sha256: Option<&String>,
) -> StoreResult<Option<FileFacts>> {
    let (Some(file_id), Some(version), Some(sha256)) = (file_id, version, sha256) else {
        return Ok(None);
    };
    Ok(tx.find::<FileRecord>(file_id)?.map(|f| FileFacts {
        name: f.name,
        version,
        sha256: sha256.clone(),
    }))
}

/// A recorded decision, as mailed to the staff member who requested the approval; None
/// when there is nobody to tell (approvals requested by the system: demo, imports).
fn decision_mail(
    tx: &Tx<'_>,
    approval_id: &str,
    audit_seq: u64,
) -> StoreResult<Option<(Staff, Content, DecisionLine)>> {
    let a: Approval = tx.get(approval_id)?;
    let Some(d) = a.decisions.iter().find(|d| d.audit_seq == audit_seq) else {
        return Ok(None);
    };
    let Some(staff) = tx.find::<Staff>(&a.requested_by)? else {
        return Ok(None);
    };
    let project: Project = crate::store::lists::approval_project(tx, &a)?;
    let client: Client = tx.get(&project.client_id)?;
    let file = file_facts(tx, d.file_id.as_ref(), d.version, d.sha256.as_ref())?;
    let console_path = format!("/staff/projects/{}#approval-{}", a.project_id, a.id);
    let line = DecisionLine {
        client: client.name.clone(),
        title: a.title.clone(),
        decision: d.decision,
        typed_name: d.typed_name.clone(),
        at: d.at,
        console_path: console_path.clone(),
    };
    let content = Content::Decision {
        client: client.name,
        project: project.name,
        title: a.title.clone(),
        decision: d.decision,
        typed_name: d.typed_name.clone(),
        email: d.contact_email.clone(),
        at: d.at,
        file,
        comment: d.comment.clone(),
        console_path,
    };
    Ok(Some((staff, content, line)))
}

/// The decision, to the staff member who requested the approval.
fn decision(tx: &Tx<'_>, env: &MailEnv, approval_id: &str, audit_seq: u64) -> StoreResult<usize> {
    decisions(tx, env, &[(approval_id.to_owned(), audit_seq)])
}

/// Decisions listed in one digest at most; the rest are counted and left to the console.
pub(super) const DIGEST_LINES: usize = 50;

/// Decisions recorded together (`(approval id, audit seq)`), one mail per staff member
/// who requested them: the full single-decision mail when there is one, else a digest.
/// Returns how many messages were queued.
///
/// # Errors
/// A database failure, or an approval the notice names that is gone.
pub fn decisions(tx: &Tx<'_>, env: &MailEnv, recorded: &[(String, u64)]) -> StoreResult<usize> {
    let mut by_staff: std::collections::BTreeMap<String, (Staff, Vec<(Content, DecisionLine)>)> =
        std::collections::BTreeMap::new();
    for (approval_id, seq) in recorded {
        if let Some((staff, content, line)) = decision_mail(tx, approval_id, *seq)? {
            by_staff
                .entry(staff.id.clone())
                .or_insert_with(|| (staff, Vec::new()))
                .1
                .push((content, line));
        }
    }
    let mut queued = by_staff.len();
    for (approval_id, seq) in recorded {
        queued += receipt(tx, env, approval_id, *seq)?;
    }
    for (staff, mut mails) in by_staff.into_values() {
        let content = if mails.len() == 1 {
            mails.remove(0).0
        } else {
            let more = mails.len().saturating_sub(DIGEST_LINES);
            Content::Decisions {
                items: mails
                    .into_iter()
                    .take(DIGEST_LINES)
                    .map(|(_, line)| line)
                    .collect(),
                more,
            }
        };
        env.queue_to_staff(tx, &staff, &content)?;
    }
    Ok(queued)
}

/// The receipt of a decision, to the contact who made it (at the address it was made
/// with), in their language.
fn receipt(tx: &Tx<'_>, env: &MailEnv, approval_id: &str, audit_seq: u64) -> StoreResult<usize> {
    let a: Approval = tx.get(approval_id)?;
    let Some(d) = a.decisions.iter().find(|d| d.audit_seq == audit_seq) else {
        return Ok(0);
    };
    let project: Project = crate::store::lists::approval_project(tx, &a)?;
    let client: Client = tx.get(&project.client_id)?;
    let contact = client.contacts.iter().find(|c| c.id == d.contact_id);
    let loc = env.contact_locale(&client, contact);
    let name = contact.map_or(d.typed_name.as_str(), |c| c.name.as_str());
    let content = Content::Receipt {
        project: project.name,
        title: a.title.clone(),
        decision: d.decision,
        typed_name: d.typed_name.clone(),
        at: d.at,
        file: file_facts(tx, d.file_id.as_ref(), d.version, d.sha256.as_ref())?,
        comment: d.comment.clone(),
        audit_seq: d.audit_seq,
        audit_hash: d.audit_hash.clone(),
        verify_url: crate::views::verify_url(&env.settings.public_url, d.audit_seq, &d.audit_hash),
    };
    env.queue(tx, (name, &d.contact_email), &loc, &content, None)?;
    Ok(1)
}

/// A file sent for a file request, to the staff member who asked (none when they are no
/// longer on staff, or the upload is not on the request).
fn file_received(
    tx: &Tx<'_>,
    env: &MailEnv,
    request_id: &str,
    file_id: &str,
    n: u32,
) -> StoreResult<usize> {
    let r: FileRequest = tx.get(request_id)?;
    let Some(u) = r.uploads.iter().find(|u| u.file_id == file_id && u.n == n) else {
        return Ok(0);
    };
    let Some(staff) = tx.find::<Staff>(&r.requested_by)?.filter(Staff::is_active) else {
        return Ok(0);
    };
    let project: Project = tx.get(&r.project_id)?;
    let client: Client = tx.get(&project.client_id)?;
    let content = Content::FileReceived {
        client: client.name,
        project: project.name,
        request: r.title.clone(),
        by: (u.contact.name.clone(), u.contact.email.clone()),
        at: u.at,
        file: FileFacts {
            name: u.name.clone(),
            version: u.n,
            sha256: u.sha256.clone(),
        },
        size: u.size,
        content_type: u.content_type.clone(),
        console_path: format!("/staff/projects/{}#file-request-{}", r.project_id, r.id),
    };
    env.queue_to_staff(tx, &staff, &content)?;
    Ok(1)
}

/// What clients did during one batch window, in one digest to the staff member who owns
/// them (none once they are no longer on staff).
fn activity(
    tx: &Tx<'_>,
    env: &MailEnv,
    staff_id: &str,
    // Kept inline by batches queued before items had rows of their own.
    mut items: Vec<crate::domain::activity::ActivityItem>,
) -> StoreResult<usize> {
    items.extend(crate::store::outbox::take_activity(tx, staff_id)?);
    let Some(staff) = tx.find::<Staff>(staff_id)?.filter(Staff::is_active) else {
        return Ok(0);
    };
    if items.is_empty() {
        return Ok(0);
    }
    items.sort_by_key(|i| i.at);
    let more = items.len().saturating_sub(DIGEST_LINES);
    items.truncate(DIGEST_LINES);
    let content = Content::Activity { items, more };
    env.queue_to_staff(tx, &staff, &content)?;
    Ok(1)
}
