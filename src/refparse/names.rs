//! A creators field of a reference string into persons: "Bergk, V., Haefeli, W. E. &
//! Martin, M.", "O. Ambacher, B. Foutz, and M. Stutzmann", "Pérez-Higueras JJ, Arias A",
//! "Curtis, Gerald L. and Sung-joo Han, eds.", "Institute of Military History". Role words
//! ("ed.", "eds.", "(Eds.)", "edited by", "trans.") are taken off and reported; "et al."
//! becomes "others". Names keep the list's own spelling.

use crate::model::Person;

/// What a creators field holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    /// The persons (or the body) named, in order.
    pub persons: Vec<Person>,
    /// "et al." or "and others" closed the list.
    pub others: bool,
    /// A role word found: "editor" or "translator".
    pub role: Option<&'static str>,
    /// Why the reading is doubtful (a piece that fits no name form), if it is.
    pub doubt: Option<String>,
}

/// Words that name a body rather than a person.
const BODY_WORDS: &[&str] = &[
    "institute",
    "institut",
    "university",
    "association",
    "organization",
    "organisation",
    "department",
    "ministry",
    "council",
    "agency",
    "office",
    "society",
    "center",
    "centre",
    "bank",
    "commission",
    "committee",
    "foundation",
    "group",
    "inc",
    "press",
    "government",
    "national",
    "world",
    "union",
    "board",
    "bureau",
    "service",
    "services",
    "corporation",
    "company",
    "academy",
    "federation",
    "network",
    "program",
    "programme",
    "project",
    "consortium",
    "team",
    "nations",
    "states",
    "authority",
    "administration",
    "library",
    "museum",
    "school",
    "college",
    "hospital",
    "forum",
    "alliance",
    "party",
    "league",
];

/// Lowercase name particles that belong to the family name.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "dos", "das",
    "ter", "ten", "zu", "af", "al", "el", "y", "st.",
];

/// Reads a creators field.
pub fn read_names(field: &str) -> Names {
    let mut out = Names::default();
    let mut s = field.trim().to_string();
    // Role words, anywhere at the edges.
    let role_patterns: &[(&str, &str)] = &[
        ("(eds.)", "editor"),
        ("(ed.)", "editor"),
        ("(eds)", "editor"),
        ("(ed)", "editor"),
        ("(hrsg.)", "editor"),
        ("(hg.)", "editor"),
        ("(éd.)", "editor"),
        ("(éds.)", "editor"),
        ("(dir.)", "editor"),
        ("(trans.)", "translator"),
        ("(tr.)", "translator"),
        ("edited by", "editor"),
        ("ed. by", "editor"),
        ("eds.", "editor"),
        ("ed.", "editor"),
        ("editors", "editor"),
        ("editor", "editor"),
        ("eds", "editor"),
        ("hrsg.", "editor"),
        ("translated by", "translator"),
        ("trans. by", "translator"),
        ("trans.", "translator"),
        ("translator", "translator"),
        ("tr.", "translator"),
    ];
    loop {
        let t = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'));
        let t = t.strip_prefix("In ").unwrap_or(t).trim();
        // A closing full stop, but not an initial's ("Han, S.", "Pistol, M.-E.") or "Jr.".
        let t = match t.strip_suffix('.') {
            Some(x) => {
                let last = x.rsplit(' ').next().unwrap_or("");
                let letters = last.chars().filter(|c| c.is_alphabetic()).count();
                let initial = letters <= 3
                    && letters > 0
                    && last
                        .chars()
                        .all(|c| c.is_uppercase() || matches!(c, '.' | '-'));
                if initial
                    || matches!(last, "Jr" | "Sr")
                    || x.ends_with(" ed")
                    || x.ends_with(" eds")
                {
                    t
                } else {
                    x
                }
            }
            None => t,
        };
        let lower = t.to_lowercase();
        let mut changed: Option<String> = None;
        for (p, role) in role_patterns {
            if lower.len() == t.len()
                && lower.ends_with(p)
                && boundary_before(&lower, lower.len() - p.len())
            {
                changed = Some(t[..t.len() - p.len()].to_string());
                out.role = Some(role);
                break;
            }
            if lower.len() == t.len() && lower.starts_with(p) && boundary_after(&lower, p.len()) {
                changed = Some(t[p.len()..].to_string());
                out.role = Some(role);
                break;
            }
        }
        match changed {
            Some(c) => s = c,
            None => {
                s = t.to_string();
                break;
            }
        }
    }
    // "et al." and "and others".
    for tail in [
        "et al.",
        "et al",
        "and others",
        "u. a.",
        "et. al.",
        "and colleagues",
        "…",
        "...",
    ] {
        let lower = s.to_lowercase();
        if lower.ends_with(tail) {
            let cut = s.len() - tail.len();
            if s.is_char_boundary(cut) {
                s = s[..cut]
                    .trim_end_matches(|c: char| c.is_whitespace() || c == ',')
                    .to_string();
                out.others = true;
            }
        }
    }
    let s = s.trim().trim_end_matches([',', ';']).trim();
    if s.is_empty() {
        return out;
    }
    if is_body(s) {
        out.persons.push(Person {
            family: s.trim_end_matches('.').to_string(),
            corporate: true,
            ..Default::default()
        });
        return out;
    }
    let pieces = pieces(s);
    let mut i = 0;
    while i < pieces.len() {
        let p = pieces[i];
        let next = pieces.get(i + 1).copied();
        if is_suffix(p) {
            if let Some(last) = out.persons.last_mut() {
                last.suffix = p.to_string();
            }
            i += 1;
            continue;
        }
        if let Some(person) = vancouver(p) {
            out.persons.push(person);
            i += 1;
            continue;
        }
        if let Some(n) = next
            && (family_like(p) || (initials(n) && several_words_family(p)))
            && given_like(n)
        {
            let (mut prefix, family) = split_particles(p);
            let mut given = n;
            // "Rossum, G. van": the particle written after the given names.
            let gw: Vec<&str> = n.split_whitespace().collect();
            let mut k = gw.len();
            while k > 1 && PARTICLES.contains(&gw[k - 1]) {
                k -= 1;
            }
            let moved;
            if k < gw.len() && prefix.is_empty() {
                moved = gw[k..].join(" ");
                prefix = &moved;
                let cut = n.find(gw[k]).unwrap_or(n.len());
                given = n[..cut].trim();
            }
            out.persons.push(Person {
                family: family.to_string(),
                given: given.to_string(),
                prefix: prefix.to_string(),
                ..Default::default()
            });
            i += 2;
            continue;
        }
        // "Given Family" (or a family name alone).
        let words: Vec<&str> = p.split_whitespace().collect();
        if words.len() == 1 {
            if next.is_some() && out.doubt.is_none() {
                out.doubt = Some(format!("'{p}' stands alone between commas"));
            }
            out.persons.push(Person {
                family: p.to_string(),
                ..Default::default()
            });
        } else {
            // The family name: the last word, with the particles before it ("Di Donato",
            // "Le Boulbar") and, as BibTeX reads them, lowercase words ("hosseini Vajargah").
            let mut k = words.len() - 1;
            // "L. Tian (田琳)": the name in another script, in parentheses, goes with the
            // family name it follows.
            if k > 1 && words[k].starts_with('(') && words[k].ends_with(')') {
                k -= 1;
            }
            while k > 1 && (particle(words[k - 1]) || starts_lowercase(words[k - 1])) {
                k -= 1;
            }
            let (prefix, family) = split_particles_words(&words[k..]);
            out.persons.push(Person {
                family,
                given: words[..k].join(" "),
                prefix,
                ..Default::default()
            });
            if words.len() > 4 && out.doubt.is_none() {
                out.doubt = Some(format!("'{p}' is long for one name"));
            }
        }
        i += 1;
    }
    out
}

fn boundary_before(s: &str, at: usize) -> bool {
    at == 0 || s[..at].ends_with(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | '.'))
}

fn boundary_after(s: &str, at: usize) -> bool {
    at == s.len() || s[at..].starts_with(|c: char| c.is_whitespace() || matches!(c, ',' | ':'))
}

/// The pieces of a names field: split at commas, semicolons, "and", "&".
fn pieces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in s.split([';', ',']) {
        let mut rest = chunk.trim();
        loop {
            let cut = [" and ", " & ", " und ", " et ", " y ", " e "]
                .iter()
                .filter_map(|sep| rest.find(sep).map(|i| (i, sep.len())))
                .min();
            match cut {
                Some((i, len)) => {
                    let a = rest[..i].trim();
                    if !a.is_empty() {
                        out.push(a);
                    }
                    rest = rest[i + len..].trim();
                }
                None => break,
            }
        }
        let rest = rest
            .strip_prefix("and ")
            .or_else(|| rest.strip_prefix("& "))
            .unwrap_or(rest)
            .trim();
        if !rest.is_empty() && rest != "&" && rest != "and" {
            out.push(rest);
        }
    }
    out
}

/// A body's name: a word of [`BODY_WORDS`], or many capitalised words and no comma.
fn is_body(s: &str) -> bool {
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let body_word = words.iter().any(|w| BODY_WORDS.contains(&w.as_str()));
    // Many words with a lowercase function word among them and no initial: "Office of the
    // Inspector General", not "P. D. C. King".
    let ws: Vec<&str> = s.split_whitespace().collect();
    let many = !s.contains(',')
        && ws.len() >= 4
        && !s.contains(" and ")
        && !ws.iter().any(|w| initials(w))
        && ws.iter().any(|w| {
            matches!(
                *w,
                "of" | "for" | "the" | "on" | "de" | "des" | "für" | "du"
            )
        });
    (body_word && !s.contains(", ")) || many
}

/// Initials only: "V.", "W. E.", "J.-P.", "E.A.", "JJ"? (no: that is Vancouver's, after the
/// family name).
fn initials(p: &str) -> bool {
    !p.is_empty()
        && p.split_whitespace().all(|w| {
            let cs: Vec<char> = w.chars().collect();
            let mut i = 0;
            let mut seen = false;
            while i < cs.len() {
                if !cs[i].is_uppercase() {
                    return false;
                }
                i += 1;
                seen = true;
                while i < cs.len() && matches!(cs[i], '.' | '-') {
                    i += 1;
                }
            }
            seen && (w.contains('.') || cs.len() == 1)
        })
}

/// "Peters OA", "de la Macorra JC": a family name then 1-3 capitals with no dots.
fn vancouver(p: &str) -> Option<Person> {
    let words: Vec<&str> = p.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let last = words[words.len() - 1];
    let last = last.strip_suffix('.').unwrap_or(last);
    let n = last.chars().count();
    if !(1..=3).contains(&n) || !last.chars().all(char::is_uppercase) {
        return None;
    }
    let family = &words[..words.len() - 1];
    if !family
        .last()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() > 1)
    {
        return None;
    }
    let mut k = 0;
    while k < family.len() - 1 && PARTICLES.contains(&family[k]) {
        k += 1;
    }
    Some(Person {
        family: family[k..].join(" "),
        given: last.to_string(),
        prefix: family[..k].join(" "),
        ..Default::default()
    })
}

/// A family name as it opens an inverted name: one capitalised word (hyphens allowed),
/// maybe after lowercase particles ("van Treeck", "de la Macorra").
fn family_like(p: &str) -> bool {
    let words: Vec<&str> = p.split_whitespace().collect();
    match words.split_last() {
        Some((last, before)) => {
            before.iter().all(|w| particle(w))
                && last.chars().next().is_some_and(char::is_alphabetic)
                && !initials(last)
        }
        None => false,
    }
}

/// A family name of several capitalised words before initials: "Lew Yan Voon, L. C.",
/// "Harnow Klausen, S.".
fn several_words_family(p: &str) -> bool {
    let words: Vec<&str> = p.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && !initials(w) && !w.ends_with('.')
        })
}

/// Given names after an inverted family name: initials, or up to three capitalised words
/// ("Gerald L.", "Tae-hwan", "Mary Ann").
fn given_like(p: &str) -> bool {
    if initials(p) {
        return true;
    }
    let mut words: Vec<&str> = p.split_whitespace().collect();
    while words.len() > 1 && words.last().is_some_and(|w| PARTICLES.contains(w)) {
        words.pop();
    }
    !words.is_empty()
        && words.len() <= 3
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with(':'))
        && !words.iter().any(|w| is_suffix(w))
}

fn is_suffix(p: &str) -> bool {
    matches!(p, "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV")
}

/// "van Treeck" -> ("van", "Treeck"); a capitalised particle stays in the family name as
/// BibTeX reads it ("La Rosa" -> ("", "La Rosa")).
fn split_particles(p: &str) -> (&str, &str) {
    let words: Vec<&str> = p.split_whitespace().collect();
    let lower = words
        .iter()
        .take(words.len().saturating_sub(1))
        .take_while(|w| starts_lowercase(w))
        .count();
    if lower == 0 {
        return ("", p.trim());
    }
    let first_family = words[lower];
    let cut = p.find(first_family).unwrap_or(0);
    (p[..cut].trim(), p[cut..].trim())
}

/// The same for words: (lowercase words first, the rest).
fn split_particles_words(words: &[&str]) -> (String, String) {
    let lower = words
        .iter()
        .take(words.len().saturating_sub(1))
        .take_while(|w| starts_lowercase(w))
        .count();
    (words[..lower].join(" "), words[lower..].join(" "))
}

/// A name particle, lowercase ("van") or capitalised ("Van", "Di", "La"; not one letter).
fn particle(w: &str) -> bool {
    PARTICLES.contains(&w)
        || matches!(
            w,
            "Van"
                | "Von"
                | "De"
                | "Di"
                | "Da"
                | "Du"
                | "Del"
                | "Della"
                | "La"
                | "Le"
                | "Ter"
                | "Ten"
        )
}

/// A lowercase word that is not an initial ("a." is one, in lowercased data).
fn starts_lowercase(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
        && !(w.chars().count() == 2 && w.ends_with('.'))
}
