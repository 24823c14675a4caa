//! Test data shared by the report and bibliography tests: the six readings of
//! `bibliography/readings.bib` as the `bib` module reads them, the example essay as
//! `essay::parse` reads it with ids assigned as the store would, its four citations as the
//! finder and resolver would attach them, and findings as `check` would report them.

use crate::essay::{self, Options};
use crate::model::{
    Citation, CitationStyle, ClaimId, ClaimKind, Document, Field, Finding, Person, Resolution,
    Rule, Severity, Source,
};
use crate::testing::page;

/// A field from its raw text inside braces; the plain value as `bib` decodes these simple
/// inputs: braces dropped, whitespace collapsed, TeX quotes and dashes decoded.
fn field(name: &str, inner: &str) -> Field {
    let value = inner
        .replace(['{', '}'], "")
        .replace("``", "“")
        .replace("''", "”")
        .replace("--", "–");
    Field {
        name: name.into(),
        raw: format!("{{{inner}}}"),
        value: value.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// A person; `given` empty and `corporate` true for a body.
pub(crate) fn person(family: &str, given: &str) -> Person {
    Person {
        family: family.into(),
        given: given.into(),
        ..Person::default()
    }
}

/// A source of `entry_type` with fields given as raw inner text and persons by role.
pub(crate) fn source(
    key: &str,
    entry_type: &str,
    fields: &[(&str, &str)],
    persons: Vec<(&str, Vec<Person>)>,
) -> Source {
    Source {
        key: key.into(),
        entry_type: entry_type.into(),
        fields: fields.iter().map(|(n, v)| field(n, v)).collect(),
        persons: persons
            .into_iter()
            .map(|(r, p)| (r.to_string(), p))
            .collect(),
        ..Source::default()
    }
}

/// The six entries of `bibliography/readings.bib`, as an import reads them.
pub(crate) fn readings() -> Vec<Source> {
    crate::testing::readings()
}

/// The essay's text, verbatim.
pub(crate) const ESSAY: &str = include_str!("../../../bibliography/us-korea-military-alliance.txt");

/// The path the essay is imported under.
pub(crate) const ESSAY_PATH: &str = "bibliography/us-korea-military-alliance.txt";

/// The essay as stored: units numbered 1.. in order, and its four inline citations resolved
/// (three to the Institute's history, one to Finley) with their page locators.
pub(crate) fn essay() -> Document {
    let mut doc = essay::parse(ESSAY_PATH, ESSAY, &Options::default());
    for (k, c) in doc.claims.iter_mut().enumerate() {
        c.id = Some(k as i64 + 1);
    }
    let cites: [(&str, &str, u32); 4] = [
        (
            "see The History of the ROK-US Alliance: 1953-2013, Seoul: Institute of Military History, 2014, 24",
            "history2014",
            24,
        ),
        (
            "The History of the ROK-US Alliance: 1953-2013, 25",
            "history2014",
            25,
        ),
        (
            "see James P. Finley, The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations, San Francisco: USFK, 150",
            "finley1983",
            150,
        ),
        (
            "The History of the ROK-US Alliance: 1953-2013, 60",
            "history2014",
            60,
        ),
    ];
    for (marker, key, p) in cites {
        let start = ESSAY.find(marker).expect("marker in the essay");
        let end = start + marker.len();
        let claim = doc
            .claims
            .iter_mut()
            .find(|c| c.kind == ClaimKind::Claim && c.start <= start && end <= c.end)
            .expect("a claim holds the marker");
        let mut cite = Citation::inline(marker, (start, end), CitationStyle::Note);
        cite.group = Some((start - 1, end + 1));
        cite.locator = Some(page(p));
        cite.resolution = Resolution {
            source: Some(key.to_string()),
            confidence: 0.9,
            candidates: vec![],
            reasons: vec!["title 1.00".into()],
        };
        claim.citations.push(cite);
    }
    doc
}

/// An `uncited-claim` finding on claim `id` of the essay.
pub(crate) fn uncited(doc: &Document, id: i64, reasons: &[&str]) -> Finding {
    let claim = doc.claims.iter().find(|c| c.id == Some(id)).unwrap();
    Finding {
        rule: Rule::UncitedClaim,
        severity: Severity::Warning,
        document: Some(doc.path.clone()),
        line: Some(claim.line),
        column: Some(claim.column),
        claim: Some(ClaimId(id)),
        source: None,
        message: "claim states a fact without a citation".into(),
        reasons: reasons.iter().map(|r| r.to_string()).collect(),
    }
}

/// The essay as the example report shows it: its claim c14 exempted by the user.
pub(crate) fn example_documents() -> Vec<Document> {
    let mut doc = essay();
    let c14 = doc.claims.iter_mut().find(|c| c.id == Some(14)).unwrap();
    c14.exempt = Some("the author's own summary".into());
    vec![doc]
}

/// Findings as `check` would report them on the example: three claims needing a citation,
/// a citation whose title differs from its source's, a publisher mismatch, and a finding
/// about the .bib file with no claim.
pub(crate) fn example_findings(doc: &Document) -> Vec<Finding> {
    let claim = |id: i64| doc.claims.iter().find(|c| c.id == Some(id)).unwrap();
    let at = |id: i64, rule: &str, source: &str, message: &str, reasons: &[&str]| Finding {
        rule: rule.parse().unwrap(),
        severity: Severity::Warning,
        document: Some(doc.path.clone()),
        line: Some(claim(id).line),
        column: Some(claim(id).column),
        claim: Some(ClaimId(id)),
        source: Some(source.into()),
        message: message.into(),
        reasons: reasons.iter().map(|r| r.to_string()).collect(),
    };
    vec![
        uncited(
            doc,
            21,
            &["a date: June 25th, 1950", "an event: the invasion"],
        ),
        at(
            22,
            "citation-mismatch",
            "finley1983",
            "the cited title differs from the source's",
            &[
                "title 0.78: 'The U.S. Experience in Korea' vs 'The US Military Experience in Korea'",
            ],
        ),
        at(
            19,
            "citation-mismatch",
            "history2014",
            "the citation names another publisher",
            &["'Institute of Military History' vs 'Institute for Military History'"],
        ),
        uncited(doc, 53, &["a figure: $2.3B", "a share: eight percent"]),
        uncited(doc, 54, &["a figure: $1.4B"]),
        Finding {
            rule: Rule::CitationMismatch,
            severity: Severity::Info,
            document: Some("bibliography/readings.bib".into()),
            line: Some(67),
            column: Some(3),
            claim: None,
            source: Some("shin2010".into()),
            message: "publisher looks misspelt".into(),
            reasons: vec!["'StanfordUniversity' is two words run together".into()],
        },
    ]
}

/// A short Markdown essay for whole-output tests: two sections, one citation, one claim
/// needing a citation, one exempt claim.
pub(crate) const SHORT: &str = "# Alliance\n\n## Origins\n\nThe treaty was signed in 1882 \
(Finley 1983, 150). It opened the country.\n\n## Aid\n\nAid totalled $2.3B in 1961. The \
author thinks this mattered.\n";

/// The short essay stored (ids 1..), with its citation resolved to Finley and its last claim
/// exempted; two of the readings; one `uncited-claim` finding.
pub(crate) fn short() -> (Vec<Document>, Vec<Source>, Vec<Finding>) {
    let mut doc = essay::parse("short.md", SHORT, &Options::default());
    for (k, c) in doc.claims.iter_mut().enumerate() {
        c.id = Some(k as i64 + 1);
    }
    let marker = "Finley 1983, 150";
    let start = SHORT.find(marker).unwrap();
    let claim = doc
        .claims
        .iter_mut()
        .find(|c| c.start <= start && start < c.end)
        .unwrap();
    let mut cite = Citation::inline(
        marker,
        (start, start + marker.len()),
        CitationStyle::AuthorDate,
    );
    cite.locator = Some(page(150));
    cite.resolution.source = Some("finley1983".into());
    claim.citations.push(cite);
    let last = doc.claims.last_mut().unwrap();
    last.exempt = Some("opinion".into());
    let aid = doc
        .claims
        .iter()
        .find(|c| c.text.starts_with("Aid totalled"))
        .and_then(|c| c.id)
        .unwrap();
    let finding = uncited(&doc, aid, &["a figure: $2.3B"]);
    let sources = readings()
        .into_iter()
        .filter(|s| s.key == "finley1983" || s.key == "paik1990")
        .collect();
    (vec![doc], sources, vec![finding])
}
