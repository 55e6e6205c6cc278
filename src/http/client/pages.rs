//! The client GET pages and downloads. GET and HEAD change no record: a view only bumps
//! the grant's in-memory counter (HEAD not even that).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse as _, Response};
use base64::Engine as _;
use maud::Markup;
use time::Date;

use super::link::LinkContext;
use crate::domain::{Approval, ApprovalStatus, CommentTarget, FileRecord, Project};
use crate::state::AppState;
use crate::state::page_cache::CachedPage;
use crate::store::ProjectDetail;
use crate::store::ReadRecords as _;
use crate::views::client::{
    ApprovalPage, CommentForm, DecisionForm, Overview, PageContext, ProjectPage,
};

/// Label the comment-form nonce is bound to (decision nonces bind to the approval id).
pub const COMMENT_NONCE_SUBJECT: &str = "comments";

pub(crate) fn page_context(state: &AppState, ctx: &LinkContext) -> PageContext {
    PageContext {
        branding: state.settings.branding.clone(),
        base: ctx.base.clone(),
        language: ctx.client.language.clone(),
        client_name: ctx.client.name.clone(),
        contact_name: ctx.grant.contact.name.clone(),
        sections: ctx.client.sections,
    }
}

fn count_view(state: &AppState, ctx: &LinkContext, method: &Method) {
    if method == Method::GET {
        state
            .link_views
            .record(&ctx.grant.grant_id, state.clock.now());
    }
}

fn not_found(state: &AppState) -> Response {
    super::generic_not_found(&state.settings.branding)
}

fn internal(state: &AppState, e: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %e, "client page failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        crate::views::server_error(&state.settings.branding),
    )
        .into_response()
}

/// Where the nonces go in a page rendered for the cache: one random placeholder per
/// subject, as long as a real nonce and of the same alphabet, so it renders the same way
/// and cannot be guessed into the page by anything staff or clients wrote.
#[derive(Default)]
pub(crate) struct Placeholders(Vec<(String, String)>);

impl Placeholders {
    fn for_subject(&mut self, subject: &str) -> String {
        if let Some((p, _)) = self.0.iter().find(|(_, s)| s == subject) {
            return p.clone();
        }
        let random: [u8; crate::links::NONCE_LEN * 3 / 4] = rand::random();
        let p = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random);
        self.0.push((p.clone(), subject.to_owned()));
        p
    }
}

/// Serve a page from the cache, or render it with `render` (which gets the placeholders to
/// use for nonces and the day to show dates against) and keep it. The link was checked by
/// the extractor already; a view is counted either way.
async fn cached<F, Fut>(
    state: &AppState,
    ctx: &LinkContext,
    method: &Method,
    uri: &Uri,
    render: F,
) -> Response
where
    F: FnOnce(Placeholders, Date) -> Fut,
    Fut: Future<Output = Result<(Markup, Placeholders), Response>>,
{
    // Noted before anything is read, so a write committed meanwhile makes the page stale.
    let generation = state.store.generation();
    let day = state.clock.now().date();
    let page = match state.pages.page(uri.path(), generation, day) {
        Some(page) => page,
        None => {
            let (html, placeholders) = match render(Placeholders::default(), day).await {
                Ok(rendered) => rendered,
                Err(refused) => return refused,
            };
            let page = Arc::new(CachedPage::cut(
                &html.into_string(),
                &placeholders.0,
                generation,
                day,
            ));
            state.pages.keep_page(uri.path().to_owned(), page.clone());
            page
        }
    };
    count_view(state, ctx, method);
    let keys = state.keyring();
    page.serve(|subject| keys.sign_nonce(&ctx.grant.grant_id, subject))
}

/// The projects this link may see, with everything under them.
async fn scoped_projects(
    state: &AppState,
    ctx: &LinkContext,
) -> Result<Vec<ProjectDetail>, Response> {
    let (client_id, scope) = (ctx.client.id.clone(), ctx.grant.project_id.clone());
    match state
        .db(move |s| s.portal_snapshot(&client_id, scope.as_deref()))
        .await
    {
        Ok(snap) => Ok(snap.projects),
        Err(crate::store::StoreError::NotFound(_)) => Err(not_found(state)),
        Err(e) => Err(internal(state, &e)),
    }
}

/// One project, only if this link covers it.
async fn scoped_project(
    state: &AppState,
    ctx: &LinkContext,
    project_id: String,
) -> Result<ProjectDetail, Response> {
    if !crate::domain::ids::looks_like_id(&project_id) {
        return Err(not_found(state));
    }
    match state.db(move |s| s.project_detail(&project_id)).await {
        Ok(d) if ctx.covers_project(&d.project.client_id, &d.project.id) => Ok(d),
        Ok(_) | Err(crate::store::StoreError::NotFound(_)) => Err(not_found(state)),
        Err(e) => Err(internal(state, &e)),
    }
}

fn flatten(
    projects: &[ProjectDetail],
) -> (
    Vec<Project>,
    Vec<crate::domain::Milestone>,
    Vec<Approval>,
    Vec<FileRecord>,
) {
    let mut out = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for p in projects {
        out.0.push(p.project.clone());
        out.1.extend(p.milestones.iter().cloned());
        out.2.extend(p.approvals.iter().cloned());
        out.3.extend(p.files.iter().cloned());
    }
    out
}

pub async fn overview(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    ctx: LinkContext,
) -> Response {
    let (state, ctx) = (&state, &ctx);
    cached(state, ctx, &method, &uri, move |p, day| async move {
        let projects = scoped_projects(state, ctx).await?;
        let (ps, mut ms, mut approvals, files) = flatten(&projects);
        let sections = ctx.client.sections;
        if !sections.milestones {
            ms.clear();
        }
        if !sections.approvals {
            approvals.clear();
        }
        let files: Vec<FileRecord> = if sections.files {
            files.into_iter().filter(|f| f.client_visible).collect()
        } else {
            Vec::new()
        };
        let model = Overview::build(&ps, &ms, &approvals, &files, day);
        Ok((crate::views::overview(&page_context(state, ctx), &model), p))
    })
    .await
}

pub async fn project(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    ctx: LinkContext,
    Path((_token, id)): Path<(String, String)>,
) -> Response {
    let (state, ctx) = (&state, &ctx);
    cached(state, ctx, &method, &uri, move |mut p, day| async move {
        let d = scoped_project(state, ctx, id).await?;
        let sections = ctx.client.sections;
        let milestones = if sections.milestones {
            d.milestones.as_slice()
        } else {
            &[]
        };
        let updates = if sections.milestones {
            d.updates.as_slice()
        } else {
            &[]
        };
        let approvals = if sections.approvals {
            d.approvals.as_slice()
        } else {
            &[]
        };
        let files: Vec<FileRecord> = if sections.files {
            d.files
                .iter()
                .filter(|f| f.client_visible)
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let comments: Vec<_> = d
            .comments
            .iter()
            .filter(|c| match &c.target {
                CommentTarget::Milestone(_) => sections.milestones,
                CommentTarget::Approval(_) => sections.approvals,
            })
            .cloned()
            .collect();
        let mut model = ProjectPage::build(
            d.project.clone(),
            milestones,
            updates,
            &comments,
            &files,
            approvals,
            day,
        );
        if sections.milestones {
            model.comment_form = Some(CommentForm {
                nonce: p.for_subject(COMMENT_NONCE_SUBJECT),
            });
        }
        Ok((crate::views::project(&page_context(state, ctx), &model), p))
    })
    .await
}

/// Build the approval page model, answering 404 for anything outside the link's scope or
/// with the approvals section switched off.
pub(crate) async fn approval_page_model(
    state: &AppState,
    ctx: &LinkContext,
    approval_id: &str,
    mut nonce: impl FnMut(&str) -> String,
    today: Date,
) -> Result<ApprovalPage, Response> {
    if !ctx.client.sections.approvals || !crate::domain::ids::looks_like_id(approval_id) {
        return Err(not_found(state));
    }
    let aid = approval_id.to_owned();
    let loaded = state
        .db(move |s| {
            s.read(|rx| {
                let a: Approval = rx.get(&aid)?;
                let p: Project = rx.get(&a.project_id)?;
                let file: Option<FileRecord> = match &a.file_id {
                    Some(f) => rx.find(f)?,
                    None => None,
                };
                let comments: Vec<crate::domain::Comment> = rx
                    .child_records::<crate::domain::Comment>("project", &p.id, "comments")?
                    .into_iter()
                    .filter(|c| c.target == CommentTarget::Approval(a.id.clone()))
                    .collect();
                Ok((a, p, file, comments))
            })
        })
        .await;
    let (approval, project, file, mut comments) = match loaded {
        Ok(v) => v,
        Err(crate::store::StoreError::NotFound(_)) => return Err(not_found(state)),
        Err(e) => return Err(internal(state, &e)),
    };
    if !ctx.covers_project(&project.client_id, &project.id)
        || approval.status == ApprovalStatus::Withdrawn && approval.decisions.is_empty()
    {
        return Err(not_found(state));
    }
    comments.sort_by_key(|c| c.at);
    let file = file.filter(|f| f.client_visible && ctx.client.sections.files);
    let form = (approval.status == ApprovalStatus::Pending)
        .then(|| DecisionForm::new(nonce(&approval.id), &approval));
    Ok(ApprovalPage {
        project,
        comment_form: Some(CommentForm {
            nonce: nonce(COMMENT_NONCE_SUBJECT),
        }),
        approval,
        file,
        form,
        comments,
        today,
    })
}

pub async fn approval(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    ctx: LinkContext,
    Path((_token, id)): Path<(String, String)>,
) -> Response {
    let (state, ctx) = (&state, &ctx);
    cached(state, ctx, &method, &uri, move |mut p, day| async move {
        let model =
            approval_page_model(state, ctx, &id, |subject| p.for_subject(subject), day).await?;
        Ok((crate::views::approval(&page_context(state, ctx), &model), p))
    })
    .await
}

pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: LinkContext,
    Path((_token, file_id, n)): Path<(String, String, String)>,
) -> Response {
    let Ok(n) = n.parse::<u32>() else {
        return not_found(&state);
    };
    if !ctx.client.sections.files || !crate::domain::ids::looks_like_id(&file_id) {
        return not_found(&state);
    }
    let loaded = state
        .db(move |s| {
            s.read(|rx| {
                let f: FileRecord = rx.get(&file_id)?;
                let p: Project = rx.get(&f.project_id)?;
                Ok((f, p))
            })
        })
        .await;
    let (file, project) = match loaded {
        Ok(v) => v,
        Err(crate::store::StoreError::NotFound(_)) => return not_found(&state),
        Err(e) => return internal(&state, &e),
    };
    if !ctx.covers_project(&project.client_id, &project.id) || !file.client_visible {
        return not_found(&state);
    }
    let Some(version) = file.version(n) else {
        return not_found(&state);
    };
    let Some(path) = state.store.blobs().path(&version.sha256) else {
        return not_found(&state);
    };
    match super::download::send(&path, &file.name, version, &headers).await {
        Ok(r) => r,
        Err(e) => internal(&state, &e),
    }
}
