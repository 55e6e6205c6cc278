//! porthole: a client portal without client accounts.
//!
//! Staff keep one record per client; each client contact gets an HMAC-signed, expiring
//! link that opens a no-login page, where files can be downloaded and deliverables
//! approved with evidence written back into the same record.

pub mod admin;
pub mod app;
pub mod background;
pub mod cli;
pub mod clock;
pub mod compress;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod http;
pub mod i18n;
pub mod keys;
pub mod links;
pub mod mail;
pub mod migrate;
pub mod ops;
pub mod previews;
pub mod sealed_keys;
pub mod server;
pub mod sort;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod tls;
pub mod views;
pub mod webhooks;
