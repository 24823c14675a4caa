//! "Did you mean": the known names closest to one the user typed (a citation key, a claim id,
//! a document path), for error messages. Closeness is Jaro-Winkler similarity on lowercased
//! text, as clap uses for misspelt subcommands: typos and dropped letters near the start
//! (`finly1983` for `finley1983`) score high, unrelated names low.

/// Below this similarity a name is not offered (clap's threshold is 0.7; names here are short
/// and alike — `smith2010`, `smith2012` — so a stricter one keeps the hint useful).
const THRESHOLD: f64 = 0.8;

/// Offered at most.
const MAX: usize = 3;

/// The known names most like `typed`, best first (at most three; none when nothing is close).
/// An exact match ignoring case comes first.
pub fn closest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let want = typed.to_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&want, &k.to_lowercase()), k))
        .filter(|(s, k)| *s >= THRESHOLD && *k != typed)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(MAX).map(|(_, k)| k).collect()
}

/// The known ids one typo away from `typed` (a digit changed, added, dropped or two swapped:
/// `c23` for `c32`), at most three, in the order given. Numbers have no spelling, so
/// similarity as [`closest`] measures it would offer `c9` for `c9999`.
pub fn one_typo_away<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let want = typed.to_lowercase();
    known
        .into_iter()
        .filter(|k| strsim::damerau_levenshtein(&want, &k.to_lowercase()) == 1)
        .take(MAX)
        .collect()
}

/// `"; did you mean finley1983?"`, `"; did you mean a, b or c?"`, or `""`: to append to a
/// message that something is unknown.
pub fn hint(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        [init @ .., last] => format!("; did you mean {} or {last}?", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_offered_best_first() {
        let keys = [
            "finley1983",
            "history2014",
            "curtis1983",
            "kwan1982",
            "paik1990",
            "shin2010",
        ];
        // (typed, offered)
        let cases: &[(&str, &[&str])] = &[
            ("finly1983", &["finley1983"]),
            ("Finley1983", &["finley1983"]),
            ("finley1938", &["finley1983"]),
            ("shin2011", &["shin2010"]),
            ("curtis", &["curtis1983"]),
            ("nokey", &[]),
            ("nguyen2001", &[]),
            ("", &[]),
        ];
        for (typed, want) in cases {
            assert_eq!(&closest(typed, keys)[..], *want, "{typed}");
        }
    }

    #[test]
    fn at_most_three_and_never_the_name_itself() {
        let keys = ["c21", "c22", "c23", "c24", "c2"];
        let got = closest("c2", keys);
        assert!(got.len() <= 3, "{got:?}");
        assert!(!got.contains(&"c2"));
    }

    #[test]
    fn ids_one_typo_away() {
        let ids: Vec<String> = (1..=75).map(|n| format!("c{n}")).collect();
        let ids = || ids.iter().map(String::as_str);
        assert_eq!(one_typo_away("c9999", ids()), Vec::<&str>::new());
        assert_eq!(one_typo_away("c76", ids()), ["c6", "c7", "c16"]);
        assert_eq!(one_typo_away("c223", ids()), ["c22", "c23"]);
        assert_eq!(one_typo_away("C7", ids()), ["c1", "c2", "c3"]);
    }

    #[test]
    fn hints_read_as_a_sentence() {
        assert_eq!(hint(&[]), "");
        assert_eq!(hint(&["a"]), "; did you mean a?");
        assert_eq!(hint(&["a", "b"]), "; did you mean a or b?");
        assert_eq!(hint(&["a", "b", "c"]), "; did you mean a, b or c?");
    }
}
