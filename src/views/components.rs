//! Small reusable pieces: badges, dates, hashes, text blocks. Each is a type that
//! implements [`Render`], so pages read as `(Badge::from(status))`.

use maud::{Markup, Render, html};
use time::{Date, OffsetDateTime};

use crate::domain::{ApprovalStatus, DecisionKind, Milestone, MilestoneStatus, ProjectStatus};
use crate::i18n::Locale;

use super::format;

/// Colour family of a badge; each maps to one CSS class with AA contrast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Neutral,
    Info,
    Success,
    Warning,
    Danger,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Self::Neutral => "badge badge-neutral",
            Self::Info => "badge badge-info",
            Self::Success => "badge badge-success",
            Self::Warning => "badge badge-warning",
            Self::Danger => "badge badge-danger",
        }
    }
}

/// A status pill. The label is the text; colour only repeats it.
#[derive(Debug, Clone, Copy)]
pub struct Badge {
    pub label: &'static str,
    /// The label's message id in the client bundles.
    pub key: &'static str,
    pub tone: Tone,
}

impl Badge {
    /// The badge in a client's language.
    #[must_use]
    pub fn in_locale(self, loc: &Locale) -> Markup {
        html! { span class=(self.tone.class()) { (loc.t(self.key)) } }
    }
}

impl Render for Badge {
    fn render(&self) -> Markup {
        html! { span class=(self.tone.class()) { (self.label) } }
    }
}

impl From<MilestoneStatus> for Badge {
    fn from(s: MilestoneStatus) -> Self {
        match s {
            MilestoneStatus::Planned => Self {
                label: "Planned",
                key: "status-planned",
                tone: Tone::Neutral,
            },
            MilestoneStatus::InProgress => Self {
                label: "In progress",
                key: "status-in-progress",
                tone: Tone::Info,
            },
            MilestoneStatus::Done => Self {
                label: "Done",
                key: "status-done",
                tone: Tone::Success,
            },
            MilestoneStatus::Blocked => Self {
                label: "Blocked",
                key: "status-blocked",
                tone: Tone::Danger,
            },
        }
    }
}

impl From<ApprovalStatus> for Badge {
    fn from(s: ApprovalStatus) -> Self {
        match s {
            ApprovalStatus::Pending => Self {
                label: "Pending",
                key: "status-pending",
                tone: Tone::Warning,
            },
            ApprovalStatus::Approved => Self {
                label: "Approved",
                key: "status-approved",
                tone: Tone::Success,
            },
            ApprovalStatus::ChangesRequested => Self {
                label: "Changes requested",
                key: "status-changes-requested",
                tone: Tone::Danger,
            },
            ApprovalStatus::Withdrawn => Self {
                label: "Withdrawn",
                key: "status-withdrawn",
                tone: Tone::Neutral,
            },
        }
    }
}

impl From<ProjectStatus> for Badge {
    fn from(s: ProjectStatus) -> Self {
        match s {
            ProjectStatus::Active => Self {
                label: "Active",
                key: "status-active",
                tone: Tone::Info,
            },
            ProjectStatus::OnHold => Self {
                label: "On hold",
                key: "status-on-hold",
                tone: Tone::Warning,
            },
            ProjectStatus::Done => Self {
                label: "Done",
                key: "status-done",
                tone: Tone::Success,
            },
        }
    }
}

/// Past tense of a decision, for summaries ("Approved", "Changes requested").
#[must_use]
pub fn decision_label(d: DecisionKind) -> &'static str {
    match d {
        DecisionKind::Approve => "Approved",
        DecisionKind::RequestChanges => "Changes requested",
    }
}

/// `<time datetime="2026-11-12">12 Nov 2026</time>`.
#[derive(Debug, Clone, Copy)]
pub struct Day(pub Date);

impl Render for Day {
    fn render(&self) -> Markup {
        html! { time datetime=(format::iso_date(self.0)) { (format::human_date(self.0)) } }
    }
}

/// `<time datetime="…Z">12 Nov 2026</time>`: an instant shown as its UTC day.
#[derive(Debug, Clone, Copy)]
pub struct DayOf(pub OffsetDateTime);

impl Render for DayOf {
    fn render(&self) -> Markup {
        let utc = self.0.to_offset(time::UtcOffset::UTC);
        html! { time datetime=(format::iso_datetime(utc)) { (format::human_date(utc.date())) } }
    }
}

/// `<time datetime="…Z">12 Nov 2026, 14:03 UTC</time>`; `seconds` adds `:27`.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub at: OffsetDateTime,
    pub seconds: bool,
}

impl Render for Moment {
    fn render(&self) -> Markup {
        let text = if self.seconds {
            format::human_datetime_seconds(self.at)
        } else {
            format::human_datetime(self.at)
        };
        html! { time datetime=(format::iso_datetime(self.at)) { (text) } }
    }
}

/// "Due 12 Nov 2026", flagged "overdue" (in words, not only colour) when past `today`.
#[derive(Debug, Clone, Copy)]
pub struct Due {
    pub on: Date,
    pub today: Date,
}

impl Render for Due {
    fn render(&self) -> Markup {
        let overdue = self.on < self.today;
        html! {
            span.due.overdue[overdue] {
                "Due " (Day(self.on))
                @if overdue { " " strong.overdue-flag { "overdue" } }
            }
        }
    }
}

/// A milestone's due date: flagged overdue only while the milestone is open
/// ([`Milestone::is_overdue`]); a done one shows its date plainly.
#[derive(Debug, Clone, Copy)]
pub struct MilestoneDue<'a> {
    pub milestone: &'a Milestone,
    pub today: Date,
}

impl Render for MilestoneDue<'_> {
    fn render(&self) -> Markup {
        let m = self.milestone;
        html! {
            @if let Some(on) = m.due_on {
                @if m.is_overdue(self.today) {
                    (Due { on, today: self.today })
                } @else {
                    span.due { "Due " (Day(on)) }
                }
            }
        }
    }
}

/// A calendar day in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct DayIn<'a>(pub &'a Locale, pub Date);

impl Render for DayIn<'_> {
    fn render(&self) -> Markup {
        html! { time datetime=(format::iso_date(self.1)) { (self.0.date(self.1)) } }
    }
}

/// The day of an instant, in the reader's zone and language.
#[derive(Debug, Clone, Copy)]
pub struct DayOfIn<'a>(pub &'a Locale, pub OffsetDateTime);

impl Render for DayOfIn<'_> {
    fn render(&self) -> Markup {
        html! { time datetime=(format::iso_datetime(self.1)) { (self.0.date(self.0.day_of(self.1))) } }
    }
}

/// An instant in the reader's zone (named) and language.
#[derive(Debug, Clone, Copy)]
pub struct MomentIn<'a> {
    pub loc: &'a Locale,
    pub at: OffsetDateTime,
    pub seconds: bool,
}

impl Render for MomentIn<'_> {
    fn render(&self) -> Markup {
        html! { time datetime=(format::iso_datetime(self.at)) { (self.loc.datetime(self.at, self.seconds)) } }
    }
}

/// [`Due`] in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct DueIn<'a> {
    pub loc: &'a Locale,
    pub on: Date,
    pub today: Date,
}

impl Render for DueIn<'_> {
    fn render(&self) -> Markup {
        let overdue = self.on < self.today;
        html! {
            span.due.overdue[overdue] {
                (self.loc.t("due")) " " (DayIn(self.loc, self.on))
                @if overdue { " " strong.overdue-flag { (self.loc.t("overdue")) } }
            }
        }
    }
}

/// A SHA-256 in full, in `<code>`, wrapping anywhere so it fits a phone.
#[derive(Debug, Clone, Copy)]
pub struct Sha<'a>(pub &'a str);

impl Render for Sha<'_> {
    fn render(&self) -> Markup {
        html! { code.hash { (self.0) } }
    }
}

/// Plain text written by people (updates, comments, descriptions): paragraphs split on
/// blank lines, single newlines kept as line breaks, and blocks whose every line starts
/// with `- ` or `* ` shown as a bullet list. Everything is escaped; no markup passes.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a>(pub &'a str);

impl Render for Text<'_> {
    fn render(&self) -> Markup {
        let normalized = self.0.replace("\r\n", "\n").replace('\r', "\n");
        let mut blocks: Vec<Vec<&str>> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for line in normalized.lines() {
            if line.trim().is_empty() {
                if !current.is_empty() {
                    blocks.push(std::mem::take(&mut current));
                }
            } else {
                current.push(line.trim_end());
            }
        }
        if !current.is_empty() {
            blocks.push(current);
        }
        html! {
            div.text {
                @for block in &blocks {
                    @for run in runs(block) {
                        @match run {
                            Run::Bullets(items) => ul { @for item in &items { li { (item) } } },
                            Run::Lines(lines) => p {
                                @for (i, line) in lines.iter().enumerate() {
                                    @if i > 0 { br; }
                                    (line)
                                }
                            },
                        }
                    }
                }
            }
        }
    }
}

/// A stretch of one text block: plain lines (a paragraph) or bullet items (a list).
enum Run<'a> {
    Lines(Vec<&'a str>),
    Bullets(Vec<&'a str>),
}

/// Split a block into paragraphs and lists, so "Intro:\n- a\n- b" reads naturally.
fn runs<'a>(block: &[&'a str]) -> Vec<Run<'a>> {
    let mut out: Vec<Run<'a>> = Vec::new();
    for line in block {
        let t = line.trim_start();
        let item = t.strip_prefix("- ").or_else(|| t.strip_prefix("* "));
        match (item, out.last_mut()) {
            (Some(i), Some(Run::Bullets(items))) => items.push(i),
            (Some(i), _) => out.push(Run::Bullets(vec![i])),
            (None, Some(Run::Lines(lines))) => lines.push(line),
            (None, _) => out.push(Run::Lines(vec![line])),
        }
    }
    out
}

/// One step of the breadcrumb trail; the last one is the current page (no href).
#[derive(Debug, Clone)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

impl Crumb {
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            href: Some(href.into()),
        }
    }

    pub fn here(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            href: None,
        }
    }
}

/// A friendly empty state.
#[derive(Debug, Clone, Copy)]
pub struct Empty<'a>(pub &'a str);

impl Render for Empty<'_> {
    fn render(&self) -> Markup {
        html! { p.empty { (self.0) } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn text_is_escaped_and_split() {
        let out = Text("Hello <b>there</b>\nsecond line\n\n- one\n- two & <i>\n\n\nlast").render();
        let s = out.into_string();
        assert!(
            s.contains("<p>Hello &lt;b&gt;there&lt;/b&gt;<br>second line</p>"),
            "{s}"
        );
        assert!(
            s.contains("<ul><li>one</li><li>two &amp; &lt;i&gt;</li></ul>"),
            "{s}"
        );
        assert!(s.contains("<p>last</p>"));
    }

    #[test]
    fn overdue_is_said_in_words() {
        let s = Due {
            on: date!(2026 - 11 - 01),
            today: date!(2026 - 11 - 02),
        }
        .render()
        .into_string();
        assert!(s.contains("overdue") && s.contains("1 Nov 2026"), "{s}");
        let s = Due {
            on: date!(2026 - 11 - 02),
            today: date!(2026 - 11 - 02),
        }
        .render()
        .into_string();
        assert!(!s.contains("overdue-flag"));
    }
}
