//! Documents (essays) and the claims (sentences) they are split into.

use serde::{Deserialize, Serialize};

use super::Citation;

named_enum! {
    /// What a unit of the document is. Only `Claim` units can need a citation.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub enum ClaimKind {
        /// A sentence of running text (paragraph or list item).
        #[default]
        Claim => "claim",
        /// A section heading.
        Heading => "heading",
        /// The document's title.
        Title => "title",
        /// A byline ("By Daniel Oh").
        Byline => "byline",
        /// An item of the closing list of sources.
        Reference => "reference",
        /// The body of a footnote or endnote (or one sentence of it). Never needs a citation of
        /// its own: the citations found in it belong to the unit that carries its marker (see
        /// [`Note`]).
        Note => "note",
        /// Anything else: web-page debris ("Skip to content"), a table-of-contents label, a caption.
        Other => "other",
    }
}

/// What a unit of kind [`ClaimKind::Note`] knows about its note: the label printed at the
/// note and at its marker, and where the marker is.
///
/// The rule: the citations found in a note's body belong to the unit whose span contains
/// `marker` (they are moved there by `cite::cite_document`, each keeping `label` in
/// [`Citation::in_note`](super::Citation::in_note)); a note without a marker keeps its own.
/// A note split into several units (one per sentence) gives each the same `Note`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Note {
    /// The number or label as printed: "3", "*", "a"; for a Markdown `[^fn1]` the name "fn1".
    pub label: String,
    /// Byte span in the document text of the marker that calls the note ("³", "\[3\]",
    /// "`[^3]`", the whole `\footnote{...}` when the body is written inline); `None` when the
    /// note's marker was not found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<(usize, usize)>,
}

/// A unit of a document: a sentence, a heading, a reference-list item...
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Claim {
    /// The library's stable id (shown as `c<id>`); `None` until stored.
    pub id: Option<i64>,
    /// What this unit is.
    pub kind: ClaimKind,
    /// Text of the heading of the section it belongs to, if any.
    pub section: Option<String>,
    /// 1-based paragraph number within the document (headings count as their own block).
    pub paragraph: u32,
    /// 1-based sentence number within the paragraph.
    pub sentence: u32,
    /// Byte offset of the first byte in the document text.
    pub start: usize,
    /// Byte offset one past the last byte in the document text.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column (in characters) of `start`.
    pub column: u32,
    /// The exact text, `document.text[start..end]`; for a marked-up format, the same bytes
    /// with the markup that is not prose shown as spaces (same length, same offsets).
    pub text: String,
    /// Inline citations found in the text, then manual links.
    pub citations: Vec<Citation>,
    /// Why the user says this claim needs no citation (`annobib exempt`), if they did.
    pub exempt: Option<String>,
    /// True when a re-import of an edited document could not find this claim again: it is
    /// kept (with the user's links and notes) and reported, its span refers to the old text.
    pub orphaned: bool,
    /// For a unit of kind [`ClaimKind::Note`]: its note's label and marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
}

/// An imported essay.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// The library's id; `None` until stored.
    pub id: Option<i64>,
    /// Path as given on import; documents are identified by it.
    pub path: String,
    /// The title found in the text, if any.
    pub title: Option<String>,
    /// The text exactly as imported (after decoding to UTF-8).
    pub text: String,
    /// Hex SHA-256 of `text`.
    pub hash: String,
    /// Every unit of the document in order.
    pub claims: Vec<Claim>,
}

/// `span` (byte offsets into `text`) kept inside `text` and widened to whole characters: its
/// start moved back and its end forward to the nearest character boundaries. Readers' views
/// can stand one byte for a character of several, so spans found in a view are made whole
/// here before anything slices the text with them.
pub fn whole_chars(text: &str, (start, end): (usize, usize)) -> (usize, usize) {
    let mut end = end.min(text.len());
    let mut start = start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (start, end)
}

/// A claim's id as people type and read it: `c12` (the store's row id 12).
///
/// Displays as `c12`; parses `c12`, `C12` or `12`; serialises as the string `"c12"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClaimId(pub i64);

impl std::fmt::Display for ClaimId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "c{}", self.0)
    }
}

impl std::str::FromStr for ClaimId {
    type Err = String;

    fn from_str(s: &str) -> Result<ClaimId, String> {
        let digits = s.strip_prefix(['c', 'C']).unwrap_or(s);
        match digits.parse::<i64>() {
            Ok(n) if n > 0 => Ok(ClaimId(n)),
            _ => Err(format!(
                "'{s}' is not a claim id (claims are numbered c1, c2, ...; see annobib claims)"
            )),
        }
    }
}

impl Serialize for ClaimId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClaimId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ClaimId, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Formats a claim id as people type it: `c12`.
pub fn claim_label(id: i64) -> String {
    ClaimId(id).to_string()
}
