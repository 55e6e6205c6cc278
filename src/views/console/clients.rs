//! Console pages: clients.
