//! The words of every message, per language. English is the one written so far; another
//! language is one more `impl Wording` and a line in [`for_language`].

use super::compose::{Content, FileFacts, Frame, Item, Parts, Stage};
use crate::domain::DecisionKind;
use crate::views::decision_label;
use crate::views::{human_date, human_datetime, human_datetime_seconds, human_size};

/// Fills the [`Parts`] of a message in one language.
pub trait Wording: Sync {
    fn parts(&self, frame: &Frame<'_>, content: &Content) -> Parts;
}

/// Languages with a wording, by primary language tag.
const LANGUAGES: &[(&str, &dyn Wording)] = &[("en", &English)];

/// The wording for a client language tag (`en`, `de-CH`, ...); English when there is none.
#[must_use]
pub fn for_language(language: &str) -> &'static dyn Wording {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    LANGUAGES
        .iter()
        .find(|(tag, _)| tag.eq_ignore_ascii_case(primary))
        .map_or(&English, |(_, w)| *w)
}

struct English;

impl English {
    fn personal_link(frame: &Frame<'_>) -> Vec<String> {
        let mut out = vec!["This link is personal to you: please do not forward it.".to_owned()];
        if let Some(t) = frame.link_expires {
            out.push(format!(
                "It works until {}; after that, the page it opens offers to mail you a fresh one.",
                human_datetime(t)
            ));
        }
        out
    }

    fn file_fact(f: &FileFacts) -> (String, String) {
        ("File".into(), format!("{} (version {})", f.name, f.version))
    }
}

impl Wording for English {
    #[allow(clippy::too_many_lines)]
    fn parts(&self, frame: &Frame<'_>, content: &Content) -> Parts {
        let brand = &frame.branding.name;
        let mut p = Parts {
            greeting: format!("Hello {},", frame.recipient),
            paste_hint: "If the button does not work, paste this address into your browser:".into(),
            ..Parts::default()
        };
        match content {
            Content::Invitation {
                client,
                project,
                fresh: false,
            } => {
                p.subject = format!("Your link to the {client} project portal");
                let what = project
                    .as_ref()
                    .map_or_else(|| "your projects".to_owned(), |n| format!("“{n}”"));
                p.paragraphs = vec![
                    format!(
                        "{brand} keeps you up to date on {what} on a private page: what is done, \
                         what is in progress, what needs your decision and what happens next."
                    ),
                    "No account or password is needed: the button below opens it.".into(),
                ];
                p.button = Some("Open your project portal".into());
                p.small_print = Self::personal_link(frame);
            }
            Content::Invitation {
                client,
                fresh: true,
                ..
            } => {
                p.subject = format!("Your fresh link to the {client} project portal");
                p.paragraphs = vec![
                    "You asked for a fresh link to your project portal. Here it is; the old \
                     link stays closed."
                        .into(),
                ];
                p.button = Some("Open your project portal".into());
                p.small_print = Self::personal_link(frame);
                p.small_print.push(
                    "If you did not ask for this, you can ignore this message: the link was \
                     sent to you only."
                        .into(),
                );
            }
            Content::Updates { client, items } => {
                let first = items.first();
                let one_project = first
                    .map(|f| &f.project)
                    .filter(|name| items.iter().all(|i| &i.project == *name));
                p.subject = match (items.len(), first, one_project) {
                    (1, Some(u), _) => format!("Update on {}: {}", u.project, u.milestone),
                    (n, _, Some(project)) => format!("{n} updates on {project}"),
                    (n, _, None) => format!("{n} project updates for {client}"),
                };
                p.paragraphs = vec![if items.len() == 1 {
                    "There is news on your project:".to_owned()
                } else {
                    format!("There are {} new updates on your projects:", items.len())
                }];
                p.items = items
                    .iter()
                    .map(|u| Item {
                        heading: format!("{} · {}", u.project, u.milestone),
                        meta: format!("{}, {}", u.author, human_datetime(u.at)),
                        body: u.body.clone(),
                    })
                    .collect();
                p.button = Some("See your project page".into());
                p.small_print = Self::personal_link(frame);
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
                let due = due_on.map(human_date);
                p.subject = match (stage, &due) {
                    (Stage::Requested, _) => format!("Your decision is needed: {title}"),
                    (Stage::Reopened, _) => format!("New version for your decision: {title}"),
                    (Stage::DueSoon, Some(d)) => format!("Due {d}: {title}"),
                    (Stage::Reminder | Stage::DueSoon, _) => {
                        format!("Reminder: {title} awaits your decision")
                    }
                };
                let lead = match stage {
                    Stage::Requested => {
                        format!("{brand} asks for your decision on “{title}” in {project}.")
                    }
                    Stage::Reopened => format!(
                        "A new version is ready, so “{title}” in {project} needs your decision again."
                    ),
                    Stage::Reminder | Stage::DueSoon => format!(
                        "“{title}” in {project} has been waiting for your decision since {}.",
                        human_date(requested_at.date())
                    ),
                };
                p.paragraphs = vec![
                    lead,
                    "You can approve it or ask for changes on the page; your decision is \
                     recorded with the exact version you saw."
                        .into(),
                ];
                p.facts.push(("Project".into(), project.clone()));
                if let Some(f) = file {
                    p.facts.push(Self::file_fact(f));
                }
                if let Some(d) = due {
                    p.facts.push(("Due".into(), d));
                }
                p.quote = Some(description.clone()).filter(|d| !d.trim().is_empty());
                p.button = Some("Review and decide".into());
                p.small_print = Self::personal_link(frame);
            }
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
                let (verb, short) = match decision {
                    DecisionKind::Approve => ("approved", "Approved"),
                    DecisionKind::RequestChanges => ("asked for changes to", "Changes requested"),
                };
                p.subject = format!("Your receipt: you {verb} {title}");
                p.paragraphs = vec![
                    format!("You {verb} “{title}” in {project}. {brand} recorded it as follows."),
                    "Keep this message: with the record number and hash below, anyone can \
                     check later that your decision is still in the record, unchanged."
                        .into(),
                ];
                p.facts = vec![
                    ("Decision".into(), short.into()),
                    ("Name typed".into(), typed_name.clone()),
                    ("Recorded".into(), human_datetime_seconds(*at)),
                ];
                if let Some(f) = file {
                    p.facts.push(Self::file_fact(f));
                    p.facts.push(("File SHA-256".into(), f.sha256.clone()));
                }
                p.facts
                    .push(("Audit record".into(), format!("No. {audit_seq}")));
                p.facts.push(("Audit hash".into(), audit_hash.clone()));
                p.facts.push(("Check it at".into(), verify_url.clone()));
                p.quote.clone_from(comment);
                p.small_print = vec![
                    "The audit record is one link of a hash chain: changing or removing any \
                     earlier record would change this hash."
                        .into(),
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
            Content::DecisionCode { title, code } => {
                p.subject = format!("Your code to decide on {title}");
                p.paragraphs = vec![
                    format!("Your code to decide on “{title}” is {code}"),
                    "Type it into the decision form. It works for 10 minutes.".into(),
                ];
                p.small_print = vec![
                    "If you did not ask for this code, you can ignore this message: nobody \
                     can decide in your name without it."
                        .into(),
                ];
            }
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
