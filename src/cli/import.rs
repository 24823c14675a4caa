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
    /// Print every warning (default: the first few of each kind in each file, then how many
    /// more there were).
    #[arg(long)]
    all_warnings: bool,
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
    // The files an essay names (its bibliography, a LaTeX essay's \input) come too.
    let mut load =
        |p: &str| input(ctx, &ctx.project.root.join(p), "").map_err(|e| format!("{e:#}"));
    let mut warnings = Warnings::new(args.all_warnings);
    let mut on = |e: Event| {
        if let Event::Note(note) = e {
            let shown = match &note {
                Note::Warning(line) => warnings.show(line),
                _ => true,
            };
            if shown {
                ctx.note(note)
            }
        }
    };
    let inputs = ops::import::follow_includes(inputs, &mut load, &mut on);
    import(ctx, inputs, args.prune, args.skip_invalid, &mut warnings)
}

/// Imports `inputs`: read first (what cannot be read is refused before a library is opened),
/// then written in one transaction. `warnings` caps the warnings printed (it may have counted
/// some already) and says at the end how many it left out.
fn import(
    ctx: &Ctx,
    inputs: Vec<Input>,
    prune: bool,
    skip_invalid: bool,
    warnings: &mut Warnings,
) -> Result<Outcome> {
    let opts = ops::Options {
        prune,
        skip_invalid,
        essay: annobib::essay::Options {
            abbreviations: ctx.project.config.abbreviations.clone(),
        },
    };
    let mut bar: Option<ProgressBar> = None;
    let mut on = |event: Event| match event {
        Event::Note(Note::Warning(line)) => {
            if warnings.show(&line) {
                ctx.note(line);
            }
        }
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
    let batch = ops::import::read(inputs, &opts, &mut on);
    let batch = match batch {
        Ok(batch) => batch,
        Err(e) => {
            warnings.summary().for_each(|line| ctx.note(line));
            return Err(refused(e));
        }
    };
    // A library this command creates is removed again when the command fails, so that a
    // refused import leaves nothing behind, as when the files were refused before writing.
    let created = !ctx.project.db.exists();
    let mut store = ctx.open_store()?;
    if store.read_only() {
        bail!(
            "the library {} can only be read here (the file or its directory is not writable), \
             and importing writes to it",
            ctx.project.db.display()
        );
    }
    let done = ops::import::write(&mut store, &batch, &opts, &mut on);
    warnings.summary().for_each(|line| ctx.note(line));
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
    // The files the listed essays bring in (`\input`, their bibliography) are the
    // project's too: an edited one is imported again, its warnings said when it is.
    let mut load =
        |p: &str| input(ctx, &ctx.project.root.join(p), "").map_err(|e| format!("{e:#}"));
    let mut follow_warnings = Vec::new();
    let listed = ops::import::follow_listed(listed, &mut load, &mut follow_warnings);
    let headings: std::collections::HashMap<String, Listed> = listed
        .iter()
        .map(|(input, how)| (input.stored.clone(), *how))
        .collect();
    let store = match ctx.project.db.is_file() {
        true => Some(ctx.open_store()?),
        false => None,
    };
    let stale = ops::stale(store.as_ref(), listed)?;
    // Only a file about to be imported is sniffed: an unchanged one was checked when it was.
    if let Some(wrong) = stale
        .iter()
        .find_map(|input| ops::import::misfiled(input, headings[&input.stored]))
    {
        bail!("{wrong}");
    }
    if store.as_ref().is_some_and(|s| s.read_only()) {
        // Nothing can be imported into a library this command cannot write: it is read as
        // it is, and the user is told what it does not reflect.
        for input in &stale {
            ctx.note(format!(
                "annobib: warning: {} changed since it was imported, but the library {} can \
                 only be read here: its import is as it was",
                input.shown,
                ctx.project.db.display()
            ));
        }
        return Ok(());
    }
    drop(store);
    for (file, line) in follow_warnings {
        if stale.iter().any(|i| i.stored == file) {
            ctx.note(line);
        }
    }
    if !stale.is_empty() {
        import(ctx, stale, false, false, &mut Warnings::new(false))?;
    }
    Ok(())
}

/// Imports one file again (after annobib itself edited it).
pub fn reimport(ctx: &Ctx, path: &Path) -> Result<()> {
    import(
        ctx,
        vec![input(ctx, path, "")?],
        false,
        false,
        &mut Warnings::new(false),
    )
    .map(|_| ())
}

/// How many warnings of one kind in one file are printed before the rest are only counted.
const SHOWN_PER_KIND: usize = 5;

/// The warnings an import prints: the first few of each kind in each file (a file with 10^5
/// repeated fields would otherwise print 10^5 lines), then one line per kind saying how many
/// more there were. A kind is the message with its quoted names and numbers left out.
struct Warnings {
    limit: usize,
    /// (file, kind) -> (seen, the first message of the kind), in the order kinds appear.
    seen: Vec<((String, String), usize, String)>,
    index: std::collections::HashMap<(String, String), usize>,
}

impl Warnings {
    /// The cap of an import: [`SHOWN_PER_KIND`] a kind, or none with `--all-warnings`.
    fn new(all: bool) -> Warnings {
        Warnings::limited(if all { usize::MAX } else { SHOWN_PER_KIND })
    }

    fn limited(limit: usize) -> Warnings {
        Warnings {
            limit,
            seen: Vec::new(),
            index: std::collections::HashMap::new(),
        }
    }

    /// Counts `line` (`file:line:col: warning: message`); whether to print it.
    fn show(&mut self, line: &str) -> bool {
        let (place, message) = line.split_once(": warning: ").unwrap_or(("", line));
        let file = place
            .rsplitn(3, ':')
            .last()
            .filter(|_| place.matches(':').count() >= 2)
            .unwrap_or(place);
        let key = (file.to_string(), kind_of(message));
        let i = *self.index.entry(key.clone()).or_insert_with(|| {
            self.seen.push((key, 0, message.to_string()));
            self.seen.len() - 1
        });
        self.seen[i].1 += 1;
        self.seen[i].1 <= self.limit
    }

    /// One line per kind that had more warnings than were printed.
    fn summary(&self) -> impl Iterator<Item = String> + '_ {
        self.seen
            .iter()
            .filter(|(_, n, _)| *n > self.limit)
            .map(|((file, _), n, first)| {
                let more = n - self.limit;
                let file = if file.is_empty() { "the input" } else { file };
                format!(
                    "annobib: {more} more warning{} like \"{first}\" in {file} not shown \
                     (import --all-warnings prints them all)",
                    if more == 1 { "" } else { "s" }
                )
            })
    }
}

/// A warning's kind: its message with quoted names ('title', "x") and numbers left out.
fn kind_of(message: &str) -> String {
    let mut kind = String::with_capacity(message.len());
    let mut quote: Option<char> = None;
    let mut last_digit = false;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                kind.push(c);
            }
            Some(_) => {}
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                kind.push(c);
            }
            None if c.is_ascii_digit() => {
                if !last_digit {
                    kind.push('#');
                }
            }
            None => kind.push(c),
        }
        last_digit = quote.is_none() && c.is_ascii_digit();
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_of_one_kind_in_one_file_are_capped_and_counted() {
        let mut w = Warnings::limited(2);
        let mut printed = 0;
        for col in 0..10 {
            let line = format!(
                "a.bib:1:{col}: warning: field 'title' repeated in entry 'e{col}'; the first is kept"
            );
            printed += usize::from(w.show(&line));
        }
        // Another kind, another file: their own counts.
        assert!(w.show(
            "a.bib:3:7: warning: key 'dup' repeated (first at line 2); this entry is ignored"
        ));
        assert!(
            w.show("b.bib:1:1: warning: field 'title' repeated in entry 'x'; the first is kept")
        );
        assert_eq!(printed, 2);
        let summary: Vec<String> = w.summary().collect();
        assert_eq!(summary.len(), 1, "{summary:?}");
        assert!(
            summary[0].starts_with(
                "annobib: 8 more warnings like \"field 'title' repeated in entry 'e0'"
            ),
            "{}",
            summary[0]
        );
        assert!(summary[0].contains("in a.bib"), "{}", summary[0]);
    }

    #[test]
    fn a_kind_leaves_out_names_and_numbers_only() {
        let cases = [
            (
                "field 'title' repeated in entry 'a'; the first is kept",
                "field '' repeated in entry ''; the first is kept",
            ),
            (
                "key 'dup' repeated (first at line 23); this entry is ignored",
                "key '' repeated (first at line #); this entry is ignored",
            ),
            ("unknown macro \"jan\"", "unknown macro \"\""),
            ("text after the entry", "text after the entry"),
            ("an unclosed 'quote", "an unclosed '"),
        ];
        for (message, kind) in cases {
            assert_eq!(kind_of(message), kind, "{message}");
        }
        // Different fields repeated are one kind; a repeated field and a repeated key are two.
        assert_eq!(
            kind_of("field 'a' repeated in entry 'x'; the first is kept"),
            kind_of("field 'b' repeated in entry 'y'; the first is kept")
        );
        assert_ne!(
            kind_of("field 'a' repeated in entry 'x'; the first is kept"),
            kind_of("key 'a' repeated (first at line 1); this entry is ignored")
        );
    }
}
