//! `annobib check`: the example essay's expected findings, formats, exit codes.

use serde_json::Value;

use crate::util::{Env, repo};

fn findings(env: &Env, extra: &[&str]) -> Value {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let r = env.run(&args);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn the_example_essay_gives_the_expected_findings() {
    let env = Env::with_example();
    let v = findings(&env, &[]);
    let all = v["findings"].as_array().unwrap();
    let of = |rule: &str| -> Vec<&Value> { all.iter().filter(|f| f["rule"] == rule).collect() };

    let mismatches = of("citation-mismatch");
    assert_eq!(mismatches.len(), 2, "{mismatches:#?}");
    assert_eq!(mismatches[0]["source"], "history2014");
    assert!(mismatches[0]["reasons"][0].as_str().unwrap().contains(
        "publisher: cited 'Institute of Military History', library 'Institute for Military History'"
    ));
    assert_eq!(mismatches[1]["source"], "finley1983");
    assert!(
        mismatches[1]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("'U.S. Experience' vs 'US Military Experience'")
    );
    assert_eq!(
        (
            mismatches[1]["document"].as_str(),
            mismatches[1]["line"].as_u64()
        ),
        (Some("essay.txt"), Some(25))
    );

    let unused: Vec<&str> = of("unused-source")
        .iter()
        .map(|f| f["source"].as_str().unwrap())
        .collect();
    assert_eq!(unused, ["curtis1983", "kwan1982", "paik1990", "shin2010"]);
    assert!(of("unused-source").iter().all(|f| f["severity"] == "info"));

    let invalid = of("entry-invalid");
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0]["source"], "history2014");
    assert_eq!(
        (invalid[0]["document"].as_str(), invalid[0]["line"].as_u64()),
        (Some("readings.bib"), Some(12))
    );

    // Uncited dates and statistics, each with its reasons.
    let uncited = of("uncited-claim");
    let flagged = |needle: &str| {
        let text =
            std::fs::read_to_string(repo("bibliography/us-korea-military-alliance.txt")).unwrap();
        let at = text.find(needle).unwrap();
        let line = text[..at].matches('\n').count() as u64 + 1;
        uncited
            .iter()
            .find(|f| {
                f["line"].as_u64() == Some(line)
                    && f["reasons"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|r| r.as_str().unwrap().contains(needle))
            })
            .is_some()
    };
    for (needle, why) in [
        ("$2.3B", "money"),
        ("eight percent", "percentage"),
        ("June 18, 1953", "date"),
        ("October 1978", "month and year"),
        ("May 22, 1882", "date"),
    ] {
        assert!(
            flagged(needle),
            "{needle} ({why}) not flagged:\n{uncited:#?}"
        );
    }
    assert!(
        uncited
            .iter()
            .all(|f| f["claim"].as_str().unwrap().starts_with('c'))
    );
    assert!(
        uncited
            .iter()
            .all(|f| !f["reasons"].as_array().unwrap().is_empty())
    );

    assert_eq!(v["summary"]["total"].as_u64().unwrap() as usize, all.len());
    assert_eq!(v["summary"]["by_rule"]["citation-mismatch"], 2);
}

#[test]
fn exit_codes_follow_fail_on() {
    let env = Env::with_example();
    assert_eq!(env.run(&["check"]).code, 1, "warnings fail by default");
    assert_eq!(
        env.run(&["check", "--fail-on", "error"]).code,
        0,
        "no errors in the example"
    );
    assert_eq!(env.run(&["check", "--fail-on", "never"]).code, 0);
    assert_eq!(
        env.run(&["check", "--rule", "unused-source"]).code,
        0,
        "info only"
    );
    assert_eq!(
        env.run(&["check", "--rule", "unused-source", "--fail-on", "info"])
            .code,
        1
    );
    let r = env.fails(&["check", "--rule", "no-such-rule"], 2);
    assert!(r.stderr.contains("no such rule"), "{}", r.stderr);
    let r = env.fails(&["check", "missing.txt"], 2);
    assert!(r.stderr.contains("no document missing.txt"), "{}", r.stderr);
}

#[test]
fn short_format_is_one_located_line_per_finding() {
    let env = Env::with_example();
    let r = env.run(&["check", "--format", "short", "--rule", "citation-mismatch"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "essay.txt:25:521: warning[citation-mismatch]: citation text disagrees with history2014 in its publisher\n\
         essay.txt:25:1239: warning[citation-mismatch]: citation text disagrees with finley1983 in its title\n"
    );
}

#[test]
fn text_format_groups_by_file_and_ends_with_a_summary() {
    let env = Env::with_example();
    let r = env.run(&["check"]);
    assert!(r.stdout.starts_with("essay.txt\n"), "{}", r.stdout);
    assert!(r.stdout.contains("\nreadings.bib\n"), "{}", r.stdout);
    assert!(
        r.stdout
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .ends_with("4 info"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('\u{1b}'));
    let coloured = env.run(&["--color", "always", "check"]);
    assert!(coloured.stdout.contains("\u{1b}["));
}

#[test]
fn exemptions_and_paragraph_scope_change_what_is_uncited() {
    let env = Env::with_example();
    let count = |env: &Env, extra: &[&str]| {
        findings(env, extra)["summary"]["by_rule"]["uncited-claim"]
            .as_u64()
            .unwrap_or(0)
    };
    let sentence = count(&env, &[]);
    let paragraph = count(&env, &["--scope", "paragraph"]);
    assert!(paragraph < sentence, "{paragraph} < {sentence}");
    let first = findings(&env, &["--rule", "uncited-claim"])["findings"][0]["claim"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["exempt", &first, "--reason", "common knowledge"]);
    assert_eq!(count(&env, &[]), sentence - 1);
    // The exemption survives a re-import of the (unchanged) essay.
    env.ok(&["import", "essay.txt"]);
    assert_eq!(count(&env, &[]), sentence - 1);
}

#[test]
fn summary_gives_coverage_per_section() {
    let env = Env::with_example();
    let r = env.run(&["check", "--summary", "--format", "json"]);
    let rows: Value = serde_json::from_str(&r.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let total = rows.iter().find(|r| r["total"] == true).unwrap();
    assert_eq!(total["claims"], 60);
    assert_eq!(total["cited"], 4);
    let sections: Vec<&str> = rows.iter().filter_map(|r| r["section"].as_str()).collect();
    assert!(
        sections.contains(&"US-ROK Mutual Defense Treaty"),
        "{sections:?}"
    );
    // Into a pipe: tab-separated rows under the column names; --width asks for the table.
    let tsv = env.run(&["check", "--summary"]).stdout;
    assert!(
        tsv.starts_with(
            "document\tsection\tclaims\tcited\tneeding\tuncited\tstrong\tmedium\tweak\texempt\n"
        ),
        "{tsv}"
    );
    assert!(tsv.contains("\t(all)\t60\t4\t"), "{tsv}");
    let table = env.run(&["--width", "120", "check", "--summary"]).stdout;
    assert!(
        table.contains("Need a") && table.contains("Strong"),
        "{table}"
    );
}

#[test]
fn a_page_outside_the_source_is_an_error() {
    let env = Env::new();
    env.write("refs.bib", "@article{reid2012, author = {Reid, Anna}, title = {A Title}, journaltitle = {J}, date = {2012}, pages = {33--57}}\n");
    env.write(
        "essay.md",
        "# Notes\n\nThe figure rose to 40 percent (Reid 2012, 80).\n",
    );
    env.ok(&["import", "refs.bib", "essay.md"]);
    let r = env.run(&["check", "--format", "short", "--rule", "page-out-of-range"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.starts_with("essay.md:3:"), "{}", r.stdout);
    assert!(
        r.stdout.contains("error[page-out-of-range]"),
        "{}",
        r.stdout
    );
}

#[test]
fn uncited_claims_come_strongest_first_with_their_strength() {
    let env = Env::with_example();
    let v = findings(&env, &[]);
    let all = v["findings"].as_array().unwrap();
    let essay: Vec<&Value> = all
        .iter()
        .filter(|f| f["document"] == "essay.txt")
        .collect();
    // In the essay's findings, the uncited claims come first...
    let first_other = essay
        .iter()
        .position(|f| f["rule"] != "uncited-claim")
        .unwrap_or(essay.len());
    assert!(
        essay[first_other..]
            .iter()
            .all(|f| f["rule"] != "uncited-claim")
    );
    // ...strongest first: strong before medium before weak, each message saying which, and
    // no finding speaking of a score.
    let rank = |f: &Value| {
        let m = f["message"].as_str().unwrap();
        assert!(!m.contains("score"), "{m}");
        ["(strong)", "(medium)", "(weak)"]
            .iter()
            .position(|w| m.contains(w))
            .unwrap_or_else(|| panic!("no strength in {m}"))
    };
    let ranks: Vec<usize> = essay[..first_other].iter().map(|f| rank(f)).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert!(!ranks.is_empty());
}

#[test]
fn min_confidence_sets_the_threshold() {
    let env = Env::with_example();
    let count = |extra: &[&str]| {
        findings(&env, extra)["summary"]["by_rule"]["uncited-claim"]
            .as_u64()
            .unwrap_or(0)
    };
    let default = count(&[]);
    let (low, high) = (
        count(&["--min-confidence", "0.05"]),
        count(&["--min-confidence", "0.95"]),
    );
    assert!(
        low > default && high < default,
        "{low} > {default} > {high}"
    );
    assert_eq!(count(&["--min-confidence", "0"]), 56, "every uncited claim");
    let r = env.fails(&["check", "--min-confidence", "1.5"], 2);
    assert!(r.stderr.contains("between 0 and 1"), "{}", r.stderr);
}

#[test]
fn summary_counts_strong_medium_and_weak() {
    let env = Env::with_example();
    let r = env.run(&["check", "--summary", "--format", "json"]);
    let rows: Value = serde_json::from_str(&r.stdout).unwrap();
    for row in rows.as_array().unwrap() {
        let n = |k: &str| row[k].as_u64().unwrap();
        assert_eq!(n("strong") + n("medium") + n("weak"), n("uncited"), "{row}");
    }
    let total = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["total"] == true)
        .unwrap();
    let uncited = findings(&env, &[])["summary"]["by_rule"]["uncited-claim"].clone();
    assert_eq!(total["uncited"], uncited);
    let table = env.run(&["check", "--summary"]).stdout;
    for column in ["strong", "medium", "weak"] {
        assert!(table.to_lowercase().contains(column), "{table}");
    }
}

/// Issue 9 finding 1: a sentence ending in an opening quotation mark (the quotation goes on in
/// the next paragraph) made `check` and `report` panic with exit 101.
#[test]
fn a_sentence_ending_in_an_opening_quotation_mark_is_checked() {
    let env = Env::new();
    env.write(
        "p.txt",
        "In 1953 the press called it “\n\nBlood Alliance” after.\n",
    );
    env.ok(&["import", "p.txt"]);
    for args in [&["check"][..], &["report"][..]] {
        let r = env.run(args);
        assert!(r.code == 0 || r.code == 1, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
    }
}
