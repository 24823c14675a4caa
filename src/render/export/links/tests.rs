//! Links files: round trips through both formats, located errors, records from a document,
//! and finding a record's claim again.

use super::*;
use crate::model::{Citation, Locator, Origin};
use crate::render::export::testing::example_document;

fn record(claim: &str, origin: LinkOrigin, source: Option<&str>, note: Option<&str>) -> LinkRecord {
    LinkRecord {
        document: "essays/alliance.txt".into(),
        claim: claim.into(),
        text: "The treaty was signed, “in haste”.".into(),
        origin,
        source: source.map(str::to_string),
        locator: None,
        note: note.map(str::to_string),
        quote: None,
    }
}

/// Records whose cells hold everything CSV and JSON must quote or escape.
fn awkward() -> Vec<LinkRecord> {
    let mut a = record(
        "c12",
        LinkOrigin::Manual,
        Some("finley1983"),
        Some("casualties, \"Blood Alliance\"; see p. 150\nsecond line"),
    );
    a.locator = Some(LinkLocator {
        label: LocatorLabel::Page,
        value: "150–151".into(),
    });
    a.quote =
        Some("“an estimated 142,901 casualties”\r\nwith a CRLF, and 한국어 and emoji 🇰🇷".into());
    let mut b = record(
        "c3",
        LinkOrigin::Exempt,
        None,
        Some("  the thesis statement, argued below  "),
    );
    b.text = "Line one\nline two, with \"quotes\"".into();
    let mut c = record("c40", LinkOrigin::Inline, Some("history2014"), None);
    c.locator = Some(LinkLocator {
        label: LocatorLabel::Chapter,
        value: "IV".into(),
    });
    let mut d = record(
        "c41",
        LinkOrigin::Manual,
        Some("weird:key/1"),
        Some(",leading comma"),
    );
    d.document = "dir, with comma/essay \"v2\".md".into();
    vec![a, b, c, d]
}

fn write(format: LinkFormat, rows: &[LinkRecord]) -> String {
    let mut out = Vec::new();
    match format {
        LinkFormat::Csv => write_links_csv(&mut out, rows).unwrap(),
        LinkFormat::Json => write_links_json(&mut out, rows).unwrap(),
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn round_trips_in_both_formats() {
    for format in [LinkFormat::Csv, LinkFormat::Json] {
        let text = write(format, &awkward());
        assert_eq!(
            read_links(&text, format),
            Ok(awkward()),
            "{format:?}:\n{text}"
        );
        // Written again, the file is byte for byte the same (stable diffs in git).
        assert_eq!(write(format, &read_links(&text, format).unwrap()), text);
    }
}

#[test]
fn csv_has_a_header_and_quotes_only_what_needs_it() {
    let text = write(LinkFormat::Csv, &awkward()[2..3]);
    assert_eq!(
        text,
        "document,claim,text,origin,source,locator_label,locator,note,quote\n\
         essays/alliance.txt,c40,\"The treaty was signed, “in haste”.\",inline,history2014,chapter,IV,,\n"
    );
    assert_eq!(
        write(LinkFormat::Csv, &[]),
        "document,claim,text,origin,source,locator_label,locator,note,quote\n"
    );
    assert_eq!(read_links("", LinkFormat::Csv), Ok(vec![]));
    assert_eq!(read_links("[]", LinkFormat::Json), Ok(vec![]));
}

#[test]
fn json_leaves_absent_fields_out() {
    let text = write(LinkFormat::Json, &awkward()[1..2]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v[0]["origin"], "exempt");
    assert_eq!(v[0].get("source"), None);
    assert_eq!(v[0]["note"], "  the thesis statement, argued below  ");
}

#[test]
fn hand_written_csv_may_reorder_and_omit_columns() {
    let text = "\u{FEFF}origin,claim,document,source,text,locator\r\n\
                Manual, C7 ,essay.txt,finley1983,Some claim.,24\r\n\
                \r\n\
                exempt,c8,essay.txt,,Common knowledge.,\r\n";
    let got = read_links(text, LinkFormat::Csv).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].claim, "c7");
    assert_eq!(got[0].origin, LinkOrigin::Manual);
    assert_eq!(
        got[0].locator,
        Some(LinkLocator {
            label: LocatorLabel::Page,
            value: "24".into()
        })
    );
    assert_eq!(got[1].origin, LinkOrigin::Exempt);
    assert!(got[1].restores() && got[0].restores());
    assert!(!awkward()[2].restores());
}

#[test]
fn csv_errors_say_line_and_column() {
    const H: &str = "document,claim,text,origin,source,locator_label,locator,note,quote\n";
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        ("e.txt,c1,\"unclosed,manual,k,,,,\n",          "2:10: this quoted cell is never closed"),
        ("e.txt,c1,\"closed\"x,manual,k,,,,\n",         "2:18: text after a closing quote; double a quote inside a quoted cell (\"\")"),
        ("e.txt,c1,say \"hi\",manual,k,,,,\n",          "2:14: a quote inside an unquoted cell; quote the whole cell and double the quotes inside"),
        ("e.txt,c1,t,manul,k,,,,\n",                    "2:12: origin must be manual, inline or exempt, not 'manul'"),
        ("e.txt,12,t,manual,k,,,,\n",                   "2:7: a claim is written c12, not '12'"),
        ("e.txt,c1,t,manual,,,,,\n",                    "2:19: a link needs a source key"),
        ("e.txt,c1,t,exempt,k,,,why,\n",                "2:19: an exemption names no source"),
        ("e.txt,c1,t,manual,k,pg,24,,\n",               "2:21: 'pg' is not a locator label (page, chapter, section, note, folio, line, paragraph, volume, figure, date)"),
        ("e.txt,c1,t,manual,k,page,,,\n",               "2:26: a locator label without a locator"),
        ("e.txt,c1,t,exempt,,,,why,q\n",                "2:26: an exemption has no quote"),
        (",c1,t,manual,k,,,,\n",                        "2:1: the document is missing"),
        ("e.txt,c1,t,manual\n",                         "2:1: 4 cells, but the header has 9"),
        ("e.txt,c1,\"two\nlines\",manual,k,,,,\ne.txt,c2,t,bad,k,,,,\n", "4:12: origin must be manual, inline or exempt, not 'bad'"),
    ];
    for (rows, want) in cases {
        let err = read_links(&format!("{H}{rows}"), LinkFormat::Csv).unwrap_err();
        assert_eq!(err.to_string(), *want, "{rows:?}");
    }
    // Every problem at once, in file order.
    let err = read_links(
        &format!("{H}e.txt,x,t,manual,k,,,,\ne.txt,c2,t,,k,,,,\n"),
        LinkFormat::Csv,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "2:7: a claim is written c12, not 'x'\n3:12: the origin is missing (manual, inline or exempt)"
    );
    let err = read_links("document,claim,txt,origin\n", LinkFormat::Csv).unwrap_err();
    assert_eq!(
        err.to_string(),
        "1:16: unknown column 'txt' (expected document, claim, text, origin, source, locator_label, locator, note, quote)\n\
         1:1: the header has no 'text' column\n1:1: the header has no 'source' column"
    );
}

#[test]
fn json_errors_say_where() {
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        ("[{\"document\": \"e\",\n \"claim\": \"c1\",,}]", "2:16: key must be a string"),
        ("[{\"document\": \"e\", \"claim\": \"c1\", \"qoute\": \"x\"}]", "1:41: unknown field `qoute`, expected one of `document`, `claim`, `text`, `origin`, `source`, `locator_label`, `locator`, `note`, `quote`"),
        ("{}", "1:1: invalid type: map, expected a sequence"),
        ("[{\"document\": \"e\", \"claim\": \"c1\", \"origin\": \"manual\"}]", "record 1, source: a link needs a source key"),
        ("[{\"document\": \"e\", \"claim\": \"c1\", \"origin\": \"manual\", \"source\": \"k\"}, {\"claim\": \"c2\", \"origin\": \"exempt\"}]", "record 2, document: the document is missing"),
    ];
    for (text, want) in cases {
        let err = read_links(text, LinkFormat::Json).unwrap_err();
        assert_eq!(err.to_string(), *want, "{text}");
    }
}

#[test]
fn records_of_a_document() {
    let mut doc = example_document();
    let claim = doc
        .claims
        .iter()
        .position(|c| c.text.starts_with("Rhee was an ardent"))
        .unwrap();
    let mut manual = Citation::inline("", (0, 0), crate::model::CitationStyle::Note);
    manual.origin = Origin::Manual;
    manual.marker = None;
    manual.span = None;
    manual.style = None;
    manual.resolution.source = Some("finley1983".into());
    manual.locator = Some(Locator {
        label: LocatorLabel::Page,
        value: "150".into(),
        pages: vec![],
    });
    manual.note = Some("Rhee's anti-communism".into());
    manual.quote = Some(String::new());
    doc.claims[claim].citations.push(manual);
    doc.claims[claim + 1].exempt = Some("restates the sentence before".into());
    let unstored = doc.claims.len() - 1;
    doc.claims[unstored].id = None;
    doc.claims[unstored].exempt = Some("never stored".into());

    let show = |rs: &[LinkRecord]| -> Vec<String> {
        rs.iter()
            .map(|r| {
                format!(
                    "{} {} {}",
                    r.claim,
                    r.origin.as_str(),
                    r.source.as_deref().unwrap_or("-")
                )
            })
            .collect()
    };
    let mine = link_records(&doc, false);
    let id = doc.claims[claim].id.unwrap();
    assert_eq!(
        show(&mine),
        [
            format!("c{id} manual finley1983"),
            format!("c{} exempt -", id + 1)
        ]
    );
    assert_eq!(mine[0].text, doc.claims[claim].text);
    assert_eq!(
        mine[0].locator,
        Some(LinkLocator {
            label: LocatorLabel::Page,
            value: "150".into()
        })
    );
    assert_eq!(mine[0].quote, None, "an empty quote is no quote");
    assert_eq!(
        mine[1].note.as_deref(),
        Some("restates the sentence before")
    );
    assert_eq!(
        mine[0].document,
        "bibliography/us-korea-military-alliance.txt"
    );

    let all = link_records(&doc, true);
    let inline: Vec<&LinkRecord> = all
        .iter()
        .filter(|r| r.origin == LinkOrigin::Inline)
        .collect();
    // The four inline citations and the five stored reading-list items (the sixth has no id).
    assert_eq!(inline.len(), 9);
    assert_eq!(
        inline[0].locator,
        Some(LinkLocator {
            label: LocatorLabel::Page,
            value: "24".into()
        })
    );
}

#[test]
fn finds_claims_by_id_and_text_then_by_text() {
    let doc = example_document();
    let by_text = |t: &str| doc.claims.iter().find(|c| c.text.starts_with(t)).unwrap();
    let rhee = by_text("Rhee was an ardent");
    let mut rec = record(
        &claim_label(rhee.id.unwrap()),
        LinkOrigin::Manual,
        Some("finley1983"),
        None,
    );
    rec.text = rhee.text.clone();
    let id_of = |r: &LinkRecord| find_claim(&doc, r).map(|c| c.id.unwrap());
    assert_eq!(id_of(&rec), rhee.id, "same id, same text");
    rec.claim = "c999".into();
    assert_eq!(id_of(&rec), rhee.id, "id changed: found by text");
    rec.text = format!("  {}\n", rhee.text.replace(' ', "\n"));
    assert_eq!(id_of(&rec), rhee.id, "whitespace does not matter");
    rec.claim = "c1".into();
    assert_eq!(
        id_of(&rec),
        rhee.id,
        "an id whose text changed is not taken"
    );
    rec.text = "A sentence the essay no longer has.".into();
    assert_eq!(id_of(&rec), None);
    // The essay says this sentence twice: by text alone it is ambiguous.
    let twice = "Though the character of US-Korean relations has evolved over its one-hundred thirty year history, the US-ROK Military alliance has served as the foundation to the relationship since its existence.";
    assert_eq!(doc.claims.iter().filter(|c| c.text == twice).count(), 2);
    rec.text = twice.into();
    rec.claim = "c999".into();
    assert_eq!(id_of(&rec), None);
    let second = doc
        .claims
        .iter()
        .filter(|c| c.text == twice)
        .nth(1)
        .unwrap();
    rec.claim = claim_label(second.id.unwrap());
    assert_eq!(id_of(&rec), second.id, "the id settles it");
    rec.text = String::new();
    assert_eq!(id_of(&rec), second.id, "no text: the id alone");
}

/// Issue 9 finding 6: cells starting like a formula came out as written, so a spreadsheet
/// opening the file ran `=HYPERLINK(...)`. They get a leading `'` and read back as they were.
#[test]
fn formula_cells_are_defused_in_csv_and_read_back_exactly() {
    let mut rows = awkward();
    rows[0].text = "=HYPERLINK(\"http://x.example\",\"click\")".into();
    rows[0].note = Some("+cmd|' /C calc'!A0".into());
    rows[1].note = Some("@SUM(1+1)".into());
    rows[2].quote = Some("'=already quoted".into());
    rows[3].note = Some("-2 and \ttab".into());
    let text = write(LinkFormat::Csv, &rows);
    for cell in ["'=HYPERLINK(", "'+cmd|", "'@SUM(", "''=already", "'-2 and"] {
        assert!(text.contains(cell), "{cell} in\n{text}");
    }
    assert!(
        !text.contains(",=HYPERLINK") && !text.contains("\"=HYPERLINK"),
        "{text}"
    );
    assert_eq!(read_links(&text, LinkFormat::Csv), Ok(rows.clone()));
    // JSON is not a spreadsheet's: left as it is.
    let json = write(LinkFormat::Json, &rows);
    assert!(json.contains("\"=HYPERLINK("), "{json}");
}
