//! Free-form notes written into the running text, full or short:
//! "(see James P. Finley, The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US
//! Relations, San Francisco: USFK, 150)", "(The History of the ROK-US Alliance: 1953-2013,
//! 25)", "(Faith in a Seed, 144)".
//!
//! Owns the note rule. Titles hold commas ("…in Korea, 1871-1982: …"), so the item is not cut
//! blindly at commas: it is read from both ends by structure. From the end: a locator (which
//! may itself hold commas: "29–35, 176"), a year before it (a year is never a page here), then
//! a "Place: Publisher" pair. From the start: the full names of an author when what follows
//! still leaves a title. What remains in between is the title, as written. Not here: the word
//! rules for names and places (`cite::name`).

use super::Item;
use super::group;
use crate::cite::locator::{is_year, parse_locator, spans_years};
use crate::cite::name;
use crate::model::{Citation, CitationStyle, Locator, MarkerParts};

/// Reads an item as a free-form note, or `None` when it lacks a title-like phrase or has
/// nothing after it that notes give (a locator, a year, a place and publisher).
pub(super) fn item(it: &Item) -> Option<Citation> {
    let text = it.text;
    let segs = group::split_top(text, it.body, it.end, b',');
    let seg = |i: usize| &text[segs[i].0..segs[i].1];
    if segs.len() < 2 {
        return None;
    }
    let mut idx = segs.len();
    let mut locator: Option<Locator> = None;
    let mut year = None;
    if is_year(seg(idx - 1)) {
        year = Some(seg(idx - 1));
        idx -= 1;
    } else if parse_locator(seg(idx - 1)).is_some_and(|l| !spans_years(&l)) {
        // Widen over earlier pieces of the same locator ("29–35, 176"), never over a year.
        let last = segs[idx - 1].1;
        let mut from = idx - 1;
        while from > 1
            && from + 3 > idx
            && !is_year(seg(from - 1))
            && parse_locator(&text[segs[from - 1].0..last]).is_some()
        {
            from -= 1;
        }
        locator = parse_locator(&text[segs[from].0..last]);
        idx = from;
        if idx > 1 && is_year(seg(idx - 1)) {
            year = Some(seg(idx - 1));
            idx -= 1;
        }
    }
    let mut place = None;
    if idx >= 3 {
        // "Cambridge, MA: MIT Press" spans two segments.
        let joined = &text[segs[idx - 2].0..segs[idx - 1].1];
        if let Some(pp) = name::place_and_publisher(joined).filter(|(p, _)| p.contains(", ")) {
            place = Some(pp);
            idx -= 2;
        }
    }
    if place.is_none()
        && idx >= 2
        && let Some(pp) = name::place_and_publisher(seg(idx - 1))
    {
        place = Some(pp);
        idx -= 1;
    }
    let mut authors = Vec::new();
    let mut first = 0;
    if idx >= 2
        && let Some(names) = name::full_names(seg(0))
    {
        authors = names.iter().map(|n| n.to_string()).collect();
        first = 1;
    }
    if idx == first {
        return None;
    }
    let mut title = &text[segs[first].0..segs[idx - 1].1];
    // A full note may close its title with "(Place: Publisher, Year)".
    if place.is_none()
        && let Some((head, pp, y)) = trailing_publication(title)
    {
        title = head;
        place = Some(pp);
        year = year.or(y);
    }
    if !title_like(title) || (locator.is_none() && year.is_none() && place.is_none()) {
        return None;
    }
    let mut parts = it.parts();
    parts.authors = authors;
    parts.title = Some(title.to_string());
    parts.place = place.map(|(p, _)| p.to_string());
    parts.publisher = place.map(|(_, p)| p.to_string());
    parts.year = year.map(str::to_string);
    let detected = note_parts_rule(&parts, locator.as_ref(), it.within());
    let span = (it.start, it.end);
    Some(it.cite(span, CitationStyle::Note, detected, parts, locator))
}

/// Says which parts made the note: "name and title-like phrase with place: publisher, year
/// and a page in parentheses".
fn note_parts_rule(parts: &MarkerParts, locator: Option<&Locator>, within: &str) -> String {
    let mut found: Vec<String> = Vec::new();
    if parts.place.is_some() {
        found.push("place: publisher".into());
    }
    if parts.year.is_some() {
        found.push("year".into());
    }
    if let Some(l) = locator {
        found.push(format!("a {}", l.label.as_str()));
    }
    let last = found.pop().unwrap_or_default();
    let tail = if found.is_empty() {
        last
    } else {
        format!("{} and {last}", found.join(", "))
    };
    let lead = if parts.authors.is_empty() {
        ""
    } else {
        "name and "
    };
    format!("{lead}title-like phrase with {tail} in {within}")
}

/// "Title (San Francisco: USFK, 1983)": the title before the parenthesis, the place and
/// publisher, and the year if given.
fn trailing_publication(title: &str) -> Option<(&str, (&str, &str), Option<&str>)> {
    let inner_end = title.strip_suffix(')')?;
    let open = inner_end.rfind('(')?;
    let inner = &inner_end[open + 1..];
    let (pp, y) = match inner.rsplit_once(", ") {
        Some((pp, y)) if is_year(y) => (pp, Some(y)),
        _ => (inner, None),
    };
    let pp = name::place_and_publisher(pp)?;
    Some((title[..open].trim_end(), pp, y))
}

/// Words that label the parts of a document or a law, not works: "(Part 2, 14)",
/// "(Article 4, 1953)".
const PART_LABELS: &str = "\
    appendix article box chapter eq. equation exhibit fig. figure item level map no. note \
    number page part phase plate section see stage step table version vol. volume";

/// A title-like phrase: opens with a capital, a digit or a quotation mark, holds letters, and
/// is not a label of the document's own parts ("Figure 3") or a link.
fn title_like(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let opens = first.is_uppercase() || first.is_ascii_digit() || "“\"‘'".contains(first);
    let first_word = s.split_whitespace().next().unwrap_or("");
    let label = name::in_list(PART_LABELS, first_word);
    // "June 25" or "Sept. 1951" is a date, not a title.
    let date = parse_locator(s).is_some();
    opens
        && !label
        && !date
        && s.len() <= 300
        && s.chars().any(char::is_alphabetic)
        && !s.contains("://")
        && !s.contains('@')
}

#[cfg(test)]
mod tests {
    use crate::cite::find::testing::check;

    #[test]
    #[rustfmt::skip]
    fn notes() {
        check(&[
            ("(see James P. Finley, The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations, San Francisco: USFK, 150)", r#"note "see James P. Finley, The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations, San Francisco: USFK, 150" pre=see a=James P. Finley t=The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations pl=San Francisco pub=USFK loc=page 150"#),
            ("(see The History of the ROK-US Alliance: 1953-2013, Seoul: Institute of Military History, 2014, 24)", r#"note "see The History of the ROK-US Alliance: 1953-2013, Seoul: Institute of Military History, 2014, 24" pre=see t=The History of the ROK-US Alliance: 1953-2013 pl=Seoul pub=Institute of Military History y=2014 loc=page 24"#),
            ("(The History of the ROK-US Alliance: 1953-2013, 25)", r#"note "The History of the ROK-US Alliance: 1953-2013, 25" t=The History of the ROK-US Alliance: 1953-2013 loc=page 25"#),
            ("(Faith in a Seed, 144)", r#"note "Faith in a Seed, 144" t=Faith in a Seed loc=page 144"#),
            ("(Finley, The U.S. Experience in Korea, 150)", r#"note "Finley, The U.S. Experience in Korea, 150" a=Finley t=The U.S. Experience in Korea loc=page 150"#),
            ("(Faith in a Seed, 29–35, 176)", r#"note "Faith in a Seed, 29–35, 176" t=Faith in a Seed loc=page 29–35, 176"#),
            ("(Faith in a Seed, ch. 3)", r#"note "Faith in a Seed, ch. 3" t=Faith in a Seed loc=chapter 3"#),
            ("(cf. Faith in a Seed, 144f.)", r#"note "cf. Faith in a Seed, 144f." pre=cf. t=Faith in a Seed loc=page 144f."#),
            ("(The History of the ROK-US Alliance: 1953-2013, 2014)", r#"note "The History of the ROK-US Alliance: 1953-2013, 2014" t=The History of the ROK-US Alliance: 1953-2013 y=2014"#),
            ("(see Gerald L. Curtis and Sung-joo Han, The US-South Korean Alliance, Lexington: Lexington Books, 1983, 12)", r#"note "see Gerald L. Curtis and Sung-joo Han, The US-South Korean Alliance, Lexington: Lexington Books, 1983, 12" pre=see a=Gerald L. Curtis;Sung-joo Han t=The US-South Korean Alliance pl=Lexington pub=Lexington Books y=1983 loc=page 12"#),
            ("(Finley, The US Experience (San Francisco: USFK, 1983), 150)", r#"note "Finley, The US Experience (San Francisco: USFK, 1983), 150" a=Finley t=The US Experience pl=San Francisco pub=USFK y=1983 loc=page 150"#),
            ("(Institute of Military History, The History of the ROK-US Alliance, 60)", r#"note "Institute of Military History, The History of the ROK-US Alliance, 60" a=Institute of Military History t=The History of the ROK-US Alliance loc=page 60"#),
            ("(see Thomas S. Kuhn, The Structure of Scientific Revolutions, Chicago: University of Chicago Press, 1962, 52)", r#"note "see Thomas S. Kuhn, The Structure of Scientific Revolutions, Chicago: University of Chicago Press, 1962, 52" pre=see a=Thomas S. Kuhn t=The Structure of Scientific Revolutions pl=Chicago pub=University of Chicago Press y=1962 loc=page 52"#),
            ("(Ada Lovelace, Notes, Cambridge, MA: MIT Press, 2000, 24)", r#"note "Ada Lovelace, Notes, Cambridge, MA: MIT Press, 2000, 24" a=Ada Lovelace t=Notes pl=Cambridge, MA pub=MIT Press y=2000 loc=page 24"#),
            ("(Walden, xii)", r#"note "Walden, xii" t=Walden loc=page xii"#),
            ("(Thoreau, Walden: Life in the Woods, 144)", r#"note "Thoreau, Walden: Life in the Woods, 144" a=Thoreau t=Walden: Life in the Woods loc=page 144"#),
        ]);
    }

    #[test]
    fn not_notes() {
        check(&[
            ("(e.g., solar and wind)", ""),
            ("(the treaty of 1953, 24)", ""),
            ("(for example, 1953, 1961)", ""),
            ("(Figure 6.5, 12)", ""),
            ("(see https://example.org/a, 3)", ""),
            ("(In 1953, 25 ships sank)", ""),
            ("(Seoul: Institute of Military History)", ""),
            ("(Truman, 1945-53)", ""),
            ("(June 25, 1950)", ""),
            ("(May 22, 1882, 3)", ""),
            ("(Article 4, 1953)", ""),
            ("(Part 2, 14)", ""),
        ]);
    }
}
