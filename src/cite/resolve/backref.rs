//! Back-references within a document: "ibid." and short forms of earlier citations.
//!
//! Owns: resolving an ibid to the previous citation's outcome, and a short form ("(The History
//! of the ROK-US Alliance: 1953-2013, 25)", "Finley, US Military Experience, 152") to the
//! source of an earlier, fuller citation or of a reference-list item of the same document.
//! Does not own: resolving a marker on its own evidence (the parent module).

use std::collections::HashMap;

use crate::model::{Citation, CitationStyle, MarkerParts, Resolution, SourceIndex};

use super::{ResolveOptions, reasons, unresolved};
use crate::cite::compare::compare;
use crate::cite::names::{lookup_names, names_agree};
use crate::cite::normalize::{contains_all, content_tokens, normalize, token_f1};
use crate::cite::title::{split_main, title_score};

/// The previous citation's outcome, or unresolved when there is none.
pub(super) fn resolve_ibid(previous: Option<&Citation>) -> Resolution {
    let Some(p) = previous else {
        return unresolved("ibid.: no previous citation");
    };
    let mut reasons = vec!["ibid.: same as previous citation".to_string()];
    if p.resolution.source.is_none() {
        reasons.push("previous citation is unresolved".to_string());
    }
    Resolution {
        source: p.resolution.source.clone(),
        confidence: p.resolution.confidence,
        candidates: p.resolution.candidates.clone(),
        reasons,
    }
}

/// Longest marker text quoted in a "short form of" reason.
const QUOTE_CHARS: usize = 48;

/// A resolved citation a later short form can refer to.
struct Anchor {
    /// 1-based position among the document's citations.
    ordinal: usize,
    /// True for a reference-list item.
    reference: bool,
    /// The marker, shortened for a reason.
    quote: String,
    parts: MarkerParts,
    /// How many of title, authors, year, publisher and place it gives.
    fullness: usize,
    source: String,
    confidence: f64,
    /// The source's main and full title: a short form is made from the real title even when
    /// the full citation misquoted it.
    source_titles: Option<(String, String)>,
}

/// The resolved citations so far (and all reference-list items), one per source and title.
#[derive(Default)]
pub(super) struct Anchors {
    list: Vec<Anchor>,
    /// (source, normalised title) -> position in `list`: a repeated citation is one anchor.
    seen: HashMap<(String, String), usize>,
    /// Title words and (prefixed with `@`) family names -> anchors having them, so a short
    /// form is scored only against anchors sharing its rarest words, never against all.
    by_word: HashMap<String, Vec<usize>>,
}

/// The words an anchor is found by, and a short form looks anchors up by.
fn lookup_keys(p: &MarkerParts) -> Vec<String> {
    let mut keys: Vec<String> = p.title.as_deref().map(content_tokens).unwrap_or_default();
    keys.extend(
        p.authors
            .iter()
            .filter_map(|a| lookup_names(a).into_iter().next())
            .map(|f| format!("@{f}")),
    );
    keys
}

/// Only a note names an earlier work by its author alone ("Finley, 152"); an MLA or
/// author-date marker without a title is resolved on the library's evidence.
fn style_allows_authors_only(style: Option<CitationStyle>) -> bool {
    style == Some(CitationStyle::Note)
}

fn fullness(p: &MarkerParts) -> usize {
    [
        p.title.is_some(),
        !p.authors.is_empty(),
        p.year.is_some(),
        p.publisher.is_some(),
        p.place.is_some(),
    ]
    .into_iter()
    .filter(|&b| b)
    .count()
}

fn quote(marker: Option<&str>) -> String {
    let m = marker.unwrap_or("");
    if m.chars().count() <= QUOTE_CHARS {
        m.to_string()
    } else {
        let cut: String = m.chars().take(QUOTE_CHARS).collect();
        // End on a word boundary so a number or a name is not cut in half.
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
        format!("{cut} …")
    }
}

/// A short title made of words of the full title: Chicago shortens to up to four key words.
fn key_words_of(short: &str, full: &str, main: &str) -> f64 {
    let words = content_tokens(short);
    let full_words = content_tokens(full);
    let mut distinct = words.clone();
    distinct.sort();
    distinct.dedup();
    // Two different words at least: one word repeated says too little.
    if distinct.len() >= 2 && contains_all(&full_words, &words) {
        0.9 + 0.1 * token_f1(&words, &content_tokens(main))
    } else {
        0.0
    }
}

/// How well a short form matches an anchor: by title, against the anchor's title and its
/// source's, taking key words of the full title as at least 0.9; only if the authors agree
/// when both give authors. Without a title, a note matches on authors alone.
fn short_form_score(
    short: &MarkerParts,
    style: Option<CitationStyle>,
    anchor: &Anchor,
) -> Option<f64> {
    let full = &anchor.parts;
    if !short.authors.is_empty()
        && !full.authors.is_empty()
        && !short
            .authors
            .iter()
            .all(|a| full.authors.iter().any(|b| names_agree(a, b)))
    {
        return None;
    }
    let Some(st) = short.title.as_deref() else {
        let by_authors = style_allows_authors_only(style)
            && !short.authors.is_empty()
            && !full.authors.is_empty();
        return by_authors.then_some(1.0);
    };
    let mut titles: Vec<(&str, &str)> = Vec::new();
    if let Some(ft) = full.title.as_deref() {
        titles.push((split_main(ft).0, ft));
    }
    if let Some((main, ft)) = &anchor.source_titles {
        titles.push((main, ft));
    }
    titles
        .into_iter()
        .map(|(main, ft)| title_score(st, main, ft, None).max(key_words_of(st, ft, main)))
        .max_by(f64::total_cmp)
}

impl Anchors {
    /// Records citation `i` if it resolved to a source.
    pub(super) fn add(&mut self, i: usize, c: &Citation, index: &dyn SourceIndex) {
        let Some(source) = c.resolution.source.clone() else {
            return;
        };
        let title = c.parts.title.as_deref().map(normalize).unwrap_or_default();
        let anchor = Anchor {
            ordinal: i + 1,
            reference: c.style == Some(CitationStyle::Reference),
            quote: quote(c.marker.as_deref()),
            parts: (*c.parts).clone(),
            fullness: fullness(&c.parts),
            source_titles: None,
            confidence: c.resolution.confidence,
            source,
        };
        match self.seen.get(&(anchor.source.clone(), title.clone())) {
            Some(&at) if self.list[at].fullness > anchor.fullness => {
                // A listed work the running text cites is a work cited before, though the
                // list's fuller item stays its anchor.
                self.list[at].reference &= anchor.reference;
            }
            Some(&at) => {
                let titles = self.list[at].source_titles.take();
                self.list[at] = Anchor {
                    source_titles: titles,
                    ..anchor
                };
            }
            None => {
                let titles = index
                    .by_key(&anchor.source)
                    .map(|c| (c.main_title, c.title));
                let at = self.list.len();
                let mut keys = lookup_keys(&anchor.parts);
                keys.extend(titles.iter().flat_map(|(_, full)| content_tokens(full)));
                keys.sort();
                keys.dedup();
                for k in keys {
                    self.by_word.entry(k).or_default().push(at);
                }
                self.seen.insert((anchor.source.clone(), title), at);
                self.list.push(Anchor {
                    source_titles: titles,
                    ..anchor
                });
            }
        }
    }

    /// Resolves `c` as the short form of an anchor when it gives a title or authors but no
    /// year, publisher or place. The best title match wins; on a tie an earlier citation over
    /// a reference-list item, then the fuller, then the more recent.
    pub(super) fn short_form(
        &self,
        c: &Citation,
        index: &dyn SourceIndex,
        opts: &ResolveOptions,
    ) -> Option<Resolution> {
        let p = &c.parts;
        if p.year.is_some() || p.publisher.is_some() || p.place.is_some() {
            return None;
        }
        let by_authors = style_allows_authors_only(c.style) && !p.authors.is_empty();
        if p.title.is_none() && !by_authors {
            return None;
        }
        // A match needs most of the short form's words, so the lists of its two rarest words
        // hold every anchor that can match.
        let keys = lookup_keys(p);
        let mut lists: Vec<&Vec<usize>> = keys.iter().filter_map(|k| self.by_word.get(k)).collect();
        lists.sort_by_key(|l| l.len());
        let mut near: Vec<usize> = lists
            .iter()
            .take(2)
            .flat_map(|l| l.iter().copied())
            .collect();
        near.sort_unstable();
        near.dedup();
        let fitting: Vec<(f64, &Anchor)> = near
            .into_iter()
            .map(|i| &self.list[i])
            .filter_map(|a| short_form_score(p, c.style, a).map(|s| (s, a)))
            .filter(|(s, _)| *s >= opts.auto_link)
            .collect();
        // Authors alone name one work only when the document has cited one work of theirs
        // before (else, when its list holds one): a style adds the title when there are two
        // ("Menzel et al." after notes on two works of Menzel is ambiguous, not the more
        // recent).
        let mut fitting = fitting;
        if p.title.is_none() {
            // "Liu, 206–8." names a work of Liu alone, "Liu et al." one of more: between works
            // of one family name, the count tells them apart (as a list's items do).
            let et_al = c
                .marker
                .as_deref()
                .is_some_and(|m| m.contains("et al") || m.contains("and others"));
            let cited = p.authors.len();
            let count_fits = |a: &Anchor| {
                index.by_key(&a.source).is_none_or(|s| {
                    let n = s.names.len();
                    n == 0 || if et_al { n > cited } else { n == cited }
                })
            };
            if fitting.iter().any(|(_, a)| count_fits(a)) {
                fitting.retain(|(_, a)| count_fits(a));
            }
            let cited_before = fitting.iter().any(|(_, a)| !a.reference);
            let mut sources: Vec<String> = Vec::new();
            for (_, a) in fitting.iter().filter(|(_, a)| a.reference != cited_before) {
                if !sources.contains(&a.source) {
                    sources.push(a.source.clone());
                }
            }
            if sources.len() > 1 {
                let n = sources.len();
                sources.truncate(opts.max_candidates);
                return Some(Resolution {
                    source: None,
                    confidence: 0.0,
                    candidates: sources,
                    reasons: vec![format!(
                        "ambiguous: the authors alone fit {n} works the document cites, and no title tells them apart"
                    )],
                });
            }
        }
        // Two works that fit alike, both only listed or both cited before (one work entered
        // twice: "McMahon and Nelmes, “Observation of a Wurtzite Form”" fits both): no order
        // between them is evidence.
        let top = fitting.iter().map(|(s, _)| *s).fold(f64::MIN, f64::max);
        let level: Vec<&Anchor> = fitting
            .iter()
            .filter(|(s, _)| *s >= top - 1e-9)
            .map(|(_, a)| *a)
            .collect();
        let cited = level.iter().any(|a| !a.reference);
        let mut alike: Vec<String> = Vec::new();
        for a in level.iter().filter(|a| a.reference != cited) {
            if !alike.contains(&a.source) {
                alike.push(a.source.clone());
            }
        }
        if alike.len() > 1 {
            let n = alike.len();
            alike.truncate(opts.max_candidates);
            return Some(Resolution {
                source: None,
                confidence: 0.0,
                candidates: alike,
                reasons: vec![format!(
                    "ambiguous: the short form fits {n} works the document cites alike"
                )],
            });
        }
        let (score, anchor) = fitting.into_iter().max_by(|(sa, a), (sb, b)| {
            sa.total_cmp(sb)
                .then(b.reference.cmp(&a.reference))
                .then(a.fullness.cmp(&b.fullness))
                .then(a.ordinal.cmp(&b.ordinal))
        })?;
        let what = if anchor.reference {
            "reference-list item"
        } else {
            "the citation at"
        };
        let mut why = vec![format!(
            "short form of {what} #{} '{}'",
            anchor.ordinal, anchor.quote
        )];
        if let Some(cand) = index.by_key(&anchor.source) {
            why.extend(reasons(&compare(p, &cand)));
        }
        Some(Resolution {
            source: Some(anchor.source.clone()),
            confidence: (anchor.confidence * score).min(1.0),
            candidates: Vec::new(),
            reasons: why,
        })
    }
}
