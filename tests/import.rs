//! `annobib import`: upsert semantics, located errors, nothing half-written.

use crate::util::Env;

#[test]
fn the_example_readings_import_and_reimport_unchanged() {
    let env = Env::new();
    env.copy("bibliography/readings.bib", "readings.bib");
    let r = env.run(&["import", "readings.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr.trim(),
        "readings.bib: 6 added, 0 updated, 0 unchanged, 0 gone from the file"
    );
    let r = env.run(&["import", "readings.bib"]);
    assert_eq!(
        r.stderr.trim(),
        "readings.bib: 0 added, 0 updated, 6 unchanged, 0 gone from the file"
    );
}

#[test]
fn a_changed_entry_keeps_its_id_and_a_removed_one_is_kept_until_pruned() {
    let env = Env::new();
    let text = std::fs::read_to_string(crate::util::repo("bibliography/readings.bib")).unwrap();
    env.write("readings.bib", &text);
    env.ok(&["import", "readings.bib"]);
    let before = env.ok(&["source", "paik1990", "--format", "json"]);
    let edited = text
        .replace(
            "publisher = {Seoul Press}",
            "publisher = {Seoul Press Ltd.}",
        )
        .replace("@book{shin2010,", "@book{shin2010removed,");
    env.write("readings.bib", &edited);
    let r = env.run(&["import", "readings.bib"]);
    assert_eq!(
        r.stderr.trim(),
        "readings.bib: 1 added, 1 updated, 4 unchanged, 1 gone from the file (kept; --prune deletes them)"
    );
    let after = env.ok(&["source", "paik1990", "--format", "json"]);
    assert_ne!(before, after);
    assert!(after.contains("Seoul Press Ltd."));
    assert!(
        env.run(&["source", "shin2010"]).code == 0,
        "gone entries are kept"
    );
    let r = env.run(&["import", "--prune", "readings.bib"]);
    assert!(
        r.stderr.contains("1 gone from the file (pruned)"),
        "{}",
        r.stderr
    );
    env.fails(&["source", "shin2010"], 2);
}

#[test]
fn every_bad_entry_is_reported_with_its_location_and_nothing_is_written() {
    let env = Env::new();
    env.copy("bibliography/readings.bib", "readings.bib");
    env.ok(&["import", "readings.bib"]);
    let before = std::fs::read(env.db()).unwrap();
    env.write(
        "bad.bib",
        "@book{good1, title = {Fine}, year = 2001}\n\
         @book{bad1, title = {Missing comma} year = 2002}\n\
         @book{good2, title = {Also fine}}\n\
         @article{bad2, title = {Unclosed, year = 2003,\n\
         @book{good3, title = {Third}}\n",
    );
    let r = env.fails(&["import", "bad.bib"], 2);
    let located: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("bad.bib:"))
        .collect();
    assert_eq!(located.len(), 2, "{}", r.stderr);
    assert!(located[0].starts_with("bad.bib:2:"), "{}", r.stderr);
    assert!(located[1].starts_with("bad.bib:4:"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was imported"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(env.db()).unwrap(),
        before,
        "library unchanged"
    );
    let listed = env.ok(&["sources", "--format", "csv"]);
    assert!(!listed.contains("good1"));
}

#[test]
fn skip_invalid_imports_the_good_entries_and_lists_the_skipped() {
    let env = Env::new();
    env.write(
        "bad.bib",
        "@book{good1, title = {Fine}, year = 2001}\n\
         @book{bad1, title = {Missing comma} year = 2002}\n\
         @book{good2, title = {Also fine}}\n",
    );
    let r = env.run(&["import", "--skip-invalid", "bad.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("skipped: bad.bib:2:"), "{}", r.stderr);
    assert!(r.stderr.contains("2 added"), "{}", r.stderr);
    let csv = env.ok(&["sources", "--format", "csv"]);
    assert!(csv.contains("good1") && csv.contains("good2") && !csv.contains("bad1"));
}

#[test]
fn a_key_defined_in_another_file_is_reported_not_overwritten() {
    let env = Env::new();
    env.write("a.bib", "@book{same, title = {From A}}\n");
    env.write("b.bib", "\n@book{same, title = {From B}}\n");
    env.ok(&["import", "a.bib"]);
    let r = env.run(&["import", "b.bib"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr
            .contains("b.bib:2:1: warning: key 'same' is already defined in a.bib:1"),
        "{}",
        r.stderr
    );
    assert!(env.ok(&["source", "same"]).contains("From A"));
}

#[test]
fn a_repeated_key_within_a_file_keeps_the_first_with_a_warning() {
    let env = Env::new();
    env.write(
        "dup.bib",
        "@book{k, title = {First}}\n@book{k, title = {Second}}\n",
    );
    let r = env.run(&["import", "dup.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("dup.bib:2:"), "{}", r.stderr);
    assert!(env.ok(&["source", "k"]).contains("First"));
}

/// A file whose bytes are those of its last import is not parsed again: its summary counts its
/// entries as unchanged, and its warnings, shown when it was read, are not repeated.
#[test]
fn an_unchanged_file_is_not_read_again() {
    let env = Env::new();
    let text = "@book{k, title = {First}}\n@book{k, title = {Second}}\n@book{j, title = {J}}\n";
    env.write("dup.bib", text);
    let r = env.run(&["import", "dup.bib"]);
    assert!(r.stderr.contains("dup.bib:2:"), "{}", r.stderr);
    let r = env.run(&["import", "dup.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr.trim(),
        "dup.bib: 0 added, 0 updated, 2 unchanged, 0 gone from the file"
    );
    // Changed: read again, warnings and all.
    env.write(
        "dup.bib",
        text.replace("{j, title = {J}}\n", "{i, title = {I}}\n"),
    );
    let r = env.run(&["import", "dup.bib"]);
    assert!(r.stderr.contains("dup.bib:2:"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1 added, 0 updated, 1 unchanged, 1 gone from the file (kept;"),
        "{}",
        r.stderr
    );
    // Unchanged again, with an entry gone from it: counted, and --prune still deletes it.
    let r = env.run(&["import", "dup.bib"]);
    assert!(
        r.stderr.ends_with(
            "dup.bib: 0 added, 0 updated, 2 unchanged, 1 gone from the file (kept; --prune deletes them)\n"
        ),
        "{}",
        r.stderr
    );
    let r = env.run(&["import", "--prune", "dup.bib"]);
    assert!(
        r.stderr.contains("1 gone from the file (pruned)"),
        "{}",
        r.stderr
    );
    env.fails(&["source", "j"], 2);
}

#[test]
fn a_crossref_cycle_is_an_error_not_a_crash() {
    let env = Env::new();
    env.write(
        "cycle.bib",
        "@inbook{a, crossref = {b}, title = {A}}\n@book{b, crossref = {a}, title = {B}}\n",
    );
    let r = env.fails(&["import", "cycle.bib"], 2);
    assert!(r.stderr.contains("cycle"), "{}", r.stderr);
    assert!(r.stderr.contains("cycle.bib:"), "{}", r.stderr);
}

#[test]
fn utf16_and_latin1_files_are_decoded() {
    let env = Env::new();
    let text = "@book{k1, author = {Gödel, Kurt}, title = {Über formal unentscheidbare Sätze}}\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    env.write("u16.bib", utf16);
    let latin1: Vec<u8> = "@book{k2, author = {Erdős, Pál}, title = {Café}}\n"
        .replace('ő', "o")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    env.write("l1.bib", latin1);
    env.ok(&["import", "u16.bib", "l1.bib"]);
    assert!(
        env.ok(&["source", "k1"])
            .contains("Über formal unentscheidbare Sätze")
    );
    assert!(env.ok(&["source", "k2"]).contains("Café"));
}

#[test]
fn an_unreadable_file_is_a_one_line_error() {
    let env = Env::new();
    let r = env.fails(&["import", "missing.bib"], 2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("annobib: error: cannot read missing.bib"),
        "{}",
        r.stderr
    );
    assert!(
        !env.db().exists(),
        "no library is created for a failed import"
    );
}

#[test]
fn a_refused_import_into_a_new_library_leaves_no_library() {
    let env = Env::new();
    env.write(
        "bad.bib",
        "@book{bad1, title = {Missing comma} year = 2002}\n",
    );
    let r = env.fails(&["import", "bad.bib"], 2);
    assert!(r.stderr.contains("nothing was imported"), "{}", r.stderr);
    let left: Vec<String> = std::fs::read_dir(env.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("lib.db"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn skip_invalid_leaves_out_the_entry_a_crossref_cycle_is_reported_at() {
    let env = Env::new();
    env.write(
        "cycle.bib",
        "@book{fine, title = {Fine}}\n@inbook{a, crossref = {b}, title = {A}}\n\
         @book{b, crossref = {a}, title = {B}}\n@inbook{child, crossref = {fine}}\n",
    );
    let r = env.run(&["import", "--skip-invalid", "cycle.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("skipped: cycle.bib:2:1: crossref/xdata cycle: a -> b -> a"),
        "{}",
        r.stderr
    );
    // The entry the cycle is reported at is skipped, which breaks the cycle.
    assert!(r.stderr.contains("3 added"), "{}", r.stderr);
    let csv = env.ok(&["sources", "--format", "csv"]);
    assert!(csv.contains("fine") && csv.contains("child"), "{csv}");
    env.fails(&["source", "a"], 2);
    env.ok(&["source", "b"]);
}

/// A file of several megabytes is read and written in parts; what only its end settles
/// (macros defined there, a repeated key, a broken entry) must come out as for a small file.
#[test]
fn a_large_file_is_imported_in_parts_as_a_whole() {
    let env = Env::new();
    let entry = |i: usize| {
        format!(
            "@book{{k{i},\n  author = {{Doe, Jane and Roe, Richard}},\n  title = {{Volume {i}}},\n  \
             publisher = {},\n  date = {{2001}},\n  abstract = {{{}}},\n}}\n\n",
            if i.is_multiple_of(10) {
                "late"
            } else {
                "{Early}"
            },
            "Text to make the file large. ".repeat(12)
        )
    };
    let body: String = (0..6000).map(entry).collect();
    let lines = body.lines().count();
    let tail = "@book{k5, title = {Again}}\n@string{late = {Late Press}}\n";
    env.write("big.bib", format!("{body}{tail}@book{{broken title}}\n"));
    let before = std::fs::read_dir(env.path()).unwrap().count();
    let r = env.fails(&["import", "big.bib"], 2);
    assert!(
        r.stderr.contains(&format!("big.bib:{}:", lines + 3)),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("1 invalid entry"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(env.path()).unwrap().count(), before);

    let r = env.run(&["import", "--skip-invalid", "big.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "big.bib:{}:7: warning: key 'k5' repeated",
            lines + 1
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("6000 added"), "{}", r.stderr);
    assert!(env.ok(&["source", "k5990"]).contains("Late Press"));
    assert!(env.ok(&["source", "k5991"]).contains("Early"));
    let out = env.ok(&["export", "biblatex"]);
    assert_eq!(out.matches("@book{").count(), 6000);
    assert!(
        out.ends_with("@string{late = {Late Press}}\n"),
        "{}",
        &out[out.len() - 200..]
    );
    let r = env.run(&["import", "--skip-invalid", "big.bib"]);
    assert!(r.stderr.contains("6000 unchanged"), "{}", r.stderr);
}

#[test]
fn a_pdf_is_refused_with_how_to_get_its_text_and_nothing_is_written() {
    let env = Env::with_readings();
    let before = env.ok(&["sources", "--format", "json"]);
    env.write("paper.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n");
    env.write("essay.txt", "A claim (Paik 1990).\n");
    let r = env.fails(&["import", "essay.txt", "paper.pdf"], 2);
    assert_eq!(
        r.stderr.trim(),
        "annobib: error: paper.pdf is a PDF: annobib reads essays as text, Markdown, LaTeX or \
         HTML; extract its text first (`pdftotext -layout paper.pdf essay.txt`) or import the \
         file it was made from"
    );
    assert_eq!(env.ok(&["sources", "--format", "json"]), before);
    assert!(
        !env.run(&["claims", "--format", "json"])
            .stdout
            .contains("A claim")
    );
}

#[test]
fn binary_files_are_refused_saying_what_they_are() {
    let env = Env::new();
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "essay.txt",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            "essay.txt is a PNG image",
        ),
        (
            "blob",
            b"\x01\x02\0\x03binary\0\0\x04",
            "blob is a binary file (not text)",
        ),
        (
            "old.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0",
            "save it as .docx",
        ),
    ];
    for (name, bytes, says) in cases {
        env.write(name, bytes);
        let r = env.fails(&["import", name], 2);
        assert!(r.stderr.contains(says), "{name}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{name}: {}", r.stderr);
    }
    assert!(
        !env.db().exists(),
        "a refused import leaves no library behind"
    );
}

#[test]
fn a_renamed_file_is_read_as_what_it_is_and_the_extension_is_questioned() {
    let env = Env::new();
    env.copy("bibliography/readings.bib", "readings.txt");
    let r = env.run(&["import", "readings.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "readings.txt: warning: readings.txt is a BibTeX/BibLaTeX file, not a plain-text \
             essay as its extension says; read as what it is"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("6 added"), "{}", r.stderr);
}

/// Issue 9 finding 9: 10^5 warnings printed 10^5 lines; now the first few of each kind in
/// each file, then how many more.
#[test]
fn warnings_are_capped_per_kind_and_file_with_a_count() {
    let env = Env::new();
    let fields: Vec<String> = (0..200).map(|i| format!("title = {{t{i}}}")).collect();
    env.write(
        "many.bib",
        format!(
            "@book{{a, {}}}\n@book{{dup, title={{x}}}}\n@book{{dup, title={{y}}}}\n",
            fields.join(", ")
        ),
    );
    let r = env.run(&["import", "many.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let repeated = r.stderr.matches("warning: field 'title' repeated").count();
    assert_eq!(repeated, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning: key 'dup' repeated"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("annobib: 194 more warnings like \"field 'title' repeated in entry 'a'; the first is kept\" in many.bib not shown"),
        "{}",
        r.stderr
    );
    let all = Env::new();
    all.write("many.bib", env.read("many.bib"));
    let r = all.run(&["import", "--all-warnings", "many.bib"]);
    assert_eq!(
        r.stderr.matches("warning: field 'title' repeated").count(),
        199
    );
    assert!(!r.stderr.contains("more warnings"), "{}", r.stderr);
}

/// Issue 9 finding 9: a 0-byte file given as `--db` silently became a library.
#[test]
fn an_empty_file_as_the_library_is_no_library_to_read_and_a_noted_one_to_write() {
    let env = Env::new();
    env.write("lib.db", "");
    let r = env.fails(&["sources"], 2);
    assert!(
        r.stderr.contains("the file is empty (0 bytes)"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::metadata(env.db()).unwrap().len(),
        0,
        "left as it was"
    );
    env.copy("bibliography/readings.bib", "readings.bib");
    let r = env.run(&["import", "readings.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("was an empty file; it becomes a new library"),
        "{}",
        r.stderr
    );
    env.ok(&["sources"]);
}

/// Issue 9 finding 9: invalid UTF-8 was read as Windows-1252 without a word.
#[test]
fn a_file_that_is_not_utf8_is_read_as_windows_1252_saying_where_once() {
    let env = Env::new();
    env.write(
        "latin.bib",
        b"@book{cafe2020,\n  title = {Le caf\xe9 et la cit\xe9},\n  year = 2020,\n}\n".as_slice(),
    );
    let r = env.run(&["import", "latin.bib"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr.matches("not UTF-8").count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("latin.bib:2:18: warning: not UTF-8 (byte 0xE9 here), so the file is read as Windows-1252"),
        "{}",
        r.stderr
    );
    assert!(
        env.ok(&["source", "cafe2020"])
            .contains("Le café et la cité")
    );
    // Declared by JabRef's header: no warning.
    env.write(
        "declared.bib",
        b"% Encoding: windows-1252\n@book{the2021, title = {Caf\xe9}, year = 2021}\n".as_slice(),
    );
    let r = env.run(&["import", "declared.bib"]);
    assert!(!r.stderr.contains("not UTF-8"), "{}", r.stderr);
}
