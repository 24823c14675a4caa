//! Author-only and author-page groups that name a work of the document's own reference list:
//! MLA's "(Cooper)", "(Ghosh et al.)", "(Sinclair and Cardew-Hall)", "(R. Li et al., para.
//! 29)", "(Irmer et al., chap. 30)", "(Cooper; Dolev and Trickey 32)"; and, in an author-page
//! (MLA) document, the narrative forms: "Dolev and Trickey (293)", "Li (1250)", "Worren
//! (n.4)", and a name alone in the sentence ("As Zenkel et al. notes", "Matsui and Fujii",
//! "As Fushimi notes"), which MLA makes the citation when no page is given.
//!
//! Read only when the document has a reference list, and only names of its items (`List`):
//! every item of a group opens with the family name of a first author of that list; a
//! narrative name is the first author of an item followed by "et al." (an item of three or
//! more authors), the two authors of a two-author item, or the one author of a single-author
//! item. Without the list "(Cooper)" could be anything, and outside an author-page document a
//! name in the sentence is not a citation. The rules of `find` run first; this takes what
//! they left (the caller decides which of their readings may be read again).

use std::collections::HashSet;

use crate::cite::locator::{is_year, parse_locator};
use crate::cite::name;
use crate::cite::normalize::tokens;
use crate::model::{Citation, CitationStyle, Locator};

/// Longest group read (bytes).
const MAX_GROUP: usize = 300;

/// What a document's reference list says about its authors.
#[derive(Debug, Default, Clone)]
pub struct List {
    /// The normalised family name of the first author of each item.
    pub families: HashSet<String>,
    /// Each item's authors as normalised family names, and whether its names end in "et al.".
    pub items: Vec<(Vec<String>, bool)>,
    /// The list is an author-page (MLA) list: not numbered, its items give the year after the
    /// title, and the document has no notes.
    pub author_page: bool,
}

impl List {
    /// A list from its items' authors as read ("Finley, James P.", "R. Li").
    pub fn new(items: Vec<(Vec<String>, bool)>, author_page: bool) -> Self {
        let items: Vec<(Vec<String>, bool)> = items
            .into_iter()
            .map(|(authors, et_al)| (authors.iter().filter_map(|a| family(a)).collect(), et_al))
            .filter(|(f, _): &(Vec<String>, bool)| !f.is_empty())
            .collect();
        let families = items.iter().map(|(f, _)| f[0].clone()).collect();
        List {
            families,
            items,
            author_page,
        }
    }

    /// The item a narrative name fits: `first` et al. (three or more authors), `first` and
    /// `second` (exactly two), or `first` alone (one author).
    fn fits(&self, first: &str, second: Option<&str>, et_al: bool) -> bool {
        self.items.iter().any(|(f, more)| {
            f[0] == first
                && match (second, et_al) {
                    (_, true) => *more || f.len() >= 3,
                    (Some(s), false) => f.len() == 2 && !*more && f[1] == s,
                    (None, false) => f.len() == 1 && !*more,
                }
        })
    }
}

/// The normalised family name of an author as a list gives it: "Finley, James P." ->
/// "finley", "R. Li" -> "li".
fn family(author: &str) -> Option<String> {
    let family = author.split_once(", ").map_or(author, |(f, _)| f);
    tokens(family).last().cloned()
}

/// The groups of `text` naming first authors of `list`; items overlapping a span of `taken`
/// are left as they are.
pub fn find(text: &str, list: &List, taken: &[(usize, usize)]) -> Vec<Citation> {
    let mut out = Vec::new();
    if list.families.is_empty() {
        return out;
    }
    let mut i = 0;
    while let Some(k) = text[i..].find('(') {
        let open = i + k;
        i = open + 1;
        let Some(len) = text[open + 1..]
            .bytes()
            .take(MAX_GROUP)
            .position(|b| b == b')' || b == b'(')
        else {
            continue;
        };
        let close = open + 1 + len;
        if text.as_bytes()[close] != b')' {
            continue;
        }
        if let Some(cites) = group(text, open + 1, close, &list.families, taken) {
            out.extend(cites);
            i = close + 1;
        }
    }
    if list.author_page {
        let mut taken: Vec<(usize, usize)> = taken.to_vec();
        taken.extend(out.iter().filter_map(|c| c.group.or(c.span)));
        let more = narrative(text, list, &taken);
        taken.extend(more.iter().filter_map(|c| c.span));
        out.extend(more);
        out.extend(bare(text, list, &taken));
        out.sort_by_key(|c| c.span.map_or(0, |s| s.0));
    }
    out
}

/// "Dolev and Trickey (293)", "Li (1250)", "Worren (n.4)": names of a listed first author
/// right before a group that holds only a locator.
fn narrative(text: &str, list: &List, taken: &[(usize, usize)]) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = text[i..].find('(') {
        let open = i + k;
        i = open + 1;
        let Some(len) = text[open + 1..].bytes().take(40).position(|b| b == b')') else {
            continue;
        };
        let close = open + 1 + len;
        let inner = text[open + 1..close].trim();
        if inner.is_empty() || taken.iter().any(|&(a, b)| a < close + 1 && open < b) {
            continue;
        }
        let probe = format!("x, {inner}");
        let (rest, locator) = split_locator(&probe);
        if rest != "x" {
            continue;
        }
        let Some(locator) = locator else { continue };
        let Some(start) = name::walk_back(text, open) else {
            continue;
        };
        let names_text = text[start..open].trim_end();
        let Some(names) = name::in_text(names_text) else {
            continue;
        };
        let authors: Vec<String> = names.authors.iter().map(|a| a.to_string()).collect();
        if !authors
            .first()
            .and_then(|a| tokens(a).last().cloned())
            .is_some_and(|f| list.families.contains(&f))
        {
            continue;
        }
        let mut c = Citation::inline(
            &text[start..close + 1],
            (start, close + 1),
            CitationStyle::Mla,
        );
        c.parts.authors = authors;
        c.locator = Some(locator);
        c.group = Some((open, close + 1));
        c.detected = Some(
            "first author of an item of the document's reference list, then a locator in \
             parentheses (MLA narrative)"
                .into(),
        );
        out.push(c);
    }
    out
}

/// A name alone in the sentence that fits one item of the list exactly: "Zenkel et al.",
/// "Matsui and Fujii", "Fushimi" (see the module doc). A single family name counts only when
/// the words around it are not capitalised name words ("Gary Cooper", "Cooper Union").
fn bare(text: &str, list: &List, taken: &[(usize, usize)]) -> Vec<Citation> {
    let words = name::words(text);
    let mut out = Vec::new();
    let norm = |w: &str| {
        let w = name::strip_possessive(w.trim_end_matches([',', '.', ';', ':', '!', '?']));
        tokens(w).last().cloned()
    };
    let mut i = 0;
    while i < words.len() {
        let (at, w) = words[i];
        i += 1;
        if !w.starts_with(char::is_uppercase) || taken.iter().any(|&(a, b)| a <= at && at < b) {
            continue;
        }
        let Some(first) = norm(w).filter(|f| list.families.contains(f)) else {
            continue;
        };
        let next = words.get(i).map(|&(_, n)| n);
        let after = words.get(i + 1).map(|&(_, n)| n);
        let (end_word, authors, et_al) = match (next, after) {
            (Some("et"), Some(al)) if al.starts_with("al.") && !w.ends_with(',') => {
                (i + 1, vec![first.clone()], true)
            }
            (Some("and"), Some(second))
                if second.starts_with(char::is_uppercase) && !w.ends_with(',') =>
            {
                match norm(second) {
                    Some(s) if list.fits(&first, Some(&s), false) => {
                        (i + 1, vec![first.clone(), s], false)
                    }
                    _ => continue,
                }
            }
            _ => {
                let before_name = i >= 2 && {
                    let prev = words[i - 2].1;
                    prev.starts_with(char::is_uppercase)
                        && !prev.ends_with(['.', ',', ';', ':'])
                        && name::is_name_word(prev)
                        && !matches!(prev, "As" | "In" | "For" | "See" | "Like" | "Unlike")
                };
                let after_name = !w.ends_with([',', '.'])
                    && next.is_some_and(|n| n.starts_with(char::is_uppercase));
                if before_name || after_name {
                    continue;
                }
                (i - 1, vec![first.clone()], false)
            }
        };
        if !list.fits(&first, authors.get(1).map(String::as_str), et_al) {
            continue;
        }
        let (end_at, end_w) = words[end_word];
        let end = if et_al {
            end_at + "al.".len()
        } else {
            let bare = end_w.trim_end_matches([',', '.', ';', ':', '!', '?']);
            end_at + name::strip_possessive(bare).len()
        };
        if taken.iter().any(|&(a, b)| a < end && at < b) {
            continue;
        }
        let mut c = Citation::inline(&text[at..end], (at, end), CitationStyle::Mla);
        c.parts.authors = names_as_written(&text[at..end]);
        c.detected = Some(
            "the authors of an item of the document's reference list named in the sentence \
             (MLA narrative)"
                .into(),
        );
        out.push(c);
        i = end_word + 1;
    }
    out
}

/// "Zenkel et al." -> ["Zenkel"], "Matsui and Fujii" -> ["Matsui", "Fujii"].
fn names_as_written(s: &str) -> Vec<String> {
    let s = s.strip_suffix(" et al.").unwrap_or(s);
    s.split(" and ")
        .map(|p| name::strip_possessive(p.trim()).to_string())
        .collect()
}

fn group(
    text: &str,
    from: usize,
    to: usize,
    families: &HashSet<String>,
    taken: &[(usize, usize)],
) -> Option<Vec<Citation>> {
    let mut out = Vec::new();
    let mut at = from;
    for item in text[from..to].split(';') {
        let s = at + (item.len() - item.trim_start().len());
        at += item.len() + 1;
        let item = item.trim();
        if item.is_empty() || taken.iter().any(|&(a, b)| a < s + item.len() && s < b) {
            continue;
        }
        let (mut names, mut prefix) = (item, None);
        for sig in ["see also ", "see ", "cf. ", "e.g., "] {
            if names.to_lowercase().starts_with(sig) {
                prefix = Some(names[..sig.len() - 1].to_string());
                names = &names[sig.len()..];
            }
        }
        let listed = |authors: &[String]| {
            authors
                .first()
                .and_then(|a| tokens(a).last().cloned())
                .is_some_and(|f| families.contains(&f))
        };
        let e = s + item.len();
        let (split, locator) = split_locator(names);
        let mut c = match read_names(split).filter(|a| listed(a)) {
            Some(authors) => {
                let mut c = Citation::inline(&text[s..e], (s, e), CitationStyle::Mla);
                c.parts.authors = authors;
                c.locator = locator;
                c.detected = Some(
                    "first author of an item of the document's reference list in parentheses"
                        .into(),
                );
                c
            }
            None => {
                // A name the rules of `find` do not take for one ("Dansk Arkitektur Center
                // DK2050", "11Alive Staff", "euobserver", "op de Beeck") with a year: the
                // list prints it as a first author.
                let (authors, year, locator) = dated(names).filter(|(a, _, _)| listed(a))?;
                let mut c = Citation::inline(&text[s..e], (s, e), CitationStyle::AuthorDate);
                c.parts.authors = authors;
                c.parts.year = Some(year.to_string());
                c.locator = locator;
                c.detected = Some(
                    "first author of an item of the document's reference list, as the list \
                     prints it, with a year"
                        .into(),
                );
                c
            }
        };
        c.parts.prefix = prefix;
        c.group = Some((from - 1, to + 1));
        out.push(c);
    }
    (!out.is_empty()).then_some(out)
}

/// "Dansk Arkitektur Center DK2050 et al. 2014:393" -> (["Dansk Arkitektur Center DK2050"],
/// "2014", 393); "euobserver 2025, p. 187"; "11Alive Staff 2025, 41–42": names as the list
/// prints them (any characters, at most ten words), the last year of the item, and what
/// follows it as a locator. `None` without a year, or when what follows is not a locator.
fn dated(s: &str) -> Option<(Vec<String>, &str, Option<Locator>)> {
    let words = name::words(s);
    let (k, &(at, word)) = words.iter().enumerate().rev().find(|(_, (_, w))| {
        let y = w.trim_end_matches(',');
        let y = y.split(':').next().unwrap_or(y);
        y.len() >= 4 && y.as_bytes()[..4].iter().all(u8::is_ascii_digit) && is_year(y)
    })?;
    if k == 0 || k > 10 {
        return None;
    }
    let bare = word.trim_end_matches(',');
    let (year, after_colon) = match bare.split_once(':') {
        Some((y, rest)) => (y, Some(rest)),
        None => (bare, None),
    };
    let rest = s[at + word.len()..].trim();
    let locator = match after_colon {
        Some(loc) if rest.is_empty() => Some(parse_locator(loc)?),
        Some(_) => return None,
        None if rest.is_empty() => None,
        None if word.ends_with(',') => Some(parse_locator(rest)?),
        None => return None,
    };
    let names = s[..at].trim().trim_end_matches(',').trim();
    let names = names
        .strip_suffix(" et al.")
        .unwrap_or(names)
        .trim_end_matches(',');
    let authors: Vec<String> = name::split_list(names)
        .into_iter()
        .map(str::to_string)
        .collect();
    // Each name is one word ("euobserver") or ends in a capitalised word or one with digits
    // ("op de Beeck", "DK2050"): "Cooper and the rest of 1999" is prose.
    let name_like = |a: &String| {
        let words: Vec<&str> = a.split_whitespace().collect();
        words.len() == 1
            || words
                .last()
                .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
    };
    (!authors.is_empty() && authors.iter().all(name_like)).then_some((authors, year, locator))
}

/// "Irmer et al., chap.30" -> ("Irmer et al.", chap. 30); "Dolev and Trickey 32" -> (.., 32).
fn split_locator(s: &str) -> (&str, Option<Locator>) {
    if let Some((head, tail)) = s.rsplit_once(", ") {
        let tail = tail.trim();
        let spaced = match tail.find(|c: char| c.is_ascii_digit()) {
            Some(i) if i > 0 && !tail[..i].ends_with(' ') => {
                format!("{} {}", &tail[..i], &tail[i..])
            }
            _ => tail.to_string(),
        };
        if let Some(l) = parse_locator(&spaced) {
            return (head, Some(l));
        }
    }
    if let Some((head, tail)) = s.rsplit_once(' ')
        && tail.starts_with(|c: char| c.is_ascii_digit())
        && let Some(l) = parse_locator(tail)
    {
        return (head, Some(l));
    }
    (s, None)
}

/// "R. Li et al." -> ["R. Li"]; "Sinclair and Cardew-Hall" -> ["Sinclair", "Cardew-Hall"];
/// "Edusupport Biosciences" -> as is. Every word capitalised; initials are kept, as a style
/// prints them to tell two first authors of one family apart ("R. Li", "W. Li").
fn read_names(s: &str) -> Option<Vec<String>> {
    let s = s.trim().trim_end_matches(',');
    let s = s.strip_suffix(" et al.").unwrap_or(s);
    if s.is_empty() || s.split_whitespace().count() > 6 {
        return None;
    }
    let mut out = Vec::new();
    for person in s.split(" and ").flat_map(|p| p.split(", ")) {
        let words: Vec<&str> = person.split_whitespace().collect();
        let initial = |w: &&str| w.ends_with('.') && w.chars().count() <= 3;
        if !words.iter().any(|w| !initial(w))
            || !words.iter().all(|w| {
                w.starts_with(char::is_uppercase) && !w.chars().any(|c| c.is_ascii_digit())
            })
        {
            return None;
        }
        out.push(words.join(" "));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_naming_first_authors_of_the_list() {
        let list = List::new(
            [
                "Cooper",
                "Ghosh, A.",
                "Sinclair, James",
                "R. Li",
                "Irmer",
                "Dolev, D.",
            ]
            .iter()
            .map(|a| (vec![a.to_string()], false))
            .collect(),
            false,
        );
        let text = "A (Cooper). B (Ghosh et al.). C (Sinclair and Cardew-Hall). D (R. Li et al., para.29). \
            E (Irmer et al., chap.30). F (Cooper; Dolev and Trickey 32). G (see Ghosh et al.). \
            H (Smith). I (USA). J (in 2019). K (Cooper and the rest of 1999).";
        let got: Vec<String> = find(text, &list, &[])
            .iter()
            .map(|c| {
                format!(
                    "{}{}",
                    c.parts.authors.join("+"),
                    c.locator.as_ref().map_or(String::new(), |l| format!(
                        " {}={}",
                        l.label.as_str(),
                        l.value
                    ))
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                "Cooper",
                "Ghosh",
                "Sinclair+Cardew-Hall",
                "R. Li paragraph=29",
                "Irmer chapter=30",
                "Cooper",
                "Dolev+Trickey page=32",
                "Ghosh",
            ]
        );
        assert!(find(text, &List::default(), &[]).is_empty());
        let _ = find(&"(".repeat(50_000), &list, &[]);
    }

    #[test]
    fn listed_names_find_does_not_take_with_a_year() {
        let list = List::new(
            [
                "Dansk Arkitektur Center DK2050",
                "11Alive Staff",
                "euobserver",
                "op de Beeck, Hans",
            ]
            .iter()
            .map(|a| (vec![a.to_string()], false))
            .collect(),
            false,
        );
        let text = "A (Dansk Arkitektur Center DK2050 et al. 2014:393). \
            B (see Dansk Arkitektur Center DK2050, DAMVAD, and Kairos Future 2014:108). \
            C (11Alive Staff 2025, 41–42). D (euobserver 2025, p. 187). E (op de Beeck 2010). \
            F (Staff meeting in 2019). G (euobserver 2025 and more). H (DK2050 2014).";
        let got: Vec<String> = find(text, &list, &[])
            .iter()
            .map(|c| {
                format!(
                    "{} {}{}{}",
                    c.parts.authors.join("+"),
                    c.parts.year.as_deref().unwrap_or("-"),
                    c.locator.as_ref().map_or(String::new(), |l| format!(
                        " {}={}",
                        l.label.as_str(),
                        l.value
                    )),
                    c.parts
                        .prefix
                        .as_deref()
                        .map_or(String::new(), |p| format!(" ({p})"))
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                "Dansk Arkitektur Center DK2050 2014 page=393",
                "Dansk Arkitektur Center DK2050+DAMVAD+Kairos Future 2014 page=108 (see)",
                "11Alive Staff 2025 page=41–42",
                "euobserver 2025 page=187",
                "op de Beeck 2010",
                "DK2050 2014",
            ]
        );
    }
}
