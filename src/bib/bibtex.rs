//! The BibTeX dialect of the writer: what classic `bibtex` with `plain.bst` does not
//! understand, mapped to what it does. Every mapping is in the tables and the one function
//! [`convert`] below:
//!
//! | biblatex | BibTeX |
//! |---|---|
//! | types `mvbook` `collection` `mvcollection` `reference` `mvreference` | `book` |
//! | types `bookinbook` `suppbook` | `inbook` |
//! | types `inreference` `suppcollection` | `incollection` |
//! | types `mvproceedings` / `conference` / `report` / `suppperiodical` | `proceedings` / `inproceedings` / `techreport` / `article` |
//! | type `thesis` | `mastersthesis` when its `type` says master/MA, else `phdthesis` |
//! | any other type `plain.bst` lacks (`online`, `software`, `dataset`, `patent`, ...) | `misc` |
//! | `@xdata` entries | dropped; their fields copied into the entries that use them |
//! | `date` | `year` (+ `month` macro when the date has a month and no `month` field exists); dropped when `year` exists |
//! | `month = {5}` | `month = may` |
//! | names in the extended form (`family=Berg, given=Jan, prefix=van der`) | `van der Berg, Jan` |
//! | bare tokens that are neither numbers nor macros (`3.2.1`) | braced (`{3.2.1}`) |
//! | comments holding an `@` (BibTeX would take it for an entry) | dropped |
//! | `journaltitle` `location` `annotation` | `journal` `address` `annote` |
//! | `institution` of a thesis | `school` |
//! | `type = {phdthesis}` and other biblatex localisation keys | dropped (BibTeX would print the key) |
//! | `subtitle`, `titleaddon` | merged into `title` as `{Title: Subtitle. Addon}` |
//! | `booksubtitle`, `booktitleaddon` / `journalsubtitle` / `mainsubtitle`, `maintitleaddon` | merged into `booktitle` / `journal` / `maintitle` |
//! | crossref fields biber would rename (a parent's `title` as a child's `booktitle`) | written into the child, since BibTeX inherits by same name only |
//! | crossref parents | written after all their children, as BibTeX requires |
//!
//! A renamed field never overwrites one the entry already has, so nothing is written twice.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;
use std::io::{self, Write};

use super::lex;
use super::names::to_bibtex_names;
use super::relations::{crossref, references, resolve_inheritance, targets};
use super::value::month_macro;
use super::write::{Named, opens_item, write_entry, write_other};
use crate::model::{BibItem, Field, NAME_FIELDS, Source};

/// biblatex types with a direct BibTeX counterpart other than `misc`.
const TYPES: &[(&str, &str)] = &[
    ("mvbook", "book"),
    ("collection", "book"),
    ("mvcollection", "book"),
    ("reference", "book"),
    ("mvreference", "book"),
    ("bookinbook", "inbook"),
    ("suppbook", "inbook"),
    ("inreference", "incollection"),
    ("suppcollection", "incollection"),
    ("mvproceedings", "proceedings"),
    ("conference", "inproceedings"),
    ("report", "techreport"),
    ("suppperiodical", "article"),
];

/// The entry types `plain.bst` defines.
const BIBTEX_TYPES: &[&str] = &[
    "article",
    "book",
    "booklet",
    "inbook",
    "incollection",
    "inproceedings",
    "manual",
    "mastersthesis",
    "misc",
    "phdthesis",
    "proceedings",
    "techreport",
    "unpublished",
];

/// Plain renames.
const RENAMES: &[(&str, &str)] = &[
    ("journaltitle", "journal"),
    ("location", "address"),
    ("annotation", "annote"),
];

/// Fields merged into another, with the punctuation between them.
const MERGES: &[(&str, &[(&str, &str)])] = &[
    ("title", &[("subtitle", ": "), ("titleaddon", ". ")]),
    (
        "booktitle",
        &[("booksubtitle", ": "), ("booktitleaddon", ". ")],
    ),
    ("journal", &[("journalsubtitle", ": ")]),
    (
        "maintitle",
        &[("mainsubtitle", ": "), ("maintitleaddon", ". ")],
    ),
];

/// biblatex localisation keys that may stand in a `type` field.
const TYPE_KEYS: &[&str] = &[
    "phdthesis",
    "mathesis",
    "candthesis",
    "techreport",
    "resreport",
    "software",
    "datacd",
    "audiocd",
];

/// Where BibTeX needs things: the named entries at hand for [`convert`], each crossref
/// parent's depth (how many crossref steps its farthest child is away), and the parents held
/// back until every other item is written (`bibtex` reads a parent's fields into a child only
/// when the parent comes after it).
pub(crate) struct Placement {
    by_key: HashMap<String, Source>,
    depth: HashMap<String, usize>,
    held: Vec<(usize, String)>,
}

impl Placement {
    pub(crate) fn new(named: Named) -> Self {
        let by_key: HashMap<String, Source> = named
            .sources
            .into_iter()
            .map(|s| (s.key.clone(), s))
            .collect();
        let depth = depths(&by_key, &named.crossref_targets);
        Placement {
            by_key,
            depth,
            held: Vec::new(),
        }
    }

    /// Whether `item` is written now: not an `@xdata` entry (folded into its users), not a
    /// comment holding an `@` (BibTeX would read it as an entry), not a crossref parent
    /// (held back for [`Placement::held_back`]).
    pub(crate) fn now(&mut self, item: &BibItem) -> bool {
        match item {
            BibItem::Entry(s) if s.entry_type == "xdata" => false,
            BibItem::Entry(s) => match self.depth.get(&s.key) {
                Some(&d) if self.by_key.contains_key(&s.key) => {
                    self.held.push((d, s.key.clone()));
                    false
                }
                _ => true,
            },
            BibItem::Comment { raw, .. } => {
                !opens_item(raw) && !raw.strip_prefix('@').unwrap_or(raw).contains('@')
            }
            _ => true,
        }
    }

    /// The parents held back, shallowest first, each depth in the order they came.
    pub(crate) fn held_back(&self) -> Vec<&Source> {
        let mut held: Vec<&(usize, String)> = self.held.iter().collect();
        held.sort_by_key(|(d, _)| *d);
        held.iter().map(|(_, k)| &self.by_key[k]).collect()
    }

    /// Writes an item converted to BibTeX.
    pub(crate) fn write(&self, out: &mut dyn Write, item: &BibItem) -> io::Result<()> {
        match item {
            BibItem::Entry(s) => self.write_entry(out, s),
            other => write_other(out, other),
        }
    }

    pub(crate) fn write_entry(&self, out: &mut dyn Write, s: &Source) -> io::Result<()> {
        let (entry_type, fields) = convert(s, &self.by_key);
        let fields = fields.iter().map(|f| (f.name.as_str(), f.raw.as_str()));
        write_entry(out, &entry_type, &s.key, fields)
    }
}

/// How far each crossref parent stands above the entries that name it: a target is one step
/// from its child, its own parent two, and so on (the most steps by any path), so writing
/// parents by depth puts each after every entry that inherits from it. Worked out from the
/// bottom up, once per entry: walking up from every target cost a chain of 10^4 entries
/// 5×10^7 steps. An entry on a crossref cycle has no bottom; it gets the largest depth.
fn depths(by_key: &HashMap<String, Source>, targets: &[String]) -> HashMap<String, usize> {
    fn parent<'s>(s: &'s Source, by_key: &HashMap<String, Source>) -> Option<&'s str> {
        crossref(s).filter(|p| by_key.contains_key(*p))
    }
    let mut children: HashMap<&str, usize> = HashMap::default();
    for s in by_key.values() {
        if let Some(p) = parent(s, by_key) {
            *children.entry(p).or_default() += 1;
        }
    }
    let mut depth: HashMap<&str, usize> = targets
        .iter()
        .filter(|t| by_key.contains_key(t.as_str()))
        .map(|t| (t.as_str(), 1))
        .collect();
    let mut ready: Vec<&str> = by_key
        .keys()
        .map(String::as_str)
        .filter(|k| !children.contains_key(k))
        .collect();
    while let Some(key) = ready.pop() {
        let Some(p) = parent(&by_key[key], by_key) else {
            continue;
        };
        if let Some(&d) = depth.get(key) {
            let at = depth.entry(p).or_default();
            *at = (*at).max(d + 1);
        }
        let left = children.get_mut(p).expect("a parent has a child");
        *left -= 1;
        if *left == 0 {
            ready.push(p);
        }
    }
    // What still waits for a child sits on a cycle.
    for (key, left) in &children {
        if *left > 0 {
            depth.insert(key, by_key.len());
        }
    }
    depth.into_iter().map(|(k, d)| (k.to_string(), d)).collect()
}

/// The BibTeX type and fields of one entry.
pub(crate) fn convert<'s>(
    s: &'s Source,
    by_key: &HashMap<String, Source>,
) -> (String, Vec<Cow<'s, Field>>) {
    let xdata_only = |k: &str| by_key.get(k).filter(|p| p.entry_type == "xdata");
    let (crossref, xdata) = references(s);
    // Most entries inherit nothing from xdata: their fields are used as they are, not copied
    // (a large export spent a fifth of its time copying and freeing them).
    let mut own = if xdata.is_empty() && crossref.and_then(xdata_only).is_none() {
        Cow::Borrowed(s)
    } else {
        let mut own = resolve_inheritance(s, &xdata_only);
        own.fields.retain(|f| f.name != "xdata");
        Cow::Owned(own)
    };
    if let Some(parent) = crossref.and_then(|k| by_key.get(k)) {
        let parent = resolve_inheritance(parent, &xdata_only);
        for f in &parent.fields {
            for target in targets(&parent.entry_type, &s.entry_type, &f.name) {
                if target != f.name && own.field(target).is_none() {
                    own.to_mut().fields.push(Field {
                        name: target.to_string(),
                        ..f.clone()
                    });
                }
            }
        }
    }
    let entry_type = bibtex_type(&own);
    let own: Vec<Cow<'s, Field>> = match own {
        Cow::Borrowed(s) => s.fields.iter().map(Cow::Borrowed).collect(),
        Cow::Owned(o) => o.fields.into_iter().map(Cow::Owned).collect(),
    };
    let thesis = entry_type.ends_with("thesis");
    let has = |name: &str| own.iter().any(|f| f.name == name);
    let mut fields: Vec<Cow<'s, Field>> = Vec::with_capacity(own.len());
    for f in &own {
        let rename = |to: &str| (!has(to)).then(|| Cow::Owned(renamed(f, to)));
        match f.name.as_str() {
            "date" if has("year") => {}
            "date" => {
                let (year, month) = split_date(&f.value);
                fields.push(Cow::Owned(Field {
                    name: "year".into(),
                    raw: year.map_or_else(|| f.raw.clone(), |y| format!("{{{y}}}")),
                    value: year.unwrap_or(&f.value).to_string(),
                }));
                if let Some(m) = month.filter(|_| !has("month")).and_then(month_macro) {
                    fields.push(Cow::Owned(Field {
                        name: "month".into(),
                        raw: m.into(),
                        value: f.value.clone(),
                    }));
                }
            }
            "month" => {
                let number = f.value.trim().parse::<u32>().ok();
                match number.and_then(month_macro) {
                    Some(m) => fields.push(Cow::Owned(Field {
                        raw: m.into(),
                        ..Field::clone(f)
                    })),
                    None => fields.push(f.clone()),
                }
            }
            "institution" if thesis => fields.extend(rename("school")),
            "type" if TYPE_KEYS.contains(&f.value.trim().to_ascii_lowercase().as_str()) => {}
            name => match RENAMES.iter().find(|(from, _)| *from == name) {
                Some((_, to)) => fields.extend(rename(to)),
                None => fields.push(f.clone()),
            },
        }
    }
    for f in &mut fields {
        if let Some(raw) = brace_bare_tokens(&f.raw) {
            f.to_mut().raw = raw;
        }
        if NAME_FIELDS.contains(&f.name.as_str())
            && let Some(names) = literal_tex(&f.raw).and_then(|t| to_bibtex_names(&t))
        {
            f.to_mut().raw = format!("{{{names}}}");
        }
    }
    for (into, parts) in MERGES {
        let Some(main) = fields.iter().position(|f| f.name == *into) else {
            continue;
        };
        for (part, sep) in *parts {
            if let Some(p) = fields.iter().position(|f| f.name == *part) {
                let part = fields.remove(p);
                let main = fields[main - usize::from(p < main)].to_mut();
                main.raw = merge_raw(&main.raw, separator(&main.value, sep), &part.raw);
                main.value = format!(
                    "{}{}{}",
                    main.value,
                    separator(&main.value, sep),
                    part.value
                );
            }
        }
    }
    (entry_type, fields)
}

fn renamed(f: &Field, to: &str) -> Field {
    Field {
        name: to.to_string(),
        ..f.clone()
    }
}

fn bibtex_type(s: &Source) -> String {
    let t = s.entry_type.as_str();
    if t == "thesis" {
        let kind = s.get("type").unwrap_or("").to_ascii_lowercase();
        let master = kind.contains("master") || kind == "mathesis" || kind.starts_with("ma ");
        return if master { "mastersthesis" } else { "phdthesis" }.into();
    }
    if let Some((_, to)) = TYPES.iter().find(|(from, _)| *from == t) {
        return (*to).into();
    }
    if BIBTEX_TYPES.contains(&t) { t } else { "misc" }.into()
}

/// The year and month (1-based) at the start of an ISO 8601 / EDTF date such as `2014`,
/// `2014-05-22`, `2014-05/2015` or `-0044`.
fn split_date(date: &str) -> (Option<&str>, Option<u32>) {
    let d = date.trim();
    let sign = usize::from(d.starts_with('-'));
    let digits = d[sign..].bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return (None, None);
    }
    let (year, rest) = d.split_at(sign + digits);
    let month = rest
        .strip_prefix('-')
        .filter(|m| m.len() >= 2 && m.as_bytes()[..2].iter().all(u8::is_ascii_digit))
        .and_then(|m| m[..2].parse().ok())
        .filter(|m| (1..=12).contains(m));
    (Some(year), month)
}

/// The TeX of a raw value made of literal pieces only (no macros).
fn literal_tex(raw: &str) -> Option<String> {
    let pieces = lex::pieces(raw)?;
    if pieces.iter().any(|p| p.is_macro(raw)) {
        return None;
    }
    Some(pieces.iter().map(|p| p.inner(raw)).collect())
}

/// `raw` with bare tokens such as `3.2.1` braced, since BibTeX takes a bare token for a number
/// or a macro only; `None` when there is none.
fn brace_bare_tokens(raw: &str) -> Option<String> {
    let pieces = lex::pieces(raw)?;
    let odd = |p: &lex::Piece| {
        p.kind == lex::PieceKind::Bare
            && !p.is_macro(raw)
            && !p.inner(raw).bytes().all(|c| c.is_ascii_digit())
    };
    if !pieces.iter().any(odd) {
        return None;
    }
    let parts: Vec<String> = pieces
        .iter()
        .map(|p| {
            if odd(p) {
                format!("{{{}}}", p.inner(raw))
            } else {
                raw[p.start..p.end].to_string()
            }
        })
        .collect();
    Some(parts.join(" # "))
}

/// No colon or period after a title that ends in punctuation of its own.
fn separator<'s>(main: &str, sep: &'s str) -> &'s str {
    if main.trim_end().ends_with(['.', '?', '!', ':', ';']) {
        " "
    } else {
        sep
    }
}

/// `main`, `sep` and `part` (raw values) as one raw value. Literal text is joined inside one
/// pair of braces (`{Title: Subtitle}`, whichever delimiters each had); macros stay macros,
/// joined with `#`.
fn merge_raw(main: &str, sep: &str, part: &str) -> String {
    let mut toks: Vec<(bool, String)> = Vec::new();
    let mut push = |is_macro: bool, text: &str| match toks.last_mut() {
        Some((false, last)) if !is_macro => last.push_str(text),
        _ => toks.push((is_macro, text.to_string())),
    };
    for (i, raw) in [main, part].into_iter().enumerate() {
        if i == 1 {
            push(false, sep);
        }
        match lex::pieces(raw) {
            Some(pieces) => {
                for p in pieces {
                    push(p.is_macro(raw), p.inner(raw));
                }
            }
            None => push(false, raw),
        }
    }
    toks.iter()
        .map(|(m, t)| if *m { t.clone() } else { format!("{{{t}}}") })
        .collect::<Vec<_>>()
        .join(" # ")
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::super::write::{Dialect, write};
    use super::*;

    fn bibtex(text: &str) -> String {
        let p = parse("b.bib", text);
        assert_eq!(p.errors, vec![], "{text}");
        let mut out = Vec::new();
        write(&mut out, &p.file.items, Dialect::Bibtex).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The one entry's fields as `type|name = raw|name = raw`.
    fn one(text: &str) -> String {
        let p = parse("b.bib", text);
        let by_key: HashMap<String, Source> = p
            .file
            .sources()
            .map(|s| (s.key.clone(), s.clone()))
            .collect();
        let s = p.file.sources().last().unwrap();
        let (t, fields) = convert(s, &by_key);
        let mut out = vec![t];
        out.extend(fields.iter().map(|f| format!("{} = {}", f.name, f.raw)));
        out.join("|")
    }

    #[test]
    #[rustfmt::skip]
    fn mapping_table() {
        let cases: &[(&str, &str)] = &[
            ("@book{k, date = {2014}}", "book|year = {2014}"),
            ("@book{k, date = {1982-05-22}}", "book|year = {1982}|month = may"),
            ("@book{k, date = {1982-05/1983}, month = {June}}", "book|year = {1982}|month = {June}"),
            ("@book{k, year = 1983, date = {1982-05}}", "book|year = 1983"),
            ("@book{k, date = {n.d.}}", "book|year = {n.d.}"),
            ("@book{k, month = {5}}", "book|month = may"),
            ("@book{k, month = 13}", "book|month = 13"),
            ("@article{k, journaltitle = {J}}", "article|journal = {J}"),
            ("@article{k, journaltitle = {J}, journal = {K}}", "article|journal = {K}"),
            ("@book{k, location = \"Seoul\", annotation = {A}}", "book|address = \"Seoul\"|annote = {A}"),
            ("@thesis{k, institution = {U}, type = {phdthesis}}", "phdthesis|school = {U}"),
            ("@thesis{k, institution = {U}, type = {mathesis}}", "mastersthesis|school = {U}"),
            ("@thesis{k, type = {Habilitation}}", "phdthesis|type = {Habilitation}"),
            ("@report{k, institution = {U}, type = {techreport}}", "techreport|institution = {U}"),
            ("@book{k, title = {The {US} Army}, subtitle = {In {Korea}}}", "book|title = {The {US} Army: In {Korea}}"),
            ("@book{k, title = \"A\", subtitle = {B}, titleaddon = \"C\"}", "book|title = {A: B. C}"),
            ("@book{k, title = {Why?}, subtitle = {B}}", "book|title = {Why? B}"),
            ("@book{k, subtitle = {B}, title = t # {x}}", "book|title = t # {x: B}"),
            ("@book{k, title = {A}, subtitle = s}", "book|title = {A: } # s"),
            ("@incollection{k, booktitle = {B}, booksubtitle = {S}}", "incollection|booktitle = {B: S}"),
            ("@collection{k}", "book"),
            ("@mvbook{k}", "book"),
            ("@bookinbook{k}", "inbook"),
            ("@inreference{k}", "incollection"),
            ("@conference{k}", "inproceedings"),
            ("@online{k, url = {http://x}}", "misc|url = {http://x}"),
            ("@software{k}", "misc"),
            ("@Article{k}", "article"),
            ("@book{k, author = {family=Berg, given=Jan, prefix=van der}, editor = ed}", "book|author = {van der Berg, Jan}|editor = ed"),
            ("@misc{k, edition = 3.2.1, year = 2024, month = jan # \"~1\"}", "misc|edition = {3.2.1}|year = 2024|month = jan # \"~1\""),
            ("@xdata{x, publisher = {P}}\n@book{k, xdata = {x}, title = {T}}", "book|title = {T}|publisher = {P}"),
            ("@book{p, title = {T}, subtitle = {S}}\n@incollection{k, crossref = {p}}", "incollection|crossref = {p}|booktitle = {T: S}"),
        ];
        for (text, want) in cases {
            assert_eq!(one(text), *want, "{text}");
        }
    }

    #[test]
    fn parents_follow_children_and_xdata_is_dropped() {
        let out = bibtex(
            "@xdata{x, publisher = {P}}\n@book{top, title = {Top}}\n@book{mid, crossref = {top}}\n\
             @string{s = {S}}\n@inbook{leaf, crossref = {mid}, xdata = {x}}\n% plain note\n@misc{other}\n\
             %@book{old, title = {commented out}}\n@comment{kept}",
        );
        let heads: Vec<&str> = out.lines().filter(|l| l.starts_with('@')).collect();
        assert_eq!(
            heads,
            [
                "@string{s = {S}}",
                "@inbook{leaf,",
                "@misc{other,",
                "@comment{kept}",
                "@book{mid,",
                "@book{top,"
            ]
        );
        assert!(!out.contains("xdata"));
        assert!(!out.contains("old") && out.contains("% plain note"));
    }

    /// The depths worked out from the bottom are those of walking up from every target on
    /// graphs without cycles, and on any graph every parent off a cycle stands deeper than
    /// each of its children that is a parent too, so BibTeX reads children first.
    #[test]
    fn depths_put_parents_after_their_children() {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let walked = |by_key: &HashMap<String, Source>, targets: &[String]| {
            let mut depth: HashMap<String, usize> = HashMap::default();
            for target in targets {
                let mut key = target.as_str();
                for d in 1..=by_key.len() {
                    let Some(s) = by_key.get(key) else { break };
                    let at = depth.entry(s.key.clone()).or_default();
                    *at = (*at).max(d);
                    match crossref(s) {
                        Some(parent) => key = parent,
                        None => break,
                    }
                }
            }
            depth
        };
        for case in 0..500 {
            let n = 1 + next(10);
            let mut by_key: HashMap<String, Source> = HashMap::default();
            let mut targets = Vec::new();
            for i in 0..n {
                let mut fields = Vec::new();
                if next(4) > 0 {
                    let p = format!("e{}", next(n + 2));
                    targets.push(p.clone());
                    fields.push(Field {
                        name: "crossref".into(),
                        raw: format!("{{{p}}}"),
                        value: p,
                    });
                }
                let key = format!("e{i}");
                let s = Source {
                    key: key.clone(),
                    entry_type: "book".into(),
                    fields,
                    ..Source::default()
                };
                by_key.insert(key, s);
            }
            // Entries outside the named set name parents too.
            targets.push(format!("e{}", next(n)));
            targets.sort();
            targets.dedup();
            let got = depths(&by_key, &targets);
            let cyclic = by_key.keys().any(|k| {
                let mut key = k.as_str();
                (0..=n).all(|_| match by_key.get(key).and_then(crossref) {
                    Some(p) if by_key.contains_key(p) => {
                        key = p;
                        true
                    }
                    _ => false,
                })
            });
            if !cyclic {
                assert_eq!(got, walked(&by_key, &targets), "case {case}");
            }
            for s in by_key.values() {
                if let (Some(&d), Some(p)) = (got.get(&s.key), crossref(s))
                    && let Some(&dp) = got.get(p)
                {
                    assert!(
                        dp > d || dp == n,
                        "case {case}: {} at {d}, its parent {p} at {dp}",
                        s.key
                    );
                }
            }
        }
    }
}
