//! The client GET pages and downloads. GET and HEAD change no record: a view only bumps
//! the grant's in-memory counter (HEAD not even that).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::response::Response;
use base64::Engine as _;
use maud::Markup;
use time::Date;

use super::error::client_error;
use super::link::LinkContext;
use crate::compress::Encoding;
use crate::domain::access::Action;
use crate::domain::{Approval, ApprovalStatus, Project};
use crate::error::AppError;
use crate::ops::COMMENT_NONCE_SUBJECT;
use crate::ops::to_do::ToDoScope;
use crate::state::AppState;
use crate::state::page_cache::CachedPage;
use crate::store::ProjectDetail;
use crate::views::client::{
    ApprovalPage, CommentForm, DecisionForm, FileRequestItem, Overview, PageContext, ProjectPage,
};

pub(crate) fn page_context(state: &AppState, ctx: &LinkContext) -> PageContext {
    // The stylesheet this page links carries an opaque mark of the grant (never the
    // token): a browser fetching it tells a person's open from a mail scanner's fetch.
    let marker = state.keyring().view_marker(&ctx.grant.grant_id);
    state
        .link_views
        .expect_stylesheet(&marker, &ctx.grant.grant_id);
    PageContext {
        view_marker: Some(marker),
        branding: state.settings.branding.clone(),
        base: ctx.base.clone(),
        loc: ctx.loc.clone(),
        client_name: ctx.client.name.clone(),
        contact_name: ctx.grant.contact.name.clone(),
        sections: ctx.client.sections.clone(),
        rights: ctx.access().rights(),
    }
}

fn count_view(state: &AppState, ctx: &LinkContext, method: &Method) {
    if method == Method::GET {
        state
            .link_views
            .record(&ctx.grant.grant_id, state.clock.now());
    }
}

/// Run a read operation for the link off the async threads; refusals become pages.
pub(super) async fn read<T, F>(state: &AppState, ctx: &LinkContext, f: F) -> Result<T, Response>
where
    T: Send + 'static,
    F: FnOnce(&AppState, &crate::ops::LiveLink) -> crate::ops::OpResult<T> + Send + 'static,
{
    let link = ctx.link.clone();
    state
        .op(move |s| f(s, &link))
        .await
        .map_err(|e| client_error(state, e, None, &ctx.loc))
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

/// What a cached page shows, so which writes make it stale: one project's records, or
/// anything of the client's.
pub(super) enum PageOf<'a> {
    Project(&'a str),
    Client,
}

/// Serve a page from the cache, or render it with `render` (which gets the placeholders to
/// use for nonces and the day to show dates against) and keep it. The link was checked by
/// the extractor already; a view is counted either way.
pub(super) async fn cached<F, Fut>(
    state: &AppState,
    ctx: &LinkContext,
    request: (&Method, &Uri, &HeaderMap),
    shows: PageOf<'_>,
    render: F,
) -> Response
where
    F: FnOnce(Placeholders, Date) -> Fut,
    Fut: Future<Output = Result<(Markup, Placeholders), Response>>,
{
    let (method, uri, headers) = request;
    // Noted before anything is read, so a write committed meanwhile makes the page stale.
    let generation = state.record_generation(match shows {
        PageOf::Project(id) => id,
        PageOf::Client => &ctx.client.id,
    });
    let day = state.clock.now().date();
    // The same link reads in one language, unless it follows the browser's: one page
    // per language then.
    let key = format!("{}#{}", uri.path(), ctx.loc.lang.tag());
    let page = match state.pages.page(&key, generation, day) {
        Some(page) => page,
        None => {
            // Held until the page is kept, so that requests waiting for it find it.
            let _turn = state.pages.render_turn(&key).await;
            // Another request may have rendered it while this one waited.
            match state.pages.kept(&key, generation, day) {
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
                    state.pages.keep_page(key, page.clone());
                    page
                }
            }
        }
    };
    count_view(state, ctx, method);
    let keys = state.keyring();
    let wanted = crate::http::negotiate::encoding(headers, page.encodings());
    let (encoding, body) = page.serve_as(wanted, |subject| {
        keys.sign_nonce(&ctx.grant.grant_id, subject)
    });
    let body = axum::body::Body::new(crate::http::body::Pieces::new(body));
    let mut response = Response::new(body);
    // Room for these three and for the headers every answer gets on its way out, made
    // once: grown on the way, the map was reallocated and rehashed on every answer.
    let headers = response.headers_mut();
    headers.reserve(3 + crate::http::layers::HEADERS_ADDED_TO_EVERY_ANSWER);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if encoding != Encoding::Identity {
        headers.insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static(encoding.token()),
        );
    }
    response
}

/// Every project's records side by side, for the overview.
fn flatten(
    projects: &[ProjectDetail],
) -> (Vec<Project>, Vec<crate::domain::Milestone>, Vec<Approval>) {
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for p in projects {
        out.0.push(p.project.clone());
        out.1.extend(p.milestones.iter().cloned());
        out.2.extend(p.approvals.iter().cloned());
    }
    out
}

/// The file requests the link sees (of one project, or of all), for "Needs your action".
async fn file_requests(
    state: &AppState,
    ctx: &LinkContext,
    project_id: Option<String>,
) -> Result<Vec<FileRequestItem>, Response> {
    let views = read(state, ctx, move |s, link| {
        s.portal_file_requests(link, project_id.as_deref())
    })
    .await?;
    Ok(views
        .into_iter()
        .map(|v| FileRequestItem {
            request: v.request,
            project: v.project,
        })
        .collect())
}

pub async fn overview(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    ctx: LinkContext,
) -> Response {
    let (state, ctx) = (&state, &ctx);
    cached(
        state,
        ctx,
        (&method, &uri, &headers),
        PageOf::Client,
        move |p, day| async move {
            let projects = read(state, ctx, |s, link| s.portal_projects(link)).await?;
            let (ps, ms, approvals) = flatten(&projects);
            let mut model = Overview::build(&ps, &ms, &approvals, day);
            model.to_do = read(state, ctx, |s, link| s.portal_to_do(link, ToDoScope::All)).await?;
            super::lists::overview_parts(state, ctx, &mut model).await?;
            Ok((crate::views::overview(&page_context(state, ctx), &model), p))
        },
    )
    .await
}

pub async fn project(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    ctx: LinkContext,
    Path((_token, id)): Path<(String, String)>,
) -> Response {
    let (state, ctx) = (&state, &ctx);
    let project_id = id.clone();
    cached(
        state,
        ctx,
        (&method, &uri, &headers),
        PageOf::Project(&project_id),
        move |mut p, day| async move {
            if !crate::domain::ids::looks_like_id(&id) {
                return Err(super::not_found_in(&state.settings.branding, &ctx.loc));
            }
            let d = read(state, ctx, move |s, link| s.portal_project(link, &id)).await?;
            let mut model = ProjectPage::build(
                d.project.clone(),
                &d.milestones,
                &d.updates,
                &d.comments,
                &d.files,
                &d.approvals,
                day,
            );
            model.file_requests = file_requests(state, ctx, Some(d.project.id.clone())).await?;
            let pid = d.project.id.clone();
            model.to_do = read(state, ctx, move |s, link| {
                s.portal_to_do(link, ToDoScope::Project(&pid))
            })
            .await?;
            let shas: Vec<String> = model
                .files
                .iter()
                .flat_map(|f| f.versions.iter().map(|v| v.sha256.clone()))
                .collect();
            model.previews = read(state, ctx, move |s, _| {
                Ok(s.preview_pages(shas.iter().map(String::as_str)))
            })
            .await?;
            if ctx.client.sections.milestones && ctx.access().may(Action::Comment) {
                model.comment_form = Some(CommentForm {
                    nonce: p.for_subject(COMMENT_NONCE_SUBJECT),
                });
            }
            Ok((crate::views::project(&page_context(state, ctx), &model), p))
        },
    )
    .await
}

/// Build the approval page model: 404 outside the link; the decision form only while
/// pending, only for a link that may decide on it (one of its approvers) and only until
/// its contact decided this round; the comment form only for one that may comment.
pub(crate) async fn approval_page_model(
    state: &AppState,
    ctx: &LinkContext,
    approval_id: &str,
    mut nonce: impl FnMut(&str) -> String,
    today: Date,
) -> Result<ApprovalPage, Response> {
    if !crate::domain::ids::looks_like_id(approval_id) {
        return Err(super::not_found_in(&state.settings.branding, &ctx.loc));
    }
    let aid = approval_id.to_owned();
    let v = read(state, ctx, move |s, link| s.portal_approval(link, &aid)).await?;
    let access = ctx.access();
    let form =
        (v.approval.status == ApprovalStatus::Pending && v.may_decide && v.own_decision.is_none())
            .then(|| DecisionForm::new(nonce(&v.approval.id), &v.approval));
    let comment_form = access.may(Action::Comment).then(|| CommentForm {
        nonce: nonce(COMMENT_NONCE_SUBJECT),
    });
    let shas: Vec<String> = v
        .file
        .iter()
        .flat_map(|f| f.versions.iter().map(|x| x.sha256.clone()))
        .collect();
    let previews = read(state, ctx, move |s, _| {
        Ok(s.preview_pages(shas.iter().map(String::as_str)))
    })
    .await?;
    Ok(ApprovalPage {
        project: v.project,
        comment_form,
        approval: v.approval,
        file: v.file,
        form,
        comments: v.comments,
        approvers: v.approvers,
        may_decide: v.may_decide,
        own_decision: v.own_decision,
        verify_code: ctx.client.verify_decisions,
        today,
        previews,
    })
}

pub async fn approval(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    ctx: LinkContext,
    Path((_token, id)): Path<(String, String)>,
) -> Response {
    let (state, ctx) = (&state, &ctx);
    cached(
        state,
        ctx,
        (&method, &uri, &headers),
        // An approval's project is known only once read: its client's writes count.
        PageOf::Client,
        move |mut p, day| async move {
            let model =
                approval_page_model(state, ctx, &id, |subject| p.for_subject(subject), day).await?;
            Ok((crate::views::approval(&page_context(state, ctx), &model), p))
        },
    )
    .await
}

pub async fn download(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    ctx: LinkContext,
    Path((_token, file_id, n)): Path<(String, String, String)>,
) -> Response {
    let Ok(n) = n.parse::<u32>() else {
        return super::not_found_in(&state.settings.branding, &ctx.loc);
    };
    if !crate::domain::ids::looks_like_id(&file_id) {
        return super::not_found_in(&state.settings.branding, &ctx.loc);
    }
    let link = ctx.link.clone();
    let found = state
        .op(move |s| s.portal_download(&link, &file_id, n))
        .await;
    let (file, version, blob) = match found {
        Ok(found) => found,
        Err(e) => return client_error(&state, e, Some(&ctx.base), &ctx.loc),
    };
    match super::download::send(&blob, &file.name, &version, &headers).await {
        Ok(r) => {
            // Counted like a view, in memory: the owner's digest lists it after the
            // next flush; the GET itself changes no record.
            if method == Method::GET && r.status().is_success() {
                state
                    .link_views
                    .download(&ctx.grant.grant_id, &file.id, n, state.clock.now());
            }
            r
        }
        Err(e) => client_error(&state, AppError::internal(e), None, &ctx.loc),
    }
}
