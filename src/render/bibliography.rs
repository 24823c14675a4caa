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
                let runs = runs::walk(&item, style.is_chicago());
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
                uses_text(&e.cited_at, &link, &escape_html)
            )?;
            writeln!(out, "</div>")?;
        }
        Ok(())
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
