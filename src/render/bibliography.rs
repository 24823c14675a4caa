//! The annotated bibliography: each source formatted in a real citation style through CSL
//! (hayagriva 0.10 with its bundled styles), sorted as the style sorts, followed by the
//! user's annotation and where the essays cite it. Written as plain text, Markdown or an HTML
//! fragment.
//!
//! This module owns the choice of styles (`Style`, our own enum: no clap here) and the
//! shape of an annotated entry. Beside it, `entry` builds hayagriva entries from our
//! `Source`, and `runs` walks hayagriva's formatted output into text and escapes it. It does
//! not decide which sources belong in the list (the caller passes them) or find where a
//! source is cited (the caller says, through `cited_at`).
//!
//! Plain text is built from hayagriva's element tree, never through its `Display`, which
//! writes terminal escapes; HTML is built the same way with our own escaping, because
//! hayagriva's HTML writer copies titles and URLs into the markup unescaped.

mod entry;
mod runs;
#[cfg(test)]
mod tests;

use std::io::{self, Write};
use std::sync::Arc;

use hayagriva::archive::{ArchivedStyle, locales};
use hayagriva::citationberg;
use hayagriva::{BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest};
use serde::{Serialize, Serializer};

pub use runs::escape_html;
use runs::{Run, html_runs, markdown_runs};

use super::listing::markdown_escape;
use crate::model::Source;

/// A citation style of the bibliography.
///
/// Chicago comes in two editions. The 17th is the default because the example essay follows
/// its habits: its reading list gives the place of publication ("Seoul: Institute for
/// Military History, 2014"), which the 18th edition (2024) leaves out.
///
/// Besides the six named here (whose output the tests pin), any style of hayagriva's bundled
/// CSL archive (`ieee`, `nature`, `harvard-cite-them-right`, ...) and any independent CSL
/// file the user gives.
#[derive(Debug, Clone, PartialEq, Default)]
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
    /// Another style of the bundled archive, by its archive name.
    Archive(ArchivedStyle),
    /// An independent CSL style read from a file.
    File(Arc<CslFile>),
}

/// A CSL style from a file (`--csl FILE`).
#[derive(Debug)]
pub struct CslFile {
    /// The file name without `.csl`, as the style is named in output.
    pub name: String,
    /// The style's own title (`<info><title>`).
    pub title: String,
    /// Whether its bibliography prints the CSL `note` variable: annotated-bibliography styles
    /// do, and then get the annotation there (as Zotero hands it to them).
    prints_note: bool,
    csl: citationberg::IndependentStyle,
}

impl PartialEq for CslFile {
    fn eq(&self, other: &CslFile) -> bool {
        self.name == other.name && self.title == other.title
    }
}

impl CslFile {
    /// Reads a CSL file's text. `name` is what output calls the style (the file's stem).
    pub fn parse(name: &str, xml: &str) -> Result<CslFile, BibliographyError> {
        let style = citationberg::Style::from_xml(xml)
            .map_err(|e| BibliographyError::BadCsl(e.to_string()))?;
        let csl = match style {
            citationberg::Style::Independent(csl) => csl,
            citationberg::Style::Dependent(d) => {
                return Err(BibliographyError::DependentCsl(
                    d.parent_link.href.to_string(),
                ));
            }
        };
        if csl.bibliography.is_none() {
            return Err(BibliographyError::NoBibliography);
        }
        let prints_note = xml
            .split_once("<bibliography")
            .is_some_and(|(_, bib)| bib.contains("variable=\"note\""));
        Ok(CslFile {
            name: name.to_string(),
            title: csl.info.title.value.clone(),
            prints_note,
            csl,
        })
    }
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

    /// The name users type and JSON shows: `chicago-notes-17`, `apa`, `ieee`, or a CSL
    /// file's stem.
    pub fn name(&self) -> &str {
        match self {
            Style::Archive(a) => a.names()[0],
            Style::File(f) => &f.name,
            named => named.preset_name(),
        }
    }

    /// The name of one of the six named styles (`""` for the others).
    fn preset_name(&self) -> &'static str {
        match self {
            Style::ChicagoNotes17 => "chicago-notes-17",
            Style::ChicagoNotes18 => "chicago-notes-18",
            Style::ChicagoAuthorDate17 => "chicago-author-date-17",
            Style::ChicagoAuthorDate18 => "chicago-author-date-18",
            Style::Apa => "apa",
            Style::Mla => "mla",
            Style::Archive(_) | Style::File(_) => "",
        }
    }

    /// Every name `--style` takes: the six named styles, then the rest of the archive.
    pub fn names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Style::ALL.iter().map(Style::preset_name).collect();
        let taken: Vec<ArchivedStyle> = Style::ALL.iter().filter_map(Style::archived).collect();
        names.extend(
            ArchivedStyle::all()
                .iter()
                .filter(|a| !taken.contains(a))
                .flat_map(|a| a.names().iter().copied()),
        );
        names
    }

    /// A title for headings: "Chicago 17th edition, notes and bibliography".
    pub fn title(&self) -> &str {
        match self {
            Style::Archive(a) => a.display_name(),
            Style::File(f) => &f.title,
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
    ///
    /// Any other name of hayagriva's archive (`ieee`, `nature`, ...) is that style; an archive
    /// name of one of the six (`american-psychological-association`) is the named style.
    pub fn parse(s: &str) -> Option<Style> {
        let s = s.trim().to_ascii_lowercase();
        if let Some(style) = Style::ALL.into_iter().find(|st| st.name() == s) {
            return Some(style);
        }
        Some(match s.as_str() {
            "chicago" | "chicago-notes" | "turabian" => Style::ChicagoNotes17,
            "chicago-author-date" => Style::ChicagoAuthorDate17,
            "apa-7" => Style::Apa,
            "mla-9" => Style::Mla,
            _ => {
                let archived = ArchivedStyle::by_name(&s)?;
                Style::ALL
                    .into_iter()
                    .find(|st| st.archived() == Some(archived))
                    .unwrap_or(Style::Archive(archived))
            }
        })
    }

    fn is_chicago(&self) -> bool {
        matches!(
            self.archived(),
            Some(
                ArchivedStyle::TurabianFullnote8
                    | ArchivedStyle::ChicagoNotes
                    | ArchivedStyle::TurabianAuthorDate
                    | ArchivedStyle::ChicagoAuthorDate
            )
        )
    }

    fn archived(&self) -> Option<ArchivedStyle> {
        Some(match self {
            Style::ChicagoNotes17 => ArchivedStyle::TurabianFullnote8,
            Style::ChicagoNotes18 => ArchivedStyle::ChicagoNotes,
            Style::ChicagoAuthorDate17 => ArchivedStyle::TurabianAuthorDate,
            Style::ChicagoAuthorDate18 => ArchivedStyle::ChicagoAuthorDate,
            Style::Apa => ArchivedStyle::AmericanPsychologicalAssociation,
            Style::Mla => ArchivedStyle::ModernLanguageAssociation,
            Style::Archive(a) => *a,
            Style::File(_) => return None,
        })
    }

    /// Whether the annotation belongs in the CSL `note` variable (see [`CslFile`]).
    fn annotation_as_note(&self) -> bool {
        matches!(self, Style::File(f) if f.prints_note)
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
    DependentStyle(String),
    /// A CSL file that is not CSL XML.
    #[error("not a CSL style: {0}")]
    BadCsl(String),
    /// A CSL file that only points at another style.
    #[error("a dependent CSL style (it only names its parent, {0}); give the parent's file")]
    DependentCsl(String),
    /// A style under which hayagriva formats every source as empty text (some CSL files use
    /// what hayagriva 0.10 does not support): refused rather than printed blank.
    #[error("the style {0} formats every source as empty text (hayagriva cannot render it)")]
    EmptyOutput(String),
    /// A CSL file with no `<bibliography>`: it formats citations only.
    #[error("the CSL style has no <bibliography> section, so it cannot list sources")]
    NoBibliography,
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
        let archived;
        let csl = match (&style, style.archived().map(ArchivedStyle::get)) {
            (Style::File(f), _) => &f.csl,
            (_, Some(citationberg::Style::Independent(csl))) => {
                archived = csl;
                &archived
            }
            _ => return Err(BibliographyError::DependentStyle(style.name().to_string())),
        };
        let locales = locales();
        let entries: Vec<hayagriva::Entry> =
            sources.iter().map(|s| entry::entry(s, &style)).collect();
        let mut driver = BibliographyDriver::new();
        // One hidden citation of everything: the CSL equivalent of `\nocite{*}`, so every
        // source is listed whether the essay cites it or not.
        let items = entries
            .iter()
            .map(|e| CitationItem::new(e, None, None, true, None))
            .collect();
        driver.citation(CitationRequest::from_items(items, csl, &locales));
        let rendered = driver.finish(BibliographyRequest::new(csl, None, &locales));
        let items = rendered.bibliography.map(|b| b.items).unwrap_or_default();
        let entries = items
            .into_iter()
            .filter_map(|item| {
                let source = sources.iter().find(|s| s.key == item.key)?;
                let runs = runs::walk(&item, style.is_chicago());
                let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                // A style that prints the annotation itself (as `note`) is not given it twice.
                let annotation = source
                    .annotation()
                    .map(collapse_whitespace)
                    .filter(|a| !(style.annotation_as_note() && text.contains(a.as_str())));
                Some(BibEntry {
                    text,
                    annotation,
                    cited_at: cited_at(&source.key),
                    key: item.key,
                    runs,
                })
            })
            .collect::<Vec<BibEntry>>();
        if !entries.is_empty() && entries.iter().all(|e| e.text.trim().is_empty()) {
            return Err(BibliographyError::EmptyOutput(style.name().to_string()));
        }
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
            let plain = |s: &str| s.to_string();
            writeln!(out, "    {}", uses_text(&e.cited_at, &plain, &plain))?;
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
            let uses = uses_text(&e.cited_at, &markdown_escape, &markdown_escape);
            writeln!(out, "\n  {uses}")?;
        }
        Ok(())
    }

    /// An HTML fragment: a `<div class="bib-entry" id="ref-KEY">` per reference. With
    /// `link_claims` the uses link to their claims (`#c12`), for a page that has them (the
    /// report); without, they are plain text, so no link goes nowhere. Every piece of user
    /// text is escaped.
    pub fn write_html(&self, out: &mut dyn Write, link_claims: bool) -> io::Result<()> {
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
                if link_claims {
                    format!("<a href=\"#{c}\">{c}</a>")
                } else {
                    c
                }
            };
            writeln!(
                out,
                "<p class=\"cited-at\">{}</p>",
                uses_text(&e.cited_at, &link, &escape_html)
            )?;
            writeln!(out, "</div>")?;
        }
        Ok(())
    }
}

/// The style sheet of the bibliography page: entries with a hanging indent, each annotation
/// set apart below its entry (indented, with a rule beside it), the uses muted.
const PAGE_CSS: &str = "\
body { font: 1.05rem/1.55 Georgia, 'Times New Roman', serif; color: #1d1d1f; background: #fff;
  max-width: 46rem; margin: 2.5rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
.style { color: #5f6368; margin: 0 0 2rem; font-size: .95rem; }
.bib-entry { margin: 0 0 1.4rem; }
.bib-entry .reference { padding-left: 2.5em; text-indent: -2.5em; margin: 0; }
.bib-entry .annotation { margin: .4rem 0 0 2.5em; padding: .1rem 0 .1rem .8em;
  border-left: 3px solid #c9d3e0; font-style: italic; }
.bib-entry .cited-at { margin: .3rem 0 0 2.5em; color: #5f6368; font-size: .9rem; }
@media print { body { margin: 0; max-width: none; } }
";

impl Bibliography {
    /// A whole HTML page (`bibliography --format html`): the entries of
    /// [`Bibliography::write_html`] (uses as plain text) under a title naming the style, with
    /// the page's own style sheet. Self-contained: nothing is loaded from elsewhere.
    pub fn write_html_page(&self, out: &mut dyn Write, title: &str) -> io::Result<()> {
        writeln!(out, "<!DOCTYPE html>")?;
        writeln!(out, "<html lang=\"en\">")?;
        writeln!(out, "<head>")?;
        writeln!(out, "<meta charset=\"utf-8\">")?;
        writeln!(
            out,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        )?;
        writeln!(out, "<title>{}</title>", escape_html(title))?;
        writeln!(out, "<style>\n{PAGE_CSS}</style>")?;
        writeln!(out, "</head>")?;
        writeln!(out, "<body>")?;
        writeln!(out, "<h1>{}</h1>", escape_html(title))?;
        writeln!(
            out,
            "<p class=\"style\">{}</p>",
            escape_html(self.style.title())
        )?;
        self.write_html(out, false)?;
        writeln!(out, "</body>")?;
        writeln!(out, "</html>")
    }
}

/// "Cited at c12 (p. 24), c14 (p. 25)." or "Not cited.", with the claim labels passed
/// through `claim` (plain, escaped or linked) and the locators through `escape`.
fn uses_text(
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

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
