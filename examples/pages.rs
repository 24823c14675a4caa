//! How well `quote-not-found` and `page-mismatch` catch wrong pages and missing quotations, and
//! how often they flag right ones, on openly licensed long texts: the OpenStax chapters of the
//! development corpus (`../shared/corpus/documents`, CC BY 4.0).
//!
//! ```text
//! cargo run --release --example pages [-- CORPUS]
//! ```
//!
//! Each chapter is cut into pages of about 2,500 characters at paragraph ends, numbered from
//! 101, and attached to a source. From every page with a sentence of 12 words or more, the
//! longest such sentence makes four claims, each citing the source with a page:
//! - a quotation of eight of its words, citing its page (right: nothing should be said);
//! - the same quotation citing another page, three pages on (wrong page: `quote-not-found`);
//! - the quotation with one word changed, citing its page (missing quotation: `quote-not-found`);
//! - the sentence as a paraphrase (its first three words dropped, no quotation marks), citing
//!   its page (right) and another page (wrong: `page-mismatch`);
//! - a looser paraphrase, every other word of the sentence, the same two ways (reported apart:
//!   real paraphrases share fewer words still).
//!
//! The claims go through the real path: `essay::parse`, `cite::cite_document` against the source,
//! `check::run` with the attachment. The thresholds of the rules were set before this was run.

use std::path::{Path, PathBuf};

use annobib::check::{self, CheckInput, CheckOptions, Rule};
use annobib::cite::{self, ResolveOptions, memindex::MemoryIndex};
use annobib::model::{Attachment, Candidate, Page};
use annobib::{bib, essay};

const PAGE_CHARS: usize = 2500;
const FIRST: u32 = 101;

/// The kinds of claim made, in the order they are reported: each says what it is, and
/// whether its page is right (nothing should be said) or wrong (a finding should be).
const KINDS: [(&str, &str, bool); 7] = [
    ("right-quote", "quotation, its page", true),
    ("wrong-quote", "quotation, a page 3 on", false),
    (
        "missing-quote",
        "quotation with a word changed, its page",
        false,
    ),
    (
        "right-para",
        "paraphrase (the sentence less 3 words), its page",
        true,
    ),
    ("wrong-para", "paraphrase, another page", false),
    (
        "right-loose",
        "loose paraphrase (every other word), its page",
        true,
    ),
    ("wrong-loose", "loose paraphrase, another page", false),
];

fn pages_of(text: &str) -> Vec<String> {
    let mut pages = Vec::new();
    let mut current = String::new();
    for para in text.split("\n\n") {
        current.push_str(para);
        current.push_str("\n\n");
        if current.len() >= PAGE_CHARS {
            pages.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        pages.push(current);
    }
    pages
}

/// The longest sentence of 12 words or more on the page, without quotation marks or brackets
/// (which would make it a quotation or a citation of its own).
fn sentence_of(page: &str) -> Option<String> {
    let opts = essay::Options::default();
    let mut best: Option<String> = None;
    for para in page.split("\n\n") {
        let para = para.replace('\n', " ");
        for r in essay::sentences(&para, &opts) {
            let s = para[r].trim().to_string();
            if s.contains(['"', '“', '”', '(', ')', '[', ']', '*', '#', '|', '^'])
                || s.split_whitespace().count() < 12
            {
                continue;
            }
            if best.as_ref().is_none_or(|b| s.len() > b.len()) {
                best = Some(s);
            }
        }
    }
    best
}

fn main() {
    let corpus = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/documents")
        });
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("openstax-") && (n.ends_with(".txt") || n.ends_with(".md"))
        })
        .collect();
    files.sort();
    let bib_text = "@book{src, author = {Author, Ann}, title = {A Textbook}, year = 2020}\n";
    let sources: Vec<_> = bib::parse("src.bib", bib_text)
        .file
        .sources()
        .cloned()
        .collect();
    let index = MemoryIndex::new(sources.iter().map(Candidate::from_source).collect());
    // Per kind: claims made, and of those flagged.
    let mut tally = [(0usize, 0usize); KINDS.len()];
    let mut chapters = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        // The chapter without its notes and reference list: its running text.
        let body = text
            .split("\n## Notes")
            .next()
            .unwrap()
            .split("\nReferences\n")
            .next()
            .unwrap();
        let pages = pages_of(body);
        if pages.len() < 6 {
            continue;
        }
        chapters += 1;
        let attachment = Attachment {
            key: "src".into(),
            file: f.display().to_string(),
            kind: "text".into(),
            numbering: "test".into(),
            pages: pages
                .iter()
                .enumerate()
                .map(|(i, p)| Page {
                    physical: i as u32 + 1,
                    label: (FIRST + i as u32).to_string(),
                    text: p.clone(),
                })
                .collect(),
        };
        // (kind, claim text, cited page)
        let mut claims: Vec<(&str, String, u32)> = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            let Some(s) = sentence_of(page) else { continue };
            let words: Vec<&str> = s.split_whitespace().collect();
            let here = FIRST + i as u32;
            let other = FIRST + ((i + 3) % pages.len()) as u32;
            let quote = words[2..10].join(" ");
            let mut changed: Vec<&str> = words[2..10].to_vec();
            changed[4] = "notably";
            let changed = changed.join(" ");
            let quote = quote.trim_end_matches([',', ';', ':', '.']);
            let changed = changed.trim_end_matches([',', ';', ':', '.']);
            claims.push((
                "right-quote",
                format!("The text says that \"{quote}\""),
                here,
            ));
            claims.push((
                "wrong-quote",
                format!("The text says that \"{quote}\""),
                other,
            ));
            claims.push((
                "missing-quote",
                format!("The text says that \"{changed}\""),
                here,
            ));
            let para = words[3..].join(" ");
            let para = para.trim_end_matches(['.', '!', '?']);
            claims.push(("right-para", format!("In short, {para}"), here));
            claims.push(("wrong-para", format!("In short, {para}"), other));
            // A looser paraphrase: every other word of the sentence.
            let loose: Vec<&str> = words.iter().step_by(2).copied().collect();
            let loose = loose.join(" ");
            let loose = loose.trim_end_matches(['.', '!', '?', ',', ';', ':']);
            claims.push(("right-loose", format!("Roughly, {loose}"), here));
            claims.push(("wrong-loose", format!("Roughly, {loose}"), other));
        }
        let essay_text: String = std::iter::once("Essay\n\n".to_string())
            .chain(
                claims
                    .iter()
                    .map(|(_, c, p)| format!("{c} (Author 2020, {p}).\n\n")),
            )
            .collect();
        let mut doc = essay::parse("e.txt", &essay_text, &essay::Options::default());
        cite::cite_document(&mut doc, &index, &ResolveOptions::default());
        let mut input = CheckInput::new(std::slice::from_ref(&doc), &sources);
        let attachments = [attachment];
        input.attachments = &attachments;
        let opts = CheckOptions {
            rules: vec![Rule::QuoteNotFound, Rule::PageMismatch],
            ..Default::default()
        };
        let findings = check::run(&input, &opts);
        let body_claims: Vec<_> = doc
            .claims
            .iter()
            .filter(|c| c.citations.iter().any(|x| x.resolution.source.is_some()))
            .collect();
        if body_claims.len() != claims.len() {
            eprintln!(
                "{}: {} claims made, {} read with a resolved citation; skipped",
                f.display(),
                claims.len(),
                body_claims.len()
            );
            continue;
        }
        for ((kind, _, _), claim) in claims.iter().zip(&body_claims) {
            let flagged = findings
                .iter()
                .any(|x| x.line == Some(claim.line) && x.document.as_deref() == Some("e.txt"));
            let k = KINDS.iter().position(|(name, _, _)| name == kind).unwrap();
            tally[k].0 += 1;
            tally[k].1 += usize::from(flagged);
        }
    }
    let rate = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    println!("{chapters} chapters");
    let (mut right, mut flagged, mut wrong, mut caught) = (0, 0, 0, 0);
    for ((_, what, is_right), (n, hit)) in KINDS.iter().zip(tally) {
        let said = if *is_right { "flagged" } else { "caught" };
        println!("{what}: {said} {hit}/{n} ({:.3})", rate(hit, n));
        if *is_right {
            (right, flagged) = (right + n, flagged + hit);
        } else {
            (wrong, caught) = (wrong + n, caught + hit);
        }
    }
    println!(
        "all: wrong pages and missing quotations caught {:.3} ({caught}/{wrong}); right ones flagged {:.3} ({flagged}/{right})",
        rate(caught, wrong),
        rate(flagged, right)
    );
}
