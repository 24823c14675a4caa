//! Exports that other tools read: CSL-JSON (pandoc's citeproc, Zotero), RIS (Zotero, EndNote),
//! the essay as pandoc Markdown with real citations, and the user's links as CSV or JSON that
//! can be kept in git and read back.
//!
//! Owns the choice of CSL and RIS types per source (from the one table in `records::map`, which
//! the importers read too, so exports and imports agree), the reading of BibLaTeX dates (`date`), and the little LaTeX knowledge the CSL titles
//! need (`latex`: which words braces protect). Not here: the BibTeX and BibLaTeX writers
//! (`bib`), loading sources or documents (`store`), deciding which sources to export or where
//! the bytes go (`cli`). Every writer takes an `io::Write` and the values to write.

mod csl;
mod date;
mod latex;
mod links;
mod pandoc;
mod ris;

pub use csl::write_csl_json;
pub use links::{
    LinkFormat, LinkLocator, LinkOrigin, LinkRecord, LinksError, Problem, Where, find_claim,
    link_records, read_links, write_links_csv, write_links_json,
};
pub use pandoc::{Left, LeftReason, PandocOptions, PandocReport, Written, write_pandoc_markdown};
pub use ris::write_ris;

use crate::model::Source;

use crate::records::map::TYPES;

/// The CSL and RIS types of a source. An article's `entrysubtype` (`magazine`, `newspaper`)
/// picks the periodical kind, as biblatex styles do; for RIS a book or collection with editors
/// and no author is an edited book, any other a book. Unknown types are generic documents
/// (`document`, `GEN`).
fn entry_types(src: &Source) -> (&'static str, &'static str) {
    let ty = src.entry_type.to_ascii_lowercase();
    let (csl, ris) = TYPES
        .iter()
        .find(|(b, _, _)| *b == ty)
        .map_or(("document", "GEN"), |&(_, c, r)| (c, r));
    if ty == "article" {
        match src
            .get("entrysubtype")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("magazine") => return ("article-magazine", "MGZN"),
            Some("newspaper") => return ("article-newspaper", "NEWS"),
            _ => {}
        }
    }
    // RIS says "edited book" by its creators: editors and no author.
    if matches!(ris, "BOOK" | "EDBOOK") {
        let edited = src.persons("author").is_empty() && !src.persons("editor").is_empty();
        return (csl, if edited { "EDBOOK" } else { "BOOK" });
    }
    (csl, ris)
}

/// `s` on one line: runs of whitespace (line breaks of a wrapped .bib value or essay line
/// included) collapsed to one space, none at either end.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field's plain text with runs of whitespace (line breaks of a wrapped .bib value
/// included) collapsed to one space; `None` when absent or blank.
fn text(src: &Source, names: &[&str]) -> Option<String> {
    let v = src.get_any(names)?;
    let collapsed = one_line(v);
    (!collapsed.is_empty()).then_some(collapsed)
}

/// Readable words for BibLaTeX's localisation keys in `type` (thesis and report kinds);
/// other values are kept as written.
fn genre(src: &Source) -> Option<String> {
    #[rustfmt::skip]
    const KEYS: &[(&str, &str)] = &[
        ("phdthesis",  "PhD thesis"),
        ("mathesis",   "Master's thesis"),
        ("candthesis", "Candidate thesis"),
        ("techreport", "Technical report"),
        ("resreport",  "Research report"),
        ("software",   "Computer software"),
        ("datacd",     "CD-ROM"),
        ("audiocd",    "Audio CD"),
    ];
    let ty = src.entry_type.to_ascii_lowercase();
    let given = text(src, &["type"]).or_else(|| match ty.as_str() {
        "phdthesis" | "mastersthesis" | "techreport" => Some(ty.replace("masters", "ma")),
        _ => None,
    })?;
    Some(
        KEYS.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&given))
            .map_or(given.clone(), |(_, w)| w.to_string()),
    )
}

/// The publishing body: `publisher`, else the institution of a thesis or report, else the
/// organisation of a manual or web page, else how a misc or unpublished work was published
/// ("Typescript"), as pandoc reads it.
fn publisher(src: &Source) -> Option<String> {
    const FIELDS: &[&str] = &[
        "publisher",
        "institution",
        "school",
        "organization",
        "howpublished",
    ];
    text(src, FIELDS)
}

/// The entry's language as a BCP 47 tag: `langid` (or `language`) holds a babel or polyglossia
/// name ("english", "ngerman"), which CSL and RIS readers do not know; a value that already
/// looks like a tag ("de-AT", "en") is kept, and an unknown name is kept as written.
fn language(src: &Source) -> Option<String> {
    #[rustfmt::skip]
    const BABEL: &[(&str, &str)] = &[
        ("english", "en-US"), ("american", "en-US"), ("usenglish", "en-US"),
        ("british", "en-GB"), ("ukenglish", "en-GB"), ("canadian", "en-CA"),
        ("australian", "en-AU"), ("newzealand", "en-NZ"),
        ("german", "de-DE"), ("ngerman", "de-DE"), ("austrian", "de-AT"),
        ("naustrian", "de-AT"), ("swissgerman", "de-CH"), ("nswissgerman", "de-CH"),
        ("french", "fr-FR"), ("italian", "it-IT"), ("spanish", "es-ES"),
        ("portuguese", "pt-PT"), ("brazil", "pt-BR"), ("brazilian", "pt-BR"),
        ("dutch", "nl-NL"), ("swedish", "sv-SE"), ("danish", "da-DK"),
        ("norsk", "nb-NO"), ("nynorsk", "nn-NO"), ("finnish", "fi-FI"),
        ("polish", "pl-PL"), ("czech", "cs-CZ"), ("russian", "ru-RU"),
        ("ukrainian", "uk-UA"), ("greek", "el-GR"), ("latin", "la"),
        ("korean", "ko-KR"), ("japanese", "ja-JP"), ("chinese", "zh-CN"),
        ("turkish", "tr-TR"), ("hungarian", "hu-HU"), ("catalan", "ca-AD"),
    ];
    let v = text(src, &["langid", "language"])?;
    let lower = v.to_ascii_lowercase();
    if let Some((_, tag)) = BABEL.iter().find(|(name, _)| *name == lower) {
        return Some(tag.to_string());
    }
    Some(v)
}

/// True unless the entry says it is in a language other than English (CSL data keeps
/// English titles in sentence case; other languages keep their own capitalisation).
fn is_english(src: &Source) -> bool {
    language(src).is_none_or(|l| {
        let l = l.to_ascii_lowercase();
        l == "en" || l.starts_with("en-")
    })
}

/// A DOI without the resolver or scheme some .bib files write before it.
fn bare_doi(d: &str) -> &str {
    const PREFIXES: &[&str] = &[
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ];
    PREFIXES
        .iter()
        .find_map(|p| {
            d.get(..p.len())
                .filter(|h| h.eq_ignore_ascii_case(p))
                .map(|_| d[p.len()..].trim())
        })
        .unwrap_or(d)
}

/// The title with its subtitle and title addition, as one string: "Title: Subtitle. Addon".
/// A title ending in its own punctuation ("Why?") takes the subtitle after a space.
fn joined_title(parts: [Option<String>; 3]) -> Option<String> {
    let [main, sub, addon] = parts;
    let mut s = main?;
    for (part, sep) in [(sub, ": "), (addon, ". ")] {
        if let Some(p) = part {
            // CSL titles may end in markup; the punctuation that counts is the visible one.
            if s.trim_end_matches("</span>")
                .ends_with(['?', '!', ':', '.'])
            {
                s.push(' ');
            } else {
                s.push_str(sep);
            }
            s.push_str(&p);
        }
    }
    Some(s)
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests {
    use super::testing::{Fields, source};
    use super::*;

    #[test]
    fn entry_types_follow_the_table_and_its_exceptions() {
        #[rustfmt::skip]
        let cases: &[(&str, Fields, &str, &str)] = &[
            ("book",         &[("author", "Finley, James P.")],            "book",              "BOOK"),
            ("book",         &[("editor", "Kwan, Tae-hwan")],              "book",              "EDBOOK"),
            ("collection",   &[("editor", "Curtis, Gerald L.")],           "book",              "EDBOOK"),
            ("collection",   &[("author", "Finley, James P.")],            "book",              "BOOK"),
            ("Article",      &[],                                          "article-journal",   "JOUR"),
            ("article",      &[("entrysubtype", "magazine")],              "article-magazine",  "MGZN"),
            ("article",      &[("entrysubtype", "Newspaper")],             "article-newspaper", "NEWS"),
            ("incollection", &[],                                          "chapter",           "CHAP"),
            ("phdthesis",    &[],                                          "thesis",            "THES"),
            ("online",       &[],                                          "webpage",           "ELEC"),
            ("misc",         &[],                                          "document",          "GEN"),
            ("customa",      &[],                                          "document",          "GEN"),
        ];
        for (ty, fields, csl, ris) in cases {
            let s = source("k", ty, fields);
            assert_eq!(entry_types(&s), (*csl, *ris), "{ty} {fields:?}");
        }
    }

    #[test]
    fn genres_read_localisation_keys() {
        #[rustfmt::skip]
        let cases: &[(&str, Fields, Option<&str>)] = &[
            ("thesis",        &[("type", "phdthesis")],       Some("PhD thesis")),
            ("thesis",        &[("type", "Habilitation")],    Some("Habilitation")),
            ("phdthesis",     &[],                            Some("PhD thesis")),
            ("mastersthesis", &[],                            Some("Master's thesis")),
            ("techreport",    &[],                            Some("Technical report")),
            ("report",        &[],                            None),
        ];
        for (ty, fields, want) in cases {
            assert_eq!(genre(&source("k", ty, fields)).as_deref(), *want, "{ty}");
        }
    }

    #[test]
    fn titles_join_their_parts() {
        let s = |v: &str| Some(v.to_string());
        #[rustfmt::skip]
        let cases: &[([Option<String>; 3], Option<&str>)] = &[
            ([s("Title"), None, None],               Some("Title")),
            ([s("Title"), s("Sub"), None],           Some("Title: Sub")),
            ([s("Title"), s("Sub"), s("Addon")],     Some("Title: Sub. Addon")),
            ([s("Why?"), s("Sub"), None],            Some("Why? Sub")),
            ([None, s("Sub"), None],                 None),
        ];
        for (parts, want) in cases {
            assert_eq!(joined_title(parts.clone()).as_deref(), *want, "{parts:?}");
        }
    }
}
