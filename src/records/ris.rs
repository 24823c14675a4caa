//! RIS records into sources. The format is the RIS specification's (2011): each line
//! `XX  - value`, a record from `TY` to `ER`. Readers and writers disagree on details, which
//! this reader accepts: one space or two before the dash, LF or CRLF, a BOM, lines without a
//! tag continuing the value before them (EndNote wraps long abstracts), month names in `DA`
//! (Web of Science), page ranges whole in `SP` (EndNote).
//!
//! A tag means what the specification's table says for the record's type, as Zotero's RIS
//! translator and this crate's RIS export read it: editors are `AU` of an edited book, `A3`
//! of a book and `A2` of a chapter or paper; a book's series is `T2`, a chapter's `T3`; `SP`
//! of a whole book is its number of pages; the first `N1` is the note on the work (annobib's
//! annotation), later ones are `note`. Tags of the specification that have no BibLaTeX field
//! are kept as `ris-xx` fields (written back by the RIS export); a tag the specification does
//! not have is an error.

use super::map::biblatex_of_ris;
use super::{Built, Read, RecordError, keyed, usable_key};
use crate::model::{Person, SourceOrigin};

/// Every tag of the RIS specification (2011), and `SV`, which Zotero writes for a series
/// number.
const TAGS: &[&str] = &[
    "TY", "A1", "A2", "A3", "A4", "AB", "AD", "AN", "AU", "AV", "BT", "C1", "C2", "C3", "C4", "C5",
    "C6", "C7", "C8", "CA", "CN", "CP", "CT", "CY", "DA", "DB", "DO", "DP", "ED", "EP", "ET", "ID",
    "IS", "J1", "J2", "JA", "JF", "JO", "KW", "L1", "L2", "L3", "L4", "LA", "LB", "LK", "M1", "M2",
    "M3", "N1", "N2", "NV", "OP", "PB", "PP", "PY", "RI", "RN", "RP", "SE", "SN", "SP", "ST", "SV",
    "T1", "T2", "T3", "TA", "TI", "TT", "U1", "U2", "U3", "U4", "U5", "UR", "VL", "VO", "Y1", "Y2",
    "ER",
];

/// One tagged line of a record.
#[derive(Debug)]
struct Line<'t> {
    tag: &'t str,
    value: String,
    line: u32,
}

/// A `XX  - value` line: its tag and value.
fn tagged(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    if b.len() < 5
        || !b[0].is_ascii_uppercase()
        || !(b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
    {
        return None;
    }
    let rest = &line[2..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    if !(1..=2).contains(&spaces) {
        return None;
    }
    let rest = rest[spaces..].strip_prefix('-')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((&line[..2], rest.strip_prefix(' ').unwrap_or(rest)))
}

/// Reads a RIS file: every record from `TY` to `ER` (each bad one reported with its record
/// number and line), mapped and keyed.
pub fn read_ris(file: &str, text: &str) -> Read {
    let mut read = Read::default();
    let mut built = Vec::new();
    let err = |line: u32, record: usize, message: String| RecordError {
        file: file.to_string(),
        line,
        record,
        path: None,
        message,
    };
    // The record under way: its number, first line, byte start, and lines.
    let mut open: Option<(usize, u32, usize, Vec<Line>)> = None;
    let mut records = 0usize;
    let mut at = 0usize;
    for (i, full) in text.split_inclusive('\n').enumerate() {
        let start = at;
        at += full.len();
        let line_no = i as u32 + 1;
        let mut line = full.trim_end_matches(['\n', '\r']);
        if i == 0 {
            line = line.trim_start_matches('\u{feff}');
        }
        match tagged(line) {
            Some(("TY", value)) => {
                if let Some((n, first, _, _)) = open.take() {
                    read.errors.push(err(
                        first,
                        n,
                        format!("no 'ER  -' line ends this record before the next 'TY' at line {line_no}"),
                    ));
                }
                records += 1;
                open = Some((
                    records,
                    line_no,
                    start,
                    vec![Line {
                        tag: "TY",
                        value: value.trim().to_string(),
                        line: line_no,
                    }],
                ));
            }
            Some(("ER", _)) => match open.take() {
                Some((n, first, from, lines)) => {
                    let raw = &text[from..at];
                    match map_record(&lines) {
                        Ok(b) => built.push((
                            b,
                            raw.trim_start_matches('\u{feff}').trim_end().to_string(),
                            SourceOrigin {
                                file: file.to_string(),
                                line: first,
                                column: 1,
                                ordinal: (n - 1) as u32,
                            },
                            n,
                        )),
                        Err(problems) => read
                            .errors
                            .extend(problems.into_iter().map(|(l, m)| err(l, n, m))),
                    }
                }
                None => read.errors.push(err(
                    line_no,
                    records + 1,
                    "'ER  -' with no record open (no 'TY  -' before it)".into(),
                )),
            },
            Some((tag, value)) => match &mut open {
                Some((_, _, _, lines)) => lines.push(Line {
                    tag,
                    value: value.trim().to_string(),
                    line: line_no,
                }),
                None => read.errors.push(err(
                    line_no,
                    records + 1,
                    format!("tag '{tag}' outside a record (a record starts with 'TY  -')"),
                )),
            },
            None if line.trim().is_empty() => {}
            None => match &mut open {
                // A line with no tag continues the value before it.
                Some((_, _, _, lines)) => {
                    if let Some(last) = lines.last_mut() {
                        if !last.value.is_empty() {
                            last.value.push(' ');
                        }
                        last.value.push_str(line.trim());
                    }
                }
                None => read.errors.push(err(
                    line_no,
                    records + 1,
                    "text outside a record: not a RIS line ('XX  - value')".into(),
                )),
            },
        }
    }
    if let Some((n, first, _, _)) = open {
        read.errors.push(err(
            first,
            n,
            "no 'ER  -' line ends this record (the file ends first)".into(),
        ));
    }
    if records == 0 && read.errors.is_empty() {
        read.errors
            .push(err(0, 0, "no RIS records (no 'TY  -' line)".into()));
    }
    keyed(file, built, &mut read);
    read
}

/// The fields a single record (as written, `TY` to `ER`) maps to; `None` when it is not one
/// good record. The export compares this with a source's fields to know whether the record
/// kept in [`crate::model::Source::raw`] still says what the library says.
pub fn ris_record_source(raw: &str) -> Option<super::Mapped> {
    let r = read_ris("", raw);
    if !r.errors.is_empty() || r.sources.len() != 1 {
        return None;
    }
    let s = r.sources.into_iter().next()?;
    Some((s.entry_type, s.fields, s.persons))
}

/// A RIS name: "Family, Given, Suffix" (the particle stays with the family name, as the
/// specification writes "van der Berg"); a name with no comma is a body, kept whole.
fn person(v: &str) -> Person {
    let parts: Vec<&str> = v.split(',').map(str::trim).collect();
    match parts.as_slice() {
        [whole] => Person {
            family: whole.to_string(),
            corporate: true,
            ..Default::default()
        },
        [family, given] => Person {
            family: family_of(family),
            prefix: particle_of(family),
            given: given.to_string(),
            ..Default::default()
        },
        [family, given, suffix, ..] => Person {
            family: family_of(family),
            prefix: particle_of(family),
            given: given.to_string(),
            suffix: suffix.to_string(),
            ..Default::default()
        },
        [] => Person::default(),
    }
}

/// The lowercase words before a family name ("van der" of "van der Berg"), as BibTeX
/// reads a von part.
fn particle_of(family: &str) -> String {
    let words: Vec<&str> = family.split_whitespace().collect();
    let n = particle_words(&words);
    words[..n].join(" ")
}

fn family_of(family: &str) -> String {
    let words: Vec<&str> = family.split_whitespace().collect();
    let n = particle_words(&words);
    words[n..].join(" ")
}

/// How many leading words are a particle: lowercase words, never the last word.
fn particle_words(words: &[&str]) -> usize {
    let n = words
        .iter()
        .take_while(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    n.min(words.len().saturating_sub(1))
}

/// A RIS date ("2014/05/22/", "2014///", "2014/05//Spring", "2014-05-22", "2014") as EDTF
/// ("2014-05-22"); `None` when it has no leading year.
fn edtf(v: &str) -> Option<String> {
    let v = v.trim();
    let mut parts = v.split(['/', '-']);
    let year = parts.next()?.trim();
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |s: Option<&str>, max: u32| {
        s.map(str::trim)
            .and_then(|s| s.get(..2.min(s.len())))
            .and_then(|s| s.parse::<u32>().ok())
            .filter(|n| (1..=max).contains(n))
    };
    let month = num(parts.next(), 12);
    let day = month.and_then(|_| num(parts.next(), 31));
    Some(match (month, day) {
        (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{year}-{m:02}"),
        _ => year.to_string(),
    })
}

/// ISBN or ISSN, by shape: an ISSN is eight characters (`1234-567X`).
fn is_issn(v: &str) -> bool {
    let c: String = v.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    c.len() == 8 && c[..7].bytes().all(|b| b.is_ascii_digit())
}

/// Maps a record's lines; the problems (line, message) when it cannot be.
fn map_record(lines: &[Line]) -> Result<Built, Vec<(u32, String)>> {
    let mut problems = Vec::new();
    for l in lines {
        if !TAGS.contains(&l.tag) {
            problems.push((
                l.line,
                format!(
                    "unknown tag '{}' (not a tag of the RIS specification)",
                    l.tag
                ),
            ));
        }
    }
    let ty = lines[0].value.to_ascii_uppercase();
    let Some((bib_type, subtype)) = biblatex_of_ris(&ty) else {
        problems.push((
            lines[0].line,
            format!("unknown type 'TY  - {}'", lines[0].value),
        ));
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut b = Built {
        entry_type: bib_type.to_string(),
        ..Default::default()
    };
    let in_container = matches!(ty.as_str(), "CHAP" | "ECHAP" | "CPAPER" | "ENCYC");
    let journal = matches!(
        ty.as_str(),
        "JOUR" | "MGZN" | "NEWS" | "EJOUR" | "ABST" | "INPR"
    );
    let web = matches!(ty.as_str(), "ELEC" | "WEB" | "BLOG");
    let whole_book = matches!(ty.as_str(), "BOOK" | "EDBOOK" | "EBOOK" | "THES" | "CLSWK");
    let institution = matches!(ty.as_str(), "THES" | "RPRT" | "GOVDOC");
    let has = |tag: &str| lines.iter().any(|l| l.tag == tag && !l.value.is_empty());
    let cpaper_event = ty == "CPAPER" && has("C3");
    let mut authors = Vec::new();
    let mut editors = Vec::new();
    let mut translators = Vec::new();
    let (mut py, mut da) = (None, None);
    let (mut sp, mut ep) = (None, None);
    let mut notes = 0;
    let keep = |b: &mut Built, tag: &str, v: &str| {
        b.put_joined(&format!("ris-{}", tag.to_ascii_lowercase()), v, Some("; "));
    };
    for l in &lines[1..] {
        let v = l.value.as_str();
        if v.is_empty() {
            continue;
        }
        match l.tag {
            "ID" if usable_key(v) => b.key = Some(v.to_string()),
            // EndNote numbers its records: such an ID is no key for a reader.
            "ID" => {}
            "AU" | "A1" if ty == "EDBOOK" => editors.push(person(v)),
            "AU" | "A1" => authors.push(person(v)),
            "A2" if in_container || ty == "CONF" => editors.push(person(v)),
            "A3" if matches!(ty.as_str(), "BOOK" | "EBOOK") => editors.push(person(v)),
            "ED" => editors.push(person(v)),
            "A4" => translators.push(person(v)),
            "TI" | "T1" | "CT" => b.put("title", v),
            "BT" if in_container => b.put("booktitle", v),
            "BT" => b.put("title", v),
            "T2" if journal => b.put("journaltitle", v),
            "T2" if cpaper_event => b.put("eventtitle", v),
            // A web page's T2 is its site, which CSL calls its container too.
            "T2" if in_container || web => b.put("booktitle", v),
            "T2" => b.put("series", v),
            "T3" if !b.has("series") => b.put("series", v),
            "C3" if ty == "CPAPER" => b.put("booktitle", v),
            "JO" | "JF" => b.put("journaltitle", v),
            "JA" | "J1" | "J2" => b.put("shortjournal", v),
            "ST" => b.put("shorttitle", v),
            "PY" | "Y1" => py = py.or(edtf(v)),
            "DA" => match edtf(v) {
                Some(d) => da = da.or(Some(d)),
                None => keep(&mut b, l.tag, v),
            },
            "Y2" => match edtf(v) {
                Some(d) => b.put("urldate", &d),
                None => keep(&mut b, l.tag, v),
            },
            "PB" if institution => b.put("institution", v),
            "PB" => b.put("publisher", v),
            "CY" if ty == "CPAPER" => b.put("venue", v),
            "CY" | "PP" => b.put("location", v),
            "SP" => sp = sp.or(Some(v)),
            "EP" => ep = ep.or(Some(v)),
            "VL" | "VO" => b.put("volume", v),
            "NV" => b.put("volumes", v),
            "IS" | "SV" | "M1" => b.put("number", v),
            "M3" => b.put("type", v),
            "ET" => b.put("edition", v),
            "SN" if is_issn(v) => b.put("issn", v),
            "SN" if matches!(ty.as_str(), "RPRT" | "PAT" | "STAND") && !looks_like_isbn(v) => {
                b.put("number", v)
            }
            "SN" => b.put("isbn", v),
            "DO" => b.put("doi", v),
            "UR" | "L2" | "LK" if !b.has("url") => b.put("url", v),
            "L1" => b.put_joined("file", v, Some(";")),
            "LA" => b.put("language", v),
            "AB" | "N2" => b.put("abstract", v),
            "N1" => {
                notes += 1;
                if notes == 1 {
                    b.put("annotation", v);
                } else {
                    b.put_joined("note", v, Some(" "));
                }
            }
            "KW" => b.put_joined("keywords", v, Some(", ")),
            "CN" => b.put("library", v),
            tag => keep(&mut b, tag, v),
        }
    }
    if let Some(d) = da
        .filter(|d| py.as_ref().is_none_or(|y| d.starts_with(y.as_str())))
        .or(py)
    {
        b.put("date", &d);
    }
    match (sp, ep) {
        (Some(s), _) if whole_book => b.put("pagetotal", s),
        (Some(s), Some(e)) => b.put_pages(&format!("{s}-{e}")),
        (Some(s), None) => b.put_pages(s),
        (None, Some(e)) => b.put_pages(e),
        (None, None) => {}
    }
    if !subtype.is_empty() {
        b.put("entrysubtype", subtype);
    }
    b.add_persons("author", authors);
    b.add_persons("editor", editors);
    b.add_persons("translator", translators);
    Ok(b)
}

fn looks_like_isbn(v: &str) -> bool {
    let c: String = v.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    matches!(c.len(), 10 | 13) && c[..9].bytes().all(|b| b.is_ascii_digit())
}
