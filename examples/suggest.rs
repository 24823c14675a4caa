//! How well `suggest` finds a removed citation's source from metadata alone, over the real
//! documents of the development corpus that come with their own `.bib` (JOSS papers, the
//! Distill essay, the ReScience article; `../shared/corpus/documents`, see its README).
//!
//! ```text
//! cargo run --release --example suggest [-- CORPUS] [--misses]
//! ```
//!
//! For every gold citation with keys: its sentence (the gold `sentences_with_citation` span
//! holding it) with every citation span in it blanked, as the sentence would read uncited, is
//! given to `suggest` against the document's own bibliography, leaving out the sources the
//! sentence's other citations name (the claim cites them already); a hit at k when one of the
//! citation's keys is among the first k suggestions (the writer accepts one). Rendered
//! variants repeat their source, so they are left out. Documents are split in two halves by
//! name (even and odd hash of the name): the weights were set looking at the first half only,
//! and the second is reported apart, with the random baseline (k / sources of the document).

use std::path::{Path, PathBuf};

use annobib::bib;
use annobib::suggest::Pool;
use serde::Deserialize;
use sha2::{Digest, Sha256};

#[derive(Deserialize)]
struct Gold {
    bib: Option<String>,
    citations: Vec<GoldCitation>,
    #[serde(default)]
    sentences_with_citation: Vec<(usize, usize)>,
}

#[derive(Deserialize)]
struct GoldCitation {
    start: usize,
    end: usize,
    #[serde(default)]
    keys: Vec<String>,
}

#[derive(Default)]
struct Tally {
    citations: usize,
    at1: usize,
    at5: usize,
    abstained: usize,
    random1: f64,
    random5: f64,
    documents: usize,
}

impl Tally {
    fn line(&self, name: &str) -> String {
        let n = self.citations.max(1) as f64;
        format!(
            "{name}: {} documents, {} citations: recall@1 {:.3}, recall@5 {:.3}, abstained {:.3}; random baseline @1 {:.3}, @5 {:.3}",
            self.documents,
            self.citations,
            self.at1 as f64 / n,
            self.at5 as f64 / n,
            self.abstained as f64 / n,
            self.random1 / n,
            self.random5 / n,
        )
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let corpus = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/documents")
        });
    let mut golds: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".gold.json") && !name.contains(".rendered-")
        })
        .collect();
    golds.sort();
    let mut halves = [Tally::default(), Tally::default()];
    for gold_path in golds {
        let gold: Gold =
            serde_json::from_str(&std::fs::read_to_string(&gold_path).unwrap()).unwrap();
        let Some(bib_name) = gold.bib else { continue };
        let name = gold_path.file_name().unwrap().to_string_lossy();
        let stem = name.trim_end_matches(".gold.json");
        let doc = ["md", "txt", "tex"]
            .iter()
            .map(|ext| corpus.join(format!("{stem}.{ext}")))
            .find(|p| p.exists());
        let Some(doc) = doc else { continue };
        let text = std::fs::read(&doc).unwrap();
        let bib_text = std::fs::read_to_string(corpus.join(&bib_name)).unwrap();
        let parsed = bib::parse(&bib_name, &bib_text);
        let sources: Vec<_> = parsed.file.sources().cloned().collect();
        if sources.is_empty() {
            continue;
        }
        let pool = Pool::new(&sources);
        let half = usize::from(Sha256::digest(stem.as_bytes())[0] % 2 == 1);
        let tally = &mut halves[half];
        tally.documents += 1;
        for c in &gold.citations {
            if c.keys.is_empty() || !c.keys.iter().any(|k| sources.iter().any(|s| &s.key == k)) {
                continue;
            }
            let Some(&(s, e)) = gold
                .sentences_with_citation
                .iter()
                .find(|(s, e)| *s <= c.start && c.end <= *e)
            else {
                continue;
            };
            let mut sentence = text[s..e].to_vec();
            let mut cited = std::collections::HashSet::new();
            for other in &gold.citations {
                if other.start >= s && other.end <= e {
                    sentence[other.start - s..other.end - s].fill(b' ');
                    if other.start != c.start {
                        cited.extend(other.keys.iter().filter(|k| !c.keys.contains(k)).cloned());
                    }
                }
            }
            let sentence = String::from_utf8_lossy(&sentence).into_owned();
            tally.citations += 1;
            let n = sources
                .iter()
                .filter(|s| !cited.contains(&s.key))
                .count()
                .max(1) as f64;
            let keys = (c.keys.len() as f64).min(n);
            tally.random1 += (keys / n).min(1.0);
            tally.random5 += (5.0 * keys / n).min(1.0);
            match pool.suggest_besides(&sentence, 5, &cited) {
                Ok(found) => {
                    let rank = found.iter().position(|f| c.keys.contains(&f.key));
                    tally.at1 += usize::from(rank == Some(0));
                    tally.at5 += usize::from(rank.is_some());
                    if misses && half == 0 && rank != Some(0) {
                        println!(
                            "miss {stem} {:?} rank {rank:?}: {}\n    got {} ({})",
                            c.keys,
                            sentence.split_whitespace().collect::<Vec<_>>().join(" "),
                            found[0].key,
                            found[0].reason()
                        );
                    }
                }
                Err(why) => {
                    tally.abstained += 1;
                    if misses {
                        println!("abstained {stem} {:?}: {why}", c.keys);
                    }
                }
            }
        }
    }
    let mut all = Tally::default();
    for h in &halves {
        all.citations += h.citations;
        all.at1 += h.at1;
        all.at5 += h.at5;
        all.abstained += h.abstained;
        all.random1 += h.random1;
        all.random5 += h.random5;
        all.documents += h.documents;
    }
    println!("{}", halves[0].line("first half (looked at)"));
    println!("{}", halves[1].line("second half (held out)"));
    println!("{}", all.line("all"));
}
