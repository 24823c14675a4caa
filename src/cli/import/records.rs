//! The reference-manager side of `annobib import`: RIS, CSL-JSON and CSL-YAML files read
//! into sources (`annobib::records`) and written like a .bib file's entries (upsert by key
//! within the file, keys of other files refused, entries gone from the file kept or
//! pruned). Every bad record is reported with its place; nothing is imported unless
//! `--skip-invalid`.

use anyhow::{Result, bail};

use annobib::records::{self, Format, RecordError};
use annobib::store::{FileSummary, Rows, Store};

use super::Args;
use crate::cli::Ctx;

/// A reference-manager file read, before anything is written.
pub(super) struct ReadRecords {
    pub(super) shown: String,
    /// The path as the library records it.
    pub(super) stored: String,
    pub(super) text: String,
    pub(super) encoding: &'static str,
    pub(super) hash: String,
    pub(super) format: Format,
}

/// Reads every file, reports every bad record (refusing the import unless `--skip-invalid`),
/// then writes the good records of each file.
pub(super) fn import_records(
    ctx: &Ctx,
    store: &mut Store,
    files: &[ReadRecords],
    args: &Args,
) -> Result<()> {
    let read: Vec<records::Read> = files
        .iter()
        .map(|f| records::read(f.format, &f.shown, &f.text))
        .collect();
    for w in read.iter().flat_map(|r| &r.warnings) {
        ctx.note(warning(w));
    }
    let errors: Vec<&RecordError> = read.iter().flat_map(|r| &r.errors).collect();
    if !errors.is_empty() {
        if !args.skip_invalid {
            for e in &errors {
                eprintln!("{e}");
            }
            let mut names: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            bail!(
                "{} invalid {} in {}; nothing was imported (--skip-invalid imports the valid records)",
                errors.len(),
                if errors.len() == 1 {
                    "record"
                } else {
                    "records"
                },
                if names.len() == 1 {
                    names[0].to_string()
                } else {
                    format!("{} files", names.len())
                }
            );
        }
        for e in &errors {
            ctx.note(format!("skipped: {e}"));
        }
    }
    for (f, r) in files.iter().zip(read) {
        let mut import = store.begin_bib_import(&f.stored, f.encoding, &f.hash)?;
        let items = r.into_items();
        // In parts, as a .bib file is written, so the rows of a large file are never all
        // held at once.
        for (n, part) in items.chunks(2000).enumerate() {
            let first = n * 2000;
            import.write_rows(Rows::of(
                part.iter().enumerate().map(|(i, item)| (first + i, item)),
            ))?;
        }
        let summary = import.finish(args.prune)?;
        for c in &summary.conflicts {
            ctx.note(format!(
                "{}:{}: warning: key '{}' is already defined in {}:{}; this record was not imported",
                f.shown,
                c.line,
                c.key,
                ctx.display_path(&c.other_file),
                c.other_line
            ));
        }
        ctx.note(summary_line(&f.shown, f.format, &summary));
    }
    Ok(())
}

fn warning(w: &RecordError) -> String {
    format!("{w}").replacen(": ", ": warning: ", 1)
}

fn summary_line(shown: &str, format: Format, s: &FileSummary) -> String {
    let mut line = format!(
        "{shown} ({}): {} added, {} updated, {} unchanged, {} gone from the file",
        format.name(),
        s.added,
        s.updated,
        s.unchanged,
        s.gone
    );
    if s.gone > 0 {
        line.push_str(if s.pruned > 0 {
            " (pruned)"
        } else {
            " (kept; --prune deletes them)"
        });
    }
    if !s.conflicts.is_empty() {
        line.push_str(&format!(
            ", {} refused (key defined in another file)",
            s.conflicts.len()
        ));
    }
    line
}
