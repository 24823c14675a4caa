//! The full text of a source, page by page (`annobib attach`).

use serde::Serialize;

/// A source's attached text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// The source's key.
    pub key: String,
    /// The file attached, as given.
    pub file: String,
    /// `pdf` or `text`.
    pub kind: String,
    /// How the printed page numbers were found ("running headers", "the entry's pages",
    /// "--first-page", "physical pages (a guess)").
    pub numbering: String,
    /// The pages, in file order.
    pub pages: Vec<Page>,
}

/// One page of an attached text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// 1-based page of the file.
    pub physical: u32,
    /// The page number printed on it.
    pub label: String,
    /// Its text.
    pub text: String,
}

impl Attachment {
    /// The pages printed with `number` (arabic), if any.
    pub fn page(&self, number: u32) -> Option<&Page> {
        let label = number.to_string();
        self.pages.iter().find(|p| p.label == label)
    }

    /// The printed numbers of the first and last page ("233–250").
    pub fn range(&self) -> String {
        match (self.pages.first(), self.pages.last()) {
            (Some(a), Some(b)) if a.label != b.label => format!("{}–{}", a.label, b.label),
            (Some(a), _) => a.label.clone(),
            _ => String::new(),
        }
    }
}
