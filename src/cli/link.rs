//! `annobib link CLAIM SOURCE`: link a claim to a source by hand, with a page and a note.

use anyhow::{Result, anyhow, bail};

use annobib::cite::parse_locator;
use annobib::render::locator_text;
use annobib::store::LinkOutcome;

use super::{Ctx, Outcome, parse_claim_id};

/// Link a claim to a source (or change that link's page, note or quote).
#[derive(clap::Args)]
pub struct Args {
    /// The claim id (c12, or 12).
    claim: String,
    /// The source's key.
    source: String,
    /// Where in the source: "24", "24-26", "p. 24", "ch. 3"...
    #[arg(long, value_name = "LOCATOR")]
    page: Option<String>,
    /// A note on why this source backs the claim.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// A quotation from the source.
    #[arg(long, value_name = "TEXT")]
    quote: Option<String>,
    /// Keep a page the source does not have (outside its `pages` or past its `pagetotal`).
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let claim = parse_claim_id(&args.claim)?;
    let locator = match &args.page {
        Some(p) => Some(
            parse_locator(p)
                .ok_or_else(|| anyhow!("--page '{p}': not a page, range or locator"))?,
        ),
        None => None,
    };
    let mut store = ctx.open_synced()?;
    if let Some(l) = &locator
        && !args.force
        && let Some(source) = store.source(&args.source)?
    {
        let mut outside = annobib::check::pages_outside(l, &source);
        if let Some(att) = store.attachment(&source.key)? {
            outside.extend(annobib::fulltext::pages_not_attached(l, &att));
        }
        if !outside.is_empty() {
            bail!(
                "--page {}: {} (--force links it anyway)",
                locator_text(l),
                outside.join("; ")
            );
        }
    }
    let outcome = store
        .link(
            claim,
            &args.source,
            locator.as_ref(),
            args.note.as_deref(),
            args.quote.as_deref(),
        )
        .map_err(|e| super::known::explain(ctx, &store, e))?;
    let at = locator
        .as_ref()
        .map(|l| format!(", {}", locator_text(l)))
        .unwrap_or_default();
    ctx.note(match outcome {
        LinkOutcome::Added => format!("linked c{claim} to {}{at}", args.source),
        LinkOutcome::Updated => format!("updated the link from c{claim} to {}{at}", args.source),
    });
    Ok(Outcome::Success)
}
