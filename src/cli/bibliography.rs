//! `annobib bibliography [DOCUMENT]`: the annotated bibliography in a citation style, each
//! entry followed by its annotation and where the documents cite it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;

use annobib::model::{ClaimKind, claim_label};
use annobib::render::bibliography::{Bibliography, CitedAt};
use annobib::render::locator_text;

use super::report::{style, style_names};
use super::scope::Scope;
use super::{Ctx, Outcome};

/// Print the annotated bibliography of the documents' sources in a citation style.
#[derive(clap::Args)]
pub struct Args {
    /// Documents whose sources to list (default: every document; with none imported, the
    /// whole library).
    documents: Vec<PathBuf>,
    /// Citation style.
    #[arg(long, default_value = "chicago-notes", value_parser = style_names())]
    style: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Only the sources the documents cite (not those only in a reading list).
    #[arg(long)]
    cited_only: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Markdown,
    Html,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let store = ctx.open_synced()?;
    let scope = Scope::load(ctx, &store, &args.documents, false)?;
    let mut cited: BTreeMap<String, Vec<CitedAt>> = BTreeMap::new();
    for (_, doc) in &scope.docs {
        for claim in doc.claims.iter().filter(|c| c.kind == ClaimKind::Claim) {
            for c in &claim.citations {
                if let Some(key) = &c.resolution.source {
                    cited.entry(key.clone()).or_default().push(CitedAt {
                        claim: claim_label(claim.id.unwrap_or_default()),
                        locator: c.locator.as_ref().map(locator_text),
                    });
                }
            }
        }
    }
    let sources: Vec<_> = scope
        .sources
        .iter()
        .filter(|s| !args.cited_only || cited.contains_key(&s.key))
        .cloned()
        .collect();
    let bib = Bibliography::build(&sources, style(&args.style)?, |key| {
        cited.get(key).cloned().unwrap_or_default()
    })?;
    let mut out = Vec::new();
    match args.format {
        Format::Text => bib.write_text(&mut out)?,
        Format::Markdown => bib.write_markdown(&mut out)?,
        Format::Html => bib.write_html(&mut out)?,
    }
    ctx.emit(args.output.as_deref(), &out)?;
    Ok(Outcome::Success)
}
