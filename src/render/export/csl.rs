//! CSL-JSON: the library as the array of items pandoc's citeproc, citeproc-js and Zotero read
//! (schema: citation-style-language/schema `csl-data.json`).
//!
//! Owns the field mapping from BibLaTeX to CSL variables. Titles are given in sentence case
//! for English entries (the form CSL data is kept in; title-case styles convert back) with
//! brace-protected words kept in `<span class="nocase">`, which matches pandoc's own reading of
//! the same .bib. Not here: the entry-type table and dates (the parent module and `date`).
//!
//! Keys are written in a fixed order (id, type, titles, names, dates, the rest) so exports of
//! the same library diff cleanly.

use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

use super::date::{DateValue, Ymd, date_field};
use super::latex::{csl_text, protected};
use super::{bare_doi, entry_types, genre, is_english, joined_title, language, publisher, text};
use crate::model::{Person, Source};

/// Writes `sources` as a CSL-JSON array (pretty-printed, one item per source, in order).
///
/// A source read from a CSL file whose fields are still what its item says is written as
/// that item (every variable kept, Zotero's `custom` included), with the library's key as its
/// `id`.
pub fn write_csl_json(out: &mut dyn Write, sources: &[Source]) -> io::Result<()> {
    let items: Vec<Out> = sources
        .iter()
        .map(|s| kept_item(s).map_or_else(|| Out::Made(item(s)), Out::Kept))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

/// An item made from the fields, or the item as its file had it.
enum Out {
    Made(Item),
    Kept(Value),
}

impl Serialize for Out {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Out::Made(i) => i.serialize(s),
            Out::Kept(v) => v.serialize(s),
        }
    }
}

/// The CSL item a source was imported from, when its fields still say what the item says
/// (an annotation set in the library alone makes them differ: then the fields are written).
fn kept_item(src: &Source) -> Option<Value> {
    if !src.raw.starts_with('{') {
        return None;
    }
    let (ty, fields, persons) = crate::records::csl_item_source(&src.raw)?;
    if ty != src.entry_type || fields != src.fields || persons != src.persons {
        return None;
    }
    let mut v: Value = serde_json::from_str(&src.raw).ok()?;
    v.as_object_mut()?
        .insert("id".into(), Value::String(src.key.clone()));
    Some(v)
}

/// One CSL item: variables in the order they were added.
struct Item(Vec<(&'static str, Value)>, Extra);

/// Variables kept from a CSL file (`csl-*` fields), written after the rest.
#[derive(Default)]
struct Extra(Vec<(String, Value)>);

impl Item {
    fn put(&mut self, name: &'static str, value: Option<impl Into<Value>>) {
        if let Some(v) = value {
            self.0.push((name, v.into()));
        }
    }
}

impl Serialize for Item {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len() + self.1.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        for (k, v) in &self.1.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

use crate::records::map::{NAMES, PLAIN};

/// Types whose `number` is the number in a series, not a report's or an issue's number.
const SERIAL: &[&str] = &[
    "book",
    "mvbook",
    "inbook",
    "bookinbook",
    "suppbook",
    "collection",
    "mvcollection",
    "incollection",
    "suppcollection",
    "proceedings",
    "mvproceedings",
    "inproceedings",
    "conference",
    "reference",
    "mvreference",
    "inreference",
];

fn item(src: &Source) -> Item {
    let mut it = Item(Vec::new(), Extra::default());
    let (csl_type, _) = entry_types(src);
    // A record read from RIS or CSL keeps its titles' case as its manager had it: sentence
    // case is made from BibLaTeX's title case, whose protected words braces mark.
    let english = is_english(src) && !crate::records::is_record(&src.raw);
    let ty = src.entry_type.to_ascii_lowercase();
    it.put("id", Some(src.key.as_str()));
    it.put("type", Some(csl_type));
    let title =
        joined_title(["title", "subtitle", "titleaddon"].map(|f| title_part(src, f, english)));
    it.put("title", title);
    let short = title_part(src, "shorttitle", english).or_else(|| {
        src.get("subtitle")
            .and_then(|_| title_part(src, "title", english))
    });
    it.put("title-short", short);
    let journal = joined_title(
        ["journaltitle", "journalsubtitle", "journaltitleaddon"].map(|f| text(src, &[f])),
    )
    .or_else(|| text(src, &["journal"]));
    let book = joined_title(
        ["booktitle", "booksubtitle", "booktitleaddon"].map(|f| title_part(src, f, english)),
    )
    .or_else(|| {
        (csl_type == "chapter")
            .then(|| title_part(src, "maintitle", english))
            .flatten()
    });
    it.put("container-title", journal.or(book));
    it.put("collection-title", title_part(src, "series", english));
    // `event` is the variable pandoc's citeproc and the schema know (CSL 1.0.2 renamed it
    // `event-title`; processors read the old name too).
    it.put("event", title_part(src, "eventtitle", english));
    for (role, var) in NAMES {
        let persons = src.persons(role);
        if persons.is_empty() {
            continue;
        }
        let var = if *role == "editor" {
            editor_role(src)
        } else {
            var
        };
        let useprefix = use_prefix(src);
        let list: Vec<Value> = persons.iter().map(|p| name(p, useprefix)).collect();
        it.put(var, Some(list));
    }
    for (var, prefix) in [
        ("issued", ""),
        ("accessed", "url"),
        ("original-date", "orig"),
        ("event-date", "event"),
    ] {
        it.put(var, date_field(src, prefix).map(|d| csl_date(&d)));
    }
    it.put("publisher", publisher(src));
    let number = text(src, &["number"]);
    if matches!(ty.as_str(), "article" | "periodical" | "suppperiodical") {
        it.put("issue", number.or_else(|| text(src, &["issue"])));
    } else if SERIAL.contains(&ty.as_str()) {
        it.put("collection-number", number);
    } else {
        it.put("number", number);
    }
    it.put("genre", genre(src));
    for (var, fields) in PLAIN {
        it.put(var, text(src, fields));
    }
    it.put("DOI", text(src, &["doi"]).map(|d| bare_doi(&d).to_string()));
    let note = [text(src, &["note"]), text(src, &["addendum"])]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    it.put("note", (!note.is_empty()).then(|| note.join(". ")));
    it.put("language", language(src));
    // Variables read from a CSL file that have no BibLaTeX field, as they were.
    for f in &src.fields {
        if let Some(var) = f.name.strip_prefix("csl-")
            && !it.0.iter().any(|(k, _)| *k == var)
        {
            let v = f.value.trim();
            let value = if v.starts_with(['{', '[']) {
                serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string()))
            } else {
                Value::String(v.to_string())
            };
            it.1.0.push((var.to_string(), value));
        }
    }
    it
}

/// A title-like field for CSL: whitespace collapsed, sentence case for English entries,
/// protected words kept in nocase spans.
fn title_part(src: &Source, field: &str, english: bool) -> Option<String> {
    let f = src.field(field)?;
    let value = super::one_line(&f.value);
    if value.is_empty() {
        return None;
    }
    // Protection is found in the collapsed value, which is what the ranges index.
    let ranges = protected(&f.raw, &value);
    Some(csl_text(&value, &ranges, english))
}

/// CSL's role for the `editor` list, from `editortype` (biblatex's `compiler`, `director`,
/// `organizer`, `collaborator`); an editor otherwise.
fn editor_role(src: &Source) -> &'static str {
    match src
        .get("editortype")
        .map(|t| t.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("compiler") => "compiler",
        Some("director") => "director",
        Some("organizer") => "organizer",
        Some("collaborator") => "contributor",
        _ => "editor",
    }
}

/// biblatex's `useprefix` entry option: with it, "van der" sorts and cites with the family
/// name (a non-dropping particle); without it (biblatex's default) it is dropped.
fn use_prefix(src: &Source) -> bool {
    src.get("options").is_some_and(|o| {
        o.split(',').any(|opt| {
            let opt = opt.trim().to_ascii_lowercase();
            opt == "useprefix" || opt == "useprefix=true"
        })
    })
}

/// A CSL name object; a corporate body is one `literal`.
fn name(p: &Person, useprefix: bool) -> Value {
    if p.corporate {
        return json!({ "literal": p.family });
    }
    let mut m = serde_json::Map::new();
    let particle = if useprefix {
        "non-dropping-particle"
    } else {
        "dropping-particle"
    };
    for (k, v) in [
        ("family", &p.family),
        ("given", &p.given),
        (particle, &p.prefix),
        ("suffix", &p.suffix),
    ] {
        if !v.is_empty() {
            m.insert(k.to_string(), Value::String(v.clone()));
        }
    }
    Value::Object(m)
}

/// A CSL date: `date-parts` (one or two), `circa`, or a `literal` for what cannot be read.
/// A range open at its end gets the `[0]` end pandoc writes for it.
fn csl_date(d: &DateValue) -> Value {
    let parts = |p: &Ymd| {
        let mut v = vec![p.year];
        v.extend(p.month.map(i32::from));
        v.extend(p.day.map(i32::from));
        v
    };
    match d {
        DateValue::Literal(s) => json!({ "literal": s }),
        DateValue::Parts { start, end, circa } => {
            let mut list = vec![parts(start)];
            match end {
                None => {}
                Some(None) => list.push(vec![0]),
                Some(Some(e)) => list.push(parts(e)),
            }
            let mut m = serde_json::Map::new();
            m.insert("date-parts".into(), json!(list));
            if *circa {
                m.insert("circa".into(), Value::Bool(true));
            }
            Value::Object(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Fields, readings, source, varied};
    use super::*;

    fn items(sources: &[Source]) -> Value {
        let mut out = Vec::new();
        write_csl_json(&mut out, sources).expect("writing into a Vec");
        serde_json::from_slice(&out).expect("valid JSON")
    }

    fn one(ty: &str, fields: &[(&str, &str)]) -> Value {
        items(&[source("k", ty, fields)])[0].clone()
    }

    #[test]
    fn readings_keep_ids_types_titles_and_names() {
        let v = items(&readings());
        let got: Vec<(&str, &str, &str)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["id"].as_str().unwrap(),
                    i["type"].as_str().unwrap(),
                    i["title"].as_str().unwrap(),
                )
            })
            .collect();
        #[rustfmt::skip]
        let want = [
            ("history2014", "book", "The history of the <span class=\"nocase\">ROK-US</span> alliance: 1953-2013"),
            ("curtis1983",  "book", "The <span class=\"nocase\">US</span>-south <span class=\"nocase\">Korean</span> alliance: Evolving patterns in security relations"),
            ("finley1983",  "book", "The <span class=\"nocase\">US</span> military experience in <span class=\"nocase\">Korea</span>, 1871-1982: In the vanguard of <span class=\"nocase\">ROK-US</span> relations"),
            ("kwan1982",    "book", "<span class=\"nocase\">US</span> <span class=\"nocase\">Korean</span> relations 1882-1982"),
            ("paik1990",    "book", "<span class=\"nocase\">US-Korean</span> security relations since 1945"),
            ("shin2010",    "book", "One alliance, two lenses: <span class=\"nocase\">US-Korea</span> relations in a new era"),
        ];
        assert_eq!(got, want);
        assert_eq!(
            v[1]["editor"],
            json!([{"family": "Curtis", "given": "Gerald L."}, {"family": "Han", "given": "Sung-joo"}])
        );
        assert_eq!(v[1].get("author"), None);
        assert_eq!(v[0]["issued"], json!({"date-parts": [[2014]]}));
        assert_eq!(v[0]["publisher-place"], "Seoul");
        assert_eq!(
            v[0]["title-short"],
            "The history of the <span class=\"nocase\">ROK-US</span> alliance"
        );
        assert!(v[0]["annote"].as_str().unwrap().starts_with(
            "The essay's main source on the alliance's origins: cited for the Joseon"
        ));
    }

    #[test]
    fn names_carry_particles_suffixes_and_bodies() {
        let v = items(&varied());
        assert_eq!(
            v[0]["author"],
            json!([
                {"family": "Berg", "given": "Jan", "dropping-particle": "van der"},
                {"family": "Smith", "given": "John", "suffix": "Jr."},
                {"literal": "World Health Organization"},
            ])
        );
        // `options = {useprefix=true}`: the particle stays with the family name.
        assert_eq!(
            v[7]["author"][0],
            json!({"family": "Cruz", "given": "Maria", "non-dropping-particle": "de la"})
        );
        assert_eq!(
            v[2]["translator"],
            json!([{"family": "Tran", "given": "Tom"}])
        );
        let compiled = one(
            "book",
            &[("editor", "Doe, Jane"), ("editortype", "compiler")],
        );
        assert_eq!(
            compiled["compiler"],
            json!([{"family": "Doe", "given": "Jane"}])
        );
    }

    #[test]
    fn dates_cover_ranges_seasons_circa_and_literals() {
        #[rustfmt::skip]
        let cases: &[(Fields, &str, Value)] = &[
            (&[("date", "2014-05-22/2014-06")], "issued",   json!({"date-parts": [[2014, 5, 22], [2014, 6]]})),
            (&[("date", "2019/")],              "issued",   json!({"date-parts": [[2019], [0]]})),
            (&[("date", "2001~")],              "issued",   json!({"date-parts": [[2001]], "circa": true})),
            (&[("date", "1978-21")],            "issued",   json!({"date-parts": [[1978, 21]]})),
            (&[("date", "-0044-03-15")],        "issued",   json!({"date-parts": [[-45, 3, 15]]})),
            (&[("year", "1999"), ("month", "jan")], "issued", json!({"date-parts": [[1999, 1]]})),
            (&[("year", "n.d.")],               "issued",   json!({"literal": "n.d."})),
            (&[("urldate", "2020-01-02")],      "accessed", json!({"date-parts": [[2020, 1, 2]]})),
            (&[("origdate", "1890")],           "original-date", json!({"date-parts": [[1890]]})),
        ];
        for (fields, var, want) in cases {
            assert_eq!(one("book", fields)[*var], *want, "{fields:?}");
        }
    }

    #[test]
    fn fields_map_by_type() {
        #[rustfmt::skip]
        let cases: &[(&str, Fields, &str, Value)] = &[
            ("article",       &[("journaltitle", "Journal of X"), ("journalsubtitle", "Sub")], "container-title", json!("Journal of X: Sub")),
            ("article",       &[("journal", "J. X")],                 "container-title",   json!("J. X")),
            ("article",       &[("number", "2")],                     "issue",             json!("2")),
            ("article",       &[("issue", "Spring")],                 "issue",             json!("Spring")),
            ("incollection",  &[("booktitle", "The Book of Things")], "container-title",   json!("The book of things")),
            ("inbook",        &[("maintitle", "Collected Works")],    "container-title",   json!("Collected works")),
            ("incollection",  &[("series", "Thing Studies"), ("number", "4")], "collection-number", json!("4")),
            ("incollection",  &[("series", "Thing Studies")],       "collection-title",  json!("Thing studies")),
            ("inproceedings", &[("eventtitle", "Naval Conference 2012"), ("venue", "Busan")], "event", json!("Naval conference 2012")),
            ("unpublished",   &[("howpublished", "Typescript")],      "publisher",         json!("Typescript")),
            ("report",        &[("number", "R-2201")],                "number",            json!("R-2201")),
            ("thesis",        &[("institution", "MIT")],              "publisher",         json!("MIT")),
            ("thesis",        &[("type", "mathesis")],                "genre",             json!("Master's thesis")),
            ("manual",        &[("organization", "ACME")],            "publisher",         json!("ACME")),
            ("book",          &[("doi", "https://doi.org/10.1/x")],   "DOI",               json!("10.1/x")),
            ("book",          &[("doi", "DOI:10.1/x")],               "DOI",               json!("10.1/x")),
            ("book",          &[("note", "Reprint"), ("addendum", "In Korean")], "note",   json!("Reprint. In Korean")),
            ("book",          &[("langid", "ngerman")],               "language",          json!("de-DE")),
            ("book",          &[("langid", "klingon")],               "language",          json!("klingon")),
            ("book",          &[("title", "Über die Allianz"), ("langid", "german")], "title", json!("Über die Allianz")),
            ("book",          &[("title", "A Title"), ("titleaddon", "With Maps")], "title", json!("A title. With maps")),
            ("book",          &[("title", "Long Title"), ("shorttitle", "Short")], "title-short", json!("Short")),
            ("book",          &[("pagetotal", "320"), ("edition", "2")], "number-of-pages", json!("320")),
            ("online",        &[("url", "https://x.org"), ("keywords", "a, b")], "URL",    json!("https://x.org")),
            ("book",          &[("annotation", "Line one\n   line two")], "annote",       json!("Line one line two")),
        ];
        for (ty, fields, var, want) in cases {
            assert_eq!(one(ty, fields)[*var], *want, "{ty} {fields:?}");
        }
    }

    #[test]
    fn keys_come_in_a_fixed_order_and_absent_fields_are_left_out() {
        let mut out = Vec::new();
        write_csl_json(&mut out, &readings()[..1]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let order: Vec<usize> = [
            "\"id\"",
            "\"type\"",
            "\"title\"",
            "\"issued\"",
            "\"publisher\"",
            "\"annote\"",
        ]
        .iter()
        .map(|k| text.find(k).unwrap_or_else(|| panic!("{k} in {text}")))
        .collect();
        assert!(order.is_sorted(), "{text}");
        assert!(!text.contains("null"), "{text}");
        assert!(text.ends_with("]\n"));
    }

    #[test]
    fn an_empty_library_is_an_empty_array() {
        let mut out = Vec::new();
        write_csl_json(&mut out, &[]).unwrap();
        assert_eq!(out, b"[]\n");
    }
}
