//! `annobib exempt CLAIM --reason TEXT`: say a claim needs no citation.

use anyhow::Result;

use super::{Ctx, Outcome, parse_claim_id};

/// Mark a claim as needing no citation (or with --undo, remove the mark).
#[derive(clap::Args)]
pub struct Args {
    /// The claim id (c12, or 12).
    claim: String,
    /// Why it needs no citation (common knowledge, the author's own argument...).
    #[arg(long, required_unless_present = "undo")]
    reason: Option<String>,
    /// Remove the exemption.
    #[arg(long, conflicts_with = "reason")]
    undo: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let claim = parse_claim_id(&args.claim)?;
    let mut store = ctx.open_synced()?;
    store
        .set_exempt(claim, args.reason.as_deref())
        .map_err(|e| super::known::explain(ctx, &store, e))?;
    ctx.note(if args.undo {
        format!("c{claim} is no longer exempt")
    } else {
        format!("c{claim} is exempt: {}", args.reason.unwrap_or_default())
    });
    Ok(Outcome::Success)
}
