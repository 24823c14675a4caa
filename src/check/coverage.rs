//! Citation coverage per document and section: how many claims, how many cited, how many need
//! a citation and lack one (and how many of those are strong, medium, weak), how many the user
//! exempted.
//!
//! Owns the table only; what counts as cited, needing and exempt is decided in `claims`, so
//! the table always agrees with what `uncited-claim` reports.

use serde::Serialize;

use super::claims::{Facts, facts};
use super::need::Strength;
use super::{CheckInput, CheckOptions};

/// One row of the coverage table: a section of a document, or the document's total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    /// The document, as displayed.
    pub document: String,
    /// The section heading; `None` for the text before the first heading, and for the total.
    pub section: Option<String>,
    /// True for the document's total row (the last row of each document).
    pub total: bool,
    /// Claims of running text (orphans excluded).
    pub claims: u32,
    /// Claims with a citation of their own, or covered by a later one in their paragraph when
    /// the scope is `Paragraph`.
    pub cited: u32,
    /// Claims the scorer says need a citation (cited or not, exempt ones excluded).
    pub needing: u32,
    /// Claims that need a citation and have none: what `uncited-claim` reports.
    pub uncited: u32,
    /// Claims the user exempted.
    pub exempt: u32,
    /// Of the `uncited`, how many the scorer is sure of (probability at the strong cut or
    /// above), fairly sure of (the medium cut) and less sure of: see docs/needs-citation.md.
    pub strong: u32,
    /// See `strong`.
    pub medium: u32,
    /// See `strong`.
    pub weak: u32,
}

impl CoverageRow {
    fn new(document: &str, section: Option<String>, total: bool) -> Self {
        CoverageRow {
            document: document.to_string(),
            section,
            total,
            claims: 0,
            cited: 0,
            needing: 0,
            uncited: 0,
            exempt: 0,
            strong: 0,
            medium: 0,
            weak: 0,
        }
    }

    fn add(&mut self, f: &Facts, threshold: f64) {
        self.claims += 1;
        self.cited += u32::from(f.cited || f.covered);
        self.exempt += u32::from(f.claim.exempt.is_some());
        self.needing += u32::from(f.claim.exempt.is_none() && f.needs(threshold));
        if f.uncited(threshold) {
            self.uncited += 1;
            match f.need.as_ref().and_then(|n| n.strength(threshold)) {
                Some(Strength::Strong) => self.strong += 1,
                Some(Strength::Medium) => self.medium += 1,
                _ => self.weak += 1,
            }
        }
    }
}

/// Rows per document: one per section in document order (sections without claims of running
/// text are left out), then the document's total.
pub fn coverage(input: &CheckInput, opts: &CheckOptions) -> Vec<CoverageRow> {
    let mut rows = Vec::new();
    for (i, doc) in input.documents.iter().enumerate() {
        let path = input.display(i);
        let mut total = CoverageRow::new(path, None, true);
        let mut sections: Vec<CoverageRow> = Vec::new();
        let claims = facts(doc, opts.scope, true);
        for f in claims
            .iter()
            .filter(|f| f.claim.kind == crate::model::ClaimKind::Claim && !f.claim.orphaned)
        {
            let section = &f.claim.section;
            if sections.last().is_none_or(|r| &r.section != section) {
                sections.push(CoverageRow::new(path, section.clone(), false));
            }
            let row = sections.last_mut().expect("pushed above");
            row.add(f, opts.threshold);
            total.add(f, opts.threshold);
        }
        rows.extend(sections);
        rows.push(total);
    }
    rows
}
