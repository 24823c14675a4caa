//! Text normalisation for matching citations to sources.
//!
//! Owns: turning titles, names and publishers into comparable tokens (NFKD, diacritics
//! dropped, lowercase, dots inside abbreviations dropped so "U.S." is `us`, hyphens and dashes
//! as separators, `&` as `and`), stop-words, acronyms of corporate names, a token F1 with
//! tolerance for near-miss spellings (edit distance only for words of five letters or more),
//! and where two texts differ. Does not own: the title score (`title`), deciding which fields
//! to compare or how they add up to a confidence (`compare`, `resolve`).

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A normalised token and the byte range of the original text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Normalised text: lowercase ASCII-folded letters and digits.
    pub text: String,
    /// Bytes of the original string this token covers (dots of "U.S." included).
    pub span: Range<usize>,
}

/// Words too common to tell titles or publishers apart.
///
/// Kept short on purpose: "us" is not here, because after normalisation it is "U.S.".
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "de", "der", "des", "die", "du", "et", "for", "from", "in",
    "into", "its", "la", "le", "of", "on", "or", "the", "to", "und", "with",
];

/// True for a word that carries no identifying weight in a title or a publisher's name.
pub fn is_stop_word(token: &str) -> bool {
    STOP_WORDS.contains(&token)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Splits `s` into normalised tokens, keeping where each came from.
///
/// Dots are dropped inside and after a word (so "U.S." and "US" agree) except between digits,
/// where they separate ("3.5"). An apostrophe inside a word is dropped ("Rhee's" is `rhees`).
/// `&` becomes its own token `and`. Everything else that is not a letter or digit separates.
pub fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(s, |text, span| {
        out.push(Token {
            text: text.to_string(),
            span,
        })
    });
    out
}

/// Calls `f` with each normalised token of `s` and its span, reusing one buffer: for callers
/// that look tokens up more often than they keep them (building an index).
pub fn for_each_token(s: &str, mut f: impl FnMut(&str, Range<usize>)) {
    let mut chars = s.char_indices().peekable();
    let mut cur = String::new();
    let mut span = 0..0;
    let mut flush = |cur: &mut String, span: &Range<usize>| {
        if !cur.is_empty() {
            f(cur, span.clone());
            cur.clear();
        }
    };
    while let Some((pos, c)) = chars.next() {
        let end = pos + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        if c == '&' {
            flush(&mut cur, &span);
            cur.push_str("and");
            flush(&mut cur, &(pos..end));
            continue;
        }
        if c == '.' || is_apostrophe(c) {
            let after_digit = cur.chars().last().is_some_and(|l| l.is_ascii_digit());
            let joins = !cur.is_empty()
                && if c == '.' {
                    !(after_digit && next.is_some_and(|n| n.is_ascii_digit()))
                } else {
                    next.is_some_and(char::is_alphanumeric)
                };
            if joins {
                span.end = end;
            } else {
                flush(&mut cur, &span);
            }
            continue;
        }
        if c.is_ascii() {
            // ASCII needs no decomposition: the common case, kept cheap.
            if c.is_ascii_alphanumeric() {
                if cur.is_empty() {
                    span = pos..end;
                }
                cur.push(c.to_ascii_lowercase());
                span.end = end;
            } else {
                flush(&mut cur, &span);
            }
            continue;
        }
        for d in std::iter::once(c).nfkd() {
            if is_combining_mark(d) {
                continue;
            }
            for l in d.to_lowercase() {
                if l.is_alphanumeric() {
                    if cur.is_empty() {
                        span = pos..end;
                    }
                    cur.push(l);
                    span.end = end;
                } else {
                    flush(&mut cur, &span);
                }
            }
        }
    }
    flush(&mut cur, &span);
}

/// The normalised tokens of `s`.
pub fn tokens(s: &str) -> Vec<String> {
    tokenize(s).into_iter().map(|t| t.text).collect()
}

/// The normalised tokens of `s` without stop-words.
pub fn content_tokens(s: &str) -> Vec<String> {
    without_stop_words(tokenize(s).into_iter().map(|t| t.text))
}

/// Tokens already normalised, without stop-words.
pub fn without_stop_words<S: AsRef<str>>(tokens: impl IntoIterator<Item = S>) -> Vec<String> {
    tokens
        .into_iter()
        .filter(|t| !is_stop_word(t.as_ref()))
        .map(|t| t.as_ref().to_string())
        .collect()
}

/// `s` normalised and re-joined with single spaces: "The U.S-ROK Alliance" is
/// `the us rok alliance`.
pub fn normalize(s: &str) -> String {
    tokens(s).join(" ")
}

/// Acronyms a corporate name can go by: initials of its content words, with a dotted
/// abbreviation contributing all its letters ("U.S. Global Change Research Program" is
/// `usgcrp`), and the same without a leading dotted abbreviation ("U.S. Environmental
/// Protection Agency" is also `epa`). Empty for names of fewer than two words.
pub fn acronyms(s: &str) -> Vec<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < 2 {
        return Vec::new();
    }
    let mut full = String::new();
    let mut without_lead = String::new();
    for (i, w) in words.iter().enumerate() {
        let dotted = w.contains('.') && w.chars().filter(|c| c.is_alphabetic()).count() <= 4;
        let parts = tokens(w);
        let letters: String = if dotted {
            parts.concat()
        } else {
            parts
                .iter()
                .filter(|t| !is_stop_word(t))
                .filter_map(|t| t.chars().next())
                .collect()
        };
        full.push_str(&letters);
        if !(i == 0 && dotted) {
            without_lead.push_str(&letters);
        }
    }
    let mut out = vec![full];
    if without_lead.len() >= 2 && !out.contains(&without_lead) {
        out.push(without_lead);
    }
    out.retain(|a| a.len() >= 2);
    out
}

/// True when every token of `needles` is in `haystack`, counting repeats.
pub fn contains_all(haystack: &[String], needles: &[String]) -> bool {
    let mut left: Vec<&String> = haystack.iter().collect();
    needles
        .iter()
        .all(|n| match left.iter().position(|h| *h == n) {
            Some(i) => {
                left.swap_remove(i);
                true
            }
            None => false,
        })
}

/// Shortest word length for a near-miss spelling to count as a partial match: shorter words
/// differ by one letter too easily ("Kwan"/"Kwak" as title words are different words).
const FUZZY_MIN_LEN: usize = 5;
/// Similarity from which two words count as the same word misspelt.
const FUZZY_MIN_SIM: f64 = 0.8;

/// Similarity of two tokens as the same word, possibly misspelt: 1 when equal, the
/// [`edit_similarity`] when both are long words at least 0.8 alike,
/// else 0. Numbers must be equal.
pub fn word_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let numeric = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    if a.len() < FUZZY_MIN_LEN || b.len() < FUZZY_MIN_LEN || numeric(a) || numeric(b) {
        return 0.0;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    // Lengths alone bound the similarity: skip the edit distance when it cannot reach the bar.
    let bound = 1.0 - la.abs_diff(lb) as f64 / la.max(lb) as f64;
    if bound < FUZZY_MIN_SIM {
        return 0.0;
    }
    let longest = la.max(lb) as f64;
    if a.is_ascii() && b.is_ascii() && 1.0 - bag_distance(a, b) as f64 / longest < FUZZY_MIN_SIM {
        return 0.0;
    }
    let sim = edit_similarity(a, b);
    if sim >= FUZZY_MIN_SIM { sim } else { 0.0 }
}

/// How many letters one ASCII word has that the other lacks (the larger side): a lower bound
/// of their edit distance, counted without allocating, to skip most edit distances.
fn bag_distance(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 128];
    for c in a.bytes() {
        counts[usize::from(c & 0x7f)] += 1;
    }
    for c in b.bytes() {
        counts[usize::from(c & 0x7f)] -= 1;
    }
    let more_a: i32 = counts.iter().filter(|&&n| n > 0).sum();
    let more_b: i32 = -counts.iter().filter(|&&n| n < 0).sum::<i32>();
    more_a.max(more_b) as usize
}

/// 1 minus the optimal-string-alignment distance (edits and adjacent transpositions) over the
/// longer length: "Kwak" and "Kwan" are 0.75 alike.
pub fn edit_similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    1.0 - strsim::osa_distance(a, b) as f64 / longest as f64
}

/// F1 of two token multisets: exact matches count 1, near-miss spellings count their
/// similarity. 0 when either side is empty.
pub fn token_f1<A: AsRef<str>, B: AsRef<str>>(a: &[A], b: &[B]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut used = vec![false; b.len()];
    let mut matched = 0.0;
    let mut rest = Vec::new();
    for t in a {
        let t = t.as_ref();
        match (0..b.len()).find(|&j| !used[j] && b[j].as_ref() == t) {
            Some(j) => {
                used[j] = true;
                matched += 1.0;
            }
            None => rest.push(t),
        }
    }
    // Exact matches are taken first so a misspelling never steals a word that occurs exactly.
    for t in rest {
        let best = (0..b.len())
            .filter(|&j| !used[j])
            .map(|j| (j, word_similarity(t, b[j].as_ref())))
            .filter(|&(_, s)| s > 0.0)
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((j, s)) = best {
            used[j] = true;
            matched += s;
        }
    }
    2.0 * matched / (a.len() + b.len()) as f64
}

/// Words of `a` not in `b` and of `b` not in `a`, as multisets of tokens.
pub fn word_difference(ta: &[String], tb: &[String]) -> (Vec<String>, Vec<String>) {
    let mut tb = tb.to_vec();
    let mut only_a = Vec::new();
    for t in ta {
        match tb.iter().position(|x| x == t) {
            Some(j) => {
                tb.remove(j);
            }
            None => only_a.push(t.clone()),
        }
    }
    (only_a, tb)
}

/// The stretch where two texts differ, as written, with one word of context on each side:
/// "The U.S. Experience in Korea" against "The US Military Experience in Korea" gives
/// ("U.S. Experience", "US Military Experience"). `None` when their tokens are equal.
///
/// Stop-words are skipped when lining the two up, so a dropped "The" does not hide where they
/// really differ; texts differing only in stop-words are lined up on every word.
pub fn differing_stretch(a: &str, b: &str) -> Option<(String, String)> {
    let content = |s: &str| -> Vec<Token> {
        tokenize(s)
            .into_iter()
            .filter(|t| !is_stop_word(&t.text))
            .collect()
    };
    let (ca, cb) = (content(a), content(b));
    let same_content = ca.len() == cb.len() && ca.iter().zip(&cb).all(|(x, y)| x.text == y.text);
    let (ta, tb) = if same_content {
        (tokenize(a), tokenize(b))
    } else {
        (ca, cb)
    };
    let same = |x: &Token, y: &Token| x.text == y.text;
    let prefix = ta.iter().zip(&tb).take_while(|(x, y)| same(x, y)).count();
    if prefix == ta.len() && prefix == tb.len() {
        return None;
    }
    let max_suffix = ta.len().min(tb.len()) - prefix;
    let suffix = ta
        .iter()
        .rev()
        .zip(tb.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| same(x, y))
        .count();
    let excerpt = |s: &str, t: &[Token]| {
        if t.is_empty() {
            return String::new();
        }
        let first = prefix.saturating_sub(1);
        let last = (t.len() - suffix).min(t.len() - 1).max(first);
        s[t[first].span.start..t[last].span.end].to_string()
    };
    Some((excerpt(a, &ta), excerpt(b, &tb)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn normalises() {
        let cases: &[(&str, &str)] = &[
            ("U.S.", "us"),
            ("U.S-ROK", "us rok"),
            ("The U.S.-Korea Experience", "the us korea experience"),
            ("1871-1982", "1871 1982"),
            ("1953\u{2013}2013", "1953 2013"),
            ("Smith & Jones", "smith and jones"),
            ("Schrödinger’s Cat", "schrodingers cat"),
            ("Ha\u{0301}n, Sung-joo", "han sung joo"),
            ("STANFORD—University", "stanford university"),
            ("3.5 percent", "3 5 percent"),
            ("“Blood Alliance”", "blood alliance"),
            ("ﬁnal", "final"),
            ("[USGCRP]", "usgcrp"),
            ("Smiths' books", "smiths books"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn spans_cover_the_original_text() {
        let s = "The U.S. Experience";
        let spans: Vec<&str> = tokenize(s).iter().map(|t| &s[t.span.clone()]).collect();
        assert_eq!(spans, ["The", "U.S.", "Experience"]);
    }

    #[test]
    #[rustfmt::skip]
    fn content_tokens_drop_stop_words() {
        let cases: &[(&str, &[&str])] = &[
            ("The History of the ROK-US Alliance", &["history", "rok", "us", "alliance"]),
            ("Institute for Military History", &["institute", "military", "history"]),
            ("One Alliance, Two Lenses", &["one", "alliance", "two", "lenses"]),
        ];
        for (input, want) in cases {
            assert_eq!(content_tokens(input), *want, "input {input:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn acronyms_of_corporate_names() {
        let cases: &[(&str, &[&str])] = &[
            ("U.S. Global Change Research Program", &["usgcrp", "gcrp"]),
            ("U.S. Environmental Protection Agency", &["usepa", "epa"]),
            ("National Oceanic and Atmospheric Administration", &["noaa"]),
            ("United States Forces Korea", &["usfk"]),
            ("Finley", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(acronyms(input), *want, "input {input:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn token_f1_cases() {
        let cases: &[(&str, &str, f64)] = &[
            ("us experience korea", "us experience korea", 1.0),
            ("us experience korea", "us military experience korea", 6.0 / 7.0),
            ("alliance", "korea", 0.0),
            ("experiance korea", "experience korea", 0.95),
            ("experience korea", "exprience korea", 2.0 * (1.0 + 0.9) / 4.0),
            ("alliance", "allinace", 0.875),
            ("kwan", "kwak", 0.0),
            ("1982", "1983", 0.0),
            ("security", "securities", 0.0),
            ("", "korea", 0.0),
        ];
        for (a, b, want) in cases {
            let a: Vec<&str> = a.split_whitespace().collect();
            let b: Vec<&str> = b.split_whitespace().collect();
            let got = token_f1(&a, &b);
            assert!((got - want).abs() < 1e-9, "{a:?} vs {b:?}: {got} != {want}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn differing_stretches() {
        type Case<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>);
        let cases: &[Case] = &[
            ("The U.S. Experience in Korea, 1871-1982", "The US Military Experience in Korea, 1871-1982", Some(("U.S. Experience", "US Military Experience"))),
            ("Institute of Military History", "Institute for Military History", Some(("Institute of Military", "Institute for Military"))),
            ("The History", "The  history", None),
            ("Seoul", "Lexington", Some(("Seoul", "Lexington"))),
            ("US Korean Relations", "US Korean Relations 1882-1982", Some(("Relations", "Relations 1882-1982"))),
            ("US Military Experience", "The US Military Experience in Korea", Some(("Experience", "Experience in Korea"))),
        ];
        for (a, b, want) in cases {
            let got = differing_stretch(a, b);
            let want = want.map(|(x, y)| (x.to_string(), y.to_string()));
            assert_eq!(got, want, "{a:?} vs {b:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn multiset_containment() {
        let cases: &[(&str, &str, bool)] = &[
            ("history of korea", "history", true),
            ("history of korea", "korea history", true),
            ("history history korea", "history history", true),
            ("history korea", "history history", false),
            ("history", "", true),
        ];
        for (hay, needles, want) in cases {
            let (h, n) = (tokens(hay), tokens(needles));
            assert_eq!(contains_all(&h, &n), *want, "{needles:?} in {hay:?}");
        }
    }

    #[test]
    fn word_differences() {
        let a = content_tokens("The U.S. Experience in Korea");
        let b = content_tokens("The US Military Experience in Korea");
        assert_eq!(
            word_difference(&a, &b),
            (vec![], vec!["military".to_string()])
        );
        assert_eq!(
            word_difference(&b, &a),
            (vec!["military".to_string()], vec![])
        );
    }
}
