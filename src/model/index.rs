//! What citation resolution needs to know about the library, and how it asks.
//!
//! Resolution never loads whole entries: it asks a [`SourceIndex`] for a handful of
//! [`Candidate`]s (a light projection of a source) and scores those. The store implements the
//! index over SQLite; tests and small libraries use an in-memory one.

use serde::{Deserialize, Serialize};

use super::Source;

/// A light projection of a source: the parts a citation can mention.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Candidate {
    /// Citation key.
    pub key: String,
    /// Entry type.
    pub entry_type: String,
    /// Full title in plain text (title and subtitle).
    pub title: String,
    /// Main title: before the colon, or the `title` field when `subtitle` is separate.
    pub main_title: String,
    /// `shorttitle`, if given.
    pub short_title: Option<String>,
    /// Year of publication.
    pub year: Option<i32>,
    /// Creators (authors, else editors) as "Family, Given" or a corporate name.
    pub names: Vec<String>,
    /// Family names (or corporate names) of the creators, for matching surnames.
    pub families: Vec<String>,
    /// Publisher in plain text.
    pub publisher: Option<String>,
    /// Place of publication in plain text.
    pub location: Option<String>,
    /// `pages` of the source itself (an article's or chapter's range), if given.
    pub pages: Option<String>,
    /// `pagetotal`, if given.
    pub pagetotal: Option<String>,
}

impl Candidate {
    /// The projection of a full source.
    pub fn from_source(s: &Source) -> Self {
        let creators = s.creators();
        Candidate {
            key: s.key.clone(),
            entry_type: s.entry_type.clone(),
            title: s.full_title().unwrap_or_default(),
            main_title: s.main_title().unwrap_or_default().to_string(),
            short_title: s.get("shorttitle").map(str::to_string),
            year: s.year(),
            names: creators.iter().map(|p| p.sort_name()).collect(),
            families: creators.iter().map(|p| p.family.clone()).collect(),
            publisher: s.publisher().map(str::to_string),
            location: s.location().map(str::to_string),
            pages: s.get("pages").map(str::to_string),
            pagetotal: s.get("pagetotal").map(str::to_string),
        }
    }
}

/// A retrieval query: the words a citation gives, for a recall-oriented first pass.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IndexQuery {
    /// Content words of a title (stop-words left out: they would match most of a library);
    /// the index normalises them its own way.
    pub title_words: Vec<String>,
    /// Names (surnames or corporate names) as written.
    pub names: Vec<String>,
    /// A year, if the citation gives one.
    pub year: Option<i32>,
}

/// Candidate retrieval over a library.
pub trait SourceIndex {
    /// The source with exactly this key.
    fn by_key(&self, key: &str) -> Option<Candidate>;
    /// Up to `limit` sources sharing words with the query, best first by the index's own
    /// ranking. Recall matters more than order: callers re-score what comes back.
    fn search(&self, query: &IndexQuery, limit: usize) -> Vec<Candidate>;
    /// True when the library has no sources at all.
    fn is_empty(&self) -> bool;
}
