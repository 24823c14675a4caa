//! `annobib source KEY`: one source in full.

use anyhow::{Result, bail};

use annobib::render::sources::{write_detail, write_json};

use super::{Ctx, Outcome};

/// Show one source.
#[derive(clap::Args)]
pub struct Args {
    /// The source's citation key.
    key: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DetailFormat::Text)]
    format: DetailFormat,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DetailFormat {
    Text,
    Json,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let store = ctx.open_synced()?;
    let Some(mut source) = store.source(&args.key)? else {
        super::known::require_keys(&store, [args.key.as_str()])?;
        bail!("no source with key '{}' in the library", args.key);
    };
    if !source.origin.file.is_empty() {
        source.origin.file = ctx.display_path(&source.origin.file);
    }
    let uses: Vec<_> = store
        .uses_of(&source.key)?
        .into_iter()
        .map(|(doc, claim, c)| (ctx.display_path(&doc), claim, c))
        .collect();
    let mut out = Vec::new();
    match args.format {
        DetailFormat::Text => write_detail(&mut out, &source, &uses, &ctx.table)?,
        DetailFormat::Json => write_json(&mut out, &source, &uses)?,
    }
    ctx.emit(None, &out)?;
    Ok(Outcome::Success)
}
