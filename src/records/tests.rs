//! The readers on files written the way Zotero, Better BibTeX, pandoc, EndNote and Mendeley
//! write them, and on bad input.

use super::*;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/records/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn get<'s>(s: &'s Source, f: &str) -> Option<&'s str> {
    s.get(f)
}

fn by_key<'r>(r: &'r Read, key: &str) -> &'r Source {
    r.sources.iter().find(|s| s.key == key).unwrap_or_else(|| {
        panic!(
            "no {key} in {:?}",
            r.sources.iter().map(|s| &s.key).collect::<Vec<_>>()
        )
    })
}

#[test]
fn zotero_csl_json_with_numeric_ids_custom_and_extra_imports() {
    let r = read(Format::CslJson, "zotero.json", &fixture("zotero.json"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let keys: Vec<&str> = r.sources.iter().map(|s| s.key.as_str()).collect();
    // URI and numeric ids are no keys: the scheme's, or the Extra's "Citation Key".
    assert_eq!(keys, ["institute2014", "lee2010", "berg1989", "korea1983"]);
    let history = by_key(&r, "institute2014");
    assert_eq!(history.entry_type, "book");
    let author = &history.persons("author")[0];
    assert!(author.corporate);
    assert_eq!(author.family, "Institute for Military History");
    assert_eq!(
        history.field("author").unwrap().raw,
        "{{Institute for Military History}}"
    );
    assert_eq!(get(history, "date"), Some("2014"));
    assert_eq!(get(history, "location"), Some("Seoul"));
    assert_eq!(get(history, "pagetotal"), Some("412"));
    assert_eq!(history.origin.line, 2);

    let lee = by_key(&r, "lee2010");
    assert_eq!(lee.entry_type, "incollection");
    assert_eq!(
        get(lee, "title"),
        Some("The Pueblo Incident and the ROK-US Alliance")
    );
    assert_eq!(
        lee.field("title").unwrap().raw,
        "{The Pueblo Incident and the {ROK-US} Alliance}"
    );
    assert_eq!(
        get(lee, "booktitle"),
        Some("One Alliance, Two Lenses: U.S.-Korea Relations in a New Era")
    );
    assert_eq!(get(lee, "pages"), Some("87–112"));
    assert_eq!(lee.field("pages").unwrap().raw, "{87--112}");
    assert_eq!(get(lee, "date"), Some("2010-03"));
    assert_eq!(get(lee, "origdate"), Some("2009"));
    assert_eq!(
        get(lee, "note"),
        Some("Read for the seminar; chapter 4 only.")
    );
    assert_eq!(lee.persons("editor")[0].family, "Shin");

    let berg = by_key(&r, "berg1989");
    assert_eq!(berg.entry_type, "article");
    assert_eq!(
        get(berg, "journaltitle"),
        Some("Journal of Strategic Studies")
    );
    assert_eq!(get(berg, "number"), Some("3"));
    assert_eq!(get(berg, "date"), Some("1989-09-01"));
    assert_eq!(get(berg, "doi"), Some("10.1080/01402398908437377"));
    assert_eq!(get(berg, "issn"), Some("0140-2390"));
    assert_eq!(
        berg.field("abstract").unwrap().raw,
        "{An abstract with \"quotes\" \\& 50\\% of the symbols.}"
    );
    let p = berg.persons("author");
    assert_eq!(
        (p[0].prefix.as_str(), p[0].family.as_str()),
        ("van der", "Berg")
    );
    assert_eq!(p[1].suffix, "Jr.");
    assert_eq!(
        berg.field("author").unwrap().raw,
        "{van der Berg, Jan and Oh, Jr., Kongdan}"
    );
    // What has no field is kept, objects as their JSON.
    assert_eq!(get(berg, "csl-source"), Some("Taylor and Francis+NEJM"));
    let custom: serde_json::Value = serde_json::from_str(get(berg, "csl-custom").unwrap()).unwrap();
    assert_eq!(custom["zoteroKey"], "QW12ER34");
    // The record as written, byte for byte.
    assert!(berg.raw.starts_with("{\n\t\t\"id\": 47,"), "{}", berg.raw);
    assert!(berg.raw.ends_with('}'));

    let web = by_key(&r, "korea1983");
    assert_eq!(web.entry_type, "online");
    assert_eq!(get(web, "urldate"), Some("2023-01-05"));
    assert_eq!(get(web, "year"), Some("Spring 1983"));
    // URLs are verbatim: no LaTeX escapes.
    assert_eq!(
        web.field("url").unwrap().raw,
        "{https://www.mnd.go.kr/paper_2020.pdf?lang=en&v=1}"
    );
}

#[test]
fn better_bibtex_json_and_pandoc_yaml_keep_their_keys() {
    let r = read(Format::CslJson, "bbt.json", &fixture("bbt.json"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let keys: Vec<&str> = r.sources.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["habermas1962", "curtis1983", "paik1990thesis"]);
    let c = by_key(&r, "curtis1983");
    assert_eq!(c.persons("editor").len(), 2);
    assert_eq!(
        get(c, "series"),
        Some("Studies of the East Asian Institute")
    );
    assert_eq!(get(c, "number"), Some("4"));
    let t = by_key(&r, "paik1990thesis");
    assert_eq!(t.entry_type, "thesis");
    assert_eq!(get(t, "institution"), Some("Columbia University"));
    assert_eq!(get(t, "type"), Some("PhD thesis"));
    assert_eq!(get(t, "date"), Some("1990/1991"));
    assert_eq!(get(t, "howpublished"), Some("typescript"));
    assert_eq!(get(t, "note"), None);

    let r = read(Format::CslYaml, "pandoc.yaml", &fixture("pandoc.yaml"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let k = by_key(&r, "kwan1982");
    assert_eq!(get(k, "date"), Some("1982-10"));
    let eds = k.persons("editor");
    assert_eq!(eds.len(), 2);
    assert!(eds[1].corporate);
    assert_eq!(get(by_key(&r, "finley1983"), "date"), Some("1983"));
}

#[test]
fn zotero_endnote_and_mendeley_ris_import() {
    let r = read(Format::Ris, "zotero.ris", &fixture("zotero.ris"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let keys: Vec<&str> = r.sources.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["curtis1983", "berg1989", "lee2010"]);
    let c = by_key(&r, "curtis1983");
    assert_eq!(c.entry_type, "book");
    assert_eq!(c.persons("editor").len(), 2, "A3 of a book is its editor");
    assert_eq!(
        get(c, "series"),
        Some("Studies of the East Asian Institute")
    );
    assert_eq!(get(c, "pagetotal"), Some("236"));
    assert_eq!(get(c, "isbn"), Some("978-0-669-06269-2"));
    assert_eq!(get(c, "urldate"), Some("2023-01-05"));
    assert_eq!(
        get(c, "keywords"),
        Some("Korea, United States, Military relations")
    );
    assert_eq!(get(c, "annotation"), Some("<p>Read chapters 2 and 5.</p>"));
    assert_eq!(get(c, "ris-dp"), Some("Open WorldCat"));
    assert_eq!(
        get(c, "url"),
        Some("https://archive.org/details/ussouthkoreanall0000unse")
    );
    assert_eq!(
        get(c, "ris-l2"),
        Some("https://catalog.example.org/record/123")
    );
    assert!(
        c.raw.starts_with("TY  - BOOK\r\n") && c.raw.ends_with("ER  -"),
        "{:?}",
        c.raw
    );
    let j = by_key(&r, "berg1989");
    assert_eq!(get(j, "pages"), Some("1–24"));
    assert_eq!(get(j, "date"), Some("1989-09-01"));
    assert_eq!(get(j, "shortjournal"), Some("J. Strateg. Stud."));
    assert_eq!(j.persons("author")[1].suffix, "Jr.");
    let ch = by_key(&r, "lee2010");
    assert_eq!(ch.entry_type, "incollection");
    assert_eq!(ch.persons("editor")[0].family, "Shin");
    assert_eq!(
        get(ch, "booktitle"),
        Some("One Alliance, Two Lenses: U.S.-Korea Relations in a New Era")
    );

    let r = read(Format::Ris, "endnote.ris", &fixture("endnote.ris"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let keys: Vec<&str> = r.sources.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        ["institute2014", "paik1990"],
        "EndNote's record numbers are no keys"
    );
    let h = by_key(&r, "institute2014");
    assert_eq!(h.entry_type, "report");
    assert!(h.persons("author")[0].corporate);
    assert_eq!(get(h, "institution"), Some("Ministry of National Defense"));
    assert_eq!(get(h, "number"), Some("MND-2014-07"));
    assert_eq!(get(h, "annotation"), Some("Korean edition 2013."));
    assert_eq!(get(h, "note"), Some("Second note from the EndNote record."));
    assert_eq!(
        get(h, "abstract"),
        Some("A long abstract that EndNote wrapped onto a second line without a tag.")
    );
    let p = by_key(&r, "paik1990");
    assert_eq!(get(p, "date"), Some("1990"));
    assert_eq!(get(p, "ris-da"), Some("MAR"));
    assert_eq!(get(p, "pages"), Some("5–19"));
    assert_eq!(get(p, "ris-an"), Some("WOS:A1990CX12300002"));

    let r = read(Format::Ris, "mendeley.ris", &fixture("mendeley.ris"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let s = by_key(&r, "Shin2007");
    assert_eq!(get(s, "journaltitle"), Some("Asian Survey"));
    assert_eq!(
        get(s, "abstract"),
        Some("Mendeley writes the abstract as N2.")
    );
    assert_eq!(get(s, "pages"), Some("231–252"));
}

#[test]
fn bad_records_are_each_located() {
    let ris = "TY  - BOOK\nTI  - One\nER  - \n\nTY  - JOUR\nTI  - Two\nXY  - what\nER  - \nTY  - BOOK\nTI  - Three\nTY  - NOPE\nER  - \nTY  - BOOK\nTI  - Open\n";
    let r = read(Format::Ris, "bad.ris", ris);
    let shown: Vec<String> = r.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        shown,
        [
            "bad.ris:7: record 2: unknown tag 'XY' (not a tag of the RIS specification)",
            "bad.ris:9: record 3: no 'ER  -' line ends this record before the next 'TY' at line 11",
            "bad.ris:11: record 4: unknown type 'TY  - NOPE'",
            "bad.ris:13: record 5: no 'ER  -' line ends this record (the file ends first)",
        ]
    );
    assert_eq!(r.sources.len(), 1);

    let cases: &[(&str, &str)] = &[
        (
            r#"{"id": "a", "type": "book"}"#,
            "x.json: $: CSL-JSON is an array of items; this is an object",
        ),
        (
            "[\n{\"id\": \"a\"},\n{\"type\": \"book\", \"title\": \"T\"}\n]",
            "x.json:2: $[0]: item has no 'type'",
        ),
        (
            "[\n{\"id\": \"a\", \"type\": \"book\"},\n\"text\"]",
            "x.json:3: $[1]: not a CSL item (an object with 'id' and 'type')",
        ),
        (
            "[{\"id\": \"a\", \"type\": \"book\", \"author\": [{\"given\": \"\"}]}]",
            "x.json:1: $[0].author[0]: a name with neither 'family' nor 'given' nor 'literal'",
        ),
        (
            "[{\"id\": \"a\", \"type\": \"book\", \"issued\": {\"date-parts\": [[\"x\"]]}}]",
            "x.json:1: $[0].issued: 'issued' is not a date (date-parts, raw, literal or an EDTF string)",
        ),
        (
            "[{\"id\": \"a\",",
            "x.json:1: not valid JSON: EOF while parsing an object at line 1 column 12",
        ),
    ];
    for (text, want) in cases {
        let r = read(Format::CslJson, "x.json", text);
        assert_eq!(
            r.errors.first().map(|e| e.to_string()).as_deref(),
            Some(*want),
            "{text}"
        );
    }
    let r = read(
        Format::CslJson,
        "x.json",
        "[\n{\"id\": \"a\"},\n{\"type\": \"book\", \"title\": \"T\"}\n]",
    );
    assert_eq!(r.errors[1].to_string(), "x.json:3: $[1]: item has no 'id'");
    let r = read(Format::CslYaml, "x.yaml", "title: no references here\n");
    assert!(
        r.errors[0]
            .to_string()
            .starts_with("x.yaml: $: CSL-YAML is a list"),
        "{:?}",
        r.errors
    );
    let r = read(
        Format::CslYaml,
        "x.yaml",
        "references:\n- id: a\n  type: book\n- id: b\n",
    );
    assert_eq!(
        r.errors[0].to_string(),
        "x.yaml: $.references[1]: item has no 'type'"
    );
}

#[test]
fn duplicate_own_keys_are_errors_and_scheme_keys_are_made_unique() {
    let r = read(
        Format::CslJson,
        "d.json",
        r#"[{"id":"k","type":"book"},{"id":"k","type":"book"},
           {"id":1,"type":"book","author":[{"family":"Smith"}],"issued":{"date-parts":[[2020]]}},
           {"id":2,"type":"book","author":[{"family":"Smith"}],"issued":{"date-parts":[[2020]]}}]"#,
    );
    assert_eq!(r.errors.len(), 1);
    assert_eq!(
        r.errors[0].message,
        "key 'k' is already the key of record 1"
    );
    let keys: Vec<&str> = r.sources.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["k", "smith2020", "smith2020a"]);
}

#[test]
fn nothing_panics_on_odd_input() {
    let odd = [
        "",
        "\u{feff}",
        "[",
        "]",
        "[[]]",
        "[null]",
        "[{}]",
        "[{\"id\":{},\"type\":[]}]",
        "[{\"id\":\"a\",\"type\":\"book\",\"issued\":{\"date-parts\":[[]]}}]",
        "[{\"id\":\"a\",\"type\":\"book\",\"issued\":{\"date-parts\":[]}}]",
        "[{\"id\":\"a\",\"type\":\"book\",\"title\":\"<span class=\\\"nocase\\\">open\"}]",
        "[{\"id\":\"a\",\"type\":\"book\",\"title\":\"a < b > c\"}]",
        "TY  -",
        "TY  - \nER  -",
        "ER  - ",
        "AU  - x",
        "TY  - BOOK\nSP  - -\nER  - ",
        "TY  - BOOK\nPY  - 99999\nDA  - ////\nER  - ",
        "- - -",
        "{{{{",
    ];
    for text in odd {
        for f in [Format::Ris, Format::CslJson, Format::CslYaml] {
            let _ = read(f, "odd", text);
        }
    }
}
