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
    /// The whole line the problem is on, without its line end.
    pub line_text: String,
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
        let pad: String = self
            .line_text
            .chars()
            .take(self.column.saturating_sub(1) as usize)
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
}

impl<'t> Locator<'t> {
    #[cfg(test)]
    pub(crate) fn new(text: &'t str) -> Self {
        Self::starting_at(text, 0, 1)
    }

    /// A locator whose cursor stands at `pos`, known to be on line `line`.
    pub(crate) fn starting_at(text: &'t str, pos: usize, line: u32) -> Self {
        Locator { text, pos, line }
    }

    /// Line and column of byte `offset` (clamped to the text).
    pub(crate) fn locate(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let bytes = self.text.as_bytes();
        if offset >= self.pos {
            self.line += count_newlines(&bytes[self.pos..offset]);
        } else {
            self.line -= count_newlines(&bytes[offset..self.pos]);
        }
        self.pos = offset;
        let start = line_start(bytes, offset);
        let column = self.text[start..offset].chars().count() as u32 + 1;
        (self.line, column)
    }

    /// The full line holding byte `offset`, without its line end.
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

    /// A diagnostic at byte `offset`.
    pub(crate) fn diagnostic(
        &mut self,
        file: &str,
        offset: usize,
        message: String,
        key: Option<&str>,
    ) -> Diagnostic {
        let (line, column) = self.locate(offset);
        Diagnostic {
            file: file.to_string(),
            line,
            column,
            message,
            line_text: self.line_text(offset).to_string(),
            key: key.map(str::to_string),
        }
    }
}

pub(crate) fn count_newlines(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u32
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
            key: Some("k".into()),
        };
        assert_eq!(d.to_string(), "a.bib:12:10: unclosed '{' opened here");
        assert_eq!(
            d.with_snippet(),
            "a.bib:12:10: unclosed '{' opened here\n   |\n12 | \ttitle = {Foo\n   | \t        ^"
        );
    }
}
