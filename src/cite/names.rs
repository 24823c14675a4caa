//! Cited names: parsing a name as a citation writes it and matching it against a creator.
//!
//! Owns: "James P. Finley", "Finley, James P.", surnames alone, initials, name particles,
//! "et al.", corporate authors with bracketed abbreviations ("U.S. Global Change Research
//! Program \[USGCRP\]") and acronyms ("NOAA"), and near-miss spellings ("Kwak" for "Kwan"). Does
//! not own: splitting "Smith & Jones" into names (the marker finder gives one name per item),
//! nor turning a name match into a reported comparison (`compare`).

use super::normalize::{acronyms, edit_similarity, normalize, without_stop_words};

/// Particles that belong to a family name written in running text ("van der Berg").
const PARTICLES: &[&str] = &[
    "al", "bin", "d", "da", "de", "del", "della", "den", "der", "di", "du", "la", "le", "st",
    "ten", "ter", "van", "von",
];

/// A cited name, split the way a citation may write it.
pub(super) struct CitedName<'a> {
    /// As written, without "et al." and without a bracketed abbreviation.
    pub(super) written: &'a str,
    /// The whole name normalised.
    pub(super) whole: String,
    /// Family name normalised ("finley", "van der berg").
    pub(super) family: String,
    /// Given names as tokens, initials split ("J.P." is `j`, `p`).
    pub(super) given: Vec<String>,
    /// A bracketed abbreviation, normalised ("U.S. Global Change Research Program [USGCRP]").
    pub(super) alias: Option<String>,
    /// Acronyms of the whole name, for a body ("NOAA" for "National Oceanic and ...").
    pub(super) acronyms: Vec<String>,
}

/// Strips "et al." and similar from a cited name.
fn strip_et_al(name: &str) -> &str {
    for tail in ["et al.", "et al", "and others", "and colleagues"] {
        // Compared byte-wise on the ASCII tail, so a name with other letters cannot be cut
        // inside a character.
        let Some(cut) = name.len().checked_sub(tail.len()) else {
            continue;
        };
        if name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(tail) {
            return name[..cut].trim_end_matches([' ', ',']);
        }
    }
    name
}

/// Given names as tokens: dots and hyphens separate, and a run of two or three capitals
/// ("JP") is read as initials.
fn given_tokens(given: &str) -> Vec<String> {
    given
        .split(|c: char| c == '.' || c == '-' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            let initials =
                (2..=3).contains(&w.chars().count()) && w.chars().all(char::is_uppercase);
            if initials {
                w.chars()
                    .map(|c| normalize(&c.to_string()))
                    .collect::<Vec<_>>()
            } else {
                vec![normalize(w)]
            }
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// Reads a name as a citation writes it; `None` when nothing is left of it ("et al." alone).
pub(super) fn parse_name(raw: &str) -> Option<CitedName<'_>> {
    let name = strip_et_al(raw.trim());
    let (written, alias) = match name.split_once(['[', '(']) {
        Some((before, rest)) => {
            let inner = rest.trim_end_matches([']', ')']);
            (
                before.trim(),
                Some(normalize(inner)).filter(|a| !a.is_empty()),
            )
        }
        None => (name, None),
    };
    let whole = normalize(written);
    if whole.is_empty() {
        return None;
    }
    let (family, given) = match written.split_once(',') {
        Some((fam, rest)) => {
            // "Boose, Jr., Donald W.": the given names are after the last comma.
            let given = rest.rsplit(',').next().unwrap_or(rest);
            (normalize(fam), given_tokens(given))
        }
        None => {
            let words: Vec<&str> = written.split_whitespace().collect();
            let caps =
                |w: &str| (1..=3).contains(&w.chars().count()) && w.chars().all(char::is_uppercase);
            // Vancouver, AMA and Springer: the family name, then initials without periods
            // ("Meyer JR", "Fernández-Garrido S").
            if words.len() >= 2 && caps(words[words.len() - 1]) && !caps(words[0]) {
                let last = words.len() - 1;
                return Some(CitedName {
                    written,
                    whole,
                    family: normalize(&words[..last].join(" ")),
                    given: given_tokens(words[last]),
                    alias,
                    acronyms: acronyms(written),
                });
            }
            let mut start = words.len() - 1;
            while start > 0 && PARTICLES.contains(&normalize(words[start - 1]).as_str()) {
                start -= 1;
            }
            (
                normalize(&words[start..].join(" ")),
                given_tokens(&words[..start].join(" ")),
            )
        }
    };
    Some(CitedName {
        written,
        whole,
        family,
        given,
        alias,
        acronyms: acronyms(written),
    })
}

/// Two lists of given names agree when each pair in order is equal or an initial of the other.
fn given_compatible(a: &[String], b: &[String]) -> bool {
    a.iter().zip(b).all(|(x, y)| {
        x == y
            || (x.chars().count() == 1 && y.starts_with(x.as_str()))
            || (y.chars().count() == 1 && x.starts_with(y.as_str()))
    })
}

/// Score for an acronym standing for the full name ("NOAA", "USGCRP", "EPA").
pub(super) const ACRONYM: f64 = 0.95;
/// Score for the right family name with given names that do not agree (another person).
const OTHER_GIVEN: f64 = 0.5;
/// Near-miss spellings are scaled by this, so a misspelt name never scores as a match.
const NEAR_MISS: f64 = 0.9;

/// How well a cited name names one library creator, and whether that is a match.
pub(super) fn name_score(cited: &CitedName<'_>, lib_name: &str, lib_family: &str) -> (f64, bool) {
    let lf = normalize(lib_family);
    if cited.whole == lf || (lib_name != lib_family && cited.whole == normalize(lib_name)) {
        return (1.0, true);
    }
    // Acronyms are only worth making when one side is a single word and the other is not.
    let single_c = !cited.whole.contains(' ');
    let single_l = !lf.contains(' ');
    let lib_acronyms = || {
        if single_l {
            Vec::new()
        } else {
            acronyms(lib_family)
        }
    };
    let acronym = (single_c && lib_acronyms().contains(&cited.whole))
        || cited
            .alias
            .as_ref()
            .is_some_and(|a| *a == lf || lib_acronyms().contains(a))
        || (single_l && cited.acronyms.contains(&lf));
    if acronym {
        return (ACRONYM, true);
    }
    // One side may carry particles the other leaves out ("van der Berg" and "Berg").
    let with_particles = |long: &str, short: &str| {
        long.strip_suffix(short)
            .and_then(|p| p.strip_suffix(' '))
            .is_some_and(|p| p.split(' ').all(|w| PARTICLES.contains(&w)))
    };
    let family_agrees = !lf.is_empty()
        && (cited.family == lf
            || with_particles(&cited.family, &lf)
            || with_particles(&lf, &cited.family));
    if family_agrees {
        let lib_given = match lib_name.rsplit_once(", ") {
            Some((_, g)) if lib_name != lib_family => given_tokens(g),
            _ => Vec::new(),
        };
        return if given_compatible(&cited.given, &lib_given) {
            (1.0, true)
        } else {
            (OTHER_GIVEN, false)
        };
    }
    let content_c = without_stop_words(cited.whole.split(' '));
    if content_c.len() >= 2 && content_c == without_stop_words(lf.split(' ')) {
        // A body named with other small words ("Institute of/for Military History").
        return (ACRONYM, false);
    }
    let sim = edit_similarity(&cited.family, &lf).max(edit_similarity(&cited.whole, &lf));
    (sim * NEAR_MISS, false)
}

/// The names to look a cited name up by in an index: its family name, the whole name when
/// it has more words (a body), and a bracketed abbreviation ("\[USGCRP\]"), normalised.
pub fn lookup_names(cited: &str) -> Vec<String> {
    let Some(name) = parse_name(cited) else {
        return Vec::new();
    };
    let mut out = vec![name.family.clone()];
    if name.whole != name.family {
        out.push(name.whole.clone());
    }
    out.extend(name.alias);
    out
}

/// True when two names as cited name the same creator ("Finley" and "James P. Finley"; "EPA"
/// and "U.S. Environmental Protection Agency").
pub fn names_agree(a: &str, b: &str) -> bool {
    let (Some(pa), Some(pb)) = (parse_name(a), parse_name(b)) else {
        return false;
    };
    // A name without a comma may be a person ("James P. Finley") or a body ("National
    // Oceanic and Atmospheric Administration"): try it as either kind of creator.
    let as_creators = |n: &CitedName<'_>| {
        let mut forms = vec![(n.written.to_string(), n.written.to_string())];
        if !n.given.is_empty() {
            forms.push((
                format!("{}, {}", n.family, n.given.join(" ")),
                n.family.clone(),
            ));
        }
        forms
    };
    let one_way = |x: &CitedName<'_>, y: &CitedName<'_>| {
        as_creators(y)
            .iter()
            .any(|(name, family)| name_score(x, name, family).1)
    };
    one_way(&pa, &pb) || one_way(&pb, &pa)
}

/// True when a cited name is the first of a work's creators (`names` as "Family, Given",
/// `families` beside them), as an author-date or author-page citation names it; a work
/// without creators (a body that published it) does not contradict any name.
pub fn first_author_agrees(cited: &str, names: &[String], families: &[String]) -> bool {
    let Some(name) = parse_name(cited) else {
        return false;
    };
    match names.first() {
        None => true,
        Some(first) => name_score(&name, first, families.first().unwrap_or(first)).1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (cited name, library sort name, library family, score, is a match)
    #[test]
    fn name_scores() {
        let cases: &[(&str, &str, &str, f64, bool)] = &[
            ("Finley", "Finley, James P.", "Finley", 1.0, true),
            ("James P. Finley", "Finley, James P.", "Finley", 1.0, true),
            ("Finley, James P.", "Finley, James P.", "Finley", 1.0, true),
            ("J. P. Finley", "Finley, James P.", "Finley", 1.0, true),
            ("JP Finley", "Finley, James P.", "Finley", 1.0, true),
            ("John Finley", "Finley, James P.", "Finley", 0.5, false),
            ("Finley et al.", "Finley, James P.", "Finley", 1.0, true),
            ("Çelik ET AL", "Çelik, Ayşe", "Çelik", 1.0, true),
            ("İnalcık", "İnalcık, Halil", "İnalcık", 1.0, true),
            ("Sung-joo Han", "Han, Sung-joo", "Han", 1.0, true),
            ("Kwan Tae-hwan", "Kwan, Tae-hwan", "Kwan", 1.0, true),
            // Vancouver: family name, then initials without periods.
            ("Meyer JR", "Meyer, J. R.", "Meyer", 1.0, true),
            ("Brandt O", "Brandt, Oliver", "Brandt", 1.0, true),
            (
                "Fernández-Garrido S",
                "Fernández-Garrido, Sergio",
                "Fernández-Garrido",
                1.0,
                true,
            ),
            ("Meyer JR", "Meyer, Karl", "Meyer", 0.5, false),
            ("Kwak", "Kwan, Tae-hwan", "Kwan", 0.675, false),
            ("van der Berg", "van der Berg, Jan", "Berg", 1.0, true),
            ("Berg", "van der Berg, Jan", "van der Berg", 1.0, true),
            (
                "National Oceanic and Atmospheric Administration",
                "National Oceanic and Atmospheric Administration",
                "National Oceanic and Atmospheric Administration",
                1.0,
                true,
            ),
            (
                "NOAA",
                "National Oceanic and Atmospheric Administration",
                "National Oceanic and Atmospheric Administration",
                0.95,
                true,
            ),
            (
                "U.S. Global Change Research Program [USGCRP]",
                "U.S. Global Change Research Program",
                "U.S. Global Change Research Program",
                1.0,
                true,
            ),
            (
                "USGCRP",
                "U.S. Global Change Research Program",
                "U.S. Global Change Research Program",
                0.95,
                true,
            ),
            (
                "EPA",
                "U.S. Environmental Protection Agency",
                "U.S. Environmental Protection Agency",
                0.95,
                true,
            ),
            (
                "Institute of Military History",
                "Institute for Military History",
                "Institute for Military History",
                0.95,
                false,
            ),
            ("Smith", "Jones, Ann", "Jones", 0.0, false),
        ];
        for (cited, name, family, score, matched) in cases {
            let parsed = parse_name(cited).expect("a name");
            let (s, m) = name_score(&parsed, name, family);
            assert!(
                (s - score).abs() < 1e-9 && m == *matched,
                "{cited:?} vs {name:?}: ({s}, {m})"
            );
        }
    }

    #[test]
    fn lookups_and_agreement() {
        let lookups: &[(&str, &[&str])] = &[
            ("James P. Finley", &["finley", "james p finley"]),
            ("Finley, James P.", &["finley", "finley james p"]),
            ("Smith et al.", &["smith"]),
            (
                "U.S. Global Change Research Program [USGCRP]",
                &["program", "us global change research program", "usgcrp"],
            ),
            ("et al.", &[]),
        ];
        for (name, want) in lookups {
            assert_eq!(lookup_names(name), *want, "{name:?}");
        }
        let agree: &[(&str, &str, bool)] = &[
            ("Finley", "James P. Finley", true),
            ("EPA", "U.S. Environmental Protection Agency", true),
            ("U.S. Environmental Protection Agency", "EPA", true),
            ("Finley", "Kwan", false),
            ("John Finley", "James P. Finley", false),
        ];
        for (a, b, want) in agree {
            assert_eq!(names_agree(a, b), *want, "{a:?} vs {b:?}");
        }
    }
}
