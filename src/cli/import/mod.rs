//! `annobib import FILE...`: .bib files into the library (every bad entry reported at once;
//! nothing written unless all is well or `--skip-invalid`), and essays into claims with
//! their citations found and resolved (re-anchoring the user's links after an edit). One
//! transaction for the whole command.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use annobib::cite::{self, ResolveOptions};
use annobib::essay::read::Format;
use annobib::essay::{self, anchor};
use annobib::model::{ClaimKind, Document, Origin};
use annobib::store::DocumentSummary;

use super::{Ctx, Outcome};

mod bibs;
mod links;
mod records;

use annobib::records::Format as RecordFormat;
use annobib::render::export::LinkFormat;
use annobib::sniff::{self, Kind, Sniffed};
use bibs::{ReadBib, import_bibs};
use links::{ReadLinks, restore};
use records::{ReadRecords, import_records};

/// Import .bib files, essays, and links files into the library.
#[derive(clap::Args)]
pub struct Args {
    /// .bib files (BibLaTeX or BibTeX), RIS, CSL-JSON and CSL-YAML files of reference
    /// managers, essays (.txt, .md, .tex, .html) and links files (.csv, .json, from `annobib
    /// export links`); UTF-8, UTF-16 or Latin-1. The kind comes from the content
    /// (docs/formats.md); PDFs and other binaries are refused. Default: the files listed in
    /// the project's annobib.toml.
    files: Vec<PathBuf>,
    /// Delete the sources that a re-imported .bib file no longer has (default: keep them).
    #[arg(long)]
    prune: bool,
    /// Import the valid entries of a .bib file (records of a RIS or CSL file) that has bad
    /// ones, listing each one skipped.
    #[arg(long)]
    skip_invalid: bool,
}

/// What the content of an argument is (annobib::sniff) decides where it goes; what cannot be
/// read is refused here, before anything is written, with what to do instead.
fn route(shown: &str, sniffed: &Sniffed) -> Result<Route> {
    Ok(match sniffed.kind {
        Kind::Bib => Route::Bib,
        Kind::Text => Route::Essay(Format::Text),
        Kind::Html => Route::Essay(Format::Html),
        Kind::Markdown => Route::Essay(Format::Markdown),
        Kind::Latex => Route::Essay(Format::Latex),
        Kind::LinksCsv => Route::Links(LinkFormat::Csv),
        Kind::LinksJson => Route::Links(LinkFormat::Json),
        Kind::Docx => Route::Essay(Format::Docx),
        Kind::Odt => bail!(
            "{shown} is {}: annobib does not read OpenDocument files yet; save it as .docx \
             (or plain text, Markdown) and import that",
            sniffed.kind.describe()
        ),
        Kind::Ris => Route::Records(RecordFormat::Ris),
        Kind::CslJson => Route::Records(RecordFormat::CslJson),
        Kind::CslYaml => Route::Records(RecordFormat::CslYaml),
        Kind::Pdf => bail!(
            "{shown} is a PDF: annobib reads essays as text, Markdown, LaTeX or HTML; extract its \
             text first (`pdftotext -layout {shown} essay.txt`) or import the file it was made from"
        ),
        Kind::Binary(what) => bail!("{shown} is {what}, not a document annobib can read"),
    })
}

/// Where a file goes.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Bib,
    Essay(Format),
    Links(LinkFormat),
    Records(RecordFormat),
}

/// An essay read, before anything is written.
struct ReadEssay {
    shown: String,
    read: essay::read::Read,
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
    let opts = essay::Options {
        abbreviations: ctx.project.config.abbreviations.clone(),
    };
    for path in &files {
        let shown = shown_path(ctx, path);
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
        let (text, encoding) = annobib::encoding::decode(&bytes);
        let sniffed = sniff::sniff(path, &bytes, &text);
        let route = route(&shown, &sniffed)?;
        if let Some(warning) = sniffed.disagreement(&shown) {
            ctx.note(format!("{shown}: warning: {warning}"));
        }
        match route {
            Route::Bib => bibs.push(ReadBib {
                // Recorded relative to the project, so the library moves with it.
                stored: ctx.stored_path(Path::new(&shown)),
                shown,
                text,
                encoding,
                hash: hex(&Sha256::digest(&bytes)),
            }),
            Route::Essay(format) => {
                let stored = ctx.stored_path(path);
                // Read before anything is written: a damaged Word file refuses the import.
                let read = essay::read::read_bytes(&stored, format, &bytes, &text, &opts)
                    .map_err(|e| anyhow::anyhow!("{shown}: {e}; nothing was imported"))?;
                for w in read.located_warnings() {
                    ctx.note(format!("{shown}:{w}"));
                }
                essays.push(ReadEssay { shown, read });
            }
            Route::Links(format) => links.push(ReadLinks {
                shown,
                text,
                format,
            }),
            Route::Records(format) => records.push(ReadRecords {
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
    let done = store.atomically(|store| -> Result<()> {
        let bibs_read = !bibs.is_empty() && import_bibs(ctx, store, &bibs, &args)?;
        if !records.is_empty() {
            import_records(ctx, store, &records, &args)?;
        }
        let mut imported = HashSet::new();
        for e in &essays {
            let mut doc = e.read.document.clone();
            let index = store.index();
            cite::cite_document(&mut doc, &index, &ResolveOptions::default());
            index.finish()?;
            let old = store.previous_claims(&doc.path)?;
            let anchoring = anchor::reanchor(&old, &doc.text, &doc.claims);
            let summary = store.replace_document(&mut doc, &anchoring)?;
            ctx.note(document_summary(&e.shown, &doc, &summary));
            imported.insert(doc.path.clone());
        }
        // Links last: they land on the claims of the documents just imported.
        restore(ctx, store, &links, args.skip_invalid)?;
        if bibs_read || !records.is_empty() {
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
        // Kept (an empty library) when another process has opened it meanwhile.
        let _ = store.remove_created(&ctx.project.db);
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
            // A Word file's document text is what its reader writes.
            let text = match sniff::sniff(&path, &bytes, &text).kind {
                Kind::Docx => essay::read::read_bytes(
                    &stored,
                    Format::Docx,
                    &bytes,
                    &text,
                    &essay::Options::default(),
                )
                .map_or(text, |r| r.document.text),
                _ => text,
            };
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
    fn every_kind_is_routed_or_refused_with_what_to_do() {
        let cases: &[(&str, &[u8], Option<Route>, &str)] = &[
            ("a.bib", b"@book{k,}", Some(Route::Bib), ""),
            ("essay.md", b"@book{k,}", Some(Route::Bib), ""),
            ("essay.txt", b"Text.", Some(Route::Essay(Format::Text)), ""),
            (
                "essay.md",
                b"Text.",
                Some(Route::Essay(Format::Markdown)),
                "",
            ),
            (
                "paper.tex",
                b"\\documentclass{article}",
                Some(Route::Essay(Format::Latex)),
                "",
            ),
            (
                "links.csv",
                b"document,claim",
                Some(Route::Links(LinkFormat::Csv)),
                "",
            ),
            (
                "links.JSON",
                b"[]",
                Some(Route::Links(LinkFormat::Json)),
                "",
            ),
            (
                "paper.pdf",
                b"%PDF-1.5",
                None,
                "pdftotext -layout paper.pdf",
            ),
            (
                "refs.ris",
                b"TY  - JOUR\n",
                Some(Route::Records(RecordFormat::Ris)),
                "",
            ),
            (
                "z.json",
                br#"[{"id":1,"type":"book"}]"#,
                Some(Route::Records(RecordFormat::CslJson)),
                "",
            ),
            (
                "e.odt",
                b"PK\x03\x04\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x08\0\0\0mimetypeapplication/vnd.oasis.opendocument.text",
                None,
                "OpenDocument",
            ),
            (
                "e.docx",
                b"PK\x03\x04word/document.xml",
                Some(Route::Essay(Format::Docx)),
                "",
            ),
            ("x.png", b"\x89PNG\r\n", None, "a PNG image, not a document"),
        ];
        for (name, bytes, want, says) in cases {
            let (text, _) = annobib::encoding::decode(bytes);
            let sniffed = sniff::sniff(Path::new(name), bytes, &text);
            match (route(name, &sniffed), want) {
                (Ok(got), Some(want)) => assert_eq!(&got, want, "{name}"),
                (Err(e), None) => assert!(e.to_string().contains(says), "{name}: {e}"),
                (got, _) => panic!("{name}: {:?}", got.map_err(|e| e.to_string())),
            }
        }
    }
}
