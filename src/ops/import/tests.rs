//! `ops::import` on an in-memory library with literal bytes.

use super::*;

fn input(name: &str, bytes: &[u8]) -> Input {
    Input {
        shown: name.to_string(),
        stored: name.to_string(),
        bytes: bytes.to_vec(),
    }
}

/// Imports and collects the notes as printed.
fn run(
    store: &mut Store,
    inputs: Vec<Input>,
    opts: &Options,
) -> (Result<Report, ImportError>, Vec<String>) {
    let mut notes = Vec::new();
    let got = import(store, inputs, opts, &mut |e| {
        if let Event::Note(n) = e {
            notes.push(n.to_string());
        }
    });
    (got, notes)
}

const BIB: &[u8] = b"@book{smith2001,\n  author = {Smith, Jane},\n  title = {A History of Paper},\n  year = {2001},\n}\n\n@article{lee1999,\n  author = {Lee, Ann},\n  title = {Ink and Rag},\n  journal = {Paper Studies},\n  year = {1999},\n}\n";

#[test]
fn every_kind_is_routed_or_refused_with_what_to_do() {
    let cases: &[(&str, &[u8], Option<Route>, &str)] = &[
        ("a.bib", b"@book{k,}", Some(Route::Bib), ""),
        ("essay.md", b"@book{k,}", Some(Route::Bib), ""),
        ("essay.txt", b"Text.", Some(Route::Essay(Format::Text)), ""),
        ("essay.md", b"Text.", Some(Route::Essay(Format::Markdown)), ""),
        ("paper.tex", b"\\documentclass{article}", Some(Route::Essay(Format::Latex)), ""),
        ("links.csv", b"document,claim", Some(Route::Links(LinkFormat::Csv)), ""),
        ("links.JSON", b"[]", Some(Route::Links(LinkFormat::Json)), ""),
        ("paper.pdf", b"%PDF-1.5", None, "pdftotext -layout paper.pdf"),
        ("refs.ris", b"TY  - JOUR\n", Some(Route::Records(RecordFormat::Ris)), ""),
        ("z.json", br#"[{"id":1,"type":"book"}]"#, Some(Route::Records(RecordFormat::CslJson)), ""),
        (
            "e.odt",
            b"PK\x03\x04\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x08\0\0\0mimetypeapplication/vnd.oasis.opendocument.text",
            Some(Route::Essay(Format::Odt)),
            "",
        ),
        ("e.docx", b"PK\x03\x04word/document.xml", Some(Route::Essay(Format::Docx)), ""),
        ("x.png", b"\x89PNG\r\n", None, "a PNG image, not a document"),
    ];
    for (name, bytes, want, says) in cases {
        let (text, _) = crate::encoding::decode(bytes);
        let sniffed = sniff::sniff(Path::new(name), bytes, &text);
        match (route(name, &sniffed), want) {
            (Ok(got), Some(want)) => assert_eq!(&got, want, "{name}"),
            (Err(e), None) => assert!(e.to_string().contains(says), "{name}: {e}"),
            (got, _) => panic!("{name}: {:?}", got.map_err(|e| e.to_string())),
        }
    }
}

#[test]
fn a_bib_file_then_an_essay_citing_it() {
    let mut store = Store::open_in_memory().unwrap();
    let essay = b"Paper was made from rags (Smith 2001, p. 12). Ink came later (Lee 1999).\n";
    let (got, notes) = run(
        &mut store,
        vec![input("readings.bib", BIB), input("essay.txt", essay)],
        &Options::default(),
    );
    let report = got.unwrap();
    assert_eq!(
        notes,
        [
            "readings.bib: 2 added, 0 updated, 0 unchanged, 0 gone from the file",
            "essay.txt: 2 units, 2 claims, 2 citations (2 resolved, 0 ambiguous, 0 unresolved)",
        ],
        "{notes:?}"
    );
    assert_eq!(report.files[0].added, 2);
    assert_eq!(report.documents[0].resolved, 2, "{report:?}");
    let doc = store.document("essay.txt").unwrap().unwrap();
    let keys: Vec<_> = doc
        .claims
        .iter()
        .flat_map(|c| &c.citations)
        .filter_map(|c| c.resolution.source.as_deref())
        .collect();
    assert_eq!(keys, ["smith2001", "lee1999"]);

    // The same bytes again: not parsed, counted as unchanged.
    let (got, notes) = run(
        &mut store,
        vec![input("readings.bib", BIB)],
        &Options::default(),
    );
    assert_eq!(got.unwrap().files[0].unchanged, 2);
    assert_eq!(
        notes,
        ["readings.bib: 0 added, 0 updated, 2 unchanged, 0 gone from the file"]
    );
}

#[test]
fn a_bad_entry_refuses_the_import_and_leaves_the_library_as_it_was() {
    let mut store = Store::open_in_memory().unwrap();
    let bad =
        b"@book{good, title = {Fine}, year = 2001}\n@book{bad, title = {Unclosed, year = 2002\n";
    let (got, _) = run(&mut store, vec![input("bad.bib", bad)], &Options::default());
    match got {
        Err(ImportError::Invalid(inv)) => {
            assert_eq!(inv.item, Item::Entry);
            assert_eq!(inv.files, ["bad.bib"]);
            assert!(
                inv.problems[0].starts_with("bad.bib:"),
                "{:?}",
                inv.problems
            );
            assert!(
                inv.to_string().ends_with(
                    "in bad.bib; nothing was imported (--skip-invalid imports the valid entries)"
                ),
                "{inv}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(store.source("good").unwrap().is_none());

    let opts = Options {
        skip_invalid: true,
        ..Default::default()
    };
    let (got, notes) = run(&mut store, vec![input("bad.bib", bad)], &opts);
    assert_eq!(got.unwrap().files[0].added, 1);
    assert!(
        notes.iter().any(|n| n.starts_with("skipped: bad.bib:")),
        "{notes:?}"
    );
    assert!(store.source("good").unwrap().is_some());
}

#[test]
fn bad_records_are_refused_like_bad_entries() {
    let mut store = Store::open_in_memory().unwrap();
    // The first record has no `ER` line before the next `TY`.
    let ris = b"TY  - BOOK\nTI  - Unended\nTY  - BOOK\nTI  - A History of Paper\nAU  - Smith, Jane\nPY  - 2001\nER  - \n";
    let (got, _) = run(
        &mut store,
        vec![input("refs.ris", ris)],
        &Options::default(),
    );
    match got {
        Err(ImportError::Invalid(inv)) => {
            assert_eq!(inv.item, Item::Record);
            assert_eq!(
                inv.to_string(),
                "1 invalid record in refs.ris; nothing was imported (--skip-invalid imports the valid records)"
            );
        }
        other => panic!("{other:?}"),
    }
    let opts = Options {
        skip_invalid: true,
        ..Default::default()
    };
    let (got, notes) = run(&mut store, vec![input("refs.ris", ris)], &opts);
    let report = got.unwrap();
    assert_eq!(report.files[0].format, Some("RIS"));
    assert_eq!(report.files[0].added, 1, "{notes:?}");
    assert!(notes[0].starts_with("skipped: refs.ris:1"), "{notes:?}");
    assert!(notes[1].starts_with("refs.ris (RIS): 1 added"), "{notes:?}");
}

#[test]
fn a_key_of_another_file_is_refused_with_both_places() {
    let mut store = Store::open_in_memory().unwrap();
    let (got, _) = run(&mut store, vec![input("a.bib", BIB)], &Options::default());
    got.unwrap();
    let other = b"% a comment\n@book{smith2001, title = {Another}, year = 2003}\n";
    let mut conflicts = Vec::new();
    let got = import(
        &mut store,
        vec![input("b.bib", other)],
        &Options::default(),
        &mut |e| {
            if let Event::Note(Note::Conflict(c)) = e {
                conflicts.push(c);
            }
        },
    );
    assert_eq!(got.unwrap().files[0].refused, 1);
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert_eq!((c.shown.as_str(), c.line, c.column), ("b.bib", 2, Some(1)));
    assert_eq!((c.other_file.as_str(), c.other_line), ("a.bib", 1));
    assert_eq!(
        c.to_string(),
        "b.bib:2:1: warning: key 'smith2001' is already defined in a.bib:1; this entry was not imported"
    );
}

#[test]
fn links_restore_manual_links_and_refuse_unknown_claims() {
    let mut store = Store::open_in_memory().unwrap();
    let essay = b"Paper was once made from rags. Ink came later.\n";
    let (got, _) = run(
        &mut store,
        vec![input("readings.bib", BIB), input("essay.txt", essay)],
        &Options::default(),
    );
    got.unwrap();
    let links = "[{\"document\":\"essay.txt\",\"claim\":\"c1\",\"text\":\"Paper was once made from rags.\",\"origin\":\"manual\",\"source\":\"smith2001\"}]";
    let (got, notes) = run(
        &mut store,
        vec![input("links.json", links.as_bytes())],
        &Options::default(),
    );
    let report = got.unwrap_or_else(|e| panic!("{e}: {notes:?}"));
    assert_eq!(report.links[0].links, 1, "{notes:?}");
    let doc = store.document("essay.txt").unwrap().unwrap();
    assert!(
        doc.claims[0]
            .citations
            .iter()
            .any(|c| c.resolution.source.as_deref() == Some("smith2001")),
        "{:?}",
        doc.claims[0]
    );

    let unknown = links.replace("essay.txt", "other.txt");
    let (got, _) = run(
        &mut store,
        vec![input("links.json", unknown.as_bytes())],
        &Options::default(),
    );
    match got {
        Err(ImportError::Invalid(inv)) => {
            assert_eq!(inv.item, Item::Link);
            assert_eq!(
                inv.problems,
                ["links.json: record 1: no document other.txt in the library"]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unreadable_files_are_refused_before_anything_is_read() {
    let got = read(
        vec![
            input("essay.txt", b"Text."),
            input("paper.pdf", b"%PDF-1.5\n"),
        ],
        &Options::default(),
        &mut |_| {},
    );
    assert!(matches!(got, Err(ImportError::Unreadable(m)) if m.starts_with("paper.pdf is a PDF")));
}

#[test]
fn stale_lists_what_changed_since_its_import() {
    let mut store = Store::open_in_memory().unwrap();
    let essay: &[u8] = b"Paper was made from rags (Smith 2001).\n";
    let listed = |bib: &[u8], essay: &[u8]| {
        vec![
            (input("readings.bib", bib), Listed::Sources),
            (input("essay.txt", essay), Listed::Document),
        ]
    };
    let names = |v: Vec<Input>| v.into_iter().map(|i| i.shown).collect::<Vec<_>>();
    assert_eq!(
        names(stale(None, listed(BIB, essay)).unwrap()),
        ["readings.bib", "essay.txt"]
    );
    let (got, _) = run(
        &mut store,
        vec![input("readings.bib", BIB), input("essay.txt", essay)],
        &Options::default(),
    );
    got.unwrap();
    assert!(stale(Some(&store), listed(BIB, essay)).unwrap().is_empty());
    let edited: &[u8] = b"Paper was made from rags (Smith 2001). Ink came later.\n";
    assert_eq!(
        names(stale(Some(&store), listed(BIB, edited)).unwrap()),
        ["essay.txt"]
    );
}
