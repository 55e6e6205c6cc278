//! Messages as people read them: facts in, subject + plain text + HTML out. Pure; the
//! link is written as [`LINK_MARK`] and filled in at delivery. The HTML is inline-styled
//! (mail clients drop style sheets; no Content-Security-Policy applies to mail) and
//! carries the same brand name, logo and accent as the pages.

use maud::{DOCTYPE, Markup, html};
use time::{Date, OffsetDateTime};

use super::wording;
use crate::config::Branding;
use crate::domain::DecisionKind;
use crate::domain::mail::{LINK_MARK, MailKind};
use crate::i18n::Locale;

/// Who a message is for and how it looks.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    pub branding: &'a Branding,
    pub public_url: &'a str,
    /// The reader's language and time zone (staff mail: English, UTC).
    pub loc: &'a Locale,
    pub recipient: &'a str,
    /// When the link in the message stops working.
    pub link_expires: Option<OffsetDateTime>,
}

/// What a message tells.
#[derive(Debug, Clone)]
pub enum Content {
    Invitation {
        client: String,
        project: Option<String>,
        /// Asked for from a dead link's page rather than sent by staff.
        fresh: bool,
    },
    Updates {
        client: String,
        items: Vec<UpdateFacts>,
    },
    Approval {
        project: String,
        title: String,
        description: String,
        file: Option<FileFacts>,
        due_on: Option<Date>,
        requested_at: OffsetDateTime,
        stage: Stage,
    },
    Decision {
        client: String,
        project: String,
        title: String,
        decision: DecisionKind,
        typed_name: String,
        email: String,
        at: OffsetDateTime,
        file: Option<FileFacts>,
        comment: Option<String>,
        /// Where the decision is in the staff console, from the site root (not a secret).
        console_path: String,
    },
    /// Several decisions for one staff member, recorded while the sender was busy: one
    /// mail instead of a mail each (a burst of approvals must not become a burst of mail).
    /// A code to type into the decision form, mailed to the contact's own address.
    DecisionCode { title: String, code: String },
    Decisions {
        items: Vec<DecisionLine>,
        /// Decisions left out of the list (it is kept short); the console has them all.
        more: usize,
    },
    /// The deciding contact's receipt: the decision, the file's SHA-256 and the audit
    /// event (seq and hash) it was recorded under, with where to check it.
    Receipt {
        project: String,
        title: String,
        decision: DecisionKind,
        typed_name: String,
        at: OffsetDateTime,
        file: Option<FileFacts>,
        comment: Option<String>,
        audit_seq: u64,
        audit_hash: String,
        /// `/verify?seq=..&hash=..` on the public URL.
        verify_url: String,
    },
    /// A client sent a file for a file request.
    FileReceived {
        client: String,
        project: String,
        request: String,
        /// Contact name and address.
        by: (String, String),
        at: OffsetDateTime,
        file: FileFacts,
        size: u64,
        content_type: String,
        console_path: String,
    },
    /// What the contacts of the clients a staff member owns did during one batch window.
    Activity {
        items: Vec<crate::domain::activity::ActivityItem>,
        /// Items left out of the list (it is kept short).
        more: usize,
    },
}

/// One decision in a [`Content::Decisions`] digest.
#[derive(Debug, Clone)]
pub struct DecisionLine {
    pub client: String,
    pub title: String,
    pub decision: DecisionKind,
    pub typed_name: String,
    pub at: OffsetDateTime,
    pub console_path: String,
}

/// Why an approval mail goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Requested,
    /// A new file version re-opened it.
    Reopened,
    /// Pending for `mail.reminder_after`.
    Reminder,
    /// Due tomorrow or today.
    DueSoon,
}

#[derive(Debug, Clone)]
pub struct UpdateFacts {
    pub project: String,
    pub milestone: String,
    pub author: String,
    pub at: OffsetDateTime,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct FileFacts {
    pub name: String,
    pub version: u32,
    pub sha256: String,
}

impl Content {
    /// The outbox kind of this content.
    #[must_use]
    pub fn kind(&self) -> MailKind {
        match self {
            Self::Invitation { fresh: false, .. } => MailKind::LinkInvitation,
            Self::Invitation { fresh: true, .. } => MailKind::FreshLink,
            Self::Updates { .. } => MailKind::MilestoneUpdates,
            Self::Approval {
                stage: Stage::Requested | Stage::Reopened,
                ..
            } => MailKind::ApprovalRequested,
            Self::Approval { .. } => MailKind::ApprovalReminder,
            Self::Decision { .. } | Self::Decisions { .. } => MailKind::DecisionRecorded,
            Self::FileReceived { .. } => MailKind::FileReceived,
            Self::DecisionCode { .. } => MailKind::DecisionCode,
            Self::Receipt { .. } => MailKind::DecisionReceipt,
            Self::Activity { .. } => MailKind::ActivityDigest,
        }
    }
}

/// A message's words, before layout; filled per language by [`wording`].
#[derive(Debug, Clone, Default)]
pub struct Parts {
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// Label and value, shown as a small table.
    pub facts: Vec<(String, String)>,
    /// A quoted text (description, comment).
    pub quote: Option<String>,
    pub items: Vec<Item>,
    /// Label of the link button; None for a message without a link.
    pub button: Option<String>,
    /// Shown under the button for clients whose mail hides buttons.
    pub paste_hint: String,
    pub small_print: Vec<String>,
}

/// One entry of a list (a milestone update).
#[derive(Debug, Clone)]
pub struct Item {
    pub heading: String,
    pub meta: String,
    pub body: String,
}

/// A finished message.
#[derive(Debug, Clone)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Compose `content` for the recipient in `frame`.
#[must_use]
pub fn compose(frame: &Frame<'_>, content: &Content) -> Composed {
    let parts = wording::for_content(content).parts(frame, content);
    Composed {
        text: text(frame, &parts),
        html: page(frame, &parts).into_string(),
        subject: parts.subject,
    }
}

fn text(frame: &Frame<'_>, p: &Parts) -> String {
    let mut blocks: Vec<String> = vec![p.greeting.clone()];
    blocks.extend(p.paragraphs.iter().cloned());
    if !p.facts.is_empty() {
        blocks.push(
            p.facts
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    if let Some(q) = &p.quote {
        blocks.push(
            q.lines()
                .map(|l| format!("> {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    for item in &p.items {
        blocks.push(format!("{}\n{}\n\n{}", item.heading, item.meta, item.body));
    }
    if let Some(label) = &p.button {
        blocks.push(format!("{label}:\n{LINK_MARK}"));
    }
    blocks.extend(p.small_print.iter().cloned());
    blocks.push(format!("-- \n{}", frame.branding.name));
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

const FONT: &str =
    "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

fn logo_src(frame: &Frame<'_>) -> Option<String> {
    let logo = frame.branding.logo_url.as_str();
    if logo.starts_with("https://") {
        Some(logo.to_owned())
    } else if logo.starts_with('/') {
        Some(format!("{}{logo}", frame.public_url))
    } else {
        None
    }
}

/// Paragraphs of a free text, keeping its line breaks.
fn prose(body: &str, style: &str) -> Markup {
    html! {
        @for para in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            p style=(style) {
                @for (i, line) in para.lines().enumerate() {
                    @if i > 0 { br; }
                    (line)
                }
            }
        }
    }
}

fn page(frame: &Frame<'_>, p: &Parts) -> Markup {
    let accent = frame.branding.accent.as_str();
    let para = format!("{FONT}margin:0 0 16px;font-size:16px;line-height:1.5;color:#1f2933;");
    let small = format!("{FONT}margin:0 0 10px;font-size:13px;line-height:1.5;color:#616e7c;");
    html! {
        (DOCTYPE)
        html lang=(frame.loc.lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light";
                title { (p.subject) }
            }
            body style="margin:0;padding:0;background:#f3f4f6;" {
                table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;" {
                    tr { td align="center" style="padding:24px 12px;" {
                        table role="presentation" width="100%" cellpadding="0" cellspacing="0"
                            style=(format!("max-width:560px;background:#ffffff;border-radius:8px;border-top:4px solid {accent};")) {
                            tr { td style=(format!("{FONT}padding:20px 24px 8px;font-size:15px;font-weight:700;color:#1f2933;")) {
                                @if let Some(src) = logo_src(frame) {
                                    img src=(src) alt="" height="28" style="vertical-align:middle;margin-right:8px;border:0;";
                                }
                                span style="vertical-align:middle;" { (frame.branding.name) }
                            } }
                            tr { td style="padding:16px 24px 24px;" {
                                p style=(para) { (p.greeting) }
                                @for t in &p.paragraphs { p style=(para) { (t) } }
                                @if !p.facts.is_empty() {
                                    table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;border-collapse:collapse;" {
                                        @for (k, v) in &p.facts {
                                            tr {
                                                td style=(format!("{FONT}padding:4px 16px 4px 0;font-size:14px;color:#616e7c;vertical-align:top;white-space:nowrap;")) { (k) }
                                                td style=(format!("{FONT}padding:4px 0;font-size:14px;color:#1f2933;word-break:break-all;")) { (v) }
                                            }
                                        }
                                    }
                                }
                                @if let Some(q) = &p.quote {
                                    div style=(format!("margin:0 0 16px;padding:8px 16px;border-left:3px solid {accent};background:#f9fafb;")) {
                                        (prose(q, &format!("{FONT}margin:8px 0;font-size:15px;line-height:1.5;color:#1f2933;")))
                                    }
                                }
                                @for item in &p.items {
                                    div style="margin:0 0 20px;padding:0 0 12px;border-bottom:1px solid #e4e7eb;" {
                                        p style=(format!("{FONT}margin:0;font-size:16px;font-weight:600;color:#1f2933;")) { (item.heading) }
                                        p style=(format!("{FONT}margin:2px 0 8px;font-size:13px;color:#616e7c;")) { (item.meta) }
                                        (prose(&item.body, &format!("{FONT}margin:0 0 8px;font-size:15px;line-height:1.5;color:#1f2933;")))
                                    }
                                }
                                @if let Some(label) = &p.button {
                                    p style="margin:8px 0 20px;" {
                                        a href=(LINK_MARK) style=(format!("{FONT}display:inline-block;background:{accent};color:#ffffff;padding:12px 22px;border-radius:6px;font-size:16px;font-weight:600;text-decoration:none;")) { (label) }
                                    }
                                    p style=(small) {
                                        (p.paste_hint) br;
                                        a href=(LINK_MARK) style=(format!("color:{accent};word-break:break-all;")) { (LINK_MARK) }
                                    }
                                }
                                @for t in &p.small_print { p style=(small) { (t) } }
                            } }
                        }
                        p style=(format!("{FONT}margin:16px 0 0;font-size:12px;color:#9aa5b1;")) { (frame.branding.name) }
                    } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branding() -> Branding {
        Branding {
            name: "Northwind".into(),
            accent: "#2457c5".into(),
            logo_url: "/logo.png".into(),
            timezone: "UTC".into(),
        }
    }

    #[test]
    fn both_parts_carry_the_link_mark_and_escape_record_text() {
        let b = branding();
        let frame = Frame {
            branding: &b,
            public_url: "https://portal.example",
            loc: &Locale::english_utc(),
            recipient: "Cleo <Client>",
            link_expires: Some(OffsetDateTime::UNIX_EPOCH),
        };
        let c = compose(
            &frame,
            &Content::Updates {
                client: "Acme".into(),
                items: vec![UpdateFacts {
                    project: "Site".into(),
                    milestone: "Design".into(),
                    author: "Dana".into(),
                    at: OffsetDateTime::UNIX_EPOCH,
                    body: "First line\nsecond <b>line</b>\n\nNext para".into(),
                }],
            },
        );
        assert!(c.subject.contains("Design"), "{}", c.subject);
        assert!(c.text.contains(LINK_MARK) && c.html.contains(LINK_MARK));
        assert!(c.text.contains("second <b>line</b>"));
        assert!(c.html.contains("second &lt;b&gt;line&lt;/b&gt;"));
        assert!(c.html.contains("Cleo &lt;Client&gt;"));
        assert!(c.html.contains("https://portal.example/logo.png"));
        assert!(c.html.contains("#2457c5"));
    }

    #[test]
    fn staff_mail_has_no_link() {
        let b = branding();
        let frame = Frame {
            branding: &b,
            public_url: "https://portal.example",
            loc: &Locale::english_utc(),
            recipient: "Dana",
            link_expires: None,
        };
        let content = Content::Decision {
            client: "Acme".into(),
            project: "Site".into(),
            title: "Homepage".into(),
            decision: DecisionKind::RequestChanges,
            typed_name: "Cleo Client".into(),
            email: "cleo@acme.test".into(),
            at: OffsetDateTime::UNIX_EPOCH,
            file: None,
            comment: Some("Bigger logo".into()),
            console_path: "/staff/projects/p1#approval-a1".into(),
        };
        let c = compose(&frame, &content);
        assert_eq!(content.kind(), MailKind::DecisionRecorded);
        assert!(!c.text.contains(LINK_MARK) && !c.html.contains(LINK_MARK));
        assert!(c.text.contains("> Bigger logo"));
        assert!(c.subject.contains("Acme"));
        assert!(c.text.contains("/staff/projects/p1#approval-a1"));
        assert!(c.html.contains("/staff/projects/p1#approval-a1"));
    }
}
