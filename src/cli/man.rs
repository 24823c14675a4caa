//! `annobib man [COMMAND]`, `annobib man --dir DIR`: man pages (roff) generated from the clap
//! definition, one for annobib (with EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES) and one per
//! command (`annobib-check(1)`, as git has `git-commit(1)`), each command's EXAMPLES taken
//! from its `--help`.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use super::{Ctx, Outcome};

/// Print a man page, or write them all into a folder.
#[derive(clap::Args)]
pub struct Args {
    /// The command whose page to print (default: the page of annobib itself).
    command: Option<String>,
    /// Write every page (annobib.1, annobib-import.1, ...) into DIR instead.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    dir: Option<PathBuf>,
}

const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success, and a check that found nothing at or above --fail-on.",
    ),
    (
        "1",
        "annobib check found problems at or above --fail-on (default: warning).",
    ),
    (
        "2",
        "Bad input or usage: a file that cannot be read or parsed (the error names the file and \
         the place), an unknown key, claim id, document or option. The library is left as it was.",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "ANNOBIB_DB",
        "The library file (SQLite), as --db gives it; --db wins over it.",
    ),
    (
        "ANNOBIB_CEILING_DIRECTORIES",
        "Directories (separated as in PATH, absolute only) the search for annobib.toml and \
         annobib.db does not enter: it stops below the first one, as git's \
         GIT_CEILING_DIRECTORIES does.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, --color auto never colours output (https://no-color.org).",
    ),
    (
        "COLUMNS",
        "The width tables are fitted to when --width is not given.",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "annobib.toml",
        "The project file, looked for from the working directory upward. It names the library \
         (library = \"annobib.db\", relative to the file), the .bib files and documents to \
         re-import whenever they change (bib = [...], documents = [...]) and abbreviations the \
         sentence splitter must not end a sentence at.",
    ),
    (
        "annobib.db",
        "The library: named by annobib.toml, or the nearest annobib.db upward from the working \
         directory (as git finds .git), or ./annobib.db.",
    ),
];

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let mut top = super::command().disable_help_subcommand(true);
    top.build();
    if let Some(dir) = &args.dir {
        let dir = ctx.cwd.join(dir);
        if !dir.is_dir() {
            bail!("--dir {}: no such directory", dir.display());
        }
        let mut written = Vec::new();
        for (name, page) in pages(&top)? {
            let path = dir.join(&name);
            std::fs::write(&path, page).with_context(|| format!("writing {}", path.display()))?;
            written.push(name);
        }
        ctx.note(format!(
            "wrote {} man pages into {}: {}",
            written.len(),
            dir.display(),
            written.join(", ")
        ));
        return Ok(Outcome::Success);
    }
    let page = match &args.command {
        None => top_page(&top)?,
        Some(name) => match top.find_subcommand(name) {
            Some(sub) => command_page(sub)?,
            None => {
                let names: Vec<&str> = top.get_subcommands().map(|s| s.get_name()).collect();
                bail!(
                    "no command {name}{} (commands: {})",
                    annobib::render::suggest::hint(&annobib::render::suggest::closest(
                        name,
                        names.iter().copied()
                    )),
                    names.join(", ")
                )
            }
        },
    };
    ctx.emit(None, &page)?;
    Ok(Outcome::Success)
}

/// Every page: (file name, roff), the top one first.
fn pages(top: &clap::Command) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = vec![("annobib.1".to_string(), top_page(top)?)];
    for sub in top.get_subcommands().filter(|s| !s.is_hide_set()) {
        out.push((Man::new(sub.clone()).get_filename(), command_page(sub)?));
    }
    Ok(out)
}

/// annobib(1): the usual sections, then EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES.
fn top_page(top: &clap::Command) -> Result<Vec<u8>> {
    let man = Man::new(top.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    let mut roff = Roff::new();
    list(&mut roff, "EXIT STATUS", EXIT_STATUS);
    list(&mut roff, "ENVIRONMENT", ENVIRONMENT);
    list(&mut roff, "FILES", FILES);
    examples(&mut roff, super::examples::TOP);
    roff.to_writer(&mut out)?;
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// annobib-COMMAND(1): name, synopsis, description, options, EXAMPLES, SEE ALSO annobib(1).
fn command_page(sub: &clap::Command) -> Result<Vec<u8>> {
    let man = Man::new(sub.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    if sub.has_subcommands() {
        man.render_subcommands_section(&mut out)?;
    }
    let mut roff = Roff::new();
    if let Some(text) = sub.get_after_help() {
        examples(&mut roff, &text.to_string());
    }
    roff.control("SH", ["SEE ALSO"]);
    roff.text([
        bold("annobib"),
        roman("(1), for the library's location, exit status, environment and files."),
    ]);
    roff.to_writer(&mut out)?;
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// A section of tagged paragraphs: the name in bold, then what it means.
fn list(roff: &mut Roff, heading: &str, items: &[(&str, &str)]) {
    roff.control("SH", [heading]);
    for (name, text) in items {
        roff.control("TP", []);
        roff.text([bold(*name)]);
        roff.text([roman(*text)]);
    }
}

/// The EXAMPLES section from a help's `Examples:` block: each command in bold, its
/// explanation (when the line has one) below it.
fn examples(roff: &mut Roff, help: &str) {
    roff.control("SH", ["EXAMPLES"]);
    for line in help
        .lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .skip(1)
    {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        // Two or more spaces part the command from what it does.
        let (cmd, what) = match line.find("  ") {
            Some(i) => (line[..i].trim(), line[i..].trim()),
            None => (line, ""),
        };
        if cmd.starts_with("annobib") {
            roff.control("TP", []);
            roff.text([bold(cmd)]);
            if !what.is_empty() {
                roff.text([roman(what)]);
            }
        } else {
            // The explanation of the command above, on a line of its own.
            roff.text([roman(line)]);
        }
    }
}
