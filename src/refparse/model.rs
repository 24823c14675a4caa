//! The labelling model: a weight per (feature, label), a weight per (label, next label) and
//! from the start to each label; a labelling's score is the sum of its weights, and Viterbi
//! finds the best. Max-marginals (forward and backward best scores) give each token's margin.
//!
//! The file (`model.txt`, written by `train`): `#` header lines (the data and the figures),
//! `threshold T`, `labels L1 L2 ...`, `start TO W`, `trans FROM TO W`, then one line per
//! feature: `FEATURE<TAB>LABEL:WEIGHT LABEL:WEIGHT ...` with integer weights.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::features::features;
use super::{LABELS, Labelled, tokens};

/// The trained model as shipped.
const SHIPPED: &str = include_str!("model.txt");

/// A labelling model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Emission weights: feature -> (label, weight).
    pub(crate) emit: HashMap<String, Vec<(u8, f32)>>,
    /// `start[l]`: the weight of a string opening with label `l`.
    pub(crate) start: Vec<f32>,
    /// `trans[a * L + b]`: the weight of label `b` after label `a`.
    pub(crate) trans: Vec<f32>,
    /// A segment whose weakest token's margin is below this is unsure.
    pub threshold: f32,
    /// The header's lines (data version, figures), without the `#`.
    pub header: Vec<String>,
}

/// The shipped model (read once).
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::read(SHIPPED).unwrap_or_default())
}

impl Model {
    /// Reads a model file; the error names the line.
    pub fn read(text: &str) -> Result<Model, String> {
        let n = LABELS.len();
        let mut m = Model {
            start: vec![0.0; n],
            trans: vec![0.0; n * n],
            ..Default::default()
        };
        let mut order: Vec<usize> = (0..n).collect();
        let label = |name: &str| LABELS.iter().position(|l| *l == name);
        for (i, line) in text.lines().enumerate() {
            let bad = |what: &str| format!("model line {}: {what}", i + 1);
            if let Some(h) = line.strip_prefix('#') {
                m.header.push(h.trim().to_string());
                continue;
            }
            if line.is_empty() {
                continue;
            }
            if let Some((feature, weights)) = line.split_once('\t') {
                let mut row = Vec::new();
                for w in weights.split(' ') {
                    let (l, v) = w
                        .split_once(':')
                        .ok_or_else(|| bad("weight without label"))?;
                    let l: usize = l.parse().map_err(|_| bad("label number"))?;
                    let v: f32 = v.parse().map_err(|_| bad("weight"))?;
                    let l = *order.get(l).ok_or_else(|| bad("label number"))?;
                    row.push((l as u8, v));
                }
                m.emit.insert(feature.to_string(), row);
                continue;
            }
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["threshold", t] => m.threshold = t.parse().map_err(|_| bad("threshold"))?,
                ["labels", names @ ..] => {
                    order = names
                        .iter()
                        .map(|s| label(s).ok_or_else(|| bad("unknown label")))
                        .collect::<Result<_, _>>()?;
                }
                ["start", to, w] => {
                    let to = label(to).ok_or_else(|| bad("unknown label"))?;
                    m.start[to] = w.parse().map_err(|_| bad("weight"))?;
                }
                ["trans", from, to, w] => {
                    let from = label(from).ok_or_else(|| bad("unknown label"))?;
                    let to = label(to).ok_or_else(|| bad("unknown label"))?;
                    m.trans[from * n + to] = w.parse().map_err(|_| bad("weight"))?;
                }
                _ => return Err(bad("not a model line")),
            }
        }
        Ok(m)
    }

    /// The emission scores of each token (rows of `LABELS.len()`).
    pub(crate) fn emissions(&self, feats: &[Vec<String>]) -> Vec<f32> {
        let n = LABELS.len();
        let mut e = vec![0.0f32; feats.len() * n];
        for (t, fs) in feats.iter().enumerate() {
            let row = &mut e[t * n..(t + 1) * n];
            for f in fs {
                if let Some(ws) = self.emit.get(f.as_str()) {
                    for &(l, w) in ws {
                        row[l as usize] += w;
                    }
                }
            }
        }
        e
    }

    /// Labels `text`.
    pub fn label<'a>(&self, text: &'a str) -> Labelled<'a> {
        let toks = tokens(text);
        let feats = features(text, &toks);
        let e = self.emissions(&feats);
        let (labels, margins) = decode(&e, &self.start, &self.trans, LABELS.len(), true);
        Labelled {
            text,
            tokens: toks,
            labels,
            margins,
        }
    }
}

/// Viterbi over emissions `e` (T rows of `n`), start and transition weights; with
/// `margins`, also each token's margin from max-marginals.
pub(crate) fn decode(
    e: &[f32],
    start: &[f32],
    trans: &[f32],
    n: usize,
    margins: bool,
) -> (Vec<usize>, Vec<f32>) {
    let t_len = e.len() / n;
    if t_len == 0 {
        return (Vec::new(), Vec::new());
    }
    let mut alpha = vec![0.0f32; t_len * n];
    let mut back = vec![0usize; t_len * n];
    for y in 0..n {
        alpha[y] = start[y] + e[y];
    }
    for t in 1..t_len {
        for y in 0..n {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..n {
                let s = alpha[(t - 1) * n + p] + trans[p * n + y];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            alpha[t * n + y] = best + e[t * n + y];
            back[t * n + y] = arg;
        }
    }
    let last = &alpha[(t_len - 1) * n..];
    let mut y = argmax(last);
    let best_score = last[y];
    let mut labels = vec![0; t_len];
    for t in (0..t_len).rev() {
        labels[t] = y;
        if t > 0 {
            y = back[t * n + y];
        }
    }
    if !margins {
        return (labels, Vec::new());
    }
    // beta[t][y]: the best score of the tokens after t given label y at t.
    let mut beta = vec![0.0f32; t_len * n];
    for t in (0..t_len - 1).rev() {
        for y in 0..n {
            let mut best = f32::NEG_INFINITY;
            for q in 0..n {
                let s = trans[y * n + q] + e[(t + 1) * n + q] + beta[(t + 1) * n + q];
                if s > best {
                    best = s;
                }
            }
            beta[t * n + y] = best;
        }
    }
    let mut out = Vec::with_capacity(t_len);
    for (t, &chosen) in labels.iter().enumerate() {
        let mut other = f32::NEG_INFINITY;
        for y in 0..n {
            if y != chosen {
                other = other.max(alpha[t * n + y] + beta[t * n + y]);
            }
        }
        let m = best_score - other;
        out.push(if m.is_finite() { m.max(0.0) } else { 0.0 });
    }
    (labels, out)
}

fn argmax(xs: &[f32]) -> usize {
    let mut arg = 0;
    for (i, &x) in xs.iter().enumerate() {
        if x > xs[arg] {
            arg = i;
        }
    }
    arg
}
