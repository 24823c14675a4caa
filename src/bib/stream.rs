//! Reading a large file in parts, handing each part's items over while the next part is read,
//! so that a caller (the import) never holds the whole parsed file.
//!
//! The items, errors and warnings are exactly those of [`parse`](super::parse): one scanner
//! reads the text from start to end, as for a small file, and stops after each part only to
//! hand over what it has. What only the end of the file can settle is carried across parts:
//! keys (repeats are reported), macros (a value that uses a macro defined further down is held
//! back and handed over, expanded as biber does, with the last part), crossref/xdata targets
//! and the [`Links`] for cycle checks across files. Errors and warnings come at the end.
//!
//! Memory stays bounded by the part size except for the values held back: a file whose
//! entries mostly use a macro it defines only at its end is held nearly whole until then.

use std::sync::mpsc;

use super::diagnostic::Diagnostic;
use super::lex;
use super::relations::Links;
use super::scan::Scanner;
use crate::model::BibItem;

/// Text read before a part is handed over. Big enough that handing over costs nothing, small
/// enough that a part's items (about three times the text) stay a few megabytes.
const PART_TEXT: usize = 1 << 20;

/// Parts read ahead of the caller: the reader waits when the caller is this far behind.
const AHEAD: usize = 2;

/// Items of one part of a file.
#[derive(Debug)]
pub struct Part {
    /// The items with their positions among the file's items (0-based, what
    /// [`SourceOrigin::ordinal`](crate::model::SourceOrigin) says for entries), in file order,
    /// except that items waiting for a macro defined further down come with the last part.
    pub items: Vec<(usize, BibItem)>,
    /// How many items of the file could not be read so far (their diagnostics come with the
    /// [`Ending`]): a caller that refuses a file with errors can stop working on its parts.
    pub errors_so_far: usize,
}

/// What is known once the whole file is read: [`Parsed`](super::Parsed) without the items.
#[derive(Debug)]
pub struct Ending {
    /// One per item that could not be read (that item was in no part).
    pub errors: Vec<Diagnostic>,
    /// Problems that did not stop an item from being read, by line.
    pub warnings: Vec<Diagnostic>,
    /// The file's keys and crossref/xdata references, for [`check_links`](super::check_links).
    pub links: Links,
}

/// Parses the .bib `text` read from `path` like [`parse`](super::parse), handing the items to
/// `each` part by part as they are read (a large text is read on another thread meanwhile).
/// An `Err` from `each` stops the reading and is returned.
pub fn parse_parts<E>(
    path: &str,
    text: &str,
    each: impl FnMut(Part) -> Result<(), E>,
) -> Result<Ending, E> {
    parse_parts_with(path, text, |part| part, each)
}

/// [`parse_parts`] with a step `prepare` that each part goes through on the reading thread
/// before `each` gets what it made (so a caller's own work on the items runs alongside the
/// reading of the next part, and the part is freed there).
pub fn parse_parts_with<T: Send, E>(
    path: &str,
    text: &str,
    prepare: impl Fn(Part) -> T + Sync,
    each: impl FnMut(T) -> Result<(), E>,
) -> Result<Ending, E> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    read(path, text, PART_TEXT, prepare, each)
}

/// [`parse_parts_with`] with parts of about `part` bytes of text.
fn read<T: Send, E>(
    path: &str,
    text: &str,
    part: usize,
    prepare: impl Fn(Part) -> T + Sync,
    mut each: impl FnMut(T) -> Result<(), E>,
) -> Result<Ending, E> {
    if text.len() <= part {
        let mut reader = Reader::new(path, text, part);
        let part = reader.read_all();
        each(prepare(part))?;
        return Ok(reader.ending());
    }
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<T>(AHEAD);
        let prepare = &prepare;
        let reading = scope.spawn(move || {
            let mut reader = Reader::new(path, text, part);
            while let Some(part) = reader.next_part() {
                if tx.send(prepare(part)).is_err() {
                    // The caller stopped taking parts.
                    return None;
                }
            }
            Some(reader.ending())
        });
        let mut failed = None;
        for made in rx.iter() {
            if let Err(e) = each(made) {
                failed = Some(e);
                break;
            }
        }
        // Dropping the receiver tells the reader to stop.
        drop(rx);
        let ending = reading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match (failed, ending) {
            (Some(e), _) => Err(e),
            (None, Some(ending)) => Ok(ending),
            (None, None) => unreachable!("the reader stops early only when the caller did"),
        }
    })
}

/// One scanner over the whole text, stopping after each part.
struct Reader<'t> {
    scanner: Scanner<'t>,
    /// Text per part.
    part: usize,
    /// Where the next part starts.
    pos: usize,
    /// `scanner.deferred[..waiting]` are for items already handed over or held.
    waiting: usize,
    links: Links,
    done: bool,
}

impl<'t> Reader<'t> {
    fn new(path: &'t str, text: &'t str, part: usize) -> Self {
        Reader {
            scanner: Scanner::new(path, text, 0, 0, 1),
            part,
            pos: 0,
            waiting: 0,
            links: Links::new(path),
            done: false,
        }
    }

    /// Reads the next part and hands over its settled items; after the last part, the items
    /// held back. `None` once everything was handed over.
    fn next_part(&mut self) -> Option<Part> {
        if self.done {
            return None;
        }
        let b = self.scanner.b;
        if self.pos >= b.len() {
            self.done = true;
            return Some(self.last_part());
        }
        // Parts end where a line opens an entry, as the parts read on threads do (see `settle`),
        // and where reading the whole text would see the start of an item, so free text is not
        // cut in two; an item that runs over the end is read whole, and the next part starts
        // after it.
        let mut end = lex::next_line_start_at(b, (self.pos + self.part).min(b.len()));
        while end < b.len() && lex::in_comment_line(b, end) {
            end = lex::next_line_start_at(b, end + 1);
        }
        let s = &mut self.scanner;
        s.start = self.pos;
        s.end = end;
        s.scan();
        self.pos = s.stop;
        Some(self.settled())
    }

    /// Everything in one part (a small text).
    fn read_all(&mut self) -> Part {
        let s = &mut self.scanner;
        s.start = 0;
        s.end = s.b.len();
        s.scan();
        self.done = true;
        self.last_part()
    }

    /// The items read so far, but for those waiting for a macro, which are held back.
    fn settled(&mut self) -> Part {
        let s = &mut self.scanner;
        let base = s.base;
        let items = std::mem::take(&mut s.items);
        s.base += items.len();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let ordinal = base + i;
            // Deferred values are recorded in the order of their items.
            let mut waits = false;
            while let Some(d) = s.deferred.get(self.waiting)
                && d.item <= ordinal
            {
                waits |= d.item == ordinal;
                self.waiting += 1;
            }
            if waits {
                s.held.push((ordinal, item));
            } else {
                if let BibItem::Entry(source) = &item {
                    self.links.add(ordinal, source);
                }
                out.push((ordinal, item));
            }
        }
        Part {
            items: out,
            errors_so_far: s.errors.len(),
        }
    }

    /// The whole-file steps, then the items not yet handed over.
    fn last_part(&mut self) -> Part {
        let s = &mut self.scanner;
        s.finish_deferred();
        s.check_references();
        s.warnings.sort_by_key(|d| (d.line, d.column));
        let base = s.base;
        let mut items = std::mem::take(&mut s.held);
        items.extend(
            std::mem::take(&mut s.items)
                .into_iter()
                .enumerate()
                .map(|(i, item)| (base + i, item)),
        );
        for (ordinal, item) in &items {
            if let BibItem::Entry(source) = item {
                self.links.add(*ordinal, source);
            }
        }
        self.links.sort();
        Part {
            items,
            errors_so_far: s.errors.len(),
        }
    }

    fn ending(self) -> Ending {
        Ending {
            errors: self.scanner.errors,
            warnings: self.scanner.warnings,
            links: self.links,
        }
    }
}

/// The parts of `text` (about `part` bytes each) joined into a whole file, with the links;
/// checks on the way that every ordinal comes once.
#[cfg(test)]
pub(super) fn joined(path: &str, text: &str, part: usize) -> (super::Parsed, Links) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut items: Vec<(usize, BibItem)> = Vec::new();
    let ending = read(
        path,
        text,
        part,
        |p| p,
        |p| {
            items.extend(p.items);
            Ok::<_, ()>(())
        },
    )
    .unwrap();
    items.sort_by_key(|(o, _)| *o);
    let ordinals: Vec<usize> = items.iter().map(|(o, _)| *o).collect();
    assert_eq!(ordinals, (0..items.len()).collect::<Vec<_>>(), "{text}");
    let parsed = super::Parsed {
        file: crate::model::BibFile {
            path: path.into(),
            encoding: "utf-8".into(),
            items: items.into_iter().map(|(_, i)| i).collect(),
        },
        errors: ending.errors,
        warnings: ending.warnings,
    };
    (parsed, ending.links)
}

#[cfg(test)]
mod tests {
    use super::super::{check_links, check_relations, parse};
    use super::*;

    use super::joined;

    #[test]
    fn parts_give_what_the_whole_file_gives() {
        let entry = |i: usize| {
            format!(
                "@book{{k{i},\n  author = {{Doe, J. and Roe, R.}},\n  publisher = p{},\n  crossref = {{k{}}}\n}}\n\n",
                i % 3,
                (i + 1) % 45
            )
        };
        let body: String = (0..40).map(entry).collect();
        let strings = "@string{p0 = {Zero}}\n@string{p1 = {One}}\n";
        let cases: Vec<String> = vec![
            format!("{strings}{body}"),
            // Defined at the end: the entries using p2 wait for it.
            format!("{body}{strings}@string{{p2 = {{Two}}}}\n"),
            // Defined in terms of a later macro, and one never defined.
            format!("@string{{p0 = p1 # {{ and }} # p9}}\n{body}@string{{p1 = {{One}}}}\n"),
            format!("{strings}{body}@book{{k0, title = {{again}}}}\n"),
            format!("{strings}{body}@string{{p1 = {{Uno}}}}\n{}", entry(41)),
            format!("{strings}@book{{a, abstract = {{x\n@book{{fake, y}}\n{body}}}}}\n"),
            format!("{strings}{body}")
                .replace("@book{k7,", "@book{k7")
                .replace("@book{k30,", "@book{k30 x,"),
            format!(
                "% free text\n{strings}stray text @ here\n{body}@comment{{c}}\n@preamble{{\"p\"}}\n"
            ),
            format!("\u{FEFF}{strings}{body}").replace('\u{FEFF}', ""),
            format!("{strings}{body}@book{{k44, crossref = {{k0}}}}\n"),
            // Lines ended by CR alone: an `@` after a `%` is on a comment line to the scanner,
            // so no part may start there.
            format!("% c\r{}", body.replace('\n', "\r")),
            String::new(),
        ];
        for text in &cases {
            let whole = parse("p.bib", text);
            let whole_links = Links::of_file(&whole.file);
            for part in [1, 40, 100, 333, 1 << 20] {
                let (parsed, links) = joined("p.bib", text, part);
                assert_eq!(parsed, whole, "part {part}: {text}");
                assert_eq!(links, whole_links, "part {part}");
                assert_eq!(
                    check_links(&[&links]),
                    check_relations(&[&whole.file]),
                    "part {part}"
                );
            }
        }
    }

    #[test]
    fn a_refusal_stops_the_reading() {
        let text: String = (0..100)
            .map(|i| format!("@book{{k{i}, title = {{T}}}}\n"))
            .collect();
        let mut parts = 0;
        let r = read(
            "p.bib",
            &text,
            10,
            |p| p,
            |_| {
                parts += 1;
                if parts == 3 { Err("enough") } else { Ok(()) }
            },
        );
        assert_eq!(r.unwrap_err(), "enough");
        assert_eq!(parts, 3);
    }

    #[test]
    fn errors_so_far_count_up() {
        let text = "@book{a, title = {A}}\n@book{b title}\n@book{c, title = {C}}\n@book{d e}\n";
        let mut counts = Vec::new();
        let ending = read(
            "p.bib",
            text,
            10,
            |p| p,
            |p| {
                counts.push(p.errors_so_far);
                Ok::<_, ()>(())
            },
        )
        .unwrap();
        assert_eq!(ending.errors.len(), 2);
        assert_eq!(counts.last(), Some(&2));
        assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    }
}
