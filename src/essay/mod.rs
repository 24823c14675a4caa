//! Essay text -> a `Document`: its title and every unit in order (title, byline, headings,
//! sentences of paragraphs and list items, reference-list items, debris), each with its exact
//! byte span, line and column, section, paragraph and sentence number.
//!
//! This module owns the reading of documents into units: `read` has one reader per format
//! (plain text, Markdown, LaTeX), each giving blocks and a reading view (`Layout`), and
//! `assemble` walks any format's blocks the same way. It does not find
//! citation markers in a claim (`cite`), decide which claims need one (`check`), or read files
//! (`cli`): `parse` is a function from a path and a string to a value.
//!
//! Numbering: every block counts as a paragraph (a heading, a list item and each reference
//! item too); `sentence` counts within it and is 1 for units that are not split. A unit's
//! `section` is the text of the heading above it (a heading's own text for the heading), and
//! `None` before the first heading; the title opens no section.
//!
//! Inside: `block` finds blocks from the line structure, `role` judges what a block is from
//! its words, `sentence` splits running text using the lists in `abbrev`. This file walks the
//! blocks in order and keeps the state that needs order: whether the title was seen, which
//! section we are in, whether the reference list has begun. `anchor` finds old claims again
//! in an edited text, so a re-import keeps the user's links.

mod abbrev;
pub mod anchor;
mod block;
mod notes;
pub mod read;
mod role;
mod sentence;

#[cfg(test)]
mod sentence_cases;
#[cfg(test)]
mod tests;

use std::ops::Range;

use sha2::{Digest, Sha256};

use crate::model::{Claim, ClaimKind, Document, Note};

use abbrev::Abbreviations;
use block::{Block, BlockKind};

/// How to read a project's essays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Extra abbreviations (written with or without the final dot, any case) added to the
    /// built-in English list; a full stop after one ends a sentence only before a common
    /// sentence opener such as "The" or "He".
    pub abbreviations: Vec<String>,
}

/// Reads `text` (the essay as imported from `path`) into a document: its hash, its title and
/// every unit of the text in order. Citations are left empty and ids unset.
pub fn parse(path: &str, text: &str, opts: &Options) -> Document {
    let layout = Layout {
        view: text.to_string(),
        split: None,
        blocks: block::scan(text),
        structured: false,
        locations: None,
        title: None,
        notes: Vec::new(),
        note_view: None,
    };
    assemble(path, text.to_string(), layout, opts)
}

/// The shown location (line and column, or a format's own pair) of a byte offset.
pub(crate) type Locate = Box<dyn Fn(usize) -> (u32, u32)>;

/// What a format reader (`read`) hands to the walk that every format shares: the blocks of
/// the document and the view their claims are cut from.
pub(crate) struct Layout {
    /// The document text with markup blanked, byte for byte at the same offsets
    /// (`read::view`); the text itself for plain text.
    pub view: String,
    /// The view with what can never end or open a sentence blanked as well (a LaTeX
    /// `\footnote{...}`, a citation command glued to a full stop), for the sentence splitter;
    /// a sentence then reaches over such markup up to the next one.
    pub split: Option<String>,
    pub blocks: Vec<Block>,
    /// The blocks' kinds come from the format's own structure: a short paragraph is never
    /// guessed to be a heading, nor "1. Introduction" alone a numbered heading.
    pub structured: bool,
    /// The location shown for a unit starting at a byte offset, when it is not the line and
    /// column of the text (a Word paragraph and character).
    pub locations: Option<Locate>,
    /// The title the format states (LaTeX `\title`, YAML `title:`), if any.
    pub title: Option<String>,
    /// For each `BlockKind::Note` block (by the start of its span): its label and marker.
    pub notes: Vec<(usize, Note)>,
    /// The view note blocks are cut from, when a note is written inside its sentence (a
    /// LaTeX `\footnote{...}`): the running text's view blanks the note's words, this one
    /// shows them. Same length as `view`.
    pub note_view: Option<String>,
}

/// The walk over a reader's blocks: roles, sections, sentences, locations.
pub(crate) fn assemble(path: &str, text: String, layout: Layout, opts: &Options) -> Document {
    let Layout {
        view,
        split,
        blocks,
        structured,
        locations,
        title,
        notes,
        note_view,
    } = layout;
    debug_assert_eq!(view.len(), text.len());
    let note_view = note_view.filter(|v| v.len() == view.len());
    let mut reader = Reader {
        original: &text,
        text: &view,
        split: split.as_deref().unwrap_or(&view),
        abbr: Abbreviations::new(&opts.abbreviations),
        lines: LineIndex::new(&text),
        locations,
        claims: Vec::new(),
        title,
        section: None,
        paragraph: 0,
        body_started: false,
        in_references: false,
        structured,
        notes: notes.into_iter().rev().collect(),
        note_view: note_view.as_deref(),
    };
    for (k, block) in blocks.iter().enumerate() {
        let is_item = |j: Option<usize>| {
            j.and_then(|j| blocks.get(j))
                .is_some_and(|b| b.kind == BlockKind::ListItem)
        };
        let in_list = is_item(k.checked_sub(1)) || is_item(Some(k + 1));
        reader.block(block, in_list);
    }
    if !structured {
        // Plain text marks its notes by layout only; structured formats have real ones.
        notes::mark(&mut reader.claims);
    }
    let (title, claims) = (reader.title, reader.claims);
    Document {
        id: None,
        path: path.to_string(),
        title,
        hash: sha256_hex(&text),
        text,
        claims,
    }
}

/// Splits one paragraph of running text into sentences: byte ranges into `text`, trimmed of
/// whitespace. For re-segmenting a single passage; `parse` does this for whole documents.
pub fn sentences(text: &str, opts: &Options) -> Vec<Range<usize>> {
    sentence::split(text, &Abbreviations::new(&opts.abbreviations))
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The walk over blocks and the state it needs.
struct Reader<'a> {
    /// The document's text (the file the user edits): claims' spans are into it.
    original: &'a str,
    /// The view claims are cut from (`Layout::view`).
    text: &'a str,
    /// The view sentences are split in (`Layout::split`).
    split: &'a str,
    abbr: Abbreviations,
    lines: LineIndex,
    locations: Option<Locate>,
    claims: Vec<Claim>,
    title: Option<String>,
    section: Option<String>,
    paragraph: u32,
    /// A heading or a paragraph of running text was seen: no title can come after it.
    body_started: bool,
    in_references: bool,
    structured: bool,
    /// `Layout::notes` by the start of each note's block (a lookup per note block, not a
    /// scan: a file of 10^4 notes stays linear).
    notes: std::collections::HashMap<usize, Note>,
    /// `Layout::note_view`.
    note_view: Option<&'a str>,
}

impl Reader<'_> {
    /// Reads one block; `in_list` says whether a neighbouring block is a list item too.
    fn block(&mut self, block: &Block, in_list: bool) {
        let text = self.text;
        let span = block.span.clone();
        let body = &text[span.clone()];
        self.paragraph += 1;
        match block.kind {
            BlockKind::Markup => self.push(ClaimKind::Other, 1, span),
            BlockKind::Title => {
                let visible = block.heading.clone().unwrap_or(span.clone());
                let name = role::collapse(&text[visible]);
                if self.title.is_none() {
                    self.title = Some(name);
                }
                self.push(ClaimKind::Title, 1, span);
            }
            BlockKind::Byline => self.push(ClaimKind::Byline, 1, span),
            BlockKind::Note => {
                let note = self.notes.remove(&span.start);
                match self.note_view {
                    Some(view) => {
                        let text = std::mem::replace(&mut self.text, view);
                        self.push(ClaimKind::Note, 1, span);
                        self.text = text;
                    }
                    None => self.push(ClaimKind::Note, 1, span),
                }
                if let Some(unit) = self.claims.last_mut() {
                    unit.note = note;
                }
            }
            BlockKind::FrontMatter => {
                self.title = self.title.take().or_else(|| role::front_matter_title(body));
                self.push(ClaimKind::Other, 1, span);
            }
            BlockKind::Heading(level) => {
                let visible = block.heading.clone().unwrap_or(span.clone());
                let name = role::collapse(&text[visible]);
                if role::is_debris(&name) {
                    self.push(ClaimKind::Other, 1, span);
                } else {
                    self.title_or_heading(name, span, level == 1);
                }
            }
            _ if role::is_debris(body) => self.push(ClaimKind::Other, 1, span),
            BlockKind::Text if self.in_references && role::ends_reference_list(body) => {
                self.heading(role::collapse(body), span)
            }
            BlockKind::Text if self.in_references => {
                let items = role::reference_items(text, span);
                for (k, item) in items.into_iter().enumerate() {
                    if k > 0 {
                        self.paragraph += 1;
                    }
                    self.push(ClaimKind::Reference, 1, item);
                }
            }
            BlockKind::ListItem | BlockKind::Quote if self.in_references => {
                self.push(ClaimKind::Reference, 1, span)
            }
            // "1. Introduction" alone between paragraphs is a numbered heading, not a list.
            BlockKind::ListItem
                if !self.structured && !in_list && role::looks_like_heading(body) =>
            {
                self.heading(role::collapse(body), span)
            }
            BlockKind::Text if self.section.is_none() && role::is_byline(body) => {
                self.push(ClaimKind::Byline, 1, span)
            }
            BlockKind::Text if !self.structured && role::looks_like_heading(body) => {
                self.title_or_heading(role::collapse(body), span, true)
            }
            BlockKind::Text | BlockKind::ListItem | BlockKind::Quote => {
                self.body_started = true;
                let content = block.content;
                let parts = self.sentences(content..span.end);
                if parts.is_empty() {
                    // A marker with nothing after it (a bare ">"): markup, not a claim.
                    self.push(ClaimKind::Other, 1, span);
                    return;
                }
                for (k, part) in parts.into_iter().enumerate() {
                    // The first sentence also carries the list or quote marker before it.
                    let start = if k == 0 {
                        span.start
                    } else {
                        content + part.start
                    };
                    self.push(ClaimKind::Claim, k as u32 + 1, start..content + part.end);
                }
            }
        }
    }

    /// The first heading-like line before any body text is the title (a Markdown heading only
    /// at level 1); later ones are headings.
    fn title_or_heading(&mut self, name: String, span: Range<usize>, can_be_title: bool) {
        if can_be_title && self.title.is_none() && !self.body_started {
            self.title = Some(name);
            self.push(ClaimKind::Title, 1, span);
        } else {
            self.heading(name, span);
        }
    }

    fn heading(&mut self, name: String, span: Range<usize>) {
        self.body_started = true;
        self.in_references = role::is_reference_heading(role::strip_section_number(&name));
        self.section = Some(name);
        self.push(ClaimKind::Heading, 1, span);
    }

    /// The sentences of `range`, split in the split view and each reaching over the markup
    /// that view blanked up to the next sentence (a footnote after its full stop).
    fn sentences(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let mut parts = sentence::split(&self.split[range.clone()], &self.abbr);
        if std::ptr::eq(self.split, self.text) {
            return parts;
        }
        let view = &self.text[range];
        for k in 0..parts.len() {
            let until = parts.get(k + 1).map_or(view.len(), |p| p.start);
            let gap = &view[parts[k].end..until];
            parts[k].end += gap.trim_end_matches(sentence::is_blank).len();
        }
        // Markup before the first sentence (a note marker opening a paragraph) is its start.
        if let Some(first) = parts.first_mut() {
            let lead = &view[..first.start];
            first.start = lead.len() - lead.trim_start_matches(sentence::is_blank).len();
        }
        parts
    }

    fn push(&mut self, kind: ClaimKind, sentence: u32, span: Range<usize>) {
        // The view blanks markup byte for byte, so a sentence can end inside what was a
        // character of several bytes in the file (a dash in a LaTeX command, an HTML tag's
        // non-ASCII attribute): the span is widened to the whole character, which is a
        // boundary in the view too when the view blanked it (every byte of it a space). Where
        // the view kept a character the file does not have there (a byte-order mark inside
        // LaTeX, which the fuzzer found), the span is widened until it is whole in both.
        let (file, view) = (self.original, self.text);
        let whole = |at: usize| {
            (at >= file.len() || file.is_char_boundary(at))
                && (at >= view.len() || view.is_char_boundary(at))
        };
        let mut span = span.start.min(view.len())..span.end.min(view.len());
        while span.start > 0 && !whole(span.start) {
            span.start -= 1;
        }
        while span.end < view.len() && !whole(span.end) {
            span.end += 1;
        }
        let (line, column) = match &self.locations {
            Some(at) => at(span.start),
            None => self.lines.position(self.original, span.start),
        };
        self.claims.push(Claim {
            kind,
            section: self.section.clone(),
            paragraph: self.paragraph,
            sentence,
            start: span.start,
            end: span.end,
            line,
            column,
            text: self.text[span].to_string(),
            ..Claim::default()
        });
    }
}

/// Byte offsets of line starts, for 1-based line and column (in characters) of any offset.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = text[self.starts[line]..offset].chars().count() + 1;
        (line as u32 + 1, column as u32)
    }
}
