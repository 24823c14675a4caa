//! Does a claim need a citation? An explainable scorer: transparent signals, each with a weight
//! and the words that triggered it, summed into a score in [0, 1] and compared with a threshold.
//!
//! Owns the score and its explanation. It does not decide whether a claim *has* a citation,
//! whether it is exempt, or what is reported (`check::claims`); it reads one sentence (with its
//! citation markers blanked out, so a marker's year never counts as evidence) and the heading
//! of its section. The method, the labelled set it was calibrated on, and its measured precision
//! and recall are in `docs/needs-citation.md`.
//!
//! Inside: `scan` tokenises and finds quotations, `signals` and `numbers` have one detector
//! per kind of evidence, `words` the vocabularies. The weights are here, in
//! [`SignalKind::weight`], so the whole calibration reads in one table.

mod numbers;
mod scan;
mod signals;
mod words;

#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::model::Claim;

/// Score at or above which a claim needs a citation.
pub const THRESHOLD: f64 = 0.5;

/// One kind of evidence for (positive weight) or against (negative weight) needing a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    /// Money: "$2.3B", "$40 billion", "310 million euros".
    Money,
    /// A percentage: "28.2 percent", "eight percent", "40%".
    Percent,
    /// A measurement: "1°C", "two to four feet", "44 gigatons".
    Measure,
    /// A count: "142,901 casualties", "30 named storms", "a 69-page document".
    Count,
    /// A comparison or hedge on a quantity: "more than half", "four times greater".
    Comparison,
    /// A full date: "October 1, 1953", "June 25th, 1950", "March 13".
    FullDate,
    /// A month and year: "October 1978", "February of 2020".
    MonthYear,
    /// A month alone: "until mid-March", "in January".
    Month,
    /// A year dating the statement: "in 1978", "since 1900", "from 1953-1961".
    Year,
    /// A year naming a thing: "the 1953 treaty", "the 2020 season".
    YearName,
    /// An era: "since the 1980s", "the mid-20th century".
    Era,
    /// A quotation of at least four words, or part of one split across sentences.
    Quotation,
    /// A claim ascribed to someone: "according to", "officials hail", "Rhee believed".
    Attribution,
    /// Uniqueness or a superlative: "the first", "the only", "the most active on record".
    Uniqueness,
    /// A past event with a named actor: "the US signed", "Trump declared".
    Event,
    /// A causal, empirical or trend claim: "led to", "is projected to", "increased".
    Causal,
    /// The author's framing: "This essay argues", "In conclusion", "What makes X unique".
    Framing,
    /// A question of the author's.
    Question,
    /// The author in the first person: "I", "we".
    FirstPerson,
    /// A recommendation: "should", "must", "is needed".
    Normative,
    /// A hedge or personal opinion: "perhaps", "I believe", "unfortunately".
    Opinion,
    /// Fewer than six words.
    Short,
    /// In a concluding section, where sentences restate.
    Closing,
}

impl SignalKind {
    /// The weight this kind adds to the score (negative: evidence against).
    pub fn weight(self) -> f64 {
        use SignalKind::*;
        match self {
            Money | Percent => 0.55,
            Quotation | FullDate | Attribution => 0.5,
            Measure | Count | Uniqueness => 0.5,
            MonthYear | Year => 0.5,
            Causal | Event => 0.5,
            Era => 0.3,
            YearName => 0.25,
            Month => 0.25,
            Comparison => 0.15,
            Framing => -0.5,
            Question => -0.4,
            Normative => -0.35,
            FirstPerson => -0.3,
            Opinion => -0.25,
            Short => -0.25,
            Closing => -0.2,
        }
    }

    /// The kebab-case name shown in reasons.
    pub fn as_str(self) -> &'static str {
        use SignalKind::*;
        match self {
            Money => "money",
            Percent => "percentage",
            Measure => "measurement",
            Count => "count",
            Comparison => "comparison",
            FullDate => "date",
            MonthYear => "month and year",
            Month => "month",
            Year => "year",
            YearName => "year in a name",
            Era => "era",
            Quotation => "quotation",
            Attribution => "attribution",
            Uniqueness => "uniqueness",
            Event => "event",
            Causal => "causal",
            Framing => "author's framing",
            Question => "question",
            FirstPerson => "first person",
            Normative => "recommendation",
            Opinion => "opinion",
            Short => "short",
            Closing => "concluding section",
        }
    }

    /// Money, percentages, measurements and counts: what `missing-locator` calls a statistic.
    pub fn is_statistic(self) -> bool {
        matches!(
            self,
            SignalKind::Money | SignalKind::Percent | SignalKind::Measure | SignalKind::Count
        )
    }
}

/// One piece of evidence: its kind and the words that showed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    /// What kind of evidence.
    pub kind: SignalKind,
    /// The words of the sentence that triggered it (or a short description).
    pub evidence: String,
    /// `kind.weight()`, kept for reports.
    pub weight: f64,
}

impl Signal {
    fn new(kind: SignalKind, evidence: String) -> Self {
        Signal {
            kind,
            evidence: evidence.split_whitespace().collect::<Vec<_>>().join(" "),
            weight: kind.weight(),
        }
    }
}

impl fmt::Display for Signal {
    /// `number: '142,901 casualties' (+0.45)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: '{}' ({:+.2})",
            self.kind.as_str(),
            self.evidence,
            self.weight
        )
    }
}

/// The scorer's verdict on one sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Need {
    /// Sum of the weights, clamped to [0, 1].
    pub score: f64,
    /// Every signal seen, in detection order.
    pub signals: Vec<Signal>,
}

impl Need {
    /// True when the score reaches `threshold` (use [`THRESHOLD`] unless configured).
    pub fn needs_citation(&self, threshold: f64) -> bool {
        self.score >= threshold
    }

    /// The strongest two positive signals in a few words: `date 'October 1, 1953', event
    /// 'signed'`: what a one-line finding says.
    pub fn summary(&self) -> String {
        let mut s: Vec<&Signal> = self.signals.iter().filter(|s| s.weight > 0.0).collect();
        s.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        s.iter()
            .take(2)
            .map(|s| format!("{} '{}'", s.kind.as_str(), s.evidence))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The signals as reason lines, strongest first.
    pub fn reasons(&self) -> Vec<String> {
        let mut s: Vec<&Signal> = self.signals.iter().collect();
        s.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
        s.iter().map(|s| s.to_string()).collect()
    }

    /// The signals of one kind family, e.g. statistics for `missing-locator`.
    pub fn find(&self, pred: impl Fn(SignalKind) -> bool) -> Option<&Signal> {
        self.signals.iter().find(|s| pred(s.kind))
    }
}

/// Scores one sentence. `text` should have its citation markers blanked out (see [`mask`]);
/// `section` is the heading of the section it is in, if any.
pub fn assess(text: &str, section: Option<&str>) -> Need {
    let signals = signals::detect(text, section);
    // A fold from +0.0: `Sum` for floats starts at -0.0, which would show as "-0.00".
    let sum = signals.iter().fold(0.0, |acc, s| acc + s.weight);
    Need {
        score: (sum.clamp(0.0, 1.0) * 100.0).round() / 100.0,
        signals,
    }
}

/// Scores a claim of a document: its inline citations' markers (document spans, the whole
/// parenthesis when they sit in one) are blanked out first.
pub fn assess_claim(claim: &Claim) -> Need {
    let spans: Vec<Range<usize>> = claim
        .citations
        .iter()
        .filter_map(|c| c.group.or(c.span))
        .filter(|&(s, e)| s >= claim.start && e <= claim.end)
        .map(|(s, e)| s - claim.start..e - claim.start)
        .collect();
    assess(&mask(&claim.text, &spans), claim.section.as_deref())
}

/// `text` with every byte of `spans` (which must fall on character boundaries) replaced by a
/// space, so offsets stay valid and the blanked words count for nothing.
pub fn mask(text: &str, spans: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if spans.iter().any(|r| r.contains(&i)) {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}
