//! The .bib side of `annobib import`: files parsed and written part by part, every bad entry
//! reported, the import refused (rolled back) unless `--skip-invalid`, crossref/xdata cycles,
//! and the one-line summary.

use std::collections::HashSet;

use anyhow::{Result, bail};

use annobib::bib::{self, Diagnostic, Part};
use annobib::model::BibItem;
use annobib::store::{FileSummary, Rows, Store, StoreError};

use super::Args;
use crate::cli::Ctx;

impl From<StoreError> for Undo {
    fn from(e: StoreError) -> Self {
        Undo::Store(e)
    }
}

/// Why the .bib files written are undone.
enum Undo {
    /// Entries in crossref/xdata cycles (these) are to be skipped: written again without them.
    Again(Vec<ImportedBib>, Vec<Diagnostic>),
    Store(StoreError),
}

/// A .bib file parsed and written.
struct ImportedBib {
    summary: FileSummary,
    ending: bib::Ending,
}

/// A .bib file read, before anything is parsed or written.
pub(super) struct ReadBib {
    pub(super) shown: String,
    /// The path as the library records it.
    pub(super) stored: String,
    pub(super) text: String,
    pub(super) encoding: &'static str,
    pub(super) hash: String,
}

/// Parses the .bib files and writes them as they are read, part by part; then prints the
/// warnings and refuses the import when any entry is bad (the caller's transaction is rolled
/// back), unless `--skip-invalid`, which keeps the valid entries (each one skipped listed).
/// Entries in a crossref/xdata cycle are only known to be bad once every file is read: with
/// `--skip-invalid` the files are then written again without them.
///
/// A file whose bytes are those of its last import (same hash) is not parsed again: its entries
/// are in the library as that import left them, and its summary counts them as unchanged
/// (unless `--prune` has entries gone from it to delete). Returns whether anything was read.
pub(super) fn import_bibs(
    ctx: &Ctx,
    store: &mut Store,
    all: &[ReadBib],
    args: &Args,
) -> Result<bool> {
    let known = store.bibfile_hashes()?;
    let mut same: Vec<(&ReadBib, FileSummary)> = Vec::new();
    let mut read: Vec<&ReadBib> = Vec::new();
    for r in all {
        if known.get(&r.stored) == Some(&r.hash) {
            let (unchanged, gone) = store.file_source_counts(&r.stored)?;
            if !(args.prune && gone > 0) {
                let summary = FileSummary {
                    path: r.stored.clone(),
                    unchanged,
                    gone,
                    ..Default::default()
                };
                same.push((r, summary));
                continue;
            }
        }
        read.push(r);
    }
    if read.is_empty() {
        let (bibs, summaries): (Vec<&ReadBib>, Vec<FileSummary>) = same.into_iter().unzip();
        ctx.note(bib_summary(&summaries, &bibs));
        return Ok(false);
    }
    let bibs = &read[..];
    let no_skips = HashSet::new();
    let first = store.atomically(|store| {
        let imported = write_bibs(ctx, store, bibs, &no_skips, args)?;
        let links: Vec<&bib::Links> = imported.iter().map(|i| &i.ending.links).collect();
        let cycles = bib::check_links(&links);
        if args.skip_invalid && !cycles.is_empty() {
            return Err(Undo::Again(imported, cycles));
        }
        Ok((imported, cycles))
    });
    let (imported, relation_errors, again) = match first {
        Ok((imported, cycles)) => (imported, cycles, None),
        Err(Undo::Store(e)) => return Err(e.into()),
        Err(Undo::Again(imported, cycles)) => {
            // Skipped by file and key, as the diagnostics name them.
            let cyclic: HashSet<(String, String)> = cycles
                .iter()
                .filter_map(|e| Some((e.file.clone(), e.key.clone()?)))
                .collect();
            let again = write_bibs(ctx, store, bibs, &cyclic, args)?;
            (imported, cycles, Some(again))
        }
    };
    for w in imported.iter().flat_map(|i| &i.ending.warnings) {
        ctx.note(format!("{w}").replacen(": ", ": warning: ", 1));
    }
    let errors: Vec<&Diagnostic> = imported
        .iter()
        .flat_map(|i| &i.ending.errors)
        .chain(&relation_errors)
        .collect();
    if !errors.is_empty() {
        if !args.skip_invalid {
            for e in &errors {
                eprintln!("{}", e.with_snippet());
            }
            let mut files: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
            files.sort_unstable();
            files.dedup();
            bail!(
                "{} invalid {} in {}; nothing was imported (--skip-invalid imports the valid entries)",
                errors.len(),
                if errors.len() == 1 {
                    "entry"
                } else {
                    "entries"
                },
                if files.len() == 1 {
                    files[0].to_string()
                } else {
                    format!("{} files", files.len())
                }
            );
        }
        for e in &errors {
            ctx.note(format!("skipped: {e}"));
        }
    }
    let mut summaries: Vec<FileSummary> = again
        .unwrap_or(imported)
        .into_iter()
        .map(|i| i.summary)
        .collect();
    report_conflicts(ctx, &summaries, bibs);
    let mut bibs = read;
    for (r, summary) in same {
        bibs.push(r);
        summaries.push(summary);
    }
    ctx.note(bib_summary(&summaries, &bibs));
    Ok(true)
}

/// Parses each file and writes its items as they come, leaving out the entries `skipped`
/// (by file as shown and key). When bad entries refuse the import, writing stops at the first
/// (the transaction is rolled back) but reading goes on, so that every error is reported.
fn write_bibs(
    ctx: &Ctx,
    store: &mut Store,
    bibs: &[&ReadBib],
    skipped: &HashSet<(String, String)>,
    args: &Args,
) -> Result<Vec<ImportedBib>, StoreError> {
    let mut out = Vec::with_capacity(bibs.len());
    for r in bibs {
        let mut import = store.begin_bib_import(&r.stored, r.encoding, &r.hash)?;
        let skip = |item: &BibItem| match item {
            BibItem::Entry(s) => skipped.contains(&(r.shown.clone(), s.key.clone())),
            _ => false,
        };
        // Rows are made on the thread that reads the file, and written here.
        let rows = |part: Part| {
            let refused = part.errors_so_far > 0 && !args.skip_invalid;
            let items = part
                .items
                .iter()
                .filter(|(_, item)| !refused && (skipped.is_empty() || !skip(item)));
            Rows::of(items.map(|(ordinal, item)| (*ordinal, item)))
        };
        // Entries start on lines that begin with '@': close enough to size the bar.
        let b = r.text.as_bytes();
        let estimate = (b.windows(2).filter(|w| w == b"\n@").count()
            + usize::from(b.first() == Some(&b'@'))) as u64;
        let bar = crate::cli::progress::bar(ctx, estimate, &format!("importing {}", r.shown));
        let ending = bib::parse_parts_with(&r.shown, &r.text, rows, |rows| {
            bar.inc(rows.len() as u64);
            import.write_rows(rows)
        })?;
        bar.finish_and_clear();
        out.push(ImportedBib {
            summary: import.finish(args.prune)?,
            ending,
        });
    }
    Ok(out)
}

fn report_conflicts(ctx: &Ctx, summaries: &[FileSummary], bibs: &[&ReadBib]) {
    for (s, r) in summaries.iter().zip(bibs) {
        for c in &s.conflicts {
            ctx.note(format!(
                "{}:{}:{}: warning: key '{}' is already defined in {}:{}; this entry was not imported",
                r.shown,
                c.line,
                c.column,
                c.key,
                ctx.display_path(&c.other_file),
                c.other_line
            ));
        }
    }
}

fn bib_summary(summaries: &[FileSummary], bibs: &[&ReadBib]) -> String {
    let total = |f: fn(&FileSummary) -> usize| summaries.iter().map(f).sum::<usize>();
    let conflicts = total(|s| s.conflicts.len());
    let gone = total(|s| s.gone);
    let pruned = total(|s| s.pruned);
    let what = if bibs.len() == 1 {
        bibs[0].shown.clone()
    } else {
        format!("{} files", bibs.len())
    };
    let mut line = format!(
        "{what}: {} added, {} updated, {} unchanged, {} gone from the file",
        total(|s| s.added),
        total(|s| s.updated),
        total(|s| s.unchanged),
        gone
    );
    if gone > 0 {
        line.push_str(if pruned > 0 {
            " (pruned)"
        } else {
            " (kept; --prune deletes them)"
        });
    }
    if conflicts > 0 {
        line.push_str(&format!(
            ", {conflicts} refused (key defined in another file)"
        ));
    }
    line
}
