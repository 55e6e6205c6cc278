//! Console pages: audit.
