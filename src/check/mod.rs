//! `annobib check`: rules over loaded documents and sources; each finding says which rule
//! fired, where, and why.
//!
//! Owns what the rules do (their ids, a public interface, are `model::Rule`'s: [`Rule::id`]),
//! [`run`], the per-section [`coverage`] table, and the needs-a-citation scorer ([`need`]). It does not load anything
//! (the store does), find or resolve citations (`cite`), print, or pick an exit code (`cli`);
//! `run` is a pure function from values to a sorted list of findings.
//!
//! Inside, by domain noun: `claims` (uncited claims, missing locators), `citations`
//! (unresolved, ambiguous, pages out of range, a numbered list's numbering), `mismatch` (citation text against its entry,
//! through the resolver's own field comparison: the one dependency on `cite`), `sources`
//! (unused sources), `entry` (the
//! BibLaTeX data model), `duplicate`, `pages` (page-range grammar shared by two rules),
//! `coverage`.

mod citations;
mod claims;
mod coverage;
mod duplicate;
mod entry;
mod fulltext;
mod ident;
mod mismatch;
pub mod need;
mod pages;
mod sources;

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

pub use crate::model::Rule;
use crate::model::{Attachment, Claim, ClaimId, Document, Finding, Severity, Source};

pub use citations::pages_outside;
pub use coverage::{CoverageRow, coverage};

/// What a citation covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// A citation covers its own sentence only.
    #[default]
    Sentence,
    /// A citation also covers the earlier sentences of its paragraph (common Chicago practice:
    /// one note at the end of a paragraph).
    Paragraph,
}

/// How to check.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOptions {
    /// What a citation covers.
    pub scope: Scope,
    /// The rules that run (all by default).
    pub rules: Vec<Rule>,
    /// Score at or above which a claim needs a citation ([`need::THRESHOLD`] by default).
    pub threshold: f64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            scope: Scope::Sentence,
            rules: Rule::ALL.to_vec(),
            threshold: need::THRESHOLD,
        }
    }
}

impl CheckOptions {
    /// Whether `rule` runs.
    pub fn runs(&self, rule: Rule) -> bool {
        self.rules.contains(&rule)
    }
}

/// What to check: documents with their citations found and resolved, and the sources in scope.
#[derive(Debug, Clone, Copy)]
pub struct CheckInput<'a> {
    /// The documents. Each claim carries its inline citations (spans into the document text,
    /// resolved) and manual links; `orphaned` and `exempt` are set as stored.
    pub documents: &'a [Document],
    /// How to show each document's path in findings, by index; a missing entry shows
    /// `Document::path`.
    pub display_paths: &'a [String],
    /// The sources in scope: those the documents cite or list, and the project's .bib entries.
    pub sources: &'a [Source],
    /// The project's .bib files: a source whose `origin.file` is one of them belongs to the
    /// project's bibliography (for `unused-source`).
    pub project_files: &'a [String],
    /// The full texts attached to sources in scope (for `quote-not-found`, `page-mismatch`).
    pub attachments: &'a [Attachment],
}

impl<'a> CheckInput<'a> {
    /// Documents and sources, paths shown as stored, no project bibliography.
    pub fn new(documents: &'a [Document], sources: &'a [Source]) -> Self {
        CheckInput {
            documents,
            display_paths: &[],
            sources,
            project_files: &[],
            attachments: &[],
        }
    }

    fn display(&self, index: usize) -> &'a str {
        self.display_paths
            .get(index)
            .map_or(self.documents[index].path.as_str(), String::as_str)
    }
}

/// Runs the selected rules. Findings are sorted by document; in each document the
/// `uncited-claim` findings come first, strongest (most probably needing a citation) first,
/// then every other finding by line, column and rule id.
pub fn run(input: &CheckInput, opts: &CheckOptions) -> Vec<Finding> {
    let library = Library::new(input.sources);
    let attached: HashMap<&str, &Attachment> = input
        .attachments
        .iter()
        .map(|a| (a.key.as_str(), a))
        .collect();
    let mut out = Vec::new();
    let mut ranked = Vec::new();
    for (i, doc) in input.documents.iter().enumerate() {
        let at = At::new(doc, input.display(i));
        claims::check(&at, opts, &mut out, &mut ranked);
        citations::check(&at, &library, opts, &mut out);
        if opts.runs(Rule::ReferenceNumbering) {
            citations::numbering(&at, &mut out);
        }
        mismatch::check(&at, &library, opts, &mut out);
        fulltext::check(&at, &attached, opts, &mut out);
    }
    if opts.runs(Rule::UnusedSource) {
        sources::unused(input, &library, &mut out);
    }
    if opts.runs(Rule::EntryInvalid) {
        entry::check(&library, &mut out);
    }
    if opts.runs(Rule::DuplicateSource) {
        duplicate::check(input.sources, &mut out);
    }
    // Unranked findings sort after every ranked one of their document (-1 < any probability).
    let mut rank = vec![-1.0; out.len()];
    for (i, p) in ranked {
        rank[i] = p;
    }
    // Sorted through their indices and put in order in place: a document with 10^5 citations
    // has as many findings, and a second list of them would double the check's memory.
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&out[i], &out[j]);
        a.document
            .cmp(&b.document)
            .then(rank[j].total_cmp(&rank[i]))
            .then_with(|| {
                (a.line, a.column, a.rule.id(), &a.claim, &a.source).cmp(&(
                    b.line,
                    b.column,
                    b.rule.id(),
                    &b.claim,
                    &b.source,
                ))
            })
    });
    permute(&mut out, &mut order);
    out
}

/// Puts `items` in the order `order` gives (`order[k]` is the index of the item that goes to
/// place `k`), by following each cycle of the permutation with swaps; `order` is used up.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut k = start;
        while order[k] != start {
            let next = order[k];
            order[k] = k;
            items.swap(k, next);
            k = next;
        }
        order[k] = k;
    }
}

/// How sure the scorer is of an `uncited-claim` finding (`None` for other rules): what the
/// report counts as strong, medium and weak. The strength is the word in parentheses that
/// `uncited-claim` messages carry ("claim needs a citation and has none (strong): ...").
pub fn strength(finding: &Finding) -> Option<need::Strength> {
    if finding.rule != Rule::UncitedClaim {
        return None;
    }
    let word = finding.message.split_once('(')?.1.split_once(')')?.0;
    [
        need::Strength::Strong,
        need::Strength::Medium,
        need::Strength::Weak,
    ]
    .into_iter()
    .find(|s| s.as_str() == word)
}

/// The most serious severity among `findings`.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}

/// True when a finding is at least as serious as `level` (`--fail-on warning`).
pub fn fails(findings: &[Finding], level: Severity) -> bool {
    worst(findings).is_some_and(|w| w >= level)
}

/// Month names and their usual abbreviations, lowercase: dates in running text (`need`) and
/// the values a `month` field may hold (`entry`, as written or as the `jan` macros expand).
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// The sources by key, built once per run.
struct Library<'a> {
    sources: &'a [Source],
    by_key: HashMap<&'a str, &'a Source>,
}

impl<'a> Library<'a> {
    fn new(sources: &'a [Source]) -> Self {
        let mut by_key = HashMap::with_capacity_and_hasher(sources.len(), Default::default());
        for s in sources {
            by_key.entry(s.key.as_str()).or_insert(s);
        }
        Library { sources, by_key }
    }

    fn get(&self, key: &str) -> Option<&'a Source> {
        self.by_key.get(key).copied()
    }
}

/// A document and what locating a finding in it needs.
struct At<'a> {
    doc: &'a Document,
    path: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> At<'a> {
    fn new(doc: &'a Document, path: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(doc.text.match_indices('\n').map(|(i, _)| i + 1));
        At {
            doc,
            path,
            line_starts,
        }
    }

    /// A finding at a claim's start.
    fn claim(&self, rule: Rule, claim: &Claim, message: String, reasons: Vec<String>) -> Finding {
        Finding {
            rule,
            severity: rule.severity(),
            document: Some(self.path.to_string()),
            line: Some(claim.line),
            column: Some(claim.column),
            claim: claim.id.map(ClaimId),
            source: None,
            message,
            reasons,
        }
    }

    /// A finding at a byte offset of the document text (a citation's marker), falling back on
    /// the claim's start when the offset does not fall in the text (an orphan's old span).
    fn offset(
        &self,
        rule: Rule,
        claim: &Claim,
        offset: Option<usize>,
        message: String,
        reasons: Vec<String>,
    ) -> Finding {
        let mut f = self.claim(rule, claim, message, reasons);
        let text = &self.doc.text;
        if let Some(o) = offset.filter(|&o| o < text.len() && text.is_char_boundary(o)) {
            let line = self.line_starts.partition_point(|&s| s <= o) - 1;
            f.line = Some(line as u32 + 1);
            f.column = Some(text[self.line_starts[line]..o].chars().count() as u32 + 1);
        }
        f
    }
}

/// A finding about a source, located at its entry in its .bib file.
fn at_source(rule: Rule, source: &Source, message: String, reasons: Vec<String>) -> Finding {
    let o = &source.origin;
    let located = !o.file.is_empty();
    Finding {
        rule,
        severity: rule.severity(),
        document: located.then(|| o.file.clone()),
        line: (located && o.line > 0).then_some(o.line),
        column: (located && o.column > 0).then_some(o.column),
        claim: None,
        source: Some(source.key.clone()),
        message,
        reasons,
    }
}
