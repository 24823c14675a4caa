//! The grammar of page ranges as `.bib` files write them: "33--57", "33-57", "33–57",
//! "xii--xv", "1-10, 20-30", "S12--S19", "150ff". Shared by `page-out-of-range` (which compares
//! numbers) and `entry-invalid` (which only asks whether a `pages` field is a page range).
//!
//! Owns parsing and roman numerals. Roman pages are front matter: they are kept apart from
//! arabic ones and compared only with roman ranges.

use crate::model::PageRange;

/// One item of a page list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    /// Numbered pages, arabic or roman.
    Range(PageRange),
    /// A page that is valid but not a plain number: "S12", "e1002345", "A5--A9", "150ff".
    Other,
}

/// The items of a page list, or what is wrong with it.
pub(super) fn parse(value: &str) -> Result<Vec<Item>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Err("pages is empty".into());
    }
    let lower = v.to_lowercase();
    if lower.starts_with("p.") || lower.starts_with("pp") || lower.starts_with("pages") {
        return Err(format!(
            "pages '{v}' should hold the numbers only, without 'p.'/'pp.'"
        ));
    }
    v.split([',', ';'])
        .map(|item| {
            parse_item(item.trim()).ok_or_else(|| format!("pages '{v}' is not a page range"))
        })
        .collect()
}

fn parse_item(item: &str) -> Option<Item> {
    let (a, b) = match item.find(['-', '–', '—']) {
        Some(i) => {
            let (a, rest) = item.split_at(i);
            (
                a.trim(),
                Some(rest.trim_start_matches(['-', '–', '—']).trim()),
            )
        }
        None => (item, None),
    };
    let a = page(a)?;
    let b = match b {
        Some(b) => Some(page(b)?),
        None => None,
    };
    Some(match (a, b) {
        (Page::Number(s, r), None) => Item::Range(PageRange {
            start: s,
            end: s,
            roman: r,
        }),
        (Page::Number(s, r), Some(Page::Number(e, q))) if r == q && s <= e => {
            Item::Range(PageRange {
                start: s,
                end: e,
                roman: r,
            })
        }
        // "1234--56": the end abbreviated to its last digits.
        (Page::Number(s, false), Some(Page::Number(e, false))) if abbreviated(s, e).is_some() => {
            Item::Range(PageRange {
                start: s,
                end: abbreviated(s, e)?,
                roman: false,
            })
        }
        (Page::Number(..), Some(Page::Number(..))) => return None,
        _ => Item::Other,
    })
}

enum Page {
    Number(u32, bool),
    Other,
}

/// A single page: arabic, roman, or a label with digits ("S12", "e1002", "150ff", "12a").
fn page(p: &str) -> Option<Page> {
    if p.is_empty() {
        return None;
    }
    if p.chars().all(|c| c.is_ascii_digit()) {
        return p.parse().ok().map(|n| Page::Number(n, false));
    }
    if let Some(n) = roman(p) {
        return Some(Page::Number(n, true));
    }
    let labelled = p.chars().any(|c| c.is_ascii_digit())
        && p.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | ':' | '+'));
    labelled.then_some(Page::Other)
}

/// "1234--56" means 1234--1256.
fn abbreviated(start: u32, end: u32) -> Option<u32> {
    let digits = end.to_string().len() as u32;
    let base = 10u32.pow(digits);
    let full = start - start % base + end;
    (end < start && full >= start).then_some(full)
}

pub(super) use crate::model::{roman_value as roman, to_roman};

#[cfg(test)]
mod tests {
    use super::*;

    fn r(start: u32, end: u32, roman: bool) -> Item {
        Item::Range(PageRange { start, end, roman })
    }

    #[test]
    fn page_lists() {
        #[rustfmt::skip]
        let cases: &[(&str, Result<Vec<Item>, ()>)] = &[
            ("33--57", Ok(vec![r(33, 57, false)])),
            ("33-57", Ok(vec![r(33, 57, false)])),
            ("33–57", Ok(vec![r(33, 57, false)])),
            ("150", Ok(vec![r(150, 150, false)])),
            ("xii--xv", Ok(vec![r(12, 15, true)])),
            ("XII-XV", Ok(vec![r(12, 15, true)])),
            ("1-10, 20-30", Ok(vec![r(1, 10, false), r(20, 30, false)])),
            ("1234--56", Ok(vec![r(1234, 1256, false)])),
            ("S12--S19", Ok(vec![Item::Other])),
            ("e1002345", Ok(vec![Item::Other])),
            ("150ff", Ok(vec![Item::Other])),
            ("57--33", Err(())),
            ("xii--57", Err(())),
            ("pp. 33-57", Err(())),
            ("abc", Err(())),
            ("", Err(())),
            ("33--", Err(())),
        ];
        for (text, want) in cases {
            assert_eq!(&parse(text).map_err(|_| ()), want, "{text}");
        }
    }

    #[test]
    fn roman_numerals() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<u32>)] = &[
            ("i", Some(1)), ("iv", Some(4)), ("xii", Some(12)), ("XLIX", Some(49)),
            ("mcmxc", Some(1990)), ("iiii", None), ("ic", None), ("Xi", None), ("vx", None),
            ("", None), ("civic", None),
        ];
        for (text, want) in cases {
            assert_eq!(roman(text), *want, "{text}");
        }
    }
}
