//! The report as ONE self-contained HTML file: inline CSS, no script, no network. The essay
//! is rendered from its own text with every claim marked by status (colour, underline style
//! and an icon, explained in a legend), each citation marked with its source and page (a
//! `title` tooltip and a numbered note), then the findings grouped by rule and linked to the
//! claims (`#c12`), coverage by section, sources by use and the annotated bibliography.
//!
//! This file owns the page's structure and the slicing of the document text by byte spans
//! (always through `str::get`, so a span off a character boundary is skipped, never a
//! panic). Every piece of user text (essay, titles, keys, notes, messages) goes through
//! `escape_html`; the markup around it is ours.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use super::model::{ClaimStatus, Report, SourceUse, claim_labels};
use super::text::{location, percent, summary};
use crate::model::{Citation, Claim, ClaimKind, Document, Finding, Origin};
use crate::render::bibliography::{anchor, escape_html as esc};
use crate::render::locator_text;

const CSS: &str = include_str!("report.css");

/// The sign beside a claim, so its status never rests on colour alone.
fn icon(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Cited => "✓",
        ClaimStatus::NeedsCitation => "!",
        ClaimStatus::Exempt => "○",
        ClaimStatus::NotNeeded => "",
    }
}

/// Writes the report as a standalone HTML page. `documents` are the documents the report was
/// built from (their text is rendered); claim labels match the report's.
pub fn write(out: &mut dyn Write, report: &Report, documents: &[Document]) -> io::Result<()> {
    let labels = claim_labels(documents);
    let mut page = Page {
        report,
        statuses: report.statuses(),
        sources: report.sources.iter().map(|s| (s.key.as_str(), s)).collect(),
        listed: report
            .bibliography
            .iter()
            .flat_map(|b| b.entries.iter().map(|e| e.key.as_str()))
            .collect(),
        anchors: labels.iter().flatten().map(String::as_str).collect(),
        next_note: 1,
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
    writeln!(out, "<h1>Citation report</h1>")?;
    writeln!(out, "<p class=\"summary\">{}</p>", esc(&summary(report)))?;
    write!(out, "<nav>")?;
    for (k, _) in documents.iter().enumerate() {
        write!(out, "<a href=\"#essay-{}\">Essay {}</a>", k + 1, k + 1)?;
    }
    write!(
        out,
        "<a href=\"#findings\">Findings</a><a href=\"#coverage\">Coverage</a>\
         <a href=\"#sources\">Sources</a>"
    )?;
    if report.bibliography.is_some() {
        write!(out, "<a href=\"#bibliography\">Bibliography</a>")?;
    }
    writeln!(out, "</nav>\n</header>\n<main>")?;
    legend(out)?;
    for (k, (doc, labels)) in documents.iter().zip(&labels).enumerate() {
        page.essay(out, doc, labels, k + 1)?;
    }
    page.findings(out)?;
    page.coverage(out)?;
    page.sources(out)?;
    if let Some(b) = &report.bibliography {
        writeln!(
            out,
            "<section id=\"bibliography\">\n<h2>Annotated bibliography</h2>"
        )?;
        writeln!(out, "<p class=\"summary\">{}</p>", esc(b.style.title()))?;
        b.write_html(out, true)?;
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</main>\n</body>\n</html>")
}

fn legend(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section class=\"legend\" aria-label=\"Legend\">")?;
    for status in ClaimStatus::ALL {
        let mark = icon(status);
        let tag = if mark.is_empty() {
            String::new()
        } else {
            format!("<span class=\"tag\">{mark}</span>")
        };
        writeln!(
            out,
            "<span class=\"claim st-{}\">{}{tag}</span>",
            status.as_str(),
            status.label()
        )?;
    }
    writeln!(
        out,
        "<span><span class=\"cite\">citation</span><sup class=\"fn\">1</sup>: source and page \
         on hover and in the notes</span>\n</section>"
    )
}

struct Page<'a> {
    report: &'a Report,
    statuses: HashMap<&'a str, ClaimStatus>,
    sources: HashMap<&'a str, &'a SourceUse>,
    /// Keys with an entry in the bibliography (linked as `#ref-KEY`).
    listed: HashSet<&'a str>,
    /// Claim labels that have an anchor on the page.
    anchors: HashSet<&'a str>,
    /// Citation notes are numbered through the whole page.
    next_note: usize,
}

impl Page<'_> {
    fn essay(
        &mut self,
        out: &mut dyn Write,
        doc: &Document,
        labels: &[String],
        number: usize,
    ) -> io::Result<()> {
        writeln!(out, "<article class=\"essay\" id=\"essay-{number}\">")?;
        writeln!(
            out,
            "<h2>{}</h2>\n<p class=\"path\">{}</p>",
            esc(doc.title.as_deref().unwrap_or(&doc.path)),
            esc(&doc.path)
        )?;
        // Units the text can show: not orphaned, on character boundaries, in order. The
        // others are listed after the text with their stored wording.
        let mut placed: Vec<(&Claim, &str)> = Vec::new();
        let mut unplaced: Vec<(&Claim, &str)> = Vec::new();
        let mut end = 0;
        for (claim, label) in doc.claims.iter().zip(labels) {
            if claim.orphaned || claim.start < end || doc.text.get(claim.start..claim.end).is_none()
            {
                unplaced.push((claim, label));
            } else {
                end = claim.end;
                placed.push((claim, label));
            }
        }
        let first_note = self.next_note;
        let mut notes = Vec::new();
        for block in placed.chunk_by(|a, b| a.0.paragraph == b.0.paragraph) {
            let (open, close) = match block[0].0.kind {
                ClaimKind::Title => ("<p class=\"unit-title\">", "</p>"),
                ClaimKind::Heading => ("<h3>", "</h3>"),
                ClaimKind::Byline => ("<p class=\"byline\">", "</p>"),
                ClaimKind::Reference => ("<p class=\"reference\">", "</p>"),
                ClaimKind::Other => ("<p class=\"other\">", "</p>"),
                ClaimKind::Note => ("<p class=\"note\">", "</p>"),
                ClaimKind::Claim => ("<p>", "</p>"),
            };
            write!(out, "{open}")?;
            let mut at: Option<usize> = None;
            for (claim, label) in block {
                // What lies between two units of a block (spaces, a line break) is kept.
                if let Some(gap) = at.and_then(|a| doc.text.get(a..claim.start)) {
                    write!(out, "{}", esc(gap))?;
                }
                // A heading shows its name, without Markdown's `#` marks around it.
                let name = match claim.kind {
                    ClaimKind::Title => doc.title.as_deref(),
                    ClaimKind::Heading => claim.section.as_deref(),
                    _ => None,
                };
                match name.filter(|_| claim.citations.is_empty()) {
                    Some(name) => write!(
                        out,
                        "<span class=\"unit\" id=\"{}\">{}</span>",
                        esc(label),
                        esc(name)
                    )?,
                    None => self.unit(out, &doc.text, claim, label, &mut notes)?,
                }
                at = Some(claim.end);
            }
            writeln!(out, "{close}")?;
        }
        if !unplaced.is_empty() {
            writeln!(
                out,
                "<section class=\"notes\">\n<h3>Claims not in the current text</h3>\n\
                 <p>These claims could not be placed in the text: a re-import of the edited \
                 essay could not find them again, or their span does not fit it. They keep \
                 their links.</p>\n<ul>"
            )?;
            for (claim, label) in unplaced {
                let mut stored = claim.clone();
                // Shown from its stored wording: spans are relative to that text.
                stored.citations.iter_mut().for_each(|c| c.span = None);
                stored.start = 0;
                stored.end = stored.text.len();
                write!(out, "<li>")?;
                self.unit(out, &claim.text, &stored, label, &mut notes)?;
                writeln!(out, "</li>")?;
            }
            writeln!(out, "</ul>\n</section>")?;
        }
        if !notes.is_empty() {
            writeln!(
                out,
                "<section class=\"notes\">\n<h3>Citations</h3>\n<ol start=\"{first_note}\">"
            )?;
            for note in notes {
                writeln!(out, "{note}")?;
            }
            writeln!(out, "</ol>\n</section>")?;
        }
        writeln!(out, "</article>")
    }

    /// One unit: its text with citations marked, its status class, icon and label.
    fn unit(
        &mut self,
        out: &mut dyn Write,
        text: &str,
        claim: &Claim,
        label: &str,
        notes: &mut Vec<String>,
    ) -> io::Result<()> {
        let id = esc(label);
        let status = (claim.kind == ClaimKind::Claim).then(|| {
            self.statuses
                .get(label)
                .copied()
                .unwrap_or(ClaimStatus::NotNeeded)
        });
        match status {
            Some(s) => write!(
                out,
                "<span class=\"claim st-{}\" id=\"{id}\" title=\"{id}: {}\">",
                s.as_str(),
                s.label()
            )?,
            None => write!(out, "<span class=\"unit\" id=\"{id}\">")?,
        }
        let mut inline: Vec<(&Citation, usize, usize)> = Vec::new();
        let mut loose: Vec<&Citation> = Vec::new();
        let mut spans: Vec<&Citation> = claim.citations.iter().collect();
        spans.sort_by_key(|c| c.span.map_or(usize::MAX, |s| s.0));
        let mut at = claim.start;
        for c in spans {
            match c.span {
                Some((s, e)) if s >= at && e <= claim.end && text.get(s..e).is_some() => {
                    inline.push((c, s, e));
                    at = e;
                }
                _ => loose.push(c),
            }
        }
        let mut at = claim.start;
        for (c, s, e) in inline {
            write!(out, "{}", esc(text.get(at..s).unwrap_or_default()))?;
            let class = if c.resolution.source.is_some() {
                "cite"
            } else {
                "cite unresolved"
            };
            write!(
                out,
                "<span class=\"{class}\" title=\"{}\">{}</span>",
                esc(&self.describe(c)),
                esc(text.get(s..e).unwrap_or_default())
            )?;
            self.note_ref(out, c, label, notes)?;
            at = e;
        }
        write!(out, "{}", esc(text.get(at..claim.end).unwrap_or_default()))?;
        for c in loose {
            self.note_ref(out, c, label, notes)?;
        }
        if let Some(s) = status.filter(|s| *s != ClaimStatus::NotNeeded) {
            write!(out, "<span class=\"tag\">{} {id}</span>", icon(s))?;
        }
        write!(out, "</span>")
    }

    /// A superscript note number after a citation, and its note for the list.
    fn note_ref(
        &mut self,
        out: &mut dyn Write,
        c: &Citation,
        label: &str,
        notes: &mut Vec<String>,
    ) -> io::Result<()> {
        let n = self.next_note;
        self.next_note += 1;
        write!(
            out,
            "<sup class=\"fn\"><a id=\"r-{n}\" href=\"#n-{n}\" title=\"{}\">{n}</a></sup>",
            esc(&self.describe(c))
        )?;
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
            note.push_str(&format!(" “{}”", esc(q)));
        }
        if let Some(text) = &c.note {
            note.push_str(&format!(" Note: {}", esc(text)));
        }
        note.push_str(&format!(
            " <a href=\"#r-{n}\" aria-label=\"back to the text\">↩</a></li>"
        ));
        notes.push(note);
        Ok(())
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
                        d.push_str(&format!(" ({y})"));
                    }
                    d
                }
                None => "not in the library".to_string(),
            },
            None if c.resolution.candidates.is_empty() => "no matching source".to_string(),
            None => format!("candidates {}", c.resolution.candidates.join(", ")),
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

    fn findings(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "<section id=\"findings\" class=\"findings\">\n<h2>Findings</h2>"
        )?;
        if self.report.findings.is_empty() {
            writeln!(out, "<p>No findings.</p>")?;
        }
        // Rules in the order check reported them first, the most severe rule first.
        let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
        for f in &self.report.findings {
            match groups.iter_mut().find(|(rule, _)| *rule == f.rule.id()) {
                Some((_, list)) => list.push(f),
                None => groups.push((f.rule.id(), vec![f])),
            }
        }
        groups.sort_by_key(|(_, list)| std::cmp::Reverse(list.iter().map(|f| f.severity).max()));
        for (rule, list) in groups {
            writeln!(
                out,
                "<h3 id=\"{}\">{} ({})</h3>\n<ul>",
                esc(&anchor("rule-", rule)),
                esc(rule),
                list.len()
            )?;
            for f in list {
                let place = location(f.document.as_deref(), f.line, f.column);
                let place = match &f.claim {
                    Some(claim) => {
                        self.claim_link(&claim.to_string(), &format!("{place} ({claim})"))
                    }
                    None => esc(&place),
                };
                let source = match &f.source {
                    Some(k) if self.listed.contains(k.as_str()) => {
                        format!(" · <a href=\"#{}\">{}</a>", esc(&anchor("ref-", k)), esc(k))
                    }
                    Some(k) => format!(" · {}", esc(k)),
                    None => String::new(),
                };
                write!(
                    out,
                    "<li class=\"sev-{0}\"><span class=\"sev\">{0}</span> {place}{source}: {1}",
                    f.severity.as_str(),
                    esc(&f.message)
                )?;
                if !f.reasons.is_empty() {
                    write!(out, "<ul class=\"reasons\">")?;
                    for r in &f.reasons {
                        write!(out, "<li>{}</li>", esc(r))?;
                    }
                    write!(out, "</ul>")?;
                }
                writeln!(out, "</li>")?;
            }
            writeln!(out, "</ul>")?;
        }
        writeln!(out, "</section>")
    }

    fn coverage(&self, out: &mut dyn Write) -> io::Result<()> {
        let many = self.report.documents.len() > 1;
        writeln!(
            out,
            "<section id=\"coverage\">\n<h2>Coverage by section</h2>\n<table>"
        )?;
        write!(out, "<thead><tr>")?;
        if many {
            write!(out, "<th>Document</th>")?;
        }
        writeln!(
            out,
            "<th>Section</th><th>Claims</th><th>Cited</th><th>Needs citation</th>\
             <th>Exempt</th><th>Not needed</th><th>Coverage</th></tr></thead>\n<tbody>"
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
            writeln!(
                out,
                "<td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(section),
                c.claims,
                c.cited,
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
            let key = if self.listed.contains(s.key.as_str()) {
                format!(
                    "<a href=\"#{}\">{}</a>",
                    esc(&anchor("ref-", &s.key)),
                    esc(&s.key)
                )
            } else {
                esc(&s.key)
            };
            let claims: Vec<String> = s.claims.iter().map(|c| self.claim_link(c, c)).collect();
            let title = match (&s.title, s.in_library) {
                (Some(t), _) => esc(t),
                (None, false) => "(not in the library)".to_string(),
                (None, true) => String::new(),
            };
            writeln!(
                out,
                "<tr><td>{key}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{title}</td></tr>",
                s.citations,
                claims.join(", "),
                esc(&s.pages.join(", ")),
                if s.listed { "yes" } else { "no" }
            )?;
        }
        writeln!(out, "</tbody>\n</table>\n</section>")
    }
}
