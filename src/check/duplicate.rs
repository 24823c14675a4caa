//! `duplicate-source`: the same work twice among the sources in scope, by the same DOI, the
//! same ISBN (ISBN-10 and ISBN-13 of one book agree), or the same normalised title, year and
//! first creator's family name. Different editions or volumes of a work are not duplicates.
//!
//! Owns the normalised keys and the grouping. Near-linear: every source is put under each of
//! its keys in a hash map once; pairs are never compared.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap as HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::model::{Finding, Source};

use super::{Rule, at_source, ident};

/// Which key two sources share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum By {
    Doi,
    Isbn,
    Work,
}

/// Reports each source that repeats an earlier one (in input order), naming the first.
pub(super) fn check(sources: &[Source], out: &mut Vec<Finding>) {
    let mut first: HashMap<(By, String), usize> =
        HashMap::with_capacity_and_hasher(sources.len() * 2, Default::default());
    for (i, source) in sources.iter().enumerate() {
        let mut matches: Vec<(usize, By, String)> = Vec::new();
        for (by, mut key) in keys(source) {
            // Editions and volumes of one work share a title and sometimes an identifier: the
            // variant is part of every key, so they never meet.
            let shown = key.len();
            push_variant(&mut key, source);
            match first.entry((by, key)) {
                Entry::Occupied(e) => matches.push((*e.get(), by, e.key().1[..shown].to_string())),
                Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
        let Some(&(original, ..)) = matches.iter().min_by_key(|m| m.0) else {
            continue;
        };
        let of = &sources[original];
        let mut why: Vec<&str> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        for (o, by, key) in &matches {
            let other = &sources[*o].key;
            let (what, reason) = match by {
                By::Doi => ("same DOI", format!("same DOI as {other}: {key}")),
                By::Isbn => (
                    "same ISBN",
                    format!("same ISBN as {other}: {key} (as ISBN-13)"),
                ),
                By::Work => (
                    "same title, year and first creator",
                    format!(
                        "same title, year and first creator as {other}: {}",
                        key.replace('\u{1f}', " | ")
                    ),
                ),
            };
            if *o == original {
                why.push(what);
            }
            reasons.push(reason);
        }
        if !of.origin.file.is_empty() {
            reasons.push(format!(
                "{} is at {}:{}",
                of.key, of.origin.file, of.origin.line
            ));
        }
        out.push(at_source(
            Rule::DuplicateSource,
            source,
            format!("{} duplicates {}: {}", source.key, of.key, why.join(", ")),
            reasons,
        ));
    }
}

/// The source's normalised keys: DOI, ISBN-13, and title|year|family when it has a title.
fn keys(source: &Source) -> Vec<(By, String)> {
    let mut out = Vec::with_capacity(3);
    if let Some(doi) = source.get("doi").and_then(ident::doi) {
        out.push((By::Doi, doi));
    }
    if let Some(isbn) = source
        .get("isbn")
        .and_then(|v| v.split([',', ';']).find_map(|i| ident::isbn13(i).ok()))
    {
        out.push((By::Isbn, isbn));
    }
    let mut work = String::with_capacity(96);
    fold_into(&mut work, source.get("title").unwrap_or_default());
    fold_into(&mut work, source.get("subtitle").unwrap_or_default());
    drop_article(&mut work);
    if !work.is_empty() {
        work.push('\u{1f}');
        if let Some(year) = source.year() {
            work.push_str(&year.to_string());
        }
        work.push('\u{1f}');
        if let Some(first) = source.creators().first() {
            fold_into(&mut work, &first.family);
        }
        out.push((By::Work, work));
    }
    out
}

/// `s` folded: lowercase, diacritics and LaTeX braces and commands gone, punctuation made
/// space, runs of space made one.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s);
    out
}

/// Appends `s` folded to `out`, one space apart from what `out` already ends with.
fn fold_into(out: &mut String, s: &str) {
    // Decomposing is the costly part; ASCII has nothing to decompose.
    if s.is_ascii() {
        fold_chars(out, s.chars());
    } else {
        fold_chars(out, s.nfd());
    }
}

fn fold_chars(out: &mut String, chars: impl Iterator<Item = char>) {
    let mut space = !out.is_empty() && !out.ends_with('\u{1f}');
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() && !out.ends_with('\u{1f}') {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if c == '\\' {
            // A command name ("\textit") is markup, not words.
            while chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                chars.next();
            }
            space = true;
        } else if !unicode_normalization::char::is_combining_mark(c) && c != '\'' && c != '’' {
            space = true;
        }
    }
}

/// Removes a leading article ("the", "a", "les", ...) from a folded title.
fn drop_article(title: &mut String) {
    const ARTICLES: &[&str] = &[
        "the", "a", "an", "le", "la", "les", "l", "der", "die", "das", "el", "los", "las", "il",
        "lo",
    ];
    if let Some((first, _)) = title.split_once(' ')
        && ARTICLES.contains(&first)
    {
        title.drain(..=first.len());
    }
}

/// Appends the edition, as a number when it reads as one ("2", "2nd", "second", "2nd ed.";
/// no edition is the first), and the volume.
fn push_variant(key: &mut String, source: &Source) {
    const ORDINALS: &[&str] = &[
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    key.push('\u{1f}');
    match source.get("edition").map(fold).filter(|e| !e.is_empty()) {
        None => key.push('1'),
        Some(e) => {
            let word = e.split(' ').next().unwrap_or_default();
            let digits = word.trim_end_matches(|c: char| !c.is_ascii_digit());
            if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                key.push_str(digits.trim_start_matches('0'));
            } else if let Some(n) = ORDINALS.iter().position(|o| *o == word) {
                key.push_str(&(n + 1).to_string());
            } else {
                key.push_str(&e);
            }
        }
    }
    key.push('\u{1f}');
    if let Some(v) = source.get("volume") {
        fold_into(key, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::source;

    fn duplicates(sources: &[Source]) -> Vec<String> {
        let mut out = Vec::new();
        check(sources, &mut out);
        out.into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn same_work_by_doi_isbn_or_title() {
        let a = ("author", "Smith, Jane");
        type Fields<'a> = &'a [(&'a str, &'a str)];
        #[rustfmt::skip]
        let cases: &[(Fields, Fields, Option<&str>)] = &[
            (&[("doi", "10.1000/ABC"), ("title", "X")], &[("doi", "https://doi.org/10.1000/abc"), ("title", "Y")], Some("b duplicates a: same DOI")),
            (&[("isbn", "0-306-40615-2"), ("title", "X")], &[("isbn", "978-0-306-40615-7"), ("title", "Y")], Some("b duplicates a: same ISBN")),
            (&[a, ("title", "The Économie of {Korea}"), ("date", "1990")], &[a, ("title", "economie of Korea!"), ("year", "1990")], Some("b duplicates a: same title, year and first creator")),
            (&[a, ("title", "Korea"), ("date", "1990")], &[a, ("title", "Korea"), ("date", "1991")], None),
            (&[a, ("title", "Korea"), ("date", "1990")], &[("author", "Jones, J."), ("title", "Korea"), ("date", "1990")], None),
            (&[a, ("title", "Korea"), ("date", "1990")], &[a, ("title", "Korea"), ("date", "1990"), ("edition", "2")], None),
            (&[a, ("title", "Korea"), ("date", "1990"), ("edition", "2nd")], &[a, ("title", "Korea"), ("date", "1990"), ("edition", "second")], Some("b duplicates a: same title, year and first creator")),
            (&[a, ("title", "Korea"), ("date", "1990"), ("volume", "1")], &[a, ("title", "Korea"), ("date", "1990"), ("volume", "2")], None),
            (&[("doi", "10.1/x"), ("volume", "1")], &[("doi", "10.1/x"), ("volume", "2")], None),
            (&[("title", "")], &[("title", "")], None),
        ];
        for (x, y, want) in cases {
            let got = duplicates(&[source("a", "book", x), source("b", "book", y)]);
            assert_eq!(
                got,
                want.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
                "{x:?} / {y:?}"
            );
        }
    }

    #[test]
    fn a_third_copy_names_the_first() {
        let f = [("title", "Korea"), ("date", "1990")];
        let got = duplicates(&[
            source("a", "book", &f),
            source("b", "book", &f),
            source("c", "book", &f),
        ]);
        assert_eq!(
            got,
            [
                "b duplicates a: same title, year and first creator",
                "c duplicates a: same title, year and first creator"
            ]
        );
    }
}
