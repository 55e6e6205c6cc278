//! The words of every message, per language. Mail to client contacts comes from the
//! Fluent bundles (`locales/<lang>/mail.ftl`) in the contact's language, with times in
//! the client's zone ([`Bundled`]); mail to staff stays English ([`English`]).

use super::compose::{Content, FileFacts, Frame, Item, Parts, Stage};
use crate::domain::DecisionKind;
use crate::i18n::{Locale, n, s};
use crate::views::decision_label;
use crate::views::{human_datetime, human_size};

/// Fills the [`Parts`] of a message in one language.
pub trait Wording: Sync {
    fn parts(&self, frame: &Frame<'_>, content: &Content) -> Parts;
}

/// The wording of `content`: the bundles for what goes to clients, English for staff.
#[must_use]
pub fn for_content(content: &Content) -> &'static dyn Wording {
    match content {
        Content::Invitation { .. }
        | Content::Updates { .. }
        | Content::Approval { .. }
        | Content::Receipt { .. }
        | Content::DecisionCode { .. } => &Bundled,
        Content::Decision { .. }
        | Content::Decisions { .. }
        | Content::FileReceived { .. }
        | Content::Activity { .. } => &English,
    }
}

/// Client mail in every language, from the Fluent bundles.
struct Bundled;

impl Bundled {
    fn personal_link(loc: &Locale, frame: &Frame<'_>) -> Vec<String> {
        let mut out = vec![loc.t("mail-personal")];
        if let Some(t) = frame.link_expires {
            out.push(loc.ta("mail-works-until", &[("until", s(loc.datetime(t, false)))]));
        }
        out
    }

    fn file_fact(loc: &Locale, f: &FileFacts) -> (String, String) {
        (
            loc.t("mail-file"),
            loc.ta(
                "mail-file-version",
                &[("name", s(f.name.clone())), ("n", n(f.version as usize))],
            ),
        )
    }
}

impl Wording for Bundled {
    #[allow(clippy::too_many_lines)]
    fn parts(&self, frame: &Frame<'_>, content: &Content) -> Parts {
        let loc = frame.loc;
        let brand = || s(frame.branding.name.clone());
        let mut p = Parts {
            greeting: loc.ta("mail-greeting", &[("name", s(frame.recipient))]),
            paste_hint: loc.t("mail-paste-hint"),
            ..Parts::default()
        };
        match content {
            Content::Invitation {
                client,
                project,
                fresh: false,
            } => {
                p.subject = loc.ta("mail-invite-subject", &[("client", s(client.clone()))]);
                let what = project.as_ref().map_or_else(
                    || loc.t("mail-invite-your-projects"),
                    |name| loc.ta("mail-invite-project", &[("project", s(name.clone()))]),
                );
                p.paragraphs = vec![
                    loc.ta("mail-invite-lead", &[("brand", brand()), ("what", s(what))]),
                    loc.t("mail-invite-no-account"),
                ];
                p.button = Some(loc.t("mail-open-portal"));
                p.small_print = Self::personal_link(loc, frame);
            }
            Content::Invitation {
                client,
                fresh: true,
                ..
            } => {
                p.subject = loc.ta("mail-fresh-subject", &[("client", s(client.clone()))]);
                p.paragraphs = vec![loc.t("mail-fresh-lead")];
                p.button = Some(loc.t("mail-open-portal"));
                p.small_print = Self::personal_link(loc, frame);
                p.small_print.push(loc.t("mail-fresh-not-you"));
            }
            Content::Updates { client, items } => {
                let first = items.first();
                let one_project = first
                    .map(|f| &f.project)
                    .filter(|name| items.iter().all(|i| &i.project == *name));
                p.subject = match (items.len(), first, one_project) {
                    (1, Some(u), _) => loc.ta(
                        "mail-update-subject-one",
                        &[
                            ("project", s(u.project.clone())),
                            ("milestone", s(u.milestone.clone())),
                        ],
                    ),
                    (count, _, Some(project)) => loc.ta(
                        "mail-update-subject-project",
                        &[("n", n(count)), ("project", s(project.clone()))],
                    ),
                    (count, _, None) => loc.ta(
                        "mail-update-subject-many",
                        &[("n", n(count)), ("client", s(client.clone()))],
                    ),
                };
                p.paragraphs = vec![loc.ta("mail-update-lead", &[("n", n(items.len()))])];
                p.items = items
                    .iter()
                    .map(|u| Item {
                        heading: format!("{} · {}", u.project, u.milestone),
                        meta: loc.ta(
                            "mail-update-meta",
                            &[
                                ("author", s(u.author.clone())),
                                ("at", s(loc.datetime(u.at, false))),
                            ],
                        ),
                        body: u.body.clone(),
                    })
                    .collect();
                p.button = Some(loc.t("mail-update-button"));
                p.small_print = Self::personal_link(loc, frame);
            }
            Content::Approval {
                project,
                title,
                description,
                file,
                due_on,
                requested_at,
                stage,
            } => {
                let due = due_on.map(|d| loc.date(d));
                let t = || s(title.clone());
                let pr = || s(project.clone());
                p.subject = match (stage, &due) {
                    (Stage::Requested, _) => {
                        loc.ta("mail-approval-subject-requested", &[("title", t())])
                    }
                    (Stage::Reopened, _) => {
                        loc.ta("mail-approval-subject-reopened", &[("title", t())])
                    }
                    (Stage::DueSoon, Some(d)) => loc.ta(
                        "mail-approval-subject-due",
                        &[("due", s(d.clone())), ("title", t())],
                    ),
                    (Stage::Reminder | Stage::DueSoon, _) => {
                        loc.ta("mail-approval-subject-reminder", &[("title", t())])
                    }
                };
                let lead = match stage {
                    Stage::Requested => loc.ta(
                        "mail-approval-lead-requested",
                        &[("brand", brand()), ("title", t()), ("project", pr())],
                    ),
                    Stage::Reopened => loc.ta(
                        "mail-approval-lead-reopened",
                        &[("title", t()), ("project", pr())],
                    ),
                    Stage::Reminder | Stage::DueSoon => loc.ta(
                        "mail-approval-lead-reminder",
                        &[
                            ("title", t()),
                            ("project", pr()),
                            ("since", s(loc.date(loc.day_of(*requested_at)))),
                        ],
                    ),
                };
                p.paragraphs = vec![lead, loc.t("mail-approval-how")];
                p.facts.push((loc.t("mail-project"), project.clone()));
                if let Some(f) = file {
                    p.facts.push(Self::file_fact(loc, f));
                }
                if let Some(d) = due {
                    p.facts.push((loc.t("mail-due"), d));
                }
                p.quote = Some(description.clone()).filter(|d| !d.trim().is_empty());
                p.button = Some(loc.t("mail-approval-button"));
                p.small_print = Self::personal_link(loc, frame);
            }
            Content::Receipt {
                project,
                title,
                decision,
                typed_name,
                at,
                file,
                comment,
                audit_seq,
                audit_hash,
                verify_url,
            } => {
                let (kind, short) = match decision {
                    DecisionKind::Approve => ("approve", "mail-receipt-approved"),
                    DecisionKind::RequestChanges => ("changes", "mail-receipt-changes"),
                };
                p.subject = loc.ta(
                    "mail-receipt-subject",
                    &[("decision", s(kind)), ("title", s(title.clone()))],
                );
                p.paragraphs = vec![
                    loc.ta(
                        "mail-receipt-lead",
                        &[
                            ("decision", s(kind)),
                            ("title", s(title.clone())),
                            ("project", s(project.clone())),
                            ("brand", brand()),
                        ],
                    ),
                    loc.t("mail-receipt-keep"),
                ];
                p.facts = vec![
                    (loc.t("mail-receipt-decision"), loc.t(short)),
                    (loc.t("mail-receipt-name"), typed_name.clone()),
                    (loc.t("mail-receipt-recorded"), loc.datetime(*at, true)),
                ];
                if let Some(f) = file {
                    p.facts.push(Self::file_fact(loc, f));
                    p.facts
                        .push((loc.t("mail-receipt-file-sha"), f.sha256.clone()));
                }
                p.facts.push((
                    loc.t("mail-receipt-audit-record"),
                    loc.ta(
                        "mail-receipt-audit-no",
                        &[("seq", s(audit_seq.to_string()))],
                    ),
                ));
                p.facts
                    .push((loc.t("mail-receipt-audit-hash"), audit_hash.clone()));
                p.facts
                    .push((loc.t("mail-receipt-check-at"), verify_url.clone()));
                p.quote.clone_from(comment);
                p.small_print = vec![loc.t("mail-receipt-chain")];
            }
            Content::DecisionCode { title, code } => {
                p.subject = loc.ta("mail-code-subject", &[("title", s(title.clone()))]);
                p.paragraphs = vec![
                    loc.ta(
                        "mail-code-lead",
                        &[("title", s(title.clone())), ("code", s(code.clone()))],
                    ),
                    loc.t("mail-code-how"),
                ];
                p.small_print = vec![loc.t("mail-code-not-you")];
            }
            other => return English.parts(frame, other),
        }
        p
    }
}

/// Mail to staff: English, times in UTC.
struct English;

impl English {
    fn file_fact(f: &FileFacts) -> (String, String) {
        ("File".into(), format!("{} (version {})", f.name, f.version))
    }
}

impl Wording for English {
    #[allow(clippy::too_many_lines)]
    fn parts(&self, frame: &Frame<'_>, content: &Content) -> Parts {
        let mut p = Parts {
            greeting: format!("Hello {},", frame.recipient),
            ..Parts::default()
        };
        match content {
            Content::Decision {
                client,
                project,
                title,
                decision,
                typed_name,
                email,
                at,
                file,
                comment,
                console_path,
            } => {
                let (verb, short) = match decision {
                    DecisionKind::Approve => ("approved", "Approved"),
                    DecisionKind::RequestChanges => ("asked for changes to", "Changes requested"),
                };
                p.subject = match decision {
                    DecisionKind::Approve => format!("{client} approved: {title}"),
                    DecisionKind::RequestChanges => {
                        format!("{client} asked for changes: {title}")
                    }
                };
                p.paragraphs = vec![format!(
                    "{typed_name} ({email}) {verb} “{title}” in {project}."
                )];
                p.facts = vec![
                    ("Decision".into(), short.into()),
                    ("By".into(), format!("{typed_name} <{email}>")),
                    ("At".into(), human_datetime(*at)),
                ];
                if let Some(f) = file {
                    p.facts.push(Self::file_fact(f));
                    p.facts.push(("SHA-256".into(), f.sha256.clone()));
                }
                p.quote.clone_from(comment);
                p.paragraphs.push(format!(
                    "See it with its evidence in the console: {}{console_path}",
                    frame.public_url
                ));
                p.small_print = vec![
                    "The decision and its evidence are kept in the approval record and the \
                     audit chain."
                        .into(),
                ];
            }
            Content::Decisions { items, more } => {
                let total = items.len() + more;
                p.subject = format!("{total} decisions recorded");
                p.paragraphs = vec![format!("Clients decided {total} approvals you asked for:")];
                p.items = items
                    .iter()
                    .map(|d| Item {
                        heading: format!("{} · {}", d.client, d.title),
                        meta: format!(
                            "{} by {}, {}",
                            decision_label(d.decision),
                            d.typed_name,
                            human_datetime(d.at)
                        ),
                        body: format!("{}{}", frame.public_url, d.console_path),
                    })
                    .collect();
                if *more > 0 {
                    p.paragraphs.push(format!(
                        "The {more} not listed here are on the dashboard: {}/staff",
                        frame.public_url
                    ));
                }
                p.small_print = vec![
                    "Each decision and its evidence are kept in its approval record and the \
                     audit chain."
                        .into(),
                ];
            }
            Content::FileReceived {
                client,
                project,
                request,
                by,
                at,
                file,
                size,
                content_type,
                console_path,
            } => {
                p.subject = format!("{client} sent a file: {request}");
                p.paragraphs = vec![
                    format!(
                        "{} ({}) sent “{}” for “{request}” in {project}.",
                        by.0, by.1, file.name
                    ),
                    format!("See it in the console: {}{console_path}", frame.public_url),
                ];
                p.facts = vec![
                    ("By".into(), format!("{} <{}>", by.0, by.1)),
                    ("At".into(), human_datetime(*at)),
                    Self::file_fact(file),
                    ("Size".into(), human_size(*size)),
                    ("Type".into(), content_type.clone()),
                    ("SHA-256".into(), file.sha256.clone()),
                ];
            }
            Content::Activity { items, more } => {
                let total = items.len() + more;
                let clients: std::collections::BTreeSet<&str> =
                    items.iter().map(|i| i.client.as_str()).collect();
                p.subject = match (clients.len(), clients.iter().next()) {
                    (1, Some(client)) => format!("{client}: {}", plural(total, "new action")),
                    _ => format!("Client activity: {}", plural(total, "new action")),
                };
                p.paragraphs =
                    vec!["Here is what your clients' contacts did since the last digest:".into()];
                p.items = items
                    .iter()
                    .map(|i| Item {
                        heading: format!(
                            "{} · {} {} “{}”",
                            i.client,
                            i.contact,
                            i.kind.verb(),
                            i.record
                        ),
                        meta: match &i.detail {
                            Some(d) => format!("{d} · {}", human_datetime(i.at)),
                            None => human_datetime(i.at),
                        },
                        body: format!("{}{}", frame.public_url, i.console_path),
                    })
                    .collect();
                if *more > 0 {
                    p.paragraphs.push(format!(
                        "The {more} not listed here are in the audit log: {}/staff/audit",
                        frame.public_url
                    ));
                }
                p.small_print = vec![
                    "A link counts as opened when a browser showed the page, not when a mail \
                     scanner fetched it. You get this digest because you own these clients; \
                     mute it on a client's page in the console."
                        .into(),
                ];
            }
            // Client mail is worded by the bundles.
            Content::Invitation { .. }
            | Content::Updates { .. }
            | Content::Approval { .. }
            | Content::Receipt { .. }
            | Content::DecisionCode { .. } => return Bundled.parts(frame, content),
        }
        p
    }
}

/// "1 new action", "3 new actions".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
