//! The shared fixtures in `tests/fixtures/`: valid files parse cleanly and survive
//! parse → write → parse field for field; invalid files give exactly the located errors below.

use std::path::{Path, PathBuf};

use super::{Dialect, Parsed, check_relations, parse, parse_bytes, write};
use crate::model::{BibItem, Source};

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bib"))
        .collect();
    files.sort();
    files
}

fn parse_file(path: &Path) -> Parsed {
    let name = path.file_name().unwrap().to_string_lossy();
    parse_bytes(&name, &std::fs::read(path).unwrap())
}

/// What a round trip must keep: everything but the layout-dependent `raw` and `origin`.
fn essence(s: &Source) -> (String, String, Vec<(String, String, String)>, String) {
    let fields = s
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.raw.clone(), f.value.clone()))
        .collect();
    (
        s.key.clone(),
        s.entry_type.clone(),
        fields,
        format!("{:?}", s.persons),
    )
}

fn written(items: &[BibItem], dialect: Dialect) -> String {
    let mut out = Vec::new();
    write(&mut out, items, dialect).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn valid_fixtures_parse_cleanly_and_round_trip() {
    let mut files = fixtures("valid");
    assert!(files.len() >= 3);
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("bibliography/readings.bib"));
    for path in files {
        let first = parse_file(&path);
        assert_eq!(first.errors, vec![], "{}", path.display());
        assert_eq!(first.warnings, vec![], "{}", path.display());
        assert_eq!(
            check_relations(&[&first.file]),
            vec![],
            "{}",
            path.display()
        );
        let text = written(&first.file.items, Dialect::Biblatex);
        let second = parse("again.bib", &text);
        assert_eq!(second.errors, vec![], "{text}");
        let a: Vec<_> = first.file.sources().map(essence).collect();
        let b: Vec<_> = second.file.sources().map(essence).collect();
        assert_eq!(a, b, "{}", path.display());
        assert_eq!(first.file.items.len(), second.file.items.len());
        // Writing what was read back gives the same text: the layout is a fixed point.
        assert_eq!(written(&second.file.items, Dialect::Biblatex), text);
        let bibtex = parse("bibtex.bib", &written(&first.file.items, Dialect::Bibtex));
        assert_eq!(bibtex.errors, vec![], "{}", path.display());
    }
}

#[test]
#[rustfmt::skip]
fn valid_fixture_values() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/unicode-latex.bib");
    let p = parse_file(&path);
    let get = |key: &str, field: &str| -> String {
        let s = p.file.sources().find(|s| s.key == key).unwrap();
        s.get(field).unwrap_or_default().to_string()
    };
    let names = |key: &str, role: &str| -> Vec<String> {
        let s = p.file.sources().find(|s| s.key == key).unwrap();
        s.persons(role).iter().map(|p| p.sort_name()).collect()
    };
    let cases: &[(&str, &str, &str)] = &[
        ("ozturk2015", "title", "Straßenbahn und Øresund: Verkehr in Europa"),
        ("ozturk2015", "address", "Köln"),
        ("dvorak2001", "title", "Études on “Modern” Logic—and Its Discontents"),
        ("dvorak2001", "journal", "Revue d'Études Logiques"),
        ("gonzalez2019", "title", "Œuvres complètes: 1953–2013"),
        ("barnes2020", "title", "A TeXnical Note on Nested Braces and E = mc^2"),
        ("barnes2020", "note", "Prices rose 10% & more; see http://example.org/a_b~c"),
    ];
    for (key, field, want) in cases {
        assert_eq!(get(key, field), *want, "{key}.{field}");
    }
    assert_eq!(names("ozturk2015", "author"), ["Öztürk, Ayşe", "Müller, Jürgen"]);
    assert_eq!(
        names("dvorak2001", "author"),
        ["Dvořák, Antonín", "Łukasiewicz, Jan", "Niño, María"]
    );
    assert_eq!(
        names("beethoven1810", "author"),
        ["van Beethoven, Ludwig", "de La Fontaine, Jean", "de la Vallée Poussin, Charles"]
    );
    assert_eq!(
        names("beethoven1810", "editor"),
        ["van der Berg, Jan", "Boose, Jr., Donald W.", "van den Berg, Anna"]
    );
    let corporate = p.file.sources().find(|s| s.key == "barnes2020").unwrap();
    assert!(corporate.persons("author").iter().all(|p| p.corporate));
}

#[test]
#[rustfmt::skip]
fn invalid_fixtures_report_located_errors() {
    // (file, errors as LINE:COL: message, keys kept, check_relations messages)
    type Case = (&'static str, &'static [&'static str], &'static [&'static str], &'static [&'static str]);
    let cases: &[Case] = &[
        ("syntax-errors.bib", &["11:31: expected ',' or '}' after the value of field 'author'", "24:15: unclosed '{' opened here", "35:8: expected '=' after field name 'title'", "39:7: entry has no citation key", "45:15: unterminated quoted value",], &["good1", "good2", "good3", "good4"], &[]),
        ("unclosed-entry.bib", &["1:6: unclosed '{' opened here", "15:6: unclosed '{' opened here"], &["second", "third"], &[]),
        ("utf16le.bib", &["7:15: expected ',' after citation key 'utf16bad'"], &["utf16good", "utf16last"], &[]),
        ("crossref-cycle.bib", &[], &["volume1", "series", "selfref", "pubA", "pubB", "user", "fine"], &["4:1: crossref/xdata cycle: volume1 -> series -> volume1", "14:1: crossref/xdata cycle: selfref -> selfref", "19:1: crossref/xdata cycle: pubA -> pubB -> pubA"]),
        ("warnings.bib", &[], &["dup", "repeated", "macro", "orphan"], &[]),
    ];
    let files = fixtures("invalid");
    assert_eq!(files.len(), cases.len());
    for (name, errors, keys, cycles) in cases {
        let path = files.iter().find(|p| p.ends_with(name)).unwrap();
        let p = parse_file(path);
        let got: Vec<String> = p
            .errors
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(&got, errors, "{name}");
        let kept: Vec<&str> = p.file.sources().map(|s| s.key.as_str()).collect();
        assert_eq!(&kept, keys, "{name}");
        let got: Vec<String> = check_relations(&[&p.file])
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(&got, cycles, "{name}");
    }
}

#[test]
fn warnings_fixture_warns_once_per_entry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/warnings.bib");
    let p = parse_file(&path);
    let got: Vec<String> = p
        .warnings
        .iter()
        .map(|d| format!("{}:{}", d.line, d.column))
        .collect();
    assert_eq!(got, ["8:7", "15:3", "19:15", "23:14"]);
}

#[test]
fn fixtures_read_in_parts_give_what_whole_files_give() {
    let mut files = fixtures("valid");
    files.extend(fixtures("invalid"));
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("bibliography/readings.bib"));
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (text, _) = crate::encoding::decode(&std::fs::read(&path).unwrap());
        let whole = parse(&name, &text);
        for part in [1, 64, 1000] {
            let (joined, links) = super::stream::joined(&name, &text, part);
            assert_eq!(joined, whole, "{name}: in parts of {part}");
            assert_eq!(
                super::check_links(&[&links]),
                check_relations(&[&whole.file]),
                "{name}"
            );
        }
    }
}
