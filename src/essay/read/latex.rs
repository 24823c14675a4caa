//! LaTeX (`.tex`) -> blocks and a reading view, by the document's structure: the preamble,
//! `\title` and `\author`, `\part` ... `\subparagraph` (starred too) as headings, paragraphs
//! split at blank lines and `\par`, `itemize`/`enumerate`/`description` items, `quote`
//! environments, and as non-claims the environments that hold no prose (figures, tables,
//! equations, code listings).
//!
//! The view (`view.rs`) drops comments, command names and braces, decodes escapes and accents
//! (`\%`, `\&`, `{\"o}`, `\ss`), shows inline math by its content without the `$`, and keeps
//! citation commands exactly as written for the finders (`cite::find`'s LaTeX rule). A
//! `\footnote{...}` (`\endnote`, `\footnotetext` after a `\footnotemark`) is a note unit: its
//! body read as running text into a second view (`Layout::note_view`), numbered as LaTeX
//! numbers it, marked by the whole command; in the sentence that carries it its words are
//! blanked, its citations kept as written, and the sentence splitter never sees a full stop
//! inside it (`cite::cite_document` then cites them once, from the note, on that sentence).
//! A citation command or note glued to a full stop (`over.\footcite{k}`) stays with the
//! sentence before it.
//!
//! `\input`, `\include`, `\subfile` and `\import` in the body are not followed here (a
//! reader reads no files): `includes` lists them, and `ops::import::follow_includes` follows
//! them, each file a document of its own; the preamble's (macros) are not listed.

use crate::model::{LATEX_CITE_COMMANDS, LATEX_MULTICITE_COMMANDS};
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::Warning;
use super::view::{View, snap};
use crate::essay::Layout;
use crate::essay::block::{Block, BlockKind};
use crate::model::Note;

/// Sectioning commands and the heading level each gives (`\title` is level 1).
const SECTIONS: &[(&str, u8)] = &[
    ("part", 2),
    ("chapter", 2),
    ("section", 2),
    ("subsection", 3),
    ("subsubsection", 4),
    ("paragraph", 5),
    ("subparagraph", 6),
];

/// Environments that hold no prose: their whole body is one non-claim unit.
const OPAQUE: &[&str] = &[
    "figure",
    "figure*",
    "table",
    "table*",
    "tabular",
    "tabular*",
    "tabularx",
    "longtable",
    "equation",
    "equation*",
    "align",
    "align*",
    "alignat",
    "alignat*",
    "gather",
    "gather*",
    "multline",
    "multline*",
    "eqnarray",
    "eqnarray*",
    "displaymath",
    "math",
    "verbatim",
    "verbatim*",
    "Verbatim",
    "lstlisting",
    "minted",
    "comment",
    "tikzpicture",
    "picture",
    "thebibliography",
    "titlepage",
];

/// Environments read literally to their `\end` (their body is not LaTeX).
const VERBATIM: &[&str] = &[
    "verbatim",
    "verbatim*",
    "Verbatim",
    "lstlisting",
    "minted",
    "comment",
];

const LISTS: &[&str] = &["itemize", "enumerate", "description", "compactitem"];
const QUOTES: &[&str] = &["quote", "quotation", "verse", "displayquote"];

/// Whether `\name` is a citation command (as `cite::find` reads them, and `\nocite`); a
/// `foot...` one is a note.
fn is_cite(name: &str) -> bool {
    name == "nocite"
        || LATEX_CITE_COMMANDS.contains(&name)
        || LATEX_MULTICITE_COMMANDS.contains(&name)
}

/// Commands whose arguments are not prose: blanked whole.
const DROP_ARGS: &[&str] = &[
    "label",
    "index",
    "ref",
    "eqref",
    "pageref",
    "autoref",
    "cref",
    "Cref",
    "vref",
    "nameref",
    "includegraphics",
    "vspace",
    "vspace*",
    "hspace",
    "hspace*",
    "setlength",
    "addtolength",
    "setcounter",
    "addbibresource",
    "bibliography",
    "bibliographystyle",
    "usepackage",
    "documentclass",
    "newcommand",
    "renewcommand",
    "providecommand",
    "pagestyle",
    "thispagestyle",
    "pagenumbering",
    "hypersetup",
    "date",
    "thanks",
    "keywords",
    "color",
    "fontsize",
];

/// Commands that stand between paragraphs (they end the one open).
const BREAKS: &[&str] = &[
    "par",
    "maketitle",
    "tableofcontents",
    "listoffigures",
    "listoftables",
    "printbibliography",
    "bibliography",
    "newpage",
    "clearpage",
    "cleardoublepage",
    "pagebreak",
    "appendix",
    "frontmatter",
    "mainmatter",
    "backmatter",
    "bigskip",
    "medskip",
    "smallskip",
    "centering",
    "item",
];

/// Letters written as commands.
const LETTERS: &[(&str, &str)] = &[
    ("ss", "ß"),
    ("o", "ø"),
    ("O", "Ø"),
    ("ae", "æ"),
    ("AE", "Æ"),
    ("oe", "œ"),
    ("OE", "Œ"),
    ("aa", "å"),
    ("AA", "Å"),
    ("l", "ł"),
    ("L", "Ł"),
    ("i", "ı"),
    ("j", "ȷ"),
    ("dots", "…"),
    ("ldots", "…"),
    ("textellipsis", "…"),
    ("textendash", "–"),
    ("textemdash", "—"),
    ("S", "§"),
    ("P", "¶"),
    ("LaTeX", "LaTeX"),
    ("TeX", "TeX"),
    ("copyright", "©"),
    ("textquoteright", "’"),
    ("textquoteleft", "‘"),
    ("textquotedblleft", "“"),
    ("textquotedblright", "”"),
    ("textasciitilde", "~"),
    ("textbackslash", "\\"),
    ("textbar", "|"),
    ("slash", "/"),
    ("textdegree", "°"),
    ("euro", "€"),
    ("pounds", "£"),
];

/// Accent commands and the combining mark each puts on the letter after it.
const ACCENTS: &[(u8, char)] = &[
    (b'\'', '\u{301}'),
    (b'`', '\u{300}'),
    (b'^', '\u{302}'),
    (b'"', '\u{308}'),
    (b'~', '\u{303}'),
    (b'=', '\u{304}'),
    (b'.', '\u{307}'),
    (b'c', '\u{327}'),
    (b'v', '\u{30C}'),
    (b'u', '\u{306}'),
    (b'H', '\u{30B}'),
    (b'r', '\u{30A}'),
    (b'k', '\u{328}'),
    (b'd', '\u{323}'),
    (b'b', '\u{331}'),
];

/// How far an argument is looked for before it is called unbalanced: a paragraph's worth.
const MAX_ARG: usize = 64 * 1024;

/// What a paragraph opened now is, from the environments around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Env {
    List,
    Quote,
    Other,
}

struct Scan<'a> {
    text: &'a str,
    b: &'a [u8],
    view: View,
    blocks: Vec<Block>,
    /// The open paragraph: its start and its kind.
    open: Option<(usize, BlockKind, usize)>,
    envs: Vec<(String, Env)>,
    warnings: Vec<Warning>,
    title: Option<String>,
    /// The view notes are read in (`Layout::note_view`): a note's body decoded as running
    /// text is, where the running text's view blanks it.
    note_view: View,
    /// A note's body is being read into `note_view` (a note inside it is not another unit).
    in_note: bool,
    /// Each note read: its block (the body) and its label and marker.
    notes: Vec<(Block, Note)>,
    /// The footnote and endnote counters, as LaTeX steps them.
    footnotes: u32,
    endnotes: u32,
    /// `\footnotemark`s waiting for their `\footnotetext`: label and marker.
    marks: std::collections::VecDeque<(String, (usize, usize))>,
    /// Each `\input`, `\include`, `\subfile`, `\import`: where, the command, the file as
    /// written (`includes`).
    includes: Vec<(usize, String, String)>,
    /// Every `{` and the `}` closing it, by the `{` (`closing`), made when first needed.
    braces: Option<Vec<(usize, usize)>>,
}

/// Reads a LaTeX file.
pub(crate) fn layout(text: &str) -> (Layout, Vec<Warning>) {
    let (layout, warnings, _) = read(text);
    (layout, warnings)
}

/// The files a LaTeX file brings in (`\\input{...}` and the like, outside comments and
/// verbatim text): where the command is, the command, the file as written.
pub(crate) fn includes(text: &str) -> Vec<(usize, String, String)> {
    read(text).2
}

fn read(text: &str) -> (Layout, Vec<Warning>, Vec<(usize, String, String)>) {
    let mut s = Scan {
        text,
        b: text.as_bytes(),
        view: View::new(text),
        blocks: Vec::new(),
        open: None,
        envs: Vec::new(),
        warnings: Vec::new(),
        title: None,
        note_view: View::new(text),
        in_note: false,
        notes: Vec::new(),
        footnotes: 0,
        endnotes: 0,
        marks: Default::default(),
        includes: Vec::new(),
        braces: None,
    };
    let (body_start, body_end) = match find(s.b, 0, b"\\begin{document}") {
        Some(at) => {
            let start = at + "\\begin{document}".len();
            let end = find(s.b, start, b"\\end{document}").unwrap_or(text.len());
            s.preamble(0..at);
            s.markup(at..start);
            (start, end)
        }
        None => (0, text.len()),
    };
    s.body(body_start, body_end);
    if body_end < text.len() {
        s.markup(body_end..text.len());
    }
    let includes = std::mem::take(&mut s.includes);
    let (layout, warnings) = s.finish();
    (layout, warnings, includes)
}

impl Scan<'_> {
    fn finish(mut self) -> (Layout, Vec<Warning>) {
        self.close(self.b.len());
        let (view, split) = self.view.finish_split();
        let note_view = self.note_view.finish();
        // Each note after the block it is written in (blocks are in the order they start).
        let mut notes = Vec::new();
        for (mut b, note) in std::mem::take(&mut self.notes) {
            // The braces around a body are spaces in the note view (`note_body`): no word
            // reaches over them, so the span needs no snapping.
            let span = trim(&note_view, b.span.clone());
            if span.is_empty() {
                continue;
            }
            b.content = span.start;
            b.span = span;
            notes.push((b.span.start, note));
            self.blocks.push(b);
        }
        self.blocks.sort_by_key(|b| b.span.start);
        // Spans trimmed to what the view shows; a block the view shows nothing of is dropped
        // (a paragraph of comments and labels).
        let mut blocks = Vec::new();
        for mut b in self.blocks {
            if b.kind == BlockKind::Note {
                blocks.push(b);
                continue;
            }
            if b.kind == BlockKind::Markup {
                b.span = trim(self.text, b.span.clone());
                if !b.span.is_empty() {
                    b.content = b.span.start;
                    blocks.push(b);
                }
                continue;
            }
            let span = trim(&view, snap(&view, b.span.clone()));
            if span.is_empty() {
                continue;
            }
            b.content = snap(&view, b.content.clamp(span.start, span.end)..span.end).start;
            b.content = trim(&view, b.content.max(span.start)..span.end).start;
            if let Some(h) = &b.heading {
                let h = trim(&view, snap(&view, h.clone()));
                b.heading = (!h.is_empty()).then_some(h);
            }
            b.span = span;
            blocks.push(b);
        }
        let title = self.title.or_else(|| {
            blocks
                .iter()
                .find(|b| b.kind == BlockKind::Title)
                .and_then(|b| b.heading.clone())
                .map(|h| crate::essay::role::collapse(&view[h]))
        });
        (
            Layout {
                view,
                split: Some(split),
                blocks,
                structured: true,
                locations: None,
                title,
                notes,
                note_view: Some(note_view),
            },
            self.warnings,
        )
    }

    fn markup(&mut self, r: Range<usize>) {
        self.close(r.start);
        if r.is_empty() {
            return;
        }
        self.blocks.push(Block {
            kind: BlockKind::Markup,
            span: r.clone(),
            content: r.start,
            heading: None,
        });
    }

    fn warn(&mut self, at: usize, message: String) {
        self.warnings.push(Warning {
            at,
            message,
            place: None,
        });
    }

    /// The preamble is markup except its `\title{}` and `\author{}`.
    fn preamble(&mut self, r: Range<usize>) {
        let mut from = r.start;
        let mut i = r.start;
        while i < r.end {
            match self.b[i] {
                b'%' => i = line_end(self.b, i),
                b'\\' => {
                    let (name, after) = command(self.b, i);
                    if matches!(name, "title" | "author")
                        && let Some(arg) = self.argument(after, r.end)
                    {
                        self.markup(from..i);
                        self.titling(name, i, arg.clone());
                        from = arg.end + 1;
                        i = arg.end + 1;
                    } else {
                        i = after.max(i + 1);
                    }
                }
                _ => i += 1,
            }
        }
        self.markup(from..r.end);
    }

    /// A `\title{...}` or `\author{...}` at `at` with its argument's inside `arg`.
    fn titling(&mut self, name: &str, at: usize, arg: Range<usize>) {
        self.close(at);
        self.space(at..arg.start);
        self.space(arg.end..arg.end + 1);
        self.inline(arg.clone());
        let kind = if name == "title" {
            BlockKind::Title
        } else {
            // "A \and B" and "\\" between authors.
            BlockKind::Byline
        };
        self.blocks.push(Block {
            kind,
            span: at..arg.end + 1,
            content: arg.start,
            heading: Some(arg),
        });
    }

    fn body(&mut self, start: usize, end: usize) {
        let mut i = start;
        while i < end {
            let c = self.b[i];
            match c {
                b'%' => {
                    let e = line_end(self.b, i).min(end);
                    self.blank_both(i..e);
                    i = e;
                }
                b'\n' => {
                    // A blank line (spaces only) ends the paragraph.
                    let next = line_end(self.b, i + 1).min(end);
                    if self.text[i + 1..next].trim().is_empty() {
                        self.close(i);
                    }
                    i += 1;
                }
                b'`' if self.b.get(i + 1) == Some(&b'`') => {
                    self.opening(i);
                    self.view.replace(i..i + 2, "\"");
                    i += 2;
                }
                b'\'' if self.b.get(i + 1) == Some(&b'\'') => {
                    self.view.replace(i..i + 2, "\"");
                    i += 2;
                }
                b'-' if self.b[i..].starts_with(b"--") => {
                    let n = if self.b[i..].starts_with(b"---") {
                        3
                    } else {
                        2
                    };
                    super::markdown::dashes(&mut self.view, self.text, i..i + n);
                    i += n;
                }
                b'\\' => i = self.command(i, end),
                b'$' => i = self.math(i, end),
                b'{' | b'}' => {
                    self.blank_both(i..i + 1);
                    i += 1;
                }
                b'~' => {
                    self.view.space(i..i + 1);
                    i += 1;
                }
                _ => {
                    if !c.is_ascii_whitespace() {
                        self.opening(i);
                    }
                    i += 1;
                }
            }
        }
    }

    /// Opens a paragraph at `at` if none is open.
    fn opening(&mut self, at: usize) {
        if self.open.is_none() {
            let kind = match self
                .envs
                .iter()
                .rev()
                .map(|e| e.1)
                .find(|&e| e != Env::Other)
            {
                Some(Env::List) => BlockKind::ListItem,
                Some(Env::Quote) => BlockKind::Quote,
                _ => BlockKind::Text,
            };
            self.open = Some((at, kind, at));
        }
    }

    fn close(&mut self, at: usize) {
        if let Some((start, kind, content)) = self.open.take()
            && at > start
        {
            self.blocks.push(Block {
                kind,
                span: start..at,
                content,
                heading: None,
            });
        }
    }

    /// Blanks inline markup (padding moves to the end of its word).
    fn blank_both(&mut self, r: Range<usize>) {
        self.view.blank(r);
    }

    /// Blanks structural markup (a heading's command, `\item`): real spaces, so no word
    /// moves over a block's edge.
    fn space(&mut self, r: Range<usize>) {
        self.view.space(r);
    }

    /// A command at `i`; returns where reading goes on.
    fn command(&mut self, i: usize, end: usize) -> usize {
        let (name, after) = command(self.b, i);
        let name = name.to_string();
        // Escaped characters and spacing commands.
        if name.len() == 1 && !name.as_bytes()[0].is_ascii_alphabetic() {
            let ch = name.as_bytes()[0];
            if let Some(&(_, mark)) = ACCENTS.iter().find(|(a, _)| *a == ch) {
                self.opening(i);
                return self.accent(i, after, mark);
            }
            match ch {
                b'%' | b'&' | b'$' | b'#' | b'_' | b'{' | b'}' => {
                    self.opening(i);
                    let r = i..after;
                    self.view.replace(r.clone(), &name);
                }
                b'\\' | b' ' | b',' | b';' | b'!' | b':' | b'/' | b'-' | b'@' => {
                    self.view.space(i..after);
                    if name == "-" || name == "/" || name == "@" {
                        // A hyphenation point or a spacing hint inside a word.
                        self.view.blank(i..after);
                    }
                }
                b'(' => return self.inline_math(i, end, b"\\)"),
                b'[' => {
                    let close = find(self.b, after, b"\\]").map_or(end, |e| e + 2).min(end);
                    self.blank_both(i..close);
                    return close;
                }
                _ => self.blank_both(i..after),
            }
            return after;
        }
        // Letter accents: \c{c}, \v s, \u{g}.
        if name.len() == 1
            && let Some(&(_, mark)) = ACCENTS.iter().find(|(a, _)| *a == name.as_bytes()[0])
            && matches!(self.b.get(after), Some(b'{' | b' '))
        {
            self.opening(i);
            return self.accent(i, after, mark);
        }
        if let Some(&(_, level)) = SECTIONS.iter().find(|(n, _)| *n == name) {
            return self.heading(i, after, level, end);
        }
        match name.as_str() {
            "title" | "author" => {
                if let Some(arg) = self.argument(skip_star_opt(self.b, after), end) {
                    let next = arg.end + 1;
                    self.titling(&name, i, arg);
                    return next;
                }
            }
            "begin" => return self.begin(i, after, end),
            "end" => {
                self.close(i);
                let arg = self.argument(after, end);
                let next = arg.as_ref().map_or(after, |a| a.end + 1);
                if let Some(a) = arg {
                    let env = &self.text[a];
                    if let Some(k) = self.envs.iter().rposition(|(e, _)| e == env) {
                        self.envs.truncate(k);
                    }
                }
                self.space(i..next);
                return next;
            }
            "item" => {
                self.close(i);
                let mut next = after;
                if self.b.get(next) == Some(&b'[')
                    && let Some(e) = group(self.b, next, b'[', b']', end)
                {
                    next = e + 1;
                }
                self.space(i..next);
                self.opening(next);
                return next;
            }
            "input" | "include" | "subfile" | "import" | "subimport" | "includeonly" => {
                self.close(i);
                let arg = self.argument(after, end);
                let mut next = arg.as_ref().map_or(after, |a| a.end + 1);
                let mut what = arg.map(|a| self.text[a].trim().to_string());
                // \import{dir/}{file}: the file in that folder.
                if matches!(name.as_str(), "import" | "subimport")
                    && let Some(file) = self.argument(next, end)
                {
                    next = file.end + 1;
                    let dir = what.take().unwrap_or_default();
                    let dir = dir.trim_end_matches('/');
                    let file = self.text[file].trim();
                    what = Some(if dir.is_empty() {
                        file.to_string()
                    } else {
                        format!("{dir}/{file}")
                    });
                }
                match what {
                    Some(w) if !w.is_empty() && name != "includeonly" && !self.in_note => {
                        self.includes.push((i, format!("\\{name}"), w));
                    }
                    Some(_) => {}
                    None => self.warn(i, format!("\\{name} without its {{...}} argument")),
                }
                self.markup(i..next);
                return next;
            }
            "footnote" | "footnotetext" | "endnote" => {
                return self.footnote(i, after, end, &name);
            }
            "footnotemark" => {
                // Its text comes later, in a \footnotetext; the mark is the note's marker.
                let (label, next) = self.note_label(after, "footnote");
                self.blank_both(i..next);
                if !self.in_note {
                    self.marks.push_back((label, (i, next)));
                }
                return next;
            }
            _ => {}
        }
        if is_cite(&name) {
            return self.citation(i, after, &name, end);
        }
        if let Some(&(_, letter)) = LETTERS.iter().find(|(n, _)| *n == name) {
            self.opening(i);
            // `\ss{}` and `\ldots{}`: the empty group is part of the command.
            let mut next = after;
            if self.b.get(next) == Some(&b'{') && self.b.get(next + 1) == Some(&b'}') {
                next += 2;
            }
            self.view.replace(i..next, letter);
            return next;
        }
        if DROP_ARGS.contains(&name.as_str()) {
            let mut next = skip_star_opt(self.b, after);
            if let Some(arg) = self.argument(next, end) {
                next = arg.end + 1;
            }
            self.blank_both(i..next);
            if BREAKS.contains(&name.as_str()) {
                self.close(i);
            }
            return next;
        }
        if BREAKS.contains(&name.as_str()) {
            self.close(i);
            self.space(i..after);
            return after;
        }
        if name == "href" {
            // \href{url}{text}: the text only.
            if let Some(url) = self.argument(after, end) {
                self.blank_both(i..url.end + 1);
                return url.end + 1;
            }
        }
        if name == "enquote" && self.b.get(after) == Some(&b'{') {
            // \enquote{x} reads "x"; the braces' quotes go where the braces were.
            if let Some(e) = group(self.b, after, b'{', b'}', end) {
                self.opening(i);
                self.blank_both(i..after);
                self.view.replace(after..after + 1, "\"");
                self.view.replace(e..e + 1, "\"");
                return after + 1;
            }
        }
        // Any other command: its name goes, its arguments are read as text.
        self.blank_both(i..after);
        after
    }

    fn accent(&mut self, i: usize, after: usize, mark: char) -> usize {
        // \"o, \"{o}, \c c (a letter accent takes a space then the letter).
        let mut j = after;
        while self.b.get(j) == Some(&b' ') && self.b[i + 1].is_ascii_alphabetic() {
            j += 1;
        }
        let (letter, next) = if self.b.get(j) == Some(&b'{') {
            match self.text[j + 1..].chars().next() {
                Some(c) if self.b.get(j + 1 + c.len_utf8()) == Some(&b'}') => {
                    (Some(c), j + 2 + c.len_utf8())
                }
                // \"{} or \'{\i}: the braces' contents are read on their own.
                _ => (None, j),
            }
        } else if self.b.get(j) == Some(&b'\\') {
            // \'\i: a dotless letter.
            let (name, a) = command(self.b, j);
            match name {
                "i" => (Some('i'), a),
                "j" => (Some('j'), a),
                _ => (None, j),
            }
        } else {
            match self.text[j..].chars().next() {
                Some(c) if c.is_alphabetic() => (Some(c), j + c.len_utf8()),
                _ => (None, j),
            }
        };
        match letter {
            Some(c) => {
                let composed: String = [c, mark].iter().collect::<String>().nfc().collect();
                self.view.replace(i..next, &composed);
                next
            }
            None => {
                self.blank_both(i..after);
                after
            }
        }
    }

    fn heading(&mut self, i: usize, after: usize, level: u8, end: usize) -> usize {
        self.close(i);
        let at = skip_star_opt(self.b, after);
        let Some(arg) = self.argument(at, end) else {
            self.blank_both(i..after);
            return after;
        };
        let next = arg.end + 1;
        self.space(i..arg.start);
        self.space(arg.end..next);
        self.inline(arg.clone());
        self.blocks.push(Block {
            kind: BlockKind::Heading(level),
            span: i..next,
            content: arg.start,
            heading: Some(arg),
        });
        next
    }

    fn begin(&mut self, i: usize, after: usize, end: usize) -> usize {
        let Some(arg) = self.argument(after, end) else {
            self.blank_both(i..after);
            return after;
        };
        let env = self.text[arg.clone()].to_string();
        let mut next = arg.end + 1;
        if OPAQUE.contains(&env.as_str()) {
            self.close(i);
            let close = format!("\\end{{{env}}}");
            let stop = if VERBATIM.contains(&env.as_str()) {
                find(self.b, next, close.as_bytes())
            } else {
                matching_end(self.b, next, &env)
            };
            let stop = match stop {
                Some(s) => (s + close.len()).min(end),
                None => {
                    self.warn(i, format!("\\begin{{{env}}} without \\end{{{env}}}"));
                    end
                }
            };
            self.view.unsplittable(i..stop);
            self.markup(i..stop);
            return stop;
        }
        let kind = if LISTS.contains(&env.as_str()) {
            self.close(i);
            Env::List
        } else if QUOTES.contains(&env.as_str()) {
            self.close(i);
            Env::Quote
        } else {
            if env == "abstract" {
                self.close(i);
            }
            Env::Other
        };
        // An environment's own arguments (`\begin{minipage}{5cm}`) are not prose.
        if matches!(env.as_str(), "minipage" | "multicols" | "wrapfigure")
            && let Some(a) = self.argument(next, end)
        {
            next = a.end + 1;
        }
        self.envs.push((env, kind));
        self.space(i..next);
        next
    }

    /// A citation command: kept as written in the view; in the split view blanked when it
    /// is a note or sits right after a full stop, so it never opens a sentence.
    fn citation(&mut self, i: usize, after: usize, name: &str, end: usize) -> usize {
        let mut next = after;
        if self.b.get(next) == Some(&b'*') {
            next += 1;
        }
        // Arguments: (pre)(post) for multicites, [pre][post]{keys}, repeated for multicites.
        loop {
            let mut j = next;
            while self.b.get(j).is_some_and(|b| *b == b' ' || *b == b'\n') && j - next < 2 {
                j += 1;
            }
            let (open, close) = match self.b.get(j) {
                Some(b'[') => (b'[', b']'),
                Some(b'{') => (b'{', b'}'),
                Some(b'(') if name.ends_with('s') => (b'(', b')'),
                _ => break,
            };
            match group(self.b, j, open, close, end) {
                Some(e) => next = e + 1,
                None => break,
            }
            if open == b'{' && !name.ends_with('s') {
                break;
            }
        }
        if name == "nocite" {
            self.blank_both(i..next);
            return next;
        }
        self.opening(i);
        self.view.protect(i..next);
        let before = self.text[..i].chars().next_back();
        let glued = before.is_some_and(|c| matches!(c, '.' | '?' | '!' | ',' | ';' | ':'));
        if name.starts_with("foot") || glued {
            self.view.unsplittable(i..next);
        }
        next
    }

    /// The label of a note whose command's arguments start at `after` (`[5]` sets it, as
    /// in LaTeX, without stepping the counter; else the counter of `kind` steps), and where
    /// the optional argument ends.
    fn note_label(&mut self, after: usize, kind: &str) -> (String, usize) {
        if self.b.get(after) == Some(&b'[')
            && let Some(e) = group(self.b, after, b'[', b']', self.b.len())
        {
            return (self.text[after + 1..e].trim().to_string(), e + 1);
        }
        let counter = if kind == "endnote" {
            &mut self.endnotes
        } else {
            &mut self.footnotes
        };
        if !self.in_note {
            *counter += 1;
        }
        (counter.to_string(), after)
    }

    /// A note (`\footnote`, `\endnote`, `\footnotetext`): in the running text its words are
    /// not the sentence's (its citations stay, for the sentence splitter and as written);
    /// the body is read on its own into the note view and becomes a note unit, its marker
    /// the whole command, so `cite::cite_document` moves its citations to the sentence that
    /// carries it. A `\footnotetext`'s marker is the `\footnotemark` it follows.
    fn footnote(&mut self, i: usize, after: usize, end: usize, name: &str) -> usize {
        let (label, at) = if name == "footnotetext" {
            match self.marks.front() {
                Some(_) => (String::new(), skip_star_opt(self.b, after)),
                None => self.note_label(after, "footnotetext"),
            }
        } else {
            self.note_label(after, name)
        };
        let at = skip_star_opt(self.b, at);
        let Some(arg) = self.argument(at, end) else {
            self.warn(i, format!("\\{name} without its {{...}} argument"));
            self.blank_both(i..after);
            return after;
        };
        let next = arg.end + 1;
        if !self.in_note {
            let (label, marker) = match name {
                "footnotetext" => match self.marks.pop_front() {
                    Some((l, m)) => (l, Some(m)),
                    None => (label, None),
                },
                _ => (label, Some((i, next))),
            };
            self.note_body(arg.clone());
            self.notes.push((
                Block {
                    kind: BlockKind::Note,
                    span: arg.clone(),
                    content: arg.start,
                    heading: None,
                },
                Note { label, marker },
            ));
        }
        if name == "footnotetext" {
            // Its marker is elsewhere (a \footnotemark) or nowhere: nothing of it is the
            // running text's.
            self.blank_both(i..next);
            return next;
        }
        self.opening(i);
        self.view.unsplittable(i..next);
        // Keep the citation commands inside, blank everything else.
        let mut from = i;
        let mut k = arg.start;
        while k < arg.end {
            if self.b[k] == b'\\' {
                let (name, a) = command(self.b, k);
                if is_cite(name) && name != "nocite" {
                    let name = name.to_string();
                    self.view.blank(from..k);
                    let e = self.citation(k, a, &name, arg.end);
                    from = e;
                    k = e;
                    continue;
                }
                k = a.max(k + 1);
            } else if self.b[k] == b'%' {
                k = line_end(self.b, k);
            } else {
                k += 1;
            }
        }
        self.view.blank(from..next);
        next
    }

    /// Reads a note's body `r` as running text into the note view; the blocks, paragraph
    /// and environments of the running text are left as they were.
    fn note_body(&mut self, r: Range<usize>) {
        std::mem::swap(&mut self.view, &mut self.note_view);
        // The braces as word separators, so nothing of the body moves out of it.
        self.view.space(r.start.saturating_sub(1)..r.start);
        self.view.space(r.end..r.end + 1);
        let (open, blocks, envs) = (self.open.take(), self.blocks.len(), self.envs.len());
        self.in_note = true;
        self.body(r.start, r.end);
        self.in_note = false;
        self.open = open;
        self.blocks.truncate(blocks);
        self.envs.truncate(envs);
        std::mem::swap(&mut self.view, &mut self.note_view);
    }

    fn math(&mut self, i: usize, end: usize) -> usize {
        if self.b.get(i + 1) == Some(&b'$') {
            let close = find(self.b, i + 2, b"$$").map_or(end, |e| e + 2).min(end);
            self.blank_both(i..close);
            return close;
        }
        self.inline_math(i, end, b"$")
    }

    /// Inline math: its content stands in the view without the delimiters (so "$p < 0.05$"
    /// reads as a figure), and nothing in it can end a sentence.
    fn inline_math(&mut self, i: usize, end: usize, close: &[u8]) -> usize {
        let open_len = if close == b"$" { 1 } else { 2 };
        let limit = (i + MAX_ARG).min(end);
        let mut k = i + open_len;
        let stop = loop {
            if k >= limit || self.b[k] == b'\n' && self.b.get(k + 1) == Some(&b'\n') {
                break None;
            }
            if self.b[k] == b'\\' && close == b"$" {
                k += 2;
                continue;
            }
            if self.b[k..].starts_with(close) {
                break Some(k);
            }
            k += 1;
        };
        let Some(stop) = stop else {
            self.warn(i, "math opened and not closed in this paragraph".into());
            self.blank_both(i..i + open_len);
            return i + open_len;
        };
        self.opening(i);
        self.view.blank(i..i + open_len);
        self.view.blank(stop..stop + close.len());
        let inner = i + open_len..stop;
        // Commands inside math (\alpha, \frac) are not words.
        let mut k = inner.start;
        while k < inner.end {
            match self.b[k] {
                b'\\' => {
                    let (_, a) = command(self.b, k);
                    self.view.blank(k..a.min(inner.end));
                    k = a.max(k + 1);
                }
                b'{' | b'}' | b'^' | b'_' => {
                    self.view.blank(k..k + 1);
                    k += 1;
                }
                _ => k += 1,
            }
        }
        stop + close.len()
    }

    /// Inline markup inside a heading's or title's argument.
    fn inline(&mut self, r: Range<usize>) {
        let mut i = r.start;
        while i < r.end {
            match self.b[i] {
                b'\\' => {
                    let (name, after) = command(self.b, i);
                    let after = after.min(r.end);
                    if name.len() == 1 && !name.as_bytes()[0].is_ascii_alphabetic() {
                        if let Some(&(_, mark)) =
                            ACCENTS.iter().find(|(a, _)| *a == name.as_bytes()[0])
                        {
                            i = self.accent(i, after, mark).max(i + 1);
                            continue;
                        }
                        if name == "\\" {
                            self.view.space(i..after);
                        } else {
                            self.view.replace(i..after, name);
                        }
                    } else if let Some(&(_, letter)) = LETTERS.iter().find(|(n, _)| *n == name) {
                        self.view.replace(i..after, letter);
                    } else if name == "footnote" || name == "thanks" || name == "label" {
                        let arg = self.argument(after, r.end);
                        let next = arg.map_or(after, |a| a.end + 1);
                        self.view.blank(i..next);
                        i = next;
                        continue;
                    } else {
                        self.view.blank(i..after);
                    }
                    i = after.max(i + 1);
                }
                b'{' | b'}' | b'$' => {
                    self.view.blank(i..i + 1);
                    i += 1;
                }
                b'~' => {
                    self.view.space(i..i + 1);
                    i += 1;
                }
                b'%' => {
                    let e = line_end(self.b, i).min(r.end);
                    self.view.blank(i..e);
                    i = e;
                }
                _ => i += 1,
            }
        }
    }

    /// The `}` closing the `{` at `j`, as `group` finds it (within `MAX_ARG` and before
    /// `end`), from a table of every brace pair made once: asking `group` anew for each of
    /// 10^4 unclosed `\footnote{` scanned `MAX_ARG` bytes each time.
    fn closing(&mut self, j: usize, end: usize) -> Option<usize> {
        let pairs = self.braces.get_or_insert_with(|| brace_pairs(self.b));
        let k = pairs.binary_search_by_key(&j, |p| p.0).ok()?;
        let close = pairs[k].1;
        (close < (j + MAX_ARG).min(end).min(self.b.len())).then_some(close)
    }

    /// The inside of the `{...}` argument at `at` (after spaces), if it closes in reach;
    /// an argument that never closes is reported.
    fn argument(&mut self, at: usize, end: usize) -> Option<Range<usize>> {
        let mut j = at;
        while self.b.get(j).is_some_and(|b| *b == b' ' || *b == b'\t') {
            j += 1;
        }
        if self.b.get(j) != Some(&b'{') {
            return None;
        }
        match self.closing(j, end) {
            Some(e) => Some(j + 1..e),
            None => {
                self.warn(j, "unbalanced braces: this { is never closed".into());
                None
            }
        }
    }
}

/// The name of the command at `i` (a `\`) and where it ends: a run of letters (then an
/// optional `*` for sectioning, read by the caller) and the spaces after it, or one other
/// character.
fn command(b: &[u8], i: usize) -> (&str, usize) {
    let start = i + 1;
    let mut j = start;
    while j < b.len() && b[j].is_ascii_alphabetic() {
        j += 1;
    }
    if j == start {
        // A control symbol: one character (UTF-8 aware).
        let len = b
            .get(start)
            .map_or(0, |&c| if c < 0x80 { 1 } else { utf8_len(c) });
        let end = (start + len).min(b.len());
        return (std::str::from_utf8(&b[start..end]).unwrap_or(""), end);
    }
    let name = std::str::from_utf8(&b[start..j]).unwrap_or("");
    // Starred forms are separate names where it matters (`\vspace*`).
    if b.get(j) == Some(&b'*') && matches!(name, "vspace" | "hspace") {
        j += 1;
        return (std::str::from_utf8(&b[start..j]).unwrap_or(name), j);
    }
    (name, j)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// Skips a `*` and an optional `[...]` argument after a command name.
fn skip_star_opt(b: &[u8], mut at: usize) -> usize {
    if b.get(at) == Some(&b'*') {
        at += 1;
    }
    if b.get(at) == Some(&b'[')
        && let Some(e) = group(b, at, b'[', b']', b.len())
    {
        at = e + 1;
    }
    at
}

/// The offset of the `close` matching the `open` at `at` (nested pairs, `\{` escapes and
/// comments skipped), looked for within `MAX_ARG` bytes and before `end`.
fn group(b: &[u8], at: usize, open: u8, close: u8, end: usize) -> Option<usize> {
    let limit = (at + MAX_ARG).min(end).min(b.len());
    let mut depth = 0usize;
    let mut k = at;
    while k < limit {
        match b[k] {
            b'\\' => k += 1,
            b'%' => {
                k = line_end(b, k);
                continue;
            }
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            // Inside [...] a {...} group may hold a ]: skip it whole.
            b'{' if open == b'[' => {
                k = group(b, k, b'{', b'}', limit)?;
            }
            _ => {}
        }
        k += 1;
    }
    None
}

/// Every brace pair of the text, sorted by the `{`: read as `group` reads them (a `\` escapes
/// the next byte, a `%` comment runs to the line's end), so the `}` paired with a `{` is the
/// one `group` would find from it, reach aside.
fn brace_pairs(b: &[u8]) -> Vec<(usize, usize)> {
    let mut open = Vec::new();
    let mut pairs = Vec::new();
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 1,
            b'%' => {
                k = line_end(b, k);
                continue;
            }
            b'{' => open.push(k),
            b'}' => {
                if let Some(o) = open.pop() {
                    pairs.push((o, k));
                }
            }
            _ => {}
        }
        k += 1;
    }
    pairs.sort_unstable();
    pairs
}

/// Where `\end{env}` closing the environment whose body starts at `from` begins.
fn matching_end(b: &[u8], from: usize, env: &str) -> Option<usize> {
    let open = format!("\\begin{{{env}}}");
    let close = format!("\\end{{{env}}}");
    let mut depth = 1usize;
    let mut k = from;
    while k < b.len() {
        if b[k] == b'%' && (k == 0 || b[k - 1] != b'\\') {
            k = line_end(b, k);
            continue;
        }
        if b[k..].starts_with(close.as_bytes()) {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
            k += close.len();
        } else if b[k..].starts_with(open.as_bytes()) {
            depth += 1;
            k += open.len();
        } else {
            k += 1;
        }
    }
    None
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The end of the line holding `i` (the offset of its `\n`, or the end of the text).
fn line_end(b: &[u8], i: usize) -> usize {
    b[i.min(b.len())..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| p + i)
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    crate::essay::block::trim(text, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The brace table pairs each `{` with the `}` that `group` finds from it, over strings of
    /// braces, escapes, comments and line breaks (a seeded generator, every string of up to 6
    /// symbols, and 2,000 longer ones).
    #[test]
    fn brace_pairs_agree_with_group() {
        let symbols = [b'{', b'}', b'\\', b'%', b'\n', b'x'];
        let mut cases: Vec<Vec<u8>> = Vec::new();
        for len in 0..=6u32 {
            for n in 0..symbols.len().pow(len) {
                let mut m = n;
                let s: Vec<u8> = (0..len)
                    .map(|_| {
                        let c = symbols[m % symbols.len()];
                        m /= symbols.len();
                        c
                    })
                    .collect();
                cases.push(s);
            }
        }
        let mut seed: u64 = 12;
        for _ in 0..2000 {
            let len = 10 + (seed % 200) as usize;
            let s: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    symbols[(seed >> 33) as usize % symbols.len()]
                })
                .collect();
            cases.push(s);
        }
        for b in cases {
            let pairs = brace_pairs(&b);
            for j in (0..b.len()).filter(|&j| b[j] == b'{') {
                let want = group(&b, j, b'{', b'}', b.len());
                let got = pairs
                    .binary_search_by_key(&j, |p| p.0)
                    .ok()
                    .map(|k| pairs[k].1);
                // An escaped `{` (`\{`) is no group for the table; `group` is never asked
                // about one (an argument's `{` follows a command name or spaces).
                let escaped = j > 0 && {
                    let run = b[..j].iter().rev().take_while(|&&c| c == b'\\').count();
                    run % 2 == 1
                };
                let commented = b[..j]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |p| p + 1);
                let in_comment = b[commented..j].contains(&b'%');
                if escaped || in_comment {
                    continue;
                }
                assert_eq!(got, want, "{:?} at {j}", String::from_utf8_lossy(&b));
            }
        }
    }
}
