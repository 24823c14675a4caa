//! `annobib sources`: list the library's sources as a table, JSON, CSV or Markdown;
//! `annobib sources draft` drafts entries from a document's reference list (`draft`).

use anyhow::Result;
use clap::ValueEnum;

use std::io::Write;

use annobib::render::sources::write_listing;
use annobib::store::{SourceFilter, SourceSort};

use super::{Ctx, FormatArg, Outcome};

/// List the library's sources.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Only this entry type (book, article, collection, ...).
    #[arg(long = "type", value_name = "TYPE")]
    entry_type: Option<String>,
    /// Only sources with a creator whose name contains TEXT.
    #[arg(long, value_name = "TEXT")]
    author: Option<String>,
    /// Only sources of this year.
    #[arg(long)]
    year: Option<i32>,
    /// Only sources whose key, title, creators, publisher, place or annotation contain TEXT.
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    /// Sort order.
    #[arg(long, value_enum, default_value_t = SortArg::Key)]
    sort: SortArg,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Draft a BibLaTeX entry for every item of a document's reference list, for review.
    #[command(after_help = super::draft::EXAMPLES)]
    Draft(super::draft::Args),
}

#[derive(Clone, Copy, ValueEnum)]
enum SortArg {
    Key,
    Type,
    Author,
    Year,
    Title,
    File,
}

impl From<SortArg> for SourceSort {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::Key => SourceSort::Key,
            SortArg::Type => SourceSort::Type,
            SortArg::Author => SourceSort::Author,
            SortArg::Year => SourceSort::Year,
            SortArg::Title => SourceSort::Title,
            SortArg::File => SourceSort::File,
        }
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    if let Some(Sub::Draft(a)) = args.command {
        return super::draft::run(ctx, a);
    }
    let store = ctx.open_synced()?;
    let filter = SourceFilter {
        entry_type: args.entry_type,
        author: args.author,
        year: args.year,
        search: args.search,
        ..Default::default()
    };
    let citing = store.citing_claims()?;
    let sort = args.sort.into();
    let mut out = ctx.stdout();
    write_listing::<anyhow::Error>(
        &mut out,
        ctx.list_format(args.format),
        &ctx.table,
        &citing,
        |emit| store.each_source(&filter, sort, emit),
    )?;
    out.flush()?;
    Ok(Outcome::Success)
}
