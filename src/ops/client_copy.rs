//! The client's own copy (SPEC 12, `GET /p/{token}/export.zip`): everything this link may
//! see, as JSON documents, plus the bytes of every file version it may download.
//!
//! Every part is read through the same link operations the client pages use (so the
//! access policy has filtered it: scope, sections, hidden files, internal updates and
//! replies, internal list columns), then serialised with the staff export's record types.
//! This operation only gathers; the archive is written while it streams out
//! (`export::write_client_copy`), each file read from its blob in chunks.

use crate::store::blobs::BlobRef;
use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use super::OpResult;
use super::portal::LiveLink;
use crate::domain::access::{Action, Subject};
use crate::domain::lists::{Column, ListDef, ListRow, visible_values};
use crate::domain::{Approval, ApprovalStatus, Capability, ContactRole, FileRecord, FileRequest};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::FormRecord;
use crate::store::lists::client_rows;
use crate::store::requests::RequestThread;
use crate::store::{ProjectDetail, ReadRecords as _};

/// How the client's copy explains itself; kept beside the data it explains.
pub const COPY_README: &str = "\
Your copy
=========

This archive holds everything your link to the portal shows you, as it stood
when you downloaded it:

  client.json         who this copy is for, what the link may do, and when it
                      was made
  projects.json       your projects with their milestones, updates, files (every
                      version with its SHA-256), approvals with every decision
                      and its evidence, and comments
  requests.json       your requests with their replies
  forms.json          the forms of your projects, each with your own answers
  file_requests.json  what was asked of you as files, with what was sent
  lists/<list>.json   the rows of each record list you see, with the columns
                      shown to you and the decisions on each row
  files/<file id>/<version>/<name>
                      the bytes of each file version
";

/// Added to the README when the link may not download.
pub const COPY_README_NO_FILES: &str = "
This link may view files but not download them, so their bytes are left out:
projects.json lists every file version with its name, size and SHA-256.
";

/// Added to the README when files are included.
pub const COPY_README_FILES: &str = "
Checking a file: its SHA-256 must equal the sha256 of its version in
projects.json (and in any decision on that version), e.g.

    sha256sum files/<file id>/<version>/<name>

Decisions made by colleagues show who decided and when; the network address
and browser recorded with them are kept by the portal, not copied here.
";

/// One file version to put into the archive.
#[derive(Debug, Clone)]
pub struct CopyFile {
    /// The entry's name in the archive.
    pub name: String,
    /// Its bytes in the blob store.
    pub blob: BlobRef,
    pub sha256: String,
    pub size: u64,
}

/// Everything to write into the client's copy: small documents (JSON and the README)
/// built here, file bytes left on disk until the archive streams them.
#[derive(Debug, Clone)]
pub struct ClientCopy {
    /// A download name safe in a header: `<client>-copy-<date>.zip`.
    pub file_name: String,
    pub documents: Vec<(String, Vec<u8>)>,
    pub files: Vec<CopyFile>,
}

#[derive(Serialize)]
struct CopyClient<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct CopyContact<'a> {
    name: &'a str,
    email: &'a str,
    role: ContactRole,
}

#[derive(Serialize)]
struct CopyLink<'a> {
    project_id: Option<&'a str>,
    can: &'a [Capability],
    #[serde(with = "time::serde::rfc3339")]
    expires_at: OffsetDateTime,
    files_included: bool,
}

#[derive(Serialize)]
struct CopyHead<'a> {
    #[serde(with = "time::serde::rfc3339")]
    made_at: OffsetDateTime,
    client: CopyClient<'a>,
    you: CopyContact<'a>,
    link: CopyLink<'a>,
}

#[derive(Serialize)]
struct CopyRow {
    external_id: String,
    project_id: Option<String>,
    /// Client-visible cells only.
    values: std::collections::BTreeMap<String, Value>,
    visible_sha256: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
    approvals: Vec<Approval>,
}

#[derive(Serialize)]
struct CopyList<'a> {
    slug: &'a str,
    name: &'a str,
    /// Client-visible columns only.
    columns: Vec<&'a Column>,
    rows: Vec<CopyRow>,
}

/// A row as read, with its approvals.
type RowWithApprovals = (ListRow, Vec<Approval>);

/// `lists/<slug>.json` (name and bytes) and the file ids its rows name.
type ListDocument = ((String, Vec<u8>), Vec<String>);

fn json(v: &impl Serialize) -> OpResult<Vec<u8>> {
    serde_json::to_vec_pretty(v).map_err(AppError::internal)
}

/// A name safe as one path segment of a zip entry: no separators, no control characters,
/// no leading dot, at most 120 characters.
fn entry_segment(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .take(120)
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').to_owned();
    if trimmed.is_empty() {
        "file".to_owned()
    } else {
        trimmed
    }
}

/// The client's name as ASCII for the download name.
fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "porthole".to_owned()
    } else {
        out
    }
}

/// Approvals as a client's copy keeps them: a decision's single-use form nonce is left
/// out, and a colleague's network address, browser and link id stay with the portal.
fn for_copy(mut a: Approval, contact_id: &str) -> Approval {
    for d in &mut a.decisions {
        d.nonce = String::new();
        if d.contact_id != contact_id {
            d.client_ip = String::new();
            d.user_agent = String::new();
            d.grant_id = String::new();
        }
    }
    a
}

impl AppState {
    /// Everything this link may see, ready to be written as the client's copy.
    ///
    /// # Errors
    /// A database failure; `NotFound` when the link stands no more.
    pub fn portal_copy(&self, link: &LiveLink) -> OpResult<ClientCopy> {
        let access = link.access();
        access.check(&Subject::portal(&link.client), Action::View)?;
        let downloads = access.may(Action::Download);
        let now = self.clock.now();
        let contact_id = link.contact.id.as_str();

        let mut projects: Vec<ProjectDetail> = self.portal_projects(link)?;
        for d in &mut projects {
            d.approvals = std::mem::take(&mut d.approvals)
                .into_iter()
                .map(|a| for_copy(a, contact_id))
                .collect();
        }
        let mut requests: Vec<RequestThread> = Vec::new();
        for r in self.portal_requests(link)? {
            requests.push(self.portal_request(link, &r.id)?);
        }
        let forms = self.copy_forms(link, &projects)?;
        let file_requests: Vec<FileRequest> = self
            .portal_file_requests(link, None)?
            .into_iter()
            .map(|v| v.request)
            .collect();
        let lists = self.copy_lists(link)?;

        // Files: every version of every file the link may download, once each.
        let mut files = Vec::new();
        let mut seen = BTreeSet::new();
        let mut add = |f: &FileRecord, files: &mut Vec<CopyFile>| -> OpResult<()> {
            if !seen.insert(f.id.clone()) {
                return Ok(());
            }
            for v in &f.versions {
                let (version, blob) = self.stored_version(f, v.n)?;
                files.push(CopyFile {
                    name: format!("files/{}/{}/{}", f.id, version.n, entry_segment(&f.name)),
                    blob,
                    sha256: version.sha256,
                    size: version.size,
                });
            }
            Ok(())
        };
        if downloads {
            for d in &projects {
                for f in &d.files {
                    if access
                        .check(&Subject::file(&d.project, f), Action::Download)
                        .is_ok()
                    {
                        add(f, &mut files)?;
                    }
                }
            }
            for id in lists.iter().flat_map(|(_, ids)| ids) {
                if let Ok(f) = self.file_for_link(link, id, Action::Download) {
                    add(&f, &mut files)?;
                }
            }
        }

        let head = CopyHead {
            made_at: now,
            client: CopyClient {
                id: &link.client.id,
                name: &link.client.name,
            },
            you: CopyContact {
                name: &link.contact.name,
                email: &link.contact.email,
                role: link.contact.role,
            },
            link: CopyLink {
                project_id: link.grant.project_id.as_deref(),
                can: &link.grant.can,
                expires_at: link.grant.expires_at,
                files_included: downloads,
            },
        };
        let readme = format!(
            "{COPY_README}{}",
            if downloads {
                COPY_README_FILES
            } else {
                COPY_README_NO_FILES
            }
        );
        let mut documents = vec![
            ("README.txt".to_owned(), readme.into_bytes()),
            ("client.json".to_owned(), json(&head)?),
            ("projects.json".to_owned(), json(&projects)?),
            ("requests.json".to_owned(), json(&requests)?),
            ("forms.json".to_owned(), json(&forms)?),
            ("file_requests.json".to_owned(), json(&file_requests)?),
        ];
        for (doc, _) in lists {
            documents.push(doc);
        }
        Ok(ClientCopy {
            file_name: format!(
                "{}-copy-{}.zip",
                file_stem(&link.client.name),
                self.clock.now().date()
            ),
            documents,
            files,
        })
    }

    /// The forms of the projects the link sees, each with this contact's own answers.
    fn copy_forms(&self, link: &LiveLink, projects: &[ProjectDetail]) -> OpResult<Vec<FormRecord>> {
        let contact_id = link.contact.id.clone();
        let ids: Vec<String> = projects.iter().map(|d| d.project.id.clone()).collect();
        Ok(self.store.read(|rx| {
            let mut out = Vec::new();
            for id in &ids {
                for form in crate::store::requests::forms_of_project(rx, id)? {
                    let responses = crate::store::requests::form_responses(rx, &form.id)?
                        .into_iter()
                        .filter(|r| r.contact_id == contact_id)
                        .collect();
                    out.push(FormRecord { form, responses });
                }
            }
            out.sort_by_key(|f: &FormRecord| f.form.created_at);
            Ok(out)
        })?)
    }

    /// `lists/<slug>.json` of every list the link sees, each with the ids of the files
    /// its rows' visible cells name.
    fn copy_lists(&self, link: &LiveLink) -> OpResult<Vec<ListDocument>> {
        let access = link.access();
        let contact_id = link.contact.id.as_str();
        let read: Vec<(ListDef, Vec<RowWithApprovals>)> = self.store.read(|rx| {
            let mut out = Vec::new();
            for def in rx.all::<ListDef>()? {
                if access
                    .check(&Subject::list(&link.client, &def.slug), Action::View)
                    .is_err()
                {
                    continue;
                }
                let mut rows = Vec::new();
                for row in client_rows(rx, &def.slug, &link.client.id)? {
                    if access
                        .check(&Subject::list_row(&row), Action::View)
                        .is_err()
                    {
                        continue;
                    }
                    let approvals: Vec<Approval> =
                        rx.child_records("listrow", &row.id, "approvals")?;
                    rows.push((row, approvals));
                }
                out.push((def, rows));
            }
            Ok(out)
        })?;
        let mut out = Vec::new();
        for (def, rows) in read {
            let mut file_ids = Vec::new();
            let mut copy_rows = Vec::with_capacity(rows.len());
            for (row, approvals) in rows {
                let values = visible_values(&def, &row.values);
                for col in def.visible_columns().filter(|c| c.kind.holds_files()) {
                    match values.get(&col.key) {
                        Some(Value::String(id)) => file_ids.push(id.clone()),
                        Some(Value::Array(ids)) => {
                            file_ids.extend(ids.iter().filter_map(Value::as_str).map(str::to_owned))
                        }
                        _ => {}
                    }
                }
                let mut approvals: Vec<Approval> = approvals
                    .into_iter()
                    .filter(|a| !(a.status == ApprovalStatus::Withdrawn && a.decisions.is_empty()))
                    .map(|a| for_copy(a, contact_id))
                    .collect();
                approvals.sort_by_key(|a| a.created_at);
                copy_rows.push(CopyRow {
                    external_id: row.external_id,
                    project_id: row.project_id,
                    values,
                    visible_sha256: row.visible_sha256,
                    created_at: row.created_at,
                    updated_at: row.updated_at,
                    approvals,
                });
            }
            let doc = CopyList {
                slug: &def.slug,
                name: &def.name,
                columns: def.visible_columns().collect(),
                rows: copy_rows,
            };
            out.push(((format!("lists/{}.json", def.slug), json(&doc)?), file_ids));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_stay_inside_their_folder() {
        assert_eq!(entry_segment("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(entry_segment("..."), "file");
        assert_eq!(entry_segment("Plan v2.pdf"), "Plan v2.pdf");
        assert_eq!(entry_segment("a\u{0}b"), "a_b");
    }

    #[test]
    fn download_names_are_plain_ascii() {
        assert_eq!(file_stem("Alder & Söhne Ltd."), "alder-s-hne-ltd");
        assert_eq!(file_stem("ÄÖÜ"), "porthole");
    }
}
