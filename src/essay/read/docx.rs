//! Word (`.docx`) -> the document's text and blocks: paragraphs, headings from their styles
//! (Title, Heading 1–6, by the style's name in `styles.xml`, so a localised id still counts),
//! list items (numbered paragraphs), tables and captions as non-claims, footnotes and endnotes
//! as notes numbered in the order their markers appear (Word's ids are not the printed
//! numbers), tracked changes read as accepted (insertions kept, deletions dropped), and the
//! citation fields of Zotero (`ADDIN ZOTERO_ITEM CSL_CITATION {...}`), legacy Mendeley
//! (`ADDIN CSL_CITATION {...}`) and EndNote (`ADDIN EN.CITE <EndNote>...`, or its records as
//! base64 `w:fldData` of an inner `EN.CITE.DATA` field), whose instruction Word splits over
//! runs and paragraphs; Zotero's bookmarked citations (`ZOTERO_BREF_<id>` bookmarks, their
//! instructions in `docProps/custom.xml`) and Mendeley Cite's content controls (tagged
//! `MENDELEY_CITATION_v3_<base64 CSL-JSON>`) as those fields are.
//!
//! A .docx has no text a user edits line by line, so the document's text is written here:
//! one block per Word paragraph, separated by blank lines; the notes after the body, each
//! opened by its label; a note's marker in the body as `[^3]` (3 = the printed number); a
//! citation field as the pandoc citation it stands for (`[see @key, p. 23]`) when its item has
//! a `citation-key`, else (and an EndNote field) as the author-date citation its records stand
//! for (`(Finley 1983, 150)`, from each item's first author and year), else as the citation
//! Word shows (found and resolved as any citation in text). A unit's location is its Word
//! paragraph and character: body paragraphs counted from
//! 1 in document order (empty ones and table cells included), then the notes' paragraphs.
//!
//! Bad input is an error naming the part: a damaged ZIP, no `word/document.xml`, XML that does
//! not parse. A citation whose data cannot be read is read as Word shows it, with a warning at
//! its Word paragraph and character. Sizes are capped (`zip`), and XML nesting cannot blow the stack (a pull parser,
//! no recursion); no entity is expanded but the five XML ones and character references.

use std::collections::HashMap;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};

use super::Warning;
use super::zip::Archive;
use crate::essay::block::{Block, BlockKind};
use crate::essay::{Layout, Locate};
use crate::model::Note;

/// What kind of paragraph a style makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Title,
    Heading(u8),
    Caption,
    Other,
}

/// One paragraph as read from the XML.
#[derive(Debug, Default)]
pub(super) struct Para {
    pub(super) text: String,
    pub(super) style: Option<String>,
    pub(super) list: bool,
    pub(super) in_table: bool,
    /// Markers in `text`: (byte offset, is endnote, Word's id).
    pub(super) notes: Vec<(usize, bool, String)>,
    /// Word's paragraph number (1-based, every `w:p` of the part).
    pub(super) number: u32,
    /// What could not be read here: (byte offset in `text`, what and what was done).
    pub(super) warnings: Vec<(usize, String)>,
}

/// Reads a .docx file; the error names the part that could not be read. The warnings
/// (a citation whose data cannot be read, read as Word shows it) are located by Word
/// paragraph and character.
pub(crate) fn layout(bytes: &[u8]) -> Result<(String, Layout, Vec<Warning>), String> {
    let zip = Archive::open(bytes).map_err(|e| format!("not a readable Word file: {e}"))?;
    let part = |name: &str| -> Result<Option<String>, String> {
        match zip.read(name)? {
            None => Ok(None),
            Some(b) => Ok(Some(
                String::from_utf8(b).map_err(|_| format!("{name}: not UTF-8"))?,
            )),
        }
    };
    let Some(document) = part("word/document.xml")? else {
        return Err(if zip.has("content.xml") {
            "an OpenDocument file renamed .docx: save it as .docx".into()
        } else {
            "word/document.xml is missing (not a Word document)".into()
        });
    };
    let styles = match part("word/styles.xml")? {
        Some(x) => style_names(&x).map_err(|e| format!("word/styles.xml: {e}"))?,
        None => HashMap::new(),
    };
    // Zotero's "store citations as bookmarks" mode keeps each citation's data in the
    // document's custom properties; a damaged part only loses those citations' data.
    let mut early = Vec::new();
    let bookmarks = match part("docProps/custom.xml") {
        Ok(Some(x)) => bookmark_citations(&x).unwrap_or_else(|e| {
            early.push(format!(
                "docProps/custom.xml: {e}; Zotero's bookmarked citations are read as Word shows them"
            ));
            HashMap::new()
        }),
        Ok(None) => HashMap::new(),
        Err(e) => {
            early.push(format!(
                "docProps/custom.xml: {e}; Zotero's bookmarked citations are read as Word shows them"
            ));
            HashMap::new()
        }
    };
    let body = paragraphs(&document, &bookmarks).map_err(|e| format!("word/document.xml: {e}"))?;
    let mut notes: HashMap<(bool, String), Vec<Para>> = HashMap::new();
    for (name, endnote) in [("word/footnotes.xml", false), ("word/endnotes.xml", true)] {
        if let Some(x) = part(name)? {
            for (id, paras) in note_bodies(&x, &bookmarks).map_err(|e| format!("{name}: {e}"))? {
                notes.insert((endnote, id), paras);
            }
        }
    }
    let (text, layout, mut warnings) = assemble(body, notes, &styles);
    for message in early.into_iter().rev() {
        warnings.insert(
            0,
            Warning {
                at: 0,
                message,
                place: Some((1, 1)),
            },
        );
    }
    Ok((text, layout, warnings))
}

/// Writes the text and its blocks (an OpenDocument text's too: `odt`).
pub(super) fn assemble(
    body: Vec<Para>,
    mut notes: HashMap<(bool, String), Vec<Para>>,
    styles: &HashMap<String, Style>,
) -> (String, Layout, Vec<Warning>) {
    let mut text = String::new();
    let mut warnings = Vec::new();
    let mut blocks = Vec::new();
    // (start offset in text, Word paragraph number) for locations.
    let mut starts: Vec<(usize, u32)> = Vec::new();
    // Labels in order of first reference, per kind; and each marker's span.
    let mut labels: HashMap<(bool, String), String> = HashMap::new();
    let mut counts = [0u32; 2];
    let mut markers: HashMap<String, (usize, usize)> = HashMap::new();
    let mut order: Vec<(bool, String)> = Vec::new();
    let mut table: Option<Range<usize>> = None;
    let mut last_number = 0;

    let flush_table = |table: &mut Option<Range<usize>>, blocks: &mut Vec<Block>| {
        if let Some(r) = table.take() {
            blocks.push(Block {
                kind: BlockKind::Markup,
                span: r.clone(),
                content: r.start,
                heading: None,
            });
        }
    };
    for p in body {
        last_number = p.number;
        // The paragraph's text with its note markers written in.
        let mut line = String::new();
        let mut at = 0;
        let mut spans = Vec::new();
        for (off, endnote, id) in &p.notes {
            line.push_str(&p.text[at..*off]);
            at = *off;
            let key = (*endnote, id.clone());
            let label = labels
                .entry(key.clone())
                .or_insert_with(|| {
                    let k = usize::from(*endnote);
                    counts[k] += 1;
                    order.push(key.clone());
                    if *endnote {
                        roman(counts[k])
                    } else {
                        counts[k].to_string()
                    }
                })
                .clone();
            let start = line.len();
            line.push_str(&format!("[^{label}]"));
            spans.push((label, start, line.len()));
        }
        line.push_str(&p.text[at..]);
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        warn(&mut warnings, &p, p.number, text.len() + 2, lead);
        if trimmed.is_empty() {
            continue;
        }
        if !p.in_table {
            flush_table(&mut table, &mut blocks);
        }
        if !text.is_empty() {
            text.push_str(if p.in_table && table.is_some() {
                "\n"
            } else {
                "\n\n"
            });
        }
        let start = text.len();
        text.push_str(trimmed);
        let span = start..text.len();
        starts.push((start, p.number));
        for (label, s, e) in spans {
            let (s, e) = (
                s.saturating_sub(lead) + start,
                e.saturating_sub(lead) + start,
            );
            markers.entry(label).or_insert((s, e.min(text.len())));
        }
        let style = p
            .style
            .as_deref()
            .map(|s| styles.get(s).copied().unwrap_or_else(|| style_of(s)))
            .unwrap_or(Style::Other);
        if p.in_table {
            table = Some(table.map_or(span.clone(), |t| t.start..span.end));
            continue;
        }
        let kind = match style {
            Style::Title => BlockKind::Title,
            // Word marks its title with the Title style: a Heading 1 is never taken for the
            // title (level 1 is the title's level in the shared walk).
            Style::Heading(n) => BlockKind::Heading((n + 1).min(6)),
            Style::Caption => BlockKind::Markup,
            Style::Other if p.list => BlockKind::ListItem,
            Style::Other => BlockKind::Text,
        };
        let heading =
            matches!(kind, BlockKind::Title | BlockKind::Heading(_)).then(|| span.clone());
        blocks.push(Block {
            kind,
            span: span.clone(),
            content: span.start,
            heading,
        });
    }
    flush_table(&mut table, &mut blocks);

    // The notes, in the order of their markers, after the body.
    let mut note_units = Vec::new();
    let mut number = last_number;
    for key in order {
        let Some(paras) = notes.remove(&key) else {
            continue;
        };
        let label = labels[&key].clone();
        for p in paras {
            number += 1;
            let t = p.text.trim();
            let lead = p.text.len() - p.text.trim_start().len();
            warn(&mut warnings, &p, number, text.len() + 2, lead);
            if t.is_empty() {
                continue;
            }
            text.push_str("\n\n");
            let start = text.len();
            text.push_str(t);
            starts.push((start, number));
            blocks.push(Block {
                kind: BlockKind::Note,
                span: start..text.len(),
                content: start,
                heading: None,
            });
            note_units.push((
                start,
                Note {
                    label: label.clone(),
                    marker: markers.get(&label).copied(),
                },
            ));
        }
    }
    text.push('\n');

    let locate_text = text.clone();
    let locations: Locate = Box::new(move |offset: usize| {
        let k = starts
            .partition_point(|(s, _)| *s <= offset)
            .saturating_sub(1);
        let (start, number) = starts.get(k).copied().unwrap_or((0, 1));
        let from = start.min(offset);
        let column = locate_text
            .get(from..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (number, column as u32)
    });
    let view = text.clone();
    for w in &mut warnings {
        w.at = w.at.min(text.len().saturating_sub(1));
    }
    (
        text,
        Layout {
            view,
            split: None,
            blocks,
            structured: true,
            locations: Some(locations),
            title: None,
            notes: note_units,
            note_view: None,
        },
        warnings,
    )
}

/// The warnings of a paragraph, located by its Word paragraph number and character; `start`
/// is where its text will begin in the document's text, `lead` the spaces trimmed there.
fn warn(out: &mut Vec<Warning>, p: &Para, number: u32, start: usize, lead: usize) {
    for (at, message) in &p.warnings {
        let at = (*at).min(p.text.len());
        let column = p.text.get(..at).map_or(0, |t| t.chars().count()) + 1;
        out.push(Warning {
            at: start + at.saturating_sub(lead),
            message: message.clone(),
            place: Some((number as usize, column)),
        });
    }
}

/// A style id's kind when `styles.xml` does not name it (ids are English in most files).
pub(super) fn style_of(id: &str) -> Style {
    let lower = id.to_ascii_lowercase().replace(' ', "");
    if lower == "title" {
        return Style::Title;
    }
    if lower == "caption" {
        return Style::Caption;
    }
    if let Some(n) = lower.strip_prefix("heading")
        && let Ok(n) = n.parse::<u8>()
        && (1..=9).contains(&n)
    {
        return Style::Heading(n.min(6));
    }
    Style::Other
}

/// Style id -> kind, from the names in styles.xml ("heading 1", "Title", "caption").
fn style_names(xml: &str) -> Result<HashMap<String, Style>, String> {
    let mut out = HashMap::new();
    let mut r = Reader::from_str(xml);
    let mut id: Option<String> = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                b"w:style" => id = attr(&e, b"w:styleId"),
                b"w:name" => {
                    if let (Some(i), Some(name)) = (&id, attr(&e, b"w:val")) {
                        out.insert(i.clone(), style_of(&name));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("XML error at byte {}: {e}", r.error_position())),
            _ => {}
        }
    }
    Ok(out)
}

pub(super) fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The field being read: its instruction so far, its binary data (`w:fldData`, base64:
/// EndNote's `EN.CITE.DATA`), whether its shown result has begun, the citation its
/// instruction stands for (read once, when the result begins) and the result's text so far.
#[derive(Default)]
struct Field {
    instr: String,
    data: String,
    result: bool,
    cited: Option<Result<Cited, String>>,
    shown: String,
}

impl Field {
    /// The citation of the instruction, with the field's own data when the instruction
    /// holds none of its records (EndNote keeps long ones only as base64 data).
    fn read_citation(&mut self) {
        if self.cited.is_some() {
            return;
        }
        if !self.data.trim().is_empty() && !self.instr.contains("<EndNote>") {
            match base64_text(&self.data) {
                Some(xml) => {
                    self.instr.push(' ');
                    self.instr.push_str(&xml);
                }
                None => {
                    if citation(&self.instr).is_some() {
                        self.cited = Some(Err(
                            "whose data (w:fldData) is not base64 text: read as Word shows it"
                                .into(),
                        ));
                        return;
                    }
                }
            }
        }
        self.cited = citation(&self.instr);
    }
}

/// Where a citation that Word shows as plain runs ends: a Zotero bookmark (`w:bookmarkEnd`
/// with this id) or a Mendeley content control (the `w:sdt` at this depth).
#[derive(PartialEq)]
enum Until {
    Bookmark(String),
    Sdt(usize),
}

/// A citation whose shown text is being read, to be written as the citation it stands for.
struct Capture {
    until: Until,
    cited: Cited,
    shown: String,
    /// Some of the shown text was superscript.
    sup: bool,
}

/// The paragraphs of a part (document.xml body, or one note's content).
struct Walk<'a> {
    paras: Vec<Para>,
    cur: Option<Para>,
    number: u32,
    fields: Vec<Field>,
    deleted: usize,
    in_text: bool,
    in_instr: bool,
    in_data: bool,
    tables: usize,
    /// The run being read is superscript (a numeric style's citation, "text¹²").
    sup: bool,
    /// Superscript text read and not yet written: Word splits a raised citation across
    /// runs ("2", "(pp105-107)"), and how it is written depends on all of it (`raise`).
    raised: String,
    /// Zotero's bookmarked citations: bookmark name -> field instruction (`custom.xml`).
    bookmarks: &'a HashMap<String, String>,
    /// Citations shown as plain runs (bookmarks, content controls), innermost last.
    captures: Vec<Capture>,
    /// How many content controls (`w:sdt`) are open.
    sdts: usize,
}

impl<'a> Walk<'a> {
    fn new(bookmarks: &'a HashMap<String, String>) -> Self {
        Walk {
            paras: Vec::new(),
            cur: None,
            number: 0,
            fields: Vec::new(),
            deleted: 0,
            in_text: false,
            in_instr: false,
            in_data: false,
            tables: 0,
            sup: false,
            raised: String::new(),
            bookmarks,
            captures: Vec::new(),
            sdts: 0,
        }
    }

    /// Writes the pending superscript text into the paragraph, as a plain-text rendering
    /// (pandoc's) shows it (`raise`).
    fn flush_raised(&mut self) {
        if self.raised.is_empty() {
            return;
        }
        let raised = raise(&std::mem::take(&mut self.raised));
        self.para().text.push_str(&raised);
    }

    /// Ends the open paragraph, if any.
    fn end_para(&mut self) -> Option<Para> {
        self.flush_raised();
        self.cur.take()
    }

    fn para(&mut self) -> &mut Para {
        if self.cur.is_none() {
            self.number += 1;
            self.cur = Some(Para {
                number: self.number,
                in_table: self.tables > 0,
                ..Para::default()
            });
        }
        self.cur.as_mut().unwrap()
    }

    /// Something that could not be read, at the current place of the open paragraph.
    fn warn(&mut self, message: String) {
        self.flush_raised();
        let p = self.para();
        let at = p.text.len();
        p.warnings.push((at, message));
    }

    /// Text of the document: into the open field's result, a citation's shown text, or
    /// the paragraph.
    fn push(&mut self, s: &str) {
        if self.deleted > 0 {
            return;
        }
        if self.in_data {
            if let Some(f) = self.fields.last_mut() {
                f.data.push_str(s);
            }
            return;
        }
        if self.in_instr {
            if let Some(f) = self.fields.last_mut() {
                f.instr.push_str(s);
            }
            return;
        }
        if let Some(f) = self.fields.last_mut()
            && f.result
            && f.cited.is_some()
        {
            f.shown.push_str(s);
            return;
        }
        if self.fields.last().is_some_and(|f| !f.result) {
            // Between begin and separate only instructions count.
            return;
        }
        if let Some(c) = self.captures.last_mut() {
            c.shown.push_str(s);
            c.sup |= self.sup;
            return;
        }
        self.write(s);
    }

    /// Text into the paragraph itself (superscript kept back to be raised as one).
    fn write(&mut self, s: &str) {
        if self.sup {
            // Superscript digits as their own characters, as a plain-text rendering shows
            // them, so "century²" is a numbered citation and not "century2".
            self.raised.push_str(s);
            return;
        }
        self.flush_raised();
        self.para().text.push_str(s);
    }

    /// Writes a citation read from a field, bookmark or content control: the citation its
    /// data stands for, else what Word shows (raised, when Word raised it).
    fn cite(&mut self, cited: &Cited, shown: &str, sup: bool) {
        let written = cited.written(shown);
        if written == shown && sup && self.captures.is_empty() && self.fields.is_empty() {
            self.flush_raised();
            let raised = raise(shown);
            self.para().text.push_str(&raised);
        } else {
            self.push(&written);
        }
    }

    /// Ends the captures up to and including the first (innermost) one that `until` ends.
    fn end_capture(&mut self, until: &Until) {
        let Some(k) = self.captures.iter().rposition(|c| &c.until == until) else {
            return;
        };
        while self.captures.len() > k {
            let c = self.captures.pop().unwrap();
            self.cite(&c.cited, &c.shown, c.sup);
        }
    }

    /// The end of the part: a bookmark or field never closed still writes its citation.
    fn finish(&mut self) {
        while let Some(c) = self.captures.pop() {
            self.cite(&c.cited, &c.shown, c.sup);
        }
    }

    fn event(&mut self, ev: Event) -> Result<(), String> {
        match ev {
            Event::Start(e) => self.open(&e, false)?,
            Event::Empty(e) => self.open(&e, true)?,
            Event::End(e) => match e.name().as_ref() {
                b"w:p" => {
                    if let Some(p) = self.end_para() {
                        self.paras.push(p);
                    } else {
                        self.number += 1;
                    }
                }
                b"w:t" => self.in_text = false,
                b"w:r" => self.sup = false,
                b"w:instrText" => self.in_instr = false,
                b"w:fldData" => self.in_data = false,
                b"w:sdt" => {
                    self.end_capture(&Until::Sdt(self.sdts));
                    self.sdts = self.sdts.saturating_sub(1);
                }
                b"w:del" | b"w:moveFrom" => self.deleted = self.deleted.saturating_sub(1),
                b"w:tbl" => self.tables = self.tables.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if self.in_text || self.in_instr || self.in_data => {
                let s = t.decode().map_err(|e| e.to_string())?;
                self.push(&s);
            }
            Event::GeneralRef(r) if self.in_text || self.in_instr || self.in_data => {
                match r.resolve_char_ref() {
                    Ok(Some(c)) => self.push(c.encode_utf8(&mut [0; 4])),
                    _ => {
                        let name = r.decode().map_err(|e| e.to_string())?;
                        if let Some(text) = resolve_xml_entity(&name) {
                            self.push(text);
                        }
                    }
                }
            }
            Event::CData(t) if self.in_text => {
                self.push(&String::from_utf8_lossy(&t));
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, e: &BytesStart, empty: bool) -> Result<(), String> {
        match e.name().as_ref() {
            b"w:p" => {
                if empty {
                    self.number += 1;
                } else {
                    self.cur = None;
                    self.para();
                }
            }
            b"w:t" if !empty => self.in_text = true,
            b"w:r" => self.sup = false,
            b"w:vertAlign" => self.sup = attr(e, b"w:val").as_deref() == Some("superscript"),
            b"w:instrText" if !empty => self.in_instr = true,
            b"w:fldData" if !empty => self.in_data = true,
            b"w:sdt" if !empty => self.sdts += 1,
            b"w:tag" if self.deleted == 0 => {
                if let Some(tag) = attr(e, b"w:val")
                    && let Some(data) = tag.strip_prefix("MENDELEY_CITATION_v3_")
                {
                    match base64_text(data)
                        .ok_or_else(|| "not base64 text".to_string())
                        .and_then(|json| csl_citation(&json))
                    {
                        Ok(cited) => self.captures.push(Capture {
                            until: Until::Sdt(self.sdts),
                            cited,
                            shown: String::new(),
                            sup: false,
                        }),
                        Err(why) => self.warn(format!(
                            "a Mendeley citation whose data cannot be read ({why}): read as Word shows it"
                        )),
                    }
                }
            }
            b"w:bookmarkStart" if self.deleted == 0 => {
                if let Some(name) = attr(e, b"w:name")
                    && name.starts_with("ZOTERO_BREF_")
                {
                    let id = attr(e, b"w:id").unwrap_or_default();
                    match self.bookmarks.get(&name).map(|i| citation(i)) {
                        Some(Some(Ok(cited))) => self.captures.push(Capture {
                            until: Until::Bookmark(id),
                            cited,
                            shown: String::new(),
                            sup: false,
                        }),
                        Some(Some(Err(why))) => {
                            self.warn(format!("Zotero citation {name} {why}"))
                        }
                        // Not a citation: the bibliography (`ZOTERO_BIBL`), read as shown.
                        Some(None) => {}
                        None => self.warn(format!(
                            "Zotero citation {name}: no data in docProps/custom.xml: read as Word shows it"
                        )),
                    }
                }
            }
            b"w:bookmarkEnd" => {
                if let Some(id) = attr(e, b"w:id") {
                    self.end_capture(&Until::Bookmark(id));
                }
            }
            b"w:tab" => self.push("\t"),
            b"w:br" | b"w:cr" => self.push(" "),
            b"w:noBreakHyphen" => self.push("-"),
            b"w:del" | b"w:moveFrom" if !empty => self.deleted += 1,
            b"w:tbl" if !empty => self.tables += 1,
            b"w:pStyle" => {
                let v = attr(e, b"w:val");
                self.para().style = v;
            }
            b"w:numPr" => self.para().list = true,
            b"w:footnoteReference" | b"w:endnoteReference" => {
                if self.deleted == 0
                    && let Some(id) = attr(e, b"w:id")
                {
                    let endnote = e.name().as_ref() == b"w:endnoteReference";
                    self.flush_raised();
                    let p = self.para();
                    let at = p.text.len();
                    p.notes.push((at, endnote, id));
                }
            }
            b"w:fldChar" => match attr(e, b"w:fldCharType").as_deref() {
                Some("begin") => self.fields.push(Field::default()),
                Some("separate") => {
                    if let Some(f) = self.fields.last_mut() {
                        f.read_citation();
                        f.result = true;
                    }
                }
                Some("end") => {
                    let Some(mut f) = self.fields.pop() else {
                        return Ok(());
                    };
                    if data_field(&f.instr) {
                        // EndNote's inner EN.CITE.DATA field: its records are the outer
                        // EN.CITE field's.
                        if let Some(outer) = self.fields.last_mut()
                            && !outer.result
                            && !outer.instr.contains("<EndNote>")
                        {
                            match base64_text(&f.data) {
                                Some(xml) => {
                                    outer.instr.push(' ');
                                    outer.instr.push_str(&xml);
                                }
                                None => {
                                    // Said once: the outer field's copy is not read again.
                                    outer.data.clear();
                                    self.warn(
                                        "an EndNote citation whose data (EN.CITE.DATA) is not base64 text: read as Word shows it"
                                            .into(),
                                    )
                                }
                            }
                        }
                        return Ok(());
                    }
                    f.read_citation();
                    match f.cited {
                        Some(Ok(c)) => self.cite(&c, &f.shown, false),
                        Some(Err(why)) => {
                            self.warn(format!("a citation field {why}"));
                            self.push(&f.shown);
                        }
                        None => {}
                    }
                }
                _ => {}
            },
            b"w:fldSimple" => {
                // A simple field's instruction is an attribute; its runs are its result.
                if let Some(instr) = attr(e, b"w:instr")
                    && let Some(Ok(c)) = citation(&instr)
                {
                    // The shown runs follow; write the citation and let them through unseen.
                    let written = c.written("");
                    if !written.is_empty() {
                        self.push(&written);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn read_all(
    xml: &str,
    mut each: impl FnMut(&mut Reader<&[u8]>, Event) -> Result<(), String>,
) -> Result<(), String> {
    let mut r = Reader::from_str(xml);
    loop {
        let ev = r
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", r.error_position()))?;
        if matches!(ev, Event::Eof) {
            return Ok(());
        }
        each(&mut r, ev.into_owned())?;
    }
}

/// The paragraphs of document.xml's body.
fn paragraphs(xml: &str, bookmarks: &HashMap<String, String>) -> Result<Vec<Para>, String> {
    let mut w = Walk::new(bookmarks);
    read_all(xml, |_, ev| w.event(ev))?;
    w.finish();
    if let Some(p) = w.end_para() {
        w.paras.push(p);
    }
    Ok(w.paras)
}

/// Each note of footnotes.xml or endnotes.xml (separators left out): Word's id and its
/// paragraphs.
fn note_bodies(
    xml: &str,
    bookmarks: &HashMap<String, String>,
) -> Result<Vec<(String, Vec<Para>)>, String> {
    let mut out = Vec::new();
    let mut current: Option<(String, Walk)> = None;
    read_all(xml, |_, ev| {
        match &ev {
            Event::Start(e) if matches!(e.name().as_ref(), b"w:footnote" | b"w:endnote") => {
                let separator = attr(e, b"w:type").is_some_and(|t| t != "normal");
                if !separator && let Some(id) = attr(e, b"w:id") {
                    current = Some((id, Walk::new(bookmarks)));
                }
                return Ok(());
            }
            Event::End(e) if matches!(e.name().as_ref(), b"w:footnote" | b"w:endnote") => {
                if let Some((id, mut w)) = current.take() {
                    w.finish();
                    if let Some(p) = w.end_para() {
                        w.paras.push(p);
                    }
                    out.push((id, w.paras));
                }
                return Ok(());
            }
            _ => {}
        }
        if let Some((_, w)) = &mut current {
            // The note's own reference mark (its number) is not text.
            if let Event::Empty(e) = &ev
                && matches!(e.name().as_ref(), b"w:footnoteRef" | b"w:endnoteRef")
            {
                return Ok(());
            }
            w.event(ev)?;
        }
        Ok(())
    })?;
    Ok(out)
}

/// A citation field's items, as read from its CSL-JSON; or, for an EndNote field, the
/// author-date citation its `<Cite>` records stand for.
pub(super) struct Cited {
    pub(super) items: Vec<Item>,
    pub(super) author_date: Option<String>,
}

pub(super) struct Item {
    pub(super) key: Option<String>,
    /// The first author's (or editor's) family name and the year, from the item's data.
    family: Option<String>,
    year: Option<String>,
    locator: Option<String>,
    label: Option<String>,
    prefix: String,
    suffix: String,
    suppress_author: bool,
}

impl Item {
    /// An item known only by its key (JabRef's OpenDocument reference marks).
    pub(super) fn keyed(key: &str) -> Item {
        Item {
            key: Some(key.to_string()),
            family: None,
            year: None,
            locator: None,
            label: None,
            prefix: String::new(),
            suffix: String::new(),
            suppress_author: false,
        }
    }
}

/// Whether a field instruction is EndNote's `EN.CITE.DATA` (the records of the EN.CITE
/// field around it, as base64 data).
fn data_field(instr: &str) -> bool {
    let t = instr.trim_start();
    let t = t.strip_prefix("ADDIN").unwrap_or(t).trim_start();
    t.starts_with("EN.CITE.DATA")
}

/// The citation of a Zotero, Mendeley or EndNote field instruction, if it is one; an error
/// says why its data cannot be read.
pub(super) fn citation(instr: &str) -> Option<Result<Cited, String>> {
    let t = instr.trim_start();
    let t = t.strip_prefix("ADDIN").unwrap_or(t).trim_start();
    if t.starts_with("EN.CITE") && !t.starts_with("EN.CITE.DATA") {
        return Some(Ok(Cited {
            items: Vec::new(),
            author_date: endnote(t),
        }));
    }
    if !(t.starts_with("ZOTERO_ITEM") || t.starts_with("CSL_CITATION")) {
        return None;
    }
    let Some(from) = t.find('{') else {
        return Some(Err("holds no JSON: read as Word shows it".into()));
    };
    let Some(json) = balanced(&t[from..]) else {
        return Some(Err(
            "has JSON that never closes: read as Word shows it".into()
        ));
    };
    Some(csl_citation(json).map_err(|e| format!("has {e}: read as Word shows it")))
}

/// A CSL citation's items from its JSON (Zotero's and Mendeley's: `citationItems`, each
/// with its `itemData`, `locator`, `label`, `prefix`, `suffix`, `suppress-author`).
fn csl_citation(json: &str) -> Result<Cited, String> {
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("JSON that does not parse ({e})"))?;
    let items = v
        .get("citationItems")
        .and_then(|i| i.as_array())
        .ok_or("JSON without citationItems")?
        .iter()
        .map(|it| {
            let data = it.get("itemData");
            let s = |v: Option<&serde_json::Value>| match v {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            Item {
                key: s(data.and_then(|d| d.get("citation-key")))
                    .filter(|k| !k.is_empty() && !k.contains(char::is_whitespace)),
                family: data.and_then(first_family),
                year: data.and_then(|d| s(d.pointer("/issued/date-parts/0/0"))),
                locator: s(it.get("locator")).filter(|l| !l.is_empty()),
                label: s(it.get("label")),
                prefix: s(it.get("prefix")).unwrap_or_default(),
                suffix: s(it.get("suffix")).unwrap_or_default(),
                suppress_author: it.get("suppress-author").and_then(|b| b.as_bool()) == Some(true),
            }
        })
        .collect();
    Ok(Cited {
        items,
        author_date: None,
    })
}

/// Base64 (the standard alphabet or the URL-safe one, whitespace and padding ignored)
/// decoded to UTF-8 text; None when it is not base64 or not text.
fn base64_text(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if out.is_empty() {
        return None;
    }
    String::from_utf8(out).ok()
}

/// Zotero's bookmarked citations (its "store citations as bookmarks" mode): each citation
/// is a bookmark `ZOTERO_BREF_<id>` around the text Word shows, and its field instruction
/// (`ZOTERO_ITEM CSL_CITATION {...}`) sits in `docProps/custom.xml`, cut into properties
/// `ZOTERO_BREF_<id>_1` .. `_n` of at most 255 characters. Bookmark name -> instruction.
fn bookmark_citations(xml: &str) -> Result<HashMap<String, String>, String> {
    let mut chunks: HashMap<String, Vec<(u32, String)>> = HashMap::new();
    let mut name: Option<String> = None;
    let mut value = String::new();
    let mut r = Reader::from_str(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"property" => {
                name = attr(&e, b"name");
                value.clear();
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"property" => {
                if let Some(n) = name.take()
                    && let Some((base, k)) = n.rsplit_once('_')
                    && base.starts_with("ZOTERO_BREF_")
                    && let Ok(k) = k.parse::<u32>()
                {
                    chunks
                        .entry(base.to_string())
                        .or_default()
                        .push((k, std::mem::take(&mut value)));
                }
            }
            Ok(Event::Text(t)) if name.is_some() => {
                value.push_str(&t.decode().map_err(|e| e.to_string())?);
            }
            Ok(Event::GeneralRef(g)) if name.is_some() => match g.resolve_char_ref() {
                Ok(Some(c)) => value.push(c),
                _ => {
                    let n = g.decode().map_err(|e| e.to_string())?;
                    if let Some(t) = resolve_xml_entity(&n) {
                        value.push_str(t);
                    }
                }
            },
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("XML error at byte {}: {e}", r.error_position())),
            _ => {}
        }
    }
    Ok(chunks
        .into_iter()
        .map(|(base, mut parts)| {
            parts.sort_by_key(|(k, _)| *k);
            (base, parts.into_iter().map(|(_, v)| v).collect())
        })
        .collect())
}

/// An EndNote field's citation (`ADDIN EN.CITE <EndNote><Cite><Author>Finley, James
/// P.</Author><Year>1983</Year><Pages>150</Pages>...`) as the author-date citation it stands
/// for, "(see Finley 1983, 150; Paik 1990)", which the author-date finder reads and resolves
/// by first author and year whatever style Word shows (a number, a footnote). None when a
/// record lacks its author or year, or hides its author (`ExcludeAuth`, shown after the name
/// in the text): Word's text is then read as it shows. The instruction's XML is escaped in
/// the file and arrives decoded; a record kept only in the field's binary data
/// (`EN.CITE.DATA`) is not read.
fn endnote(instr: &str) -> Option<String> {
    let from = instr.find("<EndNote>")?;
    let to = instr[from..].find("</EndNote>")? + from + "</EndNote>".len();
    let mut r = Reader::from_str(&instr[from..to]);
    let mut items = Vec::new();
    let mut cur: Option<HashMap<String, String>> = None;
    let mut path: Vec<String> = Vec::new();
    loop {
        match r.read_event().ok()? {
            Event::Eof => break,
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == "Cite" {
                    if attr(&e, b"ExcludeAuth").as_deref() == Some("1") {
                        return None;
                    }
                    cur = Some(HashMap::new());
                }
                path.push(name);
            }
            Event::End(_) if path.pop().as_deref() == Some("Cite") => items.push(cur.take()?),
            Event::Text(t) => {
                let text = t.decode().ok()?.into_owned();
                // A record's text may sit in a <style> element inside its field.
                let name = match path.as_slice() {
                    [.., parent, last] if last == "style" => Some(parent),
                    [.., last] => Some(last),
                    [] => None,
                };
                if let (Some(c), Some(name)) = (&mut cur, name) {
                    // The record's first author and year are the Cite's own when it has none.
                    let key = match name.as_str() {
                        "Author" | "author" => "Author",
                        "Year" | "year" => "Year",
                        "Pages" => "Pages",
                        "Prefix" => "Prefix",
                        "Suffix" => "Suffix",
                        _ => continue,
                    };
                    c.entry(key.to_string()).or_insert(text);
                }
            }
            _ => {}
        }
    }
    if items.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    for it in &items {
        let author = it.get("Author")?.trim();
        let family = author.split(',').next()?.trim();
        let year = it.get("Year")?.trim();
        if family.is_empty() || year.is_empty() {
            return None;
        }
        // EndNote writes a space in a prefix or suffix as "`".
        let clean = |k: &str| it.get(k).map(|v| v.replace('`', " ").trim().to_string());
        let mut p = String::new();
        if let Some(pre) = clean("Prefix").filter(|v| !v.is_empty()) {
            p.push_str(&pre);
            p.push(' ');
        }
        p.push_str(&format!("{family} {year}"));
        if let Some(pages) = clean("Pages").filter(|v| !v.is_empty()) {
            p.push_str(", ");
            p.push_str(&pages);
        }
        if let Some(suf) = clean("Suffix").filter(|v| !v.is_empty()) {
            p.push_str(", ");
            p.push_str(suf.trim_start_matches(','));
        }
        parts.push(p);
    }
    Some(format!("({})", parts.join("; ")))
}

impl Cited {
    /// The citation as written into the document's text: pandoc's form when every item has
    /// a key, else what Word shows.
    pub(super) fn written(&self, shown: &str) -> String {
        if let Some(a) = &self.author_date {
            return a.clone();
        }
        if self.items.is_empty() {
            return shown.to_string();
        }
        if self.items.iter().any(|i| i.key.is_none()) {
            return self.author_date().unwrap_or_else(|| shown.to_string());
        }
        let parts: Vec<String> = self
            .items
            .iter()
            .map(|i| {
                let mut s = String::new();
                if !i.prefix.trim().is_empty() {
                    s.push_str(i.prefix.trim());
                    s.push(' ');
                }
                if i.suppress_author {
                    s.push('-');
                }
                s.push('@');
                s.push_str(i.key.as_deref().unwrap_or(""));
                if let Some(l) = &i.locator {
                    s.push_str(", ");
                    s.push_str(label_abbrev(i.label.as_deref().unwrap_or("page"), l));
                    s.push(' ');
                    s.push_str(l);
                }
                if !i.suffix.trim().is_empty() {
                    s.push_str(", ");
                    s.push_str(i.suffix.trim().trim_start_matches(',').trim());
                }
                s
            })
            .collect();
        format!("[{}]", parts.join("; "))
    }
}

impl Cited {
    /// Items without a `citation-key` as the author-date citation they stand for, "(see
    /// Finley 1983, 150; Paik 1990, chap. 3)", from each item's first author and year, so
    /// the author-date finder resolves them whatever style Word shows (a number, a note);
    /// an item with its author suppressed is "(1983, 150)" after the name in the text. None
    /// when an item lacks either.
    fn author_date(&self) -> Option<String> {
        let mut parts = Vec::new();
        for i in &self.items {
            let (family, year) = (i.family.as_deref()?, i.year.as_deref()?);
            let mut p = String::new();
            if !i.prefix.trim().is_empty() {
                p.push_str(i.prefix.trim());
                p.push(' ');
            }
            if !i.suppress_author {
                p.push_str(family);
                p.push(' ');
            }
            p.push_str(year);
            if let Some(l) = &i.locator {
                p.push_str(", ");
                let label = i.label.as_deref().unwrap_or("page");
                if label != "page" {
                    p.push_str(label_abbrev(label, l));
                    p.push(' ');
                }
                p.push_str(l);
            }
            if !i.suffix.trim().is_empty() {
                p.push_str(", ");
                p.push_str(i.suffix.trim().trim_start_matches(',').trim());
            }
            parts.push(p);
        }
        Some(format!("({})", parts.join("; ")))
    }
}

/// The family name (or literal name) of a CSL item's first author, else first editor.
fn first_family(data: &serde_json::Value) -> Option<String> {
    ["author", "editor"].iter().find_map(|role| {
        let first = data.get(role)?.as_array()?.first()?;
        let name = first
            .get("family")
            .or_else(|| first.get("literal"))?
            .as_str()?
            .trim();
        (!name.is_empty()).then(|| name.to_string())
    })
}

/// The abbreviation pandoc reads for a CSL locator label.
fn label_abbrev<'a>(label: &'a str, value: &str) -> &'a str {
    let plural = value.contains(['-', '–', ',']);
    match label {
        "page" if plural => "pp.",
        "page" => "p.",
        "chapter" => "chap.",
        "section" => "sec.",
        "paragraph" => "para.",
        "figure" => "fig.",
        "volume" => "vol.",
        "note" => "n.",
        "line" => "l.",
        "verse" => "v.",
        "column" => "col.",
        "folio" => "fol.",
        "book" => "bk.",
        "part" => "pt.",
        other => other,
    }
}

/// The JSON object opening `s`, found by counting braces outside strings.
fn balanced(s: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut esc = false;
    for (i, c) in s.char_indices() {
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(&s[..=i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Superscript text as a plain-text rendering shows it (pandoc's plain writer, which the
/// style matrix's doc.txt is): in superscript characters when every character has one
/// ("¹²", "¹⁻³"), else raised as `^(...)` ("^(2(pp105-107),3)"), which the citation
/// finders read as they read the plain text.
pub(super) fn raise(s: &str) -> String {
    let has_form = |c: char| c.is_ascii_digit() || "+-=()".contains(c) || c.is_whitespace();
    if s.chars().all(has_form) {
        s.chars().map(superscript).collect()
    } else {
        format!("^({s})")
    }
}

fn superscript(c: char) -> char {
    match c {
        '+' => '⁺',
        '-' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        c => c,
    }
}

fn roman(n: u32) -> String {
    crate::model::to_roman(n).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::essay::{Options, assemble};
    use crate::model::ClaimKind;
    use crate::testing::zip::stored;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn docx(body: &str, footnotes: Option<&str>) -> Vec<u8> {
        docx_with(body, footnotes, &[])
    }

    /// A .docx with more parts (`docProps/custom.xml`).
    fn docx_with(body: &str, footnotes: Option<&str>, more: &[(&str, String)]) -> Vec<u8> {
        let doc =
            format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#);
        let styles = format!(
            r#"<w:styles {W}><w:style w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style><w:style w:styleId="Titel"><w:name w:val="Title"/></w:style></w:styles>"#
        );
        let mut parts: Vec<(&str, Vec<u8>)> = vec![
            ("[Content_Types].xml", b"<Types/>".to_vec()),
            ("word/document.xml", doc.into_bytes()),
            ("word/styles.xml", styles.into_bytes()),
        ];
        if let Some(f) = footnotes {
            parts.push((
                "word/footnotes.xml",
                format!(
                    r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p/></w:footnote>{f}</w:footnotes>"#
                )
                .into_bytes(),
            ));
        }
        for (name, x) in more {
            parts.push((name, x.clone().into_bytes()));
        }
        let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_slice())).collect();
        stored(&refs)
    }

    /// The document's units' texts, and its warnings as `import` shows them.
    fn texts_and_warnings(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
        let read = crate::essay::read::read_bytes(
            "e.docx",
            crate::essay::read::Format::Docx,
            bytes,
            "",
            &Options::default(),
        )
        .unwrap();
        let texts = read
            .document
            .claims
            .iter()
            .map(|c| c.text.clone())
            .collect();
        (texts, read.located_warnings())
    }

    fn base64(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
            for k in 0..4 {
                if k <= chunk.len() {
                    out.push(A[((n >> (18 - 6 * k)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    fn xml_escape(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }

    fn p(style: &str, runs: &str) -> String {
        let ppr = if style.is_empty() {
            String::new()
        } else {
            format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
        };
        format!("<w:p>{ppr}{runs}</w:p>")
    }

    fn r(t: &str) -> String {
        format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#)
    }

    fn units(bytes: &[u8]) -> Vec<(ClaimKind, String, (u32, u32))> {
        let (text, layout, _) = layout(bytes).unwrap();
        let doc = assemble("e.docx", text, layout, &Options::default());
        doc.claims
            .iter()
            .map(|c| (c.kind, c.text.clone(), (c.line, c.column)))
            .collect()
    }

    /// A Zotero field the way the plug-in writes it: the instruction split over runs (and here
    /// over two paragraphs), the JSON right after CSL_CITATION.
    fn zotero(key: &str, locator: &str, shown: &str, split_paragraph: bool) -> (String, String) {
        let json = format!(
            r#"{{"citationID":"a1","properties":{{"formattedCitation":"{shown}","noteIndex":0}},"citationItems":[{{"id":46,"uris":["http://zotero.org/users/1/items/X"],"locator":"{locator}","label":"page","prefix":"see","itemData":{{"id":46,"type":"book","title":"T","citation-key":"{key}"}}}}],"schema":"https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}}"#
        )
        .replace('"', "&quot;");
        // Split the instruction between runs, at a comma (never inside an entity).
        let mid = json[..json.len() / 2].rfind(',').unwrap();
        let (a, b) = json.split_at(mid);
        let begin = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#;
        let i1 = format!(
            r#"<w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_ITEM CSL_CITATION{a}</w:instrText></w:r>"#
        );
        let i2 = format!(r#"<w:r><w:instrText>{b}</w:instrText></w:r>"#);
        let sep = r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"#;
        let end = r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#;
        if split_paragraph {
            (
                format!("{begin}{i1}"),
                format!("{i2}{sep}{}{end}", r(shown)),
            )
        } else {
            (
                format!("{begin}{i1}{i2}{sep}{}{end}", r(shown)),
                String::new(),
            )
        }
    }

    #[test]
    fn paragraphs_headings_lists_tables_notes_and_fields() {
        let (field, _) = zotero("shin2010", "24", "(Shin 2010, 24)", false);
        let (f1, f2) = zotero("paik1990", "5-7", "(Paik 1990)", true);
        let body = [
            p("Titel", &r("The Alliance")),
            p("berschrift1", &r("Origins")),
            p("", &format!("{}{}{}", r("Aid was large "), field, r(". It grew."))),
            p(
                "",
                &format!(
                    r#"{}<w:r><w:footnoteReference w:id="20"/></w:r>{}<w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:ins>{}</w:ins>"#,
                    r("A noted claim."),
                    r(" Then more"),
                    r(" kept."),
                ),
            ),
            "<w:p/>".to_string(),
            format!("<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>", p("", &r("cell (Finley 1983)")), p("", &r("two"))),
            p("", &format!(r#"<w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr>{}"#, r("An item."))),
            p("", &format!("{}{f1}", r("Split field "))),
            p("", &format!("{f2}{}", r(" ends here."))),
            p("Heading2", &r("Later &amp; last")),
            p("", &format!(r#"{}<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2,3</w:t></w:r>{}"#, r("Raised"), r(" and 4."))),
        ]
        .concat();
        let notes = format!(
            r#"<w:footnote w:id="20"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p></w:footnote>"#,
            r(" See the note (Kwan 1982, 7).")
        );
        let got = units(&docx(&body, Some(&notes)));
        let want: Vec<(ClaimKind, String, (u32, u32))> = vec![
            (ClaimKind::Title, "The Alliance".into(), (1, 1)),
            (ClaimKind::Heading, "Origins".into(), (2, 1)),
            (
                ClaimKind::Claim,
                "Aid was large [see @shin2010, p. 24].".into(),
                (3, 1),
            ),
            (ClaimKind::Claim, "It grew.".into(), (3, 39)),
            (ClaimKind::Claim, "A noted claim.[^1]".into(), (4, 1)),
            (ClaimKind::Claim, "Then more kept.".into(), (4, 20)),
            (ClaimKind::Other, "cell (Finley 1983)\ntwo".into(), (6, 1)),
            (ClaimKind::Claim, "An item.".into(), (8, 1)),
            (ClaimKind::Claim, "Split field".into(), (9, 1)),
            (
                ClaimKind::Claim,
                "[see @paik1990, pp. 5-7] ends here.".into(),
                (10, 1),
            ),
            (ClaimKind::Heading, "Later & last".into(), (11, 1)),
            (ClaimKind::Claim, "Raised^(2,3) and 4.".into(), (12, 1)),
            (
                ClaimKind::Note,
                "See the note (Kwan 1982, 7).".into(),
                (13, 1),
            ),
        ];
        assert_eq!(got, want);
        let (text, layout, _) = layout(&docx(&body, Some(&notes))).unwrap();
        let (_, note) = &layout.notes[0];
        assert_eq!(note.label, "1");
        let (s, e) = note.marker.unwrap();
        assert_eq!(&text[s..e], "[^1]");
    }

    /// A Zotero item without a `citation-key` (Zotero adds none unless Better BibTeX does) is
    /// written as the author-date citation its data stands for, whatever Word shows; one
    /// without author or year keeps Word's text.
    #[test]
    fn zotero_items_without_a_key_are_author_date_citations() {
        let field = |items: &str, shown: &str| {
            let json =
                format!(r#"{{"citationID":"x","citationItems":[{items}]}}"#).replace('"', "&quot;");
            format!(
                r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_ITEM CSL_CITATION {json}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
                r(shown)
            )
        };
        let finley = r#"{"id":1,"locator":"150","label":"page","prefix":"see","itemData":{"type":"book","author":[{"family":"Finley","given":"James P."}],"issued":{"date-parts":[[1983]]}}}"#;
        let paik = r#"{"id":2,"locator":"3","label":"chapter","itemData":{"type":"book","editor":[{"literal":"Paik"}],"issued":{"date-parts":[["1990",5]]}}}"#;
        let hidden = r#"{"id":1,"suppress-author":true,"itemData":{"author":[{"family":"Finley"}],"issued":{"date-parts":[[1983]]}}}"#;
        let undated = r#"{"id":3,"itemData":{"author":[{"family":"Kwan"}]}}"#;
        let body = [
            p(
                "",
                &format!(
                    "{}{}{}",
                    r("Aid was large "),
                    field(&format!("{finley},{paik}"), "[1, 2]"),
                    r(".")
                ),
            ),
            p(
                "",
                &format!(
                    "{}{}{}",
                    r("Finley "),
                    field(hidden, "(1983)"),
                    r(" says so.")
                ),
            ),
            p(
                "",
                &format!("{}{}{}", r("It held "), field(undated, "[3]"), r(".")),
            ),
        ]
        .concat();
        let got: Vec<String> = units(&docx(&body, None)).into_iter().map(|u| u.1).collect();
        assert_eq!(
            got,
            [
                "Aid was large (see Finley 1983, 150; Paik 1990, chap. 3).",
                "Finley (1983) says so.",
                "It held [3]."
            ]
        );
    }

    /// An EndNote field the way the plug-in writes it: the instruction's XML escaped and split
    /// over runs, Word showing a number; it is read as the author-date citation it stands for.
    #[test]
    fn endnote_fields_are_author_date_citations() {
        let field = |xml: &str, shown: &str| {
            let instr = format!(" ADDIN EN.CITE {xml}")
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            let mid = instr.len() / 2;
            let mid = instr[..mid].rfind(';').map_or(mid, |i| i + 1);
            let (a, b) = instr.split_at(mid);
            format!(
                r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{a}</w:instrText></w:r><w:r><w:instrText xml:space="preserve">{b}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
                r(shown)
            )
        };
        let two = "<EndNote><Cite><Author>Finley</Author><Year>1983</Year><RecNum>3</RecNum>\
            <Prefix>see`</Prefix><Pages>150</Pages><DisplayText>[1, 2]</DisplayText><record>\
            <contributors><authors><author><style face=\"normal\">Finley, James P.</style></author></authors></contributors>\
            <titles><title>The US Military Experience in Korea</title></titles><pages>1-300</pages></record></Cite>\
            <Cite><RecNum>4</RecNum><record><contributors><authors><author>Paik, Sun</author></authors>\
            </contributors><dates><year>1990</year></dates></record></Cite></EndNote>";
        let hidden = "<EndNote><Cite ExcludeAuth=\"1\"><Author>Finley</Author><Year>1983</Year></Cite></EndNote>";
        let no_year = "<EndNote><Cite><Author>Finley</Author></Cite></EndNote>";
        let body = [
            p(
                "",
                &format!("{}{}{}", r("Aid was large "), field(two, "[1, 2]"), r(".")),
            ),
            p(
                "",
                &format!(
                    "{}{}{}",
                    r("Finley "),
                    field(hidden, "(1983)"),
                    r(" says so.")
                ),
            ),
            p(
                "",
                &format!("{}{}{}", r("It held "), field(no_year, "[3]"), r(".")),
            ),
        ]
        .concat();
        let got: Vec<String> = units(&docx(&body, None)).into_iter().map(|u| u.1).collect();
        assert_eq!(
            got,
            [
                "Aid was large (see Finley 1983, 150; Paik 1990).",
                "Finley (1983) says so.",
                "It held [3]."
            ]
        );
    }

    /// Superscript runs as pandoc's plain text shows them (what doc.txt of the style matrix
    /// is): Word splits a raised citation into runs, and it is written as one, in
    /// superscript characters when each has one, else as `^(...)`.
    #[test]
    fn superscript_runs_are_written_as_plain_text_shows_them() {
        let sup = |t: &str| {
            format!(r#"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>{t}</w:t></w:r>"#)
        };
        let cases: &[(&[&str], &str)] = &[
            (&["1"], "Text¹ end."),
            (&["1", "2"], "Text¹² end."),
            (&["1-3"], "Text¹⁻³ end."),
            (&["2", "(pp105-107)", ",3"], "Text^(2(pp105-107),3) end."),
            (&["6(chap5)"], "Text^(6(chap5)) end."),
            (&["th"], "Text^(th) end."),
        ];
        for (runs, want) in cases {
            let raised: String = runs.iter().map(|t| sup(t)).collect();
            let body = p("", &format!("{}{raised}{}", r("Text"), r(" end.")));
            let got = units(&docx(&body, None));
            assert_eq!(got.last().unwrap().1, *want, "{runs:?}");
        }
        // Raised text at the end of a paragraph is not lost, nor carried into the next.
        let body = [
            p("", &format!("{}{}", r("Last"), sup("4"))),
            p("", &r("Next.")),
        ]
        .concat();
        let got: Vec<String> = units(&docx(&body, None)).into_iter().map(|u| u.1).collect();
        assert_eq!(got, ["Last⁴", "Next."]);
    }

    /// Items as Zotero and Mendeley write them: one with Better BibTeX's citation-key, one
    /// with only its data (Mendeley adds no key).
    const SHIN: &str = r#"{"id":46,"uris":["http://zotero.org/users/1/items/X"],"locator":"24","label":"page","prefix":"see","itemData":{"id":46,"type":"book","title":"The US-ROK Alliance","author":[{"family":"Shin","given":"Gi-Wook"}],"issued":{"date-parts":[["2010"]]},"citation-key":"shin2010"}}"#;
    const PAIK: &str = r#"{"id":"e219b34e-d397-37b4-818e-80ca578eae74","itemData":{"type":"book","id":"e219b34e-d397-37b4-818e-80ca578eae74","title":"Korea and the United States","author":[{"family":"Paik","given":"Seung-gi","parse-names":false,"dropping-particle":"","non-dropping-particle":""}],"issued":{"date-parts":[[1990,9,1]]}},"isTemporary":false,"locator":"5-7","label":"page","suppress-author":false,"composite":false,"author-only":false}"#;

    /// Zotero's "store citations as bookmarks" mode (pandoc#4140): a bookmark
    /// `ZOTERO_BREF_<id>` around the runs Word shows, the field instruction in
    /// docProps/custom.xml cut into properties `_1` .. `_n` of 255 characters or fewer
    /// (here 40, so more than nine, and `_10` comes after `_9`), in a footnote too; a
    /// bookmark whose data is missing is said at its Word paragraph and character.
    #[test]
    fn zotero_bookmarked_citations_are_read_from_the_custom_properties() {
        let instr = |items: &str| {
            format!(
                r#"ZOTERO_ITEM CSL_CITATION {{"citationID":"0Bf2LOgP","properties":{{"formattedCitation":"(Shin 2010)","plainCitation":"(Shin 2010)","noteIndex":0}},"citationItems":[{items}],"schema":"https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}}"#
            )
        };
        let mut props = String::new();
        let mut pid = 2;
        props.push_str(r#"<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="1" name="ZOTERO_BREF_bibl00000000_1"><vt:lpwstr>ZOTERO_BIBL {&quot;uncited&quot;:[],&quot;omitted&quot;:[],&quot;custom&quot;:[]} CSL_BIBLIOGRAPHY</vt:lpwstr></property>"#);
        for (id, items) in [("Tce3DUyb3IiZ", SHIN), ("Qq8aaZ0xk2Lm", PAIK)] {
            let value = instr(items);
            let chars: Vec<char> = value.chars().collect();
            let pieces: Vec<String> = chars.chunks(40).map(|c| c.iter().collect()).collect();
            assert!(pieces.len() > 10);
            // Listed last first: the numbers say the order, not the file.
            for (k, piece) in pieces.iter().enumerate().rev() {
                props.push_str(&format!(
                    r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="ZOTERO_BREF_{id}_{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
                    k + 1,
                    xml_escape(piece)
                ));
                pid += 1;
            }
        }
        let custom = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{props}</Properties>"#
        );
        let body = [
            p(
                "",
                &format!(
                    r#"{}<w:bookmarkStart w:id="5" w:name="ZOTERO_BREF_Tce3DUyb3IiZ"/>{}{}<w:bookmarkEnd w:id="5"/>{}"#,
                    r("Aid was large "),
                    r("(Shin"),
                    r(" 2010)"),
                    r(". It grew.")
                ),
            ),
            p(
                "",
                &format!(
                    r#"{}<w:r><w:footnoteReference w:id="2"/></w:r>"#,
                    r("A noted claim.")
                ),
            ),
            p(
                "",
                &format!(
                    r#"{}<w:bookmarkStart w:id="9" w:name="ZOTERO_BREF_gone00000000"/>{}<w:bookmarkEnd w:id="9"/>{}"#,
                    r("Lost data "),
                    r("(Kwan 1982)"),
                    r(".")
                ),
            ),
            // The bibliography is a bookmark too: read as shown, said nowhere.
            p(
                "Bibliography",
                &format!(
                    r#"<w:bookmarkStart w:id="11" w:name="ZOTERO_BREF_bibl00000000"/>{}<w:bookmarkEnd w:id="11"/>"#,
                    r("Shin, Gi-Wook. One Alliance, Two Lenses. Stanford, 2010.")
                ),
            ),
        ]
        .concat();
        let notes = format!(
            r#"<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>{}<w:bookmarkStart w:id="7" w:name="ZOTERO_BREF_Qq8aaZ0xk2Lm"/>{}<w:bookmarkEnd w:id="7"/>{}</w:p></w:footnote>"#,
            r(" See "),
            r("Paik, Korea and the United States, 5–7"),
            r(".")
        );
        let bytes = docx_with(&body, Some(&notes), &[("docProps/custom.xml", custom)]);
        let (texts, warnings) = texts_and_warnings(&bytes);
        assert_eq!(
            texts,
            [
                "Aid was large [see @shin2010, p. 24].",
                "It grew.",
                "A noted claim.[^1]",
                "Lost data (Kwan 1982).",
                "Shin, Gi-Wook.",
                "One Alliance, Two Lenses.",
                "Stanford, 2010.",
                "See (Paik 1990, 5-7)."
            ]
        );
        assert_eq!(
            warnings,
            [
                "3:11: warning: Zotero citation ZOTERO_BREF_gone00000000: no data in docProps/custom.xml: read as Word shows it"
            ]
        );
        // Without custom.xml, the same document reads as Word shows it, each said.
        let (texts, warnings) = texts_and_warnings(&docx(&body, Some(&notes)));
        assert_eq!(texts[0], "Aid was large (Shin 2010).");
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(warnings[0].starts_with("1:15: warning: Zotero citation ZOTERO_BREF_Tce3DUyb3IiZ"));
        // The footnote's paragraph comes after the body's four.
        assert!(
            warnings[3].starts_with("5:6: warning: Zotero citation ZOTERO_BREF_Qq8aaZ0xk2Lm"),
            "{warnings:?}"
        );
        // A custom.xml that does not parse loses only the bookmarks' data.
        let bytes = docx_with(
            &body,
            Some(&notes),
            &[("docProps/custom.xml", "<a><b></a>".into())],
        );
        let (texts, warnings) = texts_and_warnings(&bytes);
        assert_eq!(texts[0], "Aid was large (Shin 2010).");
        assert!(
            warnings[0].starts_with("1:1: warning: docProps/custom.xml: XML error"),
            "{warnings:?}"
        );
    }

    /// Mendeley Cite (v3): a content control whose tag is `MENDELEY_CITATION_v3_` and the
    /// citation's CSL-JSON in base64, around the runs Word shows; its items become
    /// citations by key or by first author and year, in a footnote too; a tag whose data
    /// cannot be read is said at its place and read as Word shows it.
    #[test]
    fn mendeley_cite_content_controls_are_read_from_their_tags() {
        let sdt = |json: &str, shown: &str| {
            format!(
                r#"<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_CITATION_v3_{}"/><w:id w:val="-1410928299"/><w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder></w:sdtPr><w:sdtContent>{shown}</w:sdtContent></w:sdt>"#,
                base64(json.as_bytes())
            )
        };
        let citation = |items: &str, text: &str| {
            format!(
                r#"{{"citationID":"MENDELEY_CITATION_1de18c13-0c8d-4a3b-9e70-96407afdc71e","properties":{{"noteIndex":0}},"isEdited":false,"manualOverride":{{"isManuallyOverridden":false,"citeprocText":"{text}","manualOverrideText":""}},"citationItems":[{items}]}}"#
            )
        };
        let body = [
            p(
                "",
                &format!(
                    "{}{}{}",
                    r("Aid was large "),
                    sdt(
                        &citation(&format!("{PAIK},{SHIN}"), "(Paik, 1990; Shin, 2010)"),
                        &format!("{}{}", r("(Paik, 1990; "), r("Shin, 2010)"))
                    ),
                    r(".")
                ),
            ),
            p(
                "",
                &format!(
                    r#"{}<w:r><w:footnoteReference w:id="2"/></w:r>"#,
                    r("A noted claim.")
                ),
            ),
            p(
                "",
                &format!(
                    "{}{}{}",
                    r("Broken "),
                    r#"<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_CITATION_v3_eyJjaXRhdGlvbklE!!"/></w:sdtPr><w:sdtContent><w:r><w:t>(Kwan 1982)</w:t></w:r></w:sdtContent></w:sdt>"#,
                    r(".")
                ),
            ),
        ]
        .concat();
        let notes = format!(
            r#"<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>{}{}</w:p></w:footnote>"#,
            sdt(&citation(SHIN, "Shin, 2010"), &r(" Shin, 2010, 24")),
            r(".")
        );
        let (texts, warnings) = texts_and_warnings(&docx(&body, Some(&notes)));
        assert_eq!(
            texts,
            [
                // One item has no key: both are written from their data.
                "Aid was large (Paik 1990, 5-7; see Shin 2010, 24).",
                "A noted claim.[^1]",
                "Broken (Kwan 1982).",
                "[see @shin2010, p. 24]."
            ]
        );
        assert_eq!(
            warnings,
            [
                "3:8: warning: a Mendeley citation whose data cannot be read (not base64 text): read as Word shows it"
            ]
        );
    }

    /// EndNote's long citations keep their records only as base64 data (`w:fldData`) of an
    /// `EN.CITE.DATA` field inside the `EN.CITE` field: in both fields' data, or the inner
    /// one's only; damaged data is said once and read as Word shows it.
    #[test]
    fn endnote_data_fields_are_read_from_their_base64() {
        let xml = "<EndNote><Cite><Author>Finley</Author><Year>1983</Year><RecNum>3</RecNum>\
            <Prefix>see`</Prefix><Pages>150</Pages><DisplayText>[1]</DisplayText><record>\
            <titles><title>The US Military Experience in Korea, 1871–1982 ∼ é</title></titles>\
            </record></Cite></EndNote>";
        let encoded = base64(xml.as_bytes());
        // Word writes the data in lines.
        let lines: Vec<String> = encoded
            .as_bytes()
            .chunks(76)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        let data = lines.join("\n");
        let begin = |d: &str| {
            if d.is_empty() {
                r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#.to_string()
            } else {
                format!(
                    r#"<w:r><w:fldChar w:fldCharType="begin"><w:fldData xml:space="preserve">{d}</w:fldData></w:fldChar></w:r>"#
                )
            }
        };
        let field = |outer: &str, inner: &str, shown: &str| {
            format!(
                r#"{}<w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE </w:instrText></w:r>{}<w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE.DATA </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
                begin(outer),
                begin(inner),
                r(shown)
            )
        };
        let body = [
            p(
                "",
                &format!(
                    "{}{}{}",
                    r("Aid was large "),
                    field(&data, &data, "[1]"),
                    r(".")
                ),
            ),
            p(
                "",
                &format!("{}{}{}", r("It grew "), field("", &data, "[1]"), r(".")),
            ),
            p(
                "",
                &format!(
                    "{}{}{}",
                    r("It held "),
                    field("PEVu*", "PEVu*", "[3]"),
                    r(".")
                ),
            ),
        ]
        .concat();
        let (texts, warnings) = texts_and_warnings(&docx(&body, None));
        assert_eq!(
            texts,
            [
                "Aid was large (see Finley 1983, 150).",
                "It grew (see Finley 1983, 150).",
                "It held [3]."
            ]
        );
        assert_eq!(
            warnings,
            [
                "3:9: warning: an EndNote citation whose data (EN.CITE.DATA) is not base64 text: read as Word shows it"
            ]
        );
    }

    #[test]
    fn base64_text_reads_both_alphabets_and_refuses_the_rest() {
        assert_eq!(base64_text("PEVuZE5vdGU+").as_deref(), Some("<EndNote>"));
        assert_eq!(base64_text("PEVu\nZE5v dGU-").as_deref(), Some("<EndNote>"));
        assert_eq!(base64_text("eyJhIjoxfQ==").as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(base64_text("PEVu*"), None);
        assert_eq!(base64_text(""), None);
        // Not UTF-8 text.
        assert_eq!(base64_text("/w=="), None);
    }

    #[test]
    fn bad_files_name_the_part() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"PK\x03\x04garbage".to_vec(), "not a readable Word file"),
            (
                stored(&[("other.xml", b"<a/>")]),
                "word/document.xml is missing",
            ),
            (
                stored(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]),
                "word/document.xml: XML error",
            ),
            (
                stored(&[
                    ("word/document.xml", b"<a/>"),
                    ("word/styles.xml", b"<a><b></a>"),
                ]),
                "word/styles.xml: XML error",
            ),
        ];
        for (bytes, want) in cases {
            let err = layout(&bytes).map(|_| ()).unwrap_err();
            assert!(err.contains(want), "{err}");
        }
    }

    #[test]
    fn deep_nesting_and_entities_do_not_hang() {
        let deep = format!(
            "{}{}",
            "<w:sdt>".repeat(100_000),
            "</w:sdt>".repeat(100_000)
        );
        let body = format!("{deep}{}", p("", &r("Text &amp; &#8217; &undefined;.")));
        let got = units(&docx(&body, None));
        assert_eq!(got.last().unwrap().1, "Text & ’ .");
    }
}
