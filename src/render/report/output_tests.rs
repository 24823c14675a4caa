//! Whole outputs of the short essay against reviewed files in `testdata/`, the JSON shape,
//! and the HTML page's promises: escaping, byte spans off character boundaries, orphaned
//! claims, status never shown by colour alone.

use super::fixtures::{example_documents, example_findings, readings, short};
use super::*;
use crate::model::{
    Citation, CitationStyle, Claim, ClaimKind, Document, Finding, Resolution, Rule, Severity,
    Source,
};
use crate::render::bibliography::Style;

const CSS: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// The page without its own inline script, for checks that nothing else is a script.
fn without_our_script(html: &str) -> String {
    let ours = format!("<script>\n{SCRIPT}</script>");
    assert_eq!(
        html.matches(&ours).count(),
        1,
        "the page has its one script"
    );
    html.replace(&ours, "")
}

fn short_report() -> (Report, Vec<Document>) {
    let (docs, sources, findings) = short();
    let report = Report::build(&docs, &sources, &findings, &FromFindings::new(&findings))
        .with_bibliography(&sources, Style::ChicagoNotes17)
        .unwrap();
    (report, docs)
}

fn render(format: ReportFormat, report: &Report, docs: &[Document]) -> String {
    let mut out = Vec::new();
    let opts = TableOptions {
        width: Some(100),
        color: false,
    };
    write(&mut out, format, report, docs, &opts).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn short_essay_as_tables() {
    let (r, docs) = short_report();
    assert_eq!(
        render(ReportFormat::Table, &r, &docs),
        include_str!("testdata/short.txt")
    );
}

#[test]
fn short_essay_as_markdown() {
    let (r, docs) = short_report();
    assert_eq!(
        render(ReportFormat::Markdown, &r, &docs),
        include_str!("testdata/short.md")
    );
}

#[test]
fn short_essay_as_html() {
    let (r, docs) = short_report();
    let html = render(ReportFormat::Html, &r, &docs);
    assert!(html.contains(CSS), "the stylesheet is inline");
    let html = html
        .replace(CSS, "/* report.css */\n")
        .replace(SCRIPT, "/* report.js */\n");
    if std::env::var("ANNOBIB_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/render/report/testdata/short.html"
        );
        std::fs::write(path, &html).unwrap();
        return;
    }
    assert_eq!(html, include_str!("testdata/short.html"));
}

#[test]
fn json_has_the_documented_shape() {
    let (r, docs) = short_report();
    let json = render(ReportFormat::Json, &r, &docs);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    // Top-level keys in the documented order (serde_json's map sorts them: read the text).
    let mut keys: Vec<(usize, &str)> = v
        .as_object()
        .unwrap()
        .keys()
        .map(|k| (json.find(&format!("\n  \"{k}\": ")).unwrap(), k.as_str()))
        .collect();
    keys.sort();
    let keys: Vec<&str> = keys.into_iter().map(|(_, k)| k).collect();
    assert_eq!(
        keys,
        [
            "documents",
            "totals",
            "sections",
            "claims",
            "sources",
            "uncited",
            "unresolved",
            "findings",
            "bibliography"
        ]
    );
    assert_eq!(v["totals"]["coverage"], 0.5);
    assert_eq!(v["sections"][1]["section"], "Aid");
    assert_eq!(v["sections"][1]["counts"]["needs_citation"], 1);
    assert_eq!(v["claims"][0]["id"], "c3");
    assert_eq!(v["claims"][0]["status"], "cited");
    assert_eq!(v["claims"][2]["status"], "needs-citation");
    assert_eq!(v["claims"][0]["sources"][0], "finley1983");
    assert_eq!(v["sources"][0]["cited_at"][0]["locator"], "p. 150");
    assert_eq!(v["uncited"][0]["reasons"][0], "a figure: $2.3B");
    assert_eq!(v["findings"][0]["rule"], "uncited-claim");
    assert_eq!(v["bibliography"]["style"], "chicago-notes-17");
    assert_eq!(v["bibliography"]["entries"][0]["key"], "finley1983");
    assert!(
        v["bibliography"]["entries"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Finley, James P. The US Military Experience")
    );
}

#[test]
fn empty_parts_say_so_and_many_documents_get_a_column() {
    let (docs, sources, _) = short();
    let mut second = docs[0].clone();
    second.path = "second.md".into();
    second
        .claims
        .iter_mut()
        .for_each(|c| c.id = c.id.map(|i| i + 100));
    let docs = vec![docs[0].clone(), second];
    let r = Report::build(&docs, &sources, &[], &FromFindings::default());
    let text = render(ReportFormat::Table, &r, &docs);
    assert!(text.contains("\nNo claim needs a citation.\n"), "{text}");
    assert!(text.contains("\nNo findings.\n"), "{text}");
    assert!(text.contains("│ Document "), "{text}");
    assert!(text.contains("│ second.md "), "{text}");
    assert!(!text.contains("Annotated bibliography"), "{text}");
}

/// A one-paragraph document whose text, titles, notes, keys and messages all carry markup.
fn hostile() -> (Vec<Document>, Vec<Source>, Vec<Finding>) {
    let text = "Rulers <script>alert(1)</script> said \"yes\" & left [k\"x]. Next <b>bold</b>.";
    let marker = "[k\"x]";
    let start = text.find(marker).unwrap();
    let first_end = text.find(". ").unwrap() + 1;
    let mut cite = Citation::inline(marker, (start, start + marker.len()), CitationStyle::Pandoc);
    cite.resolution = Resolution {
        source: Some("k\"><script>".into()),
        ..Resolution::default()
    };
    let mut manual = Citation::inline("", (0, 0), CitationStyle::Note);
    manual.span = None;
    manual.marker = None;
    manual.style = None;
    manual.origin = crate::model::Origin::Manual;
    manual.note = Some("<img src=x onerror=alert(2)>".into());
    manual.quote = Some("</li><script>".into());
    manual.resolution.candidates = vec!["<a>".into()];
    let claim = |id: i64, start: usize, end: usize, citations: Vec<Citation>| Claim {
        id: Some(id),
        kind: ClaimKind::Claim,
        paragraph: 1,
        sentence: id as u32,
        start,
        end,
        line: 1,
        column: start as u32 + 1,
        text: text[start..end].to_string(),
        citations,
        ..Claim::default()
    };
    let doc = Document {
        path: "<evil>.md".into(),
        title: Some("<script>alert(3)</script>".into()),
        text: text.to_string(),
        claims: vec![
            claim(1, 0, first_end, vec![cite, manual]),
            claim(2, first_end + 1, text.len(), vec![]),
        ],
        ..Document::default()
    };
    let source = super::fixtures::source(
        "k\"><script>",
        "book",
        &[
            ("title", "<script>alert(4)</script>"),
            ("annotation", "<iframe src=x></iframe>"),
            ("date", "2000"),
        ],
        vec![],
    );
    // Not `uncited-claim`, whose note shows the reasons and not the message (which repeats
    // them): here both must show, escaped.
    let finding = Finding {
        rule: Rule::CitationMismatch,
        severity: Severity::Error,
        document: Some("<evil>.md".into()),
        line: Some(1),
        column: Some(1),
        claim: Some(crate::model::ClaimId(2)),
        source: Some("k\"><script>".into()),
        message: "<script>alert(5)</script>".into(),
        reasons: vec!["<svg onload=alert(6)>".into()],
    };
    (vec![doc], vec![source], vec![finding])
}

#[test]
fn html_escapes_every_user_text() {
    let (docs, sources, findings) = hostile();
    let r = Report::build(&docs, &sources, &findings, &FromFindings::new(&findings))
        .with_bibliography(&sources, Style::Apa)
        .unwrap();
    let html = without_our_script(&render(ReportFormat::Html, &r, &docs));
    for bad in [
        "<script", "<img", "<iframe", "<svg", "<b>", "<evil>", "<rule>", "<a>",
    ] {
        assert!(!html.contains(bad), "{bad} in\n{html}");
    }
    for shown in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "said &quot;yes&quot; &amp; left",
        "&lt;b&gt;bold&lt;/b&gt;",
        "&lt;script&gt;alert(3)&lt;/script&gt;",
        "&lt;script&gt;alert(4)&lt;/script&gt;",
        "&lt;iframe src=x&gt;&lt;/iframe&gt;",
        "&lt;script&gt;alert(5)&lt;/script&gt;",
        "&lt;svg onload=alert(6)&gt;",
        "&lt;img src=x onerror=alert(2)&gt;",
        "“&lt;/li&gt;&lt;script&gt;”",
        "“&lt;/li&gt;&lt;script&gt;”",
        "title=\"k&quot;&gt;&lt;script&gt;: ",
    ] {
        assert!(html.contains(shown), "{shown} missing in\n{html}");
    }
    // The finding's note sits beside its claim and links to it.
    assert!(
        html.contains("<span class=\"head\"><a href=\"#c2\">c2</a>"),
        "{html}"
    );
}

#[test]
fn spans_off_character_boundaries_are_skipped_not_fatal() {
    let text = "Séoul était loin (Kim 2001). Überall «ici».";
    let mut doc = Document {
        path: "utf8.md".into(),
        text: text.into(),
        ..Document::default()
    };
    let first_end = text.find(". ").unwrap() + 1;
    let mut cite = Citation::inline("Kim 2001", (2, 5), CitationStyle::AuthorDate);
    // Byte 2 is inside "é": the marker cannot be shown, the note still is.
    cite.resolution.source = Some("kim2001".into());
    let mk = |id: i64, start: usize, end: usize| Claim {
        id: Some(id),
        kind: ClaimKind::Claim,
        paragraph: 1,
        start,
        end,
        text: text.get(start..end).unwrap_or("Überall «ici».").to_string(),
        ..Claim::default()
    };
    let mut first = mk(1, 0, first_end);
    first.citations.push(cite);
    // Claim 2 ends inside "«": it cannot be placed in the text and is listed after it.
    let second = mk(2, first_end + 1, text.len() - 2);
    doc.claims = vec![first, second];
    let r = Report::build(
        std::slice::from_ref(&doc),
        &[],
        &[],
        &FromFindings::default(),
    );
    let html = render(ReportFormat::Html, &r, std::slice::from_ref(&doc));
    assert!(
        html.contains("Séoul était loin (Kim 2001).<sup class=\"fn\">"),
        "{html}"
    );
    assert!(
        html.contains("<li id=\"n-1\"><a href=\"#c1\">c1</a>: kim2001: not in the library"),
        "{html}"
    );
    assert!(
        html.contains("<h3>Claims not in the current text</h3>"),
        "{html}"
    );
    assert!(
        html.contains("id=\"c2\" title=\"c2: no citation needed\">Überall «ici».</span>"),
        "{html}"
    );
}

#[test]
fn orphaned_claims_keep_an_anchor_after_the_text() {
    let (mut docs, sources, findings) = short();
    let c4 = docs[0].claims.iter_mut().find(|c| c.id == Some(4)).unwrap();
    c4.orphaned = true;
    c4.text = "It once opened the country.".into();
    let r = Report::build(&docs, &sources, &findings, &FromFindings::new(&findings));
    let html = render(ReportFormat::Html, &r, &docs);
    let list = &html[html.find("Claims not in the current text").unwrap()..];
    assert!(
        list.contains("id=\"c4\" title=\"c4: no citation needed\">It once opened the country.")
    );
    assert_eq!(html.matches("id=\"c4\"").count(), 1, "{html}");
}

#[test]
fn statuses_are_shown_by_icon_and_label_not_colour_alone() {
    let docs = example_documents();
    let findings = example_findings(&docs[0]);
    let r = Report::build(&docs, &readings(), &findings, &FromFindings::new(&findings));
    let html = render(ReportFormat::Html, &r, &docs);
    // Each status has its sign after the claim, and a claim with a finding links to its note.
    for (id, sign) in [
        ("c19", "✓<a href=\"#f-"),
        ("c21", "!<a href=\"#f-"),
        ("c14", "○c14</sup>"),
    ] {
        let at = html.find(&format!("id=\"{id}\"")).unwrap();
        let at = at + html[at..].find("<sup class=\"mark st-").unwrap();
        let end = at + html[at..].find("</sup>").unwrap() + "</sup>".len();
        let mark = &html[at..end];
        assert!(
            mark.contains(sign.trim_end_matches("</sup>")),
            "{id}: {mark}"
        );
    }
    for label in [
        "✓</sup> cited",
        "?</sup> cited, but no citation resolved",
        "○</sup> exempt",
    ] {
        assert!(html.contains(label), "legend lacks {label}");
    }
    for grade in ["strong", "medium", "weak"] {
        assert!(
            html.contains(&format!("<span class=\"claim g-{grade}\">{grade}")),
            "legend lacks {grade}"
        );
    }
    // Every claim has its anchor, and each finding about a claim links to it.
    for row in &r.claims {
        assert_eq!(
            html.matches(&format!("id=\"{}\"", row.id)).count(),
            1,
            "{}",
            row.id
        );
    }
    assert!(html.contains(
        "<span class=\"head\"><a href=\"#c53\">c53</a> <strong>Needs a citation</strong>"
    ));
    // Four citations, four notes, numbered in order.
    for n in 1..=4 {
        assert!(html.contains(&format!("<li id=\"n-{n}\">")), "note {n}");
    }
    assert!(!html.contains("n-5"));
    let html = without_our_script(&html);
    for external in ["<link", " src=", "@import", "url(", "<script"] {
        assert!(
            !html.contains(external),
            "the page loads nothing: {external}"
        );
    }
}
