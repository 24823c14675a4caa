//! `annobib unlink CLAIM SOURCE`: remove a manual link.

use anyhow::{Result, bail};

use super::{Ctx, Outcome, parse_claim_id};

/// Remove the manual link between a claim and a source.
#[derive(clap::Args)]
pub struct Args {
    /// The claim id (c12, or 12).
    claim: String,
    /// The source's key.
    source: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let claim = parse_claim_id(&args.claim)?;
    let mut store = ctx.open_synced()?;
    let removed = store
        .unlink(claim, &args.source)
        .map_err(|e| super::known::explain(ctx, &store, e))?;
    if removed == 0 {
        super::known::require_keys(&store, [args.source.as_str()])?;
        let (_, c) = store.claim(claim)?;
        if c.citations
            .iter()
            .any(|x| x.resolution.source.as_deref() == Some(&args.source))
        {
            bail!(
                "c{claim} cites {} in its text, not by a manual link; edit the document to change it",
                args.source
            );
        }
        bail!("c{claim} has no link to {}", args.source);
    }
    ctx.note(format!("unlinked c{claim} from {}", args.source));
    Ok(Outcome::Success)
}
