//! Views of claims: the `claims` listing (flat: table, CSV, Markdown) and its JSON form
//! (nested: each claim with its citations), whose fields are the contract in docs/json.md.

use std::io::{self, Write};

use serde::Serialize;

use super::listing::{Cell, Column, Listing};
use crate::model::{Citation, Claim, Document, Origin, claim_label};

/// A claim with the document it belongs to (shown path).
pub struct ClaimRef<'a> {
    /// The document's path as shown to the user.
    pub document: &'a str,
    /// The claim.
    pub claim: &'a Claim,
    /// The probability that it needs a citation (`check::need`), for claims of running text.
    pub need: Option<f64>,
}

/// Selects claims from documents.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    /// Only kind `claim` units with no citation at all (inline or manual).
    pub uncited: bool,
    /// Only claims citing this source key.
    pub source: Option<String>,
    /// Only claims whose section heading contains this text (case-insensitive).
    pub section: Option<String>,
    /// Only units of kind `claim` (not titles, headings, references or other units).
    pub claims_only: bool,
}

impl ClaimFilter {
    /// Whether a claim passes.
    pub fn accepts(&self, c: &Claim) -> bool {
        use crate::model::ClaimKind;
        if self.claims_only && c.kind != ClaimKind::Claim {
            return false;
        }
        if self.uncited && (c.kind != ClaimKind::Claim || !c.citations.is_empty()) {
            return false;
        }
        if let Some(key) = &self.source
            && !c
                .citations
                .iter()
                .any(|x| x.resolution.source.as_deref() == Some(key))
        {
            return false;
        }
        if let Some(section) = &self.section {
            let want = section.to_lowercase();
            if !c
                .section
                .as_deref()
                .is_some_and(|s| s.to_lowercase().contains(&want))
            {
                return false;
            }
        }
        true
    }
}

/// The claims of `docs` that pass `filter`, with their document's shown path and the
/// probability that they need a citation.
pub fn select<'a>(docs: &'a [(String, Document)], filter: &ClaimFilter) -> Vec<ClaimRef<'a>> {
    docs.iter()
        .flat_map(|(shown, d)| {
            let needs = crate::check::need::probabilities(&d.claims);
            d.claims
                .iter()
                .zip(needs)
                .filter(|(c, _)| filter.accepts(c))
                .map(move |(c, need)| ClaimRef {
                    document: shown.as_str(),
                    claim: c,
                    need,
                })
        })
        .collect()
}

/// A citation in one line: `finley1983 p. 150`, `? (Smith 2010, 4)` when unresolved,
/// `finley1983|reid2012? (Finley 150)` when ambiguous.
pub fn citation_summary(c: &Citation) -> String {
    let mut s = match (&c.resolution.source, c.resolution.candidates.is_empty()) {
        (Some(k), _) => k.clone(),
        (None, false) => format!("{}?", c.resolution.candidates.join("|")),
        (None, true) => "?".to_string(),
    };
    if let Some(l) = &c.locator {
        s.push(' ');
        s.push_str(&crate::render::locator_text(l));
    }
    if c.resolution.source.is_none()
        && let Some(m) = &c.marker
    {
        s.push_str(&format!(" {m}"));
    }
    if let Some(n) = &c.in_note {
        s.push_str(&format!(" (note {n})"));
    }
    if c.origin == Origin::Manual {
        s.push_str(" (manual)");
    }
    s
}

/// The flat listing: one row per claim. The document column can be left out (a table of one
/// document's claims); JSON and CSV keep it.
pub fn listing(claims: &[ClaimRef], with_document: bool) -> Listing {
    let mut listing = Listing {
        columns: vec![
            Column::new("id", "Claim"),
            Column::new("document", "Document"),
            Column::new("line", "Line"),
            Column::new("kind", "Kind"),
            Column::new("section", "Section"),
            Column::new("text", "Text"),
            Column::new("citations", "Cited"),
        ],
        rows: claims
            .iter()
            .map(|r| {
                let c = r.claim;
                let mut kind = c.kind.as_str().to_string();
                if c.orphaned {
                    kind.push_str(" (orphaned)");
                }
                if c.exempt.is_some() {
                    kind.push_str(" (exempt)");
                }
                vec![
                    Cell::Text(claim_label(c.id.unwrap_or_default())),
                    Cell::Text(r.document.to_string()),
                    Cell::Int(c.line.into()),
                    Cell::Text(kind),
                    Cell::opt_text(c.section.clone()),
                    Cell::Text(c.text.clone()),
                    Cell::List(c.citations.iter().map(citation_summary).collect()),
                ]
            })
            .collect(),
    };
    if !with_document {
        listing.columns.remove(1);
        for row in &mut listing.rows {
            row.remove(1);
        }
    }
    listing
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    id: String,
    document: &'a str,
    section: Option<&'a str>,
    paragraph: u32,
    sentence: u32,
    start: usize,
    end: usize,
    line: u32,
    column: u32,
    text: &'a str,
    kind: &'static str,
    exempt: Option<&'a str>,
    orphaned: bool,
    need: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<NoteJson<'a>>,
    citations: Vec<CitationJson<'a>>,
}

#[derive(Serialize)]
struct NoteJson<'a> {
    label: &'a str,
    marker_start: Option<usize>,
    marker_end: Option<usize>,
}

#[derive(Serialize)]
struct CitationJson<'a> {
    marker: Option<&'a str>,
    start: Option<usize>,
    end: Option<usize>,
    source: Option<&'a str>,
    locator: Option<&'a str>,
    locator_label: Option<&'static str>,
    pages: Vec<[u32; 2]>,
    confidence: f64,
    origin: &'static str,
    candidates: &'a [String],
    style: Option<&'static str>,
    detected: Option<&'a str>,
    reasons: &'a [String],
    note: Option<&'a str>,
    quote: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_note: Option<&'a str>,
}

fn citation_json(c: &Citation) -> CitationJson<'_> {
    CitationJson {
        marker: c.marker.as_deref(),
        start: c.span.map(|s| s.0),
        end: c.span.map(|s| s.1),
        source: c.resolution.source.as_deref(),
        locator: c.locator.as_ref().map(|l| l.value.as_str()),
        locator_label: c.locator.as_ref().map(|l| l.label.as_str()),
        pages: c
            .locator
            .iter()
            .flat_map(|l| {
                l.pages
                    .iter()
                    .filter(|p| !p.roman)
                    .map(|p| [p.start, p.end])
            })
            .collect(),
        confidence: (c.resolution.confidence * 1000.0).round() / 1000.0,
        origin: c.origin.as_str(),
        candidates: &c.resolution.candidates,
        style: c.style.map(|s| s.as_str()),
        detected: c.detected.as_deref(),
        reasons: &c.resolution.reasons,
        note: c.note.as_deref(),
        quote: c.quote.as_deref(),
        in_note: c.in_note.as_deref(),
    }
}

/// Writes claims as the JSON array of docs/json.md.
pub fn write_json(out: &mut dyn Write, claims: &[ClaimRef]) -> io::Result<()> {
    let items: Vec<ClaimJson> = claims
        .iter()
        .map(|r| {
            let c = r.claim;
            ClaimJson {
                id: claim_label(c.id.unwrap_or_default()),
                document: r.document,
                section: c.section.as_deref(),
                paragraph: c.paragraph,
                sentence: c.sentence,
                start: c.start,
                end: c.end,
                line: c.line,
                column: c.column,
                text: &c.text,
                kind: c.kind.as_str(),
                exempt: c.exempt.as_deref(),
                orphaned: c.orphaned,
                need: r.need.map(|p| (p * 1000.0).round() / 1000.0),
                note: c.note.as_ref().map(|n| NoteJson {
                    label: &n.label,
                    marker_start: n.marker.map(|m| m.0),
                    marker_end: n.marker.map(|m| m.1),
                }),
                citations: c.citations.iter().map(citation_json).collect(),
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

/// What to run next for a claim: link it (to a source the reader names) or exempt it. One line
/// each, as `check` prints under an uncited claim and `claim ID` at the end.
pub fn next_steps(label: impl std::fmt::Display) -> [String; 2] {
    [
        format!("annobib link {label} KEY --page N"),
        format!("annobib exempt {label} --reason \"...\""),
    ]
}

/// One claim in full (`annobib claim c22`): where it is, its text, every citation with its
/// evidence, and what to run next.
pub fn write_claim(out: &mut dyn Write, claim: &ClaimRef) -> io::Result<()> {
    let c = claim.claim;
    let label = claim_label(c.id.unwrap_or_default());
    let mut kind = c.kind.as_str().to_string();
    if c.orphaned {
        kind.push_str(", orphaned: not found again in the edited text");
    }
    writeln!(
        out,
        "{label} ({}:{}:{}, {kind})",
        claim.document, c.line, c.column
    )?;
    if let Some(s) = &c.section {
        writeln!(out, "section: {s}")?;
    }
    writeln!(
        out,
        "\n    {}\n",
        c.text.split_whitespace().collect::<Vec<_>>().join(" ")
    )?;
    if let Some(reason) = &c.exempt {
        writeln!(out, "exempt: {reason}")?;
    }
    if c.citations.is_empty() {
        writeln!(out, "citations: none")?;
    } else {
        writeln!(out, "citations:")?;
        for x in &c.citations {
            let how = match (&x.resolution.source, x.origin) {
                (_, Origin::Manual) => String::new(),
                (Some(_), Origin::Inline) => format!(
                    "  (in the text, resolved with confidence {:.2})",
                    x.resolution.confidence
                ),
                (None, Origin::Inline) if !x.resolution.candidates.is_empty() => {
                    "  (in the text, ambiguous: more than one source fits)".to_string()
                }
                (None, Origin::Inline) => {
                    "  (in the text, unresolved: no source in the library fits)".into()
                }
            };
            writeln!(out, "  {}{how}", citation_summary(x))?;
            if x.origin == Origin::Inline
                && let Some(m) = &x.marker
            {
                writeln!(out, "      as written: {m}")?;
            }
            for r in &x.resolution.reasons {
                writeln!(out, "      {r}")?;
            }
            if let Some(n) = &x.note {
                writeln!(out, "      note: {n}")?;
            }
            if let Some(q) = &x.quote {
                writeln!(out, "      quote: {q}")?;
            }
        }
    }
    let [link, exempt] = next_steps(&label);
    writeln!(out, "\nnext:")?;
    writeln!(
        out,
        "  {link:<40} link it to a source by hand, with its page"
    )?;
    writeln!(out, "  {exempt:<40} if it needs no citation")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CitationStyle, ClaimKind, Note};

    #[test]
    fn notes_and_citations_from_notes_are_shown_only_where_they_exist() {
        let mut host = Claim {
            id: Some(1),
            text: "Casualties were heavy.1".into(),
            ..Default::default()
        };
        let mut from_note = Citation::inline("Ibid., 152", (40, 50), CitationStyle::Ibid);
        from_note.in_note = Some("1".into());
        host.citations.push(from_note);
        let note = Claim {
            id: Some(2),
            kind: ClaimKind::Note,
            note: Some(Note {
                label: "1".into(),
                marker: Some((22, 23)),
            }),
            ..Default::default()
        };
        let plain = Claim {
            id: Some(3),
            ..Default::default()
        };
        let refs: Vec<ClaimRef> = [&host, &note, &plain]
            .into_iter()
            .map(|claim| ClaimRef {
                document: "e.txt",
                claim,
                need: None,
            })
            .collect();
        let mut out = Vec::new();
        write_json(&mut out, &refs).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["citations"][0]["in_note"], "1");
        assert!(v[0].get("note").is_none());
        assert_eq!(v[1]["kind"], "note");
        assert_eq!(
            v[1]["note"],
            serde_json::json!({"label": "1", "marker_start": 22, "marker_end": 23})
        );
        assert!(v[2].get("note").is_none());
        assert_eq!(
            citation_summary(&host.citations[0]),
            "? Ibid., 152 (note 1)"
        );
    }
}
