//! Byte-level lexing of .bib syntax: blanks and `%` comments, entry heads, names, and values
//! made of brace groups, quoted strings and bare tokens joined by `#`.
//!
//! Owns only where things start and end. It allocates nothing, knows nothing of diagnostics,
//! macros or plain text, and is shared by the scanner and the writers (which split stored raw
//! values into pieces again). All syntax is ASCII, so every offset it returns is a char boundary.

/// How one piece of a value is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PieceKind {
    /// `{...}`
    Braced,
    /// `"..."`
    Quoted,
    /// A bare number, a bare token such as `3.2.1`, or a macro name.
    Bare,
}

/// One piece of a value: `s[start..end]` is the piece with its delimiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    pub kind: PieceKind,
    pub start: usize,
    pub end: usize,
}

impl Piece {
    /// The piece without its delimiters.
    pub fn inner<'s>(&self, s: &'s str) -> &'s str {
        match self.kind {
            PieceKind::Bare => &s[self.start..self.end],
            _ => &s[self.start + 1..self.end - 1],
        }
    }

    /// A bare token that names a macro (numbers and tokens such as `3.2.1` are literal text).
    pub fn is_macro(&self, s: &str) -> bool {
        self.kind == PieceKind::Bare && !s.as_bytes()[self.start].is_ascii_digit()
    }
}

/// Why a value could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueError {
    /// The `{` at this offset has no matching `}`.
    UnclosedBrace(usize),
    /// The `"` at this offset has no closing `"` before the entry ends.
    UnterminatedQuote(usize),
    /// Nothing that can start a value at this offset.
    Missing(usize),
}

/// A value that was read: its pieces, where its text ends, and where reading goes on.
pub(crate) struct Value {
    /// Offset just after the last piece.
    pub end: usize,
    /// Offset of the first byte after the value and the blanks and comments that follow it.
    pub next: usize,
    /// The opening delimiter of the first piece that ran across a line starting an entry:
    /// when the entry later turns out broken, that piece is the likely culprit.
    pub suspect: Option<usize>,
}

pub(crate) fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'\x0B')
}

/// Skips blanks.
pub(crate) fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_blank(b[i]) {
        i += 1;
    }
    i
}

/// Skips blanks and `%` comments (up to the end of their line), as biber does between fields.
pub(crate) fn skip_blanks_comments(b: &[u8], mut i: usize) -> usize {
    loop {
        i = skip_blanks(b, i);
        if i < b.len() && b[i] == b'%' {
            i = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |p| i + p + 1);
        } else {
            return i;
        }
    }
}

/// Characters that end an entry type, a field name or a macro name.
fn ends_name(c: u8) -> bool {
    is_blank(c)
        || matches!(
            c,
            b'{' | b'}' | b'(' | b')' | b',' | b'=' | b'"' | b'#' | b'%' | b'@' | b'\''
        )
}

/// End of the name (entry type, field name, macro) starting at `i`.
pub(crate) fn name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !ends_name(b[i]) {
        i += 1;
    }
    i
}

/// End of the citation key starting at `i`. Keys may hold `:` `/` `+` `.` `(` and the like;
/// only blanks, the separators of the entry syntax and the entry's own closer end them.
pub(crate) fn key_end(b: &[u8], mut i: usize, closer: u8) -> usize {
    while i < b.len() {
        let c = b[i];
        if is_blank(c) || matches!(c, b',' | b'{' | b'}' | b'=' | b'"' | b'#') || c == closer {
            break;
        }
        i += 1;
    }
    i
}

/// The head of an entry at `at` (which holds `@`): its type's span and the offset of the
/// opening `{` or `(`, when the text there is `@ type {` or `@ type (`.
pub(crate) fn entry_head(b: &[u8], at: usize) -> Option<(usize, usize, usize)> {
    let start = skip_blanks(b, at + 1);
    let end = name_end(b, start);
    if end == start {
        return None;
    }
    let open = skip_blanks(b, end);
    matches!(b.get(open), Some(b'{' | b'(')).then_some((start, end, open))
}

/// Whether `@` at `at` is the first non-blank character of its line.
pub(crate) fn at_line_start(b: &[u8], at: usize) -> bool {
    b[..at]
        .iter()
        .rev()
        .find(|&&c| c != b' ' && c != b'\t')
        .is_none_or(|&c| c == b'\n' || c == b'\r')
}

/// Whether `@` at `at` stands on a line whose first non-blank character is `%`: a
/// commented-out entry (`%@book{...`), which biber skips with the rest of the line. A line
/// ends at LF, CRLF or a lone CR (classic Mac files), as in `at_line_start`.
pub(crate) fn in_comment_line(b: &[u8], at: usize) -> bool {
    comment_from(b, line_start(b, at), at)
}

/// The start of the line holding `at`.
fn line_start(b: &[u8], at: usize) -> usize {
    b[..at]
        .iter()
        .rposition(|&c| c == b'\n' || c == b'\r')
        .map_or(0, |p| p + 1)
}

/// Whether the first non-blank of `b[start..at]` is `%`.
fn comment_from(b: &[u8], start: usize, at: usize) -> bool {
    b[start..at]
        .iter()
        .find(|&&c| c != b' ' && c != b'\t')
        .is_some_and(|&c| c == b'%')
}

/// `in_comment_line` for positions asked in increasing order, as a scan asks them: it
/// remembers the start of the line it last saw, so each byte is looked at once and a text
/// written on one long line (10^4 entries) costs linear time, not quadratic.
pub(crate) struct CommentLines {
    /// Where the last question was asked and the start of its line: no line end lies in
    /// `[start, seen)`.
    last: Option<(usize, usize)>,
}

impl CommentLines {
    pub(crate) fn new() -> Self {
        CommentLines { last: None }
    }

    pub(crate) fn at(&mut self, b: &[u8], at: usize) -> bool {
        let start = match self.last {
            Some((seen, start)) if seen <= at => b[seen..at]
                .iter()
                .rposition(|&c| c == b'\n' || c == b'\r')
                .map_or(start, |p| seen + p + 1),
            _ => line_start(b, at),
        };
        self.last = Some((at, start));
        // The search from the line's start stops at its first non-blank, so it stays short.
        comment_from(b, start, at)
    }
}

/// The first line at or after `from` that starts with an entry head (`@type{` or `@type(`):
/// the point where reading resumes after a broken entry. Lines starting with an `@` that opens
/// nothing (`@url={...}` written inside an entry) belong to the broken entry.
pub(crate) fn next_line_start_at(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(p) = b[i.min(b.len())..].iter().position(|&c| c == b'@') {
        let at = i + p;
        if at_line_start(b, at) && entry_head(b, at).is_some() {
            return at;
        }
        i = at + 1;
    }
    b.len()
}

/// Whether the first non-blank at or after `i` (comments skipped) is the end of the text or an
/// entry head at the start of its line: an entry that reaches it was never closed.
pub(crate) fn runs_into_entry(b: &[u8], i: usize) -> bool {
    let k = skip_blanks_comments(b, i);
    k >= b.len() || (b[k] == b'@' && at_line_start(b, k) && entry_head(b, k).is_some())
}

/// Whether the line beginning at `i` starts with an entry head (`@type{`).
fn line_opens_entry(b: &[u8], i: usize) -> bool {
    let at = i + b[i.min(b.len())..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    b.get(at) == Some(&b'@') && entry_head(b, at).is_some()
}

/// End (after the `}`) of the balanced brace group opening at `open` (which must hold `{`).
pub(crate) fn group_end(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &c) in b.iter().enumerate().skip(open) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// End (after the `}`) of the brace group opening at `open`; `suspect` is set when the group
/// runs across a line that starts an entry.
fn braced_end(b: &[u8], open: usize, suspect: &mut Option<usize>) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'\n' if suspect.is_none() && line_opens_entry(b, i + 1) => *suspect = Some(open),
            _ => {}
        }
        i += 1;
    }
    None
}

/// End (after the closing `"`) of the quoted string opening at `open`. Braces inside must
/// balance, so a `}` at depth 0 means the quote was never closed and the entry's own closer was
/// reached.
fn quoted_end(b: &[u8], open: usize, suspect: &mut Option<usize>) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' if depth == 0 => return None,
            b'}' => depth -= 1,
            b'"' if depth == 0 => return Some(i + 1),
            b'\n' if suspect.is_none() && line_opens_entry(b, i + 1) => *suspect = Some(open),
            _ => {}
        }
        i += 1;
    }
    None
}

/// End of a bare token (number, `3.2.1`, macro name) starting at `i`.
fn bare_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        let c = b[i];
        if is_blank(c) || matches!(c, b',' | b'}' | b')' | b'#' | b'"' | b'{' | b'=' | b'%') {
            break;
        }
        i += 1;
    }
    i
}

/// Reads the value starting at `i` (blanks and comments before it are skipped), appending its
/// pieces to `pieces`.
pub(crate) fn value(b: &[u8], i: usize, pieces: &mut Vec<Piece>) -> Result<Value, ValueError> {
    let mut i = skip_blanks_comments(b, i);
    let mut suspect = None;
    loop {
        let start = i;
        let (kind, end) = match b.get(i) {
            Some(b'{') => (
                PieceKind::Braced,
                braced_end(b, i, &mut suspect).ok_or(ValueError::UnclosedBrace(i))?,
            ),
            Some(b'"') => (
                PieceKind::Quoted,
                quoted_end(b, i, &mut suspect).ok_or(ValueError::UnterminatedQuote(i))?,
            ),
            _ => {
                let end = bare_end(b, i);
                if end == i {
                    return Err(ValueError::Missing(i));
                }
                (PieceKind::Bare, end)
            }
        };
        pieces.push(Piece { kind, start, end });
        i = skip_blanks_comments(b, end);
        if b.get(i) == Some(&b'#') {
            i = skip_blanks_comments(b, i + 1);
        } else {
            return Ok(Value {
                end,
                next: i,
                suspect,
            });
        }
    }
}

/// The pieces of a stored raw value (as written in a field), or `None` when it is not a
/// well-formed value on its own.
pub(crate) fn pieces(raw: &str) -> Option<Vec<Piece>> {
    let b = raw.as_bytes();
    let mut out = Vec::new();
    let v = value(b, 0, &mut out).ok()?;
    (v.next == b.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Kinds<'a> = Option<Vec<(PieceKind, &'a str)>>;

    fn kinds(raw: &str) -> Kinds<'_> {
        pieces(raw).map(|ps| ps.iter().map(|p| (p.kind, p.inner(raw))).collect())
    }

    #[test]
    #[rustfmt::skip]
    fn value_pieces_table() {
        use PieceKind::*;
        let cases: &[(&str, Kinds)] = &[
            ("{The {ROK-US} Alliance}", Some(vec![(Braced, "The {ROK-US} Alliance")])),
            ("\"Seoul\"", Some(vec![(Quoted, "Seoul")])),
            ("\"a {\"} b\"", Some(vec![(Quoted, "a {\"} b")])),
            ("1983", Some(vec![(Bare, "1983")])),
            ("3.2.1", Some(vec![(Bare, "3.2.1")])),
            ("jan # \"~1\"", Some(vec![(Bare, "jan"), (Quoted, "~1")])),
            ("a#b # {c}", Some(vec![(Bare, "a"), (Bare, "b"), (Braced, "c")])),
            ("{100% sure}", Some(vec![(Braced, "100% sure")])),
            ("a # % comment\n b", Some(vec![(Bare, "a"), (Bare, "b")])),
            ("{unclosed", None),
            ("\"unterminated", None),
            ("\"brace } inside\"", None),
            ("", None),
            ("{a} junk", None),
        ];
        for (raw, want) in cases {
            assert_eq!(&kinds(raw), want, "{raw}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn value_errors_point_at_the_opening_delimiter() {
        let cases: &[(&str, ValueError)] = &[
            ("  {abc", ValueError::UnclosedBrace(2)),
            ("x # \"abc}", ValueError::UnterminatedQuote(4)),
            ("   ,", ValueError::Missing(3)),
            ("a # ,", ValueError::Missing(4)),
        ];
        for (raw, want) in cases {
            let err = value(raw.as_bytes(), 0, &mut Vec::new()).err();
            assert_eq!(err, Some(*want), "{raw}");
        }
    }

    #[test]
    fn heads_and_line_starts() {
        let b = b"x @book{a}\n  @ Article (b)\n@junk text\n% @c{d}\n@e{f}";
        assert_eq!(entry_head(b, 2), Some((3, 7, 7)));
        assert_eq!(entry_head(b, 13), Some((15, 22, 23)));
        assert_eq!(entry_head(b, 27), None);
        assert!(!at_line_start(b, 2));
        assert!(at_line_start(b, 13));
        assert_eq!(next_line_start_at(b, 0), 13);
        assert_eq!(next_line_start_at(b, 14), 46);
        assert!(in_comment_line(b, 40));
        assert!(!in_comment_line(b, 2));
        // CR-only line ends: the comment on the first line does not reach the entry after it.
        let cr = b"% a comment\r@book{a, title={T}}\r% @c{d}\r";
        assert!(!in_comment_line(cr, 12));
        assert!(in_comment_line(cr, 34));
        assert!(runs_into_entry(b, 37));
        assert!(!runs_into_entry(b, 28));
    }

    /// The remembering scan answers as the plain one for every `@`, in order and after a
    /// jump back, whatever the line ends.
    #[test]
    fn comment_lines_agree_with_in_comment_line() {
        let texts: &[&[u8]] = &[
            b"x @book{a}\n  @ Article (b)\n@junk text\n% @c{d}\n@e{f}",
            b"% a comment\r@book{a, title={T}}\r% @c{d}\r",
            b"@a{x} @b{y} % @c{z} @d{w}\r\n  %@e{v}\n\n\t@f{u}",
            b"@@@\n%@@\r@",
        ];
        for b in texts {
            let ats: Vec<usize> = (0..b.len()).filter(|&i| b[i] == b'@').collect();
            let mut lines = CommentLines::new();
            for &at in &ats {
                assert_eq!(lines.at(b, at), in_comment_line(b, at), "{at} in {b:?}");
            }
            if let Some(&first) = ats.first() {
                assert_eq!(lines.at(b, first), in_comment_line(b, first));
            }
        }
    }

    #[test]
    fn a_group_running_into_the_next_entry_is_suspect() {
        let b = b"{abc\n@book{k, title = {x}}}";
        let mut suspect = None;
        assert_eq!(braced_end(b, 0, &mut suspect), Some(b.len()));
        assert_eq!(suspect, Some(0));
    }
}
