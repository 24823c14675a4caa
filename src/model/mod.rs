//! Pure domain types: sources and their persons, documents and their claims, inline citations
//! with locators, manual links, and check findings.
//!
//! This module owns the vocabulary every other module speaks. It depends on `std` and `serde`
//! only: no parsing, no storage, no rendering lives here, just the values and small accessors
//! that follow directly from them (a source's year, a locator's page ranges).

mod attachment;
mod citation;
mod document;
mod finding;
mod index;
mod roman;
mod source;

pub use attachment::{Attachment, Page};
pub use citation::{
    Citation, CitationStyle, LATEX_CITE_COMMANDS, LATEX_MULTICITE_COMMANDS, Locator, LocatorLabel,
    MarkerParts, Origin, PageRange, Parts, Resolution,
};
pub use document::{Claim, ClaimId, ClaimKind, Document, Note, claim_label};
pub use finding::{Finding, Rule, Severity};
pub use index::{Candidate, IndexQuery, SourceIndex};
pub use roman::{roman_value, to_roman};
pub use source::{BibFile, BibItem, Field, NAME_FIELDS, Person, Source, SourceOrigin};
