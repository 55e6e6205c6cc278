//! Client pages, rendered with maud: pure functions from view models to `Markup`.
//!
//! Nothing in here touches the store, the disk or the clock; the HTTP layer fills the
//! structs of [`model`] and calls one page function. No JavaScript, no inline styles:
//! the strict Content-Security-Policy only allows `/assets/app.css` ([`APP_CSS`]) and
//! `/assets/brand.css` ([`brand_css`]).
//!
//! Links inside client pages are built from [`model::PageContext::base`] (`/p/{token}`),
//! so the token is written by the caller once and never duplicated here.

mod assets;
mod components;
pub mod console;
mod errors;
mod format;
mod layout;
pub mod model;
mod pages;
#[cfg(test)]
mod preview;
#[cfg(test)]
mod tests;

pub use assets::{
    APP_CSS, APP_CSS_PATH, BRAND_CSS_PATH, app_css_href, app_css_version, brand_css, brand_css_href,
};
pub use components::decision_label;
pub use errors::{
    bad_request, conflict, link_gone, not_allowed, not_found, portal_closed, rate_limited,
    renew_sent, server_error,
};
pub use format::{human_date, human_datetime, human_size, lang_tag};
pub use model::{
    ActivityItem, ActivityKind, ActivityLink, ApprovalPage, CommentForm, DecisionForm,
    DecisionItem, DecisionValues, MilestoneItem, MilestoneView, NextGroup, Overview, PageContext,
    ProjectPage, ProjectSummary,
};
pub use pages::{approval, conflict_decided, conflict_stale, overview, project};
