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
    let html = env.ok(&["report", "--format", "html"]);
    assert_valid_html(&html);
    snapshot("example-report.html", &html);
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

/// Checks HTML we write as a parser would read it: every element closed in order (void ones
/// excepted), no block element inside a `<p>` (a browser would close the paragraph there),
/// attributes quoted, no `<` or `>` loose in text, ids unique, and every internal link
/// (`href="#x"`) pointing at an id of the page. Our pages are regular enough for a stack of
/// names; anything else is a bug in them, so this checker is strict rather than forgiving.
fn assert_valid_html(html: &str) {
    const VOID: [&str; 6] = ["meta", "br", "hr", "img", "link", "input"];
    const BLOCK: [&str; 22] = [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "header",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "table",
    ];
    let mut open: Vec<String> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let mut rest = html;
    loop {
        let at = rest.find('<');
        let text = &rest[..at.unwrap_or(rest.len())];
        assert!(!text.contains('>'), "a loose '>' in text: {text:?}");
        let Some(at) = at else { break };
        let tag = &rest[at + 1..];
        let end = tag.find('>').expect("an unclosed tag");
        let inside = &tag[..end];
        assert!(!inside.contains('<'), "'<' inside a tag: <{inside}>");
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
        // Attributes: name="value" or a bare name; values never hold a raw quote or '<'.
        let mut attrs = inside[name.len()..].trim();
        while !attrs.is_empty() {
            let key_end = attrs.find(['=', ' ']).unwrap_or(attrs.len());
            let key = &attrs[..key_end];
            assert!(
                !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "bad attribute name in <{inside}>"
            );
            attrs = &attrs[key_end..];
            if let Some(value) = attrs.strip_prefix("=\"") {
                let close = value.find('"').expect("an unquoted attribute");
                let v = &value[..close];
                match key {
                    "id" => {
                        assert!(!ids.contains(&v.to_string()), "duplicate id {v}");
                        ids.push(v.to_string());
                    }
                    "href" if v.starts_with('#') => links.push(v[1..].to_string()),
                    _ => {}
                }
                attrs = &value[close + 1..];
            } else {
                assert!(
                    !attrs.starts_with('='),
                    "an unquoted attribute in <{inside}>"
                );
            }
            attrs = attrs.trim_start();
        }
        if BLOCK.contains(&name.as_str()) {
            assert!(
                !open
                    .iter()
                    .any(|o| o == "p" || o == "h3" || o == "span" || o == "a"),
                "<{name}> inside {open:?}"
            );
        }
        if name == "style" || name == "script" {
            let close = format!("</{name}>");
            rest = &rest[rest.find(&close).expect("closed") + close.len()..];
        } else if !VOID.contains(&name.as_str()) {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
    // Ids as the browser reads them: entities decoded.
    let decode = |s: &str| {
        s.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    let ids: std::collections::HashSet<String> = ids.iter().map(|i| decode(i)).collect();
    for link in links {
        assert!(ids.contains(&decode(&link)), "#{link} goes nowhere");
    }
}

/// The checker itself: each kind of fault it is there for is caught.
#[test]
fn the_html_checker_catches_what_it_checks() {
    assert_valid_html("<p id=\"a\"><a href=\"#a\">x</a> &amp; <br></p>");
    for bad in [
        "<p><span>x</p></span>",
        "<p>x",
        "<p><div>x</div></p>",
        "<a href=\"#nowhere\">x</a>",
        "<i id=\"a\"></i><i id=\"a\"></i>",
        "<i class=x></i>",
        "<p>a > b</p>",
    ] {
        let caught = std::panic::catch_unwind(|| assert_valid_html(bad));
        assert!(caught.is_err(), "not caught: {bad}");
    }
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
    assert_valid_html(&page);
    let fragment = env.ok(&["bibliography", "--format", "html", "--fragment"]);
    assert!(
        fragment.starts_with("<div class=\"bib-entry\" id=\"ref-"),
        "{fragment}"
    );
    assert!(!fragment.contains("<html") && !fragment.contains("<style"));
    assert!(page.contains(&fragment), "the page holds the fragment");
    assert_valid_html(&fragment);
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

/// A report whose data carries markup: it must show as text, not run. A plain-text essay and
/// a Markdown one (raw HTML and a `javascript:` link inside Markdown are text too).
fn hostile() -> Env {
    let env = Env::new();
    env.write(
        "refs.bib",
        "@book{evil, author = {Script, <b>Bold</b>}, title = {<script>document.body.setAttribute('data-pwned','1')</script> Title & \"Quotes\"}, date = {2001}, publisher = {P}, location = {L}}\n",
    );
    env.write(
        "essay.txt",
        "A <img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> essay\n\nThe figure was 40 percent in 2001 (Script 2001, 3).\n",
    );
    env.write(
        "notes.md",
        "# Notes & <i>things</i>\n\nThe share rose to 45 percent in 2003 <script>document.body.setAttribute('data-pwned','4')</script> \
         as [a link](javascript:document.body.setAttribute('data-pwned','5')) says, \"quoted\" & all.\n",
    );
    env.ok(&["import", "refs.bib", "essay.txt", "notes.md"]);
    env.ok(&[
        "annotate",
        "evil",
        "<script>document.body.setAttribute('data-pwned','3')</script>",
    ]);
    env
}

/// The page without the report's own inline script (the one script it has).
fn without_our_script(html: &str) -> String {
    let start = html.find("<script>\n").expect("the page's script");
    let end = start + html[start..].find("</script>").unwrap() + "</script>".len();
    let script = &html[start..end];
    assert!(script.contains("getElementById(\"filters\")"), "{script}");
    let rest = format!("{}{}", &html[..start], &html[end..]);
    assert!(!rest.contains("<script"), "a second script in the page");
    rest
}

#[test]
fn html_escapes_the_users_data() {
    let env = hostile();
    let html = env.ok(&["report", "--format", "html"]);
    assert_valid_html(&html);
    let html = without_our_script(&html);
    for bad in [
        "<script",
        "<img src=x",
        "<b>Bold",
        "<i>things",
        "javascript:",
    ] {
        assert!(!html.contains(bad), "raw {bad} in the page");
    }
    for shown in [
        "&lt;script&gt;document.body.setAttribute",
        "&lt;img src=x onerror=",
        "<h2>Notes &amp; things</h2>",
        "&quot;quoted&quot; &amp; all",
    ] {
        assert!(html.contains(shown), "{shown} not shown as text");
    }
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external assets"
    );
}

/// Runs headless Chromium on `file` of `env` with `args` (e.g. `--dump-dom`, a window size).
fn chromium(env: &Env, file: &str, args: &[String]) -> String {
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
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .arg(format!("file://{}", env.path().join(file).display()));
    let r = run_command(c);
    assert_eq!(r.code, 0, "chromium failed: {}", r.stderr);
    r.stdout
}

fn chromium_dump_dom(env: &Env, file: &str) -> String {
    chromium(
        env,
        file,
        &["--window-size=1280,800".into(), "--dump-dom".into()],
    )
}

/// A script run in a copy of the page: measures the rendered boxes at 1280x800 and writes
/// what it found into `<pre id="layout-check">` as JSON.
const LAYOUT_CHECK: &str = r##"<script>
(function () {
  var out = { overlaps: [], notes: [], text: [], marks: 0, words: 0 };
  function hit(a, b) {
    return a.width > 0 && b.width > 0 && a.left < b.right - 0.5 && b.left < a.right - 0.5 &&
      a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  }
  function box(r) { return [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)]; }
  // Note numbers, status signs and keys against every word of the block they sit in.
  document.querySelectorAll("sup.fn, sup.mark, .key").forEach(function (m) {
    out.marks++;
    var block = m.closest("p, li, h3, h2, div");
    var mr = m.getBoundingClientRect();
    var walk = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    var n;
    while ((n = walk.nextNode())) {
      if (m.contains(n) || n.parentElement.closest(".mnote")) continue;
      var re = /\S+/g, w;
      while ((w = re.exec(n.data))) {
        out.words++;
        var r = document.createRange();
        r.setStart(n, w.index);
        r.setEnd(n, w.index + w[0].length);
        Array.prototype.forEach.call(r.getClientRects(), function (wr) {
          if (hit(mr, wr)) out.overlaps.push(m.textContent + " over " + w[0] + " " + box(mr) + " " + box(wr));
        });
      }
    }
  });
  // Margin notes against each other and against the text column's blocks.
  var notes = Array.prototype.slice.call(document.querySelectorAll(".essay .mnote"));
  var blocks = document.querySelectorAll(".essay p, .essay li, .essay h3, .essay h2, .notes");
  notes.forEach(function (a, i) {
    var ra = a.getBoundingClientRect();
    notes.slice(i + 1).forEach(function (b) {
      if (hit(ra, b.getBoundingClientRect())) out.notes.push(a.id + " over " + b.id);
    });
    blocks.forEach(function (p) {
      if (p.contains(a)) {
        // The block holding the note: its lines of text, not its box (the note floats out).
        var walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT), n;
        while ((n = walk.nextNode())) {
          if (n.parentElement.closest(".mnote")) continue;
          var r = document.createRange();
          r.selectNodeContents(n);
          Array.prototype.forEach.call(r.getClientRects(), function (tr) {
            if (hit(ra, tr)) out.text.push(a.id + " over text " + n.data.slice(0, 30));
          });
        }
      } else if (hit(ra, p.getBoundingClientRect())) {
        out.text.push(a.id + " over " + p.tagName + " " + p.textContent.slice(0, 30));
      }
    });
  });
  var s = document.getElementById("summary").getBoundingClientRect();
  var first = document.querySelector(".essay .mnote");
  var todo = document.querySelector("#summary .first li");
  out.fold = {
    height: window.innerHeight, width: window.innerWidth,
    summary: Math.round(s.bottom),
    first_todo: todo ? Math.round(todo.getBoundingClientRect().bottom) : null,
    first_note: first ? Math.round(first.getBoundingClientRect().bottom) : null,
    notes: notes.length,
    filters_shown: !document.getElementById("filters").hidden
  };
  var pre = document.createElement("pre");
  pre.id = "layout-check";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"##;

/// Renders `page` (a report in `env`) with the layout check and returns what it measured.
fn layout(env: &Env, page: &str) -> serde_json::Value {
    let html = env
        .read(page)
        .replace("</body>", &format!("{LAYOUT_CHECK}</body>"));
    let copy = format!("checked-{page}");
    env.write(&copy, html);
    let dom = chromium_dump_dom(env, &copy);
    let start = dom
        .find("<pre id=\"layout-check\">")
        .expect("the check ran")
        + 23;
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// The example essay and a Markdown essay as a writer sees them: nothing overlaps, the summary
/// and the first findings are above the fold at 1280x800, the filters work. With
/// `ANNOBIB_UPDATE_SNAPSHOTS=1` the screenshots of docs/report.md are taken anew.
#[test]
fn chromium_lays_out_the_reading_view() {
    if !client("chromium") {
        return;
    }
    let example = Env::with_example();
    example.ok(&["report", "--format", "html", "-o", "report.html"]);
    let markdown = Env::new();
    markdown.copy("tests/fixtures/report/floods.bib", "floods.bib");
    markdown.copy("tests/fixtures/report/floods.md", "floods.md");
    markdown.ok(&["import", "floods.bib", "floods.md"]);
    markdown.ok(&["report", "--format", "html", "-o", "report.html"]);
    for (name, env, notes) in [("example", &example, 37), ("markdown", &markdown, 2)] {
        assert_valid_html(&env.read("report.html"));
        let v = layout(env, "report.html");
        let fold = &v["fold"];
        // 1280 px wide; the fold is 800 px down the page (headless Chromium's window, asked
        // for 1280x800, gives a shorter viewport, so positions are compared with 800 itself).
        assert_eq!(fold["width"].as_i64(), Some(1280), "{name}: {v}");
        assert!(
            v["marks"].as_i64().unwrap() > 0 && v["words"].as_i64().unwrap() > 100,
            "{name}: {v}"
        );
        assert_eq!(
            v["overlaps"],
            serde_json::json!([]),
            "{name}: marks over text"
        );
        assert_eq!(
            v["notes"],
            serde_json::json!([]),
            "{name}: margin notes over each other"
        );
        assert_eq!(
            v["text"],
            serde_json::json!([]),
            "{name}: margin notes over the text"
        );
        assert!(fold["notes"].as_i64().unwrap() >= notes, "{name}: {v}");
        // Above the fold: the summary, the first thing to do and the first margin note.
        assert!(fold["summary"].as_i64().unwrap() <= 800, "{name}: {fold}");
        assert!(
            fold["first_todo"].as_i64().unwrap() <= 800,
            "{name}: {fold}"
        );
        assert!(
            fold["first_note"].as_i64().unwrap() <= 800,
            "{name}: {fold}"
        );
        assert_eq!(
            fold["filters_shown"], true,
            "{name}: the script shows the filters"
        );
        let shot = env.path().join(format!("{name}.png"));
        chromium(
            env,
            "report.html",
            &[
                "--window-size=1280,1500".into(),
                format!("--screenshot={}", shot.display()),
            ],
        );
        let png = std::fs::read(&shot).unwrap();
        assert_eq!(&png[1..4], b"PNG", "{name}: a screenshot");
        // Width from the IHDR chunk: the page was taken at 1280 px.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1280);
        if std::env::var("ANNOBIB_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
            std::fs::write(repo(&format!("docs/report-{name}.png")), &png).unwrap();
        }
    }
}

/// The filters: unticking a rule hides its notes; choosing a section hides the other sections'
/// text; without scripting the bar stays hidden and every note shows.
#[test]
fn chromium_filters_by_rule_and_section() {
    if !client("chromium") {
        return;
    }
    let env = Env::with_example();
    env.ok(&["report", "--format", "html", "-o", "report.html"]);
    let probe = r#"<script>
(function () {
  var f = document.getElementById("filters");
  function shown(sel) {
    return Array.prototype.filter.call(document.querySelectorAll(sel), function (n) {
      return n.offsetParent !== null;
    }).length;
  }
  var out = { all: shown(".mnote") };
  f.querySelector("input[value=uncited-claim]").checked = false;
  f.dispatchEvent(new Event("change"));
  out.without_uncited = shown(".mnote");
  f.querySelector("input[value=uncited-claim]").checked = true;
  f.querySelector("input[value=weak]").checked = false;
  f.dispatchEvent(new Event("change"));
  out.without_weak = shown(".mnote");
  f.querySelector("input[value=weak]").checked = true;
  var sel = f.querySelector("select");
  sel.value = sel.options[2].value;
  f.dispatchEvent(new Event("change"));
  out.section = sel.value;
  out.rows = shown(".essay .row");
  out.rows_elsewhere = Array.prototype.filter.call(document.querySelectorAll(".essay .row"), function (r) {
    return r.offsetParent !== null && r.dataset.section !== sel.value;
  }).length;
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"#;
    let html = env.read("report.html");
    env.write(
        "probed.html",
        html.replace("</body>", &format!("{probe}</body>")),
    );
    let dom = chromium_dump_dom(&env, "probed.html");
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + 16;
    let end = start + dom[start..].find("</pre>").unwrap();
    let v: serde_json::Value = serde_json::from_str(&dom[start..end]).unwrap();
    let all = v["all"].as_i64().unwrap();
    assert!(all >= 40, "{v}");
    // 35 uncited claims in the example: what remains is the other rules' notes.
    assert_eq!(v["without_uncited"].as_i64().unwrap(), all - 35, "{v}");
    let without_weak = v["without_weak"].as_i64().unwrap();
    assert!(0 < without_weak && without_weak < all, "{v}");
    assert!(v["rows"].as_i64().unwrap() > 0, "{v}");
    assert_eq!(v["rows_elsewhere"], 0, "{v}");
    // Scripting off (Chromium's --dump-dom and --screenshot need scripting, so this is read
    // from the page itself): only the filter bar starts hidden, and nothing else would change
    // the page: every note is in it and shown.
    assert!(html.contains("<form id=\"filters\" class=\"filters\" hidden>"));
    assert_eq!(
        without_our_script(&html).matches(" hidden").count(),
        1,
        "only the bar starts hidden"
    );
    assert_eq!(html.matches("class=\"mnote ").count() as i64, all);
}

#[test]
fn chromium_renders_the_example_report() {
    if !client("chromium") {
        return;
    }
    let env = Env::with_example();
    env.ok(&["report", "--format", "html", "-o", "report.html"]);
    let dom = chromium_dump_dom(&env, "report.html");
    // What rendered: the summary, the essay with its claims marked and findings beside them,
    // the bibliography; no page debris, the title once.
    assert!(dom.contains("<h1>Citation report</h1>"), "{dom}");
    assert!(dom.contains("<h2>Do first</h2>"), "{dom}");
    assert!(
        dom.contains("class=\"claim st-cited g-medium\" id=\"c19\""),
        "cited claim with a mismatch marked"
    );
    assert!(
        dom.contains("class=\"claim st-needs-citation g-strong\""),
        "strong uncited claim marked"
    );
    assert!(
        dom.contains("class=\"claim st-needs-citation g-weak\""),
        "weak ones too"
    );
    assert!(
        dom.contains("Citation differs from the library"),
        "findings in the margin"
    );
    assert!(!dom.contains("score"), "plain-language reasons");
    assert!(
        !dom.contains("Skip to content") && !dom.contains("Table of Contents"),
        "no page debris"
    );
    assert_eq!(
        dom.matches(">US-Korea Military Alliance<").count(),
        1,
        "the title once"
    );
    assert!(dom.contains("id=\"ref-finley1983\""), "bibliography entry");
    assert!(dom.contains("In the Vanguard of ROK-US Relations"), "{dom}");
    // Summary, essay, then sources and the bibliography last.
    let order: Vec<usize> = [
        "id=\"summary\"",
        "id=\"essay-1\"",
        "id=\"sources\"",
        "id=\"bibliography\"",
    ]
    .iter()
    .map(|s| dom.find(s).unwrap_or_else(|| panic!("{s}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
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
    assert!(!dom.contains("href=\"javascript:"), "{dom}");
    // The page's own script ran: the filter bar is shown.
    assert!(
        dom.contains("<form id=\"filters\" class=\"filters\">"),
        "{dom}"
    );
}

/// A Markdown essay as the page shows it: its inline markup rendered, list items as a list,
/// the YAML front matter and the repeated title left out; its claim cited only by an
/// unresolved citation counted as not covered, in every output.
#[test]
fn a_markdown_essay_is_rendered_and_unresolved_citations_are_not_coverage() {
    let env = Env::new();
    env.copy("tests/fixtures/report/floods.bib", "floods.bib");
    env.copy("tests/fixtures/report/floods.md", "floods.md");
    env.ok(&["import", "floods.bib", "floods.md"]);
    let html = env.ok(&["report", "--format", "html"]);
    assert_valid_html(&html);
    let essay = &html[html.find("<article").unwrap()..html.find("</article>").unwrap()];
    for want in [
        "are the <em>most</em> expensive",
        "by <strong>40 percent</strong> between",
        "<a href=\"https://www.eea.europa.eu/\">European Environment Agency</a>.",
        "<ul><li><span class=\"claim st-not-needed\"",
        "(<code>Aufbauhilfe</code>)",
        "class=\"claim st-unresolved g-medium\"",
        "?<a href=\"#f-",
    ] {
        assert!(essay.contains(want), "{want} not in\n{essay}");
    }
    for raw in [
        "---",
        "title:",
        "bibliography:",
        "*most*",
        "**40",
        "](https",
        "`Aufbau",
    ] {
        assert!(!essay.contains(raw), "raw Markdown {raw} shown:\n{essay}");
    }
    assert_eq!(
        essay.matches(">Floods and Who Pays for Them<").count(),
        1,
        "the title shown once:\n{essay}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "--format", "json"])).unwrap();
    let t = &v["totals"];
    assert_eq!(
        (t["cited"].as_i64(), t["unresolved"].as_i64()),
        (Some(3), Some(1)),
        "{t}"
    );
    let c = t["cited"].as_f64().unwrap();
    let supported = c + t["unresolved"].as_f64().unwrap() + t["needs_citation"].as_f64().unwrap();
    assert_eq!(
        t["coverage"].as_f64(),
        Some((c / supported * 1000.0).round() / 1000.0)
    );
    let text = env.ok(&["--width", "120", "report"]);
    assert!(
        text.contains("1 cited only by unresolved citations (not covered)"),
        "{text}"
    );
    assert!(text.contains("Unresolved only"), "{text}");
}
