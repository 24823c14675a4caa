//! What a block of text is, judged from its words: web-page debris, a caption, a byline, a
//! heading line, the name of a reference list, where one reference ends and the next begins.
//!
//! Owns the vocabularies and thresholds behind those judgements. It does not scan lines
//! (`block.rs`), keep document state such as "are we in the references yet" (`mod.rs`), nor
//! split sentences (`sentence.rs`).

use std::ops::Range;

use super::block::trim;

/// Lines that web pages wrap around an article; alone on a line they are never a claim.
/// Compared after `normalise` (lowercase, markup and trailing punctuation removed).
#[rustfmt::skip]
const DEBRIS: &[&str] = &[
    "skip to content", "skip to main content", "skip to navigation", "jump to navigation",
    "toggle navigation", "table of contents", "contents", "essay", "share", "share this",
    "share this article", "share this page", "share this story", "share on facebook",
    "share on twitter", "share on linkedin", "tweet", "email", "print", "print this page",
    "print this article", "advertisement", "sponsored", "sponsored content", "menu", "main menu",
    "navigation", "search", "home", "back to top", "return to top", "read more", "continue reading",
    "subscribe", "sign in", "log in", "login", "sign up", "close", "related", "related articles",
    "related posts", "you may also like", "follow us", "accept", "accept all", "accept cookies",
    "reject all", "cookie settings", "manage cookies", "previous article", "next article",
    "leave a comment", "leave a reply", "loading",
];

/// Names of the closing list of sources (compared after `normalise`).
#[rustfmt::skip]
const REFERENCE_HEADINGS: &[&str] = &[
    "references", "reference list", "bibliography", "selected bibliography",
    "annotated bibliography", "works cited", "works consulted", "sources", "sources cited",
    "sources consulted", "further reading", "further readings", "recommended reading",
    "recommended readings", "suggested reading", "suggested readings", "literature cited",
    "reading list", "notes and references", "references and notes", "citations",
];

/// Headings that may follow a reference list in plain text even with a number ("Appendix 1").
/// Other lines there end the list only as `ends_reference_list` says, because "Union of
/// Concerned Scientists (2020). Climate solutions." looks no different from a heading.
#[rustfmt::skip]
const BACK_MATTER: &[&str] = &[
    "appendix", "appendices", "notes", "endnotes", "footnotes", "about the author",
    "about the authors", "acknowledgements", "acknowledgments", "glossary", "index",
];

/// A heading's or line's text as shown: outer emphasis marks trimmed, runs of whitespace made
/// one space.
pub(crate) fn collapse(s: &str) -> String {
    s.trim_matches(['*', '_'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `collapse`d and lowercased, `#`/`=` marks and trailing punctuation dropped: the form the
/// word lists are written in.
pub(crate) fn normalise(s: &str) -> String {
    let s = s.trim_matches(['#', '*', '_', '=', ' ', '\t']);
    collapse(s.trim_end_matches([':', '.', '|', '»', '›', ' '])).to_lowercase()
}

/// A heading that opens the closing list of sources.
pub(crate) fn is_reference_heading(heading: &str) -> bool {
    REFERENCE_HEADINGS.contains(&normalise(heading).as_str())
}

/// A plain line that ends a reference list: a back-matter heading ("Appendix 1", "Notes"), or
/// any heading-like line without a digit, since nearly every reference carries a year (or
/// "n.d.") and a heading such as "Introduction" carries none.
pub(crate) fn ends_reference_list(line: &str) -> bool {
    let n = normalise(line);
    let back_matter = BACK_MATTER.iter().any(|h| {
        n == *h
            || n.strip_prefix(h)
                .is_some_and(|rest| rest.starts_with(' ') && rest.len() <= 4)
    });
    back_matter || (looks_like_heading(line) && !line.bytes().any(|b| b.is_ascii_digit()))
}

/// Web-page debris, a cookie notice, a figure caption or image credit, an HTML or image line.
pub(crate) fn is_debris(block: &str) -> bool {
    // Debris lines and cookie notices are short; skip normalising long paragraphs.
    let short_debris = block.len() <= 600 && {
        let n = normalise(block);
        DEBRIS.contains(&n.as_str()) || is_cookie_notice(&n)
    };
    short_debris || is_caption(block) || is_markup_only(block)
}

fn is_cookie_notice(n: &str) -> bool {
    n.contains("cookie")
        && [
            "we use",
            "uses cookies",
            "accept",
            "consent",
            "privacy policy",
            "by continuing",
        ]
        .iter()
        .any(|w| n.contains(w))
}

/// "Figure 3. ...", "Table 2: ...", "Photo: ...", or a short block carrying a copyright or
/// credit line: APA figure notes read "... From “Title,” Publisher. Copyright 2020 by ...".
fn is_caption(block: &str) -> bool {
    let t = block.trim_matches(['*', '_', ' ']);
    let labelled = [
        "Figure ", "Fig. ", "Table ", "Chart ", "Map ", "Exhibit ", "Plate ",
    ]
    .iter()
    .any(|p| {
        t.strip_prefix(p).is_some_and(|rest| {
            let label: String = rest
                .chars()
                .take_while(|c| !matches!(c, '.' | ':' | ' '))
                .collect();
            let after = rest[label.len()..].chars().next();
            !label.is_empty()
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && (label.chars().any(|c| c.is_ascii_digit()) || label.len() == 1)
                && matches!(after, None | Some('.' | ':'))
        })
    });
    let credited = [
        "Photo:",
        "Image:",
        "Photo credit",
        "Image credit",
        "Credit:",
        "Photograph:",
    ]
    .iter()
    .any(|p| t.starts_with(p));
    let short = block.len() <= 500;
    labelled || (short && (credited || block.contains('©') || has_copyright_year(block)))
}

/// "Copyright 2020" (any case), followed by a four-digit year.
fn has_copyright_year(block: &str) -> bool {
    let lower = block.to_lowercase();
    lower.match_indices("copyright ").any(|(i, m)| {
        let rest = &lower.as_bytes()[i + m.len()..];
        rest.len() >= 4 && rest[..4].iter().all(u8::is_ascii_digit)
    })
}

/// A block made only of HTML tags or Markdown images.
fn is_markup_only(block: &str) -> bool {
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .all(|l| {
            (l.starts_with('<') && l.ends_with('>')) || (l.starts_with("![") && l.ends_with(')'))
        })
}

/// "By Daniel Oh", "by A and B", "*By Jane Doe*", "Author: ...", "Written by ...".
pub(crate) fn is_byline(block: &str) -> bool {
    if block.contains('\n') || block.chars().count() > 120 {
        return false;
    }
    let t = block.trim_matches(|c: char| matches!(c, '*' | '_' | ' ' | '\t'));
    let lower = t.to_lowercase();
    if ["author:", "authors:", "author(s):", "written by:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return true;
    }
    let names = if lower.starts_with("by ") {
        &t[3..]
    } else if lower.starts_with("written by ") {
        &t[11..]
    } else {
        return false;
    };
    let words: Vec<&str> = names.split_whitespace().collect();
    let name_like = |w: &&str| {
        let w = w.trim_end_matches(',');
        NAME_PARTICLES.contains(&w) || w.chars().next().is_some_and(char::is_uppercase)
    };
    let end = names.trim_end();
    names.chars().next().is_some_and(char::is_uppercase)
        && words.len() <= 12
        && words.iter().all(name_like)
        && !end.ends_with([',', ';', ':', '!', '?'])
        && !ends_with_sentence_stop(end)
}

/// Lowercase words that may stand between names in a byline.
#[rustfmt::skip]
const NAME_PARTICLES: &[&str] = &[
    "and", "&", "with", "de", "van", "von", "der", "den", "da", "del", "di", "la", "le",
];

/// True when `s` ends with a full stop that is not an initial's ("Daniel H." is fine).
fn ends_with_sentence_stop(s: &str) -> bool {
    let s = s.trim_end();
    let Some(rest) = s.strip_suffix('.') else {
        return false;
    };
    let last = rest
        .rsplit(|c: char| c.is_whitespace() || c == '.')
        .next()
        .unwrap_or("");
    !(last.chars().count() == 1 && last.chars().all(char::is_uppercase))
}

/// A line that reads as a heading when it stands alone: short, one line, starts with a capital
/// or a digit, has no closing punctuation, and is in title case unless it has at most five
/// words ("Introduction", "US-ROK Mutual Defense Treaty", "Problem: Negative Effects of Climate
/// Change"). A question is a heading only in title case.
pub(crate) fn looks_like_heading(block: &str) -> bool {
    let t = block.trim_matches(|c: char| matches!(c, '*' | '_' | ' ' | '\t'));
    let t = strip_section_number(t);
    let words: Vec<&str> = t.split_whitespace().collect();
    if block.contains('\n') || t.chars().count() > 100 || words.is_empty() || words.len() > 14 {
        return false;
    }
    if !t
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    if t.contains("://") || t.contains(". ") || t.contains("? ") || t.contains("! ") {
        return false;
    }
    match t.chars().last() {
        Some('.' | '!' | ',' | ';' | ':' | '"' | '”' | '’' | ')') => false,
        Some('?') => is_title_case(&words),
        // A longer line in sentence case is more likely a fragment ("By the end of the war").
        _ => words.len() <= 5 || is_title_case(&words),
    }
}

/// "1. Introduction", "2.3 Methods", "IV. Results" -> the text after the number.
pub(crate) fn strip_section_number(t: &str) -> &str {
    let Some((first, rest)) = t.split_once(' ') else {
        return t;
    };
    let number = first.trim_end_matches('.');
    let arabic = !number.is_empty()
        && number
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let roman =
        first.ends_with('.') && !number.is_empty() && number.bytes().all(|b| b"IVXLC".contains(&b));
    if arabic || roman {
        rest.trim_start()
    } else {
        t
    }
}

/// Most words of four letters or more are capitalised.
fn is_title_case(words: &[&str]) -> bool {
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() >= 4).collect();
    !long.is_empty()
        && long
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count()
            * 2
            > long.len()
}

/// Splits a block of the reference list into items. Each item is usually its own block; when
/// several share one, a new item starts on a line that is not indented, follows a line that
/// ended an entry (with `.`, `)` or a URL) and itself starts like an entry.
pub(crate) fn reference_items(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut offset = span.start;
    for line in text[span].split_inclusive('\n') {
        let range = trim(text, offset..offset + line.len());
        let indented = range.start > offset;
        offset += line.len();
        let Some(first) = text[range.clone()].chars().next() else {
            continue;
        };
        let starts_entry = first.is_uppercase()
            || first.is_ascii_digit()
            || matches!(first, '"' | '“' | '[' | '-' | '*');
        match items.last_mut() {
            Some(prev) if indented || !starts_entry || !ends_entry(&text[prev.clone()]) => {
                prev.end = range.end
            }
            _ => items.push(range),
        }
    }
    items
}

fn ends_entry(item: &str) -> bool {
    let last_line = item.lines().last().unwrap_or("").trim_end();
    let last_word = last_line.rsplit(' ').next().unwrap_or("");
    last_line.ends_with(['.', ')'])
        || last_word.contains("://")
        || last_word.starts_with("doi:")
        || last_word.starts_with("www.")
}

/// The `title:` value of YAML front matter, unquoted.
pub(crate) fn front_matter_title(block: &str) -> Option<String> {
    block.lines().find_map(|l| {
        let value = l.strip_prefix("title:")?.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        (!value.is_empty()).then(|| value.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debris() {
        #[rustfmt::skip]
        let cases: &[(&str, bool)] = &[
            ("Skip to content", true),
            ("Essay", true),
            ("Table of Contents", true),
            ("## Table of Contents", true),
            ("Share this:", true),
            ("Print", true),
            ("Advertisement", true),
            ("We use cookies to improve your experience. Accept?", true),
            ("This website uses cookies.", true),
            ("Figure 6.5. Atlantic hurricanes in 2020.", true),
            ("Table 2: Casualties by year", true),
            ("*Figure 1*", true),
            ("An overview of the 2020 hurricane season in the Atlantic Ocean. From “Record-Breaking Atlantic Hurricane Season Draws to an End,” NOAA National Weather Service. Copyright 2020 by the National Oceanic and Atmospheric Administration.", true),
            ("Photo: Daniel Oh", true),
            ("![A ship](ship.png)", true),
            ("<div class=\"ad\">\n</div>", true),
            ("Figure skating is a sport. It is popular.", false),
            ("Table salt contains sodium.", false),
            ("The essay was short.", false),
            ("Cookies are tasty. I bake them.", false),
            ("Essay writing", false),
            ("Introduction", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_debris(text), *want, "{text:?}");
        }
    }

    #[test]
    fn bylines() {
        #[rustfmt::skip]
        let cases: &[(&str, bool)] = &[
            ("By Daniel Oh", true),
            ("by Jane Doe and John Roe", true),
            ("*By Jane Doe*", true),
            ("By A. B. Smith", true),
            ("By Jane Doe, John Roe & Ann Poe", true),
            ("Author: Daniel Oh", true),
            ("Written by Daniel Oh", true),
            ("By 2050 emissions must fall.", false),
            ("By the end of the war", false),
            ("By Daniel Oh.\nHe writes.", false),
            ("Bypass Road", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_byline(text), *want, "{text:?}");
        }
    }

    #[test]
    fn headings() {
        #[rustfmt::skip]
        let cases: &[(&str, bool)] = &[
            ("Introduction", true),
            ("US-ROK Mutual Defense Treaty", true),
            ("The US Military Commitment to the ROK", true),
            ("Problem: Negative Effects of Climate Change", true),
            ("1. Introduction", true),
            ("What Went Wrong?", true),
            ("Are we ready to respond?", false),
            ("Policy decisions", true),
            ("By the end of the war", false),
            ("Why the alliance endured so long", false),
            ("The war ended.", false),
            ("Here are two areas of concern:", false),
            ("lowercase start", false),
            ("Union of Concerned Scientists (2020). Climate solutions. https://www.ucsusa.org/climate/solutions", false),
            ("Two\nlines", false),
            ("A very long line that goes on and on and on and on and on and on without ever stopping here", false),
        ];
        for (text, want) in cases {
            assert_eq!(looks_like_heading(text), *want, "{text:?}");
        }
    }

    #[test]
    fn reference_names() {
        #[rustfmt::skip]
        let cases: &[(&str, bool, bool)] = &[
            ("Recommended Readings", true, true),
            ("REFERENCES", true, true),
            ("Bibliography:", true, false),
            ("## Works Cited", true, false),
            ("Further Reading", true, true),
            ("Sources", true, true),
            ("Appendix", false, true),
            ("Appendix 1", false, true),
            ("Notes", false, true),
            ("Introduction", false, true),
            ("US-Korea Military Alliance", false, true),
            ("Appendix of Korean treaties since 1882", false, false),
            ("Union of Concerned Scientists (2020). Climate solutions. https://www.ucsusa.org/climate/solutions", false, false),
            ("Smith, J. 2010", false, false),
        ];
        for (text, refs, back) in cases {
            assert_eq!(is_reference_heading(text), *refs, "{text:?}");
            assert_eq!(ends_reference_list(text), *back, "{text:?}");
        }
    }

    #[test]
    fn splits_reference_items() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            ("Finley, James P. The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations. San Francisco: USFK, 1983.", &["Finley, James P. The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations. San Francisco: USFK, 1983."]),
            ("Paik, S. (1990). A.\nShin, G. (2010). B.", &["Paik, S. (1990). A.", "Shin, G. (2010). B."]),
            ("Paik, S. (1990). Security\n    relations. Seoul Press.\nShin, G. (2010). B.", &["Paik, S. (1990). Security\n    relations. Seoul Press.", "Shin, G. (2010). B."]),
            ("Union (2020). Climate. https://u.org/c\nU.S. EPA (2020). Sources.", &["Union (2020). Climate. https://u.org/c", "U.S. EPA (2020). Sources."]),
            ("Kwan, Tae-hwan, ed. US Korean Relations\n1882-1982. Seoul: Kyungnam, 1982.", &["Kwan, Tae-hwan, ed. US Korean Relations\n1882-1982. Seoul: Kyungnam, 1982."]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = reference_items(text, 0..text.len())
                .into_iter()
                .map(|r| &text[r])
                .collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn front_matter_titles() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<&str>)] = &[
            ("---\ntitle: \"US-Korea\"\n---", Some("US-Korea")),
            ("---\ntitle: Plain\nauthor: X\n---", Some("Plain")),
            ("---\nauthor: X\n---", None),
        ];
        for (text, want) in cases {
            assert_eq!(front_matter_title(text).as_deref(), *want, "{text:?}");
        }
    }
}
