//! What the model reads of a sentence: one feature per signal of `signals`/`numbers` (0 or 1),
//! lexical cues (names, research and tool words, definitions, the reader addressed, length) and
//! the sentence's place in its paragraph. Every feature that fires keeps the words that showed
//! it, so a finding can quote them.
//!
//! Owns the feature list (its order is the order of `weights.tsv`) and the cue detectors. It
//! reads only the sentence's text (citation markers blanked), its section heading and its
//! position, never how the document was written (Markdown, LaTeX, Word): so the weights
//! learned on the corpus apply to every reader.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::model::WEIGHTS;
use super::signals::{self, Sentence};
use super::{Signal, SignalKind};

/// Where a sentence sits in its paragraph and its document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// 0-based index of the sentence in its paragraph.
    pub index: u32,
    /// Sentences of running text in the paragraph (at least 1).
    pub count: u32,
    /// The median length in words of the document's sentences of running text: length counts
    /// against the writer's own habit, so a document of long sentences is not all flagged.
    pub typical_words: f64,
    /// The share of the document's sentences that name someone or something: a name counts
    /// for as much as it is rare in the document (in a history of two nations every sentence
    /// names one).
    pub name_share: f64,
}

impl Default for Position {
    /// A sentence alone in its paragraph, in a document of 20-word sentences.
    fn default() -> Self {
        Position {
            index: 0,
            count: 1,
            typical_words: 20.0,
            name_share: 0.5,
        }
    }
}

/// Words of a sentence as the length feature counts them: runs of non-space characters with a
/// letter or digit.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Lexical and position features beside the signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    /// A capitalised word inside the sentence, or an acronym: a person, a place, a work;
    /// as much as names are rare in the document (1 − `Position::name_share`).
    Name,
    /// How many names: a fifth for each distinct one, up to five, times the same rarity.
    Names,
    /// Verbs in the past tense ("-ed"): a third for each, up to three.
    Past,
    /// Words of research: "study", "researchers", "evidence", "survey", "psychologists".
    Research,
    /// A reported result: "found", "showed", "demonstrated", "suggest".
    Finding,
    /// A method, tool or data set: "package", "library", "algorithm", "dataset".
    Tool,
    /// Any digit (beside the statistics and dates the signals read).
    Digit,
    /// "for example", "such as": the author illustrating.
    Example,
    /// "is defined as", "refers to", "is called": the author defining a term.
    Definition,
    /// "you", "your": a textbook speaking to its reader.
    Reader,
    /// "can", "may", "might", "could": a possibility, not a finding.
    Modal,
    /// Ends with a colon: it introduces a list or a quotation block.
    Colon,
    /// Length against the document's typical sentence: log of the ratio (0 for a typical one).
    Length,
    /// The first sentence of a paragraph of several.
    Opens,
    /// The last sentence of a paragraph of several: where a paragraph's citation goes.
    Closes,
    /// The only sentence of its paragraph.
    Alone,
    /// In a section headed as an introduction or overview.
    Introduction,
}

impl Cue {
    const ALL: [Cue; 17] = [
        Cue::Name,
        Cue::Names,
        Cue::Past,
        Cue::Research,
        Cue::Finding,
        Cue::Tool,
        Cue::Digit,
        Cue::Example,
        Cue::Definition,
        Cue::Reader,
        Cue::Modal,
        Cue::Colon,
        Cue::Length,
        Cue::Opens,
        Cue::Closes,
        Cue::Alone,
        Cue::Introduction,
    ];

    const fn name(self) -> &'static str {
        match self {
            Cue::Name => "name",
            Cue::Names => "names",
            Cue::Past => "past tense",
            Cue::Research => "research",
            Cue::Finding => "finding",
            Cue::Tool => "tool",
            Cue::Digit => "digit",
            Cue::Example => "example",
            Cue::Definition => "definition",
            Cue::Reader => "reader",
            Cue::Modal => "modal",
            Cue::Colon => "colon",
            Cue::Length => "length",
            Cue::Opens => "opens paragraph",
            Cue::Closes => "closes paragraph",
            Cue::Alone => "alone in paragraph",
            Cue::Introduction => "introduction",
        }
    }

    /// What it says about the sentence, in a writer's words.
    fn describe(self) -> &'static str {
        match self {
            Cue::Name => "names someone or something",
            Cue::Names => "names several",
            Cue::Past => "narrates the past",
            Cue::Research => "speaks of research",
            Cue::Finding => "reports a finding",
            Cue::Tool => "names a method, tool or data set",
            Cue::Digit => "gives a number",
            Cue::Example => "gives an example",
            Cue::Definition => "defines a term",
            Cue::Reader => "addresses the reader",
            Cue::Modal => "states a possibility",
            Cue::Colon => "introduces what follows",
            Cue::Length => "longer than the document's usual sentence",
            Cue::Opens => "opens its paragraph",
            Cue::Closes => "closes its paragraph",
            Cue::Alone => "a paragraph of one sentence",
            Cue::Introduction => "in an introduction",
        }
    }
}

/// Number of features: every signal kind, then every cue.
pub const COUNT: usize = SignalKind::ALL.len() + Cue::ALL.len();

/// The feature names, in the order of `weights.tsv`.
pub const NAMES: [&str; COUNT] = names();

const fn names() -> [&'static str; COUNT] {
    let mut out = [""; COUNT];
    let mut i = 0;
    while i < SignalKind::ALL.len() {
        out[i] = SignalKind::ALL[i].as_str();
        i += 1;
    }
    let mut j = 0;
    while j < Cue::ALL.len() {
        out[i + j] = Cue::ALL[j].name();
        j += 1;
    }
    out
}

/// One feature that fired: which, how much (1 for a binary one), and the words that showed it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Fired {
    pub feature: usize,
    pub value: f64,
    pub evidence: String,
}

impl Fired {
    /// "a statistic: '142,901 casualties'", "closes its paragraph (sentence 3 of 3)".
    pub fn describe(&self) -> String {
        let what = if self.feature >= COUNT {
            "uses the word"
        } else {
            match self.feature.checked_sub(SignalKind::ALL.len()) {
                None => SignalKind::ALL[self.feature].describe(),
                Some(c) => Cue::ALL[c].describe(),
            }
        };
        if self.evidence.starts_with('(') {
            format!("{what} {}", self.evidence)
        } else {
            format!("{what}: '{}'", self.evidence)
        }
    }
}

fn index(kind: SignalKind) -> usize {
    SignalKind::ALL
        .iter()
        .position(|&k| k == kind)
        .expect("every kind is listed")
}

fn cue(c: Cue, value: f64, evidence: String) -> Fired {
    Fired {
        feature: SignalKind::ALL.len() + c as usize,
        value,
        evidence,
    }
}

/// The feature's name: one of `NAMES`, or `word` for the vocabulary.
pub(super) fn name_of(feature: usize) -> &'static str {
    NAMES.get(feature).copied().unwrap_or("word")
}

/// The distinct words of the sentence, lowercase, in order: what the vocabulary is chosen
/// from and matched against.
pub(super) fn words(s: &Sentence) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    s.toks
        .iter()
        .filter(|t| t.is_word() && seen.insert(t.lower.as_str()))
        .map(|t| t.lower.clone())
        .collect()
}

/// The vocabulary of the weights file by word: its feature number.
fn vocabulary() -> &'static HashMap<&'static str, usize> {
    static VOCABULARY: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        WEIGHTS
            .vocabulary()
            .iter()
            .enumerate()
            .map(|(k, (w, _))| (*w, COUNT + k))
            .collect()
    })
}

/// The features of a sentence read as `s`, whose signals are `signals`: the fixed features
/// and the words of the vocabulary it uses.
pub(super) fn extract(
    s: &Sentence,
    signals: &[Signal],
    section: Option<&str>,
    pos: Position,
) -> Vec<Fired> {
    let mut out = fixed(s, signals, section, pos);
    let vocabulary = vocabulary();
    let mut seen = Vec::new();
    for t in s.toks.iter().filter(|t| t.is_word()) {
        if let Some(&k) = vocabulary.get(t.lower.as_str())
            && !seen.contains(&k)
        {
            seen.push(k);
            out.push(Fired {
                feature: k,
                value: 1.0,
                evidence: t.text.to_string(),
            });
        }
    }
    out
}

/// The features of `NAMES` that fire on a sentence.
pub(super) fn fixed(
    s: &Sentence,
    signals: &[Signal],
    section: Option<&str>,
    pos: Position,
) -> Vec<Fired> {
    let mut out: Vec<Fired> = signals
        .iter()
        .map(|sig| Fired {
            feature: index(sig.kind),
            value: 1.0,
            evidence: sig.evidence.clone(),
        })
        .collect();
    let rarity = (1.0 - pos.name_share).clamp(0.0, 1.0);
    if let Some(e) = name(s)
        && rarity > 0.0
    {
        out.push(cue(Cue::Name, rarity, e));
    }
    let names = names_in(s);
    if names.len() > 1 && rarity > 0.0 {
        let v = names.len().min(5) as f64 / 5.0 * rarity;
        out.push(cue(Cue::Names, v, names.join(", ")));
    }
    let past: Vec<&str> = s
        .toks
        .iter()
        .filter(|t| !t.quoted && t.is_word() && is_past(&t.lower))
        .map(|t| t.text)
        .take(3)
        .collect();
    if !past.is_empty() {
        out.push(cue(Cue::Past, past.len() as f64 / 3.0, past.join(", ")));
    }
    for (c, list) in [
        (Cue::Research, RESEARCH),
        (Cue::Finding, FINDING),
        (Cue::Tool, TOOL),
        (Cue::Reader, READER),
        (Cue::Modal, MODAL),
    ] {
        if let Some(e) = word_in(s, list) {
            out.push(cue(c, 1.0, e));
        }
    }
    if let Some(t) = s.toks.iter().find(|t| t.kind == super::scan::Kind::Number) {
        out.push(cue(Cue::Digit, 1.0, t.text.to_string()));
    }
    for (c, list) in [(Cue::Example, EXAMPLE), (Cue::Definition, DEFINITION)] {
        if let Some(e) = phrase_in(s, list) {
            out.push(cue(c, 1.0, e));
        }
    }
    if s.text.trim_end().ends_with(':') {
        out.push(cue(Cue::Colon, 1.0, ":".into()));
    }
    let words = word_count(s.text);
    if words > 0 && pos.typical_words > 0.0 {
        let v = (words as f64 / pos.typical_words).ln().clamp(-1.5, 1.5);
        let typical = pos.typical_words.round();
        out.push(cue(
            Cue::Length,
            v,
            format!("({words} words, usually {typical})"),
        ));
    }
    let at = format!("(sentence {} of {})", pos.index + 1, pos.count);
    if pos.count <= 1 {
        out.push(cue(Cue::Alone, 1.0, at));
    } else if pos.index == 0 {
        out.push(cue(Cue::Opens, 1.0, at));
    } else if pos.index + 1 >= pos.count {
        out.push(cue(Cue::Closes, 1.0, at));
    }
    if let Some(h) = section {
        let h = h.to_lowercase();
        if h.contains("introduction") || h.contains("overview") {
            out.push(cue(Cue::Introduction, 1.0, format!("({h})")));
        }
    }
    out
}

/// Whether the sentence `text` names someone or something (what `name_share` counts).
pub(super) fn has_name(text: &str) -> bool {
    name(&Sentence::read(text)).is_some()
}

/// The first name of the sentence (a run of capitalised words, at most four), outside quotes.
fn name(s: &Sentence) -> Option<String> {
    let k = (0..s.toks.len()).find(|&k| {
        let t = &s.toks[k];
        signals::named(s, k) && !COMMON_CAPITALISED.contains(&t.lower.as_str())
    })?;
    let mut end = k + 1;
    while end < s.toks.len() && end < k + 4 && s.toks[end].is_word() && s.toks[end].capitalised() {
        end += 1;
    }
    Some(s.excerpt(k, end))
}

/// The distinct names of the sentence (capitalised words inside it, acronyms), up to five.
fn names_in<'a>(s: &'a Sentence<'a>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for k in 0..s.toks.len() {
        let t = &s.toks[k];
        if signals::named(s, k)
            && !COMMON_CAPITALISED.contains(&t.lower.as_str())
            && !out.contains(&t.text)
        {
            out.push(t.text);
            if out.len() == 5 {
                break;
            }
        }
    }
    out
}

/// A regular past tense or participle: "signed", "founded"; not "need", "red", "indeed".
fn is_past(w: &str) -> bool {
    w.len() > 4 && w.ends_with("ed") && !matches!(w, "indeed" | "hundred" | "needed" | "based")
}

/// The first word of `list` outside quotations.
fn word_in(s: &Sentence, list: &[&str]) -> Option<String> {
    s.toks
        .iter()
        .find(|t| !t.quoted && t.is_word() && list.contains(&t.lower.as_str()))
        .map(|t| t.text.to_string())
}

/// The first phrase of `list` (space-separated words) outside quotations.
fn phrase_in(s: &Sentence, list: &[&str]) -> Option<String> {
    (0..s.toks.len())
        .filter(|&i| !s.toks[i].quoted)
        .find_map(|i| {
            list.iter()
                .find_map(|p| s.phrase_at(i, p))
                .map(|j| s.excerpt(i, j))
        })
}

/// Capitalised words that name no one: pronouns and determiners after a colon or a quote.
const COMMON_CAPITALISED: &[&str] = &["i", "the", "a", "an", "this", "these", "it", "in"];

#[rustfmt::skip]
const RESEARCH: &[&str] = &[
    "study", "studies", "studied", "research", "researchers", "researcher", "experiment",
    "experiments", "experimental", "evidence", "survey", "surveys", "findings", "participants",
    "sample", "theory", "theories", "hypothesis", "scholars", "scholar", "scientists",
    "psychologists", "sociologists", "anthropologists", "historians", "economists", "analysis",
    "literature", "review", "meta-analysis", "investigated", "investigation", "report",
    "reports", "census", "statistics", "poll", "polls", "data", "dataset", "datasets",
];

#[rustfmt::skip]
const FINDING: &[&str] = &[
    "found", "find", "finds", "showed", "shown", "show", "shows", "demonstrated", "demonstrate",
    "demonstrates", "suggest", "suggests", "suggested", "revealed", "reveals", "indicated",
    "indicates", "indicate", "observed", "proposed", "argued", "concluded", "discovered",
    "reported", "documented", "identified", "noted", "described", "developed", "introduced",
    "coined", "termed", "linked", "associated", "correlated", "predicted", "estimated",
];

#[rustfmt::skip]
const TOOL: &[&str] = &[
    "package", "packages", "library", "libraries", "software", "tool", "tools", "toolkit",
    "toolbox", "framework", "frameworks", "algorithm", "algorithms", "implementation",
    "implemented", "implements", "method", "methods", "model", "models", "database",
    "databases", "code", "python", "api", "platform", "solver", "pipeline", "approach",
    "technique", "techniques",
];

const READER: &[&str] = &["you", "your", "yours", "yourself"];

const MODAL: &[&str] = &["can", "may", "might", "could"];

#[rustfmt::skip]
const EXAMPLE: &[&str] = &[
    "for example", "for instance", "such as", "e.g", "imagine", "consider", "suppose",
];

#[rustfmt::skip]
const DEFINITION: &[&str] = &[
    "is defined as", "are defined as", "refers to", "refer to", "is called", "are called",
    "is known as", "are known as", "is the term", "is a term", "means that", "is referred to",
    "are referred to", "we define", "is the study of",
];
