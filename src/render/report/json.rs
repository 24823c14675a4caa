//! The report as one JSON object (`--format json`): the model's fields as they are, so the
//! shape documented in docs/report.md is the shape of `model::Report`.

use std::io::{self, Write};

use super::model::Report;

/// Writes the report as pretty-printed JSON followed by a newline.
pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}
