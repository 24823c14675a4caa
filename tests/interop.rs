//! Interop with the real clients: what annobib exports, they accept.

use std::process::Command;

use crate::util::{Env, client, run_command, valid_fixtures};

/// A library holding the fixture `file`, exported as `format` to `out.bib`.
fn exported(file: &std::path::Path, format: &str) -> Env {
    let env = Env::new();
    env.write("in.bib", std::fs::read(file).unwrap());
    env.ok(&["import", "in.bib"]);
    env.ok(&["export", format, "-o", "out.bib"]);
    env
}

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
    for file in valid_fixtures() {
        let env = exported(&file, "bibtex");
        let (code, log) = run_bibtex(&env, "out");
        assert!(code <= 1, "{}: bibtex exit {code}\n{log}", file.display());
        assert!(
            !log.contains("error message"),
            "{}: bibtex errors\n{log}",
            file.display()
        );
    }
}

fn pandoc(env: &Env, args: &[&str]) -> crate::util::Run {
    let mut c = Command::new("pandoc");
    c.current_dir(env.path()).args(args);
    run_command(c)
}

#[test]
fn pandoc_citeproc_renders_every_key_of_the_csl_json_export_without_warnings() {
    if !client("pandoc") {
        return;
    }
    let env = Env::with_example();
    env.ok(&["export", "csl-json", "-o", "refs.json"]);
    let keys = [
        "history2014",
        "curtis1983",
        "finley1983",
        "kwan1982",
        "paik1990",
        "shin2010",
    ];
    let cites: Vec<String> = keys.iter().map(|k| format!("[@{k}]")).collect();
    env.write("doc.md", format!("Text {}.\n", cites.join(" ")));
    let r = pandoc(
        &env,
        &[
            "--citeproc",
            "--bibliography=refs.json",
            "doc.md",
            "-t",
            "plain",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.trim().is_empty(), "pandoc warned: {}", r.stderr);
    for expected in [
        "Finley, James P. 1983. The US Military Experience in Korea, 1871-1982:",
        "Curtis, Gerald L., and Sung-joo Han, eds. 1983.",
        "Seoul: Institute\nfor Military History.",
    ] {
        assert!(
            r.stdout.contains(expected),
            "{expected:?} not in\n{}",
            r.stdout
        );
    }
    assert!(!r.stdout.contains("???"), "{}", r.stdout);
}

#[test]
fn pandoc_renders_the_markdown_export_of_the_essay_with_its_citations() {
    if !client("pandoc") {
        return;
    }
    let env = Env::with_example();
    env.ok(&["export", "csl-json", "-o", "refs.json"]);
    let r = env.run(&["export", "markdown", "essay.txt", "-o", "essay.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = env.read("essay.md");
    assert!(md.contains("[see @history2014, p. 24]"), "{md}");
    assert!(md.contains("@finley1983, p. 150]"), "{md}");
    let r = pandoc(
        &env,
        &[
            "--citeproc",
            "--bibliography=refs.json",
            "essay.md",
            "-t",
            "plain",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.trim().is_empty(), "pandoc warned: {}", r.stderr);
    let text = r.stdout;
    assert!(text.contains("(see Finley 1983, 150)"), "{text}");
    assert!(text.contains("2014, 24)"), "{text}");
    // The bibliography: every reading, cited or recommended.
    assert!(text.contains("Paik, Seung-gi. 1990."), "{text}");
    assert!(text.contains("Shin, Gi-Wook. 2010."), "{text}");
}

/// Runs `biber --tool --validate-datamodel` on `file.bib`; returns its WARN and ERROR lines.
fn biber_problems(env: &Env, bib: &str) -> Vec<String> {
    let mut c = Command::new("biber");
    c.current_dir(env.path())
        .args(["--tool", "--validate-datamodel", bib]);
    let r = run_command(c);
    assert_eq!(r.code, 0, "biber failed:\n{}{}", r.stdout, r.stderr);
    format!("{}{}", r.stdout, r.stderr)
        .lines()
        .filter(|l| l.starts_with("WARN") || l.starts_with("ERROR"))
        .map(str::to_string)
        .collect()
}

#[test]
fn biber_validates_the_biblatex_export_of_the_example() {
    if !client("biber") {
        return;
    }
    let env = Env::with_readings();
    env.ok(&["export", "biblatex", "-o", "out.bib"]);
    // The one problem the reading list itself has: the Institute's history names no author.
    assert_eq!(
        biber_problems(&env, "out.bib"),
        ["WARN - Datamodel: Entry 'history2014' (out.bib): Missing mandatory field 'author'"]
    );
}

#[test]
fn biber_reads_every_exported_fixture_without_errors() {
    if !client("biber") {
        return;
    }
    for file in valid_fixtures() {
        let env = exported(&file, "biblatex");
        let errors: Vec<String> = biber_problems(&env, "out.bib")
            .into_iter()
            .filter(|l| l.starts_with("ERROR"))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

/// A Markdown essay exported as it was read (issue 12 item 7): its `-@`, `pp.` and `{...}`
/// locators as written, one YAML block, and a manual link as a citation pandoc renders.
#[test]
fn the_markdown_export_of_a_markdown_essay_keeps_what_it_read() {
    if !client("pandoc") {
        return;
    }
    let env = Env::with_example();
    env.ok(&["export", "csl-json", "-o", "refs.json"]);
    env.write(
        "essay.md",
        "---\ntitle: \"The Alliance\"\nauthor: Jane\n---\n\n# Origins\n\n\
         Finley [-@finley1983, pp. 14-16] says aid was large. Talks went on [@paik1990, {IV, 2}].\n\n\
         A claim with no marker at all.\n",
    );
    env.ok(&["import", "essay.md"]);
    let claims: serde_json::Value =
        serde_json::from_str(&env.ok(&["claims", "essay.md", "--format", "json"])).unwrap();
    let id = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["text"]
                .as_str()
                .unwrap()
                .starts_with("A claim with no marker")
        })
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["link", &id, "kwan1982", "--page", "7"]);
    let r = env.run(&["export", "markdown", "essay.md", "-o", "out.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = env.read("out.md");
    assert!(
        md.starts_with("---\ntitle: \"The Alliance\"\nauthor: Jane\nreference-section-title: 'References'\n---\n\n# Origins\n\n"),
        "{md}"
    );
    assert_eq!(md.matches("\n---\n").count(), 1, "one YAML block: {md}");
    assert!(md.contains("Finley [-@finley1983, pp. 14-16] says"), "{md}");
    assert!(md.contains("[@paik1990, {IV, 2}]"), "{md}");
    assert!(md.contains("no marker at all [@kwan1982, p. 7]."), "{md}");
    let r = pandoc(
        &env,
        &[
            "--citeproc",
            "--bibliography=refs.json",
            "out.md",
            "-t",
            "plain",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.trim().is_empty(), "pandoc warned: {}", r.stderr);
    assert!(
        r.stdout.contains("Finley (1983, 14–16) says"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("(Kwan 1982, 7)"), "{}", r.stdout);
}
