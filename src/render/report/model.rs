//! The report's data, built once from documents, sources and findings, and written by every
//! output (tables, Markdown, JSON, HTML): coverage by section, sources by use, the claims
//! that need a citation, unresolved citations, the findings, and optionally the annotated
//! bibliography.
//!
//! This file owns what a claim's status is for the report and how the numbers are counted.
//! It does not decide which claims need support (that is `check`'s rule `uncited-claim`,
//! read here through [`ClaimStatuses`]) and does not format anything.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::model::{Claim, ClaimKind, Document, Finding, Rule, Source, claim_label};
use crate::render::bibliography::{Bibliography, BibliographyError, CitedAt, Style};
use crate::render::locator_text;

/// The rule of `annobib check` that says a claim lacks a citation it needs.
pub const UNCITED_RULE: Rule = Rule::UncitedClaim;

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimStatus {
    /// It carries at least one citation that resolved to a source (inline or manual).
    Cited,
    /// Its citations all failed to resolve: it says it is supported, but nothing shows by
    /// what. Not coverage.
    Unresolved,
    /// It has none and `check` says it needs one.
    NeedsCitation,
    /// The user said it needs none (`annobib exempt`).
    Exempt,
    /// It has none and nothing says it needs one.
    NotNeeded,
}

impl ClaimStatus {
    /// Every status, in the order reports list them.
    pub const ALL: [ClaimStatus; 5] = [
        ClaimStatus::Cited,
        ClaimStatus::Unresolved,
        ClaimStatus::NeedsCitation,
        ClaimStatus::Exempt,
        ClaimStatus::NotNeeded,
    ];

    /// The kebab-case name used in JSON and as the HTML class: `needs-citation`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Cited => "cited",
            ClaimStatus::Unresolved => "unresolved",
            ClaimStatus::NeedsCitation => "needs-citation",
            ClaimStatus::Exempt => "exempt",
            ClaimStatus::NotNeeded => "not-needed",
        }
    }

    /// The words a reader sees: "needs a citation".
    pub fn label(self) -> &'static str {
        match self {
            ClaimStatus::Cited => "cited",
            ClaimStatus::Unresolved => "cited, but no citation resolved",
            ClaimStatus::NeedsCitation => "needs a citation",
            ClaimStatus::Exempt => "exempt",
            ClaimStatus::NotNeeded => "no citation needed",
        }
    }
}

/// Decides the status of a claim (a unit of kind `claim`) given its label (`c12`).
pub trait ClaimStatuses {
    /// The claim's status.
    fn status(&self, label: &str, claim: &Claim) -> ClaimStatus;
}

/// Statuses as `check` leaves them: cited if one of the claim's citations resolved to a
/// source, else exempt if the user exempted it, else unresolved if it has citations (none
/// resolved), else needing one if an `uncited-claim` finding names it, else not needing one.
#[derive(Debug, Clone, Default)]
pub struct FromFindings {
    needing: HashSet<String>,
}

impl FromFindings {
    /// Reads the `uncited-claim` findings.
    pub fn new(findings: &[Finding]) -> Self {
        FromFindings {
            needing: findings
                .iter()
                .filter(|f| f.rule == UNCITED_RULE)
                .filter_map(|f| f.claim.map(|c| c.to_string()))
                .collect(),
        }
    }
}

impl ClaimStatuses for FromFindings {
    fn status(&self, label: &str, claim: &Claim) -> ClaimStatus {
        if claim
            .citations
            .iter()
            .any(|c| c.resolution.source.is_some())
        {
            ClaimStatus::Cited
        } else if claim.exempt.is_some() {
            ClaimStatus::Exempt
        } else if !claim.citations.is_empty() {
            ClaimStatus::Unresolved
        } else if self.needing.contains(label) {
            ClaimStatus::NeedsCitation
        } else {
            ClaimStatus::NotNeeded
        }
    }
}

/// Claims by status. `coverage` is the share of the claims that need support (cited,
/// unresolved or needing a citation) that are cited; `None` when no claim needs support. A
/// claim whose citations all failed to resolve is never counted as covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Units of kind `claim` (orphaned ones are not counted: their text is gone).
    pub claims: usize,
    /// Of those, cited (a citation resolved).
    pub cited: usize,
    /// Of those, carrying citations none of which resolved.
    pub unresolved: usize,
    /// Of those, needing a citation.
    pub needs_citation: usize,
    /// Of those, exempt.
    pub exempt: usize,
    /// Of those, needing none.
    pub not_needed: usize,
    /// `cited / (cited + unresolved + needs_citation)`, rounded to three places.
    pub coverage: Option<f64>,
}

impl Counts {
    fn add(&mut self, status: ClaimStatus) {
        self.claims += 1;
        match status {
            ClaimStatus::Cited => self.cited += 1,
            ClaimStatus::Unresolved => self.unresolved += 1,
            ClaimStatus::NeedsCitation => self.needs_citation += 1,
            ClaimStatus::Exempt => self.exempt += 1,
            ClaimStatus::NotNeeded => self.not_needed += 1,
        }
        let supported = self.cited + self.unresolved + self.needs_citation;
        self.coverage = (supported > 0)
            .then(|| (self.cited as f64 / supported as f64 * 1000.0).round() / 1000.0);
    }
}

/// One document in a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// Its path as imported.
    pub path: String,
    /// Its title, if one was found.
    pub title: Option<String>,
    /// Its claims by status.
    pub counts: Counts,
    /// Claims a re-import could not find again (kept with their links, not counted).
    pub orphaned: usize,
}

/// Coverage of one section of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionCoverage {
    /// The document's path.
    pub document: String,
    /// The section's heading; `None` before the first heading.
    pub section: Option<String>,
    /// Its claims by status.
    pub counts: Counts,
}

/// One claim's status, for scripts and for the HTML essay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    /// `c12`.
    pub id: String,
    /// The document's path.
    pub document: String,
    /// Its section heading.
    pub section: Option<String>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Its status.
    pub status: ClaimStatus,
    /// True when a re-import lost its text (its span refers to the old text).
    pub orphaned: bool,
    /// Keys of the sources its citations resolved to, in order, without repeats.
    pub sources: Vec<String>,
}

/// How one source is used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceUse {
    /// The citation key.
    pub key: String,
    /// Full title (title: subtitle); `None` when the key is not in the library.
    pub title: Option<String>,
    /// Authors, else editors, as "Family, Given".
    pub creators: Vec<String>,
    /// Year of publication.
    pub year: Option<i32>,
    /// False when citations resolve to a key the library no longer has.
    pub in_library: bool,
    /// True when a document's reading list names it (reading-list items are not citations).
    pub listed: bool,
    /// How many citations resolve to it.
    pub citations: usize,
    /// The claims citing it, in document order, without repeats.
    pub claims: Vec<String>,
    /// The locators cited (`p. 24`), pages in ascending order, without repeats.
    pub pages: Vec<String>,
    /// Every citation of it: claim and locator, in document order.
    pub cited_at: Vec<CitedAt>,
}

/// A claim that needs a citation, with check's reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UncitedClaim {
    /// `c12`.
    pub id: String,
    /// The document's path.
    pub document: String,
    /// Its section heading.
    pub section: Option<String>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The claim's text.
    pub text: String,
    /// The finding's message, when a finding says so.
    pub message: Option<String>,
    /// The finding's evidence.
    pub reasons: Vec<String>,
}

/// A citation that did not resolve to one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnresolvedCitation {
    /// The claim it is on.
    pub claim: String,
    /// The document's path.
    pub document: String,
    /// The marker as written (`None` for a manual link).
    pub marker: Option<String>,
    /// The locator, `p. 24`.
    pub locator: Option<String>,
    /// Candidate keys, best first; empty when nothing matched.
    pub candidates: Vec<String>,
}

/// Everything a report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Each document in a line.
    pub documents: Vec<DocumentSummary>,
    /// All documents together.
    pub totals: Counts,
    /// Coverage by section, in document order.
    pub sections: Vec<SectionCoverage>,
    /// Every claim (units of kind `claim`) with its status.
    pub claims: Vec<ClaimRow>,
    /// Every source of the library and every key cited, most used first.
    pub sources: Vec<SourceUse>,
    /// Claims needing a citation, in document order.
    pub uncited: Vec<UncitedClaim>,
    /// Citations that resolved to no single source, in document order.
    pub unresolved: Vec<UnresolvedCitation>,
    /// The findings of `check`, as given.
    pub findings: Vec<Finding>,
    /// The annotated bibliography, when asked for.
    pub bibliography: Option<Bibliography>,
}

/// Labels of a document set's claims: the stored id (`c12`); documents not yet stored (no
/// ids) are numbered in order across all documents, so labels stay unique in a report.
pub fn claim_labels(documents: &[Document]) -> Vec<Vec<String>> {
    let mut n = 0;
    documents
        .iter()
        .map(|d| {
            d.claims
                .iter()
                .map(|c| {
                    n += 1;
                    claim_label(c.id.unwrap_or(n))
                })
                .collect()
        })
        .collect()
}

impl Report {
    /// Builds the report. `statuses` decides each claim's status (see [`FromFindings`]).
    pub fn build(
        documents: &[Document],
        sources: &[Source],
        findings: &[Finding],
        statuses: &dyn ClaimStatuses,
    ) -> Report {
        let uncited_findings: HashMap<String, &Finding> = findings
            .iter()
            .filter(|f| f.rule == UNCITED_RULE)
            .filter_map(|f| Some((f.claim?.to_string(), f)))
            .collect();
        let mut report = Report {
            documents: Vec::new(),
            totals: Counts::default(),
            sections: Vec::new(),
            claims: Vec::new(),
            sources: Vec::new(),
            uncited: Vec::new(),
            unresolved: Vec::new(),
            findings: findings.to_vec(),
            bibliography: None,
        };
        let mut uses: BTreeMap<&str, Vec<(&Claim, &str)>> = BTreeMap::new();
        let mut listed: std::collections::BTreeSet<&str> = Default::default();
        let labels = claim_labels(documents);
        for (doc, labels) in documents.iter().zip(&labels) {
            let mut summary = DocumentSummary {
                path: doc.path.clone(),
                title: doc.title.clone(),
                counts: Counts::default(),
                orphaned: 0,
            };
            let first_section = report.sections.len();
            for (claim, label) in doc.claims.iter().zip(labels) {
                if claim.kind == ClaimKind::Reference {
                    // A reading-list item names a source; it does not cite it.
                    listed.extend(
                        claim
                            .citations
                            .iter()
                            .filter_map(|c| c.resolution.source.as_deref()),
                    );
                    continue;
                }
                let mut cited_keys: Vec<&str> = Vec::new();
                for c in &claim.citations {
                    match c.resolution.source.as_deref() {
                        Some(key) if !cited_keys.contains(&key) => cited_keys.push(key),
                        Some(_) => {}
                        None => report.unresolved.push(UnresolvedCitation {
                            claim: label.clone(),
                            document: doc.path.clone(),
                            marker: c.marker.clone(),
                            locator: c.locator.as_ref().map(locator_text),
                            candidates: c.resolution.candidates.clone(),
                        }),
                    }
                }
                for key in cited_keys {
                    uses.entry(key).or_default().push((claim, label));
                }
                if claim.kind != ClaimKind::Claim {
                    continue;
                }
                let status = statuses.status(label, claim);
                report.claims.push(claim_row(doc, claim, label, status));
                if claim.orphaned {
                    summary.orphaned += 1;
                    continue;
                }
                summary.counts.add(status);
                report.totals.add(status);
                section_counts(&mut report.sections, first_section, doc, claim).add(status);
                if status == ClaimStatus::NeedsCitation {
                    let finding = uncited_findings.get(label.as_str());
                    report.uncited.push(UncitedClaim {
                        id: label.clone(),
                        document: doc.path.clone(),
                        section: claim.section.clone(),
                        line: claim.line,
                        column: claim.column,
                        text: claim.text.clone(),
                        message: finding.map(|f| f.message.clone()),
                        reasons: finding.map(|f| f.reasons.clone()).unwrap_or_default(),
                    });
                }
            }
            report.documents.push(summary);
        }
        report.sources = source_uses(sources, &uses, &listed);
        report
    }

    /// Adds the annotated bibliography of `sources` in `style`, each entry with where the
    /// documents cite it.
    pub fn with_bibliography(
        mut self,
        sources: &[Source],
        style: Style,
    ) -> Result<Report, BibliographyError> {
        let cited: HashMap<&str, &[CitedAt]> = self
            .sources
            .iter()
            .map(|u| (u.key.as_str(), u.cited_at.as_slice()))
            .collect();
        let bibliography = Bibliography::build(sources, style, |key| {
            cited.get(key).map(|c| c.to_vec()).unwrap_or_default()
        })?;
        self.bibliography = Some(bibliography);
        Ok(self)
    }

    /// The status of each claim by label, for outputs that walk the documents.
    pub fn statuses(&self) -> HashMap<&str, ClaimStatus> {
        self.claims
            .iter()
            .map(|c| (c.id.as_str(), c.status))
            .collect()
    }
}

/// The coverage row of the claim's section among this document's rows (from `first` on),
/// added when new. A heading repeated later in a document adds to its first row.
fn section_counts<'a>(
    rows: &'a mut Vec<SectionCoverage>,
    first: usize,
    doc: &Document,
    claim: &Claim,
) -> &'a mut Counts {
    let index = match rows[first..]
        .iter()
        .position(|r| r.section == claim.section)
    {
        Some(k) => first + k,
        None => {
            rows.push(SectionCoverage {
                document: doc.path.clone(),
                section: claim.section.clone(),
                counts: Counts::default(),
            });
            rows.len() - 1
        }
    };
    &mut rows[index].counts
}

fn claim_row(doc: &Document, claim: &Claim, label: &str, status: ClaimStatus) -> ClaimRow {
    let mut sources: Vec<String> = Vec::new();
    for key in claim
        .citations
        .iter()
        .filter_map(|c| c.resolution.source.as_ref())
    {
        if !sources.contains(key) {
            sources.push(key.clone());
        }
    }
    ClaimRow {
        id: label.to_string(),
        document: doc.path.clone(),
        section: claim.section.clone(),
        line: claim.line,
        column: claim.column,
        status,
        orphaned: claim.orphaned,
        sources,
    }
}

/// Every library source and every cited key, with its uses, most used first (citations,
/// then claims), ties by key.
fn source_uses(
    sources: &[Source],
    uses: &BTreeMap<&str, Vec<(&Claim, &str)>>,
    listed: &std::collections::BTreeSet<&str>,
) -> Vec<SourceUse> {
    let by_key: HashMap<&str, &Source> = sources.iter().map(|s| (s.key.as_str(), s)).collect();
    let mut keys: Vec<&str> = sources.iter().map(|s| s.key.as_str()).collect();
    keys.extend(uses.keys().filter(|k| !by_key.contains_key(*k)));
    let mut out: Vec<SourceUse> = keys
        .into_iter()
        .map(|key| {
            let source = by_key.get(key);
            let mut u = SourceUse {
                key: key.to_string(),
                title: source.and_then(|s| s.full_title()),
                creators: source
                    .map(|s| s.creators().iter().map(|p| p.sort_name()).collect())
                    .unwrap_or_default(),
                year: source.and_then(|s| s.year()),
                in_library: source.is_some(),
                listed: listed.contains(key),
                citations: 0,
                claims: Vec::new(),
                pages: Vec::new(),
                cited_at: Vec::new(),
            };
            let mut pages: Vec<(Option<u32>, String)> = Vec::new();
            for (claim, label) in uses.get(key).map(Vec::as_slice).unwrap_or_default() {
                u.claims.push(label.to_string());
                // A claim citing the source twice has two entries in `cited_at`, one per
                // citation, each with its own locator.
                let citing = claim
                    .citations
                    .iter()
                    .filter(|c| c.resolution.source.as_deref() == Some(key));
                for c in citing {
                    u.citations += 1;
                    let locator = c.locator.as_ref().map(locator_text);
                    if let Some(text) = &locator
                        && !pages.iter().any(|(_, t)| t == text)
                    {
                        let first = c.locator.as_ref().and_then(|l| l.pages.first());
                        pages.push((first.filter(|p| !p.roman).map(|p| p.start), text.clone()));
                    }
                    u.cited_at.push(CitedAt {
                        claim: label.to_string(),
                        locator,
                    });
                }
            }
            // Numbered pages in order, then anything else (chapters, roman pages) as met.
            pages.sort_by_key(|(start, _)| start.unwrap_or(u32::MAX));
            u.pages = pages.into_iter().map(|(_, t)| t).collect();
            u
        })
        .collect();
    out.sort_by(|a, b| {
        (b.citations, b.claims.len())
            .cmp(&(a.citations, a.claims.len()))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}
