//! Findings of `annobib check`.

use serde::{Deserialize, Serialize};

use super::ClaimId;

named_enum! {
    /// How serious a finding is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Severity {
        /// Worth knowing.
        Info => "info",
        /// Probably wrong.
        Warning => "warning",
        /// Wrong.
        Error => "error",
    }
}

named_enum! {
    /// A check rule. Ids are a public interface: scripts filter on them. Declared in id
    /// order, so `ALL` lists them as `--rule` help does.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Rule {
        /// An inline citation matched several sources equally well.
        AmbiguousCitation => "ambiguous-citation",
        /// A resolved citation's text disagrees with its library entry (title, year, publisher,
        /// place, author).
        CitationMismatch => "citation-mismatch",
        /// The same work twice in the sources.
        DuplicateSource => "duplicate-source",
        /// An entry that breaks BibLaTeX's data model.
        EntryInvalid => "entry-invalid",
        /// A citation without a locator on a claim that quotes or states a statistic.
        MissingLocator => "missing-locator",
        /// The claim's words fit another page of the attached text far better than the cited one.
        PageMismatch => "page-mismatch",
        /// A cited page outside the source's own page range or page total.
        PageOutOfRange => "page-out-of-range",
        /// A quotation is not on the cited pages of the source's attached text.
        QuoteNotFound => "quote-not-found",
        /// A numbered reference list that skips numbers or gives one number to two items.
        ReferenceNumbering => "reference-numbering",
        /// A claim that needs a citation has none.
        UncitedClaim => "uncited-claim",
        /// An inline citation matched no source.
        UnresolvedCitation => "unresolved-citation",
        /// A source of the reading list or the project's bibliography that no claim cites.
        UnusedSource => "unused-source",
    }
}

impl Rule {
    /// The rule's id as users type and scripts read it.
    pub fn id(self) -> &'static str {
        self.as_str()
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
