//! Name lists (`author`, `editor`, ... see `NAME_FIELDS`) to [`Person`]s, by BibTeX's rules
//! ("First von Last", "von Last, First", "von Last, Jr, First") and biblatex's extended form
//! (`family=Berg, given=Jan, prefix=van der`).
//!
//! Owns splitting a list on ` and ` and dividing each name into its parts; turning the parts'
//! TeX into plain text is `latex`'s job. It does not use biblatex's `Person` parser
//! (`<Vec<Person> as Type>::from_chunks`), after comparing the two on this file's table: they
//! split the common forms alike, but biblatex's wants `Chunks` built per value, leaves the parts
//! as TeX (`\"Ozt\"urk`, which would need decoding part by part afterwards), splits only on a
//! lowercase `and` (`A. Smith AND B. Jones` became one name), keeps `others` as a person and
//! has no notion of a corporate name; and building its chunks and parsing took 2.0 µs for a
//! four-name list where this parser, decoding included, takes 0.8 µs (release build).
//!
//! `and others` (BibTeX's "et al.") is dropped from the persons: it names nobody, and the
//! field's `raw` and `value` still say it, so nothing is lost.

use smallvec::SmallVec;

use super::latex::to_plain;
use super::lex::group_end;
use crate::model::Person;

/// Words or comma-separated parts of one name: nearly always a handful, kept off the heap
/// because names are parsed for every name field of every entry.
type Parts<'a> = SmallVec<[&'a str; 8]>;

/// The persons of a name list given as TeX (delimiters and macros already dealt with).
pub(crate) fn persons(tex: &str) -> Vec<Person> {
    split_and(tex).filter_map(person).collect()
}

/// The names of a list: split on the word `and` (any case) at brace depth 0.
fn split_and(tex: &str) -> impl Iterator<Item = &str> {
    let b = tex.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut depth = 0usize;
        let mut i = start;
        while i < b.len() {
            match b[i] {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                c if depth == 0 && is_sep(c) => {
                    let w = i + 1;
                    if b.len() >= w + 4
                        && b[w..w + 3].eq_ignore_ascii_case(b"and")
                        && is_sep(b[w + 3])
                    {
                        let name = &tex[start..i];
                        start = w + 3;
                        return Some(name);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        done = true;
        Some(&tex[start..])
    })
}

fn is_sep(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'~')
}

/// One name, or `None` for an empty name and for `others`.
fn person(name: &str) -> Option<Person> {
    let name = name.trim_matches(|c: char| c.is_ascii_whitespace() || c == '~');
    if name.is_empty() || name == "others" {
        return None;
    }
    if is_one_group(name) {
        return Some(Person {
            family: to_plain(name),
            corporate: true,
            ..Person::default()
        });
    }
    let parts = split_depth0(name, b',');
    if let Some(p) = extended(&parts) {
        return Some(p);
    }
    let mut p = Person::default();
    match parts.as_slice() {
        [whole] => {
            let words = words(whole);
            let n = words.len();
            let lower = |w: &&str| starts_lowercase(w);
            match words[..n - 1].iter().position(lower) {
                None => {
                    p.given = plain_span(whole, &words[..n - 1]);
                    p.family = plain_span(whole, &words[n - 1..]);
                }
                Some(first) => {
                    let last = first + words[first..n - 1].iter().rposition(lower).unwrap_or(0);
                    p.given = plain_span(whole, &words[..first]);
                    p.prefix = plain_span(whole, &words[first..=last]);
                    p.family = plain_span(whole, &words[last + 1..]);
                }
            }
        }
        [von_last, rest @ ..] => {
            let words = words(von_last);
            let n = words.len();
            match words[..n.saturating_sub(1)]
                .iter()
                .rposition(|w| starts_lowercase(w))
            {
                Some(last) => {
                    p.prefix = plain_span(von_last, &words[..=last]);
                    p.family = plain_span(von_last, &words[last + 1..]);
                }
                None => p.family = plain_span(von_last, &words),
            }
            match rest {
                [given] => p.given = to_plain(given),
                [jr, given @ ..] => {
                    p.suffix = to_plain(jr);
                    // BibTeX refuses more than two commas; keeping the rest as given names
                    // loses nothing.
                    p.given = to_plain(&given.join(","));
                }
                [] => {}
            }
        }
        [] => return None,
    }
    Some(p)
}

/// biblatex's extended name format: every part is `key=value`.
fn extended(parts: &[&str]) -> Option<Person> {
    let mut p = Person::default();
    for (key, value) in extended_parts(parts)? {
        let value = to_plain(value);
        match key.to_ascii_lowercase().as_str() {
            "family" => p.family = value,
            "given" => p.given = value,
            "prefix" => p.prefix = value,
            "suffix" => p.suffix = value,
            // useprefix, given-i, id...: presentation hints the model does not carry.
            _ => {}
        }
    }
    Some(p)
}

/// The `key=value` parts of an extended-format name (values as TeX), or `None` when the name
/// is in BibTeX's own form.
fn extended_parts<'n>(parts: &[&'n str]) -> Option<Vec<(&'n str, &'n str)>> {
    parts
        .iter()
        .map(|part| {
            let eq = part.find('=')?;
            let key = part[..eq].trim();
            let plain_key =
                !key.is_empty() && key.bytes().all(|c| c.is_ascii_alphabetic() || c == b'-');
            plain_key.then(|| (key, part[eq + 1..].trim()))
        })
        .collect()
}

/// A name list rewritten in BibTeX's own "von Last, Jr, First" form when it uses biblatex's
/// extended form, which `bibtex` cannot read ("Too many commas in name"); the parts keep their
/// TeX. `None` when the list needs no change.
pub(crate) fn to_bibtex_names(tex: &str) -> Option<String> {
    let names: Vec<&str> = split_and(tex).map(str::trim).collect();
    let parsed: Vec<Option<Vec<(&str, &str)>>> = names
        .iter()
        .map(|n| extended_parts(&split_depth0(n, b',')))
        .collect();
    if parsed.iter().all(Option::is_none) {
        return None;
    }
    let mut out = Vec::new();
    for (name, parts) in names.iter().zip(parsed) {
        let Some(parts) = parts else {
            out.push(name.to_string());
            continue;
        };
        let part = |k: &str| {
            parts
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
                .map_or("", |(_, v)| *v)
        };
        let (family, given, prefix, suffix) = (
            part("family"),
            part("given"),
            part("prefix"),
            part("suffix"),
        );
        if family.is_empty() && given.is_empty() {
            continue;
        }
        // A family name of several words is braced so BibTeX does not split it.
        let family = if words(family).len() > 1 {
            format!("{{{family}}}")
        } else {
            family.to_string()
        };
        let join = |parts: &[&str], sep: &str| {
            parts
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(sep)
        };
        let last = join(&[prefix, &family], " ");
        out.push(join(&[&last, suffix, given], ", "));
    }
    Some(out.join(" and "))
}

/// Whether the whole name is one brace group: `{Barnes and Noble}`.
fn is_one_group(name: &str) -> bool {
    name.starts_with('{') && group_end(name.as_bytes(), 0) == Some(name.len())
}

fn split_depth0(s: &str, sep: u8) -> Parts<'_> {
    let mut parts = Parts::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, &c) in s.as_bytes().iter().enumerate() {
        match c {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            c if c == sep && depth == 0 => {
                parts.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(s[start..].trim());
    parts
}

/// Words at brace depth 0, split on blanks and ties.
fn words(s: &str) -> Parts<'_> {
    let mut out = Parts::new();
    let mut depth = 0usize;
    let mut start = None;
    for (i, &c) in s.as_bytes().iter().enumerate() {
        match c {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            // `\~{n}` is an accent, not a tie.
            c if depth == 0
                && is_sep(c)
                && !(c == b'~' && i > 0 && s.as_bytes()[i - 1] == b'\\') =>
            {
                if let Some(st) = start.take() {
                    out.push(&s[st..i]);
                }
                continue;
            }
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    if out.is_empty() {
        out.push(&s[..0]);
    }
    out
}

/// The plain text of consecutive `words` of `s` (slices of it): the text from the first word's
/// start to the last word's end, whose blanks and ties plain text collapses to single spaces,
/// so no joined copy is needed.
fn plain_span(s: &str, words: &[&str]) -> String {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return String::new();
    };
    let offset = |w: &str| w.as_ptr() as usize - s.as_ptr() as usize;
    to_plain(&s[offset(first)..offset(last) + last.len()])
}

/// BibTeX's case test: the first letter at brace depth 0 decides; a group opening with a
/// control sequence (`{\"O}`, `{\ss}`) is a special character whose letter decides; other
/// groups are skipped. A word without any letter is not lowercase.
fn starts_lowercase(word: &str) -> bool {
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'\\') => return special_is_lower(&b[i + 2..]),
            b'{' => i = group_end(b, i).unwrap_or(b.len()),
            b'\\' => {
                // A bare command at depth 0 (`\"Ozt...`): its argument's letter decides.
                return special_is_lower(&b[i + 1..]);
            }
            c if c.is_ascii_alphabetic() => return c.is_ascii_lowercase(),
            c if c >= 0x80 => {
                let ch = word[i..].chars().next().unwrap_or(' ');
                if ch.is_alphabetic() {
                    return ch.is_lowercase();
                }
                i += ch.len_utf8();
            }
            _ => i += 1,
        }
    }
    false
}

/// Case of a special character after its backslash: `"O` -> upper, `ss` -> lower,
/// `c{s}` -> lower (the argument decides when there is one).
fn special_is_lower(b: &[u8]) -> bool {
    let name_len = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let (name, rest) = if name_len == 0 {
        (&b[..b.len().min(1)], b.get(1..).unwrap_or(&[]))
    } else {
        (&b[..name_len], &b[name_len..])
    };
    let arg = rest
        .iter()
        .take_while(|&&c| c != b'}')
        .find(|c| c.is_ascii_alphabetic());
    match (arg, name.first()) {
        (Some(c), _) if name_len <= 1 => c.is_ascii_lowercase(),
        (_, Some(c)) if name_len > 0 => c.is_ascii_lowercase(),
        (Some(c), _) => c.is_ascii_lowercase(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (family, given, prefix, suffix, corporate)
    type Parts = (&'static str, &'static str, &'static str, &'static str, bool);

    fn parts(p: &Person) -> (&str, &str, &str, &str, bool) {
        (&p.family, &p.given, &p.prefix, &p.suffix, p.corporate)
    }

    #[test]
    #[rustfmt::skip]
    fn bibtex_form_of_extended_names() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Finley, James P. and Han, Sung-joo", None),
            ("family=Berg, given=Jan, prefix=van der, useprefix=true", Some("van der Berg, Jan")),
            ("Vela, Luis and given={Ura Ru}, family={Juan}, suffix={Sr}, prefix={von}", Some("Vela, Luis and {von} {Juan}, {Sr}, {Ura Ru}")),
            ("family=La Fontaine, given=Jean and others", Some("{La Fontaine}, Jean and others")),
            ("useprefix=false and family=Rabble, given=Richard", Some("Rabble, Richard")),
        ];
        for (tex, want) in cases {
            assert_eq!(to_bibtex_names(tex).as_deref(), *want, "{tex}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn names_table() {
        let cases: &[(&str, &[Parts])] = &[
            ("Finley, James P.", &[("Finley", "James P.", "", "", false)]),
            ("van der Berg, Jan", &[("Berg", "Jan", "van der", "", false)]),
            ("Boose, Jr., Donald W.", &[("Boose", "Donald W.", "", "Jr.", false)]),
            ("Ludwig van Beethoven", &[("Beethoven", "Ludwig", "van", "", false)]),
            ("{Barnes and Noble}", &[("Barnes and Noble", "", "", "", true)]),
            ("{Institute of Military History}", &[("Institute of Military History", "", "", "", true)]),
            ("Curtis, Gerald L. and Han, Sung-joo", &[("Curtis", "Gerald L.", "", "", false), ("Han", "Sung-joo", "", "", false)]),
            ("Shin, Gi-Wook", &[("Shin", "Gi-Wook", "", "", false)]),
            ("{\\\"O}zt{\\\"u}rk, Ay{\\c{s}}e", &[("Öztürk", "Ayşe", "", "", false)]),
            ("de la Fontaine, Jean", &[("Fontaine", "Jean", "de la", "", false)]),
            ("Jean de La Fontaine", &[("La Fontaine", "Jean", "de", "", false)]),
            ("family=Berg, given=Jan, prefix=van der, useprefix=true", &[("Berg", "Jan", "van der", "", false)]),
            ("given={Jean Paul}, family={Sartre}", &[("Sartre", "Jean Paul", "", "", false)]),
            ("Donald E. Knuth", &[("Knuth", "Donald E.", "", "", false)]),
            ("Aristotle", &[("Aristotle", "", "", "", false)]),
            ("Knuth, Donald E. and others", &[("Knuth", "Donald E.", "", "", false)]),
            ("A. Smith AND B. Jones", &[("Smith", "A.", "", "", false), ("Jones", "B.", "", "", false)]),
            ("Smith, A.\nand\tJones, B.", &[("Smith", "A.", "", "", false), ("Jones", "B.", "", "", false)]),
            ("Alexander Anderson", &[("Anderson", "Alexander", "", "", false)]),
            ("{Anderson and Sons}, Bob", &[("Anderson and Sons", "Bob", "", "", false)]),
            ("jean de la fontaine", &[("fontaine", "", "jean de la", "", false)]),
            ("Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin", &[("Vallée Poussin", "Charles Louis Xavier Joseph", "de la", "", false)]),
            ("{\\'E}mile Zola", &[("Zola", "Émile", "", "", false)]),
            ("Ford, Jr., Henry and King, Martin Luther, Jr.", &[("Ford", "Henry", "", "Jr.", false), ("King", "Jr.", "", "Martin Luther", false)]),
            ("Dimitri~Mendeleev", &[("Mendeleev", "Dimitri", "", "", false)]),
            ("Ni\\~{n}o, Mar{\\'i}a", &[("Niño", "María", "", "", false)]),
            ("Jos\\'e Ni\\~no", &[("Niño", "José", "", "", false)]),
            ("{\\O}rsted, Hans Christian", &[("Ørsted", "Hans Christian", "", "", false)]),
            ("{van Gogh}, Vincent", &[("van Gogh", "Vincent", "", "", false)]),
            ("Vincent {van Gogh}", &[("van Gogh", "Vincent", "", "", false)]),
            ("Kwan, Tae-hwan", &[("Kwan", "Tae-hwan", "", "", false)]),
            ("Brand", &[("Brand", "", "", "", false)]),
            ("", &[]),
            ("others", &[]),
            ("Sandar and Band", &[("Sandar", "", "", "", false), ("Band", "", "", "", false)]),
            ("Randall and Hand, P.", &[("Randall", "", "", "", false), ("Hand", "P.", "", "", false)]),
        ];
        for (list, want) in cases {
            let got = persons(list);
            let got: Vec<_> = got.iter().map(parts).collect();
            assert_eq!(&got, want, "{list}");
        }
    }
}
