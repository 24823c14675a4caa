//! The example essay end to end against its six readings (citations placed as the finder and
//! resolver leave them), its coverage table, and the speed measurement over a 1 MB essay with
//! 100k sources (`--ignored`: run it in release).

use std::time::Instant;

use super::super::testing::{READINGS, cite, number, readings, source_at};
use super::only;
use crate::check::*;
use crate::essay;
use crate::model::{CitationStyle, ClaimId, ClaimKind, claim_label};

const EXAMPLE: &str = include_str!("../../../bibliography/us-korea-military-alliance.txt");

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
    let keys = crate::testing::READING_KEYS;
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
    let of =
        |rule: &str| -> Vec<&Finding> { findings.iter().filter(|f| f.rule.id() == rule).collect() };

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
        .filter_map(|f| f.claim.map(|c| c.to_string()))
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
    ] {
        assert!(
            !uncited.contains(&label_of(doc, framing)),
            "flagged: {framing}"
        );
    }
    let kinds_flagged: Vec<ClaimKind> = of("uncited-claim")
        .iter()
        .map(|f| {
            doc.claims
                .iter()
                .find(|c| f.claim == c.id.map(ClaimId))
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
            f.claim.map_or("-".to_string(), |c| c.to_string()),
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
    let para: Vec<String> = para
        .iter()
        .filter_map(|f| f.claim.map(|c| c.to_string()))
        .collect();
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
    for &rule in Rule::ALL {
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

/// The finder and the resolver for real, then the rules: the essay's two citations whose text
/// disagrees with the reading list (the Finley title, the Institute's name) are reported with
/// both values; nothing else disagrees.
#[test]
fn citation_mismatches_of_the_example_essay() {
    use crate::cite::{ResolveOptions, cite_document, memindex::MemoryIndex};
    use crate::model::Candidate;
    let sources = readings();
    let index = MemoryIndex::new(sources.iter().map(Candidate::from_source).collect());
    let mut doc = essay::parse("essay.txt", EXAMPLE, &essay::Options::default());
    number(&mut doc);
    cite_document(&mut doc, &index, &ResolveOptions::default());
    let docs = [doc];
    let findings = run(
        &CheckInput::new(&docs, &sources),
        &only(Rule::CitationMismatch),
    );
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.source.as_deref().unwrap(), f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "history2014",
                "citation text disagrees with history2014 in its publisher"
            ),
            (
                "finley1983",
                "citation text disagrees with finley1983 in its title"
            ),
        ],
        "{findings:#?}"
    );
    assert!(
        findings[0].reasons[0].contains(
            "publisher: cited 'Institute of Military History', library 'Institute for Military History'"
        ),
        "{:?}",
        findings[0].reasons
    );
    assert!(
        findings[1].reasons[0].contains("'U.S. Experience' vs 'US Military Experience'"),
        "{:?}",
        findings[1].reasons
    );
    assert_eq!(findings[0].line, Some(25));
}
