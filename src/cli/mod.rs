//! Binary-only glue: the command line (clap), the context every command gets (library path,
//! output settings), and dispatch. One file per subcommand; the work lives in the library.

mod annotate;
mod attach;
mod bibliography;
mod check;
mod claims;
mod completions;
mod draft;
mod examples;
mod exempt;
mod export;
mod import;
mod known;
mod link;
mod man;
mod progress;
mod project;
mod report;
mod source;
mod sources;
mod suggest;
mod unlink;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use annobib::render::{ListFormat, TableOptions};
use annobib::store::Store;
use project::Project;

/// What a command reports to `main` besides errors.
pub enum Outcome {
    /// Done; exit 0.
    Success,
    /// A check found problems at or above the threshold; exit 1.
    Findings,
}

/// annobib: annotated citations and bibliographies.
///
/// Imports BibLaTeX/BibTeX sources into a SQLite library, splits essays into claims, links
/// each claim to a source and a page, checks what lacks support, and exports bibliographies.
#[derive(Parser)]
#[command(
    name = "annobib",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes (under their own heading in every command's help).
#[derive(Args)]
#[command(next_help_heading = "Global options")]
struct Global {
    /// The library file (SQLite). Default: named by annobib.toml, or the nearest annobib.db
    /// upward from the working directory, or ./annobib.db.
    #[arg(long, global = true, env = "ANNOBIB_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// Run as if annobib was started in DIR (paths given are relative to it).
    #[arg(short = 'C', long = "directory", global = true, value_name = "DIR")]
    directory: Option<PathBuf>,

    /// When to colour output; NO_COLOR in the environment means never for "auto".
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Fit tables into N columns (default: the terminal's width; unlimited when piped).
    #[arg(long, global = true, value_name = "N")]
    width: Option<u16>,

    /// Print no summaries or warnings on stderr, only errors.
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Output formats of listings.
#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Csv,
    Markdown,
}

impl From<FormatArg> for ListFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Table => ListFormat::Table,
            FormatArg::Json => ListFormat::Json,
            FormatArg::Csv => ListFormat::Csv,
            FormatArg::Markdown => ListFormat::Markdown,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Import .bib files (BibLaTeX or BibTeX) into the library.
    #[command(after_help = examples::IMPORT)]
    Import(import::Args),
    /// List the library's sources.
    #[command(after_help = examples::SOURCES)]
    Sources(sources::Args),
    /// Show one source: every field, where it came from, its annotation.
    #[command(after_help = examples::SOURCE)]
    Source(source::Args),
    /// List claims (sentences) of the documents with their citations; `claims c22` shows one.
    #[command(after_help = examples::CLAIMS)]
    Claims(claims::Args),
    /// Show one claim: its text, its citations with their evidence, and what to run next.
    #[command(after_help = examples::CLAIM)]
    Claim(claims::ClaimArgs),
    /// Link a claim to a source by hand, with a page, a note, a quote.
    #[command(after_help = examples::LINK)]
    Link(link::Args),
    /// Remove a manual link between a claim and a source.
    #[command(after_help = examples::UNLINK)]
    Unlink(unlink::Args),
    /// Set the note on a source (written back to its BibLaTeX annotation field).
    #[command(after_help = examples::ANNOTATE)]
    Annotate(annotate::Args),
    /// Mark a claim as needing no citation, with a reason.
    #[command(after_help = examples::EXEMPT)]
    Exempt(exempt::Args),
    /// Attach a source's full text (a PDF, or text with form feeds), page by page, so `check`
    /// looks for quotations and content on the cited pages.
    #[command(after_help = examples::ATTACH)]
    Attach(attach::Args),
    /// Remove a source's attached text.
    #[command(after_help = examples::DETACH)]
    Detach(attach::DetachArgs),
    /// Suggest the library's sources that could back a claim, with the words that fit and the
    /// command that links it; without claims, for every claim that needs a citation.
    #[command(after_help = examples::SUGGEST)]
    Suggest(suggest::Args),
    /// Check the documents and sources: uncited claims, unresolved, ambiguous or mismatched
    /// citations, unused sources, pages out of range, invalid entries, duplicates.
    #[command(after_help = examples::CHECK)]
    Check(check::Args),
    /// Report on the documents: coverage, sources by use, uncited claims, findings, the
    /// annotated bibliography (tables, Markdown, JSON, or one self-contained HTML page).
    #[command(after_help = examples::REPORT)]
    Report(report::Args),
    /// Print the annotated bibliography in a citation style (Chicago, APA, MLA, any style of
    /// the bundled CSL archive, or a CSL file).
    #[command(after_help = examples::BIBLIOGRAPHY)]
    Bibliography(bibliography::Args),
    /// Export sources (BibTeX, BibLaTeX, CSL-JSON, RIS), an essay as pandoc Markdown, or your
    /// links.
    #[command(after_help = examples::EXPORT)]
    Export(export::Args),
    /// Print a shell completion script.
    #[command(after_help = examples::COMPLETIONS)]
    Completions(completions::Args),
    /// Print the man page (roff).
    #[command(after_help = examples::MAN)]
    Man(man::Args),
}

/// What every command gets: where it runs, the library, and how to print.
pub struct Ctx {
    /// The working directory (after `-C`).
    pub cwd: PathBuf,
    /// The library and project settings.
    pub project: Project,
    /// How tables are drawn.
    pub table: TableOptions,
    /// Whether a listing is drawn as a box table: stdout is a terminal, or `--width` asks.
    pub box_tables: bool,
    /// No summaries or warnings.
    pub quiet: bool,
}

impl Ctx {
    /// Opens the library, creating it if needed (commands that write).
    pub fn open_store(&self) -> Result<Store> {
        if let Some(dir) = self.project.db.parent()
            && !dir.as_os_str().is_empty()
            && !dir.is_dir()
        {
            bail!(
                "cannot create the library {}: no directory {}",
                self.project.db.display(),
                dir.display()
            );
        }
        let empty = std::fs::metadata(&self.project.db).is_ok_and(|m| m.is_file() && m.len() == 0);
        if empty && !self.quiet {
            // SQLite takes an empty file for an empty library; a file given by mistake (a
            // typo in --db) should not become one without a word.
            eprintln!(
                "annobib: note: {} was an empty file; it becomes a new library",
                self.project.db.display()
            );
        }
        if !self.quiet {
            let db = self.project.db.display().to_string();
            annobib::store::on_wait(move || {
                eprintln!("annobib: waiting for another process writing the library {db} to finish")
            });
        }
        Store::open(&self.project.db)
            .with_context(|| format!("opening the library {}", self.project.db.display()))
    }

    /// Opens an existing library (commands that only read).
    pub fn open_existing(&self) -> Result<Store> {
        if !self.project.db.is_file() {
            bail!(
                "no library at {} (import a .bib file first: annobib import FILE.bib)",
                self.project.db.display()
            );
        }
        if std::fs::metadata(&self.project.db).is_ok_and(|m| m.len() == 0) {
            bail!(
                "no library at {}: the file is empty (0 bytes); import a .bib file to make it one",
                self.project.db.display()
            );
        }
        self.open_store()
    }

    /// Opens the library for a command that works on it, first bringing it up to date with
    /// the files the project file lists (see [`import::sync`]).
    pub fn open_synced(&self) -> Result<Store> {
        import::sync(self)?;
        self.open_existing()
    }

    /// A path the user gave, as the library records it.
    pub fn stored_path(&self, file: &Path) -> String {
        self.project.stored_path(&self.cwd, file)
    }

    /// A stored path, as the user would type it from here.
    pub fn display_path(&self, stored: &str) -> String {
        self.project.display_path(&self.cwd, stored)
    }

    /// The documents to work on: the one named (as the user typed its path), or all; each
    /// with its path as shown from here.
    pub fn load_documents(
        &self,
        store: &Store,
        named: Option<&Path>,
    ) -> Result<Vec<(String, annobib::model::Document)>> {
        let paths: Vec<String> = match named {
            Some(p) => vec![self.stored_path(p)],
            None => store.documents()?.into_iter().map(|d| d.path).collect(),
        };
        let mut docs = Vec::with_capacity(paths.len());
        for path in paths {
            match store.document(&path)? {
                Some(d) => docs.push((self.display_path(&path), d)),
                None => {
                    let shown: Vec<String> = store
                        .documents()?
                        .iter()
                        .map(|d| self.display_path(&d.path))
                        .collect();
                    let named = named.map_or(path.clone(), |p| p.display().to_string());
                    return Err(known::unknown_document(&shown, &named));
                }
            }
        }
        Ok(docs)
    }

    /// The documents named (or all) and the sources in scope for them (`ops::scope`);
    /// `without_text` for `check`, which never reads an entry as written.
    pub fn scope(
        &self,
        store: &Store,
        named: &[PathBuf],
        all_sources: bool,
        without_text: bool,
    ) -> Result<annobib::ops::Scope> {
        let docs = if named.is_empty() {
            self.load_documents(store, None)?
        } else {
            let mut docs = Vec::new();
            for p in named {
                docs.extend(self.load_documents(store, Some(p))?);
            }
            docs
        };
        let c = &self.project.config;
        let req = annobib::ops::ScopeRequest {
            project_files: c
                .bib
                .iter()
                .map(|f| self.stored_path(&self.project.root.join(f)))
                .collect(),
            all_sources,
            without_text,
        };
        Ok(annobib::ops::Scope::load(store, docs, &req, &|p| {
            self.display_path(p)
        })?)
    }

    /// The format a listing is written in: the table becomes tab-separated rows when stdout
    /// is not a terminal (unless `--width` asks for a table), as ripgrep and fd print plain
    /// lines for other programs.
    pub fn list_format(&self, format: FormatArg) -> ListFormat {
        match format {
            FormatArg::Table if !self.box_tables => ListFormat::Tsv,
            f => f.into(),
        }
    }

    /// Standard output, buffered, for output written as it is made (listings); flush it.
    pub fn stdout(&self) -> std::io::BufWriter<std::io::StdoutLock<'static>> {
        std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock())
    }

    /// Prints a warning or summary line on stderr unless `--quiet`.
    pub fn note(&self, line: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// Writes `bytes` to `-o FILE` (whole, so a failure never leaves half a file) or stdout.
    pub fn emit(&self, output: Option<&Path>, bytes: &[u8]) -> Result<()> {
        match output {
            Some(path) => {
                let path = self.cwd.join(path);
                write_atomically(&path, bytes)
                    .with_context(|| format!("writing {}", path.display()))
            }
            None => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()?;
                Ok(())
            }
        }
    }
}

/// Writes the file whole or not at all: a temporary file beside it, then a rename. A
/// symbolic link is written through (its target is replaced, the link stays a link), and the
/// file keeps its permissions.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = match std::fs::canonicalize(path) {
        Ok(target) => target,
        // A new file (or a dangling link's name): written where it is named.
        Err(_) => path.to_path_buf(),
    };
    let mut tmp = target.as_os_str().to_owned();
    tmp.push(".annobib-tmp");
    std::fs::write(&tmp, bytes)?;
    if let Ok(meta) = std::fs::metadata(&target) {
        std::fs::set_permissions(&tmp, meta.permissions())?;
    }
    std::fs::rename(&tmp, &target)
}

/// Reads a claim id as people type it: `c12` or `12`.
pub fn parse_claim_id(s: &str) -> Result<i64> {
    s.parse::<annobib::model::ClaimId>()
        .map(|id| id.0)
        .map_err(anyhow::Error::msg)
}

/// Finds `-C DIR` and `--db PATH` before clap runs, so `--help` can say which library is in
/// use. Clap parses them again properly; this only reads what it can.
fn prescan(args: &[String]) -> (Option<PathBuf>, Option<PathBuf>) {
    let mut dir = None;
    let mut db = std::env::var_os("ANNOBIB_DB").map(PathBuf::from);
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "-C" | "--directory" => dir = it.next().map(PathBuf::from),
            "--db" => db = it.next().map(PathBuf::from),
            "--" => break,
            _ => {
                if let Some(v) = a.strip_prefix("--db=") {
                    db = Some(v.into());
                } else if let Some(v) = a.strip_prefix("--directory=") {
                    dir = Some(v.into());
                } else if let Some(v) = a.strip_prefix("-C").filter(|v| !v.is_empty()) {
                    dir = Some(v.into());
                }
            }
        }
    }
    (dir, db)
}

/// The clap command with the library in use in its help.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Parses the command line and runs the command.
pub fn run() -> Result<Outcome> {
    let args: Vec<String> = std::env::args().collect();
    let start = std::env::current_dir().context("reading the working directory")?;
    let (pre_dir, pre_db) = prescan(&args);
    let help_cwd = pre_dir.as_ref().map_or(start.clone(), |d| start.join(d));
    let library = Project::discover(&help_cwd, pre_db.as_deref())
        .map(|p| format!("Library: {}", p.describe()))
        .unwrap_or_else(|e| format!("Library: unknown ({e:#})"));
    let matches = command()
        .after_help(format!("{}\n\n{library}", examples::TOP))
        .get_matches_from(&args);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());

    let cwd = match &cli.global.directory {
        Some(d) => {
            let dir = start.join(d);
            if !dir.is_dir() {
                bail!("-C {}: no such directory", d.display());
            }
            dir
        }
        None => start,
    };
    let project = Project::discover(&cwd, cli.global.db.as_deref())?;
    if let Some(v) = std::env::var_os("ANNOBIB_BUSY_TIMEOUT") {
        let secs: f64 = v
            .to_str()
            .and_then(|v| v.trim().parse().ok())
            .filter(|s: &f64| s.is_finite() && *s >= 0.0)
            .with_context(|| format!("ANNOBIB_BUSY_TIMEOUT={v:?}: expected seconds"))?;
        annobib::store::set_busy_timeout(std::time::Duration::from_secs_f64(secs));
    }
    let stdout_tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match cli.global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_tty && !no_color,
    };
    let width = cli.global.width.or_else(|| {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .or_else(|| stdout_tty.then(annobib::render::terminal_width).flatten())
    });
    let ctx = Ctx {
        cwd,
        project,
        table: TableOptions { width, color },
        box_tables: stdout_tty || cli.global.width.is_some(),
        quiet: cli.global.quiet,
    };
    match cli.command {
        Command::Import(a) => import::run(&ctx, a),
        Command::Sources(a) => sources::run(&ctx, a),
        Command::Source(a) => source::run(&ctx, a),
        Command::Claims(a) => claims::run(&ctx, a),
        Command::Claim(a) => claims::run_one(&ctx, a),
        Command::Link(a) => link::run(&ctx, a),
        Command::Unlink(a) => unlink::run(&ctx, a),
        Command::Annotate(a) => annotate::run(&ctx, a),
        Command::Exempt(a) => exempt::run(&ctx, a),
        Command::Suggest(a) => suggest::run(&ctx, a),
        Command::Attach(a) => attach::run(&ctx, a),
        Command::Detach(a) => attach::detach(&ctx, a),
        Command::Check(a) => check::run(&ctx, a),
        Command::Report(a) => report::run(&ctx, a),
        Command::Bibliography(a) => bibliography::run(&ctx, a),
        Command::Export(a) => export::run(&ctx, a),
        Command::Completions(a) => completions::run(a),
        Command::Man(a) => man::run(&ctx, a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn claim_ids_as_typed() {
        assert_eq!(parse_claim_id("c12").unwrap(), 12);
        assert_eq!(parse_claim_id("C7").unwrap(), 7);
        assert_eq!(parse_claim_id("3").unwrap(), 3);
        assert!(parse_claim_id("c").is_err());
        assert!(parse_claim_id("c0").is_err());
        assert!(parse_claim_id("claim").is_err());
    }

    #[test]
    fn prescan_reads_directory_and_db() {
        let args: Vec<String> = ["annobib", "-C", "bib", "--db=x.db", "sources"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (dir, db) = prescan(&args);
        assert_eq!(dir, Some(PathBuf::from("bib")));
        assert_eq!(db, Some(PathBuf::from("x.db")));
    }
}
