//! `annobib annotate SOURCE TEXT`: set the note on a source. The note is the entry's BibLaTeX
//! `annotation` field, written into the .bib file the source came from (only that field
//! changes; spacing, comments and the other fields keep their bytes), which is then imported
//! again: the file stays the one truth, and a later re-import keeps the note. A source whose
//! file is no longer there gets the note in the library only.

use anyhow::{Context, Result, anyhow, bail};
use sha2::{Digest, Sha256};

use annobib::bib;

use super::{Ctx, Outcome, import};

/// Set (or with --clear remove) the annotation of a source.
#[derive(clap::Args)]
pub struct Args {
    /// The source's key.
    source: String,
    /// The note. It goes into the entry's `annotation` field in its .bib file.
    #[arg(required_unless_present = "clear")]
    text: Option<String>,
    /// Remove the annotation.
    #[arg(long, conflicts_with = "text")]
    clear: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let mut store = ctx.open_synced()?;
    let Some(source) = store.source(&args.source)? else {
        super::known::require_keys(&store, [args.source.as_str()])?;
        bail!("no source with key '{}' in the library", args.source);
    };
    let raw = args.text.as_deref().map(bib::braced);
    // A BibTeX file may keep the note in `annote`: edit the field the entry has.
    let field = if source.field("annotation").is_none() && source.field("annote").is_some() {
        "annote"
    } else {
        "annotation"
    };
    let path = (!source.origin.file.is_empty()).then(|| ctx.project.root.join(&source.origin.file));
    // A source read from a RIS or CSL file has no .bib entry to edit.
    if !source.raw.starts_with('@') && path.as_ref().is_some_and(|p| p.is_file()) {
        store.set_annotation(&args.source, raw.as_deref().zip(args.text.as_deref()))?;
        ctx.note(format!(
            "{} is not a .bib file: the note on {} is kept in the library only",
            ctx.display_path(&source.origin.file),
            args.source
        ));
        return Ok(Outcome::Success);
    }
    let Some(path) = path.filter(|p| p.is_file()) else {
        store.set_annotation(&args.source, raw.as_deref().zip(args.text.as_deref()))?;
        ctx.note(format!(
            "{} is not where {} was imported from: the note is kept in the library only",
            if source.origin.file.is_empty() {
                "its .bib file"
            } else {
                &source.origin.file
            },
            args.source
        ));
        return Ok(Outcome::Success);
    };
    let shown = ctx.display_path(&source.origin.file);
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {shown}"))?;
    let recorded = store.bibfile_hashes()?.remove(&source.origin.file);
    let hash: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if recorded.as_deref() != Some(hash.as_str()) {
        bail!("{shown} changed since it was imported; import it first (annobib import {shown})");
    }
    let (text, encoding) = annobib::encoding::decode(&bytes);
    if encoding != "utf-8" {
        bail!("{shown} is {encoding}: annobib writes notes into UTF-8 files only");
    }
    let at = locate(&text, &source.raw, source.origin.line)
        .ok_or_else(|| anyhow!("cannot find the entry {} in {shown}", args.source))?;
    let edited = bib::set_field(&source.raw, field, raw.as_deref()).ok_or_else(|| {
        anyhow!(
            "{shown}:{}: cannot edit the entry {} safely",
            source.origin.line,
            args.source
        )
    })?;
    let new_text = format!(
        "{}{}{}",
        &text[..at],
        edited,
        &text[at + source.raw.len()..]
    );
    drop(store);
    super::write_atomically(&path, new_text.as_bytes())
        .with_context(|| format!("writing {shown}"))?;
    import::reimport(ctx, &path)?;
    ctx.note(if args.clear {
        format!("removed the annotation of {} from {shown}", args.source)
    } else {
        format!("annotated {} in {shown}", args.source)
    });
    Ok(Outcome::Success)
}

/// Byte offset of the entry `raw` in `text`, at the occurrence starting on `line`.
fn locate(text: &str, raw: &str, line: u32) -> Option<usize> {
    text.match_indices(raw)
        .map(|(i, _)| i)
        .find(|&i| text[..i].matches('\n').count() as u32 + 1 == line)
}
