//! `annobib sources draft`: a document's reference list drafted into BibLaTeX entries that
//! import, with bad input refused in one line.

use crate::util::Env;

#[test]
fn the_example_essay_drafts_its_six_readings_and_the_drafts_import() {
    let env = Env::new();
    env.copy("bibliography/us-korea-military-alliance.txt", "essay.txt");
    let r = env.run(&["sources", "draft", "essay.txt", "-o", "drafts.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("drafted 6 entries"), "{}", r.stderr);
    let bib = env.read("drafts.bib");
    for head in [
        "@book{history2014,",
        "@collection{curtis1983,",
        "@book{finley1983,",
        "@collection{kwan1982,",
        "@book{paik1990,",
        "@book{shin2010,",
    ] {
        assert!(bib.contains(head), "{head} missing in:\n{bib}");
    }
    assert_eq!(bib.matches("% unsure:").count(), 6);
    assert!(
        bib.contains("editor    = {Curtis, Gerald L. and Han, Sung-joo},"),
        "{bib}"
    );
    assert!(
        bib.contains("publisher = {StanfordUniversity Press},"),
        "{bib}"
    );
    // The drafts are a .bib file annobib imports.
    let r = env.run(&["import", "drafts.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = env.ok(&["sources", "--format", "json"]);
    assert!(out.contains("\"finley1983\""), "{out}");
    // Without -o the drafts go to stdout; the listing still works beside the subcommand.
    let out = env.ok(&["sources", "draft", "essay.txt"]);
    assert_eq!(out, bib);
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let env = Env::new();
    env.write(
        "plain.txt",
        "Just one paragraph of prose, with no reference list at all.\n",
    );
    env.write(
        "fake.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".as_slice(),
    );
    for (file, says) in [
        ("plain.txt", "no reference list found"),
        ("fake.pdf", "is a PDF"),
        ("missing.txt", "cannot read missing.txt"),
    ] {
        let r = env.fails(&["sources", "draft", file], 2);
        assert!(r.stderr.contains(says), "{file}: {}", r.stderr);
        assert_eq!(r.stderr.trim().lines().count(), 1, "{file}: {}", r.stderr);
    }
}
