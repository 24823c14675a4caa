//! A reference string read into labelled fields, and the fields into a BibLaTeX entry.
//!
//! Reading is sequence labelling: the string is cut into tokens at white space (`token`),
//! each token gets features (its shape, punctuation, position, lexicons, its neighbours:
//! `features`), and a first-order linear-chain model (`model`: emission weights per feature
//! and label, transition weights between labels, Viterbi decoding) labels every token at
//! once. The weights are an averaged structured perceptron (`train`) fitted on AnyStyle's
//! labelled references (`../shared/corpus/references`, BSD-2-Clause; `gold.xml` held out),
//! by `cargo run --release --example refparse -- train`; the model file `model.txt` is read
//! at compile time and carries the data's version and its measured figures in its header.
//!
//! Each token also gets a margin: how much lower the best labelling that gives it another
//! label scores (max-marginals). A field whose weakest token's margin is under the model's
//! calibrated threshold is reported as unsure.
//!
//! `draft` maps the labelled segments to BibLaTeX fields (creators by role, date, title and
//! subtitle, container, volume, number, pages, edition, publisher, location, DOI, URL, ISBN),
//! guesses the entry type and writes the entry with a `% unsure:` comment. Not here: which
//! lines of a document form its reference list (`essay`), files, the library.

pub mod data;
pub mod draft;
mod features;
mod model;
mod names;
mod token;
pub mod train;

#[cfg(test)]
mod tests;

pub use draft::{Draft, draft, unique_keys, write_drafts};
pub use model::{Model, model};
pub use token::{Token, tokens};

/// The labels a token can get, in the model's order. AnyStyle's rarer tags are folded into
/// these by [`label_of_tag`].
pub const LABELS: &[&str] = &[
    "author",
    "editor",
    "translator",
    "date",
    "title",
    "container-title",
    "journal",
    "collection-title",
    "volume",
    "pages",
    "publisher",
    "location",
    "edition",
    "genre",
    "url",
    "doi",
    "isbn",
    "note",
    "citation-number",
];

/// The label index of an AnyStyle tag (`director` reads as a creator, `source`, `medium`
/// and the rest as a note), `None` for a tag that is not a segment.
pub fn label_of_tag(tag: &str) -> Option<usize> {
    let tag = match tag {
        "director" => "author",
        "producer" => "editor",
        "source" | "medium" | "dataset" => "note",
        "sequence" | "dataset-root" => return None,
        t => t,
    };
    LABELS
        .iter()
        .position(|l| *l == tag)
        .or_else(|| LABELS.iter().position(|l| *l == "note"))
}

/// A reference string labelled: its tokens, each token's label index and margin.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled<'a> {
    /// The string as given.
    pub text: &'a str,
    /// Its tokens (white-space separated), with byte spans.
    pub tokens: Vec<Token>,
    /// The label index of each token (into [`LABELS`]).
    pub labels: Vec<usize>,
    /// For each token, the best path's score minus the best score of a path that labels it
    /// otherwise (0 when the model could not tell).
    pub margins: Vec<f32>,
}

/// A run of tokens with one label.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<'a> {
    /// The label's name (one of [`LABELS`]).
    pub label: &'static str,
    /// The text from the first token's start to the last token's end.
    pub text: &'a str,
    /// The smallest margin of its tokens.
    pub margin: f32,
}

impl<'a> Labelled<'a> {
    /// The maximal runs of tokens with one label, in order.
    pub fn segments(&self) -> Vec<Segment<'a>> {
        let mut out: Vec<Segment<'a>> = Vec::new();
        let mut i = 0;
        while i < self.tokens.len() {
            let l = self.labels[i];
            let mut j = i;
            let mut margin = f32::INFINITY;
            while j < self.tokens.len() && self.labels[j] == l {
                margin = margin.min(self.margins[j]);
                j += 1;
            }
            let (s, e) = (self.tokens[i].start, self.tokens[j - 1].end);
            out.push(Segment {
                label: LABELS[l],
                text: &self.text[s..e],
                margin,
            });
            i = j;
        }
        out
    }
}

/// Labels the reference string `text` with the shipped model.
pub fn label(text: &str) -> Labelled<'_> {
    model().label(text)
}
