//! Console pages: projects.
