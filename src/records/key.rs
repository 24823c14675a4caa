//! The key scheme for records that bring no key of their own (docs/formats.md, "Keys"): the
//! first creator's family name (a body's first significant word), else the title's first
//! significant word, then the year (`nd` without one), folded to lowercase ASCII letters and
//! digits: "Jürgen Habermas 1962" -> `habermas1962`, "Institute of Military History 2014" ->
//! `institute2014`. Unique within a file by a letter after it (`habermas1962a`).

use unicode_normalization::UnicodeNormalization;

use crate::model::Person;

/// Words that do not start a key.
const SKIP: &[&str] = &[
    "a", "an", "the", "of", "on", "in", "and", "for", "to", "la", "le", "les", "el", "los", "das",
    "der", "die", "ein", "eine", "il", "lo",
];

/// The key the scheme gives a work with these persons (by role), title and year.
pub fn scheme_key(
    persons: &[(String, Vec<Person>)],
    title: Option<&str>,
    year: Option<i32>,
) -> String {
    let first = ["author", "editor", "translator"].iter().find_map(|role| {
        persons
            .iter()
            .find(|(r, list)| r == role && !list.is_empty())
            .map(|(_, list)| &list[0])
    });
    let name = first.and_then(|p| {
        if p.corporate || p.family.contains(' ') && p.given.is_empty() {
            first_word(&p.family)
        } else {
            let f = fold(&p.family);
            (!f.is_empty()).then_some(f)
        }
    });
    let base = name
        .or_else(|| title.and_then(first_word))
        .unwrap_or_else(|| "anon".to_string());
    match year {
        Some(y) => format!("{base}{y}"),
        None => format!("{base}nd"),
    }
}

/// The first word of `s` not in [`SKIP`], folded.
fn first_word(s: &str) -> Option<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .map(fold)
        .find(|w| !w.is_empty() && !SKIP.contains(&w.as_str()))
}

/// Lowercase ASCII letters and digits of `s`, accents dropped (ß -> ss, æ -> ae).
fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.nfkd() {
        match c {
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(family: &str, given: &str, corporate: bool) -> Person {
        Person {
            family: family.into(),
            given: given.into(),
            corporate,
            ..Default::default()
        }
    }

    #[test]
    fn keys_from_creator_title_and_year() {
        let p = |role: &str, list: Vec<Person>| vec![(role.to_string(), list)];
        #[rustfmt::skip]
        type Persons = Vec<(String, Vec<Person>)>;
        let cases: Vec<(Persons, Option<&str>, Option<i32>, &str)> = vec![
            (
                p("author", vec![person("Habermas", "Jürgen", false)]),
                Some("Strukturwandel"),
                Some(1962),
                "habermas1962",
            ),
            (
                p("author", vec![person("Müller-Lüdenscheid", "K.", false)]),
                None,
                Some(2001),
                "mullerludenscheid2001",
            ),
            (
                p("editor", vec![person("Curtis", "Gerald L.", false)]),
                None,
                Some(1983),
                "curtis1983",
            ),
            (
                p(
                    "author",
                    vec![person("Institute of Military History", "", true)],
                ),
                None,
                Some(2014),
                "institute2014",
            ),
            (
                p("author", vec![person("The World Bank", "", false)]),
                None,
                Some(2020),
                "world2020",
            ),
            (vec![], Some("The Anonymous Pamphlet"), None, "anonymousnd"),
            (vec![], None, None, "anonnd"),
        ];
        for (persons, title, year, want) in cases {
            assert_eq!(scheme_key(&persons, title, year), want);
        }
    }
}
