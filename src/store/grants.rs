//! Link grants: the revocable record behind each signed client link, and its view counters.

use std::time::Duration;

use serde_json::json;
use time::OffsetDateTime;

use super::tx::ReadRecords as _;
use super::{Actor, Store, StoreError, StoreResult, Tx, outbox};
use crate::domain::access::{self, GoneReason, Standing};
use crate::domain::activity::{self, ActivityItem, ActivityKind};
use crate::domain::mail::Notice;
use crate::domain::webhooks::{WebhookEvent, rfc3339};
use crate::domain::{Capability, Client, FileRecord, LinkGrant, LinkPurpose, Project, new_id};

/// A link to issue. The caller signs the token from the returned grant.
#[derive(Debug, Clone)]
pub struct NewGrant {
    pub client_id: String,
    pub project_id: Option<String>,
    pub email: String,
    pub ttl: Duration,
    pub key_id: u32,
    /// Queue the invitation mail with the grant.
    pub send: bool,
    /// What the link may do beyond looking, within its contact's role.
    pub can: Vec<Capability>,
}

/// Views seen since the last flush, per grant.
#[derive(Debug, Clone)]
pub struct ViewBatch {
    pub grant_id: String,
    pub views: u64,
    pub last_seen_at: OffsetDateTime,
    /// The first fetch of the page stylesheet with this grant's marker.
    pub styled_at: Option<OffsetDateTime>,
    /// File versions downloaded (file id, version, when).
    pub downloads: Vec<(String, u32, OffsetDateTime)>,
}

impl Store {
    /// Record a new grant for a contact of the client.
    ///
    /// # Errors
    /// `NotFound` for the client; `Invalid` when the email is not a contact or the project
    /// belongs to another client.
    pub fn create_grant(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        new: NewGrant,
    ) -> StoreResult<LinkGrant> {
        self.write(actor, now, |tx| {
            let grant = issue_grant(tx, &new)?;
            if new.send {
                outbox::queue_notice(
                    tx,
                    Notice::LinkInvitation {
                        grant_id: grant.grant_id.clone(),
                    },
                )?;
            }
            Ok(grant)
        })
    }

    /// Revoke one link. Revoking twice is harmless and records nothing new.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn revoke_grant(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        grant_id: &str,
    ) -> StoreResult<LinkGrant> {
        self.write(actor, now, |tx| {
            let mut g: LinkGrant = tx.get(grant_id)?;
            if g.revoked_at.is_none() {
                g.revoked_at = Some(tx.now);
                tx.put(&g)?;
                tx.audit("link.revoked", &[&g.client_id, &g.grant_id], json!({}))?;
            }
            Ok(g)
        })
    }

    /// Kill every link of a client issued before now.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn cutoff_client_links(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        client_id: &str,
    ) -> StoreResult<Client> {
        self.write(actor, now, |tx| {
            let mut c: Client = tx.get(client_id)?;
            c.links_cutoff_at = Some(tx.now);
            tx.put(&c)?;
            tx.audit(
                "link.cutoff",
                &[&c.id],
                json!({"cutoff_at": tx.now.unix_timestamp()}),
            )?;
            Ok(c)
        })
    }

    /// A grant and its client, read together (the last step of link verification).
    ///
    /// # Errors
    /// `NotFound` or a database failure.
    pub fn grant_with_client(&self, grant_id: &str) -> StoreResult<(LinkGrant, Client)> {
        self.read(|rx| {
            let g: LinkGrant = rx.get(grant_id)?;
            let c: Client = rx.get(&g.client_id)?;
            Ok((g, c))
        })
    }

    /// # Errors
    /// `NotFound`.
    pub fn grant(&self, grant_id: &str) -> StoreResult<LinkGrant> {
        self.read(|rx| rx.get(grant_id))
    }

    /// Links of a client, newest first.
    ///
    /// # Errors
    /// `NotFound` or a database failure.
    pub fn client_grants(&self, client_id: &str) -> StoreResult<Vec<LinkGrant>> {
        self.read(|rx| {
            rx.get::<Client>(client_id)?;
            let mut gs: Vec<LinkGrant> = rx.child_records("client", client_id, "grants")?;
            gs.sort_by_key(|g| std::cmp::Reverse(g.issued_at));
            Ok(gs)
        })
    }

    /// Add batched view counts. Views are bookkeeping, not decisions: they are not in the
    /// audit chain (SPEC 6), and one transaction covers a whole batch.
    ///
    /// # Errors
    /// A database failure.
    pub fn record_views(&self, batch: &[ViewBatch]) -> StoreResult<()> {
        let Some(latest) = batch
            .iter()
            .map(|b| {
                b.styled_at
                    .map_or(b.last_seen_at, |s| s.max(b.last_seen_at))
            })
            .max()
        else {
            return Ok(());
        };
        self.write(&Actor::System, latest, |tx| {
            tx.only_counts();
            for b in batch {
                // A grant gone or unreadable has nothing to count on.
                let Ok(Some(mut g)) = tx.find::<LinkGrant>(&b.grant_id) else {
                    continue;
                };
                if b.views > 0 {
                    g.views += b.views;
                    g.last_seen_at = Some(
                        g.last_seen_at
                            .map_or(b.last_seen_at, |l| l.max(b.last_seen_at)),
                    );
                }
                let opened = if g.opened_at.is_none() {
                    let mailed = g.mailed_at.unwrap_or(g.issued_at);
                    let last_view = if b.views > 0 {
                        b.last_seen_at
                    } else {
                        // Only a stylesheet fetch came in this batch.
                        b.styled_at.unwrap_or(b.last_seen_at)
                    };
                    match activity::opened_at(b.styled_at, last_view, mailed) {
                        Some(at) => {
                            g.opened_at = Some(at);
                            Some(at)
                        }
                        None => {
                            if b.views > 0 && g.fetched_at.is_none() {
                                g.fetched_at = Some(b.last_seen_at);
                            }
                            None
                        }
                    }
                } else {
                    None
                };
                tx.put(&g)?;
                if let Some(at) = opened {
                    // A person's first open (not a mail scanner's fetch), as judged above.
                    super::webhooks::queue_event(tx, WebhookEvent::LinkFirstOpened, || {
                        serde_json::json!({
                            "grant_id": g.grant_id,
                            "client_id": g.client_id,
                            "project_id": g.project_id,
                            "contact": {"id": g.contact.id, "name": g.contact.name, "email": g.contact.email},
                            "issued_at": rfc3339(g.issued_at),
                            "opened_at": rfc3339(at),
                        })
                    })?;
                }
                note_link_activity(tx, &g, opened, &b.downloads)?;
            }
            Ok(())
        })
    }
}

/// Queue the first open of `g` (at `opened`) and its downloads for the client owner's
/// activity digest.
fn note_link_activity(
    tx: &Tx<'_>,
    g: &LinkGrant,
    opened: Option<OffsetDateTime>,
    downloads: &[(String, u32, OffsetDateTime)],
) -> StoreResult<()> {
    if opened.is_none() && downloads.is_empty() {
        return Ok(());
    }
    let Some(client) = tx.find::<Client>(&g.client_id)? else {
        return Ok(());
    };
    if client.owner_staff_id.is_none() || !client.activity_alerts {
        return Ok(());
    }
    // The contact's name as on file now (the grant keeps it as issued).
    let contact = client
        .contact_by_id(&g.contact.id)
        .map_or_else(|| g.contact.name.clone(), |c| c.name.clone());
    let item = |kind, at, record_id: &str, record: String, console_path, detail| ActivityItem {
        kind,
        at,
        client_id: client.id.clone(),
        client: client.name.clone(),
        contact: contact.clone(),
        grant_id: g.grant_id.clone(),
        record_id: record_id.to_owned(),
        record,
        console_path,
        detail,
    };
    if let Some(at) = opened {
        let record = match &g.project_id {
            Some(pid) => tx
                .find::<Project>(pid)?
                .map_or_else(|| client.name.clone(), |p| p.name),
            None => client.name.clone(),
        };
        outbox::queue_activity(
            tx,
            &client,
            item(
                ActivityKind::Opened,
                at,
                &g.grant_id,
                record,
                format!("/staff/clients/{}#link-{}", client.id, g.grant_id),
                None,
            ),
        )?;
    }
    for (file_id, n, at) in downloads {
        let Some(f) = tx.find::<FileRecord>(file_id)? else {
            continue;
        };
        outbox::queue_activity(
            tx,
            &client,
            item(
                ActivityKind::Downloaded,
                *at,
                file_id,
                f.name.clone(),
                format!("/staff/projects/{}#file-{}", f.project_id, f.id),
                Some(format!("version {n}")),
            ),
        )?;
    }
    Ok(())
}

/// Record a new grant inside `tx` (the one way links are made: staff, CLI, mail, renewal).
///
/// # Errors
/// `NotFound` for the client; `Invalid` when the email is not a contact or the project
/// belongs to another client.
pub fn issue_grant(tx: &Tx<'_>, new: &NewGrant) -> StoreResult<LinkGrant> {
    let client: Client = tx.get(&new.client_id)?;
    let contact = client
        .contact(new.email.trim())
        .cloned()
        .ok_or_else(|| StoreError::invalid("email", "is not a contact of this client"))?;
    if let Some(pid) = &new.project_id {
        let p: Project = tx
            .find(pid)?
            .ok_or_else(|| StoreError::invalid("project_id", "no such project"))?;
        if p.client_id != client.id {
            return Err(StoreError::invalid(
                "project_id",
                "belongs to another client",
            ));
        }
        if !contact.projects.includes(pid) {
            return Err(StoreError::invalid(
                "project_id",
                "is not one of this contact's projects",
            ));
        }
    }
    let mut can = new.can.clone();
    can.sort_unstable();
    can.dedup();
    // Tokens carry whole seconds: keep the record identical to what is signed.
    let mut issued_at = tx.now.replace_nanosecond(0).unwrap_or(tx.now);
    // Rounded down, a link issued in the very second of a cut-off would fall before it.
    if let Some(cutoff) = client.links_cutoff_at.filter(|c| issued_at < *c) {
        issued_at = cutoff.replace_nanosecond(0).unwrap_or(cutoff) + time::Duration::SECOND;
    }
    let ttl =
        time::Duration::try_from(new.ttl).map_err(|_| StoreError::invalid("ttl", "is too long"))?;
    let grant = LinkGrant {
        grant_id: new_id(),
        client_id: client.id.clone(),
        project_id: new.project_id.clone(),
        contact,
        can,
        purpose: LinkPurpose::ClientPortal,
        issued_by: tx.actor.id(),
        issued_at,
        expires_at: issued_at + ttl,
        revoked_at: None,
        views: 0,
        last_seen_at: None,
        opened_at: None,
        mailed_at: None,
        fetched_at: None,
        key_id: new.key_id,
    };
    tx.put(&grant)?;
    tx.link_child("client", &client.id, "grants", &grant.grant_id)?;
    tx.audit(
        "link.issued",
        &[&client.id, &grant.grant_id],
        json!({"email": grant.contact.email, "contact_id": grant.contact.id, "project_id": grant.project_id, "can": grant.can, "expires_at": grant.expires_at.unix_timestamp(), "key_id": grant.key_id}),
    )?;
    Ok(grant)
}

/// Where a link stands, as a plain value for lists (the console's link tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Live,
    Expired,
    Revoked,
    ContactRemoved,
    CutOff,
    PortalClosed,
}

/// [`access::standing`] of a grant, without the contact.
#[must_use]
pub fn link_state(
    grant: &LinkGrant,
    client: &Client,
    now: OffsetDateTime,
    leeway_seconds: i64,
) -> LinkState {
    match access::standing(grant, client, now, leeway_seconds) {
        Standing::Live(_) => LinkState::Live,
        Standing::Closed => LinkState::PortalClosed,
        Standing::Gone(GoneReason::Revoked) => LinkState::Revoked,
        Standing::Gone(GoneReason::ContactRemoved) => LinkState::ContactRemoved,
        Standing::Gone(GoneReason::CutOff) => LinkState::CutOff,
        Standing::Gone(GoneReason::Expired) => LinkState::Expired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ContactInput, NewClient, test_store};

    #[test]
    fn grants_are_for_contacts_only_and_revocable() {
        let (store, _d) = test_store();
        let now = OffsetDateTime::now_utc();
        let staff = Actor::System;
        let c = store
            .create_client(
                &staff,
                now,
                NewClient {
                    name: "Acme".into(),
                    contacts: vec![ContactInput::new("Cleo", "cleo@acme.test")],
                    language: None,
                    timezone: None,
                },
            )
            .unwrap();
        let new = |email: &str| NewGrant {
            client_id: c.id.clone(),
            project_id: None,
            email: email.into(),
            ttl: Duration::from_secs(60),
            key_id: 1,
            send: false,
            can: Capability::all(),
        };
        assert!(matches!(
            store.create_grant(&staff, now, new("eve@evil.test")),
            Err(StoreError::Invalid { .. })
        ));
        let g = store
            .create_grant(&staff, now, new("CLEO@acme.test"))
            .unwrap();
        assert_eq!(link_state(&g, &c, now, 0), LinkState::Live);
        assert_eq!(
            link_state(&g, &c, now + time::Duration::seconds(61), 0),
            LinkState::Expired
        );
        assert_eq!(
            link_state(&g, &c, now + time::Duration::seconds(61), 60),
            LinkState::Live
        );
        let r = store.revoke_grant(&staff, now, &g.grant_id).unwrap();
        assert_eq!(link_state(&r, &c, now, 0), LinkState::Revoked);
        let c2 = store
            .cutoff_client_links(&staff, now + time::Duration::seconds(1), &c.id)
            .unwrap();
        assert_eq!(link_state(&g, &c2, now, 0), LinkState::CutOff);
        let after = store
            .create_grant(
                &staff,
                now + time::Duration::seconds(1),
                new("cleo@acme.test"),
            )
            .unwrap();
        assert_eq!(
            link_state(&after, &c2, now + time::Duration::seconds(1), 0),
            LinkState::Live,
            "a link issued in the second of a cut-off is alive"
        );
        store
            .record_views(&[ViewBatch {
                grant_id: g.grant_id.clone(),
                views: 3,
                last_seen_at: now,
                styled_at: None,
                downloads: Vec::new(),
            }])
            .unwrap();
        assert_eq!(store.grant(&g.grant_id).unwrap().views, 3);
    }
}
