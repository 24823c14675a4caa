//! Rules about single citations: `unresolved-citation`, `ambiguous-citation` and
//! `page-out-of-range`; and `reference-numbering`, about the numbers a document's numbered
//! reference list gives its items (read apart from their text by `cite`).
//!
//! Owns reading a citation's resolution and comparing its page locator with the cited
//! source's own `pages` and `pagetotal`. It does not resolve anything (resolution has done
//! that) nor compare a marker's parts with the entry (`citation-mismatch`, beside resolution).

use crate::model::{Citation, Claim, ClaimKind, Finding, LocatorLabel, Origin, PageRange, Source};

use super::pages::{self, Item};
use super::{At, CheckOptions, Library, Rule};

/// The citation rules over one document.
pub(super) fn check(at: &At, library: &Library, opts: &CheckOptions, out: &mut Vec<Finding>) {
    for claim in at.doc.claims.iter().filter(|c| !c.orphaned) {
        // A manual link to a source settles whatever the inline markers failed to say.
        let linked = claim
            .citations
            .iter()
            .any(|c| c.origin == Origin::Manual && c.resolution.source.is_some());
        for c in claim
            .citations
            .iter()
            .filter(|c| c.origin == Origin::Inline)
        {
            match &c.resolution.source {
                None if linked => {}
                None if c.resolution.candidates.is_empty() => {
                    if opts.runs(Rule::UnresolvedCitation) {
                        out.push(unresolved(at, claim, c));
                    }
                }
                None => {
                    if opts.runs(Rule::AmbiguousCitation) {
                        out.push(ambiguous(at, claim, c));
                    }
                }
                Some(key) => {
                    let source = library.get(key);
                    if let (true, Some(source)) = (opts.runs(Rule::PageOutOfRange), source)
                        && let Some(f) = page_out_of_range(at, claim, c, source)
                    {
                        out.push(f);
                    }
                }
            }
        }
    }
}

/// Most numbers a `reference-numbering` finding lists one by one.
const LISTED: usize = 12;

/// `reference-numbering`, once per document: a numbered reference list (most of its items
/// carry a number, as `cite` reads them) that skips numbers below its highest or gives one
/// number to two items. A citation of a skipped number is `unresolved-citation` besides;
/// this says what is wrong with the list itself. Located at the list's first item.
pub(super) fn numbering(at: &At, out: &mut Vec<Finding>) {
    let refs: Vec<&Claim> = at
        .doc
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Reference && !c.orphaned)
        .collect();
    let numbered: Vec<(&Claim, u32)> = refs
        .iter()
        .filter_map(|c| {
            let n = c
                .citations
                .iter()
                .find(|x| x.origin == Origin::Inline)?
                .parts
                .number?;
            Some((*c, n))
        })
        .collect();
    if numbered.len() < 2 || numbered.len() * 2 < refs.len() {
        return;
    }
    let mut first_line: std::collections::BTreeMap<u32, u32> = Default::default();
    let mut twice: Vec<String> = Vec::new();
    for &(c, n) in &numbered {
        match first_line.get(&n) {
            Some(&line) => twice.push(format!(
                "number {n} is given to the item at line {line} and to the item at line {}",
                c.line
            )),
            None => {
                first_line.insert(n, c.line);
            }
        }
    }
    let highest = numbered.iter().map(|&(_, n)| n).max().unwrap_or(0);
    // Skipped numbers as runs: "4", "7–9".
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for n in 1..highest {
        if first_line.contains_key(&n) {
            continue;
        }
        match runs.last_mut() {
            Some(last) if last.1 + 1 == n => last.1 = n,
            _ => runs.push((n, n)),
        }
    }
    if runs.is_empty() && twice.is_empty() {
        return;
    }
    let show = |&(a, b): &(u32, u32)| {
        if a == b {
            a.to_string()
        } else {
            format!("{a}–{b}")
        }
    };
    let mut said = Vec::new();
    if !runs.is_empty() {
        let mut skipped: Vec<String> = runs.iter().take(LISTED).map(show).collect();
        if runs.len() > LISTED {
            skipped.push(format!("and {} more", runs.len() - LISTED));
        }
        said.push(format!("skips {}", skipped.join(", ")));
    }
    if !twice.is_empty() {
        let mut numbers: Vec<u32> = Vec::new();
        for &(_, n) in &numbered {
            if !numbers.contains(&n) && numbered.iter().filter(|&&(_, m)| m == n).count() > 1 {
                numbers.push(n);
            }
        }
        let listed: Vec<String> = numbers.iter().take(LISTED).map(u32::to_string).collect();
        said.push(format!("gives {} to two items or more", listed.join(", ")));
    }
    let mut reasons: Vec<String> = runs
        .iter()
        .take(LISTED)
        .map(|r| {
            format!(
                "no item numbered {} (the list goes up to {highest})",
                show(r)
            )
        })
        .collect();
    reasons.extend(twice.into_iter().take(LISTED));
    let first = numbered[0].0;
    out.push(at.claim(
        Rule::ReferenceNumbering,
        first,
        format!("the numbered reference list {}", said.join(" and ")),
        reasons,
    ));
}

fn marker(c: &Citation) -> &str {
    c.marker.as_deref().unwrap_or_default()
}

fn unresolved(at: &At, claim: &Claim, c: &Citation) -> Finding {
    let mut reasons = c.resolution.reasons.clone();
    if reasons.is_empty() {
        reasons.push("no source in the library came close".into());
    }
    at.offset(
        Rule::UnresolvedCitation,
        claim,
        c.span.map(|s| s.0),
        format!("citation '{}' matches no source in the library", marker(c)),
        reasons,
    )
}

fn ambiguous(at: &At, claim: &Claim, c: &Citation) -> Finding {
    let candidates = c.resolution.candidates.join(", ");
    let mut reasons = vec![format!(
        "candidates: {candidates} (best {:.2})",
        c.resolution.confidence
    )];
    reasons.extend(c.resolution.reasons.iter().cloned());
    at.offset(
        Rule::AmbiguousCitation,
        claim,
        c.span.map(|s| s.0),
        format!("citation '{}' could be any of: {candidates}", marker(c)),
        reasons,
    )
}

/// A cited page outside the source's own page range (an article's or chapter's `pages`) or
/// above its `pagetotal`. Roman pages are compared with roman ranges only; a `pagetotal`
/// counts arabic pages.
fn page_out_of_range(at: &At, claim: &Claim, c: &Citation, source: &Source) -> Option<Finding> {
    let locator = c.locator.as_ref()?;
    let reasons = pages_outside(locator, source);
    if reasons.is_empty() {
        return None;
    }
    let mut f = at.offset(
        Rule::PageOutOfRange,
        claim,
        c.span.map(|s| s.0),
        format!(
            "citation '{}' cites page {} that {} does not have",
            marker(c),
            locator.value,
            source.key
        ),
        reasons,
    );
    f.source = Some(source.key.clone());
    Some(f)
}

fn show(r: &PageRange) -> String {
    let num = |n: u32| {
        if r.roman {
            pages::to_roman(n)
        } else {
            n.to_string()
        }
    };
    if r.start == r.end {
        format!("page {}", num(r.start))
    } else {
        format!("pages {}–{}", num(r.start), num(r.end))
    }
}

/// Why the pages `locator` cites lie outside `source` (its `pages` range, or past its
/// `pagetotal`), one reason per page range cited; empty when they fit, when the locator is
/// not a page, or when the source says nothing of its pages. What `page-out-of-range` reports,
/// and what `annobib link --page` refuses.
pub fn pages_outside(locator: &crate::model::Locator, source: &Source) -> Vec<String> {
    if locator.label != LocatorLabel::Page {
        return Vec::new();
    }
    let own: Vec<PageRange> = source
        .get("pages")
        .and_then(|p| pages::parse(p).ok())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| match i {
            Item::Range(r) => Some(r),
            Item::Other => None,
        })
        .collect();
    let total: Option<u32> = source.get("pagetotal").and_then(|t| t.trim().parse().ok());
    let mut reasons = Vec::new();
    for cited in &locator.pages {
        let comparable: Vec<&PageRange> = own.iter().filter(|r| r.roman == cited.roman).collect();
        let inside = comparable
            .iter()
            .any(|r| r.start <= cited.start && cited.end <= r.end);
        let verb = if cited.start == cited.end {
            "is"
        } else {
            "are"
        };
        if !comparable.is_empty() && !inside {
            reasons.push(format!(
                "cited {} {verb} outside pages = {{{}}}",
                show(cited),
                source.get("pages").unwrap_or_default()
            ));
        } else if let Some(t) = total.filter(|&t| !cited.roman && cited.end > t) {
            reasons.push(format!(
                "cited {} {verb} beyond pagetotal = {{{t}}}",
                show(cited)
            ));
        }
    }
    reasons
}
