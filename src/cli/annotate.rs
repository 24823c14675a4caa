//! `annobib annotate SOURCE TEXT`: set the note on a source (its BibLaTeX `annotation` field).

use anyhow::Result;

use super::{Ctx, Outcome};

/// Set (or with --clear remove) the annotation of a source.
#[derive(clap::Args)]
pub struct Args {
    /// The source's key.
    source: String,
    /// The note. Exports write it to the entry's `annotation` field.
    #[arg(required_unless_present = "clear")]
    text: Option<String>,
    /// Remove the annotation.
    #[arg(long, conflicts_with = "text")]
    clear: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let mut store = ctx.open_synced()?;
    store.set_annotation(&args.source, args.text.as_deref())?;
    ctx.note(if args.clear {
        format!("removed the annotation of {}", args.source)
    } else {
        format!("annotated {}", args.source)
    });
    Ok(Outcome::Success)
}
