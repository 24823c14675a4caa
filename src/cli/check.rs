//! `annobib check [DOCUMENT...]`: what needs a citation and lacks one, and everything that
//! disagrees between the essays and the library; exit 1 when a finding reaches `--fail-on`.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};

use annobib::check::{self, CheckOptions, Rule, Scope as CoverScope};
use annobib::model::Severity;
use annobib::render::findings::{
    coverage_listing, write_json, write_json_suggesting, write_short, write_text,
    write_text_suggesting,
};
use annobib::render::suggestions::ForClaim;

use super::{Ctx, Outcome};

/// Check documents and sources.
#[derive(clap::Args)]
pub struct Args {
    /// Documents to check (default: every document in the library).
    documents: Vec<PathBuf>,
    /// Output: a readable report, JSON, or one line per finding (FILE:LINE:COL: ...).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with 1 when a finding is at least this serious.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Whether a citation at the end of a paragraph also covers its earlier sentences.
    #[arg(long, value_enum, default_value_t = ScopeArg::Sentence)]
    scope: ScopeArg,
    /// Only these rules (repeat the flag; default: all).
    #[arg(long = "rule", value_name = "ID")]
    rules: Vec<String>,
    /// Check every source in the library (data model, duplicates), not only the ones the
    /// documents cite or list and the project's .bib files.
    #[arg(long)]
    all_sources: bool,
    /// Print coverage per document and section instead of the findings, with how many of
    /// the claims lacking a citation are strong, medium and weak.
    #[arg(long)]
    summary: bool,
    /// Report a claim as needing a citation from this probability on (0 to 1; default: the
    /// model's threshold, see docs/needs-citation.md).
    #[arg(long, value_name = "P", value_parser = probability)]
    min_confidence: Option<f64>,
    /// Under each claim that needs a citation, the library's sources that could back it (as
    /// `annobib suggest` gives them, the best three).
    #[arg(long)]
    suggest: bool,
}

/// A probability in [0, 1].
fn probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("'{s}' is not a probability between 0 and 1")),
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Short,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ScopeArg {
    Sentence,
    Paragraph,
}

/// The options from the flags; an unknown rule id is an error naming the known ones.
pub fn options(scope: ScopeArg, rules: &[String]) -> Result<CheckOptions> {
    let mut opts = CheckOptions {
        scope: match scope {
            ScopeArg::Sentence => CoverScope::Sentence,
            ScopeArg::Paragraph => CoverScope::Paragraph,
        },
        ..Default::default()
    };
    if !rules.is_empty() {
        opts.rules = Vec::new();
        for id in rules {
            match Rule::parse(id) {
                Some(r) => opts.rules.push(r),
                None => {
                    let known: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
                    bail!("--rule {id}: no such rule (rules: {})", known.join(", "));
                }
            }
        }
    }
    Ok(opts)
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let mut opts = options(args.scope, &args.rules)?;
    if let Some(p) = args.min_confidence {
        opts.threshold = p;
    }
    // The project's files as they are now: those changed since their import, imported again.
    super::import::sync(ctx)?;
    let store = ctx.open_existing()?;
    let scope = ctx.scope(&store, &args.documents, args.all_sources, true)?;
    let several = scope.docs.len() > 1;
    // The documents and sources are let go here, before the findings are written, as they
    // are made (a whole library checked has a finding for many of its entries).
    let annobib::ops::Checked {
        findings, coverage, ..
    } = scope.check(&opts, args.summary);
    let mut out = ctx.stdout();
    match (coverage, args.format) {
        (Some(rows), Format::Json) => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            out.write_all(b"\n")?;
        }
        (Some(rows), _) => {
            // Tab-separated rows name the document as JSON does, however many there are.
            let format = ctx.list_format(super::FormatArg::Table);
            let with_document = several || format != annobib::render::ListFormat::Table;
            coverage_listing(&rows, with_document).write(&mut out, format, &ctx.table)?
        }
        (None, Format::Text) if args.suggest => write_text_suggesting(
            &mut out,
            &findings,
            ctx.table.color,
            &suggestions(ctx, &store, &findings)?,
        )?,
        (None, Format::Json) if args.suggest => {
            write_json_suggesting(&mut out, &findings, &suggestions(ctx, &store, &findings)?)?
        }
        (None, Format::Text) => write_text(&mut out, &findings, ctx.table.color)?,
        (None, Format::Json) => write_json(&mut out, &findings)?,
        (None, Format::Short) => write_short(&mut out, &findings)?,
    }
    out.flush()?;
    let level = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    Ok(match level {
        Some(l) if check::fails(&findings, l) => Outcome::Findings,
        _ => Outcome::Success,
    })
}

/// How many sources `check --suggest` shows under a claim.
const SUGGESTED: usize = 3;

/// The suggested sources of each uncited claim among `findings`, by claim id.
fn suggestions(
    ctx: &Ctx,
    store: &annobib::store::Store,
    findings: &[annobib::model::Finding],
) -> Result<HashMap<annobib::model::ClaimId, ForClaim>> {
    let pool = annobib::ops::suggest::pool(store)?;
    let mut out = HashMap::new();
    for f in findings.iter().filter(|f| f.rule == Rule::UncitedClaim) {
        let Some(label) = f.claim else { continue };
        out.insert(
            label,
            super::suggest::suggested(ctx, store, &pool, label.0, SUGGESTED)?,
        );
    }
    Ok(out)
}
