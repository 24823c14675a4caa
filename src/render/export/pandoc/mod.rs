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
//! Markdown reads them back exactly; an essay that is Markdown already is copied as written.

mod cite;
mod escape;

use std::io::{self, Write};

use crate::model::{Citation, Claim, ClaimKind, Document};

use escape::{escape_inline, escape_into};

/// How to write the essay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PandocOptions {
    /// The essay is Markdown already: copy its text as written, changing only citations.
    /// When false its text is plain and every Markdown-special character is escaped.
    pub markdown_input: bool,
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
            markdown_input: markdown,
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
    let mut w = Walk {
        doc,
        markdown: opts.markdown_input,
        body: String::new(),
        report: PandocReport::default(),
        refs_placed: false,
        quote_paragraph: None,
        list_paragraph: None,
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
    write_front_matter(out, doc, opts, &w.report, w.refs_placed)?;
    out.write_all(w.body.as_bytes())?;
    if !w.body.is_empty() {
        out.write_all(b"\n")?;
    }
    if !w.report.left.is_empty() {
        let mut note = String::from("annobib: left as written\n");
        for l in &w.report.left {
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
    Ok(w.report)
}

/// The walk's state.
struct Walk<'a> {
    doc: &'a Document,
    markdown: bool,
    body: String,
    report: PandocReport,
    refs_placed: bool,
    /// The paragraph number of the block quote being written, if any.
    quote_paragraph: Option<u32>,
    /// The paragraph number of the list item being written, if any.
    list_paragraph: Option<u32>,
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
        if !blank && after_item && starts_item && !self.markdown {
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
            _ if self.markdown => Some(self.inline(c, whole, line_start, false)),
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
        let text = &self.doc.text;
        let units = cite::units(text, &c.citations, range, self.markdown);
        let mut out = String::new();
        let mut at = range.0;
        let mut line_start = line_start;
        for u in units {
            match &u.replacement {
                Some(r) if u.start >= at => {
                    self.copy(&mut out, &text[at..u.start], line_start, quote);
                    out.push_str(r);
                    line_start = false;
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
        self.copy(&mut out, &text[at.min(range.1)..range.1], line_start, quote);
        out
    }

    /// Appends essay text: escaped, or as written for Markdown input.
    fn copy(&self, out: &mut String, text: &str, line_start: bool, quote: bool) -> bool {
        if self.markdown {
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

/// The YAML block: title (Markdown-escaped, in single quotes so YAML takes it literally),
/// bibliography files, the reading list's keys and, when the essay has no reading list, the
/// heading for the bibliography citeproc appends.
fn write_front_matter(
    out: &mut dyn Write,
    doc: &Document,
    opts: &PandocOptions,
    report: &PandocReport,
    refs_placed: bool,
) -> io::Result<()> {
    let yaml = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let mut lines = Vec::new();
    if let Some(t) = &doc.title {
        let t = if opts.markdown_input {
            t.clone()
        } else {
            escape_inline(t)
        };
        lines.push(format!("title: {}", yaml(&t)));
    }
    if !opts.bibliography.is_empty() {
        lines.push("bibliography:".into());
        lines.extend(opts.bibliography.iter().map(|b| format!("- {}", yaml(b))));
    }
    if !report.listed.is_empty() {
        let keys: Vec<String> = report.listed.iter().map(|k| cite::key_text(k)).collect();
        lines.push(format!("nocite: |\n  {}", keys.join(", ")));
    }
    if !refs_placed && !report.cited.is_empty() {
        lines.push("reference-section-title: 'References'".into());
    }
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "---\n{}\n---\n", lines.join("\n"))
}

#[cfg(test)]
mod tests;
