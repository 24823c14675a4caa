//! Essays into claims, citations into links; the user's links, notes and exemptions across
//! edits of the essay.

use serde_json::Value;

use crate::util::Env;

const ESSAY: &str = "essay.txt";

fn example() -> (Env, String) {
    let env = Env::with_example();
    let text = env.read(ESSAY);
    (env, text)
}

fn claims(env: &Env) -> Vec<Value> {
    let v: Value = serde_json::from_str(&env.ok(&["claims", "--format", "json"])).unwrap();
    v.as_array().unwrap().clone()
}

/// The claim whose text contains `needle`.
fn find<'a>(claims: &'a [Value], needle: &str) -> &'a Value {
    claims
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no claim with {needle:?}"))
}

#[test]
fn every_inline_citation_is_found_on_its_claim_with_its_page_and_source() {
    let (env, text) = example();
    let all = claims(&env);
    let cited: Vec<(&str, &str, &str)> = all
        .iter()
        .filter(|c| c["kind"] == "claim")
        .flat_map(|c| c["citations"].as_array().unwrap())
        .map(|c| {
            (
                c["source"].as_str().unwrap_or("-"),
                c["locator"].as_str().unwrap_or("-"),
                c["locator_label"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        cited,
        [
            ("history2014", "24", "page"),
            ("history2014", "25", "page"),
            ("finley1983", "150", "page"),
            ("history2014", "60", "page"),
        ]
    );
    let c = find(&all, "Blood Alliance");
    let cit = &c["citations"][0];
    let (s, e) = (
        cit["start"].as_u64().unwrap() as usize,
        cit["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], cit["marker"].as_str().unwrap());
    assert!(cit["marker"].as_str().unwrap().contains("James P. Finley"));
    let (s, e) = (
        c["start"].as_u64().unwrap() as usize,
        c["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], c["text"].as_str().unwrap());
    assert!(
        cit["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("title"))
    );

    let refs: Vec<&str> = all
        .iter()
        .filter(|c| c["kind"] == "reference")
        .map(|c| c["citations"][0]["source"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        refs,
        [
            "history2014",
            "curtis1983",
            "finley1983",
            "kwan1982",
            "paik1990",
            "shin2010"
        ]
    );
    let title = all.iter().find(|c| c["kind"] == "title").unwrap();
    assert_eq!(title["text"], "US-Korea Military Alliance");
}

#[test]
fn claims_filters() {
    let (env, _) = example();
    let by_source: Value =
        serde_json::from_str(&env.ok(&["claims", "--source", "history2014", "--format", "json"]))
            .unwrap();
    assert_eq!(
        by_source.as_array().unwrap().len(),
        4,
        "three claims and the reading list"
    );
    let uncited: Value =
        serde_json::from_str(&env.ok(&["claims", ESSAY, "--uncited", "--format", "json"])).unwrap();
    let uncited = uncited.as_array().unwrap();
    assert!(
        uncited
            .iter()
            .all(|c| c["kind"] == "claim" && c["citations"].as_array().unwrap().is_empty())
    );
    assert!(uncited.len() > 40);
    let section: Value = serde_json::from_str(&env.ok(&[
        "claims",
        "--section",
        "mutual defense",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(
        section
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["section"] == "US-ROK Mutual Defense Treaty")
    );
    let csv = env.ok(&["claims", "--format", "csv", "--source", "finley1983"]);
    assert!(
        csv.starts_with("id,document,line,kind,section,text,citations\n"),
        "{csv}"
    );
    assert!(csv.contains("finley1983 p. 150"), "{csv}");
}

#[test]
fn without_sources_markers_are_still_found_unresolved() {
    let env = Env::new();
    env.copy("bibliography/us-korea-military-alliance.txt", ESSAY);
    env.ok(&["import", ESSAY]);
    let all = claims(&env);
    let cits: Vec<&Value> = all
        .iter()
        .filter(|c| c["kind"] == "claim")
        .flat_map(|c| c["citations"].as_array().unwrap())
        .collect();
    assert_eq!(cits.len(), 4);
    assert!(cits.iter().all(|c| c["source"].is_null()));
    assert_eq!(cits[0]["locator"], "24");
    assert!(
        cits[0]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("library has no sources")
    );
    // Importing the readings afterwards resolves them.
    env.copy("bibliography/readings.bib", "readings.bib");
    env.ok(&["import", "readings.bib"]);
    let all = claims(&env);
    assert_eq!(
        find(&all, "Blood Alliance")["citations"][0]["source"],
        "finley1983"
    );
}

#[test]
fn manual_links_notes_and_exemptions_survive_edits_of_the_essay() {
    let (env, text) = example();
    let all = claims(&env);
    let id = |needle: &str| find(&all, needle)["id"].as_str().unwrap().to_string();
    let aid = id("totaled an estimated $2.3B");
    let cfc = id("Combined Forced Command (CFC)");
    let eisenhower = id("President Dwight D. Eisenhower entered office");
    let pow = id("anti-communist North Korean POWs");
    let thesis = id("What makes the US-ROK Mutual Defense Treaty truly unique");

    env.ok(&[
        "link",
        &aid,
        "shin2010",
        "--page",
        "24-26",
        "--note",
        "aid figures",
    ]);
    env.ok(&["link", &cfc, "curtis1983", "--page", "ch. 3"]);
    env.ok(&[
        "link",
        &eisenhower,
        "paik1990",
        "--note",
        "Eisenhower's campaign",
    ]);
    env.ok(&["link", &pow, "kwan1982"]);
    env.ok(&["exempt", &thesis, "--reason", "the author's own argument"]);

    // Insert a sentence, delete the Eisenhower one, reword the aid one, move the CFC
    // paragraph's sentence elsewhere.
    let cfc_sentence = "A significant milestone in military cooperation occurred in October 1978 when both countries agreed to establish the Combined Forced Command (CFC), a defense structure that allowed unified military operations. ";
    let edited = text
        .replace(
            "President Dwight D. Eisenhower entered office in 1953 after running on a platform that called for ending a Korean War that had reached a stalemate. ",
            "",
        )
        .replace(
            "US economic assistance to the ROK from 1953-1961 totaled an estimated $2.3B,",
            "American economic assistance to the ROK from 1953-1961 totaled an estimated $2.3B in all,",
        )
        .replace(cfc_sentence, "")
        .replace(
            "The perception exists that",
            &format!("{cfc_sentence}The perception exists that"),
        )
        .replace(
            "For over sixty years,",
            "The alliance is older than most of its soldiers. For over sixty years,",
        );
    assert_ne!(edited, text);
    env.write(ESSAY, &edited);
    let r = env.run(&["import", ESSAY]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{eisenhower}: orphaned")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("{aid}: re-anchored by fuzzy")),
        "{}",
        r.stderr
    );

    let all = claims(&env);
    let by_id = |id: &str| all.iter().find(|c| c["id"] == id).unwrap().clone();
    let a = by_id(&aid);
    assert!(a["text"].as_str().unwrap().contains("$2.3B in all"));
    let link = a["citations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["origin"] == "manual")
        .unwrap();
    assert_eq!(
        (link["source"].as_str(), link["locator"].as_str()),
        (Some("shin2010"), Some("24-26"))
    );
    assert_eq!(link["note"], "aid figures");
    let c = by_id(&cfc);
    assert_eq!(c["section"], "The US Military Commitment to the ROK");
    assert!(
        c["text"]
            .as_str()
            .unwrap()
            .starts_with("A significant milestone")
    );
    assert_eq!(c["citations"][0]["source"], "curtis1983");
    let e = by_id(&eisenhower);
    assert_eq!(e["orphaned"], true, "deleted, kept with its link");
    assert_eq!(e["citations"][0]["note"], "Eisenhower's campaign");
    assert_eq!(by_id(&pow)["citations"][0]["source"], "kwan1982");
    assert_eq!(by_id(&thesis)["exempt"], "the author's own argument");

    // Unlink and exempt --undo.
    env.ok(&["unlink", &pow, "kwan1982"]);
    env.ok(&["exempt", &thesis, "--undo"]);
    let all = claims(&env);
    let p = all.iter().find(|c| c["id"] == pow.as_str()).unwrap();
    assert!(p["citations"].as_array().unwrap().is_empty());
    assert!(all.iter().find(|c| c["id"] == thesis.as_str()).unwrap()["exempt"].is_null());
}

#[test]
fn link_errors_are_one_line_with_exit_code_2() {
    let (env, _) = example();
    let r = env.fails(&["link", "c9999", "finley1983"], 2);
    assert_eq!(
        r.stderr.trim(),
        "annobib: error: no claim c9999 in the library (its claims are c1 to c75; list them with annobib claims)"
    );
    let r = env.fails(&["link", "c9", "nosuch"], 2);
    assert_eq!(
        r.stderr.trim(),
        "annobib: error: no source with key 'nosuch' in the library (list them with annobib sources)"
    );
    let r = env.fails(&["link", "x9", "finley1983"], 2);
    assert!(r.stderr.contains("'x9' is not a claim id"), "{}", r.stderr);
    let r = env.fails(&["link", "c9", "finley1983", "--page", "%%"], 2);
    assert!(r.stderr.contains("--page"), "{}", r.stderr);
    let r = env.fails(&["unlink", "c9", "finley1983"], 2);
    assert!(
        r.stderr.contains("has no link to finley1983"),
        "{}",
        r.stderr
    );
}

#[test]
fn annotate_writes_the_note_into_the_bib_file_where_reimports_keep_it() {
    let (env, _) = example();
    let before = env.read("readings.bib");
    let r = env.run(&["annotate", "paik1990", "Read for the 1970s {crisis}, 50%"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("annotated paik1990 in readings.bib"),
        "{}",
        r.stderr
    );
    let after = env.read("readings.bib");
    assert!(
        after.contains(r"annotation = {Read for the 1970s \{crisis\}, 50\%}"),
        "{after}"
    );
    // Only that value changed: every other byte of the file is as it was.
    let expected = before.replace(
        "{Recommended reading on security relations after 1945; not cited\n                in the essay.}",
        r"{Read for the 1970s \{crisis\}, 50\%}",
    );
    assert_ne!(expected, before);
    assert_eq!(after, expected);
    // The user edits the entry in the file: the note stays (it is in the file).
    env.write(
        "readings.bib",
        after.replace("{Seoul Press}", "{Seoul Press Ltd.}"),
    );
    env.ok(&["import", "readings.bib"]);
    let shown = env.ok(&["source", "paik1990"]);
    assert!(
        shown.contains("annotation: Read for the 1970s {crisis}, 50%"),
        "{shown}"
    );
    assert!(shown.contains("Seoul Press Ltd."), "{shown}");
    // A file changed behind annobib's back is not edited.
    env.write(
        "readings.bib",
        env.read("readings.bib")
            .replace("{Lexington Books}", "{Lexington}"),
    );
    let r = env.fails(&["annotate", "paik1990", "again"], 2);
    assert!(
        r.stderr
            .contains("readings.bib changed since it was imported"),
        "{}",
        r.stderr
    );
}

/// Issue 9 finding 9: `annotate` replaced a symlinked .bib with a plain file.
#[cfg(unix)]
#[test]
fn annotate_writes_through_a_symbolic_link_and_keeps_it_a_link() {
    let env = crate::util::Env::new();
    env.copy("bibliography/readings.bib", "shared/readings.bib");
    std::os::unix::fs::symlink("shared/readings.bib", env.path().join("readings.bib")).unwrap();
    env.ok(&["import", "readings.bib"]);
    let r = env.run(&["annotate", "paik1990", "Through the link"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let link = env.path().join("readings.bib");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "still a link"
    );
    assert!(
        env.read("shared/readings.bib")
            .contains("annotation = {Through the link}")
    );
    let names: Vec<_> = std::fs::read_dir(env.path().join("shared"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["readings.bib"], "no temporary file left");
}

#[test]
fn annotate_keeps_the_note_in_the_library_when_the_file_is_gone() {
    let (env, _) = example();
    std::fs::remove_file(env.path().join("readings.bib")).unwrap();
    let r = env.run(&["annotate", "shin2010", "Library only"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("kept in the library only"),
        "{}",
        r.stderr
    );
    assert!(
        env.ok(&["source", "shin2010"])
            .contains("annotation: Library only")
    );
}

#[test]
fn annotate_writes_the_annotation_field() {
    let (env, _) = example();
    env.ok(&[
        "annotate",
        "shin2010",
        "Read for the chapter on OPCON {transfer}",
    ]);
    assert!(
        env.ok(&["source", "shin2010"])
            .contains("annotation: Read for the chapter on OPCON {transfer}")
    );
    let bib = env.ok(&["export", "biblatex", "--keys", "shin2010"]);
    assert!(
        bib.contains(r"annotation = {Read for the chapter on OPCON \{transfer\}}"),
        "{bib}"
    );
    env.ok(&["annotate", "shin2010", "--clear"]);
    assert!(
        env.ok(&["source", "shin2010"])
            .contains("annotation: (none)")
    );
}

#[test]
fn source_shows_where_it_is_used() {
    let (env, _) = example();
    let out = env.ok(&["source", "history2014"]);
    assert!(out.contains("used by:"), "{out}");
    assert_eq!(out.matches(" p. ").count(), 3, "{out}");
    assert!(out.contains("(in the reading list)"), "{out}");
    let v: Value =
        serde_json::from_str(&env.ok(&["source", "finley1983", "--format", "json"])).unwrap();
    assert_eq!(v["used_by"][0]["locator"], "150");
    let list: Value = serde_json::from_str(&env.ok(&["sources", "--format", "json"])).unwrap();
    let h = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "history2014")
        .unwrap();
    assert_eq!(h["citing_claims"], 3);
}

#[test]
fn every_claim_of_running_text_has_its_need() {
    let (env, _) = example();
    let all = claims(&env);
    for c in &all {
        match c["kind"].as_str().unwrap() {
            "claim" => {
                let p = c["need"].as_f64().unwrap_or_else(|| panic!("no need: {c}"));
                assert!((0.0..=1.0).contains(&p), "{c}");
            }
            _ => assert!(c["need"].is_null(), "{c}"),
        }
    }
    // A statistic needs a citation more than the essay's framing does.
    let need = |needle: &str| find(&all, needle)["need"].as_f64().unwrap();
    assert!(
        need("$2.3B") > need("What makes the US-ROK Mutual Defense Treaty truly unique"),
        "{} vs {}",
        need("$2.3B"),
        need("What makes the US-ROK Mutual Defense Treaty truly unique")
    );
}

/// Issue 9 finding 8: after `--prune` deleted a source, a manual link to it stayed unbound
/// when the entry came back under its key.
#[test]
fn a_manual_link_is_bound_again_when_its_pruned_source_comes_back() {
    let (env, _) = example();
    let all = claims(&env);
    let id = find(&all, "President Dwight D. Eisenhower entered office")["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["link", &id, "paik1990", "--page", "12"]);
    let bib = env.read("readings.bib");
    let start = bib.find("@book{paik1990").unwrap();
    let end = start + bib[start..].find("\n}").unwrap() + 2;
    env.write("readings.bib", format!("{}{}", &bib[..start], &bib[end..]));
    env.ok(&["import", "--prune", "readings.bib"]);
    let shown = env.ok(&["claim", &id]);
    assert!(
        shown.contains("'paik1990' is no longer in the library"),
        "{shown}"
    );
    env.write("readings.bib", &bib);
    env.ok(&["import", "readings.bib"]);
    let shown = env.ok(&["claim", &id]);
    assert!(!shown.contains("no longer in the library"), "{shown}");
    assert!(shown.contains("paik1990 p. 12 (manual)"), "{shown}");
}

/// Issue 9 finding 8: splitting an exempted sentence and joining it again orphaned the
/// exemption.
#[test]
fn an_exemption_follows_a_sentence_split_and_joined_again() {
    let env = crate::util::Env::new();
    let joined = "Intro heading\n\nThe alliance grew stronger over the years because both states faced the same threat from the north. Many observers agree on this point.\n";
    env.write("e.txt", joined);
    env.ok(&["import", "e.txt"]);
    env.ok(&["exempt", "c2", "--reason", "own view"]);
    env.write(
        "e.txt",
        joined.replace("over the years because both", "over the years. Both"),
    );
    env.ok(&["import", "e.txt"]);
    env.write("e.txt", joined);
    let r = env.run(&["import", "e.txt"]);
    assert!(!r.stderr.contains("orphaned"), "{}", r.stderr);
    let all = claims(&env);
    let c = find(&all, "because both states");
    assert_eq!(c["id"], "c2");
    assert_eq!(c["exempt"], "own view");
    assert!(all.iter().all(|c| c["orphaned"] == false));
}

/// Issue 15, item 3: `link --page` refuses a page the source does not have.
#[test]
fn a_link_to_a_page_the_source_does_not_have_is_refused_unless_forced() {
    let env = crate::util::Env::new();
    env.write(
        "lib.bib",
        "@book{b2000, title = {A Book}, pagetotal = {300}, year = 2000}\n\
         @article{a2001, title = {An Article}, journaltitle = {J}, pages = {33--57}, year = 2001}\n",
    );
    env.write(
        "e.txt",
        "Title\n\nThe treaty was signed in 1953 after long talks.\n",
    );
    env.ok(&["import", "lib.bib", "e.txt"]);
    let id = find(&claims(&env), "treaty")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = env.fails(&["link", &id, "b2000", "--page", "412"], 2);
    assert!(
        r.stderr.contains(
            "--page p. 412: cited page 412 is beyond pagetotal = {300} (--force links it anyway)"
        ),
        "{}",
        r.stderr
    );
    let r = env.fails(&["link", &id, "a2001", "--page", "60-62"], 2);
    assert!(
        r.stderr
            .contains("cited pages 60–62 are outside pages = {33–57}"),
        "{}",
        r.stderr
    );
    // Nothing was linked.
    assert!(!env.ok(&["claim", &id]).contains("(manual)"));
    env.ok(&["link", &id, "a2001", "--page", "40"]);
    env.ok(&["link", &id, "b2000", "--page", "412", "--force"]);
    env.ok(&["link", &id, "b2000", "--page", "ch. 3"]);
    let shown = env.ok(&["claim", &id]);
    assert!(shown.contains("a2001 p. 40 (manual)"), "{shown}");
}
