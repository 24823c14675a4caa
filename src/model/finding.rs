//! Findings of `annobib check`.

use serde::{Deserialize, Serialize};

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

/// One problem found by a check rule, with where and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id (`uncited-claim`, `citation-mismatch`, ...).
    pub rule: String,
    /// How serious.
    pub severity: Severity,
    /// The document or .bib file the location is in.
    pub document: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// The claim id (`c12`), if about a claim.
    pub claim: Option<String>,
    /// The source key, if about a source.
    pub source: Option<String>,
    /// One-line message.
    pub message: String,
    /// The evidence: why the rule fired.
    pub reasons: Vec<String>,
}
