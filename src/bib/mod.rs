//! BibTeX/BibLaTeX files: parsing into [`Source`]s (lossless, every error located and reported
//! in one run), crossref/xdata relations, and writing back as BibLaTeX or BibTeX.
//!
//! This module owns the .bib syntax and its quirks as bibtex and biber accept them. It does not
//! read files or decode bytes (see [`crate::encoding`]), store anything or print anything. It is
//! the only module allowed to name the `biblatex` crate, and uses it only as an oracle in tests
//! (`oracle_tests`): that crate's parser stops at the first error, has no line numbers, rejects
//! syntax biber accepts, recurses without bound on crossref cycles and runs at about 16 MB/s;
//! its writers are lossy; its name parser is compared in `names`.
//!
//! The parts, in the order data flows through them:
//! `lex` (where things start and end) → `scan` (items, errors, warnings) → `value` (macros,
//! `#`) → `latex` (plain text) and `names` (persons) → `settle` (whole-file steps, parts read
//! on threads) or `stream` (parts handed over while the rest is read) → `relations` (cycles,
//! inheritance) → `write` and `bibtex` (export).
//!
//! [`Source`]: crate::model::Source

mod bibtex;
mod diagnostic;
mod edit;
mod latex;
mod lex;
mod names;
mod relations;
mod scan;
mod settle;
mod stream;
mod value;
mod write;

pub use diagnostic::Diagnostic;
pub use edit::{braced, set_field};
pub use relations::{Links, check_links, check_relations, resolve_inheritance};
pub use stream::{Ending, Part, parse_parts, parse_parts_with};
pub use write::{Dialect, Named, Writer, select, write};

use crate::model::BibFile;

/// The result of parsing one .bib text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// Every item read without error, in file order.
    pub file: BibFile,
    /// One per item that could not be read (that item is not in `file`).
    pub errors: Vec<Diagnostic>,
    /// Problems that did not stop an item from being read.
    pub warnings: Vec<Diagnostic>,
}

/// Parses the .bib `text` read from `path` (the path only labels diagnostics and origins).
///
/// Never fails: broken entries are left out and reported in `errors`, and reading resumes at
/// the next line that starts an entry (`@type{`).
pub fn parse(path: &str, text: &str) -> Parsed {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    settle::parse(path, text, "utf-8")
}

/// Decodes `bytes` (see [`crate::encoding::decode`]) and parses them; the file records the
/// encoding it was read in.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> Parsed {
    let (text, encoding) = crate::encoding::decode_borrowed(bytes);
    settle::parse(path, &text, encoding)
}

#[cfg(test)]
mod bibtex_tests;
#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod oracle_tests;
#[cfg(test)]
mod scan_tests;
