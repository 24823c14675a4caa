//! Writing items back as .bib text, faithfully: raw values untouched (LaTeX and macros kept),
//! fields in their stored order, `@string`, `@preamble` and comments where they were.
//!
//! Owns the output layout and the choice of items for an export ([`select`]). The changes the
//! BibTeX dialect needs live in `bibtex`. biblatex's own writers are not used: they reorder
//! fields, expand macros, drop preambles and comments and escape LaTeX (NOTES §1.5).

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use super::bibtex;
use super::lex;
use super::relations::references;
use crate::model::{BibItem, Source};

/// The flavour of .bib to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// BibLaTeX/biber: everything as stored.
    Biblatex,
    /// Classic BibTeX with `plain.bst`: biblatex-only types and fields mapped to their BibTeX
    /// counterparts, `@xdata` folded into its users, crossref parents after their children.
    Bibtex,
}

/// Writes `items` in order, a blank line between items.
pub fn write(out: &mut dyn Write, items: &[BibItem], dialect: Dialect) -> io::Result<()> {
    let entries = items.iter().filter_map(|i| match i {
        BibItem::Entry(s) => Some(s),
        _ => None,
    });
    let mut w = Writer::new(out, dialect, named(entries));
    for item in items {
        w.item(item)?;
    }
    w.finish()
}

/// The entries that other entries of `entries` name by `crossref` or `xdata`, cloned.
fn named<'s>(entries: impl Iterator<Item = &'s Source> + Clone) -> Named {
    let mut parents = HashSet::new();
    let mut wanted = HashSet::new();
    for s in entries.clone() {
        let (crossref, xdata) = references(s);
        parents.extend(crossref.map(str::to_string));
        wanted.extend(crossref.into_iter().chain(xdata));
    }
    Named {
        sources: entries
            .filter(|s| wanted.contains(s.key.as_str()))
            .cloned()
            .collect(),
        crossref_targets: parents.into_iter().collect(),
    }
}

/// What the BibTeX dialect must know before it writes the first entry: the entries that
/// others name (crossref parents to inherit from and to write after their children, xdata
/// entries to fold into their users), and which keys are named by a `crossref`.
#[derive(Debug, Default)]
pub struct Named {
    /// The named entries (with their fields).
    pub sources: Vec<Source>,
    /// Every key some entry's `crossref` names (present or not).
    pub crossref_targets: Vec<String>,
}

/// A .bib writer that takes the items one at a time in file order, so that an export of a
/// large library need not hold it in memory: BibLaTeX writes each as it comes; BibTeX
/// converts each, holds back the crossref parents among them and writes those last.
pub struct Writer<'w> {
    out: &'w mut dyn Write,
    written: usize,
    bibtex: Option<bibtex::Placement>,
}

impl<'w> Writer<'w> {
    /// A writer to `out`; `named` is only used by the BibTeX dialect.
    pub fn new(out: &'w mut dyn Write, dialect: Dialect, named: Named) -> Self {
        Writer {
            out,
            written: 0,
            bibtex: (dialect == Dialect::Bibtex).then(|| bibtex::Placement::new(named)),
        }
    }

    /// Writes the next item (or, a crossref parent in BibTeX, keeps it for the end).
    pub fn item(&mut self, item: &BibItem) -> io::Result<()> {
        if let Some(placement) = &mut self.bibtex
            && !placement.now(item)
        {
            return Ok(());
        }
        self.gap()?;
        match (&self.bibtex, item) {
            (Some(placement), item) => placement.write(self.out, item),
            (None, BibItem::Entry(s)) => {
                let fields = s.fields.iter().map(|f| (f.name.as_str(), f.raw.as_str()));
                write_entry(self.out, &s.entry_type, &s.key, fields)
            }
            (None, other) => write_other(self.out, other),
        }
    }

    /// Writes what was held back.
    pub fn finish(mut self) -> io::Result<()> {
        let Some(placement) = self.bibtex.take() else {
            return Ok(());
        };
        for parent in placement.held_back() {
            self.gap()?;
            placement.write_entry(self.out, parent)?;
        }
        Ok(())
    }

    fn gap(&mut self) -> io::Result<()> {
        if self.written > 0 {
            self.out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }
}

/// `@type{key,\n  name = raw,\n  ...\n}\n`
pub(crate) fn write_entry<'f>(
    out: &mut dyn Write,
    entry_type: &str,
    key: &str,
    fields: impl Iterator<Item = (&'f str, &'f str)>,
) -> io::Result<()> {
    writeln!(out, "@{entry_type}{{{key},")?;
    for (name, raw) in fields {
        writeln!(out, "  {name} = {raw},")?;
    }
    out.write_all(b"}\n")
}

/// Anything but an entry, as it was written.
pub(crate) fn write_other(out: &mut dyn Write, item: &BibItem) -> io::Result<()> {
    match item {
        BibItem::Entry(_) => Ok(()),
        BibItem::String { name, raw, .. } => writeln!(out, "@string{{{name} = {raw}}}"),
        BibItem::Preamble { raw, .. } => writeln!(out, "{raw}"),
        BibItem::Comment { raw, .. } => {
            if opens_item(raw) {
                // Free text that followed an item on its line (`}@ note`) would start an entry
                // at the start of a line, where it is written here: it is written commented
                // out, so the file reads back as it was (BibTeX itself reads it as an error).
                out.write_all(b"% ")?;
            }
            writeln!(out, "{}", crate::encoding::declare_utf8(raw))
        }
    }
}

/// Whether free text would be read as the start of an item at the start of a line: it opens
/// with `@` and is not an `@comment` (which is read as the comment it is).
pub(crate) fn opens_item(raw: &str) -> bool {
    let Some(rest) = raw.strip_prefix('@') else {
        return false;
    };
    let name = rest.trim_start().as_bytes();
    !(name.len() >= 7 && name[..7].eq_ignore_ascii_case(b"comment"))
}

/// The items to export for a list of keys: those entries, their crossref/xdata parents
/// (transitively, as far as they are in `items`), the `@string` macros any of them use
/// (transitively), and every `@preamble`, in their original order. `Err` lists the keys that
/// are not in `items`.
pub fn select(items: &[BibItem], keys: &[&str]) -> Result<Vec<BibItem>, Vec<String>> {
    let entries: HashMap<&str, &Source> = items
        .iter()
        .filter_map(|i| match i {
            BibItem::Entry(s) => Some((s.key.as_str(), s)),
            _ => None,
        })
        .collect();
    let unknown: Vec<String> = keys
        .iter()
        .filter(|k| !entries.contains_key(*k))
        .map(|k| k.to_string())
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let mut chosen: HashSet<&str> = HashSet::new();
    let mut todo: Vec<&str> = keys.to_vec();
    while let Some(key) = todo.pop() {
        let Some((&key, source)) = entries.get_key_value(key) else {
            continue;
        };
        if chosen.insert(key) {
            let (crossref, xdata) = references(source);
            todo.extend(crossref.into_iter().chain(xdata));
        }
    }
    let strings: HashMap<String, &str> = items
        .iter()
        .filter_map(|i| match i {
            BibItem::String { name, raw, .. } => Some((name.to_ascii_lowercase(), raw.as_str())),
            _ => None,
        })
        .collect();
    let mut used: HashSet<String> = HashSet::new();
    let mut raws: Vec<&str> = chosen
        .iter()
        .flat_map(|k| entries[k].fields.iter().map(|f| f.raw.as_str()))
        .collect();
    while let Some(raw) = raws.pop() {
        for name in macros_in(raw) {
            if let Some(def) = strings.get(&name)
                && used.insert(name)
            {
                raws.push(def);
            }
        }
    }
    Ok(items
        .iter()
        .filter(|i| match i {
            BibItem::Entry(s) => chosen.contains(s.key.as_str()),
            BibItem::String { name, .. } => used.contains(&name.to_ascii_lowercase()),
            BibItem::Preamble { .. } => true,
            BibItem::Comment { .. } => false,
        })
        .cloned()
        .collect())
}

/// Lowercase names of the macros a raw value uses.
fn macros_in(raw: &str) -> Vec<String> {
    lex::pieces(raw)
        .unwrap_or_default()
        .iter()
        .filter(|p| p.is_macro(raw))
        .map(|p| p.inner(raw).to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn written(items: &[BibItem], dialect: Dialect) -> String {
        let mut out = Vec::new();
        write(&mut out, items, dialect).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn biblatex_output_is_faithful() {
        let text = "% head\n@string{imh = {Institute for Military History}}\n\
                    @preamble{{\\newcommand{\\x}{y}}}\n\
                    @BOOK(history2014, TITLE = {The {ROK-US} Alliance}, publisher = imh,\n\
                    month = jan # \"~1\", note = \"Seoul\", year = 2014)\n@book{empty}";
        let p = parse("w.bib", text);
        assert_eq!(p.errors, vec![]);
        let want = "% head\n\n@string{imh = {Institute for Military History}}\n\n\
                    @preamble{{\\newcommand{\\x}{y}}}\n\n\
                    @book{history2014,\n  title = {The {ROK-US} Alliance},\n  publisher = imh,\n  \
                    month = jan # \"~1\",\n  note = \"Seoul\",\n  year = 2014,\n}\n\n@book{empty,\n}\n";
        assert_eq!(written(&p.file.items, Dialect::Biblatex), want);
    }

    /// Free text glued after an item's `}` that opens with `@` is written commented out, so
    /// what is written reads back without error and writes the same again; an `@comment`
    /// and an `@` inside a sentence are written as they were.
    #[test]
    fn free_text_opening_with_at_reads_back() {
        let cases = [
            ("@misc{a, title={T}}@ foo bar\n", "% @ foo bar\n"),
            ("@misc{a}@@\n", "% @@\n"),
            ("@misc{a} mail me@example.org\n", "mail me@example.org\n"),
            ("@comment note\n@misc{a}\n", "@comment note\n"),
        ];
        for (text, comment) in cases {
            let p = parse("c.bib", text);
            assert_eq!(p.errors, vec![], "{text:?}");
            let once = written(&p.file.items, Dialect::Biblatex);
            assert!(once.contains(comment), "{text:?} wrote {once:?}");
            let again = parse("c.bib", &once);
            assert_eq!(again.errors, vec![], "{text:?} wrote {once:?}");
            assert_eq!(
                written(&again.file.items, Dialect::Biblatex),
                once,
                "{text:?}"
            );
            // BibTeX reads every `@` outside an entry as the start of one: none is left free.
            let bibtex = written(&p.file.items, Dialect::Bibtex);
            let b = bibtex.as_bytes();
            for at in (0..b.len()).filter(|&i| b[i] == b'@') {
                let starts = super::super::lex::entry_head(b, at).is_some()
                    || bibtex[at..].to_ascii_lowercase().starts_with("@comment");
                assert!(starts, "{text:?} wrote a free @ for BibTeX: {bibtex:?}");
            }
        }
    }

    #[test]
    #[rustfmt::skip]
    fn select_table() {
        let text = "@string{j = {J}}\n@string{p = {P} # j}\n@string{unused = {U}}\n@preamble{\"x\"}\n\
                    % note\n@xdata{x, publisher = p}\n@book{parent, title = {T}}\n\
                    @inbook{child, crossref = {parent}, xdata = {x}}\n@article{art, journal = j}\n\
                    @misc{alone, month = jan}";
        let items = parse("s.bib", text).file.items;
        let names = |sel: Vec<BibItem>| -> Vec<String> {
            sel.iter()
                .map(|i| match i {
                    BibItem::Entry(s) => s.key.clone(),
                    BibItem::String { name, .. } => format!("@{name}"),
                    BibItem::Preamble { .. } => "@preamble".into(),
                    BibItem::Comment { .. } => "%".into(),
                })
                .collect()
        };
        let cases: &[(&[&str], &[&str])] = &[
            (&["child"], &["@j", "@p", "@preamble", "x", "parent", "child"]),
            (&["art"], &["@j", "@preamble", "art"]),
            (&["alone"], &["@preamble", "alone"]),
            (&["parent", "alone"], &["@preamble", "parent", "alone"]),
            (&[], &["@preamble"]),
        ];
        for (keys, want) in cases {
            assert_eq!(names(select(&items, keys).unwrap()), *want, "{keys:?}");
        }
        assert_eq!(
            select(&items, &["art", "nope", "gone"]),
            Err(vec!["nope".into(), "gone".into()])
        );
    }
}
