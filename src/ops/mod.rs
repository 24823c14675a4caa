//! The workflows the commands run, as functions over a [`Store`](crate::store::Store) and
//! values: importing files (`import`: .bib, reference-manager, essay and links files, the
//! crossref-cycle retry, the re-resolving of the other documents), which listed files are
//! out of date (`import::stale`), restoring links (`links`), and the scope a check or report
//! looks at (`scope`). Inputs are bytes with their paths as shown and as stored; options are
//! structs; what happens along the way (warnings, summaries, progress) goes to a callback as
//! typed [`Event`]s; failures are typed errors. Nothing here reads a file, prints or exits:
//! that is the binary's `cli/`, which maps flags to these calls and prints what they say.
//!
//! `ops` may use every library module; no other library module uses `ops`.

pub mod import;
pub mod links;
pub mod scope;
pub mod suggest;

pub use import::{
    Event, ImportError, Input, Invalid, Item, LinksFile, Listed, Note, Options, Report, import,
    stale,
};
pub use links::restore_links;
pub use scope::{Checked, Scope, ScopeRequest};
