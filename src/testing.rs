//! Test data shared by the modules' tests: the shipped example, read by the real parser, so
//! that tests of `check`, `render` and `cite` work on what an import produces rather than on
//! hand-made copies that could drift from it.

pub(crate) mod skips;
pub(crate) mod zip;

use crate::model::{Locator, LocatorLabel, PageRange, Source};

/// Where the example's readings are, as tests name the file.
pub(crate) const READINGS: &str = "bibliography/readings.bib";

/// The six entries of `bibliography/readings.bib`, as `bib::parse` reads them.
pub(crate) fn readings() -> Vec<Source> {
    let text = include_str!("../bibliography/readings.bib");
    let parsed = crate::bib::parse(READINGS, text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.file.sources().cloned().collect()
}

/// The keys of the example's readings, in the order the essay's reading list names them.
pub(crate) const READING_KEYS: [&str; 6] = [
    "history2014",
    "curtis1983",
    "finley1983",
    "kwan1982",
    "paik1990",
    "shin2010",
];

/// A page locator for one arabic page, as the locator parser gives "p. 24".
pub(crate) fn page(p: u32) -> Locator {
    Locator {
        label: LocatorLabel::Page,
        value: p.to_string(),
        pages: vec![PageRange {
            start: p,
            end: p,
            roman: false,
        }],
    }
}
