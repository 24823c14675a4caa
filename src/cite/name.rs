//! Names as citations and reference lists write them: "Finley", "Smith & Jones", "Smith et al.",
//! "James P. Finley", "U.S. Global Change Research Program [USGCRP]", "Curtis, Gerald L.".
//!
//! Owns: deciding whether a run of words reads as author names (and not as prose, a month or a
//! figure label), splitting a name list into its names, and walking back from a parenthesis to
//! the names of a narrative citation. Not here: matching names against the library (that is
//! resolution's work) nor anything about titles, years or locators.
//!
//! The rules are word classes, not dictionaries of people: a name word starts with a capital;
//! initials, particles ("van", "de"), connectors ("and", "&", "et al.") and the small words of
//! corporate names ("of", "for", "the") may sit between name words; a few capitalised words
//! (months, "Figure", "In", "However") are known not to be names.

/// Words that start with a capital but do not start a name: sentence openers, prepositions,
/// and labels that number things inside a document ("Figure 6", "Table 2").
const NOT_NAMES: &str = "\
    a about according after also although an and appendix around article as at because \
    before between both but by ca ca. chapter circa compare during each earlier eq. equation \
    even example exhibit fig. figure for from further furthermore he here however i if in \
    including it its later level like many meanwhile moreover most no. not note number on or \
    our over page part phase see section she similarly since so some stage step still table \
    that the their then there these they this those thus to under unlike until version vol. \
    volume we when where while with without yet";

/// Capitalised words that name a time, not a person: "(May 2018)", "(Summer 2019)".
const TIMES: &str = "\
    ad autumn bc bce ce fall fy spring summer winter";

/// Small words that corporate names carry inside them.
const FUNCTION_WORDS: &str = "\
    of for the on in de du des y upon";

/// Particles that start a surname: "van Dijk", "de Gaulle".
const PARTICLES: &str = "\
    van von de der den del della di da du la le dos das ter ten bin ibn al el zu st.";

/// Words that make a name corporate, so "and" inside it does not split it into persons.
const CORPORATE: &str = "\
    academy administration agency alliance assembly association authority bank board bureau \
    center centre coalition commission committee company congress corporation council court \
    department federal forum foundation fund government group inc. institute institution \
    international journal laboratory league library ltd. ministry museum national network \
    news office organisation organization panel press program programme project research \
    review scientists service services society survey trust union university";

/// True when `word` is one of the whitespace-separated words of `list`, ignoring ASCII case.
pub(crate) fn in_list(list: &str, word: &str) -> bool {
    list.split_ascii_whitespace()
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// The class of one word of a name run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// A capitalised name word: "Finley", "U.S.", "McMillon", "Sung-joo", "EPA".
    Name,
    /// "P.", "J.P.", "J.-P.".
    Initial,
    /// "and", "&".
    And,
    /// "et" or "al." of "et al.".
    EtAl,
    /// "van", "de"...
    Particle,
    /// "of", "for", "the" inside a corporate name.
    Function,
    /// "[USGCRP]": an abbreviation a corporate author introduces.
    Abbrev,
}

/// An initial: "P.", "J.P.", "J.-P.".
pub(crate) fn initial(w: &str) -> bool {
    let mut chars = w.chars().peekable();
    let mut letters = 0;
    while let Some(c) = chars.next() {
        if !c.is_uppercase() || chars.next() != Some('.') {
            return false;
        }
        letters += 1;
        if chars.peek() == Some(&'-') {
            chars.next();
        }
    }
    letters > 0
}

fn classify(w: &str) -> Option<Word> {
    if w == "&" || w == "and" {
        return Some(Word::And);
    }
    if w == "et" || w == "al." || w == "al" {
        return Some(Word::EtAl);
    }
    if initial(w) {
        return Some(Word::Initial);
    }
    if let Some(inner) = w.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        let caps = !inner.is_empty() && inner.chars().all(|c| c.is_uppercase() || c == '.');
        return caps.then_some(Word::Abbrev);
    }
    if in_list(PARTICLES, w) && w.starts_with(|c: char| c.is_lowercase()) {
        return Some(Word::Particle);
    }
    if in_list(FUNCTION_WORDS, w) && w.starts_with(|c: char| c.is_lowercase()) {
        return Some(Word::Function);
    }
    let first = w.chars().next()?;
    let body_ok = w
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'));
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (first.is_uppercase() && body_ok && letters >= 2).then_some(Word::Name)
}

/// Strips a possessive ("Finley’s" -> "Finley") and returns the bare word.
pub(crate) fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("’s")
        .or_else(|| w.strip_suffix("'s"))
        .or_else(|| w.strip_suffix('’'))
        .unwrap_or(w)
}

/// Names read from a run of words: the authors as written (slices of the input) and whether
/// the run ended in "et al.".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Names<'a> {
    pub authors: Vec<&'a str>,
    pub et_al: bool,
}

/// Reads `s` as the names of an in-text citation ("Smith & Jones", "Smith et al.",
/// "National Oceanic and Atmospheric Administration"), or `None` when it reads as prose.
pub(crate) fn in_text(s: &str) -> Option<Names<'_>> {
    let s = s.trim().trim_end_matches(',').trim_end();
    let words: Vec<(usize, &str)> = words(s);
    if words.is_empty() || words.len() > 12 {
        return None;
    }
    let mut classes = Vec::with_capacity(words.len());
    for (i, &(_, w)) in words.iter().enumerate() {
        let bare = w.trim_end_matches(',');
        let bare = if i + 1 == words.len() {
            strip_possessive(bare)
        } else {
            bare
        };
        classes.push(classify(bare)?);
    }
    let first_word = words[0].1.trim_end_matches(',');
    if in_list(NOT_NAMES, first_word) {
        return None;
    }
    match classes[0] {
        Word::Name | Word::Particle => {}
        Word::Initial if classes.len() > 1 => {}
        _ => return None,
    }
    let last = *classes.last()?;
    if !matches!(last, Word::Name | Word::EtAl | Word::Abbrev) {
        return None;
    }
    if last == Word::EtAl && (classes.len() < 3 || classes[classes.len() - 2] != Word::EtAl) {
        return None;
    }
    let name_words: Vec<&str> = words
        .iter()
        .zip(&classes)
        .filter(|(_, c)| **c == Word::Name)
        .map(|((_, w), _)| w.trim_end_matches(','))
        .collect();
    if name_words.is_empty()
        || name_words
            .iter()
            .all(|w| crate::cite::locator::is_month(w) || in_list(TIMES, w))
    {
        return None;
    }
    let corporate = classes
        .iter()
        .any(|c| matches!(c, Word::Function | Word::Abbrev))
        || name_words.iter().any(|w| in_list(CORPORATE, w));
    let et_al = last == Word::EtAl;
    let body_end = if et_al {
        words[words.len() - 2].0
    } else {
        s.len()
    };
    let body = s[..body_end].trim_end().trim_end_matches(',');
    let offset = |piece: &str| piece.as_ptr() as usize - s.as_ptr() as usize;
    let authors = if corporate {
        vec![body]
    } else {
        let pieces = split_list(body);
        let persons = pieces.iter().all(|p| p.split_whitespace().count() <= 3);
        if persons { pieces } else { vec![body] }
    };
    let authors = authors
        .into_iter()
        .map(|a| {
            let start = offset(a);
            strip_possessive(&s[start..start + a.len()])
        })
        .collect();
    Some(Names { authors, et_al })
}

/// Words with their byte offsets.
pub(crate) fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// Splits "Smith, Jones, & Lee" / "Smith and Jones" into its names (trimmed slices).
pub(crate) fn split_list(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        let cut = [", & ", ", and ", " & ", " and ", ", "]
            .iter()
            .filter_map(|sep| rest.find(sep).map(|i| (i, sep.len())))
            .min_by_key(|&(i, len)| (i, usize::MAX - len));
        match cut {
            Some((i, len)) => {
                let piece = rest[..i].trim();
                if !piece.is_empty() {
                    out.push(piece);
                }
                rest = &rest[i + len..];
            }
            None => {
                let piece = rest.trim();
                if !piece.is_empty() {
                    out.push(piece);
                }
                return out;
            }
        }
    }
}

/// The names of a free-form note's leading segment, when it reads as the full names of
/// persons ("James P. Finley", "Gerald L. Curtis and Sung-joo Han") or as a corporate author
/// ("Institute of Military History"), and not as a title ("The U.S. Experience in Korea").
pub(crate) fn full_names(s: &str) -> Option<Vec<&str>> {
    let words = words(s);
    if words.is_empty() || words.len() > 10 || in_list(NOT_NAMES, words[0].1) {
        return None;
    }
    let classes = words
        .iter()
        .map(|(_, w)| classify(w))
        .collect::<Option<Vec<Word>>>()?;
    if classes.last() != Some(&Word::Name) || classes.contains(&Word::EtAl) {
        return None;
    }
    if words.iter().any(|(_, w)| in_list(CORPORATE, w)) {
        return Some(vec![s.trim()]);
    }
    // Persons: none of the small words of titles, one to four words each.
    let persons = split_list(s);
    let fits = !classes.contains(&Word::Function)
        && persons
            .iter()
            .all(|p| (1..=4).contains(&p.split_whitespace().count()));
    fits.then_some(persons)
}

/// Splits "Place: Publisher" ("San Francisco: USFK", "Seoul: Institute of Military History")
/// when both halves read as such: a place of one to three capitalised words, a publisher of
/// capitalised words and the small words of institutions. A subtitle ("Walden: Life in the
/// Woods") fails the publisher half.
pub(crate) fn place_and_publisher(s: &str) -> Option<(&str, &str)> {
    let (place, publisher) = s.split_once(": ")?;
    let (place, publisher) = (place.trim(), publisher.trim());
    // "Cambridge, MA", "Washington, DC": a city and a state code.
    let city = match place.rsplit_once(", ") {
        Some((city, code)) => {
            let code_ok = (2..=4).contains(&code.len())
                && code.chars().all(|c| c.is_ascii_uppercase() || c == '.');
            if !code_ok {
                return None;
            }
            city
        }
        None => place,
    };
    let place_words: Vec<&str> = city.split_whitespace().collect();
    let place_ok = (1..=3).contains(&place_words.len())
        && !in_list(NOT_NAMES, place_words[0])
        && place_words.iter().all(|w| classify(w) == Some(Word::Name));
    let pub_words: Vec<&str> = publisher.split_whitespace().collect();
    let small = ["of", "and", "&", "for", "the", "de", "du", "und", "y"];
    let pub_ok = (1..=8).contains(&pub_words.len())
        && !publisher.contains(':')
        && classify(pub_words[0]) == Some(Word::Name)
        && pub_words
            .iter()
            .all(|w| matches!(classify(w), Some(Word::Name | Word::Initial)) || small.contains(w));
    (place_ok && pub_ok).then_some((place, publisher))
}

/// The start of the names that end right before `end` (a narrative citation's parenthesis):
/// "Smith and Jones (2010)", "According to Finley (1983)" -> "Finley". Walks back at most a
/// dozen words, so its cost does not grow with the text.
pub(crate) fn walk_back(text: &str, end: usize) -> Option<usize> {
    // Only the last few hundred bytes can hold a dozen name words; looking no further keeps
    // the cost per parenthesis constant however long the text runs without a space.
    let mut floor = end.saturating_sub(240);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let before = &text[floor..end];
    let trimmed = before.trim_end_matches([' ', '\u{a0}']);
    if before.len() - trimmed.len() > 2 {
        return None;
    }
    let mut starts: Vec<usize> = Vec::new();
    let mut pos = trimmed.len();
    let mut listed = false;
    while starts.len() < 12 {
        let word_start = trimmed[..pos].rfind(char::is_whitespace).map_or(0, |i| {
            i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
        });
        let word = &trimmed[word_start..pos];
        if word.is_empty() || (word_start == 0 && floor > 0) {
            break;
        }
        let nearest = starts.is_empty();
        let bare = if nearest {
            strip_possessive(word)
        } else {
            word
        };
        let comma = bare.ends_with(',');
        let bare = bare.trim_end_matches(',');
        let class = match classify(bare) {
            Some(c) => c,
            None => break,
        };
        // A comma closes the clause before the names, unless the names are a list.
        if comma && !listed {
            break;
        }
        if nearest && !matches!(class, Word::Name | Word::EtAl | Word::Abbrev) {
            return None;
        }
        listed |= class == Word::And;
        starts.push(word_start);
        if word_start == 0 {
            break;
        }
        pos = trimmed[..word_start].trim_end().len();
        if pos == 0 || trimmed.len() - pos > 200 {
            break;
        }
    }
    // Drop what cannot open a name: connectors, small words, sentence openers ("The", "As").
    while let Some(&start) = starts.last() {
        let word = trimmed[start..].split_whitespace().next().unwrap_or("");
        let word = word.trim_end_matches(',');
        let droppable = matches!(
            classify(word),
            Some(Word::And | Word::Function | Word::EtAl)
        ) || in_list(NOT_NAMES, word);
        if !droppable {
            break;
        }
        starts.pop();
    }
    let start = *starts.last()?;
    in_text(&trimmed[start..])?;
    Some(floor + start)
}

/// A name word that may open or continue a person's name: "Finley", "Gi-Wook", "van".
pub(crate) fn is_name_word(w: &str) -> bool {
    matches!(classify(w), Some(Word::Name | Word::Particle)) && !in_list(NOT_NAMES, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn in_text_names() {
        // Expected: the names joined with ";", then " et al." when the run ended so.
        let cases = [
            ("Finley", "Finley"),
            ("Smith & Jones", "Smith;Jones"),
            ("Smith and Jones", "Smith;Jones"),
            ("Smith, Jones, & Lee", "Smith;Jones;Lee"),
            ("Smith et al.", "Smith et al."),
            ("Smith et al.,", "Smith et al."),
            ("van Dijk", "van Dijk"),
            ("Green America", "Green America"),
            ("National Oceanic and Atmospheric Administration", "National Oceanic and Atmospheric Administration"),
            ("U.S. Global Change Research Program [USGCRP]", "U.S. Global Change Research Program [USGCRP]"),
            ("Union of Concerned Scientists", "Union of Concerned Scientists"),
            ("EPA", "EPA"),
            ("Finley’s", "Finley"),
            ("May", "none"),
            ("Summer", "none"),
            ("Figure", "none"),
            ("In", "none"),
            ("compared to 9 in", "none"),
            ("solar and wind", "none"),
            ("Smith and", "none"),
            ("COVID-19", "none"),
        ];
        for (input, want) in cases {
            let got = in_text(input).map_or("none".to_string(), |n| {
                let tail = if n.et_al { " et al." } else { "" };
                format!("{}{tail}", n.authors.join(";"))
            });
            assert_eq!(got, want, "input {input:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn walking_back_to_names() {
        let cases = [
            ("Finley (1983)", Some("Finley")),
            ("According to Finley (1983)", Some("Finley")),
            ("Smith and Jones (2010)", Some("Smith and Jones")),
            ("Smith et al. (2019)", Some("Smith et al.")),
            ("The Union of Concerned Scientists (2020)", Some("Union of Concerned Scientists")),
            ("In their study, Smith, Jones, and Lee (2010)", Some("Smith, Jones, and Lee")),
            ("As Finley’s (1983)", Some("Finley’s")),
            ("In 2016, Smith (2017)", Some("Smith")),
            ("the storm season (2020)", None),
            ("in May (2019)", None),
            ("(2019)", None),
        ];
        for (input, want) in cases {
            let end = input.find(" (").or_else(|| input.find('(')).unwrap_or(0);
            let got = walk_back(input, end).map(|s| &input[s..end]);
            assert_eq!(got, want, "input {input:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn full_names_of_notes() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("James P. Finley", Some(&["James P. Finley"])),
            ("Finley", Some(&["Finley"])),
            ("Gerald L. Curtis and Sung-joo Han", Some(&["Gerald L. Curtis", "Sung-joo Han"])),
            ("Institute of Military History", Some(&["Institute of Military History"])),
            ("The History of the ROK-US Alliance: 1953-2013", None),
            ("The U.S. Experience in Korea", None),
            ("Faith in a Seed", None),
            ("Figure", None),
        ];
        for (input, want) in cases {
            assert_eq!(
                full_names(input),
                want.map(<[&str]>::to_vec),
                "input {input:?}"
            );
        }
    }

    #[test]
    #[rustfmt::skip]
    fn places_and_publishers() {
        let cases = [
            ("San Francisco: USFK", Some(("San Francisco", "USFK"))),
            ("Seoul: Institute of Military History", Some(("Seoul", "Institute of Military History"))),
            ("Lexington: Lexington Books", Some(("Lexington", "Lexington Books"))),
            ("Cambridge, MA: MIT Press", Some(("Cambridge, MA", "MIT Press"))),
            ("Cambridge, Massachusetts: MIT Press", None),
            ("Walden: Life in the Woods", None),
            ("1871-1982: In the Vanguard of ROK-US Relations", None),
            ("The History of the ROK-US Alliance: 1953-2013", None),
        ];
        for (input, want) in cases {
            assert_eq!(place_and_publisher(input), want, "input {input:?}");
        }
    }
}
