//! A seeded mutation fuzzer per input kind, on stable Rust (issue 9): `.bib`, document text,
//! Markdown, LaTeX and links files (CSV and JSON). Seeds come from `../shared/corpus` (the
//! repository's fixtures when it is missing); each case is a seed mutated a few times (bytes
//! flipped, inserted, deleted, chunks repeated or spliced from another seed, tokens of the
//! kind inserted), run in-process through the library, under `catch_unwind`.
//!
//! What a case must do: not panic, finish in under 20 s, and keep the kind's invariants (.bib:
//! every problem located at line and column >= 1; what is written back parses without error
//! and writes the same again; documents: every claim's span lies on character boundaries inside
//! the text).
//!
//! `cargo test` runs a fixed 300 cases a kind (the same cases on every machine, so a faster one
//! does not reach cases a slower one never ran); `ANNOBIB_FUZZ_SECONDS=T` runs each kind for a
//! time instead, and a longer run is
//! `ANNOBIB_FUZZ_CASES=N` (cases per kind, any time) with `ANNOBIB_FUZZ_SEED=S` to vary the
//! sequence, best in release: see docs/reliability.md. A failing case prints its kind, seed and
//! case number; `ANNOBIB_FUZZ_DUMP=DIR` writes it to a file there.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use annobib::bib::{self, Dialect};
use annobib::check::{self, CheckInput, CheckOptions};
use annobib::cite::{self, ResolveOptions, memindex::MemoryIndex};
use annobib::essay;
use annobib::model::Candidate;
use annobib::render::export::{LinkFormat, PandocOptions, read_links, write_pandoc_markdown};

use crate::util::{corpus, repo};

/// The mutated input never grows past this (the fuzzer looks for crashes, not for cost).
const MAX_LEN: usize = 64 * 1024;
/// A case slower than this is a hang.
const HANG: Duration = Duration::from_secs(20);

/// splitmix64: small, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One input kind: its seeds, the tokens worth inserting, and the run of one case.
struct Kind {
    name: &'static str,
    seeds: Vec<Vec<u8>>,
    tokens: &'static [&'static [u8]],
    run: fn(&[u8]),
}

/// Tokens every kind gets: line ends of all sorts, quotation marks, NUL, broken UTF-8.
const COMMON: &[&[u8]] = &[
    b"\n",
    b"\r",
    b"\r\n",
    b"\n\n",
    b"\t",
    b" ",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x80",
    "“".as_bytes(),
    "”".as_bytes(),
    "«".as_bytes(),
    "„".as_bytes(),
    "’".as_bytes(),
    b"\"",
    b"'",
    b"(",
    b")",
    b"[",
    b"]",
    b".",
    b"?",
    b"!",
    b"1953",
    b"p. 12",
    b"ibid.",
    "\u{FEFF}".as_bytes(),
    "é".as_bytes(),
    "\u{200B}".as_bytes(),
];

const BIB: &[&[u8]] = &[
    b"@",
    b"@book{",
    b"@string{",
    b"@preamble{",
    b"@comment{",
    b"{",
    b"}",
    b"#",
    b"=",
    b",",
    b"%",
    b"\\",
    b"\\'",
    b"{\\\"o}",
    b"crossref = ",
    b"xdata = ",
    b"author = ",
    b" and ",
    b"title = {",
    b"month = jan",
    b"s0 # s0",
    b"$",
    b"~",
    b"--",
];

const TEXT: &[&[u8]] = &[
    b"(Smith 2010)",
    b"(Smith 2010, 45)",
    b"[1]",
    b"[@key, p. 3]",
    b"\\cite{key}",
    b"Ibid., 4.",
    b"References\n",
    b"# ",
    b"## ",
    b"- ",
    b"1. ",
    b"> ",
    b"*",
    b"_",
    b"`",
    b"[^1]",
    b"[^1]: ",
    b"\\section{",
    b"\\footnote{",
    b"}",
    b"{",
    b"%",
    b"$",
    b"\\",
    b"et al.",
    b"Mr.",
    b"U.S.",
    b"e.g.",
    b"...",
];

const LINKS: &[&[u8]] = &[
    b",",
    b"\"",
    b"\"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"null",
    b"c1",
    b"essay.txt",
    b"manual",
    b"inline",
    b"page",
    b"\"claim\": ",
    b"=HYPERLINK(",
    b"-1",
    b"99999999999",
];

fn run_bib(bytes: &[u8]) {
    let parsed = bib::parse_bytes("fuzz.bib", bytes);
    for d in parsed.errors.iter().chain(&parsed.warnings) {
        assert!(d.line >= 1 && d.column >= 1, "unlocated: {d}");
        assert!(d.line_text.len() < 1024, "a whole line kept: {d}");
    }
    let mut first = Vec::new();
    bib::write(&mut first, &parsed.file.items, Dialect::Biblatex).unwrap();
    let again = bib::parse_bytes("again.bib", &first);
    assert!(
        again.errors.is_empty(),
        "what annobib wrote does not parse: {}\n{}",
        again.errors[0],
        String::from_utf8_lossy(&first)
    );
    let mut second = Vec::new();
    bib::write(&mut second, &again.file.items, Dialect::Biblatex).unwrap();
    assert!(
        first == second,
        "writing what was written changes it:\n{}\n---\n{}",
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
    let mut bibtex = Vec::new();
    bib::write(&mut bibtex, &parsed.file.items, Dialect::Bibtex).unwrap();
}

/// The sources documents are resolved against: the example's readings.
fn candidates() -> Vec<Candidate> {
    let text = std::fs::read_to_string(repo("bibliography/readings.bib")).unwrap();
    bib::parse("readings.bib", &text)
        .file
        .sources()
        .map(Candidate::from_source)
        .collect()
}

fn run_document(path: &str, bytes: &[u8]) {
    let (text, _) = annobib::encoding::decode(bytes);
    let mut doc = essay::parse(path, &text, &essay::Options::default());
    for c in &doc.claims {
        let (s, e) = (c.start, c.end);
        assert!(
            s <= e && e <= doc.text.len(),
            "claim span {s}..{e} outside the text"
        );
        assert!(
            doc.text.is_char_boundary(s) && doc.text.is_char_boundary(e),
            "claim span {s}..{e} inside a character"
        );
    }
    thread_local! {
        static INDEX: MemoryIndex = MemoryIndex::new(candidates());
    }
    INDEX.with(|index| cite::cite_document(&mut doc, index, &ResolveOptions::default()));
    let docs = [doc];
    let _ = check::run(&CheckInput::new(&docs, &[]), &CheckOptions::default());
    let mut out = Vec::new();
    write_pandoc_markdown(&mut out, &docs[0], &PandocOptions::default()).unwrap();
}

fn run_text(bytes: &[u8]) {
    run_document("fuzz.txt", bytes)
}

fn run_markdown(bytes: &[u8]) {
    run_document("fuzz.md", bytes)
}

fn run_latex(bytes: &[u8]) {
    run_document("fuzz.tex", bytes)
}

fn run_links(bytes: &[u8]) {
    let (text, _) = annobib::encoding::decode(bytes);
    let _ = read_links(&text, LinkFormat::Csv);
    let _ = read_links(&text, LinkFormat::Json);
}

/// Files under `dir` ending in one of `exts`, sorted, at most `MAX_LEN` bytes each; every
/// `step`-th one, so that a large corpus gives a spread sample.
fn files(dir: &Path, exts: &[&str], step: usize) -> Vec<Vec<u8>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e)))
            {
                found.push(p);
            }
        }
    }
    found.sort();
    found
        .iter()
        .step_by(step.max(1))
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| b.len() <= MAX_LEN)
        .collect()
}

fn seeds(rel: &str, exts: &[&str], step: usize, fallback: &[&str]) -> Vec<Vec<u8>> {
    let mut out = corpus(rel).map_or_else(Vec::new, |dir| files(&dir, exts, step));
    if out.is_empty() {
        out = fallback
            .iter()
            .filter_map(|f| std::fs::read(repo(f)).ok())
            .collect();
    }
    out
}

fn kinds() -> Vec<Kind> {
    let links_csv = b"document,claim,text,origin,source,locator_label,locator,note,quote\n\
        essay.txt,c3,\"The treaty was signed in 1953.\",manual,paik1990,page,12,\"see, too\",\n"
        .to_vec();
    let links_json = br#"[{"document":"essay.txt","claim":"c3","text":"The treaty was signed.","origin":"manual","source":"paik1990","locator":{"label":"page","value":"12"},"note":null,"quote":"a \"quote\""}]"#.to_vec();
    vec![
        Kind {
            name: "bib",
            seeds: seeds(
                "bib",
                &["bib"],
                7,
                &[
                    "bibliography/readings.bib",
                    "tests/fixtures/valid/macros-crossref.bib",
                ],
            ),
            tokens: BIB,
            run: run_bib,
        },
        Kind {
            name: "text",
            seeds: seeds(
                "documents",
                &["txt"],
                3,
                &["bibliography/us-korea-military-alliance.txt"],
            ),
            tokens: TEXT,
            run: run_text,
        },
        Kind {
            name: "markdown",
            seeds: seeds(
                "documents",
                &["md"],
                2,
                &["tests/fixtures/exports/markdown-hazards.txt"],
            ),
            tokens: TEXT,
            run: run_markdown,
        },
        Kind {
            name: "latex",
            seeds: seeds(
                "documents",
                &["tex"],
                1,
                &["bibliography/us-korea-military-alliance.txt"],
            ),
            tokens: TEXT,
            run: run_latex,
        },
        Kind {
            name: "links",
            seeds: vec![links_csv, links_json],
            tokens: LINKS,
            run: run_links,
        },
    ]
}

/// A seed with 1-8 mutations.
fn mutate(rng: &mut Rng, kind: &Kind) -> Vec<u8> {
    let mut b = kind.seeds[rng.below(kind.seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(b.len() + 1);
        match rng.below(8) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = if rng.below(3) == 0 {
                    COMMON[rng.below(COMMON.len())]
                } else {
                    kind.tokens[rng.below(kind.tokens.len())]
                };
                b.splice(at..at, t.iter().copied());
            }
            2 => {
                let end = (at + 1 + rng.below(64)).min(b.len());
                b.drain(at.min(end)..end);
            }
            3 => {
                // A chunk repeated: long lines, deep nesting, many repeated fields.
                let end = (at + 1 + rng.below(32)).min(b.len());
                let chunk = b[at.min(end)..end].to_vec();
                for _ in 0..1 + rng.below(64) {
                    b.splice(at..at, chunk.iter().copied());
                }
            }
            4 => {
                let other = &kind.seeds[rng.below(kind.seeds.len())];
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(512)).min(other.len());
                b.splice(at..at, other[from..end].iter().copied());
            }
            5 => b.truncate(at),
            6 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            _ => {
                let t = kind.tokens[rng.below(kind.tokens.len())];
                b.splice(at..at, t.iter().copied());
            }
        }
        b.truncate(MAX_LEN);
    }
    b
}

/// What a run found: cases run, and the failures (kind, case, message).
struct Outcome {
    cases: usize,
    failures: Vec<String>,
    slowest: Duration,
}

fn fuzz(kind: &Kind, seed: u64, cases: Option<usize>, time: Duration) -> Outcome {
    let mut rng = Rng(seed ^ kind.name.bytes().fold(0, |h, c| h * 31 + c as u64));
    let started = Instant::now();
    let mut out = Outcome {
        cases: 0,
        failures: Vec::new(),
        slowest: Duration::ZERO,
    };
    let dump: Option<PathBuf> = std::env::var_os("ANNOBIB_FUZZ_DUMP").map(PathBuf::from);
    loop {
        match cases {
            Some(n) if out.cases >= n => break,
            None if started.elapsed() >= time => break,
            _ => {}
        }
        let input = mutate(&mut rng, kind);
        let case = out.cases;
        out.cases += 1;
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| (kind.run)(&input)));
        let took = t.elapsed();
        out.slowest = out.slowest.max(took);
        let problem = match result {
            Err(e) => Some(
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".into()),
            ),
            Ok(()) if took > HANG => Some(format!("took {took:?}")),
            Ok(()) => None,
        };
        if let Some(problem) = problem {
            if let Some(dir) = &dump {
                let _ = std::fs::create_dir_all(dir);
                let _ = std::fs::write(dir.join(format!("{}-{seed}-{case}", kind.name)), &input);
            }
            let first: String = problem.lines().take(3).collect::<Vec<_>>().join(" | ");
            out.failures
                .push(format!("{} seed {seed} case {case}: {first}", kind.name));
        }
    }
    out
}

/// Cases a kind in a plain `cargo test`: a count, not a time, so CI runs the same cases as here.
const DEFAULT_CASES: usize = 300;

#[test]
fn mutated_inputs_of_every_kind_neither_panic_nor_hang() {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f64>().ok());
    let seed = env("ANNOBIB_FUZZ_SEED").map_or(9, |s| s as u64);
    let seconds = env("ANNOBIB_FUZZ_SECONDS");
    let cases = env("ANNOBIB_FUZZ_CASES")
        .map(|n| n as usize)
        .or(seconds.is_none().then_some(DEFAULT_CASES));
    let time = Duration::from_secs_f64(seconds.unwrap_or(0.5));
    // Panics are caught and counted; the default hook would print each one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for kind in kinds() {
        assert!(!kind.seeds.is_empty(), "no seeds for {}", kind.name);
        let out = fuzz(&kind, seed, cases, time);
        summary.push(format!(
            "{}: {} cases from {} seeds, {} failed, slowest {:?}",
            kind.name,
            out.cases,
            kind.seeds.len(),
            out.failures.len(),
            out.slowest
        ));
        failures.extend(out.failures);
    }
    std::panic::set_hook(hook);
    eprintln!("fuzz (seed {seed}): {}", summary.join("; "));
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
