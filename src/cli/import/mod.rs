//! `annobib import FILE...`: .bib files into the library (every bad entry reported at once;
//! nothing written unless all is well or `--skip-invalid`), and essays into claims with
//! their citations found and resolved (re-anchoring the user's links after an edit). One
//! transaction for the whole command.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use annobib::cite::{self, ResolveOptions};
use annobib::essay::{self, anchor};
use annobib::model::{ClaimKind, Document, Origin};
use annobib::store::DocumentSummary;

use super::{Ctx, Outcome};

mod bibs;
mod links;
mod records;

use annobib::render::export::LinkFormat;
use bibs::{ReadBib, import_bibs};
use links::{ReadLinks, restore};
use records::{ReadRecords, import_records};

/// Import .bib files, essays, and links files into the library.
#[derive(clap::Args)]
pub struct Args {
    /// .bib files (BibLaTeX or BibTeX), RIS (.ris), CSL-JSON (.json) and CSL-YAML (.yaml)
    /// from reference managers, essays (.txt, .md) and links files (.csv, .json, from
    /// `annobib export links`); UTF-8, UTF-16 or Latin-1. Default: the files listed in the
    /// project's annobib.toml.
    files: Vec<PathBuf>,
    /// Delete the sources that a re-imported .bib file no longer has (default: keep them).
    #[arg(long)]
    prune: bool,
    /// Import the valid entries of a .bib file (records of a RIS or CSL file) that has bad
    /// ones, listing each one skipped.
    #[arg(long)]
    skip_invalid: bool,
}

/// What kind of file an argument is.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Bib,
    Essay,
    Links(LinkFormat),
    Records(annobib::records::Format),
}

/// Decides by extension, then by content: a file whose first meaningful character is `@`
/// (after `%` comment lines) is BibTeX, one whose first line is a RIS `TY  - ` line is RIS.
/// A .json file is a links file when its first record has a `claim`, else CSL-JSON.
fn kind_of(path: &Path, text: &str) -> Kind {
    use annobib::records::Format;
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
    {
        Some("bib" | "bibtex" | "biblatex") => Kind::Bib,
        Some("txt" | "text" | "md" | "markdown") => Kind::Essay,
        Some("csv") => Kind::Links(LinkFormat::Csv),
        Some("json") if is_links_json(text) => Kind::Links(LinkFormat::Json),
        Some("json") => Kind::Records(Format::CslJson),
        Some("ris") => Kind::Records(Format::Ris),
        Some("yaml" | "yml") => Kind::Records(Format::CslYaml),
        _ => {
            let first = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('%'));
            if first.is_some_and(|l| l.starts_with('@')) {
                Kind::Bib
            } else if first.is_some_and(|l| l.trim_start_matches('\u{feff}').starts_with("TY  -")) {
                Kind::Records(Format::Ris)
            } else {
                Kind::Essay
            }
        }
    }
}

/// A links file (from `annobib export links --format json`) names a document and a claim in
/// its first record; a CSL item has neither.
fn is_links_json(text: &str) -> bool {
    let head: String = text.chars().take(4000).collect();
    let first = head.split('}').next().unwrap_or("");
    first.contains("\"claim\"") || head.trim().trim_start_matches('[').trim().starts_with(']')
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
    let mut links = Vec::new();
    let mut records = Vec::new();
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
            Kind::Links(format) => links.push(ReadLinks {
                shown,
                text,
                format,
            }),
            Kind::Records(format) => records.push(ReadRecords {
                stored: ctx.stored_path(Path::new(&shown)),
                shown,
                text,
                encoding,
                hash: hex(&Sha256::digest(&bytes)),
                format,
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
        if !records.is_empty() {
            import_records(ctx, store, &records, &args)?;
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
        // Links last: they land on the claims of the documents just imported.
        restore(ctx, store, &links, args.skip_invalid)?;
        if !bibs.is_empty() || !records.is_empty() {
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

/// Brings the library up to date with the files the project file (annobib.toml) lists, the
/// way `make` brings a target up to date: files new to the library or changed since they were
/// imported are imported again (one transaction, the same checks as `annobib import`);
/// unchanged files cost a hash. Commands that read the library call this first, so that
/// `annobib check` in a project checks the files as they are now.
pub fn sync(ctx: &Ctx) -> Result<()> {
    let c = &ctx.project.config;
    if c.bib.is_empty() && c.documents.is_empty() {
        return Ok(());
    }
    let (bib_hashes, doc_hashes): (HashMap<String, String>, HashMap<String, String>) =
        if ctx.project.db.is_file() {
            let store = ctx.open_store()?;
            let docs = store.documents()?;
            (
                store.bibfile_hashes()?,
                docs.into_iter().map(|d| (d.path, d.hash)).collect(),
            )
        } else {
            Default::default()
        };
    let mut stale = Vec::new();
    for (file, is_bib) in c
        .bib
        .iter()
        .map(|f| (f, true))
        .chain(c.documents.iter().map(|f| (f, false)))
    {
        let path = ctx.project.root.join(file);
        let stored = ctx.stored_path(&path);
        let bytes = std::fs::read(&path).with_context(|| {
            format!(
                "cannot read {} (listed in annobib.toml)",
                shown_path(ctx, &path)
            )
        })?;
        let (now, known): (String, Option<&String>) = if is_bib {
            (hex(&Sha256::digest(&bytes)), bib_hashes.get(&stored))
        } else {
            let (text, _) = annobib::encoding::decode(&bytes);
            (
                hex(&Sha256::digest(text.as_bytes())),
                doc_hashes.get(&stored),
            )
        };
        if known != Some(&now) {
            stale.push(path);
        }
    }
    if stale.is_empty() {
        return Ok(());
    }
    run(
        ctx,
        Args {
            files: stale,
            prune: false,
            skip_invalid: false,
        },
    )
    .map(|_| ())
}

/// Imports one file again (after annobib itself edited it).
pub fn reimport(ctx: &Ctx, path: &Path) -> Result<()> {
    run(
        ctx,
        Args {
            files: vec![path.to_path_buf()],
            prune: false,
            skip_invalid: false,
        },
    )
    .map(|_| ())
}

fn shown_path(ctx: &Ctx, path: &Path) -> String {
    path.strip_prefix(&ctx.cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
            ("links.csv", "document,claim", Kind::Links(LinkFormat::Csv)),
            ("links.JSON", "[]", Kind::Links(LinkFormat::Json)),
            (
                "links.json",
                "[{\"document\": \"essay.md\", \"claim\": \"c1\"}]",
                Kind::Links(LinkFormat::Json),
            ),
            ("refs.json", "[{\"id\": 1, \"type\": \"book\"}]", Kind::Records(annobib::records::Format::CslJson)),
            ("refs.RIS", "", Kind::Records(annobib::records::Format::Ris)),
            ("refs.txt", "TY  - BOOK", Kind::Essay),
            ("export", "\u{feff}TY  - BOOK\r\nER  - ", Kind::Records(annobib::records::Format::Ris)),
            ("refs.yml", "", Kind::Records(annobib::records::Format::CslYaml)),
        ];
        for (name, text, kind) in cases {
            assert_eq!(kind_of(Path::new(name), text), kind, "{name}");
        }
    }
}
