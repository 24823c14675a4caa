//! The citations in the body of a footnote or endnote (a unit of kind `Note`): full notes
//! ("James P. Finley, *The US Military Experience in Korea* (San Francisco: USFK, 1983),
//! 150."), short notes ("Finley, *US Military Experience*, 151.", "Squire, “On the Course of
//! Forgetting,” 242."), "Ibid., 152.", notes citing several works ("...; ...") and notes that
//! mix commentary with a citation ("See Smith, “Launchpad,” sec. 30. This is commentary.").
//!
//! A body is cut at top-level semicolons into pieces; a piece that is a back-reference is left
//! to the ibid rule, and any other piece is read from its ends: a signal ("See", "Cf."), the
//! leading names (before the first comma), the title (the quoted phrase, else the next
//! comma-separated part up to a "(Place: Publisher, Year)"), and the trailing locator (after
//! the last comma, or after the "):" of a journal's date). A piece with neither names nor a
//! title-like phrase is commentary and yields nothing. What the piece cites is decided by
//! resolution, which also has the piece's whole text to match on.

use crate::cite::locator::parse_locator;
use crate::cite::name;
use crate::model::{Citation, CitationStyle, Locator};

/// Longest body read; longer ones are prose.
const MAX_BODY: usize = 4000;
/// Signals that open a piece.
const SIGNALS: &[&str] = &[
    "see also",
    "see, e.g.,",
    "see",
    "cf.",
    "compare",
    "e.g.,",
    "but see",
];

/// The citations of a note's body, spans into `text`.
pub fn find(text: &str) -> Vec<Citation> {
    if text.len() > MAX_BODY {
        return Vec::new();
    }
    let start = label_len(text);
    let mut out = Vec::new();
    for (s, e) in top_level(text, start, text.len(), ';') {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let s = s + lead;
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let lower = piece.to_lowercase();
        if ["ibid", "id.", "idem"].iter().any(|w| lower.starts_with(w)) {
            let mut found = super::find(piece);
            for c in &mut found {
                c.shift(s);
            }
            out.extend(found);
            continue;
        }
        if let Some(c) = read_piece(text, s, s + piece.len()) {
            out.push(c);
        }
    }
    out
}

/// "[3] " or "3. " opening a body (the note's own label).
fn label_len(text: &str) -> usize {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let (open, close) = if t.starts_with('[') {
        (1, ']')
    } else {
        (0, '.')
    };
    let digits = t[open..].bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !t[open + digits..].starts_with(close) {
        return 0;
    }
    let after = &t[open + digits + 1..];
    lead + open + digits + 1 + (after.len() - after.trim_start().len())
}

/// Byte ranges of `text[from..to]` cut at `sep` outside quotes, parentheses and brackets.
fn top_level(text: &str, from: usize, to: usize, sep: char) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut start = from;
    for (i, c) in text[from..to].char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            '“' => quoted = true,
            '”' => quoted = false,
            '"' => quoted = !quoted,
            c if c == sep && depth == 0 && !quoted => {
                out.push((start, from + i));
                start = from + i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push((start, to));
    out
}

/// One piece of a note read as a citation (see the module doc).
fn read_piece(text: &str, s: usize, e: usize) -> Option<Citation> {
    let piece = &text[s..e];
    // The citation part ends before a URL and before commentary that follows it.
    let mut body = piece;
    for cut in [" http://", " https://", " doi:", " DOI:", " www."] {
        if let Some(i) = body.find(cut) {
            body = &body[..i];
        }
    }
    let body = cut_commentary(body).trim_end_matches([',', '.', ' ']);
    let mut rest = body;
    let mut prefix = None;
    let lower = rest.to_lowercase();
    if let Some(sig) = SIGNALS
        .iter()
        .find(|w| lower.starts_with(*w) && lower[w.len()..].starts_with(' '))
    {
        prefix = Some(rest[..sig.len()].to_string());
        rest = rest[sig.len()..].trim_start();
    }
    // The locator: after the last top-level comma, or after "):" (a journal's date).
    let mut locator: Option<Locator> = None;
    let pieces = top_level(rest, 0, rest.len(), ',');
    if pieces.len() >= 2 {
        let (ls, le) = *pieces.last()?;
        let tail = rest[ls..le].trim();
        let before = rest[..ls - 1].trim_end();
        // "Holsteen et al., 1407": after the names alone a number is a page, even one
        // that could be a year (a short note never gives a year).
        // So is a number after a full note's "(Place: Publisher, 1983)".
        let page_year = (!rest.contains('(') && family_names(before)) || before.ends_with(')');
        if tail.starts_with(|c: char| c.is_ascii_digit() || c.is_alphabetic())
            && let Some(l) = parse_locator(tail).filter(|l| page_year || tail_is_locator(tail, l))
        {
            locator = Some(l);
            rest = rest[..ls - 1].trim_end();
        }
    }
    // "“Title,” 242": the comma sits inside the quotes (straight ones too, as Markdown
    // writes them: `"Title," 242`).
    if locator.is_none()
        && let Some(q) = closing_quote(rest)
    {
        let tail = rest[q + 1..].trim_start_matches([',', ' ']).trim();
        // "Dalal et al., “Five-Dimensional Neuroimaging,” 1692": in a short note (family
        // names only) a number after the title is a page; a full note's "Bret Victor,
        // “Explorable Explanations,” 2011" gives a web page's year there.
        let head = rest.split(',').next().unwrap_or("");
        let page_year =
            !rest.contains('(') && tail.chars().all(|c| c.is_ascii_digit()) && family_names(head);
        if !tail.is_empty()
            && let Some(l) = parse_locator(tail).filter(|l| page_year || tail_is_locator(tail, l))
        {
            locator = Some(l);
            rest = &rest[..q + 1];
        }
    }
    if locator.is_none()
        && let Some(i) = rest.rfind("): ")
    {
        let tail = rest[i + 3..].trim();
        if let Some(l) = parse_locator(tail).filter(|l| tail_is_locator(tail, l)) {
            locator = Some(l);
            rest = &rest[..i + 1];
        }
    }
    let mut parts = crate::model::MarkerParts {
        prefix,
        ..Default::default()
    };
    // The title: the quoted phrase, else the part after the names.
    let pieces = top_level(rest, 0, rest.len(), ',');
    let first = rest[pieces[0].0..pieces[0].1].trim();
    let quoted = quoted_title(rest);
    let mut names = if first.contains(['“', '"']) {
        None
    } else {
        names_of(first)
    };
    // "Rosdahl, Manolescu, and Gudmundsson, 256", "Marjorie L Reaka-Kudla, Don E Wilson,
    // and Edward O Wilson, Biodiversity II": a list of names runs over commas up to the
    // piece that opens with "and", each name of the kind of the first (family names only,
    // or full names).
    let mut title_from = usize::from(names.is_some());
    let family = family_names(first);
    let one_full = |w: &str| w.contains(' ') && names_of(w).is_some_and(|n| n.len() == 1);
    let full = !family && one_full(first);
    if let Some(n) = names.as_mut()
        && (family || full)
    {
        let mut more = Vec::new();
        for (j, &(a, b)) in pieces.iter().enumerate().skip(1) {
            let p = rest[a..b].trim();
            // "Zhang, Ebaid, et al.": "et al." closes the list as "and Xu" does.
            if family && (p == "et al." || p == "et al") && !more.is_empty() {
                n.append(&mut more);
                title_from = j + 1;
                break;
            }
            let (last, word) = match p.strip_prefix("and ") {
                Some(w) => (true, w.trim()),
                None => (false, p),
            };
            let same_kind = if family {
                family_names(word)
            } else {
                one_full(word)
            };
            if !same_kind || word.contains(" and ") {
                break;
            }
            more.push(word.to_string());
            if last {
                n.append(&mut more);
                title_from = j + 1;
                break;
            }
        }
    }
    if let Some(n) = &names {
        parts.authors = n.clone();
    }
    parts.title = quoted.or_else(|| {
        let from = title_from;
        let (a, _) = *pieces.get(from)?;
        let t = rest[a..].trim();
        let t = t
            .split(" (")
            .next()
            .unwrap_or(t)
            .trim_end_matches([',', '.']);
        (!t.is_empty()).then(|| t.to_string())
    });
    // The year is the last one the note gives: its publication facts close it ("(San
    // Francisco: USFK, 1983)", "(November 2014): 31"), after a title that may hold years of
    // its own ("Korea, 1871-1982", "since 1945").
    parts.year = rest
        .split(|c: char| !c.is_ascii_digit())
        .rfind(|w| w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1400..=2100).contains(&y)))
        .map(str::to_string);
    // Without names, only a quoted title or a title with a locator or year is a citation;
    // anything else is commentary.
    let evidence = locator.is_some() || parts.year.is_some() || quoted_title(rest).is_some();
    if parts.authors.is_empty()
        && (!evidence
            || parts
                .title
                .as_deref()
                .is_none_or(|t| t.split_whitespace().count() < 2))
    {
        return None;
    }
    let mut c = Citation::inline(piece, (s, e), CitationStyle::Note);
    c.detected = Some(format!(
        "{} in a note's body{}",
        match (parts.authors.is_empty(), parts.title.is_some()) {
            (false, true) => "names and a title",
            (false, false) => "names",
            _ => "a title",
        },
        if locator.is_some() {
            " with a locator"
        } else {
            ""
        }
    ));
    c.parts = parts.into();
    c.locator = locator;
    Some(c)
}

/// The byte offset of the last byte of the closing quote mark of the last quoted phrase:
/// `”`, or a straight `"` that closes one (an even count of them up to it).
fn closing_quote(s: &str) -> Option<usize> {
    let curly = s.rfind('”').map(|q| q + '”'.len_utf8() - 1);
    let straight = s
        .rfind('"')
        .filter(|&q| s[..=q].matches('"').count().is_multiple_of(2));
    curly.max(straight)
}

/// The first quoted phrase (curly or straight quotes), without its trailing comma or stop.
fn quoted_title(rest: &str) -> Option<String> {
    let curly = rest.find('“').and_then(|a| {
        let b = rest[a..].find('”')? + a;
        Some((a, a + '“'.len_utf8(), b))
    });
    let straight = rest.find('"').and_then(|a| {
        let b = rest[a + 1..].find('"')? + a + 1;
        Some((a, a + 1, b))
    });
    let (_, from, to) = match (curly, straight) {
        (Some(c), Some(s)) => c.min(s),
        (c, s) => c.or(s)?,
    };
    Some(rest[from..to].trim_end_matches([',', '.']).to_string())
}

/// A note's citation stops where its commentary starts: at a full stop after the closing
/// locator or title ("..., 242. This is commentary.").
fn cut_commentary(s: &str) -> &str {
    let b = s.as_bytes();
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '“' => quoted = true,
            '”' => quoted = false,
            '"' => quoted = !quoted,
            '.' if depth == 0 && !quoted => {
                let after = &s[i + 1..];
                let prev_digit = i > 0 && b[i - 1].is_ascii_digit();
                let next_sentence = after.starts_with(' ')
                    && after.trim_start().starts_with(char::is_uppercase)
                    && after.split_whitespace().count() >= 3;
                if prev_digit && next_sentence {
                    return &s[..i];
                }
            }
            _ => {}
        }
    }
    s
}

/// A locator that is the whole tail, not a title word that happens to parse.
fn tail_is_locator(tail: &str, l: &Locator) -> bool {
    let words = tail.split_whitespace().count();
    words <= 4
        && (tail.starts_with(|c: char| c.is_ascii_digit())
            || l.label != crate::model::LocatorLabel::Page)
        && !(tail.len() == 4
            && tail
                .parse::<u32>()
                .is_ok_and(|y| (1400..=2100).contains(&y)))
}

/// Names of a short note, family names only: "Holsteen et al.", "Smith and Whitehead",
/// "Rosdahl, Manolescu, and Gudmundsson"; not "Bret Victor" or "A. Kay and A. Goldberg".
fn family_names(s: &str) -> bool {
    let s = s.trim();
    let base = s
        .strip_suffix(" et al.")
        .or_else(|| s.strip_suffix(" et al"))
        .unwrap_or(s)
        // "Zhang, Ebaid, et al.": a second name before "et al." tells two works apart.
        .trim_end_matches(',');
    let persons = name::split_list(base);
    // A family name may open with particles: "Van De Putte", "von Neumann".
    let particle = |w: &str| {
        [
            "van", "de", "der", "den", "von", "di", "du", "da", "del", "della", "la", "le", "ten",
            "ter", "op",
        ]
        .contains(&w.to_lowercase().as_str())
    };
    !persons.is_empty()
        && persons.iter().all(|p| {
            let words: Vec<&str> = p.split_whitespace().collect();
            let Some((last, lead)) = words.split_last() else {
                return false;
            };
            lead.iter().all(|w| particle(w))
                && last.chars().count() >= 2
                && !last.ends_with('.')
                && name::is_name_word(last)
        })
}

/// The names leading a note: "James P. Finley", "Finley", "Smith and Whitehead", "Balgos et
/// al.", "Institute of Military History".
fn names_of(s: &str) -> Option<Vec<String>> {
    let s = s.trim();
    let base = s
        .strip_suffix(" et al.")
        .or_else(|| s.strip_suffix(" et al"))
        .unwrap_or(s);
    if let Some(n) = name::full_names(base) {
        return Some(n.iter().map(|x| x.to_string()).collect());
    }
    let words: Vec<&str> = base.split_whitespace().collect();
    // "The Militant Intellect" is a title, not a body's name ("A Allen" may be one: an
    // initial).
    let ok = !words.is_empty()
        && !matches!(words[0], "The" | "An")
        && words.len() <= 3
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || *w == "and");
    ok.then(|| {
        name::split_list(base)
            .iter()
            .map(|x| x.to_string())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        find(text)
            .iter()
            .map(|c| {
                format!(
                    "{:?} {:?} {:?} {}",
                    c.parts.authors,
                    c.parts.title.as_deref().unwrap_or(""),
                    c.parts.year.as_deref().unwrap_or(""),
                    c.locator.as_ref().map_or("-".into(), |l| format!(
                        "{}={}",
                        l.label.as_str(),
                        l.value
                    ))
                )
            })
            .collect()
    }

    #[test]
    fn every_form_of_note() {
        let cases: &[(&str, &[&str])] = &[
            (
                "[1] James P. Finley, The US Military Experience in Korea (San Francisco: USFK, 1983), 150.",
                &[r#"["James P. Finley"] "The US Military Experience in Korea" "1983" page=150"#],
            ),
            (
                "2. Finley, US Military Experience, 151.",
                &[r#"["Finley"] "US Military Experience" "" page=151"#],
            ),
            (
                "Squire, “On the Course of Forgetting in Very Long-Term Memory,” 242.",
                &[
                    r#"["Squire"] "On the Course of Forgetting in Very Long-Term Memory" "" page=242"#,
                ],
            ),
            (
                "Maria Herminia Balgos et al., “Shell to Core Carrier-Transfer,” J. Lumin. 155 (November 2014): 31, https://doi.org/10.1016/j.jlumin.2014.06.008.",
                &[r#"["Maria Herminia Balgos"] "Shell to Core Carrier-Transfer" "2014" page=31"#],
            ),
            (
                "Fadiman, Ex Libris, 72; Smith and Whitehead, “Launchpad,” sec. 30.",
                &[
                    r#"["Fadiman"] "Ex Libris" "" page=72"#,
                    r#"["Smith", "Whitehead"] "Launchpad" "" section=30"#,
                ],
            ),
            (
                "See Balgos et al., “Shell to Core Carrier-Transfer.”",
                &[r#"["Balgos"] "Shell to Core Carrier-Transfer" "" -"#],
            ),
            (
                "Smith, “Launchpad,” 30. This is commentary on the launch itself.",
                &[r#"["Smith"] "Launchpad" "" page=30"#],
            ),
            // Straight quotes, as a Markdown note is written (pandoc's `smart` reads them
            // as curly ones).
            (
                r#"Braun et al., "Layer-by-Layer Growth," chap. 29; Deissenboeck and Pizka, "Concise and Consistent Naming," 277."#,
                &[
                    r#"["Braun"] "Layer-by-Layer Growth" "" chapter=29"#,
                    r#"["Deissenboeck", "Pizka"] "Concise and Consistent Naming" "" page=277"#,
                ],
            ),
            (
                r#""Signature of Snaking States in Nanowires," Nano Lett. 15, no. 1 (December 2015): para. 21, https://doi.org/10.1021/nl503499w."#,
                &[r#"[] "Signature of Snaking States in Nanowires" "2015" paragraph=21"#],
            ),
            ("Ibid., 152.", &[r#"[] "" "" page=152"#]),
            (
                "James P. Finley, The US Military Experience in Korea, 1871-1982 (San Francisco: USFK, 1983), 150.",
                &[
                    r#"["James P. Finley"] "The US Military Experience in Korea, 1871-1982" "1983" page=150"#,
                ],
            ),
            (
                "The Militant Intellect, 60.",
                &[r#"[] "The Militant Intellect" "" page=60"#],
            ),
            (
                "A Allen, “PhyloDB,” GitHub Repository (GitHub, 2015).",
                &[r#"["A Allen"] "PhyloDB" "2015" -"#],
            ),
            // A short note's page may look like a year; a full web note's year stays one.
            (
                "Holsteen et al., 1407.",
                &[r#"["Holsteen"] "" "" page=1407"#],
            ),
            (
                "Rosdahl, Manolescu, and Gudmundsson, 1256.",
                &[r#"["Rosdahl", "Manolescu", "Gudmundsson"] "" "" page=1256"#],
            ),
            // Chicago adds a second name to tell two works of one first author apart.
            (
                "Zhang, Ebaid, et al., 267–68.",
                &[r#"["Zhang", "Ebaid"] "" "" page=267–68"#],
            ),
            (
                "Van De Putte, Beirlaen, and Meheus, 121.",
                &[r#"["Van De Putte", "Beirlaen", "Meheus"] "" "" page=121"#],
            ),
            (
                "Yang, Lin, et al., “Growth of Nanowires,” 236.",
                &[r#"["Yang", "Lin"] "Growth of Nanowires" "" page=236"#],
            ),
            (
                "Dalal et al., “Five-Dimensional Neuroimaging,” 1692.",
                &[r#"["Dalal"] "Five-Dimensional Neuroimaging" "" page=1692"#],
            ),
            (
                "Paglione et al., “First Observations of Extragalactic CSJ= 1 Goes to 0,” 1717.",
                &[
                    r#"["Paglione"] "First Observations of Extragalactic CSJ= 1 Goes to 0" "" page=1717"#,
                ],
            ),
            (
                "Squire and Wixted, “The Cognitive Neuroscience of Human Memory,” 2011.",
                &[
                    r#"["Squire", "Wixted"] "The Cognitive Neuroscience of Human Memory" "" page=2011"#,
                ],
            ),
            (
                "Bret Victor, “Explorable Explanations,” 2011, http://worrydream.com/ExplorableExplanations/.",
                &[r#"["Bret Victor"] "Explorable Explanations" "2011" -"#],
            ),
            (
                "A. Kay and A. Goldberg, “Personal Dynamic Media,” 1977.",
                &[r#"["A. Kay", "A. Goldberg"] "Personal Dynamic Media" "1977" -"#],
            ),
            (
                "Hofstede, Pedersen, and Hofstede, Exploring Culture, 215.",
                &[r#"["Hofstede", "Pedersen", "Hofstede"] "Exploring Culture" "" page=215"#],
            ),
            (
                "Finley, The US Military Experience (San Francisco: USFK, 1983), 1520.",
                &[r#"["Finley"] "The US Military Experience" "1983" page=1520"#],
            ),
            (
                "Smith, Jones, Korea, 150.",
                &[r#"["Smith"] "Jones, Korea" "" page=150"#],
            ),
            ("This word is sometimes spelled unalienable.", &[]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(show(text), *want, "{text:?}");
        }
    }

    #[test]
    fn long_bodies_stay_cheap() {
        let text = "Smith, “A; ".repeat(300);
        let t = std::time::Instant::now();
        let _ = find(&text);
        let _ = find(&"(".repeat(3000));
        assert!(t.elapsed() < std::time::Duration::from_secs(2));
    }
}
