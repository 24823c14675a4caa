//! Fitting the labelling model: an averaged structured perceptron (Collins 2002) over the
//! features of `features`, with first-order transitions; and its figures: field F1 (a field
//! is a maximal run of one label; a predicted field is right when the same tokens carry the
//! same label in the gold), token accuracy, references entirely right.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::data::Example;
use super::features::features;
use super::model::{Model, decode};
use super::{LABELS, tokens};

/// How to fit.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Passes over the training data.
    pub epochs: usize,
    /// A feature seen in fewer training tokens than this is dropped.
    pub min_count: u32,
    /// The seed of the order in which examples are visited.
    pub seed: u64,
    /// Averaged weights smaller than this (in absolute value) are dropped from the file.
    pub prune: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 12,
            min_count: 3,
            seed: 1,
            prune: 3.0,
        }
    }
}

/// Fits a model on `train`; `progress` hears each epoch's training token accuracy.
pub fn fit(train: &[Example], opts: &Options, progress: &mut dyn FnMut(usize, f64)) -> Model {
    let n = LABELS.len();
    // Features interned, rare ones dropped.
    let mut count: HashMap<String, u32> = HashMap::new();
    let feats: Vec<Vec<Vec<String>>> = train
        .iter()
        .map(|ex| features(&ex.text, &tokens(&ex.text)))
        .collect();
    for seq in &feats {
        for tok in seq {
            for f in tok {
                *count.entry(f.clone()).or_default() += 1;
            }
        }
    }
    let mut names: Vec<String> = count
        .iter()
        .filter(|(_, c)| **c >= opts.min_count)
        .map(|(f, _)| f.clone())
        .collect();
    names.sort();
    let index: HashMap<&str, u32> = names
        .iter()
        .enumerate()
        .map(|(i, f)| (f.as_str(), i as u32))
        .collect();
    let ids: Vec<Vec<Vec<u32>>> = feats
        .iter()
        .map(|seq| {
            seq.iter()
                .map(|tok| {
                    tok.iter()
                        .filter_map(|f| index.get(f.as_str()).copied())
                        .collect()
                })
                .collect()
        })
        .collect();
    drop(feats);
    let nf = names.len();
    let mut w = Weights::new(nf * n);
    let mut start = Weights::new(n);
    let mut trans = Weights::new(n * n);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = opts
        .seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut c: f32 = 1.0;
    for epoch in 0..opts.epochs {
        // Fisher-Yates with a small LCG: the same seed visits in the same order.
        for i in (1..order.len()).rev() {
            rng = rng
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let j = ((rng >> 33) as usize) % (i + 1);
            order.swap(i, j);
        }
        let (mut right, mut total) = (0usize, 0usize);
        for &k in &order {
            let seq = &ids[k];
            let gold = &train[k].labels;
            let mut e = vec![0.0f32; seq.len() * n];
            for (t, fs) in seq.iter().enumerate() {
                for &f in fs {
                    let row = &w.w[f as usize * n..f as usize * n + n];
                    for (y, v) in row.iter().enumerate() {
                        e[t * n + y] += v;
                    }
                }
            }
            let (got, _) = decode(&e, &start.w, &trans.w, n, false);
            total += got.len();
            right += got.iter().zip(gold).filter(|(a, b)| a == b).count();
            if got != *gold {
                for t in 0..seq.len() {
                    if got[t] != gold[t] {
                        for &f in &seq[t] {
                            w.add(f as usize * n + gold[t], 1.0, c);
                            w.add(f as usize * n + got[t], -1.0, c);
                        }
                    }
                }
                start.add(gold[0], 1.0, c);
                start.add(got[0], -1.0, c);
                for t in 1..seq.len() {
                    trans.add(gold[t - 1] * n + gold[t], 1.0, c);
                    trans.add(got[t - 1] * n + got[t], -1.0, c);
                }
            }
            c += 1.0;
        }
        progress(epoch + 1, right as f64 / total.max(1) as f64);
    }
    let w = w.averaged(c);
    let mut emit = HashMap::new();
    for (i, name) in names.into_iter().enumerate() {
        let row: Vec<(u8, f32)> = (0..n)
            .filter_map(|y| {
                let v = w[i * n + y];
                (v.abs() >= opts.prune).then_some((y as u8, round(v)))
            })
            .collect();
        if !row.is_empty() {
            emit.insert(name, row);
        }
    }
    Model {
        emit,
        start: start.averaged(c).into_iter().map(round).collect(),
        trans: trans.averaged(c).into_iter().map(round).collect(),
        threshold: 0.0,
        header: Vec::new(),
    }
}

/// Two decimals: the file stays small and the scores change by less than the margins that
/// matter.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// Perceptron weights with the averaging trick: `acc` sums each update times its step.
struct Weights {
    w: Vec<f32>,
    acc: Vec<f32>,
}

impl Weights {
    fn new(n: usize) -> Weights {
        Weights {
            w: vec![0.0; n],
            acc: vec![0.0; n],
        }
    }
    fn add(&mut self, i: usize, d: f32, c: f32) {
        self.w[i] += d;
        self.acc[i] += c * d;
    }
    fn averaged(&self, c: f32) -> Vec<f32> {
        self.w
            .iter()
            .zip(&self.acc)
            .map(|(w, a)| w - a / c)
            .collect()
    }
}

/// Writes `model` as the model file, `header` first (each line after `# `).
pub fn write_model(model: &Model, header: &[String]) -> String {
    let n = LABELS.len();
    let mut out = String::new();
    for h in header {
        let _ = writeln!(out, "# {h}");
    }
    let _ = writeln!(out, "threshold {}", model.threshold);
    let _ = writeln!(out, "labels {}", LABELS.join(" "));
    for (y, l) in LABELS.iter().enumerate() {
        if model.start[y] != 0.0 {
            let _ = writeln!(out, "start {l} {}", model.start[y]);
        }
    }
    for (a, la) in LABELS.iter().enumerate() {
        for (b, lb) in LABELS.iter().enumerate() {
            let v = model.trans[a * n + b];
            if v != 0.0 {
                let _ = writeln!(out, "trans {la} {lb} {v}");
            }
        }
    }
    let mut names: Vec<&String> = model.emit.keys().collect();
    names.sort();
    for f in names {
        let row: Vec<String> = model.emit[f]
            .iter()
            .map(|(l, v)| format!("{l}:{v}"))
            .collect();
        let _ = writeln!(out, "{f}\t{}", row.join(" "));
    }
    out
}

/// Counts of right, predicted and gold fields of one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted fields that are right.
    pub right: usize,
    /// Fields predicted.
    pub predicted: usize,
    /// Fields in the gold.
    pub gold: usize,
}

impl Counts {
    /// Right over predicted.
    pub fn precision(&self) -> f64 {
        self.right as f64 / self.predicted.max(1) as f64
    }
    /// Right over gold.
    pub fn recall(&self) -> f64 {
        self.right as f64 / self.gold.max(1) as f64
    }
    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// The figures of a model on labelled references.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Per label (index into [`LABELS`]).
    pub labels: Vec<Counts>,
    /// Tokens labelled right.
    pub tokens_right: usize,
    /// Tokens.
    pub tokens: usize,
    /// References whose every token is labelled right.
    pub references_right: usize,
    /// References.
    pub references: usize,
    /// Predicted fields flagged unsure (margin under the threshold) and how many of those
    /// were wrong; wrong fields in all.
    pub unsure: usize,
    /// Unsure fields that are wrong.
    pub unsure_wrong: usize,
    /// Wrong fields.
    pub wrong: usize,
}

impl Scores {
    /// All labels together (micro-averaged).
    pub fn all(&self) -> Counts {
        self.labels.iter().fold(Counts::default(), |a, c| Counts {
            right: a.right + c.right,
            predicted: a.predicted + c.predicted,
            gold: a.gold + c.gold,
        })
    }
}

/// The fields (label, first token, last token + 1) of a labelling.
fn fields(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let mut j = i;
        while j < labels.len() && labels[j] == labels[i] {
            j += 1;
        }
        out.push((labels[i], i, j));
        i = j;
    }
    out
}

/// Scores `model` on `examples`, counting fields whose margin is under `threshold` as unsure.
pub fn evaluate(model: &Model, examples: &[Example], threshold: f32) -> Scores {
    let mut s = Scores {
        labels: vec![Counts::default(); LABELS.len()],
        ..Default::default()
    };
    for ex in examples {
        let got = model.label(&ex.text);
        let want = fields(&ex.labels);
        let mine = fields(&got.labels);
        for &(l, _, _) in &want {
            s.labels[l].gold += 1;
        }
        for &(l, a, b) in &mine {
            s.labels[l].predicted += 1;
            let right = want.contains(&(l, a, b));
            if right {
                s.labels[l].right += 1;
            } else {
                s.wrong += 1;
            }
            let margin = got.margins[a..b]
                .iter()
                .copied()
                .fold(f32::INFINITY, f32::min);
            if margin < threshold {
                s.unsure += 1;
                s.unsure_wrong += usize::from(!right);
            }
        }
        s.tokens += ex.labels.len();
        s.tokens_right += got
            .labels
            .iter()
            .zip(&ex.labels)
            .filter(|(a, b)| a == b)
            .count();
        s.references += 1;
        s.references_right += usize::from(got.labels == ex.labels);
    }
    s
}

/// The margin threshold that best tells wrong fields from right ones on `dev` (the F1 of
/// "unsure" as a detector of wrong fields), from a grid of candidates.
pub fn calibrate(model: &Model, dev: &[Example]) -> f32 {
    let mut best = (0.0f64, 0.0f32);
    for k in 1..=60 {
        let t = k as f32 * 2.0;
        let s = evaluate(model, dev, t);
        let p = s.unsure_wrong as f64 / s.unsure.max(1) as f64;
        let r = s.unsure_wrong as f64 / s.wrong.max(1) as f64;
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        if f > best.0 {
            best = (f, t);
        }
    }
    best.1
}

/// The scores as a table: label, gold fields, precision, recall, F1.
pub fn table(s: &Scores) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| field | gold | precision | recall | F1 |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    let mut rows: Vec<(usize, &Counts)> = s.labels.iter().enumerate().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1.gold));
    for (l, c) in rows {
        if c.gold == 0 && c.predicted == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {:.3} | {:.3} | {:.3} |",
            LABELS[l],
            c.gold,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    let a = s.all();
    let _ = writeln!(
        out,
        "| all | {} | {:.3} | {:.3} | {:.3} |",
        a.gold,
        a.precision(),
        a.recall(),
        a.f1()
    );
    out
}
