//! What kind of file some bytes are: the one place that decides, from the content first and
//! the extension second, whether an argument of `annobib import` is a .bib file, an essay (and
//! in which format), a links file, a file of references from a reference manager (RIS,
//! CSL-JSON, CSL-YAML), or something that is not a document at all (PDF, an office file of
//! another kind, an image, any other binary).
//!
//! The content decides every kind except two that the same text can be: plain text and
//! Markdown (an extension `.md` reads as Markdown, any other as text unless the content says
//! Markdown plainly), and links CSV (a `.csv` file). When the extension names a different kind
//! than the content, [`Sniffed::disagreement`] says so, for the caller to print.
//!
//! It owns no reading: it looks at the first bytes and a sample of the text, never parses a
//! whole file, and never fails. It does not know how each kind is then read (`cli::import`
//! routes each kind to its reader).

use std::path::Path;

/// How much of the start of a file is looked at for text signs (a .tex preamble, HTML
/// tags, the first JSON object): enough for any real header, cheap for a large file.
const SAMPLE: usize = 64 * 1024;

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A BibTeX / BibLaTeX file (`@type{key, ...}`).
    Bib,
    /// An essay in plain text.
    Text,
    /// An essay in Markdown (CommonMark with pandoc's extensions).
    Markdown,
    /// An essay in LaTeX.
    Latex,
    /// An essay as a web page (or a Word or pandoc HTML export).
    Html,
    /// A Word document (Office Open XML: a ZIP holding `word/document.xml`).
    Docx,
    /// An OpenDocument text (a ZIP whose `mimetype` is `application/vnd.oasis.opendocument.text`).
    Odt,
    /// A links file from `annobib export links`, as CSV.
    LinksCsv,
    /// A links file from `annobib export links`, as JSON.
    LinksJson,
    /// References in RIS (`TY  - `), as Zotero, EndNote or Mendeley export them.
    Ris,
    /// References in CSL-JSON (an array of items with `id` and `type`).
    CslJson,
    /// References in CSL-YAML (a YAML file whose top level is `references:`).
    CslYaml,
    /// A PDF: not a document annobib can read (its text must be extracted first).
    Pdf,
    /// Some other binary file; the text names what it looks like.
    Binary(&'static str),
}

impl Kind {
    /// How the kind is named in messages ("a PDF", "a Word document (.docx)").
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Bib => "a BibTeX/BibLaTeX file",
            Kind::Text => "a plain-text essay",
            Kind::Markdown => "a Markdown essay",
            Kind::Latex => "a LaTeX document",
            Kind::Html => "an HTML page",
            Kind::Docx => "a Word document (.docx)",
            Kind::Odt => "an OpenDocument text (.odt)",
            Kind::LinksCsv => "a links file (CSV)",
            Kind::LinksJson => "a links file (JSON)",
            Kind::Ris => "a RIS file of references",
            Kind::CslJson => "a CSL-JSON file of references",
            Kind::CslYaml => "a CSL-YAML file of references",
            Kind::Pdf => "a PDF",
            Kind::Binary(what) => what,
        }
    }

    /// True for the kinds read as an essay (one document of claims).
    pub fn is_essay(self) -> bool {
        matches!(
            self,
            Kind::Text | Kind::Markdown | Kind::Latex | Kind::Html | Kind::Docx | Kind::Odt
        )
    }
}

/// The decision for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    /// What the file is.
    pub kind: Kind,
    /// When the extension names another kind than the content: the kind it names.
    pub extension_says: Option<Kind>,
}

impl Sniffed {
    /// A sentence for the user when the extension and the content disagree, e.g.
    /// "essay.docx is a PDF, not a Word document (.docx) as its extension says".
    pub fn disagreement(&self, shown: &str) -> Option<String> {
        self.extension_says.map(|ext| {
            format!(
                "{shown} is {}, not {} as its extension says; read as what it is",
                self.kind.describe(),
                ext.describe()
            )
        })
    }
}

/// Decides what the file at `path` holding `bytes` is. `text` is the same bytes decoded
/// (see [`crate::encoding::decode`]); it is looked at only when the bytes are not binary.
pub fn sniff(path: &Path, bytes: &[u8], text: &str) -> Sniffed {
    let by_ext = by_extension(path);
    let kind = by_content(bytes, text, by_ext);
    let extension_says = by_ext.filter(|&e| !agree(e, kind));
    Sniffed {
        kind,
        extension_says,
    }
}

/// The kind an extension names, if it names one.
fn by_extension(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "bib" | "bibtex" | "biblatex" => Kind::Bib,
        "txt" | "text" => Kind::Text,
        "md" | "markdown" | "mdown" | "mkd" | "rmd" | "qmd" => Kind::Markdown,
        "tex" | "latex" | "ltx" => Kind::Latex,
        "html" | "htm" | "xhtml" => Kind::Html,
        "docx" | "docm" | "dotx" => Kind::Docx,
        "odt" | "ott" => Kind::Odt,
        "csv" => Kind::LinksCsv,
        "json" => Kind::LinksJson,
        "ris" => Kind::Ris,
        "yaml" | "yml" => Kind::CslYaml,
        "pdf" => Kind::Pdf,
        "doc" => Kind::Binary(OLE),
        _ => return None,
    })
}

/// Whether what the extension says and what the content is are the same thing for the user.
fn agree(ext: Kind, content: Kind) -> bool {
    ext == content
        // A JSON file may hold links or CSL-JSON; a .txt essay with Markdown signs is still
        // an essay in text; an empty or odd .csv is still meant as links.
        || matches!(
            (ext, content),
            (Kind::LinksJson, Kind::CslJson)
                | (Kind::Text, Kind::Markdown)
                | (Kind::Markdown, Kind::Text)
        )
}

const OLE: &str = "a legacy Microsoft Office file (.doc/.xls/.ppt): save it as .docx";

fn by_content(bytes: &[u8], text: &str, by_ext: Option<Kind>) -> Kind {
    if let Some(kind) = by_magic(bytes) {
        return kind;
    }
    if is_binary(text) {
        return Kind::Binary("a binary file (not text)");
    }
    let sample = head(text, SAMPLE);
    let body = sample.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with("TY  -") || first_line(body).trim_end() == "TY  -" {
        return Kind::Ris;
    }
    if looks_like_json(body) {
        return json_kind(body, by_ext);
    }
    if is_bib(body) {
        return Kind::Bib;
    }
    if is_html(body) {
        return Kind::Html;
    }
    if is_latex(body) {
        return Kind::Latex;
    }
    if let Some(kind) = yaml_kind(body) {
        return kind;
    }
    match by_ext {
        Some(Kind::LinksCsv) => Kind::LinksCsv,
        Some(Kind::Markdown) => Kind::Markdown,
        // Prose with no sign of any kind in its first lines (a chapter an \input brings in,
        // its commands further down) is what its extension says.
        Some(Kind::Latex) => Kind::Latex,
        Some(Kind::Text) => Kind::Text,
        _ if looks_like_markdown(body) => Kind::Markdown,
        _ => Kind::Text,
    }
}

/// Kinds known by their first bytes.
fn by_magic(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(Kind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(zip_kind(bytes));
    }
    let magic: &[(&[u8], &'static str)] = &[
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", OLE),
        (b"{\\rtf", "an RTF file: save it as .docx"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"Rar!", "a RAR archive"),
        (b"SQLite format 3\0", "an SQLite database"),
        (b"\x7FELF", "a program (ELF)"),
        (b"%!PS", "a PostScript file: convert it to text first"),
        (b"AT&TFORM", "a DjVu document: extract its text first"),
    ];
    magic
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|&(_, what)| Kind::Binary(what))
}

/// A ZIP is a Word or OpenDocument text by the names of its parts. The local headers carry
/// the names, so the bytes are searched for them (cheap, and no archive is opened here; the
/// reader checks the archive for real).
fn zip_kind(bytes: &[u8]) -> Kind {
    let mimetype = b"mimetypeapplication/vnd.oasis.opendocument.";
    if let Some(at) = find(&bytes[..bytes.len().min(256)], mimetype) {
        let rest = &bytes[at + mimetype.len()..];
        return if rest.starts_with(b"text") {
            Kind::Odt
        } else {
            Kind::Binary("an OpenDocument file that is not a text (a spreadsheet or slides?)")
        };
    }
    if find(bytes, b"word/document.xml").is_some() {
        return Kind::Docx;
    }
    if find(bytes, b"xl/workbook.xml").is_some() {
        return Kind::Binary("an Excel workbook (.xlsx)");
    }
    if find(bytes, b"ppt/presentation.xml").is_some() {
        return Kind::Binary("a PowerPoint file (.pptx)");
    }
    if find(bytes, b"META-INF/container.xml").is_some() {
        return Kind::Binary("an EPUB book: convert it to text or HTML first");
    }
    Kind::Binary("a ZIP archive that is neither a Word (.docx) nor an OpenDocument (.odt) file")
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Binary read as text: NULs or control characters that no text file has (tab, newlines,
/// form feed and escape aside), in more than a trace of the sample.
fn is_binary(text: &str) -> bool {
    let sample = head(text, SAMPLE);
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in sample.chars() {
        chars += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c' | '\x1b' | '\u{85}') {
            controls += 1;
        }
    }
    controls > 0 && controls * 100 >= chars
}

/// The first `max` bytes of `text`, cut at a character boundary.
fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// BibTeX: the first line that is not blank or a `%` comment opens an entry (`@type{` or
/// `@type(`).
fn is_bib(body: &str) -> bool {
    let Some(line) = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('%'))
    else {
        return false;
    };
    let Some(rest) = line.strip_prefix('@') else {
        return false;
    };
    let name_end = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
        .unwrap_or(rest.len());
    name_end > 0 && rest[name_end..].trim_start().starts_with(['{', '('])
}

fn is_html(body: &str) -> bool {
    let lower: String = head(body, 1024).to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return true;
    }
    // An XHTML file or a fragment: it opens with a tag and has the tags of a page.
    lower.starts_with('<')
        && [
            "<html", "<body", "<head", "<p>", "<p ", "<div", "<article", "<h1",
        ]
        .iter()
        .any(|t| lower.contains(t))
}

/// LaTeX: a preamble or a document environment anywhere in the sample, or (for a chapter
/// file brought in by `\input`) a first line of content that is a sectioning command.
fn is_latex(body: &str) -> bool {
    let sample = head(body, SAMPLE);
    if sample.contains("\\documentclass") || sample.contains("\\begin{document}") {
        return true;
    }
    let Some(line) = sample
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('%'))
    else {
        return false;
    };
    [
        "\\part",
        "\\chapter",
        "\\section",
        "\\subsection",
        "\\input{",
        "\\include{",
        "\\title{",
    ]
    .iter()
    .any(|c| line.starts_with(c))
}

/// A YAML file of references: a `references:` key at the top level and no prose after the
/// YAML. A Markdown essay with front matter (`---` ... `---` then text) is Markdown.
fn yaml_kind(body: &str) -> Option<Kind> {
    let mut lines = body.lines();
    let first = lines.next()?.trim_end();
    let rest: Vec<&str> = if first == "---" {
        lines.collect()
    } else {
        body.lines().collect()
    };
    let end = rest
        .iter()
        .position(|l| matches!(l.trim_end(), "---" | "..."))
        .unwrap_or(rest.len());
    let yaml = &rest[..end];
    let has_refs = yaml.iter().any(|l| l.trim_end() == "references:");
    let prose_after = rest[(end + 1).min(rest.len())..]
        .iter()
        .any(|l| !l.trim().is_empty() && !matches!(l.trim_end(), "---" | "..."));
    if first == "---" && end < rest.len() && prose_after {
        // Front matter of an essay.
        return Some(Kind::Markdown);
    }
    (has_refs && (first == "---" || first.trim_end() == "references:")).then_some(Kind::CslYaml)
}

/// Plain signs of Markdown in a file without a telling extension: an ATX heading, a
/// footnote definition, a fenced code block or div.
fn looks_like_markdown(body: &str) -> bool {
    body.lines().take(2000).any(|l| {
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
            || l.starts_with("[^") && l.contains("]:")
            || l.starts_with("```")
            || l.starts_with(":::")
    })
}

/// A JSON file: CSL-JSON items (objects with `type` and `id`, or `type` and `title`), or
/// links (objects with `document` or `origin`); an empty array is whatever the extension
/// says, links by default.
fn json_kind(body: &str, by_ext: Option<Kind>) -> Kind {
    let keys = first_object_keys(body);
    let has = |k: &str| keys.iter().any(|x| x == k);
    if has("document") || has("origin") || has("claim") {
        Kind::LinksJson
    } else if has("type") && (has("id") || has("title")) || has("citation-key") {
        Kind::CslJson
    } else if keys.is_empty() {
        match by_ext {
            Some(Kind::CslJson) => Kind::CslJson,
            _ => Kind::LinksJson,
        }
    } else {
        // Some other JSON: read as links, whose reader reports what is wrong with it.
        Kind::LinksJson
    }
}

/// JSON opens with an object (`{"`) or an array of objects or nothing (`[{`, `[]`); an
/// essay may open with a bracket too ("[Draft] ...", "[1] Smith").
fn looks_like_json(body: &str) -> bool {
    let after = |c: char| body.strip_prefix(c).map(str::trim_start);
    after('{').is_some_and(|r| r.starts_with(['"', '}']))
        || after('[').is_some_and(|r| r.starts_with(['{', ']']))
}

/// The keys of the first JSON object in `body` (the object itself, or the first element of
/// an array), read without parsing the rest of the file.
fn first_object_keys(body: &str) -> Vec<String> {
    let b = body.as_bytes();
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while *i < b.len() && b[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    if b.get(i) == Some(&b'[') {
        i += 1;
        skip_ws(&mut i);
    }
    if b.get(i) != Some(&b'{') {
        return Vec::new();
    }
    i += 1;
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut expect_key = true;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if depth == 0 && expect_key {
                    keys.push(body[start..i.min(b.len())].to_string());
                    expect_key = false;
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => break,
            b'}' | b']' => depth -= 1,
            b',' if depth == 0 => expect_key = true,
            _ => {}
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str, bytes: &[u8]) -> Sniffed {
        let (text, _) = crate::encoding::decode(bytes);
        sniff(Path::new(name), bytes, &text)
    }

    /// The file-type table: one row per kind, and renamed files (the content wins; the
    /// extension's claim is reported).
    #[test]
    fn the_file_type_table() {
        let docx = b"PK\x03\x04\x14\0\0\0\x08\0[Content_Types].xml....PK\x03\x04word/document.xml";
        let odt = b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x08\0\0\0mimetypeapplication/vnd.oasis.opendocument.textPK";
        let ods = b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x08\0\0\0mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK";
        let csl = br#"[{"id": "smith2020", "type": "book", "title": "T"}]"#;
        let zotero_csl = br#"[
  {"id": 40000, "type": "article-journal", "custom": {"a": [1, {"b": 2}]}, "title": "T"}
]"#;
        let links = br#"[{"document": "essay.md", "claim": "c1", "origin": "manual"}]"#;
        let cases: &[(&str, &[u8], Kind, Option<Kind>)] = &[
            ("readings.bib", b"@book{k, title={T}}", Kind::Bib, None),
            ("refs", b"% comment\n\n@book{k, title={T}}", Kind::Bib, None),
            ("a.BIB", b"@Article (k, title={T})", Kind::Bib, None),
            ("essay.txt", b"Some prose. @someone said", Kind::Text, None),
            ("notes", b"Some prose. @someone said", Kind::Text, None),
            ("draft.txt", b"[Draft] An essay.", Kind::Text, None),
            ("essay", b"[1] Smith, J. A book.", Kind::Text, None),
            ("essay.txt", b"# Title\n\nText [^1].", Kind::Text, None),
            ("essay.md", b"Plain words only.", Kind::Markdown, None),
            ("essay", b"# Title\n\nText.\n", Kind::Markdown, None),
            (
                "essay",
                b"---\ntitle: T\n---\n\nText.\n",
                Kind::Markdown,
                None,
            ),
            (
                "essay.md",
                b"---\ntitle: T\nreferences:\n- id: k\n---\n\nText.\n",
                Kind::Markdown,
                None,
            ),
            (
                "paper.tex",
                b"\\documentclass{article}\n\\begin{document}\nHi.\n\\end{document}",
                Kind::Latex,
                None,
            ),
            (
                "chap1.tex",
                b"% chapter\n\\section{Intro}\nText.",
                Kind::Latex,
                None,
            ),
            ("paper", b"\\documentclass{article}", Kind::Latex, None),
            (
                "ch2.tex",
                b"Prose first.\n\n\\cite{k} later.",
                Kind::Latex,
                None,
            ),
            (
                "page.html",
                b"<!DOCTYPE html><html><p>x</p>",
                Kind::Html,
                None,
            ),
            ("saved", b"<html lang=en><body><p>x</p>", Kind::Html, None),
            ("frag.htm", b"<div><p>Text</p></div>", Kind::Html, None),
            ("essay.docx", docx, Kind::Docx, None),
            ("essay.odt", odt, Kind::Odt, None),
            ("links.csv", b"document,claim", Kind::LinksCsv, None),
            ("links.JSON", b"[]", Kind::LinksJson, None),
            ("links.json", links, Kind::LinksJson, None),
            ("zotero.json", csl, Kind::CslJson, None),
            ("zotero.json", zotero_csl, Kind::CslJson, None),
            (
                "refs.ris",
                b"TY  - JOUR\r\nTI  - T\r\nER  - \r\n",
                Kind::Ris,
                None,
            ),
            (
                "refs.ris",
                b"\xEF\xBB\xBF\r\nTY  - BOOK\r\n",
                Kind::Ris,
                None,
            ),
            (
                "refs.yaml",
                b"---\nreferences:\n- id: k\n  type: book\n...\n",
                Kind::CslYaml,
                None,
            ),
            ("refs.yml", b"references:\n- id: k\n", Kind::CslYaml, None),
            (
                "paper.pdf",
                b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
                Kind::Pdf,
                None,
            ),
            (
                "old.doc",
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0",
                Kind::Binary(OLE),
                None,
            ),
            // Renamed files: the content decides, the extension's claim is reported.
            ("essay.txt", b"%PDF-1.4 ...", Kind::Pdf, Some(Kind::Text)),
            ("essay.md", docx, Kind::Docx, Some(Kind::Markdown)),
            ("essay.docx", b"%PDF-1.4", Kind::Pdf, Some(Kind::Docx)),
            (
                "refs.bib",
                b"TY  - JOUR\nER  - \n",
                Kind::Ris,
                Some(Kind::Bib),
            ),
            (
                "refs.txt",
                b"TY  - JOUR\nER  - \n",
                Kind::Ris,
                Some(Kind::Text),
            ),
            ("refs.bib", csl, Kind::CslJson, Some(Kind::Bib)),
            ("essay.docx", b"Plain words.", Kind::Text, Some(Kind::Docx)),
            (
                "paper.txt",
                b"\\documentclass{article}",
                Kind::Latex,
                Some(Kind::Text),
            ),
            (
                "essay.pdf",
                b"# Heading\n\nText.",
                Kind::Markdown,
                Some(Kind::Pdf),
            ),
            ("sheet.docx", ods, Kind::Binary(""), Some(Kind::Docx)),
            (
                "essay.txt",
                b"\x89PNG\r\n\x1a\n\0\0",
                Kind::Binary(""),
                Some(Kind::Text),
            ),
            (
                "blob",
                b"ab\0cd\x01\x02\x03\x04\x05\x06\x07\x08",
                Kind::Binary(""),
                None,
            ),
        ];
        for (name, bytes, want, ext) in cases {
            let got = kind(name, bytes);
            let same = match (got.kind, want) {
                (Kind::Binary(_), Kind::Binary(_)) => true,
                (a, b) => a == *b,
            };
            assert!(same, "{name}: {:?}, wanted {want:?}", got.kind);
            assert_eq!(got.extension_says, *ext, "{name}");
        }
    }

    #[test]
    fn utf16_text_is_text_not_binary() {
        let utf16: Vec<u8> = "An essay.\nIn UTF-16."
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(kind("essay.txt", &utf16).kind, Kind::Text);
    }

    #[test]
    fn a_disagreement_names_both_kinds() {
        let s = kind("essay.docx", b"%PDF-1.4");
        assert_eq!(
            s.disagreement("essay.docx").unwrap(),
            "essay.docx is a PDF, not a Word document (.docx) as its extension says; read as what it is"
        );
        assert_eq!(kind("essay.md", b"Text.").disagreement("essay.md"), None);
    }

    #[test]
    fn any_bytes_are_sniffed_without_panicking() {
        let mut seed = 7u64;
        for len in [0usize, 1, 2, 3, 5, 17, 300, 5000] {
            for _ in 0..50 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        (seed >> 56) as u8
                    })
                    .collect();
                let _ = kind("x", &bytes);
                let mut json = b"[{\"".to_vec();
                json.extend(&bytes);
                let _ = kind("x.json", &json);
            }
        }
    }
}
