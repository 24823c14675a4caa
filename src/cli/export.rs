//! `annobib export FORMAT`: write the library's sources as BibTeX or BibLaTeX.

use std::path::PathBuf;

use anyhow::{Result, bail};

use annobib::bib::{self, Dialect};

use super::{Ctx, Outcome};

/// Export sources.
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
}

#[derive(clap::Args)]
struct SourceArgs {
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Only these sources (and the crossref/xdata parents and @string macros they need).
    #[arg(long, value_delimiter = ',', value_name = "KEY,...")]
    keys: Vec<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let (dialect, a) = match args.what {
        What::Bibtex(a) => (Dialect::Bibtex, a),
        What::Biblatex(a) => (Dialect::Biblatex, a),
    };
    let store = ctx.open_existing()?;
    let mut items = store.bib_items()?;
    if !a.keys.is_empty() {
        let keys: Vec<&str> = a.keys.iter().map(String::as_str).collect();
        items = match bib::select(&items, &keys) {
            Ok(items) => items,
            Err(unknown) => bail!("no source with key {} in the library", quote_list(&unknown)),
        };
    }
    let mut out = Vec::new();
    bib::write(&mut out, &items, dialect)?;
    ctx.emit(a.output.as_deref(), &out)?;
    // The process ends here: freeing a large library's millions of strings one by one took a
    // fifth of the export, and the system takes the memory back at once.
    std::mem::forget(items);
    Ok(Outcome::Success)
}

fn quote_list(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ")
}
