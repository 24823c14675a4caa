//! Test data shared by the modules' tests: the shipped example, read by the real parser, so
//! that tests of `check`, `render` and `cite` work on what an import produces rather than on
//! hand-made copies that could drift from it.

use crate::model::Source;

/// Where the example's readings are, as tests name the file.
pub(crate) const READINGS: &str = "bibliography/readings.bib";

/// The six entries of `bibliography/readings.bib`, as `bib::parse` reads them.
pub(crate) fn readings() -> Vec<Source> {
    let text = include_str!("../bibliography/readings.bib");
    let parsed = crate::bib::parse(READINGS, text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.file.sources().cloned().collect()
}
