//! The scorer's view of a sentence: tokens (words, numbers, single symbols) with byte spans,
//! and the spans the sentence quotes.
//!
//! Owns tokenising and quotation spans only; what a token means (a year, a unit, a reporting
//! verb) is decided in `signals.rs` from the vocabularies in `words.rs`.

use std::ops::Range;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Starts with a letter: "treaty", "U.S", "one-quarter", "G-20", "mid-20th".
    Word,
    /// Starts with a digit: "1953", "142,901", "2.3B", "25th", "1980s", "1953-1961".
    Number,
    /// Any other single character that is not whitespace: "$", "%", "°", "“", "?", "(".
    Symbol,
}

/// One token of a sentence.
#[derive(Debug, Clone)]
pub(super) struct Token<'a> {
    pub kind: Kind,
    /// The token as written.
    pub text: &'a str,
    /// Lowercase, with the typographic apostrophe made straight.
    pub lower: String,
    /// Byte span in the sentence.
    pub span: Range<usize>,
    /// Inside a quotation (never true for the quote marks themselves).
    pub quoted: bool,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    /// Starts with a capital letter.
    pub fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// A quotation: its span (marks included) and how many words it holds.
#[derive(Debug, Clone)]
pub(super) struct Quote {
    pub span: Range<usize>,
    pub words: usize,
    /// Opened in an earlier sentence or closed in a later one: the sentence is part of a
    /// longer quotation that the segmenter split.
    pub open_ended: bool,
}

/// Tokens of `text`, with `quoted` set from `quotes`.
pub(super) fn tokens<'a>(text: &'a str, quotes: &[Quote]) -> Vec<Token<'a>> {
    // Depth of quotation at each byte, from a difference array: linear however many quotes.
    let mut depth = vec![0i32; text.len() + 1];
    for q in quotes {
        depth[q.span.start] += 1;
        depth[q.span.end.min(text.len())] -= 1;
    }
    let mut inside = 0;
    for d in depth.iter_mut() {
        inside += *d;
        *d = inside;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Number
        } else if c.is_alphanumeric() {
            Kind::Word
        } else {
            Kind::Symbol
        };
        let mut j = i + 1;
        if kind != Kind::Symbol {
            while j < chars.len() && continues(&chars, j) {
                j += 1;
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(e, _)| e);
        let quoted = kind != Kind::Symbol || !is_quote_mark(c);
        out.push(Token {
            kind,
            text: &text[start..end],
            lower: lowercase(&text[start..end]),
            span: start..end,
            quoted: quoted && depth[start] > 0,
        });
        i = j;
    }
    out
}

/// Lowercase, the typographic apostrophe made straight ("Korea’s" -> "korea's").
fn lowercase(s: &str) -> String {
    let lower = s.to_lowercase();
    if lower.contains('’') {
        lower.replace('’', "'")
    } else {
        lower
    }
}

/// Whether the character at `j` continues the word or number before it: letters and digits
/// always; `,` and `.` between digits ("142,901", "2.3"); `-`, `'`, `’`, `.` between
/// alphanumerics ("one-quarter", "Korea’s", "U.S").
fn continues(chars: &[(usize, char)], j: usize) -> bool {
    let c = chars[j].1;
    if c.is_alphanumeric() {
        return true;
    }
    let prev = chars[j - 1].1;
    let Some(&(_, next)) = chars.get(j + 1) else {
        return false;
    };
    match c {
        ',' | '.' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
        '-' | '\'' | '’' | '.' => prev.is_alphanumeric() && next.is_alphanumeric(),
        _ => false,
    }
}

fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

/// The quotations of a sentence: curly pairs, straight pairs, guillemets. A closing mark with
/// no opening one before it means the quotation began in an earlier sentence; an opening mark
/// never closed means it goes on in the next one.
pub(super) fn quotes(text: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight_open: Option<usize> = None;
    let mut seen_close_first = None;
    for (i, c) in text.char_indices() {
        match c {
            '“' | '«' | '„' => open = Some(i),
            '”' | '»' => match open.take() {
                Some(s) => out.push(quote(text, s, i + c.len_utf8(), false)),
                None if out.is_empty() && seen_close_first.is_none() => {
                    seen_close_first = Some(i + c.len_utf8())
                }
                None => {}
            },
            '"' => match straight_open.take() {
                Some(s) => out.push(quote(text, s, i + 1, false)),
                None => straight_open = Some(i),
            },
            _ => {}
        }
    }
    if let Some(end) = seen_close_first {
        out.push(quote(text, 0, end, true));
    }
    if let Some(s) = open {
        // A curly or angle opening mark is never a closing one, even at the sentence's end
        // ("called it “" + next paragraph "Blood Alliance” after."): the quotation goes on.
        out.push(quote(text, s, text.len(), true));
    }
    if let Some(s) = straight_open {
        // A straight mark that ends the sentence closes a quotation begun earlier.
        let after = s + '"'.len_utf8();
        let open_at_start = text[..s].trim().is_empty() || !text[after..].trim().is_empty();
        if open_at_start {
            out.push(quote(text, s, text.len(), true));
        } else {
            out.push(quote(text, 0, after, true));
        }
    }
    out.sort_by_key(|q| q.span.start);
    out
}

fn quote(text: &str, start: usize, end: usize, open_ended: bool) -> Quote {
    let words = text[start..end]
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .count();
    Quote {
        span: start..end,
        words,
        open_ended,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_numbers_and_compounds_whole() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            ("an estimated 142,901 casualties", &["an", "estimated", "142,901", "casualties"]),
            ("totaled $2.3B, or 8%", &["totaled", "$", "2.3B", ",", "or", "8", "%"]),
            ("the U.S. and Korea’s one-quarter", &["the", "U.S", ".", "and", "Korea’s", "one-quarter"]),
            ("from 1953-1961 (see p. 24)", &["from", "1953-1961", "(", "see", "p", ".", "24", ")"]),
            ("less than 1°C in the 1980s", &["less", "than", "1", "°", "C", "in", "the", "1980s"]),
            ("G-20 and COVID-19", &["G-20", "and", "COVID-19"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = tokens(text, &[]).iter().map(|t| t.text).collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn quotes_pair_and_open_ended() {
        type Quoted<'a> = &'a [(&'a str, usize, bool)];
        #[rustfmt::skip]
        let cases: &[(&str, Quoted)] = &[
            ("known as a “Blood Alliance” today", &[("“Blood Alliance”", 2, false)]),
            ("he said “we will not go,” and left", &[("“we will not go,”", 4, false)]),
            ("“Are we ready to respond?", &[("“Are we ready to respond?", 5, true)]),
            ("I fear the answer is no” (Sun, 2018).", &[("I fear the answer is no”", 6, true)]),
            ("a \"net zero\" target", &[("\"net zero\"", 2, false)]),
            ("no quotation at all", &[]),
            // Issue 9 finding 1: a multi-byte opening mark ending the sentence panicked
            // (its span was cut inside the mark) and was taken for a closing one.
            ("In 1953 the press called it “", &[("“", 0, true)]),
            ("the French say «", &[("«", 0, true)]),
            ("die Presse nannte es „", &[("„", 0, true)]),
            ("ended the quotation here\"", &[("ended the quotation here\"", 4, true)]),
        ];
        for (text, want) in cases {
            let got: Vec<(&str, usize, bool)> = quotes(text)
                .iter()
                .map(|q| (&text[q.span.clone()], q.words, q.open_ended))
                .collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    /// Every short string over words, spaces and all the marks: quotation spans lie on char
    /// boundaries inside the sentence and tokenising never panics.
    #[test]
    fn quotes_spans_stay_on_char_boundaries() {
        let alphabet = ["a", " ", ".", "\"", "“", "”", "«", "»", "„", "’"];
        let n = alphabet.len();
        for len in 1..=4u32 {
            for mut code in 0..n.pow(len) {
                let mut text = String::new();
                for _ in 0..len {
                    text.push_str(alphabet[code % n]);
                    code /= n;
                }
                let qs = quotes(&text);
                for q in &qs {
                    assert!(q.span.end <= text.len(), "{text:?}: {:?}", q.span);
                    assert!(
                        text.is_char_boundary(q.span.start),
                        "{text:?}: {:?}",
                        q.span
                    );
                    assert!(text.is_char_boundary(q.span.end), "{text:?}: {:?}", q.span);
                }
                tokens(&text, &qs);
            }
        }
    }
}
