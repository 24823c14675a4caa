//! Test values for the exports: sources written the way `bib::parse` hands them over (each
//! field's `raw` as written, `value` as plain text, persons split), the shipped readings, and
//! the shipped essay with its four citations placed by hand where the finder puts them.
//!
//! The parser and the citation finder live in other modules; these helpers keep the export
//! tests independent of both, so a change there cannot silently change what is tested here.

use crate::essay;
use crate::model::{
    Citation, CitationStyle, Document, Field, Locator, LocatorLabel, MarkerParts, Person, Source,
};

/// Fields of a test source, as `(name, inside of the braces)`.
pub type Fields = &'static [(&'static str, &'static str)];

/// A source from fields written as the inside of BibLaTeX braces (`The {ROK-US} Alliance`):
/// `raw` gets the delimiting braces, `value` loses every brace. Name-list fields become
/// persons too ("Family, Given and {Corporate Body}").
pub fn source(key: &str, entry_type: &str, fields: &[(&str, &str)]) -> Source {
    let mut src = Source {
        key: key.to_string(),
        entry_type: entry_type.to_string(),
        ..Source::default()
    };
    for (name, inner) in fields {
        src.fields.push(Field {
            name: name.to_string(),
            raw: format!("{{{inner}}}"),
            value: inner.replace(['{', '}'], ""),
        });
        if crate::model::NAME_FIELDS.contains(name) {
            src.persons.push((name.to_string(), persons(inner)));
        }
    }
    src
}

/// "Family, Given", "prefix Family, Given", "Family, Suffix, Given", "{Corporate}", joined
/// by " and ".
fn persons(list: &str) -> Vec<Person> {
    list.split(" and ")
        .map(|name| {
            let name = name.trim();
            if name.starts_with('{') && name.ends_with('}') {
                return Person {
                    family: name[1..name.len() - 1].to_string(),
                    corporate: true,
                    ..Person::default()
                };
            }
            let parts: Vec<&str> = name.split(',').map(str::trim).collect();
            let (last, suffix, given) = match parts.as_slice() {
                [last] => (*last, "", ""),
                [last, given] => (*last, "", *given),
                [last, suffix, given, ..] => (*last, *suffix, *given),
                [] => ("", "", ""),
            };
            let words: Vec<&str> = last.split(' ').collect();
            let particles = words
                .iter()
                .take_while(|w| w.starts_with(char::is_lowercase))
                .count()
                .min(words.len() - 1);
            Person {
                family: words[particles..].join(" "),
                given: given.to_string(),
                prefix: words[..particles].join(" "),
                suffix: suffix.to_string(),
                corporate: false,
            }
        })
        .collect()
}

/// The six entries of `bibliography/readings.bib`, as an import reads them.
pub fn readings() -> Vec<Source> {
    crate::testing::readings()
}

/// A varied set: every name shape, date shape and most entry types the exports map.
pub fn varied() -> Vec<Source> {
    vec![
        source(
            "berg2014",
            "article",
            &[
                (
                    "author",
                    "van der Berg, Jan and Smith, Jr., John and {World Health Organization}",
                ),
                ("title", "A {DNA} Study of {Korean} Rice"),
                ("subtitle", "Methods"),
                ("journaltitle", "Journal of Rice Studies"),
                ("volume", "3"),
                ("number", "2"),
                ("pages", "24–26"),
                ("date", "2014-05-22/2014-06"),
                ("doi", "https://doi.org/10.1000/xyz123"),
                ("langid", "english"),
                ("keywords", "rice, genetics"),
                ("abstract", "We study rice.\n\nTwice."),
            ],
        ),
        source(
            "doe2001",
            "thesis",
            &[
                ("author", "Doe, Jane"),
                ("title", "Über die Allianz"),
                ("type", "phdthesis"),
                ("institution", "Universität Wien"),
                ("date", "2001~"),
                ("langid", "ngerman"),
            ],
        ),
        source(
            "roe1999",
            "incollection",
            &[
                ("author", "Roe, Richard"),
                ("editor", "Poe, Edgar A."),
                ("translator", "Tran, Tom"),
                ("title", "A Chapter on Things"),
                ("booktitle", "The Book of Things"),
                ("series", "Thing Studies"),
                ("number", "4"),
                ("edition", "2"),
                ("pages", "101–120"),
                ("location", "London"),
                ("publisher", "Penguin"),
                ("year", "1999"),
                ("month", "jan"),
                ("isbn", "978-0-14-044913-6"),
            ],
        ),
        source(
            "site2020",
            "online",
            &[
                ("author", "{Korea Institute for Defense Analyses}"),
                ("title", "Alliance Timeline"),
                ("url", "https://www.kida.re.kr/timeline"),
                ("urldate", "2020-01-02"),
                ("date", "2019/"),
            ],
        ),
        source(
            "report1978",
            "report",
            &[
                ("author", "Kim, Il-sung"),
                ("title", "Combined Forces Command"),
                ("type", "techreport"),
                ("institution", "RAND Corporation"),
                ("number", "R-2201"),
                ("date", "1978-21"),
                ("note", "Declassified 1998"),
            ],
        ),
        source(
            "memo1951",
            "unpublished",
            &[
                ("title", "Memorandum on the Armistice"),
                ("date", "-0044-03-15"),
                ("howpublished", "Typescript"),
            ],
        ),
        source(
            "misc199x",
            "misc",
            &[("title", "Undated Leaflet"), ("year", "n.d.")],
        ),
        source(
            "conf2012",
            "inproceedings",
            &[
                ("author", "de la Cruz, Maria and Ng, Wei"),
                ("title", "Alliances at Sea"),
                ("booktitle", "Proceedings of the Naval Conference"),
                ("eventtitle", "Naval Conference 2012"),
                ("venue", "Busan"),
                ("pages", "7"),
                ("date", "2012-10"),
                ("options", "useprefix=true"),
            ],
        ),
    ]
}

/// The shipped essay read by `essay::parse`, with its four inline citations placed where the
/// finder places them (span from the signal to the locator, group = the parentheses) and
/// resolved as the resolver resolves them, plus `resolved` reference items for the list.
pub fn example_document() -> Document {
    let text = include_str!("../../../bibliography/us-korea-military-alliance.txt");
    let mut doc = essay::parse(
        "bibliography/us-korea-military-alliance.txt",
        text,
        &essay::Options::default(),
    );
    let cites = [
        (
            "see The History of the ROK-US Alliance: 1953-2013, Seoul: Institute of Military History, 2014, 24",
            Some("see"),
            "history2014",
            "24",
        ),
        (
            "The History of the ROK-US Alliance: 1953-2013, 25",
            None,
            "history2014",
            "25",
        ),
        (
            "see James P. Finley, The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations, San Francisco: USFK, 150",
            Some("see"),
            "finley1983",
            "150",
        ),
        (
            "The History of the ROK-US Alliance: 1953-2013, 60",
            None,
            "history2014",
            "60",
        ),
    ];
    for (marker, prefix, key, page) in cites {
        let start = text
            .find(&format!("({marker})"))
            .expect("the essay holds the marker")
            + 1;
        let mut c = Citation::inline(marker, (start, start + marker.len()), CitationStyle::Note);
        c.group = Some((start - 1, start + marker.len() + 1));
        c.parts = MarkerParts {
            prefix: prefix.map(str::to_string),
            ..MarkerParts::default()
        }
        .into();
        c.locator = Some(Locator {
            label: LocatorLabel::Page,
            value: page.to_string(),
            pages: Vec::new(),
        });
        c.resolution.source = Some(key.to_string());
        c.resolution.confidence = 0.9;
        add(&mut doc, c);
    }
    let keys = crate::testing::READING_KEYS;
    let references: Vec<usize> = doc
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == crate::model::ClaimKind::Reference)
        .map(|(i, _)| i)
        .collect();
    for (i, key) in references.into_iter().zip(keys) {
        let claim = &mut doc.claims[i];
        let mut c = Citation::inline(
            &claim.text,
            (claim.start, claim.end),
            CitationStyle::Reference,
        );
        c.resolution.source = Some(key.to_string());
        claim.citations.push(c);
    }
    for (id, claim) in doc.claims.iter_mut().enumerate() {
        claim.id = Some(id as i64 + 1);
    }
    doc
}

/// Puts `c` on the claim whose span holds it.
pub fn add(doc: &mut Document, c: Citation) {
    let (s, e) = c.span.expect("inline citations have spans");
    let claim = doc
        .claims
        .iter_mut()
        .find(|cl| cl.start <= s && e <= cl.end)
        .expect("a claim holds the citation");
    claim.citations.push(c);
}
