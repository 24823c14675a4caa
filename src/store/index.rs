//! Candidate retrieval for citation resolution over the library's FTS5 index.
//!
//! Resolution asks for a handful of candidates per marker and re-scores them itself, so this
//! side aims at recall at a bounded cost. A question costs what its words match: every
//! matching row is scored by bm25 and sorted. So each word's row count is read from the
//! index's vocabulary first, and the rarest words (those that tell sources apart) are asked,
//! OR'd and ranked, up to a budget of rows; words that most of the library shares are asked
//! together, and with the cited year, instead (see `plan`). Only the derived columns are
//! read, never the entries' JSON, so the cost of a query does not grow with the size of the
//! entries.

use std::cell::{Cell, RefCell};
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
    /// How many sources have a word, by column and word (from the index's vocabulary).
    rows: RefCell<HashMap<(Column, String), i64>>,
    /// How many sources the library has, once asked.
    sources: Cell<Option<i64>>,
    /// Whether this connection's vocabulary table exists yet.
    vocabulary: Cell<bool>,
}

impl Store {
    /// The library as a [`SourceIndex`].
    pub fn index(&self) -> StoreIndex<'_> {
        StoreIndex {
            store: self,
            error: RefCell::new(None),
            asked: RefCell::new(HashMap::new()),
            rows: RefCell::new(HashMap::new()),
            sources: Cell::new(None),
            vocabulary: Cell::new(false),
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

/// The words of `words` as FTS5 terms, lowercased: the index has no positions, so a multi-word
/// phrase cannot be asked; "U.S." becomes the terms "u" and "s", as the tokenizer split it when
/// indexing. One-letter terms match too much to help and are left out.
fn terms(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        for t in w.split(|c: char| !c.is_alphanumeric()) {
            if t.chars().count() < 2 {
                continue;
            }
            let t = t.to_lowercase();
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// The FTS5 columns a query asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Title,
    Names,
}

impl Column {
    fn name(self) -> &'static str {
        match self {
            Column::Title => "title",
            Column::Names => "names",
        }
    }
}

/// One term of a query and how many sources have it in its column (0: not in the index as
/// written, e.g. with diacritics the tokenizer folds; such a term costs nothing to ask).
#[derive(Debug, Clone, PartialEq)]
struct Term {
    column: Column,
    text: String,
    rows: i64,
}

/// An FTS5 expression asking `terms`, each quoted (user text such as `U.S-ROK` is a syntax
/// error bare), joined by `op` within and across columns.
fn expression(terms: &[&Term], op: &str) -> String {
    let mut parts = Vec::new();
    for column in [Column::Title, Column::Names] {
        let words: Vec<String> = terms
            .iter()
            .filter(|t| t.column == column)
            .map(|t| format!("\"{}\"", t.text))
            .collect();
        if !words.is_empty() {
            parts.push(format!(
                "{} : ({})",
                column.name(),
                words.join(&format!(" {op} "))
            ));
        }
    }
    parts.join(&format!(" {op} "))
}

/// How many matching rows a ranked query may make the index score: ranking costs a bm25
/// evaluation and a sort per matching row, so a word most sources share (a common surname, a
/// word such as "history") would make every question a walk over the library.
fn row_budget(sources: i64) -> i64 {
    (sources / 50).max(2_000)
}

/// How a question is asked, from its terms' row counts: the rarest terms up to the row
/// budget, ranked (the words that tell sources apart; bm25 gives the common ones almost no
/// weight anyway), or, when even the rarest term is common, `Crowded`: all of them together.
#[derive(Debug, PartialEq)]
enum Plan<'t> {
    Nothing,
    Ranked(Vec<&'t Term>),
    Crowded(Vec<&'t Term>),
}

fn plan(terms: &[Term], budget: i64) -> Plan<'_> {
    let mut known: Vec<&Term> = terms.iter().filter(|t| t.rows > 0).collect();
    let unknown = terms.iter().filter(|t| t.rows == 0);
    known.sort_by_key(|t| t.rows);
    match known.first() {
        None if terms.is_empty() => Plan::Nothing,
        None => Plan::Ranked(unknown.collect()),
        Some(rarest) if rarest.rows > budget => Plan::Crowded(known),
        Some(_) => {
            let mut spent = 0;
            let mut chosen: Vec<&Term> = known
                .into_iter()
                .take_while(|t| {
                    spent += t.rows;
                    spent <= budget
                })
                .collect();
            chosen.extend(unknown);
            Plan::Ranked(chosen)
        }
    }
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
        let mut asked = Vec::new();
        for (column, words) in [
            (Column::Title, &query.title_words),
            (Column::Names, &query.names),
        ] {
            for text in terms(words) {
                let rows = self.rows(column, &text)?;
                asked.push(Term { column, text, rows });
            }
        }
        let question = (format!("{asked:?} {:?}", query.year), limit);
        if let Some(known) = self.asked.borrow().get(&question) {
            return Ok(known.clone());
        }
        let out = match plan(&asked, row_budget(self.sources()?)) {
            Plan::Nothing => Vec::new(),
            Plan::Ranked(chosen) => self.rare(&chosen, query, limit)?,
            Plan::Crowded(all) => self.crowded(&all, query.year, limit)?,
        };
        self.asked.borrow_mut().insert(question, out.clone());
        Ok(out)
    }

    /// The chosen rare words, OR'd and ranked. bm25 knows nothing of years: when a surname
    /// has more sources than the limit, the one an author-date citation names need not rank
    /// among them, so for such a citation those of the cited year come first.
    fn rare(&self, chosen: &[&Term], query: &IndexQuery, limit: usize) -> Result<Vec<Candidate>> {
        let expr = expression(chosen, "OR");
        let mut out = match query.year {
            Some(year) if query.title_words.is_empty() => self.in_year(&expr, year, limit)?,
            _ => Vec::new(),
        };
        for c in self.ranked(&expr, limit)? {
            if !out.iter().any(|o| o.key == c.key) {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// Every word of the question is common. Sources with all of them and the cited year,
    /// else those with all of them by rank, else (no source has all of them) those with the
    /// rarest, by rank: the one walk over many rows, taken only when nothing narrower found
    /// a candidate.
    fn crowded(&self, all: &[&Term], year: Option<i32>, limit: usize) -> Result<Vec<Candidate>> {
        let together = expression(all, "AND");
        if let Some(year) = year {
            let dated = self.in_year(&together, year, limit)?;
            if !dated.is_empty() {
                return Ok(dated);
            }
        }
        let ranked = self.ranked(&together, limit)?;
        if !ranked.is_empty() {
            return Ok(ranked);
        }
        self.ranked(&expression(&all[..1], "OR"), limit)
    }

    /// Up to `limit` sources matching `expr`, best first by bm25.
    fn ranked(&self, expr: &str, limit: usize) -> Result<Vec<Candidate>> {
        let sql = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM source JOIN \
             (SELECT rowid AS id, rank FROM source_fts WHERE source_fts MATCH ?1 \
              ORDER BY rank LIMIT ?2) hit ON hit.id = source.id ORDER BY hit.rank"
        );
        self.candidates(&sql, rusqlite::params![expr, limit as i64])
    }

    /// Up to `limit` sources of `year` matching `expr`, in library order (unranked: the
    /// year index narrows them first).
    fn in_year(&self, expr: &str, year: i32, limit: usize) -> Result<Vec<Candidate>> {
        let sql = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM source WHERE year = ?2 AND id IN \
             (SELECT rowid FROM source_fts WHERE source_fts MATCH ?1) ORDER BY id LIMIT ?3"
        );
        self.candidates(&sql, rusqlite::params![expr, year, limit as i64])
    }

    fn candidates(&self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<Candidate>> {
        let mut st = self.store.conn.prepare_cached(sql)?;
        let rows = st.query_map(params, candidate_row)?;
        let mut out = Vec::new();
        for row in rows {
            let (mut c, families) = row?;
            c.families = json_col("source.families", &families)?;
            out.push(c);
        }
        Ok(out)
    }

    /// How many sources have `text` in `column`, from the index's vocabulary (a temporary
    /// fts5vocab table of this connection, made on first use).
    fn rows(&self, column: Column, text: &str) -> Result<i64> {
        if let Some(&n) = self.rows.borrow().get(&(column, text.to_string())) {
            return Ok(n);
        }
        let conn = &self.store.conn;
        if !self.vocabulary.get() {
            conn.execute_batch(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.source_vocab \
                 USING fts5vocab(main, source_fts, col)",
            )?;
            self.vocabulary.set(true);
        }
        let mut counts = [(Column::Title, 0), (Column::Names, 0)];
        let mut st =
            conn.prepare_cached("SELECT col, doc FROM temp.source_vocab WHERE term = ?1")?;
        let mut found = st.query([text])?;
        while let Some(r) = found.next()? {
            let col: String = r.get(0)?;
            let doc: i64 = r.get(1)?;
            for (c, n) in counts.iter_mut() {
                if c.name() == col {
                    *n = doc;
                }
            }
        }
        let mut cache = self.rows.borrow_mut();
        for (c, n) in counts {
            cache.insert((c, text.to_string()), n);
        }
        Ok(cache[&(column, text.to_string())])
    }

    /// How many sources have the word `term` (lowercase, as the index tokenizes it) in their
    /// title or among their creators' names, from the index's vocabulary: the larger count of
    /// the two columns, a lower bound of the sources holding it.
    pub fn holding(&self, term: &str) -> Result<i64> {
        Ok(self
            .rows(Column::Title, term)?
            .max(self.rows(Column::Names, term)?))
    }

    /// Up to `limit` keys of the sources whose titles or creators' names share the most
    /// telling of `terms` (ranked by bm25, rarest terms first within the row budget).
    pub fn keys_matching(&self, terms: &[String], limit: usize) -> Result<Vec<String>> {
        let query = IndexQuery {
            title_words: terms.to_vec(),
            names: terms.to_vec(),
            year: None,
        };
        Ok(self
            .try_search(&query, limit)?
            .into_iter()
            .map(|c| c.key)
            .collect())
    }

    fn sources(&self) -> Result<i64> {
        if let Some(n) = self.sources.get() {
            return Ok(n);
        }
        let n = self.store.source_count()? as i64;
        self.sources.set(Some(n));
        Ok(n)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn term(column: Column, text: &str, rows: i64) -> Term {
        Term {
            column,
            text: text.into(),
            rows,
        }
    }

    fn texts<'a>(terms: &[&'a Term]) -> Vec<&'a str> {
        terms.iter().map(|t| t.text.as_str()).collect()
    }

    /// Terms as (column, word, rows); the budget; the plan expected ("ranked" | "crowded" |
    /// "nothing") and the words it asks, in that order.
    type PlanCase<'a> = (&'a [(Column, &'a str, i64)], i64, &'a str, &'a [&'a str]);

    #[test]
    fn plans_ask_the_rarest_words_within_the_budget() {
        use Column::{Names, Title};
        let cases: &[PlanCase] = &[
            (&[], 2_000, "nothing", &[]),
            // Rare words only: all asked, rarest first.
            (
                &[(Title, "alliance", 40), (Title, "rok", 3)],
                2_000,
                "ranked",
                &["rok", "alliance"],
            ),
            // A common word is left out when rarer ones fill the budget.
            (
                &[
                    (Title, "history", 30_000),
                    (Title, "rok", 3),
                    (Names, "finley", 12),
                ],
                2_000,
                "ranked",
                &["rok", "finley"],
            ),
            // Words are taken while their rows add up to the budget.
            (
                &[
                    (Title, "war", 1_500),
                    (Title, "korean", 400),
                    (Title, "truce", 90),
                ],
                2_000,
                "ranked",
                &["truce", "korean", "war"],
            ),
            (
                &[
                    (Title, "war", 1_600),
                    (Title, "korean", 400),
                    (Title, "truce", 90),
                ],
                2_000,
                "ranked",
                &["truce", "korean"],
            ),
            // A word the vocabulary does not know (a misspelling, or diacritics the tokenizer
            // folds) costs nothing and is always asked.
            (
                &[(Title, "ibáñez", 0), (Title, "war", 900)],
                2_000,
                "ranked",
                &["war", "ibáñez"],
            ),
            (&[(Names, "ibáñez", 0)], 2_000, "ranked", &["ibáñez"]),
            // Every known word common: all of them together.
            (
                &[
                    (Names, "shin", 12_000),
                    (Title, "alliance", 30_000),
                    (Title, "xyzzy", 0),
                ],
                2_000,
                "crowded",
                &["shin", "alliance"],
            ),
            (&[(Names, "shin", 12_000)], 20_000, "ranked", &["shin"]),
        ];
        for (terms, budget, kind, want) in cases {
            let terms: Vec<Term> = terms.iter().map(|&(c, w, n)| term(c, w, n)).collect();
            let got = match plan(&terms, *budget) {
                Plan::Nothing => ("nothing", vec![]),
                Plan::Ranked(t) => ("ranked", texts(&t)),
                Plan::Crowded(t) => ("crowded", texts(&t)),
            };
            assert_eq!(got, (*kind, want.to_vec()), "{terms:?} budget {budget}");
        }
    }

    #[test]
    fn expressions_quote_each_word_and_name_the_column() {
        let a = term(Column::Title, "u", 1);
        let b = term(Column::Title, "rok", 1);
        let c = term(Column::Names, "finley", 1);
        assert_eq!(
            expression(&[&a, &b, &c], "OR"),
            r#"title : ("u" OR "rok") OR names : ("finley")"#
        );
        assert_eq!(expression(&[&c], "AND"), r#"names : ("finley")"#);
    }

    #[test]
    fn the_budget_grows_with_the_library() {
        assert_eq!(row_budget(0), 2_000);
        assert_eq!(row_budget(100_000), 2_000);
        assert_eq!(row_budget(1_000_000), 20_000);
    }
}
