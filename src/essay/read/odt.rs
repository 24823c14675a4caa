//! OpenDocument text (`.odt`, LibreOffice's and Google Docs' format) -> the same document as a
//! Word file gives (`docx`): paragraphs (`text:p`), headings (`text:h`, their outline level),
//! the title (a paragraph in the Title style), list items (`text:list-item`), tables and
//! captions (a Caption, Illustration, Figure, Table or Drawing paragraph, text boxes) as
//! non-claims, footnotes and endnotes (`text:note`, written inline in the paragraph that
//! carries them) as notes after the body, numbered in the order of their markers, tracked
//! changes read as accepted (the deleted text sits in `text:tracked-changes`, which is not
//! read), comments (`office:annotation`) left out, superscript spans (by their automatic
//! style) raised as Word's are.
//!
//! Citations of reference managers, by their reference marks around the text shown:
//! Zotero's (`ZOTERO_ITEM CSL_CITATION {...} RND<id>`) and legacy Mendeley's (`CSL_CITATION
//! {...}`) as their Word fields are (the CSL-JSON's items by key, else author and year),
//! JabRef's (`JABREF_<key> CID_<n> <id>`) as `[@key]`; LibreOffice's own
//! `text:bibliography-mark` as the author-date citation of its author and year.
//!
//! A location is the paragraph and character, as for Word: body paragraphs counted from 1 in
//! document order (empty ones and table cells included), then the notes' paragraphs.
//! Bad input is an error naming the part (no `content.xml`, XML that does not parse); a
//! citation whose data cannot be read is read as shown, with a warning at its place.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};

use super::Warning;
use super::docx::{Cited, Item, Para, Style, assemble, attr, citation, raise, style_of};
use super::zip::Archive;
use crate::essay::Layout;

/// Reads an .odt file; the error names the part that could not be read.
pub(crate) fn layout(bytes: &[u8]) -> Result<(String, Layout, Vec<Warning>), String> {
    let zip = Archive::open(bytes).map_err(|e| format!("not a readable OpenDocument file: {e}"))?;
    let part = |name: &str| -> Result<Option<String>, String> {
        match zip.read(name)? {
            None => Ok(None),
            Some(b) => Ok(Some(
                String::from_utf8(b).map_err(|_| format!("{name}: not UTF-8"))?,
            )),
        }
    };
    let Some(content) = part("content.xml")? else {
        return Err(if zip.has("word/document.xml") {
            "a Word file renamed .odt: save it as .odt, or name it .docx".into()
        } else {
            "content.xml is missing (not an OpenDocument text)".into()
        });
    };
    let mut styles = Styles::default();
    if let Some(x) = part("styles.xml")? {
        styles.read(&x).map_err(|e| format!("styles.xml: {e}"))?;
    }
    let mut walk = Walk::new();
    walk.read(&content, &mut styles)
        .map_err(|e| format!("content.xml: {e}"))?;
    let kinds = styles.kinds();
    Ok(assemble(walk.paras, walk.notes, &kinds))
}

/// One style: its parent, display name, and whether its text is raised (when it says).
type StyleEntry = (Option<String>, Option<String>, Option<bool>);

/// The styles of the file, by name.
#[derive(Default)]
struct Styles {
    all: HashMap<String, StyleEntry>,
}

impl Styles {
    /// Reads the `style:style` elements of styles.xml or content.xml's automatic styles.
    fn read(&mut self, xml: &str) -> Result<(), String> {
        let mut r = Reader::from_str(xml);
        let mut current: Option<String> = None;
        loop {
            match r.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => self.element(&e, &mut current),
                Ok(Event::End(e)) if e.name().as_ref() == b"style:style" => current = None,
                Ok(Event::End(e)) if e.name().as_ref() == b"office:automatic-styles" => {
                    // content.xml: the body follows.
                    return Ok(());
                }
                Ok(Event::Eof) => return Ok(()),
                Err(e) => return Err(format!("XML error at byte {}: {e}", r.error_position())),
                _ => {}
            }
        }
    }

    fn element(&mut self, e: &BytesStart, current: &mut Option<String>) {
        match e.name().as_ref() {
            b"style:style" => {
                if let Some(name) = attr(e, b"style:name") {
                    self.all.insert(
                        name.clone(),
                        (
                            attr(e, b"style:parent-style-name"),
                            attr(e, b"style:display-name"),
                            None,
                        ),
                    );
                    *current = Some(name);
                }
            }
            b"style:text-properties" => {
                if let Some(name) = current.as_ref()
                    && let Some(pos) = attr(e, b"style:text-position")
                    && let Some(s) = self.all.get_mut(name)
                {
                    // "super 58%", or a raise as a percentage: "33% 58%".
                    let first = pos.split_whitespace().next().unwrap_or("");
                    let raised = first == "super"
                        || first
                            .strip_suffix('%')
                            .and_then(|p| p.parse::<f32>().ok())
                            .is_some_and(|p| p > 0.0);
                    s.2 = Some(raised);
                }
            }
            _ => {}
        }
    }

    /// Whether text in this style is superscript (its own setting, else its parent's).
    fn raised(&self, name: &str) -> bool {
        let mut name = name;
        for _ in 0..16 {
            let Some((parent, _, sup)) = self.all.get(name) else {
                return false;
            };
            if let Some(sup) = sup {
                return *sup;
            }
            let Some(p) = parent else { return false };
            name = p;
        }
        false
    }

    /// The kind of paragraph each style makes, by its name or display name, else its
    /// parent's (an automatic style `P1` on Title is a title).
    fn kinds(&self) -> HashMap<String, Style> {
        let kind_of = |name: &str| -> Style {
            let mut name = name;
            for _ in 0..16 {
                let (parent, display) = match self.all.get(name) {
                    Some((p, d, _)) => (p.as_deref(), d.as_deref()),
                    None => (None, None),
                };
                let k = named(display.unwrap_or(name));
                if k != Style::Other {
                    return k;
                }
                let k = named(name);
                if k != Style::Other {
                    return k;
                }
                match parent {
                    Some(p) => name = p,
                    None => return Style::Other,
                }
            }
            Style::Other
        };
        self.all
            .keys()
            .map(|name| (name.clone(), kind_of(name)))
            .collect()
    }
}

/// A style name's kind: Word's names (`style_of`), LibreOffice's encoded spaces
/// (`Heading_20_1`) and its caption categories.
fn named(name: &str) -> Style {
    let name = name.replace("_20_", " ");
    match name.as_str() {
        "Illustration" | "Figure" | "Drawing" | "Table" | "Text" => Style::Caption,
        _ => style_of(&name),
    }
}

/// Elements whose content is not the document's running text.
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"text:tracked-changes"
            | b"office:annotation"
            | b"text:note-citation"
            | b"text:sequence-decls"
            | b"text:variable-decls"
            | b"text:user-field-decls"
            | b"office:forms"
            | b"text:table-of-content"
            | b"text:alphabetical-index"
            | b"text:illustration-index"
            | b"text:table-index"
            | b"text:object-index"
            | b"text:user-index"
            | b"svg:title"
            | b"svg:desc"
            | b"office:automatic-styles"
            | b"office:font-face-decls"
            | b"office:scripts"
    )
}

/// A citation whose shown text is being read: its reference mark's name, what it cites.
struct Capture {
    name: String,
    cited: Cited,
    shown: String,
    sup: bool,
}

/// The note being read: its kind, id, paragraphs, and the paragraphs it interrupted.
struct OpenNote {
    endnote: bool,
    id: String,
    paras: Vec<Para>,
    outer: Vec<Para>,
}

struct Walk {
    paras: Vec<Para>,
    /// The open paragraphs, innermost last (a text box's paragraph inside a paragraph).
    open: Vec<Para>,
    number: u32,
    notes: HashMap<(bool, String), Vec<Para>>,
    note: Vec<OpenNote>,
    /// Depth inside elements that are not running text.
    skip: usize,
    lists: usize,
    tables: usize,
    frames: usize,
    /// Per open `text:span`: whether its text is raised.
    spans: Vec<bool>,
    raised: String,
    captures: Vec<Capture>,
    /// How many `text:note` ids were not given (numbered from 1 here).
    unnamed: u32,
}

impl Walk {
    fn new() -> Self {
        Walk {
            paras: Vec::new(),
            open: Vec::new(),
            number: 0,
            notes: HashMap::new(),
            note: Vec::new(),
            skip: 0,
            lists: 0,
            tables: 0,
            frames: 0,
            spans: Vec::new(),
            raised: String::new(),
            captures: Vec::new(),
            unnamed: 0,
        }
    }

    fn read(&mut self, xml: &str, styles: &mut Styles) -> Result<(), String> {
        let mut r = Reader::from_str(xml);
        let mut in_auto = false;
        let mut current_style: Option<String> = None;
        loop {
            let ev = r
                .read_event()
                .map_err(|e| format!("XML error at byte {}: {e}", r.error_position()))?;
            match &ev {
                Event::Eof => break,
                Event::Start(e) if e.name().as_ref() == b"office:automatic-styles" => {
                    in_auto = true;
                    continue;
                }
                Event::End(e) if e.name().as_ref() == b"office:automatic-styles" => {
                    in_auto = false;
                    continue;
                }
                Event::Start(e) | Event::Empty(e) if in_auto => {
                    styles.element(e, &mut current_style);
                    continue;
                }
                _ if in_auto => continue,
                _ => {}
            }
            self.event(ev, styles)?;
        }
        // A file cut short: what is open is closed.
        while let Some(c) = self.captures.pop() {
            self.cite(&c.cited, &c.shown, c.sup);
        }
        while !self.note.is_empty() {
            self.end_note();
        }
        while !self.open.is_empty() {
            self.end_para();
        }
        Ok(())
    }

    /// Ends the note being read (its open paragraphs with it) and goes back to the
    /// paragraph that carries its marker.
    fn end_note(&mut self) {
        if self.note.is_empty() {
            return;
        }
        while !self.open.is_empty() {
            self.end_para();
        }
        if let Some(n) = self.note.pop() {
            self.open = n.outer;
            self.notes.insert((n.endnote, n.id), n.paras);
        }
    }

    fn sup(&self) -> bool {
        self.spans.last().copied().unwrap_or(false)
    }

    /// The open paragraph (one is opened when text comes outside any).
    fn para(&mut self) -> &mut Para {
        if self.open.is_empty() {
            self.start_para(None);
        }
        self.open.last_mut().unwrap()
    }

    fn start_para(&mut self, style: Option<String>) {
        let number = match self.note.last() {
            Some(n) => n.paras.len() as u32 + 1,
            None => {
                self.number += 1;
                self.number
            }
        };
        self.flush_raised();
        self.open.push(Para {
            text: String::new(),
            style,
            list: self.lists > 0,
            in_table: self.tables > 0 || self.frames > 0,
            notes: Vec::new(),
            number,
            warnings: Vec::new(),
        });
    }

    fn end_para(&mut self) {
        self.flush_raised();
        let Some(p) = self.open.pop() else { return };
        match self.note.last_mut() {
            Some(n) => n.paras.push(p),
            None => self.paras.push(p),
        }
    }

    fn flush_raised(&mut self) {
        if self.raised.is_empty() {
            return;
        }
        let raised = raise(&std::mem::take(&mut self.raised));
        if let Some(p) = self.open.last_mut() {
            p.text.push_str(&raised);
        }
    }

    fn warn(&mut self, message: String) {
        self.flush_raised();
        let p = self.para();
        let at = p.text.len();
        p.warnings.push((at, message));
    }

    /// Text of the document: into a citation's shown text or the paragraph.
    fn push(&mut self, s: &str) {
        if self.skip > 0 {
            return;
        }
        let sup = self.sup();
        if let Some(c) = self.captures.last_mut() {
            c.shown.push_str(s);
            c.sup |= sup;
            return;
        }
        if sup {
            self.raised.push_str(s);
            return;
        }
        self.flush_raised();
        self.para().text.push_str(s);
    }

    fn cite(&mut self, cited: &Cited, shown: &str, sup: bool) {
        let written = cited.written(shown);
        if written == shown && sup && self.captures.is_empty() {
            self.flush_raised();
            let raised = raise(shown);
            self.para().text.push_str(&raised);
        } else {
            self.push(&written);
        }
    }

    fn end_capture(&mut self, name: &str) {
        let Some(k) = self.captures.iter().rposition(|c| c.name == name) else {
            return;
        };
        while self.captures.len() > k {
            let c = self.captures.pop().unwrap();
            self.cite(&c.cited, &c.shown, c.sup);
        }
    }

    fn event(&mut self, ev: Event, styles: &Styles) -> Result<(), String> {
        match ev {
            Event::Start(e) => {
                let name = e.name();
                let name = name.as_ref();
                if self.skip > 0 || skipped(name) {
                    self.skip += 1;
                    return Ok(());
                }
                self.open_element(&e, false, styles);
            }
            Event::Empty(e) if self.skip == 0 && !skipped(e.name().as_ref()) => {
                self.open_element(&e, true, styles);
            }
            Event::End(e) => {
                if self.skip > 0 {
                    self.skip -= 1;
                    return Ok(());
                }
                match e.name().as_ref() {
                    b"text:p" | b"text:h" => self.end_para(),
                    b"text:span" => {
                        self.spans.pop();
                    }
                    b"text:list-item" | b"text:list-header" => {
                        self.lists = self.lists.saturating_sub(1)
                    }
                    b"table:table" => self.tables = self.tables.saturating_sub(1),
                    b"draw:text-box" => self.frames = self.frames.saturating_sub(1),
                    b"text:bibliography-mark" => self.end_capture("\u{0}bibliography-mark"),
                    b"text:note" => self.end_note(),
                    _ => {}
                }
            }
            // Text outside a paragraph is layout (whitespace between elements).
            Event::Text(t) if self.skip == 0 && !self.open.is_empty() => {
                let s = t.decode().map_err(|e| e.to_string())?;
                self.push(&s);
            }
            Event::GeneralRef(r) if self.skip == 0 && !self.open.is_empty() => {
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
            Event::CData(t) if self.skip == 0 && !self.open.is_empty() => {
                self.push(&String::from_utf8_lossy(&t));
            }
            _ => {}
        }
        Ok(())
    }

    fn open_element(&mut self, e: &BytesStart, empty: bool, styles: &Styles) {
        match e.name().as_ref() {
            b"text:p" | b"text:h" => {
                let style = if e.name().as_ref() == b"text:h" {
                    let level = attr(e, b"text:outline-level")
                        .and_then(|l| l.parse::<u8>().ok())
                        .unwrap_or(1)
                        .clamp(1, 6);
                    Some(format!("heading {level}"))
                } else {
                    attr(e, b"text:style-name")
                };
                self.start_para(style);
                if empty {
                    self.end_para();
                }
            }
            b"text:span" if !empty => {
                let raised = attr(e, b"text:style-name")
                    .map(|s| styles.raised(&s))
                    .unwrap_or_else(|| self.sup());
                self.spans.push(raised);
            }
            b"text:list-item" | b"text:list-header" if !empty => self.lists += 1,
            b"table:table" if !empty => self.tables += 1,
            b"draw:text-box" if !empty => self.frames += 1,
            b"text:s" => {
                // Capped: the spaces only separate words here, and 22 bytes of
                // `<text:s text:c="1000"/>` must not write a thousand.
                let n = attr(e, b"text:c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 16);
                self.push(&" ".repeat(n));
            }
            b"text:tab" => self.push("\t"),
            b"text:line-break" => self.push(" "),
            b"text:note" if !empty => {
                let endnote = attr(e, b"text:note-class").as_deref() == Some("endnote");
                let id = attr(e, b"text:id").unwrap_or_else(|| {
                    self.unnamed += 1;
                    format!("\u{0}{}", self.unnamed)
                });
                self.flush_raised();
                let p = self.para();
                let at = p.text.len();
                p.notes.push((at, endnote, id.clone()));
                let outer = std::mem::take(&mut self.open);
                self.note.push(OpenNote {
                    endnote,
                    id,
                    paras: Vec::new(),
                    outer,
                });
            }
            b"text:reference-mark-start" => {
                let Some(name) = attr(e, b"text:name") else {
                    return;
                };
                if let Some(key) = name.strip_prefix("JABREF_") {
                    let key = key.split(" CID_").next().unwrap_or(key).trim();
                    if !key.is_empty() {
                        self.captures.push(Capture {
                            name: name.clone(),
                            cited: Cited {
                                items: vec![Item::keyed(key)],
                                author_date: None,
                            },
                            shown: String::new(),
                            sup: false,
                        });
                    }
                    return;
                }
                match citation(&name) {
                    Some(Ok(cited)) => self.captures.push(Capture {
                        name,
                        cited,
                        shown: String::new(),
                        sup: false,
                    }),
                    Some(Err(why)) => self.warn(format!(
                        "a citation reference mark {}",
                        why.replace("Word shows it", "the document shows it")
                    )),
                    None => {}
                }
            }
            b"text:reference-mark-end" => {
                if let Some(name) = attr(e, b"text:name") {
                    self.end_capture(&name);
                }
            }
            b"text:bibliography-mark" if !empty => {
                let family = attr(e, b"text:author").and_then(|a| {
                    let first = a.split([';', '&']).next()?.split(" and ").next()?.trim();
                    let family = match first.split_once(',') {
                        Some((f, _)) => f.trim(),
                        None => first.rsplit(' ').next()?.trim(),
                    };
                    (!family.is_empty()).then(|| family.to_string())
                });
                let year = attr(e, b"text:year").filter(|y| !y.trim().is_empty());
                let author_date = family.zip(year).map(|(f, y)| format!("({f} {})", y.trim()));
                self.captures.push(Capture {
                    name: "\u{0}bibliography-mark".into(),
                    cited: Cited {
                        items: Vec::new(),
                        author_date,
                    },
                    shown: String::new(),
                    sup: false,
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::essay::{Options, assemble as walk};
    use crate::model::ClaimKind;
    use crate::testing::zip::stored;

    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3""#;

    /// An .odt as LibreOffice writes one: `mimetype` first and stored, content.xml with its
    /// automatic styles, styles.xml with the named ones.
    fn odt(body: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:automatic-styles><style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"><style:paragraph-properties fo:text-align="center"/></style:style><style:style style:name="P2" style:family="paragraph" style:parent-style-name="Text_20_body"/><style:style style:name="T1" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style><style:style style:name="T2" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles><office:body><office:text><text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Figure"/></text:sequence-decls>{body}</office:text></office:body></office:document-content>"#
        );
        let styles = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}><office:styles><style:style style:name="Title" style:family="paragraph" style:class="chapter"/><style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph"/><style:style style:name="Figure" style:family="paragraph" style:parent-style-name="Caption"/><style:style style:name="Raised" style:family="text"><style:text-properties style:text-position="33% 58%"/></style:style></office:styles></office:document-styles>"#
        );
        stored(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_bytes()),
            ("styles.xml", styles.as_bytes()),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
        ])
    }

    fn units(bytes: &[u8]) -> Vec<(ClaimKind, String, (u32, u32))> {
        let (text, layout, _) = layout(bytes).unwrap();
        let doc = walk("e.odt", text, layout, &Options::default());
        doc.claims
            .iter()
            .map(|c| (c.kind, c.text.clone(), (c.line, c.column)))
            .collect()
    }

    fn zotero(key: &str, locator: &str) -> String {
        format!(
            r#"ZOTERO_ITEM CSL_CITATION {{"citationID":"IQc5TguB","properties":{{"formattedCitation":"(Shin 2010, 24)","noteIndex":0}},"citationItems":[{{"id":46,"uris":["http://zotero.org/users/1/items/X"],"locator":"{locator}","label":"page","itemData":{{"id":46,"type":"book","title":"T","citation-key":"{key}"}}}}],"schema":"https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}} RND6KERMIacgp"#
        )
        .replace('"', "&quot;")
    }

    #[test]
    fn paragraphs_headings_lists_tables_notes_and_marks() {
        let mark = zotero("shin2010", "24");
        let body = [
            r#"<text:p text:style-name="P1">The Alliance</text:p>"#.to_string(),
            r#"<text:h text:style-name="Heading_20_1" text:outline-level="1">Origins</text:h>"#.into(),
            format!(
                r#"<text:p text:style-name="P2">Aid was <text:span text:style-name="T2">large</text:span> <text:reference-mark-start text:name="{mark}"/>(Shin<text:s/>2010, 24)<text:reference-mark-end text:name="{mark}"/>. It grew.</text:p>"#
            ),
            r#"<text:p text:style-name="P2">A noted claim.<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">See the note (Kwan 1982, 7).</text:p></text:note-body></text:note> Then more<text:change-start text:change-id="ct1"/> kept<text:change-end text:change-id="ct1"/>.</text:p>"#.into(),
            "<text:p/>".into(),
            r#"<table:table table:name="Table1"><table:table-row><table:table-cell><text:p>cell (Finley 1983)</text:p></table:table-cell><table:table-cell><text:p>two</text:p></table:table-cell></table:table-row></table:table>"#.into(),
            r#"<text:list><text:list-item><text:p>An item.</text:p></text:list-item></text:list>"#.into(),
            r#"<text:h text:outline-level="2">Later &amp; last</text:h>"#.into(),
            r#"<text:p>Raised<text:span text:style-name="T1">2,3</text:span> and 4<text:span text:style-name="Raised">5</text:span>.<office:annotation><dc:creator>A</dc:creator><text:p>A comment, not a claim.</text:p></office:annotation></text:p>"#.into(),
            r#"<text:p>Ended.<text:note text:id="ftn2" text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>An endnote (Paik 1990).</text:p></text:note-body></text:note></text:p>"#.into(),
            r#"<text:tracked-changes><text:changed-region text:id="ct2"><text:deletion><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes>"#.into(),
        ]
        .concat();
        let got = units(&odt(&body));
        let want: Vec<(ClaimKind, String, (u32, u32))> = vec![
            (ClaimKind::Title, "The Alliance".into(), (1, 1)),
            (ClaimKind::Heading, "Origins".into(), (2, 1)),
            (
                ClaimKind::Claim,
                "Aid was large [@shin2010, p. 24].".into(),
                (3, 1),
            ),
            (ClaimKind::Claim, "It grew.".into(), (3, 35)),
            (ClaimKind::Claim, "A noted claim.[^1]".into(), (4, 1)),
            (ClaimKind::Claim, "Then more kept.".into(), (4, 20)),
            (ClaimKind::Other, "cell (Finley 1983)\ntwo".into(), (6, 1)),
            (ClaimKind::Claim, "An item.".into(), (8, 1)),
            (ClaimKind::Heading, "Later & last".into(), (9, 1)),
            (ClaimKind::Claim, "Raised^(2,3) and 4⁵.".into(), (10, 1)),
            (ClaimKind::Claim, "Ended.[^i]".into(), (11, 1)),
            (
                ClaimKind::Note,
                "See the note (Kwan 1982, 7).".into(),
                (12, 1),
            ),
            (ClaimKind::Note, "An endnote (Paik 1990).".into(), (13, 1)),
        ];
        assert_eq!(got, want);
        let (text, layout, _) = layout(&odt(&body)).unwrap();
        let (_, note) = &layout.notes[0];
        assert_eq!(note.label, "1");
        let (s, e) = note.marker.unwrap();
        assert_eq!(&text[s..e], "[^1]");
    }

    /// Mendeley's legacy marks, JabRef's, LibreOffice's own bibliography marks, a caption
    /// and a text box; a mark whose JSON is broken is read as shown, with a warning at its
    /// paragraph and character.
    #[test]
    fn other_citation_marks_and_captions() {
        let mendeley = r#"CSL_CITATION {"citationItems":[{"id":"ITEM-1","itemData":{"type":"book","title":"US-Korean Security Relations","author":[{"family":"Paik","given":"Seung-gi"}],"issued":{"date-parts":[["1990"]]}},"locator":"12","label":"page","uris":["https://www.mendeley.com/documents/?uuid=x"]}],"mendeley":{"formattedCitation":"(Paik, 1990)"},"properties":{"noteIndex":0},"schema":"https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}"#.replace('"', "&quot;");
        let broken =
            r#"ZOTERO_ITEM CSL_CITATION {"citationID":"x","citationItems":[{"id":1 RNDabc"#
                .replace('"', "&quot;");
        let body = [
            format!(
                r#"<text:p>Aid was large <text:reference-mark-start text:name="{mendeley}"/>(Paik, 1990)<text:reference-mark-end text:name="{mendeley}"/>.</text:p>"#
            ),
            r#"<text:p>It grew <text:reference-mark-start text:name="JABREF_Shin_2010 CID_1 du6kcoxv"/>[1]<text:reference-mark-end text:name="JABREF_Shin_2010 CID_1 du6kcoxv"/>.</text:p>"#.into(),
            r#"<text:p>It held <text:bibliography-mark text:bibliography-type="book" text:identifier="Fin83" text:author="Finley, James P." text:title="The US Military Experience in Korea" text:year="1983">[Fin83]</text:bibliography-mark>.</text:p>"#.into(),
            format!(
                r#"<text:p>Broken <text:reference-mark-start text:name="{broken}"/>(Kwan 1982)<text:reference-mark-end text:name="{broken}"/>.</text:p>"#
            ),
            r#"<text:p text:style-name="Figure">Figure <text:sequence text:name="Figure">1</text:sequence>: the alliance (Finley 1983).</text:p>"#.into(),
            r#"<text:p>Before <draw:frame draw:name="F1"><draw:text-box><text:p>Boxed caption text.</text:p></draw:text-box><svg:title>Alt text</svg:title></draw:frame>after.</text:p>"#.into(),
        ]
        .concat();
        let read = crate::essay::read::read_bytes(
            "e.odt",
            crate::essay::read::Format::Odt,
            &odt(&body),
            "",
            &Options::default(),
        )
        .unwrap();
        let got: Vec<(ClaimKind, &str)> = read
            .document
            .claims
            .iter()
            .map(|c| (c.kind, c.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (ClaimKind::Claim, "Aid was large (Paik 1990, 12)."),
                (ClaimKind::Claim, "It grew [@Shin_2010]."),
                (ClaimKind::Claim, "It held (Finley 1983)."),
                (ClaimKind::Claim, "Broken (Kwan 1982)."),
                (ClaimKind::Other, "Figure 1: the alliance (Finley 1983)."),
                (ClaimKind::Other, "Boxed caption text."),
                (ClaimKind::Claim, "Before after."),
            ]
        );
        assert_eq!(
            read.located_warnings(),
            [
                "4:8: warning: a citation reference mark has JSON that never closes: read as the document shows it"
            ]
        );
    }

    #[test]
    fn bad_files_name_the_part() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (
                b"PK\x03\x04garbage".to_vec(),
                "not a readable OpenDocument file",
            ),
            (
                stored(&[("mimetype", b"application/vnd.oasis.opendocument.text")]),
                "content.xml is missing",
            ),
            (
                stored(&[("word/document.xml", b"<a/>")]),
                "a Word file renamed .odt",
            ),
            (
                stored(&[(
                    "content.xml",
                    b"<office:document-content><text:p></office:text>",
                )]),
                "content.xml: XML error",
            ),
            (
                stored(&[("content.xml", b"<a/>"), ("styles.xml", b"<a><b></a>")]),
                "styles.xml: XML error",
            ),
        ];
        for (bytes, want) in cases {
            let err = layout(&bytes).map(|_| ()).unwrap_err();
            assert!(err.contains(want), "{err}");
        }
    }

    #[test]
    fn deep_nesting_and_cut_files_do_not_hang_or_panic() {
        let deep = format!(
            "{}{}",
            "<text:span>".repeat(100_000),
            "</text:span>".repeat(100_000)
        );
        let body = format!("{deep}<text:p>Text &amp; &#8217; &undefined;.</text:p>");
        let got = units(&odt(&body));
        assert_eq!(got.last().unwrap().1, "Text & ’ .");
        // Spaces asked for by the million are a few.
        let body = r#"<text:p>Wide<text:s text:c="99999999"/>gap.</text:p>"#;
        let (text, _, _) = layout(&odt(&body.repeat(1000))).unwrap();
        assert!(text.len() < 30 * 1000, "{}", text.len());
        // A note and a mark never closed: what was read is kept.
        let mark = zotero("shin2010", "24");
        let content = format!(
            r#"<office:document-content {NS}><office:body><office:text><text:p>Cut <text:reference-mark-start text:name="{mark}"/>(Shin 2010)<text:note text:id="n1"><text:note-body><text:p>In the note"#
        );
        let bytes = stored(&[("content.xml", content.as_bytes())]);
        // quick-xml reports the unclosed elements at the end, or reads what it can.
        let _ = layout(&bytes);
    }
}
