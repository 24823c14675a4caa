//! annobib: an annotated citation and bibliography manager.
//!
//! The library holds every algorithm; the `annobib` binary is a thin shell over it.
//! See ARCHITECTURE.md for the data flow and the module map.

#![warn(missing_docs)]

pub mod bib;
pub mod check;
pub mod cite;
pub mod encoding;
pub mod essay;
pub mod model;
pub mod ops;
pub mod records;
pub mod refparse;
pub mod render;
pub mod sniff;
pub mod store;
pub mod suggest;

#[cfg(test)]
mod testing;
