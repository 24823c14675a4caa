//! `annobib suggest [CLAIM...]`: the library's sources that could back each claim, best first,
//! with the reason and the `annobib link` command that accepts each; without claims, for every
//! claim `check` reports as needing a citation and lacking one, strongest first.

use std::path::PathBuf;

use anyhow::Result;

use annobib::check::Rule;
use annobib::ops::suggest::{self as ops_suggest, DEFAULT_LIMIT};
use annobib::render::suggestions::{ForClaim, write_json, write_text};

use super::{Ctx, Outcome, parse_claim_id};

/// Suggest sources for claims.
#[derive(clap::Args)]
pub struct Args {
    /// Claims (`c12` or `12`). Default: every claim that needs a citation and has none.
    claims: Vec<String>,
    /// Only the claims of this document (when no claim is named).
    #[arg(long, value_name = "DOCUMENT")]
    document: Option<PathBuf>,
    /// How many sources to suggest per claim.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_LIMIT)]
    limit: usize,
    /// Output: readable lines, or JSON (docs/json.md).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let ids = args
        .claims
        .iter()
        .map(|c| parse_claim_id(c))
        .collect::<Result<Vec<_>>>()?;
    let store = ctx.open_synced()?;
    let pool = ops_suggest::pool(&store)?;
    let limit = args.limit.max(1);
    let mut out = Vec::new();
    if ids.is_empty() {
        let docs: Vec<PathBuf> = args.document.into_iter().collect();
        let scope = ctx.scope(&store, &docs, false, true)?;
        let checked = scope.check(
            &annobib::check::CheckOptions {
                rules: vec![Rule::UncitedClaim],
                ..Default::default()
            },
            false,
        );
        for f in &checked.findings {
            let Some(label) = &f.claim else { continue };
            let Ok(id) = parse_claim_id(label) else {
                continue;
            };
            out.push(suggested(ctx, &store, &pool, id, limit)?);
        }
    } else {
        for id in ids {
            out.push(suggested(ctx, &store, &pool, id, limit)?);
        }
    }
    let mut bytes = Vec::new();
    match args.format {
        Format::Text => write_text(&mut bytes, &out)?,
        Format::Json => write_json(&mut bytes, &out)?,
    }
    ctx.emit(None, &bytes)?;
    Ok(Outcome::Success)
}

/// The suggestions for claim `id`, as written out (an unknown id is an error with "did you
/// mean").
pub fn suggested(
    ctx: &Ctx,
    store: &annobib::store::Store,
    pool: &ops_suggest::Suggester,
    id: i64,
    limit: usize,
) -> Result<ForClaim> {
    let (path, claim) = store
        .claim(id)
        .map_err(|e| super::known::explain(ctx, store, e))?;
    let outcome = pool.for_claim(&claim, limit)?;
    Ok(ForClaim::new(
        &annobib::model::claim_label(id),
        &ctx.display_path(&path),
        claim.line,
        claim.column,
        &claim.text,
        &outcome,
    ))
}
