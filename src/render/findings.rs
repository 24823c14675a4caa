//! Findings of `annobib check` for people (grouped by file, coloured on a terminal), for
//! editors and CI (`FILE:LINE:COL: severity[rule]: message`, one per line) and for scripts
//! (JSON with a summary; the contract is in docs/json.md).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use serde::Serialize;

use super::listing::{Cell, Column, Listing};
use super::suggestions::{ForClaim, Suggested};
use crate::model::{ClaimId, Finding, Rule, Severity};

/// Counts of findings by severity and by rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// All findings.
    pub total: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Findings per rule id.
    pub by_rule: BTreeMap<&'static str, usize>,
}

impl Summary {
    /// Counts `findings`.
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary {
            total: findings.len(),
            ..Default::default()
        };
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
            *s.by_rule.entry(f.rule.id()).or_default() += 1;
        }
        s
    }

    /// "12 findings: 1 error, 9 warnings, 2 info".
    pub fn line(&self) -> String {
        if self.total == 0 {
            return "no findings".to_string();
        }
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}: {}, {}, {}",
            plural(self.total, "finding", "findings"),
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "info")
        )
    }
}

fn location(f: &Finding) -> String {
    let mut s = f.document.clone().unwrap_or_default();
    if let Some(l) = f.line {
        s.push_str(&format!(":{l}"));
        if let Some(c) = f.column {
            s.push_str(&format!(":{c}"));
        }
    }
    s
}

/// `FILE:LINE:COL: severity[rule]: message`, one finding per line, as compilers print.
pub fn write_short(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        writeln!(
            out,
            "{}: {}[{}]: {}",
            location(f),
            f.severity.as_str(),
            f.rule,
            f.message
        )?;
    }
    Ok(())
}

const RESET: &str = "\u{1b}[0m";
const BOLD: &str = "\u{1b}[1m";
const DIM: &str = "\u{1b}[2m";

fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::Error => "\u{1b}[1;31m",
        Severity::Warning => "\u{1b}[1;33m",
        Severity::Info => "\u{1b}[1;36m",
    }
}

/// The readable report: findings grouped by file, each with its location, claim or source,
/// message and evidence, then a summary line.
pub fn write_text(out: &mut dyn Write, findings: &[Finding], color: bool) -> io::Result<()> {
    write_text_suggesting(out, findings, color, &HashMap::new())
}

/// [`write_text`] with the suggested sources of uncited claims (`check --suggest`), by claim
/// id, under their findings.
pub fn write_text_suggesting(
    out: &mut dyn Write,
    findings: &[Finding],
    color: bool,
    suggested: &HashMap<ClaimId, ForClaim>,
) -> io::Result<()> {
    let paint = |code: &str, text: &str| {
        if color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let mut current: Option<&str> = None;
    for f in findings {
        let doc = f.document.as_deref().unwrap_or("(library)");
        if current != Some(doc) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", paint(BOLD, doc))?;
            current = Some(doc);
        }
        let at = match (f.line, f.column) {
            (Some(l), Some(c)) => format!("{l}:{c}"),
            (Some(l), None) => l.to_string(),
            _ => String::new(),
        };
        let subject = match (&f.claim, &f.source) {
            (Some(c), Some(s)) => format!(" {c} {s}"),
            (Some(c), None) => format!(" {c}"),
            (None, Some(s)) => format!(" {s}"),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "  {} {}{}: {}",
            paint(
                severity_colour(f.severity),
                &format!("{}[{}]", f.severity.as_str(), f.rule)
            ),
            at,
            subject,
            f.message
        )?;
        for r in &f.reasons {
            writeln!(out, "      {}", paint(DIM, r))?;
        }
        if f.rule == Rule::UncitedClaim
            && let Some(c) = &f.claim
        {
            let [link, exempt] = super::claims::next_steps(c);
            writeln!(
                out,
                "      {}",
                paint(DIM, &format!("fix: {link}, or {exempt}"))
            )?;
            if let Some(s) = suggested.get(c) {
                for line in s.lines() {
                    writeln!(out, "      suggest {line}")?;
                }
            }
        }
    }
    if !findings.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", Summary::of(findings).line())
}

#[derive(Serialize)]
struct FindingsJson<'a> {
    findings: Vec<FindingJson<'a>>,
    summary: Summary,
}

/// A finding, with the sources suggested for its claim when asked (`check --suggest`).
#[derive(Serialize)]
struct FindingJson<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestions: Option<&'a [Suggested]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    abstained: Option<&'a str>,
}

/// `{"findings": [...], "summary": {...}}`.
pub fn write_json(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    write_json_suggesting(out, findings, &HashMap::new())
}

/// [`write_json`] with `suggestions` (and `abstained`, when there is none) on the findings of
/// uncited claims that have them (`check --suggest`).
pub fn write_json_suggesting(
    out: &mut dyn Write,
    findings: &[Finding],
    suggested: &HashMap<ClaimId, ForClaim>,
) -> io::Result<()> {
    let doc = FindingsJson {
        findings: findings
            .iter()
            .map(|f| {
                let s = f
                    .claim
                    .as_ref()
                    .filter(|_| f.rule == Rule::UncitedClaim)
                    .and_then(|c| suggested.get(c));
                FindingJson {
                    finding: f,
                    suggestions: s.map(|s| s.suggestions.as_slice()),
                    abstained: s.and_then(|s| s.abstained.as_deref()),
                }
            })
            .collect(),
        summary: Summary::of(findings),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// Coverage per document and section (`check --summary`) as a listing; the document column
/// can be left out (one document in a table).
pub fn coverage_listing(rows: &[crate::check::CoverageRow], with_document: bool) -> Listing {
    let mut listing = Listing {
        columns: vec![
            Column::new("document", "Document"),
            Column::new("section", "Section"),
            Column::new("claims", "Claims"),
            Column::new("cited", "Cited"),
            Column::new("needing", "Need a citation"),
            Column::new("uncited", "Need one, have none"),
            Column::new("strong", "Strong"),
            Column::new("medium", "Medium"),
            Column::new("weak", "Weak"),
            Column::new("exempt", "Exempt"),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let section = if r.total {
                    Cell::Text("(all)".into())
                } else {
                    Cell::Text(
                        r.section
                            .clone()
                            .unwrap_or_else(|| "(before the first heading)".into()),
                    )
                };
                vec![
                    Cell::Text(r.document.clone()),
                    section,
                    Cell::Int(r.claims.into()),
                    Cell::Int(r.cited.into()),
                    Cell::Int(r.needing.into()),
                    Cell::Int(r.uncited.into()),
                    Cell::Int(r.strong.into()),
                    Cell::Int(r.medium.into()),
                    Cell::Int(r.weak.into()),
                    Cell::Int(r.exempt.into()),
                ]
            })
            .collect(),
    };
    if !with_document {
        listing.columns.remove(0);
        for row in &mut listing.rows {
            row.remove(0);
        }
    }
    listing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Finding> {
        vec![
            Finding {
                rule: Rule::UncitedClaim,
                severity: Severity::Warning,
                document: Some("essay.txt".into()),
                line: Some(15),
                column: Some(1),
                claim: Some(ClaimId(8)),
                source: None,
                message: "claim needs a citation".into(),
                reasons: vec!["number: 'sixty years' (+0.30)".into()],
            },
            Finding {
                rule: Rule::EntryInvalid,
                severity: Severity::Warning,
                document: Some("readings.bib".into()),
                line: Some(12),
                column: Some(1),
                claim: None,
                source: Some("history2014".into()),
                message: "@book without author or editor".into(),
                reasons: vec![],
            },
            Finding {
                rule: Rule::UnusedSource,
                severity: Severity::Info,
                document: Some("readings.bib".into()),
                line: Some(24),
                column: Some(1),
                claim: None,
                source: Some("curtis1983".into()),
                message: "not cited".into(),
                reasons: vec![],
            },
        ]
    }

    fn text(f: impl Fn(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn short_is_one_line_per_finding_like_a_compiler() {
        assert_eq!(
            text(|o| write_short(o, &sample())),
            "essay.txt:15:1: warning[uncited-claim]: claim needs a citation\n\
             readings.bib:12:1: warning[entry-invalid]: @book without author or editor\n\
             readings.bib:24:1: info[unused-source]: not cited\n"
        );
    }

    #[test]
    fn text_groups_by_file_with_evidence_and_a_summary() {
        let t = text(|o| write_text(o, &sample(), false));
        assert_eq!(
            t,
            "essay.txt\n  warning[uncited-claim] 15:1 c8: claim needs a citation\n      number: 'sixty years' (+0.30)\n      \
             fix: annobib link c8 KEY --page N, or annobib exempt c8 --reason \"...\"\n\n\
             readings.bib\n  warning[entry-invalid] 12:1 history2014: @book without author or editor\n  info[unused-source] 24:1 curtis1983: not cited\n\n\
             3 findings: 0 errors, 2 warnings, 1 info\n"
        );
        assert!(!t.contains('\u{1b}'));
        assert!(
            text(|o| write_text(o, &sample(), true)).contains("\u{1b}[1;33mwarning[uncited-claim]")
        );
        assert_eq!(text(|o| write_text(o, &[], false)), "no findings\n");
    }

    #[test]
    fn json_has_findings_and_a_summary() {
        let v: serde_json::Value =
            serde_json::from_str(&text(|o| write_json(o, &sample()))).unwrap();
        assert_eq!(v["findings"][0]["rule"], "uncited-claim");
        assert_eq!(v["findings"][0]["claim"], "c8");
        assert!(v["findings"][0]["source"].is_null());
        assert_eq!(v["findings"][1]["severity"], "warning");
        assert_eq!(v["summary"]["warnings"], 2);
        assert_eq!(v["summary"]["by_rule"]["unused-source"], 1);
    }
}
