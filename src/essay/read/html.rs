//! HTML -> blocks and a reading view: a saved web page, or a Word ("save as web page"),
//! Google Docs, pandoc, mdBook, kramdown or Distill export.
//!
//! The document's text is the file, so a unit's line and column point into it. The view
//! blanks every tag (an inline tag inside a word is padding, so `un<em>happy</em>` reads
//! "unhappy"; a block tag or `<br>` is a space), decodes character references in place
//! (`&amp;`, `&#8211;`, `&nbsp;` as a space), raises a `<sup>` as a plain-text rendering shows
//! it (`¹²` when every character has a superscript form, else `^(2(pp105-107))`), and skips
//! what is not prose: `head` but its `title`, `script`, `style`, `nav`, `template`, forms,
//! inline `code` and math, and when the page has a `main` or `article`, the page furniture
//! around it.
//!
//! Blocks: `h1`-`h6` headings (pandoc's `h1.title` and `<title>` the title, `p.author` and
//! `p.date` bylines), paragraphs, `li` items, `blockquote` quotations, text directly in a
//! `div`, and `pre`, tables and figures as non-claims.
//!
//! Notes: a link `<a href="#x">` whose text is a short label ("1", "[1]", "*") and that looks
//! like a note reference (inside or around a `<sup>`, a class or role naming a note, a
//! bracketed label, or a target named like `fn1`, `_ftn1`, `_edn1`, `ftnt1`), pointing to an
//! element later in the file, is a note marker; the element it points to, widened to the
//! largest block around it that holds no other note and not the marker, is the note (pandoc's
//! `li#fn1`, Word's `div#ftn1`, Google Docs' `div` around `a#ftnt1`, mdBook's
//! `div.footnote-definition`). The marker reads `[^label]` in the view, as Markdown writes
//! it; the note's back link (`↩︎`, Word's and Google's `[1]` pointing back) is blanked.
//! Distill's `<d-cite key="a,b">` reads `[@a; @b]`, and a `<d-footnote>` stays on its
//! sentence.
//!
//! The tokenizer is our own (about 200 lines) rather than html5gum: the view needs the byte
//! span of every tag and every character reference inside text, which we would scan for
//! again after html5gum; its tag boundaries were compared with html5gum's on real pages (see
//! the commit that brought this file).

use std::collections::HashMap;
use std::ops::Range;

use super::Warning;
use super::view::{View, snap};
use crate::essay::Layout;
use crate::essay::block::{Block, BlockKind, trim};
use crate::model::Note;

/// Elements nested deeper than this are read as if they were not there (their text stays).
const MAX_DEPTH: usize = 256;

/// A piece of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// Text between tags (character references not yet decoded).
    Text(Range<usize>),
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        span: Range<usize>,
        /// Written `<x ... />`.
        closed: bool,
    },
    End {
        name: String,
        span: Range<usize>,
    },
    /// A comment, doctype, processing instruction, CDATA or Word's `<![if ...]>`, or the raw
    /// content of a `script`, `style` and the like: never shown.
    Hidden(Range<usize>),
}

/// Elements whose content is raw text up to their end tag.
const RAW: &[&str] = &[
    "script", "style", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements that begin and end blocks (everything else is inline).
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "d-article",
    "d-title",
    "d-appendix",
    "d-abstract",
    "d-byline",
    "d-front-matter",
    "d-bibliography",
];

/// Elements whose content is not prose.
const SKIP: &[&str] = &[
    "script",
    "style",
    "nav",
    "template",
    "form",
    "button",
    "select",
    "textarea",
    "svg",
    "math",
    "noscript",
    "iframe",
    "object",
    "canvas",
    "audio",
    "video",
    "d-front-matter",
    "d-bibliography",
];

/// Elements whose content is shown but never a claim.
const OPAQUE: &[&str] = &["pre", "table", "figure", "figcaption", "caption", "listing"];

fn is(list: &[&str], name: &str) -> bool {
    list.contains(&name)
}

/// Splits the file into tokens.
fn tokens(text: &str, warnings: &mut Vec<Warning>) -> Vec<Tok> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    let flush = |out: &mut Vec<Tok>, from: usize, to: usize| {
        if to > from {
            out.push(Tok::Text(from..to));
        }
    };
    while i < n {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &b[i..];
        let next = rest.get(1).copied().unwrap_or(0);
        if rest.starts_with(b"<!--") {
            flush(&mut out, text_start, i);
            let end = match find(b, i + 4, b"-->") {
                Some(e) => e + 3,
                None => {
                    warnings.push(Warning {
                        at: i,
                        message: "a comment is never closed (`-->`): the rest of the file is \
                                  not read"
                            .into(),
                        place: None,
                    });
                    n
                }
            };
            out.push(Tok::Hidden(i..end));
            i = end;
            text_start = i;
        } else if next == b'!' || next == b'?' {
            flush(&mut out, text_start, i);
            let end = if rest.starts_with(b"<![CDATA[") {
                find(b, i, b"]]>").map_or(n, |e| e + 3)
            } else {
                find(b, i, b">").map_or(n, |e| e + 1)
            };
            out.push(Tok::Hidden(i..end));
            i = end;
            text_start = i;
        } else if next == b'/' && rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
            flush(&mut out, text_start, i);
            let name_end = name_end(b, i + 2);
            let name = text[i + 2..name_end].to_ascii_lowercase();
            let end = find(b, name_end, b">").map_or(n, |e| e + 1);
            out.push(Tok::End { name, span: i..end });
            i = end;
            text_start = i;
        } else if next.is_ascii_alphabetic() {
            flush(&mut out, text_start, i);
            let (tok, end) = start_tag(text, i);
            i = end;
            text_start = i;
            let raw = match &tok {
                Tok::Start { name, closed, .. } if !closed && is(RAW, name) => Some(name.clone()),
                _ => None,
            };
            out.push(tok);
            if let Some(name) = raw {
                let close = find_end_tag(b, i, name.as_bytes()).unwrap_or(n);
                if close > i {
                    out.push(Tok::Hidden(i..close));
                }
                i = close;
                text_start = i;
            }
        } else {
            // A `<` that opens no tag is text.
            i += 1;
        }
    }
    flush(&mut out, text_start, n);
    out
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Where `</name` starts (any case), from `from`.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(p) = find(b, at, b"</") {
        let after = &b[p + 2..];
        if after.len() >= name.len()
            && after[..name.len()].eq_ignore_ascii_case(name)
            && after
                .get(name.len())
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        {
            return Some(p);
        }
        at = p + 2;
    }
    None
}

fn name_end(b: &[u8], from: usize) -> usize {
    let mut k = from;
    while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' && b[k] != b'/' {
        k += 1;
    }
    k
}

/// A start tag at `at` (`<` then a letter): the token and where it ends.
fn start_tag(text: &str, at: usize) -> (Tok, usize) {
    let b = text.as_bytes();
    let n = b.len();
    let mut k = name_end(b, at + 1);
    let name = text[at + 1..k].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut closed = false;
    loop {
        while k < n && (b[k].is_ascii_whitespace() || b[k] == b'/') {
            closed = b[k] == b'/';
            k += 1;
        }
        if k >= n {
            break;
        }
        if b[k] == b'>' {
            k += 1;
            break;
        }
        closed = false;
        let a = k;
        while k < n && !b[k].is_ascii_whitespace() && !matches!(b[k], b'=' | b'>' | b'/') {
            k += 1;
        }
        // A name may start with `=` (bad HTML): take one byte so the loop moves on.
        if k == a {
            k += 1;
        }
        let attr = text[a..k].to_ascii_lowercase();
        let mut j = k;
        while j < n && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = String::new();
        if j < n && b[j] == b'=' {
            j += 1;
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < n && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let v = j + 1;
                let e = b[v..].iter().position(|&c| c == q).map_or(n, |p| v + p);
                value = text[v..e].to_string();
                k = (e + 1).min(n);
            } else {
                let v = j;
                while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                    j += 1;
                }
                value = text[v..j].to_string();
                k = j;
            }
        }
        attrs.push((attr, value));
    }
    (
        Tok::Start {
            name,
            attrs,
            span: at..k,
            closed,
        },
        k,
    )
}

/// An element of the file.
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    parent: Option<usize>,
    /// From its start tag to the end of its end tag (or where it was closed).
    span: Range<usize>,
    /// The index of its start tag among the tokens.
    token: usize,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| a == name)
            .map(|(_, v)| v.as_str())
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|w| w == class))
    }
}

/// The elements, and for each token the element it is in (its own for a start tag).
struct Tree {
    nodes: Vec<Node>,
    /// For each token: the innermost element it lies in, if any.
    within: Vec<Option<usize>>,
}

fn tree(tokens: &[Tok], end: usize, warnings: &mut Vec<Warning>) -> Tree {
    let mut nodes: Vec<Node> = Vec::new();
    let mut within = Vec::with_capacity(tokens.len());
    let mut stack: Vec<usize> = Vec::new();
    let mut deep_warned = false;
    let pop_to = |stack: &mut Vec<usize>, nodes: &mut Vec<Node>, k: usize, at: usize| {
        while stack.len() > k {
            let top = stack.pop().expect("len > k");
            nodes[top].span.end = at;
        }
    };
    for (t, tok) in tokens.iter().enumerate() {
        match tok {
            Tok::Start {
                name,
                attrs,
                span,
                closed,
            } => {
                // What a start tag closes implicitly.
                let find_open = |stack: &[usize], nodes: &[Node], want: &[&str], stop: &[&str]| {
                    for (k, &e) in stack.iter().enumerate().rev() {
                        if is(want, &nodes[e].name) {
                            return Some(k);
                        }
                        if is(stop, &nodes[e].name) {
                            return None;
                        }
                    }
                    None
                };
                const SCOPE: &[&str] = &["table", "td", "th", "caption", "html", "template"];
                let closes = if is(BLOCK, name) {
                    find_open(&stack, &nodes, &["p"], SCOPE)
                } else {
                    None
                };
                if let Some(k) = closes {
                    pop_to(&mut stack, &mut nodes, k, span.start);
                }
                let closes = match name.as_str() {
                    "li" => find_open(&stack, &nodes, &["li"], &["ul", "ol", "table"]),
                    "dt" | "dd" => find_open(&stack, &nodes, &["dt", "dd"], &["dl", "table"]),
                    _ if heading_level(name).is_some() => stack
                        .last()
                        .filter(|&&top| heading_level(&nodes[top].name).is_some())
                        .map(|_| stack.len() - 1),
                    _ => None,
                };
                if let Some(k) = closes {
                    pop_to(&mut stack, &mut nodes, k, span.start);
                }
                let id = nodes.len();
                nodes.push(Node {
                    name: name.clone(),
                    attrs: attrs.clone(),
                    parent: stack.last().copied(),
                    span: span.clone(),
                    token: t,
                });
                within.push(Some(id));
                if *closed || is(VOID, name) {
                    continue;
                }
                if stack.len() >= MAX_DEPTH {
                    if !deep_warned {
                        deep_warned = true;
                        warnings.push(Warning {
                            at: span.start,
                            message: format!(
                                "elements nested deeper than {MAX_DEPTH}: read as if the \
                                 deeper ones were not there"
                            ),
                            place: None,
                        });
                    }
                    continue;
                }
                stack.push(id);
            }
            Tok::End { name, span } => {
                within.push(stack.last().copied());
                if let Some(k) = stack.iter().rposition(|&e| nodes[e].name == *name) {
                    pop_to(&mut stack, &mut nodes, k, span.end);
                }
            }
            Tok::Text(_) | Tok::Hidden(_) => within.push(stack.last().copied()),
        }
    }
    pop_to(&mut stack, &mut nodes, 0, end);
    Tree { nodes, within }
}

/// What a run of text is, from the elements around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Not prose: skipped.
    Skip,
    Title,
    Heading(u8),
    Byline,
    /// Shown, never a claim (pre, table, figure).
    Opaque,
    /// In note `n` (an index into the notes found).
    Note(usize),
    Quote,
    Item,
    Text,
}

/// A note: its marker (the range shown as `[^label]`), label, element and back links.
struct FoundNote {
    label: String,
    marker: Range<usize>,
    element: usize,
}

/// Reads an HTML file.
pub(crate) fn layout(text: &str) -> (Layout, Vec<Warning>) {
    let mut warnings = Vec::new();
    let toks = tokens(text, &mut warnings);
    let tree = tree(&toks, text.len(), &mut warnings);
    let nodes = &tree.nodes;
    let notes = find_notes(text, &toks, &tree);

    // Each element's context, parents first (a parent always comes before its children).
    let has_main = nodes.iter().any(|n| {
        matches!(n.name.as_str(), "main" | "article" | "d-article")
            || n.attr("role") == Some("main")
    });
    let mut note_of: Vec<Option<usize>> = vec![None; nodes.len()];
    for (k, note) in notes.iter().enumerate() {
        note_of[note.element] = Some(k);
    }
    let mut ctx = vec![Context::Text; nodes.len()];
    let mut in_main = vec![!has_main; nodes.len()];
    let mut title_block = vec![false; nodes.len()];
    // Elements whose inner blocks are one block: pandoc's (citeproc's) `div.csl-entry`, whose
    // numeric label and text are two `div`s side by side.
    let mut whole = vec![false; nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        let parent = node.parent;
        let up = parent.map_or(Context::Text, |p| ctx[p]);
        whole[i] = parent.is_some_and(|p| whole[p] || nodes[p].has_class("csl-entry"))
            || up == Context::Opaque;
        in_main[i] = in_main[i]
            || parent.is_some_and(|p| in_main[p])
            || matches!(
                node.name.as_str(),
                "main" | "article" | "d-article" | "title" | "d-title"
            )
            || node.attr("role") == Some("main")
            || node.attr("id") == Some("title-block-header");
        title_block[i] = parent.is_some_and(|p| title_block[p])
            || node.attr("id") == Some("title-block-header")
            || node.name == "d-title";
        let name = node.name.as_str();
        let role = node.attr("role").unwrap_or("");
        let skip = up == Context::Skip
            || is(SKIP, name)
            || matches!(role, "navigation" | "search" | "doc-backlink")
            || node.attr("aria-hidden") == Some("true")
            || (name == "code" && up != Context::Opaque)
            || node.has_class("math")
            || node.has_class("footnote-back")
            || node.has_class("headerlink");
        ctx[i] = if skip {
            Context::Skip
        } else if name == "title"
            || name == "h1" && (node.has_class("title") || title_block[i] && up == Context::Text)
        {
            Context::Title
        } else if let Some(level) = heading_level(name) {
            Context::Heading(level)
        } else if matches!(up, Context::Title | Context::Heading(_) | Context::Opaque) {
            up
        } else if is(OPAQUE, name) {
            Context::Opaque
        } else if let Some(k) = note_of[i] {
            Context::Note(k)
        } else if matches!(up, Context::Note(_)) {
            up
        } else if title_block[i]
            && (node.has_class("author") || node.has_class("date") || name == "address")
            || name == "d-byline"
            || node.has_class("byline")
        {
            Context::Byline
        } else if name == "blockquote" {
            Context::Quote
        } else if name == "li" || name == "dd" || name == "dt" {
            Context::Item
        } else {
            up
        };
    }
    // Outside the page's main content (when it has one), only notes are read.
    for i in 0..nodes.len() {
        if !in_main[i] && !matches!(ctx[i], Context::Note(_) | Context::Skip) {
            ctx[i] = Context::Skip;
        }
    }
    let context_of = |t: usize| {
        tree.within[t].map_or(
            if has_main {
                Context::Skip
            } else {
                Context::Text
            },
            |e| ctx[e],
        )
    };

    let mut view = View::new(text);
    // Tags are markup: inline ones padding, block ones and `<br>` spaces; what is skipped
    // is blanked whole.
    for (t, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Start { name, span, .. } | Tok::End { name, span } => {
                if is(BLOCK, name) || name == "br" || name == "hr" || name == "td" {
                    view.space(span.clone());
                } else {
                    view.blank(span.clone());
                }
            }
            Tok::Hidden(r) => view.blank(r.clone()),
            Tok::Text(r) => {
                if context_of(t) == Context::Skip {
                    view.blank_markup(r.clone());
                } else {
                    // A line break in HTML text is a space like any other (not in `pre`).
                    if context_of(t) != Context::Opaque {
                        for (k, c) in text[r.clone()].bytes().enumerate() {
                            if matches!(c, b'\n' | b'\r' | b'\t') {
                                view.space(r.start + k..r.start + k + 1);
                            }
                        }
                    }
                    references(&mut view, text, r.clone());
                }
            }
        }
    }
    // A note's own label at its start ("[1]", "1") and its links back are not its text.
    let hidden = note_labels(text, &toks, &tree, &notes);
    superscripts(&mut view, text, &toks, &tree, &notes, &hidden);
    for note in &notes {
        let shown = format!("[^{}]", note.label);
        if shown.len() <= note.marker.len() {
            view.replace(note.marker.clone(), &shown);
        } else {
            view.blank(note.marker.clone());
        }
    }
    for r in &hidden {
        view.blank(r.clone());
    }
    // Distill: `<d-cite key="a,b"></d-cite>` is a citation, `<d-footnote>` stays on its sentence.
    let mut unsplittable = false;
    for node in nodes {
        if node.name == "d-cite" {
            let keys: Vec<String> = node
                .attr("key")
                .unwrap_or("")
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|k| !k.is_empty())
                .map(|k| format!("@{k}"))
                .collect();
            let shown = format!("[{}]", keys.join("; "));
            if !keys.is_empty() && shown.len() <= node.span.len() {
                view.replace(node.span.clone(), &shown);
                view.protect(node.span.start..node.span.start + shown.len());
            }
        } else if node.name == "d-footnote" {
            view.unsplittable(node.span.clone());
            unsplittable = true;
        }
    }

    // Blocks: runs of text in one block element.
    let mut blocks: Vec<(Context, Range<usize>, Option<Range<usize>>)> = Vec::new();
    let mut open: Option<(Context, Range<usize>, Option<Range<usize>>)> = None;
    // `<br>` tags in a row with nothing but space between them end a paragraph.
    let mut breaks = 0;
    // Where the inline tags before a block's first text begin: the view moved that text
    // there (a tag inside a word is padding after it).
    let mut inline_from: Option<usize> = None;
    for (t, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Start { name, span, .. } | Tok::End { name, span } => {
                if name == "br" {
                    breaks += 1;
                }
                let inner = tree.within[t].is_some_and(|e| {
                    whole[e]
                        || matches!(tok, Tok::End { .. })
                            && (nodes[e].has_class("csl-entry") || ctx[e] == Context::Opaque)
                });
                if (is(BLOCK, name) && !inner) || breaks >= 2 {
                    if let Some(b) = open.take() {
                        blocks.push(b);
                    }
                    inline_from = None;
                } else if let Some((_, r, _)) = &mut open {
                    r.end = r.end.max(span.end);
                } else if inline_from.is_none() {
                    inline_from = Some(span.start);
                }
            }
            Tok::Hidden(r) => {
                if let Some((_, span, _)) = &mut open {
                    span.end = span.end.max(r.end);
                } else if inline_from.is_none() {
                    inline_from = Some(r.start);
                }
            }
            Tok::Text(r) => {
                let context = context_of(t);
                let blank = text[r.clone()].trim().is_empty();
                if !blank {
                    breaks = 0;
                }
                if context == Context::Skip || (blank && open.is_none()) {
                    continue;
                }
                if open.as_ref().is_some_and(|(c, _, _)| *c != context) {
                    blocks.push(open.take().expect("open"));
                }
                let from = inline_from.take().unwrap_or(r.start).min(r.start);
                let (_, span, visible) = open.get_or_insert((context, from..r.end, None));
                span.end = span.end.max(r.end);
                if !blank && !is_permalink(&text[r.clone()]) {
                    let v = visible.get_or_insert(from..r.end);
                    v.end = r.end;
                }
            }
        }
    }
    if let Some(b) = open.take() {
        blocks.push(b);
    }

    let (view, split) = if unsplittable {
        let (v, s) = view.finish_split();
        (v, Some(s))
    } else {
        (view.finish(), None)
    };
    let mut out = Vec::new();
    let mut note_blocks = Vec::new();
    let mut title = None;
    for (context, span, visible) in blocks {
        let kind = match context {
            Context::Skip => continue,
            Context::Title => BlockKind::Title,
            Context::Heading(l) => BlockKind::Heading(l),
            Context::Byline => BlockKind::Byline,
            Context::Opaque => BlockKind::Markup,
            Context::Note(_) => BlockKind::Note,
            Context::Quote => BlockKind::Quote,
            Context::Item => BlockKind::ListItem,
            Context::Text => BlockKind::Text,
        };
        let span = trim(&view, snap(&view, span));
        if span.is_empty() {
            continue;
        }
        let heading = visible.map(|v| trim(&view, snap(&view, v)));
        if let (BlockKind::Title, None, Some(h)) = (kind, &title, &heading) {
            let name = view[h.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !name.is_empty() {
                title = Some(name);
            }
        }
        if let Context::Note(k) = context {
            note_blocks.push((
                span.start,
                Note {
                    label: notes[k].label.clone(),
                    marker: Some((notes[k].marker.start, notes[k].marker.end)),
                },
            ));
        }
        out.push(Block {
            kind,
            span: span.clone(),
            content: span.start,
            heading,
        });
    }
    // The title the page states: pandoc's `h1.title` over the `<title>` (a file name when
    // the author gave none).
    let stated = out
        .iter()
        .filter(|b| b.kind == BlockKind::Title)
        .filter(|b| {
            tree.nodes
                .iter()
                .any(|n| n.name == "h1" && n.span.contains(&b.span.start))
        })
        .find_map(|b| b.heading.clone())
        .map(|h| view[h].split_whitespace().collect::<Vec<_>>().join(" "));
    (
        Layout {
            view,
            split,
            blocks: out,
            structured: true,
            locations: None,
            title: stated.or(title),
            notes: note_blocks,
            note_view: None,
        },
        warnings,
    )
}

fn heading_level(name: &str) -> Option<u8> {
    let b = name.as_bytes();
    (b.len() == 2 && b[0] == b'h' && (b'1'..=b'6').contains(&b[1])).then(|| b[1] - b'0')
}

/// A heading's permalink ("¶", "#", "§", "🔗"): no word in it.
fn is_permalink(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.chars().count() <= 2 && !s.chars().any(char::is_alphanumeric)
}

/// Decodes the character references in text `r` in place.
fn references(view: &mut View, text: &str, r: Range<usize>) {
    let b = text.as_bytes();
    let mut k = r.start;
    while k < r.end {
        if b[k] != b'&' {
            k += 1;
            continue;
        }
        let Some(semi) = b[k..r.end.min(k + 40)].iter().position(|&c| c == b';') else {
            k += 1;
            continue;
        };
        let name = &text[k + 1..k + semi];
        let end = k + semi + 1;
        if let Some(c) = decode_reference(name) {
            match c {
                // No-break and other spaces read as a space, so "p.&nbsp;5" is "p. 5".
                '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{202f}' => {
                    view.replace(k..end, " ")
                }
                // A soft hyphen and zero-width marks are nothing.
                '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' => view.blank(k..end),
                c => {
                    let mut buf = [0u8; 4];
                    view.replace(k..end, c.encode_utf8(&mut buf));
                }
            }
            k = end;
        } else {
            k += 1;
        }
    }
}

/// `#8211`, `#x2013` or a name (`amp`) -> the character.
fn decode_reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        // Windows-1252's C1 range, as browsers read it; NUL and surrogates are refused.
        let n = match n {
            0x80..=0x9f => cp1252(n as u8)?,
            0 => return None,
            n => n,
        };
        return char::from_u32(n);
    }
    ENTITIES
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|k| ENTITIES[k].1)
}

fn cp1252(b: u8) -> Option<u32> {
    let (s, _) = crate::encoding::decode(&[b]);
    s.chars().next().map(|c| c as u32)
}

/// The characters with a superscript form, as pandoc's plain-text writer raises them.
fn raise(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        '+' => '⁺',
        '-' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        c if c.is_whitespace() => c,
        _ => return None,
    })
}

/// `<sup>` with only text in it, outside note markers: raised characters over the whole
/// element when they fit, else `^(` and `)` in place of its tags.
fn superscripts(
    view: &mut View,
    text: &str,
    toks: &[Tok],
    tree: &Tree,
    notes: &[FoundNote],
    hidden: &[Range<usize>],
) {
    let mut markers: Vec<Range<usize>> = notes.iter().map(|n| n.marker.clone()).collect();
    markers.sort_by_key(|m| m.start);
    let in_marker = |at: usize| {
        let k = markers.partition_point(|m| m.start <= at);
        k > 0 && at < markers[k - 1].end
    };
    for node in &tree.nodes {
        if node.name != "sup" || in_marker(node.span.start) {
            continue;
        }
        let t = node.token;
        let (Some(Tok::Text(r)), Some(Tok::End { name, span: close })) =
            (toks.get(t + 1), toks.get(t + 2))
        else {
            continue;
        };
        if name != "sup" {
            continue;
        }
        let content = &text[r.clone()];
        let hide = hidden.iter().any(|h| h.start < r.end && r.start < h.end);
        if content.trim().is_empty() || content.contains('&') || hide {
            continue;
        }
        let open = node.span.start..r.start;
        let raised: Option<String> = content.chars().map(raise).collect();
        match raised {
            Some(raised) if raised.len() <= close.end - open.start => {
                view.replace(open.start..close.end, &raised)
            }
            _ => {
                view.replace(open, "^(");
                view.replace(close.clone(), ")");
            }
        }
    }
}

/// The visible text of element `e` (character references left as written).
fn element_text(text: &str, toks: &[Tok], tree: &Tree, e: usize) -> String {
    let span = &tree.nodes[e].span;
    let mut s = String::new();
    for tok in &toks[tree.nodes[e].token..] {
        match tok {
            Tok::Text(r) if r.start >= span.end => break,
            Tok::Text(r) => s.push_str(&text[r.clone()]),
            Tok::Start { span: t, .. } | Tok::End { span: t, .. } | Tok::Hidden(t)
                if t.start >= span.end =>
            {
                break;
            }
            _ => {}
        }
        if s.len() > 64 {
            break;
        }
    }
    s
}

/// Strips "[1]", "(1)" to "1"; `None` unless what is left is a short label.
fn short_label(s: &str) -> Option<(String, bool)> {
    let s = s.trim().replace("&nbsp;", "");
    let s = s.trim();
    let inner = s
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .or_else(|| s.strip_prefix('(').and_then(|x| x.strip_suffix(')')));
    let bracketed = inner.is_some();
    let label = inner.unwrap_or(s).trim();
    let ok = !label.is_empty()
        && label.chars().count() <= 4
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || "*†‡§".contains(c));
    ok.then(|| (label.to_string(), bracketed))
}

fn looks_like_note_id(id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    ["fn", "ftn", "edn", "note", "foot", "endnote", "ftnt"]
        .iter()
        .any(|p| id.trim_start_matches(['_', '#']).starts_with(p))
}

/// Note markers and the notes they call (see the module doc).
fn find_notes(text: &str, toks: &[Tok], tree: &Tree) -> Vec<FoundNote> {
    let nodes = &tree.nodes;
    let mut targets: HashMap<&str, usize> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        for a in ["id", "name"] {
            if let Some(v) = n.attr(a) {
                targets.entry(v).or_insert(i);
            }
        }
    }
    let inside = |e: usize, name: &str| {
        let mut p = nodes[e].parent;
        for _ in 0..MAX_DEPTH {
            let q = p?;
            if nodes[q].name == name {
                return Some(q);
            }
            p = nodes[q].parent;
        }
        None
    };
    // Candidates: (marker range, label, target element).
    let mut cands: Vec<(Range<usize>, String, usize)> = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.name != "a" {
            continue;
        }
        let Some(id) = n.attr("href").and_then(|h| h.strip_prefix('#')) else {
            continue;
        };
        let Some(&target) = targets.get(id) else {
            continue;
        };
        if nodes[target].span.start <= n.span.end || taken.contains(&target) {
            continue;
        }
        let Some((label, bracketed)) = short_label(&element_text(text, toks, tree, i)) else {
            continue;
        };
        let sup_around = inside(i, "sup");
        let sup_within = nodes[i + 1..]
            .iter()
            .take_while(|m| m.span.start < n.span.end)
            .any(|m| {
                m.name == "sup"
                    || m.has_class("MsoFootnoteReference")
                    || m.has_class("MsoEndnoteReference")
            });
        let named = [n.attr("class"), n.attr("role")].iter().flatten().any(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("footnote") || v.contains("noteref") || v.contains("endnote")
        });
        if !(sup_around.is_some() || sup_within || named || bracketed || looks_like_note_id(id)) {
            continue;
        }
        let marker = match sup_around {
            Some(s) if nodes[s].span.end <= n.span.end + 8 => nodes[s].span.clone(),
            _ => n.span.clone(),
        };
        taken.insert(target);
        cands.push((marker, label, target));
    }
    // How many notes' targets each element holds.
    let mut held = vec![0u32; nodes.len()];
    for c in &cands {
        let mut e = Some(c.2);
        for _ in 0..=MAX_DEPTH {
            let Some(x) = e else { break };
            held[x] += 1;
            e = nodes[x].parent;
        }
    }
    let contains = |e: usize, at: usize| nodes[e].span.start <= at && at < nodes[e].span.end;
    let mut out = Vec::new();
    for (marker, label, target) in cands {
        // The block the target is in (itself if it is one).
        let mut e = target;
        let mut guard = 0;
        while !is(BLOCK, &nodes[e].name) && guard < MAX_DEPTH {
            match nodes[e].parent {
                Some(p) => e = p,
                None => break,
            }
            guard += 1;
        }
        // Widened while the parent holds no other note, not the marker, and is no page.
        while nodes[e].name != "li" && guard < 2 * MAX_DEPTH {
            guard += 1;
            let Some(p) = nodes[e].parent else { break };
            let pn = &nodes[p];
            if matches!(
                pn.name.as_str(),
                "body" | "html" | "main" | "article" | "d-article"
            ) || contains(p, marker.start)
                || held[p] > 1
            {
                break;
            }
            e = p;
        }
        if contains(e, marker.start) || matches!(nodes[e].name.as_str(), "body" | "html") {
            continue;
        }
        out.push(FoundNote {
            label,
            marker,
            element: e,
        });
    }
    out
}

/// In each note: the links back to its marker, and the label written at its start.
fn note_labels(text: &str, toks: &[Tok], tree: &Tree, notes: &[FoundNote]) -> Vec<Range<usize>> {
    let nodes = &tree.nodes;
    // The ids and names of the elements a marker is made of (`fnref1`, `_ftnref1`).
    let mut starts: Vec<(usize, usize)> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.span.start, i))
        .collect();
    starts.sort();
    let mut out = Vec::new();
    for note in notes {
        let from = starts.partition_point(|&(s, _)| s < note.marker.start);
        let ids: Vec<&str> = starts[from..]
            .iter()
            .take_while(|&&(s, _)| s < note.marker.end)
            .flat_map(|&(_, i)| [nodes[i].attr("id"), nodes[i].attr("name")])
            .flatten()
            .collect();
        let el = &nodes[note.element];
        for n in nodes[note.element + 1..]
            .iter()
            .take_while(|n| n.span.start < el.span.end)
        {
            let back = n.name == "a"
                && n.attr("href")
                    .and_then(|h| h.strip_prefix('#'))
                    .is_some_and(|id| ids.contains(&id));
            if back {
                out.push(n.span.clone());
            }
        }
        // The first text of the note, when it is the label ("1", "[1]"), as mdBook writes it.
        let first = toks[el.token + 1..]
            .iter()
            .take_while(|t| !matches!(t, Tok::Text(r) if r.start >= el.span.end))
            .find_map(|t| match t {
                Tok::Text(r) if !text[r.clone()].trim().is_empty() => Some(r.clone()),
                _ => None,
            });
        if let Some(r) = first {
            let s = &text[r.clone()];
            let word = s.trim();
            if short_label(word).is_some_and(|(l, _)| l == note.label) {
                let lead = s.len() - s.trim_start().len();
                out.push(r.start + lead..r.start + lead + word.len());
            }
        }
    }
    out
}

/// HTML 4's named character references (and `apos`), sorted by name for a binary search.
const ENTITIES: &[(&str, char)] = &[
    ("AElig", '\u{c6}'),
    ("Aacute", '\u{c1}'),
    ("Acirc", '\u{c2}'),
    ("Agrave", '\u{c0}'),
    ("Alpha", '\u{391}'),
    ("Aring", '\u{c5}'),
    ("Atilde", '\u{c3}'),
    ("Auml", '\u{c4}'),
    ("Beta", '\u{392}'),
    ("Ccedil", '\u{c7}'),
    ("Chi", '\u{3a7}'),
    ("Dagger", '\u{2021}'),
    ("Delta", '\u{394}'),
    ("ETH", '\u{d0}'),
    ("Eacute", '\u{c9}'),
    ("Ecirc", '\u{ca}'),
    ("Egrave", '\u{c8}'),
    ("Epsilon", '\u{395}'),
    ("Eta", '\u{397}'),
    ("Euml", '\u{cb}'),
    ("Gamma", '\u{393}'),
    ("Iacute", '\u{cd}'),
    ("Icirc", '\u{ce}'),
    ("Igrave", '\u{cc}'),
    ("Iota", '\u{399}'),
    ("Iuml", '\u{cf}'),
    ("Kappa", '\u{39a}'),
    ("Lambda", '\u{39b}'),
    ("Mu", '\u{39c}'),
    ("Ntilde", '\u{d1}'),
    ("Nu", '\u{39d}'),
    ("OElig", '\u{152}'),
    ("Oacute", '\u{d3}'),
    ("Ocirc", '\u{d4}'),
    ("Ograve", '\u{d2}'),
    ("Omega", '\u{3a9}'),
    ("Omicron", '\u{39f}'),
    ("Oslash", '\u{d8}'),
    ("Otilde", '\u{d5}'),
    ("Ouml", '\u{d6}'),
    ("Phi", '\u{3a6}'),
    ("Pi", '\u{3a0}'),
    ("Prime", '\u{2033}'),
    ("Psi", '\u{3a8}'),
    ("Rho", '\u{3a1}'),
    ("Scaron", '\u{160}'),
    ("Sigma", '\u{3a3}'),
    ("THORN", '\u{de}'),
    ("Tau", '\u{3a4}'),
    ("Theta", '\u{398}'),
    ("Uacute", '\u{da}'),
    ("Ucirc", '\u{db}'),
    ("Ugrave", '\u{d9}'),
    ("Upsilon", '\u{3a5}'),
    ("Uuml", '\u{dc}'),
    ("Xi", '\u{39e}'),
    ("Yacute", '\u{dd}'),
    ("Yuml", '\u{178}'),
    ("Zeta", '\u{396}'),
    ("aacute", '\u{e1}'),
    ("acirc", '\u{e2}'),
    ("acute", '\u{b4}'),
    ("aelig", '\u{e6}'),
    ("agrave", '\u{e0}'),
    ("alefsym", '\u{2135}'),
    ("alpha", '\u{3b1}'),
    ("amp", '\u{26}'),
    ("and", '\u{2227}'),
    ("ang", '\u{2220}'),
    ("apos", '\u{27}'),
    ("aring", '\u{e5}'),
    ("asymp", '\u{2248}'),
    ("atilde", '\u{e3}'),
    ("auml", '\u{e4}'),
    ("bdquo", '\u{201e}'),
    ("beta", '\u{3b2}'),
    ("brvbar", '\u{a6}'),
    ("bull", '\u{2022}'),
    ("cap", '\u{2229}'),
    ("ccedil", '\u{e7}'),
    ("cedil", '\u{b8}'),
    ("cent", '\u{a2}'),
    ("chi", '\u{3c7}'),
    ("circ", '\u{2c6}'),
    ("clubs", '\u{2663}'),
    ("cong", '\u{2245}'),
    ("copy", '\u{a9}'),
    ("crarr", '\u{21b5}'),
    ("cup", '\u{222a}'),
    ("curren", '\u{a4}'),
    ("dArr", '\u{21d3}'),
    ("dagger", '\u{2020}'),
    ("darr", '\u{2193}'),
    ("deg", '\u{b0}'),
    ("delta", '\u{3b4}'),
    ("diams", '\u{2666}'),
    ("divide", '\u{f7}'),
    ("eacute", '\u{e9}'),
    ("ecirc", '\u{ea}'),
    ("egrave", '\u{e8}'),
    ("empty", '\u{2205}'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("epsilon", '\u{3b5}'),
    ("equiv", '\u{2261}'),
    ("eta", '\u{3b7}'),
    ("eth", '\u{f0}'),
    ("euml", '\u{eb}'),
    ("euro", '\u{20ac}'),
    ("exist", '\u{2203}'),
    ("fnof", '\u{192}'),
    ("forall", '\u{2200}'),
    ("frac12", '\u{bd}'),
    ("frac14", '\u{bc}'),
    ("frac34", '\u{be}'),
    ("frasl", '\u{2044}'),
    ("gamma", '\u{3b3}'),
    ("ge", '\u{2265}'),
    ("gt", '\u{3e}'),
    ("hArr", '\u{21d4}'),
    ("harr", '\u{2194}'),
    ("hearts", '\u{2665}'),
    ("hellip", '\u{2026}'),
    ("iacute", '\u{ed}'),
    ("icirc", '\u{ee}'),
    ("iexcl", '\u{a1}'),
    ("igrave", '\u{ec}'),
    ("image", '\u{2111}'),
    ("infin", '\u{221e}'),
    ("int", '\u{222b}'),
    ("iota", '\u{3b9}'),
    ("iquest", '\u{bf}'),
    ("isin", '\u{2208}'),
    ("iuml", '\u{ef}'),
    ("kappa", '\u{3ba}'),
    ("lArr", '\u{21d0}'),
    ("lambda", '\u{3bb}'),
    ("lang", '\u{2329}'),
    ("laquo", '\u{ab}'),
    ("larr", '\u{2190}'),
    ("lceil", '\u{2308}'),
    ("ldquo", '\u{201c}'),
    ("le", '\u{2264}'),
    ("lfloor", '\u{230a}'),
    ("lowast", '\u{2217}'),
    ("loz", '\u{25ca}'),
    ("lrm", '\u{200e}'),
    ("lsaquo", '\u{2039}'),
    ("lsquo", '\u{2018}'),
    ("lt", '\u{3c}'),
    ("macr", '\u{af}'),
    ("mdash", '\u{2014}'),
    ("micro", '\u{b5}'),
    ("middot", '\u{b7}'),
    ("minus", '\u{2212}'),
    ("mu", '\u{3bc}'),
    ("nabla", '\u{2207}'),
    ("nbsp", '\u{a0}'),
    ("ndash", '\u{2013}'),
    ("ne", '\u{2260}'),
    ("ni", '\u{220b}'),
    ("not", '\u{ac}'),
    ("notin", '\u{2209}'),
    ("nsub", '\u{2284}'),
    ("ntilde", '\u{f1}'),
    ("nu", '\u{3bd}'),
    ("oacute", '\u{f3}'),
    ("ocirc", '\u{f4}'),
    ("oelig", '\u{153}'),
    ("ograve", '\u{f2}'),
    ("oline", '\u{203e}'),
    ("omega", '\u{3c9}'),
    ("omicron", '\u{3bf}'),
    ("oplus", '\u{2295}'),
    ("or", '\u{2228}'),
    ("ordf", '\u{aa}'),
    ("ordm", '\u{ba}'),
    ("oslash", '\u{f8}'),
    ("otilde", '\u{f5}'),
    ("otimes", '\u{2297}'),
    ("ouml", '\u{f6}'),
    ("para", '\u{b6}'),
    ("part", '\u{2202}'),
    ("permil", '\u{2030}'),
    ("perp", '\u{22a5}'),
    ("phi", '\u{3c6}'),
    ("pi", '\u{3c0}'),
    ("piv", '\u{3d6}'),
    ("plusmn", '\u{b1}'),
    ("pound", '\u{a3}'),
    ("prime", '\u{2032}'),
    ("prod", '\u{220f}'),
    ("prop", '\u{221d}'),
    ("psi", '\u{3c8}'),
    ("quot", '\u{22}'),
    ("rArr", '\u{21d2}'),
    ("radic", '\u{221a}'),
    ("rang", '\u{232a}'),
    ("raquo", '\u{bb}'),
    ("rarr", '\u{2192}'),
    ("rceil", '\u{2309}'),
    ("rdquo", '\u{201d}'),
    ("real", '\u{211c}'),
    ("reg", '\u{ae}'),
    ("rfloor", '\u{230b}'),
    ("rho", '\u{3c1}'),
    ("rlm", '\u{200f}'),
    ("rsaquo", '\u{203a}'),
    ("rsquo", '\u{2019}'),
    ("sbquo", '\u{201a}'),
    ("scaron", '\u{161}'),
    ("sdot", '\u{22c5}'),
    ("sect", '\u{a7}'),
    ("shy", '\u{ad}'),
    ("sigma", '\u{3c3}'),
    ("sigmaf", '\u{3c2}'),
    ("sim", '\u{223c}'),
    ("spades", '\u{2660}'),
    ("sub", '\u{2282}'),
    ("sube", '\u{2286}'),
    ("sum", '\u{2211}'),
    ("sup", '\u{2283}'),
    ("sup1", '\u{b9}'),
    ("sup2", '\u{b2}'),
    ("sup3", '\u{b3}'),
    ("supe", '\u{2287}'),
    ("szlig", '\u{df}'),
    ("tau", '\u{3c4}'),
    ("there4", '\u{2234}'),
    ("theta", '\u{3b8}'),
    ("thetasym", '\u{3d1}'),
    ("thinsp", '\u{2009}'),
    ("thorn", '\u{fe}'),
    ("tilde", '\u{2dc}'),
    ("times", '\u{d7}'),
    ("trade", '\u{2122}'),
    ("uArr", '\u{21d1}'),
    ("uacute", '\u{fa}'),
    ("uarr", '\u{2191}'),
    ("ucirc", '\u{fb}'),
    ("ugrave", '\u{f9}'),
    ("uml", '\u{a8}'),
    ("upsih", '\u{3d2}'),
    ("upsilon", '\u{3c5}'),
    ("uuml", '\u{fc}'),
    ("weierp", '\u{2118}'),
    ("xi", '\u{3be}'),
    ("yacute", '\u{fd}'),
    ("yen", '\u{a5}'),
    ("yuml", '\u{ff}'),
    ("zeta", '\u{3b6}'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entity_table_is_sorted_for_its_binary_search() {
        assert!(ENTITIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(decode_reference("amp"), Some('&'));
        assert_eq!(decode_reference("#8211"), Some('–'));
        assert_eq!(decode_reference("#x2014"), Some('—'));
        assert_eq!(decode_reference("#150"), Some('–'));
        assert_eq!(decode_reference("#0"), None);
        assert_eq!(decode_reference("#99999999999"), None);
        assert_eq!(decode_reference("nosuch"), None);
    }

    #[test]
    fn tokens_keep_every_byte_and_read_raw_text_to_its_end_tag() {
        let text = "<p class=x id='a>b'>A &amp; B<script>if (a<b) {}</script><!-- c --></p>";
        let mut w = Vec::new();
        let toks = tokens(text, &mut w);
        assert!(w.is_empty());
        let mut at = 0;
        for t in &toks {
            let r = match t {
                Tok::Text(r) | Tok::Hidden(r) => r.clone(),
                Tok::Start { span, .. } | Tok::End { span, .. } => span.clone(),
            };
            assert_eq!(r.start, at, "{t:?}");
            at = r.end;
        }
        assert_eq!(at, text.len());
        assert!(
            matches!(&toks[0], Tok::Start { attrs, .. } if attrs[1] == ("id".to_string(), "a>b".to_string()))
        );
        let raw = text.find("if (a").unwrap();
        assert!(
            toks.contains(&Tok::Hidden(raw..raw + "if (a<b) {}".len())),
            "{toks:?}"
        );
    }
}
