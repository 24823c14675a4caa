//! The one mapping between BibLaTeX, CSL and RIS: entry types both ways, and the CSL
//! variables that are plain text. The exports (`render::export`) and the importers of this
//! module read the same rows, so an item exported and read back keeps its kind and fields.

/// BibLaTeX entry type -> (CSL type, RIS type). BibTeX's own types are listed under their
/// BibLaTeX aliases. Where CSL or RIS has no exact type, the row says what Zotero, pandoc or
/// biber pick, so a round trip through those tools keeps the item's kind. Read from CSL or
/// RIS, a type becomes the BibLaTeX type of its first row, unless [`CSL_IN`] or [`RIS_IN`]
/// say otherwise.
#[rustfmt::skip]
pub const TYPES: &[(&str, &str, &str)] = &[
    ("article",        "article-journal",        "JOUR"),
    ("book",           "book",                   "BOOK"),
    ("mvbook",         "book",                   "BOOK"),
    ("inbook",         "chapter",                "CHAP"),
    ("bookinbook",     "chapter",                "CHAP"),
    ("suppbook",       "chapter",                "CHAP"),
    ("booklet",        "pamphlet",               "PAMP"),
    ("collection",     "book",                   "EDBOOK"),
    ("mvcollection",   "book",                   "EDBOOK"),
    ("incollection",   "chapter",                "CHAP"),
    ("suppcollection", "chapter",                "CHAP"),
    ("dataset",        "dataset",                "DATA"),
    ("manual",         "book",                   "BOOK"),
    ("misc",           "document",               "GEN"),
    ("online",         "webpage",                "ELEC"),
    ("electronic",     "webpage",                "ELEC"),
    ("www",            "webpage",                "ELEC"),
    ("patent",         "patent",                 "PAT"),
    ("periodical",     "periodical",             "JFULL"),
    ("suppperiodical", "article-journal",        "JOUR"),
    ("proceedings",    "book",                   "CONF"),
    ("mvproceedings",  "book",                   "CONF"),
    ("inproceedings",  "paper-conference",       "CPAPER"),
    ("conference",     "paper-conference",       "CPAPER"),
    ("reference",      "book",                   "BOOK"),
    ("mvreference",    "book",                   "BOOK"),
    ("inreference",    "entry-encyclopedia",     "ENCYC"),
    ("report",         "report",                 "RPRT"),
    ("techreport",     "report",                 "RPRT"),
    ("thesis",         "thesis",                 "THES"),
    ("phdthesis",      "thesis",                 "THES"),
    ("mastersthesis",  "thesis",                 "THES"),
    ("unpublished",    "manuscript",             "MANSCPT"),
    ("software",       "software",               "COMP"),
    ("artwork",        "graphic",                "ART"),
    ("image",          "graphic",                "FIGURE"),
    ("audio",          "song",                   "SOUND"),
    ("music",          "song",                   "MUSIC"),
    ("movie",          "motion_picture",         "MPCT"),
    ("video",          "motion_picture",         "VIDEO"),
    ("jurisdiction",   "legal_case",             "CASE"),
    ("legislation",    "legislation",            "STAT"),
    ("legal",          "treaty",                 "LEGAL"),
    ("letter",         "personal_communication", "PCOMM"),
    ("performance",    "performance",            "GEN"),
    ("review",         "review",                 "JOUR"),
    ("standard",       "standard",               "STAND"),
];

/// CSL types read as another BibLaTeX type than their first row in [`TYPES`], or that have no
/// row: CSL type, BibLaTeX type, and the `entrysubtype` to set (biblatex's periodical kinds).
#[rustfmt::skip]
pub const CSL_IN: &[(&str, &str, &str)] = &[
    ("chapter",                "incollection", ""),
    ("article",                "article",      ""),
    ("article-magazine",       "article",      "magazine"),
    ("article-newspaper",      "article",      "newspaper"),
    ("post",                   "online",       ""),
    ("post-weblog",            "online",       ""),
    ("entry",                  "inreference",  ""),
    ("entry-dictionary",       "inreference",  ""),
    ("review-book",            "review",       ""),
    ("classic",                "book",         ""),
    ("collection",             "collection",   ""),
    ("bill",                   "legislation",  ""),
    ("regulation",             "legislation",  ""),
    ("broadcast",              "video",        ""),
    ("figure",                 "image",        ""),
    ("musical_score",          "music",        ""),
    ("interview",              "misc",         ""),
    ("map",                    "misc",         ""),
    ("speech",                 "misc",         ""),
    ("hearing",                "misc",         ""),
    ("event",                  "misc",         ""),
];

/// RIS types read as another BibLaTeX type than their first row in [`TYPES`], or that have no
/// row (the RIS specification's other types): RIS type, BibLaTeX type, `entrysubtype`.
#[rustfmt::skip]
pub const RIS_IN: &[(&str, &str, &str)] = &[
    ("CHAP",    "incollection", ""),
    ("ECHAP",   "incollection", ""),
    ("MGZN",    "article",      "magazine"),
    ("NEWS",    "article",      "newspaper"),
    ("EJOUR",   "article",      ""),
    ("ABST",    "article",      ""),
    ("INPR",    "article",      ""),
    ("EBOOK",   "book",         ""),
    ("CLSWK",   "book",         ""),
    ("SER",     "book",         ""),
    ("DICT",    "reference",    ""),
    ("BLOG",    "online",       ""),
    ("WEB",     "online",       ""),
    ("DBASE",   "dataset",      ""),
    ("GOVDOC",  "report",       ""),
    ("UNPB",    "unpublished",  ""),
    ("BILL",    "legislation",  ""),
    ("UNBILL",  "legislation",  ""),
    ("ICOMM",   "letter",       ""),
    ("CHART",   "image",        ""),
    ("ADVS",    "video",        ""),
    ("MULTI",   "video",        ""),
    ("AGGR",    "misc",         ""),
    ("ANCIENT", "misc",         ""),
    ("CTLG",    "misc",         ""),
    ("EQUA",    "misc",         ""),
    ("GRANT",   "misc",         ""),
    ("HEAR",    "misc",         ""),
    ("MAP",     "misc",         ""),
    ("SLIDE",   "misc",         ""),
];

/// Plain-text CSL variables and the BibLaTeX fields that fill them, first present wins; read
/// from CSL, a variable goes into the first field named.
#[rustfmt::skip]
pub const PLAIN: &[(&str, &[&str])] = &[
    ("event-place",           &["venue"]),
    ("publisher-place",       &["location", "address"]),
    ("edition",               &["edition"]),
    ("volume",                &["volume"]),
    ("number-of-volumes",     &["volumes"]),
    ("page",                  &["pages"]),
    ("number-of-pages",       &["pagetotal"]),
    ("chapter-number",        &["chapter"]),
    ("version",               &["version"]),
    ("status",                &["pubstate"]),
    ("ISBN",                  &["isbn"]),
    ("ISSN",                  &["issn"]),
    ("URL",                   &["url"]),
    ("container-title-short", &["shortjournal"]),
    ("keyword",               &["keywords"]),
    ("abstract",              &["abstract"]),
    ("annote",                &["annotation", "annote"]),
];

/// CSL name variables and their BibLaTeX name lists. `editor` also stands for the roles
/// biblatex spells with `editortype` ([`EDITOR_TYPES`]).
pub const NAMES: &[(&str, &str)] = &[
    ("author", "author"),
    ("editor", "editor"),
    ("translator", "translator"),
    ("bookauthor", "container-author"),
];

/// biblatex `editortype` values and the CSL name variables they stand for.
pub const EDITOR_TYPES: &[(&str, &str)] = &[
    ("compiler", "compiler"),
    ("director", "director"),
    ("organizer", "organizer"),
    ("collaborator", "contributor"),
];

/// CSL dates: variable, and the prefix of the BibLaTeX date field (`date`, `urldate`,
/// `origdate`, `eventdate`).
pub const DATES: &[(&str, &str)] = &[
    ("issued", ""),
    ("accessed", "url"),
    ("original-date", "orig"),
    ("event-date", "event"),
];

/// The BibLaTeX type (and `entrysubtype`, empty for none) a CSL type is read as; an unknown
/// type is `misc`.
pub fn biblatex_of_csl(csl: &str) -> (&'static str, &'static str) {
    CSL_IN
        .iter()
        .find(|(c, _, _)| *c == csl)
        .map(|&(_, b, s)| (b, s))
        .or_else(|| {
            TYPES
                .iter()
                .find(|(_, c, _)| *c == csl)
                .map(|&(b, _, _)| (b, ""))
        })
        .unwrap_or(("misc", ""))
}

/// The BibLaTeX type (and `entrysubtype`) a RIS type is read as; `None` for a type the RIS
/// specification does not have.
pub fn biblatex_of_ris(ris: &str) -> Option<(&'static str, &'static str)> {
    RIS_IN
        .iter()
        .find(|(r, _, _)| *r == ris)
        .map(|&(_, b, s)| (b, s))
        .or_else(|| {
            TYPES
                .iter()
                .find(|(_, _, r)| *r == ris)
                .map(|&(b, _, _)| (b, ""))
        })
}

/// True for CSL types the importer knows (a row of [`TYPES`] or [`CSL_IN`]).
pub fn known_csl_type(csl: &str) -> bool {
    CSL_IN.iter().any(|(c, _, _)| *c == csl) || TYPES.iter().any(|(_, c, _)| *c == csl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exported_type_reads_back_as_a_type_of_the_same_kind() {
        // Exported as CSL or RIS and read back, a type lands on a BibLaTeX type that exports
        // to the same CSL and RIS types (the kind survives the round trip).
        for (bib, csl, ris) in TYPES {
            let (back, _) = biblatex_of_csl(csl);
            let row = TYPES.iter().find(|(b, _, _)| *b == back).unwrap();
            assert_eq!(row.1, *csl, "{bib} via CSL {csl} -> {back}");
            let (back, _) = biblatex_of_ris(ris).unwrap();
            let row = TYPES.iter().find(|(b, _, _)| *b == back).unwrap();
            assert_eq!(row.2, *ris, "{bib} via RIS {ris} -> {back}");
        }
    }

    #[test]
    fn other_types_have_a_home() {
        assert_eq!(biblatex_of_csl("chapter"), ("incollection", ""));
        assert_eq!(
            biblatex_of_csl("article-newspaper"),
            ("article", "newspaper")
        );
        assert_eq!(biblatex_of_csl("no-such-type"), ("misc", ""));
        assert_eq!(biblatex_of_ris("EJOUR"), Some(("article", "")));
        assert_eq!(biblatex_of_ris("XXXX"), None);
        for (_, b, _) in CSL_IN.iter().chain(RIS_IN) {
            assert!(TYPES.iter().any(|(t, _, _)| t == b), "{b} has no row");
        }
    }
}
