//! The essay as pandoc Markdown: its text with each resolved inline citation replaced by a
//! pandoc citation, so `pandoc --citeproc --bibliography=library.json` formats the citations
//! in any CSL style and writes the bibliography.
//!
//! Owns the document walk: YAML front matter (title, bibliography, `nocite`), headings from
//! the essay's heading units, the reading list turned into the `refs` div, page debris kept
//! as HTML comments, and the report of what was left as written. Not here: the citation syntax
//! (`cite`) and Markdown escaping (`escape`).
//!
//! Choices: the title goes to the front matter (pandoc prints it as the title); the byline
//! stays a paragraph. The essay's closing reading list becomes `::: {#refs}`, where citeproc
//! puts the bibliography, and the works it lists go to `nocite`, so the bibliography keeps the
//! works the list recommends but the text never cites. A reading-list item that did not
//! resolve stays as a paragraph after the div. With no reading list, the bibliography goes at
//! the end under `reference-section-title`. A plain-text essay's words are escaped so that
//! Markdown reads them back exactly; an essay that is Markdown already is copied as written
//! (`write_as_written`): its bytes, its pandoc citations untouched (`-@`, `pp.`, `{...}`
//! locators), the other citations converted, one YAML block (the essay's, merged).
//! Everywhere, a locator keeps its label as written when pandoc reads it (`pp.`, `§`), a
//! value with a comma is braced (`{chap. IV, 2}`), and manual links (`annobib link`) become a
//! citation at the end of their sentence.

mod cite;
mod escape;

use std::io::{self, Write};

use crate::model::{Citation, Claim, ClaimKind, Document, Origin};

use escape::{escape_inline, escape_into};

/// How the essay's text is written, which decides how it is carried into the Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Written {
    /// Plain text (or a format read as plain text): every Markdown-special character is
    /// escaped.
    #[default]
    Plain,
    /// Markdown already: its text is copied as written, only citations changed.
    Markdown,
}

/// How to write the essay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PandocOptions {
    /// How the essay's text is written.
    pub input: Written,
    /// Bibliography files named in the front matter, so `pandoc --citeproc` needs no
    /// `--bibliography` flag.
    pub bibliography: Vec<String>,
}

impl PandocOptions {
    /// Options for the essay at `path`: Markdown input when the extension says Markdown.
    pub fn for_path(path: &str) -> Self {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let markdown = matches!(
            ext.as_deref(),
            Some("md" | "markdown" | "mdown" | "mkd" | "qmd" | "rmd")
        );
        PandocOptions {
            input: if markdown {
                Written::Markdown
            } else {
                Written::Plain
            },
            bibliography: Vec::new(),
        }
    }
}

/// What the export did with the essay's citations, for the caller to tell the user.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PandocReport {
    /// Keys cited in the text, in order of first citation.
    pub cited: Vec<String>,
    /// Keys of the reading-list items, listed through `nocite`.
    pub listed: Vec<String>,
    /// Citations and reading-list items left as written.
    pub left: Vec<Left>,
}

/// A citation (or reading-list item) left as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Left {
    /// The claim it is in, when stored.
    pub claim: Option<i64>,
    /// 1-based line and column (in characters) of its first byte in the essay.
    pub line: u32,
    /// See `line`.
    pub column: u32,
    /// The marker or item as written.
    pub text: String,
    /// Why.
    pub reason: LeftReason,
}

/// Why a citation was left as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftReason {
    /// It matched no source.
    Unresolved,
    /// It matched several sources equally (the candidates' keys, best first).
    Ambiguous(Vec<String>),
    /// It resolved, but shares its parentheses with one that did not.
    SharesGroup,
    /// It overlaps text another citation replaced.
    Overlaps,
    /// A reading-list item that matched no source.
    UnresolvedReference,
}

impl LeftReason {
    /// A short phrase: "not resolved", "ambiguous: a, b", ...
    pub fn describe(&self) -> String {
        match self {
            LeftReason::Unresolved => "not resolved".into(),
            LeftReason::Ambiguous(c) => format!("ambiguous: {}", c.join(", ")),
            LeftReason::SharesGroup => "in the same parentheses as an unresolved citation".into(),
            LeftReason::Overlaps => "overlaps another citation".into(),
            LeftReason::UnresolvedReference => "reading-list item not resolved".into(),
        }
    }
}

/// Writes `doc` as pandoc Markdown and reports what it left as written. The report is also
/// written at the end as an HTML comment, so the file says it too.
pub fn write_pandoc_markdown(
    out: &mut dyn Write,
    doc: &Document,
    opts: &PandocOptions,
) -> io::Result<PandocReport> {
    if opts.input == Written::Markdown {
        return write_as_written(out, doc, opts);
    }
    let mut w = Walk {
        doc,
        input: opts.input,
        body: String::new(),
        report: PandocReport::default(),
        refs_placed: false,
        quote_paragraph: None,
        list_paragraph: None,
        placed: placed(doc),
    };
    let mut prev: Option<&Claim> = None;
    for claim in &doc.claims {
        let sep = prev.map_or("", |p| w.separator(p, claim));
        let line_start = sep.is_empty() || sep.ends_with('\n');
        if let Some(piece) = w.unit(claim, line_start) {
            w.body.push_str(if w.body.is_empty() { "" } else { sep });
            w.body.push_str(&piece);
            prev = Some(claim);
        }
    }
    let lines = front_matter(doc, opts, &w.report, w.refs_placed);
    if !lines.is_empty() {
        let lines: Vec<String> = lines.into_iter().map(|(_, l)| l).collect();
        writeln!(out, "---\n{}\n---\n", lines.join("\n"))?;
    }
    out.write_all(w.body.as_bytes())?;
    if !w.body.is_empty() {
        out.write_all(b"\n")?;
    }
    write_left(out, &w.report)?;
    Ok(w.report)
}

/// The report of what was left as written, as an HTML comment at the end.
fn write_left(out: &mut dyn Write, report: &PandocReport) -> io::Result<()> {
    if !report.left.is_empty() {
        let mut note = String::from("annobib: left as written\n");
        for l in &report.left {
            note.push_str(&format!(
                "line {}, column {}: {} ({})\n",
                l.line,
                l.column,
                super::one_line(&l.text),
                l.reason.describe()
            ));
        }
        writeln!(out, "\n{}", comment(&note))?;
    }
    Ok(())
}

/// A Markdown essay written back as it was read: the file's bytes, with only the citations
/// that are not pandoc's already converted (`cite::units`; a pandoc citation is kept as
/// written: `-@`, `pp.`, `{...}` locators, prefixes), each manual link added as a citation at
/// the end of its sentence, the reading list made the `refs` div, and one YAML block: the
/// essay's own, with what the export adds (`bibliography` when given replaces the essay's;
/// a key the essay has is kept as written).
fn write_as_written(
    out: &mut dyn Write,
    doc: &Document,
    opts: &PandocOptions,
) -> io::Result<PandocReport> {
    let text = &doc.text;
    let mut w = Walk {
        doc,
        input: Written::Markdown,
        body: String::new(),
        report: PandocReport::default(),
        refs_placed: false,
        quote_paragraph: None,
        list_paragraph: None,
        placed: Vec::new(),
    };
    let front = front_matter_span(text);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for c in &doc.claims {
        if front.is_some_and(|(s, e)| c.start >= s && c.end <= e) {
            continue;
        }
        match c.kind {
            ClaimKind::Other => {}
            ClaimKind::Reference => {
                let key = c.citations.iter().find_map(|x| x.resolution.source.clone());
                let Some(key) = key else {
                    w.leave(c, c.start, &c.text, LeftReason::UnresolvedReference);
                    continue;
                };
                if !w.report.listed.contains(&key) {
                    w.report.listed.push(key);
                }
                // The item's whole lines (its list marker too) give way to the div.
                let (s, e) = whole_lines(text, c.start, c.end);
                let with = if w.refs_placed {
                    ""
                } else {
                    "::: {#refs}\n:::\n"
                };
                w.refs_placed = true;
                edits.push((s, e, with.to_string()));
            }
            _ => edits.extend(w.edits_in(c, (0, text.len()), (c.start, c.end))),
        }
    }
    edits.sort_by_key(|e| (e.0, e.1));
    let body_start = front.map_or(0, |(_, e)| e);
    let mut body = String::new();
    let mut at = body_start;
    for (s, e, with) in edits {
        if s < at {
            continue;
        }
        body.push_str(&text[at..s]);
        body.push_str(&with);
        at = e;
    }
    body.push_str(&text[at..]);
    let theirs = front.map(|(s, e)| yaml_inner(&text[s..e]));
    let ours = front_matter(doc, opts, &w.report, w.refs_placed)
        .into_iter()
        .filter(|(k, _)| *k != "title");
    let lines = merge_yaml(theirs.as_deref(), ours);
    if !lines.is_empty() {
        writeln!(out, "---\n{}\n---", lines.trim_end())?;
        if !body.starts_with('\n') {
            out.write_all(b"\n")?;
        }
    }
    out.write_all(body.as_bytes())?;
    if !body.is_empty() && !body.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    write_left(out, &w.report)?;
    Ok(w.report)
}

/// The essay's YAML front matter: `---` on the first line to the closing `---` or `...` line
/// (its line break included).
fn front_matter_span(text: &str) -> Option<(usize, usize)> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lead = text.len() - body.len();
    let first = body.split_inclusive('\n').next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut at = lead + first.len();
    for line in text[at..].split_inclusive('\n') {
        at += line.len();
        if matches!(line.trim_end(), "---" | "...") {
            return Some((lead, at));
        }
    }
    None
}

/// The lines between a YAML block's fences.
fn yaml_inner(block: &str) -> String {
    let mut lines: Vec<&str> = block.lines().collect();
    if !lines.is_empty() {
        lines.remove(0);
    }
    if lines
        .last()
        .is_some_and(|l| matches!(l.trim_end(), "---" | "..."))
    {
        lines.pop();
    }
    lines.join("\n")
}

/// The essay's YAML lines with the export's entries: an entry of the export whose key the
/// essay has is left out (the essay's is kept as written), except `bibliography`, which
/// replaces the essay's when the export names one.
fn merge_yaml<'k>(theirs: Option<&str>, ours: impl Iterator<Item = (&'k str, String)>) -> String {
    let ours: Vec<(&str, String)> = ours.collect();
    let mut out = String::new();
    let mut keys: Vec<String> = Vec::new();
    let mut skipping = false;
    for line in theirs.unwrap_or("").lines() {
        let top = line
            .split_once(':')
            .map(|(k, _)| k)
            .filter(|k| !line.starts_with([' ', '\t', '-', '#']) && !k.contains(' '));
        if let Some(k) = top {
            skipping = ours
                .iter()
                .any(|(o, _)| *o == "bibliography" && k == "bibliography");
            keys.push(k.to_string());
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    for (k, lines) in ours {
        if k == "bibliography" || !keys.iter().any(|x| x == k) {
            out.push_str(&lines);
            out.push('\n');
        }
    }
    out
}

/// `start..end` widened to whole lines (with the line break after them).
fn whole_lines(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let e = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    (s, e)
}

/// The walk's state.
struct Walk<'a> {
    doc: &'a Document,
    input: Written,
    body: String,
    report: PandocReport,
    refs_placed: bool,
    /// The paragraph number of the block quote being written, if any.
    quote_paragraph: Option<u32>,
    /// The paragraph number of the list item being written, if any.
    list_paragraph: Option<u32>,
    /// Every inline citation of the document by its start (plain-text walk only): a note's
    /// citations sit on the claim carrying its marker with spans in the note, and are
    /// converted where they stand, in the note.
    placed: Vec<Citation>,
}

impl<'a> Walk<'a> {
    /// What goes between the previous unit written and `claim`: a space or line break inside
    /// a paragraph (as in the essay), a line break between items of a tight list, else a
    /// blank line.
    fn separator(&self, prev: &Claim, claim: &Claim) -> &'static str {
        let gap = self.doc.text.get(prev.end..claim.start).unwrap_or(" ");
        let blank = gap.matches('\n').count() >= 2;
        if prev.paragraph == claim.paragraph {
            return if gap.contains('\n') { "\n" } else { " " };
        }
        let starts_item = claim.sentence == 1 && list_marker(&claim.text).is_some();
        let after_item = self.list_paragraph == Some(prev.paragraph);
        if !blank && after_item && starts_item && self.input == Written::Plain {
            return "\n";
        }
        "\n\n"
    }

    /// The Markdown for one unit, or `None` when it writes nothing here.
    fn unit(&mut self, c: &'a Claim, line_start: bool) -> Option<String> {
        let whole = (c.start, c.end);
        match c.kind {
            ClaimKind::Title if self.doc.title.is_some() => None,
            ClaimKind::Reference => self.reference(c),
            ClaimKind::Other => Some(other(&c.text, c.start == 0)),
            _ if self.input == Written::Markdown => Some(self.inline(c, whole, line_start, false)),
            ClaimKind::Title | ClaimKind::Heading => {
                let (level, visible) = heading_parts(&c.text);
                let range = (c.start + visible.0, c.start + visible.1);
                let text = self.inline(c, range, false, false).replace('\n', " ");
                Some(format!("{} {}", "#".repeat(level), text.trim()))
            }
            ClaimKind::Byline | ClaimKind::Claim | ClaimKind::Note => {
                let mut marker = String::new();
                let mut from = c.start;
                if c.sentence == 1 {
                    self.quote_paragraph = None;
                    self.list_paragraph = None;
                    if let Some(len) = list_marker(&c.text) {
                        marker = format!("{} ", &c.text[..len]);
                        from = c.start + len;
                        self.list_paragraph = Some(c.paragraph);
                    } else if c.text.starts_with('>') {
                        marker = "> ".into();
                        from = c.start + 1;
                        self.quote_paragraph = Some(c.paragraph);
                    }
                }
                let quote = self.quote_paragraph == Some(c.paragraph);
                // Text right after a list or quote marker opens a block too ("- + x" nests).
                let start_of_text = !marker.is_empty() || line_start;
                let text = self.inline(c, (from, c.end), start_of_text, quote);
                Some(marker + text.trim_start())
            }
        }
    }

    /// A reading-list item: the first resolved one becomes the `refs` div, the others only
    /// add their key to `nocite`; an unresolved one stays a paragraph and is reported.
    fn reference(&mut self, c: &'a Claim) -> Option<String> {
        let key = c.citations.iter().find_map(|x| x.resolution.source.clone());
        let Some(key) = key else {
            self.leave(c, c.start, &c.text, LeftReason::UnresolvedReference);
            return Some(self.inline(c, (c.start, c.end), true, false));
        };
        if !self.report.listed.contains(&key) {
            self.report.listed.push(key);
        }
        if self.refs_placed {
            return None;
        }
        self.refs_placed = true;
        Some("::: {#refs}\n:::".into())
    }

    /// Text of a claim in `range` with its citations converted, escaped unless the essay is
    /// Markdown already; records what it cites and what it leaves.
    fn inline(
        &mut self,
        c: &'a Claim,
        range: (usize, usize),
        line_start: bool,
        quote: bool,
    ) -> String {
        let text = self.doc.text.as_str();
        let mut out = String::new();
        let mut at = range.0;
        let mut line_start = line_start;
        let edits = if self.input == Written::Markdown {
            self.edits(c, range)
        } else {
            // The inline citations standing in `range`, whichever claim holds them, and
            // this claim's manual links.
            let from = self
                .placed
                .partition_point(|x| x.span.map_or(0, |s| s.0) < range.0);
            let mut here = c.clone();
            here.citations = self.placed[from..]
                .iter()
                .take_while(|x| x.span.is_some_and(|s| s.0 < range.1))
                .filter(|x| x.span.is_some_and(|s| s.1 <= range.1))
                .cloned()
                .chain(
                    c.citations
                        .iter()
                        .filter(|x| x.origin == Origin::Manual)
                        .cloned(),
                )
                .collect();
            self.edits(&here, range)
        };
        for (s, e, r) in edits {
            if s < at {
                continue;
            }
            self.copy(&mut out, &text[at..s], line_start, quote);
            out.push_str(&r);
            line_start = false;
            at = e;
        }
        self.copy(&mut out, &text[at.min(range.1)..range.1], line_start, quote);
        out
    }

    /// What to write instead of parts of `range` of a claim, in order and never
    /// overlapping: each resolved citation unit's pandoc citation, and the claim's manual
    /// links as one citation at the end of its sentence; records what it cites and leaves.
    fn edits(&mut self, c: &Claim, range: (usize, usize)) -> Vec<(usize, usize, String)> {
        self.edits_in(c, range, range)
    }

    /// `edits`, the citations taken wherever in `cites_in` they stand: a note's citations
    /// sit on the claim carrying its marker (`cite::cite_document`) with spans in the note.
    fn edits_in(
        &mut self,
        c: &Claim,
        cites_in: (usize, usize),
        range: (usize, usize),
    ) -> Vec<(usize, usize, String)> {
        let text = &self.doc.text;
        let mut out = Vec::new();
        let mut at = cites_in.0;
        for u in cite::units(text, &c.citations, cites_in, self.input) {
            match &u.replacement {
                Some(r) if u.start >= at => {
                    out.push((u.start, u.end, r.clone()));
                    at = u.end;
                    for x in &u.cites {
                        let key = x.resolution.source.clone().unwrap_or_default();
                        if !self.report.cited.contains(&key) {
                            self.report.cited.push(key);
                        }
                    }
                }
                _ => {
                    let all_resolved = u.cites.iter().all(|x| x.resolution.source.is_some());
                    for x in &u.cites {
                        let reason = left_reason(x, all_resolved);
                        let start = x.span.map_or(u.start, |s| s.0);
                        self.leave(c, start, x.marker.as_deref().unwrap_or(""), reason);
                    }
                }
            }
        }
        if let Some(manual) = self.manual(c) {
            let mut at_end = sentence_end(text, range);
            // Never inside a citation replaced: after it.
            if let Some(&(_, e, _)) = out.iter().find(|&&(s, e, _)| s < at_end && at_end < e) {
                at_end = e;
            }
            out.push((at_end, at_end, manual));
        }
        out.sort_by_key(|e| (e.0, e.1));
        out
    }

    /// The claim's manual links (`annobib link`) as one pandoc citation, ` [@k, p. 7]`; a
    /// source the claim's text already cites is not cited twice.
    fn manual(&mut self, c: &Claim) -> Option<String> {
        let inline: Vec<&str> = c
            .citations
            .iter()
            .filter(|x| x.origin == Origin::Inline)
            .filter_map(|x| x.resolution.source.as_deref())
            .collect();
        let mut items = Vec::new();
        for x in &c.citations {
            let Some(key) = x.resolution.source.as_deref() else {
                continue;
            };
            if x.origin != Origin::Manual || inline.contains(&key) {
                continue;
            }
            let mut item = cite::key_text(key);
            cite::push_locator(&mut item, x, self.input);
            items.push(item);
            if !self.report.cited.iter().any(|k| k == key) {
                self.report.cited.push(key.to_string());
            }
        }
        (!items.is_empty()).then(|| format!(" [{}]", items.join("; ")))
    }

    /// Appends essay text: escaped, or as written for Markdown input.
    fn copy(&self, out: &mut String, text: &str, line_start: bool, quote: bool) -> bool {
        if self.input == Written::Markdown {
            out.push_str(text);
            text.ends_with('\n')
        } else {
            escape_into(out, text, line_start, quote, false)
        }
    }

    fn leave(&mut self, c: &Claim, offset: usize, text: &str, reason: LeftReason) {
        let before = &self.doc.text[..offset.min(self.doc.text.len())];
        let line = before.matches('\n').count() as u32 + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
        self.report.left.push(Left {
            claim: c.id,
            line,
            column,
            text: text.to_string(),
            reason,
        });
    }
}

/// Every inline citation of `doc` with a span, by its start.
fn placed(doc: &Document) -> Vec<Citation> {
    let mut all: Vec<Citation> = doc
        .claims
        .iter()
        .filter(|c| c.kind != ClaimKind::Reference)
        .flat_map(|c| &c.citations)
        .filter(|x| x.origin == Origin::Inline && x.span.is_some())
        .cloned()
        .collect();
    all.sort_by_key(|x| x.span.map(|s| s.0));
    all
}

fn left_reason(c: &Citation, group_resolved: bool) -> LeftReason {
    match (&c.resolution.source, c.resolution.candidates.is_empty()) {
        (Some(_), _) if group_resolved => LeftReason::Overlaps,
        (Some(_), _) => LeftReason::SharesGroup,
        (None, false) => LeftReason::Ambiguous(c.resolution.candidates.clone()),
        (None, true) => LeftReason::Unresolved,
    }
}

/// A unit that is not text: Markdown markup the essay parser set apart (code, HTML comments,
/// tables, rules, front matter) is copied; anything else is page debris ("Skip to content"),
/// kept in the file as a comment but not rendered.
fn other(text: &str, at_start: bool) -> String {
    let t = text.trim_start();
    let markup = ["```", "~~~", "<!--", "|"].iter().any(|m| t.starts_with(m))
        || (at_start && t.starts_with("---\n"))
        || is_rule(t);
    if markup {
        text.to_string()
    } else {
        comment(text)
    }
}

/// `---`, `***`, `___`, `* * *`.
fn is_rule(t: &str) -> bool {
    let marks: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && matches!(marks[0], '-' | '*' | '_') && marks.iter().all(|&c| c == marks[0])
}

/// An HTML comment holding `text`; "--" could end it early, so it is spaced out.
fn comment(text: &str) -> String {
    let mut body = text.trim().to_string();
    while body.contains("--") {
        body = body.replace("--", "- -");
    }
    format!("<!-- {body} -->")
}

/// A list item's marker as the essay parser reads one: `-`, `*`, `+`, or one to three digits
/// and `.` or `)`, then a space and text. Returns the marker's length.
fn list_marker(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let len = match b.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 3 || !matches!(b.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let spaced = matches!(b.get(len), Some(b' ' | b'\t'));
    (spaced && !text[len..].trim().is_empty()).then_some(len)
}

/// A heading's level and the byte range of its visible text within `text`: `## Name ##`
/// (level from the marks), `Name` over `===` or `---` (1 or 2), or a plain line (level 1:
/// the title is in the front matter, so sections are the top level).
fn heading_parts(text: &str) -> (usize, (usize, usize)) {
    let marks = text.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&marks) && text[marks..].starts_with([' ', '\t']) {
        let inner = text[marks..].trim();
        let closing = inner.trim_end_matches('#');
        let inner = if closing.is_empty() || closing.ends_with([' ', '\t']) {
            closing.trim_end()
        } else {
            inner
        };
        let start = text.len() - text[marks..].trim_start().len();
        return (marks, (start, start + inner.len()));
    }
    if let Some((body, underline)) = text.rsplit_once('\n') {
        let u = underline.trim();
        if !u.is_empty() && (u.bytes().all(|b| b == b'=') || u.bytes().all(|b| b == b'-')) {
            let level = if u.starts_with('=') { 1 } else { 2 };
            return (level, (0, body.trim_end().len()));
        }
    }
    (1, (0, text.len()))
}

/// Where a citation added at the end of a sentence goes: before its closing punctuation
/// (and the quotation marks and brackets after it), after trailing spaces are set aside.
fn sentence_end(text: &str, range: (usize, usize)) -> usize {
    let t = text[range.0..range.1].trim_end();
    let body = t.trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_']);
    let body = body.trim_end_matches(['.', '!', '?', '…', ':', ';']);
    range.0 + body.len()
}

/// The YAML block's entries, each with its key: title (Markdown-escaped, in single quotes
/// so YAML takes it literally), bibliography files, the reading list's keys and, when the
/// essay has no reading list, the heading for the bibliography citeproc appends.
fn front_matter(
    doc: &Document,
    opts: &PandocOptions,
    report: &PandocReport,
    refs_placed: bool,
) -> Vec<(&'static str, String)> {
    let yaml = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let mut lines = Vec::new();
    if let Some(t) = &doc.title {
        let t = if opts.input == Written::Markdown {
            t.clone()
        } else {
            escape_inline(t)
        };
        lines.push(("title", format!("title: {}", yaml(&t))));
    }
    if !opts.bibliography.is_empty() {
        let mut b = String::from("bibliography:");
        for f in &opts.bibliography {
            b.push_str(&format!("\n- {}", yaml(f)));
        }
        lines.push(("bibliography", b));
    }
    if !report.listed.is_empty() {
        let keys: Vec<String> = report.listed.iter().map(|k| cite::key_text(k)).collect();
        lines.push(("nocite", format!("nocite: |\n  {}", keys.join(", "))));
    }
    if !refs_placed && !report.cited.is_empty() {
        lines.push((
            "reference-section-title",
            "reference-section-title: 'References'".into(),
        ));
    }
    lines
}

#[cfg(test)]
mod tests;
