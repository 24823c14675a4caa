//! The links side of `annobib import`: a file written by `annobib export links` (CSV or JSON)
//! restores the user's manual links and exemptions onto the claims they belong to (by claim id
//! and text, else by text alone, so the file still applies after the essay was edited). Inline
//! citations listed for reference are skipped: they come back from the essay's text.

use anyhow::{Result, anyhow, bail};

use annobib::cite::parse_locator;
use annobib::model::Locator;
use annobib::render::export::{LinkFormat, LinkOrigin, LinkRecord, find_claim, read_links};
use annobib::store::Store;

use crate::cli::Ctx;

/// A links file read, before anything is written.
pub(super) struct ReadLinks {
    pub(super) shown: String,
    pub(super) text: String,
    pub(super) format: LinkFormat,
}

/// Restores the manual links and exemptions of `files`. A record that cannot be placed (its
/// document or claim is not in the library, its source is unknown) refuses the whole import,
/// each one reported, unless `skip_invalid`.
pub(super) fn restore(
    ctx: &Ctx,
    store: &mut Store,
    files: &[ReadLinks],
    skip_invalid: bool,
) -> Result<()> {
    let mut problems = Vec::new();
    for f in files {
        let records = read_links(&f.text, f.format)
            .map_err(|e| anyhow!("{}: not a links file: {e}", f.shown))?;
        let (mut links, mut exemptions, mut inline) = (0, 0, 0);
        for (i, rec) in records.iter().enumerate() {
            if !rec.restores() {
                inline += 1;
                continue;
            }
            match place(store, rec) {
                Ok(Restored::Link) => links += 1,
                Ok(Restored::Exemption) => exemptions += 1,
                Err(why) => problems.push(format!("{}: record {}: {why}", f.shown, i + 1)),
            }
        }
        ctx.note(format!(
            "{}: {links} manual links and {exemptions} exemptions restored, {inline} inline citations skipped (they come from the text)",
            f.shown
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    if !skip_invalid {
        for p in &problems {
            eprintln!("{p}");
        }
        bail!(
            "{} links could not be restored; nothing was imported (--skip-invalid restores the others)",
            problems.len()
        );
    }
    for p in &problems {
        ctx.note(format!("skipped: {p}"));
    }
    Ok(())
}

enum Restored {
    Link,
    Exemption,
}

/// Puts one record on its claim.
fn place(store: &mut Store, rec: &LinkRecord) -> Result<Restored, String> {
    let doc = store
        .document(&rec.document)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no document {} in the library", rec.document))?;
    let claim = find_claim(&doc, rec).ok_or_else(|| {
        format!(
            "{} ('{}') is not in {}",
            rec.claim,
            clip(&rec.text),
            rec.document
        )
    })?;
    let id = claim.id.ok_or("the claim is not stored")?;
    match rec.origin {
        LinkOrigin::Exempt => {
            let reason = rec.note.as_deref().unwrap_or("exempt");
            store
                .set_exempt(id, Some(reason))
                .map_err(|e| e.to_string())?;
            Ok(Restored::Exemption)
        }
        LinkOrigin::Manual | LinkOrigin::Inline => {
            let key = rec
                .source
                .as_deref()
                .ok_or("a manual link without a source")?;
            let locator: Option<Locator> = rec.locator.as_ref().map(|l| {
                // Page ranges are read again from the value; the label is the file's.
                let mut parsed = parse_locator(&l.value).unwrap_or(Locator {
                    label: l.label,
                    value: l.value.clone(),
                    pages: Vec::new(),
                });
                parsed.label = l.label;
                parsed.value = l.value.clone();
                parsed
            });
            store
                .link(
                    id,
                    key,
                    locator.as_ref(),
                    rec.note.as_deref(),
                    rec.quote.as_deref(),
                )
                .map_err(|e| e.to_string())?;
            Ok(Restored::Link)
        }
    }
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}
