//! Rules about claims: `uncited-claim` (a claim that needs a citation has none) and
//! `missing-locator` (a citation without a page on a claim that quotes or gives a statistic).
//!
//! Owns which claims count (kind `Claim`, not exempt, not orphaned), what covers a claim (its
//! own citations, or with `Scope::Paragraph` a citation later in its paragraph), and the facts
//! `coverage` tabulates. The score itself comes from `need`.

use crate::model::{CitationStyle, Claim, ClaimKind, Document, Finding, Origin};

use super::need::{self, Need, SignalKind};
use super::{At, CheckOptions, Rule, Scope};

/// What the rules know about one unit of a document.
pub(super) struct Facts<'a> {
    pub claim: &'a Claim,
    /// The score, for claims of running text only.
    pub need: Option<Need>,
    /// It carries a citation of its own (inline or manual).
    pub cited: bool,
    /// A later sentence of its paragraph carries one and the scope is `Paragraph`.
    pub covered: bool,
}

impl Facts<'_> {
    /// Counted by `uncited-claim`: running text, neither exempt nor orphaned.
    pub fn checked(&self) -> bool {
        self.claim.kind == ClaimKind::Claim && self.claim.exempt.is_none() && !self.claim.orphaned
    }

    pub fn needs(&self, threshold: f64) -> bool {
        self.need
            .as_ref()
            .is_some_and(|n| n.needs_citation(threshold))
    }

    /// Needs a citation and has none that covers it.
    pub fn uncited(&self, threshold: f64) -> bool {
        self.checked() && self.needs(threshold) && !self.cited && !self.covered
    }
}

/// The facts of every unit of `doc`, in order. Claims of running text are scored when `all`,
/// else only where a rule will read the score: uncovered claims, and claims whose inline
/// citations lack a locator.
pub(super) fn facts(doc: &Document, scope: Scope, all: bool) -> Vec<Facts<'_>> {
    let mut out: Vec<Facts> = doc
        .claims
        .iter()
        .map(|claim| Facts {
            claim,
            need: None,
            cited: !claim.citations.is_empty(),
            covered: false,
        })
        .collect();
    if scope == Scope::Paragraph {
        // Walking backwards, a paragraph is covered from its last cited sentence back.
        let mut cited_later: Option<u32> = None;
        for f in out.iter_mut().rev() {
            let p = f.claim.paragraph;
            if cited_later.is_some_and(|q| q != p) {
                cited_later = None;
            }
            f.covered = cited_later == Some(p);
            if f.cited && !f.claim.orphaned {
                cited_later = Some(p);
            }
        }
    }
    let positions = need::positions(&doc.claims);
    for (i, f) in out.iter_mut().enumerate() {
        if f.claim.kind != ClaimKind::Claim {
            continue;
        }
        let unlocated = f
            .claim
            .citations
            .iter()
            .any(|c| c.origin == Origin::Inline && c.locator.is_none());
        if all || !f.cited && !f.covered || unlocated {
            f.need = Some(need::assess_claim(f.claim, positions[i]));
        }
    }
    out
}

/// `uncited-claim` and `missing-locator` over one document. The index in `out` and the
/// probability of each `uncited-claim` finding go to `ranked`, so `run` can put the strongest
/// first.
pub(super) fn check(
    at: &At,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
    ranked: &mut Vec<(usize, f64)>,
) {
    let uncited = opts.runs(Rule::UncitedClaim);
    let locator = opts.runs(Rule::MissingLocator);
    if !uncited && !locator {
        return;
    }
    for f in facts(at.doc, opts.scope, false) {
        if uncited && f.uncited(opts.threshold) {
            let need = f.need.as_ref().expect("uncovered claims are scored");
            let strength = need.strength(opts.threshold).map_or("weak", |s| s.as_str());
            out.push(at.claim(
                Rule::UncitedClaim,
                f.claim,
                format!(
                    "claim needs a citation and has none ({strength}): {}",
                    need.summary()
                ),
                need.reason_lines(),
            ));
            ranked.push((out.len() - 1, need.probability));
        }
        if locator && !f.claim.orphaned {
            missing_locator(at, &f, out);
        }
    }
}

/// One finding per inline citation without a locator on a claim that quotes or states a
/// statistic. Back-references ("ibid.") repeat the previous locator and reference-list items
/// name whole works, so neither is asked for one.
fn missing_locator(at: &At, f: &Facts, out: &mut Vec<Finding>) {
    let Some(need) = &f.need else { return };
    let quote = need.find(|k| k == SignalKind::Quotation);
    let statistic = need.find(SignalKind::is_statistic);
    if quote.is_none() && statistic.is_none() {
        return;
    }
    let what = if quote.is_some() {
        "quotes"
    } else {
        "states a statistic"
    };
    for c in &f.claim.citations {
        let wants_locator = c.origin == Origin::Inline
            && !matches!(
                c.style,
                Some(CitationStyle::Ibid | CitationStyle::Reference)
            );
        if !wants_locator || c.locator.is_some() {
            continue;
        }
        let marker = c.marker.as_deref().unwrap_or_default();
        let mut finding = at.offset(
            Rule::MissingLocator,
            f.claim,
            c.span.map(|s| s.0),
            format!("citation '{marker}' gives no page or other locator, but the claim {what}"),
            [quote, statistic]
                .into_iter()
                .flatten()
                .map(|s| s.to_string())
                .collect(),
        );
        finding.source = c.resolution.source.clone();
        out.push(finding);
    }
}
