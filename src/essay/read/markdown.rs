//! Markdown (CommonMark with pandoc's extensions) -> blocks and a reading view, through
//! `pulldown-cmark`: YAML front matter (its `title:`), ATX and setext headings only (a short
//! paragraph is a paragraph), lists, quotations, footnote definitions, fenced divs (`:::`
//! lines, so `::: {#refs}` is where the bibliography goes and never a citation), and as
//! non-claims code blocks, HTML blocks, tables and rules.
//!
//! The view blanks what is markup and not prose: emphasis marks, a link's `](url)`, inline
//! code, raw HTML, the `$` of math, escapes' backslashes and the `>` of quoted lines. Text
//! that CommonMark leaves as text, such as pandoc citations (`[see @k, pp. 33-35]`) and
//! footnote markers (`[^1]`), stays exactly as written for the finders.
//!
//! Why pulldown-cmark and not comrak: both parse CommonMark with footnotes and front matter
//! and give source positions; pulldown-cmark without its default features builds three
//! small crates (bitflags, memchr, unicase, all already common) against comrak's arena,
//! entity tables and more (measured in the commit that brought it).

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::view::{View, snap};
use crate::essay::Layout;
use crate::essay::block::trim;
use crate::essay::block::{Block, BlockKind};
use crate::model::Note;

/// A block container the parser is inside.
#[derive(Clone, PartialEq, Eq)]
enum Container {
    Item,
    Quote,
    /// A footnote definition, with its label.
    Note(String),
    Other,
}

/// The prose block being read: its kind, its span so far, the text ranges kept in it.
type Open = Option<(BlockKind, Range<usize>, Vec<Range<usize>>)>;

/// Reads a Markdown file.
pub(crate) fn layout(text: &str) -> Layout {
    // Fenced-div lines are not CommonMark: the parser reads them blanked (so each is a
    // paragraph break, as in pandoc), and each becomes a non-claim unit of its own.
    let mut source = text.as_bytes().to_vec();
    let mut fences = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches(' ');
        if line.len() - body.len() <= 3 && body.starts_with(":::") {
            let end = at + line.trim_end().len();
            fences.push(at..end);
            source[at..end].fill(b' ');
        }
        at += line.len();
    }
    // Blanking ASCII bytes of whole lines keeps the text UTF-8.
    let source = String::from_utf8(source).unwrap_or_else(|_| text.to_string());

    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_OLD_FOOTNOTES);
    opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_MATH);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);

    let mut view = View::new(text);
    let mut blocks: Vec<Block> = fences
        .iter()
        .map(|r| Block {
            kind: BlockKind::Markup,
            span: r.clone(),
            content: r.start,
            heading: None,
        })
        .collect();
    let mut containers: Vec<Container> = Vec::new();
    let mut open: Open = None;
    // Footnote definitions (range, label) and the first marker calling each label.
    let mut defs: Vec<(Range<usize>, String)> = Vec::new();
    let mut markers: std::collections::HashMap<String, Range<usize>> = Default::default();
    // Inside a heading: its range and the text ranges of its visible text.
    let mut heading: Option<(u8, Range<usize>, Vec<Range<usize>>)> = None;
    // Inside an opaque block (code, HTML, table, front matter): depth and range.
    let mut opaque: Option<(usize, Range<usize>, BlockKind)> = None;

    let close = |open: &mut Open, view: &mut View, blocks: &mut Vec<Block>| {
        if let Some((kind, span, keep)) = open.take() {
            blank_outside(view, span.clone(), &keep);
            blocks.push(Block {
                kind,
                span: span.clone(),
                content: span.start,
                heading: None,
            });
        }
    };

    for (event, range) in Parser::new_ext(&source, opts).into_offset_iter() {
        if let Some((depth, r, kind)) = &mut opaque {
            match &event {
                Event::Start(_) => *depth += 1,
                Event::End(_) if *depth == 0 => {
                    r.end = r.end.max(range.end);
                    blocks.push(Block {
                        kind: *kind,
                        span: r.clone(),
                        content: r.start,
                        heading: None,
                    });
                    opaque = None;
                }
                Event::End(_) => *depth -= 1,
                _ => {}
            }
            continue;
        }
        if let Some((level, r, keep)) = &mut heading {
            match &event {
                Event::End(TagEnd::Heading(_)) => {
                    let r = r.start..r.end.max(range.end);
                    blank_outside(&mut view, r.clone(), keep);
                    let visible = keep.first().map(|f| f.start).unwrap_or(r.start)
                        ..keep.last().map(|l| l.end).unwrap_or(r.end);
                    blocks.push(Block {
                        kind: BlockKind::Heading(*level),
                        span: r.clone(),
                        content: r.start,
                        heading: Some(visible),
                    });
                    heading = None;
                }
                Event::Text(_) => {
                    pandoc_text(&mut view, &source, range.clone());
                    keep.push(range)
                }
                Event::Code(_) | Event::InlineMath(_) => keep.push(inner(&source, range)),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    close(&mut open, &mut view, &mut blocks);
                    open = Some((kind_in(&containers), range, Vec::new()));
                }
                Tag::Heading { level, .. } => {
                    close(&mut open, &mut view, &mut blocks);
                    heading = Some((level as u8, range, Vec::new()));
                }
                Tag::BlockQuote(_) => {
                    close(&mut open, &mut view, &mut blocks);
                    containers.push(Container::Quote);
                }
                Tag::Item => {
                    close(&mut open, &mut view, &mut blocks);
                    containers.push(Container::Item);
                }
                Tag::FootnoteDefinition(label) => {
                    close(&mut open, &mut view, &mut blocks);
                    defs.push((range.clone(), label.to_string()));
                    containers.push(Container::Note(label.to_string()));
                }
                Tag::List(_) | Tag::DefinitionList | Tag::DefinitionListDefinition => {
                    close(&mut open, &mut view, &mut blocks);
                    containers.push(Container::Other);
                }
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Table(_) => {
                    close(&mut open, &mut view, &mut blocks);
                    opaque = Some((0, range, BlockKind::Markup));
                }
                Tag::MetadataBlock(_) => {
                    close(&mut open, &mut view, &mut blocks);
                    opaque = Some((0, range, BlockKind::FrontMatter));
                }
                // Inline containers (emphasis, links, images...): their marks are whatever
                // of the block is not kept text.
                _ => {
                    open_if_none(&mut open, &containers, range.start);
                }
            },
            Event::End(end) => match end {
                TagEnd::Paragraph => {
                    if let Some((_, span, _)) = &mut open {
                        span.end = span.end.max(range.end);
                    }
                    close(&mut open, &mut view, &mut blocks);
                }
                TagEnd::BlockQuote(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::List(_)
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListDefinition => {
                    close(&mut open, &mut view, &mut blocks);
                    containers.pop();
                }
                _ => {
                    if let Some((_, span, _)) = &mut open {
                        span.end = span.end.max(range.end);
                    }
                }
            },
            Event::FootnoteReference(label) => {
                markers.entry(label.to_string()).or_insert(range.clone());
                open_if_none(&mut open, &containers, range.start);
                if let Some((_, span, keep)) = &mut open {
                    span.end = span.end.max(range.end);
                    keep.push(range);
                }
            }
            Event::Text(_) => {
                pandoc_text(&mut view, &source, range.clone());
                open_if_none(&mut open, &containers, range.start);
                if let Some((_, span, keep)) = &mut open {
                    span.end = span.end.max(range.end);
                    keep.push(range);
                }
            }
            Event::InlineMath(_) => {
                open_if_none(&mut open, &containers, range.start);
                if let Some((_, span, keep)) = &mut open {
                    span.end = span.end.max(range.end);
                    keep.push(inner(&source, range));
                }
            }
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::DisplayMath(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::TaskListMarker(_) => {
                if let Some((_, span, _)) = &mut open {
                    span.end = span.end.max(range.end);
                }
            }
            Event::Rule => {
                close(&mut open, &mut view, &mut blocks);
                blocks.push(Block {
                    kind: BlockKind::Markup,
                    span: range.clone(),
                    content: range.start,
                    heading: None,
                });
            }
        }
    }
    close(&mut open, &mut view, &mut blocks);
    if let Some((_, r, kind)) = opaque {
        blocks.push(Block {
            kind,
            span: r.clone(),
            content: r.start,
            heading: None,
        });
    }
    let view = view.finish();
    blocks.sort_by_key(|b| b.span.start);
    let blocks: Vec<Block> = blocks
        .into_iter()
        .filter_map(|mut b| {
            let span = if b.kind == BlockKind::Markup || b.kind == BlockKind::FrontMatter {
                trim(text, b.span.clone())
            } else {
                trim(&view, snap(&view, b.span.clone()))
            };
            if span.is_empty() {
                return None;
            }
            b.content = trim(&view, span.clone()).start;
            if let Some(h) = &b.heading {
                b.heading = Some(trim(&view, snap(&view, h.clone())));
            }
            b.span = span;
            Some(b)
        })
        .collect();
    // Each note block's definition by a binary search over the definitions (sorted by
    // start): a scan of them all per block made 40,000 footnotes quadratic.
    defs.sort_by_key(|(r, _)| r.start);
    let notes = blocks
        .iter()
        .filter(|b: &&Block| b.kind == BlockKind::Note)
        .filter_map(|b| {
            let at = b.span.start;
            let k = defs
                .partition_point(|(r, _)| r.start <= at)
                .checked_sub(1)?;
            let label = match &defs[k] {
                (r, label) if r.contains(&at) => label,
                // A definition inside another (rare): the scan.
                _ => &defs.iter().find(|(r, _)| r.contains(&at))?.1,
            };
            let marker = markers.get(label).map(|m| (m.start, m.end));
            Some((
                b.span.start,
                Note {
                    label: label.clone(),
                    marker,
                },
            ))
        })
        .collect();
    Layout {
        view,
        split: None,
        blocks,
        structured: true,
        locations: None,
        title: None,
        notes,
        note_view: None,
    }
}

/// Text as pandoc's Markdown reads it where CommonMark leaves it as written: dashes
/// (`dashes`) and an escaped space, `\ `, which is a non-breaking space in pandoc (it writes
/// one inside a superscript citation, `^see\ also\ 19(p595)^`), read as a space.
fn pandoc_text(view: &mut View, source: &str, r: Range<usize>) {
    dashes(view, source, r.clone());
    let b = source.as_bytes();
    let mut k = r.start;
    while k + 1 < r.end {
        if b[k] == b'\\' && b[k + 1] == b' ' {
            view.replace(k..k + 2, " ");
            k += 2;
        } else {
            k += 1;
        }
    }
}

/// Dashes as pandoc's `smart` extension reads them: `---` an em dash, `--` an en dash
/// (shown as a hyphen, the only dash that fits in two bytes: "pp. 14--16" reads "pp. 14-16").
pub(super) fn dashes(view: &mut View, source: &str, r: Range<usize>) {
    let b = source.as_bytes();
    let mut k = r.start;
    while k + 1 < r.end {
        if b[k] == b'-' && b[k + 1] == b'-' {
            if k + 2 < r.end && b[k + 2] == b'-' {
                view.replace(k..k + 3, "—");
                k += 3;
            } else {
                view.replace(k..k + 2, "-");
                k += 2;
            }
        } else {
            k += 1;
        }
    }
}

fn kind_in(containers: &[Container]) -> BlockKind {
    match containers.iter().rev().find(|c| **c != Container::Other) {
        Some(Container::Item) => BlockKind::ListItem,
        Some(Container::Quote) => BlockKind::Quote,
        Some(Container::Note(_)) => BlockKind::Note,
        Some(Container::Other) | None => BlockKind::Text,
    }
}

fn open_if_none(open: &mut Open, containers: &[Container], at: usize) {
    if open.is_none() {
        *open = Some((kind_in(containers), at..at, Vec::new()));
    }
}

/// Blanks every byte of `span` outside the `keep` ranges (kept text), except whitespace.
fn blank_outside(view: &mut View, span: Range<usize>, keep: &[Range<usize>]) {
    let mut keep: Vec<Range<usize>> = keep.to_vec();
    keep.sort_by_key(|r| r.start);
    let mut at = span.start;
    for k in keep.iter().chain(std::iter::once(&(span.end..span.end))) {
        if k.start > at {
            view.blank_markup(at..k.start.min(span.end));
        }
        at = at.max(k.end);
    }
}

/// The inside of an inline code or math span: its range without the delimiters.
fn inner(source: &str, r: Range<usize>) -> Range<usize> {
    let s = &source[r.clone()];
    let lead = s.len() - s.trim_start_matches(['$', '`']).len();
    let trail = s.len() - s.trim_end_matches(['$', '`']).len();
    if lead + trail >= s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}
