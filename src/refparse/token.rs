//! Tokens of a reference string: the runs of characters between white space, as AnyStyle
//! cuts them (punctuation stays on its word: "Press," "(2009)." "pp.").

/// One token: its byte span in the string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Token {
    /// The token's text in `s`.
    pub fn of<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

/// The tokens of `s`, in order.
pub fn tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(b) = start.take() {
                out.push(Token { start: b, end: i });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(b) = start {
        out.push(Token {
            start: b,
            end: s.len(),
        });
    }
    out
}
