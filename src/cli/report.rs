//! `annobib report [DOCUMENT]`: coverage by section, sources by use, uncited claims, the
//! findings of `check` and the annotated bibliography, as tables, Markdown, JSON or one
//! self-contained HTML page.

use std::path::PathBuf;

use anyhow::{Result, anyhow};

use annobib::render::bibliography::Style;
use annobib::render::report::{FromFindings, Report, ReportFormat, write};

use super::check::{ScopeArg, options};
use super::scope::Scope;
use super::{Ctx, Outcome};

/// Report on documents: coverage, sources by use, uncited claims, findings, bibliography.
#[derive(clap::Args)]
pub struct Args {
    /// Documents to report on (default: every document in the library).
    documents: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Citation style of the annotated bibliography.
    #[arg(long, default_value = "chicago-notes", value_parser = style_names())]
    style: String,
    /// Whether a citation at the end of a paragraph also covers its earlier sentences.
    #[arg(long, value_enum, default_value_t = ScopeArg::Sentence)]
    scope: ScopeArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Markdown,
    Json,
    Html,
}

/// The style names `--style` accepts (the library's own list, so the two cannot drift).
pub fn style_names() -> clap::builder::PossibleValuesParser {
    let mut names: Vec<&'static str> = Style::ALL.iter().map(|s| s.name()).collect();
    names.extend(["chicago", "chicago-notes", "chicago-author-date"]);
    names.sort_unstable();
    names.dedup();
    clap::builder::PossibleValuesParser::new(names)
}

/// The style named on the command line.
pub fn style(name: &str) -> Result<Style> {
    Style::parse(name).ok_or_else(|| anyhow!("--style {name}: unknown style"))
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let opts = options(args.scope, &[])?;
    let store = ctx.open_synced()?;
    let checked = Scope::load(ctx, &store, &args.documents, false)?.check(&opts, false);
    let report = Report::build(
        &checked.documents,
        &checked.sources,
        &checked.findings,
        &FromFindings::new(&checked.findings),
    )
    .with_bibliography(&checked.sources, style(&args.style)?)?;
    let format = match args.format {
        Format::Table => ReportFormat::Table,
        Format::Markdown => ReportFormat::Markdown,
        Format::Json => ReportFormat::Json,
        Format::Html => ReportFormat::Html,
    };
    let mut out = Vec::new();
    write(&mut out, format, &report, &checked.documents, &ctx.table)?;
    ctx.emit(args.output.as_deref(), &out)?;
    Ok(Outcome::Success)
}
