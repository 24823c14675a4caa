//! Parenthesis and bracket groups of a text, and the pieces inside them.
//!
//! Owns: pairing "(" with ")" and "[" with "]" in one pass, splitting a group's content into
//! citation items at top-level ";" and into segments at top-level ",", trimming spans, and
//! taking a leading signal ("see also", "cf.") off an item. Not here: deciding what a piece
//! is; the style modules do that.
//!
//! Delimiters are ASCII, so scanning bytes never lands inside a UTF-8 character.

/// A closed group: byte span of its delimiters, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Group {
    /// Byte of the opening delimiter.
    pub start: usize,
    /// One past the closing delimiter.
    pub end: usize,
    /// `b'('` or `b'['`.
    pub open: u8,
}

impl Group {
    /// The content between the delimiters.
    pub fn inner(&self) -> (usize, usize) {
        (self.start + 1, self.end - 1)
    }
}

/// Every closed group, ordered by start (outer groups before the groups inside them). A
/// closer that does not match the innermost open group is ignored, and openers never closed
/// are dropped, so one stray parenthesis does not swallow the rest of the text.
pub(super) fn scan(text: &str) -> Vec<Group> {
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut groups = Vec::new();
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match b {
            b'(' | b'[' => open.push((b, i)),
            b')' | b']' => {
                let want = if b == b')' { b'(' } else { b'[' };
                if open.last().is_some_and(|&(o, _)| o == want) {
                    let (o, start) = open.pop().unwrap_or((want, i));
                    groups.push(Group {
                        start,
                        end: i + 1,
                        open: o,
                    });
                }
            }
            _ => {}
        }
    }
    groups.sort_unstable_by_key(|g| g.start);
    groups
}

/// Trims whitespace off both ends of a span.
pub(super) fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let tail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return (start, start);
    }
    (start + lead, end - tail)
}

/// Splits `[start, end)` at `sep` bytes outside nested (), [] and {} (quotation marks are not
/// tracked: a comma inside “…,” still splits); pieces are trimmed, empty ones kept out.
pub(super) fn split_top(text: &str, start: usize, end: usize, sep: u8) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut from = start;
    for (i, &b) in text.as_bytes()[start..end].iter().enumerate() {
        let at = start + i;
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ if b == sep && depth == 0 => {
                let piece = trim(text, from, at);
                if piece.0 < piece.1 {
                    out.push(piece);
                }
                from = at + 1;
            }
            _ => {}
        }
    }
    let piece = trim(text, from, end);
    if piece.0 < piece.1 {
        out.push(piece);
    }
    out
}

/// Signals that open a citation item, longest first so "see also" wins over "see".
const PREFIXES: &[&str] = &[
    "see, e.g.,",
    "see e.g.,",
    "see, e.g.",
    "see also",
    "see especially",
    "see generally",
    "but see",
    "but cf.",
    "as cited in",
    "quoted in",
    "cited in",
    "qtd. in",
    "for example,",
    "for instance,",
    "compare",
    "contra",
    "e.g.,",
    "e.g.",
    "i.e.,",
    "see",
    "cf.",
    "cf",
    "also",
    "esp.",
];

/// Takes a leading signal off an item: the signal's span (without a trailing comma) and where
/// the rest starts.
pub(super) fn prefix(text: &str, start: usize, end: usize) -> (Option<(usize, usize)>, usize) {
    let s = &text[start..end];
    for p in PREFIXES {
        let Some(head) = s.get(..p.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(p) {
            continue;
        }
        let rest = &s[p.len()..];
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let signal_end = start + p.trim_end_matches(',').len();
        let body = start + p.len() + (rest.len() - rest.trim_start().len());
        return (Some((start, signal_end)), body);
    }
    (None, start)
}

/// Where `close` ends a LaTeX argument or a braced key that opens `s`, looked for within a few
/// hundred bytes: one that never closes must not send every later one to the text's end.
pub(super) fn closing(s: &str, close: char) -> Option<usize> {
    let mut limit = s.len().min(400);
    while !s.is_char_boundary(limit) {
        limit -= 1;
    }
    s[..limit].find(close)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_pair_up() {
        let cases: &[(&str, &[&str])] = &[
            ("a (b) c", &["(b)"]),
            ("(a [b] c)", &["(a [b] c)", "[b]"]),
            ("(a ( b)", &["( b)"]),
            ("a) (b)", &["(b)"]),
            ("(a [b) c]", &["[b) c]"]),
            ("[x](y)", &["[x]", "(y)"]),
        ];
        for (input, want) in cases {
            let got: Vec<&str> = scan(input).iter().map(|g| &input[g.start..g.end]).collect();
            assert_eq!(got, want.to_vec(), "input {input:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn items_and_segments() {
        let cases: &[(&str, u8, &[&str])] = &[
            ("Cavell 1988, 14; see also Reid 2012, 46", b';', &["Cavell 1988, 14", "see also Reid 2012, 46"]),
            ("A [B, C], D", b',', &["A [B, C]", "D"]),
            (" ; a ;", b';', &["a"]),
        ];
        for (input, sep, want) in cases {
            let got: Vec<&str> = split_top(input, 0, input.len(), *sep)
                .iter()
                .map(|&(s, e)| &input[s..e])
                .collect();
            assert_eq!(got, want.to_vec(), "input {input:?}");
        }
    }

    #[test]
    fn signals() {
        let cases = [
            ("see also Reid 2012", Some("see also"), "Reid 2012"),
            ("See Reid", Some("See"), "Reid"),
            ("e.g., solar", Some("e.g."), "solar"),
            ("cf. Reid", Some("cf."), "Reid"),
            ("Seeger 2010", None, "Seeger 2010"),
            ("see", None, "see"),
        ];
        for (input, want_prefix, want_rest) in cases {
            let (p, body) = prefix(input, 0, input.len());
            assert_eq!(p.map(|(s, e)| &input[s..e]), want_prefix, "input {input:?}");
            assert_eq!(&input[body..], want_rest, "input {input:?}");
        }
    }
}
