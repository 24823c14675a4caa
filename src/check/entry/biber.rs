//! The data-model table checked against the real client: entries of every type with several
//! sets of fields are written to a .bib file, `biber --tool --validate-datamodel` reads it, and
//! its "Missing mandatory field" warnings must be exactly the `missing ...` reasons of
//! `entry-invalid`. Skipped when biber is not installed, unless `ANNOBIB_REQUIRE_CLIENTS=1`
//! (CI), where a missing biber fails. Tool mode does not resolve `crossref`, so inheritance is
//! not part of this comparison (it has its own tests in `entry.rs`).

use std::collections::BTreeSet;
use std::process::Command;

use super::{Library, check, datamodel};
use crate::check::testing::source;
use crate::model::Source;

/// The field sets each type is tried with.
#[rustfmt::skip]
const FIELD_SETS: &[&[(&str, &str)]] = &[
    &[],
    &[("title", "T")],
    &[("author", "Doe, Jane"), ("title", "T"), ("date", "2014")],
    &[("editor", "Roe, Rick"), ("title", "T"), ("year", "2014")],
    &[("author", "Doe, Jane"), ("editor", "Roe, Rick"), ("title", "T"), ("booktitle", "B"), ("date", "2014")],
    &[("author", "Doe, Jane"), ("title", "T"), ("journal", "J"), ("date", "2014")],
    &[("title", "T"), ("url", "https://example.org"), ("date", "2014")],
    &[("author", "Doe, Jane"), ("title", "T"), ("school", "S"), ("type", "phdthesis"), ("year", "2014")],
    &[("author", "Doe, Jane"), ("title", "T"), ("number", "7"), ("date", "2014-13-40")],
];

fn entries() -> Vec<Source> {
    let aliases = datamodel::TYPE_ALIASES.iter().map(|(a, ..)| *a);
    let types = datamodel::TYPES
        .iter()
        .copied()
        .filter(|t| *t != "xdata")
        .chain(aliases);
    let mut out = Vec::new();
    for ty in types {
        for (n, fields) in FIELD_SETS.iter().enumerate() {
            out.push(source(&format!("{ty}{n}"), ty, fields));
        }
    }
    out
}

fn bib(entries: &[Source]) -> String {
    let mut out = String::new();
    for e in entries {
        out.push_str(&format!("@{}{{{},\n", e.entry_type, e.key));
        for f in &e.fields {
            out.push_str(&format!("  {} = {{{}}},\n", f.name, f.value));
        }
        out.push_str("}\n\n");
    }
    out
}

/// "Missing mandatory field 'author'" -> (key, "author");
/// "Missing mandatory field - one of 'date, year' must be defined" -> (key, "date|year").
fn biber_missing(log: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for line in log
        .lines()
        .filter(|l| l.contains("Missing mandatory field"))
    {
        let key = line
            .split("Entry '")
            .nth(1)
            .and_then(|r| r.split('\'').next());
        let quoted = line
            .split("field")
            .nth(1)
            .and_then(|r| r.split('\'').nth(1));
        if let (Some(key), Some(fields)) = (key, quoted) {
            out.insert((key.to_string(), fields.replace(", ", "|")));
        }
    }
    out
}

/// "missing author (...)" -> (key, "author"); "missing date or year (...)" -> (key, "date|year").
fn our_missing(entries: &[Source]) -> BTreeSet<(String, String)> {
    let library = Library::new(entries);
    let mut findings = Vec::new();
    check(&library, &mut findings);
    let mut out = BTreeSet::new();
    for f in findings {
        for r in f.reasons.iter().filter_map(|r| r.strip_prefix("missing ")) {
            let fields = r.split(" (").next().unwrap_or(r).replace(" or ", "|");
            out.insert((f.source.clone().unwrap_or_default(), fields));
        }
    }
    out
}

#[test]
fn mandatory_fields_agree_with_biber() {
    if !crate::testing::skips::client("biber") {
        return;
    }
    let entries = entries();
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("model.bib");
    std::fs::write(&input, bib(&entries)).expect("write .bib");
    let run = Command::new("biber")
        .current_dir(dir.path())
        .args(["--tool", "--validate-datamodel", "--nolog", "--output-file"])
        .arg(dir.path().join("out.bib"))
        .arg(&input)
        .output()
        .expect("run biber");
    let log =
        String::from_utf8_lossy(&run.stdout).to_string() + &String::from_utf8_lossy(&run.stderr);
    let theirs = biber_missing(&log);
    assert!(!theirs.is_empty(), "biber reported nothing:\n{log}");
    let ours = our_missing(&entries);
    let only_biber: Vec<_> = theirs.difference(&ours).collect();
    let only_ours: Vec<_> = ours.difference(&theirs).collect();
    assert!(
        only_biber.is_empty() && only_ours.is_empty(),
        "{} entries; only biber: {only_biber:?}\nonly annobib: {only_ours:?}",
        entries.len()
    );
    println!(
        "{} entries, {} missing-field findings agree with biber",
        entries.len(),
        ours.len()
    );
}
