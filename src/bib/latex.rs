//! LaTeX value text to plain Unicode text: accents, special letters, dashes, quotes, escaped
//! specials, text commands, math, whitespace, NFC.
//!
//! Owns only the conversion of one value's TeX content (delimiters and `@string` macros already
//! dealt with by the caller). It does not know about fields, names or files. It is a hand-written
//! single pass over bytes: runs of ordinary text are copied as slices, so a value with no TeX in
//! it costs one scan and one copy, which the import speed target depends on.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::lex::group_end;

/// Bytes that end a run of ordinary text.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let specials = b"\\{}$~-`' \t\n\r";
    let mut i = 0;
    while i < specials.len() {
        t[specials[i] as usize] = true;
        i += 1;
    }
    t
};

/// How deep accent arguments may nest (`\"{\"{...}}`) before the rest is taken as text: real
/// values nest one level; the bound keeps hostile input from exhausting the stack.
const MAX_DEPTH: u32 = 8;

/// The plain text of TeX `tex`: whitespace collapsed to single spaces and trimmed, NFC.
pub(crate) fn to_plain(tex: &str) -> String {
    let mut p = Plain::with_capacity(tex.len());
    p.run(tex, 0);
    p.finish()
}

/// Accent commands and the combining mark each puts on its base letter. Composing by
/// combining mark plus NFC covers every base letter, not just a table of precomposed ones.
fn accent_mark(name: &str) -> Option<char> {
    Some(match name {
        "\"" => '\u{0308}',
        "'" => '\u{0301}',
        "`" => '\u{0300}',
        "^" => '\u{0302}',
        "~" => '\u{0303}',
        "=" => '\u{0304}',
        "." => '\u{0307}',
        "u" => '\u{0306}',
        "v" => '\u{030C}',
        "H" => '\u{030B}',
        "c" => '\u{0327}',
        "k" => '\u{0328}',
        "r" => '\u{030A}',
        "d" => '\u{0323}',
        "b" => '\u{0331}',
        "t" => '\u{0361}',
        _ => return None,
    })
}

/// The spacing form of an accent given no base (`\~{}` is a tilde).
fn spacing_accent(mark: char) -> &'static str {
    match mark {
        '\u{0308}' => "\u{A8}",
        '\u{0301}' => "\u{B4}",
        '\u{0300}' => "`",
        '\u{0302}' => "^",
        '\u{0303}' => "~",
        '\u{0304}' => "\u{AF}",
        '\u{0307}' => "\u{2D9}",
        '\u{0306}' => "\u{2D8}",
        '\u{030C}' => "\u{2C7}",
        '\u{030B}' => "\u{2DD}",
        '\u{0327}' => "\u{B8}",
        '\u{0328}' => "\u{2DB}",
        '\u{030A}' => "\u{2DA}",
        _ => "",
    }
}

/// Control words that stand for a character or a word.
fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "ss" => "ß",
        "SS" => "SS",
        "o" => "ø",
        "O" => "Ø",
        "aa" => "å",
        "AA" => "Å",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        "dh" => "ð",
        "DH" => "Ð",
        "dj" => "đ",
        "DJ" => "Đ",
        "th" => "þ",
        "TH" => "Þ",
        "ng" => "ŋ",
        "NG" => "Ŋ",
        "textendash" => "–",
        "textemdash" => "—",
        "textquoteleft" => "‘",
        "textquoteright" => "’",
        "textquotedblleft" => "“",
        "textquotedblright" => "”",
        "ldots" | "dots" | "textellipsis" => "…",
        "S" | "textsection" => "§",
        "P" | "textparagraph" => "¶",
        "copyright" | "textcopyright" => "©",
        "pounds" | "textsterling" => "£",
        "euro" | "texteuro" => "€",
        "textregistered" => "®",
        "texttrademark" => "™",
        "textdegree" => "°",
        "guillemotleft" | "guillemetleft" => "«",
        "guillemotright" | "guillemetright" => "»",
        "textless" => "<",
        "textgreater" => ">",
        "textbackslash" => "\\",
        "textbraceleft" => "{",
        "textbraceright" => "}",
        "textasciitilde" => "~",
        "textunderscore" => "_",
        "textbar" => "|",
        "textbullet" => "•",
        "textperiodcentered" => "·",
        "slash" => "/",
        "TeX" => "TeX",
        "LaTeX" => "LaTeX",
        "LaTeXe" => "LaTeX2e",
        "BibTeX" => "BibTeX",
        _ => return None,
    })
}

struct Plain {
    out: String,
    /// A space is owed before the next text (whitespace seen after some text).
    space: bool,
    /// A combining mark was written, so the result must be composed.
    marks: bool,
}

impl Plain {
    fn with_capacity(n: usize) -> Self {
        Plain {
            out: String::with_capacity(n),
            space: false,
            marks: false,
        }
    }

    fn finish(self) -> String {
        let out = self.out;
        if out.is_ascii() || (!self.marks && is_nfc_quick(out.chars()) == IsNormalized::Yes) {
            out
        } else {
            out.nfc().collect()
        }
    }

    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.space {
            self.out.push(' ');
            self.space = false;
        }
        self.out.push_str(s);
    }

    fn space(&mut self) {
        if !self.out.is_empty() {
            self.space = true;
        }
    }

    /// Text taken as it is except that whitespace runs collapse (math, URLs).
    fn literal(&mut self, s: &str) {
        let mut words = s.split(|c: char| c.is_ascii_whitespace());
        if s.starts_with(|c: char| c.is_ascii_whitespace()) {
            self.space();
        }
        if let Some(first) = words.next() {
            self.text(first);
        }
        for w in words {
            self.space();
            self.text(w);
        }
    }

    fn run(&mut self, s: &str, depth: u32) {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let start = i;
            // A single space between two ordinary characters is already collapsed, so it
            // stays inside the run: titles are then copied a run per value, not per word.
            while i < b.len()
                && (!SPECIAL[usize::from(b[i])]
                    || (b[i] == b' '
                        && i > start
                        && b.get(i + 1).is_some_and(|&c| !SPECIAL[usize::from(c)])))
            {
                i += 1;
            }
            self.text(&s[start..i]);
            if i >= b.len() {
                break;
            }
            match b[i] {
                b'{' | b'}' => i += 1,
                b'\\' => i = self.command(s, i, depth),
                b'$' => i = self.math(s, i),
                b'-' => {
                    let n = b[i..].iter().take_while(|&&c| c == b'-').count();
                    self.text(match n {
                        1 => "-",
                        2 => "–",
                        3 => "—",
                        _ => &s[i..i + n],
                    });
                    i += n;
                }
                b'`' if b.get(i + 1) == Some(&b'`') => {
                    self.text("“");
                    i += 2;
                }
                b'`' => {
                    self.text("‘");
                    i += 1;
                }
                b'\'' if b.get(i + 1) == Some(&b'\'') => {
                    self.text("”");
                    i += 2;
                }
                b'\'' => {
                    self.text("'");
                    i += 1;
                }
                // whitespace and `~` (a tie is a space in plain text)
                _ => {
                    self.space();
                    i += 1;
                }
            }
        }
    }

    /// `$...$` or `$$...$$`: the content, kept as written. An unclosed `$` is dropped.
    fn math(&mut self, s: &str, i: usize) -> usize {
        let delim = if s[i..].starts_with("$$") { "$$" } else { "$" };
        let body = i + delim.len();
        match s[body..].find(delim) {
            Some(len) => {
                self.literal(&s[body..body + len]);
                body + len + delim.len()
            }
            None => body,
        }
    }

    /// A command starting at the backslash `s[i]`; returns where reading goes on.
    fn command(&mut self, s: &str, i: usize, depth: u32) -> usize {
        let b = s.as_bytes();
        let j = i + 1;
        let Some(&c) = b.get(j) else {
            return j;
        };
        if !c.is_ascii_alphabetic() {
            let Some(ch) = s[j..].chars().next() else {
                return j;
            };
            let next = j + ch.len_utf8();
            if let Some(mark) = accent_mark(&s[j..next]) {
                return self.accent(s, next, mark, depth);
            }
            match ch {
                '\\' | ' ' | ',' | ';' | ':' | '\n' | '\t' | '\r' => self.space(),
                '-' | '/' | '@' | '!' | '*' => {}
                other => {
                    let mut buf = [0u8; 4];
                    self.text(other.encode_utf8(&mut buf));
                }
            }
            return next;
        }
        let end = j + b[j..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let name = &s[j..end];
        // TeX eats the blanks after a control word (`\ss e` is "ße"); a brace ends the word
        // first, so `{\ss} e` keeps its space.
        let after = skip_ws(b, end);
        if let Some(mark) = accent_mark(name) {
            return self.accent(s, after, mark, depth);
        }
        if let Some(sym) = symbol(name) {
            self.text(sym);
            return if s[after..].starts_with("{}") {
                after + 2
            } else {
                after
            };
        }
        match name {
            "url" | "path" | "nolinkurl" => match group(s, after) {
                Some((content, next)) => {
                    self.literal(content);
                    next
                }
                None => after,
            },
            // The link text is what a reader sees; the target is not part of the value.
            "href" => group(s, after).map_or(after, |(_, next)| skip_ws(b, next)),
            // Any other command is dropped; its argument, if any, stays as text.
            _ => after,
        }
    }

    /// An accent whose argument starts at (or after blanks from) `k`.
    fn accent(&mut self, s: &str, k: usize, mark: char, depth: u32) -> usize {
        let b = s.as_bytes();
        let k = skip_blanks(b, k);
        let (base, next): (String, usize) = match b.get(k) {
            Some(b'{') => match group(s, k) {
                Some((content, next)) => {
                    let t = content.trim();
                    let base = match t {
                        "\\i" => "i".to_string(),
                        "\\j" => "j".to_string(),
                        _ if depth < MAX_DEPTH => {
                            let mut inner = Plain::with_capacity(content.len());
                            inner.run(content, depth + 1);
                            self.marks |= inner.marks;
                            inner.out
                        }
                        _ => content.to_string(),
                    };
                    (base, next)
                }
                None => (String::new(), k + 1),
            },
            Some(b'\\') => {
                let end = k
                    + 1
                    + b[k + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .count();
                let base = match &s[k + 1..end] {
                    "i" => "i",
                    "j" => "j",
                    other => symbol(other).unwrap_or(""),
                };
                (base.to_string(), skip_ws(b, end))
            }
            Some(c) if !c.is_ascii_whitespace() && *c != b'}' => {
                let ch = s[k..].chars().next().unwrap_or(' ');
                (ch.to_string(), k + ch.len_utf8())
            }
            _ => (String::new(), k),
        };
        let mut chars = base.chars();
        match chars.next() {
            Some(first) => {
                let mut buf = [0u8; 4];
                self.text(first.encode_utf8(&mut buf));
                self.out.push(mark);
                self.out.push_str(chars.as_str());
                self.marks = true;
            }
            None => self.text(spacing_accent(mark)),
        }
        next
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

/// The content of the brace group opening at `s[i]` and the offset after its `}`.
fn group(s: &str, i: usize) -> Option<(&str, usize)> {
    if s.as_bytes().get(i) != Some(&b'{') {
        return None;
    }
    let end = group_end(s.as_bytes(), i)?;
    Some((&s[i + 1..end - 1], end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn plain_text_table() {
        let cases: &[(&str, &str)] = &[
            ("The History of the {ROK-US} Alliance", "The History of the ROK-US Alliance"),
            ("  spaced \n\t out  ", "spaced out"),
            ("{\\\"o}", "ö"),
            ("\\\"{o}", "ö"),
            ("\\\"o", "ö"),
            ("Schr\\\"odinger", "Schrödinger"),
            ("{\\'e}t{\\'e}", "été"),
            ("\\'{e}", "é"),
            ("\\' e", "é"),
            ("\\c{c}", "ç"),
            ("\\c c", "ç"),
            ("\\v{s}", "š"),
            ("\\~n", "ñ"),
            ("\\^o", "ô"),
            ("\\=a", "ā"),
            ("\\.z", "ż"),
            ("\\u{g}", "ğ"),
            ("\\H{o}", "ő"),
            ("\\k{a}", "ą"),
            ("\\r{a}", "å"),
            ("\\`a", "à"),
            ("\\'{\\i}", "í"),
            ("\\\"\\i", "ï"),
            ("{\\\"O}zt{\\\"u}rk", "Öztürk"),
            ("Ay{\\c{s}}e", "Ayşe"),
            ("Ay{\\c s}e", "Ayşe"),
            ("Stra{\\ss}e", "Straße"),
            ("Stra\\ss{}e", "Straße"),
            ("\\o{}ystein {\\O}", "øystein Ø"),
            ("{\\aa} {\\AA} {\\ae} {\\oe} {\\l} {\\L}", "å Å æ œ ł Ł"),
            ("{\\i} {\\j}", "ı ȷ"),
            ("1953--2013", "1953–2013"),
            ("a---b", "a—b"),
            ("a~b", "a b"),
            ("``Blood Alliance''", "“Blood Alliance”"),
            ("`single'", "‘single'"),
            ("Schrödinger's", "Schrödinger's"),
            ("A \\& B \\% C \\$ \\# \\_ \\{x\\}", "A & B % C $ # _ {x}"),
            ("\\textit{Cat} and \\emph{Dog}", "Cat and Dog"),
            ("\\textbf{B} \\textsc{Sc}", "B Sc"),
            ("\\mkbibquote{q}", "q"),
            ("\\url{http://x.org/~me}", "http://x.org/~me"),
            ("\\href{http://x.org}{the site}", "the site"),
            ("\\unknown{kept} text", "kept text"),
            ("\\relax word", "word"),
            ("$x^2$ and $$\\alpha$$", "x^2 and \\alpha"),
            ("unclosed $math", "unclosed math"),
            ("\\LaTeX{} and \\TeX", "LaTeX and TeX"),
            ("J.\\,R.\\,R. Tolkien", "J. R. R. Tolkien"),
            ("\\~{}", "~"),
            ("e\u{0301}", "é"),
            ("\\t{oo}", "o\u{0361}o"),
            ("trailing\\", "trailing"),
            ("{}", ""),
        ];
        for (tex, plain) in cases {
            assert_eq!(to_plain(tex), *plain, "{tex}");
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let tex = "\\\"{".repeat(10_000) + "o" + &"}".repeat(10_000);
        assert!(to_plain(&tex).contains('o'));
    }
}
