//! `annobib claims [DOCUMENT]`: list claims with their citations.

use std::path::PathBuf;

use anyhow::Result;

use annobib::render::ListFormat;
use annobib::render::claims::{ClaimFilter, listing, select, write_json};

use super::{Ctx, FormatArg, Outcome};

/// List claims and their citations.
#[derive(clap::Args)]
pub struct Args {
    /// Only this document (default: every document in the library).
    document: Option<PathBuf>,
    /// Only claims without any citation.
    #[arg(long)]
    uncited: bool,
    /// Only claims citing this source.
    #[arg(long, value_name = "KEY")]
    source: Option<String>,
    /// Only claims under a heading containing TEXT.
    #[arg(long, value_name = "TEXT")]
    section: Option<String>,
    /// Only sentences of running text (no titles, headings, references).
    #[arg(long)]
    claims_only: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let store = ctx.open_synced()?;
    let docs = ctx.load_documents(&store, args.document.as_deref())?;
    let filter = ClaimFilter {
        uncited: args.uncited,
        source: args.source,
        section: args.section,
        claims_only: args.claims_only,
    };
    let claims = select(&docs, &filter);
    let mut out = Vec::new();
    match args.format {
        FormatArg::Json => write_json(&mut out, &claims)?,
        f => {
            let format = ctx.list_format(f);
            let with_document = docs.len() > 1 || format != ListFormat::Table;
            listing(&claims, with_document).write(&mut out, format, &ctx.table)?
        }
    }
    ctx.emit(None, &out)?;
    Ok(Outcome::Success)
}
