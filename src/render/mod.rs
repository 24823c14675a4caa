//! Output: terminal tables, JSON, CSV and Markdown listings, and the detailed views of one
//! source. Renderers write into any `io::Write`; they never decide where output goes.
//!
//! This is the only module that names `comfy_table::`.

pub mod listing;
pub mod sources;
mod table;

pub use listing::{Cell, Column, ListFormat, Listing};
pub use table::{TableOptions, terminal_width};
