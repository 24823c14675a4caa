//! Plain text made safe to read as pandoc Markdown: every character that would start markup
//! is backslash-escaped, so the essay's words come out of pandoc exactly as written.
//!
//! Owns the escaping rules, inline and at line starts. Not here: which text is plain (the
//! writer keeps list and quote markers the essay parser recognised, and headings it made).
//!
//! Left alone on purpose: straight quotes, "--" and "..." (pandoc's `smart` extension turns
//! them into typographic quotes, dashes and ellipses, which is what a writer meant by them).

/// Escapes plain text into `out`. `line_start` says whether the text begins a line of the
/// output; the returned value says whether it ends one. Line breaks stay (a soft break in a
/// paragraph); indentation and trailing spaces go, since in Markdown they would make code
/// blocks and hard breaks. In a block quote (`quote`) a line's leading `>` stays markup. In a
/// citation's prefix or suffix (`in_cite`) `;` is escaped too, since it would end the item.
pub(super) fn escape_into(
    out: &mut String,
    text: &str,
    mut line_start: bool,
    quote: bool,
    in_cite: bool,
) -> bool {
    let mut escape_at = None;
    for (i, c) in text.char_indices() {
        match c {
            '\r' => continue,
            '\n' => {
                let kept = out.trim_end_matches([' ', '\t']).len();
                out.truncate(kept);
                out.push('\n');
                line_start = true;
                continue;
            }
            ' ' | '\t' if line_start => continue,
            '>' if line_start && quote => {
                out.push_str("> ");
                continue;
            }
            _ => {}
        }
        if line_start {
            escape_at = line_start_escape(&text[i..]).map(|k| i + k);
            line_start = false;
        }
        if needs_backslash(c, &text[i + c.len_utf8()..], in_cite) || escape_at == Some(i) {
            out.push('\\');
        }
        out.push(c);
    }
    line_start
}

/// Escapes `text` that begins nowhere special (a heading's text, a title), on one line.
pub(super) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let one_line = super::super::one_line(text);
    escape_into(&mut out, &one_line, false, false, false);
    out
}

/// Characters that start inline markup anywhere: emphasis, code, links and citations, raw
/// HTML, TeX math, super- and subscripts, attributes, headings' closing `#`s. `&` only where
/// it would start an entity ("&amp;").
fn needs_backslash(c: char, after: &str, in_cite: bool) -> bool {
    match c {
        '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '@' | '$' | '^' | '~' | '|' | '{' | '}'
        | '#' => true,
        ';' => in_cite,
        '&' => {
            let name_len = after
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '#'))
                .unwrap_or(after.len());
            name_len > 0 && after[name_len..].starts_with(';')
        }
        _ => false,
    }
}

/// Where a line needs one more backslash so it does not open a block: a quote or heading
/// marker, a bullet or definition marker, a setext underline, a pandoc title-block `%`
/// (position 0), or the delimiter of an ordered-list number, letter or roman numeral
/// ("1990." -> "1990\.", "b)" -> "b\)"), or the parenthesis of "(a)".
fn line_start_escape(line: &str) -> Option<usize> {
    let first = line.chars().next()?;
    if matches!(first, '>' | '+' | '-' | '=' | ':' | '%') {
        return Some(0);
    }
    if first == '(' {
        let inner = line[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(line.len() - 1);
        return (inner > 0 && line[1 + inner..].starts_with(')')).then_some(0);
    }
    let word = line
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(line.len());
    if word == 0 || !line[word..].starts_with(['.', ')']) {
        return None;
    }
    let w = &line[..word];
    let numbered = w.bytes().all(|b| b.is_ascii_digit());
    let lettered = w.len() == 1 || w.bytes().all(|b| b"ivxlcdmIVXLCDM".contains(&b));
    let spaced = line[word + 1..].is_empty() || line[word + 1..].starts_with([' ', '\t']);
    (numbered || (lettered && spaced)).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(text: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, text, true, false, false);
        out
    }

    #[test]
    fn escapes_what_would_be_markup() {
        #[rustfmt::skip]
        let cases: &[(&str, &str)] = &[
            ("Plain words, “quoted” -- and... more.", "Plain words, “quoted” -- and... more."),
            ("# Not a heading",              "\\# Not a heading"),
            ("1990. A year.",                "1990\\. A year."),
            ("12) twelve",                   "12\\) twelve"),
            ("b) option",                    "b\\) option"),
            ("IV. Fourth",                   "IV\\. Fourth"),
            ("A. Smith argued",              "A\\. Smith argued"),
            ("Mr. Smith argued",             "Mr. Smith argued"),
            ("(a) first",                    "\\(a) first"),
            ("(see below) text",             "(see below) text"),
            ("- not a list",                 "\\- not a list"),
            ("+ not a list",                 "\\+ not a list"),
            ("* not a list",                 "\\* not a list"),
            ("> not a quote",                "\\> not a quote"),
            (": not a definition",           "\\: not a definition"),
            ("% not a title",                "\\% not a title"),
            ("a *b* _c_ `d`",                "a \\*b\\* \\_c\\_ \\`d\\`"),
            ("[link](x) and [@key]",         "\\[link\\](x) and \\[\\@key\\]"),
            ("mail@example.org",             "mail\\@example.org"),
            ("costs $1.4B or $5",            "costs \\$1.4B or \\$5"),
            ("x^2 and H~2~O",                "x\\^2 and H\\~2\\~O"),
            ("<b>bold</b>",                  "\\<b>bold\\</b>"),
            ("a\\b",                         "a\\\\b"),
            ("AT&T and &amp; and &#38;",     "AT&T and \\&amp; and \\&\\#38;"),
            ("a | b",                        "a \\| b"),
            ("C# {x}",                       "C\\# \\{x\\}"),
            ("line one  \n    # indented",   "line one\n\\# indented"),
            ("one\r\ntwo",                   "one\ntwo"),
            ("text\n===",                    "text\n\\==="),
            ("text\n---",                    "text\n\\---"),
            ("no; escape",                   "no; escape"),
        ];
        for (text, want) in cases {
            assert_eq!(esc(text), *want, "{text:?}");
        }
    }

    #[test]
    fn mid_line_text_is_not_a_line_start() {
        let mut out = String::new();
        let ends = escape_into(&mut out, "1. item # x", false, false, false);
        assert_eq!(out, "1. item \\# x");
        assert!(!ends);
        let mut out = String::new();
        assert!(escape_into(&mut out, "ends a line\n", false, false, false));
    }

    #[test]
    fn quotes_keep_their_markers_and_citations_their_items() {
        let mut out = String::new();
        escape_into(&mut out, "one\n> two\n>three", false, true, false);
        assert_eq!(out, "one\n> two\n> three");
        let mut out = String::new();
        escape_into(&mut out, "emphasis added; really", false, false, true);
        assert_eq!(out, "emphasis added\\; really");
        assert_eq!(escape_inline("  A   *Title*\n"), "A \\*Title\\*");
    }
}
