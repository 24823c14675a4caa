//! `annobib suggest [CLAIM...]`: the library's sources that could back each claim, best first,
//! with the reason and the `annobib link` command that accepts each; without claims, for every
//! claim `check` reports as needing a citation and lacking one, strongest first.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Result;

use annobib::check::Rule;
use annobib::model::{Claim, claim_label};
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
        // The claims as the check read them (paths as shown), not read again one by one.
        let claims: HashMap<i64, (&str, &Claim)> = checked
            .documents
            .iter()
            .flat_map(|d| d.claims.iter().map(move |c| (d.path.as_str(), c)))
            .filter_map(|(path, c)| Some((c.id?, (path, c))))
            .collect();
        for f in &checked.findings {
            let Some(label) = f.claim else { continue };
            if let Some(&(shown, claim)) = claims.get(&label.0) {
                out.push(for_claim(&pool, shown, claim, limit)?);
            }
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
    for_claim(pool, &ctx.display_path(&path), &claim, limit)
}

/// The suggestions for `claim` of the document shown as `shown`, as written out.
fn for_claim(
    pool: &ops_suggest::Suggester,
    shown: &str,
    claim: &Claim,
    limit: usize,
) -> Result<ForClaim> {
    let outcome = pool.for_claim(claim, limit)?;
    Ok(ForClaim::new(
        &claim_label(claim.id.unwrap_or_default()),
        shown,
        claim.line,
        claim.column,
        &claim.text,
        &outcome,
    ))
}
