//! Runs the parser over the shared corpus of real .bib files and over the generated big files,
//! when they are present (they live beside the project, not in it). Ignored by default:
//! `cargo test --release --lib bib::corpus_tests -- --ignored --nocapture`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::parse_bytes;

fn corpus_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("ANNOBIB_CORPUS")
        .map(PathBuf::from)
        .into_iter()
        .chain(["../shared/corpus/bib", "../../shared/corpus/bib"].map(|p| root.join(p)))
        .find(|p| p.is_dir())
}

fn bib_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            bib_files(&p, out);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("bib")) {
            out.push(p);
        }
    }
}

/// The corpus folder and its .bib files, sorted, when this machine has the corpus.
fn corpus_files() -> Option<(PathBuf, Vec<PathBuf>)> {
    let dir = corpus_dir()?;
    let mut files = Vec::new();
    bib_files(&dir, &mut files);
    files.sort();
    Some((dir, files))
}

/// The message with quoted names taken out, so that like errors count together.
fn reason(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '\'' {
            quoted = !quoted;
            if quoted {
                out.push_str("'…'");
            }
        } else if !quoted {
            out.push(c);
        }
    }
    out.split(" (first at").next().unwrap_or("").to_string()
}

/// Every file of the shared corpus (1,217 real .bib files), when this machine has it: no panic,
/// no hang, every refusal located, and parse -> write BibLaTeX -> parse changes nothing.
#[test]
fn corpus_parses_without_panics_or_hangs() {
    let Some((dir, files)) = corpus_files() else {
        crate::testing::skips::skipped("../shared/corpus/bib is not present");
        return;
    };
    let (mut clean, mut with_errors, mut entries, mut bytes_total) = (0, 0, 0usize, 0usize);
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut warnings: BTreeMap<String, usize> = BTreeMap::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    let mut samples = Vec::new();
    let mut warned = Vec::new();
    let mut round_trip_failures: Vec<String> = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.strip_prefix(&dir).unwrap().display().to_string();
        let t = Instant::now();
        let parsed = std::panic::catch_unwind(|| parse_bytes(&name, &bytes))
            .unwrap_or_else(|_| panic!("panic on {name}"));
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, f.clone());
        }
        // Scanning in parts (as large files are) must not change anything.
        let (text, _) = crate::encoding::decode(&bytes);
        let one = super::parse(&name, &text);
        for parts in [2, 5] {
            assert!(
                super::settle::parse_in_parts(&name, &text, parts) == one,
                "{name}"
            );
        }
        // Reading in parts handed over one by one must not change anything either.
        for part in [1, 4096] {
            let (joined, links) = super::stream::joined(&name, &text, part);
            assert!(joined == one, "{name}: in parts of {part}");
            assert!(
                super::check_links(&[&links]) == super::check_relations(&[&one.file]),
                "{name}"
            );
        }
        // What was read, written as BibLaTeX and read again, gives the same sources.
        let mut out = Vec::new();
        super::write(&mut out, &one.file.items, super::Dialect::Biblatex).unwrap();
        let again = super::parse("again.bib", std::str::from_utf8(&out).unwrap());
        let essence = |p: &super::Parsed| -> Vec<String> {
            p.file
                .sources()
                .map(|s| format!("{}|{}|{:?}|{:?}", s.key, s.entry_type, s.fields, s.persons))
                .collect()
        };
        if essence(&again) != essence(&one) || !again.errors.is_empty() {
            round_trip_failures.push(name.clone());
        }
        bytes_total += bytes.len();
        entries += parsed.file.sources().count();
        if parsed.errors.is_empty() {
            clean += 1;
        } else {
            with_errors += 1;
        }
        for d in &parsed.errors {
            *reasons.entry(reason(&d.message)).or_default() += 1;
            samples.push(d.with_snippet());
        }
        for d in &parsed.warnings {
            *warnings.entry(reason(&d.message)).or_default() += 1;
            warned.push(d.to_string());
        }
    }
    println!(
        "{} files, {} bytes, {entries} entries: {clean} without errors, {with_errors} with errors",
        files.len(),
        bytes_total
    );
    println!("slowest: {:?} {}", slowest.0, slowest.1.display());
    println!("round trip (parse, write BibLaTeX, parse) changed: {round_trip_failures:?}");
    println!("errors by reason:");
    for (r, n) in &reasons {
        println!("  {n:6} {r}");
    }
    println!("warnings by reason:");
    for (r, n) in &warnings {
        println!("  {n:6} {r}");
    }
    if let Ok(out) = std::env::var("ANNOBIB_CORPUS_ERRORS") {
        std::fs::write(&out, samples.join("\n\n")).unwrap();
        std::fs::write(out + ".warnings", warned.join("\n")).unwrap();
    }
    assert!(slowest.0 < Duration::from_secs(5), "{slowest:?}");
    assert_eq!(round_trip_failures, Vec::<String>::new());
}

#[test]
#[ignore = "needs /tmp/big from make-big-bib.py; run with --ignored in a release build"]
fn big_files_throughput() {
    for name in ["big_1k.bib", "big_10k.bib", "big_100k.bib"] {
        let path = Path::new("/tmp/big").join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{} not present: skipped", path.display());
            continue;
        };
        // The first run is what a fresh process (the CLI) pays; later runs show the figure
        // without first-touch page faults, but with the allocator still sorting out the
        // previous run's frees.
        let mut times = Vec::new();
        let mut count = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let parsed = parse_bytes(name, &bytes);
            times.push(t.elapsed());
            count = parsed.file.sources().count();
            assert!(parsed.errors.is_empty(), "{:?}", &parsed.errors[..1]);
        }
        let best = times.iter().min().copied().unwrap_or_default();
        let mb = bytes.len() as f64 / 1e6;
        println!(
            "{name}: {mb:.1} MB, {count} entries, runs {times:?}, best {:.0} MB/s, first {:.0} MB/s",
            mb / best.as_secs_f64(),
            mb / times[0].as_secs_f64()
        );
    }
}

/// Exports every corpus file as BibTeX and runs the real `bibtex` on the export and on the
/// original, listing errors of the export and warnings the original did not give.
#[test]
#[ignore = "reads the shared corpus and runs bibtex on each file; run with --ignored"]
fn corpus_bibtex_exports_read_by_bibtex() {
    use super::bibtex_tests::run_bibtex;
    use super::{Dialect, write};
    let Some((_, files)) = corpus_files() else {
        crate::testing::skips::skipped("../shared/corpus/bib is not present");
        return;
    };
    let (mut checked, mut clean) = (0, 0);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let parsed = parse_bytes("in.bib", &bytes);
        let mut out = Vec::new();
        write(&mut out, &parsed.file.items, Dialect::Bibtex).unwrap();
        let export = String::from_utf8(out).unwrap();
        if let Some(dump) = std::env::var_os("ANNOBIB_DUMP_DIR") {
            let name = f.file_name().unwrap();
            std::fs::write(Path::new(&dump).join(name), &export).unwrap();
        }
        let Some((errors, warnings)) = run_bibtex(&export) else {
            crate::testing::skips::skipped("bibtex is not installed");
            return;
        };
        let original = String::from_utf8_lossy(&bytes);
        let (before_errors, before) = run_bibtex(&original).unwrap_or_default();
        // Error lines name a line of the file, which the export moves: compare what precedes.
        let kind = |e: &String| e.split("---line").next().unwrap_or("").to_string();
        let before_kinds: Vec<String> = before_errors.iter().map(kind).collect();
        let new_errors: Vec<&String> = errors
            .iter()
            .filter(|e| !e.starts_with('(') && !before_kinds.contains(&kind(e)))
            .collect();
        let new: Vec<&String> = warnings.iter().filter(|w| !before.contains(w)).collect();
        checked += 1;
        if errors.is_empty() && new.is_empty() {
            clean += 1;
        } else {
            println!(
                "{}: {} errors ({} not in the original's run: {new_errors:?}), new warnings {new:?}",
                f.display(),
                errors.len(),
                new_errors.len()
            );
        }
    }
    println!("{checked} exports read by bibtex, {clean} without errors or new warnings");
}

/// One parse of the 100k-entry file in a fresh process, as the CLI does it: for `perf stat`.
#[test]
#[ignore = "needs /tmp/big from make-big-bib.py; run with --ignored in a release build"]
fn big_file_once() {
    let Ok(bytes) = std::fs::read("/tmp/big/big_100k.bib") else {
        eprintln!("/tmp/big/big_100k.bib not present: skipped");
        return;
    };
    let t = Instant::now();
    let parsed = parse_bytes("big_100k.bib", &bytes);
    let took = t.elapsed();
    println!(
        "big_100k.bib once: {took:?}, {:.0} MB/s, {} entries",
        bytes.len() as f64 / 1e6 / took.as_secs_f64(),
        parsed.file.sources().count()
    );
    // Leaving the result to the process exit, as a command-line run would.
    std::mem::forget(parsed);
}
