//! porthole: a client portal without client accounts.
//!
//! Staff keep one record per client; each client contact gets an HMAC-signed, expiring
//! link that opens a no-login page, where files can be downloaded and deliverables
//! approved with evidence written back into the same record.

pub mod clock;
pub mod config;
pub mod domain;
pub mod store;
