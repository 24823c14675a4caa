//! Page numbers inside a locator: single pages, ranges with abbreviated ends ("24-6",
//! "1871-82"), lists ("29–35, 176"), "f."/"ff." and roman numerals ("xii–xv").
//!
//! Owns turning a page value into [`PageRange`]s; the label and the rest of the locator are
//! read in `cite::locator`.

use crate::model::PageRange;

/// "150n4", "150 n. 4", "150n.4": the page a note is on.
pub(super) fn page_with_note(s: &str) -> Option<PageRange> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = s[digits..].trim_start();
    let rest = rest
        .strip_prefix("nn")
        .or_else(|| rest.strip_prefix('n'))?
        .trim_start_matches('.')
        .trim_start();
    let note_ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || "-–—, ".contains(c))
        && rest.starts_with(|c: char| c.is_ascii_digit());
    let page: u32 = s[..digits].parse().ok()?;
    note_ok.then_some(PageRange {
        start: page,
        end: page,
        roman: false,
    })
}

/// A list of pages and ranges: "24", "24–26", "29-35, 176", "29–35 & 176", "xii–xv", "24f.".
/// Returns the ranges and whether they were upper-case roman (a chapter, for a bare value;
/// `upper_is_chapter` false reads them as roman pages after a "p." label).
pub(super) fn page_list(s: &str, upper_is_chapter: bool) -> Option<(Vec<PageRange>, bool)> {
    let mut ranges = Vec::new();
    let mut upper = false;
    let normalized = s.replace(" & ", ", ").replace(" and ", ", ");
    for piece in normalized.split(',') {
        let piece = piece.trim();
        if piece.is_empty() {
            return None;
        }
        let (range, is_upper) = page_range(piece)?;
        upper |= is_upper;
        ranges.push(range);
    }
    if upper && upper_is_chapter {
        // Only a value made wholly of upper-case romans is a chapter.
        let all_upper = ranges.iter().all(|r| r.roman);
        return all_upper.then_some((Vec::new(), true));
    }
    Some((ranges, false))
}

/// One page or range; the flag says the numerals were upper-case roman.
fn page_range(piece: &str) -> Option<(PageRange, bool)> {
    // "24f." / "24ff." / "24 ff": and the following page(s).
    let lower = piece.to_ascii_lowercase();
    for (suffix, extra) in [("ff.", 0), ("ff", 0), ("f.", 1), ("f", 1)] {
        if let Some(head) = lower.strip_suffix(suffix) {
            let head = head.trim_end();
            if head.bytes().all(|b| b.is_ascii_digit()) && !head.is_empty() {
                let start: u32 = head.parse().ok()?;
                let range = PageRange {
                    start,
                    end: start + extra,
                    roman: false,
                };
                return Some((range, false));
            }
        }
    }
    let (a, b) = split_dash(piece);
    let (start, roman_a, upper_a) = number(a)?;
    let Some(b) = b else {
        let range = PageRange {
            start,
            end: start,
            roman: roman_a,
        };
        return Some((range, upper_a));
    };
    let (mut end, roman_b, upper_b) = number(b)?;
    if roman_a != roman_b || upper_a != upper_b {
        return None;
    }
    if !roman_a && end < start && b.len() < a.len() {
        // "24-6" -> 26, "1871-82" -> 1882: the end repeats the start's leading digits.
        let scale = 10u32.pow(b.len() as u32);
        end += start / scale * scale;
    }
    if end < start {
        return None;
    }
    let range = PageRange {
        start,
        end,
        roman: roman_a,
    };
    Some((range, upper_a))
}

/// Splits "24–26", "24--26", "24-26", "xii—xv" at the dash; no dash gives (piece, None).
fn split_dash(piece: &str) -> (&str, Option<&str>) {
    match piece.find(['-', '–', '—', '‐', '‑']) {
        Some(i) => {
            let dash = piece[i..].chars().next().map_or(1, char::len_utf8);
            let rest = piece[i + dash..].trim_start_matches('-');
            (piece[..i].trim(), Some(rest.trim()))
        }
        None => (piece, None),
    }
}

/// An arabic or roman number: (value, roman, upper-case).
fn number(s: &str) -> Option<(u32, bool, bool)> {
    if !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some((s.parse().ok()?, false, false));
    }
    let value = roman(s)?;
    Some((value, true, s.bytes().all(|b| b.is_ascii_uppercase())))
}

/// A canonical roman numeral up to 200, all one case ("xii", "IV"); "Xii" is not, nor is
/// "mix" (1009: past the cap).
/// Larger ones are too rarely pages or chapters to outweigh the words they would swallow.
pub(super) fn roman(s: &str) -> Option<u32> {
    crate::model::roman_value(s).filter(|&n| n <= 200)
}
