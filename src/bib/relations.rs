//! Relations between entries: `crossref` and `xdata` references, cycle detection across
//! files, and the fields an entry inherits by biber's default rules (BibLaTeX manual,
//! appendix B).
//!
//! Owns the inheritance table and the walk over references. Every walk is iterative or bounded
//! in depth, so a cycle (`crossref = {self}`) can neither hang nor overflow the stack.

use std::collections::HashMap;

use super::diagnostic::Diagnostic;
use crate::model::{BibFile, BibItem, Field, Source};

/// Fields that identify an entry or steer its processing; never inherited (appendix B, "* → *").
const NOT_INHERITED: &[&str] = &[
    "ids",
    "crossref",
    "xref",
    "xdata",
    "entryset",
    "entrysubtype",
    "execute",
    "label",
    "options",
    "presort",
    "related",
    "relatedoptions",
    "relatedstring",
    "relatedtype",
    "shorthand",
    "shorthandintro",
    "sortkey",
];

/// One rule of appendix B: for these parent and child types, a parent field goes to these
/// child fields (none: not inherited).
struct Rule {
    parents: &'static [&'static str],
    children: &'static [&'static str],
    fields: &'static [(&'static str, &'static [&'static str])],
}

/// Titles of a multi-volume parent become the child's `main*` titles.
const MAIN_TITLES: &[(&str, &[&str])] = &[
    ("title", &["maintitle"]),
    ("subtitle", &["mainsubtitle"]),
    ("titleaddon", &["maintitleaddon"]),
    ("shorttitle", &[]),
    ("sorttitle", &[]),
    ("indextitle", &[]),
    ("indexsorttitle", &[]),
];

/// Titles of a containing book become the child's `book*` titles.
const BOOK_TITLES: &[(&str, &[&str])] = &[
    ("title", &["booktitle"]),
    ("subtitle", &["booksubtitle"]),
    ("titleaddon", &["booktitleaddon"]),
    ("shorttitle", &[]),
    ("sorttitle", &[]),
    ("indextitle", &[]),
    ("indexsorttitle", &[]),
];

const RULES: &[Rule] = &[
    Rule {
        parents: &["mvbook", "book"],
        children: &["inbook", "bookinbook", "suppbook"],
        fields: &[("author", &["author", "bookauthor"])],
    },
    Rule {
        parents: &["mvbook"],
        children: &["book", "inbook", "bookinbook", "suppbook"],
        fields: MAIN_TITLES,
    },
    Rule {
        parents: &["mvcollection", "mvreference"],
        children: &[
            "collection",
            "reference",
            "incollection",
            "inreference",
            "suppcollection",
        ],
        fields: MAIN_TITLES,
    },
    Rule {
        parents: &["mvproceedings"],
        children: &["proceedings", "inproceedings"],
        fields: MAIN_TITLES,
    },
    // `incollection` under `book` is not in appendix B, but it is how BibTeX files are written
    // (BibTeX has no `collection`), and biber users get the same booktitle from it.
    Rule {
        parents: &["book"],
        children: &["inbook", "bookinbook", "suppbook", "incollection"],
        fields: BOOK_TITLES,
    },
    Rule {
        parents: &["collection", "reference"],
        children: &["incollection", "inreference", "suppcollection"],
        fields: BOOK_TITLES,
    },
    Rule {
        parents: &["proceedings"],
        children: &["inproceedings"],
        fields: BOOK_TITLES,
    },
    Rule {
        parents: &["periodical"],
        children: &["article", "suppperiodical"],
        fields: &[
            ("title", &["journaltitle"]),
            ("subtitle", &["journalsubtitle"]),
            ("titleaddon", &["journaltitleaddon"]),
            ("shorttitle", &[]),
            ("sorttitle", &[]),
            ("indextitle", &[]),
            ("indexsorttitle", &[]),
        ],
    },
];

/// Past this depth a chain of parents is not followed further: no real chain is that long, and
/// the bound is what makes a cycle harmless.
const MAX_DEPTH: usize = 16;

/// The child fields a parent field of type `parent` goes to in a child of type `child`.
pub(crate) fn targets<'n>(parent: &str, child: &str, field: &'n str) -> Vec<&'n str> {
    if NOT_INHERITED.contains(&field) {
        return Vec::new();
    }
    RULES
        .iter()
        .filter(|r| r.parents.contains(&parent) && r.children.contains(&child))
        .flat_map(|r| r.fields.iter())
        .find(|(name, _)| *name == field)
        .map_or_else(|| vec![field], |(_, to)| to.to_vec())
}

/// The keys an entry refers to: its `crossref` (at most one) and its `xdata` list.
pub(crate) fn references(source: &Source) -> (Option<&str>, Vec<&str>) {
    let crossref = crossref(source);
    let xdata = source
        .get("xdata")
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .collect()
        })
        .unwrap_or_default();
    (crossref, xdata)
}

/// The key an entry's `crossref` names.
pub(crate) fn crossref(source: &Source) -> Option<&str> {
    source
        .get("crossref")
        .map(str::trim)
        .filter(|k| !k.is_empty())
}

/// The entry's effective fields after xdata and crossref inheritance, by biber's defaults:
/// `xdata` fields first, then the crossref parent's fields renamed per appendix B; a field the
/// entry already has always wins, and identity fields (`ids`, `crossref`, `label`, ...) are not
/// inherited. The result keeps the entry's own fields (its `crossref`/`xdata` included) in
/// order, followed by the inherited ones, with persons for inherited name lists.
pub fn resolve_inheritance<'a>(
    entry: &Source,
    lookup: &dyn Fn(&str) -> Option<&'a Source>,
) -> Source {
    let mut seen = vec![entry.key.clone()];
    resolve(entry, lookup, &mut seen)
}

fn resolve<'a>(
    entry: &Source,
    lookup: &dyn Fn(&str) -> Option<&'a Source>,
    seen: &mut Vec<String>,
) -> Source {
    let mut out = entry.clone();
    let (crossref, xdata) = references(entry);
    let follow = |key: &str, seen: &mut Vec<String>| -> Option<Source> {
        if seen.len() > MAX_DEPTH || seen.iter().any(|k| k == key) {
            return None;
        }
        let parent = lookup(key)?;
        seen.push(key.to_string());
        let resolved = resolve(parent, lookup, seen);
        seen.pop();
        Some(resolved)
    };
    for key in xdata {
        if let Some(x) = follow(key, seen) {
            for f in &x.fields {
                if !NOT_INHERITED.contains(&f.name.as_str()) {
                    inherit(&mut out, &x, f, &f.name);
                }
            }
        }
    }
    if let Some(parent) = crossref.and_then(|key| follow(key, seen)) {
        for f in &parent.fields {
            for target in targets(&parent.entry_type, &entry.entry_type, &f.name) {
                inherit(&mut out, &parent, f, target);
            }
        }
    }
    out
}

/// Adds `field` of `from` to `to` as `name`, unless `to` has that field already.
fn inherit(to: &mut Source, from: &Source, field: &Field, name: &str) {
    if to.field(name).is_some() {
        return;
    }
    to.fields.push(Field {
        name: name.to_string(),
        ..field.clone()
    });
    if let Some((_, persons)) = from.persons.iter().find(|(r, _)| *r == field.name) {
        to.persons.push((name.to_string(), persons.clone()));
    }
}

/// Crossref/xdata cycles among the entries of `files`, one error per cycle, located at the
/// cycle's first entry in file order and naming the whole cycle.
pub fn check_relations(files: &[&BibFile]) -> Vec<Diagnostic> {
    let links: Vec<Links> = files.iter().map(|f| Links::of_file(f)).collect();
    check_links(&links.iter().collect::<Vec<_>>())
}

/// What finding crossref/xdata cycles needs to know about the entries of one file, so that
/// files read in parts need not be held whole: every key in file order (the first entry with
/// a key is the one references reach) and the references of the entries that have some.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    file: String,
    entries: Vec<Link>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Link {
    /// Position among the file's items.
    ordinal: usize,
    key: String,
    /// The crossref target, then the xdata targets.
    targets: Vec<String>,
    line: u32,
    column: u32,
    /// The first line of the entry, for the diagnostic (only kept when it has targets).
    head: String,
}

impl Links {
    /// No entries yet, for the file `file` (as diagnostics name it).
    pub(crate) fn new(file: &str) -> Links {
        Links {
            file: file.to_string(),
            entries: Vec::new(),
        }
    }

    /// The links of a whole parsed file.
    pub fn of_file(file: &BibFile) -> Links {
        let mut links = Links::new(&file.path);
        for (ordinal, item) in file.items.iter().enumerate() {
            if let BibItem::Entry(s) = item {
                links.add(ordinal, s);
            }
        }
        links
    }

    /// Adds an entry at position `ordinal`; entries may come out of order (see `sort`).
    pub(crate) fn add(&mut self, ordinal: usize, s: &Source) {
        let (crossref, xdata) = references(s);
        let targets: Vec<String> = crossref
            .into_iter()
            .chain(xdata)
            .map(str::to_string)
            .collect();
        let head = if targets.is_empty() {
            String::new()
        } else {
            s.raw.lines().next().unwrap_or_default().to_string()
        };
        self.entries.push(Link {
            ordinal,
            key: s.key.clone(),
            targets,
            line: s.origin.line,
            column: s.origin.column,
            head,
        });
    }

    /// Puts the entries in file order.
    pub(crate) fn sort(&mut self) {
        self.entries.sort_by_key(|l| l.ordinal);
    }
}

/// [`check_relations`] over the links of several files.
pub fn check_links(files: &[&Links]) -> Vec<Diagnostic> {
    let sources: Vec<(&str, &Link)> = files
        .iter()
        .flat_map(|f| f.entries.iter().map(move |l| (f.file.as_str(), l)))
        .collect();
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(sources.len());
    for (i, (_, l)) in sources.iter().enumerate() {
        index.entry(l.key.as_str()).or_insert(i);
    }
    let edges: Vec<Vec<usize>> = sources
        .iter()
        .map(|(_, l)| {
            l.targets
                .iter()
                .filter_map(|k| index.get(k.as_str()).copied())
                .collect()
        })
        .collect();
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    // 0 = not visited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; sources.len()];
    for root in 0..sources.len() {
        if state[root] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        path.push((to, 0));
                    }
                    1 => {
                        let from = path.iter().position(|&(n, _)| n == to).unwrap_or(0);
                        let mut cycle: Vec<usize> = path[from..].iter().map(|&(n, _)| n).collect();
                        // Start at the entry that comes first, so each cycle reads one way.
                        let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                        cycle.rotate_left(first);
                        cycles.push(cycle);
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                path.pop();
            }
        }
    }
    cycles
        .into_iter()
        .map(|cycle| {
            let (file, first) = sources[cycle[0]];
            let names: Vec<&str> = cycle
                .iter()
                .chain(std::iter::once(&cycle[0]))
                .map(|&i| sources[i].1.key.as_str())
                .collect();
            Diagnostic {
                file: file.to_string(),
                line: first.line,
                column: first.column,
                message: format!("crossref/xdata cycle: {}", names.join(" -> ")),
                line_text: format!(
                    "{}{}",
                    " ".repeat(first.column.saturating_sub(1) as usize),
                    first.head
                ),
                excerpt_from: 1,
                key: Some(first.key.clone()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn file(text: &str) -> BibFile {
        let p = parse("r.bib", text);
        assert_eq!(p.errors, vec![]);
        p.file
    }

    #[test]
    #[rustfmt::skip]
    fn cycles_table() {
        let cases: &[(&str, &[&str])] = &[
            ("@book{a, crossref={b}}\n@book{b, crossref={a}}", &["1:1: crossref/xdata cycle: a -> b -> a"]),
            ("@book{a, crossref={a}}", &["1:1: crossref/xdata cycle: a -> a"]),
            ("@book{x}\n@book{a, xdata={b}}\n@book{b, xdata={x, c}}\n@book{c, crossref={a}}", &["2:1: crossref/xdata cycle: a -> b -> c -> a"]),
            ("@book{a, crossref={b}}\n@book{b}\n@book{c, xdata={b, a}}", &[]),
            ("@book{a, crossref={missing}}", &[]),
        ];
        for (text, want) in cases {
            let f = file(text);
            let got: Vec<String> = check_relations(&[&f])
                .iter()
                .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
                .collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn cycles_across_files_and_long_chains() {
        let a = file("@book{a, crossref={b}}");
        let b = file("@book{b, crossref={a}}");
        assert_eq!(check_relations(&[&a, &b]).len(), 1);
        // A chain far deeper than any stack would take if walked recursively.
        let chain: String = (0..100_000)
            .map(|i| format!("@book{{k{i}, crossref={{k{}}}}}\n", i + 1))
            .collect();
        let f = file(&(chain + "@book{k100000, crossref={k0}}"));
        let d = check_relations(&[&f]);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.ends_with("k99999 -> k100000 -> k0"));
    }

    fn inherited(text: &str, child: &str) -> Vec<String> {
        let f = file(text);
        let by_key: HashMap<&str, &Source> = f.sources().map(|s| (s.key.as_str(), s)).collect();
        let entry = by_key[child];
        let lookup = |k: &str| by_key.get(k).copied();
        let r = resolve_inheritance(entry, &lookup);
        r.fields
            .iter()
            .map(|f| format!("{}={}", f.name, f.value))
            .collect()
    }

    #[test]
    #[rustfmt::skip]
    fn inheritance_table() {
        let cases: &[(&str, &[&str])] = &[
            ("@book{p, title={T}, author={A}, publisher={P}}\n@inbook{c, crossref={p}, title={C}}", &["crossref=p", "title=C", "booktitle=T", "author=A", "bookauthor=A", "publisher=P"]),
            ("@book{p, title={T}, subtitle={S}, year=2000}\n@incollection{c, crossref={p}}", &["crossref=p", "booktitle=T", "booksubtitle=S", "year=2000"]),
            ("@collection{p, title={T}, editor={E}}\n@incollection{c, crossref={p}, author={A}}", &["crossref=p", "author=A", "booktitle=T", "editor=E"]),
            ("@proceedings{p, title={T}, shorttitle={S}}\n@inproceedings{c, crossref={p}}", &["crossref=p", "booktitle=T"]),
            ("@mvbook{p, title={T}, titleaddon={X}}\n@book{c, crossref={p}, title={C}}", &["crossref=p", "title=C", "maintitle=T", "maintitleaddon=X"]),
            ("@mvcollection{p, title={T}}\n@incollection{c, crossref={p}}", &["crossref=p", "maintitle=T"]),
            ("@periodical{p, title={J}, subtitle={S}}\n@article{c, crossref={p}}", &["crossref=p", "journaltitle=J", "journalsubtitle=S"]),
            ("@misc{p, title={T}, ids={x}, label={L}, shorthand={S}, sortkey={K}, xref={y}, note={N}}\n@misc{c, crossref={p}}", &["crossref=p", "title=T", "note=N"]),
            ("@xdata{x, publisher={P}, location={L}}\n@book{c, xdata={x}, location={Here}}", &["xdata=x", "location=Here", "publisher=P"]),
            ("@xdata{x1, publisher={P}}\n@xdata{x2, xdata={x1}, year=1999}\n@book{c, xdata={x2}}", &["xdata=x2", "year=1999", "publisher=P"]),
            ("@xdata{x, year=2001}\n@book{p, xdata={x}, title={T}}\n@inbook{c, crossref={p}}", &["crossref=p", "booktitle=T", "year=2001"]),
            ("@book{a, crossref={b}, title={A}}\n@book{b, crossref={a}, year=1}", &["crossref=b", "title=A", "year=1"]),
            ("@book{a, crossref={a}, title={A}}", &["crossref=a", "title=A"]),
        ];
        for (text, want) in cases {
            assert_eq!(
                &inherited(text, if text.contains("{a,") { "a" } else { "c" }),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn inherited_name_lists_bring_their_persons() {
        let f = file("@book{p, author={Finley, James P.}}\n@inbook{c, crossref={p}}");
        let by_key: HashMap<&str, &Source> = f.sources().map(|s| (s.key.as_str(), s)).collect();
        let lookup = |k: &str| by_key.get(k).copied();
        let r = resolve_inheritance(by_key["c"], &lookup);
        assert_eq!(r.persons("bookauthor")[0].family, "Finley");
        assert_eq!(r.persons("author")[0].given, "James P.");
    }
}
