//! `annobib attach` and the rules over attached text: `quote-not-found`, `page-mismatch`
//! (issue 15, items 2 and 3).

use crate::util::{Env, client, repo};

const LIBRARY: &str = "@book{kim2011, author = {Kim, Ann}, title = {The Alliance Forged in War}, year = 2011, pagetotal = {400}}\n";

/// The offprint's three pages (printed 233-235), as text with form feeds.
const PAGES: &str = "The alliance was forged in war. Rhee called it a blood alliance forged in war between two peoples. The treaty of October 1953 bound both states.\n\n233\n\u{c}\
Economic assistance from 1953 to 1961 totaled an estimated 2.3 billion dollars, while military aid neared 1.4 billion dollars in the same years.\n\n234\n\u{c}\
The Combined Forces Command was established in November 1978 to give unified operational control of the allied forces.\n\n235\n\u{c}";

const ESSAY: &str = "Essay\n\n\
Rhee described it as \"a blood alliance forged in war between two peoples\" (Kim 2011, 233).\n\n\
Rhee also said it was \"an alliance of convenience for both sides\" (Kim 2011, 234).\n\n\
He spoke of \"the treaty of October 1953\" as binding (Kim 2011, 235).\n\n\
Economic assistance from 1953 to 1961 totaled an estimated 2.3 billion dollars while military aid neared 1.4 billion dollars (Kim 2011, 235).\n\n\
The Combined Forces Command was established in November 1978 to give unified operational control of the allied forces (Kim 2011, 235).\n";

fn env() -> Env {
    let env = Env::new();
    env.write("lib.bib", LIBRARY);
    env.write("e.txt", ESSAY);
    env.ok(&["import", "lib.bib", "e.txt"]);
    env
}

fn check_fulltext(env: &Env) -> Vec<String> {
    let r = env.run(&[
        "check",
        "--rule",
        "quote-not-found",
        "--rule",
        "page-mismatch",
        "--format",
        "short",
    ]);
    r.stdout
        .lines()
        .filter(|l| l.contains('['))
        .map(str::to_string)
        .collect()
}

fn expect_findings(lines: &[String]) {
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].contains("quote-not-found")
            && lines[0].contains("\"an alliance of convenience for both sides\" is not in the text attached to kim2011"),
        "{lines:#?}"
    );
    assert!(
        lines[1].contains("quote-not-found")
            && lines[1].contains(
                "\"the treaty of October 1953\" is on p. 233 of kim2011, not on the cited p. 235"
            ),
        "{lines:#?}"
    );
    assert!(
        lines[2].contains("page-mismatch")
            && lines[2].contains("fit p. 234 of kim2011 far better than the cited p. 235"),
        "{lines:#?}"
    );
}

#[test]
fn quotations_and_content_are_looked_for_on_the_cited_pages_of_an_attached_text() {
    let env = env();
    assert!(
        check_fulltext(&env).is_empty(),
        "nothing attached, nothing said"
    );
    env.write("kim.txt", PAGES);
    let r = env.run(&["attach", "kim2011", "kim.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("attached kim.txt to kim2011: 3 pages, printed 233–235 (numbers from running headers or footers)"),
        "{}",
        r.stderr
    );
    // The right quotation on the right page and the right content on its page: not flagged.
    expect_findings(&check_fulltext(&env));
    // A link to a page the attached text does not have is refused unless forced.
    let r = env.fails(&["link", "c2", "kim2011", "--page", "240"], 2);
    assert!(
        r.stderr.contains(
            "the text attached from kim.txt has pages 233–235, not 240 (--force links it anyway)"
        ),
        "{}",
        r.stderr
    );
    env.ok(&["link", "c2", "kim2011", "--page", "234"]);
    // --first-page overrides; a replaced text says so.
    let r = env.run(&["attach", "kim2011", "kim.txt", "--first-page", "1"]);
    assert!(r.stderr.contains("replacing"), "{}", r.stderr);
    assert!(r.stderr.contains("printed 1–3"), "{}", r.stderr);
    // The cited pages are no longer in the text: nothing to compare.
    assert!(check_fulltext(&env).is_empty());
    env.ok(&["detach", "kim2011"]);
    assert!(
        env.run(&["detach", "kim2011"])
            .stderr
            .contains("has no attached text")
    );
}

#[test]
fn a_pdf_is_read_with_pdftotext_and_bad_files_are_refused() {
    let env = env();
    let r = env.fails(&["attach", "nokey", "lib.bib"], 2);
    assert!(r.stderr.contains("nokey"), "{}", r.stderr);
    env.write("empty.txt", "  \n");
    let r = env.fails(&["attach", "kim2011", "empty.txt"], 2);
    assert!(r.stderr.contains("empty.txt has no text"), "{}", r.stderr);
    env.write("junk.bin", b"\x00\x01\x02binary".as_slice());
    let r = env.fails(&["attach", "kim2011", "junk.bin"], 2);
    assert!(r.stderr.contains("not text or a PDF"), "{}", r.stderr);
    env.write(
        "broken.pdf",
        b"%PDF-1.4\nthis is not a pdf at all".as_slice(),
    );
    if !client("pdftotext") {
        return;
    }
    let r = env.fails(&["attach", "kim2011", "broken.pdf"], 2);
    assert!(
        r.stderr.contains("broken.pdf is a damaged PDF"),
        "{}",
        r.stderr
    );
    // A real PDF (tests/fixtures/offprint-233.pdf, made by pdflatex from offprint-233.tex):
    // its footers number the pages 233-235.
    std::fs::copy(
        repo("tests/fixtures/offprint-233.pdf"),
        env.path().join("kim.pdf"),
    )
    .unwrap();
    let r = env.run(&["attach", "kim2011", "kim.pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("3 pages, printed 233–235"),
        "{}",
        r.stderr
    );
    let lines = check_fulltext(&env);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("is not in the text attached")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("page-mismatch")),
        "{lines:#?}"
    );
}
