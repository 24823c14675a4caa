//! `annobib import FILE...`: .bib files into the library (every bad entry reported at once;
//! nothing written unless all is well or `--skip-invalid`), and essays into claims with
//! their citations found and resolved (re-anchoring the user's links after an edit). One
//! transaction for the whole command.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use annobib::bib::{self, Diagnostic, Part};
use annobib::cite::{self, ResolveOptions};
use annobib::essay::{self, anchor};
use annobib::model::{BibItem, ClaimKind, Document, Origin};
use annobib::store::{DocumentSummary, FileSummary, Rows, Store, StoreError};

use super::{Ctx, Outcome};

/// Import .bib files and essays into the library.
#[derive(clap::Args)]
pub struct Args {
    /// .bib files (BibLaTeX or BibTeX) and essays (.txt, .md); UTF-8, UTF-16 or Latin-1.
    /// Default: the files listed in the project's annobib.toml.
    files: Vec<PathBuf>,
    /// Delete the sources that a re-imported .bib file no longer has (default: keep them).
    #[arg(long)]
    prune: bool,
    /// Import the valid entries of a .bib file that has bad ones, listing each entry skipped.
    #[arg(long)]
    skip_invalid: bool,
}

/// What kind of file an argument is.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Bib,
    Essay,
}

/// Decides by extension, then by content: a file whose first meaningful character is `@`
/// (after `%` comment lines) is BibTeX.
fn kind_of(path: &Path, text: &str) -> Kind {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
    {
        Some("bib" | "bibtex" | "biblatex") => Kind::Bib,
        Some("txt" | "text" | "md" | "markdown") => Kind::Essay,
        _ => {
            let first = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('%'));
            if first.is_some_and(|l| l.starts_with('@')) {
                Kind::Bib
            } else {
                Kind::Essay
            }
        }
    }
}

/// A .bib file read, before anything is parsed or written.
struct ReadBib {
    shown: String,
    /// The path as the library records it.
    stored: String,
    text: String,
    encoding: &'static str,
    hash: String,
}

/// An essay read, before anything is written.
struct ReadEssay {
    shown: String,
    stored: String,
    text: String,
}

/// A .bib file parsed and written.
struct ImportedBib {
    summary: FileSummary,
    ending: bib::Ending,
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

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let files: Vec<PathBuf> = if args.files.is_empty() {
        let c = &ctx.project.config;
        c.bib
            .iter()
            .chain(&c.documents)
            .map(|f| ctx.project.root.join(f))
            .collect()
    } else {
        args.files.iter().map(|f| ctx.cwd.join(f)).collect()
    };
    if files.is_empty() {
        bail!(
            "nothing to import: name files (annobib import readings.bib essay.md) or list them in annobib.toml"
        );
    }
    let mut bibs = Vec::new();
    let mut essays = Vec::new();
    for path in &files {
        let shown = shown_path(ctx, path);
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
        let (text, encoding) = annobib::encoding::decode(&bytes);
        match kind_of(path, &text) {
            Kind::Bib => bibs.push(ReadBib {
                // Recorded relative to the project, so the library moves with it.
                stored: ctx.stored_path(Path::new(&shown)),
                shown,
                text,
                encoding,
                hash: hex(&Sha256::digest(&bytes)),
            }),
            Kind::Essay => essays.push(ReadEssay {
                stored: ctx.stored_path(path),
                shown,
                text,
            }),
        }
    }

    // A library this command creates is removed again when the command fails, so that a
    // refused import leaves nothing behind, as when the files were refused before writing.
    let created = !ctx.project.db.exists();
    let mut store = ctx.open_store()?;
    let done = store.atomically_bulk(|store| -> Result<()> {
        if !bibs.is_empty() {
            import_bibs(ctx, store, &bibs, &args)?;
        }
        let opts = essay::Options {
            abbreviations: ctx.project.config.abbreviations.clone(),
        };
        let mut imported = HashSet::new();
        for e in &essays {
            let mut doc = essay::parse(&e.stored, &e.text, &opts);
            let index = store.index();
            cite::cite_document(&mut doc, &index, &ResolveOptions::default());
            index.finish()?;
            let old = store.previous_claims(&doc.path)?;
            let anchoring = anchor::reanchor(&old, &doc.text, &doc.claims);
            let summary = store.replace_document(&mut doc, &anchoring)?;
            ctx.note(document_summary(&e.shown, &doc, &summary));
            imported.insert(e.stored.clone());
        }
        if !bibs.is_empty() {
            // The library changed: citations of the other documents may resolve differently.
            for info in store.documents()? {
                if imported.contains(&info.path) {
                    continue;
                }
                if let Some(mut doc) = store.document(&info.path)? {
                    let index = store.index();
                    cite::resolve_document(&mut doc, &index, &ResolveOptions::default());
                    index.finish()?;
                    let updates: Vec<_> = doc
                        .claims
                        .iter()
                        .flat_map(|c| &c.citations)
                        .filter(|c| c.origin == Origin::Inline)
                        .filter_map(|c| Some((c.id?, c.resolution.clone())))
                        .collect();
                    store.update_resolutions(&updates)?;
                }
            }
        }
        Ok(())
    });
    if done.is_err() && created {
        drop(store);
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut path = ctx.project.db.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
    done?;
    Ok(Outcome::Success)
}

fn shown_path(ctx: &Ctx, path: &Path) -> String {
    path.strip_prefix(&ctx.cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// Parses the .bib files and writes them as they are read, part by part; then prints the
/// warnings and refuses the import when any entry is bad (the caller's transaction is rolled
/// back), unless `--skip-invalid`, which keeps the valid entries (each one skipped listed).
/// Entries in a crossref/xdata cycle are only known to be bad once every file is read: with
/// `--skip-invalid` the files are then written again without them.
fn import_bibs(ctx: &Ctx, store: &mut Store, bibs: &[ReadBib], args: &Args) -> Result<()> {
    let no_skips = HashSet::new();
    let first = store.atomically(|store| {
        let imported = write_bibs(store, bibs, &no_skips, args)?;
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
            let again = write_bibs(store, bibs, &cyclic, args)?;
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
    let summaries: Vec<FileSummary> = again
        .unwrap_or(imported)
        .into_iter()
        .map(|i| i.summary)
        .collect();
    report_conflicts(ctx, &summaries, bibs);
    ctx.note(bib_summary(&summaries, bibs));
    Ok(())
}

/// Parses each file and writes its items as they come, leaving out the entries `skipped`
/// (by file as shown and key). When bad entries refuse the import, writing stops at the first
/// (the transaction is rolled back) but reading goes on, so that every error is reported.
fn write_bibs(
    store: &mut Store,
    bibs: &[ReadBib],
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
        let ending =
            bib::parse_parts_with(&r.shown, &r.text, rows, |rows| import.write_rows(rows))?;
        out.push(ImportedBib {
            summary: import.finish(args.prune)?,
            ending,
        });
    }
    Ok(out)
}

fn report_conflicts(ctx: &Ctx, summaries: &[FileSummary], bibs: &[ReadBib]) {
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn bib_summary(summaries: &[FileSummary], bibs: &[ReadBib]) -> String {
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

fn document_summary(shown: &str, doc: &Document, s: &DocumentSummary) -> String {
    let claims = doc
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Claim)
        .count();
    let inline: Vec<_> = doc
        .claims
        .iter()
        .filter(|c| c.kind != ClaimKind::Reference)
        .flat_map(|c| &c.citations)
        .filter(|c| c.origin == Origin::Inline)
        .collect();
    let resolved = inline
        .iter()
        .filter(|c| c.resolution.source.is_some())
        .count();
    let ambiguous = inline
        .iter()
        .filter(|c| c.resolution.source.is_none() && !c.resolution.candidates.is_empty())
        .count();
    let mut line = format!(
        "{shown}: {} units, {claims} claims, {} citations ({resolved} resolved, {ambiguous} ambiguous, {} unresolved)",
        s.units,
        inline.len(),
        inline.len() - resolved - ambiguous
    );
    if s.kept + s.reanchored.len() + s.removed + s.orphaned.len() > 0 {
        line.push_str(&format!(
            "; {} new, {} unchanged, {} re-anchored, {} removed",
            s.added,
            s.kept,
            s.reanchored.len(),
            s.removed
        ));
    }
    for (id, how) in &s.reanchored {
        line.push_str(&format!("\n  c{id}: re-anchored by {how}"));
    }
    for id in &s.orphaned {
        line.push_str(&format!(
            "\n  c{id}: orphaned: not found in the edited text; kept with its links and notes"
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension_then_content() {
        let cases = [
            ("a.bib", "anything", Kind::Bib),
            ("a.BIB", "", Kind::Bib),
            ("essay.md", "@book{k,}", Kind::Essay),
            ("essay.txt", "", Kind::Essay),
            ("refs", "% comment\n\n@book{k, title={T}}", Kind::Bib),
            ("notes", "Some prose. @someone said", Kind::Essay),
        ];
        for (name, text, kind) in cases {
            assert_eq!(kind_of(Path::new(name), text), kind, "{name}");
        }
    }
}
