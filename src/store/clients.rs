//! Clients: contacts, language, portal switch and section visibility, link cut-off.

use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;

use super::tx::ReadRecords as _;
use super::{Actor, Store, StoreError, StoreResult};
use crate::domain::{Client, Contact, Project, Sections, new_id, validate};

/// Fields of a new client.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    pub name: String,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub language: Option<String>,
}

/// A partial update of a client; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientPatch {
    pub name: Option<String>,
    pub contacts: Option<Vec<Contact>>,
    pub language: Option<String>,
    pub portal_enabled: Option<bool>,
    pub sections: Option<Sections>,
}

fn valid_contacts(contacts: &[Contact]) -> StoreResult<Vec<Contact>> {
    let mut out: Vec<Contact> = Vec::with_capacity(contacts.len());
    for c in contacts {
        let c = Contact {
            name: validate::line("contacts.name", &c.name)?,
            email: validate::email("contacts.email", &c.email)?,
        };
        if out.iter().any(|o| o.email == c.email) {
            return Err(StoreError::invalid(
                "contacts.email",
                format!("{} is listed twice", c.email),
            ));
        }
        out.push(c);
    }
    if out.len() > 50 {
        return Err(StoreError::invalid("contacts", "at most 50 contacts"));
    }
    Ok(out)
}

fn valid_language(lang: &str) -> StoreResult<String> {
    let l = lang.trim();
    let ok = (2..=16).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-');
    if ok {
        Ok(l.to_owned())
    } else {
        Err(StoreError::invalid(
            "language",
            "must be a language tag such as en or de-CH",
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
            contacts: valid_contacts(&new.contacts)?,
            language: valid_language(new.language.as_deref().unwrap_or("en"))?,
            portal_enabled: true,
            sections: Sections::default(),
            links_cutoff_at: None,
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
        let contacts = patch.contacts.as_deref().map(valid_contacts).transpose()?;
        let language = patch.language.as_deref().map(valid_language).transpose()?;
        self.write(actor, now, |tx| {
            let mut c: Client = tx.get(id)?;
            let mut changed = serde_json::Map::new();
            if let Some(v) = name {
                changed.insert("name".into(), json!(v));
                c.name = v;
            }
            if let Some(v) = contacts {
                changed.insert("contacts".into(), json!(v));
                c.contacts = v;
            }
            if let Some(v) = language {
                changed.insert("language".into(), json!(v));
                c.language = v;
            }
            if let Some(v) = patch.portal_enabled {
                changed.insert("portal_enabled".into(), json!(v));
                c.portal_enabled = v;
            }
            if let Some(v) = patch.sections {
                changed.insert("sections".into(), json!(v));
                c.sections = v;
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
