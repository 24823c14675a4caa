//! `annobib bibliography [DOCUMENT]`: the annotated bibliography in a citation style, each
//! entry followed by its annotation and where the documents cite it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;

use annobib::model::{ClaimKind, claim_label};
use annobib::render::bibliography::{Bibliography, CitedAt};
use annobib::render::locator_text;

use super::report::StyleArgs;
use super::{Ctx, Outcome};

/// Print the annotated bibliography of the documents' sources in a citation style.
#[derive(clap::Args)]
pub struct Args {
    /// Documents whose sources to list (default: every document; with none imported, the
    /// whole library).
    documents: Vec<PathBuf>,
    #[command(flatten)]
    style: StyleArgs,
    /// Output format. HTML is a whole page (hanging indent, annotations set apart); with
    /// --fragment only the entries, to embed in a page of your own.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// With --format html: the entries only (`<div class="bib-entry">` each), no page.
    #[arg(long)]
    fragment: bool,
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
    let scope = ctx.scope(&store, &args.documents, false, false)?;
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
    let bib = Bibliography::build(&sources, args.style.style(ctx)?, |key| {
        cited.get(key).cloned().unwrap_or_default()
    })?;
    let mut out = Vec::new();
    match args.format {
        Format::Text => bib.write_text(&mut out)?,
        Format::Markdown => bib.write_markdown(&mut out)?,
        Format::Html if args.fragment => bib.write_html(&mut out, false)?,
        Format::Html => {
            let title = match &scope.docs[..] {
                [(_, doc)] => match &doc.title {
                    Some(t) => format!("Annotated bibliography: {t}"),
                    None => "Annotated bibliography".to_string(),
                },
                _ => "Annotated bibliography".to_string(),
            };
            bib.write_html_page(&mut out, &title)?
        }
    }
    ctx.emit(args.output.as_deref(), &out)?;
    Ok(Outcome::Success)
}
