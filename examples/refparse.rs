//! The reference-string model's training and figures, over AnyStyle's labelled references
//! (`../shared/corpus/references`, BSD-2-Clause, see its README).
//!
//! ```text
//! cargo run --release --example refparse -- train [DIR]   # fit, rewrite src/refparse/model.txt
//! cargo run --release --example refparse -- eval [DIR]    # the shipped model on gold.xml and the rest
//! cargo run --release --example refparse -- label "Finley, James P. The US ... 1983."
//! cargo run --release --example refparse -- matrix DIR   # drafts vs doc.bib on a style matrix
//! cargo run --release --example refparse -- example      # the shipped example's six readings
//! ```
//!
//! `matrix` reads each document of a style matrix (`../shared/tools/style-matrix.py --out DIR
//! --formats txt`): its doc.txt through the essay reader, as `sources draft` does, each
//! reference unit drafted, and the draft compared field by field with the doc.bib entry the
//! item was rendered from (refs.tsv gives its span and key). Values are compared lowercased
//! with only letters and digits kept; creators by family names in order (a list closed by
//! "et al." by its shown names); the year by its digits.
//!
//! Training data: core.xml, good.xml, bad.xml and ugly.xml, less every tenth reference of
//! each (the development set the "unsure" threshold is calibrated on). gold.xml is never
//! trained on: it is the test set whose figures the model file's header carries.

use std::path::{Path, PathBuf};
use std::time::Instant;

use annobib::refparse::data::{Example, read_dataset};
use annobib::refparse::train::{self, Options};
use annobib::refparse::{LABELS, Model, model};

/// The data's version: the AnyStyle commit its README names.
const DATA_VERSION: &str = "inukshuk/anystyle c6f5fb2fa6e8ce9456ad1e1e88d6bba5f3d7731d res/parser";
const TRAIN_FILES: &[&str] = &["core.xml", "good.xml", "bad.xml", "ugly.xml"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .get(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus/references"));
    let result = match args.first().map(String::as_str) {
        Some("train") => run_train(&dir),
        Some("eval") => run_eval(&dir),
        Some("matrix") => match args.get(1) {
            Some(d) => run_matrix(Path::new(d), args.iter().any(|a| a == "--misses")),
            None => Err("usage: refparse matrix DIR [--misses]".to_string()),
        },
        Some("example") => run_example(),
        Some("label") => chosen_model().map(|m| {
            let text = args[1..]
                .iter()
                .take_while(|a| *a != "--model")
                .cloned()
                .collect::<Vec<_>>()
                .join(" ");
            for s in m.label(&text).segments() {
                println!("{:<16} {:>6.1}  {}", s.label, s.margin, s.text);
            }
        }),
        _ => Err(
            "usage: refparse train|eval [DIR] | label TEXT | matrix DIR [--misses] | example"
                .to_string(),
        ),
    };
    if let Err(e) = result {
        eprintln!("refparse: {e}");
        std::process::exit(2);
    }
}

/// The flag's value: `--name VALUE`.
fn flag(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The model to measure: `--model FILE` (a file `train --out` wrote), else the shipped one.
fn chosen_model() -> Result<&'static Model, String> {
    match flag("--model") {
        Some(f) => {
            let text = std::fs::read_to_string(&f).map_err(|e| format!("{f}: {e}"))?;
            let m = Model::read(&text).map_err(|e| format!("{f}: {e}"))?;
            Ok(Box::leak(Box::new(m)))
        }
        None => Ok(model()),
    }
}

fn load(dir: &Path, file: &str) -> Result<Vec<Example>, String> {
    let path = dir.join(file);
    let xml = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    read_dataset(&xml).map_err(|e| format!("{}: {e}", path.display()))
}

/// The training files: `--files a.xml,b.xml`, else [`TRAIN_FILES`].
fn train_files() -> Vec<String> {
    match flag("--files") {
        Some(v) => v.split(',').map(str::to_string).collect(),
        None => TRAIN_FILES.iter().map(|s| s.to_string()).collect(),
    }
}

/// The training and development sets: every tenth reference of each file is development.
fn split(dir: &Path) -> Result<(Vec<Example>, Vec<Example>), String> {
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for f in &train_files() {
        for (i, ex) in load(dir, f)?.into_iter().enumerate() {
            if i % 10 == 9 {
                dev.push(ex);
            } else {
                train.push(ex);
            }
        }
    }
    Ok((train, dev))
}

fn run_train(dir: &Path) -> Result<(), String> {
    let (train_set, dev) = split(dir)?;
    let gold = load(dir, "gold.xml")?;
    let mut opts = Options::default();
    if let Some(v) = flag("--epochs") {
        opts.epochs = v.parse().map_err(|_| "--epochs N".to_string())?;
    }
    if let Some(v) = flag("--min-count") {
        opts.min_count = v.parse().map_err(|_| "--min-count N".to_string())?;
    }
    if let Some(v) = flag("--prune") {
        opts.prune = v.parse().map_err(|_| "--prune W".to_string())?;
    }
    eprintln!(
        "training on {} references ({} tokens), {} development, {} gold",
        train_set.len(),
        train_set.iter().map(|e| e.labels.len()).sum::<usize>(),
        dev.len(),
        gold.len()
    );
    let t0 = Instant::now();
    let mut m = train::fit(&train_set, &opts, &mut |epoch, acc| {
        eprintln!("epoch {epoch}: training token accuracy {acc:.4}");
    });
    let fit_time = t0.elapsed().as_secs_f64();
    m.threshold = train::calibrate(&m, &dev);
    let d = train::evaluate(&m, &dev, m.threshold);
    let t1 = Instant::now();
    let g = train::evaluate(&m, &gold, m.threshold);
    let per_sec = gold.len() as f64 / t1.elapsed().as_secs_f64();
    let header = vec![
        "annobib reference-string model (src/refparse): averaged structured perceptron,"
            .to_string(),
        "first-order transitions; written by `cargo run --release --example refparse -- train`."
            .to_string(),
        format!("data: {DATA_VERSION} (BSD-2-Clause)"),
        format!(
            "trained on {} references of {} less every tenth ({} development); gold.xml held out",
            train_set.len(),
            train_files().join(", "),
            dev.len()
        ),
        format!(
            "options: {} epochs, features seen >= {} times, |weights| >= {}, seed {}; fit in {:.0} s",
            opts.epochs, opts.min_count, opts.prune, opts.seed, fit_time
        ),
        format!(
            "gold.xml ({} references): field F1 {:.3} (P {:.3} R {:.3}), tokens {:.3}, references entirely right {:.3}",
            gold.len(),
            g.all().f1(),
            g.all().precision(),
            g.all().recall(),
            g.tokens_right as f64 / g.tokens as f64,
            g.references_right as f64 / g.references as f64
        ),
        format!(
            "development ({} references): field F1 {:.3}; unsure threshold {} flags {} of {} fields, {} of them wrong, of {} wrong",
            dev.len(),
            d.all().f1(),
            m.threshold,
            d.unsure,
            d.all().predicted,
            d.unsure_wrong,
            d.wrong
        ),
        format!("labels: {}", LABELS.join(" ")),
    ];
    let text = train::write_model(&m, &header);
    let out = flag("--out").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("src/refparse/model.txt"),
        PathBuf::from,
    );
    std::fs::write(&out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
    for h in &header {
        println!("{h}");
    }
    println!("\ngold.xml per field:\n{}", train::table(&g));
    println!(
        "{} features, {} bytes written to {}; {per_sec:.0} references/s",
        m_features(&text),
        text.len(),
        out.display()
    );
    Ok(())
}

fn m_features(text: &str) -> usize {
    text.lines().filter(|l| l.contains('\t')).count()
}

fn run_eval(dir: &Path) -> Result<(), String> {
    let m: &Model = chosen_model()?;
    for line in &m.header {
        println!("# {line}");
    }
    for f in ["gold.xml", "core.xml", "good.xml", "bad.xml", "ugly.xml"] {
        let ex = load(dir, f)?;
        let t = Instant::now();
        let s = train::evaluate(m, &ex, m.threshold);
        let secs = t.elapsed().as_secs_f64();
        let a = s.all();
        println!(
            "{f}: {} references, field F1 {:.3} (P {:.3} R {:.3}), tokens {:.3}, entirely right {:.3}, unsure {} ({} wrong) of {} wrong; {:.0} references/s{}",
            s.references,
            a.f1(),
            a.precision(),
            a.recall(),
            s.tokens_right as f64 / s.tokens as f64,
            s.references_right as f64 / s.references as f64,
            s.unsure,
            s.unsure_wrong,
            s.wrong,
            s.references as f64 / secs,
            if f == "gold.xml" {
                ""
            } else {
                " (trained on 9 of 10)"
            }
        );
        if f == "gold.xml" {
            println!("{}", train::table(&s));
        }
    }
    Ok(())
}

/// Letters and digits, lowercased, compatibility forms folded ("₂" -> "2"), accents kept.
fn norm(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A page range with a shortened end written out ("1227-50" -> "1227-1250"), normalised.
fn full_pages(p: &str) -> String {
    let p = p.replace(['–', '—', '‒'], "-");
    let parts: Vec<&str> = p.split('-').filter(|x| !x.is_empty()).collect();
    if let [a, b] = parts.as_slice() {
        let (a, b) = (a.trim(), b.trim());
        if a.bytes().all(|c| c.is_ascii_digit())
            && b.bytes().all(|c| c.is_ascii_digit())
            && b.len() < a.len()
        {
            return norm(&format!("{a}{}{b}", &a[..a.len() - b.len()]));
        }
    }
    norm(&p)
}

/// The family names of a list, normalised.
fn families(p: &[annobib::model::Person]) -> Vec<String> {
    p.iter()
        .map(|p| norm(&format!("{}{}", p.prefix, p.family)))
        .collect()
}

/// The class a type belongs to, for type accuracy.
///
/// BibTeX has no @collection nor @online: a @book with editors and a @misc with a URL are the
/// same works as a BibLaTeX @collection and @online, so those pairs count as one class.
fn type_class(t: &str) -> &'static str {
    match t {
        "article" => "article",
        "book" | "mvbook" | "collection" | "mvcollection" => "book",
        "incollection" | "inbook" | "chapter" => "chapter",
        "inproceedings" | "conference" => "paper",
        "proceedings" => "proceedings",
        "thesis" | "phdthesis" | "mastersthesis" => "thesis",
        "report" | "techreport" => "report",
        _ => "misc",
    }
}

/// The fields compared.
const COMPARED: &[&str] = &[
    "creators",
    "author",
    "editor",
    "year",
    "title",
    "journaltitle",
    "booktitle",
    "volume",
    "number",
    "pages",
    "publisher",
    "location",
    "edition",
    "doi",
    "url",
    "isbn",
];

/// Gold and drafted values of one field; `None` when absent. Creators are compared as
/// lists: the values are the names joined, a drafted list closed by "others" is cut the gold
/// to its length.
fn values(
    field: &str,
    gold: &annobib::model::Source,
    d: &annobib::refparse::Draft,
) -> (Option<String>, Option<String>) {
    let list =
        |g: &[annobib::model::Person], role: Option<&str>| -> (Option<String>, Option<String>) {
            let (dp, others) = match role {
                Some(r) => d
                    .persons
                    .iter()
                    .find(|(x, _, _)| x == r)
                    .map_or((Vec::new(), false), |(_, p, o)| (families(p), *o)),
                None => d
                    .persons
                    .iter()
                    .find(|(x, _, _)| x == "author")
                    .or_else(|| d.persons.iter().find(|(x, _, _)| x == "editor"))
                    .map_or((Vec::new(), false), |(_, p, o)| (families(p), *o)),
            };
            let mut gp = families(g);
            if others && gp.len() > dp.len() {
                gp.truncate(dp.len());
            }
            (
                (!gp.is_empty()).then(|| gp.join("|")),
                (!dp.is_empty()).then(|| dp.join("|")),
            )
        };
    let g = |names: &[&str]| gold.get_any(names).map(norm).filter(|v| !v.is_empty());
    let dv = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| d.get(n))
            .map(norm)
            .filter(|v| !v.is_empty())
    };
    match field {
        "creators" => list(gold.creators(), None),
        "author" => list(gold.persons("author"), Some("author")),
        "editor" => list(gold.persons("editor"), Some("editor")),
        "year" => (
            gold.year().map(|y| y.to_string()),
            d.get("date").and_then(|v| v.get(..4)).map(str::to_string),
        ),
        "title" => (
            gold.full_title().map(|t| norm(&t)),
            d.get("title").map(|t| match d.get("subtitle") {
                Some(s) => norm(&format!("{t}{s}")),
                None => norm(t),
            }),
        ),
        "journaltitle" => (g(&["journaltitle", "journal"]), dv(&["journaltitle"])),
        "number" => (g(&["number", "issue"]), dv(&["number"])),
        "location" => (g(&["location", "address"]), dv(&["location"])),
        "publisher" => (
            g(&["publisher", "institution", "school", "organization"]),
            dv(&["publisher", "institution"]),
        ),
        "pages" => (
            gold.get("pages").map(full_pages),
            d.get("pages").map(full_pages),
        ),
        "doi" => (
            gold.get("doi").map(|v| {
                v.to_lowercase()
                    .trim_start_matches("https://doi.org/")
                    .to_string()
            }),
            d.get("doi").map(|v| v.to_lowercase()),
        ),
        "url" => (
            gold.get("url").map(|v| v.trim_end_matches('/').to_string()),
            d.get("url").map(|v| v.trim_end_matches('/').to_string()),
        ),
        "edition" => (
            g(&["edition"]).map(|e| ordinal(&e)),
            dv(&["edition"]).map(|e| ordinal(&e)),
        ),
        f => (g(&[f]), dv(&[f])),
    }
}

/// "2nd" / "second" / "2" alike.
fn ordinal(e: &str) -> String {
    let e = e.trim_end_matches("edition").trim_end_matches("ed");
    for (w, n) in [
        ("first", "1"),
        ("second", "2"),
        ("third", "3"),
        ("fourth", "4"),
        ("fifth", "5"),
    ] {
        if e == w {
            return n.to_string();
        }
    }
    e.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
        .to_string()
}

#[derive(Default, Clone, Copy)]
struct Tally {
    right: usize,
    drafted: usize,
    gold: usize,
}

impl Tally {
    fn f1(&self) -> f64 {
        let p = self.right as f64 / self.drafted.max(1) as f64;
        let r = self.right as f64 / self.gold.max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn run_matrix(dir: &Path, misses: bool) -> Result<(), String> {
    use std::collections::BTreeMap;
    let m = chosen_model()?;
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv"))
        .map_err(|e| format!("{}: {e}", dir.join("MANIFEST.tsv").display()))?;
    // class -> field -> tally; class -> (types right, items)
    let mut by_class: BTreeMap<String, BTreeMap<&str, Tally>> = BTreeMap::new();
    let mut types: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_style: Vec<(String, String, f64, f64, usize)> = Vec::new();
    let mut unsure_stats = (0usize, 0usize, 0usize, 0usize); // unsure&wrong, unsure, wrong fields, fields
    let mut hidden: BTreeMap<&str, usize> = BTreeMap::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (doc, style, class) = (cols[0], cols[1], cols[2]);
        let folder = dir.join(doc);
        let read = |f: &str| {
            std::fs::read_to_string(folder.join(f))
                .map_err(|e| format!("{}: {e}", folder.join(f).display()))
        };
        let text = read("doc.txt")?;
        let bib = annobib::bib::parse("doc.bib", &read("doc.bib")?);
        let gold: BTreeMap<String, annobib::model::Source> = bib
            .file
            .items
            .into_iter()
            .filter_map(|i| match i {
                annobib::model::BibItem::Entry(s) => Some((s.key.clone(), s)),
                _ => None,
            })
            .collect();
        let document = annobib::essay::parse("doc.txt", &text, &Default::default());
        let units: Vec<&annobib::model::Claim> = document
            .claims
            .iter()
            .filter(|c| c.kind == annobib::model::ClaimKind::Reference)
            .collect();
        let refs = read("refs.tsv")?;
        let (mut f_right, mut f_all, mut t_right, mut n) = (0usize, 0usize, 0usize, 0usize);
        for r in refs.lines().skip(1) {
            let c: Vec<&str> = r.split('\t').collect();
            if c.len() < 4 {
                continue;
            }
            let (key, start, end) = (
                c[0],
                c[1].parse::<usize>().unwrap_or(0),
                c[2].parse::<usize>().unwrap_or(0),
            );
            let Some(g) = gold.get(key) else { continue };
            let unit = units.iter().find(|u| u.start < end && start < u.end);
            let d = match unit {
                Some(u) => {
                    let text = u.text.trim();
                    annobib::refparse::draft::from_labelled(&m.label(text), m.threshold)
                }
                None => annobib::refparse::Draft::default(),
            };
            n += 1;
            let tr = type_class(&g.entry_type) == type_class(&d.entry_type);
            t_right += usize::from(tr);
            let ty = types.entry(class.to_string()).or_default();
            ty.0 += usize::from(tr);
            ty.1 += 1;
            if misses && !tr {
                println!(
                    "MISS {style} {key} type: gold {} draft {} ({})",
                    g.entry_type, d.entry_type, d.type_reason
                );
            }
            let item = norm(&d.text);
            for f in COMPARED {
                let (mut gv, dv) = values(f, g, &d);
                // A value the style does not print cannot be drafted: left out of recall
                // (counted apart as hidden). Names by their first family name, pages by the
                // first page.
                let shown = match (*f, &gv) {
                    (_, None) => true,
                    ("creators" | "author" | "editor", Some(v)) => {
                        item.contains(v.split('|').next().unwrap_or(""))
                    }
                    ("pages", Some(_)) => g
                        .get("pages")
                        .and_then(|p| p.split(['-', '–', '—']).next())
                        .is_some_and(|first| item.contains(&norm(first))),
                    ("doi" | "url", Some(v)) => d.text.to_lowercase().contains(&v.to_lowercase()),
                    (_, Some(v)) => item.contains(v.as_str()),
                };
                if !shown {
                    *hidden.entry(f).or_default() += 1;
                    gv = None;
                }
                let right = gv.is_some() && gv == dv;
                for c in [class, "all"] {
                    let t = by_class
                        .entry(c.to_string())
                        .or_default()
                        .entry(f)
                        .or_default();
                    t.gold += usize::from(gv.is_some());
                    t.drafted += usize::from(dv.is_some());
                    t.right += usize::from(right);
                }
                if *f != "creators" && (gv.is_some() || dv.is_some()) {
                    f_all += 1;
                    f_right += usize::from(right);
                }
                if dv.is_some() {
                    let field = match *f {
                        "creators" => "author",
                        "year" => "date",
                        x => x,
                    };
                    let unsure = d
                        .unsure
                        .iter()
                        .any(|(u, _)| u == field || (field == "title" && u == "subtitle"));
                    unsure_stats.3 += 1;
                    unsure_stats.2 += usize::from(!right);
                    unsure_stats.1 += usize::from(unsure);
                    unsure_stats.0 += usize::from(unsure && !right);
                }
                if misses && !right && (gv.is_some() || dv.is_some()) {
                    println!(
                        "MISS {style} {key} {f}: gold {:?} draft {:?}\n     {}",
                        gv, dv, d.text
                    );
                }
            }
        }
        by_style.push((
            style.to_string(),
            class.to_string(),
            f_right as f64 / f_all.max(1) as f64,
            t_right as f64 / n.max(1) as f64,
            n,
        ));
    }
    println!("| style | class | items | fields right | type right |");
    println!("|---|---|---:|---:|---:|");
    for (s, c, f, t, n) in &by_style {
        println!("| {s} | {c} | {n} | {f:.3} | {t:.3} |");
    }
    println!();
    let classes: Vec<String> = by_class.keys().cloned().collect();
    println!("| field | {} |", classes.join(" | "));
    println!("|---|{}", "---:|".repeat(classes.len()));
    for f in COMPARED {
        let cells: Vec<String> = classes
            .iter()
            .map(|c| {
                let t = by_class[c].get(f).copied().unwrap_or_default();
                if t.gold == 0 && t.drafted == 0 {
                    return "n/a".to_string();
                }
                format!(
                    "{:.3} ({:.2}/{:.2})",
                    t.f1(),
                    t.right as f64 / t.drafted.max(1) as f64,
                    t.right as f64 / t.gold.max(1) as f64
                )
            })
            .collect();
        println!("| {f} | {} |", cells.join(" | "));
    }
    let all_fields = |c: &str| {
        let mut t = Tally::default();
        for (f, x) in &by_class[c] {
            if *f != "creators" && *f != "author" && *f != "editor" {
                t.right += x.right;
                t.drafted += x.drafted;
                t.gold += x.gold;
            }
        }
        let x = by_class[c]["creators"];
        t.right += x.right;
        t.drafted += x.drafted;
        t.gold += x.gold;
        t
    };
    let cells: Vec<String> = classes
        .iter()
        .map(|c| format!("{:.3}", all_fields(c).f1()))
        .collect();
    println!("| all fields (creators once) | {} |", cells.join(" | "));
    let cells: Vec<String> = classes
        .iter()
        .map(|c| {
            let (r, n) = if c == "all" {
                types.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
            } else {
                types[c]
            };
            format!("{:.3} ({n})", r as f64 / n.max(1) as f64)
        })
        .collect();
    println!("| entry type right | {} |", cells.join(" | "));
    let hidden: Vec<String> = hidden.iter().map(|(f, n)| format!("{f} {n}")).collect();
    println!(
        "\ngold values the styles do not print (left out of recall): {}",
        hidden.join(", ")
    );
    println!(
        "unsure marks: {} of {} drafted fields marked, {} of them wrong; {} of {} wrong fields marked",
        unsure_stats.1, unsure_stats.3, unsure_stats.0, unsure_stats.0, unsure_stats.2
    );
    Ok(())
}

fn run_example() -> Result<(), String> {
    let m = chosen_model()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("bibliography");
    let text = std::fs::read_to_string(root.join("us-korea-military-alliance.txt"))
        .map_err(|e| e.to_string())?;
    let bib = std::fs::read_to_string(root.join("readings.bib")).map_err(|e| e.to_string())?;
    let gold: Vec<annobib::model::Source> = annobib::bib::parse("readings.bib", &bib)
        .file
        .items
        .into_iter()
        .filter_map(|i| match i {
            annobib::model::BibItem::Entry(s) => Some(s),
            _ => None,
        })
        .collect();
    let doc = annobib::essay::parse("essay", &text, &Default::default());
    let mut right = 0;
    let mut total = 0;
    for u in doc
        .claims
        .iter()
        .filter(|c| c.kind == annobib::model::ClaimKind::Reference)
    {
        let d = annobib::refparse::draft::from_labelled(&m.label(u.text.trim()), m.threshold);
        let Some(g) = gold.iter().find(|g| g.key == d.key) else {
            println!(
                "{}: no entry of readings.bib has this key; the item: {}",
                d.key, u.text
            );
            total += 1;
            continue;
        };
        let mut wrong = Vec::new();
        if g.entry_type != d.entry_type {
            wrong.push(format!("type {} != {}", d.entry_type, g.entry_type));
        }
        for role in ["author", "editor", "translator"] {
            let a: Vec<String> = g.persons(role).iter().map(|p| p.sort_name()).collect();
            let b: Vec<String> = d.persons(role).iter().map(|p| p.sort_name()).collect();
            if a != b {
                wrong.push(format!("{role} {b:?} != {a:?}"));
            }
        }
        for f in ["title", "subtitle", "location", "publisher", "date"] {
            if g.get(f) != d.get(f) {
                wrong.push(format!("{f} {:?} != {:?}", d.get(f), g.get(f)));
            }
        }
        total += 1;
        if wrong.is_empty() {
            right += 1;
            println!("{}: every field right", d.key);
        } else {
            println!("{}: {}", d.key, wrong.join("; "));
        }
    }
    println!("{right} of {total} readings with every field right");
    Ok(())
}
