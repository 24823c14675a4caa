//! `annobib attach KEY FILE` and `annobib detach KEY`: a source's full text, page by page, kept
//! in the library (PDF through poppler's `pdftotext`; plain text with form feeds, or Markdown a
//! section a page), so `check` can look for quotations and content on the cited pages.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

use annobib::fulltext::{self, MAX_BYTES};
use annobib::sniff::Kind;

use super::{Ctx, Outcome};

/// Attach a source's full text.
#[derive(clap::Args)]
pub struct Args {
    /// The source's key.
    key: String,
    /// The text: a PDF (read with pdftotext), or plain text / Markdown (UTF-8).
    file: PathBuf,
    /// The page number printed on the file's first page (default: found from running headers
    /// or footers, else the entry's pages, else the file's own pages).
    #[arg(long, value_name = "N")]
    first_page: Option<u32>,
}

/// Remove a source's attached text.
#[derive(clap::Args)]
pub struct DetachArgs {
    /// The source's key.
    key: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Outcome> {
    let path = ctx.cwd.join(&args.file);
    let shown = args.file.display().to_string();
    let size = std::fs::metadata(&path)
        .with_context(|| format!("cannot read {shown}"))?
        .len();
    if size > MAX_BYTES {
        bail!(
            "{shown} is {} MB, more than the {} MB annobib attaches (docs/attach.md)",
            size >> 20,
            MAX_BYTES >> 20
        );
    }
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {shown}"))?;
    let (decoded, _) = annobib::encoding::decode(&bytes);
    // What the file is, as every importer tells it (sniff): a PDF goes to pdftotext; Word,
    // OpenDocument and other binaries are refused; anything else is read as text.
    let (kind, text) = match annobib::sniff::sniff(&path, &bytes, &decoded).kind {
        Kind::Pdf => ("pdf", pdf_text(&path, &shown)?),
        k @ (Kind::Binary(_) | Kind::Docx | Kind::Odt) => bail!(
            "{shown} is {}, not text or a PDF: attach a PDF, or its text as UTF-8",
            k.describe()
        ),
        _ => ("text", decoded),
    };
    if text.trim().is_empty() {
        bail!(
            "{shown} has no text{}",
            if kind == "pdf" {
                " layer (a scan?): run OCR on it first (e.g. ocrmypdf), then attach it"
            } else {
                ""
            }
        );
    }
    let mut store = ctx.open_synced()?;
    let Some(source) = store.source(&args.key)? else {
        return Err(super::known::explain(
            ctx,
            &store,
            annobib::store::StoreError::UnknownKey(args.key.clone()),
        ));
    };
    let a = fulltext::attachment(
        &source.key,
        &shown,
        kind,
        &text,
        source.get("pages"),
        args.first_page,
    );
    let replaced = store.attach(&a)?;
    ctx.note(format!(
        "{} {shown} to {}: {} pages, printed {} (numbers from {})",
        if replaced {
            "attached (replacing the text it had)"
        } else {
            "attached"
        },
        a.key,
        a.pages.len(),
        a.range(),
        a.numbering
    ));
    Ok(Outcome::Success)
}

pub fn detach(ctx: &Ctx, args: DetachArgs) -> Result<Outcome> {
    let mut store = ctx.open_synced()?;
    if store.detach(&args.key)? {
        ctx.note(format!("removed the text attached to {}", args.key));
    } else {
        ctx.note(format!("{} has no attached text", args.key));
    }
    Ok(Outcome::Success)
}

/// The text of a PDF, its pages separated by form feeds: poppler's `pdftotext`, run once.
fn pdf_text(path: &std::path::Path, shown: &str) -> Result<String> {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "reading {shown} needs pdftotext (poppler; on Debian: apt-get install poppler-utils)"
        ),
        Err(e) => return Err(e).with_context(|| format!("running pdftotext on {shown}")),
    };
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        let why = why.lines().last().unwrap_or("").trim();
        if why.to_lowercase().contains("password") || why.to_lowercase().contains("encrypt") {
            bail!("{shown} is encrypted: pdftotext cannot read it without its password");
        }
        bail!("{shown} is a damaged PDF: pdftotext says: {why}");
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
