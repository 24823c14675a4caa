//! A project (annobib.toml) keeps its library up to date by itself; a links file carries the
//! user's work from one library to another.

use std::process::Command;

use serde_json::Value;

use crate::util::{Env, Run, run_command};

/// Runs annobib inside the project folder `proj/`, finding its library as a user would.
fn in_project(env: &Env, args: &[&str]) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_annobib"));
    c.current_dir(env.path().join("proj"))
        .args(args)
        .env_remove("ANNOBIB_DB")
        .env("NO_COLOR", "1");
    run_command(c)
}

fn project() -> Env {
    let env = Env::new();
    env.copy("bibliography/readings.bib", "proj/readings.bib");
    env.copy(
        "bibliography/us-korea-military-alliance.txt",
        "proj/essay.txt",
    );
    env.write(
        "proj/annobib.toml",
        "bib = [\"readings.bib\"]\ndocuments = [\"essay.txt\"]\n",
    );
    env
}

#[test]
fn commands_bring_the_library_up_to_date_with_the_project_files() {
    let env = project();
    // No import step: the first command imports what the project lists.
    let r = in_project(&env, &["check", "--fail-on", "never", "--format", "short"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("readings.bib: 6 added"), "{}", r.stderr);
    assert!(r.stdout.contains("citation-mismatch"), "{}", r.stdout);
    assert!(env.path().join("proj/annobib.db").is_file());
    // Nothing changed: nothing is imported again.
    let r = in_project(&env, &["sources", "--format", "csv"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    // An edited file is imported again before the command runs.
    let text = env
        .read("proj/readings.bib")
        .replace("{StanfordUniversity Press}", "{Stanford University Press}");
    env.write("proj/readings.bib", text);
    let r = in_project(&env, &["source", "shin2010"]);
    assert!(
        r.stderr
            .contains("readings.bib: 0 added, 1 updated, 5 unchanged"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("Stanford University Press"),
        "{}",
        r.stdout
    );
}

/// Issue 9 finding 9: an essay listed under `bib` (or a .bib under `documents`) was
/// imported as whatever its content is, without a word about the project file.
#[test]
fn a_file_listed_under_the_wrong_heading_is_refused_naming_both() {
    let env = project();
    env.write(
        "proj/annobib.toml",
        "bib = [\"readings.bib\", \"essay.txt\"]\ndocuments = []\n",
    );
    let r = in_project(&env, &["sources"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("essay.txt is listed under `bib` in annobib.toml but is a plain-text essay: list it under `documents`"),
        "{}",
        r.stderr
    );
    assert!(!env.path().join("proj/annobib.db").exists());
    env.write(
        "proj/annobib.toml",
        "bib = []\ndocuments = [\"readings.bib\"]\n",
    );
    let r = in_project(&env, &["sources"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("under `documents`"), "{}", r.stderr);
    assert!(r.stderr.contains("list it under `bib`"), "{}", r.stderr);
}

#[test]
fn a_broken_project_file_stops_the_command_with_a_located_error() {
    let env = project();
    env.write("proj/readings.bib", "@book{bad, title = {Unclosed}\n");
    let r = in_project(&env, &["sources"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("readings.bib:1:"), "{}", r.stderr);
}

#[test]
fn links_exported_from_one_library_are_restored_in_another() {
    let env = Env::with_example();
    let claims: Value = serde_json::from_str(&env.ok(&["claims", "--format", "json"])).unwrap();
    let id = |needle: &str| -> String {
        claims
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["text"].as_str().unwrap().contains(needle))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let aid = id("$2.3B");
    let thesis = id("What makes the US-ROK Mutual Defense Treaty truly unique");
    env.ok(&[
        "link",
        &aid,
        "shin2010",
        "--page",
        "ch. 4",
        "--note",
        "aid, \"figures\", table 2",
    ]);
    env.ok(&["exempt", &thesis, "--reason", "the author's argument"]);
    for format in ["csv", "json"] {
        env.ok(&[
            "export",
            "links",
            "--inline",
            "--format",
            format,
            "-o",
            &format!("links.{format}"),
        ]);
    }

    // A new library where the essay was edited before import: ids differ, texts match.
    let other = Env::new();
    other.copy("bibliography/readings.bib", "readings.bib");
    let edited = format!("A new first line.\n\n{}", env.read("essay.txt"));
    other.write("essay.txt", edited);
    other.ok(&["import", "readings.bib", "essay.txt"]);
    for format in ["csv", "json"] {
        other.write(
            &format!("links.{format}"),
            env.read(&format!("links.{format}")),
        );
    }
    let r = other.run(&["import", "links.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "links.csv: 1 manual links and 1 exemptions restored, 10 inline citations skipped"
        ),
        "{}",
        r.stderr
    );
    // Restoring again (from JSON) changes nothing.
    other.ok(&["import", "links.json"]);
    let after: Value = serde_json::from_str(&other.ok(&["claims", "--format", "json"])).unwrap();
    let claim = |needle: &str| {
        after
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["text"].as_str().unwrap().contains(needle))
            .unwrap()
            .clone()
    };
    let a = claim("$2.3B");
    let manual: Vec<&Value> = a["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["origin"] == "manual")
        .collect();
    assert_eq!(manual.len(), 1, "{a:#}");
    assert_eq!(manual[0]["source"], "shin2010");
    assert_eq!(manual[0]["locator_label"], "chapter");
    assert_eq!(manual[0]["note"], "aid, \"figures\", table 2");
    assert_eq!(claim("truly unique")["exempt"], "the author's argument");
}

#[test]
fn links_that_cannot_be_placed_refuse_the_import() {
    let env = Env::with_example();
    env.write(
        "links.csv",
        "document,claim,text,origin,source,locator_label,locator,note,quote\n\
         essay.txt,c9999,No such sentence anywhere.,manual,finley1983,page,3,,\n\
         elsewhere.txt,c1,Text.,manual,finley1983,,,,\n",
    );
    let before = env.ok(&["claims", "--format", "json"]);
    let r = env.fails(&["import", "links.csv"], 2);
    assert!(
        r.stderr.contains("links.csv: record 1: c9999"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("links.csv: record 2: no document elsewhere.txt"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("2 links could not be restored; nothing was imported"),
        "{}",
        r.stderr
    );
    assert_eq!(env.ok(&["claims", "--format", "json"]), before);
    let r = env.fails(&["import", "bad.csv"], 2);
    assert!(r.stderr.contains("cannot read bad.csv"), "{}", r.stderr);
    env.write("bad.csv", "not,a,links\nfile\n");
    let r = env.fails(&["import", "bad.csv"], 2);
    assert!(
        r.stderr.contains("bad.csv: not a links file"),
        "{}",
        r.stderr
    );
}
