//! Tests over whole essays: the example essay shipped in `bibliography/`, and the two APA
//! student essays of the shared corpus (read from `../shared` or `../../shared` beside the
//! package when present, skipped otherwise; they are not copied into the repository).
//!
//! Each table lists what a careful reader marks as citations in the essay body, in order, and
//! what each part of the closing reference list says. Also here: a linearity guard on hostile
//! input, and the 1 MB speed measurement (`--ignored`, run it in release).

use std::path::Path;
use std::time::{Duration, Instant};

use super::find;
use super::find::testing::show;
use super::reference::read_reference;

const EXAMPLE: &str = include_str!("../../bibliography/us-korea-military-alliance.txt");

/// A corpus essay's text, if the shared corpus sits beside the package (or its worktree).
fn corpus_essay(file: &str) -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared", "../../shared"]
        .iter()
        .map(|s| root.join(s).join("corpus/essays").join(file))
        .find_map(|p| std::fs::read_to_string(p).ok())
}

/// The essay body (before its list of sources) and the list's non-empty lines.
fn split_essay<'a>(text: &'a str, heading: &str) -> (&'a str, Vec<&'a str>) {
    let marker = format!("\n{heading}\n");
    let (body, list) = text
        .split_once(&marker)
        .expect("the essay has its list heading");
    let items = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (body, items)
}

/// Finds the citations of a body, checks them against `want` line by line, and checks that
/// finding line by line gives the same citations (the finder needs no context beyond a line).
fn check_body(body: &str, want: &[&str]) {
    let got: Vec<String> = find(body).iter().map(|c| show(body, c)).collect();
    assert_eq!(got, want, "citations of the essay body");
    let mut per_line = Vec::new();
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        for mut c in find(line) {
            c.shift(offset);
            per_line.push(show(body, &c));
        }
        offset += line.len();
    }
    assert_eq!(per_line, got, "line by line gives the same citations");
}

/// Reads each reference item whose text starts with the table's key and compares.
fn check_references(items: &[&str], want: &[(&str, &str)]) {
    assert_eq!(items.len(), want.len(), "one table line per reference item");
    for (item, (key, expected)) in items.iter().zip(want) {
        assert!(
            item.starts_with(key),
            "item {item:?} in table order, expected {key:?}"
        );
        let r = read_reference(item);
        let p = &r.parts;
        let got = format!(
            "a={}{} t={} pub={} y={}",
            p.authors.join(";"),
            if r.editors { " (eds)" } else { "" },
            p.title.as_deref().unwrap_or("-"),
            p.publisher.as_deref().unwrap_or("-"),
            p.year.as_deref().unwrap_or("-"),
        );
        assert_eq!(&got, expected, "reference {item:?}");
    }
}

#[test]
fn example_essay() {
    let (body, _) = split_essay(EXAMPLE, "Recommended Readings");
    check_body(
        body,
        &[
            r#"note "see The History of the ROK-US Alliance: 1953-2013, Seoul: Institute of Military History, 2014, 24" pre=see t=The History of the ROK-US Alliance: 1953-2013 pl=Seoul pub=Institute of Military History y=2014 loc=page 24"#,
            r#"note "The History of the ROK-US Alliance: 1953-2013, 25" t=The History of the ROK-US Alliance: 1953-2013 loc=page 25"#,
            r#"note "see James P. Finley, The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations, San Francisco: USFK, 150" pre=see a=James P. Finley t=The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations pl=San Francisco pub=USFK loc=page 150"#,
            r#"note "The History of the ROK-US Alliance: 1953-2013, 60" t=The History of the ROK-US Alliance: 1953-2013 loc=page 60"#,
        ],
    );
}

#[test]
#[rustfmt::skip]
fn apa_essay_climate_change() {
    let Some(text) = corpus_essay("01_openstax_slowing_climate_change.txt") else {
        crate::testing::skips::skipped("../shared/corpus/essays/01_openstax_slowing_climate_change.txt is not present");
        return;
    };
    let (body, items) = split_essay(&text, "References");
    check_body(
        body,
        &[
            r#"author-date "U.S. Global Change Research Program [USGCRP], 2014a" a=U.S. Global Change Research Program [USGCRP] y=2014a"#,
            r#"author-date "National Oceanic and Atmospheric Administration, 2020" a=National Oceanic and Atmospheric Administration y=2020"#,
            r#"narrative "Union of Concerned Scientists (2020)" a=Union of Concerned Scientists y=2020"#,
            r#"author-date "USGCRP, 2014b" a=USGCRP y=2014b"#,
            r#"author-date "U.S. Environmental Protection Agency [EPA], 2020" a=U.S. Environmental Protection Agency [EPA] y=2020"#,
            r#"author-date "Bourzac, 2020" a=Bourzac y=2020"#,
            r#"author-date "EPA, 2020" a=EPA y=2020"#,
            r#"author-date "Green America, 2020" a=Green America y=2020"#,
            r#"author-date "Lomborg, 2020" a=Lomborg y=2020"#,
            r#"author-date "Mulvaney, 2019" a=Mulvaney y=2019"#,
            r#"author-date "EPA, 2020" a=EPA y=2020"#,
            r#"author-date "Green America, 2020" a=Green America y=2020"#,
            r#"author-date "Biello, 2007" a=Biello y=2007"#,
            r#"author-date "Green America, 2020" a=Green America y=2020"#,
            r#"narrative "Dearn (2020)" a=Dearn y=2020"#,
            r#"author-date "Dearn, 2020" a=Dearn y=2020"#,
            r#"author-date "Green America, 2020" a=Green America y=2020"#,
        ],
    );
    check_references(
        &items,
        &[
            ("Biello", "a=Biello, D. t=Combatting climate change: Farming out global warming solutions pub=Scientific American y=2007"),
            ("Bourzac", "a=Bourzac, K. t=COVID-19 lockdowns had strange effects on air pollution across the globe pub=Chemical & Engineering News y=2020"),
            ("Dearn", "a=Dearn, G. t=Walmart said it will eliminate its carbon footprint by 2040 — but not for its supply chain, which makes up the bulk of its emissions pub=Business Insider y=2020"),
            ("Green America", "a=Green America t=Top 10 solutions to reverse climate change pub=- y=2020"),
            ("Lomborg", "a=Lomborg, B. t=The alarm about climate change is blinding us to sensible solutions pub=The Globe and Mail y=2020"),
            ("Mulvaney", "a=Mulvaney, K. t=Climate change report card: These countries are reaching targets pub=National Geographic y=2019"),
            ("National Oceanic", "a=National Oceanic and Atmospheric Administration t=Record-breaking Atlantic hurricane season draws to an end pub=- y=2020"),
            ("Union of Concerned", "a=Union of Concerned Scientists t=Climate solutions pub=- y=2020"),
            ("U.S. Environmental", "a=U.S. Environmental Protection Agency t=Sources of greenhouse gas emissions pub=Greenhouse Gas Emissions y=2020"),
            ("U.S. Global Change Research Program (2014a)", "a=U.S. Global Change Research Program t=Melting ice pub=National Climate Assessment y=2014a"),
            ("U.S. Global Change Research Program (2014b)", "a=U.S. Global Change Research Program t=Our changing climate pub=National Climate Assessment y=2014b"),
        ],
    );
}

#[test]
#[rustfmt::skip]
fn apa_essay_covid_response() {
    let Some(text) = corpus_essay("02_openstax_us_response_covid19.txt") else {
        crate::testing::skips::skipped("../shared/corpus/essays/02_openstax_us_response_covid19.txt is not present");
        return;
    };
    let (body, items) = split_essay(&text, "References");
    let goodman = r#"author-date "Goodman & Schulkin, 2020" a=Goodman;Schulkin y=2020"#;
    let ballhaus = r#"author-date "Ballhaus & Armour, 2020" a=Ballhaus;Armour y=2020"#;
    check_body(
        body,
        &[
            r#"author-date "“COVID-19 Coronavirus Pandemic,” 2021" t=COVID-19 Coronavirus Pandemic y=2021"#,
            goodman,
            goodman,
            r#"author-date "Sun, 2018, final para." a=Sun y=2018 loc=paragraph final"#,
            goodman,
            ballhaus,
            r#"author-date "Miller & Nakashima, 2020" a=Miller;Nakashima y=2020"#,
            r#"author-date "Swaine, 2020" a=Swaine y=2020"#,
            ballhaus,
            r#"author-date "Goodman & Schulkin, 2020, April 2, 2020" a=Goodman;Schulkin y=2020 loc=date April 2, 2020"#,
            goodman,
            r#"author-date "Branswell, 2020" a=Branswell y=2020"#,
        ],
    );
    check_references(
        &items,
        &[
            ("Ballhaus", "a=Ballhaus, R.;Armour, S. t=Health chief’s early missteps set back coronavirus response pub=Wall Street Journal y=2020"),
            ("Branswell", "a=Branswell, H. t=New research rewrites history of when COVID-19 took off in the U.S.—and points to missed chances to stop it pub=STAT y=2020"),
            ("COVID-19", "a= t=COVID-19 coronavirus pandemic pub=Worldometer y=2021"),
            ("Goodman", "a=Goodman, R.;Schulkin, D. t=Timeline of the coronavirus pandemic and U.S. response pub=Just Security y=2020"),
            ("Miller", "a=Miller, G.;Nakashima, E. t=President’s intelligence briefing book repeatedly cited virus threat pub=Washington Post y=2020"),
            ("Sun", "a=Sun, L. H. t=Top White House official in charge of pandemic response exits abruptly pub=Washington Post y=2018"),
            ("Swaine", "a=Swaine, J. t=Federal government spent millions to ramp up mask readiness, but that isn’t helping now pub=Washington Post y=2020"),
        ],
    );
}

/// Inputs built to make a careless scanner quadratic: unclosed delimiters, long runs without a
/// space before a year, endless LaTeX options. At 200 kB a quadratic pass takes minutes.
#[test]
fn hostile_input_stays_linear() {
    let n = 200_000;
    let inputs = [
        "(".repeat(n),
        "[@".repeat(n / 2),
        "x".repeat(n) + " (2019)",
        "Smith (2019) ".repeat(n / 13),
        "\\cite[".repeat(n / 6),
        "ibid. ".repeat(n / 6),
        "a(2019)".repeat(n / 7),
    ];
    let started = Instant::now();
    let found: usize = inputs.iter().map(|t| find(t).len()).sum();
    assert!(
        found >= n / 13 + n / 6,
        "the repeated citations are found ({found})"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

/// The example essay repeated to 1 MB: citations found in one call and line by line.
/// `cargo test --release --lib cite::essays::speed_on_one_megabyte -- --ignored --nocapture`
#[test]
#[ignore = "a measurement: run in release with --nocapture"]
fn speed_on_one_megabyte() {
    let copies = 1_000_000 / EXAMPLE.len() + 1;
    let text = EXAMPLE.repeat(copies);
    let started = Instant::now();
    let whole = find(&text).len();
    let one_call = started.elapsed();
    let started = Instant::now();
    let per_line: usize = text.lines().map(|l| find(l).len()).sum();
    let line_calls = started.elapsed();
    assert_eq!(whole, 4 * copies);
    assert_eq!(per_line, whole);
    eprintln!(
        "{} bytes, {whole} citations: one call {one_call:?}, line by line {line_calls:?}",
        text.len()
    );
    assert!(
        one_call < Duration::from_millis(100),
        "one call took {one_call:?}"
    );
}
