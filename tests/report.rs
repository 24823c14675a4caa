//! `annobib report` and `annobib bibliography` on the example: reviewed snapshots of the table,
//! Markdown and HTML outputs, the HTML page rendered in headless Chromium, and escaping of the
//! user's data.

use std::process::Command;

use crate::util::{Env, client, repo, run_command};

/// Compares `actual` with the reviewed file `tests/snapshots/NAME`; with
/// `ANNOBIB_UPDATE_SNAPSHOTS=1` writes it instead (then review the diff before committing).
fn snapshot(name: &str, actual: &str) {
    let path = repo("tests/snapshots").join(name);
    if std::env::var("ANNOBIB_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} missing: run with ANNOBIB_UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the reviewed snapshot at line {}:\n  expected: {:?}\n  actual:   {:?}\n(ANNOBIB_UPDATE_SNAPSHOTS=1 rewrites it)",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

#[test]
fn report_snapshots_of_the_example() {
    let env = Env::with_example();
    snapshot("example-report.txt", &env.ok(&["--width", "110", "report"]));
    snapshot(
        "example-report.md",
        &env.ok(&["report", "--format", "markdown"]),
    );
    snapshot(
        "example-report.html",
        &env.ok(&["report", "--format", "html"]),
    );
    snapshot(
        "example-bibliography-apa.md",
        &env.ok(&["bibliography", "--style", "apa", "--format", "markdown"]),
    );
}

#[test]
fn report_json_has_coverage_sources_and_findings() {
    let env = Env::with_example();
    let v: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "--format", "json"])).unwrap();
    assert_eq!(v["totals"]["claims"], 60);
    assert_eq!(v["totals"]["cited"], 4);
    let h = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "history2014")
        .unwrap();
    assert_eq!(h["citations"], 3);
    assert_eq!(h["listed"], true);
    assert_eq!(h["pages"], serde_json::json!(["p. 24", "p. 25", "p. 60"]));
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "citation-mismatch")
    );
    assert_eq!(v["bibliography"]["entries"].as_array().unwrap().len(), 6);
}

#[test]
fn bibliography_styles() {
    let env = Env::with_example();
    let chicago = env.ok(&["bibliography"]);
    assert!(chicago.contains("Finley, James P. The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations. San Francisco: USFK, 1983."), "{chicago}");
    assert!(chicago.contains("Cited at c22 (p. 150)."), "{chicago}");
    let mla = env.ok(&["bibliography", "--style", "mla", "--cited-only"]);
    assert_eq!(mla.matches("Cited at").count(), 2, "{mla}");
    let r = env.fails(&["bibliography", "--style", "harvard-ish"], 2);
    assert!(r.stderr.contains("invalid value"), "{}", r.stderr);
    let html = env.ok(&["bibliography", "--format", "html"]);
    assert!(
        html.contains("<i>The US Military Experience in Korea"),
        "{html}"
    );
}

/// A report whose data carries markup: it must show as text, not run.
fn hostile() -> Env {
    let env = Env::new();
    env.write(
        "refs.bib",
        "@book{evil, author = {Script, <b>Bold</b>}, title = {<script>document.body.setAttribute('data-pwned','1')</script> Title}, date = {2001}, publisher = {P}, location = {L}}\n",
    );
    env.write(
        "essay.txt",
        "A <img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> essay\n\nThe figure was 40 percent in 2001 (Script 2001, 3).\n",
    );
    env.ok(&["import", "refs.bib", "essay.txt"]);
    env.ok(&[
        "annotate",
        "evil",
        "<script>document.body.setAttribute('data-pwned','3')</script>",
    ]);
    env
}

#[test]
fn html_escapes_the_users_data() {
    let env = hostile();
    let html = env.ok(&["report", "--format", "html"]);
    assert!(!html.contains("<script>"), "raw <script> in the page");
    assert!(!html.contains("<img src=x"), "raw <img> in the page");
    assert!(html.contains("&lt;script&gt;"), "escaped text shown");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external assets"
    );
}

fn chromium_dump_dom(env: &Env, file: &str) -> String {
    let profile = env.path().join("chromium-profile");
    let mut c = Command::new("chromium");
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg("--dump-dom")
    .arg(format!("file://{}", env.path().join(file).display()));
    let r = run_command(c);
    assert_eq!(r.code, 0, "chromium failed: {}", r.stderr);
    r.stdout
}

#[test]
fn chromium_renders_the_example_report() {
    if !client("chromium") {
        return;
    }
    let env = Env::with_example();
    env.ok(&["report", "--format", "html", "-o", "report.html"]);
    let dom = chromium_dump_dom(&env, "report.html");
    // What rendered: the essay with its claims marked, citations, findings, the bibliography.
    assert!(dom.contains("<h1>Citation report</h1>"), "{dom}");
    assert!(
        dom.contains("class=\"claim st-cited\" id=\"c19\""),
        "cited claim marked"
    );
    assert!(
        dom.contains("class=\"claim st-needs-citation\""),
        "uncited claim marked"
    );
    assert!(dom.contains("id=\"findings\""), "findings section");
    assert!(dom.contains("citation-mismatch"), "findings listed");
    assert!(dom.contains("id=\"ref-finley1983\""), "bibliography entry");
    assert!(dom.contains("In the Vanguard of ROK-US Relations"), "{dom}");
}

#[test]
fn chromium_shows_hostile_data_as_text() {
    if !client("chromium") {
        return;
    }
    let env = hostile();
    env.ok(&["report", "--format", "html", "-o", "report.html"]);
    let dom = chromium_dump_dom(&env, "report.html");
    // The payloads set an attribute on <body> when they run; as text they only show.
    assert!(!dom.contains("data-pwned=\""), "a script ran:\n{dom}");
    assert!(
        dom.contains("&lt;script&gt;document.body.setAttribute"),
        "{dom}"
    );
    assert!(dom.contains("&lt;img src=x onerror="), "{dom}");
}
