//! Console pages: the client list and one client (settings, contacts, projects, links).

use maud::{Markup, html};
use time::OffsetDateTime;

use super::{Chrome, csrf_field, page, sort_th};
use crate::domain::{Client, Contact, ContactRole, LinkGrant, Project, ProjectAccess};
use crate::ops::IssuedLink;
use crate::sort::{Sort, Table};
use crate::views::components::{Badge, Crumb, Day, DayOf, Empty, Moment};

/// Ids carry the form's name: one page holds several forms with the same field names.
fn checkbox(form: &str, name: &str, label: &str, checked: bool) -> Markup {
    let id = format!("f-{form}-{name}");
    html! {
        div.field.check {
            input id=(id) type="checkbox" name=(name) value="on" checked[checked];
            label for=(id) { (label) }
        }
    }
}

fn text_field(
    form: &str,
    name: &str,
    label: &str,
    kind: &str,
    value: &str,
    required: bool,
) -> Markup {
    let id = format!("f-{form}-{name}");
    html! {
        div.field {
            label for=(id) { (label) }
            input id=(id) type=(kind) name=(name) value=(value) required[required];
        }
    }
}

/// The client's language as a choice of the five spoken (`blank` first: the value
/// sent when nothing is chosen).
fn language_select(form: &str, current: Option<&str>, blank: &str) -> Markup {
    let id = format!("f-{form}-language");
    html! {
        div.field {
            label for=(id) { "Language of pages and mail" }
            select id=(id) name="language" {
                option value="" selected[current.is_none()] { (blank) }
                @for l in crate::i18n::Lang::ALL {
                    option value=(l.tag()) selected[current == Some(l.tag())] {
                        (l.endonym()) " (" (l.tag()) ")"
                    }
                }
            }
        }
    }
}

/// Sortable columns of the client list.
pub const CLIENT_TABLE: Table = Table {
    columns: &["name", "contacts", "language", "portal"],
    default: Sort::asc("name"),
};

/// Sortable columns of a client's links.
pub const LINK_TABLE: Table = Table {
    columns: &["contact", "issued", "expires", "views", "state"],
    default: Sort::desc("issued"),
};

/// `GET /staff/clients`: `clients` arrive sorted by `sort`.
#[must_use]
pub fn list(chrome: &Chrome, clients: &[Client], sort: Sort) -> Markup {
    let th = |label: &str, col: &str| sort_th(label, col, sort, "list-h");
    page(
        chrome,
        "Clients",
        &[Crumb::link("Dashboard", "/staff"), Crumb::here("Clients")],
        html! {
            h1 { "Clients" }
            section.card aria-labelledby="list-h" {
                h2 #list-h { "All clients (" (clients.len()) ")" }
                @if clients.is_empty() {
                    (Empty("No clients yet. Add the first one below."))
                } @else {
                    div.table-wrap {
                        table {
                            thead { tr {
                                (th("Client", "name")) (th("Contacts", "contacts"))
                                (th("Language", "language")) (th("Portal", "portal"))
                            } }
                            tbody {
                                @for c in clients {
                                    tr {
                                        td { a href=(format!("/staff/clients/{}", c.id)) { (c.name) } }
                                        td data-label="Contacts" { (c.contacts.len()) }
                                        td data-label="Language" { (c.language.as_deref().unwrap_or("browser")) }
                                        td data-label="Portal" { @if c.portal_enabled { "on" } @else { strong { "off" } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="new-h" {
                h2 #new-h { "Add a client" }
                form method="post" action="/staff/clients" {
                    (csrf_field(&chrome.csrf))
                    (text_field("new", "name", "Client name", "text", "", true))
                    (text_field("new", "contact_name", "First contact's name (optional)", "text", "", false))
                    (text_field("new", "contact_email", "First contact's email (optional)", "email", "", false))
                    (language_select("new", None, "From each contact's browser, else English"))
                    (text_field("new", "timezone", "Time zone (IANA name such as Europe/Berlin; empty: the default)", "text", "", false))
                    button.button type="submit" { "Add client" }
                }
            }
        },
    )
}

/// One client's page data.
#[derive(Debug, Clone)]
pub struct ClientView {
    pub client: Client,
    pub projects: Vec<Project>,
    /// Sorted by `link_sort`, each with its state label; views include those not yet
    /// written to the record.
    pub links: Vec<(LinkGrant, &'static str)>,
    pub link_sort: Sort,
    pub now: OffsetDateTime,
    /// Staff who may own the client: id, name, email.
    pub staff: Vec<(String, String, String)>,
    /// The record lists, each with this client's row count.
    pub lists: Vec<crate::ops::lists_console::ClientList>,
}

fn crumbs(c: &Client) -> Vec<Crumb> {
    vec![
        Crumb::link("Dashboard", "/staff"),
        Crumb::link("Clients", "/staff/clients"),
        Crumb::here(c.name.clone()),
    ]
}

/// `GET /staff/clients/{id}`.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn show(chrome: &Chrome, v: &ClientView) -> Markup {
    let c = &v.client;
    let base = format!("/staff/clients/{}", c.id);
    page(
        chrome,
        &c.name,
        &crumbs(c),
        html! {
            div.page-head {
                h1 { (c.name) }
                p.meta {
                    "Portal " @if c.portal_enabled { (Badge { label: "on", key: "", tone: crate::views::components::Tone::Success }) }
                    @else { (Badge { label: "off", key: "", tone: crate::views::components::Tone::Danger }) }
                    @if let Some(cut) = c.links_cutoff_at { " · links issued before " (Moment { at: cut, seconds: false }) " are cut off" }
                }
                p.standalone { a href=(format!("/staff/clients/{}/requests", c.id)) { "Requests and forms" } }
            }
            section.card aria-labelledby="projects-h" {
                h2 #projects-h { "Projects" }
                @if v.projects.is_empty() { (Empty("No projects yet.")) } @else {
                    ul.items {
                        @for p in &v.projects {
                            li.item {
                                a.item-title href=(format!("/staff/projects/{}", p.id)) { (p.name) }
                                p.item-meta { (Badge::from(p.status)) " · since " (DayOf(p.created_at)) }
                            }
                        }
                    }
                }
                form method="post" action=(format!("{base}/projects")) {
                    (csrf_field(&chrome.csrf))
                    (text_field("project", "name", "New project name", "text", "", true))
                    (text_field("project", "summary", "Summary (optional)", "text", "", false))
                    button.button type="submit" { "Add project" }
                }
            }
            @if !v.lists.is_empty() {
                section.card aria-labelledby="lists-h" {
                    h2 #lists-h { "Record lists" }
                    ul.items {
                        @for l in &v.lists {
                            li.item {
                                a.item-title href=(format!("{base}/lists/{}", l.def.slug)) { (l.def.name) }
                                p.item-meta {
                                    (l.rows) @if l.rows == 1 { " row" } @else { " rows" }
                                    @if !c.sections.shows_list(&l.def.slug) { " · hidden from the client" }
                                    " · " a href=(format!("{base}/lists/{}/new", l.def.slug)) { "New row" span.visually-hidden { " in " (l.def.name) } }
                                }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="links-h" {
                h2 #links-h { "Links" }
                @if v.links.is_empty() { (Empty("No links issued yet.")) } @else {
                    div.table-wrap {
                        table.wide {
                            thead { tr {
                                (sort_th("Contact", "contact", v.link_sort, "links-h"))
                                (sort_th("Issued", "issued", v.link_sort, "links-h"))
                                (sort_th("Expires", "expires", v.link_sort, "links-h"))
                                (sort_th("Views", "views", v.link_sort, "links-h"))
                                (sort_th("State", "state", v.link_sort, "links-h"))
                                th scope="col" { span.visually-hidden { "Action" } }
                            } }
                            tbody {
                                @for (g, state) in &v.links {
                                    tr id=(format!("link-{}", g.grant_id)) {
                                        td { (g.contact.name) br; span.muted { (g.contact.email) } }
                                        td data-label="Issued" { (DayOf(g.issued_at)) }
                                        td data-label="Expires" { (Day(g.expires_at.date())) }
                                        td data-label="Views" {
                                            (g.views)
                                            @if let Some(at) = g.opened_at {
                                                br; span.muted { "opened " (DayOf(at)) }
                                            } @else if g.fetched_at.is_some() {
                                                br; span.muted { "fetched by a mail scanner, not opened" }
                                            } @else if g.views == 0 { " (never opened)" }
                                        }
                                        td data-label="State" { (state) }
                                        td {
                                            @if g.revoked_at.is_none() {
                                                form method="post" action=(format!("/staff/links/{}/revoke", g.grant_id)) {
                                                    (csrf_field(&chrome.csrf))
                                                    button.button.button-secondary type="submit" { "Revoke" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if c.contacts.is_empty() {
                    p { "Add a contact below to issue a link." }
                } @else {
                    h3 { "Issue a link" }
                    form method="post" action=(format!("{base}/links")) {
                        (csrf_field(&chrome.csrf))
                        div.field {
                            label for="f-link-email" { "Contact" }
                            select #f-link-email name="email" required {
                                @for ct in &c.contacts { option value=(ct.email) { (ct.name) " <" (ct.email) ">" } }
                            }
                        }
                        div.field {
                            label for="f-link-project" { "Scope" }
                            select #f-link-project name="project_id" {
                                option value="" { "All projects" }
                                @for p in &v.projects { option value=(p.id) { "Only " (p.name) } }
                            }
                        }
                        (text_field("link", "ttl", "Valid for (e.g. 7d, 12h; empty: the default)", "text", "", false))
                        (checkbox("link", "send", "Also email the link to the contact", true))
                        button.button type="submit" { "Issue link" }
                    }
                }
                h3 { "Cut off" }
                form method="post" action=(format!("{base}/cutoff")) {
                    (csrf_field(&chrome.csrf))
                    p { "Every link of this client issued before now stops working." }
                    button.button.button-secondary type="submit" { "Cut off all links" }
                }
            }
            section.card aria-labelledby="contacts-h" {
                h2 #contacts-h { "Contacts" }
                p.muted { "A contact's role and projects decide what every link of theirs may do, at once. Removing a contact ends all their links for good." }
                @if c.contacts.is_empty() { (Empty("No contacts yet.")) } @else {
                    ul.items {
                        @for ct in &c.contacts {
                            li.item {
                                span.item-title { (ct.name) " <" (ct.email) ">" }
                                p.item-meta {
                                    (role_label(ct.role)) " · " (projects_label(&ct.projects, &v.projects))
                                    @if let Some(by) = &ct.invited_by {
                                        " · invited by "
                                        (c.contact_by_id(by).map_or("a contact since removed", |i| i.name.as_str()))
                                    }
                                }
                                details.access-box {
                                    summary { "Change access " span.visually-hidden { "of " (ct.email) } }
                                    (contact_access_form(chrome, &base, ct, &v.projects))
                                }
                                form method="post" action=(format!("{base}/contacts/{}/remove", ct.id)) {
                                    (csrf_field(&chrome.csrf))
                                    button.button.button-secondary type="submit" { "Remove " span.visually-hidden { (ct.email) } }
                                }
                            }
                        }
                    }
                }
                h3 { "Add a contact" }
                form method="post" action=(format!("{base}/contacts")) {
                    (csrf_field(&chrome.csrf))
                    (text_field("contact", "name", "Contact name", "text", "", true))
                    (text_field("contact", "email", "Contact email", "email", "", true))
                    (role_select("contact", ContactRole::default()))
                    (projects_fieldset("contact", &ProjectAccess::All, &v.projects))
                    button.button type="submit" { "Add contact" }
                }
            }
            section.card aria-labelledby="export-h" {
                h2 #export-h { "Export" }
                p { "Every record of this client, its file bytes and its audit events as a .zip." }
                form method="post" action=(format!("{base}/export")) {
                    (csrf_field(&chrome.csrf))
                    button.button.button-secondary type="submit" { "Download export (.zip)" }
                }
            }
            section.card aria-labelledby="settings-h" {
                h2 #settings-h { "Portal settings" }
                form method="post" action=(base) {
                    (csrf_field(&chrome.csrf))
                    (text_field("settings", "name", "Client name", "text", &c.name, true))
                    (language_select("settings", c.language.as_deref(), "From each contact's browser, else English"))
                    (text_field("settings", "timezone", "Time zone (IANA name such as Europe/Berlin)", "text", c.timezone.as_deref().unwrap_or(""), false))
                    (checkbox("settings", "portal_enabled", "Portal on (links open the client pages)", c.portal_enabled))
                    (checkbox("settings", "verify_decisions", "Ask for a code mailed to the contact before each decision", c.verify_decisions))
                    (checkbox("settings", "clients_may_invite", "Let contributors and approvers invite colleagues (as viewers)", c.clients_may_invite))
                    fieldset {
                        legend { "Activity alerts" }
                        div.field {
                            label for="f-settings-owner" { "Owner (gets a digest of what this client's contacts do)" }
                            select #f-settings-owner name="owner_staff_id" {
                                @if c.owner_staff_id.is_none() { option value="" selected { "Nobody" } }
                                @for (id, name, email) in &v.staff {
                                    option value=(id) selected[c.owner_staff_id.as_deref() == Some(id.as_str())] { (name) " <" (email) ">" }
                                }
                            }
                        }
                        (checkbox("settings", "activity_alerts", "Send the owner activity digests (opens, downloads, decisions, uploads, requests, form answers)", c.activity_alerts))
                    }
                    fieldset {
                        legend { "Sections shown to the client" }
                        (checkbox("settings", "milestones", "Milestones", c.sections.milestones))
                        (checkbox("settings", "files", "Files", c.sections.files))
                        (checkbox("settings", "approvals", "Approvals", c.sections.approvals))
                        (checkbox("settings", "activity", "Activity", c.sections.activity))
                    }
                    button.button type="submit" { "Save settings" }
                }
            }
        },
    )
}

/// What a role may do, in a few words.
fn role_label(role: ContactRole) -> &'static str {
    match role {
        ContactRole::Viewer => "Viewer (sees and downloads)",
        ContactRole::Contributor => "Contributor (also comments and uploads)",
        ContactRole::Approver => "Approver (also decides)",
    }
}

fn projects_label(access: &ProjectAccess, projects: &[Project]) -> String {
    match access {
        ProjectAccess::All => "all projects".to_owned(),
        ProjectAccess::Only(ids) if ids.is_empty() => "no projects".to_owned(),
        ProjectAccess::Only(ids) => {
            let names: Vec<&str> = projects
                .iter()
                .filter(|p| ids.contains(&p.id))
                .map(|p| p.name.as_str())
                .collect();
            format!("only {}", names.join(", "))
        }
    }
}

fn role_select(form: &str, current: ContactRole) -> Markup {
    let id = format!("f-{form}-role");
    let hint = format!("{id}-hint");
    html! {
        div.field {
            label for=(id) { "Role" }
            p.muted.hint id=(hint) { "Viewers see and download; contributors also comment and upload; approvers also decide." }
            select id=(id) name="role" aria-describedby=(hint) {
                @for (value, label, role) in [("viewer", "Viewer", ContactRole::Viewer), ("contributor", "Contributor", ContactRole::Contributor), ("approver", "Approver", ContactRole::Approver)] {
                    option value=(value) selected[role == current] { (label) }
                }
            }
        }
    }
}

/// "All projects" or a choice of this client's projects (`project_<id>` checkboxes).
fn projects_fieldset(form: &str, access: &ProjectAccess, projects: &[Project]) -> Markup {
    html! {
        fieldset {
            legend { "Projects this contact sees" }
            (checkbox(form, "all_projects", "All projects, also future ones", *access == ProjectAccess::All))
            @for p in projects {
                (checkbox(form, &format!("project_{}", p.id), &p.name, matches!(access, ProjectAccess::Only(ids) if ids.contains(&p.id))))
            }
        }
    }
}

fn contact_access_form(chrome: &Chrome, base: &str, ct: &Contact, projects: &[Project]) -> Markup {
    let form = format!("contact-{}", ct.id);
    html! {
        form method="post" action=(format!("{base}/contacts/{}", ct.id)) {
            (csrf_field(&chrome.csrf))
            (text_field(&form, "name", "Name", "text", &ct.name, true))
            (text_field(&form, "email", "Email", "email", &ct.email, true))
            (role_select(&form, ct.role))
            (projects_fieldset(&form, &ct.projects, projects))
            button.button type="submit" { "Save access" }
        }
    }
}

/// The page after issuing a link: the URL, shown this once.
#[must_use]
pub fn issued(chrome: &Chrome, client: &Client, link: &IssuedLink, mailed: bool) -> Markup {
    page(
        chrome,
        "Link issued",
        &crumbs(client),
        html! {
            h1 { "Link issued" }
            section.card {
                p.lead { "Copy the link now: it is shown only this once and is never stored." }
                p { "For " strong { (link.email) } ", valid until " (Moment { at: link.expires_at, seconds: false }) "." }
                p.shown-once { code.hash { (link.url) } }
                @if mailed { p { "It is also on its way to " (link.email) " by email." } }
                @else { p { "It was not emailed: send it to " (link.email) " yourself." } }
                p { a href=(format!("/staff/clients/{}", client.id)) { "Back to " (client.name) } }
            }
        },
    )
}
