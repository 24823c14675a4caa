//! Tests of `run`: each document-level rule with passing and failing cases, its ordering and
//! severity helpers. The example essay end to end, coverage and the speed measurement are in
//! `example.rs`.

mod example;

use super::testing::{cite, link, number, source, source_at};
use super::*;
use crate::essay;
use crate::model::CitationStyle;

fn parse(text: &str) -> Document {
    let mut doc = essay::parse("essay.md", text, &essay::Options::default());
    number(&mut doc);
    doc
}

fn only(rule: Rule) -> CheckOptions {
    CheckOptions {
        rules: vec![rule],
        ..CheckOptions::default()
    }
}

/// (rule, claim label, message) of every finding.
fn brief(findings: &[Finding]) -> Vec<(String, Option<String>, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule.id().to_string(),
                f.claim.map(|c| c.to_string()),
                f.message.clone(),
            )
        })
        .collect()
}

#[test]
fn rule_ids_and_severities() {
    #[rustfmt::skip]
    let cases: &[(Rule, &str, Severity)] = &[
        (Rule::UncitedClaim, "uncited-claim", Severity::Warning),
        (Rule::UnresolvedCitation, "unresolved-citation", Severity::Warning),
        (Rule::AmbiguousCitation, "ambiguous-citation", Severity::Warning),
        (Rule::CitationMismatch, "citation-mismatch", Severity::Warning),
        (Rule::UnusedSource, "unused-source", Severity::Info),
        (Rule::PageOutOfRange, "page-out-of-range", Severity::Error),
        (Rule::MissingLocator, "missing-locator", Severity::Warning),
        (Rule::EntryInvalid, "entry-invalid", Severity::Warning),
        (Rule::DuplicateSource, "duplicate-source", Severity::Warning),
        (Rule::ReferenceNumbering, "reference-numbering", Severity::Warning),
        (Rule::QuoteNotFound, "quote-not-found", Severity::Warning),
        (Rule::PageMismatch, "page-mismatch", Severity::Warning),
    ];
    for (rule, id, severity) in cases {
        assert_eq!((rule.id(), rule.severity()), (*id, *severity));
        assert_eq!(Rule::parse(id), Some(*rule));
    }
    assert_eq!(Rule::ALL.len(), cases.len());
    assert_eq!(Rule::parse("citation-mismatched"), None);
}

#[test]
fn uncited_claims() {
    let flagged = |text: &str, edit: &dyn Fn(&mut Document), scope: Scope| {
        let mut doc = parse(text);
        edit(&mut doc);
        let opts = CheckOptions {
            scope,
            ..only(Rule::UncitedClaim)
        };
        let findings = run(&CheckInput::new(&[doc], &[]), &opts);
        findings
            .iter()
            .filter_map(|f| f.claim.map(|c| c.to_string()))
            .collect::<Vec<_>>()
    };
    let none = &|_: &mut Document| {};
    let p = "Title\n\nThe treaty was signed on October 1, 1953. This essay argues it mattered. \
             Aid totaled $2.3B (Smith 1990, 4).\n";
    #[rustfmt::skip]
    type Edit<'a> = &'a dyn Fn(&mut Document);
    let cases: &[(&str, Edit, Scope, &[&str])] = &[
        (p, none, Scope::Sentence, &["c2", "c4"]),
        (
            p,
            &|d| {
                cite(
                    d,
                    "(Smith 1990, 4)",
                    CitationStyle::AuthorDate,
                    Some("s"),
                    Some(4),
                );
            },
            Scope::Sentence,
            &["c2"],
        ),
        (
            p,
            &|d| {
                cite(
                    d,
                    "(Smith 1990, 4)",
                    CitationStyle::AuthorDate,
                    Some("s"),
                    Some(4),
                );
            },
            Scope::Paragraph,
            &[],
        ),
        (
            p,
            &|d| d.claims[1].exempt = Some("common knowledge".into()),
            Scope::Sentence,
            &["c4"],
        ),
        (
            p,
            &|d| d.claims[1].orphaned = true,
            Scope::Sentence,
            &["c4"],
        ),
        (p, &|d| link(d, 1, "s"), Scope::Sentence, &["c4"]),
        (
            "# On the treaty signed on October 1, 1953\n\nIn conclusion, we must act.\n",
            none,
            Scope::Sentence,
            &[],
        ),
        (
            "References\n\nSmith, J. 1990. The Treaty of 1953. Seoul: Press.\n",
            none,
            Scope::Sentence,
            &[],
        ),
    ];
    for (text, edit, scope, want) in cases {
        assert_eq!(&flagged(text, *edit, *scope), want, "{text:?} {scope:?}");
    }
}

#[test]
fn uncited_claim_reasons_carry_the_strength_and_the_words() {
    let doc = parse("Aid totaled an estimated $2.3B by 1961.\n");
    let f = &run(&CheckInput::new(&[doc], &[]), &only(Rule::UncitedClaim))[0];
    assert!(
        f.message
            .starts_with("claim needs a citation and has none (medium): a sum of money: '$2.3B'")
            || f.message.starts_with(
                "claim needs a citation and has none (strong): a sum of money: '$2.3B'"
            ),
        "{}",
        f.message
    );
    assert_eq!(f.reasons[0], "a sum of money: '$2.3B'");
    assert!(
        f.reasons.iter().any(|r| r == "a date: 'by 1961'"),
        "{:?}",
        f.reasons
    );
    assert!(strength(f).is_some_and(|s| s >= need::Strength::Medium));
    assert_eq!(
        (f.document.as_deref(), f.line, f.column),
        (Some("essay.md"), Some(1), Some(1))
    );
}

#[test]
fn unresolved_and_ambiguous_citations() {
    let text = "Title\n\nPrices rose (Smith 1990). Wages fell (Jones 2001).\n";
    let run_with = |edit: &dyn Fn(&mut Document)| {
        let mut doc = parse(text);
        cite(
            &mut doc,
            "(Smith 1990)",
            CitationStyle::AuthorDate,
            None,
            None,
        );
        cite(
            &mut doc,
            "(Jones 2001)",
            CitationStyle::AuthorDate,
            Some("jones2001"),
            None,
        );
        edit(&mut doc);
        let opts = CheckOptions {
            rules: vec![Rule::UnresolvedCitation, Rule::AmbiguousCitation],
            ..CheckOptions::default()
        };
        brief(&run(&CheckInput::new(&[doc], &[]), &opts))
    };
    let unresolved = (
        "unresolved-citation".to_string(),
        Some("c2".to_string()),
        "citation '(Smith 1990)' matches no source in the library".to_string(),
    );
    assert_eq!(run_with(&|_| {}), [unresolved]);
    assert_eq!(run_with(&|d| link(d, 1, "smith1990")), []);
    let ambiguous = run_with(&|d| {
        d.claims[1].citations[0].resolution.candidates =
            vec!["smith1990a".into(), "smith1990b".into()];
    });
    assert_eq!(ambiguous[0].0, "ambiguous-citation");
    assert_eq!(
        ambiguous[0].2,
        "citation '(Smith 1990)' could be any of: smith1990a, smith1990b"
    );
}

#[test]
fn citation_findings_are_located_at_the_marker() {
    let mut doc = parse("Title\n\nFirst line,\nthen more (Smith 1990).\n");
    cite(
        &mut doc,
        "(Smith 1990)",
        CitationStyle::AuthorDate,
        None,
        None,
    );
    let f = &run(
        &CheckInput::new(&[doc], &[]),
        &only(Rule::UnresolvedCitation),
    )[0];
    assert_eq!((f.line, f.column), (Some(4), Some(11)));
}

#[test]
fn pages_out_of_range() {
    let chapter = |pages: &str, total: &str| {
        let mut f = vec![("author", "Doe, J."), ("title", "T")];
        if !pages.is_empty() {
            f.push(("pages", pages));
        }
        if !total.is_empty() {
            f.push(("pagetotal", total));
        }
        source("src", "incollection", &f)
    };
    #[rustfmt::skip]
    let cases: &[(&str, &str, u32, bool, bool)] = &[
        // source pages, pagetotal, cited page, cited roman, finding expected
        ("33--57", "", 40, false, false),
        ("33--57", "", 33, false, false),
        ("33--57", "", 57, false, false),
        ("33--57", "", 80, false, true),
        ("33-57", "", 12, false, true),
        ("1-10, 20-30", "", 25, false, false),
        ("1-10, 20-30", "", 15, false, true),
        ("xii--xv", "", 13, true, false),
        ("xii--xv", "", 20, true, true),
        ("33--57", "", 5, true, false),
        ("", "200", 150, false, false),
        ("", "200", 250, false, true),
        ("", "200", 250, true, false),
        ("", "", 999, false, false),
    ];
    for &(pages, total, page, roman, want) in cases {
        let mut doc = parse("Title\n\nPrices rose (Doe 2001, 5).\n");
        cite(
            &mut doc,
            "(Doe 2001, 5)",
            CitationStyle::AuthorDate,
            Some("src"),
            Some(page),
        );
        let loc = doc.claims[1].citations[0].locator.as_mut().unwrap();
        loc.pages[0].roman = roman;
        let sources = [chapter(pages, total)];
        let got = run(
            &CheckInput::new(&[doc], &sources),
            &only(Rule::PageOutOfRange),
        );
        assert_eq!(
            !got.is_empty(),
            want,
            "pages {pages:?} total {total:?} cited {page} roman {roman}"
        );
        if let Some(f) = got.first() {
            assert_eq!(
                (f.severity, f.source.as_deref()),
                (Severity::Error, Some("src"))
            );
        }
    }
}

#[test]
fn missing_locators() {
    #[rustfmt::skip]
    let cases: &[(&str, Option<u32>, Option<&str>)] = &[
        ("He said “we will not go back to that place” (Doe 2001).", None, Some("quotes")),
        ("Aid totaled $2.3B, eight percent of GNP (Doe 2001).", None, Some("states a statistic")),
        ("It caused 142,901 casualties (Doe 2001).", None, Some("states a statistic")),
        ("Aid totaled $2.3B, eight percent of GNP (Doe 2001).", Some(5), None),
        ("It is known as a “Blood Alliance” (Doe 2001).", None, None),
        ("The treaty mattered to both nations (Doe 2001).", None, None),
    ];
    for (sentence, page, want) in cases {
        let mut doc = parse(&format!("Title\n\n{sentence}\n"));
        cite(
            &mut doc,
            "(Doe 2001)",
            CitationStyle::AuthorDate,
            Some("doe2001"),
            *page,
        );
        let got = run(&CheckInput::new(&[doc], &[]), &only(Rule::MissingLocator));
        let what = got.first().map(|f| {
            f.message
                .rsplit("the claim ")
                .next()
                .unwrap_or_default()
                .to_string()
        });
        assert_eq!(what.as_deref(), *want, "{sentence}");
    }
}

#[test]
fn unused_sources_in_the_reading_list_and_the_project() {
    let text = "Title\n\nPrices rose (Doe 2001, 5).\n\nReferences\n\nDoe, J. 2001. Prices. Press.\n\nRoe, R. 1999. Wages. Press.\n";
    let sources = [
        source_at(
            "p.bib",
            1,
            "doe2001",
            "book",
            &[("author", "Doe, J."), ("title", "Prices"), ("date", "2001")],
        ),
        source_at(
            "p.bib",
            5,
            "roe1999",
            "book",
            &[("author", "Roe, R."), ("title", "Wages"), ("date", "1999")],
        ),
        source_at(
            "p.bib",
            9,
            "poe1980",
            "book",
            &[("author", "Poe, P."), ("title", "Rents"), ("date", "1980")],
        ),
        source_at(
            "other.bib",
            1,
            "zoe1970",
            "book",
            &[("author", "Zoe, Z."), ("title", "Land"), ("date", "1970")],
        ),
    ];
    let project = ["p.bib".to_string()];
    let check = |edit: &dyn Fn(&mut Document)| {
        let mut doc = parse(text);
        cite(
            &mut doc,
            "(Doe 2001, 5)",
            CitationStyle::AuthorDate,
            Some("doe2001"),
            Some(5),
        );
        cite(
            &mut doc,
            "Doe, J. 2001. Prices. Press.",
            CitationStyle::Reference,
            Some("doe2001"),
            None,
        );
        cite(
            &mut doc,
            "Roe, R. 1999. Wages. Press.",
            CitationStyle::Reference,
            Some("roe1999"),
            None,
        );
        edit(&mut doc);
        let docs = [doc];
        let input = CheckInput {
            project_files: &project,
            ..CheckInput::new(&docs, &sources)
        };
        run(&input, &only(Rule::UnusedSource))
            .into_iter()
            .map(|f| (f.source.unwrap(), f.document.unwrap(), f.message))
            .collect::<Vec<_>>()
    };
    let s = |k: &str, d: &str, m: &str| (k.to_string(), d.to_string(), m.to_string());
    assert_eq!(
        check(&|_| {}),
        [
            s(
                "roe1999",
                "essay.md",
                "roe1999 is in the reading list but no claim cites it"
            ),
            s(
                "poe1980",
                "p.bib",
                "poe1980 is in the project's bibliography but no claim cites it"
            ),
        ]
    );
    assert_eq!(
        check(&|d| {
            link(d, 1, "roe1999");
            link(d, 1, "poe1980");
        }),
        []
    );
}

#[test]
fn findings_are_sorted_and_severity_helpers() {
    let mut doc =
        parse("Title\n\nAid totaled $2.3B in 1961 (Smith 1990). It rose 40 percent in 1962.\n");
    cite(
        &mut doc,
        "(Smith 1990)",
        CitationStyle::AuthorDate,
        None,
        None,
    );
    let sources = [source_at("a.bib", 3, "x", "book", &[("title", "X")])];
    let findings = run(&CheckInput::new(&[doc], &sources), &CheckOptions::default());
    let order: Vec<String> = findings
        .iter()
        .map(|f| {
            let doc = f.document.as_deref().unwrap_or("-");
            format!(
                "{doc}:{}:{} {}",
                f.line.unwrap_or(0),
                f.column.unwrap_or(0),
                f.rule
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            "a.bib:3:1 entry-invalid",
            // A document's uncited claims first, then its other findings by line.
            "essay.md:3:41 uncited-claim",
            "essay.md:3:27 missing-locator",
            "essay.md:3:27 unresolved-citation",
        ]
    );
    assert_eq!(worst(&findings), Some(Severity::Warning));
    assert!(fails(&findings, Severity::Warning));
    assert!(!fails(&findings, Severity::Error));
    assert!(!fails(&[], Severity::Info));
}

#[test]
fn a_numbered_reference_list_with_gaps_or_duplicates_is_reported_once() {
    let item = |n: &str, who: &str| {
        format!("{n} {who}, “A Study of Alliances,” J. Hist. 5 (1990): 1–20.\n\n")
    };
    let who = [
        "J. P. Finley",
        "S. Paik",
        "G. Shin",
        "T. Kwan",
        "G. Curtis",
        "M. Seth",
        "E. Baker",
    ];
    // (the numbers the list gives its items, the finding's message or "")
    let cases: &[(&[&str], &str)] = &[
        (&["[1]", "[2]", "[3]"], ""),
        (
            &["[1]", "[2]", "[4]", "[5]"],
            "the numbered reference list skips 3",
        ),
        (
            &["[1]", "[2]", "[2]", "[3]"],
            "the numbered reference list gives 2 to two items or more",
        ),
        (
            &["[1]", "[3]", "[3]", "[7]"],
            "the numbered reference list skips 2, 4–6 and gives 3 to two items or more",
        ),
        (&["1.", "3.", "4."], "the numbered reference list skips 2"),
        (
            &["[2]", "[3]", "[4]"],
            "the numbered reference list skips 1",
        ),
    ];
    for (numbers, want) in cases {
        let mut text = "Title\n\nPrices rose [1]. Wages fell [2].\n\nReferences\n\n".to_string();
        for (i, n) in numbers.iter().enumerate() {
            text.push_str(&item(n, who[i]));
        }
        let mut doc = parse(&text);
        crate::cite::cite_document(
            &mut doc,
            &crate::cite::memindex::MemoryIndex::new(Vec::new()),
            &crate::cite::ResolveOptions::default(),
        );
        let got = run(
            &CheckInput::new(&[doc], &[]),
            &only(Rule::ReferenceNumbering),
        );
        let messages: Vec<&str> = got.iter().map(|f| f.message.as_str()).collect();
        let want: Vec<&str> = [*want].into_iter().filter(|w| !w.is_empty()).collect();
        assert_eq!(messages, want, "{numbers:?}");
        if let Some(f) = got.first() {
            assert!(!f.reasons.is_empty(), "{numbers:?}");
        }
    }
    // A list of author-date items carries no numbers and is never reported.
    let mut doc = parse(
        "Title\n\nPrices rose (Finley 1983).\n\nReferences\n\n\
         Finley, J. P. 1983. The US Military Experience. USFK.\n\n\
         Paik, S. 1990. US-Korean Security Relations. Seoul Press.\n",
    );
    crate::cite::cite_document(
        &mut doc,
        &crate::cite::memindex::MemoryIndex::new(Vec::new()),
        &crate::cite::ResolveOptions::default(),
    );
    assert!(
        run(
            &CheckInput::new(&[doc], &[]),
            &only(Rule::ReferenceNumbering)
        )
        .is_empty()
    );
}

#[test]
fn permute_puts_items_where_the_order_says() {
    // Every permutation of five items (120), each against a plain gather.
    let mut perms = vec![vec![]];
    for n in 0..5 {
        perms = perms
            .into_iter()
            .flat_map(|p: Vec<usize>| {
                (0..=n).map(move |at| {
                    let mut q = p.clone();
                    q.insert(at, n);
                    q
                })
            })
            .collect();
    }
    assert_eq!(perms.len(), 120);
    for order in perms {
        let items: Vec<String> = (0..5).map(|i| format!("f{i}")).collect();
        let want: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
        let mut got = items.clone();
        let mut used = order.clone();
        crate::check::permute(&mut got, &mut used);
        assert_eq!(got, want, "{order:?}");
    }
}
