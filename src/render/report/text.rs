//! The report for a terminal: a summary line, then one table per part (coverage by section,
//! sources by use, claims needing a citation, unresolved citations, findings) through the
//! shared listing and table helpers, then the annotated bibliography as plain text.
//!
//! This file also owns the listings themselves (columns and rows), which the Markdown output
//! reuses, so both show the same data. It does not compute anything the model has not.

use std::io::{self, Write};

use super::model::{Counts, Report};
use crate::render::TableOptions;
use crate::render::listing::{Cell, Column, ListFormat, Listing};

/// The one-line summary: "1 document, 60 claims: 4 cited, 3 need a citation, ...".
pub(super) fn summary(report: &Report) -> String {
    let t = &report.totals;
    let docs = report.documents.len();
    let mut s = format!(
        "{docs} document{}, {} claim{}: {} cited, {} need{} a citation, {} exempt, {} need{} none",
        plural(docs),
        t.claims,
        plural(t.claims),
        t.cited,
        t.needs_citation,
        if t.needs_citation == 1 { "s" } else { "" },
        t.exempt,
        t.not_needed,
        if t.not_needed == 1 { "s" } else { "" },
    );
    if t.unresolved > 0 {
        // Shown only when there are some, so a report without them reads as before.
        s.push_str(&format!(
            ", {} cited only by unresolved citations (not covered)",
            t.unresolved
        ));
    }
    if let Some(c) = t.coverage {
        s.push_str(&format!("; coverage {}", percent(Some(c))));
    }
    let orphaned: usize = report.documents.iter().map(|d| d.orphaned).sum();
    if orphaned > 0 {
        s.push_str(&format!("; {orphaned} orphaned (not counted)"));
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `57.1%`, or `–` when no claim needs support.
pub(super) fn percent(coverage: Option<f64>) -> String {
    coverage.map_or("–".to_string(), |c| format!("{:.1}%", c * 100.0))
}

const fn col(name: &'static str, header: &'static str) -> Column {
    Column { name, header }
}

/// The count cells of a row; the unresolved column only when `unresolved` (some claim of
/// the report is cited only by unresolved citations).
fn count_cells(c: &Counts, unresolved: bool) -> Vec<Cell> {
    let int = |n: usize| Cell::Int(n as i64);
    let mut cells = vec![int(c.claims), int(c.cited)];
    if unresolved {
        cells.push(int(c.unresolved));
    }
    cells.extend([
        int(c.needs_citation),
        int(c.exempt),
        int(c.not_needed),
        Cell::Text(percent(c.coverage)),
    ]);
    cells
}

/// Coverage by section, with a document column when there are several documents, and a
/// closing row for all of them.
pub(super) fn coverage(report: &Report) -> Listing {
    let many = report.documents.len() > 1;
    let mut columns = Vec::new();
    if many {
        columns.push(col("document", "Document"));
    }
    let unresolved = report.totals.unresolved > 0;
    columns.extend([
        col("section", "Section"),
        col("claims", "Claims"),
        col("cited", "Cited"),
    ]);
    if unresolved {
        columns.push(col("unresolved", "Unresolved only"));
    }
    columns.extend([
        col("needs_citation", "Needs citation"),
        col("exempt", "Exempt"),
        col("not_needed", "Not needed"),
        col("coverage", "Coverage"),
    ]);
    let mut rows: Vec<Vec<Cell>> = report
        .sections
        .iter()
        .map(|s| {
            let mut row = Vec::new();
            if many {
                row.push(Cell::Text(s.document.clone()));
            }
            row.push(Cell::Text(
                s.section
                    .clone()
                    .unwrap_or_else(|| "(before the first heading)".into()),
            ));
            row.extend(count_cells(&s.counts, unresolved));
            row
        })
        .collect();
    let mut total = Vec::new();
    if many {
        total.push(Cell::Null);
    }
    total.push(Cell::Text("All sections".into()));
    total.extend(count_cells(&report.totals, unresolved));
    rows.push(total);
    Listing { columns, rows }
}

/// Sources, most used first: key, citations, claims, pages, title.
pub(super) fn sources(report: &Report) -> Listing {
    Listing {
        columns: vec![
            col("key", "Source"),
            col("citations", "Citations"),
            col("claims", "Claims"),
            col("pages", "Pages"),
            col("listed", "In reading list"),
            col("title", "Title"),
        ],
        rows: report
            .sources
            .iter()
            .map(|s| {
                let title = match (&s.title, s.in_library) {
                    (Some(t), _) => Cell::Text(t.clone()),
                    (None, false) => Cell::Text("(not in the library)".into()),
                    (None, true) => Cell::Null,
                };
                vec![
                    Cell::Text(s.key.clone()),
                    Cell::Int(s.citations as i64),
                    Cell::List(s.claims.clone()),
                    Cell::List(s.pages.clone()),
                    Cell::Text(if s.listed { "yes" } else { "no" }.into()),
                    title,
                ]
            })
            .collect(),
    }
}

/// Claims needing a citation: id, line, section, text, check's reasons.
pub(super) fn uncited(report: &Report) -> Listing {
    Listing {
        columns: vec![
            col("id", "Claim"),
            col("line", "Line"),
            col("section", "Section"),
            col("text", "Text"),
            col("reasons", "Why"),
        ],
        rows: report
            .uncited
            .iter()
            .map(|u| {
                vec![
                    Cell::Text(u.id.clone()),
                    Cell::Int(u.line.into()),
                    Cell::opt_text(u.section.clone()),
                    Cell::Text(u.text.clone()),
                    Cell::List(u.reasons.clone()),
                ]
            })
            .collect(),
    }
}

/// Citations that resolved to no single source.
pub(super) fn unresolved(report: &Report) -> Listing {
    Listing {
        columns: vec![
            col("claim", "Claim"),
            col("marker", "Marker"),
            col("locator", "Locator"),
            col("candidates", "Candidates"),
        ],
        rows: report
            .unresolved
            .iter()
            .map(|u| {
                vec![
                    Cell::Text(u.claim.clone()),
                    Cell::opt_text(u.marker.clone().or_else(|| Some("(manual link)".into()))),
                    Cell::opt_text(u.locator.clone()),
                    Cell::List(u.candidates.clone()),
                ]
            })
            .collect(),
    }
}

/// `path:line:col`, as far as the finding knows it.
pub(super) fn location(document: Option<&str>, line: Option<u32>, column: Option<u32>) -> String {
    let mut s = document.unwrap_or_default().to_string();
    for n in [line, column].into_iter().flatten() {
        if !s.is_empty() {
            s.push(':');
        }
        s.push_str(&n.to_string());
    }
    s
}

/// The findings of `check` in the order it gave them.
pub(super) fn findings(report: &Report) -> Listing {
    Listing {
        columns: vec![
            col("rule", "Rule"),
            col("severity", "Severity"),
            col("location", "Where"),
            col("claim", "Claim"),
            col("source", "Source"),
            col("message", "Message"),
        ],
        rows: report
            .findings
            .iter()
            .map(|f| {
                vec![
                    Cell::Text(f.rule.id().into()),
                    Cell::Text(f.severity.as_str().into()),
                    Cell::Text(location(f.document.as_deref(), f.line, f.column)),
                    Cell::opt_text(f.claim.map(|c| c.to_string())),
                    Cell::opt_text(f.source.clone()),
                    Cell::Text(f.message.clone()),
                ]
            })
            .collect(),
    }
}

/// The parts of a report in order: title, listing, and what to say when it has no rows.
pub(super) fn parts(report: &Report) -> [(&'static str, Listing, &'static str); 5] {
    [
        ("Coverage by section", coverage(report), ""),
        ("Sources by use", sources(report), "No sources."),
        (
            "Claims needing a citation",
            uncited(report),
            "No claim needs a citation.",
        ),
        (
            "Unresolved citations",
            unresolved(report),
            "Every citation resolved to a source.",
        ),
        ("Findings", findings(report), "No findings."),
    ]
}

/// Writes the report as terminal tables.
pub fn write(out: &mut dyn Write, report: &Report, opts: &TableOptions) -> io::Result<()> {
    writeln!(out, "Citation report: {}", summary(report))?;
    for (title, listing, empty) in parts(report) {
        writeln!(out, "\n{title}")?;
        if listing.rows.is_empty() {
            writeln!(out, "{empty}")?;
        } else {
            listing.write(out, ListFormat::Table, opts)?;
        }
    }
    if let Some(b) = &report.bibliography {
        writeln!(out, "\nAnnotated bibliography ({})\n", b.style.title())?;
        b.write_text(out)?;
    }
    Ok(())
}
