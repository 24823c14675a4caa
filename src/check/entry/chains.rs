//! What an entry's `crossref` ancestors give it, worked out once per ancestor.
//!
//! biber follows a crossref chain to the grandparents and beyond. Walking the chain afresh for
//! every entry costs the chain's length per entry, so a library whose entries form one chain
//! 5,000 deep took over a minute to check. Here the fields an ancestor passes on (its own and
//! its ancestors', each (parent type, field) pair once) are kept per ancestor, so each entry's
//! are found in about the time of its own fields.
//!
//! Each entry has at most one parent, so following parents from any entry ends at an entry
//! without one, at a parent out of scope, or in a cycle. Every member of a cycle reaches every
//! other; an entry on the cycle inherits from the others but not from itself (the walk that
//! biber makes stops when it comes back to where it started), which is why a cycle keeps a
//! count of its members giving each pair.

use std::collections::HashMap;
use std::rc::Rc;

use crate::model::Source;

use super::super::Library;
use super::{canonical_type, own_fields};

/// A field an ancestor passes on, with the ancestor's (canonical) type.
pub(super) type Given<'a> = (&'static str, &'a str);

/// What following parents from one entry (included) gives.
#[derive(Debug, Default)]
struct Closure<'a> {
    /// Each pair once, with the number of cycle members that give it (1 off a cycle).
    given: Vec<(Given<'a>, u32)>,
    /// The first parent key named on the way that is not in scope.
    missing: Option<&'a str>,
    /// Whether the walk ends in a cycle that this entry is a member of.
    on_cycle: bool,
}

/// The closures computed so far, by entry key.
pub(super) struct Chains<'l, 'a> {
    library: &'l Library<'a>,
    memo: HashMap<&'a str, Rc<Closure<'a>>>,
}

/// What a source inherits through `crossref`.
pub(super) struct Inherited<'a> {
    pub given: Vec<Given<'a>>,
    /// A parent out of scope on the way (its key).
    pub missing: Option<&'a str>,
}

impl<'l, 'a> Chains<'l, 'a> {
    pub(super) fn new(library: &'l Library<'a>) -> Self {
        Chains {
            library,
            memo: HashMap::new(),
        }
    }

    /// The fields `source`'s ancestors give it, each (type, field) pair once.
    pub(super) fn inherited(&mut self, source: &'a Source) -> Inherited<'a> {
        let Some(parent_key) = parent_key(source) else {
            return Inherited {
                given: Vec::new(),
                missing: None,
            };
        };
        let Some(parent) = self.library.get(parent_key) else {
            return Inherited {
                given: Vec::new(),
                missing: Some(parent_key),
            };
        };
        let up = self.closure(parent);
        // On a cycle, the entry's own contributions are taken out of the cycle's counts.
        let on_cycle = up.on_cycle
            && self
                .memo
                .get(source.key.as_str())
                .is_some_and(|c| Rc::ptr_eq(c, &up));
        let own = if on_cycle {
            given_by(source)
        } else {
            Vec::new()
        };
        let given = up
            .given
            .iter()
            .filter(|(g, n)| *n > u32::from(own.contains(g)))
            .map(|(g, _)| *g)
            .collect();
        Inherited {
            given,
            missing: up.missing,
        }
    }

    /// The closure of `start`: what it and everything above it give.
    fn closure(&mut self, start: &'a Source) -> Rc<Closure<'a>> {
        if let Some(c) = self.memo.get(start.key.as_str()) {
            return Rc::clone(c);
        }
        // Walk up until a known closure, the top, a parent out of scope or a cycle.
        let mut path: Vec<&'a Source> = vec![start];
        let mut at: HashMap<&'a str, usize> = HashMap::from([(start.key.as_str(), 0)]);
        let mut base = Rc::new(Closure::default());
        loop {
            let last = path[path.len() - 1];
            let Some(key) = parent_key(last) else { break };
            let Some(parent) = self.library.get(key) else {
                base = Rc::new(Closure {
                    missing: Some(key),
                    ..Closure::default()
                });
                break;
            };
            if let Some(c) = self.memo.get(parent.key.as_str()) {
                base = Rc::clone(c);
                break;
            }
            if let Some(&j) = at.get(parent.key.as_str()) {
                // `path[j..]` is a cycle: one closure shared by its members.
                let mut counts: HashMap<Given<'a>, u32> = HashMap::new();
                for member in &path[j..] {
                    for g in given_by(member) {
                        *counts.entry(g).or_default() += 1;
                    }
                }
                let mut given: Vec<(Given<'a>, u32)> = counts.into_iter().collect();
                given.sort_unstable();
                let cycle = Rc::new(Closure {
                    given,
                    missing: None,
                    on_cycle: true,
                });
                for member in path.drain(j..) {
                    self.memo.insert(member.key.as_str(), Rc::clone(&cycle));
                }
                base = cycle;
                break;
            }
            at.insert(parent.key.as_str(), path.len());
            path.push(parent);
        }
        // Down the path: each entry adds its own pairs to what is above it.
        for entry in path.into_iter().rev() {
            let mut given: Vec<(Given<'a>, u32)> =
                base.given.iter().map(|&(g, _)| (g, 1)).collect();
            for g in given_by(entry) {
                if !given.iter().any(|(h, _)| *h == g) {
                    given.push((g, 1));
                }
            }
            base = Rc::new(Closure {
                given,
                missing: base.missing,
                on_cycle: false,
            });
            self.memo.insert(entry.key.as_str(), Rc::clone(&base));
        }
        base
    }
}

/// The key in an entry's `crossref`, when it names one.
fn parent_key(source: &Source) -> Option<&str> {
    source.get("crossref").map(str::trim)
}

/// The pairs an entry gives to the entries below it, each once.
fn given_by(source: &Source) -> Vec<Given<'_>> {
    let (entry_type, _) = canonical_type(&source.entry_type);
    let mut out: Vec<Given> = Vec::new();
    for f in own_fields(source) {
        if !out.contains(&(entry_type, f)) {
            out.push((entry_type, f));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::source;

    /// The plain walk biber makes from `source`: up the parents until the top, a parent out of
    /// scope, or an entry seen already (the source itself included).
    fn walked<'a>(source: &'a Source, library: &Library<'a>) -> (Vec<Given<'a>>, Option<&'a str>) {
        let mut seen = vec![source.key.as_str()];
        let mut given = Vec::new();
        let mut current = source;
        while let Some(key) = parent_key(current) {
            let Some(parent) = library.get(key) else {
                given.sort_unstable();
                given.dedup();
                return (given, Some(key));
            };
            if seen.contains(&parent.key.as_str()) {
                break;
            }
            seen.push(&parent.key);
            given.extend(given_by(parent));
            current = parent;
        }
        given.sort_unstable();
        given.dedup();
        (given, None)
    }

    /// Libraries whose parents form chains, trees, cycles (a self-reference too), cycles with
    /// tails and parents out of scope, with a type and a field of their own per entry: what
    /// each entry inherits is what the plain walk finds.
    #[test]
    fn every_shape_of_parents_gives_what_the_walk_gives() {
        let types = [
            "book",
            "collection",
            "inbook",
            "incollection",
            "proceedings",
        ];
        let fields = [
            "title",
            "date",
            "editor",
            "publisher",
            "booktitle",
            "subtitle",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for case in 0..400 {
            let n = 1 + next(12);
            let sources: Vec<Source> = (0..n)
                .map(|i| {
                    let mut own = vec![(fields[next(fields.len())], "x")];
                    if next(2) == 0 {
                        own.push((fields[next(fields.len())], "y"));
                    }
                    let parent = match next(5) {
                        0 => None,
                        1 => Some(format!("gone{}", next(3))),
                        _ => Some(format!("e{}", next(n))),
                    };
                    let mut with: Vec<(&str, &str)> = own;
                    let parent_text;
                    if let Some(p) = parent {
                        parent_text = p;
                        with.push(("crossref", parent_text.as_str()));
                    }
                    source(&format!("e{i}"), types[next(types.len())], &with)
                })
                .collect();
            let library = Library::new(&sources);
            let mut chains = Chains::new(&library);
            // In the library's order and then backwards, so memos from either side are used.
            for s in sources.iter().chain(sources.iter().rev()) {
                let got = chains.inherited(s);
                let mut given = got.given;
                given.sort_unstable();
                assert_eq!(
                    (given, got.missing),
                    walked(s, &library),
                    "case {case}, {}",
                    s.key
                );
            }
        }
    }
}
