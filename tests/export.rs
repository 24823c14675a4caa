//! `annobib export bibtex|biblatex`: faithful output, key selection, round trips.

use crate::util::{Env, valid_fixtures};

#[test]
fn biblatex_export_keeps_raw_values_and_field_order() {
    let env = Env::with_readings();
    let out = env.ok(&["export", "biblatex"]);
    assert!(out.contains("@book{finley1983,"), "{out}");
    assert!(out.contains("title = {The {US} Military Experience in {Korea}, 1871-1982}"));
    let finley = &out[out.find("@book{finley1983").unwrap()..];
    let order: Vec<usize> = [
        "author",
        "title",
        "subtitle",
        "location",
        "publisher",
        "date",
    ]
    .iter()
    .map(|f| finley.find(&format!("  {f} = ")).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{finley}");
}

#[test]
fn bibtex_export_maps_biblatex_fields_and_types() {
    let env = Env::with_readings();
    let out = env.ok(&["export", "bibtex"]);
    assert!(!out.contains("@collection"), "{out}");
    assert!(out.contains("@book{curtis1983,"), "{out}");
    assert!(out.contains("address = {San Francisco}"), "{out}");
    assert!(
        out.contains("year = {1983}") || out.contains("year = 1983"),
        "{out}"
    );
    assert!(!out.contains("  date = "), "{out}");
    assert!(!out.contains("  location = "), "{out}");
    assert!(
        out.contains("{The {US} Military Experience in {Korea}, 1871-1982: In the Vanguard of {ROK-US} Relations}"),
        "subtitle folded into the title: {out}"
    );
}

#[test]
fn keys_select_sources_and_unknown_keys_fail() {
    let env = Env::with_readings();
    env.ok(&[
        "export",
        "biblatex",
        "--keys",
        "paik1990,shin2010",
        "-o",
        "out.bib",
    ]);
    let out = env.read("out.bib");
    assert_eq!(
        out.matches("\n@").count() + usize::from(out.starts_with('@')),
        2,
        "{out}"
    );
    assert!(out.contains("@book{paik1990,") && out.contains("@book{shin2010,"));
    let r = env.fails(&["export", "bibtex", "--keys", "paik1990,nosuch"], 2);
    assert!(r.stderr.contains("'nosuch'"), "{}", r.stderr);
}

/// import -> export biblatex -> import into a new library -> the same sources, field for field.
#[test]
fn round_trip_over_every_valid_fixture() {
    for file in valid_fixtures() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let first = Env::new();
        first.write(&name, std::fs::read(&file).unwrap());
        first.ok(&["import", &name]);
        first.ok(&["export", "biblatex", "-o", "exported.bib"]);
        let second = Env::new();
        second.write("exported.bib", first.read("exported.bib"));
        second.ok(&["import", "exported.bib"]);
        let a = sources_json(&first);
        let b = sources_json(&second);
        assert_eq!(a.len(), b.len(), "{name}: number of sources");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x["key"], y["key"], "{name}");
            assert_eq!(x["type"], y["type"], "{name}: {}", x["key"]);
            assert_eq!(x["fields"], y["fields"], "{name}: {}", x["key"]);
            assert_eq!(x["persons"], y["persons"], "{name}: {}", x["key"]);
        }
    }
}

fn sources_json(env: &Env) -> Vec<serde_json::Value> {
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["sources", "--format", "json"])).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let key = r["key"].as_str().unwrap();
            serde_json::from_str(&env.ok(&["source", key, "--format", "json"])).unwrap()
        })
        .collect()
}

#[test]
fn cited_only_exports_only_what_the_essay_cites() {
    let env = Env::with_readings();
    env.copy("bibliography/us-korea-military-alliance.txt", "essay.txt");
    env.ok(&["import", "essay.txt"]);
    let out = env.ok(&["export", "bibtex", "--cited-only"]);
    let keys: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix('@'))
        .map(|l| &l[l.find('{').unwrap() + 1..l.len() - 1])
        .collect();
    assert_eq!(keys, ["history2014", "finley1983"], "{out}");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&[
        "export",
        "csl-json",
        "--cited-only",
        "--document",
        "essay.txt",
    ]))
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
}

#[test]
fn ris_records_are_well_formed() {
    let env = Env::with_readings();
    let out = env.ok(&["export", "ris"]);
    assert_eq!(out.matches("TY  - ").count(), 6, "{out}");
    assert_eq!(out.matches("ER  - ").count(), 6, "{out}");
    assert!(
        out.contains("TY  - EDBOOK\r\nID  - curtis1983\r\n"),
        "{out}"
    );
    assert!(
        out.lines().all(|l| l.is_empty()
            || l.trim_end().len() >= 5 && &l[2..6] == "  - "
            || l.trim().is_empty()),
        "{out}"
    );
}

/// The whole library is streamed out of the store (file by file, in file order); BibTeX still
/// gets each crossref parent after all its children, even one in another file, the xdata
/// entries folded into their users; an entry a re-import no longer found (kept) stays where it
/// was.
#[test]
fn a_whole_library_exports_in_file_order_with_parents_last() {
    let env = Env::new();
    env.write(
        "a.bib",
        "@book{top, title = {Top}, publisher = {P}}\n@xdata{x, location = {Seoul}}\n\
         @string{s = {S}}\n@book{mid, crossref = {top}, title = {Mid}}\n@misc{gone}\n",
    );
    env.write(
        "b.bib",
        "@inbook{leaf, crossref = {mid}, xdata = {x}, pages = {1--2}}\n@misc{plain, title = s}\n",
    );
    env.ok(&["import", "a.bib", "b.bib"]);
    env.write(
        "a.bib",
        "@book{top, title = {Top}, publisher = {P}}\n@xdata{x, location = {Seoul}}\n\
         @string{s = {S}}\n@book{mid, crossref = {top}, title = {Mid}}\n",
    );
    env.ok(&["import", "a.bib"]);
    let heads = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.starts_with('@'))
            .map(str::to_string)
            .collect()
    };
    let bibtex = env.ok(&["export", "bibtex"]);
    assert_eq!(
        heads(&bibtex),
        [
            "@string{s = {S}}",
            "@misc{gone,",
            "@inbook{leaf,",
            "@misc{plain,",
            "@book{mid,",
            "@book{top,"
        ],
        "{bibtex}"
    );
    let leaf = &bibtex[bibtex.find("@inbook{leaf,").unwrap()..];
    assert!(leaf.contains("address = {Seoul}"), "{leaf}");
    assert!(!bibtex.contains("xdata"), "{bibtex}");
    let biblatex = env.ok(&["export", "biblatex"]);
    assert_eq!(
        heads(&biblatex),
        [
            "@book{top,",
            "@xdata{x,",
            "@string{s = {S}}",
            "@book{mid,",
            "@misc{gone,",
            "@inbook{leaf,",
            "@misc{plain,"
        ],
        "{biblatex}"
    );
}
