//! Our `Source` -> a hayagriva `Entry`, built field by field with hayagriva's own API.
//!
//! This file owns the mapping of BibLaTeX entry types and fields onto hayagriva's data model.
//! It does not parse BibLaTeX (the `bib` module did, into `Source`) and does not format
//! anything (CSL does that in `bibliography.rs`).
//!
//! Why not hayagriva's BibLaTeX interop: it drops `subtitle` (the essay's readings all have
//! one), would make this module name `biblatex::` (only `bib/` may), and would re-parse text
//! the `bib` module has already decoded. Building entries directly keeps what `bib` read:
//! corporate names stay whole (a `Person` with no given name is what CSL calls institutional),
//! and words the user brace-protected (`{ROK-US}`) stay verbatim under case-changing styles.

use std::str::FromStr;

use hayagriva::Entry;
use hayagriva::types::{
    ChunkKind, ChunkedString, Date, EntryType, FormatString, MaybeTyped, Numeric,
    Person as HPerson, PersonRole, PersonsWithRoles, Publisher, QualifiedUrl,
};

use super::Style;
use crate::model::{Person, Source};

/// How a BibLaTeX type is shaped in hayagriva: the item's type, and the type of the work it is
/// part of (the container that carries `booktitle`/`journaltitle`), if any.
struct Shape {
    item: EntryType,
    container: Option<EntryType>,
}

/// The shape of a BibLaTeX (or BibTeX) entry type. The pairs follow hayagriva's own interop
/// table so that styles see the same types whichever way an entry arrives.
fn shape(entry_type: &str) -> Shape {
    let (item, container) = match entry_type {
        "article" => (EntryType::Article, Some(EntryType::Periodical)),
        // An edited volume is a book with editors in CSL; hayagriva's `Anthology` is CSL's
        // `collection`, an archival collection ("[Archival collection]" in APA).
        "book" | "mvbook" | "collection" | "mvcollection" => (EntryType::Book, None),
        "inbook" | "bookinbook" => (EntryType::Chapter, Some(EntryType::Book)),
        "incollection" => (EntryType::Chapter, Some(EntryType::Book)),
        "inproceedings" | "conference" => (EntryType::Article, Some(EntryType::Proceedings)),
        "proceedings" | "mvproceedings" => (EntryType::Proceedings, None),
        "thesis" | "phdthesis" | "mastersthesis" => (EntryType::Thesis, None),
        "report" | "techreport" => (EntryType::Report, None),
        "online" | "www" | "electronic" => (EntryType::Web, None),
        "unpublished" => (EntryType::Manuscript, None),
        "manual" | "reference" | "mvreference" => (EntryType::Reference, None),
        "inreference" => (EntryType::Entry, Some(EntryType::Reference)),
        "periodical" => (EntryType::Periodical, None),
        "patent" => (EntryType::Patent, None),
        "dataset" => (EntryType::Repository, None),
        _ => (EntryType::Misc, None),
    };
    Shape { item, container }
}

/// The hayagriva entry for `source`, keyed by its citation key, for formatting in `style`.
pub(super) fn entry(source: &Source, style: &Style) -> Entry {
    let shape = shape(&source.entry_type);
    let mut item = Entry::new(&source.key, shape.item);
    let mut container = shape.container.map(|kind| Entry::new(&source.key, kind));

    if let Some(title) = full_title(source) {
        // APA 7 (6.17) sets the titles of works in sentence case; CSL leaves that to the data,
        // and BibLaTeX data is in title case with proper nouns brace-protected.
        let title = if *style == Style::Apa {
            sentence_case(&title)
        } else {
            title
        };
        let mut title = FormatString {
            value: title,
            short: None,
        };
        if let Some(short) = text(source, "shorttitle") {
            title.short = Some(Box::new(short));
        }
        item.set_title(title);
    }
    let authors = persons(source, "author");
    if !authors.is_empty() {
        item.set_authors(authors);
    }
    // In BibLaTeX the editor of an @incollection edited the book; CSL finds editors on the
    // item or its container alike, but the container is where a chapter's editors belong.
    let editors = persons(source, "editor");
    if !editors.is_empty() {
        match container.as_mut() {
            Some(c) if shape.item != EntryType::Article => c.set_editors(editors),
            _ => item.set_editors(editors),
        }
    }
    let mut affiliated = Vec::new();
    for (field, role) in [
        ("translator", PersonRole::Translator),
        ("annotator", PersonRole::Annotator),
        ("commentator", PersonRole::Commentator),
        ("foreword", PersonRole::Foreword),
        ("afterword", PersonRole::Afterword),
        ("introduction", PersonRole::Introduction),
    ] {
        let names = persons(source, field);
        if !names.is_empty() {
            affiliated.push(PersonsWithRoles::new(names, role));
        }
    }
    if !affiliated.is_empty() {
        item.set_affiliated(affiliated);
    }
    if let Some(date) = date(source) {
        item.set_date(date);
    }

    // A thesis's or report's institution is its publisher in CSL's terms ("PhD diss., Yale").
    let publisher_name = match shape.item {
        EntryType::Thesis | EntryType::Report => {
            text_any(source, &["publisher", "institution", "school"])
        }
        _ => text(source, "publisher"),
    };
    let place = text_any(source, &["location", "address"]);
    if publisher_name.is_some() || place.is_some() {
        let publisher = Publisher::new(publisher_name.map(format_string), place.map(format_string));
        match container.as_mut() {
            Some(c) if shape.item != EntryType::Article => c.set_publisher(publisher),
            _ => item.set_publisher(publisher),
        }
    }
    if let Some(c) = container.as_mut()
        && let Some(title) = text_any(source, &["booktitle", "journaltitle", "journal"])
    {
        c.set_title(format_string(title));
    }
    if let Some(c) = container.as_mut()
        && let Some(authors) = Some(persons(source, "bookauthor")).filter(|p| !p.is_empty())
    {
        c.set_authors(authors);
    }

    set_numbers(source, &mut item, container.as_mut(), shape.item);

    if let Some(org) = text(source, "organization") {
        item.set_organization(format_string(org));
    }
    if let Some(genre) = text(source, "type").or_else(|| default_genre(&source.entry_type, style)) {
        item.set_genre(format_string(genre));
    }
    let mut note = text_any(source, &["note", "howpublished"]);
    if style.annotation_as_note()
        && let Some(a) = source.annotation()
    {
        let a = ChunkedString::from(a.split_whitespace().collect::<Vec<_>>().join(" "));
        note = Some(match note {
            Some(mut n) => {
                n.push_str(". ", ChunkKind::Normal);
                n.extend(a);
                n
            }
            None => a,
        });
    }
    if let Some(note) = note {
        item.set_note(format_string(note));
    }
    if let Some(doi) = source.get("doi") {
        item.set_doi(doi.to_string());
    }
    if let Some(isbn) = source.get("isbn") {
        item.set_isbn(isbn.to_string());
    }
    if let Some(issn) = source.get("issn") {
        item.set_issn(issn.to_string());
    }
    if let Some(url) = source
        .get("url")
        .and_then(|u| QualifiedUrl::from_str(u).ok())
    {
        let visited = source.get("urldate").and_then(|d| Date::from_str(d).ok());
        item.set_url(QualifiedUrl {
            value: url.value,
            visit_date: visited,
        });
    }
    if let Some(series) = text(source, "series") {
        // hayagriva reads a series as a parent of the item's own type carrying its title.
        let mut s = Entry::new(&source.key, shape.item);
        s.set_title(format_string(series));
        if let Some(n) = source.get("number").filter(|_| shape.container.is_none()) {
            s.set_issue(MaybeTyped::from_str(n).unwrap_or_else(|e| match e {}));
        }
        match container.as_mut() {
            Some(c) => c.set_parents(vec![s]),
            None => item.set_parents(vec![s]),
        }
    }
    if let Some(c) = container {
        let mut parents = item.parents().to_vec();
        parents.insert(0, c);
        item.set_parents(parents);
    }
    item
}

/// Volume, number, pages, edition, chapter: on the item or its container as CSL expects.
fn set_numbers(source: &Source, item: &mut Entry, container: Option<&mut Entry>, kind: EntryType) {
    let numeric = |name: &str| -> Option<MaybeTyped<Numeric>> {
        source
            .get(name)
            .map(|v| MaybeTyped::from_str(v).unwrap_or_else(|e| match e {}))
    };
    let volume = numeric("volume");
    let number = numeric("number").or_else(|| numeric("issue"));
    match (kind, container) {
        // A journal article: volume and number belong to the periodical's issue.
        (EntryType::Article, Some(c)) => {
            if let Some(v) = volume {
                c.set_volume(v);
            }
            if let Some(n) = number {
                c.set_issue(n);
            }
        }
        (_, _) => {
            if let Some(v) = volume {
                item.set_volume(v);
            }
            match kind {
                EntryType::Report | EntryType::Patent | EntryType::Reference => {
                    if let Some(n) = source.get("number") {
                        item.set_keyed_serial_number("serial", n.to_string());
                    }
                }
                // With a series, `number` is the series number (set with the series).
                _ if source.get("series").is_some() => {}
                _ => {
                    if let Some(n) = number {
                        item.set_issue(n);
                    }
                }
            }
        }
    }
    if let Some(pages) = source.get("pages") {
        item.set_page_range(MaybeTyped::from_str(pages).unwrap_or_else(|e| match e {}));
    }
    if let Some(total) = source
        .get("pagetotal")
        .and_then(|t| Numeric::from_str(t).ok())
    {
        item.set_page_total(total);
    }
    if let Some(edition) = numeric("edition") {
        item.set_edition(edition);
    }
    if let Some(chapter) = numeric("chapter") {
        item.set_chapter(chapter);
    }
}

/// The `type` BibLaTeX implies for its thesis and report aliases (manual §2.1.2), in the
/// words of each style's manual: "PhD diss." (CMOS 14.224), "Doctoral dissertation" (APA
/// 10.6), "PhD dissertation" (MLA 9 5.85). CSL leaves this word to the data.
fn default_genre(entry_type: &str, style: &Style) -> Option<ChunkedString> {
    let genre = match (entry_type, style) {
        ("phdthesis", Style::Apa) => "Doctoral dissertation",
        ("phdthesis", Style::Mla) => "PhD dissertation",
        ("phdthesis", _) => "PhD diss.",
        ("mastersthesis", Style::Apa) => "Master's thesis",
        ("mastersthesis", Style::Mla) => "MA thesis",
        ("mastersthesis", _) => "Master's thesis",
        ("techreport", _) => "Technical report",
        _ => return None,
    };
    Some(genre.to_string().into())
}

/// The date: `date` if hayagriva can read it, else the year of `date`/`year` with `month`.
fn date(source: &Source) -> Option<Date> {
    if let Some(d) = source
        .get("date")
        .and_then(|d| Date::from_str(d.trim()).ok())
    {
        return Some(d);
    }
    let mut date = Date::from_year(source.year()?);
    date.month = source.get("month").and_then(month_index);
    Some(date)
}

/// 0-based month of a BibTeX `month` value: `5`, `05`, `May`, `may`.
fn month_index(m: &str) -> Option<u8> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = m.trim();
    if let Ok(n) = m.parse::<u8>() {
        return (1..=12).contains(&n).then(|| n - 1);
    }
    let prefix = m.get(..3)?.to_ascii_lowercase();
    NAMES.iter().position(|n| *n == prefix).map(|i| i as u8)
}

/// `title`, then `subtitle` after a colon (no colon after a title ending in `?` or `!`, as
/// Chicago 8.166 has it), each with its brace-protected words kept verbatim.
fn full_title(source: &Source) -> Option<ChunkedString> {
    let mut title = text(source, "title")?;
    if let Some(sub) = text(source, "subtitle").filter(|s| !s.is_empty()) {
        let ends_in_mark = title.to_str().trim_end().ends_with(['?', '!']);
        title.push_str(if ends_in_mark { " " } else { ": " }, ChunkKind::Normal);
        title.extend(sub);
    }
    Some(title)
}

/// A title-case title in sentence case, as APA and biblatex-apa set it: the first word of the
/// title and of its subtitle (after `:`, `?`, `!`, `.`) keep their capital; a word that is
/// only capitalised (`Alliance`) is lowercased. Brace-protected words, words with more than
/// one capital (`ROK-US`, `McCarthy`), and words joined by a hyphen to a protected one
/// (`{US}-South`) are kept: lowercasing a proper noun is worse than leaving one capital.
pub(super) fn sentence_case(title: &ChunkedString) -> ChunkedString {
    let mut out = ChunkedString::new();
    let mut sentence_start = true;
    // Whether the text so far ends inside a word that began in a protected chunk.
    let mut in_protected_word = false;
    for chunk in &title.0 {
        if chunk.kind != ChunkKind::Normal {
            out.push_str(&chunk.value, chunk.kind);
            if let Some(last) = chunk.value.chars().last() {
                sentence_start = matches!(last, ':' | '?' | '!' | '.');
                in_protected_word = !last.is_whitespace();
            }
            continue;
        }
        let mut word = String::new();
        for c in chunk.value.chars() {
            if c.is_whitespace() {
                sentence_word(&mut out, &mut word, &mut sentence_start, in_protected_word);
                in_protected_word = false;
                out.push_char(c, ChunkKind::Normal);
            } else {
                word.push(c);
            }
        }
        sentence_word(&mut out, &mut word, &mut sentence_start, in_protected_word);
        in_protected_word = false;
    }
    out
}

/// One word of [`sentence_case`]: written kept or lowercased; `glued` when it continues a
/// protected word (no space between).
fn sentence_word(
    out: &mut ChunkedString,
    word: &mut String,
    sentence_start: &mut bool,
    glued: bool,
) {
    if word.is_empty() {
        return;
    }
    let capitals = word.chars().filter(|c| c.is_uppercase()).count();
    let first_is_capital = word
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    if *sentence_start || glued || capitals != 1 || !first_is_capital {
        out.push_str(word, ChunkKind::Normal);
    } else {
        out.push_str(&word.to_lowercase(), ChunkKind::Normal);
    }
    *sentence_start = word.ends_with([':', '?', '!', '.']);
    word.clear();
}

fn format_string(value: ChunkedString) -> FormatString {
    FormatString { value, short: None }
}

fn text_any(source: &Source, names: &[&str]) -> Option<ChunkedString> {
    names.iter().find_map(|n| text(source, n))
}

/// A field's plain text as chunks: the spans the user brace-protected in the raw text are
/// verbatim (no case change), the rest normal.
fn text(source: &Source, name: &str) -> Option<ChunkedString> {
    let field = source.field(name)?;
    let value = field.value.as_str();
    let mut out = ChunkedString::new();
    let mut at = 0;
    for protected in protected_words(&field.raw) {
        if let Some(found) = value[at..].find(&protected) {
            let start = at + found;
            out.push_str(&value[at..start], ChunkKind::Normal);
            out.push_str(&protected, ChunkKind::Verbatim);
            at = start + protected.len();
        }
    }
    out.push_str(&value[at..], ChunkKind::Normal);
    Some(out)
}

/// The texts of the brace groups directly inside a field's delimiters, in order:
/// `{The {ROK-US} Alliance}` -> `["ROK-US"]`. Groups holding a command (`{\"o}`) are accents
/// or markup, not protection, and are skipped; so is a value built with `#` or macros, whose
/// raw text does not line up with its plain text.
fn protected_words(raw: &str) -> Vec<String> {
    let raw = raw.trim();
    let inner = match (raw.chars().next(), raw.chars().last()) {
        (Some('{'), Some('}')) | (Some('"'), Some('"')) if raw.len() >= 2 => &raw[1..raw.len() - 1],
        _ => return Vec::new(),
    };
    let mut words = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    let mut has_command = false;
    let mut prev = '\0';
    for c in inner.chars() {
        match c {
            '{' if prev != '\\' => {
                if depth > 0 {
                    current.push(c);
                }
                depth += 1;
            }
            '}' if prev != '\\' && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let word = std::mem::take(&mut current).replace(['{', '}'], "");
                    if !has_command && !word.trim().is_empty() {
                        words.push(dashes(&word));
                    }
                    has_command = false;
                } else {
                    current.push(c);
                }
            }
            '\\' if depth > 0 => {
                has_command = true;
                current.push(c);
            }
            _ if depth > 0 => current.push(c),
            _ => {}
        }
        prev = c;
    }
    words
}

/// TeX's dash ligatures as the plain text has them.
fn dashes(s: &str) -> String {
    s.replace("---", "—").replace("--", "–")
}

/// The persons of a role as hayagriva names. A corporate body is one family name with nothing
/// else, which CSL treats as an institution: never inverted, abbreviated or split.
fn persons(source: &Source, role: &str) -> Vec<HPerson> {
    source.persons(role).iter().map(person).collect()
}

fn person(p: &Person) -> HPerson {
    let some = |s: &str| (!s.is_empty() && !p.corporate).then(|| s.to_string());
    HPerson {
        name: p.family.clone(),
        given_name: some(&p.given),
        prefix: some(&p.prefix),
        suffix: some(&p.suffix),
        comma_suffix: false,
        alias: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_words_are_the_inner_brace_groups() {
        let cases: &[(&str, &[&str])] = &[
            ("{The History of the {ROK-US} Alliance}", &["ROK-US"]),
            (
                "{The {US} Military Experience in {Korea}, 1871-1982}",
                &["US", "Korea"],
            ),
            ("\"A {DNA} study\"", &["DNA"]),
            ("{Schr{\\\"o}dinger's Cat}", &[]),
            (
                "{{Institute of Military History}}",
                &["Institute of Military History"],
            ),
            ("{Dates {1953--2013}}", &["1953–2013"]),
            ("{{A {B} C}}", &["A B C"]),
            ("jan # {~1}", &[]),
            ("1983", &[]),
        ];
        for (raw, want) in cases {
            assert_eq!(protected_words(raw), *want, "{raw}");
        }
    }

    #[test]
    fn month_names_and_numbers() {
        let cases = [
            ("5", Some(4)),
            ("05", Some(4)),
            ("May", Some(4)),
            ("dec", Some(11)),
            ("13", None),
            ("x", None),
        ];
        for (m, want) in cases {
            assert_eq!(month_index(m), want, "{m}");
        }
    }
}
