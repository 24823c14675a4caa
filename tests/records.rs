//! `annobib import` of reference-manager files (RIS, CSL-JSON, CSL-YAML): keys, upserts,
//! located errors with nothing imported, faithful export and round trips.

use crate::util::Env;

const FIXTURES: &[&str] = &[
    "zotero.json",
    "bbt.json",
    "pandoc.yaml",
    "zotero.ris",
    "endnote.ris",
    "mendeley.ris",
];

fn with(name: &str) -> Env {
    let env = Env::new();
    env.copy(&format!("tests/fixtures/records/{name}"), name);
    env
}

#[test]
fn each_reference_manager_file_imports_and_reimports_unchanged() {
    for (name, format, n) in [
        ("zotero.json", "CSL-JSON", 4),
        ("bbt.json", "CSL-JSON", 3),
        ("pandoc.yaml", "CSL-YAML", 2),
        ("zotero.ris", "RIS", 3),
        ("endnote.ris", "RIS", 2),
        ("mendeley.ris", "RIS", 1),
    ] {
        let env = with(name);
        let r = env.run(&["import", name]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert_eq!(
            r.stderr.trim(),
            format!("{name} ({format}): {n} added, 0 updated, 0 unchanged, 0 gone from the file")
        );
        let r = env.run(&["import", name]);
        assert_eq!(
            r.stderr.trim(),
            format!("{name} ({format}): 0 added, 0 updated, {n} unchanged, 0 gone from the file")
        );
    }
}

#[test]
fn an_imported_record_is_a_source_like_a_bib_entry() {
    let env = with("zotero.json");
    env.ok(&["import", "zotero.json"]);
    let json = env.ok(&["source", "lee2010", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let text = v.to_string();
    assert!(text.contains("incollection"), "{json}");
    assert!(text.contains("One Alliance, Two Lenses"), "{json}");
    assert!(text.contains("Shin"), "{json}");
    // A record's citation resolves like an entry's: the essay names the corporate author.
    env.write(
        "essay.md",
        "# Essay\n\nThe alliance began in 1953 (Institute for Military History 2014, 12).\n",
    );
    let r = env.run(&["import", "essay.md"]);
    assert!(r.stderr.contains("1 resolved"), "{}", r.stderr);
}

#[test]
fn a_changed_record_updates_by_key_and_a_removed_one_is_gone() {
    let env = with("mendeley.ris");
    let text = env.read("mendeley.ris");
    env.write(
        "refs.ris",
        format!("{text}\nTY  - BOOK\nID  - extra2000\nTI  - Extra\nER  - \n"),
    );
    env.ok(&["import", "refs.ris"]);
    let before = env.ok(&["source", "Shin2007", "--format", "json"]);
    env.write("refs.ris", text.replace("VL  - 47", "VL  - 48"));
    let r = env.run(&["import", "refs.ris"]);
    assert_eq!(
        r.stderr.trim(),
        "refs.ris (RIS): 0 added, 1 updated, 0 unchanged, 1 gone from the file (kept; --prune deletes them)"
    );
    let after = env.ok(&["source", "Shin2007", "--format", "json"]);
    assert_ne!(before, after);
    assert!(after.contains("48"));
}

#[test]
fn bad_records_are_located_and_nothing_is_imported_unless_skip_invalid() {
    let env = Env::new();
    env.write(
        "refs.ris",
        "TY  - BOOK\r\nTI  - Good\r\nAU  - Kim, A.\r\nPY  - 2001\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - Bad\r\nZZ  - what\r\nER  - \r\n\r\nTY  - BOOK\r\nTI  - Never closed\r\n",
    );
    let r = env.fails(&["import", "refs.ris"], 2);
    assert_eq!(
        r.stderr.trim(),
        "refs.ris:9: record 2: unknown tag 'ZZ' (not a tag of the RIS specification)\n\
         refs.ris:12: record 3: no 'ER  -' line ends this record (the file ends first)\n\
         annobib: error: 2 invalid records in refs.ris; nothing was imported (--skip-invalid imports the valid records)"
    );
    assert!(
        !env.db().exists(),
        "a refused import leaves no library behind"
    );
    let r = env.run(&["import", "--skip-invalid", "refs.ris"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("skipped: refs.ris:9: record 2: unknown tag 'ZZ'"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("refs.ris (RIS): 1 added"), "{}", r.stderr);
    env.ok(&["source", "kim2001"]);

    for (name, text, want) in [
        (
            "a.json",
            "{\"id\": 1, \"type\": \"book\"}",
            "a.json: $: CSL-JSON is an array of items; this is an object",
        ),
        (
            "b.json",
            "[{\"id\": 1, \"type\": \"book\"},\n{\"id\": 2}]",
            "b.json:2: $[1]: item has no 'type'",
        ),
        (
            "c.json",
            "[{\"type\": \"book\", \"title\": \"T\"}]",
            "c.json:1: $[0]: item has no 'id'",
        ),
        (
            "d.yaml",
            "references:\n  - type: book\n",
            "d.yaml: $.references[0]: item has no 'id'",
        ),
    ] {
        env.write(name, text);
        let r = env.fails(&["import", name], 2);
        assert_eq!(r.stderr.lines().next(), Some(want), "{}", r.stderr);
    }
}

#[test]
fn export_writes_an_imported_record_as_it_was_with_the_librarys_key() {
    let env = with("zotero.json");
    env.ok(&["import", "zotero.json"]);
    let out = env.ok(&["export", "csl-json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[2]["id"], "berg1989");
    assert_eq!(items[2]["custom"]["zoteroKey"], "QW12ER34", "custom kept");
    assert_eq!(items[2]["source"], "Taylor and Francis+NEJM");
    assert_eq!(
        items[1]["note"],
        "Citation Key: lee2010\noriginal-date: 2009\nRead for the seminar; chapter 4 only."
    );

    let env = with("endnote.ris");
    env.ok(&["import", "endnote.ris"]);
    let out = env.ok(&["export", "ris"]);
    assert!(
        out.starts_with(
            "TY  - RPRT\r\nID  - institute2014\r\nAU  - Institute for Military History\r\n"
        ),
        "{out}"
    );
    assert!(out.contains("DB  - EndNote Library\r\n"));
    assert!(!out.contains("ID  - 12\r\n"));
}

/// The sources of a library as BibLaTeX (every field, as stored).
fn biblatex(env: &Env) -> String {
    env.ok(&["export", "biblatex"])
}

#[test]
fn round_trips_keep_every_field() {
    for name in FIXTURES {
        for format in ["csl-json", "ris"] {
            let env = with(name);
            env.ok(&["import", name]);
            let first = biblatex(&env);
            let ext = if format == "ris" { "ris" } else { "json" };
            let exported = env.ok(&["export", format]);
            let again = Env::new();
            again.write(&format!("back.{ext}"), &exported);
            let r = again.run(&["import", &format!("back.{ext}")]);
            assert_eq!(r.code, 0, "{name} -> {format}: {}", r.stderr);
            let second = biblatex(&again);
            let same_format = (format == "ris") == name.ends_with(".ris");
            if same_format {
                // The record as written goes out and comes back: every field, every key.
                assert_eq!(first, second, "{name} -> {format} -> import");
            } else {
                // Across formats: the keys and the fields both formats have.
                for key in keys(&first) {
                    let a = env.ok(&["source", &key, "--format", "json"]);
                    let b = again.ok(&["source", &key, "--format", "json"]);
                    // RIS has no date ranges: the year is what both formats keep.
                    let year = |j: &str| {
                        let v: serde_json::Value = serde_json::from_str(j).unwrap();
                        v["fields"].as_array().and_then(|f| {
                            f.iter()
                                .find(|f| f["name"] == "date")
                                .and_then(|f| f["value"].as_str().map(|s| s[..4].to_string()))
                        })
                    };
                    assert_eq!(year(&a), year(&b), "{name} -> {format}: {key} year");
                    for field in [
                        "author",
                        "editor",
                        "publisher",
                        "location",
                        "pages",
                        "volume",
                        "doi",
                        "isbn",
                        "journaltitle",
                        "booktitle",
                    ] {
                        assert_eq!(
                            field_value(&a, field),
                            field_value(&b, field),
                            "{name} -> {format}: {key}.{field}"
                        );
                    }
                }
            }
        }
    }
}

fn keys(biblatex: &str) -> Vec<String> {
    biblatex
        .lines()
        .filter_map(|l| l.strip_prefix('@'))
        .filter_map(|l| {
            l.split_once('{')
                .map(|(_, k)| k.trim_end_matches(',').to_string())
        })
        .collect()
}

fn field_value(json: &str, name: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let fields = v["fields"].as_array()?;
    fields
        .iter()
        .find(|f| f["name"] == name || f[0] == name)
        .map(|f| f.to_string())
}

#[test]
fn annotating_a_record_keeps_the_note_in_the_library() {
    let env = with("mendeley.ris");
    env.ok(&["import", "mendeley.ris"]);
    let before = env.read("mendeley.ris");
    let r = env.run(&["annotate", "Shin2007", "Cited for the two lenses."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("is not a .bib file"), "{}", r.stderr);
    assert_eq!(
        env.read("mendeley.ris"),
        before,
        "the RIS file is not edited"
    );
    let out = env.ok(&["export", "ris"]);
    assert!(out.contains("N1  - Cited for the two lenses."), "{out}");
}
