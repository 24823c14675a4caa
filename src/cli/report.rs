//! `annobib report [DOCUMENT]`: coverage by section, sources by use, uncited claims, the
//! findings of `check` and the annotated bibliography, as tables, Markdown, JSON or one
//! self-contained HTML page.

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};

use annobib::render::bibliography::{CslFile, Style};
use annobib::render::report::{FromFindings, Report, ReportFormat, write};
use annobib::render::suggest::{closest, hint};

use super::check::{ScopeArg, options};
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
    #[command(flatten)]
    style: StyleArgs,
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

/// The citation style of an annotated bibliography: a name, or a CSL file.
#[derive(clap::Args)]
pub struct StyleArgs {
    /// Citation style: chicago-notes (the default: 17th edition), chicago-notes-18,
    /// chicago-author-date(-17|-18), apa, mla, or any other style of the bundled CSL archive
    /// (ieee, nature, harvard-cite-them-right, vancouver, ...; an unknown name lists them).
    #[arg(long, value_name = "NAME", default_value = "chicago-notes")]
    style: String,
    /// A CSL style file (independent, with a bibliography), e.g. one of
    /// /usr/share/citation-style-language/styles; overrides --style.
    #[arg(long, value_name = "FILE")]
    csl: Option<PathBuf>,
}

impl StyleArgs {
    /// The style the flags name; an unknown name or a bad CSL file is an error (exit 2).
    pub fn style(&self, ctx: &Ctx) -> Result<Style> {
        if let Some(file) = &self.csl {
            let path = ctx.cwd.join(file);
            let xml = std::fs::read_to_string(&path)
                .with_context(|| format!("--csl {}: cannot read it", file.display()))?;
            let name = path
                .file_stem()
                .map_or("csl".into(), |s| s.to_string_lossy().into_owned());
            let csl =
                CslFile::parse(&name, &xml).with_context(|| format!("--csl {}", file.display()))?;
            return Ok(Style::File(std::sync::Arc::new(csl)));
        }
        Style::parse(&self.style).ok_or_else(|| {
            let names = Style::names();
            anyhow!(
                "--style {}: unknown style{} (styles: {})",
                self.style,
                hint(&closest(&self.style, names.iter().copied())),
                names.join(", ")
            )
        })
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let opts = options(args.scope, &[])?;
    let store = ctx.open_synced()?;
    let checked = ctx
        .scope(&store, &args.documents, false, false)?
        .check(&opts, false);
    let report = Report::build(
        &checked.documents,
        &checked.sources,
        &checked.findings,
        &FromFindings::new(&checked.findings),
    )
    .with_bibliography(&checked.sources, args.style.style(ctx)?)?;
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
