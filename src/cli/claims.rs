//! `annobib claims [DOCUMENT]`: list claims with their citations; `annobib claim ID` (and
//! `claims ID`): one claim in full, with what to run next.

use std::path::PathBuf;

use anyhow::Result;

use annobib::render::ListFormat;
use annobib::render::claims::{ClaimFilter, ClaimRef, listing, select, write_claim, write_json};

use super::{Ctx, FormatArg, Outcome, known, parse_claim_id};

/// List claims and their citations.
#[derive(clap::Args)]
pub struct Args {
    /// Only this document (default: every document in the library); a claim id (c22) shows
    /// that claim in full, as `annobib claim c22` does.
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

/// Show one claim.
#[derive(clap::Args)]
pub struct ClaimArgs {
    /// The claim id (c22, or 22).
    claim: String,
    /// Output format: the claim in full, or the JSON of `claims --format json` (one element).
    #[arg(long, value_enum, default_value_t = OneFormat::Text)]
    format: OneFormat,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OneFormat {
    Text,
    Json,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let store = ctx.open_synced()?;
    if let Some(named) = args.document.as_deref().and_then(|d| d.to_str())
        && let Ok(id) = parse_claim_id(named)
        && store.document(&ctx.stored_path(named.as_ref()))?.is_none()
    {
        let format = match args.format {
            FormatArg::Json => OneFormat::Json,
            _ => OneFormat::Text,
        };
        return show_claim(ctx, &store, id, format);
    }
    if let Some(key) = &args.source {
        known::require_keys(&store, [key.as_str()])?;
    }
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

/// `annobib claim ID`.
pub fn run_one(ctx: &Ctx, args: ClaimArgs) -> Result<Outcome> {
    let id = parse_claim_id(&args.claim)?;
    let store = ctx.open_synced()?;
    show_claim(ctx, &store, id, args.format)
}

fn show_claim(
    ctx: &Ctx,
    store: &annobib::store::Store,
    id: i64,
    format: OneFormat,
) -> Result<Outcome> {
    let (path, claim) = store.claim(id).map_err(|e| known::explain(ctx, store, e))?;
    let shown = ctx.display_path(&path);
    // One claim without its document: its position in its paragraph, and so its `need`, is
    // not known here (`claims --format json` lists it).
    let one = ClaimRef {
        document: &shown,
        claim: &claim,
        need: None,
    };
    let mut out = Vec::new();
    match format {
        OneFormat::Text => write_claim(&mut out, &one)?,
        OneFormat::Json => write_json(&mut out, &[one])?,
    }
    ctx.emit(None, &out)?;
    Ok(Outcome::Success)
}
