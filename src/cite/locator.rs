//! Locators: where in a work a citation points ("p. 24", "pp. 24–26", "chap. IV", "§ 2",
//! "n. 63", "fol. 3v", "ll. 48–57", "9/7/51"), read from the text a marker gives after the work.
//!
//! Owns: reading one locator string into a [`Locator`] (its label, its value as written, and
//! numeric page ranges), telling a year from a page ([`is_year`]), and finding the longest
//! locator at the start of a longer suffix ([`leading_locator`]). Not here: finding markers in
//! text (`cite::find`), nor comparing a page with a source's page range (`check`).
//!
//! Decisions a reader may look for:
//! - "24f." is pages 24–25; "24ff." is page 24 with an open end, kept as 24–24 because the end
//!   is unknown and a check should only rely on the first page.
//! - An abbreviated range end takes the start's leading digits: "24-6" is 24–26, "1871-82" is
//!   1871–1882. A range that still runs backwards is not read as pages.
//! - "150n4" (a note on a page) is labelled `Page` with the whole "150n4" as value and page 150:
//!   the page is what a reader turns to and what a check can compare; the note stays in `value`.
//! - Lower-case roman numerals are front-matter pages; a bare upper-case roman ("IV") is a
//!   chapter, the usual typographic convention for chapters, parts and books.
//! - A compound locator ("vol. 2, p. 24") keeps its finest part: the page when there is one.

mod page;

use crate::model::{Locator, LocatorLabel, PageRange};
use page::{page_list, page_with_note, roman};

/// What the caller knows about the position a locator string comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// A year may still come here (the marker has not given one yet): a bare year such as
    /// "2014" or "1983a" is then a year, and [`parse_locator_in`] declines it.
    pub year_open: bool,
    /// The label of a bare number: `Page` in most places, `Chapter` where a style numbers
    /// chapters without a label.
    pub bare: LocatorLabel,
}

impl Default for Slot {
    fn default() -> Self {
        Slot {
            year_open: false,
            bare: LocatorLabel::Page,
        }
    }
}

/// Reads a locator with no context: a bare number is a page, a bare year is a page too.
pub fn parse_locator(s: &str) -> Option<Locator> {
    parse_locator_in(s, Slot::default())
}

/// Reads a locator in a known slot (see [`Slot`]).
pub fn parse_locator_in(s: &str, slot: Slot) -> Option<Locator> {
    let s = s.trim();
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    if let Some(loc) = labelled(s) {
        return Some(loc);
    }
    if let Some(loc) = compound(s) {
        return Some(loc);
    }
    if date(s) {
        return Some(make(LocatorLabel::Date, s, Vec::new()));
    }
    if slot.year_open && is_year(s) {
        return None;
    }
    if let Some(loc) = trailing_paragraph(s) {
        return Some(loc);
    }
    if let Some(page) = page_with_note(s) {
        return Some(make(LocatorLabel::Page, s, vec![page]));
    }
    if let Some((ranges, roman_upper)) = page_list(s, true) {
        if roman_upper {
            return Some(make(LocatorLabel::Chapter, s, Vec::new()));
        }
        return Some(match slot.bare {
            LocatorLabel::Page => make(LocatorLabel::Page, s, ranges),
            other => make(other, s, Vec::new()),
        });
    }
    None
}

/// The longest locator at the start of `s`, and the byte length it takes (trailing
/// punctuation excluded). For suffixes such as "pp. 33-35, 38-39 and passim" or "26. Next".
pub fn leading_locator(s: &str) -> Option<(Locator, usize)> {
    // Every locator opens with a digit, a roman numeral, a label or a month; anything else is
    // turned away before trying the prefixes one by one.
    let first_word = s.split_whitespace().next()?;
    let head = first_word
        .split(['-', '–', '—', ',', '.', ';', ':'])
        .next()?;
    let opens = first_word.starts_with(|c: char| c.is_ascii_digit())
        || roman(head).is_some()
        || split_label(s).is_some()
        || is_month(first_word)
        || ["first", "second", "third", "last", "final", "penultimate"]
            .iter()
            .any(|o| first_word.eq_ignore_ascii_case(o));
    if !opens {
        return None;
    }
    let mut ends = Vec::new();
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if matches!(c, ';' | ')' | ']' | '\n') {
            if in_word {
                ends.push(i);
            }
            break;
        }
        if c.is_whitespace() {
            if in_word {
                ends.push(i);
                if ends.len() == 7 {
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
        if in_word && i + c.len_utf8() == s.len() {
            ends.push(s.len());
        }
    }
    for &end in ends.iter().rev() {
        let mut cand = s[..end].trim_end_matches([',', ':', ';']);
        // "chap. 9." closing a note: the full stop is the sentence's, not the value's.
        if let Some(shorter) = cand.strip_suffix('.')
            && shorter.ends_with(|c: char| c.is_ascii_digit())
        {
            cand = shorter;
        }
        for _ in 0..2 {
            if let Some(loc) = parse_locator(cand) {
                return Some((loc, cand.len()));
            }
            match cand.strip_suffix('.') {
                Some(shorter) => cand = shorter,
                None => break,
            }
        }
    }
    None
}

/// True for a year as citations write it: "2014", "1983a", "1900/1953", "n.d.", "n.d.-b",
/// "in press", "forthcoming". Four-digit years count from 1400 to 2099, so a page 1024 stays a
/// page.
pub fn is_year(s: &str) -> bool {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    for word in ["n.d.", "in press", "forthcoming"] {
        if let Some(rest) = lower.strip_prefix(word) {
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            return rest.is_empty() || (rest.len() == 1 && rest.as_bytes()[0].is_ascii_lowercase());
        }
    }
    if let Some((a, b)) = s.split_once('/') {
        return four_digit_year(a) && year_with_letter(b);
    }
    year_with_letter(s)
}

/// True for a page range whose ends are both plausible years ("1945-53", "1871–1982"): where
/// a year could stand, such a value is a span of years (a term of office, life dates), not
/// pages.
pub fn spans_years(loc: &Locator) -> bool {
    let year = |y: u32| (1400..=2099).contains(&y);
    loc.label == LocatorLabel::Page
        && loc.pages.len() == 1
        && loc.pages[0].start != loc.pages[0].end
        && !loc.pages[0].roman
        && year(loc.pages[0].start)
        && year(loc.pages[0].end)
}

fn year_with_letter(s: &str) -> bool {
    match s.as_bytes() {
        [_, _, _, _] => four_digit_year(s),
        [_, _, _, _, l] => l.is_ascii_lowercase() && four_digit_year(&s[..4]),
        _ => false,
    }
}

fn four_digit_year(s: &str) -> bool {
    s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<u32>().is_ok_and(|y| (1400..=2099).contains(&y))
}

fn make(label: LocatorLabel, value: &str, pages: Vec<PageRange>) -> Locator {
    Locator {
        label,
        value: value.to_string(),
        pages,
    }
}

/// Label words, longest first within each family so "pp" wins over "p". Single letters need
/// their period ("p. 24"), so a stray "p" or "l" in prose is not a label.
const LABELS: &[(LocatorLabel, &str)] = &[
    (LocatorLabel::Page, "pages page pgs pg pp p"),
    (LocatorLabel::Chapter, "chapters chapter chaps chap chs ch"),
    (
        LocatorLabel::Section,
        "sections section sects sect secs sec §§ §",
    ),
    (LocatorLabel::Note, "notes note nn n"),
    (LocatorLabel::Folio, "folios folio fols fol ff f"),
    (LocatorLabel::Line, "lines line ll l"),
    (
        LocatorLabel::Paragraph,
        "paragraphs paragraph paras para pars par ¶¶ ¶",
    ),
    (LocatorLabel::Volume, "volumes volume vols vol"),
    (LocatorLabel::Figure, "figures figure figs fig"),
];

/// "p. 24", "chapter IV", "§§ 2–4", "p.~150": a label word, then the value.
fn labelled(s: &str) -> Option<Locator> {
    let (label, rest) = split_label(s)?;
    let value = rest.trim();
    if value.is_empty() {
        return None;
    }
    if label == LocatorLabel::Page {
        if let Some(page) = page_with_note(value) {
            return Some(make(label, value, vec![page]));
        }
        if let Some((ranges, _)) = page_list(value, false) {
            return Some(make(label, value, ranges));
        }
        // "p. A3", "p. S12": a page all the same, without numbers to compare.
        let token = value.len() <= 12 && value.chars().all(|c| c.is_alphanumeric() || c == '-');
        return token.then(|| make(label, value, Vec::new()));
    }
    short_value(value).then(|| make(label, value, Vec::new()))
}

/// Splits a leading label word off: the label and the rest after its period and spacing.
fn split_label(s: &str) -> Option<(LocatorLabel, &str)> {
    let words = LABELS
        .iter()
        .flat_map(|&(label, words)| words.split(' ').map(move |w| (w, label)));
    for (word, label) in words {
        let Some(head) = s.get(..word.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(word) {
            continue;
        }
        let mut rest = &s[word.len()..];
        let dotted = rest.starts_with('.');
        if dotted {
            rest = &rest[1..];
        }
        let symbol = word.starts_with('§') || word.starts_with('¶');
        if word.len() == 1 && !dotted {
            continue;
        }
        let next = rest.chars().next()?;
        let spaced = next.is_whitespace() || next == '~';
        // "p.24", "§2" run on; a bare word needs a space ("chapter IV", not "chapterIV").
        if spaced || ((dotted || symbol) && next.is_ascii_digit()) {
            return Some((
                label,
                rest.trim_start_matches(|c: char| c.is_whitespace() || c == '~'),
            ));
        }
    }
    None
}

/// A value for a label other than page: numbers, romans, folio sides, ranges and lists.
fn short_value(v: &str) -> bool {
    v.len() <= 30
        && v.split_whitespace().all(|t| {
            let t = t.trim_end_matches(',');
            t == "&"
                || t == "and"
                || roman(t).is_some()
                || (t.chars().any(|c| c.is_ascii_digit())
                    && t.chars()
                        .all(|c| c.is_alphanumeric() || ".-–—/".contains(c)))
        })
}

/// "vol. 2, p. 24", "ch. 3, p. 45": several labelled parts; the page wins, else the first.
fn compound(s: &str) -> Option<Locator> {
    let parts: Vec<&str> = s.split(", ").collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let locs: Option<Vec<Locator>> = parts.iter().map(|p| labelled(p)).collect();
    let mut locs = locs?;
    let page = locs.iter().position(|l| l.label == LocatorLabel::Page);
    Some(locs.swap_remove(page.unwrap_or(0)))
}

/// "final para.", "second paragraph": APA's paragraph counting without a number.
fn trailing_paragraph(s: &str) -> Option<Locator> {
    let (word, label) = s.rsplit_once(' ')?;
    let is_para = ["para.", "para", "paragraph"]
        .iter()
        .any(|p| label.eq_ignore_ascii_case(p));
    let ordinal = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "last",
        "final",
        "penultimate",
    ]
    .iter()
    .any(|o| word.eq_ignore_ascii_case(o));
    (is_para && ordinal).then(|| make(LocatorLabel::Paragraph, word, Vec::new()))
}

const MONTHS: &str = "\
    january february march april may june july august september october november december \
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.";

/// True for a month name or its abbreviation ("Sept.", "May").
pub(crate) fn is_month(word: &str) -> bool {
    MONTHS
        .split_ascii_whitespace()
        .any(|m| word.eq_ignore_ascii_case(m))
}

/// A date used as a locator: "9/7/51", "1951-09-07", "7 Sept. 1951", "April 2, 2020",
/// "May 25", "May 2018".
fn date(s: &str) -> bool {
    let numeric = |t: &str, min: usize, max: usize| {
        (min..=max).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    let slash: Vec<&str> = s.split('/').collect();
    if slash.len() == 3 {
        return numeric(slash[0], 1, 2) && numeric(slash[1], 1, 2) && numeric(slash[2], 2, 4);
    }
    let iso: Vec<&str> = s.split('-').collect();
    if iso.len() == 3 && numeric(iso[0], 4, 4) && numeric(iso[1], 2, 2) && numeric(iso[2], 2, 2) {
        return true;
    }
    let day = |t: &str| numeric(t, 1, 2) && t.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
    let year = |t: &str| numeric(t, 4, 4);
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [d, m, y] if day(d) && is_month(m) && year(y) => true,
        [m, d, y] if is_month(m) && d.ends_with(',') && day(&d[..d.len() - 1]) && year(y) => true,
        [m, d] if is_month(m) && day(d) => true,
        [m, y] if is_month(m) && year(y) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders a locator as "label value [start-end,...]" (roman ranges marked with r).
    fn show(loc: Option<Locator>) -> String {
        let Some(loc) = loc else {
            return "none".into();
        };
        let mut out = format!("{} {}", loc.label.as_str(), loc.value);
        if !loc.pages.is_empty() {
            let pages: Vec<String> = loc
                .pages
                .iter()
                .map(|r| format!("{}{}-{}", if r.roman { "r" } else { "" }, r.start, r.end))
                .collect();
            out.push_str(&format!(" [{}]", pages.join(",")));
        }
        out
    }

    #[test]
    fn parse_locator_table() {
        let cases = [
            ("24", "page 24 [24-24]"),
            ("p. 24", "page 24 [24-24]"),
            ("pp. 24–26", "page 24–26 [24-26]"),
            ("24-26", "page 24-26 [24-26]"),
            ("24--26", "page 24--26 [24-26]"),
            ("24f.", "page 24f. [24-25]"),
            ("24 f.", "page 24 f. [24-25]"),
            ("24ff.", "page 24ff. [24-24]"),
            ("xii", "page xii [r12-12]"),
            ("xii–xv", "page xii–xv [r12-15]"),
            ("29–35 & 176", "page 29–35 & 176 [29-35,176-176]"),
            ("29-35, 176", "page 29-35, 176 [29-35,176-176]"),
            ("p.~150", "page 150 [150-150]"),
            ("p.24", "page 24 [24-24]"),
            ("page 7", "page 7 [7-7]"),
            ("pages 7-9", "page 7-9 [7-9]"),
            ("24-6", "page 24-6 [24-26]"),
            ("1871-82", "page 1871-82 [1871-1882]"),
            ("150-52", "page 150-52 [150-152]"),
            ("98–102", "page 98–102 [98-102]"),
            ("26-24", "none"),
            ("p. A3", "page A3"),
            ("p. IV", "page IV [r4-4]"),
            ("ch. 3", "chapter 3"),
            ("chap. 3", "chapter 3"),
            ("chapter IV", "chapter IV"),
            ("chs. 3–4", "chapter 3–4"),
            ("IV", "chapter IV"),
            ("§ 2", "section 2"),
            ("§§ 2–4", "section 2–4"),
            ("§2", "section 2"),
            ("sec. 4", "section 4"),
            ("n. 63", "note 63"),
            ("nn. 3–4", "note 3–4"),
            ("150n4", "page 150n4 [150-150]"),
            ("150 n. 4", "page 150 n. 4 [150-150]"),
            ("p. 150n4", "page 150n4 [150-150]"),
            ("f. 50ra", "folio 50ra"),
            ("fol. 3v", "folio 3v"),
            ("ff. 2–4", "folio 2–4"),
            ("fols. 12r–13v", "folio 12r–13v"),
            ("l. 4", "line 4"),
            ("ll. 48–57", "line 48–57"),
            ("para. 3", "paragraph 3"),
            ("¶ 3", "paragraph 3"),
            ("¶¶ 3–4", "paragraph 3–4"),
            ("final para.", "paragraph final"),
            ("vol. 2", "volume 2"),
            ("fig. 3", "figure 3"),
            ("figure 6.5", "figure 6.5"),
            ("9/7/51", "date 9/7/51"),
            ("7 Sept. 1951", "date 7 Sept. 1951"),
            ("April 2, 2020", "date April 2, 2020"),
            ("1951-09-07", "date 1951-09-07"),
            ("vol. 2, p. 24", "page 24 [24-24]"),
            ("ch. 3, n. 2", "chapter 3"),
            ("2014", "page 2014 [2014-2014]"),
            ("below", "none"),
            ("p < 0.05", "none"),
            ("6.5", "none"),
            ("ch. 3 of the book", "none"),
            ("mix", "none"),
            ("Xii", "none"),
            ("", "none"),
            ("p", "none"),
            ("p.", "none"),
            ("chapterIV", "none"),
        ];
        for (input, want) in cases {
            assert_eq!(show(parse_locator(input)), want, "input {input:?}");
        }
    }

    #[test]
    fn slots_decide_years_and_bare_labels() {
        let year_open = Slot {
            year_open: true,
            ..Slot::default()
        };
        let chapter = Slot {
            bare: LocatorLabel::Chapter,
            ..Slot::default()
        };
        let cases = [
            ("2014", year_open, "none"),
            ("1983a", year_open, "none"),
            ("24", year_open, "page 24 [24-24]"),
            ("1024", year_open, "page 1024 [1024-1024]"),
            ("p. 2014", year_open, "page 2014 [2014-2014]"),
            ("3", chapter, "chapter 3"),
            ("IV", chapter, "chapter IV"),
        ];
        for (input, slot, want) in cases {
            assert_eq!(show(parse_locator_in(input, slot)), want, "input {input:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn year_spans_are_not_pages() {
        let cases = [("1945-53", true), ("1871–1982", true), ("1950", false), ("150-52", false), ("1200-1210", false)];
        for (input, want) in cases {
            let loc = parse_locator(input).expect("a page");
            assert_eq!(spans_years(&loc), want, "input {input:?}");
        }
    }

    #[test]
    fn years() {
        let cases = [
            ("2014", true),
            ("1983a", true),
            ("1900/1953", true),
            ("n.d.", true),
            ("n.d.-b", true),
            ("in press", true),
            ("forthcoming", true),
            ("150", false),
            ("1024", false),
            ("2150", false),
            ("1983ab", false),
            ("1983A", false),
            ("1817–1862", false),
        ];
        for (input, want) in cases {
            assert_eq!(is_year(input), want, "input {input:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn leading_locators() {
        let cases = [
            ("pp. 33-35, 38-39 and passim", "page 33-35, 38-39 [33-35,38-39]", 16),
            ("26. The next sentence", "page 26 [26-26]", 2),
            ("24f. and more", "page 24f. [24-25]", 4),
            ("p. 150; Reid", "page 150 [150-150]", 6),
            ("chap. 9.", "chapter 9", 7),
            ("vol. 16.", "volume 16", 7),
            ("l. 6.", "line 6", 4),
            ("fig. 10.", "figure 10", 7),
            ("emphasis added", "none", 0),
        ];
        for (input, want, len) in cases {
            let got = leading_locator(input);
            let used = got.as_ref().map_or(0, |(_, n)| *n);
            assert_eq!(show(got.map(|(l, _)| l)), want, "input {input:?}");
            assert_eq!(used, len, "length for {input:?}");
        }
    }
}
