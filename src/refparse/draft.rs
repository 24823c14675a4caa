//! A labelled reference string into a BibLaTeX entry: creators by role, date, title and
//! subtitle, container, volume, number, pages, edition, publisher, location, DOI, URL, ISBN;
//! the entry type guessed from what is there (and why); the key by the documented scheme
//! ([`crate::records::scheme_key`]); and the fields the model or the mapping is unsure of.
//!
//! Values keep the list's own spelling: only the punctuation that separates fields in the
//! string ("Press," "(2009)." "pp.") and role words are taken off, so `check` can still point
//! at what the list got wrong.

use std::fmt::Write as _;

use super::names::{Names, read_names};
use super::{Labelled, Segment, label};
use crate::model::Person;

/// One drafted entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// The key (made unique within a file by [`write_drafts`]'s caller: see [`unique_keys`]).
    pub key: String,
    /// The BibLaTeX entry type.
    pub entry_type: String,
    /// Why this type.
    pub type_reason: String,
    /// Fields other than name lists, in writing order: (name, plain-text value).
    pub fields: Vec<(String, String)>,
    /// Name lists by role (`author`, `editor`, `translator`), with "and others".
    pub persons: Vec<(String, Vec<Person>, bool)>,
    /// Fields the draft is unsure of, each with why.
    pub unsure: Vec<(String, String)>,
    /// The reference as written.
    pub text: String,
}

impl Draft {
    /// A field's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The persons of a role.
    pub fn persons(&self, role: &str) -> &[Person] {
        self.persons
            .iter()
            .find(|(r, _, _)| r == role)
            .map_or(&[], |(_, p, _)| p.as_slice())
    }

    fn set(&mut self, name: &str, value: String) {
        let value = value.trim().to_string();
        if value.is_empty() {
            return;
        }
        match self.fields.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) if name == "note" => {
                v.push_str("; ");
                v.push_str(&value);
            }
            Some(_) => {}
            None => self.fields.push((name.to_string(), value)),
        }
    }

    fn doubt(&mut self, field: &str, why: String) {
        if !self.unsure.iter().any(|(f, _)| f == field) {
            self.unsure.push((field.to_string(), why));
        }
    }
}

/// Drafts an entry from a reference string, with the shipped model.
pub fn draft(text: &str) -> Draft {
    let text = text.trim();
    let labelled = label(text);
    from_labelled(&labelled, super::model().threshold)
}

/// The segments' label -> the fields they feed.
fn fed(label: &str) -> &'static [&'static str] {
    match label {
        "author" => &["author"],
        "editor" => &["editor"],
        "translator" => &["translator"],
        "date" => &["date"],
        "title" => &["title", "subtitle"],
        "journal" => &["journaltitle"],
        "container-title" => &["booktitle", "journaltitle"],
        "collection-title" => &["series"],
        "volume" => &["volume", "number"],
        "pages" => &["pages"],
        "publisher" => &["publisher", "institution"],
        "location" => &["location"],
        "edition" => &["edition"],
        "genre" => &["type"],
        "url" => &["url"],
        "doi" => &["doi"],
        "isbn" => &["isbn"],
        "note" => &["note"],
        _ => &[],
    }
}

/// Drafts an entry from a labelled string; a segment whose margin is under `threshold` makes
/// its fields unsure.
pub fn from_labelled(l: &Labelled, threshold: f32) -> Draft {
    let segments = l.segments();
    let mut d = Draft {
        text: l.text.to_string(),
        ..Default::default()
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut roles: Vec<(String, Names)> = Vec::new();
    let mut container: Option<String> = None;
    let mut journal = false;
    let mut title_raw: Option<String> = None;
    // Words a names segment ran on with past its role word ("Kwan, Tae-hwan, ed. US Korean"),
    // given back to the title after it.
    let mut carry: Option<&str> = None;
    let mut previous: Option<&Segment> = None;
    for seg in &segments {
        let before = previous.replace(seg);
        let repeated =
            seen.contains(&seg.label) && !matches!(seg.label, "note" | "citation-number");
        seen.push(seg.label);
        if seg.margin < threshold {
            for f in fed(seg.label) {
                d.doubt(
                    f,
                    format!(
                        "the model hesitates over '{}' (margin {:.1})",
                        short(seg.text),
                        seg.margin
                    ),
                );
            }
        }
        if repeated {
            for f in fed(seg.label) {
                d.doubt(
                    f,
                    format!(
                        "a second {} segment '{}' left out",
                        seg.label,
                        short(seg.text)
                    ),
                );
            }
            if seg.label != "url" && seg.label != "note" {
                continue;
            }
        }
        match seg.label {
            "author" | "editor" | "translator" => {
                let (names_text, rest) = split_after_role(seg.text);
                if let Some(r) = rest {
                    carry = Some(r);
                    d.doubt(
                        "title",
                        format!(
                            "'{}' read after the role word, as the title's start",
                            short(r)
                        ),
                    );
                }
                let names = read_names(names_text);
                let role = match (seg.label, names.role) {
                    (_, Some(r)) => r,
                    ("editor", None) => "editor",
                    ("translator", None) => "translator",
                    _ => "author",
                };
                if names.persons.is_empty() {
                    continue;
                }
                if let Some(why) = &names.doubt {
                    d.doubt(role, why.clone());
                }
                // "Dryzek, J. S., Honig, B., & Phillips, A. (Eds.)." read as authors then an
                // editor: one list of editors.
                if role == "editor"
                    && names.role.is_some()
                    && let Some(prev) = before
                    && prev.label == "author"
                    && prev.text.trim_end().ends_with([',', '&', ';'])
                    && let Some(pos) = roles.iter().position(|(r, _)| r == "author")
                {
                    let (_, authors) = roles.remove(pos);
                    let mut merged = authors;
                    merged.persons.extend(names.persons);
                    merged.others |= names.others;
                    merged.role = Some("editor");
                    if let Some((_, n)) = roles.iter_mut().find(|(r, _)| r == "editor") {
                        n.persons.extend(merged.persons);
                    } else {
                        roles.push(("editor".to_string(), merged));
                    }
                    continue;
                }
                if let Some((_, n)) = roles.iter_mut().find(|(r, _)| r == role) {
                    n.persons.extend(names.persons);
                    n.others |= names.others;
                } else {
                    roles.push((role.to_string(), names));
                }
            }
            "date" => date(&mut d, seg),
            "title" => {
                let raw = match carry.take() {
                    Some(c) => format!("{c} {}", seg.text),
                    None => seg.text.to_string(),
                };
                let t = clean_title(&raw);
                title_raw = Some(raw);
                match split_subtitle(&t) {
                    Some((main, sub)) => {
                        d.set("title", main.to_string());
                        d.set("subtitle", sub.to_string());
                    }
                    None => d.set("title", t),
                }
            }
            "journal" => {
                journal = true;
                container = Some(clean_container(seg.text));
            }
            "container-title" => container = Some(clean_container(seg.text)),
            "collection-title" => d.set("series", clean(seg.text)),
            "volume" => volume(&mut d, seg.text),
            "pages" => pages(&mut d, seg.text),
            "publisher" => {
                let p = clean(seg.text);
                // "Seoul: Seoul Press" in one segment.
                if !seen.contains(&"location")
                    && let Some((place, publisher)) = p.split_once(": ")
                    && place.split_whitespace().count() <= 3
                    && !publisher.is_empty()
                {
                    d.set("location", place.to_string());
                    d.set("publisher", publisher.to_string());
                } else {
                    d.set("publisher", p);
                }
            }
            "location" => {
                let p = clean(seg.text);
                match p.split_once(": ") {
                    Some((place, publisher))
                        if !seen.contains(&"publisher") && !publisher.is_empty() =>
                    {
                        d.set("location", place.to_string());
                        d.set("publisher", publisher.to_string());
                    }
                    _ => d.set("location", p),
                }
            }
            "edition" => d.set("edition", edition(seg.text)),
            "genre" => d.set(
                "type",
                clean(seg.text)
                    .trim_matches(['[', ']', '(', ')'])
                    .to_string(),
            ),
            "url" => url(&mut d, seg.text),
            "doi" => d.set("doi", doi(seg.text)),
            "isbn" => d.set("isbn", isbn(seg.text)),
            "note" => d.set("note", clean(seg.text)),
            _ => {}
        }
    }
    // A body standing before a quoted title, read as part of it: "Disability Social History
    // Project. “The 504 Protests ...”", "Office of the Inspector General, “Review of ...”".
    if roles.is_empty()
        && let Some(raw) = title_raw.as_deref()
        && let Some((names, title)) = creator_before_quote(raw)
    {
        d.fields.retain(|(n, _)| n != "title" && n != "subtitle");
        match split_subtitle(&title) {
            Some((main, sub)) => {
                d.set("title", main.to_string());
                d.set("subtitle", sub.to_string());
            }
            None => d.set("title", title.clone()),
        }
        d.doubt(
            "author",
            "read from the title's segment, before its quotation mark".to_string(),
        );
        roles.push(("author".to_string(), names));
    }
    if d.get("date").is_none()
        && let Some(y) = any_year(&segments)
    {
        d.set("date", y.clone());
        d.doubt("date", format!("the year {y} stands outside a date"));
    }
    // Vancouver and AMA glue year, volume, issue and pages into one token ("2011;109(7):07D508."):
    // the model labels it one field, the pattern splits it.
    if let Some((volume, number, pages)) = glued_numbers(l.text) {
        // The pattern says more than the labels: it replaces what they gave.
        d.fields.retain(|(n, _)| n != "volume" && n != "number");
        if let Some(v) = volume {
            d.set("volume", v);
        }
        if let Some(n) = number {
            d.set("number", n);
        }
        if let Some(p) = pages
            && d.get("pages").is_none_or(|old| old.contains(';'))
        {
            d.fields.retain(|(n, _)| n != "pages");
            d.set("pages", dashes(&p));
        }
    }
    // The entry type, then where the container goes.
    let has = |d: &Draft, f: &str| d.get(f).is_some();
    let has_author = roles.iter().any(|(r, _)| r == "author");
    let has_editor = roles.iter().any(|(r, _)| r == "editor");
    let genre = d.get("type").unwrap_or("").to_lowercase();
    let everything = l.text.to_lowercase();
    let lower_container = container.as_deref().unwrap_or("").to_lowercase();
    let (ty, why): (&str, String) = if let Some(w) = thesis_word(&genre)
        .or_else(|| thesis_word(&everything).filter(|_| !journal && container.is_none()))
    {
        ("thesis", format!("'{w}'"))
    } else if let Some(w) = [
        "technical report",
        "working paper",
        "report",
        "tech. rep",
        "white paper",
        "discussion paper",
    ]
    .iter()
    .find(|w| genre.contains(*w))
    {
        ("report", format!("the genre says '{w}'"))
    } else if let Some(w) = [
        "working paper",
        "technical report",
        "tech. rep.",
        "white paper",
    ]
    .iter()
    .find(|w| !journal && outside_title(&segments, w))
    {
        ("report", format!("'{w}' outside the title"))
    } else if let Some(w) = ["conference", "symposium", "workshop", "congress"]
        .iter()
        .find(|w| journal && lower_container.contains(*w))
    {
        // A proceedings volume the model read as a journal ("Proceedings of the 9th Audio
        // Mostly: A Conference on ..."); "Proceedings" alone is also a journal's name (PNAS).
        (
            "inproceedings",
            format!("the container, read as a journal, says '{w}'"),
        )
    } else if journal
        && has(&d, "url")
        && !has(&d, "volume")
        && !has(&d, "pages")
        && !has(&d, "number")
        && !has(&d, "doi")
    {
        (
            "online",
            "a site's name and a URL, no volume, pages or DOI".to_string(),
        )
    } else if journal {
        ("article", "a journal title".to_string())
    } else if container.is_some() {
        if let Some(w) = [
            "proceedings",
            "proc.",
            "conference",
            "symposium",
            "workshop",
            "congress",
        ]
        .iter()
        .find(|w| lower_container.contains(*w))
        {
            ("inproceedings", format!("the container says '{w}'"))
        } else if (has(&d, "volume") || has(&d, "pages"))
            && !has(&d, "publisher")
            && !has_editor
            && !lower_container.starts_with("in ")
            && !l.text.contains(" In ")
        {
            (
                "article",
                "a container with volume or pages and no publisher".to_string(),
            )
        } else {
            (
                "incollection",
                "a container title (a book the work is part of)".to_string(),
            )
        }
    } else if has_editor && !has_author {
        ("collection", "editors and no author".to_string())
    } else if has(&d, "publisher") || has(&d, "location") || has(&d, "isbn") || has(&d, "edition") {
        ("book", "a publisher or place and no container".to_string())
    } else if has(&d, "url") {
        ("online", "a URL and no publisher or container".to_string())
    } else {
        ("misc", "nothing that names a type".to_string())
    };
    d.entry_type = ty.to_string();
    d.type_reason = why;
    if matches!(ty, "misc" | "online")
        || (ty == "incollection" && !has_editor && !lower_container.starts_with("in"))
    {
        d.doubt("entrytype", format!("guessed from {}", d.type_reason));
    }
    if let Some(c) = container {
        let field = if ty == "article" {
            "journaltitle"
        } else {
            "booktitle"
        };
        d.set(field, c);
    }
    if matches!(ty, "thesis" | "report")
        && let Some(p) = d.get("publisher").map(str::to_string)
    {
        d.fields.retain(|(n, _)| n != "publisher");
        d.set("institution", p);
    }
    if ty == "thesis" {
        let kind = if genre.contains("master") || everything.contains("master") {
            "mathesis"
        } else {
            "phdthesis"
        };
        d.fields.retain(|(n, _)| n != "type");
        d.set("type", kind.to_string());
    }
    if ty == "thesis" && !has(&d, "institution") {
        d.doubt("institution", "a thesis without its university".to_string());
    }
    for (role, names) in roles {
        d.persons.push((role, names.persons, names.others));
    }
    if !has_author
        && !has_editor
        && d.get("title").is_some()
        && !d.persons.iter().any(|(r, _, _)| r == "translator")
    {
        // No creator: the list names none; a body standing first may have been read as the
        // title, which is said so the user looks.
        if d.get("title").is_some_and(|t| {
            super::names::read_names(t)
                .persons
                .first()
                .is_some_and(|p| p.corporate)
        }) {
            d.doubt(
                "author",
                "no author; the title reads like a body's name".to_string(),
            );
        }
    }
    let persons: Vec<(String, Vec<Person>)> = d
        .persons
        .iter()
        .map(|(r, p, _)| (r.clone(), p.clone()))
        .collect();
    let year = d
        .get("date")
        .and_then(|v| v.get(..4))
        .and_then(|y| y.parse().ok());
    d.key = crate::records::scheme_key(&persons, d.get("title"), year);
    // A hesitation is reported on the fields the segment gave, not on those it could have.
    let given: Vec<String> = d
        .fields
        .iter()
        .map(|(n, _)| n.clone())
        .chain(d.persons.iter().map(|(r, _, _)| r.clone()))
        .collect();
    d.unsure.retain(|(f, why)| {
        given.contains(f)
            || !(why.starts_with("the model hesitates") || why.starts_with("a second"))
    });
    d.fields.sort_by_key(|(n, _)| order(n));
    d
}

/// Writing order of fields.
fn order(name: &str) -> usize {
    const ORDER: &[&str] = &[
        "title",
        "subtitle",
        "journaltitle",
        "booktitle",
        "series",
        "edition",
        "volume",
        "number",
        "pages",
        "type",
        "institution",
        "location",
        "publisher",
        "date",
        "doi",
        "isbn",
        "url",
        "urldate",
        "note",
    ];
    ORDER.iter().position(|o| *o == name).unwrap_or(ORDER.len())
}

fn short(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(37).collect();
        t.push_str("...");
        t
    }
}

/// True when `word` (lowercase) is in a segment other than the title.
fn outside_title(segments: &[Segment], word: &str) -> bool {
    segments
        .iter()
        .any(|s| s.label != "title" && s.text.to_lowercase().contains(word))
}

/// A thesis word in `s`, if any.
fn thesis_word(s: &str) -> Option<&'static str> {
    [
        "phd thesis",
        "ph.d. thesis",
        "doctoral dissertation",
        "dissertation",
        "master's thesis",
        "masters thesis",
        "ph. d. thesis",
        "thesis",
        "thèse",
        "doctoral thesis",
        "[masters",
        "[master's",
        "[doctoral",
        "[phd",
    ]
    .into_iter()
    .find(|w| s.contains(w))
}

/// The punctuation that separates fields in a string, off both ends.
fn clean(s: &str) -> String {
    let s = s.trim();
    let s = s.trim_start_matches([',', ';', ':', '.', ' ']);
    let mut s = s.trim_end_matches([',', ';', ':', ' ']).to_string();
    // A closing full stop, but not an abbreviation's ("Co.", "Inc.", "U.S.").
    if s.ends_with('.') {
        let last = s[..s.len() - 1].rsplit([' ', '.']).next().unwrap_or("");
        let abbreviation = last.chars().count() <= 2
            || matches!(last, "Inc" | "Ltd" | "Co" | "Corp" | "Bros" | "Jr" | "al");
        if !abbreviation {
            s.pop();
        }
    }
    // Balanced outer parentheses or brackets: "(2nd ed.)", "[PhD thesis]".
    for (o, c) in [('(', ')'), ('[', ']')] {
        if s.starts_with(o) && s.ends_with(c) && s.matches(o).count() == 1 {
            s = s[1..s.len() - 1].trim().to_string();
        }
    }
    s
}

/// A title without its quotation marks and closing punctuation.
fn clean_title(s: &str) -> String {
    let mut t = s.trim().trim_end_matches([',', ';', ' ']).to_string();
    if t.ends_with('.') && !t.ends_with("..") {
        t.pop();
    }
    let opens = ['“', '"', '‘', '«', '„', '\''];
    let closes = ['”', '"', '’', '»', '“', '\''];
    if t.starts_with(opens) {
        let first = t.chars().next().map_or(0, char::len_utf8);
        t = t[first..].to_string();
        let u = t.trim_end_matches([',', '.', ' ']);
        if u.ends_with(closes) {
            let last = u.chars().last().map_or(0, char::len_utf8);
            t = u[..u.len() - last].to_string();
        }
    }
    let t = t.trim_end_matches([',', '.', ' ']).trim();
    // A bracketed medium at the end: "Title [Online]".
    let t = t
        .strip_suffix("[Online]")
        .or_else(|| t.strip_suffix("[online]"))
        .unwrap_or(t);
    t.trim().to_string()
}

/// "Main: Sub" (or "Main. Sub" only when the title was quoted whole); `None` when one part.
fn split_subtitle(t: &str) -> Option<(&str, &str)> {
    let i = t.find(": ")?;
    let (main, sub) = (t[..i].trim(), t[i + 2..].trim());
    (!main.is_empty() && !sub.is_empty() && main.chars().count() >= 3).then_some((main, sub))
}

/// A container title without "In", "In:" and closing punctuation.
fn clean_container(s: &str) -> String {
    let s = s.trim();
    let s = ["In: ", "In ", "in: ", "in "]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s);
    let c = clean_title(s);
    let mut c = c.trim_end_matches([',', ':', ';']).to_string();
    // An abbreviated name keeps its last abbreviation's period when its other words show the
    // habit ("J. Appl. Phys." stays; "Nano Lett" cannot be told from a sentence's end).
    let words: Vec<&str> = c.split_whitespace().collect();
    let abbreviated = words.len() >= 2
        && words[..words.len() - 1].iter().any(|w| w.ends_with('.'))
        && words.last().is_some_and(|w| w.chars().count() <= 6);
    if abbreviated && s.trim_end_matches([',', ':', ';', ' ']).ends_with('.') && !c.ends_with('.') {
        c.push('.');
    }
    c
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// A date segment: the year (with a month and day when they are there) as an ISO date.
fn date(d: &mut Draft, seg: &Segment) {
    let s = seg.text;
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let year = words.iter().find_map(|w| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_lowercase());
        (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
            .filter(|y| (1400..=2100).contains(y))
    });
    let Some(year) = year else {
        if !s.to_lowercase().contains("n.d") && !s.to_lowercase().contains("press") {
            d.doubt("date", format!("no year in '{}'", short(s)));
        }
        return;
    };
    let month = words.iter().find_map(|w| {
        let w = w.to_lowercase();
        MONTHS.iter().find(|(m, _)| *m == w).map(|(_, n)| *n)
    });
    let day = month.and_then(|_| {
        words
            .iter()
            .filter(|w| w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
            .find_map(|w| w.parse::<u32>().ok().filter(|n| (1..=31).contains(n)))
    });
    let iso = match (month, day) {
        (Some(m), Some(dd)) => format!("{year}-{m:02}-{dd:02}"),
        (Some(m), None) => format!("{year}-{m:02}"),
        _ => year.to_string(),
    };
    d.set("date", iso);
}

/// A volume segment: "61," "vol. 36, no. 9" "36(2)" "12(4):1990-5" "Vol. 9".
fn volume(d: &mut Draft, s: &str) {
    let s = clean(s);
    let lower = s.to_lowercase();
    let mut rest = lower.as_str();
    let mut volume = None;
    let mut number = None;
    // Leading label words.
    for p in ["volume", "vol.", "vol", "v.", "bd.", "t."] {
        if let Some(r) = rest.strip_prefix(p) {
            rest = r.trim_start();
            break;
        }
    }
    let take_num = |r: &str| -> (Option<String>, usize) {
        let end = r
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '–' | '/' | '.')))
            .map_or(r.len(), |(i, _)| i);
        let v = r[..end].trim_end_matches('.');
        ((!v.is_empty()).then(|| v.to_string()), end)
    };
    let (v, used) = take_num(rest);
    if v.as_deref().is_some_and(|v| {
        v.chars().any(|c| c.is_ascii_digit()) || v.chars().all(|c| "ivxlcdm".contains(c))
    }) {
        volume = v;
        rest = &rest[used..];
    }
    // "(2)" or ", no. 9" or "/2".
    let r = rest.trim_start_matches([' ', ',', ';']);
    if let Some(inner) = r.strip_prefix('(') {
        if let Some(close) = inner.find(')') {
            number = Some(inner[..close].trim().to_string());
            rest = &inner[close + 1..];
        }
    } else {
        for p in ["no.", "no", "nr.", "issue", "n.", "iss."] {
            if let Some(x) = r.strip_prefix(p) {
                let (n, used) = take_num(x.trim_start());
                if n.is_some() {
                    number = n;
                    let x = x.trim_start();
                    rest = &x[used..];
                }
                break;
            }
        }
    }
    // Pages glued on: ":1990-5".
    let tail = rest.trim_start_matches([' ', ',']);
    if let Some(p) = tail.strip_prefix(':')
        && d.get("pages").is_none()
    {
        let p = clean(p);
        if p.chars().any(|c| c.is_ascii_digit()) {
            d.set("pages", dashes(&p));
        }
    }
    // Map the lowercased pieces back to the original spelling by position.
    let orig = |v: &str| -> String {
        lower
            .find(v)
            .and_then(|i| s.get(i..i + v.len()))
            .unwrap_or(v)
            .to_string()
    };
    match volume {
        Some(v) => d.set("volume", orig(&v)),
        None if number.is_none() => {
            d.set("volume", s.clone());
            d.doubt(
                "volume",
                format!("'{}' is not a plain volume number", short(&s)),
            );
        }
        None => {}
    }
    if let Some(n) = number {
        d.set("number", orig(&n));
    }
}

/// A names segment cut after its role word when words follow it ("Kwan, Tae-hwan, ed. US
/// Korean" -> "Kwan, Tae-hwan, ed." and "US Korean"); the role word must follow names, so
/// "ed. Michael Renov" stays whole.
fn split_after_role(text: &str) -> (&str, Option<&str>) {
    for role in [", eds. ", ", ed. ", ", trans. ", ", comp. "] {
        if let Some(i) = text.find(role) {
            let cut = i + role.len() - 1;
            let rest = text[cut..].trim();
            if !rest.is_empty() && i > 0 {
                return (&text[..cut], Some(rest));
            }
        }
    }
    (text, None)
}

/// A creator written before a quoted title in the title's segment: the names and the title.
fn creator_before_quote(raw: &str) -> Option<(Names, String)> {
    let q = raw.find(['“', '"'])?;
    let prefix = raw[..q].trim();
    if prefix.is_empty() || !prefix.ends_with(['.', ',']) {
        return None;
    }
    let words = prefix.split_whitespace().count();
    if !(1..=8).contains(&words) {
        return None;
    }
    let names = read_names(prefix.trim_end_matches(['.', ',']));
    if names.persons.is_empty() {
        return None;
    }
    let title = clean_title(&raw[q..]);
    (!title.is_empty()).then_some((names, title))
}

/// A year in a segment other than a URL, DOI, title or container, for an item whose date the
/// model did not find ("2017;68:2004–16." read as a volume).
fn any_year(segments: &[Segment]) -> Option<String> {
    for seg in segments {
        if matches!(
            seg.label,
            "url" | "doi" | "title" | "journal" | "container-title" | "isbn"
        ) {
            continue;
        }
        for w in seg.text.split(|c: char| !c.is_ascii_digit()) {
            if w.len() == 4
                && let Ok(y) = w.parse::<u32>()
                && (1500..=2100).contains(&y)
            {
                return Some(w.to_string());
            }
        }
    }
    None
}

/// "YEAR[ Mon[ D]];VOL[(ISSUE)][:PAGES]" anywhere in `text`: volume, issue and pages.
fn glued_numbers(text: &str) -> Option<(Option<String>, Option<String>, Option<String>)> {
    for (i, _) in text.match_indices(';') {
        let before = &text[..i];
        let start = before.len().saturating_sub(16);
        let start = (start..before.len())
            .find(|&k| before.is_char_boundary(k))
            .unwrap_or(before.len());
        let window = &before[start..];
        let has_year = window
            .split(|c: char| !c.is_ascii_digit())
            .any(|w| w.len() == 4 && (w.starts_with("1") || w.starts_with("20")));
        if !has_year {
            continue;
        }
        let rest = text[i + 1..].trim_start();
        let vol_end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let volume = (vol_end > 0).then(|| rest[..vol_end].to_string());
        if volume
            .as_deref()
            .is_some_and(|v| !v.chars().any(|c| c.is_ascii_digit()))
            || (volume.is_none() && !rest.starts_with('('))
        {
            continue;
        }
        let mut after = &rest[vol_end..];
        let mut number = None;
        if let Some(inner) = after.strip_prefix('(')
            && let Some(close) = inner.find(')')
        {
            number = Some(inner[..close].trim().to_string());
            after = &inner[close + 1..];
        }
        let pages = after.strip_prefix(':').map(|p| {
            let end = p.find(char::is_whitespace).unwrap_or(p.len());
            p[..end].trim_end_matches(['.', ',', ';']).to_string()
        });
        return Some((volume, number, pages.filter(|p| !p.is_empty())));
    }
    None
}

/// A page range with BibLaTeX's double dash.
fn dashes(s: &str) -> String {
    let mut out = String::new();
    let mut prev_dash = false;
    for c in s.chars() {
        if matches!(c, '-' | '–' | '—' | '‒') {
            if !prev_dash {
                out.push_str("--");
            }
            prev_dash = true;
        } else {
            out.push(c);
            prev_dash = false;
        }
    }
    out
}

fn pages(d: &mut Draft, s: &str) {
    let s = clean(s);
    let lower = s.to_lowercase();
    let mut v = s.as_str();
    for p in ["pages", "pp.", "pp", "p.", "s.", "pgs."] {
        if lower.starts_with(p) {
            v = s[p.len()..].trim_start();
            break;
        }
    }
    let v = v.trim_end_matches(['.', ',']);
    // "12 pp." is a page count, not a range.
    if let Some(count) = v.strip_suffix(" pp").or_else(|| v.strip_suffix(" p")) {
        d.set("pagetotal", count.trim().to_string());
        return;
    }
    d.set("pages", dashes(v));
}

fn edition(s: &str) -> String {
    let c = clean(s);
    let lower = c.to_lowercase();
    let mut core = lower.as_str();
    for tail in [" edition", " edn", " ed.", " ed", " éd.", " aufl.", "."] {
        if let Some(x) = core.strip_suffix(tail) {
            core = x.trim();
        }
    }
    let ordinal = ["st", "nd", "rd", "th", "e", "er"]
        .iter()
        .find_map(|suf| core.strip_suffix(suf))
        .unwrap_or(core)
        .trim_end_matches('.');
    if !ordinal.is_empty() && ordinal.bytes().all(|b| b.is_ascii_digit()) {
        return ordinal.to_string();
    }
    for (w, n) in [
        ("first", 1),
        ("second", 2),
        ("third", 3),
        ("fourth", 4),
        ("fifth", 5),
        ("sixth", 6),
    ] {
        if core == w {
            return n.to_string();
        }
    }
    c.get(..core.len())
        .map_or(c.clone(), |x| x.trim().to_string())
}

fn url(d: &mut Draft, s: &str) {
    let lower = s.to_lowercase();
    let at = ["http://", "https://", "www."]
        .iter()
        .filter_map(|p| lower.find(p))
        .min();
    let Some(at) = at else {
        d.set("note", clean(s));
        return;
    };
    let rest = &s[at..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '>' | ']'))
        .unwrap_or(rest.len());
    let u = rest[..end].trim_end_matches(['.', ',', ';', ')']);
    let ul = u.to_lowercase();
    if let Some(i) = ul.find("doi.org/") {
        d.set("doi", u[i + 8..].to_string());
    } else {
        d.set("url", u.to_string());
    }
    // "[Accessed 5 May 2020]", "(accessed May 5, 2020)", "Retrieved May 5, 2020, from".
    let after = &s[at + end..];
    let before = &s[..at];
    for part in [before, after] {
        let pl = part.to_lowercase();
        if pl.contains("accessed") || pl.contains("retrieved") || pl.contains("viewed") {
            let mut tmp = Draft::default();
            date(
                &mut tmp,
                &Segment {
                    label: "date",
                    text: part,
                    margin: f32::INFINITY,
                },
            );
            if let Some(v) = tmp.get("date") {
                d.set("urldate", v.to_string());
            }
        }
    }
}

fn doi(s: &str) -> String {
    let s = s.trim();
    let lower = s.to_lowercase();
    let at = lower.find("10.").unwrap_or(0);
    s[at..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ',', ';', ')', ']'])
        .to_string()
}

fn isbn(s: &str) -> String {
    let s = s.trim();
    let lower = s.to_lowercase();
    let from = lower.find("isbn").map_or(0, |i| i + 4);
    s[from..]
        .trim_start_matches([':', ' ', '-'])
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | 'X' | 'x' | ' '))
        .collect::<String>()
        .trim()
        .to_string()
}

/// Gives each draft a key unique among them (and not in `taken`), by a letter as the key
/// scheme does: `finley1983`, `finley1983a`.
pub fn unique_keys(drafts: &mut [Draft], taken: &std::collections::HashSet<String>) {
    let mut used: std::collections::HashSet<String> = taken.clone();
    for d in drafts.iter_mut() {
        let base = d.key.clone();
        let mut k = base.clone();
        let mut n = 0u32;
        while used.contains(&k) {
            k = format!("{base}{}", letters(n));
            n += 1;
        }
        used.insert(k.clone());
        d.key = k;
    }
}

fn letters(mut n: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A value as BibLaTeX text in braces: TeX's special characters escaped, and a brace of the
/// list's text written as a command, since BibTeX counts every brace of a value.
fn value(v: &str) -> String {
    format!("{{{}}}", escape(v))
}

fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '%' | '&' | '#' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            _ => out.push(c),
        }
    }
    out
}

/// A name list: "Family, Given and ..." with a body's name in braces, "and others" for et al.
fn name_list(persons: &[Person], others: bool) -> String {
    let esc = escape;
    let mut parts: Vec<String> = persons
        .iter()
        .map(|p| {
            if p.corporate {
                return format!("{{{}}}", esc(&p.family));
            }
            let mut s = String::new();
            if !p.prefix.is_empty() {
                s.push_str(&esc(&p.prefix));
                s.push(' ');
            }
            s.push_str(&esc(&p.family));
            if !p.suffix.is_empty() {
                s.push_str(", ");
                s.push_str(&esc(&p.suffix));
            }
            if !p.given.is_empty() {
                s.push_str(", ");
                s.push_str(&esc(&p.given));
            }
            s
        })
        .collect();
    if others {
        parts.push("others".to_string());
    }
    format!("{{{}}}", parts.join(" and "))
}

/// The drafts as a BibLaTeX file: a header saying what it is, then each entry after a
/// comment with the item as written and the fields it is unsure of.
pub fn write_drafts(drafts: &[Draft], document: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "% Drafted by `annobib sources draft` from the reference list of {document}.\n\
         % Review every entry (the fields after \"unsure:\" first), then `annobib import` this file.\n\
         % Values keep the list's own spelling; only separating punctuation was taken off.\n"
    );
    for d in drafts {
        let one_line: String = d.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "% {}", one_line);
        let _ = writeln!(out, "% type: {} ({})", d.entry_type, d.type_reason);
        if d.unsure.is_empty() {
            let _ = writeln!(out, "% unsure: none");
        } else {
            let names: Vec<&str> = d.unsure.iter().map(|(f, _)| f.as_str()).collect();
            let _ = writeln!(out, "% unsure: {}", names.join(", "));
            for (f, why) in &d.unsure {
                let _ = writeln!(out, "%   {f}: {why}");
            }
        }
        let _ = writeln!(out, "@{}{{{},", d.entry_type, d.key);
        let mut rows: Vec<(String, String)> = Vec::new();
        for role in ["author", "editor", "translator"] {
            if let Some((_, p, others)) = d.persons.iter().find(|(r, _, _)| r == role) {
                rows.push((role.to_string(), name_list(p, *others)));
            }
        }
        for (n, v) in &d.fields {
            rows.push((n.clone(), value(v)));
        }
        let width = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (n, v) in rows {
            let _ = writeln!(out, "  {n:<width$} = {v},");
        }
        let _ = writeln!(out, "}}\n");
    }
    out
}
