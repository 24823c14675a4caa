//! The report's data on the example essay, and on small cases that stress one rule each.

use super::fixtures::{example_documents, example_findings, readings};
use super::*;
use crate::model::{Citation, CitationStyle, Claim, ClaimKind, Document, Resolution};

fn example() -> Report {
    let docs = example_documents();
    let findings = example_findings(&docs[0]);
    Report::build(&docs, &readings(), &findings, &FromFindings::new(&findings))
}

fn counts(claims: usize, cited: usize, needs: usize, exempt: usize, not_needed: usize) -> Counts {
    let supported = cited + needs;
    Counts {
        claims,
        cited,
        unresolved: 0,
        needs_citation: needs,
        exempt,
        not_needed,
        coverage: (supported > 0)
            .then(|| (cited as f64 / supported as f64 * 1000.0).round() / 1000.0),
    }
}

#[test]
fn statuses_from_findings() {
    let finding = |claim: &str| crate::model::Finding {
        rule: UNCITED_RULE,
        severity: crate::model::Severity::Warning,
        document: None,
        line: None,
        column: None,
        claim: Some(claim.parse().unwrap()),
        source: None,
        message: String::new(),
        reasons: vec![],
    };
    let statuses = FromFindings::new(&[finding("c1"), finding("c2")]);
    let unresolved = Citation::inline("(Finley 1983)", (0, 13), CitationStyle::AuthorDate);
    let mut cited = unresolved.clone();
    cited.resolution.source = Some("finley1983".into());
    // (label, its citations: none, one resolved (true) or one unresolved (false), exempt, want)
    let cases = [
        ("c1", None, false, ClaimStatus::NeedsCitation),
        ("c1", Some(true), false, ClaimStatus::Cited),
        ("c1", Some(false), false, ClaimStatus::Unresolved),
        ("c2", None, true, ClaimStatus::Exempt),
        ("c3", None, false, ClaimStatus::NotNeeded),
        ("c3", Some(true), true, ClaimStatus::Cited),
        ("c3", Some(false), true, ClaimStatus::Exempt),
        ("c3", None, true, ClaimStatus::Exempt),
        ("c3", Some(false), false, ClaimStatus::Unresolved),
    ];
    for (label, has_citation, exempt, want) in cases {
        let claim = Claim {
            citations: match has_citation {
                Some(true) => vec![cited.clone()],
                Some(false) => vec![unresolved.clone()],
                None => vec![],
            },
            exempt: exempt.then(|| "known".to_string()),
            ..Claim::default()
        };
        assert_eq!(
            statuses.status(label, &claim),
            want,
            "{label} {has_citation:?} {exempt}"
        );
    }
}

#[test]
fn example_coverage_by_section() {
    let r = example();
    let rows: Vec<(Option<&str>, Counts)> = r
        .sections
        .iter()
        .map(|s| (s.section.as_deref(), s.counts))
        .collect();
    assert_eq!(
        rows,
        vec![
            (None, counts(1, 0, 0, 0, 1)),
            (Some("Introduction"), counts(8, 0, 0, 1, 7)),
            (
                Some("US-ROK Mutual Defense Treaty"),
                counts(29, 4, 1, 0, 24)
            ),
            (
                Some("The US Military Commitment to the ROK"),
                counts(22, 0, 2, 0, 20)
            ),
        ]
    );
    assert_eq!(r.totals, counts(60, 4, 3, 1, 52));
    assert_eq!(r.totals.coverage, Some(0.571));
    assert_eq!(r.documents.len(), 1);
    assert_eq!(r.documents[0].counts, r.totals);
    assert_eq!(
        r.documents[0].title.as_deref(),
        Some("US-Korea Military Alliance")
    );
    assert_eq!(r.claims.len(), 60);
}

#[test]
fn example_sources_by_use() {
    let r = example();
    let rows: Vec<(&str, usize, Vec<&str>, Vec<&str>)> = r
        .sources
        .iter()
        .map(|s| {
            (
                s.key.as_str(),
                s.citations,
                s.claims.iter().map(String::as_str).collect(),
                s.pages.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "history2014",
                3,
                vec!["c19", "c20", "c33"],
                vec!["p. 24", "p. 25", "p. 60"]
            ),
            ("finley1983", 1, vec!["c22"], vec!["p. 150"]),
            ("curtis1983", 0, vec![], vec![]),
            ("kwan1982", 0, vec![], vec![]),
            ("paik1990", 0, vec![], vec![]),
            ("shin2010", 0, vec![], vec![]),
        ]
    );
    let finley = &r.sources[1];
    assert_eq!(
        finley.title.as_deref(),
        Some("The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations")
    );
    assert_eq!(finley.creators, ["Finley, James P."]);
    assert_eq!(finley.year, Some(1983));
    assert!(finley.in_library);
}

#[test]
fn example_uncited_claims_carry_the_findings_reasons() {
    let r = example();
    let ids: Vec<&str> = r.uncited.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["c21", "c53", "c54"]);
    let c53 = &r.uncited[1];
    assert!(
        c53.text
            .starts_with("US economic assistance to the ROK from 1953-1961")
    );
    assert_eq!(
        c53.section.as_deref(),
        Some("The US Military Commitment to the ROK")
    );
    assert_eq!(c53.reasons, ["a figure: $2.3B", "a share: eight percent"]);
    assert_eq!(
        c53.message.as_deref(),
        Some("claim states a fact without a citation")
    );
    assert_eq!((c53.line, c53.column), (35, 1112));
    assert_eq!(r.findings.len(), 6);
    assert!(r.unresolved.is_empty());
}

/// A document with one paragraph of claims, each citing per `cites` (key, page), ids unset.
fn doc(path: &str, claims: &[&[(Option<&str>, Option<u32>)]]) -> Document {
    let mut text = String::new();
    let mut units = Vec::new();
    for (k, cites) in claims.iter().enumerate() {
        let start = text.len();
        text.push_str(&format!("Claim {k}. "));
        let citations = cites
            .iter()
            .map(|(key, page)| {
                let mut c = Citation::inline("x", (start, start + 1), CitationStyle::Pandoc);
                c.resolution = Resolution {
                    source: key.map(str::to_string),
                    candidates: if key.is_none() {
                        vec!["a".into(), "b".into()]
                    } else {
                        vec![]
                    },
                    ..Resolution::default()
                };
                c.locator = page.map(crate::testing::page);
                c
            })
            .collect();
        units.push(Claim {
            kind: ClaimKind::Claim,
            start,
            end: text.len() - 1,
            line: 1,
            column: start as u32 + 1,
            text: text[start..text.len() - 1].to_string(),
            citations,
            ..Claim::default()
        });
    }
    Document {
        path: path.into(),
        text,
        claims: units,
        ..Document::default()
    }
}

#[test]
fn unstored_claims_are_numbered_across_documents() {
    let docs = [doc("a.md", &[&[], &[]]), doc("b.md", &[&[]])];
    assert_eq!(claim_labels(&docs), [vec!["c1", "c2"], vec!["c3"]]);
    let r = Report::build(&docs, &[], &[], &FromFindings::default());
    let ids: Vec<&str> = r.claims.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);
    assert_eq!(
        r.sections.len(),
        2,
        "one row per document even with equal sections"
    );
}

#[test]
fn repeated_and_unknown_sources_and_unresolved_citations() {
    let docs = [doc(
        "a.md",
        &[
            &[
                (Some("smith2010"), Some(30)),
                (Some("smith2010"), Some(4)),
                (Some("smith2010"), Some(30)),
            ],
            &[(Some("gone1999"), None)],
            &[(None, Some(7))],
        ],
    )];
    let r = Report::build(&docs, &[], &[], &FromFindings::default());
    let smith = &r.sources[0];
    assert_eq!(smith.key, "smith2010");
    assert_eq!((smith.citations, smith.claims.len()), (3, 1));
    assert_eq!(smith.pages, ["p. 4", "p. 30"]);
    assert_eq!(smith.cited_at.len(), 3);
    let gone = &r.sources[1];
    assert_eq!(
        (gone.key.as_str(), gone.in_library, gone.title.as_deref()),
        ("gone1999", false, None)
    );
    assert_eq!(r.unresolved.len(), 1);
    assert_eq!(r.unresolved[0].claim, "c3");
    assert_eq!(r.unresolved[0].candidates, ["a", "b"]);
    assert_eq!(r.unresolved[0].locator.as_deref(), Some("p. 7"));
    // A claim cited only by an unresolved citation is not covered.
    assert_eq!((r.totals.cited, r.totals.unresolved), (2, 1));
    assert_eq!(r.totals.coverage, Some(0.667));
    assert_eq!(r.claims[2].status, ClaimStatus::Unresolved);
}

#[test]
fn orphaned_claims_are_listed_not_counted() {
    let mut d = doc("a.md", &[&[], &[(Some("k"), None)]]);
    d.claims[1].orphaned = true;
    let r = Report::build(&[d], &[], &[], &FromFindings::default());
    assert_eq!(r.totals, counts(1, 0, 0, 0, 1));
    assert_eq!(r.documents[0].orphaned, 1);
    assert!(r.claims[1].orphaned);
    assert_eq!(
        r.sources[0].claims,
        ["c2"],
        "its link still counts as a use"
    );
}

#[test]
fn bibliography_entries_know_where_they_are_cited() {
    let r = example()
        .with_bibliography(
            &readings(),
            crate::render::bibliography::Style::ChicagoNotes17,
        )
        .unwrap();
    let b = r.bibliography.as_ref().unwrap();
    let history = b.entries.iter().find(|e| e.key == "history2014").unwrap();
    let places: Vec<(&str, Option<&str>)> = history
        .cited_at
        .iter()
        .map(|c| (c.claim.as_str(), c.locator.as_deref()))
        .collect();
    assert_eq!(
        places,
        [
            ("c19", Some("p. 24")),
            ("c20", Some("p. 25")),
            ("c33", Some("p. 60"))
        ]
    );
    assert!(
        b.entries
            .iter()
            .find(|e| e.key == "paik1990")
            .unwrap()
            .cited_at
            .is_empty()
    );
}
