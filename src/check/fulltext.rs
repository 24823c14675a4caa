//! Rules over the full text attached to a cited source (`annobib attach`): `quote-not-found`
//! (a quotation of the claim, or of its link, is not on the cited pages: said where it is, if
//! anywhere) and `page-mismatch` (the claim's words fit another page far better than the cited
//! one). Only citations with a page locator to a source with an attached text are looked at.
//!
//! Owns: which pages a locator names in an attachment, and the comparison of a claim with
//! pages (distinctive words shared, weighted by rarity among the attachment's pages). The
//! thresholds are set to flag only clear cases: a right page wrongly flagged costs the writer
//! more than a wrong page missed.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use crate::fulltext::{Prepared, cited_numbers, quotations};
use crate::model::{Attachment, Citation, Claim, Finding, Page};
use crate::suggest::words;

use super::{At, CheckOptions, Rule};

/// A page must score this many times the cited page's score to be "far better".
const FAR_BETTER: f64 = 2.0;
/// ...and share at least this many distinct words with the claim.
const MIN_SHARED: usize = 4;

/// The full-text rules over one document.
pub(super) fn check(
    at: &At,
    attachments: &FxHashMap<&str, &Attachment>,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    if attachments.is_empty() {
        return;
    }
    // Each attached text is read once for all the claims that cite it, when the first does.
    let mut prepared: HashMap<&str, Prepared> = HashMap::new();
    for claim in at.doc.claims.iter().filter(|c| !c.orphaned) {
        for c in &claim.citations {
            let Some(key) = c.resolution.source.as_deref() else {
                continue;
            };
            let Some(&att) = attachments.get(key) else {
                continue;
            };
            let Some(cited) = cited_pages(c, att) else {
                continue;
            };
            let att = prepared.entry(key).or_insert_with(|| Prepared::new(att));
            let mut quotes = quotations(&claim.text);
            quotes.extend(c.quote.iter().cloned());
            if !quotes.is_empty() {
                if opts.runs(Rule::QuoteNotFound) {
                    for q in &quotes {
                        if let Some(f) = quote_not_found(at, claim, c, att, &cited, q) {
                            out.push(f);
                        }
                    }
                }
            } else if opts.runs(Rule::PageMismatch)
                && let Some(f) = page_mismatch(at, claim, c, att, &cited)
            {
                out.push(f);
            }
        }
    }
}

/// The printed page numbers a citation's page locator names that the attachment has; `None`
/// when it names no page (no locator, another label) or none of them is attached.
fn cited_pages(c: &Citation, att: &Attachment) -> Option<Vec<String>> {
    let out: Vec<String> = cited_numbers(c.locator.as_ref()?)
        .into_iter()
        .filter(|&n| att.page(n).is_some())
        .map(|n| n.to_string())
        .collect();
    (!out.is_empty()).then_some(out)
}

fn shown(quote: &str) -> String {
    let words: Vec<&str> = quote.split_whitespace().collect();
    if words.len() > 12 {
        format!("{} …", words[..12].join(" "))
    } else {
        words.join(" ")
    }
}

fn quote_not_found(
    at: &At,
    claim: &Claim,
    c: &Citation,
    prepared: &Prepared,
    cited: &[String],
    quote: &str,
) -> Option<Finding> {
    let att = prepared.attachment;
    let found = prepared.quoting(quote);
    if found.iter().any(|p| cited.iter().any(|c| c == p)) {
        return None;
    }
    let key = &att.key;
    let cited_text = format!("p. {}", cited.join(", "));
    let (message, reasons) = if found.is_empty() {
        (
            format!(
                "quotation \"{}\" is not in the text attached to {key}",
                shown(quote)
            ),
            vec![format!(
                "searched its {} pages ({}), from {}",
                att.pages.len(),
                att.range(),
                att.file
            )],
        )
    } else {
        (
            format!(
                "quotation \"{}\" is on p. {} of {key}, not on the cited {cited_text}",
                shown(quote),
                found.join(", ")
            ),
            vec![format!("found in the text attached from {}", att.file)],
        )
    };
    let mut f = at.offset(
        Rule::QuoteNotFound,
        claim,
        c.span.map(|s| s.0),
        message,
        reasons,
    );
    f.source = Some(key.clone());
    Some(f)
}

/// Each page's distinctive words shared with the claim, weighted by their rarity among the
/// attachment's pages.
fn page_scores<'p>(
    claim_words: &HashSet<String>,
    prepared: &Prepared<'p>,
) -> Vec<(&'p Page, f64, Vec<String>)> {
    let pages = &prepared.attachment.pages;
    let page_words = prepared.words();
    let n = pages.len() as f64;
    let mut df: HashMap<&str, usize> = HashMap::new();
    for w in claim_words {
        df.insert(w, page_words.iter().filter(|p| p.contains(w)).count());
    }
    pages
        .iter()
        .zip(page_words)
        .map(|(p, ws)| {
            let mut shared: Vec<String> = claim_words
                .iter()
                .filter(|w| ws.contains(*w))
                .cloned()
                .collect();
            shared.sort();
            let score = shared
                .iter()
                .map(|w| ((n + 1.0) / (df[w.as_str()] as f64 + 0.5)).ln().max(0.0))
                .sum();
            (p, score, shared)
        })
        .collect()
}

fn page_mismatch(
    at: &At,
    claim: &Claim,
    c: &Citation,
    prepared: &Prepared,
    cited: &[String],
) -> Option<Finding> {
    let att = prepared.attachment;
    if att.pages.len() < 2 {
        return None;
    }
    let claim_words = words(&super::need::masked(claim));
    let scores = page_scores(&claim_words, prepared);
    let on_cited = scores
        .iter()
        .filter(|(p, _, _)| cited.contains(&p.label))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let best = scores
        .iter()
        .filter(|(p, _, _)| !cited.contains(&p.label))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let only_there: usize = best.2.iter().filter(|w| !on_cited.2.contains(w)).count();
    if best.1 < FAR_BETTER * on_cited.1.max(0.5) || best.2.len() < MIN_SHARED || only_there < 2 {
        return None;
    }
    let list = |ws: &[String]| {
        if ws.is_empty() {
            "no distinctive word".to_string()
        } else {
            ws.join(", ")
        }
    };
    let message = format!(
        "the claim's words fit p. {} of {} far better than the cited p. {}",
        best.0.label,
        att.key,
        cited.join(", ")
    );
    // Rounded to one place, and never "-0.0".
    let score = |s: f64| (s * 10.0).round().max(0.0) / 10.0;
    let reasons = vec![
        format!(
            "p. {} shares {} (score {:.1})",
            best.0.label,
            list(&best.2),
            score(best.1)
        ),
        format!(
            "p. {} shares {} (score {:.1})",
            on_cited.0.label,
            list(&on_cited.2),
            score(on_cited.1)
        ),
    ];
    let mut f = at.offset(
        Rule::PageMismatch,
        claim,
        c.span.map(|s| s.0),
        message,
        reasons,
    );
    f.source = Some(att.key.clone());
    Some(f)
}
