//! Resolving citation markers to library sources, with a confidence and the evidence.
//!
//! Owns: the decision for each citation of a document, in document order: by key, as "ibid.",
//! as a short form of an earlier citation, or by retrieval and scoring; the confidence
//! formula; the thresholds. Does not own: finding markers or splitting them into parts (the
//! finder and the reference parser), retrieval (`SourceIndex`), or the per-field comparison
//! (`compare`).
//!
//! # Confidence
//!
//! Each retrieved candidate is compared field by field ([`compare`]). Every field that both
//! the marker and the source give contributes its similarity score with a weight:
//!
//! | field     | weight |
//! |-----------|--------|
//! | title     | 0.45   |
//! | authors   | 0.25 (the mean over the cited names) |
//! | year      | 0.15   |
//! | publisher | 0.10   |
//! | place     | 0.05   |
//!
//! `confidence = Σ weight × score / Σ weight` over those fields, so an author-date marker is
//! judged on surname and year alone and a short title on its title alone. A field only one
//! side gives is reported but does not count. Evidence with neither a title nor an author (a
//! year, a publisher) is halved: it cannot identify a work. The title score itself weighs
//! the main title (before the colon) most; see [`title_score`](super::title::title_score).
//!
//! # Decision
//!
//! With the defaults of [`ResolveOptions`]: the best candidate is taken when its confidence is
//! at least 0.85 and at least 0.10 above the second. Otherwise the citation is ambiguous when
//! the best reaches 0.60: the candidates from 0.60 up are kept (at most three), and no source
//! is set. Below 0.60 it is unresolved, keeping candidates from 0.40 up as hints. Works of one
//! author and year told apart by a suffix ("2014a", "2014b") are picked by the alphabetical
//! order of their titles, as APA and Chicago letter them; that pick's confidence is capped at
//! 0.90.
//!
//! # Through the reference list
//!
//! In a document with a reference list, an author-date, narrative or author-page citation
//! first finds the item it points at (see `list`): the first cited name is the item's first
//! creator, the year is one the item prints (with the same letter: "2001b" is the list's
//! "2001b"), "et al." means three creators or more; it takes that item's source. Items that
//! fit alike leave it ambiguous between their sources; an item that did not resolve leaves it
//! unresolved, naming the item. Only when no item fits is the library asked directly, and then
//! a year's letter is never guessed from title order.
//!
//! # Back-references
//!
//! "ibid." takes the previous citation's outcome. A marker with a title or authors but no
//! year, publisher or place is first matched as the short form of an earlier resolved citation
//! or a reference-list item (title score at least the auto-link threshold; see `backref`); its
//! confidence is that citation's times the title score.

mod backref;
mod details;
mod item;
mod list;

use crate::model::{
    Candidate, Citation, CitationStyle, IndexQuery, MarkerParts, Origin, Resolution, SourceIndex,
};

use super::compare::{Comparison, Field, Marker, Outcome, compare, year_suffix, year_value};
use super::names::lookup_names;
use super::normalize::{content_tokens, normalize};
use super::title::char_similarity;
use backref::{Anchors, resolve_ibid};

/// Thresholds and limits of resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveOptions {
    /// Confidence from which the best candidate is linked without confirmation.
    pub auto_link: f64,
    /// How far the best must be ahead of the second to be linked.
    pub margin: f64,
    /// Confidence from which candidates are offered as an ambiguous match.
    pub floor: f64,
    /// Confidence from which candidates of an unresolved citation are kept as hints.
    pub hint_floor: f64,
    /// Most candidates kept on an ambiguous or unresolved citation.
    pub max_candidates: usize,
    /// How many candidates to retrieve from the index for scoring.
    pub search_limit: usize,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            auto_link: 0.85,
            margin: 0.10,
            floor: 0.60,
            hint_floor: 0.40,
            max_candidates: 3,
            search_limit: 10,
        }
    }
}

const W_TITLE: f64 = 0.45;
const W_AUTHOR: f64 = 0.25;
const W_YEAR: f64 = 0.15;
const W_PUBLISHER: f64 = 0.10;
const W_PLACE: f64 = 0.05;
/// Factor on evidence that has neither a title nor an author.
const UNIDENTIFIED: f64 = 0.5;
/// Most confidence a pick by year suffix gets: it rests on the library holding every lettered
/// work.
const SUFFIX_CAP: f64 = 0.90;

/// The confidence that comparisons describe the same work (see the module docs).
pub fn confidence(comparisons: &[Comparison]) -> f64 {
    let counted = |c: &&Comparison| matches!(c.outcome, Outcome::Match | Outcome::Differs);
    let authors: Vec<f64> = comparisons
        .iter()
        .filter(counted)
        .filter(|c| c.field == Field::Author)
        .map(|c| c.score)
        .collect();
    let mut sum = 0.0;
    let mut weight = 0.0;
    if !authors.is_empty() {
        sum += W_AUTHOR * authors.iter().sum::<f64>() / authors.len() as f64;
        weight += W_AUTHOR;
    }
    let mut identified = !authors.is_empty();
    for c in comparisons.iter().filter(counted) {
        let w = match c.field {
            Field::Title => W_TITLE,
            Field::Year => W_YEAR,
            Field::Publisher => W_PUBLISHER,
            Field::Place => W_PLACE,
            Field::Author | Field::Key => continue,
        };
        identified |= c.field == Field::Title;
        sum += w * c.score;
        weight += w;
    }
    if weight == 0.0 {
        return 0.0;
    }
    let conf = sum / weight;
    if identified {
        conf
    } else {
        conf * UNIDENTIFIED
    }
}

/// Reasons from comparisons, in their stable order. A marker giving no publisher or place is
/// normal in every style, so that absence is left out.
fn reasons(comparisons: &[Comparison]) -> Vec<String> {
    comparisons
        .iter()
        .filter(|c| {
            !(c.outcome == Outcome::AbsentFromCitation
                && matches!(c.field, Field::Publisher | Field::Place))
        })
        .map(ToString::to_string)
        .collect()
}

fn unresolved(reason: impl Into<String>) -> Resolution {
    Resolution {
        reasons: vec![reason.into()],
        ..Resolution::default()
    }
}

/// A citation read from a note's body: when its parts did not single out a source, its whole
/// text is matched as a reference item is; a page "locator" that is the article's own page
/// range (a full note of an article cited without a locator) is dropped.
fn from_note_body(c: &mut Citation, index: &dyn SourceIndex) {
    if c.resolution.source.is_none()
        && c.detected
            .as_deref()
            .is_some_and(|d| d.contains("in a note's body"))
        && let Some(r) = c
            .marker
            .as_deref()
            .and_then(|t| item::resolve_item_text(t, index))
        && (r.source.is_some() || c.resolution.candidates.is_empty())
    {
        c.resolution = r;
    }
    let range = |s: &str| normalize(&s.replace(['–', '—'], "-"));
    if let (Some(key), Some(loc)) = (&c.resolution.source, &c.locator)
        && let Some(pages) = index.by_key(key).and_then(|s| s.pages)
        && range(&pages) == range(&loc.value)
    {
        c.resolution.reasons.push(format!(
            "'{}' is the work's own page range, not a locator",
            loc.value
        ));
        c.locator = None;
    }
}

/// Most confidence a pick by an item's details gets: it rests on the library's fields being
/// complete.
const DETAILS_CAP: f64 = 0.90;

/// A reference item that fits several sources alike (one work entered twice): the one
/// source its details do not contradict (see `details`), when exactly one is left; the
/// others are named with the detail that rules each out.
fn by_details(c: &Citation, index: &dyn SourceIndex, opts: &ResolveOptions) -> Option<Resolution> {
    let text = c.marker.as_deref()?;
    if c.resolution.candidates.len() < 2 {
        return None;
    }
    let marker = Marker::new(&c.parts);
    let scored: Vec<(Candidate, Vec<Comparison>, f64)> = c
        .resolution
        .candidates
        .iter()
        .filter_map(|k| index.by_key(k))
        .map(|cand| {
            let comparisons = marker.compare(&cand);
            let conf = confidence(&comparisons);
            (cand, comparisons, conf)
        })
        .collect();
    let best = scored.iter().map(|s| s.2).fold(0.0, f64::max);
    if best < opts.auto_link {
        return None;
    }
    let close: Vec<&(Candidate, Vec<Comparison>, f64)> =
        scored.iter().filter(|s| best - s.2 < opts.margin).collect();
    if close.len() < 2 {
        return None;
    }
    let pages_shown = close.iter().any(|s| {
        s.0.pages
            .as_deref()
            .is_some_and(|p| details::shows_pages(text, p))
    });
    let why: Vec<Option<String>> = close
        .iter()
        .map(|s| {
            details::contradiction(
                text,
                &c.parts.authors,
                c.parts.title.as_deref(),
                &s.0,
                pages_shown,
            )
        })
        .collect();
    let mut left = why.iter().enumerate().filter(|(_, w)| w.is_none());
    let (chosen, _) = left.next()?;
    if left.next().is_some() {
        return None;
    }
    let (cand, comparisons, conf) = close[chosen];
    let mut reasons = reasons(comparisons);
    for (s, w) in close.iter().zip(&why) {
        if let Some(w) = w {
            reasons.push(format!("not '{}', which fits as well: {w}", s.0.key));
        }
    }
    Some(Resolution {
        source: Some(cand.key.clone()),
        confidence: conf.min(DETAILS_CAP),
        candidates: Vec::new(),
        reasons,
    })
}

/// Two items of one reference list are two entries of the library: an item left ambiguous
/// between sources, all but one of which other items of the list resolved to, is the one
/// left ("Kawakami, Y., et al." beside "Kawakami, Yoichi, et al.", which its given name
/// resolved). Only when its candidates are all it fits (fewer than the most kept), and only
/// for an item that fit its candidates at the auto-link confidence.
fn by_elimination(citations: &mut [&mut Citation], opts: &ResolveOptions) {
    let is_item =
        |c: &Citation| c.origin == Origin::Inline && c.style == Some(CitationStyle::Reference);
    let taken = |citations: &[&mut Citation]| -> Vec<(usize, String)> {
        citations
            .iter()
            .enumerate()
            .filter(|(_, c)| is_item(c))
            .filter_map(|(i, c)| Some((i, c.resolution.source.clone()?)))
            .collect()
    };
    let mut used = taken(citations);
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..citations.len() {
            let c = &*citations[i];
            let ambiguous = is_item(c)
                && c.resolution.source.is_none()
                && c.resolution.confidence >= opts.auto_link
                && (2..opts.max_candidates).contains(&c.resolution.candidates.len());
            if !ambiguous {
                continue;
            }
            let by_other = |k: &String| used.iter().find(|(j, s)| s == k && *j != i).map(|x| x.0);
            let left: Vec<&String> = c
                .resolution
                .candidates
                .iter()
                .filter(|k| by_other(k).is_none())
                .collect();
            let [only] = left.as_slice() else {
                continue;
            };
            let only = (*only).clone();
            let others: Vec<String> = c
                .resolution
                .candidates
                .iter()
                .filter(|k| **k != only)
                .map(|k| {
                    let j = by_other(k).unwrap_or_default();
                    format!("'{k}' is the source of item #{} of the list", j + 1)
                })
                .collect();
            let r = &mut citations[i].resolution;
            r.reasons.retain(|why| !why.starts_with("ambiguous"));
            r.reasons.extend(others);
            r.reasons
                .push(format!("'{only}' is the one candidate no other item took"));
            r.source = Some(only);
            r.candidates.clear();
            r.confidence = r.confidence.min(DETAILS_CAP);
            used = taken(citations);
            changed = true;
        }
    }
}

/// A numeric citation resolves as the item of the list it points at did.
fn through_item(n: u32, item: &Resolution) -> Resolution {
    let mut r = item.clone();
    r.reasons
        .insert(0, format!("item {n} of the document's reference list"));
    r
}

/// Resolves every citation of one document, given in document order.
///
/// Reference-list items are resolved first (a short form may name one of them); then each
/// other citation by key, as ibid. (the previous citation's outcome), as the short form of an
/// earlier citation or reference-list item, or by retrieval. Manual links keep the resolution
/// the user gave them and are not "previous citations". With an empty library every citation
/// is unresolved with the reason "library has no sources".
pub fn resolve_all(
    citations: &mut [&mut Citation],
    index: &dyn SourceIndex,
    opts: &ResolveOptions,
) {
    if index.is_empty() {
        for c in citations.iter_mut().filter(|c| c.origin == Origin::Inline) {
            c.resolution = unresolved("library has no sources");
        }
        return;
    }
    let is_ref = |c: &Citation| c.style == Some(CitationStyle::Reference);
    let mut anchors = Anchors::default();
    let mut list = list::ListItems::default();
    for c in citations.iter_mut() {
        if c.origin == Origin::Inline && is_ref(c) {
            c.resolution = resolve_parts(&c.parts, index, opts);
            if c.resolution.source.is_none()
                && let Some(r) = c
                    .marker
                    .as_deref()
                    .and_then(|t| item::resolve_item_text(t, index))
                && (r.source.is_some() || c.resolution.candidates.is_empty())
            {
                c.resolution = r;
            }
            if c.resolution.source.is_none()
                && let Some(r) = by_details(c, index, opts)
            {
                c.resolution = r;
            }
        }
    }
    by_elimination(citations, opts);
    for (i, c) in citations.iter().enumerate() {
        if c.origin == Origin::Inline && is_ref(c) {
            anchors.add(i, c, index);
            list.add(i, c, index);
        }
    }
    // The numbered items of the list, by number (the first of a duplicated number).
    let mut numbered: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for (i, c) in citations.iter().enumerate() {
        if c.origin == Origin::Inline
            && is_ref(c)
            && let Some(n) = c.parts.number
        {
            numbered.entry(n).or_insert(i);
        }
    }
    let mut previous: Option<usize> = None;
    for i in 0..citations.len() {
        let c: &Citation = &*citations[i];
        if c.origin != Origin::Inline || is_ref(c) {
            continue;
        }
        let resolution = if c.style == Some(CitationStyle::Numeric) {
            let n = c.parts.number.unwrap_or_default();
            match numbered.get(&n) {
                Some(&r) => through_item(n, &citations[r].resolution),
                None => unresolved(format!("the reference list has no item {n}")),
            }
        } else if c.style == Some(CitationStyle::Ibid) {
            resolve_ibid(previous.map(|p| &*citations[p]))
        } else if let Some(key) = c.parts.key.as_deref() {
            resolve_key(key, &c.parts, index, opts)
        } else if let Some(r) = list.resolve(c, opts) {
            r
        } else {
            anchors.short_form(c, index, opts).unwrap_or_else(|| {
                if list.holds_items() && list::by_authors(c) {
                    // With a list, the letter of "2014b" is the list's: never guessed from
                    // the library's titles.
                    let mut r = resolve_scored(&c.parts, index, opts, false);
                    r.reasons
                        .push("no item of the document's reference list fits".to_string());
                    r
                } else {
                    resolve_parts(&c.parts, index, opts)
                }
            })
        };
        citations[i].resolution = resolution;
        if citations[i].style == Some(CitationStyle::Note) {
            from_note_body(citations[i], index);
        }
        if citations[i].style != Some(CitationStyle::Ibid) {
            anchors.add(i, &*citations[i], index);
        }
        previous = Some(i);
    }
}

fn resolve_key(
    key: &str,
    parts: &MarkerParts,
    index: &dyn SourceIndex,
    opts: &ResolveOptions,
) -> Resolution {
    match index.by_key(key) {
        Some(cand) => {
            let others: Vec<Comparison> = compare(parts, &cand)
                .into_iter()
                .filter(|c| c.field != Field::Key && c.outcome != Outcome::AbsentFromCitation)
                .collect();
            let mut reasons = vec![format!("key '{key}'")];
            reasons.extend(others.iter().map(ToString::to_string));
            Resolution {
                source: Some(cand.key),
                confidence: 1.0,
                candidates: Vec::new(),
                reasons,
            }
        }
        None => {
            // A key like "finley1983" still says a name and a year: offer what fits as hints.
            let name: String = key.chars().take_while(|c| c.is_alphabetic()).collect();
            let hint_parts = MarkerParts {
                authors: if name.chars().count() >= 2 {
                    vec![name]
                } else {
                    Vec::new()
                },
                year: year_value(key).map(|y| y.to_string()),
                ..MarkerParts::default()
            };
            let scored = score_candidates(&hint_parts, index, opts);
            Resolution {
                candidates: keys_above(&scored, opts.floor, opts.max_candidates),
                ..unresolved(format!("no source with key '{key}'"))
            }
        }
    }
}

/// A candidate with its comparisons and confidence.
struct Scored {
    cand: Candidate,
    comparisons: Vec<Comparison>,
    confidence: f64,
}

fn query_for(parts: &MarkerParts) -> IndexQuery {
    IndexQuery {
        // Content words only: a stop-word matches most of a large library, and asking for it
        // costs the index a walk over all those rows for no information.
        title_words: parts
            .title
            .as_deref()
            .map(content_tokens)
            .unwrap_or_default(),
        names: parts.authors.iter().flat_map(|a| lookup_names(a)).collect(),
        year: parts.year.as_deref().and_then(year_value),
    }
}

/// Retrieves and scores candidates, best first. Equal confidences are ordered by how alike
/// the titles are character by character, then by the index's order.
fn score_candidates(
    parts: &MarkerParts,
    index: &dyn SourceIndex,
    opts: &ResolveOptions,
) -> Vec<Scored> {
    let query = query_for(parts);
    if query.title_words.is_empty() && query.names.is_empty() {
        return Vec::new();
    }
    let marker = Marker::new(parts);
    let mut scored: Vec<Scored> = index
        .search(&query, opts.search_limit)
        .into_iter()
        .map(|cand| {
            let comparisons = marker.compare(&cand);
            let confidence = confidence(&comparisons);
            Scored {
                cand,
                comparisons,
                confidence,
            }
        })
        .collect();
    scored.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    if let Some(title) = parts.title.as_deref() {
        // Only runs of exactly equal confidence are re-ordered, so the tie-breaker costs
        // nothing in the common case.
        let mut start = 0;
        while start < scored.len() {
            let end = start
                + scored[start..]
                    .iter()
                    .take_while(|s| s.confidence == scored[start].confidence)
                    .count();
            if end - start > 1 {
                scored[start..end].sort_by_cached_key(|s| {
                    std::cmp::Reverse((char_similarity(title, &s.cand.main_title) * 1e6) as i64)
                });
            }
            start = end;
        }
    }
    scored
}

fn keys_above(scored: &[Scored], floor: f64, max: usize) -> Vec<String> {
    scored
        .iter()
        .filter(|s| s.confidence >= floor)
        .take(max)
        .map(|s| s.cand.key.clone())
        .collect()
}

/// Resolves one marker by retrieval and scoring, without document context.
pub fn resolve_parts(
    parts: &MarkerParts,
    index: &dyn SourceIndex,
    opts: &ResolveOptions,
) -> Resolution {
    resolve_scored(parts, index, opts, true)
}

/// [`resolve_parts`]; `by_suffix` allows telling works of one author and year apart by the
/// title order of the letters.
fn resolve_scored(
    parts: &MarkerParts,
    index: &dyn SourceIndex,
    opts: &ResolveOptions,
    by_suffix: bool,
) -> Resolution {
    if index.is_empty() {
        return unresolved("library has no sources");
    }
    let scored = score_candidates(parts, index, opts);
    let Some(best) = scored.first() else {
        let has_words = parts.title.is_some() || !parts.authors.is_empty();
        return unresolved(if has_words {
            "no source shares a title word or name with the citation"
        } else {
            "citation gives no title or author to look up"
        });
    };
    let second = scored.get(1).map_or(0.0, |s| s.confidence);
    if best.confidence >= opts.auto_link && best.confidence - second >= opts.margin {
        return Resolution {
            source: Some(best.cand.key.clone()),
            confidence: best.confidence,
            candidates: Vec::new(),
            reasons: reasons(&best.comparisons),
        };
    }
    if best.confidence >= opts.auto_link
        && by_suffix
        && let Some(r) = pick_by_suffix(parts, &scored, opts)
    {
        return r;
    }
    let mut reasons = reasons(&best.comparisons);
    let candidates;
    if best.confidence >= opts.floor {
        candidates = keys_above(&scored, opts.floor, opts.max_candidates);
        let close: Vec<String> = scored
            .iter()
            .take(opts.max_candidates)
            .filter(|s| best.confidence - s.confidence < opts.margin)
            .map(|s| format!("'{}' {:.2}", s.cand.key, s.confidence))
            .collect();
        reasons.push(if best.confidence >= opts.auto_link {
            format!("ambiguous: {} within {:.2}", close.join(", "), opts.margin)
        } else {
            format!(
                "below {:.2}: best '{}' {:.2}",
                opts.auto_link, best.cand.key, best.confidence
            )
        });
    } else {
        candidates = keys_above(&scored, opts.hint_floor, opts.max_candidates);
        reasons.push(format!(
            "no candidate reaches {:.2}: best '{}' {:.2}",
            opts.floor, best.cand.key, best.confidence
        ));
    }
    Resolution {
        source: None,
        confidence: best.confidence,
        candidates,
        reasons,
    }
}

/// Title without a leading article, for ordering lettered works as reference lists do.
fn sort_title(title: &str) -> String {
    let norm = normalize(title);
    for article in ["the ", "a ", "an "] {
        if let Some(rest) = norm.strip_prefix(article) {
            return rest.to_string();
        }
    }
    norm
}

/// "2014b" among close candidates of the cited year: the second by title order.
fn pick_by_suffix(
    parts: &MarkerParts,
    scored: &[Scored],
    opts: &ResolveOptions,
) -> Option<Resolution> {
    let year_text = parts.year.as_deref()?;
    let suffix = year_suffix(year_text)?;
    let year = year_value(year_text)?;
    let best = scored.first()?.confidence;
    let mut group: Vec<&Scored> = scored
        .iter()
        .filter(|s| best - s.confidence < opts.margin && s.cand.year == Some(year))
        .collect();
    if group.len() < 2 {
        return None;
    }
    group.sort_by_cached_key(|s| sort_title(&s.cand.title));
    let pos = (suffix as usize).checked_sub('a' as usize)?;
    let chosen = group.get(pos)?;
    // Works of one title (a duplicate entry, two editions) have no title order: the letter
    // cannot tell them apart.
    let title = sort_title(&chosen.cand.title);
    if group
        .iter()
        .filter(|s| sort_title(&s.cand.title) == title)
        .count()
        > 1
    {
        return None;
    }
    let mut why = vec![format!(
        "year suffix '{suffix}': work {} of {} of {year} by title order",
        pos + 1,
        group.len()
    )];
    why.extend(reasons(&chosen.comparisons));
    Some(Resolution {
        source: Some(chosen.cand.key.clone()),
        confidence: chosen.confidence.min(SUFFIX_CAP),
        candidates: Vec::new(),
        reasons: why,
    })
}

#[cfg(test)]
pub(crate) mod tests;
