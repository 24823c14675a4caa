//! `annobib import FILE...`: the files named (or those annobib.toml lists) read and handed to
//! `annobib::ops::import`, its notes printed as they come, progress drawn; and the sync every
//! command that reads the library runs first (`ops::stale`, then an import of those).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use indicatif::ProgressBar;

use annobib::ops::{self, Event, ImportError, Input, Listed, Note};

use super::{Ctx, Outcome};

/// Import .bib files, essays, and links files into the library.
#[derive(clap::Args)]
pub struct Args {
    /// .bib files (BibLaTeX or BibTeX), RIS, CSL-JSON and CSL-YAML files of reference
    /// managers, essays (.txt, .md, .tex, .html) and links files (.csv, .json, from `annobib
    /// export links`); UTF-8, UTF-16 or Latin-1. The kind comes from the content
    /// (docs/formats.md); PDFs and other binaries are refused. Default: the files listed in
    /// the project's annobib.toml.
    files: Vec<PathBuf>,
    /// Delete the sources that a re-imported .bib file no longer has (default: keep them).
    #[arg(long)]
    prune: bool,
    /// Import the valid entries of a .bib file (records of a RIS or CSL file) that has bad
    /// ones, listing each one skipped.
    #[arg(long)]
    skip_invalid: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let files: Vec<PathBuf> = if args.files.is_empty() {
        let c = &ctx.project.config;
        c.bib
            .iter()
            .chain(&c.documents)
            .map(|f| ctx.project.root.join(f))
            .collect()
    } else {
        args.files.iter().map(|f| ctx.cwd.join(f)).collect()
    };
    if files.is_empty() {
        bail!(
            "nothing to import: name files (annobib import readings.bib essay.md) or list them in annobib.toml"
        );
    }
    let inputs = files
        .iter()
        .map(|path| input(ctx, path, ""))
        .collect::<Result<_>>()?;
    // A LaTeX essay's \input and \include files are imported too (ops::import::includes).
    let mut load =
        |p: &str| input(ctx, &ctx.project.root.join(p), "").map_err(|e| format!("{e:#}"));
    let mut on = |e: Event| {
        if let Event::Note(n) = e {
            ctx.note(n)
        }
    };
    let inputs = ops::import::follow_includes(inputs, &mut load, &mut on);
    import(ctx, inputs, args.prune, args.skip_invalid)
}

/// Imports `inputs`: read first (what cannot be read is refused before a library is opened),
/// then written in one transaction.
fn import(ctx: &Ctx, inputs: Vec<Input>, prune: bool, skip_invalid: bool) -> Result<Outcome> {
    let opts = ops::Options {
        prune,
        skip_invalid,
        essay: annobib::essay::Options {
            abbreviations: ctx.project.config.abbreviations.clone(),
        },
    };
    let mut bar: Option<ProgressBar> = None;
    let mut on = |event: Event| match event {
        Event::Note(mut note) => {
            if let Note::Conflict(c) = &mut note {
                c.other_file = ctx.display_path(&c.other_file);
            }
            ctx.note(note);
        }
        Event::Started { what, estimate } => {
            bar = Some(super::progress::bar(ctx, estimate, &what));
        }
        Event::Advanced(n) => bar.iter().for_each(|b| b.inc(n)),
        Event::Finished => bar.take().iter().for_each(ProgressBar::finish_and_clear),
    };
    let batch = ops::import::read(inputs, &opts, &mut on).map_err(refused)?;
    // A library this command creates is removed again when the command fails, so that a
    // refused import leaves nothing behind, as when the files were refused before writing.
    let created = !ctx.project.db.exists();
    let mut store = ctx.open_store()?;
    let done = ops::import::write(&mut store, &batch, &opts, &mut on);
    if done.is_err() && created {
        // Kept (an empty library) when another process has opened it meanwhile.
        let _ = store.remove_created(&ctx.project.db);
    }
    done.map_err(refused)?;
    Ok(Outcome::Success)
}

/// The error, after the bad items it names (each on its line, before the one error line).
fn refused(e: ImportError) -> anyhow::Error {
    if let ImportError::Invalid(invalid) = &e {
        for p in &invalid.problems {
            eprintln!("{p}");
        }
    }
    e.into()
}

/// A file read as an import's input; `listed` says where a failure to read it comes from.
fn input(ctx: &Ctx, path: &Path, listed: &str) -> Result<Input> {
    let shown = path
        .strip_prefix(&ctx.cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}{listed}"))?;
    Ok(Input {
        // Recorded relative to the project, so the library moves with it.
        stored: ctx.stored_path(path),
        shown,
        bytes,
    })
}

/// Brings the library up to date with the files the project file (annobib.toml) lists:
/// those new to the library or changed since they were imported (`ops::stale`) are imported
/// again, with the same checks as `annobib import`.
pub fn sync(ctx: &Ctx) -> Result<()> {
    let c = &ctx.project.config;
    if c.bib.is_empty() && c.documents.is_empty() {
        return Ok(());
    }
    let listed = c
        .bib
        .iter()
        .map(|f| (f, Listed::Sources))
        .chain(c.documents.iter().map(|f| (f, Listed::Document)))
        .map(|(f, how)| {
            Ok((
                input(ctx, &ctx.project.root.join(f), " (listed in annobib.toml)")?,
                how,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let store = match ctx.project.db.is_file() {
        true => Some(ctx.open_store()?),
        false => None,
    };
    let stale = ops::stale(store.as_ref(), listed)?;
    drop(store);
    if !stale.is_empty() {
        import(ctx, stale, false, false)?;
    }
    Ok(())
}

/// Imports one file again (after annobib itself edited it).
pub fn reimport(ctx: &Ctx, path: &Path) -> Result<()> {
    import(ctx, vec![input(ctx, path, "")?], false, false).map(|_| ())
}
