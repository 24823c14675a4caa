//! `import`: files into the library. Each input's kind comes from its content
//! ([`sniff`](crate::sniff)): .bib files and reference-manager files (RIS, CSL-JSON,
//! CSL-YAML) become sources (`files`), essays become claims with their citations found and
//! resolved (re-anchoring the user's links after an edit), links files restore manual links
//! and exemptions ([`super::links`]). Every bad entry is reported at once; nothing is written
//! unless all is well or `skip_invalid`. The whole import is one transaction.
//!
//! In two steps, so that what cannot be read is refused before a library is even opened:
//! [`read`] (classify, decode, read essays) and [`write`]; [`import`] does both.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::cite::{self, ResolveOptions};
use crate::essay::read::Format;
use crate::essay::{self, anchor};
use crate::model::{ClaimKind, Document, Origin};
use crate::records::Format as RecordFormat;
use crate::render::export::LinkFormat;
use crate::sniff::{self, Kind, Sniffed};
use crate::store::{DocumentSummary, KeyConflict, Store, StoreError};

mod files;
mod includes;

pub use files::Counts;
pub use includes::{follow_includes, follow_listed};

/// One file to import: its bytes, and its path as the user sees it (messages) and as the
/// library records it (relative to the project).
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as shown in messages (relative to the working directory when below it).
    pub shown: String,
    /// The path as the library records it.
    pub stored: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// How an import treats what it finds.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Delete the sources a re-imported file no longer has (default: keep them).
    pub prune: bool,
    /// Import the valid entries (records, links) of a file that has bad ones, each one
    /// skipped reported, instead of refusing the import.
    pub skip_invalid: bool,
    /// How essays are read (the project's abbreviations).
    pub essay: essay::Options,
}

/// What an import says as it goes, in order: lines for the user, and progress.
#[derive(Debug)]
pub enum Event {
    /// A warning or a summary.
    Note(Note),
    /// A long step starts: `estimate` items of `what` ("importing big.bib").
    Started {
        /// What is being done.
        what: String,
        /// About how many items it has.
        estimate: u64,
    },
    /// `n` more items of the step done.
    Advanced(u64),
    /// The step is done.
    Finished,
}

/// A line for the user, typed; `Display` gives it as annobib prints it.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// A warning with its place (`file:line:col: warning: ...`).
    Warning(String),
    /// A bad entry, record or link left out under `skip_invalid`.
    Skipped(String),
    /// An entry whose key another file defines: not imported.
    Conflict(Conflict),
    /// What importing .bib files (one line for all of them) or a reference-manager file
    /// changed.
    Files(Counts),
    /// What importing an essay found and changed.
    Document(DocumentReport),
    /// What a links file restored.
    Links(LinksReport),
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Warning(line) => f.write_str(line),
            Note::Skipped(what) => write!(f, "skipped: {what}"),
            Note::Conflict(c) => c.fmt(f),
            Note::Files(c) => c.fmt(f),
            Note::Document(d) => d.fmt(f),
            Note::Links(l) => l.fmt(f),
        }
    }
}

/// What is imported: an entry of a .bib file, a record of a reference-manager file, a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// An entry of a .bib file.
    Entry,
    /// A record of a RIS or CSL file.
    Record,
    /// A record of a links file.
    Link,
}

impl Item {
    fn one(self) -> &'static str {
        match self {
            Item::Entry => "entry",
            Item::Record => "record",
            Item::Link => "link",
        }
    }

    fn many(self) -> &'static str {
        match self {
            Item::Entry => "entries",
            Item::Record => "records",
            Item::Link => "links",
        }
    }
}

/// An entry refused because another file of the library defines its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The file imported, as shown.
    pub shown: String,
    /// Entry or record.
    pub item: Item,
    /// Where the refused entry starts; a record has a line only.
    pub line: u32,
    /// Its column (entries of a .bib file).
    pub column: Option<u32>,
    /// The key.
    pub key: String,
    /// The file that defines it, as the library records it (the caller may rewrite it as
    /// the user would type it).
    pub other_file: String,
    /// Its line there.
    pub other_line: u32,
}

impl Conflict {
    fn new(shown: &str, item: Item, c: &KeyConflict) -> Conflict {
        Conflict {
            shown: shown.to_string(),
            item,
            line: c.line,
            column: (item == Item::Entry).then_some(c.column),
            key: c.key.clone(),
            other_file: c.other_file.clone(),
            other_line: c.other_line,
        }
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.shown, self.line)?;
        if let Some(col) = self.column {
            write!(f, ":{col}")?;
        }
        write!(
            f,
            ": warning: key '{}' is already defined in {}:{}; this {} was not imported",
            self.key,
            self.other_file,
            self.other_line,
            self.item.one()
        )
    }
}

/// What importing one essay found and changed.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentReport {
    /// The essay as shown.
    pub shown: String,
    /// Its claims (units that are claims, not headings or reference items).
    pub claims: usize,
    /// Inline citations found in the text.
    pub citations: usize,
    /// Of those, resolved to one source.
    pub resolved: usize,
    /// Of those, left with several candidates.
    pub ambiguous: usize,
    /// What the store did with the old claims.
    pub summary: DocumentSummary,
}

impl DocumentReport {
    fn new(shown: &str, doc: &Document, summary: DocumentSummary) -> DocumentReport {
        let claims = doc
            .claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Claim)
            .count();
        let inline: Vec<_> = doc
            .claims
            .iter()
            .filter(|c| c.kind != ClaimKind::Reference)
            .flat_map(|c| &c.citations)
            .filter(|c| c.origin == Origin::Inline)
            .collect();
        let resolved = inline
            .iter()
            .filter(|c| c.resolution.source.is_some())
            .count();
        let ambiguous = inline
            .iter()
            .filter(|c| c.resolution.source.is_none() && !c.resolution.candidates.is_empty())
            .count();
        DocumentReport {
            shown: shown.to_string(),
            claims,
            citations: inline.len(),
            resolved,
            ambiguous,
            summary,
        }
    }
}

impl fmt::Display for DocumentReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.summary;
        write!(
            f,
            "{}: {} units, {} claims, {} citations ({} resolved, {} ambiguous, {} unresolved)",
            self.shown,
            s.units,
            self.claims,
            self.citations,
            self.resolved,
            self.ambiguous,
            self.citations - self.resolved - self.ambiguous
        )?;
        if s.kept + s.reanchored.len() + s.removed + s.orphaned.len() > 0 {
            write!(
                f,
                "; {} new, {} unchanged, {} re-anchored, {} removed",
                s.added,
                s.kept,
                s.reanchored.len(),
                s.removed
            )?;
        }
        for (id, how) in &s.reanchored {
            write!(f, "\n  c{id}: re-anchored by {how}")?;
        }
        for id in &s.orphaned {
            write!(
                f,
                "\n  c{id}: orphaned: not found in the edited text; kept with its links and notes"
            )?;
        }
        Ok(())
    }
}

/// What one links file restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinksReport {
    /// The file as shown.
    pub shown: String,
    /// Manual links restored.
    pub links: usize,
    /// Exemptions restored.
    pub exemptions: usize,
    /// Inline citations listed for reference, skipped (they come back from the text).
    pub inline: usize,
}

impl fmt::Display for LinksReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} manual links and {} exemptions restored, {} inline citations skipped (they come from the text)",
            self.shown, self.links, self.exemptions, self.inline
        )
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file annobib does not read (a PDF, an OpenDocument file, a binary): what to do.
    #[error("{0}")]
    Unreadable(String),
    /// An essay whose reader failed (a damaged Word file).
    #[error("{shown}: {reason}; nothing was imported")]
    Essay {
        /// The file as shown.
        shown: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A file sniffed as a links file that is not one.
    #[error("{shown}: not a links file: {reason}")]
    NotLinks {
        /// The file as shown.
        shown: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Bad entries, records or links, without `skip_invalid`.
    #[error("{0}")]
    Invalid(Invalid),
    /// The library failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Bad items that refuse an import: each one, located, and the summary as the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Entries, records or links.
    pub item: Item,
    /// Each bad item as printed before the error (a .bib entry with its line).
    pub problems: Vec<String>,
    /// The files they are in, as shown, sorted.
    pub files: Vec<String>,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        if self.item == Item::Link {
            return write!(
                f,
                "{n} links could not be restored; nothing was imported (--skip-invalid restores the others)"
            );
        }
        let noun = if n == 1 {
            self.item.one()
        } else {
            self.item.many()
        };
        let place = if self.files.len() == 1 {
            self.files[0].clone()
        } else {
            format!("{} files", self.files.len())
        };
        write!(
            f,
            "{n} invalid {noun} in {place}; nothing was imported (--skip-invalid imports the valid {})",
            self.item.many()
        )
    }
}

/// Bad items found: refused (an error listing them) or, with `skip_invalid`, each one noted
/// as skipped.
pub(super) fn refuse_or_skip(
    item: Item,
    problems: Vec<(String, String, String)>,
    skip_invalid: bool,
    on: &mut dyn FnMut(Event),
) -> Result<(), ImportError> {
    if problems.is_empty() {
        return Ok(());
    }
    if !skip_invalid {
        let mut files: Vec<String> = problems.iter().map(|(file, _, _)| file.clone()).collect();
        files.sort_unstable();
        files.dedup();
        return Err(ImportError::Invalid(Invalid {
            item,
            problems: problems.into_iter().map(|(_, shown, _)| shown).collect(),
            files,
        }));
    }
    for (_, _, short) in problems {
        on(Event::Note(Note::Skipped(short)));
    }
    Ok(())
}

/// What an import did, typed (the same as its notes said).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    /// The .bib files (one summary for all), then each reference-manager file.
    pub files: Vec<Counts>,
    /// Each essay.
    pub documents: Vec<DocumentReport>,
    /// Each links file.
    pub links: Vec<LinksReport>,
}

/// Where a file goes.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Bib,
    Essay(Format),
    Links(LinkFormat),
    Records(RecordFormat),
}

/// What the content of an input is decides where it goes; what cannot be read is refused
/// here, before anything is written, with what to do instead.
fn route(shown: &str, sniffed: &Sniffed) -> Result<Route, ImportError> {
    Ok(match sniffed.kind {
        Kind::Bib => Route::Bib,
        Kind::Text => Route::Essay(Format::Text),
        Kind::Html => Route::Essay(Format::Html),
        Kind::Markdown => Route::Essay(Format::Markdown),
        Kind::Latex => Route::Essay(Format::Latex),
        Kind::LinksCsv => Route::Links(LinkFormat::Csv),
        Kind::LinksJson => Route::Links(LinkFormat::Json),
        Kind::Docx => Route::Essay(Format::Docx),
        Kind::Odt => Route::Essay(Format::Odt),
        Kind::Ris => Route::Records(RecordFormat::Ris),
        Kind::CslJson => Route::Records(RecordFormat::CslJson),
        Kind::CslYaml => Route::Records(RecordFormat::CslYaml),
        Kind::Pdf => {
            return Err(ImportError::Unreadable(format!(
                "{shown} is a PDF: annobib reads essays as text, Markdown, LaTeX or HTML; extract its \
                 text first (`pdftotext -layout {shown} essay.txt`) or import the file it was made from"
            )));
        }
        Kind::Binary(what) => {
            return Err(ImportError::Unreadable(format!(
                "{shown} is {what}, not a document annobib can read"
            )));
        }
    })
}

/// A source file (.bib or reference-manager) read, before anything is parsed or written.
pub(crate) struct SourceFile {
    pub(crate) shown: String,
    pub(crate) stored: String,
    pub(crate) text: String,
    pub(crate) encoding: &'static str,
    pub(crate) hash: String,
    /// `None` for a .bib file.
    pub(crate) records: Option<RecordFormat>,
}

/// A links file read, before anything is written.
#[derive(Debug, Clone)]
pub struct LinksFile {
    /// The file as shown.
    pub shown: String,
    /// Its text.
    pub text: String,
    /// CSV or JSON.
    pub format: LinkFormat,
}

/// The inputs read and sorted by kind, ready to [`write`]: nothing in the library touched yet.
pub struct Batch {
    bibs: Vec<SourceFile>,
    records: Vec<SourceFile>,
    essays: Vec<(String, essay::read::Read)>,
    links: Vec<LinksFile>,
}

/// Reads the inputs: each one's kind from its content, essays read (a damaged Word file
/// refuses the import here, before anything is written).
pub fn read(
    inputs: Vec<Input>,
    opts: &Options,
    on: &mut dyn FnMut(Event),
) -> Result<Batch, ImportError> {
    let mut batch = Batch {
        bibs: Vec::new(),
        records: Vec::new(),
        essays: Vec::new(),
        links: Vec::new(),
    };
    for Input {
        shown,
        stored,
        bytes,
    } in inputs
    {
        let (text, encoding) = crate::encoding::decode(&bytes);
        let sniffed = sniff::sniff(Path::new(&shown), &bytes, &text);
        let route = route(&shown, &sniffed)?;
        if let Some(warning) = sniffed.disagreement(&shown) {
            on(Event::Note(Note::Warning(format!(
                "{shown}: warning: {warning}"
            ))));
        }
        if !matches!(sniffed.kind, Kind::Docx | Kind::Odt)
            && let Some((line, column, byte)) = crate::encoding::fallback_place(&bytes, encoding)
        {
            on(Event::Note(Note::Warning(format!(
                "{shown}:{line}:{column}: warning: not UTF-8 (byte 0x{byte:02X} here), so the \
                 file is read as Windows-1252; if its accents look wrong, save it as UTF-8"
            ))));
        }
        let source = |records| SourceFile {
            hash: hex(&Sha256::digest(&bytes)),
            shown: shown.clone(),
            stored: stored.clone(),
            text: text.clone(),
            encoding,
            records,
        };
        match route {
            Route::Bib => batch.bibs.push(source(None)),
            Route::Records(format) => batch.records.push(source(Some(format))),
            Route::Essay(format) => {
                let read = essay::read::read_bytes(&stored, format, &bytes, &text, &opts.essay)
                    .map_err(|e| ImportError::Essay {
                        shown: shown.clone(),
                        reason: e.to_string(),
                    })?;
                for w in read.located_warnings() {
                    on(Event::Note(Note::Warning(format!("{shown}:{w}"))));
                }
                batch.essays.push((shown, read));
            }
            Route::Links(format) => batch.links.push(LinksFile {
                shown,
                text,
                format,
            }),
        }
    }
    Ok(batch)
}

/// Writes what [`read`] read, in one transaction: sources first, then essays (resolved
/// against them), then links (onto the claims just written); when sources changed, the
/// citations of the other documents are resolved again.
pub fn write(
    store: &mut Store,
    batch: &Batch,
    opts: &Options,
    on: &mut dyn FnMut(Event),
) -> Result<Report, ImportError> {
    store.atomically(|store| {
        let mut report = Report::default();
        let bibs_read = !batch.bibs.is_empty()
            && files::import_bibs(store, &batch.bibs, opts, on, &mut report)?;
        if !batch.records.is_empty() {
            files::import_records(store, &batch.records, opts, on, &mut report)?;
        }
        let mut imported = HashSet::new();
        for (shown, read) in &batch.essays {
            let mut doc = read.document.clone();
            let index = store.index();
            cite::cite_document(&mut doc, &index, &ResolveOptions::default());
            index.finish()?;
            let old = store.previous_claims(&doc.path)?;
            let anchoring = anchor::reanchor(&old, &doc.text, &doc.claims);
            let summary = store.replace_document(&mut doc, &anchoring)?;
            let line = DocumentReport::new(shown, &doc, summary);
            on(Event::Note(Note::Document(line.clone())));
            report.documents.push(line);
            imported.insert(doc.path.clone());
        }
        // Links last: they land on the claims of the documents just imported.
        report.links = super::links::restore_links(store, &batch.links, opts.skip_invalid, on)?;
        if bibs_read || !batch.records.is_empty() {
            resolve_others(store, &imported)?;
        }
        Ok(report)
    })
}

/// Reads then writes: [`read`] and [`write`] in one call.
pub fn import(
    store: &mut Store,
    inputs: Vec<Input>,
    opts: &Options,
    on: &mut dyn FnMut(Event),
) -> Result<Report, ImportError> {
    let batch = read(inputs, opts, on)?;
    write(store, &batch, opts, on)
}

/// The library changed: citations of the documents not imported now may resolve
/// differently.
fn resolve_others(store: &mut Store, imported: &HashSet<String>) -> Result<(), StoreError> {
    for info in store.documents()? {
        if imported.contains(&info.path) {
            continue;
        }
        if let Some(mut doc) = store.document(&info.path)? {
            let index = store.index();
            cite::resolve_document(&mut doc, &index, &ResolveOptions::default());
            index.finish()?;
            let updates: Vec<_> = doc
                .claims
                .iter()
                .flat_map(|c| &c.citations)
                .filter(|c| c.origin == Origin::Inline)
                .filter_map(|c| Some((c.id?, c.resolution.clone())))
                .collect();
            store.update_resolutions(&updates)?;
        }
    }
    Ok(())
}

/// How a project file lists a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// Under `bib`: a source file, compared by the hash of its bytes.
    Sources,
    /// Under `documents`: an essay, compared by the hash of its document text.
    Document,
}

/// The listed files that are new to the library or changed since they were imported (what
/// a project's commands import again before they read the library, the way `make` brings a
/// target up to date); unchanged files cost a hash. `store` is `None` when there is no
/// library yet.
pub fn stale(
    store: Option<&Store>,
    listed: Vec<(Input, Listed)>,
) -> Result<Vec<Input>, StoreError> {
    let (bib_hashes, doc_hashes): (HashMap<String, String>, HashMap<String, String>) = match store {
        Some(store) => (
            store.bibfile_hashes()?,
            store
                .documents()?
                .into_iter()
                .map(|d| (d.path, d.hash))
                .collect(),
        ),
        None => Default::default(),
    };
    let mut out = Vec::new();
    for (input, how) in listed {
        let (now, known) = match how {
            Listed::Sources => (
                hex(&Sha256::digest(&input.bytes)),
                bib_hashes.get(&input.stored),
            ),
            Listed::Document => (
                hex(&Sha256::digest(document_text(&input).as_bytes())),
                doc_hashes.get(&input.stored),
            ),
        };
        if known != Some(&now) {
            out.push(input);
        }
    }
    Ok(out)
}

/// When a project file lists `input` under the wrong heading (a .bib under `documents`, an
/// essay under `bib`): the sentence that says so. Files that are neither (a PDF, a binary)
/// are left to the import, which refuses them with its own message.
pub fn misfiled(input: &Input, how: Listed) -> Option<String> {
    let (text, _) = crate::encoding::decode(&input.bytes);
    let kind = sniff::sniff(Path::new(&input.shown), &input.bytes, &text).kind;
    let sources = matches!(kind, Kind::Bib | Kind::Ris | Kind::CslJson | Kind::CslYaml);
    let (listed, belongs) = match how {
        Listed::Sources if kind.is_essay() => ("bib", "documents"),
        Listed::Document if sources => ("documents", "bib"),
        _ => return None,
    };
    Some(format!(
        "{} is listed under `{listed}` in annobib.toml but is {}: list it under `{belongs}`",
        input.shown,
        kind.describe()
    ))
}

/// The text an essay's document holds: the decoded file, or for a Word or OpenDocument file
/// what its reader writes.
fn document_text(input: &Input) -> String {
    let (text, _) = crate::encoding::decode(&input.bytes);
    match sniff::sniff(Path::new(&input.shown), &input.bytes, &text).kind {
        k @ (Kind::Docx | Kind::Odt) => essay::read::read_bytes(
            &input.stored,
            if k == Kind::Docx {
                Format::Docx
            } else {
                Format::Odt
            },
            &input.bytes,
            &text,
            &essay::Options::default(),
        )
        .map_or(text, |r| r.document.text),
        _ => text,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
