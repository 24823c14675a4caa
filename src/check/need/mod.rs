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

mod features;
pub mod fit;
mod model;
mod numbers;
mod scan;
mod signals;
mod words;

#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::model::{Claim, ClaimKind};

pub use features::{COUNT, NAMES as FEATURES, Position};
pub use model::{WEIGHTS, Weights};

/// Probability at or above which a claim needs a citation: the weights file's threshold,
/// chosen from the strip test's curve (docs/needs-citation.md).
pub const THRESHOLD: f64 = WEIGHTS.threshold;

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
    /// Every kind, in the order of the weights file.
    pub const ALL: [SignalKind; 23] = {
        use SignalKind::*;
        [
            Money,
            Percent,
            Measure,
            Count,
            Comparison,
            FullDate,
            MonthYear,
            Month,
            Year,
            YearName,
            Era,
            Quotation,
            Attribution,
            Uniqueness,
            Event,
            Causal,
            Framing,
            Question,
            FirstPerson,
            Normative,
            Opinion,
            Short,
            Closing,
        ]
    };

    /// The name of the kind (and of its feature in the weights file).
    pub const fn as_str(self) -> &'static str {
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

    /// What the signal says about the sentence, in a writer's words.
    pub fn describe(self) -> &'static str {
        use SignalKind::*;
        match self {
            Money => "a sum of money",
            Percent => "a statistic",
            Measure => "a measurement",
            Count => "a statistic",
            Comparison => "compares a quantity",
            FullDate => "a date",
            MonthYear => "a date",
            Month => "a month",
            Year => "a date",
            YearName => "names a year",
            Era => "a period",
            Quotation => "a quotation",
            Attribution => "attributes a view",
            Uniqueness => "a claim of uniqueness",
            Event => "a historical event",
            Causal => "a cause or trend",
            Framing => "the author's framing",
            Question => "a question",
            FirstPerson => "the author in the first person",
            Normative => "a recommendation",
            Opinion => "an opinion",
            Short => "a short sentence",
            Closing => "in a concluding section",
        }
    }

    /// How precise a date kind is (0 for other kinds): of the dates of a sentence only the
    /// most precise becomes a signal.
    pub(crate) fn precision(self) -> u8 {
        use SignalKind::*;
        match self {
            FullDate | MonthYear | Year => 3,
            Era => 2,
            YearName | Month => 1,
            _ => 0,
        }
    }

    /// A stated fact: a statistic, a precise date (day, month and year, or a dated year), a
    /// quotation, a view ascribed to someone. The citation-needed taxonomy (and every style
    /// guide) wants a source for these whatever else the sentence does, so a claim with one
    /// gets at least the medium cut (docs/needs-citation.md); the corpus cannot teach it,
    /// because textbooks state many dates uncited.
    pub fn states_fact(self) -> bool {
        use SignalKind::*;
        self.is_statistic() || matches!(self, FullDate | MonthYear | Year | Quotation | Attribution)
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
}

impl Signal {
    fn new(kind: SignalKind, evidence: String) -> Self {
        Signal {
            kind,
            evidence: evidence.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }
}

impl fmt::Display for Signal {
    /// `a statistic: '142,901 casualties'`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: '{}'", self.kind.describe(), self.evidence)
    }
}

/// One feature that weighed in the verdict, in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// The feature's name (as in the weights file).
    pub feature: &'static str,
    /// What it saw, in a writer's words: "a statistic: '142,901 casualties'".
    pub text: String,
    /// Its contribution to the log-odds (positive: for needing a citation).
    pub weight: f64,
    /// A stated fact (statistic, date, quotation, attributed view): reason enough on its own.
    pub states: bool,
}

/// How sure the scorer is that a claim above the threshold needs a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    /// At or above the threshold, below `medium`.
    Weak,
    /// At or above the medium cut.
    Medium,
    /// At or above the strong cut.
    Strong,
}

impl Strength {
    /// The strength of a probability that reaches `threshold`; `None` below it.
    pub fn of(probability: f64, threshold: f64) -> Option<Strength> {
        let w = &model::WEIGHTS;
        if probability < threshold {
            None
        } else if probability >= w.strong {
            Some(Strength::Strong)
        } else if probability >= w.medium {
            Some(Strength::Medium)
        } else {
            Some(Strength::Weak)
        }
    }

    /// `strong`, `medium`, `weak`.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Weak => "weak",
            Strength::Medium => "medium",
            Strength::Strong => "strong",
        }
    }
}

/// The scorer's verdict on one sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Need {
    /// The probability that the sentence needs a citation, in [0, 1].
    pub probability: f64,
    /// Every signal seen, in detection order.
    pub signals: Vec<Signal>,
    /// Every feature that fired, strongest contribution (either way) first.
    pub reasons: Vec<Reason>,
}

impl Need {
    /// True when the probability reaches `threshold` (use [`THRESHOLD`] unless configured).
    pub fn needs_citation(&self, threshold: f64) -> bool {
        self.probability >= threshold
    }

    /// Strong, medium or weak when the probability reaches `threshold`.
    pub fn strength(&self, threshold: f64) -> Option<Strength> {
        Strength::of(self.probability, threshold)
    }

    /// The strongest two reasons for, in a few words: `a date: 'October 1, 1953', a
    /// historical event: 'the US signed'`: what a one-line finding says.
    pub fn summary(&self) -> String {
        self.reasons
            .iter()
            .filter(|r| r.states || r.weight > 0.0)
            .take(2)
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The reasons as lines, strongest first: up to four for, then up to two against
    /// (`against: the author's framing: 'This essay argues'`). Contributions too small to
    /// matter (under 0.1 in log-odds) are left out.
    pub fn reason_lines(&self) -> Vec<String> {
        let pro = self
            .reasons
            .iter()
            .filter(|r| r.states || r.weight >= 0.1)
            .take(4);
        let contra = self
            .reasons
            .iter()
            .filter(|r| !r.states && r.weight <= -0.1)
            .take(2);
        pro.map(|r| r.text.clone())
            .chain(contra.map(|r| format!("against: {}", r.text)))
            .collect()
    }

    /// The signals of one kind family, e.g. statistics for `missing-locator`.
    pub fn find(&self, pred: impl Fn(SignalKind) -> bool) -> Option<&Signal> {
        self.signals.iter().find(|s| pred(s.kind))
    }
}

/// Scores one sentence alone in its paragraph. `text` should have its citation markers
/// blanked out (see [`mask`]); `section` is the heading of the section it is in, if any.
pub fn assess(text: &str, section: Option<&str>) -> Need {
    assess_at(text, section, Position::default())
}

/// Scores one sentence at `position` in its paragraph.
pub fn assess_at(text: &str, section: Option<&str>, position: Position) -> Need {
    let sentence = signals::Sentence::read(text);
    let signals = signals::detect_in(&sentence, section);
    let fired = features::extract(&sentence, &signals, section, position);
    let (p, parts) = model::WEIGHTS.probability(&fired);
    let mut reasons: Vec<Reason> = fired
        .iter()
        .zip(parts)
        .map(|(f, w)| Reason {
            feature: features::name_of(f.feature),
            text: f.describe(),
            weight: w,
            states: SignalKind::ALL
                .get(f.feature)
                .is_some_and(|k| k.states_fact()),
        })
        .collect();
    // What the sentence states comes first, then the rest by the size of its contribution.
    reasons.sort_by(|a, b| {
        b.states
            .cmp(&a.states)
            .then(b.weight.abs().total_cmp(&a.weight.abs()))
    });
    // A fragment of a few words ("The Treaty of 1953.") states nothing to source.
    let fragment = signals.iter().any(|s| s.kind == SignalKind::Short);
    let stated = !fragment && reasons.iter().any(|r| r.states);
    // A stated fact wants a source whatever the rest of the sentence looks like: at least a
    // medium finding.
    let p = if stated { p.max(WEIGHTS.medium) } else { p };
    Need {
        probability: p,
        signals,
        reasons,
    }
}

/// Whether features `x` (as [`feature_values`] gives them) include a stated fact
/// ([`SignalKind::states_fact`]), which lifts the probability to the medium cut.
pub fn states_fact(x: &[f64; COUNT]) -> bool {
    let on = |kind: SignalKind| {
        SignalKind::ALL
            .iter()
            .zip(x)
            .any(|(k, v)| *v != 0.0 && *k == kind)
    };
    !on(SignalKind::Short) && SignalKind::ALL.iter().any(|&k| k.states_fact() && on(k))
}

/// The features of one sentence as the training command reads them: the fixed features
/// (dense, in [`FEATURES`] order) and its distinct words in lowercase, from which the
/// vocabulary is chosen.
pub fn feature_values(
    text: &str,
    section: Option<&str>,
    position: Position,
) -> ([f64; COUNT], Vec<String>) {
    let sentence = signals::Sentence::read(text);
    let signals = signals::detect_in(&sentence, section);
    let mut x = [0.0; COUNT];
    for f in features::fixed(&sentence, &signals, section, position) {
        x[f.feature] = f.value;
    }
    (x, features::words(&sentence))
}

/// Scores a claim of a document at `position` in its paragraph: its inline citations'
/// markers (document spans, the whole parenthesis when they sit in one) are blanked out first.
pub fn assess_claim(claim: &Claim, position: Position) -> Need {
    assess_at(&masked(claim), claim.section.as_deref(), position)
}

/// A claim's text with its inline citations' markers blanked out (see [`mask`]): what the
/// scorer reads.
pub fn masked(claim: &Claim) -> String {
    let spans: Vec<Range<usize>> = claim
        .citations
        .iter()
        .filter_map(|c| c.group.or(c.span))
        .filter(|&(s, e)| s >= claim.start && e <= claim.end)
        .map(|(s, e)| s - claim.start..e - claim.start)
        .collect();
    mask(&claim.text, &spans)
}

/// The position of every claim of running text in its paragraph, by index into `claims`
/// (other units get the default): what [`assess_claim`] is given.
pub fn positions(claims: &[Claim]) -> Vec<Position> {
    let running = |c: &Claim| c.kind == ClaimKind::Claim && !c.orphaned;
    let mut lengths: Vec<usize> = claims
        .iter()
        .filter(|c| running(c))
        .map(|c| features::word_count(&c.text))
        .collect();
    lengths.sort_unstable();
    let typical_words = lengths
        .get(lengths.len() / 2)
        .map_or(20.0, |&n| n.max(1) as f64);
    let named = claims
        .iter()
        .filter(|c| running(c) && features::has_name(&masked(c)))
        .count();
    let name_share = if lengths.is_empty() {
        0.5
    } else {
        named as f64 / lengths.len() as f64
    };
    let mut out = vec![Position::default(); claims.len()];
    let mut i = 0;
    while i < claims.len() {
        let p = claims[i].paragraph;
        let mut j = i;
        while j < claims.len() && claims[j].paragraph == p {
            j += 1;
        }
        let in_paragraph: Vec<usize> = (i..j).filter(|&k| running(&claims[k])).collect();
        for (n, &k) in in_paragraph.iter().enumerate() {
            out[k] = Position {
                index: n as u32,
                count: in_paragraph.len() as u32,
                typical_words,
                name_share,
            };
        }
        i = j;
    }
    out
}

/// The probability that each claim of running text in `claims` (a document's units, in
/// order) needs a citation; `None` for other units and for orphans, whose text is gone.
pub fn probabilities(claims: &[Claim]) -> Vec<Option<f64>> {
    positions(claims)
        .into_iter()
        .zip(claims)
        .map(|(pos, c)| {
            (c.kind == ClaimKind::Claim && !c.orphaned).then(|| assess_claim(c, pos).probability)
        })
        .collect()
}

/// `text` with every byte of `spans` (which must fall on character boundaries) replaced by a
/// space, so offsets stay valid and the blanked words count for nothing.
pub fn mask(text: &str, spans: &[Range<usize>]) -> String {
    let mut spans: Vec<&Range<usize>> = spans.iter().collect();
    spans.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut next = spans.into_iter().peekable();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        while let Some(r) = next.next_if(|r| r.start <= i) {
            open = Some(open.map_or(r.end, |e| e.max(r.end)));
        }
        if open.is_some_and(|e| i < e) {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}
