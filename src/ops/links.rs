//! Restoring links: a file written by `annobib export links` (CSV or JSON) puts the user's
//! manual links and exemptions back onto the claims they belong to (by claim id and text,
//! else by text alone, so the file still applies after the essay was edited). Inline
//! citations listed for reference are skipped: they come back from the essay's text.

use crate::cite::parse_locator;
use crate::model::Locator;
use crate::render::export::{LinkOrigin, LinkRecord, find_claim, read_links};
use crate::store::Store;

use super::import::{Event, ImportError, Item, LinksFile, LinksReport, Note};

/// Restores the manual links and exemptions of `files`. A record that cannot be placed (its
/// document or claim is not in the library, its source is unknown) refuses the whole import,
/// each one reported, unless `skip_invalid`. Run it inside the import's transaction.
pub fn restore_links(
    store: &mut Store,
    files: &[LinksFile],
    skip_invalid: bool,
    on: &mut dyn FnMut(Event),
) -> Result<Vec<LinksReport>, ImportError> {
    let mut problems = Vec::new();
    let mut reports = Vec::new();
    for f in files {
        let records = read_links(&f.text, f.format).map_err(|e| ImportError::NotLinks {
            shown: f.shown.clone(),
            reason: e.to_string(),
        })?;
        let mut report = LinksReport {
            shown: f.shown.clone(),
            links: 0,
            exemptions: 0,
            inline: 0,
        };
        for (i, rec) in records.iter().enumerate() {
            if !rec.restores() {
                report.inline += 1;
                continue;
            }
            match place(store, rec) {
                Ok(Restored::Link) => report.links += 1,
                Ok(Restored::Exemption) => report.exemptions += 1,
                Err(why) => {
                    let p = format!("{}: record {}: {why}", f.shown, i + 1);
                    problems.push((f.shown.clone(), p.clone(), p));
                }
            }
        }
        on(Event::Note(Note::Links(report.clone())));
        reports.push(report);
    }
    super::import::refuse_or_skip(Item::Link, problems, skip_invalid, on)?;
    Ok(reports)
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
