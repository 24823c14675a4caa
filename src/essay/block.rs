//! Splits a document's text into blocks: paragraphs, list items, quotes, headings, code.
//!
//! Owns the line-level structure (blank lines, Markdown markers, front matter) and the exact
//! byte span of each block. It does not decide what a paragraph *is* (title, byline, debris,
//! reference: `role.rs`) nor where its sentences end (`sentence.rs`).
//!
//! The grammar is a forgiving subset of CommonMark, because the same scanner must read plain
//! text pasted from a web page: a blank line ends a block, a list marker starts an item, a
//! line without a marker continues whatever block is open ("lazy continuation").

use std::ops::Range;

use super::sentence::is_blank;

/// What the scanner recognised from the markers alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// Lines of text with no marker: a paragraph, or a plain-text heading, title, byline...
    Text,
    /// A `-`, `*`, `+`, `1.` or `1)` item (its continuation lines included).
    ListItem,
    /// `>` lines.
    Quote,
    /// `# Heading` (level 1-6) or a setext heading (text underlined with `===` or `---`).
    Heading(u8),
    /// Fenced code, an HTML comment, a thematic break, a table: never a claim.
    Markup,
    /// YAML front matter at the very start (`---` ... `---`).
    FrontMatter,
    /// The title a format marks as such (LaTeX `\title{}`, Word's Title style); `heading`
    /// holds its visible text.
    Title,
    /// The author line a format marks as such (LaTeX `\author{}`).
    Byline,
}

/// A block: its kind, the exact span of its text and where its content starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub kind: BlockKind,
    /// From the first to one past the last non-blank byte.
    pub span: Range<usize>,
    /// Where the text after a list or quote marker starts (`span.start` otherwise).
    pub content: usize,
    /// For headings, the visible text (without `#` marks or the underline).
    pub heading: Option<Range<usize>>,
}

/// One line: `start..end` excludes the line break (and a `\r` before it).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push(Line { start, end });
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(Line {
            start,
            end: text.len(),
        });
    }
    out
}

/// Trims blank characters from both ends of `range` within `text`.
pub(crate) fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start_matches(is_blank).len();
    let trail = s.len() - s.trim_end_matches(is_blank).len();
    if lead == s.len() {
        return range.start..range.start;
    }
    range.start + lead..range.end - trail
}

/// Splits `text` into blocks, in order, covering every non-blank byte.
pub(crate) fn scan(text: &str) -> Vec<Block> {
    let lines = lines(text);
    let mut out: Vec<Block> = Vec::new();
    let mut open: Option<Block> = None;
    let mut i = front_matter(text, &lines).map_or(0, |(block, next)| {
        out.push(block);
        next
    });
    while i < lines.len() {
        let line = lines[i];
        let raw = &text[line.start..line.end];
        let body = raw.trim_start_matches([' ', '\t']);
        let indent = raw.len() - body.len();
        let at = line.start + indent;
        let whole = trim(text, line.start..line.end);
        if whole.is_empty() {
            close(&mut open, &mut out);
            i += 1;
            continue;
        }
        if indent <= 3
            && let Some(fence) = fence_marker(body)
        {
            close(&mut open, &mut out);
            let last = (i + 1..lines.len())
                .find(|&k| is_closing_fence(&text[lines[k].start..lines[k].end], fence))
                .unwrap_or(lines.len() - 1);
            out.push(markup(text, whole.start..lines[last].end));
            i = last + 1;
            continue;
        }
        if body.starts_with("<!--") {
            close(&mut open, &mut out);
            let last = (i..lines.len())
                .find(|&k| {
                    let from = if k == i { at + 4 } else { lines[k].start };
                    from <= lines[k].end && text[from..lines[k].end].contains("-->")
                })
                .unwrap_or(lines.len() - 1);
            out.push(markup(text, whole.start..lines[last].end));
            i = last + 1;
            continue;
        }
        if indent <= 3
            && let Some((level, visible)) = atx_heading(body)
        {
            close(&mut open, &mut out);
            let visible = trim(text, at + visible.start..at + visible.end);
            out.push(Block {
                kind: BlockKind::Heading(level),
                span: whole.clone(),
                content: whole.start,
                heading: Some(visible),
            });
            i += 1;
            continue;
        }
        if indent <= 3
            && let Some(level) = setext_level(body)
            && let Some(block) = open.as_mut().filter(|b| b.kind == BlockKind::Text)
        {
            block.heading = Some(block.span.clone());
            block.kind = BlockKind::Heading(level);
            block.span.end = whole.end;
            close(&mut open, &mut out);
            i += 1;
            continue;
        }
        if indent <= 3 && is_thematic_break(body) {
            close(&mut open, &mut out);
            out.push(markup(text, whole));
            i += 1;
            continue;
        }
        if let Some(marker) = list_marker(body) {
            close(&mut open, &mut out);
            let content = trim(text, at + marker..line.end).start;
            open = Some(Block {
                kind: BlockKind::ListItem,
                span: whole,
                content,
                heading: None,
            });
            i += 1;
            continue;
        }
        if let Some(rest) = body.strip_prefix('>') {
            if open.as_ref().is_some_and(|b| b.kind == BlockKind::Quote) {
                extend(&mut open, whole.end);
            } else {
                close(&mut open, &mut out);
                let content = trim(text, line.end - rest.len()..line.end).start;
                open = Some(Block {
                    kind: BlockKind::Quote,
                    span: whole,
                    content,
                    heading: None,
                });
            }
            i += 1;
            continue;
        }
        if body.starts_with('|') {
            if open.as_ref().is_some_and(|b| b.kind == BlockKind::Markup) {
                extend(&mut open, whole.end);
            } else {
                close(&mut open, &mut out);
                open = Some(markup(text, whole));
            }
            i += 1;
            continue;
        }
        match open.as_ref().map(|b| b.kind) {
            Some(BlockKind::Text | BlockKind::ListItem | BlockKind::Quote) => {
                extend(&mut open, whole.end)
            }
            _ => {
                close(&mut open, &mut out);
                open = Some(Block {
                    kind: BlockKind::Text,
                    span: whole.clone(),
                    content: whole.start,
                    heading: None,
                });
            }
        }
        i += 1;
    }
    close(&mut open, &mut out);
    out
}

fn close(open: &mut Option<Block>, out: &mut Vec<Block>) {
    if let Some(block) = open.take() {
        out.push(block);
    }
}

fn extend(open: &mut Option<Block>, end: usize) {
    if let Some(block) = open.as_mut() {
        block.span.end = end;
    }
}

fn markup(text: &str, span: Range<usize>) -> Block {
    let span = trim(text, span);
    Block {
        kind: BlockKind::Markup,
        content: span.start,
        span,
        heading: None,
    }
}

/// YAML front matter: `---` on the first line and a closing `---` or `...` line. Returns the
/// block and the index of the line after it.
fn front_matter(text: &str, lines: &[Line]) -> Option<(Block, usize)> {
    let first = lines.first()?;
    if text[first.start..first.end].trim_end() != "---" {
        return None;
    }
    let last = (1..lines.len()).find(|&k| {
        let l = text[lines[k].start..lines[k].end].trim_end();
        l == "---" || l == "..."
    })?;
    let span = trim(text, 0..lines[last].end);
    let block = Block {
        kind: BlockKind::FrontMatter,
        content: span.start,
        span,
        heading: None,
    };
    Some((block, last + 1))
}

/// "```" or "~~~" (3 or more): the fence character and length.
fn fence_marker(body: &str) -> Option<(char, usize)> {
    let c = body.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = body.chars().take_while(|&x| x == c).count();
    (len >= 3).then_some((c, len))
}

fn is_closing_fence(line: &str, (c, len): (char, usize)) -> bool {
    let body = line.trim();
    body.chars().take_while(|&x| x == c).count() >= len && body.chars().all(|x| x == c)
}

/// `#`..`######` followed by a space or the end: the level and the visible text's range
/// within `body` (closing `#`s removed).
fn atx_heading(body: &str) -> Option<(u8, Range<usize>)> {
    let level = body.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &body[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut end = body.trim_end().len();
    let closing = body[..end].trim_end_matches('#');
    if closing.len() < end && (closing.ends_with([' ', '\t']) || closing.len() == level) {
        end = closing.len().max(level);
    }
    Some((level as u8, level..end))
}

/// A setext underline: `===` (level 1) or `---` (level 2), nothing else on the line.
fn setext_level(body: &str) -> Option<u8> {
    let t = body.trim_end();
    if t.len() >= 2 && t.bytes().all(|b| b == b'=') {
        Some(1)
    } else if t.len() >= 3 && t.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

/// `***`, `---`, `___`, `* * *`: a horizontal rule.
fn is_thematic_break(body: &str) -> bool {
    let marks: Vec<char> = body.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && matches!(marks[0], '-' | '*' | '_') && marks.iter().all(|&c| c == marks[0])
}

/// A list marker at the start of `body`: `-`, `*`, `+` or up to three digits and `.` or `)`,
/// then a space and some text. Returns the marker's length (without the space).
fn list_marker(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let len = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 3 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let gap = matches!(bytes.get(len), Some(b' ' | b'\t'));
    let text = body[len..].trim_start();
    (gap && !text.is_empty()).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kind and text of each block of `text`.
    fn blocks(text: &str) -> Vec<(BlockKind, &str)> {
        scan(text)
            .into_iter()
            .map(|b| (b.kind, &text[b.span]))
            .collect()
    }

    #[test]
    fn scans_blocks() {
        use BlockKind::*;
        #[rustfmt::skip]
        let cases: &[(&str, &[(BlockKind, &str)])] = &[
            ("One.\n\nTwo.", &[(Text, "One."), (Text, "Two.")]),
            ("One\ncontinued.\n\n\n  Two.  \n", &[(Text, "One\ncontinued."), (Text, "Two.")]),
            ("# Title\nText.", &[(Heading(1), "# Title"), (Text, "Text.")]),
            ("#hashtag text", &[(Text, "#hashtag text")]),
            ("Title\n=====\n\nText.", &[(Heading(1), "Title\n====="), (Text, "Text.")]),
            ("Sub\n---", &[(Heading(2), "Sub\n---")]),
            ("Text.\n\n---\n\nMore.", &[(Text, "Text."), (Markup, "---"), (Text, "More.")]),
            ("- a\n- b\n  more", &[(ListItem, "- a"), (ListItem, "- b\n  more")]),
            ("1. One. Two.\n2) Three.", &[(ListItem, "1. One. Two."), (ListItem, "2) Three.")]),
            ("1990. A year.", &[(Text, "1990. A year.")]),
            ("-5 degrees.", &[(Text, "-5 degrees.")]),
            ("> a\n> b\nlazy", &[(Quote, "> a\n> b\nlazy")]),
            ("```\ncode.\n\nmore code.\n```\nText.", &[(Markup, "```\ncode.\n\nmore code.\n```"), (Text, "Text.")]),
            ("<!-- a\n\nb -->\nText.", &[(Markup, "<!-- a\n\nb -->"), (Text, "Text.")]),
            ("| a | b |\n|---|---|\n| 1 | 2 |", &[(Markup, "| a | b |\n|---|---|\n| 1 | 2 |")]),
            ("---\ntitle: X\n---\n\n# H", &[(FrontMatter, "---\ntitle: X\n---"), (Heading(1), "# H")]),
            ("One.\r\n\r\nTwo.\r\n", &[(Text, "One."), (Text, "Two.")]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(blocks(text), *want, "{text:?}");
        }
    }

    #[test]
    fn heading_text_and_content_offsets() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str)] = &[
            ("## Sources ##", "Sources", "## Sources ##"),
            ("#  Spaced  ", "Spaced", "#  Spaced"),
            ("# C# #", "C#", "# C# #"),
            ("Setext\n===", "Setext", "Setext\n==="),
        ];
        for (text, visible, span) in cases {
            let b = &scan(text)[0];
            assert_eq!(&text[b.heading.clone().unwrap()], *visible, "{text:?}");
            assert_eq!(&text[b.span.clone()], *span, "{text:?}");
        }
        #[rustfmt::skip]
        let cases: &[(&str, &str)] = &[
            ("-   item", "item"),
            ("12. item", "item"),
            ("> quoted", "quoted"),
        ];
        for (text, content) in cases {
            assert_eq!(&text[scan(text)[0].content..], *content, "{text:?}");
        }
    }
}
