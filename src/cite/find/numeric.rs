//! Numeric citations, read only when the document has a numbered reference list (the caller
//! says how many items it has): "[1]", "[1, p. 5]", "[2–4]", "[5, 6, 9]", "[3, pp. 10–12; 7]",
//! "(1)", "(see also 1)", "(e.g., 2,3,4)", superscripts "¹²", "⁵⁻⁷", pandoc's plain-text
//! "^(2(pp105-107),3)", Markdown "^1^" and HTML "<sup>1</sup>".
//!
//! Each number becomes one citation (a range one per item) whose `parts.number` says which
//! item of the list it points at; a locator belongs to the number it follows. A group is taken
//! only when all of it reads as numbers, ranges, signals and locators, and every number is one
//! the list has (1..=`items`): "(2019)", "[sic]" and an enumeration past the list stay prose.
//! What the number's item resolves to is decided with the list (`cite::document`).

use crate::cite::locator::parse_locator;
use crate::model::{Citation, CitationStyle, Locator};

/// Longest group read (bytes); longer brackets are prose.
const MAX_GROUP: usize = 200;
/// Longest range expanded ("[1–40]" is 40 citations).
const MAX_RANGE: u32 = 60;

/// Signals that may open an item.
const SIGNALS: &[&str] = &[
    "see also", "see", "cf.", "e.g.,", "e.g.", "compare", "but see",
];

/// The numeric citations of `text` pointing at items 1..=`items`, in text order.
pub fn find(text: &str, items: u32) -> Vec<Citation> {
    let mut out = Vec::new();
    if items == 0 {
        return out;
    }
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        let taken = match b[i] {
            // A bracketed number past the list is still a citation (of an item the list
            // lacks, reported as such); a parenthesised one may be an enumeration.
            b'[' => bracketed(
                text,
                i,
                b'[',
                b']',
                items.saturating_mul(2).max(items + 5),
                "number of the reference list in brackets",
            ),
            b'(' => bracketed(
                text,
                i,
                b'(',
                b')',
                items,
                "number of the reference list in parentheses",
            ),
            b'^' if rest.starts_with("^(") => superscript_group(text, i, items),
            b'^' => caret(text, i, items),
            b'<' if rest.starts_with("<sup>") => sup_tag(text, i, items),
            _ if rest.starts_with(|c| superscript_digit(c).is_some()) => {
                unicode_run(text, i, items)
            }
            _ => None,
        };
        match taken {
            Some((cites, end)) if b[i] == b'[' => {
                let (cites, end) = joined_range(text, i, cites, end, items);
                out.extend(cites);
                i = end;
            }
            Some((cites, end)) => {
                out.extend(cites);
                i = end;
            }
            // A run of superscripts that is not a citation is skipped whole (linear time).
            None if rest.starts_with(|c| superscript_digit(c).is_some()) => {
                i += rest
                    .char_indices()
                    .find(|&(_, c)| superscript_digit(c).is_none() && !matches!(c, '⁻' | '˒'))
                    .map_or(rest.len(), |(j, _)| j);
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// IEEE's range across brackets, "[5]–[7]": the numbers between the two brackets are cited
/// too, each with the whole range as its marker. Only between two single numbers, rising, of
/// at most `MAX_RANGE` items, joined by a dash alone.
fn joined_range(
    text: &str,
    at: usize,
    first: Vec<Citation>,
    end: usize,
    items: u32,
) -> (Vec<Citation>, usize) {
    let rest = &text[end..];
    let Some(dash) = ['–', '-', '—']
        .into_iter()
        .find(|&d| rest.starts_with(d) && rest[d.len_utf8()..].starts_with('['))
    else {
        return (first, end);
    };
    let next_at = end + dash.len_utf8();
    let limit = items.saturating_mul(2).max(items + 5);
    let why = "number of the reference list in brackets";
    let Some((second, next_end)) = bracketed(text, next_at, b'[', b']', limit, why) else {
        return (first, end);
    };
    let single = |c: &[Citation]| match c {
        [one] if one.locator.is_none() => one.parts.number,
        _ => None,
    };
    let (Some(n), Some(m)) = (single(&first), single(&second)) else {
        let mut all = first;
        all.extend(second);
        return (all, next_end);
    };
    let mut all = first;
    if n < m && m - n <= MAX_RANGE && m <= items {
        let span = (at, next_end);
        for k in n + 1..m {
            let mut c = Citation::inline(&text[span.0..span.1], span, CitationStyle::Numeric);
            c.parts.number = Some(k);
            c.group = Some(span);
            c.detected = Some("number inside a range across brackets (\"[5]–[7]\")".into());
            all.push(c);
        }
    }
    all.extend(second);
    (all, next_end)
}

/// The citations of a group `open ... close` at `at` and the byte after it.
fn bracketed(
    text: &str,
    at: usize,
    open: u8,
    close: u8,
    items: u32,
    why: &str,
) -> Option<(Vec<Citation>, usize)> {
    let body_start = at + 1;
    let len = text[body_start..]
        .bytes()
        .take(MAX_GROUP)
        .position(|c| c == close || c == open)?;
    if text.as_bytes()[body_start + len] != close {
        return None;
    }
    // "[^1]" is a Markdown footnote, "[@key]" pandoc's: not ours.
    if text[body_start..].starts_with(['^', '@']) {
        return None;
    }
    let end = body_start + len + 1;
    let cites = read_items(
        text,
        body_start,
        body_start + len,
        items,
        (at, end),
        why,
        false,
    )?;
    Some((cites, end))
}

/// Reads "n", "n–m", "n, m", "n, p. 5", "see n" items separated by ";" or ",".
fn read_items(
    text: &str,
    from: usize,
    to: usize,
    items: u32,
    group: (usize, usize),
    why: &str,
    glued: bool,
) -> Option<Vec<Citation>> {
    let mut out: Vec<Citation> = Vec::new();
    for (seg_start, seg) in pieces(&text[from..to], ';') {
        let seg_abs = from + seg_start;
        let mut prefix = None;
        let mut body = seg.trim_start();
        let mut offset = seg.len() - body.len();
        let lower = body.to_lowercase();
        if let Some(s) = SIGNALS.iter().find(|s| {
            lower.starts_with(*s) && lower[s.len()..].starts_with(|c: char| c.is_whitespace())
        }) {
            prefix = Some(body[..s.len()].to_string());
            let after = &body[s.len()..];
            let trimmed = after.trim_start();
            offset += s.len() + after.len() - trimmed.len();
            body = trimmed;
        }
        if body.trim().is_empty() {
            return None;
        }
        let mut seg_cites: Vec<Citation> = Vec::new();
        for (p_start, piece) in pieces(body, ',') {
            let mut lead = piece.len() - piece.trim_start().len();
            let mut item = piece.trim();
            if item.is_empty() {
                return None;
            }
            // BMJ's "[12,cf. 14,16]": a signal before one number of the list.
            let mut piece_prefix = prefix.clone();
            let lower = item.to_lowercase();
            if p_start > 0
                && let Some(sig) = SIGNALS.iter().find(|s| {
                    lower.starts_with(*s)
                        && lower[s.len()..].starts_with(|c: char| c.is_whitespace())
                })
            {
                piece_prefix = Some(item[..sig.len()].to_string());
                let after = &item[sig.len()..];
                let trimmed = after.trim_start();
                lead += sig.len() + after.len() - trimmed.len();
                item = trimmed;
            }
            let abs = seg_abs + offset + p_start + lead;
            let span = (abs, abs + item.len());
            if let Some((first, last, loc)) = number_item(item, glued) {
                if first == 0 || last > items || last < first || last - first > MAX_RANGE {
                    return None;
                }
                for n in first..=last {
                    let mut c =
                        Citation::inline(&text[span.0..span.1], span, CitationStyle::Numeric);
                    c.parts.number = Some(n);
                    c.parts.prefix = piece_prefix.clone();
                    c.group = Some(group);
                    c.detected = Some(why.to_string());
                    c.locator = loc.clone();
                    seg_cites.push(c);
                }
            } else if let Some(loc) = parse_locator(item)
                .filter(|_| !seg_cites.is_empty() && item.starts_with(|c: char| c.is_alphabetic()))
            {
                // "[3, pp. 10–12]": the locator of the number before it.
                let last = seg_cites.last_mut()?;
                if last.locator.is_some() {
                    return None;
                }
                let n = last.parts.number;
                for c in seg_cites.iter_mut().filter(|c| c.parts.number == n) {
                    c.locator = Some(loc.clone());
                    let s = c.span.unwrap_or(span).0;
                    c.span = Some((s, span.1));
                    c.marker = Some(text[s..span.1].to_string());
                }
            } else {
                return None;
            }
        }
        out.extend(seg_cites);
    }
    (!out.is_empty()).then_some(out)
}

/// Splits at `sep` outside parentheses: (start offset, piece).
fn pieces(s: &str, sep: char) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c == sep && depth == 0 => {
                out.push((start, &s[start..i]));
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push((start, &s[start..]));
    out
}

/// "3", "2–4", "2-4", and (glued, as pandoc writes superscripts) "2(pp105-107)", "6(chap5)".
fn number_item(item: &str, glued: bool) -> Option<(u32, u32, Option<Locator>)> {
    let (nums, loc) = match item.find('(') {
        Some(i) if glued && item.ends_with(')') => (
            &item[..i],
            Some(glued_locator(&item[i + 1..item.len() - 1])?),
        ),
        _ => (item, None),
    };
    let (a, b) = match nums.split_once(['–', '-', '—', '⁻']) {
        Some((a, b)) => (a, b),
        None => (nums, nums),
    };
    let num = |s: &str| -> Option<u32> {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    Some((num(a)?, num(b)?, loc))
}

/// "pp105-107", "p357", "sec30", "chap5": a label glued to its value.
fn glued_locator(s: &str) -> Option<Locator> {
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (label, value) = s.split_at(split);
    if label.is_empty() {
        return parse_locator(value);
    }
    parse_locator(&format!("{}. {value}", label.trim_end_matches('.')))
}

/// pandoc's plain-text superscript: "^(2(pp105-107),3(p357))", "^(5–7)".
fn superscript_group(text: &str, at: usize, items: u32) -> Option<(Vec<Citation>, usize)> {
    let from = at + 2;
    let mut depth = 1usize;
    let mut end = None;
    for (i, c) in text[from..].char_indices().take(MAX_GROUP) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(from + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = end?;
    let why = "superscript number of the reference list";
    let cites = read_items(text, from, close, items, (at, close + 1), why, true)?;
    Some((cites, close + 1))
}

/// Markdown "^1^" or "^1,2^".
fn caret(text: &str, at: usize, items: u32) -> Option<(Vec<Citation>, usize)> {
    let from = at + 1;
    let len = text[from..].bytes().take(40).position(|c| c == b'^')?;
    let why = "superscript number of the reference list";
    let cites = read_items(
        text,
        from,
        from + len,
        items,
        (at, from + len + 1),
        why,
        true,
    )?;
    Some((cites, from + len + 1))
}

/// HTML "<sup>1</sup>".
fn sup_tag(text: &str, at: usize, items: u32) -> Option<(Vec<Citation>, usize)> {
    let from = at + "<sup>".len();
    let len = text[from..].find("</sup>").filter(|&l| l <= 60)?;
    let end = from + len + "</sup>".len();
    let why = "superscript number of the reference list";
    let cites = read_items(text, from, from + len, items, (at, end), why, true)?;
    Some((cites, end))
}

/// A run of Unicode superscript digits: "¹", "¹²", "⁵⁻⁷", "¹˒³".
fn unicode_run(text: &str, at: usize, items: u32) -> Option<(Vec<Citation>, usize)> {
    if superscript_unit(&text[..at]) {
        return None;
    }
    let mut plain = String::new();
    let mut end = at;
    for (i, c) in text[at..].char_indices() {
        let p = match c {
            '⁻' => '-',
            '˒' | ','
                if text[at + i + c.len_utf8()..]
                    .starts_with(|c| superscript_digit(c).is_some()) =>
            {
                ','
            }
            c => match superscript_digit(c) {
                Some(d) => d,
                None => break,
            },
        };
        plain.push(p);
        end = at + i + c.len_utf8();
    }
    let mut out = Vec::new();
    for piece in plain.split(',') {
        let (first, last, _) = number_item(piece, false)?;
        if first == 0 || last > items || last < first || last - first > MAX_RANGE {
            return None;
        }
        for n in first..=last {
            let mut c = Citation::inline(&text[at..end], (at, end), CitationStyle::Numeric);
            c.parts.number = Some(n);
            c.group = Some((at, end));
            c.detected = Some("superscript number of the reference list".into());
            out.push(c);
        }
    }
    Some((out, end))
}

pub(crate) fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        _ => return None,
    })
}

/// "km²", "m³", "cm²" (a unit after a number) are exponents, not citations.
fn superscript_unit(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let ahead = before[..before.len() - word.len()].trim_end();
    matches!(
        word.as_str(),
        "m" | "km" | "cm" | "mm" | "ft" | "in" | "s" | "x"
    ) && ahead.ends_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str, items: u32) -> Vec<String> {
        find(text, items)
            .iter()
            .map(|c| {
                let (s, e) = c.span.unwrap();
                let loc = c
                    .locator
                    .as_ref()
                    .map(|l| format!(" {}={}", l.label.as_str(), l.value))
                    .unwrap_or_default();
                let pre = c
                    .parts
                    .prefix
                    .as_ref()
                    .map(|p| format!("{p} "))
                    .unwrap_or_default();
                format!("{pre}{}@{}{loc}", c.parts.number.unwrap(), &text[s..e])
            })
            .collect()
    }

    #[test]
    fn every_numeric_form() {
        let cases: &[(&str, &[&str])] = &[
            ("diseases [1].", &["1@1"]),
            ("as [1, p. 320] notes", &["1@1, p. 320 page=320"]),
            ("ranges [2–4] too", &["2@2–4", "3@2–4", "4@2–4"]),
            ("a list [5, 6, 9].", &["5@5", "6@6", "9@9"]),
            (
                "mixed [3, pp. 10–12; 7].",
                &["3@3, pp. 10–12 page=10–12", "7@7"],
            ),
            ("[3, Sec. 29], [4]", &["3@3, Sec. 29 section=29", "4@4"]),
            ("[6, Fig. 3]", &["6@6, Fig. 3 figure=3"]),
            ("in parentheses (1).", &["1@1"]),
            ("(see also 1)", &["see also 1@1"]),
            ("(e.g., 2,3,4)", &["e.g., 2@2", "e.g., 3@3", "e.g., 4@4"]),
            ("diseases.¹ Next", &["1@¹"]),
            ("word¹² next", &["12@¹²"]),
            ("range⁵⁻⁷", &["5@⁵⁻⁷", "6@⁵⁻⁷", "7@⁵⁻⁷"]),
            (
                "x.^(2(pp105-107),3(p357),4)",
                &["2@2(pp105-107) page=105-107", "3@3(p357) page=357", "4@4"],
            ),
            ("^(6(chap5))", &["6@6(chap5) chapter=5"]),
            ("^(5–7)", &["5@5–7", "6@5–7", "7@5–7"]),
            ("text^1^ more", &["1@1"]),
            ("text<sup>2</sup>", &["2@2"]),
            // IEEE's range across brackets; a dash between brackets that do not rise is not one.
            (
                "models [5]–[7] and [8]",
                &["5@5", "6@[5]–[7]", "7@7", "8@8"],
            ),
            ("models [8]–[10].", &["8@8", "9@[8]–[10]", "10@10"]),
            ("[7]–[5] reversed", &["7@7", "5@5"]),
            ("[2]–[3] adjacent", &["2@2", "3@3"]),
            ("[3, p. 4]–[6]", &["3@3, p. 4 page=4", "6@6"]),
            ("[1] – [4] spaced", &["1@1", "4@4"]),
            ("as shown [12,cf. 14,16]", &["12@12", "cf. 14@14", "16@16"]),
            ("as shown [3, see also 5]", &["3@3", "see also 5@5"]),
        ];
        for (text, want) in cases {
            assert_eq!(show(text, 20), *want, "{text:?}");
        }
    }

    #[test]
    fn prose_and_numbers_the_list_lacks_stay_prose() {
        for text in [
            "in (2019) and [sic]",
            "the (21) items",
            "[1 and 2]",
            "an area of 5 km² and 3 m³",
            "[^1] a footnote",
            "[@key]",
            "(0)",
            "[1–200]",
            "see (below, 3)",
        ] {
            assert_eq!(show(text, 20), Vec::<String>::new(), "{text:?}");
        }
    }

    #[test]
    fn long_runs_stay_linear() {
        let n = 100_000;
        for text in [
            "[".repeat(n),
            "(1, ".repeat(n / 4),
            "^(".repeat(n / 2),
            "¹".repeat(n / 2),
        ] {
            let t = std::time::Instant::now();
            let _ = find(&text, 20);
            assert!(t.elapsed() < std::time::Duration::from_secs(5));
        }
    }
}
