//! Candidate retrieval for citation resolution over the library's FTS5 index.
//!
//! Resolution asks for a handful of candidates per marker and re-scores them itself, so this
//! side aims at recall: every word of the cited title and of the names is an OR'd term,
//! ranked by bm25. Only the derived columns are read, never the entries' JSON, so the
//! cost of a query does not grow with the size of the entries.

use std::cell::RefCell;
use std::collections::HashMap;

use rusqlite::OptionalExtension;

use super::{Result, Store, StoreError, json_col};
use crate::model::{Candidate, IndexQuery, SourceIndex};

/// A [`SourceIndex`] over an open library. The trait cannot return errors, so the first
/// database error is kept and handed back by [`StoreIndex::finish`].
pub struct StoreIndex<'a> {
    store: &'a Store,
    error: RefCell<Option<StoreError>>,
    /// Answers already given: an essay asks the same question for each short form and each
    /// repeated citation of a work.
    asked: RefCell<HashMap<(String, usize), Vec<Candidate>>>,
}

impl Store {
    /// The library as a [`SourceIndex`].
    pub fn index(&self) -> StoreIndex<'_> {
        StoreIndex {
            store: self,
            error: RefCell::new(None),
            asked: RefCell::new(HashMap::new()),
        }
    }
}

const CANDIDATE_COLUMNS: &str = "key, entry_type, title, main_title, short_title, year, creators, \
     families, publisher, location, pages, pagetotal";

fn candidate_row(r: &rusqlite::Row) -> rusqlite::Result<(Candidate, String)> {
    let creators: Option<String> = r.get(6)?;
    Ok((
        Candidate {
            key: r.get(0)?,
            entry_type: r.get(1)?,
            title: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            main_title: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            short_title: r.get(4)?,
            year: r.get(5)?,
            names: creators
                .map(|c| c.split("; ").map(str::to_string).collect())
                .unwrap_or_default(),
            families: Vec::new(),
            publisher: r.get(8)?,
            location: r.get(9)?,
            pages: r.get(10)?,
            pagetotal: r.get(11)?,
        },
        r.get::<_, Option<String>>(7)?
            .unwrap_or_else(|| "[]".into()),
    ))
}

/// The words of `words` as FTS5 terms, each quoted (user text such as `U.S-ROK` is a syntax
/// error bare): the index has no positions, so a multi-word phrase cannot be asked; "U.S."
/// becomes the terms "u" and "s", as the tokenizer split it when indexing. One-letter terms
/// match too much to help and are left out.
fn terms(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        for t in w.split(|c: char| !c.is_alphanumeric()) {
            if t.chars().count() < 2 {
                continue;
            }
            let t = format!("\"{}\"", t.to_lowercase());
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

impl StoreIndex<'_> {
    /// Ends the use of the index, returning the first database error it met, if any.
    pub fn finish(self) -> Result<()> {
        match self.error.into_inner() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn keep<T>(&self, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.error.borrow_mut().get_or_insert(e);
                None
            }
        }
    }

    fn try_by_key(&self, key: &str) -> Result<Option<Candidate>> {
        let sql = format!("SELECT {CANDIDATE_COLUMNS} FROM source WHERE key = ?1");
        let row = self
            .store
            .conn
            .prepare_cached(&sql)?
            .query_row([key], candidate_row)
            .optional()?;
        row.map(|(mut c, families)| {
            c.families = json_col("source.families", &families)?;
            Ok(c)
        })
        .transpose()
    }

    fn try_search(&self, query: &IndexQuery, limit: usize) -> Result<Vec<Candidate>> {
        let title = terms(&query.title_words);
        let names = terms(&query.names);
        let mut parts = Vec::new();
        if !title.is_empty() {
            parts.push(format!("title : ({})", title.join(" OR ")));
        }
        if !names.is_empty() {
            parts.push(format!("names : ({})", names.join(" OR ")));
        }
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let question = (parts.join(" OR "), limit);
        if let Some(known) = self.asked.borrow().get(&question) {
            return Ok(known.clone());
        }
        let sql = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM source JOIN \
             (SELECT rowid AS id, rank FROM source_fts WHERE source_fts MATCH ?1 \
              ORDER BY rank LIMIT ?2) hit ON hit.id = source.id ORDER BY hit.rank"
        );
        let mut st = self.store.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params![question.0, limit as i64], candidate_row)?;
        let mut out = Vec::new();
        for row in rows {
            let (mut c, families) = row?;
            c.families = json_col("source.families", &families)?;
            out.push(c);
        }
        self.asked.borrow_mut().insert(question, out.clone());
        Ok(out)
    }
}

impl SourceIndex for StoreIndex<'_> {
    fn by_key(&self, key: &str) -> Option<Candidate> {
        self.keep(self.try_by_key(key)).flatten()
    }

    fn search(&self, query: &IndexQuery, limit: usize) -> Vec<Candidate> {
        self.keep(self.try_search(query, limit)).unwrap_or_default()
    }

    fn is_empty(&self) -> bool {
        self.keep(self.store.source_count().map(|n| n == 0))
            .unwrap_or(true)
    }
}
