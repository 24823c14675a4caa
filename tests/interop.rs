//! Interop with the real clients: what annobib exports, they accept.

use std::process::Command;

use crate::util::{Env, client, repo, run_command};

/// Runs `bibtex` with `plain.bst` on `file.bib`, citing every key; returns its log.
fn run_bibtex(env: &Env, bib: &str) -> (i32, String) {
    env.write(
        "doc.aux",
        format!("\\citation{{*}}\n\\bibstyle{{plain}}\n\\bibdata{{{bib}}}\n"),
    );
    let mut c = Command::new("bibtex");
    c.current_dir(env.path()).arg("doc");
    let r = run_command(c);
    (r.code, format!("{}{}", r.stdout, r.stderr))
}

fn warnings(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.starts_with("Warning--") || l.contains("error message"))
        .collect()
}

#[test]
fn bibtex_accepts_the_exported_example_without_errors_or_warnings() {
    if !client("bibtex") {
        return;
    }
    let env = Env::new();
    env.copy("bibliography/readings.bib", "readings.bib");
    env.ok(&["import", "readings.bib"]);
    env.ok(&["export", "bibtex", "-o", "out.bib"]);
    let (code, log) = run_bibtex(&env, "out");
    assert_eq!(code, 0, "{log}");
    // The Institute's history has no author or editor in the reading list: plain.bst's
    // complaint about it is one the input deserves; nothing else may appear.
    let unexpected: Vec<&str> = warnings(&log)
        .into_iter()
        .filter(|w| !w.contains("history2014"))
        .collect();
    assert!(unexpected.is_empty(), "{log}");
    let bbl = env.read("doc.bbl");
    assert_eq!(bbl.matches("\\bibitem").count(), 6, "{bbl}");
    assert!(bbl.contains("Lexington Books"), "{bbl}");
}

#[test]
fn bibtex_accepts_every_exported_fixture() {
    if !client("bibtex") {
        return;
    }
    let dir = repo("tests/fixtures/valid");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let file = entry.unwrap().path();
        if file.extension().is_none_or(|e| e != "bib") {
            continue;
        }
        let env = Env::new();
        env.write("in.bib", std::fs::read(&file).unwrap());
        env.ok(&["import", "in.bib"]);
        env.ok(&["export", "bibtex", "-o", "out.bib"]);
        let (code, log) = run_bibtex(&env, "out");
        assert!(code <= 1, "{}: bibtex exit {code}\n{log}", file.display());
        assert!(
            !log.contains("error message"),
            "{}: bibtex errors\n{log}",
            file.display()
        );
    }
}
