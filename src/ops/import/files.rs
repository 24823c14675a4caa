//! Source files into the library: .bib files parsed and written part by part (the
//! crossref/xdata cycles known only once every file is read), reference-manager files (RIS,
//! CSL-JSON, CSL-YAML) read whole by `records` and written the same way: upsert by key within
//! the file, keys of other files refused, entries gone from the file kept or pruned; bad
//! entries refuse the import unless `skip_invalid`.

use std::collections::HashSet;
use std::fmt;

use crate::bib::{self, Diagnostic, Part};
use crate::model::BibItem;
use crate::records::{self, RecordError};
use crate::store::{FileSummary, Rows, Store, StoreError};

use super::{Conflict, Event, ImportError, Item, Note, Options, Report, SourceFile};

/// What importing source files changed: the summary line of the .bib files (all of them) or
/// of one reference-manager file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// The file as shown, or "N files".
    pub what: String,
    /// The format's name for a reference-manager file ("RIS").
    pub format: Option<&'static str>,
    /// New entries.
    pub added: usize,
    /// Entries whose text changed.
    pub updated: usize,
    /// Entries as before.
    pub unchanged: usize,
    /// Entries the library has from the file that it no longer has.
    pub gone: usize,
    /// Of those, deleted (`prune`).
    pub pruned: usize,
    /// Entries refused: their key is defined in another file.
    pub refused: usize,
}

impl Counts {
    fn of<'a>(
        what: String,
        format: Option<&'static str>,
        summaries: impl IntoIterator<Item = &'a FileSummary>,
    ) -> Counts {
        let mut c = Counts {
            what,
            format,
            ..Default::default()
        };
        for s in summaries {
            c.added += s.added;
            c.updated += s.updated;
            c.unchanged += s.unchanged;
            c.gone += s.gone;
            c.pruned += s.pruned;
            c.refused += s.conflicts.len();
        }
        c
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)?;
        if let Some(format) = self.format {
            write!(f, " ({format})")?;
        }
        write!(
            f,
            ": {} added, {} updated, {} unchanged, {} gone from the file",
            self.added, self.updated, self.unchanged, self.gone
        )?;
        if self.gone > 0 {
            f.write_str(if self.pruned > 0 {
                " (pruned)"
            } else {
                " (kept; --prune deletes them)"
            })?;
        }
        if self.refused > 0 {
            write!(
                f,
                ", {} refused (key defined in another file)",
                self.refused
            )?;
        }
        Ok(())
    }
}

/// Why the .bib files written are undone.
enum Undo {
    /// Entries in crossref/xdata cycles (these) are to be skipped: written again without them.
    Again(Vec<ImportedBib>, Vec<Diagnostic>),
    Store(StoreError),
}

impl From<StoreError> for Undo {
    fn from(e: StoreError) -> Self {
        Undo::Store(e)
    }
}

/// A .bib file parsed and written.
struct ImportedBib {
    summary: FileSummary,
    ending: bib::Ending,
}

/// Parses the .bib files and writes them as they are read, part by part; then notes the
/// warnings and refuses the import when any entry is bad (the caller's transaction is rolled
/// back), unless `skip_invalid`, which keeps the valid entries (each one skipped noted).
/// Entries in a crossref/xdata cycle are only known to be bad once every file is read: with
/// `skip_invalid` the files are then written again without them.
///
/// A file whose bytes are those of its last import (same hash) is not parsed again: its entries
/// are in the library as that import left them, and its summary counts them as unchanged
/// (unless `prune` has entries gone from it to delete). Returns whether anything was read.
pub(super) fn import_bibs(
    store: &mut Store,
    all: &[SourceFile],
    opts: &Options,
    on: &mut dyn FnMut(Event),
    report: &mut Report,
) -> Result<bool, ImportError> {
    let known = store.bibfile_hashes()?;
    let mut same: Vec<(&SourceFile, FileSummary)> = Vec::new();
    let mut read: Vec<&SourceFile> = Vec::new();
    for r in all {
        if known.get(&r.stored) == Some(&r.hash) {
            let (unchanged, gone) = store.file_source_counts(&r.stored)?;
            if !(opts.prune && gone > 0) {
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
        let (bibs, summaries): (Vec<&SourceFile>, Vec<FileSummary>) = same.into_iter().unzip();
        note_counts(Counts::of(what(&bibs), None, &summaries), on, report);
        return Ok(false);
    }
    let bibs = &read[..];
    let no_skips = HashSet::new();
    let first = store.atomically(|store| {
        let imported = write_bibs(store, bibs, &no_skips, opts, on)?;
        let links: Vec<&bib::Links> = imported.iter().map(|i| &i.ending.links).collect();
        let cycles = bib::check_links(&links);
        if opts.skip_invalid && !cycles.is_empty() {
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
            let again = write_bibs(store, bibs, &cyclic, opts, on)?;
            (imported, cycles, Some(again))
        }
    };
    for w in imported.iter().flat_map(|i| &i.ending.warnings) {
        on(Event::Note(Note::Warning(as_warning(w))));
    }
    let errors = imported
        .iter()
        .flat_map(|i| &i.ending.errors)
        .chain(&relation_errors)
        .map(|e| (e.file.clone(), e.with_snippet().to_string(), e.to_string()))
        .collect();
    super::refuse_or_skip(Item::Entry, errors, opts.skip_invalid, on)?;
    let mut summaries: Vec<FileSummary> = again
        .unwrap_or(imported)
        .into_iter()
        .map(|i| i.summary)
        .collect();
    for (s, r) in summaries.iter().zip(bibs) {
        note_conflicts(&r.shown, Item::Entry, s, on);
    }
    let mut bibs = read;
    for (r, summary) in same {
        bibs.push(r);
        summaries.push(summary);
    }
    note_counts(Counts::of(what(&bibs), None, &summaries), on, report);
    Ok(true)
}

/// Parses each file and writes its items as they come, leaving out the entries `skipped`
/// (by file as shown and key). When bad entries refuse the import, writing stops at the first
/// (the transaction is rolled back) but reading goes on, so that every error is reported.
fn write_bibs(
    store: &mut Store,
    bibs: &[&SourceFile],
    skipped: &HashSet<(String, String)>,
    opts: &Options,
    on: &mut dyn FnMut(Event),
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
            let refused = part.errors_so_far > 0 && !opts.skip_invalid;
            let items = part
                .items
                .iter()
                .filter(|(_, item)| !refused && (skipped.is_empty() || !skip(item)));
            Rows::of(items.map(|(ordinal, item)| (*ordinal, item)))
        };
        // Entries start on lines that begin with '@': close enough to size a progress bar.
        let b = r.text.as_bytes();
        let estimate = (b.windows(2).filter(|w| w == b"\n@").count()
            + usize::from(b.first() == Some(&b'@'))) as u64;
        on(Event::Started {
            what: format!("importing {}", r.shown),
            estimate,
        });
        let ending = bib::parse_parts_with(&r.shown, &r.text, rows, |rows| {
            on(Event::Advanced(rows.len() as u64));
            import.write_rows(rows)
        })?;
        on(Event::Finished);
        out.push(ImportedBib {
            summary: import.finish(opts.prune)?,
            ending,
        });
    }
    Ok(out)
}

/// Reads every reference-manager file, notes its warnings, refuses the import for bad records
/// (unless `skip_invalid`), then writes the good records of each file.
pub(super) fn import_records(
    store: &mut Store,
    files: &[SourceFile],
    opts: &Options,
    on: &mut dyn FnMut(Event),
    report: &mut Report,
) -> Result<(), ImportError> {
    let read: Vec<(records::Format, records::Read)> = files
        .iter()
        .filter_map(|f| Some((f.records?, f)))
        .map(|(format, f)| (format, records::read(format, &f.shown, &f.text)))
        .collect();
    for w in read.iter().flat_map(|(_, r)| &r.warnings) {
        on(Event::Note(Note::Warning(as_warning(w))));
    }
    let errors = read
        .iter()
        .flat_map(|(_, r)| &r.errors)
        .map(|e: &RecordError| (e.file.clone(), e.to_string(), e.to_string()))
        .collect();
    super::refuse_or_skip(Item::Record, errors, opts.skip_invalid, on)?;
    for (f, (format, r)) in files.iter().zip(read) {
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
        let summary = import.finish(opts.prune)?;
        note_conflicts(&f.shown, Item::Record, &summary, on);
        let counts = Counts::of(f.shown.clone(), Some(format.name()), [&summary]);
        note_counts(counts, on, report);
    }
    Ok(())
}

/// A diagnostic as a warning line: `file:line:col: warning: ...`.
fn as_warning(w: &impl fmt::Display) -> String {
    w.to_string().replacen(": ", ": warning: ", 1)
}

fn what(bibs: &[&SourceFile]) -> String {
    match bibs {
        [one] => one.shown.clone(),
        _ => format!("{} files", bibs.len()),
    }
}

fn note_conflicts(shown: &str, item: Item, s: &FileSummary, on: &mut dyn FnMut(Event)) {
    for c in &s.conflicts {
        on(Event::Note(Note::Conflict(Conflict::new(shown, item, c))));
    }
}

fn note_counts(counts: Counts, on: &mut dyn FnMut(Event), report: &mut Report) {
    on(Event::Note(Note::Files(counts.clone())));
    report.files.push(counts);
}
