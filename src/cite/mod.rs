//! Inline citations: finding their markers in a claim, reading their locators, and reading
//! the items of a document's own reference list.
//!
//! Owns the text side of citations: [`find`] (markers in a sentence or paragraph, with spans,
//! style, parts and locator), [`parse_locator`] ("pp. 24–26", "ch. IV", "150n4") and
//! [`parse_reference`] (a Chicago, APA or MLA reference-list item). Not here: resolving a
//! marker to a library source (resolution, a sibling module) and checking citations (`check`).

pub mod find;
pub mod locator;
mod name;
pub mod reference;

#[cfg(test)]
mod essays;

pub use find::find;
pub use locator::{Slot, is_year, leading_locator, parse_locator, parse_locator_in, spans_years};
pub use reference::{Reference, parse_reference, read_reference};
