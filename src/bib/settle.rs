//! What can only be settled once the whole file is read: values that use a macro defined
//! further down (biber expands those), crossref/xdata targets, and the joining of parts of a
//! large file scanned on several threads.
//!
//! Owns the order of the whole-file steps and the split into parts. A split is only kept when
//! it cannot change the result: when any part ran over the next one's start, a key or a macro
//! is defined in two parts, or a macro is redefined, the file is scanned again in one piece.

use super::Parsed;
use super::diagnostic::count_newlines;
use super::lex;
use super::names::persons;
use super::scan::{Deferred, Scanner};
use super::value::{expand, expanded_len, field_value};
use crate::model::{BibFile, BibItem, NAME_FIELDS};
use rustc_hash::FxHashMap;

/// Below this size one thread is quicker than starting others.
const PARALLEL_MIN: usize = 1 << 20;

/// Parses `text` on as many threads as pay off.
pub(crate) fn parse(path: &str, text: &str, encoding: &str) -> Parsed {
    if text.len() >= PARALLEL_MIN {
        // Asked only for large files: the answer comes from the system, not for free.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        if threads > 1
            && let Some(s) = in_parts(path, text, threads)
        {
            return s.finish(encoding);
        }
    }
    whole(path, text).finish(encoding)
}

fn whole<'t>(path: &'t str, text: &'t str) -> Scanner<'t> {
    let mut s = Scanner::new(path, text, 0, text.len(), 1);
    s.scan();
    s
}

/// Parses `text` split into `parts` parts (fewer when the text has fewer entries), falling back
/// to one piece when the split could change the result.
#[cfg(test)]
pub(crate) fn parse_in_parts(path: &str, text: &str, parts: usize) -> Parsed {
    in_parts(path, text, parts)
        .unwrap_or_else(|| whole(path, text))
        .finish("utf-8")
}

/// Scans the parts of `text` on threads and joins them; `None` when the split is not safe.
fn in_parts<'t>(path: &'t str, text: &'t str, parts: usize) -> Option<Scanner<'t>> {
    let b = text.as_bytes();
    // Parts start at lines that open an entry, so no item can straddle two parts unless an
    // entry's value holds such a line (which the overrun check below catches).
    let mut starts = vec![0];
    for k in 1..parts {
        let at = lex::next_line_start_at(b, k * b.len() / parts);
        let line = b[..at]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        if line > *starts.last().unwrap_or(&0) && at < b.len() {
            starts.push(line);
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let mut ranges: Vec<(usize, usize, u32)> = Vec::with_capacity(starts.len());
    let mut line = 1;
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(b.len());
        ranges.push((start, end, line));
        line += count_newlines(&b[start..end]);
    }
    let scanned: Vec<Scanner<'t>> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .map(|&(start, end, line)| {
                scope.spawn(move || {
                    let mut s = Scanner::new(path, text, start, end, line);
                    s.scan();
                    s
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join())
            .collect::<Result<_, _>>()
    })
    .ok()?;
    join(path, text, scanned)
}

/// One scanner holding the parts' results in order; `None` when the split changed anything.
fn join<'t>(path: &'t str, text: &'t str, parts: Vec<Scanner<'t>>) -> Option<Scanner<'t>> {
    let mut all = Scanner::new(path, text, 0, text.len(), 1);
    all.stop = 0;
    for part in parts {
        if all.stop > part.start || all.macros.redefined {
            return None;
        }
        let offset = all.items.len();
        for (key, line) in part.keys {
            if all.keys.insert(key, line).is_some() {
                return None;
            }
        }
        if !all.macros.absorb(part.macros) {
            return None;
        }
        all.items.extend(part.items.into_iter().map(|mut item| {
            if let BibItem::Entry(s) = &mut item {
                s.origin.ordinal += offset as u32;
            }
            item
        }));
        all.deferred
            .extend(part.deferred.into_iter().map(|d| Deferred {
                item: d.item + offset,
                ..d
            }));
        all.errors.extend(part.errors);
        all.warnings.extend(part.warnings);
        all.references.extend(part.references);
        all.stop = part.stop;
    }
    Some(all)
}

impl Scanner<'_> {
    /// The whole-file steps, then the result.
    pub(super) fn finish(mut self, encoding: &str) -> Parsed {
        self.finish_deferred();
        self.check_references();
        self.warnings.sort_by_key(|d| (d.line, d.column));
        Parsed {
            file: BibFile {
                path: self.path.to_string(),
                encoding: encoding.to_string(),
                items: self.items,
            },
            errors: self.errors,
            warnings: self.warnings,
        }
    }

    /// Expands again the values that used macros not yet defined when they were read, and
    /// warns about those still undefined at the end of the file.
    ///
    /// `@string` definitions that wait for later ones are settled in the order of what they
    /// use, each once, so a chain of forward references of any length settles. A definition
    /// that uses itself, directly or through others (`a = a # "x"`, `p = q # "1"` with
    /// `q = p # "2"`), keeps what it expanded to where it stands, its own name then still
    /// undefined, as BibTeX reads it, with a warning.
    pub(super) fn finish_deferred(&mut self) {
        let deferred = std::mem::take(&mut self.deferred);
        let strings: Vec<&Deferred> = deferred.iter().filter(|d| d.field.is_none()).collect();
        let uses: Vec<Vec<usize>> = {
            let by_name: FxHashMap<String, usize> = strings
                .iter()
                .enumerate()
                .filter_map(|(i, d)| self.string_name(d).map(|n| (n.to_ascii_lowercase(), i)))
                .collect();
            strings
                .iter()
                .map(|d| {
                    self.macros_used(d)
                        .iter()
                        .filter_map(|n| by_name.get(n).copied())
                        .collect()
                })
                .collect()
        };
        for group in strongly_connected(&uses) {
            let cyclic = group.len() > 1 || uses[group[0]].contains(&group[0]);
            if !cyclic {
                self.reexpand(strings[group[0]], true);
                continue;
            }
            let mut names: Vec<String> = group
                .iter()
                .filter_map(|&i| self.string_name(strings[i]).map(str::to_string))
                .collect();
            names.sort();
            let through = names.join(", ");
            for &i in &group {
                let d = strings[i];
                let name = self.string_name(d).unwrap_or_default().to_string();
                let msg = format!(
                    "@string '{name}' is defined in terms of itself (through {through}); \
                     its own name stands for nothing there, as in BibTeX"
                );
                self.warn(d.at, msg, None);
            }
        }
        for d in &deferred {
            if d.field.is_some() {
                self.reexpand(d, true);
            }
        }
    }

    /// The name a deferred `@string` definition defines.
    fn string_name(&self, d: &Deferred) -> Option<&str> {
        let item = match d.item.checked_sub(self.base) {
            Some(i) => self.items.get(i),
            None => self
                .held
                .binary_search_by_key(&d.item, |(o, _)| *o)
                .ok()
                .map(|i| &self.held[i].1),
        };
        match item? {
            BibItem::String { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The macro names (lowercase) a deferred value uses.
    fn macros_used(&self, d: &Deferred) -> Vec<String> {
        let mut pieces = Vec::new();
        if lex::value(self.b, d.at, &mut pieces).is_err() {
            return Vec::new();
        }
        pieces
            .iter()
            .filter(|p| p.is_macro(self.text))
            .map(|p| p.inner(self.text).to_ascii_lowercase())
            .collect()
    }

    fn reexpand(&mut self, d: &Deferred, last_round: bool) {
        self.pieces.clear();
        if lex::value(self.b, d.at, &mut self.pieces).is_err() {
            return;
        }
        let (first, last) = (self.pieces[0].start, self.pieces[self.pieces.len() - 1].end);
        let len = expanded_len(self.text, &self.pieces, &self.macros);
        if let Err(why) = self.growth.take(last - first, len) {
            let d = self
                .loc
                .diagnostic(self.path, d.at, format!("this value {why}"), None);
            self.errors.push(d);
            return;
        }
        self.gaps.clear();
        let tex = expand(self.text, &self.pieces, &self.macros, &mut self.gaps).into_owned();
        let mut key = None;
        let item = item_mut(&mut self.items, &mut self.held, self.base, d.item);
        match (item, d.field) {
            (Some(BibItem::String { name, value, .. }), None) => {
                *value = field_value("", &tex);
                let name = name.clone();
                let complete = !self.gaps.any();
                self.macros.define(&name, tex, complete);
            }
            (Some(BibItem::Entry(source)), Some(f)) => {
                let field = &mut source.fields[f];
                field.value = field_value(&field.name, &tex);
                key = Some(source.key.clone());
                if NAME_FIELDS.contains(&field.name.as_str()) {
                    let name = field.name.clone();
                    if let Some((_, list)) = source.persons.iter_mut().find(|(r, _)| *r == name) {
                        *list = persons(&tex);
                    }
                }
            }
            _ => {}
        }
        if last_round {
            for p in std::mem::take(&mut self.gaps.undefined) {
                let name = p.inner(self.text);
                let msg = format!("undefined @string macro '{name}' (taken as empty)");
                self.warn(p.start, msg, key.as_deref());
            }
        }
    }

    pub(super) fn check_references(&mut self) {
        for r in std::mem::take(&mut self.references) {
            if !self.keys.contains_key(r.target.as_str()) {
                let msg = format!(
                    "'{}' refers to '{}', which is not in this file",
                    r.key, r.target
                );
                self.warn(r.at, msg, Some(&r.key));
            }
        }
    }
}

/// The item with ordinal `ordinal`: in `items` (whose first has ordinal `base`), or among
/// those `held` back by a reading in parts (sorted by ordinal, all below `base`).
fn item_mut<'a>(
    items: &'a mut [BibItem],
    held: &'a mut [(usize, BibItem)],
    base: usize,
    ordinal: usize,
) -> Option<&'a mut BibItem> {
    match ordinal.checked_sub(base) {
        Some(i) => items.get_mut(i),
        None => {
            let i = held.binary_search_by_key(&ordinal, |(o, _)| *o).ok()?;
            Some(&mut held[i].1)
        }
    }
}

/// The strongly connected groups of a graph given as each node's successors, each group
/// after the groups it reaches (what a node uses comes first). Tarjan's algorithm, without
/// recursion, so a chain of any depth is safe.
fn strongly_connected(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const NONE: usize = usize::MAX;
    let n = succ.len();
    let (mut index, mut low) = (vec![NONE; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut groups, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        // (node, how many of its successors are looked at)
        let mut work = vec![(root, 0)];
        while let Some(&mut (v, ref mut k)) = work.last_mut() {
            if *k == 0 {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = succ[v].get(*k) {
                *k += 1;
                if index[w] == NONE {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut group = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                groups.push(group);
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn parts_give_the_same_result_as_one_piece() {
        let entry = |i: usize| {
            format!(
                "@book{{k{i},\n  author = {{Doe, J.}},\n  publisher = p{},\n}}\n\n",
                i % 3
            )
        };
        let body: String = (0..40).map(entry).collect();
        let strings = "@string{p0 = {Zero}}\n@string{p1 = {One}}\n";
        // (text, whether the split is kept)
        let cases: Vec<(String, bool)> = vec![
            (format!("{strings}{body}"), true),
            // p2 is defined at the end: values are settled after the parts are joined.
            (format!("{strings}{body}@string{{p2 = {{Two}}}}\n"), true),
            // The same key in two parts: joined as one piece, the repeat is reported once.
            (
                format!("{strings}{body}@book{{k0, title = {{again}}}}\n"),
                false,
            ),
            // A redefined macro: what a use means depends on its place.
            (
                format!("{strings}{body}@string{{p1 = {{Uno}}}}\n{}", entry(41)),
                false,
            ),
            // A line opening an entry inside a value: the part before it runs over.
            (
                format!("{strings}@book{{a, abstract = {{x\n@book{{fake, y}}\n{body}}}}}\n"),
                false,
            ),
            // Broken entries in several parts.
            (
                format!("{strings}{body}")
                    .replace("@book{k7,", "@book{k7")
                    .replace("@book{k30,", "@book{k30 x,"),
                true,
            ),
        ];
        for (text, kept) in &cases {
            let one = parse("p.bib", text);
            for n in [2, 3, 7] {
                assert_eq!(parse_in_parts("p.bib", text, n), one, "{n} parts");
            }
            assert_eq!(in_parts("p.bib", text, 3).is_some(), *kept, "{text}");
        }
    }
}
