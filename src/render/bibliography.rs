//! The annotated bibliography: each source formatted in a real citation style through CSL
//! (hayagriva 0.10 with its bundled styles), sorted as the style sorts, followed by the
//! user's annotation and where the essays cite it. Written as plain text, Markdown or an HTML
//! fragment.
//!
//! This module owns the choice of styles (`Style`, our own enum: no clap here), the walk over
//! hayagriva's formatted output and the escaping of it. It does not build hayagriva entries
//! (`entry`, beside it), decide which sources belong in the list (the caller passes them), or
//! find where a source is cited (the caller says, through `cited_at`).
//!
//! Plain text is built from hayagriva's element tree, never through its `Display`, which
//! writes terminal escapes; HTML is built the same way, with every piece of text escaped here,
//! because hayagriva's own HTML writer copies titles and URLs into the markup unescaped.

mod entry;
#[cfg(test)]
mod tests;

use std::io::{self, Write};

use hayagriva::archive::{ArchivedStyle, locales};
use hayagriva::citationberg::taxonomy::NameVariable;
use hayagriva::citationberg::{self, FontStyle, FontVariant, FontWeight, VerticalAlign};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Elem, ElemChild,
    ElemChildren, ElemMeta, Formatting,
};
use serde::{Serialize, Serializer};

use super::listing::markdown_escape;
use crate::model::Source;

/// A citation style of the bibliography.
///
/// Chicago comes in two editions. The 17th is the default because the example essay follows
/// its habits: its reading list gives the place of publication ("Seoul: Institute for
/// Military History, 2014"), which the 18th edition (2024) leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Style {
    /// Chicago Manual of Style, 17th edition, notes and bibliography (CSL
    /// `chicago-notes-bibliography-subsequent-author-title-17th-edition`, Turabian-compatible).
    #[default]
    ChicagoNotes17,
    /// Chicago Manual of Style, 18th edition, notes and bibliography: no place of publication.
    ChicagoNotes18,
    /// Chicago Manual of Style, 17th edition, author-date.
    ChicagoAuthorDate17,
    /// Chicago Manual of Style, 18th edition, author-date.
    ChicagoAuthorDate18,
    /// APA, 7th edition.
    Apa,
    /// MLA Handbook, 9th edition.
    Mla,
}

impl Style {
    /// Every style, in the order `--help` lists them.
    pub const ALL: [Style; 6] = [
        Style::ChicagoNotes17,
        Style::ChicagoNotes18,
        Style::ChicagoAuthorDate17,
        Style::ChicagoAuthorDate18,
        Style::Apa,
        Style::Mla,
    ];

    /// The name users type and JSON shows: `chicago-notes-17`, `apa`, ...
    pub fn name(self) -> &'static str {
        match self {
            Style::ChicagoNotes17 => "chicago-notes-17",
            Style::ChicagoNotes18 => "chicago-notes-18",
            Style::ChicagoAuthorDate17 => "chicago-author-date-17",
            Style::ChicagoAuthorDate18 => "chicago-author-date-18",
            Style::Apa => "apa",
            Style::Mla => "mla",
        }
    }

    /// A title for headings: "Chicago 17th edition, notes and bibliography".
    pub fn title(self) -> &'static str {
        match self {
            Style::ChicagoNotes17 => "Chicago 17th edition, notes and bibliography",
            Style::ChicagoNotes18 => "Chicago 18th edition, notes and bibliography",
            Style::ChicagoAuthorDate17 => "Chicago 17th edition, author-date",
            Style::ChicagoAuthorDate18 => "Chicago 18th edition, author-date",
            Style::Apa => "APA 7th edition",
            Style::Mla => "MLA 9th edition",
        }
    }

    /// A style by name. Besides the names of [`Style::name`], `chicago`, `chicago-notes` and
    /// `turabian` mean the 17th-edition notes style and `chicago-author-date` the 17th-edition
    /// author-date style (see the type's documentation for why the 17th).
    pub fn parse(s: &str) -> Option<Style> {
        let s = s.trim().to_ascii_lowercase();
        if let Some(style) = Style::ALL.into_iter().find(|st| st.name() == s) {
            return Some(style);
        }
        Some(match s.as_str() {
            "chicago" | "chicago-notes" | "turabian" => Style::ChicagoNotes17,
            "chicago-author-date" => Style::ChicagoAuthorDate17,
            "apa-7" | "american-psychological-association" => Style::Apa,
            "mla-9" | "modern-language-association" => Style::Mla,
            _ => return None,
        })
    }

    fn is_chicago(self) -> bool {
        matches!(
            self,
            Style::ChicagoNotes17
                | Style::ChicagoNotes18
                | Style::ChicagoAuthorDate17
                | Style::ChicagoAuthorDate18
        )
    }

    fn archived(self) -> ArchivedStyle {
        match self {
            Style::ChicagoNotes17 => ArchivedStyle::TurabianFullnote8,
            Style::ChicagoNotes18 => ArchivedStyle::ChicagoNotes,
            Style::ChicagoAuthorDate17 => ArchivedStyle::TurabianAuthorDate,
            Style::ChicagoAuthorDate18 => ArchivedStyle::ChicagoAuthorDate,
            Style::Apa => ArchivedStyle::AmericanPsychologicalAssociation,
            Style::Mla => ArchivedStyle::ModernLanguageAssociation,
        }
    }
}

impl Serialize for Style {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Why a bibliography could not be formatted.
#[derive(Debug, thiserror::Error)]
pub enum BibliographyError {
    /// The bundled CSL file is a dependent style (an alias of another), which hayagriva cannot
    /// format on its own. None of [`Style::ALL`] is; this guards a future hayagriva update.
    #[error("the bundled CSL style for {0} is not an independent style")]
    DependentStyle(&'static str),
}

/// One place a source is cited: the claim (`c12`) and the locator as a reader writes it
/// (`p. 24`), if the citation gives one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitedAt {
    /// The claim's label, `c12`.
    pub claim: String,
    /// The locator, `p. 24`, `pp. 24–26`, `ch. 3`.
    pub locator: Option<String>,
}

/// A stretch of formatted text with one formatting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Run {
    text: String,
    italic: bool,
    bold: bool,
    small_caps: bool,
    sup: bool,
    sub: bool,
    /// The target when the run is a link (a DOI or URL).
    link: Option<String>,
}

impl Run {
    fn same_format(&self, other: &Run) -> bool {
        (
            self.italic,
            self.bold,
            self.small_caps,
            self.sup,
            self.sub,
            &self.link,
        ) == (
            other.italic,
            other.bold,
            other.small_caps,
            other.sup,
            other.sub,
            &other.link,
        )
    }
}

/// One formatted source with its annotation and uses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BibEntry {
    /// The source's citation key.
    pub key: String,
    /// The reference in plain text (no markup, no terminal escapes).
    pub text: String,
    /// The source's `annotation` (or `annote`), whitespace collapsed.
    pub annotation: Option<String>,
    /// Where the essays cite it, in document order; empty when they don't.
    pub cited_at: Vec<CitedAt>,
    #[serde(skip)]
    runs: Vec<Run>,
}

/// The annotated bibliography: entries in the style's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bibliography {
    /// The style the entries are formatted in.
    pub style: Style,
    /// The entries, sorted as the style sorts its bibliography.
    pub entries: Vec<BibEntry>,
}

impl Bibliography {
    /// Formats `sources` in `style`. `cited_at(key)` says where the essays cite a source.
    pub fn build(
        sources: &[Source],
        style: Style,
        cited_at: impl Fn(&str) -> Vec<CitedAt>,
    ) -> Result<Bibliography, BibliographyError> {
        let citationberg::Style::Independent(csl) = style.archived().get() else {
            return Err(BibliographyError::DependentStyle(style.name()));
        };
        let locales = locales();
        let entries: Vec<hayagriva::Entry> =
            sources.iter().map(|s| entry::entry(s, style)).collect();
        let mut driver = BibliographyDriver::new();
        // One hidden citation of everything: the CSL equivalent of `\nocite{*}`, so every
        // source is listed whether the essay cites it or not.
        let items = entries
            .iter()
            .map(|e| CitationItem::new(e, None, None, true, None))
            .collect();
        driver.citation(CitationRequest::from_items(items, &csl, &locales));
        let rendered = driver.finish(BibliographyRequest::new(&csl, None, &locales));
        let items = rendered.bibliography.map(|b| b.items).unwrap_or_default();
        let entries = items
            .into_iter()
            .filter_map(|item| {
                let source = sources.iter().find(|s| s.key == item.key)?;
                let mut walker = Walker {
                    runs: Vec::new(),
                    repair_editors: style.is_chicago(),
                    swallow_period: false,
                };
                if let Some(first) = &item.first_field {
                    walker.child(first);
                    push_run(&mut walker.runs, Run::plain(" "));
                }
                walker.children(&item.content);
                let runs = walker.runs;
                Some(BibEntry {
                    text: runs.iter().map(|r| r.text.as_str()).collect(),
                    annotation: source.annotation().map(collapse_whitespace),
                    cited_at: cited_at(&source.key),
                    key: item.key,
                    runs,
                })
            })
            .collect();
        Ok(Bibliography { style, entries })
    }

    /// Plain text: each reference on a line, its annotation and uses indented below it.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        for (k, e) in self.entries.iter().enumerate() {
            if k > 0 {
                writeln!(out)?;
            }
            writeln!(out, "{}", e.text)?;
            if let Some(a) = &e.annotation {
                writeln!(out, "    {a}")?;
            }
            writeln!(out, "    {}", uses_text(&e.cited_at, &|c| c.to_string()))?;
        }
        Ok(())
    }

    /// Markdown: one list item per reference (italics as `*...*`), the annotation and uses as
    /// its following paragraphs. Every piece of user text is escaped.
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        for (k, e) in self.entries.iter().enumerate() {
            if k > 0 {
                writeln!(out)?;
            }
            writeln!(out, "- {}", markdown_runs(&e.runs))?;
            if let Some(a) = &e.annotation {
                writeln!(out, "\n  {}", markdown_escape(a))?;
            }
            let uses = uses_text(&e.cited_at, &|c| markdown_escape(c));
            writeln!(out, "\n  {uses}")?;
        }
        Ok(())
    }

    /// An HTML fragment: a `<div class="bib-entry" id="ref-KEY">` per reference, uses linked
    /// to their claims (`#c12`). Every piece of user text is escaped.
    pub fn write_html(&self, out: &mut dyn Write) -> io::Result<()> {
        for e in &self.entries {
            writeln!(
                out,
                "<div class=\"bib-entry\" id=\"{}\">",
                escape_html(&anchor("ref-", &e.key))
            )?;
            writeln!(out, "<p class=\"reference\">{}</p>", html_runs(&e.runs))?;
            if let Some(a) = &e.annotation {
                writeln!(out, "<p class=\"annotation\">{}</p>", escape_html(a))?;
            }
            let link = |c: &str| {
                let c = escape_html(c);
                format!("<a href=\"#{c}\">{c}</a>")
            };
            writeln!(
                out,
                "<p class=\"cited-at\">{}</p>",
                uses_text_escaped(&e.cited_at, &link, &escape_html)
            )?;
            writeln!(out, "</div>")?;
        }
        Ok(())
    }
}

/// "Cited at c12 (p. 24), c14 (p. 25)." or "Not cited." with the claim labels passed through
/// `claim` (plain, escaped or linked).
fn uses_text(cited: &[CitedAt], claim: &dyn Fn(&str) -> String) -> String {
    uses_text_escaped(cited, claim, &|s| s.to_string())
}

fn uses_text_escaped(
    cited: &[CitedAt],
    claim: &dyn Fn(&str) -> String,
    escape: &dyn Fn(&str) -> String,
) -> String {
    if cited.is_empty() {
        return "Not cited.".to_string();
    }
    let places: Vec<String> = cited
        .iter()
        .map(|c| match &c.locator {
            Some(l) => format!("{} ({})", claim(&c.claim), escape(l)),
            None => claim(&c.claim),
        })
        .collect();
    format!("Cited at {}.", places.join(", "))
}

/// An HTML id for a key with a prefix: whitespace (not allowed in ids) becomes `-`.
pub(crate) fn anchor(prefix: &str, key: &str) -> String {
    let mut id = String::from(prefix);
    id.extend(key.chars().map(|c| if c.is_whitespace() { '-' } else { c }));
    id
}

/// Escapes text for HTML content and double-quoted attribute values alike.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Run {
    fn plain(text: &str) -> Run {
        Run {
            text: text.to_string(),
            ..Run::default()
        }
    }

    fn formatted(text: &str, f: &Formatting) -> Run {
        Run {
            text: text.to_string(),
            italic: f.font_style == FontStyle::Italic,
            bold: f.font_weight == FontWeight::Bold,
            small_caps: f.font_variant == FontVariant::SmallCaps,
            sup: f.vertical_align == VerticalAlign::Sup,
            sub: f.vertical_align == VerticalAlign::Sub,
            link: None,
        }
    }
}

/// Walks hayagriva's element tree into runs of formatted text.
struct Walker {
    runs: Vec<Run>,
    /// Whether to repair a leading editors-only name list (see [`Walker::editors_repair`]).
    repair_editors: bool,
    /// The repaired names end in "ed." or "eds.": the style's own period after the names
    /// is then dropped once, as a CSL processor collapses doubled punctuation.
    swallow_period: bool,
}

impl Walker {
    fn children(&mut self, children: &ElemChildren) {
        for child in &children.0 {
            self.child(child);
        }
    }

    fn child(&mut self, child: &ElemChild) {
        match child {
            ElemChild::Text(t) => {
                let mut text = t.text.as_str();
                if std::mem::take(&mut self.swallow_period) {
                    text = text.strip_prefix('.').unwrap_or(text);
                }
                push_run(&mut self.runs, Run::formatted(text, &t.formatting));
            }
            ElemChild::Elem(e) => {
                if let Some(names) = self.editors_repair(e) {
                    push_run(&mut self.runs, Run::plain(&names));
                    self.swallow_period = true;
                    return;
                }
                // A block-level element (some styles split an entry into blocks) starts
                // after a space in running text.
                if e.display.is_some() && self.runs.last().is_some_and(|r| !r.text.ends_with(' ')) {
                    push_run(&mut self.runs, Run::plain(" "));
                }
                self.children(&e.children);
            }
            // Typst markup (from math chunks) has no meaning here: keep it as text.
            ElemChild::Markup(m) => push_run(&mut self.runs, Run::plain(m)),
            ElemChild::Link { text, url } => {
                let mut run = Run::formatted(&text.text, &text.formatting);
                run.link = Some(url.clone());
                push_run(&mut self.runs, run);
            }
            ElemChild::Transparent { .. } => {}
        }
    }

    /// hayagriva 0.10 drops the name options when the Chicago styles substitute editors for
    /// a missing author (typst/hayagriva#444): an edited volume starts "G. L. Curtis,
    /// S.-joo Han." with no "eds.". When an entry opens with such a list, this gives the
    /// Chicago form instead: "Curtis, Gerald L., and Sung-joo Han, eds." It stands aside
    /// once hayagriva inverts the first name itself, so a fixed hayagriva is not doubled.
    fn editors_repair(&self, e: &Elem) -> Option<String> {
        if !self.repair_editors || !self.runs.iter().all(|r| r.text.trim().is_empty()) {
            return None;
        }
        let Some(ElemMeta::Names(lists)) = &e.meta else {
            return None;
        };
        let [(persons, NameVariable::Editor)] = lists.as_slice() else {
            return None;
        };
        let first = persons.first()?;
        let rendered: String = plain_text(&e.children);
        if rendered.starts_with(&format!("{}, ", first.name)) {
            return None;
        }
        Some(chicago_names(persons))
    }
}

/// The text of elements without formatting.
fn plain_text(children: &ElemChildren) -> String {
    let mut w = Walker {
        runs: Vec::new(),
        repair_editors: false,
        swallow_period: false,
    };
    w.children(children);
    w.runs.into_iter().map(|r| r.text).collect()
}

/// Editors as a Chicago bibliography lists them (CMOS 17 14.76, 14.103): the first name
/// inverted, the others in natural order, "and" before the last (with a comma from three
/// names on, and for two since the first is inverted), then "ed." or "eds."; more than ten
/// names are cut to seven and "et al." (14.76).
fn chicago_names(persons: &[hayagriva::types::Person]) -> String {
    let shown = if persons.len() > 10 {
        &persons[..7]
    } else {
        persons
    };
    let mut names: Vec<String> = Vec::with_capacity(shown.len());
    for (k, p) in shown.iter().enumerate() {
        let given = p.given_name.as_deref().unwrap_or_default();
        let prefix = p.prefix.as_deref().unwrap_or_default();
        let suffix = p.suffix.as_deref().unwrap_or_default();
        let name = if k == 0 {
            // Inverted; a particle follows the given name (the styles demote particles).
            let mut s = p.name.clone();
            let rest = [given, prefix]
                .iter()
                .filter(|x| !x.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            if !rest.is_empty() {
                s.push_str(", ");
                s.push_str(&rest);
            }
            if !suffix.is_empty() {
                s.push_str(", ");
                s.push_str(suffix);
            }
            s
        } else {
            [given, prefix, &p.name, suffix]
                .iter()
                .filter(|x| !x.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        names.push(name);
    }
    let mut out = match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n if persons.len() > 10 => format!("{} et al.", names[..n].join(", ")),
        n => format!("{}, and {}", names[..n - 1].join(", "), names[n - 1]),
    };
    out.push_str(if persons.len() == 1 {
        ", ed."
    } else {
        ", eds."
    });
    out
}

fn push_run(runs: &mut Vec<Run>, run: Run) {
    if run.text.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some(last) if last.same_format(&run) => last.text.push_str(&run.text),
        _ => runs.push(run),
    }
}

/// Markdown of runs: italic as `*...*`, bold as `**...**`, links as `[text](url)`. Spaces at
/// the edge of an emphasis are moved outside it, where Markdown needs them.
fn markdown_runs(runs: &[Run]) -> String {
    let mut out = String::new();
    for r in runs {
        let lead = &r.text[..r.text.len() - r.text.trim_start().len()];
        let trimmed = r.text.trim();
        let tail = &r.text[lead.len() + trimmed.len()..];
        let mut body = markdown_escape(trimmed);
        if !trimmed.is_empty() {
            if r.bold {
                body = format!("**{body}**");
            }
            if r.italic {
                body = format!("*{body}*");
            }
            if let Some(url) = r.link.as_deref().filter(|u| is_web_url(u)) {
                // An autolink shows the URL as it is (no escapes are read inside one).
                body = if trimmed == url && !url.contains(['<', '>', ' ']) && !r.italic && !r.bold {
                    format!("<{url}>")
                } else {
                    let target = url
                        .replace('(', "%28")
                        .replace(')', "%29")
                        .replace(' ', "%20");
                    format!("[{body}]({target})")
                };
            }
        }
        out.push_str(lead);
        out.push_str(&body);
        out.push_str(tail);
    }
    block_start_escape(&out)
}

/// Escapes what would make the start of a Markdown block something else: a heading (`#`), a
/// list (`+`, `-`, `1984.`), a thematic break or setext underline (`=`). A reference whose
/// title comes first ("1984. London: Secker, 1949.") stays a paragraph.
fn block_start_escape(s: &str) -> String {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match s[digits..].chars().next() {
        Some(c @ ('.' | ')')) if digits > 0 => format!("{}\\{c}{}", &s[..digits], &s[digits + 1..]),
        Some('#' | '+' | '-' | '=') if digits == 0 => format!("\\{s}"),
        _ => s.to_string(),
    }
}

/// HTML of runs, every text escaped; only http(s) links become anchors, so a `javascript:`
/// URL in a user's entry stays inert text.
fn html_runs(runs: &[Run]) -> String {
    let mut out = String::new();
    for r in runs {
        let mut body = escape_html(&r.text);
        for (on, open, close) in [
            (r.italic, "<i>", "</i>"),
            (r.bold, "<b>", "</b>"),
            (r.small_caps, "<span class=\"sc\">", "</span>"),
            (r.sup, "<sup>", "</sup>"),
            (r.sub, "<sub>", "</sub>"),
        ] {
            if on {
                body = format!("{open}{body}{close}");
            }
        }
        if let Some(url) = r.link.as_deref().filter(|u| is_web_url(u)) {
            body = format!("<a href=\"{}\">{body}</a>", escape_html(url));
        }
        out.push_str(&body);
    }
    out
}

fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}
