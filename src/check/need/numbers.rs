//! Detectors of numbers and dates: what a token says as a number, statistics (money,
//! percentages, measurements, counts), comparisons on quantities, and the most precise date
//! of a sentence.
//!
//! Owns the number and date grammar of the scorer; the other detectors are in `signals.rs`.

use std::ops::Range;

use super::scan::{Kind, Token};
use super::signals::Sentence;
use super::words::*;
use super::{Signal, SignalKind};

/// What a token says as a number, if it is one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Num {
    /// A plain quantity: "142,901", "2.3", "thirty", "one-quarter".
    Quantity { spelled: bool, scaled: bool },
    /// A year 1000–2100 or a year range "1953-1961".
    Year,
    /// "1980s", "20th" before "century".
    Era,
    /// "25th", "1st": a day or a rank.
    Ordinal,
}

pub(super) fn number(t: &Token) -> Option<Num> {
    match t.kind {
        Kind::Number => {
            let digits: String = t.text.chars().filter(|c| c.is_ascii_digit()).collect();
            let suffix = t
                .text
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.');
            let plain = suffix.is_empty();
            if plain && !t.text.contains(',') && !t.text.contains('.') && is_year(&digits) {
                return Some(Num::Year);
            }
            if let Some((a, b)) = t.text.split_once('-')
                && is_year(a)
                && (is_year(b) || b.len() == 2 && b.chars().all(|c| c.is_ascii_digit()))
            {
                return Some(Num::Year);
            }
            match suffix.to_lowercase().as_str() {
                "" => Some(Num::Quantity {
                    spelled: false,
                    scaled: false,
                }),
                "s" | "'s" if digits.len() == 4 => Some(Num::Era),
                "st" | "nd" | "rd" | "th" => Some(Num::Ordinal),
                s if SCALES.contains(&s) => Some(Num::Quantity {
                    spelled: false,
                    scaled: true,
                }),
                _ => None,
            }
        }
        Kind::Word => {
            let spelled = t.lower.split('-').all(|p| NUMBER_WORDS.contains(&p));
            spelled.then_some(Num::Quantity {
                spelled: true,
                scaled: t.lower.split('-').any(|p| SCALES.contains(&p)),
            })
        }
        Kind::Symbol => None,
    }
}

fn is_year(digits: &str) -> bool {
    digits.len() == 4
        && digits.chars().all(|c| c.is_ascii_digit())
        && (1000..=2100).contains(&digits.parse::<u32>().unwrap_or(0))
}

/// Money, percentages, measurements and counts: one signal of each kind at most.
pub(super) fn statistics(s: &Sentence, out: &mut Vec<Signal>) {
    let mut seen = Vec::new();
    for i in 0..s.toks.len() {
        let Some(Num::Quantity { spelled, scaled }) = s.num(i) else {
            continue;
        };
        if let Some((kind, end)) = statistic(s, i, spelled, scaled)
            && !seen.contains(&kind)
        {
            seen.push(kind);
            let start = if i > 0 && CURRENCY_SIGNS.contains(&s.toks[i - 1].text) {
                i - 1
            } else {
                i
            };
            out.push(s.signal(kind, start..end));
        }
    }
    if let Some(c) = comparison(s) {
        out.push(c);
    }
}

/// The kind of statistic a quantity at `i` starts, and the token index past it.
fn statistic(s: &Sentence, i: usize, spelled: bool, scaled: bool) -> Option<(SignalKind, usize)> {
    let prev = i.checked_sub(1).and_then(|p| s.word(p));
    if prev.is_some_and(|p| LABEL_NOUNS.contains(&p)) {
        return None;
    }
    // A list marker: "1. Transportation systems."
    if i == 0 && s.toks.get(1).is_some_and(|t| t.text == ".") {
        return None;
    }
    let mut j = i + 1;
    let mut scaled = scaled;
    while s
        .word(j)
        .is_some_and(|w| SCALES.contains(&w) && w.len() > 2)
    {
        scaled = true;
        j += 1;
    }
    // A range: "two to four feet", "16 to 19 percent", "12-15%".
    if matches!(s.word(j), Some("to" | "and" | "or" | "-" | "–"))
        && s.num(j + 1)
            .is_some_and(|n| matches!(n, Num::Quantity { .. }))
    {
        j += 2;
    }
    if i > 0 && s.raw(i - 1).is_some_and(|p| CURRENCY_SIGNS.contains(&p)) {
        return Some((SignalKind::Money, j));
    }
    let phrase_end = |list: &[&str]| list.iter().find_map(|p| s.phrase_at(j, p));
    if let Some(e) = phrase_end(CURRENCIES) {
        return Some((SignalKind::Money, e));
    }
    if let Some(e) = phrase_end(PERCENT_WORDS) {
        return Some((SignalKind::Percent, e));
    }
    // A share: "more than half", "a third of", "one-quarter".
    let fraction = s.toks[i]
        .lower
        .rsplit('-')
        .next()
        .is_some_and(|w| FRACTIONS.contains(&w));
    if fraction && spelled {
        return Some((SignalKind::Percent, j));
    }
    if let Some(e) = phrase_end(UNITS) {
        // "1 m" is a unit, "one m" hardly ever is.
        let unit_ok = !spelled || s.word(j).is_some_and(|u| u.len() > 2);
        let e = if s.word(j) == Some("°") { e + 1 } else { e };
        if unit_ok {
            return Some((SignalKind::Measure, e.min(s.toks.len())));
        }
    }
    // A count: digits (or a scaled spelled number) before a noun: "142,901 casualties",
    // "30 named storms", "two million copies".
    let next = s.toks.get(j)?;
    const NOT_NOUN: &[&str] = &[
        "in", "of", "to", "and", "or", "the", "a", "an", "by", "for", "on", "at", "from", "with",
        "is", "was", "were", "are", "percent",
    ];
    let month = next.capitalised() && MONTHS.contains(&next.lower.as_str());
    let counts = (!spelled || scaled)
        && next.is_word()
        && !month
        && !NOT_NOUN.contains(&next.lower.as_str());
    let compound = s.toks[i].text.contains('-') && s.toks[i].kind == Kind::Number;
    (counts || compound).then_some((SignalKind::Count, j + 1))
}

/// Spelled fractions: a share of a whole is a statistic.
const FRACTIONS: &[&str] = &[
    "half", "third", "thirds", "quarter", "quarters", "fifth", "fifths",
];

/// "more than half", "four times greater", "an estimated 142,901": a comparison or hedge
/// next to a quantity.
fn comparison(s: &Sentence) -> Option<Signal> {
    for i in 0..s.toks.len() {
        if let Some((words, j)) = s.lexicon_at(i, &lexicons().comparatives) {
            let phrase = words.join(" ");
            let p = phrase.as_str();
            let before = i.checked_sub(1).and_then(|k| s.num(k));
            // "more than a dozen", "less than half the number".
            let after = s
                .num(j)
                .or_else(|| s.num(j + 1).filter(|_| s.word(j) == Some("a")));
            let quantified = match p {
                "times" | "twice" | "half" => before.is_some() || p != "times",
                _ => after.is_some_and(|n| matches!(n, Num::Quantity { .. })),
            };
            if quantified && !s.toks[i].quoted {
                let from = if p == "times" { i - 1 } else { i };
                return Some(s.signal(SignalKind::Comparison, from..(j + 1).min(s.toks.len())));
            }
        }
    }
    None
}

/// The most precise date of the sentence: a full date, a month and year, a year, an era.
pub(super) fn date(s: &Sentence) -> Option<Signal> {
    let mut best: Option<(SignalKind, Range<usize>)> = None;
    let mut keep = |kind: SignalKind, r: Range<usize>| {
        if best
            .as_ref()
            .is_none_or(|(k, _)| kind.precision() > k.precision())
        {
            best = Some((kind, r));
        }
    };
    for i in 0..s.toks.len() {
        let t = &s.toks[i];
        let month = t.capitalised() && MONTHS.contains(&t.lower.trim_end_matches('.'))
            || t.lower.starts_with("mid-") && MONTHS.contains(&&t.lower[4..]);
        if month {
            let next = s.num(i + 1);
            let day = next.is_some_and(|n| n == Num::Ordinal || is_day(&s.toks[i + 1]));
            if day {
                let year = s.raw(i + 2) == Some(",") && s.num(i + 3) == Some(Num::Year);
                let end = if year { i + 4 } else { i + 2 };
                keep(SignalKind::FullDate, i..end);
            } else if next == Some(Num::Year) {
                keep(SignalKind::MonthYear, i..i + 2);
            } else if s.word(i + 1) == Some("of") && s.num(i + 2) == Some(Num::Year) {
                keep(SignalKind::MonthYear, i..i + 3);
            } else if t.lower.starts_with("mid-")
                || i > 0
                    && s.word(i - 1).is_some_and(|p| {
                        DATE_PREPOSITIONS.contains(&p) || p == "early" || p == "late"
                    })
            {
                keep(SignalKind::Month, i..i + 1);
            }
            continue;
        }
        match s.num(i) {
            Some(Num::Year) => {
                let prev = i.checked_sub(1).and_then(|p| s.word(p));
                if prev.is_some_and(|p| LABEL_NOUNS.contains(&p) || CURRENCY_SIGNS.contains(&p)) {
                    continue;
                }
                // "in 1978" dates a statement; "the 1953 treaty" names a thing.
                if prev.is_some_and(|p| DATE_PREPOSITIONS.contains(&p)) {
                    keep(SignalKind::Year, i - 1..i + 1);
                } else {
                    keep(SignalKind::YearName, i..i + 1);
                }
            }
            Some(Num::Era) => keep(SignalKind::Era, i.saturating_sub(1)..i + 1),
            Some(Num::Quantity { spelled: false, .. }) | Some(Num::Ordinal)
                if is_day(t)
                    && s.toks
                        .get(i + 1)
                        .is_some_and(|m| m.capitalised() && MONTHS.contains(&m.lower.as_str()))
                    && s.num(i + 2) == Some(Num::Year) =>
            {
                keep(SignalKind::FullDate, i..i + 3)
            }
            _ => {}
        }
        // "the mid-20th century", "the 19th century".
        if (t.lower.ends_with("th") || t.lower.ends_with("st"))
            && t.lower.chars().any(|c| c.is_ascii_digit())
            && s.word(i + 1) == Some("century")
        {
            keep(SignalKind::Era, i..i + 2);
        }
    }
    best.map(|(k, r)| s.signal(k, r))
}

/// Words that date what follows: "in 1978", "since 1900", "until mid-March".
const DATE_PREPOSITIONS: &[&str] = &[
    "in",
    "since",
    "by",
    "from",
    "until",
    "till",
    "of",
    "after",
    "before",
    "during",
    "between",
    "through",
    "throughout",
    "circa",
    "around",
    "on",
];

fn is_day(t: &Token) -> bool {
    let digits: String = t.text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}
