//! Comparing what a citation marker says about a work with one library source, field by field.
//!
//! Owns: the per-field outcome (match, differs, absent from either side) with both values and
//! a similarity score, for key, title, authors, year, publisher and place, and the short
//! reason string each outcome renders as (`title 0.94 differs: 'U.S. Experience' vs 'US
//! Military Experience'`, `year absent`). Resolution weighs these into a confidence; the check
//! module reports the differences of a resolved citation. Does not own: retrieving candidates,
//! weighing fields, or deciding a match (`resolve`), nor text normalisation (`normalize`).

use std::fmt;

use crate::model::{Candidate, MarkerParts};

use super::names::{ACRONYM, CitedName, name_score, parse_name};
use super::normalize::{
    acronyms, content_tokens, differing_stretch, token_f1, tokens, without_stop_words,
    word_difference,
};
use super::title::TitleWords;

/// The part of a work a comparison is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The citation key.
    Key,
    /// Title (main title and subtitle).
    Title,
    /// One author (or editor, or corporate author).
    Author,
    /// Year of publication.
    Year,
    /// Publisher.
    Publisher,
    /// Place of publication.
    Place,
}

impl Field {
    /// The lowercase name used in reasons.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Key => "key",
            Field::Title => "title",
            Field::Author => "author",
            Field::Year => "year",
            Field::Publisher => "publisher",
            Field::Place => "place",
        }
    }
}

/// How the cited value relates to the library's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The same after normalisation (an initial for a given name, an acronym for a body).
    Match,
    /// Both sides have a value and they differ; `score` says how close they are.
    Differs,
    /// The library has a value, the citation does not give one.
    AbsentFromCitation,
    /// The citation gives a value, the library has none.
    AbsentFromLibrary,
}

/// The outcome of comparing one field of a marker with one source.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// What the citation's value is.
    pub field: Field,
    /// The library field it was compared with: the same as `field`, except a corporate author
    /// compared with the publisher of a source that has no creators.
    pub against: Field,
    /// The outcome.
    pub outcome: Outcome,
    /// The citation's value as written.
    pub cited: Option<String>,
    /// The library's value as stored.
    pub library: Option<String>,
    /// Similarity in [0, 1] of the two values; 0 when one is absent.
    pub score: f64,
    /// For a differing text, the stretch where the two differ, with a word of context.
    pub excerpt: Option<(String, String)>,
    /// For a differing text, the content words only the citation has.
    pub cited_only: Vec<String>,
    /// For a differing text, the content words only the library has.
    pub library_only: Vec<String>,
}

impl Comparison {
    fn new(field: Field, outcome: Outcome, cited: Option<&str>, library: Option<&str>) -> Self {
        Comparison {
            field,
            against: field,
            outcome,
            cited: cited.map(str::to_string),
            library: library.map(str::to_string),
            score: if outcome == Outcome::Match { 1.0 } else { 0.0 },
            excerpt: None,
            cited_only: Vec::new(),
            library_only: Vec::new(),
        }
    }

    fn scored(mut self, score: f64) -> Self {
        self.score = score;
        self
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.field.as_str();
        let cited = self.cited.as_deref().unwrap_or("");
        let library = self.library.as_deref().unwrap_or("none");
        match (self.outcome, self.field) {
            (Outcome::AbsentFromCitation, _) => write!(f, "{name} absent"),
            (Outcome::AbsentFromLibrary, _) => write!(f, "{name} '{cited}' not in library"),
            (Outcome::Match, Field::Key) => write!(f, "key '{cited}'"),
            (Outcome::Match, Field::Title) => write!(f, "title {:.2}", self.score),
            (Outcome::Match, Field::Author) if self.against != Field::Author => write!(
                f,
                "author '{cited}' matches {} '{library}'",
                self.against.as_str()
            ),
            (Outcome::Match, Field::Author) => write!(f, "author '{cited}' matches '{library}'"),
            (Outcome::Match, Field::Year) => write!(f, "year {cited} = {library}"),
            (Outcome::Match, _) => write!(f, "{name} '{cited}' = '{library}'"),
            (Outcome::Differs, Field::Title) => {
                // A title is long: show only the stretch that differs.
                let (c, l) = match &self.excerpt {
                    Some((c, l)) => (c.as_str(), l.as_str()),
                    None => (cited, library),
                };
                write!(f, "title {:.2} differs: '{c}' vs '{l}'", self.score)
            }
            (Outcome::Differs, Field::Year) => write!(f, "year differs: {cited} vs {library}"),
            (Outcome::Differs, Field::Author) => {
                let against = match self.against {
                    Field::Author => String::new(),
                    other => format!("{} ", other.as_str()),
                };
                write!(f, "author differs: '{cited}' vs {against}'{library}'")?;
                if self.score >= CLOSE {
                    write!(f, " (close: {:.2})", self.score)?;
                }
                Ok(())
            }
            (Outcome::Differs, _) => write!(f, "{name} differs: '{cited}' vs '{library}'"),
        }
    }
}

/// From this score a differing name is reported as close (a likely misspelling).
const CLOSE: f64 = 0.6;

/// Compares every field the marker or the candidate has, in a stable order: key (only when
/// the marker gives one), title, each cited author, year, publisher, place. A field neither
/// side has is left out.
pub fn compare(parts: &MarkerParts, cand: &Candidate) -> Vec<Comparison> {
    Marker::new(parts).compare(cand)
}

/// A marker's parts read once (title words, parsed names), to compare with many candidates.
pub struct Marker<'a> {
    parts: &'a MarkerParts,
    title: Option<(&'a str, TitleWords)>,
    names: Vec<CitedName<'a>>,
}

impl<'a> Marker<'a> {
    /// Reads the parts of a marker.
    pub fn new(parts: &'a MarkerParts) -> Self {
        Marker {
            parts,
            title: present(parts.title.as_deref()).map(|t| (t, TitleWords::new(t))),
            names: parts.authors.iter().filter_map(|n| parse_name(n)).collect(),
        }
    }

    /// [`compare`] with this marker.
    pub fn compare(&self, cand: &Candidate) -> Vec<Comparison> {
        let parts = self.parts;
        let mut out = Vec::new();
        if let Some(key) = parts.key.as_deref() {
            out.push(compare_key(key, &cand.key));
        }
        out.extend(compare_title(self.title.as_ref(), cand));
        out.extend(compare_authors(&self.names, cand));
        out.extend(compare_year(parts.year.as_deref(), cand.year));
        out.extend(
            compare_text(
                Field::Publisher,
                parts.publisher.as_deref(),
                cand.publisher.as_deref(),
            )
            .map(|c| journal_not_publisher(c, cand)),
        );
        out.extend(compare_text(
            Field::Place,
            parts.place.as_deref(),
            cand.location.as_deref(),
        ));
        out
    }
}

fn compare_key(cited: &str, library: &str) -> Comparison {
    let (outcome, score) = if cited == library {
        (Outcome::Match, 1.0)
    } else if cited.eq_ignore_ascii_case(library) {
        (Outcome::Differs, 0.9)
    } else {
        (Outcome::Differs, 0.0)
    };
    Comparison::new(Field::Key, outcome, Some(cited), Some(library)).scored(score)
}

fn present(s: Option<&str>) -> Option<&str> {
    s.filter(|v| !v.trim().is_empty())
}

fn compare_title(cited: Option<&(&str, TitleWords)>, cand: &Candidate) -> Option<Comparison> {
    let library = present(Some(cand.title.as_str()));
    let ((cited, words), library) = match (cited, library) {
        (None, None) => return None,
        (None, l) => {
            return Some(Comparison::new(
                Field::Title,
                Outcome::AbsentFromCitation,
                None,
                l,
            ));
        }
        (Some((c, _)), None) => {
            return Some(Comparison::new(
                Field::Title,
                Outcome::AbsentFromLibrary,
                Some(c),
                None,
            ));
        }
        (Some(c), Some(l)) => (c, l),
    };
    let main = present(Some(cand.main_title.as_str())).unwrap_or(library);
    let full_words = content_tokens(library);
    let main_words = if main == library {
        full_words.clone()
    } else {
        content_tokens(main)
    };
    let short_words = cand.short_title.as_deref().map(content_tokens);
    let scored = words.score(&main_words, &full_words, short_words.as_deref());
    // A dropped or added article ("Concise History" for "A Concise History") is how short
    // forms are written, not a difference.
    let same = [Some(&main_words), Some(&full_words), short_words.as_ref()]
        .into_iter()
        .flatten()
        .any(|t| *t == words.words);
    let c = Comparison::new(Field::Title, Outcome::Match, Some(cited), Some(library))
        .scored(scored.score);
    if same {
        return Some(c);
    }
    // Show the difference against the title the citation is nearer to: with a subtitle, the
    // full title; without one, the main title unless the full title agrees better.
    let (target, target_words) = if scored.nearer_full {
        (library, &full_words)
    } else {
        (main, &main_words)
    };
    let mut c = Comparison {
        outcome: Outcome::Differs,
        ..c
    };
    c.excerpt = differing_stretch(cited, target);
    (c.cited_only, c.library_only) = word_difference(&words.words, target_words);
    Some(c)
}

fn compare_authors(names: &[CitedName<'_>], cand: &Candidate) -> Vec<Comparison> {
    let lib: Vec<(&str, &str)> = cand
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                n.as_str(),
                cand.families.get(i).map_or(n.as_str(), String::as_str),
            )
        })
        .collect();
    if names.is_empty() {
        if lib.is_empty() {
            return Vec::new();
        }
        let all = cand.names.join("; ");
        return vec![Comparison::new(
            Field::Author,
            Outcome::AbsentFromCitation,
            None,
            Some(&all),
        )];
    }
    names
        .iter()
        .map(|name| {
            if lib.is_empty() {
                return compare_with_publisher(name, cand.publisher.as_deref());
            }
            let (score, matched, lib_name) = lib
                .iter()
                .map(|&(n, fam)| {
                    let (s, m) = name_score(name, n, fam);
                    (s, m, n)
                })
                .max_by(|a, b| {
                    (a.1, a.0)
                        .partial_cmp(&(b.1, b.0))
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
                .unwrap_or((0.0, false, ""));
            let outcome = if matched {
                Outcome::Match
            } else {
                Outcome::Differs
            };
            Comparison::new(Field::Author, outcome, Some(name.written), Some(lib_name))
                .scored(score)
        })
        .collect()
}

/// A source without creators is often by the body that published it ("Institute for Military
/// History"): a cited corporate author is compared with the publisher then.
fn compare_with_publisher(name: &CitedName<'_>, publisher: Option<&str>) -> Comparison {
    let absent = Comparison::new(
        Field::Author,
        Outcome::AbsentFromLibrary,
        Some(name.written),
        None,
    );
    let Some(publisher) = present(publisher) else {
        return absent;
    };
    let (score, matched) = name_score(name, publisher, publisher);
    if score < ACRONYM {
        return absent;
    }
    let outcome = if matched {
        Outcome::Match
    } else {
        Outcome::Differs
    };
    let mut c =
        Comparison::new(Field::Author, outcome, Some(name.written), Some(publisher)).scored(score);
    c.against = Field::Publisher;
    c
}

/// A cited year: every four-digit year in it, and a letter suffix ("2014b").
struct CitedYear {
    years: Vec<i32>,
    suffix: Option<char>,
}

/// Reads "1983", "2014b", "[1953] 2005", "2020, April 2". No year ("n.d.", "forthcoming")
/// gives an empty list.
fn parse_year(s: &str) -> CitedYear {
    let mut years = Vec::new();
    let mut suffix = None;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4 {
            if let Ok(y) = s[start..i].parse() {
                years.push(y);
            }
            let next = b.get(i).copied();
            let after = b.get(i + 1).copied();
            if suffix.is_none()
                && next.is_some_and(|c| c.is_ascii_lowercase())
                && !after.is_some_and(|c| c.is_ascii_alphabetic())
            {
                suffix = next.map(char::from);
            }
        }
        if i == start {
            i += 1;
        }
    }
    CitedYear { years, suffix }
}

/// The letter suffix of a cited year ("2014b" gives `b`).
pub fn year_suffix(year: &str) -> Option<char> {
    parse_year(year).suffix
}

/// The first year a cited year names.
pub fn year_value(year: &str) -> Option<i32> {
    parse_year(year).years.first().copied()
}

/// Score for a year off by one: a reprint, an online-first date, a typo.
const YEAR_OFF_BY_ONE: f64 = 0.5;

fn compare_year(cited: Option<&str>, library: Option<i32>) -> Option<Comparison> {
    let lib_text = library.map(|y| y.to_string());
    let lib = lib_text.as_deref();
    let Some(cited) = present(cited) else {
        return lib
            .map(|l| Comparison::new(Field::Year, Outcome::AbsentFromCitation, None, Some(l)));
    };
    let parsed = parse_year(cited);
    let c = Some(cited);
    Some(match (parsed.years.is_empty(), library) {
        // "n.d." against a source without a year agrees.
        (true, None) => Comparison::new(Field::Year, Outcome::Match, c, None),
        (true, Some(_)) => Comparison::new(Field::Year, Outcome::Differs, c, lib),
        (false, None) => Comparison::new(Field::Year, Outcome::AbsentFromLibrary, c, None),
        (false, Some(y)) if parsed.years.contains(&y) => {
            Comparison::new(Field::Year, Outcome::Match, c, lib)
        }
        (false, Some(y)) => {
            let off_by_one = parsed.years.iter().any(|c| (c - y).abs() == 1);
            let score = if off_by_one { YEAR_OFF_BY_ONE } else { 0.0 };
            Comparison::new(Field::Year, Outcome::Differs, c, lib).scored(score)
        }
    })
}

/// Similarity of two names of a body or a place: token F1 of content words (1 when they
/// differ only in spacing, 0.9 for an acronym or when one contains the other, as "Seoul,
/// Korea" and "Seoul"), with a tenth given to character similarity.
fn text_similarity(a: &str, b: &str, ta: &[String], tb: &[String]) -> f64 {
    let (ca, cb) = (without_stop_words(ta), without_stop_words(tb));
    let mut f1 = token_f1(&ca, &cb);
    if ta.concat() == tb.concat() {
        f1 = 1.0;
    } else {
        let contains =
            |x: &[String], y: &[String]| !x.is_empty() && x.iter().all(|t| y.contains(t));
        // Only a one-word name can be an acronym of the other.
        let acronym = (tb.len() == 1 && acronyms(a).contains(&tb[0]))
            || (ta.len() == 1 && acronyms(b).contains(&ta[0]));
        if acronym || contains(&ca, &cb) || contains(&cb, &ca) {
            f1 = f1.max(0.9);
        }
    }
    0.9 * f1 + 0.1 * strsim::normalized_levenshtein(&ta.join(" "), &tb.join(" "))
}

/// A reference list prints an article's journal where a book's publisher stands ("Nature
/// 27, 455706"), and never the journal's publisher ("IOP Publishing"): for an article, a
/// cited "publisher" that differs from the library's is not evidence against it.
fn journal_not_publisher(c: Comparison, cand: &Candidate) -> Comparison {
    if c.outcome == Outcome::Differs && cand.entry_type.eq_ignore_ascii_case("article") {
        Comparison::new(
            Field::Publisher,
            Outcome::AbsentFromLibrary,
            c.cited.as_deref(),
            None,
        )
    } else {
        c
    }
}

fn compare_text(field: Field, cited: Option<&str>, library: Option<&str>) -> Option<Comparison> {
    let (c, l) = match (present(cited), present(library)) {
        (None, None) => return None,
        (None, l) => return Some(Comparison::new(field, Outcome::AbsentFromCitation, None, l)),
        (c, None) => return Some(Comparison::new(field, Outcome::AbsentFromLibrary, c, None)),
        (Some(c), Some(l)) => (c, l),
    };
    let (tc, tl) = (tokens(c), tokens(l));
    if tc == tl {
        return Some(Comparison::new(field, Outcome::Match, Some(c), Some(l)));
    }
    let mut cmp = Comparison::new(field, Outcome::Differs, Some(c), Some(l))
        .scored(text_similarity(c, l, &tc, &tl));
    cmp.excerpt = differing_stretch(c, l);
    (cmp.cited_only, cmp.library_only) =
        word_difference(&without_stop_words(&tc), &without_stop_words(&tl));
    Some(cmp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::resolve::tests::{parts, readings};

    fn reading(key: &str) -> Candidate {
        readings()
            .into_iter()
            .find(|c| c.key == key)
            .expect("a reading")
    }

    /// (marker parts, reading compared with, reasons)
    #[rustfmt::skip]
    const CASES: &[(&str, &str, &str)] = &[
        ("k=finley1983", "finley1983", "key 'finley1983'; title absent; author absent; year absent; publisher absent; place absent"),
        ("k=Finley1983", "finley1983", "key differs: 'Finley1983' vs 'finley1983'; title absent; author absent; year absent; publisher absent; place absent"),
        ("t=The History of the ROK-US Alliance|y=2014|l=Seoul", "history2014", "title 1.00; year 2014 = 2014; publisher absent; place 'Seoul' = 'Seoul'"),
        ("t=The U.S. Experience in Korea, 1871-1982|y=1982", "finley1983", "title 0.93 differs: 'U.S. Experience' vs 'US Military Experience'; author absent; year differs: 1982 vs 1983; publisher absent; place absent"),
        ("a=J. P. Finley|y=[1953] 1983|p=U.S. Forces Korea", "finley1983", "title absent; author 'J. P. Finley' matches 'Finley, James P.'; year [1953] 1983 = 1983; publisher differs: 'U.S. Forces Korea' vs 'USFK'; place absent"),
        ("a=Gi-Wook Shin|y=n.d.|p=Stanford University Press|l=Stanford, CA", "shin2010", "title absent; author 'Gi-Wook Shin' matches 'Shin, Gi-Wook'; year differs: n.d. vs 2010; publisher differs: 'Stanford University Press' vs 'StanfordUniversity Press'; place differs: 'Stanford, CA' vs 'Stanford'"),
        ("a=Kwak|a=Lee", "kwan1982", "title absent; author differs: 'Kwak' vs 'Kwan, Tae-hwan' (close: 0.68); author differs: 'Lee' vs 'Kwan, Tae-hwan'; year absent; publisher absent; place absent"),
        ("a=Institute of Military History", "history2014", "title absent; author differs: 'Institute of Military History' vs publisher 'Institute for Military History' (close: 0.95); year absent; publisher absent; place absent"),
        ("a=Daniel Oh", "history2014", "title absent; author 'Daniel Oh' not in library; year absent; publisher absent; place absent"),
    ];

    #[test]
    fn reasons_per_field() {
        for (spec, key, want) in CASES {
            let got: Vec<String> = compare(&parts(spec), &reading(key))
                .iter()
                .map(ToString::to_string)
                .collect();
            assert_eq!(got.join("; "), *want, "{spec} against {key}");
        }
    }

    #[test]
    fn comparisons_carry_both_values_for_the_checker() {
        let p = parts(
            "t=The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations|p=Institute of Military History",
        );
        let got = compare(&p, &reading("finley1983"));
        let title = &got[0];
        assert_eq!(
            (title.field, title.outcome),
            (Field::Title, Outcome::Differs)
        );
        assert_eq!(
            title.library.as_deref(),
            Some(
                "The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations"
            )
        );
        assert_eq!(
            (title.cited_only.clone(), title.library_only.clone()),
            (vec![], vec!["military".to_string()])
        );
        let publisher = got
            .iter()
            .find(|c| c.field == Field::Publisher)
            .expect("publisher");
        assert_eq!(
            (publisher.cited.as_deref(), publisher.library.as_deref()),
            (Some("Institute of Military History"), Some("USFK"))
        );
        assert!(
            publisher.score < 0.3,
            "unrelated publishers: {}",
            publisher.score
        );
    }

    #[test]
    fn an_articles_journal_is_not_held_against_its_publisher() {
        let mut cand = Candidate {
            key: "lahnemann2016".into(),
            entry_type: "article".into(),
            title: "Quenching of the Luminescence".into(),
            publisher: Some("IOP Publishing".into()),
            ..Candidate::default()
        };
        let cited = parts("t=Quenching of the luminescence|p=Nanotechnology");
        let publisher = |cand: &Candidate| {
            compare(&cited, cand)
                .into_iter()
                .find(|c| c.field == Field::Publisher)
                .map(|c| c.outcome)
        };
        assert_eq!(publisher(&cand), Some(Outcome::AbsentFromLibrary));
        // A book's publisher is evidence either way.
        cand.entry_type = "book".into();
        assert_eq!(publisher(&cand), Some(Outcome::Differs));
    }

    #[test]
    fn year_parsing() {
        let cases: &[(&str, Option<i32>, Option<char>)] = &[
            ("1983", Some(1983), None),
            ("2014b", Some(2014), Some('b')),
            ("(2020, April 2)", Some(2020), None),
            ("n.d.", None, None),
            ("1983-84", Some(1983), None),
            ("2014and", Some(2014), None),
        ];
        for (s, year, suffix) in cases {
            assert_eq!((year_value(s), year_suffix(s)), (*year, *suffix), "{s:?}");
        }
    }
}
