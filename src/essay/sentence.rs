//! Rule-based sentence segmentation of one block of text, with exact byte spans.
//!
//! Owns where sentences start and end inside a paragraph, list item or quote. It does not know
//! about blocks, headings or references (`block.rs`, `role.rs`), nor about what the
//! abbreviations are (`abbrev.rs`).
//!
//! Why our own segmenter and not `sentencex` 0.1.33 (Wikimedia, best of five crates in
//! NOTES-crates §6), measured on the case table in `sentence_cases.rs` (83 cases) through a
//! probe that `include!`s it: sentencex gets 71 right with `"en"` and 72 with "USS" added as a
//! custom `Language`; this file gets 83. Its misses are the ones a citation checker cannot live
//! with: a citation after the full stop ("the war. (Smith 2010, 4)", "[@key, p. 4]") becomes
//! the start of the next sentence, and so do footnote markers (`over.[^1]`, "over.¹") and the
//! closing "**" of emphasis; it also splits "vol. 2", keeps "5 p.m. The" together and does not
//! split after a question inside a quotation. Build weight: 30 crates in its normal tree
//! (clap, regex, strum, serde) against none here. Speed decides nothing: on the example essay
//! repeated to 1 MB (release build), sentencex alone takes 7 ms and our whole `parse` (blocks,
//! roles, sentences, SHA-256) 20 ms.
//!
//! The rules, in the order they are tried at a run of `.`, `?`, `!` or `…`:
//! 1. inside matched brackets `()`, `[]`, `{}` or a code span nothing ends;
//! 2. closing quotes, emphasis marks and footnote markers stay with the sentence they close;
//! 3. a candidate needs whitespace or the end of the block after it (so "U.S-ROK", "$2.3B",
//!    "e.g.," and URLs never split);
//! 4. a citation in brackets right after the stop ("... the war. (Smith 2010, 4)") belongs to
//!    the sentence before it;
//! 5. a lowercase word after the stop continues the sentence ("e.g. at the embassy");
//! 6. after an abbreviation, `abbrev.rs` decides (prefix: never; ambiguous: only before a
//!    common sentence opener; "No.": not before a number).

use std::ops::Range;

use super::abbrev::{Abbrev, Abbreviations};

/// Splits `text` (one block) into sentences: byte ranges into `text`, trimmed of whitespace,
/// in order, covering every non-blank byte.
pub(crate) fn split(text: &str, abbr: &Abbreviations) -> Vec<Range<usize>> {
    Segmenter::new(text, abbr).run()
}

/// True for characters that separate units and belong to none: whitespace and a byte-order mark.
pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '‽')
}

/// Characters that may follow a stop and still belong to its sentence.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*' | '_' | '`' | '¹' | '²' | '³'
    ) || ('\u{2070}'..='\u{2079}').contains(&c)
}

/// Characters that may open a sentence before its first word.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '(' | '[' | '{' | '*' | '_' | '>' | '¿' | '¡' | '`'
    )
}

/// What follows a possible sentence end.
enum Next {
    /// Nothing: the block ends.
    End,
    /// Another stop (a spaced ellipsis ". . ." continues).
    Stop,
    /// A word (after any openers), with its first character's class.
    Word {
        lower: bool,
        digit: bool,
        starter: bool,
    },
    /// Openers followed by something that is not a word ("(—", "[@smith]").
    Other,
}

struct Segmenter<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    /// Outermost matched bracket pairs and code spans, as (open, close) char indices, sorted.
    opaque: Vec<(usize, usize)>,
    abbr: &'a Abbreviations,
}

impl<'a> Segmenter<'a> {
    fn new(text: &'a str, abbr: &'a Abbreviations) -> Self {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let opaque = opaque_spans(&chars);
        Segmenter {
            text,
            chars,
            opaque,
            abbr,
        }
    }

    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(b, _)| b)
    }

    fn ch(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    /// The close index of the opaque span opening at `i`, if one does.
    fn opaque_at(&self, i: usize) -> Option<usize> {
        self.opaque
            .binary_search_by_key(&i, |&(open, _)| open)
            .ok()
            .map(|k| self.opaque[k].1)
    }

    fn skip_blank(&self, mut i: usize) -> usize {
        while self.ch(i).is_some_and(is_blank) {
            i += 1;
        }
        i
    }

    fn run(&self) -> Vec<Range<usize>> {
        let n = self.chars.len();
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut i = 0;
        while i < n {
            let c = self.chars[i].1;
            if start.is_none() {
                if is_blank(c) {
                    i += 1;
                    continue;
                }
                start = Some(i);
            }
            if let Some(close) = self.opaque_at(i) {
                let whole = start == Some(i) && self.ends_bracketed_sentence(i, close);
                i = close + 1;
                if whole && let Some(s) = start.take() {
                    let end = self.skip_closers(i);
                    out.push(self.byte(s)..self.byte(end));
                    i = end;
                }
                continue;
            }
            if !is_terminator(c) {
                i += 1;
                continue;
            }
            let run_end = self.run_end(i);
            let after = self.skip_closers(run_end);
            if after < n && !self.chars[after].1.is_whitespace() {
                i = after.max(i + 1);
                continue;
            }
            match self.decide(i, run_end, after) {
                Some(end) => {
                    if let Some(s) = start.take() {
                        out.push(self.byte(s)..self.byte(end));
                    }
                    i = end;
                }
                None => i = after,
            }
        }
        if let Some(s) = start {
            let mut end = n;
            while end > s && is_blank(self.chars[end - 1].1) {
                end -= 1;
            }
            out.push(self.byte(s)..self.byte(end));
        }
        out
    }

    /// A sentence written wholly in brackets, "(He never returned.)": the brackets open the
    /// sentence, a stop closes their content, and what follows them is not lowercase.
    fn ends_bracketed_sentence(&self, open: usize, close: usize) -> bool {
        if !matches!(self.ch(open), Some('(' | '[')) || close < 2 {
            return false;
        }
        let stop = close - 1;
        if !self.ch(stop).is_some_and(is_terminator) {
            return false;
        }
        let after = self.skip_closers(close + 1);
        if self.ch(after).is_some_and(|c| !c.is_whitespace()) {
            return false;
        }
        !matches!(
            self.next_word(self.skip_blank(after)),
            Next::Word { lower: true, .. }
        )
    }

    /// One past the run of stops starting at `i` ("?!", "...", "…").
    fn run_end(&self, mut i: usize) -> usize {
        while self.ch(i).is_some_and(is_terminator) {
            i += 1;
        }
        i
    }

    /// Skips closing quotes, emphasis marks, superscripts and footnote markers right after a stop.
    fn skip_closers(&self, mut i: usize) -> usize {
        loop {
            match self.ch(i) {
                Some('[') => match self.opaque_at(i) {
                    Some(close) if self.is_footnote(i, close) => i = close + 1,
                    _ => return i,
                },
                Some(c) if is_closer(c) => i += 1,
                _ => return i,
            }
        }
    }

    /// "[1]", "[^note]", "[12, 14]": a marker glued to the stop it follows.
    fn is_footnote(&self, open: usize, close: usize) -> bool {
        let inner = &self.text[self.byte(open + 1)..self.byte(close)];
        !inner.is_empty()
            && inner.len() <= 24
            && (inner.starts_with('^')
                || inner
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '–' | ' ')))
    }

    /// Decides whether the stop run `[stop, run_end)` followed by closers up to `after` ends the
    /// sentence; returns the char index one past its last character if it does.
    fn decide(&self, stop: usize, run_end: usize, after: usize) -> Option<usize> {
        let single_dot = run_end == stop + 1 && self.chars[stop].1 == '.';
        let next_at = self.skip_blank(after);
        let next = self.next_word(next_at);
        if let Next::End = next {
            return Some(after);
        }
        if let Next::Stop = next {
            return None;
        }
        let word = if single_dot {
            self.word_before(stop)
        } else {
            ""
        };
        // A dot preceded by a space is part of a spaced ellipsis, not an abbreviation.
        let kind = if word.is_empty() {
            Abbrev::Word
        } else {
            self.abbr.classify(word)
        };
        match (kind, &next) {
            (Abbrev::Prefix, _) => None,
            (Abbrev::Ambiguous, Next::Word { starter, .. }) => starter.then_some(after),
            (Abbrev::Ambiguous, _) => None,
            (Abbrev::BeforeNumber, Next::Word { digit: true, .. }) => None,
            _ => {
                if let Some(end) = self.citation_after(next_at) {
                    return Some(end);
                }
                match next {
                    Next::Word { lower: true, .. } => None,
                    _ => Some(after),
                }
            }
        }
    }

    /// The token written just before the stop at `stop`, without leading quotes or brackets.
    fn word_before(&self, stop: usize) -> &'a str {
        let mut s = stop;
        while s > 0 && !is_blank(self.chars[s - 1].1) {
            s -= 1;
        }
        let mut word = &self.text[self.byte(s)..self.byte(stop)];
        word = word.trim_start_matches(is_opener);
        word
    }

    /// Classifies what starts at char index `i` (already past whitespace).
    fn next_word(&self, mut i: usize) -> Next {
        match self.ch(i) {
            None => return Next::End,
            Some(c) if is_terminator(c) => return Next::Stop,
            _ => {}
        }
        while self.ch(i).is_some_and(is_opener) {
            i += 1;
        }
        let Some(first) = self.ch(i).filter(|c| c.is_alphanumeric()) else {
            return Next::Other;
        };
        let from = self.byte(i);
        let mut j = i;
        while self.ch(j).is_some_and(char::is_alphanumeric) {
            j += 1;
        }
        let word = &self.text[from..self.byte(j)];
        Next::Word {
            lower: first.is_lowercase(),
            digit: first.is_numeric(),
            starter: self.abbr.is_starter(word),
        }
    }

    /// If a bracketed citation follows the stop ("war. (Smith 2010, 4)", "war. [@smith, p. 4]"),
    /// the char index one past it (and past a stop written after it).
    fn citation_after(&self, at: usize) -> Option<usize> {
        let mut end = None;
        let mut i = at;
        while matches!(self.ch(i), Some('(' | '[')) {
            let close = self.opaque_at(i)?;
            if !looks_like_citation(&self.text[self.byte(i + 1)..self.byte(close)]) {
                break;
            }
            let mut e = close + 1;
            if self.ch(e) == Some('.') {
                e += 1;
            }
            if self.ch(e).is_some_and(|c| !is_blank(c)) {
                break;
            }
            end = Some(e);
            i = self.skip_blank(e);
        }
        let end = end?;
        match self.next_word(self.skip_blank(end)) {
            Next::Word { lower: true, .. } => None,
            _ => Some(end),
        }
    }
}

/// A bracket's content that reads like a reference: a year, a Pandoc key, a page, a number.
fn looks_like_citation(inner: &str) -> bool {
    let lower = inner.to_lowercase();
    let has_year = inner.as_bytes().windows(4).enumerate().any(|(k, w)| {
        let before = k.checked_sub(1).map(|p| inner.as_bytes()[p]);
        let after = inner.as_bytes().get(k + 4);
        w.iter().all(u8::is_ascii_digit)
            && matches!(w[0], b'1' | b'2')
            && !before.is_some_and(|b| b.is_ascii_digit())
            && !after.is_some_and(|b| b.is_ascii_digit())
    });
    has_year
        || inner.trim_start().starts_with('@')
        || lower.contains("ibid")
        || lower.contains("n.d.")
        || lower.contains("p. ")
        || lower.contains("pp. ")
        || (!inner.trim().is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '–' | ' ')))
}

/// Finds the outermost matched bracket pairs and backtick code spans. Unmatched brackets (a
/// list label "a)", a stray "(") are ignored, so one typo cannot swallow a whole paragraph.
fn opaque_spans(chars: &[(usize, char)]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        match c {
            '`' => {
                let len = chars[i..].iter().take_while(|&&(_, c)| c == '`').count();
                let close = (i + len..chars.len()).find(|&j| {
                    chars[j..].iter().take_while(|&&(_, c)| c == '`').count() == len
                        && (j == 0 || chars[j - 1].1 != '`')
                });
                match close {
                    Some(j) => {
                        pairs.push((i, j + len - 1));
                        i = j + len;
                    }
                    None => i += len,
                }
                continue;
            }
            '(' | '[' | '{' => stack.push((c, i)),
            ')' | ']' | '}' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if let Some(pos) = stack.iter().rposition(|&(o, _)| o == open) {
                    pairs.push((stack[pos].1, i));
                    stack.truncate(pos);
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Matched pairs nest properly, so sorting by opening position puts each container first.
    pairs.sort_unstable();
    outermost(pairs)
}

/// Keeps only pairs not contained in an earlier pair.
fn outermost(pairs: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(pairs.len());
    for p in pairs {
        if out.last().is_none_or(|&(_, close)| p.0 > close) {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::sentence_cases::CASES;
    use super::*;

    fn sentences<'t>(text: &'t str, abbr: &Abbreviations) -> Vec<&'t str> {
        split(text, abbr).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn case_table() {
        assert!(CASES.len() >= 60, "the table keeps at least 60 cases");
        let abbr = Abbreviations::new(&[]);
        let failed: Vec<String> = CASES
            .iter()
            .filter_map(|(text, want)| {
                let got = sentences(text, &abbr);
                (got != *want).then(|| format!("{text:?}\n  want {want:?}\n  got  {got:?}"))
            })
            .collect();
        assert!(
            failed.is_empty(),
            "{} of {} cases failed:\n{}",
            failed.len(),
            CASES.len(),
            failed.join("\n")
        );
    }

    #[test]
    fn project_abbreviations_extend_the_defaults() {
        #[rustfmt::skip]
        let cases: &[(&[&str], &str, &[&str])] = &[
            (&[], "He joined the USN. Ranger was his ship.", &["He joined the USN.", "Ranger was his ship."]),
            (&["USN"], "He joined the USN. Ranger was his ship.", &["He joined the USN. Ranger was his ship."]),
            (&["usn."], "He joined the USN. The ship was new.", &["He joined the USN.", "The ship was new."]),
        ];
        for (extra, text, want) in cases {
            let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
            assert_eq!(
                sentences(text, &Abbreviations::new(&extra)),
                *want,
                "{extra:?} {text:?}"
            );
        }
    }

    #[test]
    fn citation_lookalikes() {
        #[rustfmt::skip]
        let cases: &[(&str, bool)] = &[
            ("Smith 2010, 4", true),
            ("@smith2010, p. 4", true),
            ("see @smith", false),
            ("ibid., 24", true),
            ("Smith, n.d.", true),
            ("1, 3-5", true),
            ("He never returned.", false),
            ("about 20000 men", false),
            ("", false),
        ];
        for (inner, want) in cases {
            assert_eq!(looks_like_citation(inner), *want, "{inner:?}");
        }
    }
}
