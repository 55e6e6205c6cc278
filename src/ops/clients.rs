//! Clients and their contacts. Access belongs to the contact: changing a contact's role or
//! projects changes what their links may do at once, and removing a contact ends them.

use crate::domain::paging::{Page, PageRequest};
use crate::domain::{Client, Contact, LinkGrant, Project};
use crate::state::AppState;
use crate::store::{Actor, ClientPatch, ContactInput, ContactPatch, LinkState, NewClient};

use super::OpResult;

/// A client with everything its console page shows.
#[derive(Debug, Clone)]
pub struct ClientOverview {
    pub client: Client,
    pub projects: Vec<Project>,
    /// Links newest first, with where each stands now.
    pub links: Vec<(LinkGrant, LinkState)>,
    /// Staff members who may own the client (not removed), for the owner choice.
    pub staff: Vec<crate::domain::Staff>,
}

impl AppState {
    /// # Errors
    /// Invalid fields.
    pub fn create_client(&self, actor: &Actor, new: NewClient) -> OpResult<Client> {
        Ok(self.store.create_client(actor, self.clock.now(), new)?)
    }

    /// Every client, by name.
    ///
    /// # Errors
    /// A database failure.
    pub fn clients(&self) -> OpResult<Vec<Client>> {
        Ok(self.store.clients()?)
    }

    /// One page of clients in id order (staff API).
    ///
    /// # Errors
    /// A database failure.
    pub fn clients_page(&self, page: &PageRequest) -> OpResult<Page<Client>> {
        Ok(self.store.read(|rx| rx.page(page))?)
    }

    /// # Errors
    /// `NotFound`.
    pub fn client(&self, id: &str) -> OpResult<Client> {
        Ok(self.store.client(id)?)
    }

    /// The client, its projects and its links with their standing (console page).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn client_overview(&self, id: &str) -> OpResult<ClientOverview> {
        let now = self.clock.now();
        let leeway = self.settings.leeway_seconds;
        let client = self.store.client(id)?;
        let projects = self.store.client_projects(id)?;
        let mut grants = self.store.client_grants(id)?;
        self.link_views.overlay(&mut grants);
        let links = grants
            .into_iter()
            .map(|g| {
                let st = crate::store::link_state(&g, &client, now, leeway);
                (g, st)
            })
            .collect();
        let staff = self
            .store
            .all_staff()?
            .into_iter()
            .filter(crate::domain::Staff::is_active)
            .collect();
        Ok(ClientOverview {
            client,
            projects,
            links,
            staff,
        })
    }

    /// Change a client; `contacts` replaces the list (left out = removed, links end).
    ///
    /// # Errors
    /// `NotFound` or invalid fields.
    pub fn patch_client(&self, actor: &Actor, id: &str, patch: ClientPatch) -> OpResult<Client> {
        Ok(self
            .store
            .patch_client(actor, self.clock.now(), id, patch)?)
    }

    /// Add one contact (one write: concurrent additions both land).
    ///
    /// # Errors
    /// `NotFound`, invalid fields, `Conflict` for an address already on file.
    pub fn add_contact(
        &self,
        actor: &Actor,
        client_id: &str,
        input: &ContactInput,
    ) -> OpResult<Contact> {
        let (_, contact) = self
            .store
            .add_contact(actor, self.clock.now(), client_id, input)?;
        Ok(contact)
    }

    /// Change one contact's name, address, role, projects or language.
    ///
    /// # Errors
    /// `NotFound`, invalid fields, `Conflict` for an address of another contact.
    pub fn update_contact(
        &self,
        actor: &Actor,
        client_id: &str,
        contact_id: &str,
        patch: &ContactPatch,
    ) -> OpResult<Contact> {
        let (_, contact) =
            self.store
                .update_contact(actor, self.clock.now(), client_id, contact_id, patch)?;
        Ok(contact)
    }

    /// Remove one contact: every link of theirs ends for good.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn remove_contact(
        &self,
        actor: &Actor,
        client_id: &str,
        contact_id: &str,
    ) -> OpResult<Contact> {
        let (_, gone) =
            self.store
                .remove_contact(actor, self.clock.now(), client_id, contact_id)?;
        Ok(gone)
    }
}
