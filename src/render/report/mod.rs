//! The citation report: what the essays claim, what supports it, and what `check` found,
//! written as terminal tables, Markdown, JSON or one self-contained HTML file.
//!
//! `model` builds the report's data once; `text`, `markdown`, `json` and `html` only write
//! it. The annotated bibliography inside a report comes from `render::bibliography`.

mod model;

pub use model::{
    ClaimRow, ClaimStatus, ClaimStatuses, Counts, DocumentSummary, FromFindings, Report,
    SectionCoverage, SourceUse, UNCITED_RULE, UncitedClaim, UnresolvedCitation, claim_labels,
};

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod model_tests;
