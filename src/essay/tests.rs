//! Whole-document tests: structure cases, the shipped example essay, the OpenStax APA samples
//! (when `shared/` is beside the checkout), the coverage property and speed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::sentence::is_blank;
use super::{Options, parse};
use crate::model::{ClaimKind, Document};

const EXAMPLE: &str = include_str!("../../bibliography/us-korea-military-alliance.txt");

fn read(text: &str) -> Document {
    parse("essay.md", text, &Options::default())
}

fn units(doc: &Document) -> Vec<(ClaimKind, &str)> {
    doc.claims
        .iter()
        .map(|c| (c.kind, c.text.as_str()))
        .collect()
}

/// Checks the invariants every parse must keep: units in order, not overlapping, exact spans,
/// nothing but blanks between them, and line/column computed from the start offset.
fn assert_covers(text: &str, doc: &Document) {
    let mut at = 0;
    for c in &doc.claims {
        assert!(c.start < c.end, "empty unit {c:?}");
        assert!(at <= c.start, "unit overlaps the one before: {c:?}");
        assert!(
            text[at..c.start].chars().all(is_blank),
            "bytes {at}..{} belong to no unit: {:?}",
            c.start,
            &text[at..c.start]
        );
        assert_eq!(&text[c.start..c.end], c.text, "span of {c:?}");
        assert!(
            !c.text.starts_with(is_blank) && !c.text.ends_with(is_blank),
            "untrimmed {c:?}"
        );
        let before = &text[..c.start];
        let line = before.matches('\n').count() as u32 + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
        assert_eq!((c.line, c.column), (line, column), "position of {c:?}");
        assert!(c.paragraph >= 1 && c.sentence >= 1, "numbering of {c:?}");
        at = c.end;
    }
    assert!(
        text[at..].chars().all(is_blank),
        "trailing bytes belong to no unit: {:?}",
        &text[at..]
    );
    let paragraphs: Vec<u32> = doc.claims.iter().map(|c| c.paragraph).collect();
    assert!(
        paragraphs.is_sorted(),
        "paragraph numbers go back: {paragraphs:?}"
    );
}

#[test]
fn structure() {
    use ClaimKind::*;
    #[rustfmt::skip]
    let cases: &[(&str, &[(ClaimKind, &str)])] = &[
        ("# Title\n\nBy Jane Doe\n\n## Intro\n\nOne. Two.", &[(Title, "# Title"), (Byline, "By Jane Doe"), (Heading, "## Intro"), (Claim, "One."), (Claim, "Two.")]),
        ("---\ntitle: T\n---\n\n# Heading\n\nText.", &[(Other, "---\ntitle: T\n---"), (Heading, "# Heading"), (Claim, "Text.")]),
        ("Title\n=====\n\nText here.", &[(Title, "Title\n====="), (Claim, "Text here.")]),
        ("Some text.\n\n- First item. Second.\n- Third", &[(Claim, "Some text."), (Claim, "- First item."), (Claim, "Second."), (Claim, "- Third")]),
        ("Text.\n\n1. One.\n2. Two.", &[(Claim, "Text."), (Claim, "1. One."), (Claim, "2. Two.")]),
        ("Text.\n\n1. Introduction\n\nMore text.", &[(Claim, "Text."), (Heading, "1. Introduction"), (Claim, "More text.")]),
        ("Text.\n\n> Quoted one. Quoted\n> two.", &[(Claim, "Text."), (Claim, "> Quoted one."), (Claim, "Quoted\n> two.")]),
        ("Text.\n\n```\nlet x = 1. Not a claim.\n```", &[(Claim, "Text."), (Other, "```\nlet x = 1. Not a claim.\n```")]),
        ("<!-- A note. -->\n\nText.", &[(Other, "<!-- A note. -->"), (Claim, "Text.")]),
        ("Text.\n\n## References\n\n- Smith, J. (2010). A. B.\n- Roe, R. (2011). C.", &[(Claim, "Text."), (Heading, "## References"), (Reference, "- Smith, J. (2010). A. B."), (Reference, "- Roe, R. (2011). C.")]),
        ("Text.\n\nBibliography\n\nSmith, J. (2010). A.\nRoe, R. (2011). C.", &[(Claim, "Text."), (Heading, "Bibliography"), (Reference, "Smith, J. (2010). A."), (Reference, "Roe, R. (2011). C.")]),
        ("Text.\n\nWorks Cited\n\nSmith, J. (2010). A.\n\nAppendix\n\nMore text.", &[(Claim, "Text."), (Heading, "Works Cited"), (Reference, "Smith, J. (2010). A."), (Heading, "Appendix"), (Claim, "More text.")]),
        ("Text.\n\n### further reading:\n\nFinley, James P. The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations. San Francisco: USFK, 1983.", &[(Claim, "Text."), (Heading, "### further reading:"), (Reference, "Finley, James P. The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations. San Francisco: USFK, 1983.")]),
        ("Skip to content\n\nShare this\n\nMy Title\n\nText.\n\nAdvertisement\n\nMore. Print", &[(Other, "Skip to content"), (Other, "Share this"), (Title, "My Title"), (Claim, "Text."), (Other, "Advertisement"), (Claim, "More."), (Claim, "Print")]),
        ("We use cookies to improve your experience. Accept all?\n\nTitle Here\n\nText.", &[(Other, "We use cookies to improve your experience. Accept all?"), (Title, "Title Here"), (Claim, "Text.")]),
        ("Text one.\n\nFigure 1. A chart of things.\n\nText two.", &[(Claim, "Text one."), (Other, "Figure 1. A chart of things."), (Claim, "Text two.")]),
        ("Text.\n\n![A ship](ship.png)\n\n| a | b |\n|---|---|", &[(Claim, "Text."), (Other, "![A ship](ship.png)"), (Other, "| a | b |\n|---|---|")]),
        ("Title\n\nFirst paragraph here.\n\nUS-ROK Mutual Defense Treaty\n\nSecond.", &[(Title, "Title"), (Claim, "First paragraph here."), (Heading, "US-ROK Mutual Defense Treaty"), (Claim, "Second.")]),
        ("Author: Jane Doe\n\nText.", &[(Byline, "Author: Jane Doe"), (Claim, "Text.")]),
        ("See [a.b](http://a.b/c.html). Use `x. Y` now. It is *e.g.* fine.", &[(Claim, "See [a.b](http://a.b/c.html)."), (Claim, "Use `x. Y` now."), (Claim, "It is *e.g.* fine.")]),
        ("One.\n\n***\n\nTwo.", &[(Claim, "One."), (Other, "***"), (Claim, "Two.")]),
        ("Text.\n\n## Table of Contents\n\n- [Intro](#intro)", &[(Claim, "Text."), (Other, "## Table of Contents"), (Claim, "- [Intro](#intro)")]),
        ("Text first.\n\nIntroduction\n\nMore.", &[(Claim, "Text first."), (Heading, "Introduction"), (Claim, "More.")]),
        ("Text.\n\nWhat Went Wrong?\n\nMore.", &[(Claim, "Text."), (Heading, "What Went Wrong?"), (Claim, "More.")]),
        ("Text.\n\nBy the end of the war\n\nMore.", &[(Claim, "Text."), (Claim, "By the end of the war"), (Claim, "More.")]),
        ("Text.\n\nHere are two areas of concern:\n\n1. Transportation systems. In 2018 it grew.", &[(Claim, "Text."), (Claim, "Here are two areas of concern:"), (Claim, "1. Transportation systems."), (Claim, "In 2018 it grew.")]),
        ("", &[]),
        ("\u{feff}\n\n  \n", &[]),
    ];
    for (text, want) in cases {
        let doc = read(text);
        assert_eq!(units(&doc), *want, "{text:?}");
        assert_covers(text, &doc);
    }
}

#[test]
fn titles() {
    #[rustfmt::skip]
    let cases: &[(&str, Option<&str>)] = &[
        ("# US-Korea Military Alliance\n\nText.", Some("US-Korea Military Alliance")),
        ("---\ntitle: \"From YAML\"\n---\n\n# Heading\n\nText.", Some("From YAML")),
        ("Skip to content\n\nEssay\n\nPlain  Title\n\nText.", Some("Plain Title")),
        ("Text comes first.\n\nIntroduction", None),
        ("## Level two first\n\nText.", None),
    ];
    for (text, want) in cases {
        assert_eq!(read(text).title.as_deref(), *want, "{text:?}");
    }
}

#[test]
fn numbering_and_positions() {
    let text =
        "# T\n\nBy A B\n\n## S1\n\nÜnïcödé one. Two.\n\n- Item.\n\n## 2. Sources\n\n- Ref (2010).";
    let doc = read(text);
    type Row<'a> = (ClaimKind, Option<&'a str>, u32, u32, u32, u32);
    let got: Vec<Row> = doc
        .claims
        .iter()
        .map(|c| {
            (
                c.kind,
                c.section.as_deref(),
                c.paragraph,
                c.sentence,
                c.line,
                c.column,
            )
        })
        .collect();
    use ClaimKind::*;
    #[rustfmt::skip]
    let want = [
        (Title, None, 1, 1, 1, 1),
        (Byline, None, 2, 1, 3, 1),
        (Heading, Some("S1"), 3, 1, 5, 1),
        (Claim, Some("S1"), 4, 1, 7, 1),
        (Claim, Some("S1"), 4, 2, 7, 14),
        (Claim, Some("S1"), 5, 1, 9, 1),
        (Heading, Some("2. Sources"), 6, 1, 11, 1),
        (Reference, Some("2. Sources"), 7, 1, 13, 1),
    ];
    assert_eq!(got, want);
    assert_covers(text, &doc);
}

#[test]
fn document_fields() {
    let doc = parse("a/b.txt", "abc", &Options::default());
    assert_eq!(doc.path, "a/b.txt");
    assert_eq!(doc.text, "abc");
    assert_eq!(
        doc.hash,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(doc.id, None);
    assert!(
        doc.claims
            .iter()
            .all(|c| c.id.is_none() && c.citations.is_empty())
    );
    assert_eq!(
        read("").hash,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn example_essay() {
    let doc = read(EXAMPLE);
    assert_covers(EXAMPLE, &doc);
    assert_eq!(doc.title.as_deref(), Some("US-Korea Military Alliance"));
    let of = |kind: ClaimKind| -> Vec<&str> {
        doc.claims
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.text.as_str())
            .collect()
    };
    assert_eq!(of(ClaimKind::Title), ["US-Korea Military Alliance"]);
    assert_eq!(of(ClaimKind::Byline), ["By Daniel Oh"]);
    assert_eq!(
        of(ClaimKind::Other),
        ["Skip to content", "Essay", "Table of Contents"]
    );
    assert_eq!(
        of(ClaimKind::Heading),
        [
            "Introduction",
            "US-ROK Mutual Defense Treaty",
            "The US Military Commitment to the ROK",
            "Recommended Readings"
        ]
    );
    let refs = of(ClaimKind::Reference);
    assert_eq!(refs.len(), 6);
    assert_eq!(
        refs[2],
        "Finley, James P. The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations. San Francisco: USFK, 1983."
    );
    assert!(
        doc.claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Reference)
            .all(|c| c.section.as_deref() == Some("Recommended Readings"))
    );

    // Sentences per paragraph, counted by hand from the essay (paragraph = block number:
    // 1 "Skip to content", 2 "Essay", 3 title, 4 byline, 5 standfirst, 6 "Table of Contents",
    // 7 "Introduction", 12 and 17 the other headings, 21 "Recommended Readings").
    #[rustfmt::skip]
    let want: &[(u32, u32)] = &[
        (5, 1),
        (8, 2),
        (9, 1),
        (10, 3),
        (11, 2),
        (13, 6),
        (14, 8),
        (15, 8),
        (16, 7),
        (18, 9),
        (19, 7),
        (20, 6),
    ];
    let mut got: Vec<(u32, u32)> = Vec::new();
    for c in doc.claims.iter().filter(|c| c.kind == ClaimKind::Claim) {
        match got.last_mut() {
            Some((p, n)) if *p == c.paragraph => *n += 1,
            _ => got.push((c.paragraph, 1)),
        }
    }
    assert_eq!(got, want);
    assert_eq!(doc.claims.len(), 75);

    let claim = |needle: &str| {
        doc.claims
            .iter()
            .find(|c| c.text.starts_with(needle))
            .unwrap_or_else(|| panic!("no claim starts with {needle:?}"))
    };
    let uss = claim("This treaty, signed on the deck of the USS. Ticonderoga");
    assert!(uss.text.ends_with("first treaty with a Western nation."));
    assert_eq!(
        (uss.paragraph, uss.sentence, uss.line, uss.column),
        (13, 2, 25, 238)
    );
    assert_eq!(uss.section.as_deref(), Some("US-ROK Mutual Defense Treaty"));
    assert!(
        claim("As other world powers")
            .text
            .ends_with("Institute of Military History, 2014, 24).")
    );
    assert!(
        claim("President Dwight D. Eisenhower entered office")
            .text
            .ends_with("stalemate.")
    );
    assert!(
        claim("US economic assistance to the ROK from 1953-1961 totaled an estimated $2.3B")
            .text
            .ends_with("during the period.")
    );
    assert_eq!(claim("Though the character").section, None);
}

/// `shared/corpus/essays` beside the checkout (or beside the worktree folder), if present.
fn corpus_essay(name: &str) -> Option<String> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .map(|dir| dir.join("shared/corpus/essays").join(name))
        .find(|p| p.is_file())
        .and_then(|p| std::fs::read_to_string(p).ok())
}

/// Checks an APA sample: headings, references, captions and claim counts verified by reading.
fn check_apa(
    name: &str,
    title: &str,
    headings: &[&str],
    references: usize,
    captions: usize,
    claims: usize,
) {
    let Some(text) = corpus_essay(name) else {
        crate::testing::skips::skipped(&format!("../shared/corpus/essays/{name} is not present"));
        return;
    };
    let doc = read(&text);
    assert_covers(&text, &doc);
    assert_eq!(doc.title.as_deref(), Some(title), "{name}");
    let count = |kind| doc.claims.iter().filter(|c| c.kind == kind).count();
    let found: Vec<&str> = doc
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Heading)
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(found, headings, "{name}");
    assert_eq!(count(ClaimKind::Reference), references, "{name}");
    assert!(
        doc.claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Reference)
            .all(|c| c.section.as_deref() == Some("References") && !c.text.contains('\n'))
    );
    assert_eq!(count(ClaimKind::Other), captions, "{name}");
    assert_eq!(count(ClaimKind::Claim), claims, "{name}");
    assert!(
        doc.claims.iter().all(|c| !c.text.contains("\n\n")),
        "{name}: a unit spans paragraphs"
    );
}

#[test]
fn apa_climate_change_essay() {
    check_apa(
        "01_openstax_slowing_climate_change.txt",
        "A Call to Action",
        &[
            "Problem: Negative Effects of Climate Change",
            "Solutions: Mitigation and Adaptation",
            "Mitigation",
            "Adaptation",
            "Objections to Taking Action",
            "Conclusion and Recommendation",
            "References",
        ],
        11,
        2,
        100,
    );
}

#[test]
fn apa_covid_essay() {
    check_apa(
        "02_openstax_us_response_covid19.txt",
        "Successes and Failures",
        &[
            "Reductions in Expert Personnel and Preparedness Programs",
            "Inaction and Equipment Shortages",
            "Policy Decisions",
            "Conclusion",
            "References",
        ],
        7,
        0,
        43,
    );
}

/// A small xorshift generator: the property runs on the same texts every time.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn units_and_blanks_reproduce_the_text() {
    const PIECES: &[&str] = &[
        "war.",
        "Then",
        "the",
        "Dr.",
        "U.S.",
        "e.g.",
        "USS.",
        "(Smith 2010, 4)",
        "[@key, p. 4]",
        "“Go home.”",
        "\"Go.\"",
        "1,000.",
        "$2.3B",
        "...",
        ". . .",
        "?",
        "!",
        "…",
        "[link](http://a.b/c.html)",
        "`code.`",
        "*",
        "**",
        "_",
        "#",
        "## ",
        "- ",
        "1. ",
        "> ",
        "```",
        "<!--",
        "-->",
        "---",
        "===",
        "|",
        "(",
        ")",
        "[",
        "]",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "  ",
        "\t",
        "Ünïcödé",
        "—",
        "\u{feff}",
        "References",
        "By Jane Doe",
        "Skip to content",
        "Figure 1.",
        "Copyright 2020 by X.",
        "title: T",
        "¹",
        "[1]",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let n = 1 + rng.below(60);
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(PIECES[rng.below(PIECES.len())]);
            if rng.below(3) == 0 {
                text.push(' ');
            }
        }
        let doc = read(&text);
        assert_covers(&text, &doc);
    }
    assert_covers(EXAMPLE, &read(EXAMPLE));
}

#[test]
fn a_megabyte_reads_fast() {
    let mut text = String::new();
    while text.len() < 1_000_000 {
        text.push_str(EXAMPLE);
        text.push_str("\n\n");
    }
    let copies = text.len() / (EXAMPLE.len() + 2);
    let started = Instant::now();
    let doc = read(&text);
    let took = started.elapsed();
    // Every copy after the first reads as the first does, except that its title and byline
    // come after a heading and so read as headings.
    assert_eq!(doc.claims.len(), 75 * copies);
    let limit = if cfg!(debug_assertions) {
        Duration::from_secs(5)
    } else {
        Duration::from_millis(100)
    };
    assert!(took < limit, "{} bytes took {took:?}", text.len());
}

/// Issue 9 (the fuzzer, 100,000 cases): a reader's view blanks markup byte for byte, and a
/// sentence could end inside what was a character of several bytes in the file (`\begin¼quote}`
/// from a Latin-1 byte), leaving a claim whose span cuts a character of the document's text.
#[test]
fn claim_spans_never_cut_a_character_of_the_file_in_any_format() {
    use crate::essay::read::{Format, read_text};
    let cases = [
        (
            Format::Latex,
            "Intro text here.\n\\begin¼quote}\n\\small\n\\articleABSTRACT\n\\end{quote}\n\nMore text — with a dash.\n",
        ),
        (
            Format::Latex,
            "A sentence ends here.\\footnote{See “this”.} Next one\\cite{k}é. Last.\n",
        ),
        (
            Format::Html,
            "<p>First one.<span title=\"—é\">x</span> Second — one.</p><p>Caf\u{e9}<b>é</b>. Then.</p>",
        ),
        (
            Format::Html,
            "<p>Text<a href=\"#fn1\">¹</a>. More<sup>²</sup>é.</p>",
        ),
        (
            Format::Markdown,
            "# Títle\n\nA claim[^1]é. Another *é*.\n\n[^1]: Note “é”.\n",
        ),
        (
            Format::Markdown,
            "Some `code é` here. And <span>é</span>. End.\n",
        ),
    ];
    for (format, text) in cases {
        let read = read_text("t", format, text, &Default::default());
        let doc = read.document;
        for c in &doc.claims {
            assert!(
                doc.text.is_char_boundary(c.start) && doc.text.is_char_boundary(c.end),
                "{format:?} {text:?}: claim {}..{} cuts a character",
                c.start,
                c.end
            );
        }
    }
}
