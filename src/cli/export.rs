//! `annobib export FORMAT`: sources as BibTeX, BibLaTeX, CSL-JSON or RIS; an essay as pandoc
//! Markdown with real citations; the user's links as CSV or JSON.

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::{Result, bail};

use annobib::bib::{self, Dialect, Named};
use annobib::model::{BibItem, ClaimKind, Document, Source};
use annobib::render::export::{
    PandocOptions, link_records, write_csl_json, write_links_csv, write_links_json,
    write_pandoc_markdown, write_ris,
};
use annobib::store::{SourceFilter, SourceSort, Store};

use super::{Ctx, Outcome};

/// Export sources, an essay, or your links.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// BibTeX for bibtex and plain.bst: BibLaTeX-only types and fields mapped to BibTeX's.
    Bibtex(SourceArgs),
    /// BibLaTeX as stored: field order, LaTeX and @string macros kept.
    Biblatex(SourceArgs),
    /// CSL-JSON, for pandoc --citeproc, Zotero and other CSL processors.
    #[command(name = "csl-json", alias = "csljson")]
    CslJson(SourceArgs),
    /// RIS, for Zotero, EndNote, Mendeley.
    Ris(SourceArgs),
    /// The essay as pandoc Markdown, its citations replaced by [@key, p. 24].
    Markdown(MarkdownArgs),
    /// Your manual links and exemptions (and, with --inline, the citations found in the
    /// text) as CSV or JSON; `annobib import` of that file restores them.
    Links(LinksArgs),
}

#[derive(clap::Args)]
struct SourceArgs {
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Only these sources (BibTeX/BibLaTeX add the crossref/xdata parents and @string macros
    /// they need).
    #[arg(long, value_delimiter = ',', value_name = "KEY,...")]
    keys: Vec<String>,
    /// Only the sources the documents cite (inline or by a manual link; reading-list items
    /// alone do not count).
    #[arg(long)]
    cited_only: bool,
    /// With --cited-only: only the sources this document cites.
    #[arg(long, value_name = "DOCUMENT", requires = "cited_only")]
    document: Option<PathBuf>,
}

#[derive(clap::Args)]
struct MarkdownArgs {
    /// The document (as imported).
    document: PathBuf,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Name these bibliography files in the front matter (for pandoc --citeproc).
    #[arg(long, value_name = "FILE")]
    bibliography: Vec<String>,
}

#[derive(clap::Args)]
struct LinksArgs {
    /// Only this document (default: all).
    document: Option<PathBuf>,
    /// Format of the file.
    #[arg(long, value_enum, default_value_t = LinksFormat::Csv)]
    format: LinksFormat,
    /// Also list the citations found in the text (for reference; an import skips them).
    #[arg(long)]
    inline: bool,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LinksFormat {
    Csv,
    Json,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let store = ctx.open_synced()?;
    let mut out = Vec::new();
    let output = match args.what {
        What::Bibtex(a) => {
            write_bib(ctx, &store, &a, Dialect::Bibtex, &mut out)?;
            a.output
        }
        What::Biblatex(a) => {
            write_bib(ctx, &store, &a, Dialect::Biblatex, &mut out)?;
            a.output
        }
        What::CslJson(a) => {
            write_csl_json(&mut out, &sources(ctx, &store, &a)?)?;
            a.output
        }
        What::Ris(a) => {
            write_ris(&mut out, &sources(ctx, &store, &a)?)?;
            a.output
        }
        What::Markdown(a) => {
            let (_, doc) = one_document(ctx, &store, &a.document)?;
            let mut opts = PandocOptions::for_path(&doc.path);
            opts.bibliography = a.bibliography.clone();
            let report = write_pandoc_markdown(&mut out, &doc, &opts)?;
            for left in &report.left {
                ctx.note(format!(
                    "{}:{}:{}: warning: left as written: {}",
                    a.document.display(),
                    left.line,
                    left.column,
                    left.reason.describe()
                ));
            }
            a.output
        }
        What::Links(a) => {
            let docs = ctx.load_documents(&store, a.document.as_deref())?;
            let records: Vec<_> = docs
                .iter()
                .flat_map(|(_, d)| link_records(d, a.inline))
                .collect();
            match a.format {
                LinksFormat::Csv => write_links_csv(&mut out, &records)?,
                LinksFormat::Json => write_links_json(&mut out, &records)?,
            }
            a.output
        }
    };
    ctx.emit(output.as_deref(), &out)?;
    Ok(Outcome::Success)
}

/// The keys the export is limited to, if it is: `--keys`, and with `--cited-only` the keys
/// the documents cite (both: their intersection).
fn chosen_keys(ctx: &Ctx, store: &Store, a: &SourceArgs) -> Result<Option<Vec<String>>> {
    super::known::require_keys(store, a.keys.iter().map(String::as_str))?;
    let mut keys: Option<BTreeSet<String>> =
        (!a.keys.is_empty()).then(|| a.keys.iter().cloned().collect());
    if a.cited_only {
        let docs = ctx.load_documents(store, a.document.as_deref())?;
        let cited = cited_keys(docs.iter().map(|(_, d)| d));
        keys = Some(match keys {
            Some(k) => k.intersection(&cited).cloned().collect(),
            None => cited,
        });
    }
    Ok(keys.map(|k| k.into_iter().collect()))
}

/// Keys cited by claims (not by reading-list items) of these documents.
fn cited_keys<'a>(docs: impl Iterator<Item = &'a Document>) -> BTreeSet<String> {
    docs.flat_map(|d| &d.claims)
        .filter(|c| c.kind == ClaimKind::Claim)
        .flat_map(|c| &c.citations)
        .filter_map(|c| c.resolution.source.clone())
        .collect()
}

fn write_bib(
    ctx: &Ctx,
    store: &Store,
    a: &SourceArgs,
    dialect: Dialect,
    out: &mut Vec<u8>,
) -> Result<()> {
    let spin = super::progress::spinner(ctx, store.source_count()?, "exporting");
    match chosen_keys(ctx, store, a)? {
        Some(keys) => {
            let items: Vec<BibItem> = store.bib_items()?;
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let items = match bib::select(&items, &keys) {
                Ok(items) => items,
                Err(unknown) => {
                    bail!("no source with key {} in the library", quote_list(&unknown))
                }
            };
            bib::write(out, &items, dialect)?;
        }
        // The whole library, streamed: only the entries others name are held.
        None => {
            let named = match dialect {
                Dialect::Bibtex => Named {
                    sources: store.named_sources()?,
                    crossref_targets: store.crossref_targets()?,
                },
                Dialect::Biblatex => Named::default(),
            };
            let mut w = bib::Writer::new(out, dialect, named);
            store.each_bib_item(|item| {
                w.item(&item)?;
                spin.inc(1);
                Ok::<_, anyhow::Error>(())
            })?;
            w.finish()?;
        }
    }
    spin.finish_and_clear();
    Ok(())
}

fn sources(ctx: &Ctx, store: &Store, a: &SourceArgs) -> Result<Vec<Source>> {
    let keys = chosen_keys(ctx, store, a)?;
    let filter = SourceFilter {
        keys: keys.clone(),
        ..Default::default()
    };
    let found = store.sources(&filter, SourceSort::File)?;
    if let Some(keys) = keys {
        let unknown: Vec<String> = keys
            .into_iter()
            .filter(|k| !found.iter().any(|s| &s.key == k))
            .collect();
        if !unknown.is_empty() {
            bail!("no source with key {} in the library", quote_list(&unknown));
        }
    }
    Ok(found)
}

fn one_document(ctx: &Ctx, store: &Store, path: &std::path::Path) -> Result<(String, Document)> {
    let mut docs = ctx.load_documents(store, Some(path))?;
    Ok(docs.remove(0))
}

fn quote_list(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ")
}
