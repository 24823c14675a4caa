//! Author-only and author-page groups that name a work of the document's own reference list:
//! MLA's "(Cooper)", "(Ghosh et al.)", "(Sinclair and Cardew-Hall)", "(R. Li et al., para.
//! 29)", "(Irmer et al., chap. 30)", "(Cooper; Dolev and Trickey 32)".
//!
//! Read only when the document has a reference list, and only groups whose every item opens
//! with the family name of a first author of that list (`families`, normalised): without the
//! list "(Cooper)" could be anything. The rules of `find` run first; this takes what they
//! left.

use std::collections::HashSet;

use crate::cite::locator::parse_locator;
use crate::cite::normalize::tokens;
use crate::model::{Citation, CitationStyle, Locator};

/// Longest group read (bytes).
const MAX_GROUP: usize = 300;

/// The groups of `text` naming first authors in `families`, outside the spans in `taken`.
pub fn find(text: &str, families: &HashSet<String>, taken: &[(usize, usize)]) -> Vec<Citation> {
    let mut out = Vec::new();
    if families.is_empty() {
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
        if text.as_bytes()[close] != b')' || taken.iter().any(|&(a, b)| a < close + 1 && open < b) {
            continue;
        }
        if let Some(cites) = group(text, open + 1, close, families) {
            out.extend(cites);
            i = close + 1;
        }
    }
    out
}

fn group(text: &str, from: usize, to: usize, families: &HashSet<String>) -> Option<Vec<Citation>> {
    let mut out = Vec::new();
    let mut at = from;
    for item in text[from..to].split(';') {
        let s = at + (item.len() - item.trim_start().len());
        at += item.len() + 1;
        let item = item.trim();
        let (mut names, mut prefix) = (item, None);
        for sig in ["see also ", "see ", "cf. ", "e.g., "] {
            if names.to_lowercase().starts_with(sig) {
                prefix = Some(names[..sig.len() - 1].to_string());
                names = &names[sig.len()..];
            }
        }
        let (names, locator) = split_locator(names);
        let authors = read_names(names)?;
        if !tokens(authors.first()?)
            .last()
            .is_some_and(|f| families.contains(f))
        {
            return None;
        }
        let e = s + item.len();
        let mut c = Citation::inline(&text[s..e], (s, e), CitationStyle::Mla);
        c.parts.authors = authors;
        c.parts.prefix = prefix;
        c.locator = locator;
        c.group = Some((from - 1, to + 1));
        c.detected =
            Some("first author of an item of the document's reference list in parentheses".into());
        out.push(c);
    }
    (!out.is_empty()).then_some(out)
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

/// "R. Li et al." -> ["Li"]; "Sinclair and Cardew-Hall" -> ["Sinclair", "Cardew-Hall"];
/// "Edusupport Biosciences" -> as is. Every word capitalised (initials dropped).
fn read_names(s: &str) -> Option<Vec<String>> {
    let s = s.trim().trim_end_matches(',');
    let s = s.strip_suffix(" et al.").unwrap_or(s);
    if s.is_empty() || s.split_whitespace().count() > 6 {
        return None;
    }
    let mut out = Vec::new();
    for person in s.split(" and ").flat_map(|p| p.split(", ")) {
        let words: Vec<&str> = person
            .split_whitespace()
            .filter(|w| !(w.ends_with('.') && w.chars().count() <= 3))
            .collect();
        if words.is_empty()
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
        let families: HashSet<String> = ["cooper", "ghosh", "sinclair", "li", "irmer", "dolev"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let text = "A (Cooper). B (Ghosh et al.). C (Sinclair and Cardew-Hall). D (R. Li et al., para.29). \
            E (Irmer et al., chap.30). F (Cooper; Dolev and Trickey 32). G (see Ghosh et al.). \
            H (Smith). I (USA). J (in 2019). K (Cooper and the rest of 1999).";
        let got: Vec<String> = find(text, &families, &[])
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
                "Li paragraph=29",
                "Irmer chapter=30",
                "Cooper",
                "Dolev+Trickey page=32",
                "Ghosh",
            ]
        );
        assert!(find(text, &HashSet::new(), &[]).is_empty());
        let _ = find(&"(".repeat(50_000), &families, &[]);
    }
}
