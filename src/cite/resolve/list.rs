//! Resolution through the document's own reference list: an author-date or author-page
//! citation ("(Vurgaftman et al. 2001b, 5823)", "Kim (2011)", "(Cooper 244–46)") first finds
//! the item of the list it points at, and takes that item's source.
//!
//! Owns: the items of the list that resolved to a library source, with the year labels each
//! prints ("2001a", "2014", "n.d."); the choice of the item a citation names, by its first
//! author, its other names, its year and the year's letter. Does not own: resolving the items
//! themselves (the parent module), nor citations by number (`through_item`) or by short title
//! (`backref`).
//!
//! Why through the list: a library holds more works than one document cites. "Kim (2011)" may
//! fit two works of the library, but the list prints only the one the document cites; and the
//! letter of "2001b" is the one the list gives, whatever order the library would sort the
//! works of that year in. A citation no item fits is resolved against the library as before,
//! saying so.

use crate::model::{Candidate, Citation, CitationStyle, Resolution, SourceIndex};

use super::{ResolveOptions, confidence, reasons};
use crate::cite::compare::{Marker, year_suffix, year_value};
use crate::cite::names::{first_author_agrees, lookup_names, parse_name};
use crate::cite::normalize::tokens;

/// Longest item text quoted in a reason.
const QUOTE_CHARS: usize = 48;
/// How many opening words of an item (initials and numbers left out) may hold its first
/// author's family name: "[12] J. P. de la Finley", "Finley, James P.", "Finley JP, Kwan T".
const HEAD_WORDS: usize = 3;

/// One item of the list.
struct Item {
    /// 1-based position among the document's citations (as `backref` numbers them).
    ordinal: usize,
    /// The item's own resolution: its source, or the candidates it was left with.
    resolution: Resolution,
    /// The library's record of its source, when it resolved.
    cand: Option<Candidate>,
    /// The normalised words of the item's opening, where every style prints the first
    /// author: an unresolved item is known by them.
    head: Vec<String>,
    /// Years as the item prints them, with their letter: (1983, None), (2001, Some('b')).
    labels: Vec<(i32, Option<char>)>,
    /// "n.d." printed in the item.
    undated: bool,
    quote: String,
}

/// The resolved items of a document's reference list.
#[derive(Default)]
pub(super) struct ListItems {
    items: Vec<Item>,
}

/// The years an item prints, each with the letter that follows it ("2001b"): 4-digit runs
/// standing alone, as in "(2001b)", "2014a.", "1885/1964".
fn year_labels(text: &str) -> Vec<(i32, Option<char>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let alone_before = start == 0 || !b[start - 1].is_ascii_alphanumeric();
        if i - start != 4 || !alone_before {
            continue;
        }
        let Ok(year) = text[start..i].parse::<i32>() else {
            continue;
        };
        if !(1000..=2100).contains(&year) {
            continue;
        }
        let next = b.get(i).copied();
        let after = b.get(i + 1).copied();
        let letter = next
            .filter(u8::is_ascii_lowercase)
            .filter(|_| !after.is_some_and(|c| c.is_ascii_alphanumeric()))
            .map(char::from);
        if letter.is_some() || !next.is_some_and(|c| c.is_ascii_alphabetic()) {
            out.push((year, letter));
        }
    }
    out
}

fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(QUOTE_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

/// The styles whose citations name a work by its authors (and year) as the list prints them.
pub(super) fn by_authors(c: &Citation) -> bool {
    matches!(
        c.style,
        Some(CitationStyle::AuthorDate | CitationStyle::Narrative | CitationStyle::Mla)
    ) && !c.parts.authors.is_empty()
        && c.parts.key.is_none()
        && c.parts.number.is_none()
}

impl ListItems {
    /// True when some item of the list resolved.
    pub(super) fn holds_items(&self) -> bool {
        !self.items.is_empty()
    }

    /// Records reference-list item `i` (a citation of style `Reference`).
    pub(super) fn add(&mut self, i: usize, c: &Citation, index: &dyn SourceIndex) {
        let cand = c.resolution.source.as_deref().and_then(|k| index.by_key(k));
        let text = c.marker.as_deref().unwrap_or("");
        let mut head: Vec<String> = tokens(text)
            .into_iter()
            .filter(|t| t.chars().count() > 1 && !t.chars().all(|ch| ch.is_ascii_digit()))
            .take(HEAD_WORDS)
            .collect();
        // "———." repeats the previous item's authors.
        if text.trim_start().starts_with(['—', '–', '-', '_'])
            && let Some(prev) = self.items.last()
        {
            head = prev.head.clone();
        }
        self.items.push(Item {
            ordinal: i + 1,
            resolution: c.resolution.clone(),
            cand,
            head,
            labels: year_labels(text),
            undated: text.contains("n.d.") || text.contains("n. d."),
            quote: quote(text),
        });
    }

    /// The first cited name agrees with the item's first creator; for an item that did not
    /// resolve, the name's family is among the first words the item prints.
    fn first_author(&self, it: &Item, first: &str) -> bool {
        match &it.cand {
            Some(cand) => first_author_agrees(first, &cand.names, &cand.families),
            None => lookup_names(first).first().is_some_and(|family| {
                let words = tokens(family);
                !words.is_empty() && it.head.windows(words.len()).any(|w| w == words.as_slice())
            }),
        }
    }

    /// Resolves an author-date or author-page citation through the item it names, or `None`
    /// when it is not such a citation or no item fits (the caller then asks the library).
    ///
    /// An item fits when its first creator is the first name cited (styles print the first
    /// author first: "Lemen et al." is not a work Lemen co-wrote second), its confidence
    /// against the citation reaches the auto-link threshold, and, when the citation gives a
    /// year with a letter, the item prints that year with that letter. The best fitting item
    /// is taken when it is ahead of the next by the margin (or both are the same source);
    /// otherwise the citation is ambiguous between the items' sources.
    pub(super) fn resolve(&self, c: &Citation, opts: &ResolveOptions) -> Option<Resolution> {
        if self.items.is_empty() || !by_authors(c) {
            return None;
        }
        let p = &c.parts;
        let first = p.authors.first()?;
        let year = p.year.as_deref().and_then(year_value);
        let letter = p.year.as_deref().and_then(year_suffix);
        let undated = p.year.as_deref().is_some_and(|y| y.contains("n.d"));
        let marker = Marker::new(p);
        let mut fits: Vec<(f64, &Item, Vec<String>)> = self
            .items
            .iter()
            .filter(|it| self.first_author(it, first))
            .filter(|it| {
                let lib_year = it.cand.as_ref().and_then(|c| c.year);
                match (year, letter) {
                    (Some(y), Some(l)) => it.labels.contains(&(y, Some(l))),
                    (Some(y), None) => {
                        it.labels.iter().any(|&(iy, _)| iy == y) || lib_year == Some(y)
                    }
                    (None, _) if undated => it.undated || (it.cand.is_some() && lib_year.is_none()),
                    (None, _) => true,
                }
            })
            .filter_map(|it| {
                let Some(cand) = &it.cand else {
                    // An unresolved item fits on its printed name and year alone.
                    return Some((opts.auto_link, it, Vec::new()));
                };
                let comparisons = marker.compare(cand);
                let mut conf = confidence(&comparisons);
                // The year the list prints is the year the citation must give, even when the
                // library dates the work otherwise (a reprint, an online-first date).
                if year.is_some() && cand.year != year {
                    conf = conf.max(author_score(&comparisons));
                }
                (conf >= opts.auto_link).then(|| (conf, it, reasons(&comparisons)))
            })
            .collect();
        if fits.is_empty() {
            return None;
        }
        // "Kumar et al." names a work of three creators or more, "Kumar and Singh" one of
        // exactly those two: between works of one first author and year, that tells them
        // apart. Items that did not resolve have no count and stay.
        let cited = p.authors.len();
        let et_al = c
            .marker
            .as_deref()
            .is_some_and(|m| m.contains("et al") || m.contains("and others"));
        let count_fits = |it: &Item| {
            it.cand.as_ref().is_none_or(|cand| {
                let n = cand.names.len();
                if et_al { n > cited.max(2) } else { n == cited }
            })
        };
        if fits.iter().any(|(_, it, _)| count_fits(it)) {
            fits.retain(|(_, it, _)| count_fits(it));
        }
        // A style tells two works of one first author and year apart by more names or given
        // names ("Kawaguchi, Sudo, Matsuda, Takemoto, et al. 2015", "P. P. Paskov" / "P.
        // Paskov"): between resolved items, those whose creators are the cited names in their
        // places, with the cited initials exactly, are the ones meant.
        if fits.len() > 1 && fits.iter().all(|(_, it, _)| it.cand.is_some()) {
            let exact = |it: &Item| it.cand.as_ref().is_some_and(|c| names_exact(&p.authors, c));
            let n = fits.iter().filter(|(_, it, _)| exact(it)).count();
            if n >= 1 && n < fits.len() {
                fits.retain(|(_, it, _)| exact(it));
            }
        }
        fits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.ordinal.cmp(&b.1.ordinal)));
        let (best, item, why) = &fits[0];
        let same = |it: &Item| {
            it.resolution.source.is_some() && it.resolution.source == item.resolution.source
        };
        // An item that did not resolve may be the work meant however well the others fit.
        let close: Vec<&Item> = fits
            .iter()
            .skip(1)
            .filter(|(conf, it, _)| (best - conf < opts.margin || it.cand.is_none()) && !same(it))
            .map(|(_, it, _)| *it)
            .collect();
        let at = format!(
            "item #{} of the document's reference list '{}'",
            item.ordinal, item.quote
        );
        if close.is_empty() {
            let Some(source) = item.resolution.source.clone() else {
                let mut r = item.resolution.clone();
                r.reasons = vec![at, "that item did not resolve to one source".to_string()];
                return Some(r);
            };
            let mut reasons = vec![at];
            if letter.is_some() {
                reasons.push(format!(
                    "year {} as the list letters it",
                    p.year.as_deref().unwrap_or_default()
                ));
            }
            reasons.extend(why.iter().cloned());
            return Some(Resolution {
                source: Some(source),
                confidence: (best * item.resolution.confidence).min(1.0),
                candidates: Vec::new(),
                reasons,
            });
        }
        let mut candidates: Vec<String> = Vec::new();
        let mut items = Vec::new();
        for it in std::iter::once(*item).chain(close) {
            items.push(format!("#{}", it.ordinal));
            let keys = it.resolution.source.iter().chain(&it.resolution.candidates);
            for k in keys {
                if !candidates.contains(k) {
                    candidates.push(k.clone());
                }
            }
        }
        candidates.truncate(opts.max_candidates);
        let mut reasons = why.clone();
        reasons.push(format!(
            "ambiguous: items {} of the document's reference list fit alike",
            items.join(", ")
        ));
        Some(Resolution {
            source: None,
            confidence: *best,
            candidates,
            reasons,
        })
    }
}

/// Every cited name is the creator at its place, its given names (when it gives any)
/// exactly the creator's: "P. P. Paskov" is "Paskov, P. P." and not "Paskov, P.", an initial
/// stands for a given name, and a written-out given name is that name ("Abhishek
/// Bhattacharyya" is not "Bhattacharyya, A.").
fn names_exact(cited: &[String], cand: &Candidate) -> bool {
    !cited.is_empty()
        && cited.iter().enumerate().all(|(i, a)| {
            let (Some(c), Some(n)) = (
                parse_name(a),
                cand.names.get(i).and_then(|name| parse_name(name)),
            ) else {
                return false;
            };
            let given = c.given.is_empty()
                || (c.given.len() == n.given.len()
                    && c.given.iter().zip(&n.given).all(|(x, y)| {
                        x == y || (x.chars().count() == 1 && y.starts_with(x.as_str()))
                    }));
            // A creator whose family is the whole cited name ("Masahiro Suzuki", as a .bib
            // may hold it) is that name exactly too.
            (c.family == n.family && given) || c.whole == n.family
        })
}

/// The mean author score of comparisons (1 when every cited name matched).
fn author_score(comparisons: &[crate::cite::compare::Comparison]) -> f64 {
    use crate::cite::compare::{Field, Outcome};
    let scores: Vec<f64> = comparisons
        .iter()
        .filter(|c| {
            c.field == Field::Author && matches!(c.outcome, Outcome::Match | Outcome::Differs)
        })
        .map(|c| c.score)
        .collect();
    if scores.is_empty() {
        0.0
    } else {
        scores.iter().sum::<f64>() / scores.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Label = (i32, Option<char>);

    #[test]
    fn year_labels_as_printed() {
        let cases: &[(&str, &[Label])] = &[
            (
                "Vurgaftman I, Meyer JR (2001b) Band parameters. J Appl Phys 89:5815",
                &[(2001, Some('b'))],
            ),
            ("Finley, J. P. 1983a. The US.", &[(1983, Some('a'))]),
            (
                "Marx, K. 1885/1964. Capital.",
                &[(1885, None), (1964, None)],
            ),
            (
                "Weber, M. 2007 [1999]. Essays.",
                &[(2007, None), (1999, None)],
            ),
            ("Smith. Title 12345 and A2014 x", &[]),
            ("Doe (2014, May 3). Post.", &[(2014, None)]),
            ("Doe 2014ab. no", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(year_labels(text), *want, "{text:?}");
        }
    }
}
