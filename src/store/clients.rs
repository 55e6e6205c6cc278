//! Clients: contacts, language, portal switch and section visibility, link cut-off.

use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;

use super::tx::ReadRecords as _;
use super::{Actor, Store, StoreError, StoreResult, Tx};
use crate::domain::{
    Client, Contact, ContactRole, Project, ProjectAccess, Sections, Staff, new_id, validate,
};

/// Most contacts one client may have.
pub const MAX_CONTACTS: usize = 50;

/// A contact as staff send it: on create, or as an entry of a replacing list (where an
/// `id`, or else the same address, keeps the contact and its links).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    #[serde(default)]
    pub id: Option<String>,
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub role: Option<ContactRole>,
    #[serde(default)]
    pub projects: Option<ProjectAccess>,
    #[serde(default)]
    pub language: Option<String>,
}

impl ContactInput {
    /// A contact with the default role (approver) on every project.
    #[must_use]
    pub fn new(name: &str, email: &str) -> Self {
        Self {
            id: None,
            name: name.to_owned(),
            email: email.to_owned(),
            role: None,
            projects: None,
            language: None,
        }
    }
}

/// A partial update of one contact; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    pub name: Option<String>,
    pub email: Option<String>,
    pub role: Option<ContactRole>,
    pub projects: Option<ProjectAccess>,
    pub language: Option<String>,
}

/// Fields of a new client.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    pub name: String,
    #[serde(default)]
    pub contacts: Vec<ContactInput>,
    #[serde(default)]
    pub language: Option<String>,
    /// IANA time zone for times shown to the client (default `branding.timezone`).
    #[serde(default)]
    pub timezone: Option<String>,
}

/// A partial update of a client; absent fields stay as they are. `contacts` replaces the
/// whole list: a contact left out is removed (and every link of theirs ends).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientPatch {
    pub name: Option<String>,
    pub contacts: Option<Vec<ContactInput>>,
    pub language: Option<String>,
    /// IANA time zone for times shown to the client.
    pub timezone: Option<String>,
    pub portal_enabled: Option<bool>,
    pub sections: Option<crate::domain::SectionsPatch>,
    pub verify_decisions: Option<bool>,
    pub clients_may_invite: Option<bool>,
    /// The staff member who gets this client's activity digests (an existing, not
    /// removed staff member).
    pub owner_staff_id: Option<String>,
    /// Whether that staff member gets them.
    pub activity_alerts: Option<bool>,
}

/// Check one contact against the client's projects; `existing` keeps its id (and what the
/// input leaves out).
fn valid_contact(
    input: &ContactInput,
    existing: Option<&Contact>,
    project_ids: &[String],
) -> StoreResult<Contact> {
    let projects = match input.projects.clone() {
        Some(p) => p,
        None => existing.map(|c| c.projects.clone()).unwrap_or_default(),
    };
    Ok(Contact {
        id: existing.map_or_else(new_id, |c| c.id.clone()),
        name: validate::line("contacts.name", &input.name)?,
        email: validate::email("contacts.email", &input.email)?,
        role: input.role.or(existing.map(|c| c.role)).unwrap_or_default(),
        projects: valid_projects(projects, project_ids)?,
        language: match input.language.as_deref() {
            Some(l) => Some(valid_language(l)?),
            None => existing.and_then(|c| c.language.clone()),
        },
        invited_by: existing.and_then(|c| c.invited_by.clone()),
    })
}

/// A project list may only name projects of this client; each once.
fn valid_projects(projects: ProjectAccess, project_ids: &[String]) -> StoreResult<ProjectAccess> {
    let ProjectAccess::Only(ids) = projects else {
        return Ok(ProjectAccess::All);
    };
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !project_ids.contains(&id) {
            return Err(StoreError::invalid(
                "contacts.projects",
                format!("{id} is not a project of this client"),
            ));
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(ProjectAccess::Only(out))
}

/// A whole contact list: inputs matched to `current` contacts by id, else by address, so
/// a contact kept keeps its id and its links.
fn valid_contacts(
    inputs: &[ContactInput],
    current: &[Contact],
    project_ids: &[String],
) -> StoreResult<Vec<Contact>> {
    if inputs.len() > MAX_CONTACTS {
        return Err(StoreError::invalid(
            "contacts",
            format!("at most {MAX_CONTACTS} contacts"),
        ));
    }
    let mut out: Vec<Contact> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let existing = match input.id.as_deref() {
            Some(id) => Some(current.iter().find(|c| c.id == id).ok_or_else(|| {
                StoreError::invalid(
                    "contacts.id",
                    format!("{id} is not a contact of this client"),
                )
            })?),
            None => current
                .iter()
                .find(|c| c.email.eq_ignore_ascii_case(input.email.trim())),
        };
        let c = valid_contact(input, existing, project_ids)?;
        if out
            .iter()
            .any(|o| o.email.eq_ignore_ascii_case(&c.email) || o.id == c.id)
        {
            return Err(StoreError::invalid(
                "contacts.email",
                format!("{} is listed twice", c.email),
            ));
        }
        out.push(c);
    }
    Ok(out)
}

/// Ids of the client's projects (what a contact's project list may name).
fn project_ids(tx: &Tx<'_>, client_id: &str) -> StoreResult<Vec<String>> {
    tx.children("client", client_id, "projects")
}

/// Where contact `id` stands in the client's list.
fn contact_index(c: &Client, id: &str) -> StoreResult<usize> {
    c.contacts
        .iter()
        .position(|x| x.id == id)
        .ok_or(StoreError::NotFound("contact"))
}

/// Add one contact inside `tx`; `invited_by` names the contact who invited them through
/// their link (audited as `contact.invited`), `None` when staff add them.
///
/// # Errors
/// `NotFound`; `Invalid` fields; `Conflict` when the address is already a contact.
pub fn add_contact_in(
    tx: &Tx<'_>,
    client_id: &str,
    input: &ContactInput,
    invited_by: Option<&Contact>,
) -> StoreResult<(Client, Contact)> {
    let mut c: Client = tx.get(client_id)?;
    if c.contact(input.email.trim()).is_some() {
        return Err(StoreError::Conflict(format!(
            "{} is already a contact of this client",
            input.email.trim()
        )));
    }
    if c.contacts.len() >= MAX_CONTACTS {
        return Err(StoreError::invalid(
            "contacts",
            format!("at most {MAX_CONTACTS} contacts"),
        ));
    }
    let mut contact = valid_contact(input, None, &project_ids(tx, &c.id)?)?;
    contact.invited_by = invited_by.map(|i| i.id.clone());
    c.contacts.push(contact.clone());
    tx.put(&c)?;
    let mut details = contact_details(&contact);
    let kind = match (invited_by, details.as_object_mut()) {
        (Some(inviter), Some(d)) => {
            d.insert(
                "invited_by".into(),
                json!({"contact_id": inviter.id, "name": inviter.name, "email": inviter.email}),
            );
            "contact.invited"
        }
        _ => "contact.added",
    };
    tx.audit(kind, &[&c.id, &contact.id], details)?;
    Ok((c, contact))
}

/// The audit details naming a contact (never more than staff already see).
fn contact_details(c: &Contact) -> serde_json::Value {
    json!({"contact_id": c.id, "name": c.name, "email": c.email, "role": c.role, "projects": c.projects})
}

fn valid_language(lang: &str) -> StoreResult<String> {
    crate::i18n::Lang::parse(lang)
        .map(|l| l.tag().to_owned())
        .ok_or_else(|| {
            StoreError::invalid(
                "language",
                format!("must be one of {}", crate::i18n::LANGUAGE_TAGS.join(", ")),
            )
        })
}

/// An IANA time zone name such as `Europe/Berlin`.
fn valid_timezone(tz: &str) -> StoreResult<String> {
    let tz = tz.trim();
    if crate::i18n::valid_timezone(tz) {
        Ok(tz.to_owned())
    } else {
        Err(StoreError::invalid(
            "timezone",
            "must be an IANA time zone name such as Europe/Berlin or UTC",
        ))
    }
}

impl Store {
    /// # Errors
    /// Invalid fields.
    pub fn create_client(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        new: NewClient,
    ) -> StoreResult<Client> {
        let client = Client {
            id: new_id(),
            name: validate::line("name", &new.name)?,
            // A new client has no projects yet: its contacts see "all".
            contacts: valid_contacts(&new.contacts, &[], &[])?,
            language: new.language.as_deref().map(valid_language).transpose()?,
            timezone: new.timezone.as_deref().map(valid_timezone).transpose()?,
            portal_enabled: true,
            sections: Sections::default(),
            links_cutoff_at: None,
            verify_decisions: false,
            clients_may_invite: false,
            // Its creator hears what its contacts do, until staff say otherwise.
            owner_staff_id: match actor {
                Actor::Staff { id, .. } => Some(id.clone()),
                _ => None,
            },
            activity_alerts: true,
            created_at: now,
        };
        self.write(actor, now, |tx| {
            tx.put(&client)?;
            tx.link_child("root", "", "clients", &client.id)?;
            tx.audit(
                "client.created",
                &[&client.id],
                json!({"name": client.name, "contacts": client.contacts}),
            )?;
            Ok(client)
        })
    }

    /// # Errors
    /// `NotFound` or invalid fields.
    pub fn patch_client(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        patch: ClientPatch,
    ) -> StoreResult<Client> {
        let name = patch
            .name
            .as_deref()
            .map(|n| validate::line("name", n))
            .transpose()?;
        let language = patch.language.as_deref().map(valid_language).transpose()?;
        let timezone = patch.timezone.as_deref().map(valid_timezone).transpose()?;
        self.write(actor, now, |tx| {
            let mut c: Client = tx.get(id)?;
            let mut changed = serde_json::Map::new();
            if let Some(v) = name {
                changed.insert("name".into(), json!(v));
                c.name = v;
            }
            if let Some(inputs) = &patch.contacts {
                let v = valid_contacts(inputs, &c.contacts, &project_ids(tx, &c.id)?)?;
                let removed: Vec<&str> = c
                    .contacts
                    .iter()
                    .filter(|old| !v.iter().any(|n| n.id == old.id))
                    .map(|old| old.id.as_str())
                    .collect();
                changed.insert("contacts".into(), json!(v));
                if !removed.is_empty() {
                    changed.insert("contacts_removed".into(), json!(removed));
                }
                c.contacts = v;
            }
            if let Some(v) = language {
                changed.insert("language".into(), json!(v));
                c.language = Some(v);
            }
            if let Some(v) = timezone {
                changed.insert("timezone".into(), json!(v));
                c.timezone = Some(v);
            }
            if let Some(v) = patch.verify_decisions {
                changed.insert("verify_decisions".into(), json!(v));
                c.verify_decisions = v;
            }
            if let Some(v) = patch.clients_may_invite {
                changed.insert("clients_may_invite".into(), json!(v));
                c.clients_may_invite = v;
            }
            if let Some(v) = &patch.owner_staff_id {
                let owner = tx
                    .find::<Staff>(v.trim())?
                    .filter(Staff::is_active)
                    .ok_or_else(|| {
                        StoreError::invalid("owner_staff_id", "is not a staff member")
                    })?;
                changed.insert("owner_staff_id".into(), json!(owner.id));
                c.owner_staff_id = Some(owner.id);
            }
            if let Some(v) = patch.activity_alerts {
                changed.insert("activity_alerts".into(), json!(v));
                c.activity_alerts = v;
            }
            if let Some(v) = patch.portal_enabled {
                changed.insert("portal_enabled".into(), json!(v));
                c.portal_enabled = v;
            }
            if let Some(v) = patch.sections {
                for slug in v.lists.keys() {
                    if tx.find::<crate::domain::lists::ListDef>(slug)?.is_none() {
                        return Err(StoreError::Invalid {
                            field: "sections",
                            message: format!("{slug} is neither a section nor a list"),
                        });
                    }
                }
                let next = v.apply(&c.sections);
                changed.insert("sections".into(), json!(next));
                c.sections = next;
            }
            if !changed.is_empty() {
                tx.put(&c)?;
                tx.audit(
                    "client.updated",
                    &[&c.id],
                    serde_json::Value::Object(changed),
                )?;
            }
            Ok(c)
        })
    }

    /// Add one contact to a client, in one write (two concurrent additions both land).
    ///
    /// # Errors
    /// `NotFound`; `Invalid` fields; `Conflict` when the address is already a contact.
    pub fn add_contact(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        client_id: &str,
        input: &ContactInput,
    ) -> StoreResult<(Client, Contact)> {
        self.write(actor, now, |tx| add_contact_in(tx, client_id, input, None))
    }

    /// Change one contact in one write; their links follow at once (rights are judged at
    /// each use).
    ///
    /// # Errors
    /// `NotFound` for the client or contact; `Invalid` fields; `Conflict` when the new
    /// address belongs to another contact.
    pub fn update_contact(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        client_id: &str,
        contact_id: &str,
        patch: &ContactPatch,
    ) -> StoreResult<(Client, Contact)> {
        self.write(actor, now, |tx| {
            let mut c: Client = tx.get(client_id)?;
            let at = contact_index(&c, contact_id)?;
            let old = c.contacts[at].clone();
            let input = ContactInput {
                id: Some(old.id.clone()),
                name: patch.name.clone().unwrap_or_else(|| old.name.clone()),
                email: patch.email.clone().unwrap_or_else(|| old.email.clone()),
                role: patch.role,
                projects: patch.projects.clone(),
                language: patch.language.clone(),
            };
            let contact = valid_contact(&input, Some(&old), &project_ids(tx, &c.id)?)?;
            if c.contacts
                .iter()
                .any(|x| x.id != contact.id && x.email.eq_ignore_ascii_case(&contact.email))
            {
                return Err(StoreError::Conflict(format!(
                    "{} is already a contact of this client",
                    contact.email
                )));
            }
            if contact != old {
                c.contacts[at] = contact.clone();
                tx.put(&c)?;
                tx.audit(
                    "contact.updated",
                    &[&c.id, &contact.id],
                    contact_details(&contact),
                )?;
            }
            Ok((c, contact))
        })
    }

    /// Remove one contact in one write: every link of theirs ends at once, for good; their
    /// past decisions and evidence stay.
    ///
    /// # Errors
    /// `NotFound` for the client or contact.
    pub fn remove_contact(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        client_id: &str,
        contact_id: &str,
    ) -> StoreResult<(Client, Contact)> {
        self.write(actor, now, |tx| {
            let mut c: Client = tx.get(client_id)?;
            let at = contact_index(&c, contact_id)?;
            let gone = c.contacts.remove(at);
            tx.put(&c)?;
            tx.audit(
                "contact.removed",
                &[&c.id, &gone.id],
                contact_details(&gone),
            )?;
            Ok((c, gone))
        })
    }

    /// Give every contact stored before contacts had ids an id of its own (run at open).
    ///
    /// # Errors
    /// A database failure.
    pub(crate) fn assign_contact_ids(&self, now: OffsetDateTime) -> StoreResult<()> {
        let needing: Vec<Client> = self.read(|rx| {
            Ok(rx
                .all::<Client>()?
                .into_iter()
                .filter(|c| c.contacts.iter().any(|x| x.id.is_empty()))
                .collect())
        })?;
        if needing.is_empty() {
            return Ok(());
        }
        self.write(&Actor::System, now, |tx| {
            for mut c in needing {
                for x in c.contacts.iter_mut().filter(|x| x.id.is_empty()) {
                    x.id = new_id();
                }
                tx.put(&c)?;
                tx.audit(
                    "client.contacts_identified",
                    &[&c.id],
                    json!({"contacts": c.contacts.iter().map(|x| json!({"id": x.id, "email": x.email})).collect::<Vec<_>>()}),
                )?;
            }
            Ok(())
        })
    }

    /// Every client, by name.
    ///
    /// # Errors
    /// A database failure.
    pub fn clients(&self) -> StoreResult<Vec<Client>> {
        let mut all: Vec<Client> = self.read(|rx| rx.all())?;
        all.sort_by_key(|c| c.name.to_lowercase());
        Ok(all)
    }

    /// # Errors
    /// `NotFound` or a database failure.
    pub fn client(&self, id: &str) -> StoreResult<Client> {
        self.read(|rx| rx.get(id))
    }

    /// Projects of a client, by creation time.
    ///
    /// # Errors
    /// `NotFound` or a database failure.
    pub fn client_projects(&self, id: &str) -> StoreResult<Vec<Project>> {
        self.read(|rx| {
            rx.get::<Client>(id)?;
            let mut ps: Vec<Project> = rx.child_records("client", id, "projects")?;
            ps.sort_by_key(|p| p.created_at);
            Ok(ps)
        })
    }
}
