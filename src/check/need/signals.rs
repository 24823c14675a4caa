//! The sentence as the detectors see it, and the detectors of words: quotation, attribution,
//! uniqueness, event, causal, and the author's own voice. Each looks at a sentence's tokens for
//! one kind of evidence and says where it saw it. Numbers and dates are in `numbers.rs`;
//! weights live with the kinds in `mod.rs`, the words in `words.rs`.
//!
//! Every detector reports at most one signal of its kind (the first or the strongest), so a
//! sentence full of years does not outscore one with a single well-placed statistic.

use std::ops::Range;

use super::numbers::{self, Num};
use super::scan::{self, Kind, Quote, Token};
use super::words::Lexicon;
use super::words::*;
use super::{Signal, SignalKind};

/// A sentence as the detectors see it.
pub(super) struct Sentence<'a> {
    pub text: &'a str,
    pub toks: Vec<Token<'a>>,
    /// `number` of each token, read once.
    pub nums: Vec<Option<Num>>,
    pub quotes: Vec<Quote>,
}

impl<'a> Sentence<'a> {
    /// What token `i` says as a number, if there is such a token and it is one.
    pub(super) fn num(&self, i: usize) -> Option<Num> {
        self.nums.get(i).copied().flatten()
    }

    pub(super) fn excerpt(&self, from: usize, to: usize) -> String {
        let start = self.toks[from].span.start;
        let end = self.toks[to.max(from + 1) - 1].span.end;
        self.text[start..end].to_string()
    }

    pub(super) fn signal(&self, kind: SignalKind, tokens: Range<usize>) -> Signal {
        Signal::new(kind, self.excerpt(tokens.start, tokens.end))
    }

    /// Token index just past `phrase` if it starts at `i` (words compared in lowercase).
    pub(super) fn phrase_at(&self, i: usize, phrase: &str) -> Option<usize> {
        let mut j = i;
        for w in phrase.split(' ') {
            if self.toks.get(j)?.lower != w {
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    /// The first phrase of `lex` that starts at token `i`: its words and the index past it.
    pub(super) fn lexicon_at(
        &self,
        i: usize,
        lex: &'static Lexicon,
    ) -> Option<(&'static [&'static str], usize)> {
        let first = &self.toks.get(i)?.lower;
        lex.phrases(first).iter().find_map(|words| {
            let fits = words
                .iter()
                .enumerate()
                .all(|(k, w)| self.toks.get(i + k).is_some_and(|t| t.lower == *w));
            fits.then(|| (words.as_slice(), i + words.len()))
        })
    }

    /// First occurrence of any phrase of `lex` outside quotations: its token range.
    pub(super) fn find_any(&self, lex: &'static Lexicon) -> Option<Range<usize>> {
        (0..self.toks.len())
            .filter(|&i| !self.toks[i].quoted)
            .find_map(|i| self.lexicon_at(i, lex).map(|(_, j)| i..j))
    }

    /// The lowercase text of token `i`, symbols included.
    pub(super) fn raw(&self, i: usize) -> Option<&str> {
        self.toks.get(i).map(|t| t.lower.as_str())
    }

    pub(super) fn word(&self, i: usize) -> Option<&str> {
        self.toks
            .get(i)
            .filter(|t| t.kind != Kind::Symbol || t.text == "%" || t.text == "°")
            .map(|t| t.lower.as_str())
    }
}

impl<'a> Sentence<'a> {
    /// Tokens, numbers and quotations of `text`, read once for every detector.
    pub(super) fn read(text: &'a str) -> Self {
        let quotes = scan::quotes(text);
        let toks = scan::tokens(text, &quotes);
        Sentence {
            text,
            nums: toks.iter().map(numbers::number).collect(),
            toks,
            quotes,
        }
    }
}

/// Every signal of a sentence (citation markers already blanked out). `section` is the
/// heading of the section the sentence is in.
pub(super) fn detect_in(s: &Sentence, section: Option<&str>) -> Vec<Signal> {
    let mut out = Vec::new();
    numbers::statistics(s, &mut out);
    out.extend(numbers::date(s));
    out.extend(quotation(s));
    let attribution = attribution(s);
    out.extend(attribution.clone());
    out.extend(uniqueness(s));
    out.extend(event(s));
    out.extend(causal(s));
    out.extend(framing(s, attribution.as_ref()));
    out.extend(closing(section));
    out
}

/// A quotation of a few words (or the part of a longer one the segmenter split off).
fn quotation(s: &Sentence) -> Option<Signal> {
    let q = s
        .quotes
        .iter()
        .find(|q| q.words >= 4 || q.open_ended && q.words >= 2)?;
    Some(Signal::new(
        SignalKind::Quotation,
        s.text[q.span.clone()].to_string(),
    ))
}

/// A claim ascribed to someone: a reporting verb ("said", "according to", "warns"), or a
/// stance verb after a named actor or an unnamed group ("Rhee believed", "some deny").
fn attribution(s: &Sentence) -> Option<Signal> {
    // "This essay argues that", "An examination of X shows that": the author speaking.
    let framed = s.find_any(&lexicons().framing);
    if let Some(r) = s
        .find_any(&lexicons().reporting)
        .filter(|r| framed.as_ref().is_none_or(|f| f.start > r.start))
    {
        let before = r.start.checked_sub(1).and_then(|k| s.word(k));
        // "I argue" is the author; "an estimated 142,901", "their claims" are not verbs.
        let by_author = matches!(
            before,
            Some(
                "i" | "we"
                    | "an"
                    | "the"
                    | "a"
                    | "their"
                    | "his"
                    | "her"
                    | "its"
                    | "these"
                    | "such"
            )
        );
        if !by_author {
            return Some(s.signal(SignalKind::Attribution, r));
        }
    }
    let r = s.find_any(&lexicons().stance)?;
    let actor = actor_before(s, r.start)?;
    Some(s.signal(SignalKind::Attribution, actor..r.end))
}

/// Who does what the verb at `verb` says: a name, a sentence-initial name, an unnamed group
/// or a personal pronoun, at most six tokens back and in the same clause (no comma between,
/// and no "it" nearer the verb: "the Korean War, it has displayed" is not the war's doing).
fn actor_before(s: &Sentence, verb: usize) -> Option<usize> {
    for k in (verb.saturating_sub(6)..verb).rev() {
        let t = &s.toks[k];
        if matches!(t.text, "," | ";" | ":") || t.lower == "it" {
            return None;
        }
        let person = matches!(t.lower.as_str(), "he" | "she" | "they");
        if named(s, k) || subject(s, k) || is_source_noun(&t.lower) || person {
            return Some(k);
        }
    }
    None
}

pub(super) fn is_source_noun(w: &str) -> bool {
    SOURCE_NOUNS.contains(&w) || w.len() > 5 && (w.ends_with("ists") || w.ends_with("ians"))
}

/// A name: a capitalised word inside the sentence, or an acronym anywhere ("US", "DPRK").
pub(super) fn named(s: &Sentence, k: usize) -> bool {
    let t = &s.toks[k];
    if !t.is_word() || t.quoted {
        return false;
    }
    let acronym = t.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && t.text
            .chars()
            .all(|c| c.is_uppercase() || !c.is_alphabetic());
    let after_start = k > 0 && !matches!(s.toks[k - 1].text, "." | "“" | "\"" | ":");
    acronym || after_start && t.capitalised() && t.text != "I"
}

/// A sentence-initial name: "Rhee believed", "Eisenhower initially displayed", "Rhee’s plan".
/// A capitalised first word is a name only when a listed verb (after at most one adverb) or
/// a possessive follows, since any sentence starts with a capital.
fn subject(s: &Sentence, k: usize) -> bool {
    let t = &s.toks[k];
    if k != 0 || !t.capitalised() || !t.is_word() {
        return false;
    }
    if t.lower.ends_with("'s") {
        return true;
    }
    let verb_at = |i: usize| {
        let lex = lexicons();
        s.word(i).is_some_and(|w| {
            [&lex.stance, &lex.reporting, &lex.events]
                .iter()
                .any(|l| l.starts(w))
        })
    };
    verb_at(1) || s.word(1).is_some_and(|w| w.ends_with("ly")) && verb_at(2)
}

/// "the first", "the only", "the largest", "unprecedented", "on record"; an ordinal that
/// enumerates the essay's own points ("The first challenge is") is not one.
fn uniqueness(s: &Sentence) -> Option<Signal> {
    for i in 0..s.toks.len() {
        let t = &s.toks[i];
        if t.quoted {
            continue;
        }
        if let Some((_, j)) = s.lexicon_at(i, &lexicons().superlatives) {
            return Some(s.signal(SignalKind::Uniqueness, i..(j + 1).min(s.toks.len())));
        }
        let possessive = i > 0 && s.toks[i - 1].lower.ends_with("'s");
        // "the world’s largest company".
        if possessive
            && SUPERLATIVES
                .iter()
                .any(|p| p.strip_prefix("the ") == Some(t.lower.as_str()))
        {
            return Some(s.signal(SignalKind::Uniqueness, i - 1..(i + 2).min(s.toks.len())));
        }
        let determiner = i > 0 && (s.word(i - 1) == Some("the") || possessive);
        let ordinal = matches!(t.lower.as_str(), "first" | "only" | "last")
            || t.lower.starts_with("second-")
            || t.lower.ends_with("-largest");
        if determiner && ordinal {
            // "the first challenge is", "the only long-term way to": the essay's own points.
            let enumerates =
                (i + 1..i + 3).any(|k| s.word(k).is_some_and(|n| ENUMERATED.contains(&n)));
            if enumerates || i <= 1 && s.word(i + 1).is_some() && s.word(i + 2) == Some("is") {
                continue;
            }
            return Some(s.signal(SignalKind::Uniqueness, i - 1..(i + 2).min(s.toks.len())));
        }
    }
    None
}

/// A past event with a named actor: "the US signed", "Rhee ordered", "Trump declared".
fn event(s: &Sentence) -> Option<Signal> {
    let r = s.find_any(&lexicons().events)?;
    // "can be replaced", "to be signed": a possibility, not an event.
    if r.start > 0 && matches!(s.word(r.start - 1), Some("be" | "to")) {
        return None;
    }
    let actor = (0..s.toks.len())
        .find(|&k| named(s, k) || subject(s, k) || is_source_noun(&s.toks[k].lower))?;
    let (a, b) = (actor.min(r.start), actor.max(r.start));
    let range = if b - a <= 6 { a..b + 1 } else { r.clone() };
    Some(s.signal(SignalKind::Event, range))
}

fn causal(s: &Sentence) -> Option<Signal> {
    s.find_any(&lexicons().causal)
        .map(|r| s.signal(SignalKind::Causal, r))
}

/// The author's own voice: framing and thesis, questions, first person, recommendations,
/// hedges, very short sentences. A recommendation after a reporting verb is reported speech.
fn framing(s: &Sentence, attribution: Option<&Signal>) -> Vec<Signal> {
    let mut out = Vec::new();
    let opener = OPENERS.iter().find_map(|p| s.phrase_at(0, p)).map(|j| 0..j);
    if let Some(r) = s.find_any(&lexicons().framing).or(opener) {
        out.push(s.signal(SignalKind::Framing, r));
    }
    let last = s
        .toks
        .iter()
        .rev()
        .find(|t| !matches!(t.text, "”" | "\"" | ")"));
    if last.is_some_and(|t| t.text == "?" && !t.quoted) && !s.quotes.iter().any(|q| q.open_ended) {
        out.push(Signal::new(SignalKind::Question, "?".to_string()));
    }
    if let Some(i) = (0..s.toks.len()).find(|&i| {
        let t = &s.toks[i];
        !t.quoted && (t.text == "I" || matches!(t.lower.as_str(), "we" | "my" | "me"))
    }) {
        out.push(s.signal(SignalKind::FirstPerson, i..i + 1));
    }
    let conditional = |r: &Range<usize>| {
        // "should it push north": an inverted conditional, not advice.
        s.word(r.start) == Some("should")
            && s.word(r.end)
                .is_some_and(|w| matches!(w, "it" | "he" | "she" | "they" | "we" | "you"))
    };
    if let Some(r) = s
        .find_any(&lexicons().normative)
        .filter(|r| !conditional(r))
    {
        let reported = attribution.is_some()
            && s.find_any(&lexicons().reporting)
                .is_some_and(|a| a.start < r.start);
        if !reported {
            out.push(s.signal(SignalKind::Normative, r));
        }
    }
    if let Some(r) = s.find_any(&lexicons().opinion) {
        out.push(s.signal(SignalKind::Opinion, r));
    }
    let words = s.toks.iter().filter(|t| t.kind != Kind::Symbol).count();
    if words < 6 && s.quotes.is_empty() {
        out.push(Signal::new(SignalKind::Short, format!("{words} words")));
    }
    out
}

/// A sentence of a concluding section mostly restates what came before.
fn closing(section: Option<&str>) -> Option<Signal> {
    let heading = section?.to_lowercase();
    let closes = heading
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| CLOSING_SECTIONS.contains(&w));
    closes.then(|| Signal::new(SignalKind::Closing, section.unwrap_or_default().to_string()))
}
