//! The pandoc writer over small essays with citations placed by hand, and over the shipped
//! essay. Whether pandoc itself renders the output without a warning is checked by hand and
//! by the integration tests (they need the `pandoc` binary); here the text is asserted.

use super::*;
use crate::essay;
use crate::model::{CitationStyle, Locator, LocatorLabel, Origin};
use crate::render::export::testing::{add, example_document};

/// A citation to place: its marker and group as they appear in the text.
#[derive(Clone)]
struct C {
    marker: &'static str,
    group: &'static str,
    style: CitationStyle,
    key: Option<&'static str>,
    candidates: &'static [&'static str],
    locator: Option<(LocatorLabel, &'static str)>,
    prefix: Option<&'static str>,
}

fn c(group: &'static str, marker: &'static str, key: &'static str) -> C {
    C {
        marker,
        group,
        style: CitationStyle::AuthorDate,
        key: (!key.is_empty()).then_some(key),
        candidates: &[],
        locator: None,
        prefix: None,
    }
}

impl C {
    fn page(mut self, v: &'static str) -> Self {
        self.locator = Some((LocatorLabel::Page, v));
        self
    }
    fn loc(mut self, l: LocatorLabel, v: &'static str) -> Self {
        self.locator = Some((l, v));
        self
    }
    fn pre(mut self, p: &'static str) -> Self {
        self.prefix = Some(p);
        self
    }
    fn style(mut self, s: CitationStyle) -> Self {
        self.style = s;
        self
    }
    fn ambiguous(mut self, keys: &'static [&'static str]) -> Self {
        self.candidates = keys;
        self
    }
}

/// The essay `text` read by the essay parser, with `cites` placed (each marker and group at
/// its first occurrence in the text).
fn doc(text: &str, cites: &[C]) -> Document {
    let mut d = essay::parse("essay.txt", text, &essay::Options::default());
    for x in cites {
        let s = text.find(x.marker).expect("marker in text");
        let mut cit = Citation::inline(x.marker, (s, s + x.marker.len()), x.style);
        if !x.group.is_empty() {
            let g = text.find(x.group).expect("group in text");
            cit.group = Some((g, g + x.group.len()));
        }
        cit.resolution.source = x.key.map(str::to_string);
        cit.resolution.candidates = x.candidates.iter().map(|k| k.to_string()).collect();
        cit.locator = x.locator.map(|(label, value)| Locator {
            label,
            value: value.into(),
            pages: vec![],
        });
        cit.parts.prefix = x.prefix.map(str::to_string);
        add(&mut d, cit);
    }
    d
}

fn render(d: &Document, opts: &PandocOptions) -> (String, PandocReport) {
    let mut out = Vec::new();
    let report = write_pandoc_markdown(&mut out, d, opts).expect("writing into a Vec");
    (String::from_utf8(out).expect("UTF-8"), report)
}

/// The Markdown after the front matter, without the trailing report comment.
fn body(text: &str, cites: &[C]) -> String {
    let (out, _) = render(&doc(text, cites), &PandocOptions::default());
    let out = match out.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---\n\n").map_or(rest, |(_, b)| b),
        None => out.as_str(),
    };
    let out = out.split("\n\n<!-- annobib").next().unwrap_or(out);
    out.trim_end().to_string()
}

#[test]
fn citations_become_pandoc_citations() {
    use CitationStyle::*;
    use LocatorLabel::*;
    #[rustfmt::skip]
    let cases: Vec<(&str, Vec<C>, &str)> = vec![
        ("It held (see Reid 2012, 46).",
         vec![c("(see Reid 2012, 46)", "see Reid 2012, 46", "reid2012").page("46").pre("see")],
         "It held [see @reid2012, p. 46]."),
        ("It held (Cavell 1988, 14; see also Reid 2012, 46).",
         vec![c("(Cavell 1988, 14; see also Reid 2012, 46)", "Cavell 1988, 14", "cavell1988").page("14"),
              c("(Cavell 1988, 14; see also Reid 2012, 46)", "see also Reid 2012, 46", "reid2012").page("46").pre("see also")],
         "It held [@cavell1988, p. 14; see also @reid2012, p. 46]."),
        ("It held (see Finley 1983).",
         vec![c("(see Finley 1983)", "Finley 1983", "finley1983").pre("see")],
         "It held [see @finley1983]."),
        ("It held (Finley 1983, 150, emphasis added).",
         vec![c("(Finley 1983, 150, emphasis added)", "Finley 1983, 150", "finley1983").page("150")],
         "It held [@finley1983, p. 150, emphasis added]."),
        ("As Finley (1983) argues, it held.",
         vec![c("(1983)", "Finley (1983)", "finley1983").style(Narrative)],
         "As @finley1983 argues, it held."),
        ("As Finley (1983, 150) argues, it held.",
         vec![c("(1983, 150)", "Finley (1983, 150)", "finley1983").style(Narrative).page("150")],
         "As @finley1983 [p. 150] argues, it held."),
        ("As Finley (1983a, 1983b) argues, it held.",
         vec![c("(1983a, 1983b)", "Finley (1983a", "finley1983a").style(Narrative),
              c("(1983a, 1983b)", "1983b", "finley1983b").style(Narrative)],
         "As Finley [-@finley1983a; -@finley1983b] argues, it held."),
        ("It held (Finley 1983, ch. 3; Reid 2012, § 2; Han 2010, n. 63).",
         vec![c("(Finley 1983, ch. 3; Reid 2012, § 2; Han 2010, n. 63)", "Finley 1983, ch. 3", "finley1983").loc(Chapter, "3"),
              c("(Finley 1983, ch. 3; Reid 2012, § 2; Han 2010, n. 63)", "Reid 2012, § 2", "reid2012").loc(Section, "2"),
              c("(Finley 1983, ch. 3; Reid 2012, § 2; Han 2010, n. 63)", "Han 2010, n. 63", "han2010").loc(LocatorLabel::Note, "63")],
         "It held [@finley1983, chap. 3; @reid2012, § 2; @han2010, n. 63]."),
        // Labels as written when pandoc reads them so; a value with a comma braced whole.
        ("It held (Finley 1983, pp. 14–16; Reid 2012, para. 4; Han 2010, IV, 2).",
         vec![c("(Finley 1983, pp. 14–16; Reid 2012, para. 4; Han 2010, IV, 2)", "Finley 1983, pp. 14–16", "finley1983").page("14–16"),
              c("(Finley 1983, pp. 14–16; Reid 2012, para. 4; Han 2010, IV, 2)", "Reid 2012, para. 4", "reid2012").loc(Paragraph, "4"),
              c("(Finley 1983, pp. 14–16; Reid 2012, para. 4; Han 2010, IV, 2)", "Han 2010, IV, 2", "han2010").loc(Chapter, "IV, 2")],
         "It held [@finley1983, pp. 14–16; @reid2012, para. 4; @han2010, {chap. IV, 2}]."),
        ("It held \\cite[see][150]{finley1983,reid2012}.",
         vec![c("\\cite[see][150]{finley1983,reid2012}", "finley1983", "finley1983").style(Latex).pre("see"),
              c("\\cite[see][150]{finley1983,reid2012}", "reid2012", "reid2012").style(Latex).page("150")],
         "It held [see @finley1983; @reid2012, p. 150]."),
        ("As \\textcite{finley1983,reid2012} argue.",
         vec![c("\\textcite{finley1983,reid2012}", "finley1983", "finley1983").style(Latex),
              c("\\textcite{finley1983,reid2012}", "reid2012", "reid2012").style(Latex)],
         "As @finley1983 and @reid2012 argue."),
        ("As \\textcite[150]{finley1983} argues.",
         vec![c("", "\\textcite[150]{finley1983}", "finley1983").style(Latex).page("150")],
         "As @finley1983 [p. 150] argues."),
        ("It held [see @han2010, ch. 1].",
         vec![c("[see @han2010, ch. 1]", "see @han2010, ch. 1", "han2010").style(Pandoc).loc(Chapter, "1").pre("see")],
         "It held [see @han2010, chap. 1]."),
        ("It held. Ibid. 151.",
         vec![c("", "Ibid. 151", "finley1983").style(Ibid).page("151")],
         "It held. [@finley1983, p. 151]."),
        ("It held (Finley 1983).",
         vec![c("(Finley 1983)", "Finley 1983", "weird key!")],
         "It held [@{weird key!}]."),
        ("It cost $5 (Finley 1983, 24–26 & 30) *then*.",
         vec![c("(Finley 1983, 24–26 & 30)", "Finley 1983, 24–26 & 30", "finley1983").page("24–26 & 30")],
         "It cost \\$5 [@finley1983, p. 24–26 & 30] \\*then\\*."),
        ("It held (Finley 1983, 9/7/51).",
         vec![c("(Finley 1983, 9/7/51)", "Finley 1983, 9/7/51", "finley1983").loc(Date, "9/7/51")],
         "It held [@finley1983, 9/7/51]."),
        ("It held (Finley 1983; with Reid's; note).",
         vec![c("(Finley 1983; with Reid's; note)", "Finley 1983", "finley1983")],
         "It held [@finley1983, with Reid's\\; note]."),
    ];
    for (text, cites, want) in cases {
        assert_eq!(body(text, &cites), want, "{text}");
    }
}

#[test]
fn unresolved_citations_stay_as_written_and_are_reported() {
    let text = "It held (Smith 2010, 4). It broke (Cavell 1988; Jones 2011). It bent (Lee 2001).";
    let cites = [
        c("(Smith 2010, 4)", "Smith 2010, 4", "").page("4"),
        c("(Cavell 1988; Jones 2011)", "Cavell 1988", "cavell1988"),
        c("(Cavell 1988; Jones 2011)", "Jones 2011", ""),
        c("(Lee 2001)", "Lee 2001", "").ambiguous(&["lee2001a", "lee2001b"]),
    ];
    let (out, report) = render(&doc(text, &cites), &PandocOptions::default());
    assert!(
        out.contains(
            "It held (Smith 2010, 4). It broke (Cavell 1988; Jones 2011). It bent (Lee 2001).\n"
        ),
        "{out}"
    );
    let left: Vec<(u32, &str, String)> = report
        .left
        .iter()
        .map(|l| (l.column, l.text.as_str(), l.reason.describe()))
        .collect();
    assert_eq!(
        left,
        [
            (10, "Smith 2010, 4", "not resolved".to_string()),
            (
                36,
                "Cavell 1988",
                "in the same parentheses as an unresolved citation".to_string()
            ),
            (49, "Jones 2011", "not resolved".to_string()),
            (71, "Lee 2001", "ambiguous: lee2001a, lee2001b".to_string()),
        ]
    );
    assert!(report.cited.is_empty());
    assert!(
        out.ends_with(
            "<!-- annobib: left as written\nline 1, column 10: Smith 2010, 4 (not resolved)\n\
         line 1, column 36: Cavell 1988 (in the same parentheses as an unresolved citation)\n\
         line 1, column 49: Jones 2011 (not resolved)\n\
         line 1, column 71: Lee 2001 (ambiguous: lee2001a, lee2001b) -->\n"
        ),
        "{out}"
    );
}

#[test]
fn structure_follows_the_essay_parser() {
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        ("Title Here\n\nBy Jane Doe\n\nIntroduction\n\nOne. Two.\nThree.",
         "By Jane Doe\n\n# Introduction\n\nOne. Two.\nThree."),
        ("# Title\n\n## Intro ##\n\nText.\n\nSub\n---\n\nMore.",
         "## Intro\n\nText.\n\n## Sub\n\nMore."),
        ("Some text.\n\n- First item. Second.\n- Third\n\n1. One.\n2. Two.",
         "Some text.\n\n- First item. Second.\n- Third\n\n1. One.\n2. Two."),
        ("Text.\n\n> Quoted one. Quoted\n> two.",
         "Text.\n\n> Quoted one. Quoted\n> two."),
        ("Text.\n\n- + not nested\n-    1999. not nested\n\n> - not a list",
         "Text.\n\n- \\+ not nested\n- 1999\\. not nested\n\n> \\- not a list"),
        ("Text.\n\n1990. A year.\n\n#hashtag text\n\n-5 degrees.",
         "Text.\n\n1990\\. A year.\n\n\\#hashtag text\n\n\\-5 degrees."),
        ("Text.\n\n```\nlet x = 1. *Not* a claim.\n```\n\n<!-- a note -->\n\n---\n\nMore.",
         "Text.\n\n```\nlet x = 1. *Not* a claim.\n```\n\n<!-- a note -->\n\n---\n\nMore."),
        ("Skip to content\n\nMy Title\n\nText -- with a dash.\n\nAdvertisement",
         "<!-- Skip to content -->\n\nText -- with a dash.\n\n<!-- Advertisement -->"),
        ("Text.\n\n1. Introduction\n\nMore text.",
         "Text.\n\n# 1. Introduction\n\nMore text."),
    ];
    for (text, want) in cases {
        assert_eq!(body(text, &[]), *want, "{text:?}");
    }
}

#[test]
fn front_matter_holds_title_bibliography_and_the_reading_list() {
    let text = "It's *the* Title\n\nText (Finley 1983).\n\nReferences\n\nFinley, J. 1983. A Book.\n\nNobody, N. 2000. Lost.";
    let mut d = doc(text, &[c("(Finley 1983)", "Finley 1983", "finley1983")]);
    let item = d
        .claims
        .iter()
        .position(|c| c.text.starts_with("Finley, J."))
        .unwrap();
    let mut r = Citation::inline(
        &d.claims[item].text.clone(),
        (d.claims[item].start, d.claims[item].end),
        CitationStyle::Reference,
    );
    r.resolution.source = Some("finley1983".into());
    d.claims[item].citations.push(r);
    let opts = PandocOptions {
        input: Written::Plain,
        bibliography: vec!["readings.json".into(), "it's.bib".into()],
    };
    let (out, report) = render(&d, &opts);
    assert_eq!(
        out,
        "---\ntitle: 'It''s \\*the\\* Title'\nbibliography:\n- 'readings.json'\n- 'it''s.bib'\nnocite: |\n  @finley1983\n---\n\n\
         Text [@finley1983].\n\n# References\n\n::: {#refs}\n:::\n\nNobody, N. 2000. Lost.\n\n\
         <!-- annobib: left as written\nline 9, column 1: Nobody, N. 2000. Lost. (reading-list item not resolved) -->\n"
    );
    assert_eq!(report.listed, ["finley1983"]);
    assert_eq!(report.cited, ["finley1983"]);
}

#[test]
fn without_a_reading_list_the_bibliography_gets_a_heading() {
    let (out, _) = render(
        &doc(
            "Text (Finley 1983).",
            &[c("(Finley 1983)", "Finley 1983", "finley1983")],
        ),
        &PandocOptions::default(),
    );
    assert_eq!(
        out,
        "---\nreference-section-title: 'References'\n---\n\nText [@finley1983].\n"
    );
    let (out, _) = render(&doc("Just text.", &[]), &PandocOptions::default());
    assert_eq!(out, "Just text.\n");
    let (out, report) = render(&Document::default(), &PandocOptions::default());
    assert_eq!((out.as_str(), report), ("", PandocReport::default()));
}

#[test]
fn markdown_essays_are_copied_as_written() {
    let text = "---\nauthor: Jane\nbibliography: old.bib\n---\n\n# The *Title* Here\n\n## Intro\n\nIt is *so* (Finley 1983, 150; Reid 2012).\n\n    indented code\n";
    let cites = [
        c(
            "(Finley 1983, 150; Reid 2012)",
            "Finley 1983, 150",
            "finley1983",
        )
        .page("150"),
        c("(Finley 1983, 150; Reid 2012)", "Reid 2012", "reid2012"),
    ];
    let opts = PandocOptions::for_path("essays/alliance.MD");
    assert_eq!(opts.input, Written::Markdown);
    assert_eq!(PandocOptions::for_path("essay.txt").input, Written::Plain);
    let (out, _) = render(&doc(text, &cites), &opts);
    // One YAML block (the essay's, with what the export adds), every heading as written.
    assert_eq!(
        out,
        "---\nauthor: Jane\nbibliography: old.bib\nreference-section-title: 'References'\n---\n\n# The *Title* Here\n\n## Intro\n\nIt is *so* [@finley1983, p. 150; @reid2012].\n\n    indented code\n"
    );
    // A bibliography named by the export replaces the essay's.
    let opts = PandocOptions {
        bibliography: vec!["library.json".into()],
        ..opts
    };
    let (out, _) = render(&doc(text, &cites), &opts);
    assert!(
        out.starts_with("---\nauthor: Jane\nbibliography:\n- 'library.json'\nreference-section-title: 'References'\n---\n\n# The"),
        "{out}"
    );
}

/// What a Markdown essay read is written back: its pandoc citations exactly as written
/// (`-@`, `pp.`, `{...}` locators, suffixes; only a key spelled otherwise than the source's
/// is rewritten), its manual links as citations at the end of their sentence, and its reading
/// list as the `refs` div.
#[test]
fn a_markdown_essay_keeps_what_it_read() {
    use CitationStyle::Pandoc;
    let text = "Finley [-@finley1983, pp. 14-16] says so. Talks went on [@paik1990, {IV, 2}]. \
                Rhee wanted it [see @Finley1983, pp. 33-35 and passim].\n\nA claim with no marker.\n\n\
                # References\n\n- Finley, J. 1983. The US Military Experience.\n- Paik, S. 1990. From Pusan.\n- Nobody, N. 2000. Unknown.\n";
    let mut d = essay::parse("essay.md", text, &essay::Options::default());
    let place = |d: &mut Document, group: &str, marker: &str, key: &str| {
        let g = text.find(group).unwrap();
        let s = text.find(marker).unwrap();
        let mut cit = Citation::inline(marker, (s, s + marker.len()), Pandoc);
        cit.group = Some((g, g + group.len()));
        cit.resolution.source = Some(key.into());
        add(d, cit);
    };
    place(
        &mut d,
        "[-@finley1983, pp. 14-16]",
        "-@finley1983, pp. 14-16",
        "finley1983",
    );
    place(
        &mut d,
        "[@paik1990, {IV, 2}]",
        "@paik1990, {IV, 2}",
        "paik1990",
    );
    place(
        &mut d,
        "[see @Finley1983, pp. 33-35 and passim]",
        "see @Finley1983, pp. 33-35",
        "finley1983",
    );
    let claim = d
        .claims
        .iter_mut()
        .find(|c| c.text.starts_with("A claim with no marker"))
        .unwrap();
    let mut manual = Citation::inline("", (0, 0), Pandoc);
    manual.origin = Origin::Manual;
    manual.span = None;
    manual.marker = None;
    manual.resolution.source = Some("kwan1982".into());
    manual.locator = Some(Locator {
        label: LocatorLabel::Page,
        value: "7".into(),
        pages: vec![],
    });
    claim.citations.push(manual);
    for (item, key) in [
        ("Finley, J. 1983", Some("finley1983")),
        ("Paik, S.", Some("paik1990")),
        ("Nobody", None),
    ] {
        let c = d.claims.iter_mut().find(|c| c.text.contains(item)).unwrap();
        c.kind = ClaimKind::Reference;
        let mut r = Citation::inline(&c.text, (c.start, c.end), CitationStyle::Reference);
        r.resolution.source = key.map(str::to_string);
        c.citations.push(r);
    }
    let (out, report) = render(&d, &PandocOptions::for_path("essay.md"));
    assert_eq!(
        out.split("\n<!--").next().unwrap(),
        "---\nnocite: |\n  @finley1983, @paik1990\n---\n\n\
         Finley [-@finley1983, pp. 14-16] says so. Talks went on [@paik1990, {IV, 2}]. \
         Rhee wanted it [see @finley1983, pp. 33-35 and passim].\n\n\
         A claim with no marker [@kwan1982, p. 7].\n\n# References\n\n::: {#refs}\n:::\n\
         - Nobody, N. 2000. Unknown.\n"
    );
    assert_eq!(report.cited, ["finley1983", "paik1990", "kwan1982"]);
    assert_eq!(report.left.len(), 1);
    assert_eq!(report.left[0].reason, LeftReason::UnresolvedReference);
}

/// A note's citation sits on the sentence carrying the note's marker (cite_document moves it
/// there) with its span in the note: a Markdown essay's export converts it where it stands;
/// a manual link on a sentence whose citation closes it goes after that citation.
#[test]
fn a_markdown_notes_citation_is_converted_in_the_note() {
    let text = "It held.[^1] It broke. (Finley 1983)\n\n[^1]: See Reid (2012, 46).\n";
    let mut d = essay::read::read_text(
        "essay.md",
        essay::read::Format::Markdown,
        text,
        &essay::Options::default(),
    )
    .document;
    let s = text.find("Reid (2012, 46)").unwrap();
    let mut reid = Citation::inline("Reid (2012, 46)", (s, s + 15), CitationStyle::Narrative);
    reid.group = Some((s + 5, s + 15));
    reid.resolution.source = Some("reid2012".into());
    reid.locator = Some(Locator {
        label: LocatorLabel::Page,
        value: "46".into(),
        pages: vec![],
    });
    reid.in_note = Some("1".into());
    d.claims[0].citations.push(reid);
    let f = text.find("(Finley 1983)").unwrap();
    let mut finley = Citation::inline("Finley 1983", (f + 1, f + 12), CitationStyle::AuthorDate);
    finley.group = Some((f, f + 13));
    finley.resolution.source = Some("finley1983".into());
    let broke = d
        .claims
        .iter_mut()
        .find(|c| c.text.starts_with("It broke"))
        .unwrap();
    broke.citations.push(finley);
    let mut manual = Citation::inline("", (0, 0), CitationStyle::Pandoc);
    (manual.origin, manual.span, manual.marker) = (Origin::Manual, None, None);
    manual.resolution.source = Some("kwan1982".into());
    broke.citations.push(manual);
    let (out, report) = render(&d, &PandocOptions::for_path("essay.md"));
    assert_eq!(
        out,
        "---\nreference-section-title: 'References'\n---\n\n\
         It held.[^1] It broke. [@finley1983] [@kwan1982]\n\n[^1]: See @reid2012 [p. 46].\n"
    );
    assert_eq!(report.cited, ["reid2012", "finley1983", "kwan1982"]);
}

/// The same for a plain-text essay: a note's citation, held by the sentence carrying its
/// marker, is converted in the note, where it is written.
#[test]
fn a_plain_text_notes_citation_is_converted_in_the_note() {
    let text = "It held.[1] It broke.\n\nNotes\n\n[1] See Reid (2012, 46).\n";
    let mut d = essay::parse("essay.txt", text, &essay::Options::default());
    let s = text.find("Reid (2012, 46)").unwrap();
    let mut reid = Citation::inline("Reid (2012, 46)", (s, s + 15), CitationStyle::Narrative);
    reid.group = Some((s + 5, s + 15));
    reid.resolution.source = Some("reid2012".into());
    reid.locator = Some(Locator {
        label: LocatorLabel::Page,
        value: "46".into(),
        pages: vec![],
    });
    d.claims[0].citations.push(reid);
    let (out, report) = render(&d, &PandocOptions::default());
    assert!(out.contains("See @reid2012 [p. 46]."), "{out}");
    assert!(!out.contains("Reid (2012"), "{out}");
    assert_eq!(report.cited, ["reid2012"]);
}

#[test]
fn the_shipped_essay() {
    let d = example_document();
    let (out, report) = render(&d, &PandocOptions::default());
    assert!(out.starts_with(
        "---\ntitle: 'US-Korea Military Alliance'\nnocite: |\n  @history2014, @curtis1983, @finley1983, @kwan1982, @paik1990, @shin2010\n---\n\n\
         <!-- Skip to content -->\n\n<!-- Essay -->\n\nBy Daniel Oh\n\nThough the character"
    ), "{out}");
    for want in [
        "\n\n<!-- Table of Contents -->\n\n# Introduction\n\nFor over sixty years,",
        "hoped that the US would serve as a force for arbitration and aid [see @history2014, p. 24]. Unfortunately,",
        "supremacy in the Philippines [@history2014, p. 25]. Forty-five years later,",
        "what is still known today as a “Blood Alliance” [see @finley1983, p. 150].\n\nDespite",
        "binding forces of this broad alliance [@history2014, p. 60]. Unfortunately,",
        "neared \\$1.4B,",
        "\n\n# US-ROK Mutual Defense Treaty\n\n",
        "continues to grow in scope.\n\n# Recommended Readings\n\n::: {#refs}\n:::\n",
    ] {
        assert!(out.contains(want), "missing {want:?}");
    }
    assert!(
        out.ends_with(":::\n"),
        "nothing after the bibliography: {out}"
    );
    assert_eq!(report.cited, ["history2014", "finley1983"]);
    assert_eq!(report.listed.len(), 6);
    assert!(report.left.is_empty());
    // Apart from the citations, the bibliography and the debris, every word is the essay's.
    let words = |s: &str| s.split_whitespace().count();
    assert!(words(&out) > words(&d.text) - 200);
}
