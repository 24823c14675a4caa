//! `citation-mismatch`: a resolved citation whose own text disagrees with the library entry it
//! resolved to: title words or subtitle, year, publisher, place, author spelling.
//!
//! The comparison is the resolver's own (`cite::compare`), so the finding names exactly the
//! fields and values that weighed in the match: the check reports what resolution noticed
//! but tolerated. Citations by key (pandoc, LaTeX), back-references and reference-list items
//! carry no descriptive text to compare and are skipped.

use crate::cite::compare::{Field, Outcome, compare};
use crate::model::{Candidate, Citation, CitationStyle, Claim, ClaimKind, Finding, Origin};

use super::{At, CheckOptions, Library, Rule};

/// Fields whose disagreement is worth a finding (a key names, it does not describe).
const COMPARED: [Field; 5] = [
    Field::Title,
    Field::Author,
    Field::Year,
    Field::Publisher,
    Field::Place,
];

/// The mismatch rule over one document.
pub(super) fn check(at: &At, library: &Library, opts: &CheckOptions, out: &mut Vec<Finding>) {
    if !opts.runs(Rule::CitationMismatch) {
        return;
    }
    for claim in at
        .doc
        .claims
        .iter()
        .filter(|c| !c.orphaned && c.kind == ClaimKind::Claim)
    {
        for c in claim.citations.iter().filter(|c| described(c)) {
            let Some(source) = c.resolution.source.as_deref().and_then(|k| library.get(k)) else {
                continue;
            };
            if let Some(f) = mismatch(at, claim, c, &Candidate::from_source(source)) {
                out.push(f);
            }
        }
    }
}

/// An inline citation whose text describes the work (not a key or a back-reference).
fn described(c: &Citation) -> bool {
    c.origin == Origin::Inline
        && !matches!(
            c.style,
            Some(CitationStyle::Pandoc | CitationStyle::Latex | CitationStyle::Ibid) | None
        )
}

fn mismatch(at: &At, claim: &Claim, c: &Citation, source: &Candidate) -> Option<Finding> {
    let differing: Vec<_> = compare(&c.parts, source)
        .into_iter()
        .filter(|x| x.outcome == Outcome::Differs && COMPARED.contains(&x.field))
        .collect();
    if differing.is_empty() {
        return None;
    }
    let fields: Vec<&str> = differing.iter().map(|x| x.field.as_str()).collect();
    let mut fields_dedup = fields.clone();
    fields_dedup.dedup();
    let reasons = differing
        .iter()
        .map(|x| {
            let mut r = format!(
                "{}: cited '{}', library '{}'",
                x.against.as_str(),
                x.cited.as_deref().unwrap_or_default(),
                x.library.as_deref().unwrap_or_default()
            );
            if let Some((cited, library)) = &x.excerpt {
                r.push_str(&format!("; they differ at '{cited}' vs '{library}'"));
            }
            r
        })
        .collect();
    let mut f = at.offset(
        Rule::CitationMismatch,
        claim,
        c.span.map(|s| s.0),
        format!(
            "citation text disagrees with {} in its {}",
            source.key,
            fields_dedup.join(", ")
        ),
        reasons,
    );
    f.source = Some(source.key.clone());
    Some(f)
}
