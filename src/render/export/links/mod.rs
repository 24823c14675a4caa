//! The user's links as a file they can keep in git, diff, edit and read back: one record per
//! link from a claim to a source (with locator, note and quote) and per exemption ("this
//! claim needs no citation, because ..."), as CSV or JSON with the same fields.
//!
//! Fields, in order: `document` (the essay's path), `claim` (`c12`), `text` (the claim's text
//! when exported, so an import can find the claim again if ids changed), `origin` (`manual`,
//! `inline` or `exempt`), `source` (a key; empty for an exemption), `locator_label` (`page`,
//! `chapter`, ...) and `locator` (its value), `note` (for an exemption: its reason) and
//! `quote`. An empty cell (or an absent JSON key) means "none". Manual links and exemptions
//! are the user's work and an import restores them; inline links are exported for reference
//! (they come back from the essay's text) and an import skips them.
//!
//! Owns the two formats, reading them back with every problem located (CSV: line and column
//! of the cell; JSON: record and field), and finding a record's claim in a document. Not
//! here: storing what was read (`store`), which documents to export (`cli`).

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::model::{Claim, Document, LocatorLabel, Origin, claim_label};

mod csv_text;

use csv_text::{Cell, csv_rows};

/// Which format a links file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkFormat {
    /// CSV with a header row (RFC 4180 quoting, LF line ends).
    Csv,
    /// A JSON array of objects.
    Json,
}

/// What a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkOrigin {
    /// A link the user made: restored by an import.
    Manual,
    /// A citation found in the essay's text: for reference only.
    Inline,
    /// The user's word that the claim needs no citation: restored by an import.
    Exempt,
}

impl LinkOrigin {
    /// The name used in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkOrigin::Manual => "manual",
            LinkOrigin::Inline => "inline",
            LinkOrigin::Exempt => "exempt",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "manual" => Some(LinkOrigin::Manual),
            "inline" => Some(LinkOrigin::Inline),
            "exempt" => Some(LinkOrigin::Exempt),
            _ => None,
        }
    }
}

/// A locator as the file holds it: its label and its value as written. (Page ranges are
/// not stored; an importer reads them from the value again.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkLocator {
    /// What is located.
    pub label: LocatorLabel,
    /// The value, as written ("24–26").
    pub value: String,
}

/// One link or exemption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecord {
    /// The essay's path as imported.
    pub document: String,
    /// The claim's label, `c12`.
    pub claim: String,
    /// The claim's text when exported.
    pub text: String,
    /// Manual, inline or exempt.
    pub origin: LinkOrigin,
    /// The source's key; `None` for an exemption.
    pub source: Option<String>,
    /// Where in the source.
    pub locator: Option<LinkLocator>,
    /// The user's note; for an exemption, its reason.
    pub note: Option<String>,
    /// A quotation from the source.
    pub quote: Option<String>,
}

impl LinkRecord {
    /// True for the user's own work (manual links and exemptions), which an import restores.
    pub fn restores(&self) -> bool {
        self.origin != LinkOrigin::Inline
    }
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Where {
    /// A CSV cell (or the line of a row): 1-based line and column (in characters).
    Cell {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
    /// A JSON record: 1-based position in the array, and the field.
    Record {
        /// Position.
        index: usize,
        /// Field name.
        field: &'static str,
    },
}

/// One problem with a links file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub at: Where,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Where::Cell { line, column } => write!(f, "{line}:{column}: {}", self.message),
            Where::Record { index, field } => {
                write!(f, "record {index}, {field}: {}", self.message)
            }
        }
    }
}

/// Why a links file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinksError {
    /// The text is not well-formed CSV or JSON; reading stopped here.
    #[error("{line}:{column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Well-formed, but some records are wrong: all of them, in file order.
    #[error("{}", .0.iter().map(Problem::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// The records of `doc`'s stored claims: each exemption, each manual link, and (when
/// `inline`) each resolved inline citation. Claims not stored yet (no id) have nothing to keep.
pub fn link_records(doc: &Document, inline: bool) -> Vec<LinkRecord> {
    let mut out = Vec::new();
    for claim in &doc.claims {
        let Some(id) = claim.id else { continue };
        let record = |origin, source, locator, note: Option<&String>, quote: Option<&String>| {
            let some = |s: Option<&String>| s.filter(|s| !s.is_empty()).cloned();
            LinkRecord {
                document: doc.path.clone(),
                claim: claim_label(id),
                text: claim.text.clone(),
                origin,
                source,
                locator,
                note: some(note),
                quote: some(quote),
            }
        };
        if let Some(reason) = &claim.exempt {
            out.push(record(LinkOrigin::Exempt, None, None, Some(reason), None));
        }
        for c in &claim.citations {
            let origin = match c.origin {
                Origin::Manual => LinkOrigin::Manual,
                Origin::Inline if inline => LinkOrigin::Inline,
                Origin::Inline => continue,
            };
            let Some(source) = c.resolution.source.clone() else {
                continue;
            };
            let locator = c.locator.as_ref().map(|l| LinkLocator {
                label: l.label,
                value: l.value.clone(),
            });
            out.push(record(
                origin,
                Some(source),
                locator,
                c.note.as_ref(),
                c.quote.as_ref(),
            ));
        }
    }
    out
}

/// The fields of a record, as both formats write them.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    claim: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    locator_label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    locator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quote: Option<String>,
}

/// Column names, in file order; the first five must be present in a CSV header.
const COLUMNS: [&str; 9] = [
    "document",
    "claim",
    "text",
    "origin",
    "source",
    "locator_label",
    "locator",
    "note",
    "quote",
];
const REQUIRED: usize = 5;

impl Row {
    fn from_record(r: &LinkRecord) -> Row {
        Row {
            document: Some(r.document.clone()),
            claim: Some(r.claim.clone()),
            text: Some(r.text.clone()),
            origin: Some(r.origin.as_str().to_string()),
            source: r.source.clone(),
            locator_label: r.locator.as_ref().map(|l| l.label.as_str().to_string()),
            locator: r.locator.as_ref().map(|l| l.value.clone()),
            note: r.note.clone(),
            quote: r.quote.clone(),
        }
    }

    fn cells(&self) -> [Option<&str>; 9] {
        [
            &self.document,
            &self.claim,
            &self.text,
            &self.origin,
            &self.source,
            &self.locator_label,
            &self.locator,
            &self.note,
            &self.quote,
        ]
        .map(|c| c.as_deref())
    }

    fn set(&mut self, column: usize, value: String) {
        let slot = match column {
            0 => &mut self.document,
            1 => &mut self.claim,
            2 => &mut self.text,
            3 => &mut self.origin,
            4 => &mut self.source,
            5 => &mut self.locator_label,
            6 => &mut self.locator,
            7 => &mut self.note,
            _ => &mut self.quote,
        };
        *slot = Some(value);
    }

    /// The record, or the problems of each field (by column index).
    fn validate(self) -> Result<LinkRecord, Vec<(usize, String)>> {
        let given = |v: Option<String>| v.filter(|s| !s.is_empty());
        let mut problems = Vec::new();
        let document = given(self.document).unwrap_or_else(|| {
            problems.push((0, "the document is missing".into()));
            String::new()
        });
        let claim = match given(self.claim).map(|c| c.trim().to_ascii_lowercase()) {
            Some(c)
                if c.len() > 1
                    && c.starts_with('c')
                    && c[1..].bytes().all(|b| b.is_ascii_digit()) =>
            {
                c
            }
            Some(c) => {
                problems.push((1, format!("a claim is written c12, not '{c}'")));
                c
            }
            None => {
                problems.push((1, "the claim is missing".into()));
                String::new()
            }
        };
        let origin = match self
            .origin
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            None => {
                problems.push((3, "the origin is missing (manual, inline or exempt)".into()));
                None
            }
            Some(o) => {
                let parsed = LinkOrigin::parse(o);
                if parsed.is_none() {
                    problems.push((
                        3,
                        format!("origin must be manual, inline or exempt, not '{o}'"),
                    ));
                }
                parsed
            }
        };
        let source = given(self.source).map(|s| s.trim().to_string());
        match (origin, &source) {
            (Some(LinkOrigin::Exempt), Some(_)) => {
                problems.push((4, "an exemption names no source".into()))
            }
            (Some(LinkOrigin::Manual | LinkOrigin::Inline), None) => {
                problems.push((4, "a link needs a source key".into()))
            }
            _ => {}
        }
        let label = match given(self.locator_label) {
            None => None,
            Some(l) => match LocatorLabel::parse(l.trim()) {
                Some(l) => Some(l),
                None => {
                    problems.push((5, format!("'{l}' is not a locator label (page, chapter, section, note, folio, line, paragraph, volume, figure, date)")));
                    None
                }
            },
        };
        let locator = match (given(self.locator), label) {
            // A bare value is a page: most locators are.
            (Some(value), l) => Some(LinkLocator {
                label: l.unwrap_or(LocatorLabel::Page),
                value,
            }),
            (None, Some(_)) => {
                problems.push((6, "a locator label without a locator".into()));
                None
            }
            (None, None) => None,
        };
        let quote = given(self.quote);
        let exempt = origin == Some(LinkOrigin::Exempt);
        if exempt && locator.is_some() {
            problems.push((6, "an exemption has no locator".into()));
        }
        if exempt && quote.is_some() {
            problems.push((8, "an exemption has no quote".into()));
        }
        let Some(origin) = origin.filter(|_| problems.is_empty()) else {
            return Err(problems);
        };
        Ok(LinkRecord {
            document,
            claim,
            text: self.text.unwrap_or_default(),
            origin,
            source,
            locator,
            note: given(self.note),
            quote,
        })
    }
}

/// Writes `rows` as CSV: a header, then one row per record; cells holding commas, quotes or
/// line breaks are quoted.
pub fn write_links_csv(out: &mut dyn Write, rows: &[LinkRecord]) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record(
            Row::from_record(r)
                .cells()
                .map(|c| crate::render::listing::csv_escape(c.unwrap_or("")).into_owned()),
        )?;
    }
    w.flush()
}

/// Writes `rows` as a pretty-printed JSON array; absent fields are left out.
pub fn write_links_json(out: &mut dyn Write, rows: &[LinkRecord]) -> io::Result<()> {
    let rows: Vec<Row> = rows.iter().map(Row::from_record).collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}

/// Reads a links file written by [`write_links_csv`] or [`write_links_json`] (or by hand:
/// CSV columns may come in any order, and the last four may be left out).
pub fn read_links(text: &str, format: LinkFormat) -> Result<Vec<LinkRecord>, LinksError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    match format {
        LinkFormat::Csv => read_csv(text),
        LinkFormat::Json => read_json(text),
    }
}

fn read_json(text: &str) -> Result<Vec<LinkRecord>, LinksError> {
    let rows: Vec<Row> = serde_json::from_str(text).map_err(|e| LinksError::Syntax {
        // serde_json says column 0 for an error before the first character of a line.
        line: e.line().max(1),
        column: e.column().max(1),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or("")
            .to_string(),
    })?;
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        match row.validate() {
            Ok(r) => records.push(r),
            Err(ps) => problems.extend(ps.into_iter().map(|(col, message)| Problem {
                at: Where::Record {
                    index: i + 1,
                    field: COLUMNS[col],
                },
                message,
            })),
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(LinksError::Invalid(problems))
    }
}

fn read_csv(text: &str) -> Result<Vec<LinkRecord>, LinksError> {
    let rows = csv_rows(text)?;
    let Some((header, body)) = rows.split_first() else {
        return Ok(Vec::new());
    };
    let at = |c: &Cell| Where::Cell {
        line: c.line,
        column: c.column,
    };
    let mut problems = Vec::new();
    let mut map: Vec<usize> = Vec::new();
    for cell in header {
        let name = cell.text.trim().to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(i) if map.contains(&i) => problems.push(Problem {
                at: at(cell),
                message: format!("column '{name}' appears twice"),
            }),
            Some(i) => map.push(i),
            None => problems.push(Problem {
                at: at(cell),
                message: format!(
                    "unknown column '{}' (expected {})",
                    cell.text,
                    COLUMNS.join(", ")
                ),
            }),
        }
    }
    for (i, name) in COLUMNS.iter().enumerate().take(REQUIRED) {
        if !map.contains(&i) {
            problems.push(Problem {
                at: at(&header[0]),
                message: format!("the header has no '{name}' column"),
            });
        }
    }
    if !problems.is_empty() {
        return Err(LinksError::Invalid(problems));
    }
    let mut records = Vec::new();
    for row in body {
        if row.len() != header.len() {
            problems.push(Problem {
                at: at(&row[0]),
                message: format!("{} cells, but the header has {}", row.len(), header.len()),
            });
            continue;
        }
        let mut r = Row::default();
        for (cell, &col) in row.iter().zip(&map) {
            r.set(
                col,
                crate::render::listing::csv_unescape(&cell.text).to_string(),
            );
        }
        match r.validate() {
            Ok(rec) => records.push(rec),
            Err(ps) => problems.extend(ps.into_iter().map(|(col, message)| {
                // The cell of the field, or the row's first when the column is absent.
                let k = map.iter().position(|&m| m == col).unwrap_or(0);
                Problem {
                    at: at(&row[k]),
                    message,
                }
            })),
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(LinksError::Invalid(problems))
    }
}

/// The claim of `doc` a record belongs to: the claim with its id when its text is still the
/// record's (or the record has none), else the one claim whose text is the record's. Text is
/// compared with whitespace collapsed. `None` when no claim, or several, have that text.
pub fn find_claim<'a>(doc: &'a Document, rec: &LinkRecord) -> Option<&'a Claim> {
    let norm = super::one_line;
    let want = norm(&rec.text);
    let id: Option<i64> = rec.claim.strip_prefix('c').and_then(|n| n.parse().ok());
    if let Some(c) = doc.claims.iter().find(|c| c.id.is_some() && c.id == id)
        && (want.is_empty() || norm(&c.text) == want)
    {
        return Some(c);
    }
    if want.is_empty() {
        return None;
    }
    let mut same = doc.claims.iter().filter(|c| norm(&c.text) == want);
    match (same.next(), same.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
