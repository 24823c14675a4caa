//! Citations: an inline marker (or a manual link) from a claim to a source, with a locator.

use serde::{Deserialize, Serialize};

named_enum! {
    /// How the citation was written.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum CitationStyle {
        /// A free-form note, full or short: "(see James P. Finley, The U.S. Experience ..., 150)".
        Note => "note",
        /// Author-date or APA in parentheses: "(Finley 1983, 150)", "(Smith & Jones, 2010, p. 24)".
        AuthorDate => "author-date",
        /// Narrative author-date: "Finley (1983) argues".
        Narrative => "narrative",
        /// MLA author-page: "(Finley 150)".
        Mla => "mla",
        /// Pandoc: "[@finley1983, p. 150]", "@finley1983 [p. 150]".
        Pandoc => "pandoc",
        /// LaTeX: "\cite[p.~150]{finley1983}", `\parencite`, `\textcite`.
        Latex => "latex",
        /// A back-reference: "ibid.", "Ibid., 26", "loc. cit.".
        Ibid => "ibid",
        /// An item of the document's own reference list, read as a full reference.
        Reference => "reference",
        /// A number pointing at an item of the document's numbered reference list: "[3]",
        /// "[3, p. 5]", "(3)", "³".
        Numeric => "numeric",
    }
}

/// What the parts of a marker say about the work it cites, as written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MarkerParts {
    /// A leading signal: "see", "see also", "cf.", "e.g.".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Author names as written ("James P. Finley", "Finley", "Smith", "Jones").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Title as written ("The U.S. Experience in Korea, 1871-1982: In the Vanguard ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Place of publication ("Seoul").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Publisher ("Institute of Military History").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Year as written ("2014", "1983a", "n.d.").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// A citation key (pandoc, LaTeX).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The number of the reference-list item a numeric citation points at, or the number an
    /// item of a numbered reference list carries ("[3] J. P. Finley, ...", "3. Finley JP.").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
}

/// A citation's [`MarkerParts`], kept on the heap and only when the marker gave any: a bare
/// "ibid.", a manual link or a number gives none, and the parts are most of a citation's size
/// (a document of 10^5 "ibid." holds 10^5 citations). Reads as a `MarkerParts` (empty when
/// there are none); writing through it creates them.
#[derive(Clone, Default)]
pub struct Parts(Option<Box<MarkerParts>>);

/// The parts of a marker that gave none.
static NO_PARTS: MarkerParts = MarkerParts {
    prefix: None,
    authors: Vec::new(),
    title: None,
    place: None,
    publisher: None,
    year: None,
    key: None,
    number: None,
};

impl Parts {
    /// The parts, owned.
    pub fn into_inner(self) -> MarkerParts {
        self.0.map(|b| *b).unwrap_or_default()
    }
}

impl std::ops::Deref for Parts {
    type Target = MarkerParts;

    fn deref(&self) -> &MarkerParts {
        self.0.as_deref().unwrap_or(&NO_PARTS)
    }
}

impl std::ops::DerefMut for Parts {
    fn deref_mut(&mut self) -> &mut MarkerParts {
        self.0.get_or_insert_default()
    }
}

impl From<MarkerParts> for Parts {
    fn from(parts: MarkerParts) -> Parts {
        if parts == NO_PARTS {
            Parts(None)
        } else {
            Parts(Some(Box::new(parts)))
        }
    }
}

impl PartialEq for Parts {
    fn eq(&self, other: &Parts) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for Parts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Parts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Parts, D::Error> {
        MarkerParts::deserialize(d).map(Parts::from)
    }
}

named_enum! {
    /// The kind of a locator.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum LocatorLabel {
        /// Pages: "24", "p. 24", "pp. 24–26", "xii", "24f.".
        Page => "page",
        /// "ch. 3", "chap. IV", a roman chapter.
        Chapter => "chapter",
        /// "§ 2", "sec. 4".
        Section => "section",
        /// "n. 63".
        Note => "note",
        /// "f. 50ra", "fol. 3v".
        Folio => "folio",
        /// "l. 4", "ll. 48–57".
        Line => "line",
        /// "para. 3", "¶ 3".
        Paragraph => "paragraph",
        /// "vol. 2".
        Volume => "volume",
        /// "fig. 3".
        Figure => "figure",
        /// A date used as a locator, e.g. a diary entry "9/7/51".
        Date => "date",
    }
}

/// A numeric page range; roman-numbered front matter is kept apart from arabic pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRange {
    /// First page.
    pub start: u32,
    /// Last page (equal to `start` for a single page).
    pub end: u32,
    /// True for roman page numbers (front matter).
    pub roman: bool,
}

/// Where in the source: a page, a range, a chapter...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locator {
    /// What is located.
    pub label: LocatorLabel,
    /// The value without its label, as written ("24–26", "IV", "50ra", "29–35 & 176").
    pub value: String,
    /// Numeric page ranges when `label` is `Page` and the value is numeric.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageRange>,
}

named_enum! {
    /// Where a citation came from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Origin {
        /// Found in the document's text.
        Inline => "inline",
        /// Added by the user with `annobib link`.
        Manual => "manual",
    }
}

/// How a citation was matched to the library.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Resolution {
    /// Key of the source it resolved to, if it resolved to one.
    pub source: Option<String>,
    /// Confidence in [0, 1] of `source` (or of the best candidate).
    pub confidence: f64,
    /// Best candidates when ambiguous (keys, best first); empty when resolved or unmatched.
    pub candidates: Vec<String>,
    /// Evidence, one item per compared part:
    /// `title 0.93`, `year absent`, `publisher differs: 'A' vs 'B'`.
    pub reasons: Vec<String>,
}

/// A citation on a claim: an inline marker or a manual link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// The library's id; `None` until stored.
    pub id: Option<i64>,
    /// Inline (from the text) or manual (`annobib link`).
    pub origin: Origin,
    /// The marker's exact text; `None` for manual links.
    pub marker: Option<String>,
    /// Byte span of the marker (see `Claim::start` for the frame: the finder reports spans
    /// into the text it was given; documents store spans into the document text).
    pub span: Option<(usize, usize)>,
    /// Byte span of the whole enclosing parenthesis or bracket group, delimiters included, when
    /// the marker sits in one (several markers can share it: "(Cavell 1988; Reid 2012)").
    pub group: Option<(usize, usize)>,
    /// How it was written; `None` for manual links.
    pub style: Option<CitationStyle>,
    /// Why the finder took this text for a citation ("surname and year in parentheses");
    /// `None` for manual links.
    pub detected: Option<String>,
    /// What the marker says about the work.
    pub parts: Parts,
    /// Page, range, chapter...
    pub locator: Option<Locator>,
    /// Match against the library.
    pub resolution: Resolution,
    /// The user's note (manual links).
    pub note: Option<String>,
    /// A quotation from the source backing the claim (manual links).
    pub quote: Option<String>,
    /// The label of the note whose body this citation was found in ("3": output says
    /// "note 3"); the citation itself sits on the unit carrying the note's marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_note: Option<String>,
}

impl Citation {
    /// An inline citation found in text, not yet resolved.
    pub fn inline(marker: &str, span: (usize, usize), style: CitationStyle) -> Self {
        Citation {
            id: None,
            origin: Origin::Inline,
            marker: Some(marker.to_string()),
            span: Some(span),
            group: None,
            style: Some(style),
            detected: None,
            parts: Parts::default(),
            locator: None,
            resolution: Resolution::default(),
            note: None,
            quote: None,
            in_note: None,
        }
    }

    /// Shifts every span by `offset` bytes (claim-relative to document-relative).
    pub fn shift(&mut self, offset: usize) {
        for span in [&mut self.span, &mut self.group].into_iter().flatten() {
            span.0 += offset;
            span.1 += offset;
        }
    }
}

/// The LaTeX commands that cite one group of keys (natbib and biblatex); `\nocite` is left
/// out since it prints nothing in the text, and the multi-cite `\cites` family is read apart.
/// Shared by the LaTeX reader (`essay`) and the citation finder (`cite`).
pub const LATEX_CITE_COMMANDS: &[&str] = &[
    "cite",
    "Cite",
    "parencite",
    "Parencite",
    "footcite",
    "footcitetext",
    "textcite",
    "Textcite",
    "autocite",
    "Autocite",
    "smartcite",
    "Smartcite",
    "supercite",
    "fullcite",
    "footfullcite",
    "citep",
    "citet",
    "Citep",
    "Citet",
    "citealp",
    "citealt",
    "citeauthor",
    "Citeauthor",
    "citeyear",
    "citeyearpar",
    "citetitle",
];

/// biblatex's multicite commands: several `[pre][post]{keys}` groups in a row.
pub const LATEX_MULTICITE_COMMANDS: &[&str] = &[
    "cites",
    "Cites",
    "parencites",
    "Parencites",
    "footcites",
    "textcites",
    "Textcites",
    "autocites",
    "Autocites",
    "smartcites",
    "supercites",
];
