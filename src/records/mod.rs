//! Records of reference managers read into sources: RIS (Zotero, EndNote, Mendeley, Web of
//! Science), CSL-JSON and CSL-YAML (Zotero, Better BibTeX, pandoc). Each record becomes a
//! [`Source`] like a .bib entry: a key (the record's own, else the key scheme of
//! [`scheme_key`]), a BibLaTeX entry type and fields (through the one table in [`map`], which
//! the exports share), the persons by role, and the record exactly as written in
//! [`Source::raw`], so that an export to the same format writes it back faithfully.
//!
//! Every bad record is reported at once, with its record number and line (RIS) or JSON path
//! (CSL); the caller decides whether anything is imported. Not here: files, the library, the
//! command line.

mod csl;
mod key;
pub mod map;
mod ris;

use std::fmt;

pub use csl::{csl_item_source, read_csl_json, read_csl_yaml};
pub use key::scheme_key;
pub use ris::{read_ris, ris_record_source};

use crate::model::{BibItem, Field, Person, Source, SourceOrigin};

/// The formats of reference-manager files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RIS (`TY  - ` ... `ER  - `).
    Ris,
    /// CSL-JSON: an array of CSL items.
    CslJson,
    /// CSL-YAML: a list of CSL items, or a mapping with a `references` list.
    CslYaml,
}

impl Format {
    /// The name users know the format by.
    pub fn name(self) -> &'static str {
        match self {
            Format::Ris => "RIS",
            Format::CslJson => "CSL-JSON",
            Format::CslYaml => "CSL-YAML",
        }
    }
}

/// What one record maps to: the BibLaTeX entry type, the fields, the persons by role.
pub type Mapped = (String, Vec<Field>, Vec<(String, Vec<Person>)>);

/// True when `raw` (a source's text as written) is a RIS record or a CSL item rather than a
/// .bib entry.
pub fn is_record(raw: &str) -> bool {
    raw.starts_with("TY ") || raw.starts_with('{')
}

/// A bad record, or a problem worth a warning, located in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The file as given.
    pub file: String,
    /// 1-based line where the record (or the bad line) is; 0 when unknown.
    pub line: u32,
    /// 1-based number of the record in the file; 0 for the file as a whole.
    pub record: usize,
    /// The JSON path of the bad value (`[3].author[0]`), for CSL.
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        write!(f, ": ")?;
        if let Some(p) = &self.path {
            write!(f, "{p}: ")?;
        } else if self.record > 0 {
            write!(f, "record {}: ", self.record)?;
        }
        write!(f, "{}", self.message)
    }
}

/// What reading a file gave: its records as sources (the bad ones left out), every error
/// and warning.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// The good records, in file order, keyed.
    pub sources: Vec<Source>,
    /// Bad records (and a file that cannot be read at all).
    pub errors: Vec<RecordError>,
    /// Things kept but worth saying (a key made by the scheme because the record has none).
    pub warnings: Vec<RecordError>,
}

impl Read {
    /// The sources as the items of a .bib file, for the library's import.
    pub fn into_items(self) -> Vec<BibItem> {
        self.sources.into_iter().map(BibItem::Entry).collect()
    }
}

/// Reads `text` (the file `file`) as `format`.
pub fn read(format: Format, file: &str, text: &str) -> Read {
    match format {
        Format::Ris => read_ris(file, text),
        Format::CslJson => read_csl_json(file, text),
        Format::CslYaml => read_csl_yaml(file, text),
    }
}

/// A record mapped, before it has its key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Built {
    /// The record's own key (RIS `ID`, CSL `citation-key` or a usable `id`).
    pub key: Option<String>,
    pub entry_type: String,
    pub fields: Vec<Field>,
    pub persons: Vec<(String, Vec<Person>)>,
}

/// Fields whose value is verbatim in biblatex (no LaTeX inside): only braces are escaped.
const VERBATIM: &[&str] = &["url", "doi", "eprint", "file", "urlraw"];

impl Built {
    /// Sets field `name` to the plain text `value` (trimmed; nothing when empty), written
    /// as a braced BibLaTeX value; a field set twice keeps its first value unless `join` is
    /// given, which joins the two.
    pub fn put(&mut self, name: &str, value: &str) {
        self.put_joined(name, value, None);
    }

    pub fn put_joined(&mut self, name: &str, value: &str, join: Option<&str>) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            if let Some(sep) = join {
                f.value = format!("{}{sep}{value}", f.value);
                f.raw = raw_value(name, &f.value);
            }
            return;
        }
        self.fields.push(Field {
            name: name.to_string(),
            raw: raw_value(name, value),
            value: value.to_string(),
        });
    }

    /// Sets field `name` with a raw value made by the caller (a title with protected words).
    pub fn put_raw(&mut self, name: &str, raw: String, value: String) {
        if value.trim().is_empty() || self.has(name) {
            return;
        }
        self.fields.push(Field {
            name: name.to_string(),
            raw,
            value,
        });
    }

    /// Sets `pages` from a range as written ("24-26", "24–26", "24--26"): plain "24–26",
    /// written "24--26" as BibLaTeX spells a range.
    pub fn put_pages(&mut self, v: &str) {
        let v = v.trim();
        let simple = !v.contains([',', ';', '&']);
        match v.split_once(['–', '-', '—']).filter(|_| simple) {
            Some((a, z))
                if !a.trim().is_empty() && !z.trim_start_matches(['-', '–']).trim().is_empty() =>
            {
                let (a, z) = (a.trim(), z.trim_start_matches(['-', '–']).trim());
                let raw = crate::bib::braced(&format!("{a}--{z}"));
                self.put_raw("pages", raw, format!("{a}–{z}"));
            }
            _ => self.put("pages", v),
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f.name == name)
    }

    /// Adds persons to the name list `role` (and its field).
    pub fn add_persons(&mut self, role: &str, persons: Vec<Person>) {
        if persons.is_empty() {
            return;
        }
        match self.persons.iter_mut().find(|(r, _)| r == role) {
            Some((_, list)) => list.extend(persons),
            None => self.persons.push((role.to_string(), persons)),
        }
        let list = &self.persons.iter().find(|(r, _)| r == role).unwrap().1;
        let raw = format!(
            "{{{}}}",
            list.iter().map(name_raw).collect::<Vec<_>>().join(" and ")
        );
        let value = list
            .iter()
            .map(Person::sort_name)
            .collect::<Vec<_>>()
            .join(" and ");
        match self.fields.iter_mut().find(|f| f.name == role) {
            Some(f) => {
                f.raw = raw;
                f.value = value;
            }
            None => self.fields.push(Field {
                name: role.to_string(),
                raw,
                value,
            }),
        }
    }

    /// The source, with `key`.
    pub fn into_source(self, key: String, raw: String, origin: SourceOrigin) -> Source {
        Source {
            id: None,
            key,
            entry_type: self.entry_type,
            fields: self.fields,
            persons: self.persons,
            raw,
            origin,
        }
    }
}

/// Plain text as a braced BibLaTeX value (verbatim fields keep their backslashes).
fn raw_value(name: &str, value: &str) -> String {
    if VERBATIM.contains(&name) {
        let mut s = String::with_capacity(value.len() + 2);
        s.push('{');
        for c in value.chars() {
            if matches!(c, '{' | '}') {
                s.push('\\');
            }
            s.push(c);
        }
        s.push('}');
        s
    } else {
        crate::bib::braced(value)
    }
}

/// One person as a BibLaTeX name: "prefix Family, Suffix, Given", a body braced whole.
fn name_raw(p: &Person) -> String {
    let esc = |s: &str| {
        let b = crate::bib::braced(s);
        b[1..b.len() - 1].to_string()
    };
    if p.corporate || (p.given.is_empty() && p.prefix.is_empty() && p.suffix.is_empty()) {
        return format!("{{{}}}", esc(&p.family));
    }
    let protect = |s: &str| {
        let e = esc(s);
        if s.contains(',') || s.contains(" and ") {
            format!("{{{e}}}")
        } else {
            e
        }
    };
    let mut out = String::new();
    if !p.prefix.is_empty() {
        out.push_str(&protect(&p.prefix));
        out.push(' ');
    }
    out.push_str(&protect(&p.family));
    if !p.suffix.is_empty() {
        out.push_str(", ");
        out.push_str(&protect(&p.suffix));
    }
    if !p.given.is_empty() {
        out.push_str(", ");
        out.push_str(&protect(&p.given));
    }
    out
}

/// Gives every record its key: its own where it has one, else the key scheme's, made unique
/// within the file by a letter ("smith2020", "smith2020a", ...). A record whose own key an
/// earlier record already has is an error.
pub(crate) fn keyed(file: &str, built: Vec<(Built, String, SourceOrigin, usize)>, read: &mut Read) {
    let mut taken: std::collections::HashMap<String, usize> = Default::default();
    for (b, _, _, record) in &built {
        if let Some(k) = &b.key {
            taken.entry(k.clone()).or_insert(*record);
        }
    }
    let mut made: std::collections::HashSet<String> = Default::default();
    for (b, raw, origin, record) in built {
        let key = match &b.key {
            Some(k) => {
                if taken.get(k) != Some(&record) {
                    read.errors.push(RecordError {
                        file: file.to_string(),
                        line: origin.line,
                        record,
                        path: None,
                        message: format!("key '{k}' is already the key of record {}", taken[k]),
                    });
                    continue;
                }
                k.clone()
            }
            None => {
                let base = scheme_key(
                    &b.persons,
                    b.fields
                        .iter()
                        .find(|f| f.name == "title")
                        .map(|f| f.value.as_str()),
                    year_of(&b),
                );
                let mut k = base.clone();
                let mut n = 0u32;
                while taken.contains_key(&k) || made.contains(&k) {
                    k = format!("{base}{}", suffix(n));
                    n += 1;
                }
                made.insert(k.clone());
                k
            }
        };
        read.sources.push(b.into_source(key, raw, origin));
    }
}

/// A citation key usable as written: no blanks or characters that end a key in a .bib file,
/// not a URI, not a bare number (Zotero's item numbers say nothing to a reader).
pub(crate) fn usable_key(k: &str) -> bool {
    !k.is_empty()
        && !k.contains("://")
        && !k.bytes().all(|b| b.is_ascii_digit())
        && !k.chars().any(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '{' | '}' | '(' | ')' | '"' | '#' | '%' | '=' | '\\' | '~' | '\''
                )
        })
}

/// "a", "b", ... "z", "aa", "ab", ...
fn suffix(mut n: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The year of `date`, else of `year`, as [`Source::year`] reads it.
fn year_of(b: &Built) -> Option<i32> {
    let get = |n: &str| {
        b.fields
            .iter()
            .find(|f| f.name == n)
            .map(|f| f.value.as_str())
    };
    ["date", "year"].iter().find_map(|n| {
        let mut one = Source::default();
        one.fields.push(Field {
            name: "year".into(),
            raw: String::new(),
            value: get(n)?.to_string(),
        });
        one.year()
    })
}

#[cfg(test)]
mod tests;
