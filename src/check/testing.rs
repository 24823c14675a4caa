//! Test helpers: sources built by hand (the .bib parser lives in `bib`), the example essay's
//! six readings as `bibliography/readings.bib` writes them, and citations placed as the
//! finder and resolver would place them.

use crate::model::{
    Citation, CitationStyle, Document, Field, Origin, Person, Source, SourceOrigin,
};

/// A source with plain-text fields; `author`/`editor` values ("Family, Given and ...") also
/// fill `persons`.
pub(crate) fn source(key: &str, entry_type: &str, fields: &[(&str, &str)]) -> Source {
    let mut persons = Vec::new();
    for (name, value) in fields {
        if matches!(*name, "author" | "editor") && !value.is_empty() {
            let people = value
                .split(" and ")
                .map(|p| {
                    let (family, given) = p.split_once(", ").unwrap_or((p, ""));
                    Person {
                        family: family.trim_matches(['{', '}']).to_string(),
                        given: given.to_string(),
                        corporate: family.starts_with('{'),
                        ..Person::default()
                    }
                })
                .collect();
            persons.push((name.to_string(), people));
        }
    }
    Source {
        key: key.to_string(),
        entry_type: entry_type.to_string(),
        fields: fields
            .iter()
            .map(|(n, v)| Field {
                name: n.to_string(),
                raw: format!("{{{v}}}"),
                value: v.to_string(),
            })
            .collect(),
        persons,
        ..Source::default()
    }
}

/// The same, read from `file` at `line`.
pub(crate) fn source_at(
    file: &str,
    line: u32,
    key: &str,
    ty: &str,
    fields: &[(&str, &str)],
) -> Source {
    let mut s = source(key, ty, fields);
    s.origin = SourceOrigin {
        file: file.to_string(),
        line,
        column: 1,
        ordinal: 0,
    };
    s
}

pub(crate) const READINGS: &str = "bibliography/readings.bib";

/// The six entries of `bibliography/readings.bib`, as an import reads them.
pub(crate) fn readings() -> Vec<Source> {
    crate::testing::readings()
}

/// An inline citation of `style` whose marker is the first occurrence of `marker` in the
/// document, resolved to `key` (or unresolved), with a page locator when `page` is given. It is
/// attached to the claim that contains it.
pub(crate) fn cite(
    doc: &mut Document,
    marker: &str,
    style: CitationStyle,
    key: Option<&str>,
    page: Option<u32>,
) -> (usize, usize) {
    let start = doc
        .text
        .find(marker)
        .unwrap_or_else(|| panic!("marker {marker:?} not in the text"));
    let span = (start, start + marker.len());
    let mut c = Citation::inline(marker, span, style);
    c.resolution.source = key.map(str::to_string);
    c.resolution.confidence = if key.is_some() { 0.95 } else { 0.0 };
    c.locator = page.map(crate::testing::page);
    let claim = doc
        .claims
        .iter_mut()
        .find(|c| c.start <= span.0 && span.1 <= c.end)
        .expect("the marker lies in a claim");
    claim.citations.push(c);
    span
}

/// A manual link (`annobib link`) from claim `index` (0-based among all units) to `key`.
pub(crate) fn link(doc: &mut Document, index: usize, key: &str) {
    let mut c = Citation::inline("", (0, 0), CitationStyle::Note);
    c.origin = Origin::Manual;
    c.marker = None;
    c.span = None;
    c.style = None;
    c.resolution.source = Some(key.to_string());
    doc.claims[index].citations.push(c);
}

/// Numbers the claims 1, 2, ... as the store would.
pub(crate) fn number(doc: &mut Document) {
    for (i, c) in doc.claims.iter_mut().enumerate() {
        c.id = Some(i as i64 + 1);
    }
}
