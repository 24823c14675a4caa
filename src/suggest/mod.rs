//! Which sources of the library could back a claim that lacks a citation, best first, each
//! with the words that make it fit (issue 15, from metadata alone).
//!
//! Owns: the words of a claim and of a source's fields (title and subtitle, keywords, the
//! abstract, the user's annotation and note, the container's title, the creators' family
//! names), how much each shared word tells (its rarity in the pool of sources asked, as
//! inverse document frequency, and the field it sits in), the score, and when to abstain.
//! Does not own: which sources are in the pool (the caller: the library, or a document's own
//! list), retrieval from a large library (the store's index gives the pool), printing.
//!
//! The score of a source is the sum, over the distinct content words the claim shares with
//! it, of the word's inverse document frequency times the weight of the best field it appears
//! in; a field's weight is divided by a length factor so that a long abstract, which shares
//! some words with any claim, does not outrank a title that names the claim's subject. A
//! source that shares only words every source of the pool holds is no suggestion: with
//! nothing distinctive shared, it is abstained on rather than guessed.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::cite::normalize::{for_each_token, is_stop_word};
use crate::model::Source;

/// Where a shared word was found in a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// `title`, `subtitle`, `shorttitle`.
    Title,
    /// A creator's family (or corporate) name.
    Creator,
    /// `keywords`.
    Keywords,
    /// The user's `annotation` (or `annote`) and `note`.
    Annotation,
    /// `abstract`.
    Abstract,
    /// `journaltitle`, `journal`, `booktitle`, `series`, `publisher`, `institution`, `eventtitle`.
    Container,
}

impl Field {
    /// The name shown in a reason ("title", "abstract").
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Creator => "author",
            Field::Keywords => "keywords",
            Field::Annotation => "annotation",
            Field::Abstract => "abstract",
            Field::Container => "container",
        }
    }

    /// How much a shared word counts in this field, before the length factor.
    fn weight(self) -> f64 {
        match self {
            Field::Title => 3.0,
            Field::Creator => 3.0,
            Field::Keywords => 2.0,
            Field::Annotation => 1.5,
            Field::Abstract => 1.0,
            Field::Container => 0.5,
        }
    }

    /// The BibLaTeX fields read into this one.
    fn sources(self) -> &'static [&'static str] {
        match self {
            Field::Title => &["title", "subtitle", "shorttitle", "titleaddon"],
            Field::Creator => &[],
            Field::Keywords => &["keywords"],
            Field::Annotation => &["annotation", "annote", "note"],
            Field::Abstract => &["abstract"],
            Field::Container => &[
                "journaltitle",
                "journal",
                "booktitle",
                "maintitle",
                "series",
                "publisher",
                "institution",
                "organization",
                "eventtitle",
            ],
        }
    }
}

const FIELDS: [Field; 6] = [
    Field::Title,
    Field::Creator,
    Field::Keywords,
    Field::Annotation,
    Field::Abstract,
    Field::Container,
];

/// Words of running English that say nothing about a subject (beyond the title stop-words of
/// `cite::normalize`).
const COMMON: &[&str] = &[
    "about", "after", "all", "also", "although", "am", "among", "any", "are", "based", "be",
    "been", "being", "between", "both", "but", "can", "could", "did", "do", "does", "done", "each",
    "eg", "etc", "even", "first", "had", "has", "have", "he", "her", "here", "his", "how",
    "however", "ie", "if", "is", "it", "many", "may", "more", "most", "much", "must", "new", "no",
    "not", "now", "number", "one", "only", "other", "our", "out", "over", "own", "per", "s", "see",
    "she", "should", "since", "so", "some", "such", "than", "that", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "thus", "two", "up", "upon", "use",
    "used", "uses", "using", "very", "was", "we", "well", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whose", "why", "will", "within", "without", "would",
    "you", "your",
];

/// A word as compared: a normalised token with a plural or verb ending taken off, so
/// "models" meets "model" and "simulations" meets "simulation" (a light stemmer: only
/// endings that rarely change a word's subject).
fn stem(token: &str) -> Option<String> {
    let n = token.chars().count();
    if n < 2 || is_stop_word(token) || COMMON.contains(&token) {
        return None;
    }
    // Numbers: only years tell a subject (a statistic's digits match by chance).
    if token.bytes().all(|b| b.is_ascii_digit()) {
        return (token.len() == 4).then(|| token.to_string());
    }
    let word = if n > 4 && token.ends_with("ies") {
        format!("{}y", &token[..token.len() - 3])
    } else if n > 3
        && token.ends_with('s')
        && !token.ends_with("ss")
        && !token.ends_with("us")
        && !token.ends_with("is")
    {
        token[..token.len() - 1].to_string()
    } else {
        token.to_string()
    };
    Some(word)
}

/// The distinct compared words of `text`.
pub fn words(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for_each_token(text, |t, _| {
        if let Some(w) = stem(t) {
            out.insert(w);
        }
    });
    out
}

/// The content words of `text` as written (lowercased, not stemmed), each once: what a
/// full-text index of titles and names is asked for.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for_each_token(text, |t, _| {
        if stem(t).is_some() && !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    });
    out
}

/// One source, read for suggesting.
struct Entry {
    key: String,
    /// The words of each field, and the field's length in words.
    fields: Vec<(Field, HashSet<String>, usize)>,
}

impl Entry {
    fn of(source: &Source) -> Entry {
        let mut fields = Vec::new();
        for field in FIELDS {
            let mut text = String::new();
            if field == Field::Creator {
                for p in source.creators() {
                    text.push_str(&p.family);
                    text.push(' ');
                }
            } else {
                for name in field.sources() {
                    if let Some(v) = source.get(name) {
                        text.push_str(v);
                        text.push(' ');
                    }
                }
            }
            let mut length = 0;
            let mut set = HashSet::new();
            for_each_token(&text, |t, _| {
                length += 1;
                if let Some(w) = stem(t) {
                    set.insert(w);
                }
            });
            if !set.is_empty() {
                fields.push((field, set, length));
            }
        }
        Entry {
            key: source.key.clone(),
            fields,
        }
    }
}

/// The sources a claim is matched against, with how many of them hold each word.
pub struct Pool {
    entries: Vec<Entry>,
    /// Sources holding each word, in any field.
    holding: HashMap<String, u32>,
    /// Mean length in words of each field, over the sources that have it.
    mean_length: HashMap<Field, f64>,
    /// How many sources the rarity of a word is reckoned against: the pool's, or the whole
    /// library's when the pool is the part of a large library an index picked.
    total: usize,
}

/// A word the claim shares with a source, where, and what it counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shared {
    /// The word, as compared (lowercase, plural ending taken off).
    pub word: String,
    /// The best field it is in.
    pub field: Field,
    /// What it added to the score.
    pub weight: f64,
}

/// A source that could back the claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Its citation key.
    pub key: String,
    /// The score: the sum of the shared words' weights.
    pub score: f64,
    /// The words that make it fit, heaviest first.
    pub shared: Vec<Shared>,
}

impl Suggestion {
    /// The reason in words: "title: numpy, array; abstract: python".
    pub fn reason(&self) -> String {
        let mut by_field: Vec<(Field, Vec<&str>)> = Vec::new();
        for s in &self.shared {
            match by_field.iter_mut().find(|(f, _)| *f == s.field) {
                Some((_, words)) => words.push(&s.word),
                None => by_field.push((s.field, vec![&s.word])),
            }
        }
        by_field
            .iter()
            .map(|(f, words)| format!("{}: {}", f.name(), words.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Why no source is suggested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Abstain {
    /// The pool is empty.
    NoSources,
    /// The claim has no content words.
    NoWords,
    /// No source shares a word with the claim that most of the pool does not also hold.
    NothingDistinctive,
}

impl std::fmt::Display for Abstain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Abstain::NoSources => "the library has no sources to suggest",
            Abstain::NoWords => "the claim has no words to match sources by",
            Abstain::NothingDistinctive => {
                "no source shares a distinctive word with the claim (title, author, keywords, abstract or annotation)"
            }
        })
    }
}

/// How strongly length counts against a field (0: not at all, 1: fully).
const LENGTH_PULL: f64 = 0.5;

impl Pool {
    /// The pool of `sources`.
    pub fn new<'a>(sources: impl IntoIterator<Item = &'a Source>) -> Pool {
        let entries: Vec<Entry> = sources.into_iter().map(Entry::of).collect();
        let mut holding: HashMap<String, u32> = HashMap::new();
        let mut lengths: HashMap<Field, (f64, f64)> = HashMap::new();
        for e in &entries {
            let mut seen: HashSet<&str> = HashSet::new();
            for (field, set, length) in &e.fields {
                let l = lengths.entry(*field).or_default();
                l.0 += *length as f64;
                l.1 += 1.0;
                for w in set {
                    if seen.insert(w) {
                        *holding.entry(w.clone()).or_default() += 1;
                    }
                }
            }
        }
        let mean_length = lengths
            .into_iter()
            .map(|(f, (sum, n))| (f, sum / n.max(1.0)))
            .collect();
        let total = entries.len();
        Pool {
            entries,
            holding,
            mean_length,
            total,
        }
    }

    /// The pool as the part of a library of `total` sources that an index picked, with how
    /// many of the library's sources hold each word (`counts`, e.g. from the index's
    /// vocabulary): rarity is then the word's rarity in the library, not among the picked
    /// sources, which all share the claim's words by construction.
    pub fn within_library(mut self, total: usize, counts: &HashMap<String, u32>) -> Pool {
        for (word, n) in counts {
            let held = self.holding.entry(word.clone()).or_default();
            *held = (*held).max(*n);
        }
        self.total = total.max(self.entries.len());
        self
    }

    /// How many sources the pool has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the pool has no sources.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How much a word tells: rare words much, words most sources hold little.
    fn rarity(&self, word: &str) -> f64 {
        let n = self.total as f64;
        let held = f64::from(self.holding.get(word).copied().unwrap_or(0));
        ((n + 1.0) / (held + 0.5)).ln().max(0.0)
    }

    /// The sources that fit `claim`, best first, at most `limit`; or why there are none.
    pub fn suggest(&self, claim: &str, limit: usize) -> Result<Vec<Suggestion>, Abstain> {
        self.suggest_besides(claim, limit, &HashSet::new())
    }

    /// [`Pool::suggest`] leaving out the sources the claim already cites (`cited`, by key):
    /// what else could back it.
    pub fn suggest_besides(
        &self,
        claim: &str,
        limit: usize,
        cited: &HashSet<String>,
    ) -> Result<Vec<Suggestion>, Abstain> {
        if self.entries.is_empty() {
            return Err(Abstain::NoSources);
        }
        let mut claim_words: Vec<String> = words(claim).into_iter().collect();
        claim_words.sort();
        if claim_words.is_empty() {
            return Err(Abstain::NoWords);
        }
        let n = self.total as f64;
        let mut out = Vec::new();
        for e in self.entries.iter().filter(|e| !cited.contains(&e.key)) {
            let mut shared = Vec::new();
            let mut distinctive = false;
            for w in &claim_words {
                let best = e
                    .fields
                    .iter()
                    .filter(|(_, set, _)| set.contains(w))
                    .map(|(field, _, length)| {
                        let mean = self.mean_length.get(field).copied().unwrap_or(1.0).max(1.0);
                        let norm = 1.0 - LENGTH_PULL + LENGTH_PULL * (*length as f64 / mean);
                        (*field, field.weight() / norm.max(0.25))
                    })
                    .max_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((field, weight)) = best {
                    let held = f64::from(self.holding.get(w.as_str()).copied().unwrap_or(0));
                    distinctive |= held < n || n < 2.0;
                    shared.push(Shared {
                        word: w.clone(),
                        field,
                        weight: weight * self.rarity(w),
                    });
                }
            }
            if !distinctive || shared.is_empty() {
                continue;
            }
            shared.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.word.cmp(&b.word)));
            let score = shared.iter().map(|s| s.weight).sum();
            out.push(Suggestion {
                key: e.key.clone(),
                score,
                shared,
            });
        }
        if out.is_empty() {
            return Err(Abstain::NothingDistinctive);
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.key.cmp(&b.key)));
        out.truncate(limit);
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
