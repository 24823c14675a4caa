//! `annobib import FILE...`: .bib files into the library (every bad entry reported at once;
//! nothing written unless all is well or `--skip-invalid`), and essays into claims with
//! their citations found and resolved (re-anchoring the user's links after an edit). One
//! transaction for the whole command.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use annobib::bib::{self, Diagnostic};
use annobib::cite::{self, ResolveOptions};
use annobib::essay::{self, anchor};
use annobib::model::{BibFile, BibItem, ClaimKind, Document, Origin};
use annobib::store::{DocumentSummary, FileSummary, ImportFile};

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

/// A .bib file read and parsed, before anything is written.
struct ReadBib {
    shown: String,
    file: BibFile,
    hash: String,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// An essay read, before anything is written.
struct ReadEssay {
    shown: String,
    stored: String,
    text: String,
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
            Kind::Bib => {
                let mut parsed = bib::parse(&shown, &text);
                parsed.file.encoding = encoding.to_string();
                bibs.push(ReadBib {
                    shown,
                    file: parsed.file,
                    hash: hex(&Sha256::digest(&bytes)),
                    errors: parsed.errors,
                    warnings: parsed.warnings,
                });
            }
            Kind::Essay => essays.push(ReadEssay {
                stored: ctx.stored_path(path),
                shown,
                text,
            }),
        }
    }
    check_bibs(ctx, &mut bibs, args.skip_invalid)?;
    for r in &mut bibs {
        // Recorded relative to the project, so the library moves with it.
        r.file.path = ctx.stored_path(Path::new(&r.shown));
    }

    let mut store = ctx.open_store()?;
    store.atomically(|store| -> Result<()> {
        if !bibs.is_empty() {
            let imports: Vec<ImportFile> = bibs
                .iter()
                .map(|r| ImportFile {
                    file: &r.file,
                    hash: r.hash.clone(),
                })
                .collect();
            let summaries = store.import_bib(&imports, args.prune)?;
            report_conflicts(ctx, &summaries, &bibs);
            ctx.note(bib_summary(&summaries, &bibs));
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
    })?;
    Ok(Outcome::Success)
}

fn shown_path(ctx: &Ctx, path: &Path) -> String {
    path.strip_prefix(&ctx.cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// Prints warnings; refuses the import when any entry is bad, unless `skip_invalid`, which
/// drops the bad entries (each listed) and goes on.
fn check_bibs(ctx: &Ctx, bibs: &mut [ReadBib], skip_invalid: bool) -> Result<()> {
    let relation_errors = {
        let parsed: Vec<&BibFile> = bibs.iter().map(|r| &r.file).collect();
        bib::check_relations(&parsed)
    };
    for w in bibs.iter().flat_map(|r| &r.warnings) {
        ctx.note(format!("{w}").replacen(": ", ": warning: ", 1));
    }
    let errors: Vec<&Diagnostic> = bibs
        .iter()
        .flat_map(|r| &r.errors)
        .chain(&relation_errors)
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    if !skip_invalid {
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
    // Entries in a crossref/xdata cycle parsed fine on their own: drop them too.
    let cyclic: HashSet<(&str, &str)> = relation_errors
        .iter()
        .filter_map(|e| Some((e.file.as_str(), e.key.as_deref()?)))
        .collect();
    let cyclic: HashSet<(String, String)> = cyclic
        .into_iter()
        .map(|(f, k)| (f.to_string(), k.to_string()))
        .collect();
    for r in bibs.iter_mut() {
        let shown = r.shown.clone();
        r.file.items.retain(|item| match item {
            BibItem::Entry(s) => !cyclic.contains(&(shown.clone(), s.key.clone())),
            _ => true,
        });
    }
    Ok(())
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
