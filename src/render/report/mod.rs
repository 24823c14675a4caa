//! The citation report: what the essays claim, what supports it, and what `check` found,
//! written as terminal tables, Markdown, JSON or one self-contained HTML file.
//!
//! `model` builds the report's data once; `text`, `markdown`, `json` and `html` only write
//! it. The annotated bibliography inside a report comes from `render::bibliography`. Nothing
//! here reads files or decides where output goes.

pub mod html;
mod inline;
pub mod json;
pub mod markdown;
mod model;
pub mod text;

use std::io::{self, Write};

pub use model::{
    ClaimRow, ClaimStatus, ClaimStatuses, Counts, DocumentSummary, FromFindings, Report,
    SectionCoverage, SourceUse, UNCITED_RULE, UncitedClaim, UnresolvedCitation, claim_labels,
};

use crate::model::Document;
use crate::render::TableOptions;

/// The formats a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// Terminal tables.
    #[default]
    Table,
    /// A Markdown document with pipe tables.
    Markdown,
    /// One JSON object (docs/report.md).
    Json,
    /// One self-contained HTML page.
    Html,
}

/// Writes `report` in `format`. `documents` are the ones the report was built from; only the
/// HTML page uses them (it renders their text). `opts` only matter for tables.
pub fn write(
    out: &mut dyn Write,
    format: ReportFormat,
    report: &Report,
    documents: &[Document],
    opts: &TableOptions,
) -> io::Result<()> {
    match format {
        ReportFormat::Table => text::write(out, report, opts),
        ReportFormat::Markdown => markdown::write(out, report),
        ReportFormat::Json => json::write(out, report),
        ReportFormat::Html => html::write(out, report, documents),
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod model_tests;
#[cfg(test)]
mod output_tests;
