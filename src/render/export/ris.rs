//! RIS: the tagged format Zotero, EndNote, Mendeley and most library catalogues import.
//!
//! Owns the tag mapping. The format is the RIS specification's (2011, the one EndNote and
//! Reference Manager implement): `TY` first, `ER` last, each line `XX  - value` ended by CRLF,
//! one value per line (values are collapsed to one line: RIS has no continuation that readers
//! agree on). A tag means what the specification's table says for the record's type, which
//! is also how Zotero's RIS translator reads it: editors are `AU` of an edited book, `A3` of
//! a book and `A2` of a chapter or paper; a book's series is `T2`, a chapter's `T3`; `SP` of a
//! whole book is its number of pages. The legacy `ED` tag is not written: the specification
//! dropped it and readers disagree on what it means. Not here: the entry-type table (the
//! parent module) and dates (`date`).

use std::io::{self, Write};

use super::date::{DateValue, Ymd, date_field};
use super::{bare_doi, entry_types, genre, joined_title, language, publisher, text};
use crate::model::{Person, Source};

/// Writes `sources` as RIS records, in order, each followed by a blank line.
///
/// A source read from a RIS file whose fields are still what its record says is written as
/// that record (every tag as it was), with the library's key as its `ID`.
pub fn write_ris(out: &mut dyn Write, sources: &[Source]) -> io::Result<()> {
    for src in sources {
        if !kept_record(out, src)? {
            record(out, src)?;
        }
    }
    Ok(())
}

/// Writes the RIS record a source was imported from, when its fields still say what the
/// record says; false when they do not (then the fields are written).
fn kept_record(out: &mut dyn Write, src: &Source) -> io::Result<bool> {
    if !src.raw.starts_with("TY ") {
        return Ok(false);
    }
    let Some((ty, fields, persons)) = crate::records::ris_record_source(&src.raw) else {
        return Ok(false);
    };
    if ty != src.entry_type || fields != src.fields || persons != src.persons {
        return Ok(false);
    }
    for (i, line) in src.raw.lines().enumerate() {
        if line.starts_with("ID ") {
            continue;
        }
        write!(out, "{}\r\n", line.trim_end())?;
        if i == 0 {
            tag(out, "ID", &src.key)?;
        }
    }
    write!(out, "\r\n")?;
    Ok(true)
}

/// One `XX  - value` line. Values are collapsed to one line: a line break would end the tag.
fn tag(out: &mut dyn Write, tag: &str, value: &str) -> io::Result<()> {
    let one_line = super::one_line(value);
    if one_line.is_empty() {
        return Ok(());
    }
    write!(out, "{tag}  - {one_line}\r\n")
}

fn opt(out: &mut dyn Write, t: &str, value: Option<String>) -> io::Result<()> {
    value.map_or(Ok(()), |v| tag(out, t, &v))
}

fn record(out: &mut dyn Write, src: &Source) -> io::Result<()> {
    let (_, ty) = entry_types(src);
    write!(out, "TY  - {ty}\r\n")?;
    tag(out, "ID", &src.key)?;
    // The specification's editor tag differs by type: an edited book's editors are its
    // primary creators, a book's editor is its tertiary one, a chapter's its secondary.
    let editor_tag = match ty {
        "EDBOOK" => "AU",
        "BOOK" => "A3",
        _ => "A2",
    };
    for (role, t) in [
        ("author", "AU"),
        ("editor", editor_tag),
        ("translator", "A4"),
    ] {
        for p in src.persons(role) {
            tag(out, t, &ris_name(p))?;
        }
    }
    let title = joined_title(["title", "subtitle", "titleaddon"].map(|f| text(src, &[f])));
    opt(out, "TI", title)?;
    opt(out, "ST", text(src, &["shorttitle"]))?;
    let titled = |fields: [&str; 3]| joined_title(fields.map(|f| text(src, &[f])));
    let journal = titled(["journaltitle", "journalsubtitle", "journaltitleaddon"])
        .or_else(|| text(src, &["journal"]));
    let book = titled(["booktitle", "booksubtitle", "booktitleaddon"])
        .or_else(|| (ty == "CHAP").then(|| text(src, &["maintitle"])).flatten());
    let event = text(src, &["eventtitle"]);
    // T2 is the container (journal, book, conference); where a type has none, the series.
    let container = match ty {
        "CPAPER" => event.clone().or(book.clone()),
        _ => journal.or(book.clone()),
    };
    let series = text(src, &["series"]);
    match container {
        Some(c) => {
            tag(out, "T2", &c)?;
            opt(out, "T3", series)?;
        }
        None => opt(out, "T2", series)?,
    }
    if ty == "CPAPER" && event.is_some() {
        opt(out, "C3", book)?;
    }
    opt(out, "J2", text(src, &["shortjournal"]))?;
    if let Some(DateValue::Parts { start, .. }) = date_field(src, "") {
        if start.year > 0 {
            tag(out, "PY", &format!("{:04}", start.year))?;
        }
        opt(out, "DA", ris_date(&start))?;
    }
    if let Some(DateValue::Parts { start, .. }) = date_field(src, "url") {
        opt(out, "Y2", ris_date(&start))?;
    }
    opt(out, "PB", publisher(src))?;
    // A conference paper's CY is where the conference met.
    let place = match ty {
        "CPAPER" => text(src, &["venue", "location", "address"]),
        _ => text(src, &["location", "address"]),
    };
    opt(out, "CY", place)?;
    if matches!(ty, "BOOK" | "EDBOOK" | "THES") {
        // On a whole book or thesis SP is its number of pages.
        opt(out, "SP", text(src, &["pagetotal"]))?;
    } else if let Some(pages) = text(src, &["pages"]) {
        let (first, last) = page_range(&pages);
        tag(out, "SP", first)?;
        opt(out, "EP", last.map(str::to_string))?;
    }
    opt(out, "VL", text(src, &["volume"]))?;
    opt(out, "NV", text(src, &["volumes"]))?;
    let number = text(src, &["number"]);
    let mut sn = text(src, &["isbn", "issn"]);
    match ty {
        "JOUR" | "MGZN" | "NEWS" => opt(out, "IS", number.or_else(|| text(src, &["issue"])))?,
        "CHAP" => opt(out, "SV", number)?,
        // A report's or patent's number is its SN.
        "RPRT" | "PAT" | "STAND" if number.is_some() => sn = number,
        _ => opt(out, "M1", number)?,
    }
    opt(out, "ET", text(src, &["edition", "version"]))?;
    opt(out, "M3", genre(src))?;
    opt(out, "SN", sn)?;
    opt(
        out,
        "DO",
        text(src, &["doi"]).map(|d| bare_doi(&d).to_string()),
    )?;
    opt(out, "UR", text(src, &["url"]))?;
    opt(out, "LA", language(src))?;
    opt(out, "AB", text(src, &["abstract"]))?;
    opt(out, "N1", text(src, &["annotation", "annote"]))?;
    opt(out, "N1", text(src, &["note"]))?;
    for kw in text(src, &["keywords"])
        .iter()
        .flat_map(|k| k.split([',', ';']))
    {
        tag(out, "KW", kw.trim())?;
    }
    // Tags read from a RIS file that have no BibLaTeX field, as they were.
    for f in &src.fields {
        if let Some(t) = f.name.strip_prefix("ris-")
            && t.len() == 2
        {
            tag(out, &t.to_ascii_uppercase(), &f.value)?;
        }
    }
    write!(out, "ER  - \r\n\r\n")
}

/// "Family, Given, Suffix" as the RIS specification spells a person, the particle with the
/// family name ("van der Berg, Jan"); a corporate body whole.
fn ris_name(p: &Person) -> String {
    if p.corporate {
        return p.family.clone();
    }
    let family = if p.prefix.is_empty() {
        p.family.clone()
    } else {
        format!("{} {}", p.prefix, p.family)
    };
    let mut parts = vec![family];
    if !p.given.is_empty() || !p.suffix.is_empty() {
        parts.push(p.given.clone());
    }
    if !p.suffix.is_empty() {
        parts.push(p.suffix.clone());
    }
    parts.join(", ")
}

/// `YYYY/MM/DD/` (day empty when unknown: `YYYY/MM//`); only when the month is known, since
/// `PY` already carries the year. Seasons and years before 1 have no RIS form.
fn ris_date(d: &Ymd) -> Option<String> {
    let month = d.month.filter(|m| (1..=12).contains(m))?;
    if d.year <= 0 {
        return None;
    }
    let day = d.day.map(|d| format!("{d:02}")).unwrap_or_default();
    Some(format!("{:04}/{month:02}/{day}/", d.year))
}

/// Start and end page of a simple range ("24–26", "24-26", "24--26"); anything else (one page,
/// "24, 30", "xii–xiv, 3") goes whole into `SP`, which Zotero keeps as written.
fn page_range(pages: &str) -> (&str, Option<&str>) {
    if pages.contains([',', ';', '&']) {
        return (pages, None);
    }
    match pages.split_once(['–', '-', '—']) {
        Some((a, b)) => {
            let b = b.trim_start_matches(['-', '–']).trim();
            let a = a.trim();
            if a.is_empty() || b.is_empty() {
                (pages, None)
            } else {
                (a, Some(b))
            }
        }
        None => (pages, None),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Fields, readings, source, varied};
    use super::*;

    fn ris(sources: &[Source]) -> String {
        let mut out = Vec::new();
        write_ris(&mut out, sources).expect("writing into a Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    /// The tag lines of the first record, without line ends.
    fn lines(ty: &str, fields: &[(&str, &str)]) -> Vec<String> {
        ris(&[source("k", ty, fields)])
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_reading_in_full() {
        let text = ris(&readings()[1..2]);
        assert_eq!(
            text,
            "TY  - EDBOOK\r\nID  - curtis1983\r\nAU  - Curtis, Gerald L.\r\nAU  - Han, Sung-joo\r\n\
             TI  - The US-South Korean Alliance: Evolving Patterns in Security Relations\r\n\
             PY  - 1983\r\nPB  - Lexington Books\r\nCY  - Lexington\r\n\
             N1  - Recommended reading on the alliance's security relations; not cited in the essay.\r\n\
             ER  - \r\n\r\n"
        );
    }

    #[test]
    fn every_line_is_a_tag_and_every_record_closes() {
        let mut all = readings();
        all.extend(varied());
        let text = ris(&all);
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "bare LF in output"
        );
        let mut open = false;
        for line in text.split("\r\n").filter(|l| !l.is_empty()) {
            let (t, rest) = line.split_at(2);
            assert!(
                t.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
                "{line}"
            );
            assert!(rest.starts_with("  - "), "{line}");
            match t {
                "TY" => {
                    assert!(!open, "TY inside a record: {line}");
                    open = true;
                }
                "ER" => {
                    assert!(open);
                    assert_eq!(rest, "  - ");
                    open = false;
                }
                _ => assert!(open, "tag outside a record: {line}"),
            }
        }
        assert!(!open);
        assert_eq!(text.matches("TY  - ").count(), all.len());
    }

    #[test]
    fn tags_by_field() {
        #[rustfmt::skip]
        let cases: &[(&str, Fields, &[&str])] = &[
            ("article",      &[("author", "van der Berg, Jan and Smith, Jr., John")],  &["AU  - van der Berg, Jan", "AU  - Smith, John, Jr."]),
            ("article",      &[("author", "{World Health Organization}")],             &["AU  - World Health Organization"]),
            ("article",      &[("author", "Plato")],                                   &["AU  - Plato"]),
            ("incollection", &[("editor", "Poe, Edgar A."), ("translator", "Tran, Tom")], &["A2  - Poe, Edgar A.", "A4  - Tran, Tom"]),
            ("book",         &[("author", "Roe, R."), ("editor", "Poe, E.")],         &["AU  - Roe, R.", "A3  - Poe, E."]),
            ("collection",   &[("editor", "Poe, E."), ("series", "Ser"), ("number", "4")], &["AU  - Poe, E.", "T2  - Ser", "M1  - 4"]),
            ("inproceedings", &[("eventtitle", "Naval Conference"), ("booktitle", "Proceedings"), ("venue", "Busan"), ("location", "Seoul")], &["T2  - Naval Conference", "C3  - Proceedings", "CY  - Busan"]),
            ("inproceedings", &[("booktitle", "Proceedings"), ("location", "Seoul")], &["T2  - Proceedings", "CY  - Seoul"]),
            ("report",       &[("number", "R-2201"), ("isbn", "978-0")],              &["SN  - R-2201"]),
            ("article",      &[("journaltitle", "Journal of X"), ("number", "2"), ("volume", "3")], &["T2  - Journal of X", "VL  - 3", "IS  - 2"]),
            ("incollection", &[("booktitle", "The Book"), ("series", "Ser"), ("number", "4")], &["T2  - The Book", "T3  - Ser", "SV  - 4"]),
            ("article",      &[("pages", "24–26")],                                    &["SP  - 24", "EP  - 26"]),
            ("article",      &[("pages", "24--26")],                                   &["SP  - 24", "EP  - 26"]),
            ("article",      &[("pages", "24, 30–31")],                                &["SP  - 24, 30–31"]),
            ("article",      &[("pages", "e1002")],                                    &["SP  - e1002"]),
            ("book",         &[("pagetotal", "320"), ("pages", "1–5")],                &["SP  - 320"]),
            ("article",      &[("date", "2014-05-22/2014-06")],                        &["PY  - 2014", "DA  - 2014/05/22/"]),
            ("book",         &[("date", "2014-05")],                                   &["PY  - 2014", "DA  - 2014/05//"]),
            ("book",         &[("date", "1978-21")],                                   &["PY  - 1978"]),
            ("book",         &[("year", "n.d.")],                                      &[]),
            ("online",       &[("urldate", "2020-01-02")],                             &["Y2  - 2020/01/02/"]),
            ("thesis",       &[("type", "phdthesis"), ("institution", "MIT")],         &["PB  - MIT", "M3  - PhD thesis"]),
            ("book",         &[("isbn", "978-0"), ("edition", "2")],                   &["ET  - 2", "SN  - 978-0"]),
            ("article",      &[("doi", "https://doi.org/10.1/x"), ("url", "https://x.org")], &["DO  - 10.1/x", "UR  - https://x.org"]),
            ("book",         &[("keywords", "rice, genetics; war")],                   &["KW  - rice", "KW  - genetics", "KW  - war"]),
            ("book",         &[("annotation", "Cited for p. 24.\n  Second line."), ("note", "Reprint")], &["N1  - Cited for p. 24. Second line.", "N1  - Reprint"]),
            ("book",         &[("abstract", "One.\n\nTwo.")],                          &["AB  - One. Two."]),
            ("book",         &[("langid", "english")],                                 &["LA  - en-US"]),
            ("book",         &[("title", "Why?"), ("subtitle", "Because")],            &["TI  - Why? Because"]),
        ];
        for (ty, fields, want) in cases {
            let got = lines(ty, fields);
            // Everything between the ID line and ER, in order.
            let body: Vec<&str> = got[2..got.len() - 1].iter().map(String::as_str).collect();
            assert_eq!(body, *want, "{ty} {fields:?}");
        }
    }

    #[test]
    fn record_types() {
        let types: Vec<String> = varied()
            .iter()
            .map(|s| {
                ris(std::slice::from_ref(s))[6..]
                    .split("\r\n")
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            types,
            [
                "JOUR", "THES", "CHAP", "ELEC", "RPRT", "MANSCPT", "GEN", "CPAPER"
            ]
        );
    }
}
