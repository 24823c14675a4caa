//! Bibliographic sources as imported from BibLaTeX/BibTeX files.

use serde::{Deserialize, Serialize};

/// One field of an entry, kept both as written and as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Field name, lowercased (`title`, `journaltitle`, ...).
    pub name: String,
    /// The value exactly as written in the file, delimiters included:
    /// `{The {ROK-US} Alliance}`, `"Seoul"`, `1983`, `jan # "~1"`, `mymacro`.
    pub raw: String,
    /// The value as plain text: `@string` macros expanded, `#` concatenated, braces
    /// removed, LaTeX accents and dashes decoded (`{\"o}` -> `ö`, `--` -> `–`).
    pub value: String,
}

/// A person (or a corporate body) in a role such as author or editor.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Person {
    /// Family name; for a corporate body, its whole name.
    pub family: String,
    /// Given names, as written (may be initials).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub given: String,
    /// Name prefix ("van der", "de").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// Name suffix ("Jr.", "III").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    /// True when the whole name was brace-protected (`{Institute of Military History}`):
    /// it names a body, not a person, and must not be split or abbreviated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub corporate: bool,
}

impl Person {
    /// "Family, Given" (or the corporate name), as a reference list shows it.
    pub fn sort_name(&self) -> String {
        let mut s = String::new();
        if !self.prefix.is_empty() {
            s.push_str(&self.prefix);
            s.push(' ');
        }
        s.push_str(&self.family);
        if !self.suffix.is_empty() {
            s.push_str(", ");
            s.push_str(&self.suffix);
        }
        if !self.given.is_empty() {
            s.push_str(", ");
            s.push_str(&self.given);
        }
        s
    }

    /// "Given Prefix Family Suffix", as running text shows it.
    pub fn display_name(&self) -> String {
        [
            self.given.as_str(),
            self.prefix.as_str(),
            self.family.as_str(),
            self.suffix.as_str(),
        ]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
    }
}

/// Where an entry was read from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceOrigin {
    /// The file, as given on the command line (or as stored).
    pub file: String,
    /// 1-based line of the entry's `@`.
    pub line: u32,
    /// 1-based column (in characters) of the entry's `@`.
    pub column: u32,
    /// Position of the entry among the file's top-level items (0-based).
    pub ordinal: u32,
}

/// One bibliographic entry (a "source" in annobib's words).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Source {
    /// The library's stable id; `None` until stored.
    pub id: Option<i64>,
    /// The citation key as written.
    pub key: String,
    /// Entry type, lowercased as written (`book`, `collection`, `online`, ...).
    pub entry_type: String,
    /// Every field in file order.
    pub fields: Vec<Field>,
    /// Persons of each name-list role (`author`, `editor`, `translator`, ...), in field order.
    pub persons: Vec<(String, Vec<Person>)>,
    /// The entry's text exactly as written, from `@` to the closing delimiter.
    pub raw: String,
    /// Where it came from.
    pub origin: SourceOrigin,
}

/// Name-list fields whose value is a list of persons separated by `and`.
pub const NAME_FIELDS: &[&str] = &[
    "author",
    "editor",
    "editora",
    "editorb",
    "editorc",
    "translator",
    "annotator",
    "commentator",
    "introduction",
    "foreword",
    "afterword",
    "bookauthor",
    "holder",
    "shortauthor",
    "shorteditor",
    "sortname",
    "namea",
    "nameb",
    "namec",
];

impl Source {
    /// Plain-text value of a field (name in lowercase), if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.field(name).map(|f| f.value.as_str())
    }

    /// The field itself, if present.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The first present of several alias fields (`location`/`address`).
    pub fn get_any(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| self.get(n))
    }

    /// Persons of one role.
    pub fn persons(&self, role: &str) -> &[Person] {
        self.persons
            .iter()
            .find(|(r, _)| r == role)
            .map(|(_, p)| p.as_slice())
            .unwrap_or(&[])
    }

    /// The work's creators: its authors, or failing those its editors.
    pub fn creators(&self) -> &[Person] {
        let authors = self.persons("author");
        if authors.is_empty() {
            self.persons("editor")
        } else {
            authors
        }
    }

    /// Full title: `title`, plus `subtitle` after a colon when it is a separate field.
    pub fn full_title(&self) -> Option<String> {
        let title = self.get("title")?;
        Some(match self.get("subtitle") {
            Some(sub) if !sub.is_empty() => format!("{title}: {sub}"),
            _ => title.to_string(),
        })
    }

    /// Main title: the `title` field when a `subtitle` field exists, else the part of the
    /// title before the first colon.
    pub fn main_title(&self) -> Option<&str> {
        let title = self.get("title")?;
        if self.get("subtitle").is_some() {
            return Some(title);
        }
        Some(title.split_once(':').map_or(title, |(m, _)| m).trim())
    }

    /// Year of publication, from `date` (its first four-digit year) or `year`.
    pub fn year(&self) -> Option<i32> {
        self.get("date")
            .and_then(leading_year)
            .or_else(|| self.get("year").and_then(leading_year))
    }

    /// Publisher(s) as written in plain text.
    pub fn publisher(&self) -> Option<&str> {
        self.get("publisher")
    }

    /// Place of publication (`location`, or BibTeX's `address`).
    pub fn location(&self) -> Option<&str> {
        self.get_any(&["location", "address"])
    }

    /// The user's note on the source (`annotation`, or BibTeX's `annote`).
    pub fn annotation(&self) -> Option<&str> {
        self.get_any(&["annotation", "annote"])
    }
}

/// The first run of four ASCII digits in `s`, as a year.
fn leading_year(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                return s[start..i].parse().ok();
            }
        } else {
            i += 1;
        }
    }
    None
}

/// A top-level item of a .bib file other than an entry, kept for faithful export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BibItem {
    /// An entry (stored as a [`Source`]).
    Entry(Source),
    /// `@string{name = value}`.
    String {
        /// Macro name as written.
        name: String,
        /// Value as written (delimiters included).
        raw: String,
        /// Expanded plain text.
        value: String,
        /// 1-based line.
        line: u32,
    },
    /// `@preamble{...}`: the whole command as written.
    Preamble {
        /// The command as written.
        raw: String,
        /// 1-based line.
        line: u32,
    },
    /// `@comment{...}` or free text between entries, as written.
    Comment {
        /// The text as written.
        raw: String,
        /// 1-based line.
        line: u32,
    },
}

/// A parsed .bib file: every top-level item in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BibFile {
    /// Path as given.
    pub path: String,
    /// The encoding the bytes were decoded from (`utf-8`, `utf-16le`, `latin-1`, ...).
    pub encoding: String,
    /// Items in file order.
    pub items: Vec<BibItem>,
}

impl BibFile {
    /// The file's entries in order.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.items.iter().filter_map(|i| match i {
            BibItem::Entry(s) => Some(s),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(fields: &[(&str, &str)]) -> Source {
        Source {
            key: "k".into(),
            entry_type: "book".into(),
            fields: fields
                .iter()
                .map(|(n, v)| Field {
                    name: n.to_string(),
                    raw: format!("{{{v}}}"),
                    value: v.to_string(),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn year_from_date_or_year() {
        assert_eq!(src(&[("date", "2014-05-22")]).year(), Some(2014));
        assert_eq!(src(&[("year", "1983")]).year(), Some(1983));
        assert_eq!(src(&[("year", "c. 1990")]).year(), Some(1990));
        assert_eq!(src(&[("year", "n.d.")]).year(), None);
        assert_eq!(
            src(&[("date", "2014/2015"), ("year", "1")]).year(),
            Some(2014)
        );
    }

    #[test]
    fn main_title_splits_at_colon_unless_subtitle_field() {
        let s = src(&[("title", "The History of the ROK-US Alliance: 1953–2013")]);
        assert_eq!(s.main_title(), Some("The History of the ROK-US Alliance"));
        let s = src(&[
            ("title", "One Alliance, Two Lenses"),
            ("subtitle", "US-Korea Relations"),
        ]);
        assert_eq!(s.main_title(), Some("One Alliance, Two Lenses"));
        assert_eq!(
            s.full_title().as_deref(),
            Some("One Alliance, Two Lenses: US-Korea Relations")
        );
    }

    #[test]
    fn person_names() {
        let p = Person {
            family: "Berg".into(),
            given: "Jan".into(),
            prefix: "van der".into(),
            suffix: "Jr.".into(),
            corporate: false,
        };
        assert_eq!(p.sort_name(), "van der Berg, Jr., Jan");
        assert_eq!(p.display_name(), "Jan van der Berg Jr.");
    }
}
