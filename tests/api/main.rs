//! Integration tests: the real server on port 0 with a temp data dir, driven over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

mod helpers;

mod browser;
mod cli;
mod client_links;
mod console;
mod console_more;
mod crash;
mod mail;
mod page_cache;
mod staff_api;
mod staff_members;
