//! The scorer's tests: signal detection one sentence a line, and the calibration run over the
//! labelled sets (`src/check/labelled.tsv`, `src/check/labelled-corpus.tsv`) that reports
//! precision and recall with every wrong case (`cargo test --lib check::need -- --nocapture`).

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::*;
use crate::cite;
use crate::essay;
use crate::model::{ClaimKind, Document};

const EXAMPLE: &str = include_str!("../../../bibliography/us-korea-military-alliance.txt");
const LABELLED: &str = include_str!("../labelled.tsv");
const LABELLED_CORPUS: &str = include_str!("../labelled-corpus.tsv");

fn kinds(text: &str) -> Vec<&'static str> {
    assess(text, None)
        .signals
        .iter()
        .map(|s| s.kind.as_str())
        .collect()
}

#[test]
fn signals_of_single_sentences() {
    #[rustfmt::skip]
    let cases: &[(&str, &[&str])] = &[
        ("Aid totaled an estimated $2.3B, or roughly eight percent of GNP.", &["money", "percentage", "comparison"]),
        ("The war caused an estimated 142,901 casualties.", &["count", "comparison", "causal"]),
        ("Sea levels may rise from two to four feet.", &["measurement"]),
        ("Temperatures dipped by less than 1°C.", &["measurement", "comparison"]),
        ("See Figure 6.5 and page 24 for the map.", &[]),
        ("1. Transportation systems.", &["short"]),
        ("The treaty was signed on October 1, 1953, in Washington.", &["date", "event"]),
        ("The Great Fire began on 2 September 1666 in London.", &["date", "event"]),
        ("A milestone occurred in October 1978 in Seoul.", &["month and year", "event"]),
        ("The staff was created in 1968.", &["year"]),
        ("Hurricanes have increased since the 1980s.", &["era", "causal"]),
        ("It accelerated in the mid-20th century.", &["era", "causal"]),
        ("Growth was slow until mid-March.", &["month", "short"]),
        ("He may return, as many March in protest.", &[]),
        ("The slogan was “Use It Up, Wear It Out.”", &["quotation"]),
        ("It is known as the “Blood Alliance” today.", &[]),
        ("Even today, senior US officials hail the alliance.", &["attribution"]),
        ("According to the report, prices fell.", &["attribution", "event", "causal"]),
        ("Rhee believed that a treaty would bind the US.", &["attribution"]),
        ("I believe that a treaty would help.", &["first person", "recommendation", "opinion"]),
        ("It remains the only nation that does so.", &["uniqueness"]),
        ("The first challenge is to reduce emissions.", &[]),
        ("The first case emerged in China.", &["uniqueness", "event"]),
        ("The season was the most active on record.", &["uniqueness"]),
        ("This essay argues that the treaty mattered.", &["author's framing"]),
        ("In conclusion, the treaty mattered.", &["author's framing", "short"]),
        ("It led many people to conclude that masks were useless.", &["causal"]),
        ("How did it come to this?", &["question"]),
        ("“Are we ready to respond?", &["quotation"]),
        ("Fossil fuels can be replaced by solar power.", &[]),
        ("The government must act now on emissions.", &["recommendation"]),
        ("The Union (2020) warns that emissions need to fall by 2050.", &["year", "attribution"]),
        ("Economists warned that tariffs would be costly.", &["attribution"]),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, want)| kinds(text) != *want)
        .map(|(text, want)| format!("{text}\n   want {want:?}\n    got {:?}", kinds(text)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn reasons_quote_the_words_in_a_writers_terms() {
    let need = assess(
        "After three years, an estimated 142,901 casualties on June 25th, 1950.",
        None,
    );
    let lines = need.reason_lines();
    for want in [
        "a statistic: '142,901 casualties'",
        "a date: 'June 25th, 1950'",
    ] {
        assert!(lines.iter().any(|l| l == want), "{lines:?}");
    }
    assert!(
        lines
            .iter()
            .all(|l| !l.contains("score") && !l.contains("0."))
    );
    assert!(need.needs_citation(THRESHOLD), "{need:?}");
    assert!((0.0..=1.0).contains(&need.probability));
    let framing = assess("This essay argues that the treaty mattered.", None);
    assert!(
        framing
            .reason_lines()
            .iter()
            .any(|l| l == "against: the author's framing: 'This essay'"),
        "{framing:?}"
    );
}

#[test]
fn masking_blanks_citation_markers() {
    let text = "Emissions rose (EPA, 2020).";
    let masked = mask(text, std::slice::from_ref(&(15..26)));
    assert_eq!(masked, "Emissions rose            .");
    assert!(!kinds(&masked).contains(&"year in a name"));
    assert!(kinds(text).contains(&"year in a name"));
    assert_eq!(
        mask("é (x)", std::slice::from_ref(&(3..6))).len(),
        "é (x)".len()
    );
}

/// One labelled sentence with what the scorer made of it.
struct Case {
    set: String,
    id: String,
    text: String,
    want: bool,
    need: Need,
}

/// The claims (kind `Claim`) of a parsed essay, scored as `check` scores them: with the
/// citations the finder sees in them, whose markers `assess_claim` blanks out.
fn scored_claims(doc: &Document) -> Vec<(String, Need)> {
    cited_claims(doc)
        .into_iter()
        .map(|(text, _, need)| (text, need))
        .collect()
}

/// The claims (kind `Claim`) of a parsed essay with whether they carry a citation and their
/// verdict, each scored at its position in its paragraph.
fn cited_claims(doc: &Document) -> Vec<(String, bool, Need)> {
    let positions = positions(&doc.claims);
    doc.claims
        .iter()
        .zip(positions)
        .filter(|(c, _)| c.kind == ClaimKind::Claim)
        .map(|(c, pos)| {
            let mut claim = c.clone();
            claim.citations = cite::find(&c.text);
            claim.citations.iter_mut().for_each(|m| m.shift(c.start));
            let cited = !claim.citations.is_empty();
            (c.text.clone(), cited, assess_claim(&claim, pos))
        })
        .collect()
}

fn label(s: &str) -> bool {
    match s {
        "need" => true,
        "none" => false,
        other => panic!("label must be need or none, not {other:?}"),
    }
}

fn rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn labelled_cases() -> Vec<Case> {
    let example = scored_claims(&essay::parse(
        "example",
        EXAMPLE,
        &essay::Options::default(),
    ));
    let mut cases = Vec::new();
    for row in rows(LABELLED) {
        let [lab, origin, text] = row[..] else {
            panic!("bad row {row:?}")
        };
        let (set, need) = match origin.strip_prefix("example:") {
            Some(n) => {
                let n: usize = n.parse().expect("example ordinal");
                let (claim, need) = &example[n - 1];
                assert_eq!(claim, text, "example claim {n} no longer reads as labelled");
                ("example", need.clone())
            }
            None => (
                "written",
                scored_claims(&essay::parse("w", text, &Default::default()))[0]
                    .1
                    .clone(),
            ),
        };
        cases.push(Case {
            set: set.into(),
            id: origin.into(),
            text: text.into(),
            want: label(lab),
            need,
        });
    }
    assert_eq!(
        cases.iter().filter(|c| c.set == "example").count(),
        example.len(),
        "every example claim is labelled"
    );
    let mut corpus: BTreeMap<&str, Vec<Vec<&str>>> = BTreeMap::new();
    for row in rows(LABELLED_CORPUS) {
        corpus.entry(row[0]).or_default().push(row);
    }
    for (file, labels) in corpus {
        let Some(text) = corpus_essay(file) else {
            crate::testing::skips::skipped(&format!(
                "../shared/corpus/essays/{file} is not present"
            ));
            continue;
        };
        let claims = scored_claims(&essay::parse(file, &text, &Default::default()));
        assert_eq!(
            claims.len(),
            labels.len(),
            "{file}: every claim is labelled"
        );
        for row in labels {
            let [_, n, sha8, lab, _why] = row[..] else {
                panic!("bad row {row:?}")
            };
            let n: usize = n.parse().expect("ordinal");
            let (claim, need) = &claims[n - 1];
            let got: String = Sha256::digest(claim.as_bytes())
                .iter()
                .take(4)
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(got, sha8, "{file} claim {n} changed: labels out of sync");
            cases.push(Case {
                set: file[..2].to_string(),
                id: format!("{file}:{n}"),
                text: claim.clone(),
                want: label(lab),
                need: need.clone(),
            });
        }
    }
    cases
}

fn corpus_essay(file: &str) -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared", "../../shared"]
        .iter()
        .map(|s| root.join(s).join("corpus/essays").join(file))
        .find_map(|p| std::fs::read_to_string(p).ok())
}

/// Precision, recall and counts of `need` predictions on the cases.
fn figures<'a>(cases: impl Iterator<Item = &'a Case>) -> (f64, f64, usize, usize, usize, usize) {
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    for c in cases {
        match (c.need.needs_citation(THRESHOLD), c.want) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => tn += 1,
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    (p, r, tp, fp, fn_, tn)
}

#[test]
fn calibration_on_labelled_sentences() {
    let cases = labelled_cases();
    let mut sets: Vec<&str> = cases.iter().map(|c| c.set.as_str()).collect();
    sets.dedup();
    println!(
        "needs-a-citation scorer, threshold {THRESHOLD}, {} labelled sentences",
        cases.len()
    );
    for set in sets.iter().copied().chain(["all"]) {
        let (p, r, tp, fp, fn_, tn) =
            figures(cases.iter().filter(|c| set == "all" || c.set == set));
        println!(
            "  {set:8} precision {p:.3}  recall {r:.3}  (tp {tp}, fp {fp}, fn {fn_}, tn {tn})"
        );
    }
    for c in cases
        .iter()
        .filter(|c| c.need.needs_citation(THRESHOLD) != c.want)
    {
        let kind = if c.want {
            "missed (labelled need)"
        } else {
            "false alarm (labelled none)"
        };
        println!(
            "  {kind} {} need {:.3}: {}\n      {}",
            c.id,
            c.need.probability,
            c.text,
            c.need.reason_lines().join("; ")
        );
    }
    // Floors a little under the figures reached (see docs/needs-citation.md), so a change
    // that costs more than a sentence or two fails here. The learned model reaches less on
    // these in-sample hand labels than the hand-weighted scorer tuned on them did (0.98 and
    // 0.89); it was never fitted to them.
    let (p, r, ..) = figures(cases.iter());
    assert!(
        p >= 0.87 && r >= 0.77,
        "overall precision {p:.3} recall {r:.3}"
    );
    for set in sets {
        let (p, r, ..) = figures(cases.iter().filter(|c| c.set == set));
        assert!(
            p >= 0.78 && r >= 0.70,
            "{set}: precision {p:.3} recall {r:.3}"
        );
    }
}

/// The example essay (never trained on), against issue 14's figures: every claim that states a
/// date, a number, a quotation or an attributed view is flagged (met); fewer claims reported
/// than the 38 of the hand-weighted scorer (35: the issue asks for at most 30, not yet met);
/// at most 3 false flags among the sentences labelled as needing none (the issue asks for at
/// most 1, not yet met). The floors are the figures reached, so a change that loses ground
/// fails here.
#[test]
fn example_essay_flags_what_it_states_and_little_else() {
    let doc = essay::parse("example", EXAMPLE, &essay::Options::default());
    let claims = cited_claims(&doc);
    let labels: Vec<bool> = rows(LABELLED)
        .filter(|r| r[1].starts_with("example:"))
        .map(|r| label(r[0]))
        .collect();
    assert_eq!(labels.len(), claims.len());
    let states = |n: &Need| {
        n.find(|k| {
            k.is_statistic()
                || matches!(
                    k,
                    SignalKind::FullDate
                        | SignalKind::MonthYear
                        | SignalKind::Year
                        | SignalKind::Quotation
                        | SignalKind::Attribution
                )
        })
        .is_some()
    };
    let mut report = Vec::new();
    let (mut missed, mut false_flags, mut reported) = (0, 0, 0);
    for (i, ((text, cited, need), want)) in claims.iter().zip(&labels).enumerate() {
        let flagged = need.needs_citation(THRESHOLD);
        reported += usize::from(flagged && !cited);
        let wrong = if states(need) && !flagged {
            missed += 1;
            "missed"
        } else if !want && flagged {
            false_flags += 1;
            "false flag"
        } else {
            continue;
        };
        report.push(format!(
            "{wrong} example:{} need {:.3}: {text}\n    {}",
            i + 1,
            need.probability,
            need.reason_lines().join("; ")
        ));
    }
    println!(
        "example: {reported} of {} claims reported, {missed} stating claims missed, {false_flags} false flags",
        claims.len()
    );
    assert!(
        missed == 0 && false_flags <= 3 && reported <= 35,
        "{reported} reported\n{}",
        report.join("\n")
    );
}

/// Bad input: a very long sentence, a sentence of digits, text with no sentence end, stray
/// quote marks. Each is scored in time linear in its length (ten times the text takes far
/// less than a hundred times as long) and never panics.
#[test]
fn hostile_sentences_are_scored_in_linear_time() {
    let unit = [
        "1953 142,901 $2.3B 8% “ ( ) – ",
        "Rhee believed the only treaty, signed in 1953, led to it ",
        "9999999999999999999999999999999999 ",
        "” \" « the most » “ according to ",
    ];
    for piece in unit {
        // Eight times the text: linear takes about 8x, quadratic 64x; the bound sits between.
        crate::testing::assert_linear_time(piece, 1000, 8, 24.0, |n| {
            let text = piece.repeat(n);
            crate::testing::seconds(|| {
                let need = assess_at(
                    &text,
                    Some("Conclusion"),
                    Position {
                        index: 3,
                        count: 4,
                        typical_words: 25.0,
                        name_share: 0.3,
                    },
                );
                assert!((0.0..=1.0).contains(&need.probability));
            })
        });
    }
}
