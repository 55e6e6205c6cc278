//! Previews of file versions on client pages: the deliverable's first page on the
//! approval page (sized to sit in a phone's first screen), small ones beside files.

use std::collections::BTreeMap;

use maud::{Markup, html};

use crate::domain::{FileRecord, FileVersion};
use crate::store::previews::PageSize;

use super::PageContext;
use crate::i18n::{n as num, s as arg};

/// The rendered pages of each version that has a preview, by SHA-256.
pub type Previews = BTreeMap<String, Vec<PageSize>>;

/// `{base}/files/{id}/{n}/preview/{page}`.
pub(super) fn preview_href(ctx: &PageContext, file_id: &str, n: u32, page: u32) -> String {
    ctx.href(&[
        "files",
        file_id,
        &n.to_string(),
        "preview",
        &page.to_string(),
    ])
}

/// The first page of `v`, large (the approval page) or as a thumbnail; nothing while the
/// version has no preview. Opening the image shows it at full size.
pub(super) fn preview_figure(
    ctx: &PageContext,
    previews: &Previews,
    f: &FileRecord,
    v: &FileVersion,
    large: bool,
) -> Markup {
    let Some(pages) = previews.get(&v.sha256) else {
        return html! {};
    };
    let Some(first) = pages.first() else {
        return html! {};
    };
    let alt = ctx.ta(
        "preview-alt",
        &[("name", arg(f.name.clone())), ("n", num(v.n as usize))],
    );
    html! {
        @if large {
            figure.preview {
                a.preview-link href=(preview_href(ctx, &f.id, v.n, 1)) {
                    img src=(preview_href(ctx, &f.id, v.n, 1)) alt=(alt)
                        width=(first.width) height=(first.height);
                }
                @if pages.len() > 1 {
                    figcaption.muted {
                        (ctx.t("preview-page-1-shown")) " "
                        @for page in 2..=u32::try_from(pages.len()).unwrap_or(1) {
                            a href=(preview_href(ctx, &f.id, v.n, page)) { (ctx.ta("preview-page", &[("n", num(page as usize))])) }
                            " "
                        }
                    }
                }
            }
        } @else {
            a.preview-thumb href=(preview_href(ctx, &f.id, v.n, 1)) {
                img src=(preview_href(ctx, &f.id, v.n, 1)) alt=(alt) loading="lazy"
                    width=(first.width) height=(first.height);
            }
        }
    }
}
