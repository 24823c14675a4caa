//! Citations in text: finding their markers, reading their locators and the items of a
//! document's own reference list, and resolving them to library sources.
//!
//! The text side: [`find`] (markers in a sentence or paragraph, with spans, style, parts and
//! locator), [`parse_locator`] ("pp. 24–26", "ch. IV", "150n4") and [`read_reference`] (a
//! Chicago, APA or MLA reference-list item). The matching side: text normalisation
//! (`normalize`), title scoring (`title`), cited names (`names`), field-by-field comparison of
//! a marker with a source (`compare`), an in-memory `SourceIndex` (`memindex`) and the
//! resolution of a document's citations (`resolve`). Not here: deciding which claims need a
//! citation and reporting problems (`check`).

pub mod compare;
mod document;
pub mod find;
pub mod locator;
pub mod memindex;
mod name;
pub mod names;
pub mod normalize;
pub mod reference;
pub mod resolve;
pub mod title;

#[cfg(test)]
mod essays;

pub use document::{cite_document, resolve_document};
pub use find::find;
pub use locator::{Slot, is_year, leading_locator, parse_locator, parse_locator_in, spans_years};
pub use reference::{Reference, parse_reference, read_reference};
pub use resolve::{ResolveOptions, resolve_all};
