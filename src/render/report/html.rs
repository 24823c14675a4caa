//! The report as ONE self-contained HTML page, laid out as a reading view: a summary first
//! (coverage, the few things to do first, a legend and filters), then each essay with the
//! findings as margin notes beside the paragraphs they concern (as a word processor shows
//! comments), graded strong / medium / weak by colour and weight, then the findings that
//! concern no sentence, coverage by section, sources by use and the annotated bibliography.
//!
//! The page loads nothing. Its one inline script only shows the filter bar (by rule, by
//! confidence, by section) and hides what the filters exclude; with scripting off the bar stays
//! hidden and the page reads whole.
//!
//! This file owns the page's structure, the slicing of the document text by byte spans (always
//! through `str::get`, so a span off a character boundary is skipped, never a panic), and the
//! rendering of inline markup of a marked-up essay from the difference between its raw text and
//! its reading view (`Claim::text`: the markup blanked at the same offsets). Every piece of user
//! text (essay, titles, keys, notes, messages) goes through `escape_html`; the markup around it
//! is ours.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use super::inline::{self, Markup, markdown_end};
use super::model::{ClaimStatus, Report, SourceUse, UNCITED_RULE, claim_labels};
use super::text::{location, percent, summary};
use crate::check::need::{Strength, probabilities};
use crate::model::{Citation, Claim, ClaimKind, Document, Finding, Origin, Rule, Severity};
use crate::render::bibliography::{anchor, escape_html as esc};
use crate::render::locator_text;

const CSS: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// How many findings the summary puts under "Do first".
const FIRST: usize = 5;

/// How sure a finding is: the strength `check` gave an `uncited-claim` finding (else the
/// claim's `need` probability against the model's cuts), the severity for other rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Grade {
    Weak,
    Medium,
    Strong,
}

impl Grade {
    const ALL: [Grade; 3] = [Grade::Strong, Grade::Medium, Grade::Weak];

    fn as_str(self) -> &'static str {
        match self {
            Grade::Strong => "strong",
            Grade::Medium => "medium",
            Grade::Weak => "weak",
        }
    }

    fn of_strength(s: Strength) -> Grade {
        match s {
            Strength::Strong => Grade::Strong,
            Strength::Medium => Grade::Medium,
            Strength::Weak => Grade::Weak,
        }
    }
}

/// What a reader sees as the heading of a finding of `rule`.
fn headline(rule: Rule) -> &'static str {
    match rule {
        Rule::UncitedClaim => "Needs a citation",
        Rule::UnresolvedCitation => "Citation matches no source",
        Rule::AmbiguousCitation => "Citation matches several sources",
        Rule::CitationMismatch => "Citation differs from the library",
        Rule::UnusedSource => "Listed but never cited",
        Rule::PageOutOfRange => "Page outside the source",
        Rule::MissingLocator => "No page given",
        Rule::EntryInvalid => "Library entry incomplete",
        Rule::ReferenceNumbering => "Reference list numbering",
        Rule::QuoteNotFound => "Quotation not on the cited page",
        Rule::PageMismatch => "Perhaps another page",
        Rule::DuplicateSource => "Duplicate source",
    }
}

/// A reason as a reader reads it: without the scorer's numbers ("(score 2.1)").
fn plain(reason: &str) -> String {
    let mut s = reason.to_string();
    while let Some(at) = s.find(" (score ") {
        match s[at..].find(')') {
            Some(end) => s.replace_range(at..at + end + 1, ""),
            None => break,
        }
    }
    s
}

/// A finding as the page shows it.
struct Note<'a> {
    finding: &'a Finding,
    /// The label of the claim it is about (`c12`), if any.
    claim: Option<String>,
    /// `f-3`: its anchor.
    id: String,
    grade: Grade,
    /// The claim it sits beside, when that claim is on the page.
    placed: bool,
    /// The filter value of its section (`1/Introduction`), empty when it has none.
    section: String,
    /// The text of the unit it sits beside, when placed.
    beside: Option<&'a str>,
}

/// Writes the report as a standalone HTML page. `documents` are the documents the report was
/// built from (their text is rendered); claim labels match the report's.
pub fn write(out: &mut dyn Write, report: &Report, documents: &[Document]) -> io::Result<()> {
    let labels = claim_labels(documents);
    // Labels some finding is about (such a unit is shown even when it is page debris).
    let noted: HashSet<String> = report
        .findings
        .iter()
        .filter_map(|f| f.claim.map(|c| c.to_string()))
        .collect();
    let layouts: Vec<Layout> = documents
        .iter()
        .zip(&labels)
        .map(|(doc, labels)| Layout::of(doc, labels, &noted))
        .collect();
    // Where each claim label is shown, and its section's filter value.
    let mut shown: HashMap<&str, (String, &str)> = HashMap::new();
    for (k, (doc, labels)) in documents.iter().zip(&labels).enumerate() {
        for (claim, label) in doc.claims.iter().zip(labels) {
            if layouts[k].placed.contains(label.as_str()) {
                let section = section_value(k, claim.section.as_deref());
                shown.insert(label.as_str(), (section, claim.text.as_str()));
            }
        }
    }
    // The `need` probabilities, only when an `uncited-claim` finding lacks its strength (one
    // written by another `ClaimStatuses` source or an older check): scoring every claim again
    // is the slowest part of the page otherwise.
    let mut need: HashMap<&str, f64> = HashMap::new();
    let unsure = report
        .findings
        .iter()
        .any(|f| f.rule == UNCITED_RULE && crate::check::strength(f).is_none());
    if unsure {
        for (doc, labels) in documents.iter().zip(&labels) {
            for (label, p) in labels.iter().zip(probabilities(&doc.claims)) {
                if let Some(p) = p {
                    need.insert(label.as_str(), p);
                }
            }
        }
    }
    let notes: Vec<Note> = report
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let claim = f.claim.map(|c| c.to_string());
            let at = claim.as_deref().and_then(|c| shown.get(c));
            Note {
                placed: at.is_some(),
                section: at.map(|a| a.0.clone()).unwrap_or_default(),
                beside: at.map(|a| a.1),
                claim,
                finding: f,
                id: format!("f-{}", i + 1),
                grade: grade(f, &need),
            }
        })
        .collect();
    let mut by_claim: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in notes.iter().enumerate() {
        if let (true, Some(c)) = (n.placed, n.claim.as_deref()) {
            by_claim.entry(c).or_default().push(i);
        }
    }
    let mut page = Page {
        report,
        statuses: report.statuses(),
        sources: report.sources.iter().map(|s| (s.key.as_str(), s)).collect(),
        listed: report
            .bibliography
            .iter()
            .flat_map(|b| b.entries.iter().map(|e| e.key.as_str()))
            .collect(),
        anchors: shown.keys().copied().collect(),
        notes: &notes,
        by_claim,
        next_note: 1,
        markup: Markup::Plain,
    };
    let title = match documents {
        [d] => d.title.as_deref().unwrap_or(&d.path),
        _ => "several documents",
    };
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<title>Citation report: {}</title>", esc(title))?;
    writeln!(out, "<style>\n{CSS}</style>\n</head>\n<body>\n<header>")?;
    write!(out, "<h1>Citation report</h1>\n<nav>")?;
    write!(out, "<a href=\"#summary\">Summary</a>")?;
    for (k, _) in documents.iter().enumerate() {
        let name = if documents.len() == 1 {
            "Essay".to_string()
        } else {
            format!("Essay {}", k + 1)
        };
        write!(out, "<a href=\"#essay-{}\">{name}</a>", k + 1)?;
    }
    if notes.iter().any(|n| !n.placed) {
        write!(out, "<a href=\"#other-findings\">Other findings</a>")?;
    }
    write!(
        out,
        "<a href=\"#coverage\">Coverage</a><a href=\"#sources\">Sources</a>"
    )?;
    if report.bibliography.is_some() {
        write!(out, "<a href=\"#bibliography\">Bibliography</a>")?;
    }
    writeln!(out, "</nav>\n</header>\n<main>")?;
    page.summary(out, documents, &layouts)?;
    for (k, (doc, layout)) in documents.iter().zip(&layouts).enumerate() {
        page.essay(out, doc, layout, k)?;
    }
    page.other_findings(out)?;
    page.coverage(out)?;
    page.sources(out)?;
    if let Some(b) = &report.bibliography {
        writeln!(
            out,
            "<section id=\"bibliography\">\n<h2>Annotated bibliography</h2>"
        )?;
        writeln!(out, "<p class=\"muted\">{}</p>", esc(b.style.title()))?;
        b.write_html(out, true)?;
        writeln!(out, "</section>")?;
    }
    writeln!(
        out,
        "</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>"
    )
}

/// The grade of a finding (see [`Grade`]).
fn grade(f: &Finding, need: &HashMap<&str, f64>) -> Grade {
    if f.rule == UNCITED_RULE {
        if let Some(s) = crate::check::strength(f) {
            return Grade::of_strength(s);
        }
        // A finding written without its strength: the claim's probability against the cuts.
        if let Some(s) = f
            .claim
            .and_then(|c| need.get(c.to_string().as_str()))
            .and_then(|p| Strength::of(*p, 0.0))
        {
            return Grade::of_strength(s);
        }
    }
    match f.severity {
        Severity::Error => Grade::Strong,
        Severity::Warning => Grade::Medium,
        Severity::Info => Grade::Weak,
    }
}

/// How a document is marked up: Markdown as the importer reads it (by the sniffer), else a
/// reading view when some unit's view differs from the text, else plain text.
fn markup_of(doc: &Document) -> Markup {
    let path = std::path::Path::new(&doc.path);
    if crate::sniff::sniff(path, doc.text.as_bytes(), &doc.text).kind
        == crate::sniff::Kind::Markdown
    {
        return Markup::Markdown;
    }
    let differs = doc.claims.iter().any(|c| {
        !c.orphaned
            && doc
                .text
                .get(c.start..c.end)
                .is_some_and(|raw| raw != c.text)
    });
    if differs { Markup::View } else { Markup::Plain }
}

/// Words separated by single spaces (a reading view pads markup with spaces).
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The filter value of a section: the document's number and the heading.
fn section_value(doc: usize, section: Option<&str>) -> String {
    format!("{}/{}", doc + 1, section.unwrap_or_default())
}

/// A unit the essay shows, with its label.
type Unit<'a> = (&'a Claim, &'a str);

/// One row of the reading view: a heading, or a block of text (a paragraph, a list of
/// paragraphs that are list items) with its margin.
enum Row<'a> {
    Heading(Unit<'a>),
    Text {
        kind: ClaimKind,
        /// `Some(ordered, first number)` for a list: each paragraph is an item.
        list: Option<(bool, u32)>,
        paragraphs: Vec<Vec<Unit<'a>>>,
    },
}

/// Which units of a document the page shows, in rows; the others are listed after the text.
struct Layout<'a> {
    rows: Vec<Row<'a>>,
    /// Orphaned units, and units whose span does not fit the text.
    unplaced: Vec<Unit<'a>>,
    /// Labels with an anchor on the page (shown in the text or listed after it).
    placed: HashSet<&'a str>,
}

impl<'a> Layout<'a> {
    fn of(doc: &'a Document, labels: &'a [String], noted: &HashSet<String>) -> Layout<'a> {
        let mut shown: Vec<Unit> = Vec::new();
        let mut unplaced: Vec<Unit> = Vec::new();
        let mut end = 0;
        let mut seen_claim = false;
        for (claim, label) in doc.claims.iter().zip(labels) {
            let label = label.as_str();
            if claim.orphaned || claim.start < end || doc.text.get(claim.start..claim.end).is_none()
            {
                unplaced.push((claim, label));
                continue;
            }
            end = claim.end;
            // Page debris, the title (the page heads the essay with it) and a first heading
            // repeating the title are left out, unless something is said about them.
            let quiet = claim.citations.is_empty() && !noted.contains(label);
            let repeated_title = claim.kind == ClaimKind::Heading
                && !seen_claim
                && doc.title.as_deref().map(str::trim) == claim.section.as_deref().map(str::trim);
            if quiet
                && (matches!(claim.kind, ClaimKind::Other | ClaimKind::Title) || repeated_title)
            {
                continue;
            }
            seen_claim |= claim.kind == ClaimKind::Claim;
            shown.push((claim, label));
        }
        let mut rows: Vec<Row> = Vec::new();
        for block in shown.chunk_by(|a, b| a.0.paragraph == b.0.paragraph) {
            let first = block[0].0;
            if first.kind == ClaimKind::Heading {
                rows.extend(block.iter().map(|u| Row::Heading(*u)));
                continue;
            }
            let list = list_marker(doc, first);
            if let (
                Some((ordered, _)),
                Some(Row::Text {
                    kind,
                    list: Some((o, _)),
                    paragraphs,
                }),
            ) = (list, rows.last_mut())
                && *o == ordered
                && *kind == first.kind
            {
                paragraphs.push(block.to_vec());
                continue;
            }
            rows.push(Row::Text {
                kind: first.kind,
                list,
                paragraphs: vec![block.to_vec()],
            });
        }
        let placed = shown
            .iter()
            .chain(&unplaced)
            .map(|(_, label)| *label)
            .collect();
        Layout {
            rows,
            unplaced,
            placed,
        }
    }
}

/// Whether the paragraph starting with `claim` is a list item: `- `, `* `, `+ ` or `3. ` /
/// `3) ` opens its line (before the unit, or blanked at its start). Returns (ordered, number).
fn list_marker(doc: &Document, claim: &Claim) -> Option<(bool, u32)> {
    let line = doc
        .text
        .get(..claim.start)?
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let raw = doc.text.get(claim.start..claim.end)?;
    // The unit's own leading markup: bytes its reading view blanks.
    let blanked = raw
        .char_indices()
        .zip(claim.text.chars())
        .find(|((_, r), v)| *v != ' ' || *r == ' ')
        .map_or(0, |((i, _), _)| i);
    let lead = format!("{}{}", doc.text.get(line..claim.start)?, &raw[..blanked]);
    let lead = lead.trim();
    if matches!(lead, "-" | "*" | "+" | "•") {
        return Some((false, 1));
    }
    let number = lead.strip_suffix('.').or_else(|| lead.strip_suffix(')'))?;
    (!number.is_empty() && number.len() <= 4 && number.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (true, number.parse().unwrap_or(1)))
}

/// The sign beside a claim, so its status never rests on colour alone.
fn icon(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Cited => "✓",
        ClaimStatus::Unresolved => "?",
        ClaimStatus::NeedsCitation => "!",
        ClaimStatus::Exempt => "○",
        ClaimStatus::NotNeeded => "",
    }
}

struct Page<'a> {
    report: &'a Report,
    statuses: HashMap<&'a str, ClaimStatus>,
    sources: HashMap<&'a str, &'a SourceUse>,
    /// Keys with an entry in the bibliography (linked as `#ref-KEY`).
    listed: HashSet<&'a str>,
    /// Claim labels that have an anchor on the page.
    anchors: HashSet<&'a str>,
    /// Every finding, in `check`'s order.
    notes: &'a [Note<'a>],
    /// The placed notes of each claim label: indices into `notes`, in order.
    by_claim: HashMap<&'a str, Vec<usize>>,
    /// Citation notes are numbered through the whole page.
    next_note: usize,
    /// How the essay being written is marked up.
    markup: Markup,
}

impl Page<'_> {
    fn summary(
        &self,
        out: &mut dyn Write,
        documents: &[Document],
        layouts: &[Layout],
    ) -> io::Result<()> {
        let t = &self.report.totals;
        writeln!(out, "<section id=\"summary\" class=\"summary\">")?;
        writeln!(
            out,
            "<div class=\"coverage\"><span class=\"big\">{}</span> coverage</div>",
            percent(t.coverage)
        )?;
        writeln!(
            out,
            "<div class=\"counts\"><p>{}.</p>\n<p class=\"muted\">Coverage is the share of the \
             claims that need support which carry a citation resolved to a source; a claim whose \
             citations all failed to resolve is not covered.</p>",
            esc(&summary(self.report))
        )?;
        legend(out)?;
        writeln!(out, "</div>")?;
        // The few things to do first: the strongest findings, and among equals the ones about
        // citations and sources (fewer, and each a concrete fix) before uncited claims.
        let mut first: Vec<&Note> = self.notes.iter().collect();
        first.sort_by_key(|n| {
            (
                std::cmp::Reverse(n.grade),
                n.finding.rule == UNCITED_RULE,
                std::cmp::Reverse(n.finding.severity),
            )
        });
        writeln!(out, "<div class=\"first\">\n<h2>Do first</h2>")?;
        if first.is_empty() {
            writeln!(out, "<p>Nothing: check found no problems.</p>")?;
        } else {
            writeln!(out, "<ol>")?;
            for n in first.iter().take(FIRST) {
                let f = n.finding;
                let what = n
                    .claim
                    .as_deref()
                    .or(f.source.as_deref())
                    .unwrap_or_default();
                let detail = if f.rule == UNCITED_RULE {
                    f.reasons
                        .iter()
                        .find(|r| !r.starts_with("against:"))
                        .map(|r| plain(r))
                        .unwrap_or_default()
                } else {
                    plain(&f.message)
                };
                writeln!(
                    out,
                    "<li class=\"g-{}\"><a href=\"#{}\">{}</a> <strong>{}</strong> <span class=\"grade\">{}</span> \
                     <span class=\"muted\">{}</span></li>",
                    n.grade.as_str(),
                    n.id,
                    esc(what),
                    esc(headline(f.rule)),
                    n.grade.as_str(),
                    esc(&detail)
                )?;
            }
            writeln!(out, "</ol>")?;
            if self.notes.len() > FIRST {
                writeln!(
                    out,
                    "<p class=\"muted\">{} more beside the text.</p>",
                    self.notes.len() - FIRST
                )?;
            }
        }
        writeln!(out, "</div>")?;
        self.filters(out, documents, layouts)?;
        writeln!(out, "</section>")
    }

    /// The filter bar: hidden until the script shows it, so without scripting nothing on the
    /// page is a dead control.
    fn filters(
        &self,
        out: &mut dyn Write,
        documents: &[Document],
        layouts: &[Layout],
    ) -> io::Result<()> {
        let mut rules: Vec<(Rule, usize)> = Vec::new();
        for n in self.notes {
            match rules.iter_mut().find(|(r, _)| *r == n.finding.rule) {
                Some((_, count)) => *count += 1,
                None => rules.push((n.finding.rule, 1)),
            }
        }
        writeln!(
            out,
            "<form id=\"filters\" class=\"filters\" hidden>\n<fieldset><legend>Show</legend>"
        )?;
        for (rule, count) in &rules {
            writeln!(
                out,
                "<label title=\"{0}\"><input type=\"checkbox\" name=\"rule\" value=\"{0}\" checked> \
                 {1} ({count})</label>",
                rule.id(),
                esc(headline(*rule))
            )?;
        }
        writeln!(out, "</fieldset>\n<fieldset><legend>Confidence</legend>")?;
        for g in Grade::ALL {
            writeln!(
                out,
                "<label class=\"g-{0}\"><input type=\"checkbox\" name=\"grade\" value=\"{0}\" \
                 checked> {0}</label>",
                g.as_str()
            )?;
        }
        writeln!(
            out,
            "</fieldset>\n<fieldset><legend>Section</legend>\n<select name=\"section\">\
             \n<option value=\"*\">all sections</option>"
        )?;
        for (k, (doc, layout)) in documents.iter().zip(layouts).enumerate() {
            let mut seen: Vec<String> = Vec::new();
            for row in &layout.rows {
                let claim = match row {
                    Row::Heading((c, _)) => *c,
                    Row::Text { paragraphs, .. } => paragraphs[0][0].0,
                };
                let value = section_value(k, claim.section.as_deref());
                if seen.contains(&value) {
                    continue;
                }
                let name = claim
                    .section
                    .as_deref()
                    .unwrap_or("(before the first heading)");
                let title = doc.title.as_deref().unwrap_or(&doc.path);
                let name = if documents.len() > 1 && name != title {
                    format!("{title}: {name}")
                } else {
                    name.to_string()
                };
                writeln!(
                    out,
                    "<option value=\"{}\">{}</option>",
                    esc(&value),
                    esc(&name)
                )?;
                seen.push(value);
            }
        }
        writeln!(out, "</select>\n</fieldset>\n</form>")
    }

    fn essay(
        &mut self,
        out: &mut dyn Write,
        doc: &Document,
        layout: &Layout,
        k: usize,
    ) -> io::Result<()> {
        self.markup = markup_of(doc);
        writeln!(out, "<article class=\"essay\" id=\"essay-{}\">", k + 1)?;
        writeln!(
            out,
            "<h2>{}</h2>\n<p class=\"path\">{}</p>",
            esc(doc.title.as_deref().unwrap_or(&doc.path)),
            esc(&doc.path)
        )?;
        let mut cites: Vec<String> = Vec::new();
        for row in &layout.rows {
            match row {
                Row::Heading((claim, label)) => {
                    let mut html = String::new();
                    match claim
                        .section
                        .as_deref()
                        .filter(|_| claim.citations.is_empty())
                    {
                        Some(name) => {
                            self.notes_of(&mut html, label);
                            let _ = write!(
                                html,
                                "<span class=\"unit\" id=\"{}\">{}</span>",
                                esc(label),
                                esc(name)
                            );
                        }
                        None => {
                            self.unit_text(&mut html, doc, (claim, label), claim.end, &mut cites);
                        }
                    }
                    writeln!(
                        out,
                        "<div class=\"row\" data-section=\"{}\"><h3>{html}</h3></div>",
                        esc(&section_value(k, claim.section.as_deref()))
                    )?;
                }
                Row::Text {
                    kind,
                    list,
                    paragraphs,
                } => {
                    let first = paragraphs[0][0].0;
                    let class = match kind {
                        ClaimKind::Title => "unit-title",
                        ClaimKind::Byline => "byline",
                        ClaimKind::Reference => "reference",
                        ClaimKind::Other => "other",
                        ClaimKind::Note => "note",
                        ClaimKind::Heading | ClaimKind::Claim => "",
                    };
                    let mut html = String::new();
                    let (open, close) = match list {
                        Some((true, 1)) => ("<ol>".to_string(), "</ol>"),
                        Some((true, n)) => (format!("<ol start=\"{n}\">"), "</ol>"),
                        Some((false, _)) => ("<ul>".to_string(), "</ul>"),
                        None => (String::new(), ""),
                    };
                    html.push_str(&open);
                    for p in paragraphs {
                        html.push_str(if list.is_some() { "<li" } else { "<p" });
                        if !class.is_empty() {
                            let _ = write!(html, " class=\"{class}\"");
                        }
                        html.push('>');
                        let mut at: Option<usize> = None;
                        for (i, &(claim, label)) in p.iter().enumerate() {
                            // Between two units of a paragraph: a space where the text has one.
                            if let Some(gap) = at.and_then(|a| doc.text.get(a..claim.start))
                                && !gap.is_empty()
                            {
                                html.push(' ');
                            }
                            let limit = p.get(i + 1).map_or(usize::MAX, |u| u.0.start);
                            let end =
                                self.unit_text(&mut html, doc, (claim, label), limit, &mut cites);
                            at = Some(end);
                        }
                        html.push_str(if list.is_some() { "</li>" } else { "</p>" });
                    }
                    html.push_str(close);
                    writeln!(
                        out,
                        "<div class=\"row\" data-section=\"{}\">{html}</div>",
                        esc(&section_value(k, first.section.as_deref()))
                    )?;
                }
            }
        }
        if !layout.unplaced.is_empty() {
            writeln!(
                out,
                "<section class=\"notes\">\n<h3>Claims not in the current text</h3>\n\
                 <p>These claims could not be placed in the text: a re-import of the edited \
                 essay could not find them again, or their span does not fit it. They keep \
                 their links.</p>\n<ul>"
            )?;
            for (claim, label) in &layout.unplaced {
                let mut stored = (*claim).clone();
                // Shown from its stored wording: spans are relative to that text.
                stored.citations.iter_mut().for_each(|c| c.span = None);
                stored.start = 0;
                stored.end = stored.text.len();
                let plain = Document {
                    text: claim.text.clone(),
                    ..Document::default()
                };
                let mut html = String::new();
                let markup = std::mem::replace(&mut self.markup, Markup::Plain);
                self.unit_text(&mut html, &plain, (&stored, label), stored.end, &mut cites);
                self.markup = markup;
                writeln!(out, "<li>{html}</li>")?;
            }
            writeln!(out, "</ul>\n</section>")?;
        }
        if !cites.is_empty() {
            let first = self.next_note - cites.len();
            writeln!(
                out,
                "<section class=\"notes\">\n<h3>Citations</h3>\n<ol start=\"{first}\">"
            )?;
            for note in cites {
                writeln!(out, "{note}")?;
            }
            writeln!(out, "</ol>\n</section>")?;
        }
        writeln!(out, "</article>")
    }

    /// One unit: its margin notes, its text with citations marked, its status class and
    /// sign. Returns where its rendering ended in the document text (past a Markdown link
    /// target the splitter left outside the unit, never past `limit`).
    fn unit_text(
        &mut self,
        out: &mut String,
        doc: &Document,
        (claim, label): Unit,
        limit: usize,
        cites: &mut Vec<String>,
    ) -> usize {
        let id = esc(label);
        let status = (claim.kind == ClaimKind::Claim).then(|| {
            self.statuses
                .get(label)
                .copied()
                .unwrap_or(ClaimStatus::NotNeeded)
        });
        let all = self.notes;
        let notes: Vec<&Note> = self
            .by_claim
            .get(label)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &all[i])
            .collect();
        let grade = notes.iter().map(|n| n.grade).max();
        // The notes float into the margin beside the line the claim starts on.
        self.notes_of(out, label);
        let mut class = match status {
            Some(s) => format!("claim st-{}", s.as_str()),
            None => "unit".to_string(),
        };
        if let Some(g) = grade {
            let _ = write!(class, " g-{}", g.as_str());
        }
        let _ = write!(out, "<span class=\"{class}\" id=\"{id}\"");
        if let Some(s) = status {
            let _ = write!(out, " title=\"{id}: {}\"", s.label());
        }
        if !notes.is_empty() {
            let ids: Vec<&str> = notes.iter().map(|n| n.id.as_str()).collect();
            let _ = write!(out, " data-notes=\"{}\"", ids.join(" "));
        }
        out.push('>');
        let text = &doc.text;
        let markup = self.markup;
        // The same bytes of the unit's reading view (for formats other than Markdown).
        let view_of = |s: usize, e: usize| -> Option<&str> {
            let v = claim
                .text
                .get(s.checked_sub(claim.start)?..e.checked_sub(claim.start)?)?;
            (v.len() == e - s).then_some(v)
        };
        let segment = |s: usize, e: usize, out: &mut String| {
            inline::write(
                markup,
                text.get(s..e).unwrap_or_default(),
                view_of(s, e),
                out,
            );
        };
        // A Markdown link the splitter left after the unit is rendered with it.
        let end = match markup {
            Markup::Markdown => markdown_end(text, claim.end).min(limit.max(claim.end)),
            _ => claim.end,
        };
        let mut inline_cites: Vec<(&Citation, usize, usize)> = Vec::new();
        let mut loose: Vec<&Citation> = Vec::new();
        let mut spans: Vec<&Citation> = claim.citations.iter().collect();
        spans.sort_by_key(|c| c.span.map_or(usize::MAX, |s| s.0));
        let mut at = claim.start;
        for c in spans {
            match c.span {
                Some((s, e)) if s >= at && e <= claim.end && text.get(s..e).is_some() => {
                    inline_cites.push((c, s, e));
                    at = e;
                }
                _ => loose.push(c),
            }
        }
        let reference = claim.kind == ClaimKind::Reference;
        let mut at = claim.start;
        for (c, s, e) in inline_cites {
            if reference {
                // A reading-list item names its source; it is not a citation with a note.
                continue;
            }
            segment(at, s, out);
            let class = if c.resolution.source.is_some() {
                "cite"
            } else {
                "cite unresolved"
            };
            let _ = write!(
                out,
                "<span class=\"{class}\" title=\"{}\">",
                esc(&self.describe(c))
            );
            segment(s, e, out);
            out.push_str("</span>");
            self.note_ref(out, c, label, cites);
            at = e;
        }
        segment(at, end, out);
        if reference {
            let mut keys: Vec<&str> = claim
                .citations
                .iter()
                .filter_map(|c| c.resolution.source.as_deref())
                .collect();
            keys.dedup();
            for key in keys {
                let shown = if self.listed.contains(key) {
                    format!(
                        "<a href=\"#{}\">{}</a>",
                        esc(&anchor("ref-", key)),
                        esc(key)
                    )
                } else {
                    esc(key)
                };
                let _ = write!(out, " <span class=\"key\">→ {shown}</span>");
            }
        } else {
            for c in loose {
                self.note_ref(out, c, label, cites);
            }
        }
        out.push_str("</span>");
        // The sign of its status and the links to its notes, after the text.
        let sign = status.map_or("", icon);
        if !sign.is_empty() || !notes.is_empty() {
            let g = grade.map_or(String::new(), |g| format!(" g-{}", g.as_str()));
            let s = status.map_or("", ClaimStatus::as_str);
            let _ = write!(out, "<sup class=\"mark st-{s}{g}\">{sign}");
            match notes.first() {
                Some(n) => {
                    let _ = write!(out, "<a href=\"#{}\">{id}</a>", n.id);
                }
                None if !sign.is_empty() => {
                    let _ = write!(out, "{id}");
                }
                None => {}
            }
            out.push_str("</sup>");
        }
        end
    }

    /// The notes placed beside the unit `label`, in `check`'s order.
    fn placed_notes(&self, label: &str) -> impl Iterator<Item = &Note<'_>> {
        let at = self.by_claim.get(label).map_or(&[][..], Vec::as_slice);
        at.iter().map(|&i| &self.notes[i])
    }

    /// The margin notes about the unit `label`, in `check`'s order.
    fn notes_of(&self, out: &mut String, label: &str) {
        for n in self.placed_notes(label) {
            out.push_str(&self.note(n));
        }
    }

    /// A superscript note number after a citation, and its note for the list.
    fn note_ref(&mut self, out: &mut String, c: &Citation, label: &str, cites: &mut Vec<String>) {
        let n = self.next_note;
        self.next_note += 1;
        let _ = write!(
            out,
            "<sup class=\"fn\"><a id=\"r-{n}\" href=\"#n-{n}\">{n}</a></sup>"
        );
        let source = match &c.resolution.source {
            Some(key) if self.listed.contains(key.as_str()) => {
                format!(
                    "<a href=\"#{}\">{}</a>",
                    esc(&anchor("ref-", key)),
                    esc(key)
                )
            }
            Some(key) => esc(key),
            None => "unresolved".to_string(),
        };
        let mut note = format!(
            "<li id=\"n-{n}\"><a href=\"#{0}\">{0}</a>: {source}: {1}",
            esc(label),
            esc(&self.describe_source(c))
        );
        if c.origin == Origin::Manual {
            note.push_str(" (manual link)");
        }
        if let Some(q) = &c.quote {
            let _ = write!(note, " “{}”", esc(q));
        }
        if let Some(text) = &c.note {
            let _ = write!(note, " Note: {}", esc(text));
        }
        let _ = write!(
            note,
            " <a href=\"#r-{n}\" aria-label=\"back to the text\">↩</a></li>"
        );
        cites.push(note);
    }

    /// The tooltip of a citation: "history2014: The History of … (2014), p. 24".
    fn describe(&self, c: &Citation) -> String {
        match &c.resolution.source {
            Some(key) => format!("{key}: {}", self.describe_source(c)),
            None => format!("unresolved: {}", self.describe_source(c)),
        }
    }

    /// The source and locator of a citation, without its key.
    fn describe_source(&self, c: &Citation) -> String {
        let mut s = match c.resolution.source.as_deref() {
            Some(key) => match self.sources.get(key).filter(|u| u.in_library) {
                Some(u) => {
                    let mut d = String::new();
                    if let Some(first) = u.creators.first() {
                        d.push_str(first);
                        d.push_str(if u.creators.len() > 1 {
                            " et al., "
                        } else {
                            ", "
                        });
                    }
                    d.push_str(u.title.as_deref().unwrap_or("(untitled)"));
                    if let Some(y) = u.year {
                        let _ = write!(d, " ({y})");
                    }
                    d
                }
                None => "not in the library".to_string(),
            },
            None if c.resolution.candidates.is_empty() => "no matching source".to_string(),
            None => format!("could be {}", c.resolution.candidates.join(", ")),
        };
        if let Some(l) = &c.locator {
            s.push_str(", ");
            s.push_str(&locator_text(l));
        }
        s
    }

    /// A claim label as a link when the page has its anchor.
    fn claim_link(&self, label: &str, text: &str) -> String {
        if self.anchors.contains(label) {
            format!("<a href=\"#{}\">{}</a>", esc(label), esc(text))
        } else {
            esc(text)
        }
    }

    /// A source key as a link to its bibliography entry, when there is one.
    fn source_link(&self, key: &str) -> String {
        if self.listed.contains(key) {
            format!(
                "<a href=\"#{}\">{}</a>",
                esc(&anchor("ref-", key)),
                esc(key)
            )
        } else {
            esc(key)
        }
    }

    /// The findings that sit beside no sentence: about library entries, or about units the
    /// page does not show.
    fn other_findings(&self, out: &mut dyn Write) -> io::Result<()> {
        let rest: Vec<&Note> = self.notes.iter().filter(|n| !n.placed).collect();
        if rest.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "<section id=\"other-findings\" class=\"others\">\n<h2>Other findings</h2>\n\
             <p class=\"muted\">About the library's entries, or about text the page does not \
             show.</p>"
        )?;
        for n in rest {
            writeln!(out, "{}", self.note(n))?;
        }
        writeln!(out, "</section>")
    }

    /// One finding as a note: what, how sure, why (each piece of evidence once), what to do.
    /// Spans only, so it can sit inside the paragraph it annotates (and float beside it).
    fn note(&self, n: &Note) -> String {
        let f = n.finding;
        let mut h = format!(
            "<span class=\"mnote g-{0}\" role=\"note\" id=\"{1}\" data-rule=\"{2}\" \
             data-grade=\"{0}\" data-section=\"{3}\"><span class=\"head\">",
            n.grade.as_str(),
            n.id,
            f.rule.id(),
            esc(&n.section)
        );
        if let Some(c) = &n.claim {
            let _ = write!(h, "{} ", self.claim_link(c, c));
        }
        let _ = write!(
            h,
            "<strong>{}</strong> <span class=\"grade\">{}</span></span>",
            esc(headline(f.rule)),
            n.grade.as_str()
        );
        let mut place = Vec::new();
        if !n.placed {
            place.push(esc(&location(f.document.as_deref(), f.line, f.column)));
        }
        if let Some(k) = &f.source {
            place.push(self.source_link(k));
        }
        if !place.is_empty() {
            let _ = write!(h, "<span class=\"where\">{}</span>", place.join(" · "));
        }
        let (pro, contra): (Vec<&String>, Vec<&String>) =
            f.reasons.iter().partition(|r| !r.starts_with("against:"));
        if f.rule == UNCITED_RULE {
            // The message repeats the strongest reasons: the reasons alone say it once.
            if !pro.is_empty() {
                let why: Vec<String> = pro.iter().map(|r| esc(&plain(r))).collect();
                let _ = write!(h, "<span class=\"why\">{}.</span>", why.join("; "));
            }
        } else {
            let message = plain(&f.message);
            let _ = write!(h, "<span class=\"why\">{}</span>", esc(&message));
            // A reason that quotes the unit the note sits beside ("listed: Kwan, Tae-hwan,
            // ed. ...") says nothing the reader does not see next to it.
            let repeats = |r: &str| {
                let body = r.split_once(": ").map_or(r, |(_, b)| b).trim();
                body.len() >= 20
                    && n.beside
                        .is_some_and(|t| collapse(t).contains(&collapse(body)))
            };
            for r in pro
                .iter()
                .filter(|r| !message.contains(r.as_str()) && !repeats(r))
            {
                let _ = write!(h, "<span class=\"reason\">{}</span>", esc(&plain(r)));
            }
        }
        if !contra.is_empty() {
            let against: Vec<String> = contra
                .iter()
                .map(|r| esc(r.trim_start_matches("against:").trim()))
                .collect();
            let _ = write!(
                h,
                "<span class=\"against\">Against: {}.</span>",
                against.join("; ")
            );
        }
        if f.rule == UNCITED_RULE
            && let Some(c) = &n.claim
        {
            let _ = write!(
                h,
                "<span class=\"fix\"><code>annobib link {} KEY --page N</code>, or exempt it</span>",
                esc(c)
            );
        }
        h.push_str("</span>");
        h
    }

    fn coverage(&self, out: &mut dyn Write) -> io::Result<()> {
        let many = self.report.documents.len() > 1;
        let unresolved = self.report.totals.unresolved > 0;
        writeln!(
            out,
            "<section id=\"coverage\">\n<h2>Coverage by section</h2>\n<table>"
        )?;
        write!(out, "<thead><tr>")?;
        if many {
            write!(out, "<th>Document</th>")?;
        }
        write!(out, "<th>Section</th><th>Claims</th><th>Cited</th>")?;
        if unresolved {
            write!(out, "<th>Unresolved only</th>")?;
        }
        writeln!(
            out,
            "<th>Needs citation</th><th>Exempt</th><th>Not needed</th><th>Coverage</th></tr>\
             </thead>\n<tbody>"
        )?;
        let rows = self.report.sections.iter().map(|s| {
            let section = s.section.as_deref().unwrap_or("(before the first heading)");
            ("", Some(s.document.as_str()), section, &s.counts)
        });
        let total = std::iter::once((
            " class=\"total\"",
            None,
            "All sections",
            &self.report.totals,
        ));
        for (class, doc, section, c) in rows.chain(total) {
            write!(out, "<tr{class}>")?;
            if many {
                write!(out, "<td>{}</td>", esc(doc.unwrap_or_default()))?;
            }
            write!(
                out,
                "<td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                esc(section),
                c.claims,
                c.cited
            )?;
            if unresolved {
                write!(out, "<td class=\"n\">{}</td>", c.unresolved)?;
            }
            writeln!(
                out,
                "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td></tr>",
                c.needs_citation,
                c.exempt,
                c.not_needed,
                percent(c.coverage)
            )?;
        }
        writeln!(out, "</tbody>\n</table>\n</section>")
    }

    fn sources(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "<section id=\"sources\">\n<h2>Sources by use</h2>")?;
        if self.report.sources.is_empty() {
            return writeln!(out, "<p>No sources.</p>\n</section>");
        }
        writeln!(
            out,
            "<table>\n<thead><tr><th>Source</th><th>Citations</th><th>Claims</th><th>Pages</th>\
             <th>In reading list</th><th>Title</th></tr></thead>\n<tbody>"
        )?;
        for s in &self.report.sources {
            let claims: Vec<String> = s.claims.iter().map(|c| self.claim_link(c, c)).collect();
            let title = match (&s.title, s.in_library) {
                (Some(t), _) => esc(t),
                (None, false) => "(not in the library)".to_string(),
                (None, true) => String::new(),
            };
            writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{title}</td></tr>",
                self.source_link(&s.key),
                s.citations,
                claims.join(", "),
                esc(&s.pages.join(", ")),
                if s.listed { "yes" } else { "no" }
            )?;
        }
        writeln!(out, "</tbody>\n</table>\n</section>")
    }
}

fn legend(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<p class=\"legend\" aria-label=\"Legend\">")?;
    for g in Grade::ALL {
        let words = match g {
            Grade::Strong => "strong: fix first",
            Grade::Medium => "medium",
            Grade::Weak => "weak: worth a look",
        };
        writeln!(out, "<span class=\"claim g-{}\">{words}</span>", g.as_str())?;
    }
    for status in [
        ClaimStatus::Cited,
        ClaimStatus::Unresolved,
        ClaimStatus::Exempt,
    ] {
        writeln!(
            out,
            "<span><sup class=\"mark st-{}\">{}</sup> {}</span>",
            status.as_str(),
            icon(status),
            status.label()
        )?;
    }
    writeln!(out, "</p>")
}
