//! One reader per essay format, into the one document model every format shares.
//!
//! Each reader turns its file into blocks (paragraphs, headings, list items, quotations,
//! the title, non-claim markup) with spans into the text the document keeps, and a view of
//! that text with the markup blanked (`view`); `essay::assemble` then does for every format
//! what it does for plain text: roles (reference list, debris), sentences, sections,
//! locations. So `check`, `claims`, the report and re-anchoring work unchanged, and a unit's
//! line and column point into the file the user edits.
//!
//! | format | the document's text | a location |
//! |---|---|---|
//! | text | the file | line:column |
//! | Markdown (`markdown`) | the file | line:column |
//! | LaTeX (`latex`) | the file | line:column |
//! | HTML (`html`) | the file | line:column |
//! | Word (`docx`) | written by the reader: one block per paragraph, notes after the body | Word paragraph:character |
//! | OpenDocument text (`odt`) | written as for Word | paragraph:character |
//!
//! It does not sniff what a file is (`crate::sniff`) nor read files: readers are functions
//! from a path and the file's text to a value.

mod docx;
mod html;
mod latex;
mod markdown;
mod odt;
mod view;
mod zip;

use crate::model::Document;

use super::{Options, assemble, parse};

/// The formats an essay can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text (with the forgiving Markdown-like reading of `essay::parse`).
    Text,
    /// CommonMark with pandoc's extensions.
    Markdown,
    /// LaTeX.
    Latex,
    /// HTML: a saved web page, or a Word, Google Docs, pandoc or Distill export.
    Html,
    /// Word (Office Open XML), read from the file's bytes (`read_bytes`).
    Docx,
    /// OpenDocument text (`.odt`), read from the file's bytes (`read_bytes`).
    Odt,
}

/// Something a reader could not read and went past: the byte offset it is about, in the
/// document's text, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Byte offset into the document's text.
    pub at: usize,
    /// What is wrong, and what was done instead.
    pub message: String,
    /// Where it is shown when that is not `at`'s line and column of the text: a Word
    /// paragraph and character (1-based).
    pub place: Option<(usize, usize)>,
}

/// A document read, with what its reader warns about.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// The document: its text, title and units (citations not yet found).
    pub document: Document,
    /// Things the reader went past, located in `document.text`.
    pub warnings: Vec<Warning>,
}

impl Read {
    /// Each warning as `line:column: message` (1-based, column in characters).
    pub fn located_warnings(&self) -> Vec<String> {
        let text = &self.document.text;
        self.warnings
            .iter()
            .map(|w| {
                let (line, col) = w.place.unwrap_or_else(|| line_column(text, w.at));
                format!("{line}:{col}: warning: {}", w.message)
            })
            .collect()
    }
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A file a LaTeX file brings in (`\input{ch1}`), as written, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// The command: `\input`, `\include`, `\subfile`, `\import`, `\subimport`.
    pub command: String,
    /// The file as written (`chapters/intro`; for `\import{dir}{file}`, `dir/file`).
    pub name: String,
    /// Where the command is: 1-based line and column (characters).
    pub line: usize,
    /// See `line`.
    pub column: usize,
}

/// The files a LaTeX file's body brings in, in order (outside comments and verbatim text;
/// the preamble's macro files are not listed). Reading them is the caller's business
/// (`ops::import::follow_includes`).
pub fn latex_includes(text: &str) -> Vec<Include> {
    latex::includes(text)
        .into_iter()
        .map(|(at, command, name)| {
            let (line, column) = line_column(text, at);
            Include {
                command,
                name,
                line,
                column,
            }
        })
        .collect()
}

/// Reads an essay from the file's bytes: a Word file by its parts, any other format from
/// its text (decoded by the caller: `text`), an OpenDocument text by its parts too. The
/// error says which part could not be read.
pub fn read_bytes(
    path: &str,
    format: Format,
    bytes: &[u8],
    text: &str,
    opts: &Options,
) -> Result<Read, String> {
    match format {
        Format::Docx | Format::Odt => {
            let (text, layout, warnings) = if format == Format::Docx {
                docx::layout(bytes)?
            } else {
                odt::layout(bytes)?
            };
            Ok(Read {
                document: assemble(path, text, layout, opts),
                warnings,
            })
        }
        _ => Ok(read_text(path, format, text, opts)),
    }
}

/// Reads an essay in a text format from its text (as imported from `path`); a Word file's
/// text is its bytes' business (`read_bytes`), so `Docx` here reads `text` as plain text.
pub fn read_text(path: &str, format: Format, text: &str, opts: &Options) -> Read {
    match format {
        Format::Text | Format::Docx | Format::Odt => Read {
            document: parse(path, text, opts),
            warnings: Vec::new(),
        },
        Format::Markdown => Read {
            document: assemble(path, text.to_string(), markdown::layout(text), opts),
            warnings: Vec::new(),
        },
        Format::Latex => {
            let (layout, warnings) = latex::layout(text);
            Read {
                document: assemble(path, text.to_string(), layout, opts),
                warnings,
            }
        }
        Format::Html => {
            let (layout, warnings) = html::layout(text);
            Read {
                document: assemble(path, text.to_string(), layout, opts),
                warnings,
            }
        }
    }
}

/// The bibliography files an essay names, as written, with their places: a Markdown
/// file's YAML front matter `bibliography:` (one file, a `[a.bib, b.bib]` list or `- a.bib`
/// lines), a LaTeX file's `\addbibresource{refs.bib}` and `\bibliography{a,b}` (`.bib`
/// added, as BibTeX does), outside comments. URLs are left out. Reading them is the caller's
/// business (`ops::import::follow_includes`).
pub fn bibliography_files(format: Format, text: &str) -> Vec<Include> {
    let mut out = Vec::new();
    let mut push = |at: usize, command: &str, name: &str| {
        let name = name.trim().trim_matches(['"', '\'']).trim();
        if name.is_empty() || name.contains("://") {
            return;
        }
        let (line, column) = line_column(text, at);
        out.push(Include {
            command: command.to_string(),
            name: name.to_string(),
            line,
            column,
        });
    };
    match format {
        Format::Markdown => {
            let Some(front) = front_matter(text) else {
                return out;
            };
            let mut at = 0;
            let mut listing = false;
            for line in front.split_inclusive('\n') {
                let here = at;
                at += line.len();
                let l = line.trim_end();
                if let Some(value) = l.strip_prefix("bibliography:") {
                    let value = value.trim();
                    let col = here + (l.len() - value.len());
                    listing = value.is_empty();
                    if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                        for item in list.split(',') {
                            push(col, "bibliography:", item);
                        }
                    } else if !listing {
                        push(col, "bibliography:", value);
                    }
                } else if listing && let Some(item) = l.trim_start().strip_prefix("- ") {
                    push(here + (l.len() - item.len()), "bibliography:", item);
                } else if listing && !l.starts_with([' ', '\t']) {
                    listing = false;
                }
            }
        }
        Format::Latex => {
            let mut at = 0;
            for line in text.split_inclusive('\n') {
                let here = at;
                at += line.len();
                let code = uncommented(line);
                for command in ["\\addbibresource", "\\bibliography"] {
                    let mut from = 0;
                    while let Some(k) = code[from..].find(command) {
                        let start = from + k;
                        let mut rest = &code[start + command.len()..];
                        from = start + command.len();
                        // \bibliographystyle and the like are other commands.
                        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                            continue;
                        }
                        if rest.starts_with('[') {
                            rest = rest.split_once(']').map_or("", |(_, r)| r);
                        }
                        let Some(arg) = rest.strip_prefix('{').and_then(|r| r.split_once('}'))
                        else {
                            continue;
                        };
                        for name in arg.0.split(',') {
                            let name = name.trim();
                            let file = if command == "\\bibliography" && !name.ends_with(".bib") {
                                format!("{name}.bib")
                            } else {
                                name.to_string()
                            };
                            push(here + start, command, &file);
                        }
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// A LaTeX line up to its comment (a `%` not escaped).
fn uncommented(line: &str) -> &str {
    let b = line.as_bytes();
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 2,
            b'%' => return &line[..k],
            _ => k += 1,
        }
    }
    line
}

/// A Markdown file's YAML front matter (its first line `---` to the closing `---` or `...`),
/// its fences included.
fn front_matter(text: &str) -> Option<&str> {
    let first = text.split_inclusive('\n').next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut at = first.len();
    for line in text[at..].split_inclusive('\n') {
        at += line.len();
        if matches!(line.trim_end(), "---" | "...") {
            return Some(&text[..at]);
        }
    }
    None
}

#[cfg(test)]
mod tests;
