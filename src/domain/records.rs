//! The records of SPEC section 4, as stored (JSON inside redb) and as served by the staff API.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// Dates (`due_on`) travel as `YYYY-MM-DD`.
pub mod date_format {
    time::serde::format_description!(pub iso_date, Date, "[year]-[month]-[day]");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Staff,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Staff {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Hex SHA-256 of the API token; the token itself is shown once and never stored.
    pub token_sha256: String,
    pub role: Role,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When an owner removed them: their token and sessions are dead, the record stays
    /// for the audit. Records written before removal existed decode as not removed.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub removed_at: Option<OffsetDateTime>,
}

impl Staff {
    /// Whether they may still use the API and the console.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.removed_at.is_none()
    }
}

/// What a client contact may do (SPEC 10). Each role holds the rights of the one before.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    /// See and download.
    Viewer,
    /// Also comment, upload to file requests, open requests, answer forms.
    Contributor,
    /// Also decide on approvals.
    #[default]
    Approver,
}

/// Which projects of the client a contact sees: `"all"` (also those created later) or a
/// list of project ids.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ProjectAccess {
    #[default]
    All,
    Only(Vec<String>),
}

impl ProjectAccess {
    #[must_use]
    pub fn includes(&self, project_id: &str) -> bool {
        match self {
            Self::All => true,
            Self::Only(ids) => ids.iter().any(|p| p == project_id),
        }
    }
}

impl utoipa::PartialSchema for ProjectAccess {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["all"])),
            )
            .item(ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String)))
            .description(Some(
                "`\"all\"` (every project, also those created later) or a list of project ids",
            ))
            .into()
    }
}

impl utoipa::ToSchema for ProjectAccess {}

impl Serialize for ProjectAccess {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::All => s.serialize_str("all"),
            Self::Only(ids) => ids.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ProjectAccess {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Word(String),
            List(Vec<String>),
        }
        match Wire::deserialize(d)? {
            Wire::Word(w) if w == "all" => Ok(Self::All),
            Wire::Word(w) => Err(serde::de::Error::custom(format!(
                "projects must be \"all\" or a list of project ids, not {w:?}"
            ))),
            Wire::List(ids) => Ok(Self::Only(ids)),
        }
    }
}

/// A person at the client. Access belongs to the contact: their links are only keys, and
/// what a link may do is evaluated against the contact as they are on file now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Contact {
    /// Stable id; records written before contacts had ids get one when next loaded.
    #[serde(default)]
    pub id: String,
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub role: ContactRole,
    #[serde(default)]
    pub projects: ProjectAccess,
    /// Overrides the client's language for this contact's pages and mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The contact who invited this one through their link, if a client did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_by: Option<String>,
}

/// Which parts of the client pages are shown. A section switched off is not rendered
/// and its routes answer 404. Each record list is a section too, keyed by its slug
/// beside the four fixed ones; a list not named is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[allow(clippy::struct_excessive_bools)]
pub struct Sections {
    #[serde(default = "yes")]
    pub milestones: bool,
    #[serde(default = "yes")]
    pub files: bool,
    #[serde(default = "yes")]
    pub approvals: bool,
    #[serde(default = "yes")]
    pub activity: bool,
    /// Record lists by slug (`"jobs": false` switches the jobs list off).
    #[serde(flatten, default)]
    #[schema(value_type = Object)]
    pub lists: std::collections::BTreeMap<String, bool>,
}

impl Sections {
    /// Whether the record list `slug` is shown.
    #[must_use]
    pub fn shows_list(&self, slug: &str) -> bool {
        self.lists.get(slug).copied().unwrap_or(true)
    }
}

/// A partial change of [`Sections`]: keys left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct SectionsPatch {
    pub milestones: Option<bool>,
    pub files: Option<bool>,
    pub approvals: Option<bool>,
    pub activity: Option<bool>,
    /// Record lists by slug.
    #[serde(flatten, default)]
    #[schema(value_type = Object)]
    pub lists: std::collections::BTreeMap<String, bool>,
}

impl SectionsPatch {
    /// `current` with this patch applied.
    #[must_use]
    pub fn apply(&self, current: &Sections) -> Sections {
        let mut out = current.clone();
        out.milestones = self.milestones.unwrap_or(out.milestones);
        out.files = self.files.unwrap_or(out.files);
        out.approvals = self.approvals.unwrap_or(out.approvals);
        out.activity = self.activity.unwrap_or(out.activity);
        for (k, v) in &self.lists {
            out.lists.insert(k.clone(), *v);
        }
        out
    }
}

impl Default for Sections {
    fn default() -> Self {
        Self {
            milestones: true,
            files: true,
            approvals: true,
            activity: true,
            lists: std::collections::BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Client {
    pub id: String,
    pub name: String,
    pub contacts: Vec<Contact>,
    /// The language of the client's pages and mail (`en`, `de`, `fr`, `es`, `nl`);
    /// unset, a contact's browser decides (`Accept-Language`), else English.
    #[serde(default)]
    pub language: Option<String>,
    /// IANA time zone of times shown to the client; unset, `branding.timezone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    pub portal_enabled: bool,
    pub sections: Sections,
    /// Links issued before this instant are dead ("cut-off").
    #[serde(with = "time::serde::rfc3339::option")]
    pub links_cutoff_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Ask for a code mailed to the contact's own address before each decision.
    #[serde(default)]
    pub verify_decisions: bool,
    /// Contributors and approvers may invite colleagues as viewers (SPEC 10).
    #[serde(default)]
    pub clients_may_invite: bool,
    /// The staff member who hears what this client's contacts do (SPEC 11): its creator
    /// unless changed. None for clients made by the system (demo, imports).
    #[serde(default)]
    pub owner_staff_id: Option<String>,
    /// Whether the owner gets activity digests for this client.
    #[serde(default = "yes")]
    pub activity_alerts: bool,
}

fn yes() -> bool {
    true
}

impl Client {
    /// The contact with this address, if on file.
    #[must_use]
    pub fn contact(&self, email: &str) -> Option<&Contact> {
        self.contacts
            .iter()
            .find(|c| c.email.eq_ignore_ascii_case(email))
    }

    /// The contact with this id, if still on file.
    #[must_use]
    pub fn contact_by_id(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Active,
    OnHold,
    Done,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Project {
    pub id: String,
    pub client_id: String,
    pub name: String,
    pub summary: String,
    pub status: ProjectStatus,
    pub next_step: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Planned,
    InProgress,
    Done,
    Blocked,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Milestone {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub description: String,
    pub status: MilestoneStatus,
    #[serde(with = "date_format::iso_date::option", default)]
    pub due_on: Option<Date>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub completed_at: Option<OffsetDateTime>,
    pub position: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Milestone {
    /// Past its due date and not done: a done milestone is never overdue, however late
    /// it was finished.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status != MilestoneStatus::Done && self.due_on.is_some_and(|due| due < today)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MilestoneUpdate {
    pub id: String,
    pub milestone_id: String,
    pub project_id: String,
    pub body: String,
    /// Display name of the staff member who posted it.
    pub author: String,
    pub author_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Staff-only: never rendered on a client page.
    pub internal: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FileVersion {
    pub n: u32,
    pub sha256: String,
    pub size: u64,
    pub content_type: String,
    pub uploaded_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub uploaded_at: OffsetDateTime,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FileRecord {
    pub id: String,
    pub project_id: String,
    pub milestone_id: Option<String>,
    pub name: String,
    pub client_visible: bool,
    pub versions: Vec<FileVersion>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl FileRecord {
    #[must_use]
    pub fn current(&self) -> Option<&FileVersion> {
        self.versions.last()
    }

    #[must_use]
    pub fn version(&self, n: u32) -> Option<&FileVersion> {
        self.versions.iter().find(|v| v.n == n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    Pending,
    Approved,
    ChangesRequested,
    Withdrawn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Approve,
    RequestChanges,
}

impl DecisionKind {
    #[must_use]
    pub fn resulting_status(self) -> ApprovalStatus {
        match self {
            Self::Approve => ApprovalStatus::Approved,
            Self::RequestChanges => ApprovalStatus::ChangesRequested,
        }
    }
}

/// Everything recorded about one client decision: enough to show later, in a dispute,
/// who decided what about which exact bytes, when, from where.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    pub decision: DecisionKind,
    pub comment: Option<String>,
    pub typed_name: String,
    pub grant_id: String,
    pub contact_email: String,
    pub client_ip: String,
    pub user_agent: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub file_id: Option<String>,
    pub version: Option<u32>,
    pub sha256: Option<String>,
    /// The form nonce; a replay of it answers the same redirect and records nothing.
    pub nonce: String,
    /// When this round was opened (request or re-open by a new version): time to decision
    /// is measured from here.
    #[serde(with = "time::serde::rfc3339")]
    pub requested_at: OffsetDateTime,
    pub audit_seq: u64,
    pub audit_hash: String,
    /// The contact who decided (empty in records written before several approvers).
    #[serde(default)]
    pub contact_id: String,
    /// The approval's round this decision belongs to (see [`Approval::round`]).
    #[serde(default)]
    pub round: u32,
    /// The address a mailed code was verified to before deciding, when the client asks
    /// for one (`verify_decisions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_email: Option<String>,
}

/// The live decision code of one contact (kept under the contact's id): only a hash of
/// the code, the address it was mailed to, and what limits it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DecisionCode {
    /// The contact's id.
    pub id: String,
    pub approval_id: String,
    /// Hex SHA-256 over the contact id, the approval id and the code.
    pub code_sha256: String,
    /// The address the code was mailed to.
    pub email: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub tries_left: u8,
    /// When codes were mailed to this contact (unix seconds), for the hourly limit.
    #[serde(default)]
    pub sent_at: Vec<i64>,
}

/// How many of an approval's approvers must approve (SPEC 10). Any request for changes
/// ends the round whatever the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalRule {
    /// One approval is enough (and the rule of records written before there were rules).
    #[default]
    Any,
    /// Every approver must approve.
    All,
    /// At least this many approvers must approve.
    AtLeast(u32),
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Approval {
    pub id: String,
    pub project_id: String,
    pub milestone_id: Option<String>,
    pub file_id: Option<String>,
    pub title: String,
    pub description: String,
    #[serde(with = "date_format::iso_date::option", default)]
    pub due_on: Option<Date>,
    pub status: ApprovalStatus,
    /// The file version the client is asked to decide on (None for approvals without a file).
    pub target_version: Option<u32>,
    pub target_sha256: Option<String>,
    pub requested_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When the approval was last opened (created, or re-opened by a new file version).
    #[serde(with = "time::serde::rfc3339")]
    pub opened_at: OffsetDateTime,
    pub decisions: Vec<Decision>,
    /// Contact ids of those who may decide, fixed when requested. Empty (rule `any` with
    /// no list named, and records written before several approvers): every approver-role
    /// contact who sees the project when they decide.
    #[serde(default)]
    pub approver_ids: Vec<String>,
    #[serde(default)]
    pub rule: ApprovalRule,
    /// Bumped when a new file version re-opens the approval; decisions carry the round
    /// they were made in.
    #[serde(default)]
    pub round: u32,
    /// The list row this approval is on (record lists, SPEC 12): then `target_sha256` is
    /// the SHA-256 of the row's canonical client-visible form, and `project_id` is the
    /// row's project, or empty for a row of no project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<RowRef>,
}

/// Where a row approval's row is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RowRef {
    pub list: String,
    pub external_id: String,
    pub row_id: String,
    pub client_id: String,
}

impl Approval {
    /// The decision that settled the current round, if any.
    #[must_use]
    pub fn current_decision(&self) -> Option<&Decision> {
        match self.status {
            ApprovalStatus::Approved | ApprovalStatus::ChangesRequested => self.decisions.last(),
            ApprovalStatus::Pending | ApprovalStatus::Withdrawn => None,
        }
    }
}

/// Who wrote a comment or note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Author {
    Staff {
        id: String,
        name: String,
    },
    Link {
        grant_id: String,
        name: String,
        email: String,
    },
}

impl Author {
    #[must_use]
    pub fn display_name(&self) -> &str {
        match self {
            Self::Staff { name, .. } | Self::Link { name, .. } => name,
        }
    }
}

/// What a comment is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum CommentTarget {
    Milestone(String),
    Approval(String),
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Comment {
    pub id: String,
    pub project_id: String,
    pub target: CommentTarget,
    pub author: Author,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// An internal note: staff only, never on a client page.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Note {
    pub id: String,
    pub project_id: String,
    pub body: String,
    pub author: Author,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// What a link may be allowed to do beyond looking (SPEC 10 `can`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    Download,
    Comment,
    Decide,
    Upload,
}

impl Capability {
    pub const ALL: [Self; 4] = [Self::Download, Self::Comment, Self::Decide, Self::Upload];

    /// Every capability: a link that narrows nothing.
    #[must_use]
    pub fn all() -> Vec<Self> {
        Self::ALL.to_vec()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    /// A client contact's portal link.
    ClientPortal,
}

/// A client link as issued. The token is never stored: it is recomputed from nothing
/// and verified by MAC, and this grant is what can be revoked.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LinkGrant {
    pub grant_id: String,
    pub client_id: String,
    pub project_id: Option<String>,
    /// The contact as on file when the link was issued; what the link may do is judged
    /// against the contact with the same id as on file *now*.
    pub contact: Contact,
    /// Narrows the contact's role for this link (SPEC 10); the link may do `role ∩ can`.
    #[serde(default = "Capability::all")]
    pub can: Vec<Capability>,
    pub purpose: LinkPurpose,
    pub issued_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub revoked_at: Option<OffsetDateTime>,
    pub views: u64,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub last_seen_at: Option<OffsetDateTime>,
    /// When a mail carrying this link was last delivered (scanners fetch right after).
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub mailed_at: Option<OffsetDateTime>,
    /// The first real open: a view whose page stylesheet was fetched, or one that came
    /// well after the link's mail went out (see `domain::activity::is_open`).
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub opened_at: Option<OffsetDateTime>,
    /// The first view that looked like a mail scanner's fetch (unstyled, within seconds of
    /// the mail), while the link was not yet opened.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub fetched_at: Option<OffsetDateTime>,
    /// Signing key the token was made with.
    pub key_id: u32,
}

/// One link in the audit chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEvent {
    pub seq: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// `staff:<id>`, `link:<grant_id>` or `system`.
    pub actor: String,
    pub kind: String,
    pub subjects: Vec<String>,
    pub details: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

/// A single-use staff sign-in link as issued (the token itself is never stored).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffSignIn {
    pub id: String,
    pub staff_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Set by the first (and only) use.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub used_at: Option<OffsetDateTime>,
}

/// A signed-in console session. Stored under the SHA-256 of the cookie value, so the
/// table never holds a usable session id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffSession {
    /// Hex SHA-256 of the cookie value.
    pub id: String,
    pub staff_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub revoked_at: Option<OffsetDateTime>,
}

/// Where a client request stands (SPEC 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    InProgress,
    WaitingOnClient,
    Done,
}

impl RequestStatus {
    /// Words for a person.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::InProgress => "In progress",
            Self::WaitingOnClient => "Waiting on you",
            Self::Done => "Done",
        }
    }
}

/// A client's own ticket: opened through a link, answered by staff (SPEC 11).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ClientRequest {
    pub id: String,
    pub client_id: String,
    /// The project it is about, if any (then only links that see it see the request).
    pub project_id: Option<String>,
    pub subject: String,
    pub body: String,
    pub status: RequestStatus,
    pub opened_by: Author,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A reply in a request's thread; `internal` ones are staff-only, never on client pages.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RequestReply {
    pub id: String,
    pub request_id: String,
    pub author: Author,
    pub body: String,
    pub internal: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// What kind of answer a form question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Text,
    LongText,
    Number,
    Date,
    YesNo,
    Choice,
    MultiChoice,
}

/// One question of a form; its answer travels in the form field named `key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Question {
    pub key: String,
    pub label: String,
    pub kind: QuestionKind,
    #[serde(default)]
    pub required: bool,
    /// The choices of `choice` and `multi_choice` questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// An intake form or questionnaire on a project (SPEC 11).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IntakeForm {
    pub id: String,
    pub project_id: String,
    pub client_id: String,
    pub title: String,
    pub questions: Vec<Question>,
    pub closed: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A contact's answers to a form: one per contact, replaced when they resubmit.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FormResponse {
    pub id: String,
    pub form_id: String,
    pub contact_id: String,
    pub contact_name: String,
    pub contact_email: String,
    pub grant_id: String,
    /// Answers by question key: text as a string, numbers as numbers, yes/no as a bool,
    /// dates as `YYYY-MM-DD`, multiple choices as a list; unanswered questions are absent.
    pub answers: std::collections::BTreeMap<String, serde_json::Value>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}
/// A file request (SPEC 11): staff ask the client for files of a project; a link that
/// may upload sends them, each stored as a file version.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FileRequest {
    pub id: String,
    pub project_id: String,
    pub milestone_id: Option<String>,
    pub title: String,
    pub description: String,
    /// MIME patterns (`type/subtype`, `type/*`) the bytes must sniff as; empty: anything.
    pub accept: Vec<String>,
    /// Largest upload taken, in bytes.
    pub max_bytes: u64,
    #[serde(with = "date_format::iso_date::option", default)]
    pub due_on: Option<Date>,
    /// The staff member who asked (`staff:<id>` in the audit chain).
    pub requested_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// What clients sent, oldest first.
    #[serde(default)]
    pub uploads: Vec<FileRequestUpload>,
}

/// One upload to a file request: the file version it became and who sent it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FileRequestUpload {
    pub file_id: String,
    pub name: String,
    pub n: u32,
    pub sha256: String,
    pub size: u64,
    pub content_type: String,
    /// `link:<grant_id>`.
    pub uploaded_by: String,
    /// The contact the link belongs to, as on file at the upload.
    pub contact: UploadContact,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The contact behind an upload.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UploadContact {
    pub id: String,
    pub name: String,
    pub email: String,
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    fn milestone(status: MilestoneStatus, due_on: Option<Date>) -> Milestone {
        Milestone {
            id: "m1".into(),
            project_id: "p1".into(),
            title: "Kickoff".into(),
            description: String::new(),
            status,
            due_on,
            completed_at: None,
            position: 0,
            created_at: datetime!(2026-01-01 0:00 UTC),
        }
    }

    #[test]
    fn only_an_open_milestone_past_its_due_date_is_overdue() {
        let today = date!(2026 - 03 - 02);
        let past = Some(date!(2026 - 03 - 01));
        assert!(!milestone(MilestoneStatus::Done, past).is_overdue(today));
        for open in [
            MilestoneStatus::Planned,
            MilestoneStatus::InProgress,
            MilestoneStatus::Blocked,
        ] {
            assert!(milestone(open, past).is_overdue(today));
            assert!(!milestone(open, Some(today)).is_overdue(today), "due today");
            assert!(!milestone(open, None).is_overdue(today));
        }
    }
}
