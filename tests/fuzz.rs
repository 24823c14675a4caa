//! A seeded mutation fuzzer per input kind, on stable Rust (issue 9): `.bib`, document text,
//! Markdown, LaTeX, HTML, Word and OpenDocument (each through its format's reader), links files (CSV and
//! JSON), RIS, CSL-JSON and CSL-YAML. Seeds come from `../shared/corpus`, the example essay
//! (as web pages and Word XML) and the repository's fixtures; each case is a seed mutated a few times (bytes
//! flipped, inserted, deleted, chunks repeated or spliced from another seed, tokens of the
//! kind inserted), run in-process through the library, under `catch_unwind`.
//!
//! What a case must do: not panic, finish in under 20 s, and keep the kind's invariants (.bib:
//! every problem located at line and column >= 1; what is written back parses without error
//! and writes the same again; documents: every claim's span lies on character boundaries inside
//! the text).
//!
//! `cargo test` runs a fixed 300 cases a kind (the same cases on every machine, so a faster one
//! does not reach cases a slower one never ran); `ANNOBIB_FUZZ_SECONDS=T` runs each kind for a
//! time instead, and a longer run is
//! `ANNOBIB_FUZZ_CASES=N` (cases per kind, any time) with `ANNOBIB_FUZZ_SEED=S` to vary the
//! sequence, best in release: see docs/reliability.md. A failing case prints its kind, seed and
//! case number; `ANNOBIB_FUZZ_DUMP=DIR` writes it to a file there.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use annobib::bib::{self, Dialect};
use annobib::check::{self, CheckInput, CheckOptions};
use annobib::cite::{self, ResolveOptions, memindex::MemoryIndex};
use annobib::essay::{self, read::Format};
use annobib::model::Candidate;
use annobib::records::{self, Format as RecordFormat};
use annobib::render::export::{LinkFormat, PandocOptions, read_links, write_pandoc_markdown};

use crate::util::{corpus, repo};

/// The mutated input never grows past this (the fuzzer looks for crashes, not for cost).
const MAX_LEN: usize = 64 * 1024;
/// A case slower than this is a hang.
const HANG: Duration = Duration::from_secs(20);

/// splitmix64: small, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One input kind: its seeds, the tokens worth inserting, and the run of one case.
struct Kind {
    name: &'static str,
    seeds: Vec<Vec<u8>>,
    tokens: &'static [&'static [u8]],
    run: fn(&[u8]),
}

/// Tokens every kind gets: line ends of all sorts, quotation marks, NUL, broken UTF-8.
const COMMON: &[&[u8]] = &[
    b"\n",
    b"\r",
    b"\r\n",
    b"\n\n",
    b"\t",
    b" ",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x80",
    "“".as_bytes(),
    "”".as_bytes(),
    "«".as_bytes(),
    "„".as_bytes(),
    "’".as_bytes(),
    b"\"",
    b"'",
    b"(",
    b")",
    b"[",
    b"]",
    b".",
    b"?",
    b"!",
    b"1953",
    b"p. 12",
    b"ibid.",
    "\u{FEFF}".as_bytes(),
    "é".as_bytes(),
    "\u{200B}".as_bytes(),
];

const BIB: &[&[u8]] = &[
    b"@",
    b"@book{",
    b"@string{",
    b"@preamble{",
    b"@comment{",
    b"{",
    b"}",
    b"#",
    b"=",
    b",",
    b"%",
    b"\\",
    b"\\'",
    b"{\\\"o}",
    b"crossref = ",
    b"xdata = ",
    b"author = ",
    b" and ",
    b"title = {",
    b"month = jan",
    b"s0 # s0",
    b"$",
    b"~",
    b"--",
];

const TEXT: &[&[u8]] = &[
    b"(Smith 2010)",
    b"(Smith 2010, 45)",
    b"[1]",
    b"[@key, p. 3]",
    b"\\cite{key}",
    b"Ibid., 4.",
    b"References\n",
    b"# ",
    b"## ",
    b"- ",
    b"1. ",
    b"> ",
    b"*",
    b"_",
    b"`",
    b"[^1]",
    b"[^1]: ",
    b"\\section{",
    b"\\footnote{",
    b"}",
    b"{",
    b"%",
    b"$",
    b"\\",
    b"et al.",
    b"Mr.",
    b"U.S.",
    b"e.g.",
    b"...",
];

const HTML: &[&[u8]] = &[
    b"<p>",
    b"</p>",
    b"<h1>",
    b"</h2>",
    b"<a href=\"#fn1\">",
    b"<sup>1</sup>",
    b"<li id=\"fn1\">",
    b"<script>",
    b"</script>",
    b"<style>",
    b"<nav>",
    b"<!--",
    b"-->",
    b"&amp;",
    b"&#x2014;",
    b"&#99999999;",
    b"&",
    b"<",
    b">",
    b"<![CDATA[",
    b"<blockquote>",
    b"(Smith 2010, 45)",
];

const XML: &[&[u8]] = &[
    b"<w:p>",
    b"</w:p>",
    b"<w:r>",
    b"</w:r>",
    b"<w:t>",
    b"</w:t>",
    b"<w:footnoteReference w:id=\"1\"/>",
    b"<w:endnoteReference w:id=\"9\"/>",
    b"<w:fldChar w:fldCharType=\"begin\"/>",
    b"<w:fldChar w:fldCharType=\"end\"/>",
    b"<w:instrText> ADDIN ZOTERO_ITEM CSL_CITATION {</w:instrText>",
    b"&quot;",
    b"&amp;",
    b"&#0;",
    b"<w:vertAlign w:val=\"superscript\"/>",
    b"<w:pStyle w:val=\"Heading1\"/>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaaaaaa\">]>",
    b"&a;",
    b"<w:ins>",
    b"<w:del>",
    b"<w:bookmarkStart w:id=\"5\" w:name=\"ZOTERO_BREF_x\"/>",
    b"<w:bookmarkEnd w:id=\"5\"/>",
    b"<w:sdt><w:sdtPr><w:tag w:val=\"MENDELEY_CITATION_v3_eyJjaXRhdGlvbklEIjoiIn0=\"/></w:sdtPr><w:sdtContent>",
    b"</w:sdtContent></w:sdt>",
    b"<w:fldChar w:fldCharType=\"begin\"><w:fldData>PEVuZE5vdGU+PENpdGU+</w:fldData></w:fldChar>",
    b"<w:instrText> ADDIN EN.CITE.DATA </w:instrText>",
    b"<",
    b">",
    b"\"",
];

const ODT_XML: &[&[u8]] = &[
    b"<text:p>",
    b"</text:p>",
    b"<text:h text:outline-level=\"9\">",
    b"</text:h>",
    b"<text:span text:style-name=\"T1\">",
    b"</text:span>",
    b"<text:note text:id=\"n1\" text:note-class=\"endnote\"><text:note-body>",
    b"</text:note-body></text:note>",
    b"<text:reference-mark-start text:name=\"ZOTERO_ITEM CSL_CITATION {&quot;citationItems&quot;:[]} RND1\"/>",
    b"<text:reference-mark-end text:name=\"ZOTERO_ITEM CSL_CITATION {&quot;citationItems&quot;:[]} RND1\"/>",
    b"<text:s text:c=\"99999999\"/>",
    b"<text:bibliography-mark text:author=\"A, B\" text:year=\"1\">",
    b"<table:table>",
    b"<text:list-item>",
    b"<office:annotation>",
    b"<text:tracked-changes>",
    b"<draw:text-box>",
    b"&quot;",
    b"&amp;",
    b"&a;",
    b"<",
    b">",
];

const RECORDS: &[&[u8]] = &[
    b"TY  - JOUR\n",
    b"ER  - \n",
    b"AU  - ",
    b"PY  - 2020///\n",
    b"SP  - ",
    b"  - ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"id\": ",
    b"\"type\": \"book\"",
    b"\"issued\": {\"date-parts\": [[",
    b"\"author\": [{\"family\": ",
    b"\"custom\": {",
    b"null",
    b"1e999",
    b"-",
    b"references:\n",
    b"- id: ",
    b"  ",
    b": ",
    b"&anchor ",
    b"*anchor",
];

const LINKS: &[&[u8]] = &[
    b",",
    b"\"",
    b"\"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"null",
    b"c1",
    b"essay.txt",
    b"manual",
    b"inline",
    b"page",
    b"\"claim\": ",
    b"=HYPERLINK(",
    b"-1",
    b"99999999999",
];

fn run_bib(bytes: &[u8]) {
    let parsed = bib::parse_bytes("fuzz.bib", bytes);
    for d in parsed.errors.iter().chain(&parsed.warnings) {
        assert!(d.line >= 1 && d.column >= 1, "unlocated: {d}");
        assert!(d.line_text.len() < 1024, "a whole line kept: {d}");
    }
    let mut first = Vec::new();
    bib::write(&mut first, &parsed.file.items, Dialect::Biblatex).unwrap();
    let again = bib::parse_bytes("again.bib", &first);
    assert!(
        again.errors.is_empty(),
        "what annobib wrote does not parse: {}\n{}",
        again.errors[0],
        String::from_utf8_lossy(&first)
    );
    let mut second = Vec::new();
    bib::write(&mut second, &again.file.items, Dialect::Biblatex).unwrap();
    assert!(
        first == second,
        "writing what was written changes it:\n{}\n---\n{}",
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
    let mut bibtex = Vec::new();
    bib::write(&mut bibtex, &parsed.file.items, Dialect::Bibtex).unwrap();
}

/// The sources documents are resolved against: the example's readings.
fn candidates() -> Vec<Candidate> {
    let text = std::fs::read_to_string(repo("bibliography/readings.bib")).unwrap();
    bib::parse("readings.bib", &text)
        .file
        .sources()
        .map(Candidate::from_source)
        .collect()
}

/// One document through its format's reader (a Word file may be refused: damaged parts are
/// an error, never a panic), then citations, the rules and the Markdown export.
fn run_document(path: &str, format: Format, bytes: &[u8]) {
    let (text, _) = annobib::encoding::decode(bytes);
    let read = match essay::read::read_bytes(path, format, bytes, &text, &essay::Options::default())
    {
        Ok(read) => read,
        Err(reason) => {
            assert!(!reason.is_empty(), "a refusal says why");
            return;
        }
    };
    let _ = read.located_warnings();
    let mut doc = read.document;
    for c in &doc.claims {
        let (s, e) = (c.start, c.end);
        assert!(
            s <= e && e <= doc.text.len(),
            "claim span {s}..{e} outside the text"
        );
        assert!(
            doc.text.is_char_boundary(s) && doc.text.is_char_boundary(e),
            "claim span {s}..{e} inside a character"
        );
    }
    thread_local! {
        static INDEX: MemoryIndex = MemoryIndex::new(candidates());
    }
    INDEX.with(|index| cite::cite_document(&mut doc, index, &ResolveOptions::default()));
    let docs = [doc];
    let findings = check::run(&CheckInput::new(&docs, &[]), &CheckOptions::default());
    // The HTML report of the case (its spans sliced, its markup rendered): no panic.
    let statuses = annobib::render::report::FromFindings::new(&findings);
    let report = annobib::render::report::Report::build(&docs, &[], &findings, &statuses);
    annobib::render::report::html::write(&mut Vec::new(), &report, &docs).unwrap();
    let mut out = Vec::new();
    write_pandoc_markdown(&mut out, &docs[0], &PandocOptions::default()).unwrap();
}

fn run_text(bytes: &[u8]) {
    run_document("fuzz.txt", Format::Text, bytes)
}

fn run_markdown(bytes: &[u8]) {
    run_document("fuzz.md", Format::Markdown, bytes)
}

fn run_latex(bytes: &[u8]) {
    run_document("fuzz.tex", Format::Latex, bytes)
}

fn run_html(bytes: &[u8]) {
    run_document("fuzz.html", Format::Html, bytes)
}

/// A Word file: the input is the XML of its body and notes (split at a NUL line), mutated as
/// text and packed into a ZIP, so that cases reach the reader instead of a damaged archive;
/// one case in four mutates the packed bytes too.
fn run_docx(bytes: &[u8]) {
    let (body, notes) = match bytes.windows(3).position(|w| w == b"\n\0\n") {
        Some(i) => (&bytes[..i], Some(&bytes[i + 3..])),
        None => (bytes, None),
    };
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", body),
        ("word/styles.xml", DOCX_STYLES.as_bytes()),
    ];
    if let Some(notes) = notes {
        parts.push(("word/footnotes.xml", notes));
    }
    let mut zip = crate::util::zip::stored(&parts);
    damage_one_in_four(bytes, &mut zip);
    run_document("fuzz.docx", Format::Docx, &zip)
}

/// For one case in four (chosen by a hash of the case's `input`, so a seed replays), 1-4
/// random bytes of the packed `zip` overwritten: damaged archives reach the ZIP reader too.
fn damage_one_in_four(input: &[u8], zip: &mut [u8]) {
    let fold = input
        .iter()
        .fold(0u64, |h, &b| h.wrapping_mul(31).wrapping_add(b as u64));
    if fold % 4 == 0 && !zip.is_empty() {
        let mut rng = Rng(fold);
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(zip.len());
            zip[at] = rng.next() as u8;
        }
    }
}

/// An OpenDocument text: the input is its content.xml, mutated as text and packed into a
/// ZIP with its `mimetype`; one case in four mutates the packed bytes too.
fn run_odt(bytes: &[u8]) {
    let mut zip = crate::util::zip::stored(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", bytes),
    ]);
    damage_one_in_four(bytes, &mut zip);
    run_document("fuzz.odt", Format::Odt, &zip)
}

/// content.xml seeds made from the example essay's paragraphs: a title, headings, spans,
/// inline footnotes, a Zotero reference mark, a table, a list, tracked changes, a comment.
fn odt_seeds() -> Vec<Vec<u8>> {
    let essay = std::fs::read_to_string(repo("bibliography/us-korea-military-alliance.txt"))
        .unwrap_or_default();
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mark = r#"ZOTERO_ITEM CSL_CITATION {"citationID":"a1","properties":{"formattedCitation":"(Finley 1983, 150)","noteIndex":0},"citationItems":[{"id":46,"locator":"150","label":"page","itemData":{"id":46,"type":"book","title":"The US Military Experience in Korea","citation-key":"finley1983"}}]} RNDab12"#
        .replace('"', "&quot;");
    let paragraphs: Vec<&str> = essay
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut seeds = Vec::new();
    for (i, chunk) in paragraphs.chunks(4).enumerate() {
        let mut body = String::new();
        body.push_str(&format!(
            r#"<text:p text:style-name="P1">{}</text:p><text:h text:outline-level="2">Part {i}</text:h>"#,
            if i == 0 { "The Alliance" } else { "Continued" }
        ));
        for (k, p) in chunk.iter().enumerate() {
            let t = escape(p.trim());
            let (a, b) = t.split_at(
                t.char_indices()
                    .nth(t.chars().count() / 2)
                    .map_or(0, |c| c.0),
            );
            body.push_str(&format!(
                r#"<text:p text:style-name="Text_20_body">{a}<text:span text:style-name="T1">{b}</text:span><text:note text:id="ftn{i}{k}" text:note-class="footnote"><text:note-citation>{k}</text:note-citation><text:note-body><text:p>See <text:reference-mark-start text:name="{mark}"/>(Finley 1983, 150)<text:reference-mark-end text:name="{mark}"/>.</text:p></text:note-body></text:note></text:p>"#
            ));
        }
        body.push_str(r#"<table:table><table:table-row><table:table-cell><text:p>cell</text:p></table:table-cell></table:table-row></table:table><text:list><text:list-item><text:p>An item<text:s text:c="2"/>here.</text:p></text:list-item></text:list><text:p>Kept<office:annotation><text:p>note</text:p></office:annotation>.</text:p><text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes>"#);
        seeds.push(
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:automatic-styles><style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/><style:style style:name="T1" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style></office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
            )
            .into_bytes(),
        );
    }
    seeds
}

/// RIS, CSL-JSON and CSL-YAML: every bad record located (a line or a JSON path), the good ones
/// keyed.
fn run_records(format: RecordFormat, bytes: &[u8]) {
    let (text, _) = annobib::encoding::decode(bytes);
    let read = records::read(format, "fuzz", &text);
    for e in read.errors.iter().chain(&read.warnings) {
        assert!(!e.message.is_empty(), "a record error says what: {e}");
        let _ = e.to_string();
    }
    for s in &read.sources {
        assert!(!s.key.is_empty(), "a record imported without a key");
    }
    let _ = read.into_items();
}

fn run_ris(bytes: &[u8]) {
    run_records(RecordFormat::Ris, bytes)
}

fn run_csl_json(bytes: &[u8]) {
    run_records(RecordFormat::CslJson, bytes)
}

fn run_csl_yaml(bytes: &[u8]) {
    run_records(RecordFormat::CslYaml, bytes)
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

const DOCX_STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:styleId="Title"><w:name w:val="Title"/></w:style></w:styles>"#;

/// Web pages made from the example essay: pandoc's footnote links and section, a nav bar,
/// a script, entities; and any HTML of the shared documents.
fn html_seeds() -> Vec<Vec<u8>> {
    let essay = std::fs::read_to_string(repo("bibliography/us-korea-military-alliance.txt"))
        .unwrap_or_default();
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;");
    let paragraphs: Vec<&str> = essay
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut seeds = seeds("documents", &["html", "htm"], 1, &[]);
    for chunk in paragraphs.chunks(5) {
        let mut page = String::from(
            "<!DOCTYPE html><html><head><title>Essay</title><style>p{margin:0}</style><script>var a = \"<p>\";</script></head><body><nav><a href=\"/\">Home</a></nav><main>",
        );
        let mut notes = String::new();
        for (i, p) in chunk.iter().enumerate() {
            let n = i + 1;
            let tag = if i == 0 { "h2" } else { "p" };
            page.push_str(&format!(
                "<{tag}>{}<a href=\"#fn{n}\" class=\"footnote-ref\" id=\"fnref{n}\"><sup>{n}</sup></a></{tag}>\n",
                escape(&p.replace('\n', " "))
            ));
            notes.push_str(&format!(
                "<li id=\"fn{n}\"><p>Finley, <em>The US Military Experience</em>, {}.<a href=\"#fnref{n}\">&#8617;&#xFE0E;</a></p></li>",
                140 + i
            ));
        }
        page.push_str(&format!(
            "</main><section class=\"footnotes\"><hr/><ol>{notes}</ol></section></body></html>"
        ));
        seeds.push(page.into_bytes());
    }
    seeds
}

/// Word XML seeds made from the example essay's paragraphs: headings, runs split mid-word,
/// superscript note references, footnotes, a Zotero citation field, a table, tracked changes.
fn docx_seeds() -> Vec<Vec<u8>> {
    let essay = std::fs::read_to_string(repo("bibliography/us-korea-military-alliance.txt"))
        .unwrap_or_default();
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let run = |t: &str| {
        format!(
            r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
            escape(t)
        )
    };
    let field = {
        let json = r#"{"citationID":"a1","properties":{"formattedCitation":"(Finley 1983, 150)","noteIndex":0},"citationItems":[{"id":46,"locator":"150","label":"page","itemData":{"id":46,"type":"book","title":"The US Military Experience in Korea","citation-key":"finley1983"}}]}"#
            .replace('"', "&quot;");
        let (a, b) = json.split_at(json.len() / 2);
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_ITEM CSL_CITATION{a}</w:instrText></w:r><w:r><w:instrText>{b}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            run("(Finley 1983, 150)")
        )
    };
    let paragraphs: Vec<&str> = essay
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut seeds = Vec::new();
    for (i, chunk) in paragraphs.chunks(4).enumerate() {
        let mut body = String::new();
        let mut notes = String::new();
        body.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{}"/></w:pPr>{}</w:p>"#,
            if i == 0 { "Title" } else { "Heading1" },
            run(chunk[0].lines().next().unwrap_or(""))
        ));
        for (j, p) in chunk.iter().enumerate() {
            let text = p.replace('\n', " ");
            let (a, b) = text.split_at(text.floor_char_boundary(text.len() / 2));
            let id = j + 1;
            body.push_str(&format!(
                r#"<w:p>{}{}<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>{}</w:p>"#,
                run(a),
                if j == 1 { field.clone() } else { String::new() },
                run(b)
            ));
            notes.push_str(&format!(
                r#"<w:footnote w:id="{id}"><w:p>{}</w:p></w:footnote>"#,
                run(&format!("Finley, The US Military Experience, {}.", 140 + j))
            ));
        }
        body.push_str(&format!(
            r#"<w:tbl><w:tr><w:tc><w:p>{}</w:p></w:tc></w:tr></w:tbl><w:p><w:ins><w:r><w:t>Inserted text.</w:t></w:r></w:ins><w:del><w:r><w:delText>Deleted.</w:delText></w:r></w:del></w:p>"#,
            run("1953 | 142,901")
        ));
        let doc =
            format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#);
        let notes = format!(r#"<w:footnotes {W}>{notes}</w:footnotes>"#);
        seeds.push(format!("{doc}\n\0\n{notes}").into_bytes());
    }
    seeds
}

fn run_links(bytes: &[u8]) {
    let (text, _) = annobib::encoding::decode(bytes);
    let _ = read_links(&text, LinkFormat::Csv);
    let _ = read_links(&text, LinkFormat::Json);
}

/// Files under `dir` ending in one of `exts`, sorted, at most `MAX_LEN` bytes each; every
/// `step`-th one, so that a large corpus gives a spread sample.
fn files(dir: &Path, exts: &[&str], step: usize) -> Vec<Vec<u8>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e)))
            {
                found.push(p);
            }
        }
    }
    found.sort();
    found
        .iter()
        .step_by(step.max(1))
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| b.len() <= MAX_LEN)
        .collect()
}

fn seeds(rel: &str, exts: &[&str], step: usize, fallback: &[&str]) -> Vec<Vec<u8>> {
    let mut out = corpus(rel).map_or_else(Vec::new, |dir| files(&dir, exts, step));
    if out.is_empty() {
        out = fallback
            .iter()
            .filter_map(|f| std::fs::read(repo(f)).ok())
            .collect();
    }
    out
}

fn fixtures(paths: &[&str]) -> Vec<Vec<u8>> {
    paths
        .iter()
        .filter_map(|f| std::fs::read(repo(f)).ok())
        .collect()
}

fn kinds() -> Vec<Kind> {
    let links_csv = b"document,claim,text,origin,source,locator_label,locator,note,quote\n\
        essay.txt,c3,\"The treaty was signed in 1953.\",manual,paik1990,page,12,\"see, too\",\n"
        .to_vec();
    let links_json = br#"[{"document":"essay.txt","claim":"c3","text":"The treaty was signed.","origin":"manual","source":"paik1990","locator":{"label":"page","value":"12"},"note":null,"quote":"a \"quote\""}]"#.to_vec();
    vec![
        Kind {
            name: "bib",
            seeds: seeds(
                "bib",
                &["bib"],
                7,
                &[
                    "bibliography/readings.bib",
                    "tests/fixtures/valid/macros-crossref.bib",
                ],
            ),
            tokens: BIB,
            run: run_bib,
        },
        Kind {
            name: "text",
            seeds: seeds(
                "documents",
                &["txt"],
                3,
                &["bibliography/us-korea-military-alliance.txt"],
            ),
            tokens: TEXT,
            run: run_text,
        },
        Kind {
            name: "markdown",
            seeds: seeds(
                "documents",
                &["md"],
                2,
                &["tests/fixtures/exports/markdown-hazards.txt"],
            ),
            tokens: TEXT,
            run: run_markdown,
        },
        Kind {
            name: "latex",
            seeds: seeds(
                "documents",
                &["tex"],
                1,
                &["bibliography/us-korea-military-alliance.txt"],
            ),
            tokens: TEXT,
            run: run_latex,
        },
        Kind {
            name: "links",
            seeds: vec![links_csv, links_json],
            tokens: LINKS,
            run: run_links,
        },
        Kind {
            name: "html",
            seeds: html_seeds(),
            tokens: HTML,
            run: run_html,
        },
        Kind {
            name: "docx",
            seeds: docx_seeds(),
            tokens: XML,
            run: run_docx,
        },
        Kind {
            name: "odt",
            seeds: odt_seeds(),
            tokens: ODT_XML,
            run: run_odt,
        },
        Kind {
            name: "ris",
            seeds: fixtures(&[
                "tests/fixtures/records/zotero.ris",
                "tests/fixtures/records/mendeley.ris",
                "tests/fixtures/records/endnote.ris",
            ]),
            tokens: RECORDS,
            run: run_ris,
        },
        Kind {
            name: "csl-json",
            seeds: fixtures(&[
                "tests/fixtures/records/zotero.json",
                "tests/fixtures/records/bbt.json",
            ]),
            tokens: RECORDS,
            run: run_csl_json,
        },
        Kind {
            name: "csl-yaml",
            seeds: fixtures(&["tests/fixtures/records/pandoc.yaml"]),
            tokens: RECORDS,
            run: run_csl_yaml,
        },
    ]
}

/// A seed with 1-8 mutations.
fn mutate(rng: &mut Rng, kind: &Kind) -> Vec<u8> {
    let mut b = kind.seeds[rng.below(kind.seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(b.len() + 1);
        match rng.below(8) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = if rng.below(3) == 0 {
                    COMMON[rng.below(COMMON.len())]
                } else {
                    kind.tokens[rng.below(kind.tokens.len())]
                };
                b.splice(at..at, t.iter().copied());
            }
            2 => {
                let end = (at + 1 + rng.below(64)).min(b.len());
                b.drain(at.min(end)..end);
            }
            3 => {
                // A chunk repeated: long lines, deep nesting, many repeated fields.
                let end = (at + 1 + rng.below(32)).min(b.len());
                let chunk = b[at.min(end)..end].to_vec();
                for _ in 0..1 + rng.below(64) {
                    b.splice(at..at, chunk.iter().copied());
                }
            }
            4 => {
                let other = &kind.seeds[rng.below(kind.seeds.len())];
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(512)).min(other.len());
                b.splice(at..at, other[from..end].iter().copied());
            }
            5 => b.truncate(at),
            6 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            _ => {
                let t = kind.tokens[rng.below(kind.tokens.len())];
                b.splice(at..at, t.iter().copied());
            }
        }
        b.truncate(MAX_LEN);
    }
    b
}

/// What a run found: cases run, and the failures (kind, case, message).
struct Outcome {
    cases: usize,
    failures: Vec<String>,
    slowest: Duration,
}

fn fuzz(kind: &Kind, seed: u64, cases: Option<usize>, time: Duration) -> Outcome {
    let mut rng = Rng(seed ^ kind.name.bytes().fold(0, |h, c| h * 31 + c as u64));
    let started = Instant::now();
    let mut out = Outcome {
        cases: 0,
        failures: Vec::new(),
        slowest: Duration::ZERO,
    };
    let dump: Option<PathBuf> = std::env::var_os("ANNOBIB_FUZZ_DUMP").map(PathBuf::from);
    loop {
        match cases {
            Some(n) if out.cases >= n => break,
            None if started.elapsed() >= time => break,
            _ => {}
        }
        let input = mutate(&mut rng, kind);
        let case = out.cases;
        out.cases += 1;
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| (kind.run)(&input)));
        let took = t.elapsed();
        out.slowest = out.slowest.max(took);
        let problem = match result {
            Err(e) => Some(
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".into()),
            ),
            Ok(()) if took > HANG => Some(format!("took {took:?}")),
            Ok(()) => None,
        };
        if let Some(problem) = problem {
            if let Some(dir) = &dump {
                let _ = std::fs::create_dir_all(dir);
                let _ = std::fs::write(dir.join(format!("{}-{seed}-{case}", kind.name)), &input);
            }
            let first: String = problem.lines().take(3).collect::<Vec<_>>().join(" | ");
            out.failures
                .push(format!("{} seed {seed} case {case}: {first}", kind.name));
        }
    }
    out
}

/// Cases a kind in a plain `cargo test`: a count, not a time, so CI runs the same cases as here.
const DEFAULT_CASES: usize = 300;

#[test]
fn mutated_inputs_of_every_kind_neither_panic_nor_hang() {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f64>().ok());
    let seed = env("ANNOBIB_FUZZ_SEED").map_or(9, |s| s as u64);
    let seconds = env("ANNOBIB_FUZZ_SECONDS");
    let cases = env("ANNOBIB_FUZZ_CASES")
        .map(|n| n as usize)
        .or(seconds.is_none().then_some(DEFAULT_CASES));
    let time = Duration::from_secs_f64(seconds.unwrap_or(0.5));
    // Panics are caught and counted; the default hook would print each one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for kind in kinds() {
        assert!(!kind.seeds.is_empty(), "no seeds for {}", kind.name);
        let out = fuzz(&kind, seed, cases, time);
        summary.push(format!(
            "{}: {} cases from {} seeds, {} failed, slowest {:?}",
            kind.name,
            out.cases,
            kind.seeds.len(),
            out.failures.len(),
            out.slowest
        ));
        failures.extend(out.failures);
    }
    std::panic::set_hook(hook);
    eprintln!("fuzz (seed {seed}): {}", summary.join("; "));
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every case the fuzzer once failed on, kept in `tests/fixtures/fuzz/` as `KIND-SEED-CASE.EXT`
/// (the name `ANNOBIB_FUZZ_DUMP` gives it, with the kind's extension), run through its kind's
/// harness on every test run: a fixed failure stays fixed.
#[test]
fn cases_the_fuzzer_once_failed_on_pass() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut ran = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let run: fn(&[u8]) = match path.extension().and_then(|e| e.to_str()) {
            Some("bib") => run_bib,
            Some("txt") => run_text,
            Some("md") => run_markdown,
            Some("tex") => run_latex,
            Some("html") => run_html,
            Some("docx") => run_docx,
            Some("odt") => run_odt,
            Some("ris") => run_ris,
            Some("json") => run_csl_json,
            Some("yaml") => run_csl_yaml,
            Some("csv") => run_links,
            other => panic!("{}: no fuzz kind for {other:?}", path.display()),
        };
        run(&bytes);
        ran += 1;
    }
    assert!(ran >= 2, "the saved cases are found ({ran})");
}
