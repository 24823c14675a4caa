//! Scoring a cited title against a candidate's titles.
//!
//! Owns: splitting a cited title into main title and subtitle, and the title score: token F1
//! of content words weighted towards the main title, a floor for shortened titles, and a check
//! of the years a title names. Does not own: tokens, stop-words and F1 themselves
//! (`normalize`), nor how the title score weighs against other fields (`resolve`).
//!
//! Why token F1 and not edit distance: whole-string metrics rank a short, wrong title that
//! shares the cited words ("The U.S.-Korea Experience") above the right one with a subtitle
//! ("The US Military Experience in Korea, 1871-1982: In the Vanguard ..."). F1 over content
//! words, taken against the main title first, puts the right one ahead.

use super::normalize::{content_tokens, normalize, token_f1};

/// Four-digit years (1000 to 2099) among the tokens.
pub fn years(tokens: &[String]) -> Vec<i32> {
    tokens
        .iter()
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse::<i32>().ok())
        .filter(|y| (1000..2100).contains(y))
        .collect()
}

/// The main title of a cited title: the part before the first colon, and whether a subtitle
/// followed it.
pub fn split_main(title: &str) -> (&str, bool) {
    match title.split_once(':') {
        Some((main, sub)) if !sub.trim().is_empty() => (main.trim(), true),
        _ => (title.trim(), false),
    }
}

/// Weight of the main title when the citation gives a subtitle too: the main title is what
/// identifies a work, subtitles get shortened, reworded or dropped.
const MAIN_WEIGHT: f64 = 0.7;
/// Share of the remaining distance to 1 added when every year in the cited title is in the
/// candidate's title ("1871-1982"): years pin an edition or a period.
const YEAR_AGREE: f64 = 0.25;
/// Least score of a cited title made of the first two or more words of the main title.
const SHORT_BASE: f64 = 0.85;
/// Subtracted when a year of the cited title is missing from the candidate's title.
const YEAR_MISSING: f64 = 0.1;

/// How well a cited title matches a candidate's titles, in [0, 1].
///
/// `main` is the candidate's main title, `full` its title with subtitle, `short` its
/// `shorttitle`. The score is the token F1 of the content words:
/// - a cited title with a subtitle: `0.7 * F1(cited main, main) + 0.3 * F1(cited, full)`, or
///   `F1(cited, full)` when that is higher (the two split the title differently);
/// - a cited title without one: the best of F1 against `main`, `full` and `short`, since short
///   forms drop subtitles by design, and at least `0.85 + 0.15 * F1(cited, main)` when it is
///   the first two or more words of the main title (a shortened title);
///
/// then moved towards 1 by a quarter of the gap when all years the cited title names are in
/// the full title, or lowered by 0.1 when one is missing.
pub fn title_score(cited: &str, main: &str, full: &str, short: Option<&str>) -> f64 {
    let main = if main.trim().is_empty() { full } else { main };
    let short = short.map(content_tokens);
    let words = TitleWords::new(cited);
    words
        .score(
            &content_tokens(main),
            &content_tokens(full),
            short.as_deref(),
        )
        .score
}

/// A cited title tokenised once, to be scored against many candidates.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleWords {
    /// Content words of the whole cited title.
    pub words: Vec<String>,
    /// Content words of its main title (before the colon).
    pub main: Vec<String>,
    /// Whether a subtitle followed the main title.
    pub has_sub: bool,
}

/// A title score and which of the candidate's titles the cited title is nearer to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TitleScore {
    /// The score of [`title_score`].
    pub score: f64,
    /// True when the cited title is to be read against the full title (it has a subtitle, or
    /// agrees better with the full title than with the main title).
    pub nearer_full: bool,
}

impl TitleWords {
    /// Tokenises a cited title.
    pub fn new(cited: &str) -> Self {
        let (main, has_sub) = split_main(cited);
        TitleWords {
            words: content_tokens(cited),
            main: content_tokens(main),
            has_sub,
        }
    }

    /// [`title_score`] against a candidate's content words: `main` and `full` titles, and
    /// `short` title if any.
    pub fn score(&self, main: &[String], full: &[String], short: Option<&[String]>) -> TitleScore {
        let s_full = token_f1(&self.words, full);
        let s_main = token_f1(&self.main, main);
        let mut score = if self.has_sub {
            (MAIN_WEIGHT * s_main + (1.0 - MAIN_WEIGHT) * s_full).max(s_full)
        } else {
            let s_short = short.map_or(0.0, |s| token_f1(&self.words, s));
            // The first words of the main title are how a short title is made; F1 alone would
            // punish the shortening.
            let s_prefix = if self.words.len() >= 2 && main.starts_with(&self.words) {
                SHORT_BASE + (1.0 - SHORT_BASE) * s_main
            } else {
                0.0
            };
            s_main.max(s_full).max(s_short).max(s_prefix)
        };
        let cited_years = years(&self.words);
        if !cited_years.is_empty() {
            let cand_years = years(full);
            if cited_years.iter().all(|y| cand_years.contains(y)) {
                score += YEAR_AGREE * (1.0 - score);
            } else {
                score -= YEAR_MISSING;
            }
        }
        TitleScore {
            score: score.clamp(0.0, 1.0),
            nearer_full: self.has_sub || s_full > s_main,
        }
    }
}

/// Character similarity of two normalised texts: only for breaking ties between equal
/// token scores.
pub fn char_similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(&normalize(a), &normalize(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FINLEY_MAIN: &str = "The US Military Experience in Korea, 1871-1982";
    const FINLEY_FULL: &str =
        "The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations";
    const HISTORY_MAIN: &str = "The History of the ROK-US Alliance";
    const HISTORY_FULL: &str = "The History of the ROK-US Alliance: 1953-2013";
    const SHIN_FULL: &str = "One Alliance, Two Lenses: US-Korea Relations in a New Era";
    const Q: &str = "The U.S. Experience in Korea, 1871-1982";

    /// (cited, candidate main, candidate full, lowest acceptable score, highest acceptable)
    #[test]
    #[rustfmt::skip]
    fn title_scores() {
        let cases: &[(&str, &str, &str, f64, f64)] = &[
            (Q, FINLEY_MAIN, FINLEY_FULL, 0.90, 0.95),
            (Q, "The U.S.-Korea Experience", "The U.S.-Korea Experience", 0.6, 0.7),
            (Q, "Korea and the United States, 1871-1982", "Korea and the United States, 1871-1982", 0.65, 0.75),
            (Q, HISTORY_MAIN, HISTORY_FULL, 0.0, 0.2),
            ("The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations", FINLEY_MAIN, FINLEY_FULL, 0.94, 0.97),
            (HISTORY_FULL, HISTORY_MAIN, HISTORY_FULL, 1.0, 1.0),
            (HISTORY_MAIN, HISTORY_MAIN, HISTORY_FULL, 1.0, 1.0),
            ("The History of the ROK-US Alliance: 1953-2012", HISTORY_MAIN, HISTORY_FULL, 0.75, 0.86),
            ("One Alliance, Two Lenses", "One Alliance, Two Lenses", SHIN_FULL, 1.0, 1.0),
            ("One Alliance, Two Lenses: US-Korea Relations", "One Alliance, Two Lenses", SHIN_FULL, 0.95, 0.99),
            ("US-Korean Security Relations since 1945", "US-Korean Security Relations since 1945", "US-Korean Security Relations since 1945", 1.0, 1.0),
            ("US Korean Relations", "US Korean Relations 1882-1982", "US Korean Relations 1882-1982", 0.96, 0.97),
            ("US Military Experience", FINLEY_MAIN, FINLEY_FULL, 0.95, 0.95),
            ("Military Experience in Korea", FINLEY_MAIN, FINLEY_FULL, 0.66, 0.67),
            ("US", FINLEY_MAIN, FINLEY_FULL, 0.28, 0.29),
        ];
        for (cited, main, full, lo, hi) in cases {
            let got = title_score(cited, main, full, None);
            assert!(*lo <= got && got <= *hi, "{cited:?} vs {main:?}: {got}");
        }
    }

    #[test]
    fn notes_ranking_holds() {
        let right = title_score(Q, FINLEY_MAIN, FINLEY_FULL, None);
        for wrong in [
            "The U.S.-Korea Experience",
            "Korea and the United States, 1871-1982",
        ] {
            let s = title_score(Q, wrong, wrong, None);
            assert!(
                right - s > 0.15,
                "{wrong:?} scores {s}, too close to {right}"
            );
        }
    }

    #[test]
    fn short_title_is_used_for_short_citations() {
        assert!(title_score("ROK-US Alliance", HISTORY_FULL, HISTORY_FULL, None) < 0.8);
        let short = title_score(
            "ROK-US Alliance",
            HISTORY_FULL,
            HISTORY_FULL,
            Some("ROK-US Alliance"),
        );
        assert_eq!(short, 1.0);
    }
}
