//! Pure domain types and rules: records, ids, the approval state machine, the access policy.
//! Nothing in here touches the disk, the network or the clock.

pub mod access;
pub mod activity;
pub mod approval;
pub mod audit_filter;
pub mod evidence;
pub mod file_requests;
pub mod forms;
pub mod ids;
pub mod lists;
pub mod mail;
pub mod paging;
pub mod pod;
pub mod records;
pub mod reports;
pub mod validate;
pub mod webhooks;

pub use ids::new_id;
pub use records::*;
