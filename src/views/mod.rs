//! Client pages, rendered with maud: pure functions from view models to `Markup`.
//!
//! Nothing in here touches the store, the disk or the clock; the HTTP layer fills the
//! view models of [`client`] (or [`console`]) and calls one page function. No JavaScript, no inline styles:
//! the strict Content-Security-Policy only allows `/assets/app.css` ([`APP_CSS`]) and
//! `/assets/brand.css` ([`brand_css`]).
//!
//! Links inside client pages are built from [`client::PageContext::base`] (`/p/{token}`),
//! so the token is written by the caller once and never duplicated here.

pub mod assets;
pub mod client;
mod components;
pub mod console;
mod format;
mod layout;
#[cfg(test)]
mod preview;
#[cfg(test)]
mod tests;

pub use assets::{
    APP_CSS, APP_CSS_PATH, BRAND_CSS_PATH, app_css_href, app_css_version, brand_css, brand_css_href,
};
pub use client::{
    ActivityItem, ActivityKind, ActivityLink, ApprovalPage, CommentForm, DecisionForm,
    DecisionValues, FileRequestItem, MilestoneItem, MilestoneView, NextGroup, Overview,
    PageContext, ProjectPage, ProjectSummary, approval, bad_request, conflict, conflict_decided,
    conflict_stale, file_request, link_gone, not_allowed, not_found, overview, portal_closed,
    project, rate_limited, renew_sent, server_error, verify, verify_url,
};
pub use components::decision_label;
pub use format::{human_date, human_datetime, human_datetime_seconds, human_size, lang_tag};
