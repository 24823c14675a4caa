//! The report as a Markdown document: a title, the summary, a `##` heading and a pipe table
//! per part (the same listings as the terminal tables), then the annotated bibliography.
//!
//! Cells are escaped by the listing writer and the bibliography escapes its own text; the
//! headings here are our words only.

use std::io::{self, Write};

use super::model::Report;
use super::text::{parts, summary};
use crate::render::TableOptions;
use crate::render::listing::ListFormat;

/// Writes the report as Markdown.
pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out, "# Citation report\n")?;
    writeln!(out, "{}.", summary(report))?;
    for (title, listing, empty) in parts(report) {
        writeln!(out, "\n## {title}\n")?;
        if listing.rows.is_empty() {
            writeln!(out, "{empty}")?;
        } else {
            listing.write(out, ListFormat::Markdown, &TableOptions::default())?;
        }
    }
    if let Some(b) = &report.bibliography {
        writeln!(out, "\n## Annotated bibliography\n")?;
        writeln!(out, "Style: {}.\n", b.style.title())?;
        b.write_markdown(out)?;
    }
    Ok(())
}
