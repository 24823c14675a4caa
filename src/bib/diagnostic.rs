//! Located messages about a .bib file (errors and warnings) and the byte-offset to line/column
//! arithmetic behind them. Deciding what is wrong is the scanner's business, not this file's.

use std::fmt;

/// One problem found in a .bib file, located at the character it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given to [`parse`](super::parse).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// What is wrong, in one line.
    pub message: String,
    /// The line the problem is on, without its line end. A long line is cut to an excerpt
    /// around the column, each cut marked `…`, so that many problems on one long line do not
    /// each keep a copy of it.
    pub line_text: String,
    /// The 1-based column in the line of the first character after `line_text`'s leading
    /// `…` (1 when the line is not cut at its start).
    pub excerpt_from: u32,
    /// The citation key of the entry concerned, when it has one.
    pub key: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl Diagnostic {
    /// The one-line form followed by the offending line and a caret under the column, as
    /// rustc shows it.
    pub fn with_snippet(&self) -> String {
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        // Tabs before the column are kept as tabs so the caret lines up however wide the
        // terminal draws them.
        let cut = usize::from(self.excerpt_from > 1);
        let pad: String = self
            .line_text
            .chars()
            .take(self.column.saturating_sub(self.excerpt_from) as usize + cut)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!(
            "{self}\n{gutter} |\n{number} | {}\n{gutter} | {pad}^",
            self.line_text
        )
    }
}

/// Turns byte offsets into 1-based line and character column. Offsets mostly arrive in
/// increasing order (the scanner moves forward), so it keeps a cursor and counts only the bytes
/// between the last offset and the new one instead of indexing every line of a large file.
pub(crate) struct Locator<'t> {
    text: &'t str,
    /// Byte offset the cursor stands on.
    pos: usize,
    /// 1-based line of `pos`.
    line: u32,
    /// The column of `pos`, once known: offsets further along the same line cost only the
    /// bytes between.
    known: Option<u32>,
}

/// How many bytes of a line a diagnostic keeps on each side of its column (about; cut on
/// character boundaries).
const EXCERPT: usize = 120;

impl<'t> Locator<'t> {
    #[cfg(test)]
    pub(crate) fn new(text: &'t str) -> Self {
        Self::starting_at(text, 0, 1)
    }

    /// A locator whose cursor stands at `pos`, known to be on line `line`.
    pub(crate) fn starting_at(text: &'t str, pos: usize, line: u32) -> Self {
        Locator {
            text,
            pos,
            line,
            known: None,
        }
    }

    /// Line and column of byte `offset` (clamped to the text).
    pub(crate) fn locate(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let bytes = self.text.as_bytes();
        let same_line = offset >= self.pos && !bytes[self.pos..offset].contains(&b'\n');
        let column = match self.known {
            Some(column) if same_line => {
                column + self.text[self.pos..offset].chars().count() as u32
            }
            _ => {
                let start = line_start(bytes, offset);
                self.text[start..offset].chars().count() as u32 + 1
            }
        };
        if offset >= self.pos {
            self.line += count_newlines(&bytes[self.pos..offset]);
        } else {
            self.line -= count_newlines(&bytes[offset..self.pos]);
        }
        self.pos = offset;
        self.known = Some(column);
        (self.line, column)
    }

    /// The full line holding byte `offset`, without its line end.
    #[cfg(test)]
    pub(crate) fn line_text(&self, offset: usize) -> &'t str {
        let offset = offset.min(self.text.len());
        let bytes = self.text.as_bytes();
        let start = line_start(bytes, offset);
        let end = bytes[offset..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| offset + p);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The line holding byte `offset` (at column `column`), or about [`EXCERPT`] bytes of it
    /// on each side, with `…` where it is cut; and the column its first kept character has.
    /// Costs the excerpt, not the line.
    fn excerpt(&self, offset: usize, column: u32) -> (String, u32) {
        let offset = offset.min(self.text.len());
        let bytes = self.text.as_bytes();
        let lo = floor_char(self.text, offset.saturating_sub(EXCERPT));
        let hi = floor_char(self.text, (offset + EXCERPT).min(bytes.len()));
        let start = bytes[lo..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |p| lo + p + 1);
        let end = bytes[offset..hi]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(hi, |p| offset + p);
        let cut_start = start == lo && start > 0 && bytes[start - 1] != b'\n';
        let cut_end = end == hi && end < bytes.len() && bytes[end] != b'\n';
        let mut out = String::with_capacity(end - start + 8);
        if cut_start {
            out.push('…');
        }
        out.push_str(self.text[start..end].trim_end_matches('\r'));
        if cut_end {
            out.push('…');
        }
        let from = column - self.text[start..offset].chars().count() as u32;
        (out, from)
    }

    /// A diagnostic at byte `offset`.
    pub(crate) fn diagnostic(
        &mut self,
        file: &str,
        offset: usize,
        message: String,
        key: Option<&str>,
    ) -> Diagnostic {
        let (line, column) = self.locate(offset);
        let (line_text, excerpt_from) = self.excerpt(offset, column);
        Diagnostic {
            file: file.to_string(),
            line,
            column,
            message,
            line_text,
            excerpt_from,
            key: key.map(str::to_string),
        }
    }
}

pub(crate) fn count_newlines(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u32
}

/// The char boundary at or before `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn line_start(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn locates_forward_and_backward() {
        let text = "ab\ncdé f\n\nxyz";
        let mut loc = Locator::new(text);
        let cases: &[(usize, (u32, u32), &str)] = &[
            (0, (1, 1), "ab"),
            (4, (2, 2), "cdé f"),
            (8, (2, 5), "cdé f"), // after the two-byte 'é': column counts characters
            (10, (3, 1), ""),
            (12, (4, 2), "xyz"),
            (1, (1, 2), "ab"),
            (99, (4, 4), "xyz"),
        ];
        for &(offset, at, line) in cases {
            assert_eq!(loc.locate(offset), at, "offset {offset}");
            assert_eq!(loc.line_text(offset), line, "offset {offset}");
        }
    }

    #[test]
    fn display_and_snippet() {
        let d = Diagnostic {
            file: "a.bib".into(),
            line: 12,
            column: 10,
            message: "unclosed '{' opened here".into(),
            line_text: "\ttitle = {Foo".into(),
            excerpt_from: 1,
            key: Some("k".into()),
        };
        assert_eq!(d.to_string(), "a.bib:12:10: unclosed '{' opened here");
        assert_eq!(
            d.with_snippet(),
            "a.bib:12:10: unclosed '{' opened here\n   |\n12 | \ttitle = {Foo\n   | \t        ^"
        );
    }

    /// Issue 9 finding 3: 10^4 problems on one 200 KB line each kept the whole line (2-2.7 GB).
    #[test]
    fn a_long_line_is_kept_as_an_excerpt_around_the_column() {
        let line = format!("{}é target {}", "a".repeat(5000), "b".repeat(5000));
        let text = format!("first\n{line}\nlast");
        let at = text.find("target").unwrap();
        let mut loc = Locator::new(&text);
        let d = loc.diagnostic("x.bib", at, "here".into(), None);
        assert_eq!((d.line, d.column), (2, 5003));
        assert!(d.line_text.len() < 3 * EXCERPT, "{}", d.line_text.len());
        assert!(d.line_text.starts_with('…') && d.line_text.ends_with('…'));
        let snippet = d.with_snippet();
        let lines: Vec<&str> = snippet.lines().collect();
        let caret = lines[3].chars().count() - 1;
        let shown: Vec<char> = lines[2].chars().collect();
        assert_eq!(
            shown[caret..caret + 6].iter().collect::<String>(),
            "target",
            "{snippet}"
        );
        // A short line stays whole.
        let d = loc.diagnostic("x.bib", text.len() - 2, "end".into(), None);
        assert_eq!((d.line_text.as_str(), d.excerpt_from), ("last", 1));
        assert_eq!(d.column, 3);
    }
}
