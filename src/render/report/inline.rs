//! The text of one unit (or one piece of it, between citations) as HTML: plain text escaped;
//! a Markdown essay's inline markup rendered (emphasis, strong, code, `http(s)` links) through
//! pulldown-cmark, every other construct shown as its text; another marked-up format (LaTeX,
//! HTML, Word) shown from its reading view, the markup gone.
//!
//! Nothing here lets the user's markup through: raw HTML inside Markdown is shown as text, a
//! link to anything but `http(s)` keeps only its words. The output is always balanced.

use pulldown_cmark::{Event, Parser, Tag};

use crate::render::bibliography::escape_html as esc;

/// How a document's text is marked up, as the page renders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Markup {
    /// Plain text: shown as it is.
    Plain,
    /// Markdown: inline markup rendered.
    Markdown,
    /// Another format whose reading view (the unit's `text`) blanks the markup.
    View,
}

/// Writes `raw` (a slice of the document text) as HTML. `view` is the same slice of the
/// unit's reading view when it has one of the same length.
pub(super) fn write(markup: Markup, raw: &str, view: Option<&str>, out: &mut String) {
    match markup {
        Markup::Plain => out.push_str(&esc(raw)),
        Markup::Markdown => markdown(raw, out),
        Markup::View => match view {
            Some(v) if v.len() == raw.len() => collapsed(v, out),
            _ => out.push_str(&esc(raw)),
        },
    }
}

/// The reading view with its padding (markup moved to the end of words, as spaces) shown as
/// single spaces.
fn collapsed(view: &str, out: &mut String) {
    let mut space = false;
    for c in view.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push_str(&esc(c.encode_utf8(&mut [0; 4])));
    }
    if space {
        out.push(' ');
    }
}

/// Inline Markdown. The slice is rendered as a paragraph of its own, so the spaces that
/// pulldown-cmark trims at its ends are written back.
fn markdown(raw: &str, out: &mut String) {
    let body = raw.trim();
    if raw.len() > raw.trim_start().len() {
        out.push(' ');
    }
    let mut close: Vec<&'static str> = Vec::new();
    for event in Parser::new(body) {
        match event {
            Event::Start(tag) => {
                let (open, end) = match tag {
                    Tag::Emphasis => ("<em>".to_string(), "</em>"),
                    Tag::Strong => ("<strong>".to_string(), "</strong>"),
                    Tag::Link { dest_url, .. }
                        if dest_url.starts_with("https://") || dest_url.starts_with("http://") =>
                    {
                        (format!("<a href=\"{}\">", esc(&dest_url)), "</a>")
                    }
                    // Blocks (a slice that looks like a heading or list item), images (their
                    // words are the alt text) and other links: their text only.
                    _ => (String::new(), ""),
                };
                out.push_str(&open);
                close.push(end);
            }
            Event::End(_) => out.push_str(close.pop().unwrap_or_default()),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&esc(&t)),
            Event::Code(t) => {
                out.push_str("<code>");
                out.push_str(&esc(&t));
                out.push_str("</code>");
            }
            Event::FootnoteReference(t) => out.push_str(&esc(&format!("[^{t}]"))),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    while let Some(end) = close.pop() {
        out.push_str(end);
    }
    if raw.len() > raw.trim_end().len() && !body.is_empty() {
        out.push(' ');
    }
}

/// Where a Markdown unit's rendering ends: past a link target or a reference that the
/// sentence splitter left after the unit (`[words](url)` read as "words"), and the
/// punctuation after it, so the link renders whole. `end` is the unit's end.
pub(super) fn markdown_end(text: &str, end: usize) -> usize {
    let Some(rest) = text.get(end..) else {
        return end;
    };
    let before = text.get(..end).unwrap_or_default();
    let mut n = 0;
    if before.ends_with(']')
        && rest.starts_with('(')
        && let Some(close) = rest.find(')')
        && !rest[..close].contains(char::is_whitespace)
    {
        n = close + 1;
    }
    if n == 0 {
        return end;
    }
    n += rest[n..]
        .chars()
        .take_while(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
        .map(char::len_utf8)
        .sum::<usize>();
    end + n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(raw: &str) -> String {
        let mut out = String::new();
        write(Markup::Markdown, raw, None, &mut out);
        out
    }

    #[test]
    fn markdown_inline_markup_is_rendered_and_nothing_else_gets_through() {
        let cases = [
            ("the *most* costly", "the <em>most</em> costly"),
            ("a **big** one ", "a <strong>big</strong> one "),
            (" use `x < y`", " use <code>x &lt; y</code>"),
            (
                "see [the EEA](https://eea.eu/) now",
                "see <a href=\"https://eea.eu/\">the EEA</a> now",
            ),
            ("a [b](javascript:alert(1)) c", "a b c"),
            (
                "x <img src=x onerror=\"y\"> & z",
                "x &lt;img src=x onerror=&quot;y&quot;&gt; &amp; z",
            ),
            ("Europe [", "Europe ["),
            ("**unclosed", "**unclosed"),
            ("- not a list here", "not a list here"),
        ];
        for (raw, want) in cases {
            assert_eq!(md(raw), want, "{raw}");
        }
    }

    #[test]
    fn a_view_shows_the_prose_without_markup() {
        let mut out = String::new();
        // `\emph{un}happy`: the markup blanked, padding after the word.
        write(
            Markup::View,
            "an \\emph{un}happy end",
            Some("an unhappy        end"),
            &mut out,
        );
        assert_eq!(out, "an unhappy end");
    }

    #[test]
    fn a_link_target_after_a_unit_is_rendered_with_it() {
        let text = "by the [EEA](https://eea.eu/). Next";
        let end = text.find(']').unwrap() + 1;
        assert_eq!(
            &text[..markdown_end(text, end)],
            "by the [EEA](https://eea.eu/)."
        );
        assert_eq!(markdown_end(text, 3), 3);
        assert_eq!(markdown_end("a [b] (c d)", 5), 5);
    }
}
