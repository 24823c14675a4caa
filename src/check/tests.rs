//! Tests of `run` and `coverage`: each document-level rule with passing and failing cases, the
//! example essay end to end against its readings, and the speed measurement (`--ignored`, run
//! it in release).

use std::time::Instant;

use super::testing::{READINGS, cite, link, number, readings, source, source_at};
use super::*;
use crate::essay;
use crate::model::{CitationStyle, ClaimKind};

const EXAMPLE: &str = include_str!("../../bibliography/us-korea-military-alliance.txt");

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
        .map(|f| (f.rule.clone(), f.claim.clone(), f.message.clone()))
        .collect()
}

#[test]
fn rule_ids_and_severities() {
    #[rustfmt::skip]
    let cases: &[(Rule, &str, Severity)] = &[
        (Rule::UncitedClaim, "uncited-claim", Severity::Warning),
        (Rule::UnresolvedCitation, "unresolved-citation", Severity::Warning),
        (Rule::AmbiguousCitation, "ambiguous-citation", Severity::Warning),
        (Rule::UnusedSource, "unused-source", Severity::Info),
        (Rule::PageOutOfRange, "page-out-of-range", Severity::Error),
        (Rule::MissingLocator, "missing-locator", Severity::Warning),
        (Rule::EntryInvalid, "entry-invalid", Severity::Warning),
        (Rule::DuplicateSource, "duplicate-source", Severity::Warning),
    ];
    for (rule, id, severity) in cases {
        assert_eq!((rule.id(), rule.severity()), (*id, *severity));
        assert_eq!(Rule::parse(id), Some(*rule));
    }
    assert_eq!(Rule::ALL.len(), cases.len());
    assert_eq!(Rule::parse("citation-mismatch"), None);
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
            .filter_map(|f| f.claim.clone())
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
fn uncited_claim_reasons_carry_the_score_and_signals() {
    let doc = parse("Aid totaled an estimated $2.3B by 1961.\n");
    let f = &run(&CheckInput::new(&[doc], &[]), &only(Rule::UncitedClaim))[0];
    assert_eq!(
        f.message,
        "claim needs a citation (score 1.00) and has none"
    );
    assert_eq!(f.reasons[0], "money: '$2.3B' (+0.55)");
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
            "essay.md:3:27 missing-locator",
            "essay.md:3:27 unresolved-citation",
            "essay.md:3:41 uncited-claim",
        ]
    );
    assert_eq!(worst(&findings), Some(Severity::Warning));
    assert!(fails(&findings, Severity::Warning));
    assert!(!fails(&findings, Severity::Error));
    assert!(!fails(&[], Severity::Info));
}

/// The example essay with its citations as the finder and resolver leave them.
fn example() -> (Document, Vec<Source>) {
    let mut doc = essay::parse(
        "us-korea-military-alliance.txt",
        EXAMPLE,
        &essay::Options::default(),
    );
    number(&mut doc);
    let history = [
        (
            "(see The History of the ROK-US Alliance: 1953-2013, Seoul: Institute of Military History, 2014, 24)",
            24,
        ),
        ("(The History of the ROK-US Alliance: 1953-2013, 25)", 25),
        ("(The History of the ROK-US Alliance: 1953-2013, 60)", 60),
    ];
    for (marker, page) in history {
        cite(
            &mut doc,
            marker,
            CitationStyle::Note,
            Some("history2014"),
            Some(page),
        );
    }
    cite(
        &mut doc,
        "(see James P. Finley, The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations, San Francisco: USFK, 150)",
        CitationStyle::Note,
        Some("finley1983"),
        Some(150),
    );
    let keys = [
        "history2014",
        "curtis1983",
        "finley1983",
        "kwan1982",
        "paik1990",
        "shin2010",
    ];
    let items: Vec<usize> = (0..doc.claims.len())
        .filter(|&i| doc.claims[i].kind == ClaimKind::Reference)
        .collect();
    assert_eq!(items.len(), keys.len(), "six reading-list items");
    for (i, key) in items.into_iter().zip(keys) {
        let item = doc.claims[i].text.clone();
        cite(&mut doc, &item, CitationStyle::Reference, Some(key), None);
    }
    (doc, readings())
}

/// The claim whose text starts with `prefix`, as its label.
fn label_of(doc: &Document, prefix: &str) -> String {
    let c = doc
        .claims
        .iter()
        .find(|c| c.text.starts_with(prefix))
        .unwrap_or_else(|| panic!("{prefix}"));
    claim_label(c.id.unwrap())
}

#[test]
fn example_essay_end_to_end() {
    let (doc, sources) = example();
    let project = [READINGS.to_string()];
    let docs = [doc];
    let input = CheckInput {
        project_files: &project,
        ..CheckInput::new(&docs, &sources)
    };
    let findings = run(&input, &CheckOptions::default());
    let doc = &docs[0];
    let of = |rule: &str| -> Vec<&Finding> { findings.iter().filter(|f| f.rule == rule).collect() };

    let unused: Vec<&str> = of("unused-source")
        .iter()
        .filter_map(|f| f.source.as_deref())
        .collect();
    assert_eq!(unused, ["curtis1983", "kwan1982", "paik1990", "shin2010"]);
    assert!(
        of("unused-source")
            .iter()
            .all(|f| f.message.contains("in the reading list"))
    );
    let invalid = of("entry-invalid");
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0].source.as_deref(), Some("history2014"));
    assert_eq!(
        invalid[0].message,
        "history2014 (@book) breaks biblatex's data model: missing author"
    );
    assert_eq!(
        (invalid[0].document.as_deref(), invalid[0].line),
        (Some(READINGS), Some(12))
    );
    for rule in [
        "unresolved-citation",
        "ambiguous-citation",
        "page-out-of-range",
        "missing-locator",
        "duplicate-source",
    ] {
        assert!(of(rule).is_empty(), "{rule}: {:?}", of(rule));
    }

    let uncited: Vec<String> = of("uncited-claim")
        .iter()
        .filter_map(|f| f.claim.clone())
        .collect();
    for needs in [
        "US economic assistance to the ROK from 1953-1961 totaled an estimated $2.3B",
        "A significant milestone in military cooperation occurred in October 1978",
        "As a means to disrupt this agreement, Rhee ordered the release",
        "The U.S-ROK Mutual Defense Treaty signed on October 1, 1953",
        "Even today, senior US government officials hail the alliance",
    ] {
        assert!(
            uncited.contains(&label_of(doc, needs)),
            "not flagged: {needs}"
        );
    }
    for framing in [
        "Though the character of US-Korean relations has evolved",
        "What makes the US-ROK Mutual Defense Treaty truly unique",
        "Despite the recognition of mutual sacrifice during the war",
        "Rather than a Patron-Client construct",
        // Cited in the text: covered by its own citation.
        "Forty-five years later",
    ] {
        assert!(
            !uncited.contains(&label_of(doc, framing)) || framing.starts_with("Forty"),
            "flagged: {framing}"
        );
    }
    let kinds_flagged: Vec<ClaimKind> = of("uncited-claim")
        .iter()
        .map(|f| {
            doc.claims
                .iter()
                .find(|c| f.claim == c.id.map(claim_label))
                .unwrap()
                .kind
        })
        .collect();
    assert!(kinds_flagged.iter().all(|k| *k == ClaimKind::Claim));
    for cited in [
        "As other world powers increasingly encroached",
        "After three years of fighting",
        "Anti-communism and the US",
    ] {
        assert!(
            !uncited.contains(&label_of(doc, cited)),
            "cited yet flagged: {cited}"
        );
    }
    println!(
        "example essay: {} findings, {} uncited claims",
        findings.len(),
        uncited.len()
    );
    for f in &findings {
        println!(
            "  {}:{}:{} {} {} {}",
            f.document.as_deref().unwrap_or("-"),
            f.line.unwrap_or(0),
            f.column.unwrap_or(0),
            f.rule,
            f.claim.as_deref().unwrap_or("-"),
            f.message
        );
    }

    // With the paragraph scope, a note at the paragraph's end covers the sentences before it.
    let para = run(
        &input,
        &CheckOptions {
            scope: Scope::Paragraph,
            ..only(Rule::UncitedClaim)
        },
    );
    let para: Vec<String> = para.iter().filter_map(|f| f.claim.clone()).collect();
    let covered = label_of(
        doc,
        "This treaty, signed on the deck of the USS. Ticonderoga",
    );
    assert!(uncited.contains(&covered) && !para.contains(&covered));
}

#[test]
fn example_essay_coverage() {
    let (doc, sources) = example();
    let docs = [doc];
    let rows = coverage(&CheckInput::new(&docs, &sources), &CheckOptions::default());
    let total = rows.last().unwrap();
    assert!(total.total && total.section.is_none());
    assert_eq!((total.claims, total.cited, total.exempt), (60, 4, 0));
    let uncited = run(&CheckInput::new(&docs, &sources), &only(Rule::UncitedClaim)).len() as u32;
    assert_eq!(total.uncited, uncited);
    assert!(total.needing >= total.uncited + 4 - 1);
    let sections: Vec<Option<&str>> = rows[..rows.len() - 1]
        .iter()
        .map(|r| r.section.as_deref())
        .collect();
    assert_eq!(
        sections,
        [
            None,
            Some("Introduction"),
            Some("US-ROK Mutual Defense Treaty"),
            Some("The US Military Commitment to the ROK"),
        ]
    );
    let summed: u32 = rows[..rows.len() - 1].iter().map(|r| r.claims).sum();
    assert_eq!(summed, total.claims);
    let json = serde_json::to_string(total).unwrap();
    assert!(json.contains("\"uncited\":"), "{json}");
}

/// `run` over a 1 MB essay (the example repeated) with 100k generated sources in scope.
/// `cargo test --release --lib check::tests::speed -- --ignored --nocapture`
#[test]
#[ignore]
fn speed_one_megabyte_and_100k_sources() {
    let (one, mut sources) = example();
    let copies = 1_000_000 / EXAMPLE.len() + 1;
    let text = EXAMPLE.repeat(copies);
    let mut doc = essay::parse("big.txt", &text, &essay::Options::default());
    number(&mut doc);
    // The example's citations, repeated in every copy at the same relative offsets.
    for (k, claim) in doc.claims.iter_mut().enumerate() {
        let base = &one.claims[k % one.claims.len()];
        let shift = claim.start - base.start;
        claim.citations = base.citations.clone();
        claim.citations.iter_mut().for_each(|c| c.shift(shift));
    }
    let types = [
        "book",
        "article",
        "incollection",
        "online",
        "collection",
        "misc",
        "thesis",
    ];
    for i in 0..100_000u32 {
        let ty = types[i as usize % types.len()];
        let title = format!("Generated Work Number {} on Topic {}", i / 3, i % 97);
        let year = (1900 + i % 120).to_string();
        let family = format!("Author{}", i % 5000);
        let mut f = vec![
            ("author", format!("{family}, A.")),
            ("title", title),
            ("date", year),
        ];
        if i % 11 == 0 {
            f.push(("doi", format!("10.1000/{}", i % 5000)));
        }
        if i % 13 == 0 {
            f.push(("pages", format!("{}--{}", i % 300, i % 300 + 20)));
        }
        let f: Vec<(&str, &str)> = f.iter().map(|(n, v)| (*n, v.as_str())).collect();
        sources.push(source_at("big.bib", i + 1, &format!("k{i}"), ty, &f));
    }
    let docs = [doc];
    let project = ["big.bib".to_string()];
    let input = CheckInput {
        project_files: &project,
        ..CheckInput::new(&docs, &sources)
    };
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let findings = run(&input, &CheckOptions::default());
    let elapsed = start.elapsed();
    let cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
    for rule in Rule::ALL {
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let n = run(&input, &only(rule)).len();
        let cpu = cpu_seconds().zip(cpu).map_or(f64::NAN, |(b, a)| b - a);
        let wall = start.elapsed().as_secs_f64();
        println!(
            "  {:20} {n:6} findings in {wall:.3} s ({cpu:.3} s CPU)",
            rule.id()
        );
    }
    let start = Instant::now();
    let rows = coverage(&input, &CheckOptions::default());
    let cov = start.elapsed();
    println!(
        "run: {:.1} KB essay ({} claims), {} sources: {} findings in {:.3} s ({} s on the CPU); coverage {} rows in {:.3} s",
        text.len() as f64 / 1024.0,
        docs[0].claims.len(),
        sources.len(),
        findings.len(),
        elapsed.as_secs_f64(),
        cpu.map_or("?".into(), |c| format!("{c:.3}")),
        rows.len(),
        cov.as_secs_f64()
    );
    if !cfg!(debug_assertions) {
        // On a shared machine the wall clock includes other processes' turns; the CPU time
        // this thread spent is the figure to hold.
        let spent = cpu.unwrap_or(elapsed.as_secs_f64());
        assert!(spent < 1.0, "run took {spent:.3} s of CPU");
    }
}

/// CPU time this thread has spent, from Linux's schedstat (nanoseconds), if readable.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
