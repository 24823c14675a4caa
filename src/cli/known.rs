//! Names the user typed that the library must know (citation keys, claim ids, documents):
//! one place that checks them and words the error, with "did you mean" from
//! `render::suggest`. Every such error exits 2 through `main`.

use anyhow::{Result, anyhow};

use annobib::model::claim_label;
use annobib::render::suggest::{closest, hint, one_typo_away};
use annobib::store::{Store, StoreError};

use super::Ctx;

/// Fails unless every key is in the library, naming the unknown ones and the closest keys.
pub fn require_keys<'a>(store: &Store, keys: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let all = store.source_keys()?;
    let unknown: Vec<&str> = keys
        .into_iter()
        .filter(|k| all.binary_search_by(|x| x.as_str().cmp(k)).is_err())
        .collect();
    match unknown[..] {
        [] => Ok(()),
        [one] => Err(unknown_key(&all, one)),
        _ => Err(anyhow!(
            "no sources with keys {} in the library (list them with annobib sources)",
            unknown
                .iter()
                .map(|k| format!("'{k}'"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// "no source with key 'finly1983' in the library; did you mean finley1983?"
fn unknown_key(all: &[String], key: &str) -> anyhow::Error {
    let near = closest(key, all.iter().map(String::as_str));
    let tail = if near.is_empty() {
        " (list them with annobib sources)".to_string()
    } else {
        hint(&near)
    };
    anyhow!("no source with key '{key}' in the library{tail}")
}

/// The labels of every claim in the library, in order (`c1`, `c2`, ...).
fn claim_labels(ctx: &Ctx, store: &Store) -> Result<Vec<String>> {
    let docs = ctx.load_documents(store, None)?;
    Ok(docs
        .iter()
        .flat_map(|(_, d)| d.claims.iter().filter_map(|c| c.id).map(claim_label))
        .collect())
}

/// A store error worded for the user: an unknown key or claim id with the closest ones the
/// library has; any other error as it is.
pub fn explain(ctx: &Ctx, store: &Store, err: StoreError) -> anyhow::Error {
    match &err {
        StoreError::UnknownKey(key) => match store.source_keys() {
            Ok(all) => unknown_key(&all, key),
            Err(_) => err.into(),
        },
        StoreError::UnknownClaim(id) => match claim_labels(ctx, store) {
            Ok(labels) => unknown_claim(&labels, &claim_label(*id)),
            Err(_) => err.into(),
        },
        _ => err.into(),
    }
}

/// "no claim c999 in the library (claims c1 to c75; ...)".
pub fn unknown_claim(labels: &[String], label: &str) -> anyhow::Error {
    let (Some(first), Some(last)) = (labels.first(), labels.last()) else {
        return anyhow!(
            "no claim {label} in the library: it has no documents (import one: annobib import ESSAY.txt)"
        );
    };
    let near = one_typo_away(label, labels.iter().map(String::as_str));
    anyhow!(
        "no claim {label} in the library (its claims are {first} to {last}; list them with annobib claims){}",
        hint(&near)
    )
}

/// "no document essay.txt in the library; did you mean essays.txt?" (or, when the name is a
/// claim id, where to look at that claim).
pub fn unknown_document(shown: &[String], named: &str) -> anyhow::Error {
    if super::parse_claim_id(named).is_ok() {
        return anyhow!(
            "no document {named} in the library ({named} looks like a claim id: annobib claim {named})"
        );
    }
    let near = closest(named, shown.iter().map(String::as_str));
    let tail = if near.is_empty() {
        format!(" (import it first: annobib import {named})")
    } else {
        hint(&near)
    };
    anyhow!("no document {named} in the library{tail}")
}
