//! Which words before a full stop are abbreviations, and which words may open a sentence.
//!
//! Owns the English word lists the segmenter consults and a project's extra abbreviations. It
//! does not look at text positions: `sentence.rs` hands it a word and acts on the answer.

use std::collections::HashSet;

/// How a word written with a full stop behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbrev {
    /// Not an abbreviation: the full stop ends the sentence unless the next word is lowercase.
    Word,
    /// Always followed by something it qualifies ("Dr. Rhee", "e.g. at", "USS Ticonderoga"):
    /// never a sentence end.
    Prefix,
    /// May end a sentence ("in the U.S. The war", "Apple Inc. It") or not ("U.S. Army",
    /// "James P. Finley"): a sentence ends only when a common sentence opener follows.
    Ambiguous,
    /// "No." is also an English word: it is an abbreviation only before a number ("No. 5").
    BeforeNumber,
}

/// Titles, ship prefixes and Latin connectives: none of them ends an English sentence.
/// The ship prefixes are here rather than in a project list because "USS"/"HMS" always precede
/// a ship's name, so the example essay's "USS. Ticonderoga" splits right with no options.
#[rustfmt::skip]
const PREFIXES: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "lt", "col", "capt", "cpt", "cmdr", "cdr", "sgt",
    "cpl", "pvt", "maj", "adm", "brig", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp",
    "messrs", "mme", "mlle", "uss", "hms", "hmas", "hmcs", "e.g", "eg", "i.e", "ie", "cf", "viz",
    "vs", "ca", "approx", "esp", "incl", "resp",
];

/// Abbreviations that are also commonly the last word of a sentence.
#[rustfmt::skip]
const AMBIGUOUS: &[&str] = &[
    "etc", "inc", "ltd", "co", "corp", "jr", "sr", "al", "st", "mt", "ft", "ave", "blvd", "rd",
    "dept", "univ", "assn", "bros", "govt", "intl", "natl", "dist", "div", "mfg", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vol", "vols", "pp",
    "ed", "eds", "trans", "repr", "ser", "ch", "chap", "sec", "sect", "art", "para", "paras", "pt",
    "fig", "figs", "est", "ibid", "op", "cit", "loc", "id", "hr", "hrs", "yr", "yrs", "mo", "mos",
    "ff", "cent", "ph.d", "u.s.a",
];

/// Words that commonly open an English sentence. After an ambiguous abbreviation a sentence
/// ends only before one of these, capitalised ("in the U.S. The war" splits, "U.S. Army" not).
#[rustfmt::skip]
const STARTERS: &[&str] = &[
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those",
    "there", "then", "thus", "however", "but", "and", "or", "so", "yet", "in", "on", "at", "for",
    "from", "by", "with", "after", "before", "during", "since", "while", "when", "where", "what",
    "who", "why", "how", "if", "although", "though", "as", "his", "her", "its", "their", "our",
    "my", "one", "some", "many", "most", "all", "each", "both", "not", "even", "also", "still",
    "such", "today", "later", "finally", "first", "second", "third", "moreover", "furthermore",
    "meanwhile", "instead", "indeed", "nevertheless", "therefore", "hence", "consequently",
    "unfortunately", "fortunately", "despite", "because", "to", "of", "over", "under", "rather",
    "only", "once", "now", "here", "other", "another", "every", "any", "few", "more", "much", "let",
    "is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "would", "should",
    "might", "must", "according", "unlike", "like", "until", "within", "without", "between",
    "among", "about", "through", "throughout", "whether", "which", "nor", "neither", "either",
    "yes", "no", "again", "besides", "similarly", "likewise", "overall",
];

/// The abbreviation lists, with a project's extras merged in.
#[derive(Debug, Clone)]
pub(crate) struct Abbreviations {
    prefixes: HashSet<&'static str>,
    ambiguous: HashSet<String>,
    starters: HashSet<&'static str>,
}

impl Abbreviations {
    /// The defaults plus `extra` ("USS", "Ltd." or "ltd": case and a final dot do not matter).
    /// Extras are ambiguous: a project abbreviation still ends a sentence before "The", "He"...
    pub(crate) fn new(extra: &[String]) -> Self {
        let mut ambiguous: HashSet<String> = AMBIGUOUS.iter().map(|s| s.to_string()).collect();
        ambiguous.extend(
            extra
                .iter()
                .map(|a| a.trim().trim_end_matches('.').to_lowercase())
                .filter(|a| !a.is_empty()),
        );
        Abbreviations {
            prefixes: PREFIXES.iter().copied().collect(),
            ambiguous,
            starters: STARTERS.iter().copied().collect(),
        }
    }

    /// Classifies `word`, the token written just before a full stop (without that stop).
    pub(crate) fn classify(&self, word: &str) -> Abbrev {
        let lower = word.to_lowercase();
        if self.prefixes.contains(lower.as_str()) {
            return Abbrev::Prefix;
        }
        if lower == "no" || lower == "nos" {
            return Abbrev::BeforeNumber;
        }
        if self.ambiguous.contains(&lower) || is_initial(word) || is_dotted(word) {
            return Abbrev::Ambiguous;
        }
        Abbrev::Word
    }

    /// True when `word` (as written) is a capitalised common sentence opener.
    pub(crate) fn is_starter(&self, word: &str) -> bool {
        word.chars().next().is_some_and(char::is_uppercase)
            && self.starters.contains(word.to_lowercase().as_str())
    }
}

/// A single letter: an initial ("James P. Finley") or a page/figure letter ("p. 4").
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
}

/// Letters in short groups joined by dots: "U.S", "a.m", "D.C", "Ph.D". A domain name such as
/// "example.com" has a long group and is a plain word.
fn is_dotted(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            (1..=3).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_words() {
        let a = Abbreviations::new(&["USN".to_string(), " Ltd. ".to_string()]);
        #[rustfmt::skip]
        let cases: &[(&str, Abbrev)] = &[
            ("Dr", Abbrev::Prefix),
            ("Gen", Abbrev::Prefix),
            ("e.g", Abbrev::Prefix),
            ("USS", Abbrev::Prefix),
            ("U.S", Abbrev::Ambiguous),
            ("Ph.D", Abbrev::Ambiguous),
            ("P", Abbrev::Ambiguous),
            ("al", Abbrev::Ambiguous),
            ("Inc", Abbrev::Ambiguous),
            ("USN", Abbrev::Ambiguous),
            ("ltd", Abbrev::Ambiguous),
            ("No", Abbrev::BeforeNumber),
            ("war", Abbrev::Word),
            ("1,000", Abbrev::Word),
            ("example.com", Abbrev::Word),
            ("ROK", Abbrev::Word),
            ("", Abbrev::Word),
        ];
        for (word, want) in cases {
            assert_eq!(a.classify(word), *want, "{word:?}");
        }
    }

    #[test]
    fn starters_must_be_capitalised() {
        let a = Abbreviations::new(&[]);
        #[rustfmt::skip]
        let cases: &[(&str, bool)] = &[
            ("The", true),
            ("the", false),
            ("Army", false),
            ("In", true),
            ("Finley", false),
            ("", false),
        ];
        for (word, want) in cases {
            assert_eq!(a.is_starter(word), *want, "{word:?}");
        }
    }
}
