//! The BibTeX export checked by the real `bibtex` with `plain.bst`: every fixture's export is
//! read with `\citation{*}`, and bibtex must report no error and only the warnings listed (each
//! one a fault of the input itself, not of the export). Skipped when `bibtex` is not installed.

use std::path::Path;
use std::process::Command;

use super::{Dialect, parse_bytes, write};

/// Runs bibtex on `bib` (all entries cited); returns its errors and warnings.
pub(super) fn run_bibtex(bib: &str) -> Option<(Vec<String>, Vec<String>)> {
    let dir = tempfile::tempdir().ok()?;
    std::fs::write(dir.path().join("out.bib"), bib).ok()?;
    std::fs::write(
        dir.path().join("out.aux"),
        "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{out}\n",
    )
    .ok()?;
    let run = Command::new("bibtex")
        .arg("-terse")
        .arg("out")
        .current_dir(dir.path())
        .output()
        .ok()?;
    let log = std::fs::read_to_string(dir.path().join("out.blg")).unwrap_or_default();
    let errors: Vec<String> = log
        .lines()
        .filter(|l| l.contains("---") || l.starts_with("I ") || l.contains("error message"))
        .map(str::to_string)
        .collect();
    let warnings = log
        .lines()
        .filter_map(|l| l.strip_prefix("Warning--"))
        .map(str::to_string)
        .collect();
    // bibtex exits 0 when clean, 1 with warnings, 2 with errors.
    assert!(run.status.code().is_some_and(|c| c <= 2), "{log}");
    Some((errors, warnings))
}

fn export(path: &Path) -> String {
    let p = parse_bytes("f.bib", &std::fs::read(path).unwrap());
    let mut out = Vec::new();
    write(&mut out, &p.file.items, Dialect::Bibtex).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
#[rustfmt::skip]
fn bibtex_reads_the_fixture_exports() {
    if !crate::testing::skips::client("bibtex") {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    // (fixture, the warnings its input deserves)
    let cases: &[(&str, &[&str])] = &[
        ("bibtex-style.bib", &["to sort, need author or key in manual3.2.1", "to sort, need author or key in anon", "empty author in anon"]),
        ("macros-crossref.bib", &[]),
        ("unicode-latex.bib", &["can't use both author and editor fields in beethoven1810"]),
    ];
    for (name, want) in cases {
        let bib = export(&dir.join(name));
        if let Some(out) = std::env::var_os("ANNOBIB_DUMP_DIR") {
            std::fs::write(Path::new(&out).join(name), &bib).unwrap();
        }
        let (errors, warnings) = run_bibtex(&bib).unwrap();
        assert_eq!(errors, Vec::<String>::new(), "{name}");
        assert_eq!(&warnings, want, "{name}");
    }
}
