//! `annobib report` and `annobib bibliography` on the example: reviewed snapshots of the table,
//! Markdown and HTML outputs, the HTML page rendered in headless Chromium, and escaping of the
//! user's data.

use std::process::Command;

use crate::util::{Env, client, csl_styles, repo, run_command};

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
    assert!(
        r.stderr.contains("--style harvard-ish: unknown style"),
        "{}",
        r.stderr
    );
    let html = env.ok(&["bibliography", "--format", "html"]);
    assert!(
        html.contains("<i>The US Military Experience in Korea"),
        "{html}"
    );
}

/// Tags of HTML we write: every element closed in order (void ones excepted). Our pages are
/// simple enough for a stack of names; a stray `<` in text would be escaped, so it is a bug.
fn assert_balanced(html: &str) {
    const VOID: [&str; 6] = ["meta", "br", "hr", "img", "link", "input"];
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..];
        let end = tag.find('>').expect("an unclosed tag");
        let inside = &tag[..end];
        rest = &tag[end + 1..];
        if inside.starts_with('!') {
            continue;
        }
        if let Some(name) = inside.strip_prefix('/') {
            let top = open
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
            continue;
        }
        let name = inside
            .split_whitespace()
            .next()
            .unwrap()
            .to_ascii_lowercase();
        if name == "style" || name == "script" {
            let close = format!("</{name}>");
            rest = &rest[rest.find(&close).expect("closed") + close.len()..];
        } else if !VOID.contains(&name.as_str()) {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
}

#[test]
fn bibliography_in_any_style_of_the_archive_with_apa_names_and_sentence_case() {
    let env = Env::with_example();
    let ieee = env.ok(&["bibliography", "--style", "ieee"]);
    assert!(ieee.starts_with("[1] "), "{ieee}");
    assert!(ieee.contains("S.-J. Han"), "{ieee}");
    let harvard = env.ok(&["bibliography", "--style", "harvard-cite-them-right"]);
    assert!(harvard.contains("Han, S.-J."), "{harvard}");
    let r = env.fails(&["bibliography", "--style", "ieeee"], 2);
    assert!(r.stderr.contains("did you mean ieee?"), "{}", r.stderr);
    let apa = env.ok(&["bibliography", "--style", "apa"]);
    for want in [
        "Curtis, G. L., & Han, S.-J. (Eds.). (1983). The US-South Korean alliance: Evolving patterns in security relations.",
        "Kwan, T.-H. (Ed.).",
        "Paik, S.-G. (1990). US-Korean security relations since 1945.",
    ] {
        assert!(apa.contains(want), "{want}\n{apa}");
    }
    // The report takes the same styles.
    let report = env.ok(&["report", "--format", "json", "--style", "nature"]);
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(v["bibliography"]["style"], "nature");
}

#[test]
fn bibliography_as_a_whole_page_or_a_fragment_with_no_link_going_nowhere() {
    let env = Env::with_example();
    let page = env.ok(&["bibliography", "--format", "html"]);
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{page}"
    );
    assert!(page.contains("text-indent: -2.5em"), "hanging indent");
    assert!(
        page.contains(".bib-entry .annotation {"),
        "annotations set apart"
    );
    assert!(page.contains("<p class=\"annotation\">Cited once, for the Korean War"));
    assert!(
        !page.contains("href=\"#"),
        "the page has no claims to link to"
    );
    assert!(!page.contains("http"), "nothing external");
    assert_balanced(&page);
    let fragment = env.ok(&["bibliography", "--format", "html", "--fragment"]);
    assert!(
        fragment.starts_with("<div class=\"bib-entry\" id=\"ref-"),
        "{fragment}"
    );
    assert!(!fragment.contains("<html") && !fragment.contains("<style"));
    assert!(page.contains(&fragment), "the page holds the fragment");
    assert_balanced(&fragment);
    // In the report the uses link to the claims, which are there.
    let report = env.ok(&["report", "--format", "html"]);
    assert!(report.contains("<a href=\"#c22\">c22</a>"));
    assert!(report.contains("id=\"c22\""));
}

#[test]
fn bibliography_in_csl_files_annotated_styles_print_the_annotation_once() {
    let Some(styles) = csl_styles() else {
        return;
    };
    let env = Env::with_example();
    let csl = |name: &str| styles.join(name).display().to_string();
    // A file of the system's collection, not the archive's copy.
    let apa = env.ok(&["bibliography", "--csl", &csl("apa.csl")]);
    assert!(apa.contains("Finley, J. P. (1983)."), "{apa}");
    for file in [
        "chicago-annotated-bibliography.csl",
        "apa-annotated-bibliography.csl",
    ] {
        let out = env.ok(&["bibliography", "--csl", &csl(file)]);
        let note = "Cited once, for the Korean War";
        assert_eq!(out.matches(note).count(), 1, "{file}:\n{out}");
        let line = out.lines().find(|l| l.contains(note)).unwrap();
        assert!(
            line.contains("Finley"),
            "{file}: the style prints it in the entry: {line}"
        );
    }
    // CSL-JSON carries the annotation as `note` for such styles in other processors.
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["export", "csl-json", "--keys", "finley1983"])).unwrap();
    assert!(json[0]["note"].as_str().unwrap().starts_with("Cited once"));
    // Files that cannot be used say why, in one line.
    let dependent = styles.join("dependent").join("nature-biotechnology.csl");
    let cases: Vec<(String, &str)> = vec![
        (dependent.display().to_string(), "a dependent CSL style"),
        (
            "missing.csl".to_string(),
            "--csl missing.csl: cannot read it",
        ),
        (
            env.write("bad.csl", "not xml").display().to_string(),
            "not a CSL style",
        ),
    ];
    for (file, want) in cases {
        let r = env.fails(&["bibliography", "--csl", &file], 2);
        assert!(r.stderr.contains(want), "{file}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    }
}

/// A sample of the system's CSL collection (every 50th file, about 50 styles none of the
/// code was written against): each formats the example or refuses in one line; none panics.
#[test]
fn a_sample_of_the_csl_collection_formats_the_example() {
    let Some(styles) = csl_styles() else {
        return;
    };
    let env = Env::with_example();
    let mut files: Vec<_> = std::fs::read_dir(&styles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csl"))
        .collect();
    files.sort();
    let (mut formatted, mut refused) = (0, Vec::new());
    for file in files.iter().step_by(50) {
        let r = env.run(&["bibliography", "--csl", &file.display().to_string()]);
        assert!(
            r.code == 0 || r.code == 2,
            "{}: {}",
            file.display(),
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        if r.code == 0 {
            assert!(
                r.stdout.contains("Finley") || r.stdout.contains("FINLEY"),
                "{}",
                file.display()
            );
            formatted += 1;
        } else {
            refused.push(r.stderr);
        }
    }
    assert!(
        formatted >= 40,
        "{formatted} formatted; refused: {refused:?}"
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
