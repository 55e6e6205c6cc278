//! Integration tests: the real server on port 0 with a temp data dir, driven over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

mod helpers;
mod pg_cluster;

mod access;
mod activity;
mod approvers;
mod blobs_s3;
mod browser;
mod cli;
mod client_copy;
mod client_links;
mod compression;
mod console;
mod console_lists;
mod console_send_back;
mod crash;
mod dashboard;
mod evidence;
mod export;
mod file_requests;
mod forms;
mod languages;
mod lists;
mod looks;
mod mail;
mod openapi;
mod page_cache;
mod paging;
mod reports;
mod requests;
mod robustness;
mod scale_out;
mod sign_in_limits;
mod staff_api;
mod staff_comments;
mod staff_members;
mod staff_sessions;
mod table_sorting;
mod webhooks;
