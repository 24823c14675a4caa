//! biblatex's data model as tables: entry types, the mandatory-field constraints, BibTeX
//! aliases of types and fields, and the default crossref inheritance.
//!
//! Transcribed from biblatex 3.18b: `blx-dm.def` (`\DeclareDatamodelEntrytypes`,
//! `\DeclareDatamodelConstraints`), `biblatex.def` (`\DeclareDataInheritance`) and the manual
//! (§2.1.2 type aliases, §2.2.5 field aliases). These constraints are the ones
//! `biber --validate-datamodel` enforces; where the manual's prose is looser or stricter (it
//! lists "author/editor" for `@online`, and no editor for `@incollection`) the data model wins,
//! because that is what biber reports.

/// Every entry type of the default data model (`xdata` is a container and is not checked).
#[rustfmt::skip]
pub(super) const TYPES: &[&str] = &[
    "article", "artwork", "audio", "bibnote", "book", "bookinbook", "booklet", "collection",
    "commentary", "customa", "customb", "customc", "customd", "custome", "customf", "dataset",
    "inbook", "incollection", "inproceedings", "inreference", "image", "jurisdiction", "legal",
    "legislation", "letter", "manual", "misc", "movie", "music", "mvcollection", "mvreference",
    "mvproceedings", "mvbook", "online", "patent", "performance", "periodical", "proceedings",
    "reference", "report", "review", "set", "software", "standard", "suppbook",
    "suppcollection", "suppperiodical", "thesis", "unpublished", "video", "xdata",
];

/// BibTeX entry types biber maps onto the model: (alias, type, the `type` field it implies).
#[rustfmt::skip]
pub(super) const TYPE_ALIASES: &[(&str, &str, Option<&str>)] = &[
    ("conference", "inproceedings", None),
    ("electronic", "online", None),
    ("www", "online", None),
    ("mastersthesis", "thesis", Some("mathesis")),
    ("phdthesis", "thesis", Some("phdthesis")),
    ("techreport", "report", Some("techreport")),
];

/// BibTeX field names and the model's names for them.
#[rustfmt::skip]
pub(super) const FIELD_ALIASES: &[(&str, &str)] = &[
    ("journal", "journaltitle"), ("address", "location"), ("school", "institution"),
    ("annote", "annotation"), ("archiveprefix", "eprinttype"), ("primaryclass", "eprintclass"),
    ("key", "sortkey"), ("pdf", "file"),
];

/// One mandatory constraint: all of `all`, or at least one of `any`.
pub(super) enum Required {
    Field(&'static str),
    AnyOf(&'static [&'static str]),
}

use Required::{AnyOf, Field};

/// `\DeclareDatamodelConstraints[types]{\constraint[type=mandatory]{...}}`, type by type.
#[rustfmt::skip]
pub(super) const MANDATORY: &[(&[&str], &[Required])] = &[
    (&["set"], &[Field("entryset")]),
    (&["article"], &[Field("author"), Field("journaltitle"), Field("title")]),
    (&["book", "mvbook"], &[Field("author"), Field("title")]),
    (&["inbook", "bookinbook", "suppbook"], &[Field("author"), Field("title"), Field("booktitle")]),
    (&["booklet"], &[AnyOf(&["author", "editor"]), Field("title")]),
    (&["collection", "reference", "mvcollection", "mvreference"], &[Field("editor"), Field("title")]),
    (&["incollection", "suppcollection", "inreference"],
        &[Field("author"), Field("editor"), Field("title"), Field("booktitle")]),
    (&["dataset", "manual", "misc", "software", "proceedings", "mvproceedings"], &[Field("title")]),
    (&["online"], &[Field("title"), AnyOf(&["url", "doi", "eprint"])]),
    (&["patent"], &[Field("author"), Field("title"), Field("number")]),
    (&["periodical"], &[Field("editor"), Field("title")]),
    (&["inproceedings"], &[Field("author"), Field("title"), Field("booktitle")]),
    (&["report", "thesis"], &[Field("author"), Field("title"), Field("type"), Field("institution")]),
    (&["unpublished"], &[Field("author"), Field("title")]),
];

/// Types that must have a `date` or a `year` (`\constraintfieldsxor{date}{year}`).
#[rustfmt::skip]
pub(super) const DATED: &[&str] = &[
    "article", "book", "inbook", "bookinbook", "suppbook", "booklet", "collection",
    "incollection", "suppcollection", "manual", "misc", "mvbook", "mvcollection", "online",
    "patent", "periodical", "suppperiodical", "proceedings", "inproceedings", "reference",
    "inreference", "report", "set", "thesis", "unpublished",
];

/// The mandatory constraints of a (canonical) type.
pub(super) fn mandatory(entry_type: &str) -> &'static [Required] {
    MANDATORY
        .iter()
        .find(|(types, _)| types.contains(&entry_type))
        .map_or(&[], |(_, req)| req)
}

/// Fields no child inherits (`\DeclareDataInheritance{*}{*}{\noinherit...}`).
#[rustfmt::skip]
const NEVER_INHERITED: &[&str] = &[
    "ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label", "options",
    "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
    "shorthandintro", "sortkey",
];

/// One `\DeclareDataInheritance{parents}{children}` block: fields mapped to other names,
/// and fields not inherited at all.
struct Inheritance {
    parents: &'static [&'static str],
    children: &'static [&'static str],
    map: &'static [(&'static str, &'static str)],
    block: &'static [&'static str],
}

const TITLES: &[&str] = &["shorttitle", "sorttitle", "indextitle", "indexsorttitle"];
const TO_MAIN: &[(&str, &str)] = &[
    ("title", "maintitle"),
    ("subtitle", "mainsubtitle"),
    ("titleaddon", "maintitleaddon"),
];
const TO_BOOK: &[(&str, &str)] = &[
    ("title", "booktitle"),
    ("subtitle", "booksubtitle"),
    ("titleaddon", "booktitleaddon"),
];

#[rustfmt::skip]
const INHERITANCE: &[Inheritance] = &[
    Inheritance { parents: &["mvbook", "book"], children: &["inbook", "bookinbook", "suppbook"],
        map: &[("author", "author"), ("author", "bookauthor")], block: &[] },
    Inheritance { parents: &["mvbook"], children: &["book", "inbook", "bookinbook", "suppbook"],
        map: TO_MAIN, block: TITLES },
    Inheritance { parents: &["mvcollection", "mvreference"],
        children: &["collection", "reference", "incollection", "inreference", "suppcollection"],
        map: TO_MAIN, block: TITLES },
    Inheritance { parents: &["mvproceedings"], children: &["proceedings", "inproceedings"],
        map: TO_MAIN, block: TITLES },
    Inheritance { parents: &["book"], children: &["inbook", "bookinbook", "suppbook"],
        map: TO_BOOK, block: TITLES },
    Inheritance { parents: &["collection", "reference"],
        children: &["incollection", "inreference", "suppcollection"], map: TO_BOOK, block: TITLES },
    Inheritance { parents: &["proceedings"], children: &["inproceedings"], map: TO_BOOK, block: TITLES },
    Inheritance { parents: &["periodical"], children: &["article", "suppperiodical"],
        map: &[("title", "journaltitle"), ("subtitle", "journalsubtitle"),
               ("titleaddon", "journaltitleaddon")], block: TITLES },
];

/// The names a child of `child_type` receives `field` under from a parent of `parent_type`
/// (biblatex's default: every field under its own name, unless a rule maps or blocks it).
pub(super) fn inherited_as<'a>(
    parent_type: &str,
    child_type: &str,
    field: &'a str,
) -> Vec<&'a str> {
    if NEVER_INHERITED.contains(&field) {
        return Vec::new();
    }
    let rules = INHERITANCE
        .iter()
        .filter(|r| r.parents.contains(&parent_type) && r.children.contains(&child_type));
    let mut mapped = Vec::new();
    let mut blocked = false;
    for r in rules {
        mapped.extend(
            r.map
                .iter()
                .filter(|(from, _)| *from == field)
                .map(|(_, to)| *to),
        );
        blocked |= r.block.contains(&field);
    }
    if mapped.is_empty() && !blocked {
        mapped.push(field);
    }
    mapped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inheritance_follows_biblatex_defaults() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str, &[&str])] = &[
            ("collection", "incollection", "title", &["booktitle"]),
            ("collection", "incollection", "editor", &["editor"]),
            ("collection", "incollection", "shorttitle", &[]),
            ("book", "inbook", "author", &["author", "bookauthor"]),
            ("mvbook", "inbook", "title", &["maintitle"]),
            ("periodical", "article", "title", &["journaltitle"]),
            ("book", "book", "title", &["title"]),
            ("book", "incollection", "crossref", &[]),
            ("proceedings", "inproceedings", "date", &["date"]),
        ];
        for (parent, child, field, want) in cases {
            assert_eq!(
                &inherited_as(parent, child, field),
                want,
                "{parent} -> {child}: {field}"
            );
        }
    }
}
