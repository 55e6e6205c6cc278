//! Who may see or do what through a client link: the one access policy (SPEC 5, 6, 10).
//!
//! Pure: it is handed the link's grant, the client as on file now (with its contacts) and
//! the thing asked for, and answers. Every client route, every mail that carries a link,
//! and every comment or decision asks it; nothing else decides access.
//!
//! Order of the questions, each answered before the next is asked:
//! 1. **Standing** of the link ([`standing`]): revoked, contact removed (both final),
//!    cut off, expired (both renewable), portal closed, else live.
//! 2. **Scope** ([`Access::check`]): the thing must belong to the link's client, lie in
//!    the link's project (when scoped) and in the contact's projects, sit in a section the
//!    client shows, and be visible to clients at all. Anything else is **404**, so a link
//!    learns nothing about what lies outside it.
//! 3. **Rights**: the action must be allowed by the contact's role *and* the link's
//!    `can`, and a decision must come from one of the approval's approvers (when it
//!    names them). Otherwise **403**: the link may look but not act.
//!
//! Only after all three may a handler look at what the request carries (form fields,
//! nonces, versions).

use time::OffsetDateTime;

use super::lists::ListRow;
use super::records::{
    Approval, ApprovalStatus, Capability, Client, ClientRequest, Contact, ContactRole, FileRecord,
    FileRequest, LinkGrant, Project, Sections,
};

/// Something a link holder does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open a page, see a preview.
    View,
    Download,
    Comment,
    Upload,
    Decide,
    /// Invite a colleague as a viewer contact (only where the client allows it).
    Invite,
}

impl Action {
    /// The `can` entry a link needs for this action (`View` needs none).
    #[must_use]
    pub fn capability(self) -> Option<Capability> {
        match self {
            Self::View => None,
            Self::Download => Some(Capability::Download),
            Self::Comment => Some(Capability::Comment),
            Self::Upload => Some(Capability::Upload),
            Self::Decide => Some(Capability::Decide),
            // Inviting speaks for the client, like a comment: a link narrowed below
            // commenting may not bring in anyone.
            Self::Invite => Some(Capability::Comment),
        }
    }
}

/// What each role may do.
#[must_use]
pub fn role_allows(role: ContactRole, action: Action) -> bool {
    let needs = match action {
        Action::View | Action::Download => ContactRole::Viewer,
        Action::Comment | Action::Upload | Action::Invite => ContactRole::Contributor,
        Action::Decide => ContactRole::Approver,
    };
    role >= needs
}

/// Why a genuine link is dead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoneReason {
    /// Staff revoked this link: final.
    Revoked,
    /// The contact it was issued to is no longer on file: final.
    ContactRemoved,
    /// Staff cut off every link of the client issued before a moment: renewable.
    CutOff,
    /// Past its lifetime: renewable.
    Expired,
}

impl GoneReason {
    /// Whether the 410 page offers a fresh link (and renewal sends one).
    #[must_use]
    pub fn renewable(self) -> bool {
        matches!(self, Self::CutOff | Self::Expired)
    }
}

/// Where a genuine link stands before anything is asked of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing<'a> {
    /// The link opens the portal for this contact, as on file now.
    Live(&'a Contact),
    /// 410; see [`GoneReason::renewable`].
    Gone(GoneReason),
    /// 410: the client's portal is switched off; no fresh-link button.
    Closed,
}

/// The contact a grant was issued to, as on file now. Grants and clients written before
/// contacts had ids are matched by address.
#[must_use]
pub fn grant_contact<'a>(grant: &LinkGrant, client: &'a Client) -> Option<&'a Contact> {
    if grant.contact.id.is_empty() {
        client.contact(&grant.contact.email)
    } else {
        client.contact_by_id(&grant.contact.id)
    }
}

/// Judge a grant against its client at `now` (SPEC 5 order; removal is as final as
/// revocation and comes right after it).
#[must_use]
pub fn standing<'a>(
    grant: &LinkGrant,
    client: &'a Client,
    now: OffsetDateTime,
    leeway_seconds: i64,
) -> Standing<'a> {
    let contact = grant_contact(grant, client);
    if grant.revoked_at.is_some() || grant.client_id != client.id {
        Standing::Gone(GoneReason::Revoked)
    } else if contact.is_none() {
        Standing::Gone(GoneReason::ContactRemoved)
    } else if client.links_cutoff_at.is_some_and(|c| grant.issued_at < c) {
        Standing::Gone(GoneReason::CutOff)
    } else if now > grant.expires_at + time::Duration::seconds(leeway_seconds) {
        Standing::Gone(GoneReason::Expired)
    } else if !client.portal_enabled {
        Standing::Closed
    } else {
        contact.map_or(Standing::Gone(GoneReason::ContactRemoved), Standing::Live)
    }
}

/// Whether a fresh link may be mailed for this grant: only when it died of cut-off or
/// expiry, its contact is still on file at the address the grant was sent to, and the
/// portal is open.
#[must_use]
pub fn may_renew(grant: &LinkGrant, client: &Client, now: OffsetDateTime, leeway: i64) -> bool {
    match standing(grant, client, now, leeway) {
        Standing::Gone(reason) => {
            reason.renewable()
                && client.portal_enabled
                && grant_contact(grant, client)
                    .is_some_and(|c| c.email.eq_ignore_ascii_case(&grant.contact.email))
        }
        Standing::Live(_) | Standing::Closed => false,
    }
}

/// A section of the client pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Milestones,
    Files,
    Approvals,
    Activity,
}

impl Section {
    #[must_use]
    pub fn shown(self, sections: &Sections) -> bool {
        match self {
            Self::Milestones => sections.milestones,
            Self::Files => sections.files,
            Self::Approvals => sections.approvals,
            Self::Activity => sections.activity,
        }
    }
}

/// The thing a link asks for, reduced to what the policy judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject<'a> {
    pub client_id: &'a str,
    /// None for client-wide things (the overview).
    pub project_id: Option<&'a str>,
    /// None for things outside any section (the overview, a project page).
    pub section: Option<Section>,
    /// Whether clients may see this at all (a hidden file, an approval withdrawn before
    /// anyone decided, are not).
    pub client_visible: bool,
    /// The contact ids who alone may decide on it (an approval naming its approvers);
    /// empty: anyone whose role and link allow deciding.
    pub deciders: &'a [String],
    /// The record list it belongs to (a list page, a row, a row's approval): shown only
    /// while the client's `sections` do not switch that list off.
    pub list: Option<&'a str>,
}

impl<'a> Subject<'a> {
    /// The overview of the client.
    #[must_use]
    pub fn portal(client: &'a Client) -> Self {
        Self {
            client_id: &client.id,
            project_id: None,
            section: None,
            client_visible: true,
            deciders: &[],
            list: None,
        }
    }

    /// A project; the stand-in of a row approval on a row of no project (empty id) is
    /// client-wide.
    #[must_use]
    pub fn project(p: &'a Project) -> Self {
        Self {
            client_id: &p.client_id,
            project_id: Some(p.id.as_str()).filter(|id| !id.is_empty()),
            section: None,
            client_visible: true,
            deciders: &[],
            list: None,
        }
    }

    /// A client's record list (its page, its CSV, its count on the overview).
    #[must_use]
    pub fn list(client: &'a Client, slug: &'a str) -> Self {
        Self {
            list: Some(slug),
            ..Self::portal(client)
        }
    }

    /// One row of a list: its client's, and its project's when it names one (a row of no
    /// project is client-wide, like a request).
    #[must_use]
    pub fn list_row(row: &'a ListRow) -> Self {
        Self {
            client_id: &row.client_id,
            project_id: row.project_id.as_deref(),
            section: None,
            client_visible: true,
            deciders: &[],
            list: Some(&row.list),
        }
    }

    /// A milestone (and its updates and comments) of project `p`.
    #[must_use]
    pub fn milestone(p: &'a Project) -> Self {
        Self {
            section: Some(Section::Milestones),
            ..Self::project(p)
        }
    }

    /// A file of project `p`.
    #[must_use]
    pub fn file(p: &'a Project, f: &FileRecord) -> Self {
        Self {
            section: Some(Section::Files),
            client_visible: f.client_visible && f.project_id == p.id,
            ..Self::project(p)
        }
    }

    /// An approval of project `p`. One withdrawn before anyone decided is as if never
    /// requested; one withdrawn after a decision stays visible with its history. Only its
    /// approvers may decide on it (records without a list: any approver-role contact).
    #[must_use]
    pub fn approval(p: &'a Project, a: &'a Approval) -> Self {
        let withdrawn_unseen = a.status == ApprovalStatus::Withdrawn && a.decisions.is_empty();
        Self {
            section: Some(Section::Approvals),
            client_visible: !withdrawn_unseen
                && a.project_id == p.id
                && a.row.as_ref().is_none_or(|r| r.client_id == p.client_id),
            deciders: &a.approver_ids,
            list: a.row.as_ref().map(|r| r.list.as_str()),
            ..Self::project(p)
        }
    }

    /// A file request of project `p`: it asks for files, so it lives in the files section.
    #[must_use]
    pub fn file_request(p: &'a Project, r: &FileRequest) -> Self {
        Self {
            section: Some(Section::Files),
            client_visible: r.project_id == p.id,
            ..Self::project(p)
        }
    }

    /// A client's request (ticket): the client's, and its project's when it names one.
    #[must_use]
    pub fn client_request(r: &'a ClientRequest) -> Self {
        Self {
            client_id: &r.client_id,
            project_id: r.project_id.as_deref(),
            section: None,
            client_visible: true,
            deciders: &[],
            list: None,
        }
    }
}

/// Why a live link is refused something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// Outside the link's scope: answered exactly like a thing that does not exist.
    #[error("not found")]
    NotFound,
    /// In scope, but this link may look and not do this.
    #[error("This link may view but not {}", verb(*.0))]
    Forbidden(Action),
}

fn verb(action: Action) -> &'static str {
    match action {
        Action::View => "view",
        Action::Download => "download",
        Action::Comment => "comment",
        Action::Invite => "invite colleagues",
        Action::Upload => "upload",
        Action::Decide => "decide",
    }
}

/// What a link may do beyond looking, wherever it is in scope: for pages to leave out the
/// forms and buttons it could not use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools)]
pub struct Rights {
    pub download: bool,
    pub comment: bool,
    pub upload: bool,
    pub decide: bool,
    /// Invite colleagues (only where the client allows it).
    pub invite: bool,
}

impl Rights {
    /// Every right: previews of pages with nothing narrowed.
    #[must_use]
    pub fn all() -> Self {
        Self {
            download: true,
            comment: true,
            upload: true,
            decide: true,
            invite: true,
        }
    }
}

/// A live link: its grant, its client and its contact as on file now.
#[derive(Debug, Clone, Copy)]
pub struct Access<'a> {
    pub grant: &'a LinkGrant,
    pub client: &'a Client,
    pub contact: &'a Contact,
}

impl<'a> Access<'a> {
    /// The access of a live link; `None` when the link does not stand (see [`standing`]).
    #[must_use]
    pub fn of(
        grant: &'a LinkGrant,
        client: &'a Client,
        now: OffsetDateTime,
        leeway: i64,
    ) -> Option<Self> {
        match standing(grant, client, now, leeway) {
            Standing::Live(contact) => Some(Self {
                grant,
                client,
                contact,
            }),
            Standing::Gone(_) | Standing::Closed => None,
        }
    }

    /// Whether project `project_id` of this client is inside the link and the contact.
    #[must_use]
    pub fn sees_project(&self, project_id: &str) -> bool {
        self.grant
            .project_id
            .as_deref()
            .is_none_or(|p| p == project_id)
            && self.contact.projects.includes(project_id)
    }

    /// Whether a section is shown to this client.
    #[must_use]
    pub fn shows(&self, section: Section) -> bool {
        section.shown(&self.client.sections)
    }

    /// Whether this link may do `action` at all (role ∩ can), wherever it is in scope.
    /// Views use it to leave out forms and buttons the link could not use.
    #[must_use]
    pub fn may(&self, action: Action) -> bool {
        role_allows(self.contact.role, action)
            && action
                .capability()
                .is_none_or(|c| self.grant.can.contains(&c))
    }

    /// Everything [`Access::may`] allows.
    #[must_use]
    pub fn rights(&self) -> Rights {
        Rights {
            download: self.may(Action::Download),
            comment: self.may(Action::Comment),
            upload: self.may(Action::Upload),
            decide: self.may(Action::Decide),
            invite: self
                .check(&Subject::portal(self.client), Action::Invite)
                .is_ok(),
        }
    }

    /// The verdict on doing `action` to `subject`: scope first (404), then rights (403).
    ///
    /// # Errors
    /// [`Denied::NotFound`] outside the scope, [`Denied::Forbidden`] without the right.
    pub fn check(&self, subject: &Subject<'_>, action: Action) -> Result<(), Denied> {
        let in_scope = subject.client_id == self.client.id
            && subject.client_visible
            && subject.project_id.is_none_or(|p| self.sees_project(p))
            && subject.section.is_none_or(|s| self.shows(s))
            && subject
                .list
                .is_none_or(|l| self.client.sections.shows_list(l));
        if !in_scope {
            return Err(Denied::NotFound);
        }
        let named = action != Action::Decide
            || subject.deciders.is_empty()
            || subject.deciders.contains(&self.contact.id);
        let allowed_here = action != Action::Invite || self.client.clients_may_invite;
        if !self.may(action) || !named || !allowed_here {
            return Err(Denied::Forbidden(action));
        }
        Ok(())
    }
}

/// Whether `contact` may be named an approver of an approval in `project_id`, and is one
/// by default: their role lets them decide and they see the project.
#[must_use]
pub fn may_approve_in(contact: &Contact, project_id: &str) -> bool {
    role_allows(contact.role, Action::Decide)
        && (project_id.is_empty() || contact.projects.includes(project_id))
}

/// The scope of a link a mail carries to `contact`: mail about a project carries a link to
/// that project only, and only to a contact who sees it (`None`: send this contact nothing
/// about it). The link narrows nothing further: it holds exactly its contact's rights,
/// which are judged at each use.
#[must_use]
pub fn mail_link_scope(contact: &Contact, about_project: Option<&str>) -> Option<Option<String>> {
    match about_project {
        Some(p) if contact.projects.includes(p) => Some(Some(p.to_owned())),
        Some(_) => None,
        None => Some(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::{LinkPurpose, ProjectAccess, ProjectStatus};
    use proptest::prelude::*;

    fn t0() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time")
    }

    fn contact(role: ContactRole, projects: ProjectAccess) -> Contact {
        Contact {
            id: "c1".into(),
            name: "Cleo".into(),
            email: "cleo@acme.test".into(),
            role,
            projects,
            language: None,
            invited_by: None,
        }
    }

    fn client(contacts: Vec<Contact>, sections: Sections) -> Client {
        Client {
            id: "acme".into(),
            name: "Acme".into(),
            contacts,
            language: Some("en".into()),
            timezone: None,
            portal_enabled: true,
            sections,
            links_cutoff_at: None,
            verify_decisions: false,
            clients_may_invite: false,
            owner_staff_id: None,
            activity_alerts: true,
            created_at: t0(),
        }
    }

    fn grant(contact: &Contact, project: Option<&str>, can: Vec<Capability>) -> LinkGrant {
        LinkGrant {
            grant_id: "g1".into(),
            client_id: "acme".into(),
            project_id: project.map(str::to_owned),
            contact: contact.clone(),
            can,
            purpose: LinkPurpose::ClientPortal,
            issued_by: "staff:s".into(),
            issued_at: t0(),
            expires_at: t0() + time::Duration::days(7),
            revoked_at: None,
            views: 0,
            last_seen_at: None,
            opened_at: None,
            mailed_at: None,
            fetched_at: None,
            key_id: 1,
        }
    }

    fn project(id: &str) -> Project {
        Project {
            id: id.into(),
            client_id: "acme".into(),
            name: id.into(),
            summary: String::new(),
            status: ProjectStatus::Active,
            next_step: None,
            created_at: t0(),
        }
    }

    #[test]
    fn standing_follows_the_spec_order() {
        let c = contact(ContactRole::Approver, ProjectAccess::All);
        let mut cl = client(vec![c.clone()], Sections::default());
        let mut g = grant(&c, None, Capability::all());
        assert!(matches!(standing(&g, &cl, t0(), 60), Standing::Live(_)));
        let late = t0() + time::Duration::days(8);
        assert_eq!(
            standing(&g, &cl, late, 60),
            Standing::Gone(GoneReason::Expired)
        );
        assert!(may_renew(&g, &cl, late, 60));
        cl.links_cutoff_at = Some(t0() + time::Duration::SECOND);
        assert_eq!(
            standing(&g, &cl, t0(), 60),
            Standing::Gone(GoneReason::CutOff)
        );
        assert!(may_renew(&g, &cl, t0(), 60));
        cl.contacts.clear();
        assert_eq!(
            standing(&g, &cl, t0(), 60),
            Standing::Gone(GoneReason::ContactRemoved)
        );
        assert!(!may_renew(&g, &cl, t0(), 60), "removal is final");
        cl.contacts.push(c);
        g.revoked_at = Some(t0());
        assert_eq!(
            standing(&g, &cl, t0(), 60),
            Standing::Gone(GoneReason::Revoked)
        );
        assert!(!may_renew(&g, &cl, t0(), 60), "revocation is final");
        g.revoked_at = None;
        cl.links_cutoff_at = None;
        cl.portal_enabled = false;
        assert_eq!(standing(&g, &cl, t0(), 60), Standing::Closed);
        assert!(!may_renew(&g, &cl, t0(), 60));
    }

    #[test]
    fn list_rows_are_their_clients_in_their_project_while_the_list_is_shown() {
        let c = contact(ContactRole::Viewer, ProjectAccess::Only(vec!["p1".into()]));
        let mut cl = client(vec![c.clone()], Sections::default());
        let g = grant(&c, None, Capability::all());
        let row = |client: &str, project: Option<&str>| crate::domain::lists::ListRow {
            id: "r".into(),
            list: "jobs".into(),
            external_id: "j1".into(),
            client_id: client.into(),
            project_id: project.map(str::to_owned),
            values: std::collections::BTreeMap::new(),
            visible_sha256: String::new(),
            created_at: t0(),
            updated_at: t0(),
        };
        let verdict = |cl: &Client, r: &crate::domain::lists::ListRow| {
            let access = Access::of(&g, cl, t0(), 0).expect("live");
            access.check(&Subject::list_row(r), Action::View)
        };
        assert_eq!(
            verdict(&cl, &row("acme", None)),
            Ok(()),
            "no project: client-wide"
        );
        assert_eq!(verdict(&cl, &row("acme", Some("p1"))), Ok(()));
        assert_eq!(
            verdict(&cl, &row("acme", Some("p2"))),
            Err(Denied::NotFound)
        );
        assert_eq!(verdict(&cl, &row("other", None)), Err(Denied::NotFound));
        cl.sections.lists.insert("jobs".into(), false);
        assert_eq!(verdict(&cl, &row("acme", None)), Err(Denied::NotFound));
        let access = Access::of(&g, &cl, t0(), 0).expect("live");
        assert_eq!(
            access.check(&Subject::list(&cl, "jobs"), Action::View),
            Err(Denied::NotFound)
        );
        assert_eq!(
            access.check(&Subject::list(&cl, "stock"), Action::View),
            Ok(())
        );
    }

    #[test]
    fn a_re_added_address_does_not_revive_the_removed_contacts_links() {
        let c = contact(ContactRole::Approver, ProjectAccess::All);
        let g = grant(&c, None, Capability::all());
        let mut again = c.clone();
        again.id = "c2".into();
        let cl = client(vec![again], Sections::default());
        assert_eq!(
            standing(&g, &cl, t0(), 0),
            Standing::Gone(GoneReason::ContactRemoved)
        );
    }

    #[test]
    fn scope_comes_before_rights() {
        let c = contact(ContactRole::Viewer, ProjectAccess::Only(vec!["p1".into()]));
        let cl = client(vec![c.clone()], Sections::default());
        let g = grant(&c, None, Capability::all());
        let access = Access::of(&g, &cl, t0(), 0).expect("live");
        let (p1, p2) = (project("p1"), project("p2"));
        assert_eq!(access.check(&Subject::project(&p1), Action::View), Ok(()));
        assert_eq!(
            access.check(&Subject::project(&p2), Action::Decide),
            Err(Denied::NotFound),
            "outside the contact's projects: 404 even for an action it may not do"
        );
        assert_eq!(
            access.check(&Subject::milestone(&p1), Action::Comment),
            Err(Denied::Forbidden(Action::Comment))
        );
    }

    #[test]
    fn can_narrows_the_role_and_the_role_narrows_can() {
        let c = contact(ContactRole::Approver, ProjectAccess::All);
        let cl = client(vec![c.clone()], Sections::default());
        let g = grant(&c, None, vec![Capability::Comment]);
        let access = Access::of(&g, &cl, t0(), 0).expect("live");
        assert!(access.may(Action::View));
        assert!(access.may(Action::Comment));
        assert!(!access.may(Action::Download), "proofing mode");
        assert!(!access.may(Action::Decide));
        let viewer = contact(ContactRole::Viewer, ProjectAccess::All);
        let cl = client(vec![viewer.clone()], Sections::default());
        let g = grant(&viewer, None, Capability::all());
        let access = Access::of(&g, &cl, t0(), 0).expect("live");
        assert!(access.may(Action::Download));
        assert!(!access.may(Action::Comment));
    }

    #[test]
    fn only_named_approvers_decide() {
        let c = contact(ContactRole::Approver, ProjectAccess::All);
        let cl = client(vec![c.clone()], Sections::default());
        let g = grant(&c, None, Capability::all());
        let access = Access::of(&g, &cl, t0(), 0).expect("live");
        let p = project("p1");
        let others = vec!["c2".to_owned()];
        let subject = Subject {
            deciders: &others,
            section: Some(Section::Approvals),
            ..Subject::project(&p)
        };
        assert_eq!(access.check(&subject, Action::View), Ok(()));
        assert_eq!(
            access.check(&subject, Action::Decide),
            Err(Denied::Forbidden(Action::Decide)),
            "may view but not decide"
        );
        let me = vec!["c1".to_owned()];
        let subject = Subject {
            deciders: &me,
            ..subject
        };
        assert_eq!(access.check(&subject, Action::Decide), Ok(()));
    }

    #[test]
    fn mail_links_hold_no_more_than_the_contact() {
        let only = contact(
            ContactRole::Approver,
            ProjectAccess::Only(vec!["p1".into()]),
        );
        assert_eq!(mail_link_scope(&only, Some("p1")), Some(Some("p1".into())));
        assert_eq!(mail_link_scope(&only, Some("p2")), None);
        assert_eq!(mail_link_scope(&only, None), Some(None));
    }

    fn role() -> impl Strategy<Value = ContactRole> {
        prop_oneof![
            Just(ContactRole::Viewer),
            Just(ContactRole::Contributor),
            Just(ContactRole::Approver)
        ]
    }

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            Just(Action::View),
            Just(Action::Download),
            Just(Action::Comment),
            Just(Action::Upload),
            Just(Action::Decide)
        ]
    }

    fn section() -> impl Strategy<Value = Option<Section>> {
        prop_oneof![
            Just(None),
            Just(Some(Section::Milestones)),
            Just(Some(Section::Files)),
            Just(Some(Section::Approvals)),
            Just(Some(Section::Activity))
        ]
    }

    const PROJECTS: [&str; 4] = ["p0", "p1", "p2", "p3"];

    proptest! {
        /// For any role, project list, link scope, `can` set and sections, the policy
        /// never grants more than role ∩ can ∩ scope.
        #[test]
        fn never_grants_more_than_role_and_can_and_scope(
            role in role(),
            all_projects in any::<bool>(),
            contact_projects in proptest::sample::subsequence(PROJECTS.to_vec(), 0..=4),
            link_project in proptest::option::of(proptest::sample::select(PROJECTS.to_vec())),
            can in proptest::sample::subsequence(Capability::ALL.to_vec(), 0..=4),
            shown in any::<[bool; 4]>(),
            asked_project in proptest::option::of(proptest::sample::select(PROJECTS.to_vec())),
            asked_client_is_other in any::<bool>(),
            visible in any::<bool>(),
            section in section(),
            action in action(),
            deciders in proptest::sample::subsequence(vec!["c1".to_owned(), "c2".to_owned()], 0..=2),
        ) {
            let projects = if all_projects {
                ProjectAccess::All
            } else {
                ProjectAccess::Only(contact_projects.iter().map(|p| (*p).to_owned()).collect())
            };
            let c = contact(role, projects.clone());
            let sections = Sections {
                milestones: shown[0],
                files: shown[1],
                approvals: shown[2],
                activity: shown[3],
                lists: std::collections::BTreeMap::from([("jobs".to_owned(), shown[0])]),
            };
            let cl = client(vec![c.clone()], sections.clone());
            let g = grant(&c, link_project, can.clone());
            let access = Access::of(&g, &cl, t0(), 0).expect("live");
            let subject = Subject {
                client_id: if asked_client_is_other { "other" } else { "acme" },
                project_id: asked_project,
                section,
                client_visible: visible,
                deciders: &deciders,
                list: asked_project.map(|_| "jobs"),
            };
            if access.check(&subject, action).is_ok() {
                prop_assert!(subject.list.is_none_or(|l| sections.shows_list(l)));
                prop_assert!(role_allows(role, action));
                prop_assert!(action.capability().is_none_or(|cap| can.contains(&cap)));
                prop_assert!(!asked_client_is_other && visible);
                if let Some(p) = asked_project {
                    prop_assert!(link_project.is_none_or(|l| l == p));
                    prop_assert!(projects.includes(p));
                }
                prop_assert!(section.is_none_or(|s| s.shown(&sections)));
                if action == Action::Decide {
                    prop_assert!(deciders.is_empty() || deciders.contains(&c.id));
                }
            }
        }
    }
}
