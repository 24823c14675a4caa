//! Text normalisation for matching citations to sources, and the title score.
//!
//! Owns: turning titles, names and publishers into comparable tokens (NFKD, diacritics
//! dropped, lowercase, dots inside abbreviations dropped so "U.S." is `us`, hyphens and dashes
//! as separators, `&` as `and`), stop-words, acronyms of corporate names, a token F1 with
//! tolerance for near-miss spellings, and [`title_score`]. Does not own: deciding which fields
//! to compare or how they add up to a confidence (`compare`, `resolve`).
//!
//! Why token F1 and not edit distance: whole-string metrics rank a short, wrong title that
//! shares the cited words ("The U.S.-Korea Experience") above the right one with a subtitle
//! ("The US Military Experience in Korea, 1871-1982: In the Vanguard ..."). F1 over content
//! words, taken against the main title first, puts the right one ahead; character similarity
//! only breaks exact ties.

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

/// Four-digit years (1000 to 2099) among the tokens.
pub fn years(tokens: &[String]) -> Vec<i32> {
    tokens
        .iter()
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse::<i32>().ok())
        .filter(|y| (1000..2100).contains(y))
        .collect()
}

/// Shortest word length for a near-miss spelling to count as a partial match: shorter words
/// differ by one letter too easily ("Kwan"/"Kwak" as title words are different words).
const FUZZY_MIN_LEN: usize = 5;
/// Similarity from which two words count as the same word misspelt.
const FUZZY_MIN_SIM: f64 = 0.8;

/// Similarity of two tokens as the same word, possibly misspelt: 1 when equal, the
/// [`edit_similarity`] when both are long words at least [`FUZZY_MIN_SIM`] alike,
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

/// The main title of a cited title: the part before the first colon, and whether a subtitle
/// followed it.
pub fn split_main(title: &str) -> (&str, bool) {
    match title.split_once(':') {
        Some((main, sub)) if !sub.trim().is_empty() => (main.trim(), true),
        _ => (title.trim(), false),
    }
}

/// Weight of the main title when the citation gives a subtitle too: the main title is what
/// identifies a work, subtitles get shortened, reworded or dropped.
const MAIN_WEIGHT: f64 = 0.7;
/// Share of the remaining distance to 1 added when every year in the cited title is in the
/// candidate's title ("1871-1982"): years pin an edition or a period.
const YEAR_AGREE: f64 = 0.25;
/// Least score of a cited title made of the first two or more words of the main title.
const SHORT_BASE: f64 = 0.85;
/// Subtracted when a year of the cited title is missing from the candidate's title.
const YEAR_MISSING: f64 = 0.1;

/// How well a cited title matches a candidate's titles, in [0, 1].
///
/// `main` is the candidate's main title, `full` its title with subtitle, `short` its
/// `shorttitle`. The score is the token F1 of the content words:
/// - a cited title with a subtitle: `0.7 * F1(cited main, main) + 0.3 * F1(cited, full)`, or
///   `F1(cited, full)` when that is higher (the two split the title differently);
/// - a cited title without one: the best of F1 against `main`, `full` and `short`, since short
///   forms drop subtitles by design, and at least `0.85 + 0.15 * F1(cited, main)` when it is
///   the first two or more words of the main title (a shortened title);
///
/// then moved towards 1 by a quarter of the gap when all years the cited title names are in
/// the full title, or lowered by 0.1 when one is missing.
pub fn title_score(cited: &str, main: &str, full: &str, short: Option<&str>) -> f64 {
    let main = if main.trim().is_empty() { full } else { main };
    let short = short.map(content_tokens);
    let words = TitleWords::new(cited);
    words
        .score(
            &content_tokens(main),
            &content_tokens(full),
            short.as_deref(),
        )
        .score
}

/// A cited title tokenised once, to be scored against many candidates.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleWords {
    /// Content words of the whole cited title.
    pub words: Vec<String>,
    /// Content words of its main title (before the colon).
    pub main: Vec<String>,
    /// Whether a subtitle followed the main title.
    pub has_sub: bool,
}

/// A title score and which of the candidate's titles the cited title is nearer to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TitleScore {
    /// The score of [`title_score`].
    pub score: f64,
    /// True when the cited title is to be read against the full title (it has a subtitle, or
    /// agrees better with the full title than with the main title).
    pub nearer_full: bool,
}

impl TitleWords {
    /// Tokenises a cited title.
    pub fn new(cited: &str) -> Self {
        let (main, has_sub) = split_main(cited);
        TitleWords {
            words: content_tokens(cited),
            main: content_tokens(main),
            has_sub,
        }
    }

    /// [`title_score`] against a candidate's content words: `main` and `full` titles, and
    /// `short` title if any.
    pub fn score(&self, main: &[String], full: &[String], short: Option<&[String]>) -> TitleScore {
        let s_full = token_f1(&self.words, full);
        let s_main = token_f1(&self.main, main);
        let mut score = if self.has_sub {
            (MAIN_WEIGHT * s_main + (1.0 - MAIN_WEIGHT) * s_full).max(s_full)
        } else {
            let s_short = short.map_or(0.0, |s| token_f1(&self.words, s));
            // The first words of the main title are how a short title is made; F1 alone would
            // punish the shortening.
            let s_prefix = if self.words.len() >= 2 && main.starts_with(&self.words) {
                SHORT_BASE + (1.0 - SHORT_BASE) * s_main
            } else {
                0.0
            };
            s_main.max(s_full).max(s_short).max(s_prefix)
        };
        let cited_years = years(&self.words);
        if !cited_years.is_empty() {
            let cand_years = years(full);
            if cited_years.iter().all(|y| cand_years.contains(y)) {
                score += YEAR_AGREE * (1.0 - score);
            } else {
                score -= YEAR_MISSING;
            }
        }
        TitleScore {
            score: score.clamp(0.0, 1.0),
            nearer_full: self.has_sub || s_full > s_main,
        }
    }
}

/// Character similarity of two normalised texts: only for breaking ties between equal
/// token scores.
pub fn char_similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(&normalize(a), &normalize(b))
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

    const FINLEY_MAIN: &str = "The US Military Experience in Korea, 1871-1982";
    const FINLEY_FULL: &str =
        "The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations";
    const HISTORY_MAIN: &str = "The History of the ROK-US Alliance";
    const HISTORY_FULL: &str = "The History of the ROK-US Alliance: 1953-2013";
    const SHIN_FULL: &str = "One Alliance, Two Lenses: US-Korea Relations in a New Era";
    const Q: &str = "The U.S. Experience in Korea, 1871-1982";

    /// (cited, candidate main, candidate full, lowest acceptable score, highest acceptable)
    #[test]
    #[rustfmt::skip]
    fn title_scores() {
        let cases: &[(&str, &str, &str, f64, f64)] = &[
            (Q, FINLEY_MAIN, FINLEY_FULL, 0.90, 0.95),
            (Q, "The U.S.-Korea Experience", "The U.S.-Korea Experience", 0.6, 0.7),
            (Q, "Korea and the United States, 1871-1982", "Korea and the United States, 1871-1982", 0.65, 0.75),
            (Q, HISTORY_MAIN, HISTORY_FULL, 0.0, 0.2),
            ("The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations", FINLEY_MAIN, FINLEY_FULL, 0.94, 0.97),
            (HISTORY_FULL, HISTORY_MAIN, HISTORY_FULL, 1.0, 1.0),
            (HISTORY_MAIN, HISTORY_MAIN, HISTORY_FULL, 1.0, 1.0),
            ("The History of the ROK-US Alliance: 1953-2012", HISTORY_MAIN, HISTORY_FULL, 0.75, 0.86),
            ("One Alliance, Two Lenses", "One Alliance, Two Lenses", SHIN_FULL, 1.0, 1.0),
            ("One Alliance, Two Lenses: US-Korea Relations", "One Alliance, Two Lenses", SHIN_FULL, 0.95, 0.99),
            ("US-Korean Security Relations since 1945", "US-Korean Security Relations since 1945", "US-Korean Security Relations since 1945", 1.0, 1.0),
            ("US Korean Relations", "US Korean Relations 1882-1982", "US Korean Relations 1882-1982", 0.96, 0.97),
            ("US Military Experience", FINLEY_MAIN, FINLEY_FULL, 0.95, 0.95),
            ("Military Experience in Korea", FINLEY_MAIN, FINLEY_FULL, 0.66, 0.67),
            ("US", FINLEY_MAIN, FINLEY_FULL, 0.28, 0.29),
        ];
        for (cited, main, full, lo, hi) in cases {
            let got = title_score(cited, main, full, None);
            assert!(*lo <= got && got <= *hi, "{cited:?} vs {main:?}: {got}");
        }
    }

    #[test]
    fn notes_ranking_holds() {
        let right = title_score(Q, FINLEY_MAIN, FINLEY_FULL, None);
        for wrong in [
            "The U.S.-Korea Experience",
            "Korea and the United States, 1871-1982",
        ] {
            let s = title_score(Q, wrong, wrong, None);
            assert!(
                right - s > 0.15,
                "{wrong:?} scores {s}, too close to {right}"
            );
        }
    }

    #[test]
    fn short_title_is_used_for_short_citations() {
        assert!(title_score("ROK-US Alliance", HISTORY_FULL, HISTORY_FULL, None) < 0.8);
        let short = title_score(
            "ROK-US Alliance",
            HISTORY_FULL,
            HISTORY_FULL,
            Some("ROK-US Alliance"),
        );
        assert_eq!(short, 1.0);
    }
}
