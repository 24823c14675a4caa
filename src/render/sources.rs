//! Views of sources: the `sources` listing and the detail of one source (`source KEY`).

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::ListFormat;
use super::listing::{self, Cell, Column, Listing};
use super::table::{self, TableOptions};
use crate::model::{Citation, Claim, Person, Source, claim_label};

/// Where a source is used: the document (as shown), the claim, and the citation.
pub type Use = (String, Claim, Citation);

/// The columns of the `sources` listing; their names are part of the JSON/CSV contract
/// (docs/json.md).
const COLUMNS: [Column; 9] = [
    Column::new("key", "Key"),
    Column::new("type", "Type"),
    Column::new("creators", "Authors / editors"),
    Column::new("creator_role", "Role"),
    Column::new("year", "Year"),
    Column::new("title", "Title"),
    Column::new("publisher", "Publisher"),
    Column::new("location", "Place"),
    Column::new("citing_claims", "Cited by"),
];

/// Where the creator role is, left out of a terminal table.
const ROLE: usize = 3;
/// Where the creators are.
const CREATORS: usize = 2;

/// The `sources` listing: key, type, creators, year, title, publisher, place, and how many
/// claims cite each (`citing` by key; absent keys count 0).
pub fn listing(sources: &[Source], citing: &HashMap<String, usize>) -> Listing {
    Listing {
        columns: COLUMNS.to_vec(),
        rows: sources.iter().map(|s| row(s, citing)).collect(),
    }
}

/// The `sources` listing for a terminal table: the creator role folds into the creators
/// ("Curtis, Gerald L.; Han, Sung-joo (eds.)") to leave the width to the titles.
pub fn table_listing(sources: &[Source], citing: &HashMap<String, usize>) -> Listing {
    Listing {
        columns: table_columns(),
        rows: sources.iter().map(|s| table_row(s, citing)).collect(),
    }
}

/// Writes the `sources` listing of the sources `each` hands over one at a time (see
/// [`listing::write_each`], whose rules `each` follows): a terminal table as
/// [`table_listing`], every other format as [`listing`].
pub fn write_listing<E: From<io::Error>>(
    out: &mut dyn Write,
    format: ListFormat,
    opts: &TableOptions,
    citing: &HashMap<String, usize>,
    mut each: impl FnMut(&mut dyn FnMut(Source) -> Result<(), E>) -> Result<(), E>,
) -> Result<(), E> {
    if format == ListFormat::Table {
        listing::write_each(out, &table_columns(), format, opts, |emit| {
            each(&mut |s: Source| emit(&table_row(&s, citing)))
        })
    } else {
        listing::write_each(out, &COLUMNS, format, opts, |emit| {
            each(&mut |s: Source| emit(&row(&s, citing)))
        })
    }
}

fn table_columns() -> Vec<Column> {
    let mut columns = COLUMNS.to_vec();
    columns.remove(ROLE);
    columns
}

fn table_row(s: &Source, citing: &HashMap<String, usize>) -> Vec<Cell> {
    let mut r = row(s, citing);
    if let Cell::List(names) = &mut r[CREATORS]
        && creator_role(s) == Some("editor")
        && let Some(last) = names.last_mut()
    {
        last.push_str(if s.creators().len() > 1 {
            " (eds.)"
        } else {
            " (ed.)"
        });
    }
    r.remove(ROLE);
    r
}

fn creator_role(s: &Source) -> Option<&'static str> {
    if !s.persons("author").is_empty() {
        Some("author")
    } else if !s.persons("editor").is_empty() {
        Some("editor")
    } else {
        None
    }
}

fn row(s: &Source, citing: &HashMap<String, usize>) -> Vec<Cell> {
    vec![
        Cell::Text(s.key.clone()),
        Cell::Text(s.entry_type.clone()),
        Cell::List(s.creators().iter().map(Person::sort_name).collect()),
        Cell::opt_text(creator_role(s)),
        s.year().map_or(Cell::Null, |y| Cell::Int(y.into())),
        Cell::opt_text(s.full_title()),
        Cell::opt_text(s.publisher()),
        Cell::opt_text(s.location()),
        Cell::Int(citing.get(&s.key).copied().unwrap_or(0) as i64),
    ]
}

/// The JSON form of one source (`source KEY --format json`): every field raw and plain,
/// the persons by role, where it came from, its annotation and its raw text.
#[derive(Serialize)]
struct SourceJson<'a> {
    key: &'a str,
    #[serde(rename = "type")]
    entry_type: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    year: Option<i32>,
    title: Option<String>,
    annotation: Option<&'a str>,
    fields: Vec<FieldJson<'a>>,
    persons: serde_json::Map<String, serde_json::Value>,
    raw: &'a str,
    used_by: Vec<UseJson<'a>>,
}

#[derive(Serialize)]
struct UseJson<'a> {
    document: &'a str,
    claim: String,
    kind: &'static str,
    line: u32,
    locator: Option<&'a str>,
    locator_label: Option<&'static str>,
    origin: &'static str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct FieldJson<'a> {
    name: &'a str,
    value: &'a str,
    raw: &'a str,
}

/// Writes one source as JSON, with where it is used.
pub fn write_json(out: &mut dyn Write, s: &Source, uses: &[Use]) -> io::Result<()> {
    let persons = s
        .persons
        .iter()
        .map(|(role, list)| (role.clone(), serde_json::to_value(list).unwrap_or_default()))
        .collect();
    let doc = SourceJson {
        key: &s.key,
        entry_type: &s.entry_type,
        file: &s.origin.file,
        line: s.origin.line,
        column: s.origin.column,
        year: s.year(),
        title: s.full_title(),
        annotation: s.annotation(),
        fields: s
            .fields
            .iter()
            .map(|f| FieldJson {
                name: &f.name,
                value: &f.value,
                raw: &f.raw,
            })
            .collect(),
        persons,
        raw: &s.raw,
        used_by: uses
            .iter()
            .map(|(doc, claim, c)| UseJson {
                document: doc,
                claim: claim_label(claim.id.unwrap_or_default()),
                kind: claim.kind.as_str(),
                line: claim.line,
                locator: c.locator.as_ref().map(|l| l.value.as_str()),
                locator_label: c.locator.as_ref().map(|l| l.label.as_str()),
                origin: c.origin.as_str(),
                note: c.note.as_deref(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// Writes one source for a person to read: a heading line, where it came from, a table of
/// its fields (plain text, and the raw text where it differs), its persons, its annotation and
/// where it is used.
pub fn write_detail(
    out: &mut dyn Write,
    s: &Source,
    uses: &[Use],
    opts: &TableOptions,
) -> io::Result<()> {
    writeln!(out, "{} (@{})", s.key, s.entry_type)?;
    if !s.origin.file.is_empty() {
        writeln!(out, "from {}:{}", s.origin.file, s.origin.line)?;
    }
    let rows: Vec<Vec<String>> = s
        .fields
        .iter()
        .map(|f| {
            let raw = f.raw.trim();
            let as_written = raw
                .strip_prefix('{')
                .and_then(|r| r.strip_suffix('}'))
                .unwrap_or(raw);
            let shown = if as_written == f.value {
                String::new()
            } else {
                raw.to_string()
            };
            vec![f.name.clone(), f.value.clone(), shown]
        })
        .collect();
    writeln!(
        out,
        "{}",
        table::draw(&["Field", "Value", "As written"], &rows, opts)
    )?;
    for (role, persons) in &s.persons {
        let names: Vec<String> = persons
            .iter()
            .map(|p| {
                if p.corporate {
                    format!("{} (corporate)", p.family)
                } else {
                    p.sort_name()
                }
            })
            .collect();
        writeln!(out, "{role}: {}", names.join("; "))?;
    }
    match s.annotation() {
        Some(a) => writeln!(out, "annotation: {a}")?,
        None => writeln!(out, "annotation: (none)")?,
    }
    if uses.is_empty() {
        writeln!(out, "used by: no claim")?;
    } else {
        writeln!(out, "used by:")?;
        for (doc, claim, c) in uses {
            let mut line = format!(
                "  {} ({doc}:{})",
                claim_label(claim.id.unwrap_or_default()),
                claim.line
            );
            if let Some(l) = &c.locator {
                line.push_str(&format!(" {}", super::locator_text(l)));
            }
            if c.origin == crate::model::Origin::Manual {
                line.push_str(" (manual link)");
            }
            if claim.kind == crate::model::ClaimKind::Reference {
                line.push_str(" (in the reading list)");
            }
            if let Some(n) = &c.note {
                line.push_str(&format!(": {n}"));
            }
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, SourceOrigin};
    use crate::render::ListFormat;

    fn finley() -> Source {
        let f = |n: &str, raw: &str, v: &str| Field {
            name: n.into(),
            raw: raw.into(),
            value: v.into(),
        };
        Source {
            id: Some(1),
            key: "finley1983".into(),
            entry_type: "book".into(),
            fields: vec![
                f("author", "{Finley, James P.}", "Finley, James P."),
                f(
                    "title",
                    "{The {US} Military Experience in {Korea}, 1871-1982}",
                    "The US Military Experience in Korea, 1871-1982",
                ),
                f(
                    "subtitle",
                    "{In the Vanguard of {ROK-US} Relations}",
                    "In the Vanguard of ROK-US Relations",
                ),
                f("location", "{San Francisco}", "San Francisco"),
                f("publisher", "{USFK}", "USFK"),
                f("date", "{1983}", "1983"),
            ],
            persons: vec![(
                "author".into(),
                vec![Person {
                    family: "Finley".into(),
                    given: "James P.".into(),
                    ..Default::default()
                }],
            )],
            raw: "@book{finley1983, ...}".into(),
            origin: SourceOrigin {
                file: "bibliography/readings.bib".into(),
                line: 39,
                column: 1,
                ordinal: 3,
            },
        }
    }

    #[test]
    fn listing_row_has_the_table_columns() {
        let mut out = Vec::new();
        let citing = HashMap::from([("finley1983".to_string(), 1)]);
        listing(&[finley()], &citing)
            .write(&mut out, ListFormat::Json, &TableOptions::default())
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["key"], "finley1983");
        assert_eq!(v[0]["creators"][0], "Finley, James P.");
        assert_eq!(v[0]["creator_role"], "author");
        assert_eq!(v[0]["year"], 1983);
        assert_eq!(
            v[0]["title"],
            "The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations"
        );
        assert_eq!(v[0]["location"], "San Francisco");
        assert_eq!(v[0]["citing_claims"], 1);
    }

    #[test]
    fn detail_shows_raw_text_only_where_it_differs() {
        let mut out = Vec::new();
        write_detail(&mut out, &finley(), &[], &TableOptions::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("finley1983 (@book)\nfrom bibliography/readings.bib:39\n"));
        assert!(text.contains("{The {US} Military Experience in {Korea}, 1871-1982}"));
        assert!(!text.contains("{San Francisco}"), "{text}");
        assert!(text.contains("author: Finley, James P."));
        assert!(text.contains("annotation: (none)"));
        assert!(text.ends_with("used by: no claim\n"), "{text}");
    }

    #[test]
    fn json_detail_carries_raw_and_plain_fields() {
        let mut out = Vec::new();
        write_json(&mut out, &finley(), &[]).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v["fields"][1]["raw"],
            "{The {US} Military Experience in {Korea}, 1871-1982}"
        );
        assert_eq!(v["persons"]["author"][0]["family"], "Finley");
        assert_eq!(v["line"], 39);
    }
}
