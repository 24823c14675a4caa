//! Output: terminal tables, JSON, CSV and Markdown listings, and the detailed views of one
//! source. Renderers write into any `io::Write`; they never decide where output goes.
//!
//! This is the only module that names `comfy_table::`.

pub mod bibliography;
pub mod claims;
pub mod findings;
pub mod listing;
pub mod report;
pub mod sources;
pub mod suggest;
pub mod suggestions;
mod table;

pub use listing::{Cell, Column, ListFormat, Listing};
pub use table::{TableOptions, terminal_width};

use crate::model::{Locator, LocatorLabel};

/// A locator as a reader writes it: `p. 24`, `pp. 24–26`, `ch. 3`, `n. 63`.
pub fn locator_text(l: &Locator) -> String {
    let plural = l.value.contains(['–', '-', ',', '&']);
    let label = match (l.label, plural) {
        (LocatorLabel::Page, false) => "p.",
        (LocatorLabel::Page, true) => "pp.",
        (LocatorLabel::Chapter, _) => "ch.",
        (LocatorLabel::Section, _) => "§",
        (LocatorLabel::Note, _) => "n.",
        (LocatorLabel::Folio, false) => "fol.",
        (LocatorLabel::Folio, true) => "fols.",
        (LocatorLabel::Line, false) => "l.",
        (LocatorLabel::Line, true) => "ll.",
        (LocatorLabel::Paragraph, _) => "para.",
        (LocatorLabel::Volume, _) => "vol.",
        (LocatorLabel::Figure, _) => "fig.",
        (LocatorLabel::Date, _) => "",
    };
    if label.is_empty() {
        l.value.clone()
    } else {
        format!("{label} {}", l.value)
    }
}
pub mod export;
