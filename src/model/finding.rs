//! Findings of `annobib check`.

use serde::{Deserialize, Serialize};

use super::ClaimId;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Probably wrong.
    Warning,
    /// Wrong.
    Error,
}

impl Severity {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A check rule. Ids are a public interface: scripts filter on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A claim that needs a citation has none.
    UncitedClaim,
    /// An inline citation matched no source.
    UnresolvedCitation,
    /// An inline citation matched several sources equally well.
    AmbiguousCitation,
    /// A resolved citation's text disagrees with its library entry (title, year, publisher,
    /// place, author).
    CitationMismatch,
    /// A source of the reading list or the project's bibliography that no claim cites.
    UnusedSource,
    /// A cited page outside the source's own page range or page total.
    PageOutOfRange,
    /// A citation without a locator on a claim that quotes or states a statistic.
    MissingLocator,
    /// An entry that breaks BibLaTeX's data model.
    EntryInvalid,
    /// The same work twice in the sources.
    DuplicateSource,
    /// A numbered reference list that skips numbers or gives one number to two items.
    ReferenceNumbering,
    /// A quotation is not on the cited pages of the source's attached text.
    QuoteNotFound,
    /// The claim's words fit another page of the attached text far better than the cited one.
    PageMismatch,
}

impl Rule {
    /// Every rule, in id order.
    pub const ALL: [Rule; 12] = [
        Rule::AmbiguousCitation,
        Rule::CitationMismatch,
        Rule::DuplicateSource,
        Rule::EntryInvalid,
        Rule::MissingLocator,
        Rule::PageMismatch,
        Rule::PageOutOfRange,
        Rule::QuoteNotFound,
        Rule::ReferenceNumbering,
        Rule::UncitedClaim,
        Rule::UnresolvedCitation,
        Rule::UnusedSource,
    ];

    /// The rule's id as users type and scripts read it.
    pub fn id(self) -> &'static str {
        match self {
            Rule::UncitedClaim => "uncited-claim",
            Rule::UnresolvedCitation => "unresolved-citation",
            Rule::AmbiguousCitation => "ambiguous-citation",
            Rule::CitationMismatch => "citation-mismatch",
            Rule::UnusedSource => "unused-source",
            Rule::PageOutOfRange => "page-out-of-range",
            Rule::MissingLocator => "missing-locator",
            Rule::EntryInvalid => "entry-invalid",
            Rule::DuplicateSource => "duplicate-source",
            Rule::ReferenceNumbering => "reference-numbering",
            Rule::QuoteNotFound => "quote-not-found",
            Rule::PageMismatch => "page-mismatch",
        }
    }

    /// The rule with this id.
    pub fn parse(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }

    /// How serious its findings are.
    pub fn severity(self) -> Severity {
        match self {
            Rule::PageOutOfRange => Severity::Error,
            Rule::UnusedSource => Severity::Info,
            _ => Severity::Warning,
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl std::str::FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Rule, String> {
        Rule::parse(s).ok_or_else(|| format!("no rule '{s}'"))
    }
}

/// One problem found by a check rule, with where and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule that fired; its id (`uncited-claim`, `citation-mismatch`, ...) in JSON.
    pub rule: Rule,
    /// How serious.
    pub severity: Severity,
    /// The document or .bib file the location is in.
    pub document: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// The claim (`c12` in output), if about a claim.
    pub claim: Option<ClaimId>,
    /// The source key, if about a source.
    pub source: Option<String>,
    /// One-line message.
    pub message: String,
    /// The evidence: why the rule fired.
    pub reasons: Vec<String>,
}
