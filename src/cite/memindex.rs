//! An in-memory [`SourceIndex`]: inverted lists over normalised title words and creator names.
//!
//! Owns: building the index from [`Candidate`]s in one pass (O(total tokens)), the key map,
//! and a cheap recall-oriented ranking for `search` (summed IDF of shared tokens, names
//! weighted above title words, plus a bonus for the year). A search touches only the posting
//! lists of the query's tokens; lists of near-stop-words longer than a cap are skipped when
//! the query has rarer tokens. Used by tests and by callers with small libraries; the store
//! implements the same trait over SQLite FTS5. Does not own: scoring a candidate against a
//! citation properly (`compare`, `resolve` re-score what comes back).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::{Candidate, IndexQuery, SourceIndex};

use super::normalize::{acronyms, content_tokens, for_each_token, is_stop_word};

/// A multiply-rotate hash (as in Firefox and rustc) for short token keys: several times faster
/// than the default SipHash, whose resistance to crafted keys a local library does not need.
#[derive(Debug, Default, Clone, Copy)]
struct TokenHasher(u64);

impl Hasher for TokenHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type TokenMap<V> = HashMap<String, V, BuildHasherDefault<TokenHasher>>;

/// An in-memory index over a library's candidates.
#[derive(Debug, Clone, Default)]
pub struct MemoryIndex {
    sources: Vec<Candidate>,
    keys: TokenMap<u32>,
    titles: TokenMap<Vec<u32>>,
    names: TokenMap<Vec<u32>>,
    /// Name tokens with one letter deleted, for near-miss spellings ("Kwak" for "Kwan").
    name_deletions: TokenMap<Vec<u32>>,
}

/// A name shared with the query says more than a title word: names are rarer and citations
/// in author-date styles give little else.
const NAME_WEIGHT: f32 = 1.5;
/// Weight of a name found only by a near-miss spelling, relative to an exact one.
const FUZZY_NAME: f32 = 0.5;
/// Shortest name token looked up by near-miss spelling: shorter ones match too much.
const FUZZY_MIN_LEN: usize = 4;
/// Added for the same year; half of it for a year off by one.
const YEAR_BONUS: f32 = 2.0;
/// Posting lists at most this long are always read.
const MIN_CAP: usize = 1024;
/// Longer lists are read only if the library is this many times larger than them (they are
/// near-stop-words otherwise): the cap is `max(MIN_CAP, len / CAP_DIVISOR)`.
const CAP_DIVISOR: usize = 16;

fn push_posting(map: &mut TokenMap<Vec<u32>>, token: &str, id: u32) {
    // Most tokens are already keys: look up by `&str` and allocate only for a new one.
    match map.get_mut(token) {
        // Tokens of one candidate arrive together, so a repeat is always the last entry.
        Some(list) if list.last() == Some(&id) => {}
        Some(list) => list.push(id),
        None => {
            map.insert(token.to_string(), vec![id]);
        }
    }
}

/// The token with each one letter deleted, for tokens long enough to look up by near miss.
fn deletions(token: &str) -> Vec<String> {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() < FUZZY_MIN_LEN {
        return Vec::new();
    }
    (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, c)| c)
                .collect()
        })
        .collect()
}

/// Tokens a creator (or, for a source without creators, its publisher) is found by: its
/// content words and, for a body, its acronyms.
fn name_tokens(name: &str) -> impl Iterator<Item = String> {
    content_tokens(name).into_iter().chain(acronyms(name))
}

impl MemoryIndex {
    /// Indexes `sources`. A key given twice maps to its last source.
    pub fn new(sources: Vec<Candidate>) -> Self {
        let mut index = MemoryIndex {
            keys: TokenMap::with_capacity_and_hasher(sources.len(), Default::default()),
            ..MemoryIndex::default()
        };
        for (i, c) in sources.iter().enumerate() {
            let id = u32::try_from(i).expect("fewer than 2^32 sources");
            index.keys.insert(c.key.clone(), id);
            // The full title starts with the main title as a rule; index the main title apart
            // only when it does not.
            let main = if c.title.starts_with(&c.main_title) {
                ""
            } else {
                c.main_title.as_str()
            };
            let short = c.short_title.as_deref().unwrap_or("");
            for text in [c.title.as_str(), main, short] {
                for_each_token(text, |t, _| {
                    if !is_stop_word(t) {
                        push_posting(&mut index.titles, t, id);
                    }
                });
            }
            let creators: Vec<&str> = if c.families.is_empty() {
                c.publisher.iter().map(String::as_str).collect()
            } else {
                c.families.iter().map(String::as_str).collect()
            };
            for name in creators {
                for t in name_tokens(name) {
                    push_posting(&mut index.names, &t, id);
                }
            }
        }
        // Deletions are made once per distinct name, not once per source.
        for (token, ids) in &index.names {
            for d in deletions(token) {
                index.name_deletions.entry(d).or_default().extend(ids);
            }
        }
        for ids in index.name_deletions.values_mut() {
            ids.sort_unstable();
            ids.dedup();
        }
        index.sources = sources;
        index
    }

    /// All sources, in the order given.
    pub fn candidates(&self) -> &[Candidate] {
        &self.sources
    }

    /// Sources with a name one edit (deletion, insertion or substitution) from `token`,
    /// through the deletion lists: the work is a few map look-ups, not a scan.
    fn near_names(&self, token: &str) -> Option<Vec<u32>> {
        let dels = deletions(token);
        let mut ids: Vec<u32> = self
            .name_deletions
            .get(token)
            .into_iter()
            .flatten()
            .copied()
            .collect();
        for d in &dels {
            for map in [&self.names, &self.name_deletions] {
                ids.extend(map.get(d).into_iter().flatten());
            }
        }
        ids.sort_unstable();
        ids.dedup();
        (!ids.is_empty()).then_some(ids)
    }

    fn cap(&self) -> usize {
        MIN_CAP.max(self.sources.len() / CAP_DIVISOR)
    }

    fn idf(&self, df: usize) -> f32 {
        (1.0 + self.sources.len() as f32 / df as f32).ln()
    }
}

impl FromIterator<Candidate> for MemoryIndex {
    fn from_iter<I: IntoIterator<Item = Candidate>>(iter: I) -> Self {
        MemoryIndex::new(iter.into_iter().collect())
    }
}

impl SourceIndex for MemoryIndex {
    fn by_key(&self, key: &str) -> Option<Candidate> {
        self.keys
            .get(key)
            .map(|&i| self.sources[i as usize].clone())
    }

    fn search(&self, query: &IndexQuery, limit: usize) -> Vec<Candidate> {
        let mut lists: Vec<(Cow<'_, [u32]>, f32)> = Vec::new();
        let mut seen = HashSet::new();
        let words = query.title_words.iter().flat_map(|w| content_tokens(w));
        for t in words {
            if let Some(list) = self
                .titles
                .get(&t)
                .filter(|_| seen.insert((t.clone(), false)))
            {
                lists.push((Cow::Borrowed(list), self.idf(list.len())));
            }
        }
        for t in query.names.iter().flat_map(|n| name_tokens(n)) {
            if !seen.insert((t.clone(), true)) {
                continue;
            }
            if let Some(list) = self.names.get(&t) {
                lists.push((Cow::Borrowed(list), NAME_WEIGHT * self.idf(list.len())));
            } else if let Some(list) = self.near_names(&t) {
                let w = FUZZY_NAME * NAME_WEIGHT * self.idf(list.len());
                lists.push((Cow::Owned(list), w));
            }
        }
        if lists.is_empty() || limit == 0 {
            return Vec::new();
        }
        let cap = self.cap();
        let any_short = lists.iter().any(|(l, _)| l.len() <= cap);
        let mut hits: Vec<(u32, f32)> = Vec::new();
        for (list, w) in &lists {
            let w = *w;
            if list.len() > cap && any_short {
                continue;
            }
            // With only near-stop-words to go by, read the start of each list: recall is lost
            // either way, and this bounds the work.
            hits.extend(list.iter().take(cap).map(|&id| (id, w)));
        }
        hits.sort_unstable_by_key(|&(id, _)| id);
        let mut scored: Vec<(u32, f32)> = Vec::new();
        for (id, w) in hits {
            match scored.last_mut() {
                Some(last) if last.0 == id => last.1 += w,
                _ => scored.push((id, w)),
            }
        }
        if let Some(year) = query.year {
            for (id, s) in &mut scored {
                match self.sources[*id as usize].year {
                    Some(y) if y == year => *s += YEAR_BONUS,
                    Some(y) if (y - year).abs() == 1 => *s += YEAR_BONUS / 2.0,
                    _ => {}
                }
            }
        }
        // Best first; equal scores keep library order so results are deterministic.
        let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(order);
        scored
            .into_iter()
            .map(|(id, _)| self.sources[id as usize].clone())
            .collect()
    }

    fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(key: &str, title: &str, families: &[&str], year: i32) -> Candidate {
        let (main, _) = title.split_once(':').unwrap_or((title, ""));
        Candidate {
            key: key.to_string(),
            entry_type: "book".to_string(),
            title: title.to_string(),
            main_title: main.trim().to_string(),
            year: Some(year),
            names: families.iter().map(|f| f.to_string()).collect(),
            families: families.iter().map(|f| f.to_string()).collect(),
            ..Candidate::default()
        }
    }

    fn index() -> MemoryIndex {
        [
            cand(
                "finley1983",
                "The US Military Experience in Korea, 1871-1982: In the Vanguard",
                &["Finley"],
                1983,
            ),
            cand("finley1990", "Pacific Bases", &["Finley"], 1990),
            cand("usk", "The U.S.-Korea Experience", &["Baker"], 1979),
            cand(
                "noaa2020",
                "Record-breaking Atlantic hurricane season",
                &["National Oceanic and Atmospheric Administration"],
                2020,
            ),
            cand(
                "history2014",
                "The History of the ROK-US Alliance: 1953-2013",
                &[],
                2014,
            ),
        ]
        .into_iter()
        .collect()
    }

    fn query(title: &str, names: &[&str], year: Option<i32>) -> IndexQuery {
        IndexQuery {
            title_words: title.split_whitespace().map(str::to_string).collect(),
            names: names.iter().map(|n| n.to_string()).collect(),
            year,
        }
    }

    #[test]
    fn search_ranks() {
        // (title words, names, year, expected keys in order)
        type Case<'a> = (&'a str, &'a [&'a str], Option<i32>, &'a [&'a str]);
        let cases: &[Case] = &[
            (
                "The U.S. Experience in Korea, 1871-1982",
                &[],
                None,
                &["finley1983", "usk", "history2014"],
            ),
            ("", &["Finley"], Some(1983), &["finley1983", "finley1990"]),
            ("", &["Finley"], Some(1990), &["finley1990", "finley1983"]),
            ("", &["NOAA"], None, &["noaa2020"]),
            (
                "",
                &["National Oceanic and Atmospheric Administration"],
                Some(2020),
                &["noaa2020"],
            ),
            (
                "History of the ROK-US Alliance",
                &[],
                Some(2014),
                &["history2014", "finley1983", "usk"],
            ),
            ("Unrelated words entirely", &["Nobody"], Some(1983), &[]),
            ("", &[], Some(1983), &[]),
        ];
        let idx = index();
        for (title, names, year, want) in cases {
            let got: Vec<String> = idx
                .search(&query(title, names, *year), 10)
                .into_iter()
                .map(|c| c.key)
                .collect();
            assert_eq!(got, *want, "query {title:?} {names:?} {year:?}");
        }
    }

    #[test]
    fn limit_and_keys() {
        let idx = index();
        assert_eq!(
            idx.search(&query("Korea Experience US", &[], None), 1)
                .len(),
            1
        );
        assert_eq!(idx.by_key("usk").map(|c| c.year), Some(Some(1979)));
        assert_eq!(idx.by_key("nope"), None);
        assert!(!idx.is_empty());
        assert!(MemoryIndex::new(Vec::new()).is_empty());
        assert_eq!(idx.candidates().len(), 5);
    }
}
