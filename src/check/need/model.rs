//! The learned weights: a logistic regression over the features of `features`, read from the
//! committed `weights.tsv` at compile time, and the probability it gives a sentence.
//!
//! Owns reading the weights file (a `const` parse: a missing file, a line out of order, a
//! feature the code does not know or a number that does not parse stops the build) and the
//! probability. How the weights were learned, on what data, and what they reached are in the
//! file's header and in docs/needs-citation.md; the training command is
//! `cargo run --release --example need -- train`.

use super::features::{COUNT, Fired, NAMES};

/// The model as the weights file states it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Probability at or above which a claim needs a citation (chosen from the curve).
    pub threshold: f64,
    /// Probability from which a finding counts as medium.
    pub medium: f64,
    /// Probability from which a finding counts as strong.
    pub strong: f64,
    /// The intercept.
    pub bias: f64,
    /// One weight per feature, in the order of `features::NAMES`.
    pub weights: [f64; COUNT],
    /// The vocabulary: words (lowercase) and their weights, the first `word_count` in use.
    pub words: [(&'static str, f64); MAX_WORDS],
    /// How many of `words` are in use.
    pub word_count: usize,
}

/// Room for the vocabulary in the weights file.
pub const MAX_WORDS: usize = 1000;

/// The committed weights.
pub const WEIGHTS: Weights = parse(include_str!("weights.tsv"));

impl Weights {
    /// The probability that a sentence with features `fired` needs a citation, and each
    /// feature's contribution to the log-odds (weight × value), in `fired`'s order.
    pub(super) fn probability(&self, fired: &[Fired]) -> (f64, Vec<f64>) {
        let parts: Vec<f64> = fired
            .iter()
            .map(|f| self.weight(f.feature) * f.value)
            .collect();
        let z = self.bias + parts.iter().sum::<f64>();
        (1.0 / (1.0 + (-z).exp()), parts)
    }
}

impl Weights {
    /// The weight of feature `k`: a feature of `NAMES`, or word `k - COUNT` of the vocabulary.
    pub fn weight(&self, k: usize) -> f64 {
        match k.checked_sub(COUNT) {
            None => self.weights[k],
            Some(w) => self.words[w].1,
        }
    }

    /// The vocabulary in use.
    pub fn vocabulary(&self) -> &[(&'static str, f64)] {
        &self.words[..self.word_count]
    }
}

/// Reads the weights file: `#` comment lines, then `threshold`, `medium`, `strong`, `bias`
/// and every feature of `NAMES` in order, each as `name<TAB>number`, then the vocabulary as
/// `word WORD<TAB>number` lines. Any other content is a compile-time error.
pub const fn parse(text: &'static str) -> Weights {
    let b = text.as_bytes();
    let mut values = [0.0; COUNT + 4];
    let mut words: [(&'static str, f64); MAX_WORDS] = [("", 0.0); MAX_WORDS];
    let mut word_count = 0;
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] != b'\n' {
            i += 1;
        }
        let end = i;
        i += 1;
        if end == start || b[start] == b'#' {
            continue;
        }
        let mut tab = start;
        while tab < end && b[tab] != b'\t' {
            tab += 1;
        }
        assert!(tab < end, "weights.tsv: a line without a tab");
        if n == COUNT + 4 {
            assert!(
                tab > start + 5 && same(b, start, start + 5, b"word "),
                "weights.tsv: after the features only `word` lines may follow"
            );
            assert!(word_count < MAX_WORDS, "weights.tsv: too many words");
            words[word_count] = (slice(text, start + 5, tab), number(b, tab + 1, end));
            word_count += 1;
            continue;
        }
        let want = match n {
            0 => "threshold",
            1 => "medium",
            2 => "strong",
            3 => "bias",
            k => NAMES[k - 4],
        };
        assert!(
            same(b, start, tab, want.as_bytes()),
            "weights.tsv: a feature out of order or unknown to the code"
        );
        values[n] = number(b, tab + 1, end);
        n += 1;
    }
    assert!(n == COUNT + 4, "weights.tsv: a feature is missing");
    let mut weights = [0.0; COUNT];
    let mut k = 0;
    while k < COUNT {
        weights[k] = values[k + 4];
        k += 1;
    }
    let w = Weights {
        threshold: values[0],
        medium: values[1],
        strong: values[2],
        bias: values[3],
        weights,
        words,
        word_count,
    };
    assert!(
        0.0 < w.threshold && w.threshold <= w.medium && w.medium <= w.strong && w.strong < 1.0,
        "weights.tsv: want 0 < threshold <= medium <= strong < 1"
    );
    w
}

/// `text[start..end]` in a `const` context.
const fn slice(text: &'static str, start: usize, end: usize) -> &'static str {
    let (_, rest) = text.as_bytes().split_at(start);
    let (word, _) = rest.split_at(end - start);
    match std::str::from_utf8(word) {
        Ok(w) => w,
        Err(_) => panic!("weights.tsv: a word is not UTF-8"),
    }
}

const fn same(b: &[u8], start: usize, end: usize, want: &[u8]) -> bool {
    if end - start != want.len() {
        return false;
    }
    let mut k = 0;
    while k < want.len() {
        if b[start + k] != want[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// A decimal number `-12.345` (no exponent) in `b[start..end]`.
const fn number(b: &[u8], start: usize, end: usize) -> f64 {
    let mut i = start;
    let negative = i < end && b[i] == b'-';
    if negative {
        i += 1;
    }
    assert!(i < end, "weights.tsv: a weight is empty");
    // All digits as one integer, then one division: the nearest double to what is written.
    let mut v = 0.0;
    let mut scale = 1.0;
    let mut digits = 0;
    while i < end && b[i].is_ascii_digit() {
        v = v * 10.0 + (b[i] - b'0') as f64;
        i += 1;
        digits += 1;
    }
    if i < end && b[i] == b'.' {
        i += 1;
        while i < end && b[i].is_ascii_digit() {
            v = v * 10.0 + (b[i] - b'0') as f64;
            scale *= 10.0;
            i += 1;
            digits += 1;
        }
    }
    v /= scale;
    assert!(
        i == end && digits > 0,
        "weights.tsv: a weight is not a number"
    );
    if negative { -v } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_as_written() {
        let b = b"-1.25 0.5 17";
        assert_eq!(number(b, 0, 5), -1.25);
        assert_eq!(number(b, 6, 9), 0.5);
        assert_eq!(number(b, 10, 12), 17.0);
    }

    #[test]
    fn the_committed_weights_name_every_feature() {
        assert!(WEIGHTS.weights.iter().all(|w| w.is_finite()));
        let vocabulary = WEIGHTS.vocabulary();
        assert!(
            vocabulary
                .iter()
                .all(|(w, _)| !w.is_empty() && *w == w.to_lowercase())
        );
    }
}
