//! `GET /p/{token}/invite`: invite a colleague, who becomes a viewer with a link of their
//! own (where the client allows it).

use maud::{Markup, html};

use super::{PageContext, overview_crumb};
use crate::views::components::Crumb;
use crate::views::layout::page;

/// The invite page: the form, or the confirmation of who was just invited.
#[derive(Debug, Clone, Default)]
pub struct InvitePage {
    pub nonce: String,
    /// Whether an invitation just went out.
    pub invited: bool,
    pub errors: Vec<String>,
    pub name: String,
    pub email: String,
}

#[must_use]
pub fn invite(ctx: &PageContext, ip: &InvitePage) -> Markup {
    let title = ctx.t("invite-a-colleague");
    let crumbs = [overview_crumb(ctx), Crumb::here(title.clone())];
    page(
        ctx,
        &title,
        &crumbs,
        html! {
            div.page-head {
                h1 { (title) }
                p.lead { (ctx.t("invite-lead")) }
            }
            @if ip.invited {
                div.alert.alert-success role="status" {
                    p { (ctx.t("invite-sent")) }
                }
            }
            @if !ip.errors.is_empty() {
                div.alert.alert-error role="alert" {
                    ul { @for e in &ip.errors { li { (e) } } }
                }
            }
            form.card method="post" action=(ctx.href(&["invite"])) {
                input type="hidden" name="nonce" value=(ip.nonce);
                div.field {
                    label for="invite-name" { (ctx.t("their-full-name")) }
                    input #invite-name type="text" name="name" value=(ip.name) required maxlength="200" autocomplete="off";
                }
                div.field {
                    label for="invite-email" { (ctx.t("their-email")) }
                    input #invite-email type="email" name="email" value=(ip.email) required maxlength="200" autocomplete="off";
                }
                button.button type="submit" { (ctx.t("send-invitation")) }
            }
        },
    )
}
