//! `annobib sources draft DOCUMENT [-o drafts.bib]`: a BibLaTeX entry drafted for every item
//! of a document's reference list, for the user to review and import (docs/drafts.md).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use annobib::essay::read::Format;
use annobib::model::ClaimKind;
use annobib::refparse;
use annobib::sniff::{self, Kind};

use super::{Ctx, Outcome};

pub const EXAMPLES: &str = "\
Examples:
  annobib sources draft essay.txt                 The drafts on stdout
  annobib sources draft essay.md -o drafts.bib    Written to a file; review it, then:
  annobib import drafts.bib";

/// Draft a BibLaTeX entry for every item of a document's reference list.
///
/// Reads the document (text, Markdown, LaTeX, HTML or Word), finds its reference list and
/// reads each item into fields with a trained sequence labeller: creators and their roles,
/// date, title and subtitle, container, volume, number, pages, edition, publisher, place,
/// DOI, URL, ISBN. Each entry is preceded by the item as written, the type guessed and why,
/// and the fields it is unsure of. Nothing is imported: review the file, then import it.
#[derive(clap::Args)]
pub struct Args {
    /// The document whose reference list to read.
    document: PathBuf,
    /// Write the drafts to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let path = ctx.cwd.join(&args.document);
    let shown = args.document.display().to_string();
    let items = reference_items(&path, &shown)?;
    if items.is_empty() {
        bail!(
            "{shown}: no reference list found (a heading such as References, Bibliography, \
             Works Cited or Recommended Readings, with an item per paragraph after it)"
        );
    }
    let mut drafts: Vec<refparse::Draft> = items.iter().map(|t| refparse::draft(t)).collect();
    refparse::unique_keys(&mut drafts, &HashSet::new());
    let text = refparse::write_drafts(&drafts, &shown);
    ctx.emit(args.output.as_deref(), text.as_bytes())?;
    let unsure = drafts.iter().filter(|d| !d.unsure.is_empty()).count();
    let to = args
        .output
        .as_ref()
        .map_or(String::new(), |o| format!(" to {}", o.display()));
    ctx.note(format!(
        "drafted {} entries from the reference list of {shown}{to}; {unsure} with fields marked unsure",
        drafts.len()
    ));
    Ok(Outcome::Success)
}

/// The text of each reference-list item of the document at `path`, in order.
fn reference_items(path: &Path, shown: &str) -> Result<Vec<String>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
    let (text, _) = annobib::encoding::decode(&bytes);
    let format = match sniff::sniff(path, &bytes, &text).kind {
        Kind::Text => Format::Text,
        Kind::Markdown => Format::Markdown,
        Kind::Latex => Format::Latex,
        Kind::Html => Format::Html,
        Kind::Docx => Format::Docx,
        Kind::Odt => Format::Odt,
        Kind::Pdf => bail!(
            "{shown} is a PDF: extract its text first (`pdftotext -layout {shown} essay.txt`) \
             and draft from that"
        ),
        other => bail!(
            "{shown} is {}, not a document with a reference list (sources draft reads text, \
             Markdown, LaTeX, HTML, Word and OpenDocument documents)",
            other.describe()
        ),
    };
    let read = annobib::essay::read::read_bytes(
        shown,
        format,
        &bytes,
        &text,
        &annobib::essay::Options::default(),
    )
    .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    Ok(read
        .document
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Reference)
        .map(|c| c.text.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect())
}
